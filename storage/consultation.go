package storage

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"danchu"
)

var _ danchu.ConsultationService = (*DB)(nil)

type consultationRow struct {
	ID           int64      `db:"id"`
	Title        string     `db:"title"`
	Kind         string     `db:"kind"`
	Summary      string     `db:"summary"`
	DocumentID   string     `db:"document_id"`
	DocumentName string     `db:"document_name"`
	Audience     string     `db:"audience"`
	OpensAt      timestamp  `db:"opens_at"`
	ClosesAt     timestamp  `db:"closes_at"`
	CreatedBy    int64      `db:"created_by"`
	CreatedAt    timestamp  `db:"created_at"`
	ClosedAt     *timestamp `db:"closed_at"`
	Result       string     `db:"result"`
	PublishedAt  *timestamp `db:"published_at"`
	PublishedBy  int64      `db:"published_by"`
}

const consultationColumns = `id, title, kind, summary, document_id, document_name, audience, opens_at, closes_at,
	created_by, created_at, closed_at, result, published_at, published_by`

func (r *consultationRow) consultation() (*danchu.Consultation, error) {
	c := &danchu.Consultation{ID: r.ID, Title: r.Title, Kind: danchu.ConsultationKind(r.Kind), Summary: r.Summary,
		DocumentID: r.DocumentID, DocumentName: r.DocumentName, OpensAt: r.OpensAt.Time(), ClosesAt: r.ClosesAt.Time(),
		CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.Time(), ClosedAt: r.ClosedAt.TimePtr(), Result: r.Result,
		PublishedAt: r.PublishedAt.TimePtr(), PublishedBy: r.PublishedBy}
	if err := decodeAudience(r.Audience, &c.Audience); err != nil {
		return nil, err
	}
	return c, nil
}

func (db *DB) consultations(ctx context.Context, op, where string, args ...any) ([]*danchu.Consultation, error) {
	var rows []consultationRow
	if err := db.sel(ctx, &rows, `SELECT `+consultationColumns+` FROM consultations WHERE `+where, args...); err != nil {
		return nil, internal(op, err)
	}
	out := make([]*danchu.Consultation, len(rows))
	for i := range rows {
		c, err := rows[i].consultation()
		if err != nil {
			return nil, internal(op, err)
		}
		out[i] = c
	}
	return out, nil
}

