package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"danchu"
)

var _ danchu.NoticeService = (*DB)(nil)

type noticeRow struct {
	ID          int64         `db:"id"`
	SenderID    sql.NullInt64 `db:"sender_id"`
	Audience    string        `db:"audience"`
	Text        string        `db:"text"`
	Attachments string        `db:"attachments"`
	MeetingAt   *timestamp    `db:"meeting_at"`
	Place       string        `db:"place"`
	Agenda      string        `db:"agenda"`
	BroadcastID int64         `db:"broadcast_id"`
	CreatedAt   timestamp     `db:"created_at"`
}

const noticeColumns = `id, sender_id, audience, text, attachments, meeting_at, place, agenda, broadcast_id, created_at`

func (r *noticeRow) notice() (*danchu.Notice, error) {
	n := &danchu.Notice{ID: r.ID, SenderID: r.SenderID.Int64, Text: r.Text, BroadcastID: r.BroadcastID,
		CreatedAt: r.CreatedAt.Time()}
	if err := decodeAudience(r.Audience, &n.Audience); err != nil {
		return nil, fmt.Errorf("notice %d: %w", r.ID, err)
	}
	atts, err := decodeAttachments(r.Attachments)
	if err != nil {
		return nil, fmt.Errorf("notice %d: %w", r.ID, err)
	}
	n.Attachments = atts
	if r.MeetingAt != nil {
		n.Meeting = &danchu.Meeting{At: r.MeetingAt.Time(), Place: r.Place, Agenda: r.Agenda}
	}
	return n, nil
}

