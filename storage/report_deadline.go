package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"danchu"
)

var _ danchu.ReportDeadlineService = (*DB)(nil)

type reportDeadlineRow struct {
	ID          int64     `db:"id"`
	Title       string    `db:"title"`
	Due         timestamp `db:"due"`
	PeriodFrom  timestamp `db:"period_from"`
	Responsible string    `db:"responsible"`
	CreatedBy   int64     `db:"created_by"`
	CreatedAt   timestamp `db:"created_at"`
}

const reportDeadlineColumns = `id, title, due, period_from, responsible, created_by, created_at`

// deadline returns the row in the unit's time zone (db.Location), so that
// Due is the midnight it was stored as.
func (db *DB) deadline(r *reportDeadlineRow) (*danchu.ReportDeadline, error) {
	loc := db.Location
	if loc == nil {
		loc = time.UTC
	}
	d := &danchu.ReportDeadline{ID: r.ID, Key: danchu.ReportKeyAdHoc, Period: strconv.FormatInt(r.ID, 10),
		Title: r.Title, Due: r.Due.Time().In(loc), From: r.PeriodFrom.Time().In(loc),
		CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.Time()}
	if err := json.Unmarshal([]byte(r.Responsible), &d.Responsible); err != nil {
		return nil, fmt.Errorf("report deadline %d: decode responsible: %w", r.ID, err)
	}
	if len(d.Responsible) == 0 {
		d.Responsible = nil
	}
	return d, nil
}

// CreateReportDeadline stores an ad hoc deadline and sets its ID, Key,
// Period and, when zero, CreatedAt and From (1 January of the due year).
// EINVALID without a title or a due day.
func (db *DB) CreateReportDeadline(ctx context.Context, d *danchu.ReportDeadline) error {
	const op = "storage.CreateReportDeadline"
	d.Title = strings.TrimSpace(d.Title)
	if d.Title == "" || d.Due.IsZero() {
		return invalid(op, "a report deadline needs a title and a due day")
	}
	if d.CreatedAt.IsZero() {
		d.CreatedAt = db.now()
	}
	if d.From.IsZero() {
		d.From = time.Date(d.Due.Year(), time.January, 1, 0, 0, 0, 0, d.Due.Location())
	}
	responsible := d.Responsible
	if responsible == nil {
		responsible = []int64{}
	}
	raw, err := json.Marshal(responsible)
	if err != nil {
		return internal(op, err)
	}
	var id int64
	err = db.update(ctx, func(tx *sqlx.Tx) error {
		return tx.GetContext(ctx, &id, db.rebind(`
			INSERT INTO report_deadlines (title, due, period_from, responsible, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`),
			d.Title, ts(d.Due), ts(d.From), string(raw), d.CreatedBy, ts(d.CreatedAt))
	})
	if err != nil {
		return internal(op, err)
	}
	d.ID, d.Key, d.Period = id, danchu.ReportKeyAdHoc, strconv.FormatInt(id, 10)
	d.CreatedAt = normTime(d.CreatedAt)
	return nil
}

// FindReportDeadline returns an ad hoc deadline; ENOTFOUND when absent.
func (db *DB) FindReportDeadline(ctx context.Context, id int64) (*danchu.ReportDeadline, error) {
	const op = "storage.FindReportDeadline"
	var row reportDeadlineRow
	err := db.get(ctx, &row, `SELECT `+reportDeadlineColumns+` FROM report_deadlines WHERE id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(op, "no such report deadline")
	}
	if err != nil {
		return nil, internal(op, err)
	}
	d, err := db.deadline(&row)
	return d, internal(op, err)
}

// ReportDeadlines lists the ad hoc deadlines due in [from, to), by due day
// then id; a zero bound is open.
func (db *DB) ReportDeadlines(ctx context.Context, from, to time.Time) ([]*danchu.ReportDeadline, error) {
	const op = "storage.ReportDeadlines"
	q := `SELECT ` + reportDeadlineColumns + ` FROM report_deadlines WHERE 1 = 1`
	var args []any
	if !from.IsZero() {
		q += ` AND due >= ?`
		args = append(args, ts(ceilMicro(from)))
	}
	if !to.IsZero() {
		q += ` AND due < ?`
		args = append(args, ts(ceilMicro(to)))
	}
	var rows []reportDeadlineRow
	if err := db.sel(ctx, &rows, q+` ORDER BY due, id`, args...); err != nil {
		return nil, internal(op, err)
	}
	out := make([]*danchu.ReportDeadline, len(rows))
	for i := range rows {
		d, err := db.deadline(&rows[i])
		if err != nil {
			return nil, internal(op, err)
		}
		out[i] = d
	}
	return out, nil
}

type reportSubmissionRow struct {
	Key         string    `db:"report_key"`
	Period      string    `db:"period"`
	ResidentID  int64     `db:"resident_id"`
	SubmittedAt timestamp `db:"submitted_at"`
}

func (r *reportSubmissionRow) submission() *danchu.ReportSubmission {
	return &danchu.ReportSubmission{Key: r.Key, Period: r.Period, ResidentID: r.ResidentID, SubmittedAt: r.SubmittedAt.Time()}
}

// SubmitReport records s and its audit entry in one transaction; when the
// period was submitted already, the stored submission is returned with
// created false and nothing is written. A zero SubmittedAt means now.
// EINVALID without a key and a period.
func (db *DB) SubmitReport(ctx context.Context, s danchu.ReportSubmission) (*danchu.ReportSubmission, bool, error) {
	const op = "storage.SubmitReport"
	if s.Key == "" || s.Period == "" {
		return nil, false, invalid(op, "a submission names a report and a period")
	}
	if s.SubmittedAt.IsZero() {
		s.SubmittedAt = db.now()
	}
	var created bool
	var row reportSubmissionRow
	err := db.update(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`
			INSERT INTO report_submissions (report_key, period, resident_id, submitted_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (report_key, period) DO NOTHING`),
			s.Key, s.Period, s.ResidentID, ts(s.SubmittedAt))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if created = n == 1; created {
			if _, err := tx.ExecContext(ctx, db.rebind(`
				INSERT INTO audit_log (at, actor_id, action, subject, detail) VALUES (?, ?, ?, ?, ?)`),
				ts(s.SubmittedAt), s.ResidentID, "report.submitted", "report:"+s.Key+":"+s.Period, ""); err != nil {
				return err
			}
		}
		return tx.GetContext(ctx, &row, db.rebind(`
			SELECT report_key, period, resident_id, submitted_at FROM report_submissions
			WHERE report_key = ? AND period = ?`), s.Key, s.Period)
	})
	if err != nil {
		return nil, false, internal(op, err)
	}
	return row.submission(), created, nil
}

// FindReportSubmission returns ENOTFOUND when the period was not submitted.
func (db *DB) FindReportSubmission(ctx context.Context, key, period string) (*danchu.ReportSubmission, error) {
	const op = "storage.FindReportSubmission"
	var row reportSubmissionRow
	err := db.get(ctx, &row, `SELECT report_key, period, resident_id, submitted_at FROM report_submissions
		WHERE report_key = ? AND period = ?`, key, period)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(op, "the report was not submitted")
	}
	if err != nil {
		return nil, internal(op, err)
	}
	return row.submission(), nil
}