// CreateConsultation stores c (danchu.ConsultationService).
func (db *DB) CreateConsultation(ctx context.Context, c *danchu.Consultation) error {
	const op = "storage.CreateConsultation"
	if strings.TrimSpace(c.Title) == "" || !c.Kind.Valid() {
		return invalid(op, "a consultation needs a title and a kind")
	}
	if c.CreatedAt.IsZero() {
		c.CreatedAt = db.now()
	}
	audience, err := encodeAudience(c.Audience)
	if err != nil {
		return internal(op, err)
	}
	err = db.update(ctx, func(tx *sqlx.Tx) error {
		return tx.GetContext(ctx, &c.ID, db.rebind(`
			INSERT INTO consultations (title, kind, summary, document_id, document_name, audience, opens_at, closes_at,
				created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			c.Title, string(c.Kind), c.Summary, c.DocumentID, c.DocumentName, audience, ts(c.OpensAt), ts(c.ClosesAt),
			c.CreatedBy, ts(c.CreatedAt))
	})
	if err != nil {
		return internal(op, err)
	}
	c.CreatedAt = normTime(c.CreatedAt)
	return nil
}

// FindConsultation returns ENOTFOUND when there is no such consultation.
func (db *DB) FindConsultation(ctx context.Context, id int64) (*danchu.Consultation, error) {
	const op = "storage.FindConsultation"
	list, err := db.consultations(ctx, op, `id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, notFound(op, "no such consultation")
	}
	return list[0], nil
}

// ListConsultations lists those closing, or published, at or after since.
func (db *DB) ListConsultations(ctx context.Context, since time.Time) ([]*danchu.Consultation, error) {
	return db.consultations(ctx, "storage.ListConsultations", `closes_at >= ? OR published_at >= ? ORDER BY id DESC`,
		ts(since), ts(since))
}

// AddComment stores a comment while the consultation is open.
func (db *DB) AddComment(ctx context.Context, c *danchu.Comment) error {
	const op = "storage.AddComment"
	c.Text = strings.TrimSpace(c.Text)
	if c.Text == "" || len([]rune(c.Text)) > danchu.MaxComment {
		return invalid(op, "a comment needs a text")
	}
	if c.At.IsZero() {
		c.At = db.now()
	}
	err := db.update(ctx, func(tx *sqlx.Tx) error {
		var row consultationRow
		err := tx.GetContext(ctx, &row, db.rebind(`SELECT `+consultationColumns+` FROM consultations WHERE id = ?`), c.ConsultationID)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound(op, "no such consultation")
		}
		if err != nil {
			return err
		}
		cons, err := row.consultation()
		if err != nil {
			return err
		}
		if !cons.OpenAt(c.At) {
			return invalid(op, "the consultation is not open")
		}
		return tx.GetContext(ctx, &c.ID, db.rebind(`
			INSERT INTO comments (consultation_id, resident_id, neighbourhood, text, at) VALUES (?, ?, ?, ?, ?) RETURNING id`),
			c.ConsultationID, nullID(c.ResidentID), c.Neighbourhood, c.Text, ts(c.At))
	})
	if err != nil {
		return internal(op, err)
	}
	c.At = normTime(c.At)
	return nil
}

// Comments lists the comments of a consultation, oldest first.
func (db *DB) Comments(ctx context.Context, consultationID int64) ([]*danchu.Comment, error) {
	return db.comments(ctx, "storage.Comments", `c.consultation_id = ? ORDER BY c.at, c.id`, consultationID)
}

// CommentsBy lists a resident's comments, oldest first.
func (db *DB) CommentsBy(ctx context.Context, residentID int64) ([]*danchu.Comment, error) {
	return db.comments(ctx, "storage.CommentsBy", `c.resident_id = ? ORDER BY c.at, c.id`, residentID)
}

func (db *DB) comments(ctx context.Context, op, where string, args ...any) ([]*danchu.Comment, error) {
	var rows []struct {
		ID             int64         `db:"id"`
		ConsultationID int64         `db:"consultation_id"`
		ResidentID     sql.NullInt64 `db:"resident_id"`
		Name           string        `db:"full_name"`
		Neighbourhood  string        `db:"neighbourhood"`
		Text           string        `db:"text"`
		At             timestamp     `db:"at"`
	}
	if err := db.sel(ctx, &rows, `SELECT c.id, c.consultation_id, c.resident_id, COALESCE(r.full_name, '') AS full_name,
		c.neighbourhood, c.text, c.at FROM comments c LEFT JOIN residents r ON r.id = c.resident_id
		WHERE `+where, args...); err != nil {
		return nil, internal(op, err)
	}
	out := make([]*danchu.Comment, len(rows))
	for i, r := range rows {
		out[i] = &danchu.Comment{ID: r.ID, ConsultationID: r.ConsultationID, ResidentID: r.ResidentID.Int64, Name: r.Name,
			Neighbourhood: r.Neighbourhood, Text: r.Text, At: r.At.Time()}
	}
	return out, nil
}

// ConsultationsToClose lists those past their closing whose close is not
// recorded.
func (db *DB) ConsultationsToClose(ctx context.Context, now time.Time) ([]*danchu.Consultation, error) {
	return db.consultations(ctx, "storage.ConsultationsToClose", `closed_at IS NULL AND closes_at < ? ORDER BY id`, ts(now))
}

// MarkConsultationClosed records the close once.
func (db *DB) MarkConsultationClosed(ctx context.Context, id int64, at time.Time) (bool, error) {
	return db.markOnce(ctx, "storage.MarkConsultationClosed", "consultations", "closed_at", id, at)
}

// PublishResult stores the summary of the comments once, after the close.
func (db *DB) PublishResult(ctx context.Context, id int64, result string, by int64, at time.Time) error {
	const op = "storage.PublishResult"
	result = strings.TrimSpace(result)
	if result == "" {
		return invalid(op, "the summary needs a text")
	}
	err := db.update(ctx, func(tx *sqlx.Tx) error {
		var row consultationRow
		err := tx.GetContext(ctx, &row, db.rebind(`SELECT `+consultationColumns+` FROM consultations WHERE id = ?`), id)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound(op, "no such consultation")
		}
		if err != nil {
			return err
		}
		switch {
		case row.PublishedAt != nil:
			return conflict(op, "the summary is published already")
		case !at.After(row.ClosesAt.Time()):
			return invalid(op, "the consultation has not closed yet")
		}
		_, err = tx.ExecContext(ctx, db.rebind(`UPDATE consultations SET result = ?, published_at = ?, published_by = ? WHERE id = ?`),
			result, ts(at), by, id)
		return err
	})
	return internal(op, err)
}