// PublishNotice stores n, its broadcast b and the messages msgs builds, with
// an audit row, in one transaction. EINVALID for a notice without text (or
// a meeting without an agenda) or audience; ENOTFOUND when the sender is not
// a resident.
func (db *DB) PublishNotice(ctx context.Context, n *danchu.Notice, b *danchu.Broadcast, msgs danchu.BroadcastMessages) error {
	const op = "storage.PublishNotice"
	a := n.Audience
	if strings.TrimSpace(n.Text) == "" && (n.Meeting == nil || strings.TrimSpace(n.Meeting.Agenda) == "") ||
		!a.All && a.Role == "" && len(a.Neighbourhoods) == 0 {
		return invalid(op, "a notice needs a text (or a meeting an agenda) and an audience")
	}
	audience, err := encodeAudience(n.Audience)
	if err != nil {
		return internal(op, err)
	}
	atts, err := encodeAttachments(n.Attachments)
	if err != nil {
		return internal(op, err)
	}
	var meetingAt *time.Time
	var place, agenda string
	if n.Meeting != nil {
		meetingAt, place, agenda = &n.Meeting.At, n.Meeting.Place, n.Meeting.Agenda
	}
	now := db.now()
	err = db.update(ctx, func(tx *sqlx.Tx) error {
		var id int64
		err := tx.GetContext(ctx, &id, db.rebind(`
			INSERT INTO notices (sender_id, audience, text, attachments, meeting_at, place, agenda, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			nullID(n.SenderID), audience, n.Text, atts, tsPtr(meetingAt), place, agenda, ts(now))
		if isForeignKeyViolation(err) {
			return notFound(op, "the sender is not a resident")
		}
		if err != nil {
			return fmt.Errorf("store the notice: %w", err)
		}
		b.Audience = n.Audience
		if err := db.insertBroadcast(ctx, tx, b, id, now, msgs); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, db.rebind(`UPDATE notices SET broadcast_id = ? WHERE id = ?`), b.ID, id); err != nil {
			return err
		}
		n.ID = id
		return nil
	})
	if err != nil {
		return internal(op, err)
	}
	n.BroadcastID, n.CreatedAt = b.ID, now
	if n.Meeting != nil {
		n.Meeting.At = normTime(n.Meeting.At)
	}
	return nil
}

// FindNotice returns ENOTFOUND when there is no such notice.
func (db *DB) FindNotice(ctx context.Context, id int64) (*danchu.Notice, error) {
	const op = "storage.FindNotice"
	var row noticeRow
	err := db.get(ctx, &row, `SELECT `+noticeColumns+` FROM notices WHERE id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(op, "notice not found")
	}
	if err != nil {
		return nil, internal(op, err)
	}
	n, err := row.notice()
	return n, internal(op, err)
}

// RecentNotices lists the notices created at or after since, newest first,
// at most limit.
func (db *DB) RecentNotices(ctx context.Context, since time.Time, limit int) ([]*danchu.Notice, error) {
	const op = "storage.RecentNotices"
	var rows []noticeRow
	if err := db.sel(ctx, &rows, `SELECT `+noticeColumns+` FROM notices WHERE created_at >= ?
		ORDER BY created_at DESC, id DESC LIMIT ?`, ts(since), limit); err != nil {
		return nil, internal(op, err)
	}
	return notices(op, rows)
}

// NoticesBy lists the notices a resident sent, newest first, one page, and
// how many there are.
func (db *DB) NoticesBy(ctx context.Context, senderID int64, offset, limit int) ([]*danchu.Notice, int, error) {
	const op = "storage.NoticesBy"
	var total int
	if err := db.get(ctx, &total, `SELECT COUNT(*) FROM notices WHERE sender_id = ?`, senderID); err != nil {
		return nil, 0, internal(op, err)
	}
	var rows []noticeRow
	if err := db.sel(ctx, &rows, `SELECT `+noticeColumns+` FROM notices WHERE sender_id = ?
		ORDER BY id DESC LIMIT ? OFFSET ?`, senderID, limit, offset); err != nil {
		return nil, 0, internal(op, err)
	}
	list, err := notices(op, rows)
	return list, total, err
}

func notices(op string, rows []noticeRow) ([]*danchu.Notice, error) {
	out := make([]*danchu.Notice, 0, len(rows))
	for i := range rows {
		n, err := rows[i].notice()
		if err != nil {
			return nil, internal(op, err)
		}
		out = append(out, n)
	}
	return out, nil
}

// AnswerMeeting records a resident's answer to a meeting notice, replacing
// an earlier one, with the household they belong to now: one they declared
// whose representative the head confirmed, or none (danchu.MeetingAnswer).
// ENOTFOUND for an unknown notice or resident; EINVALID for a notice without
// a meeting or an unknown answer.
func (db *DB) AnswerMeeting(ctx context.Context, a danchu.MeetingAnswer) error {
	const op = "storage.AnswerMeeting"
	if !slices.Contains(danchu.MeetingAnswers, a.Answer) {
		return invalid(op, "unknown answer to a meeting notice")
	}
	if a.At.IsZero() {
		a.At = db.now()
	}
	return internal(op, db.update(ctx, func(tx *sqlx.Tx) error {
		var meetingAt *timestamp
		err := tx.GetContext(ctx, &meetingAt, db.rebind(`SELECT meeting_at FROM notices WHERE id = ?`), a.NoticeID)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound(op, "notice not found")
		}
		if err != nil {
			return err
		}
		if meetingAt == nil {
			return invalid(op, "the notice announces no meeting")
		}
		// Read in the transaction, so the household is the one of the
		// moment the answer is written.
		var household sql.NullInt64
		err = tx.GetContext(ctx, &household, db.rebind(`SELECT h.id FROM household_members m
			JOIN households h ON h.id = m.household_id
			WHERE m.resident_id = ? AND h.representative_id IS NOT NULL`), a.ResidentID)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		a.HouseholdID = household.Int64
		_, err = tx.ExecContext(ctx, db.rebind(`
			INSERT INTO meeting_answers (notice_id, resident_id, household_id, answer, at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (notice_id, resident_id) DO UPDATE SET answer = excluded.answer, at = excluded.at,
				household_id = excluded.household_id`),
			a.NoticeID, a.ResidentID, nullID(a.HouseholdID), a.Answer, ts(a.At))
		if isForeignKeyViolation(err) {
			return notFound(op, "the resident does not exist")
		}
		return err
	}))
}

// MeetingAnswersOf lists the answers to a notice, oldest first. Answers of
// residents deleted since stay, with ResidentID 0.
func (db *DB) MeetingAnswersOf(ctx context.Context, noticeID int64) ([]danchu.MeetingAnswer, error) {
	return db.meetingAnswers(ctx, "storage.MeetingAnswersOf", `notice_id = ? ORDER BY at, resident_id`, noticeID)
}

// MeetingAnswersBy lists a resident's answers, oldest first.
func (db *DB) MeetingAnswersBy(ctx context.Context, residentID int64) ([]danchu.MeetingAnswer, error) {
	return db.meetingAnswers(ctx, "storage.MeetingAnswersBy", `resident_id = ? ORDER BY at, notice_id`, residentID)
}

func (db *DB) meetingAnswers(ctx context.Context, op, where string, args ...any) ([]danchu.MeetingAnswer, error) {
	var rows []struct {
		NoticeID    int64         `db:"notice_id"`
		ResidentID  sql.NullInt64 `db:"resident_id"`
		HouseholdID sql.NullInt64 `db:"household_id"`
		Answer      string        `db:"answer"`
		At          timestamp     `db:"at"`
	}
	if err := db.sel(ctx, &rows, `SELECT notice_id, resident_id, household_id, answer, at FROM meeting_answers
		WHERE `+where, args...); err != nil {
		return nil, internal(op, err)
	}
	out := make([]danchu.MeetingAnswer, 0, len(rows))
	for _, r := range rows {
		out = append(out, danchu.MeetingAnswer{NoticeID: r.NoticeID, ResidentID: r.ResidentID.Int64,
			HouseholdID: r.HouseholdID.Int64, Answer: r.Answer, At: r.At.Time()})
	}
	return out, nil
}

// MeetingsBetween lists the meeting notices whose meeting starts in
// [from, to), soonest first.
func (db *DB) MeetingsBetween(ctx context.Context, from, to time.Time) ([]*danchu.Notice, error) {
	const op = "storage.MeetingsBetween"
	var rows []noticeRow
	if err := db.sel(ctx, &rows, `SELECT `+noticeColumns+` FROM notices
		WHERE meeting_at IS NOT NULL AND meeting_at >= ? AND meeting_at < ? ORDER BY meeting_at, id`, ts(from), ts(to)); err != nil {
		return nil, internal(op, err)
	}
	return notices(op, rows)
}
