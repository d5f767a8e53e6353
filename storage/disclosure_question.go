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

type questionRow struct {
	ID           int64         `db:"id"`
	DisclosureID int64         `db:"disclosure_id"`
	ResidentID   sql.NullInt64 `db:"resident_id"`
	Text         string        `db:"text"`
	AskedAt      timestamp     `db:"asked_at"`
	Answer       string        `db:"answer"`
	AnsweredBy   int64         `db:"answered_by"`
	AnsweredAt   *timestamp    `db:"answered_at"`
}

const questionColumns = `id, disclosure_id, resident_id, text, asked_at, answer, answered_by, answered_at`

func (r *questionRow) question() *danchu.DisclosureQuestion {
	return &danchu.DisclosureQuestion{ID: r.ID, DisclosureID: r.DisclosureID, ResidentID: r.ResidentID.Int64,
		Text: r.Text, AskedAt: r.AskedAt.Time(), Answer: r.Answer, AnsweredBy: r.AnsweredBy,
		AnsweredAt: r.AnsweredAt.TimePtr()}
}

// AskQuestion stores q, setting its ID and, when zero, AskedAt (now).
// ENOTFOUND for an unknown disclosure or asker; EINVALID for an empty text.
func (db *DB) AskQuestion(ctx context.Context, q *danchu.DisclosureQuestion) error {
	const op = "storage.AskQuestion"
	if strings.TrimSpace(q.Text) == "" {
		return invalid(op, "a question needs a text")
	}
	if q.AskedAt.IsZero() {
		q.AskedAt = db.now()
	}
	q.AskedAt = normTime(q.AskedAt)
	err := db.update(ctx, func(tx *sqlx.Tx) error {
		return tx.GetContext(ctx, &q.ID, db.rebind(`
			INSERT INTO disclosure_questions (disclosure_id, resident_id, text, asked_at) VALUES (?, ?, ?, ?) RETURNING id`),
			q.DisclosureID, nullID(q.ResidentID), q.Text, ts(q.AskedAt))
	})
	if isForeignKeyViolation(err) {
		return notFound(op, "the disclosure or the asker does not exist")
	}
	return internal(op, err)
}

// FindQuestion returns ENOTFOUND when there is no such question.
func (db *DB) FindQuestion(ctx context.Context, id int64) (*danchu.DisclosureQuestion, error) {
	const op = "storage.FindQuestion"
	var row questionRow
	err := db.get(ctx, &row, `SELECT `+questionColumns+` FROM disclosure_questions WHERE id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(op, "question not found")
	}
	if err != nil {
		return nil, internal(op, err)
	}
	return row.question(), nil
}

// DisclosureQuestionsBy lists a resident's questions, oldest first.
func (db *DB) DisclosureQuestionsBy(ctx context.Context, residentID int64) ([]*danchu.DisclosureQuestion, error) {
	var rows []questionRow
	if err := db.sel(ctx, &rows, `SELECT `+questionColumns+` FROM disclosure_questions WHERE resident_id = ?
		ORDER BY asked_at, id`, residentID); err != nil {
		return nil, internal("storage.DisclosureQuestionsBy", err)
	}
	out := make([]*danchu.DisclosureQuestion, 0, len(rows))
	for i := range rows {
		out = append(out, rows[i].question())
	}
	return out, nil
}

// ListQuestions lists questions (the unanswered only when open), oldest
// first, one page, and how many there are.
func (db *DB) ListQuestions(ctx context.Context, open bool, offset, limit int) ([]*danchu.DisclosureQuestion, int, error) {
	const op = "storage.ListQuestions"
	where := "1 = 1"
	if open {
		where = "answered_at IS NULL"
	}
	var total int
	if err := db.get(ctx, &total, `SELECT COUNT(*) FROM disclosure_questions WHERE `+where); err != nil {
		return nil, 0, internal(op, err)
	}
	var rows []questionRow
	if err := db.sel(ctx, &rows, `SELECT `+questionColumns+` FROM disclosure_questions WHERE `+where+`
		ORDER BY id LIMIT ? OFFSET ?`, limit, offset); err != nil {
		return nil, 0, internal(op, err)
	}
	out := make([]*danchu.DisclosureQuestion, 0, len(rows))
	for i := range rows {
		out = append(out, rows[i].question())
	}
	return out, total, nil
}

// AnswerQuestion records the answer and enqueues notify (nil for none) in
// one transaction. ENOTFOUND for an unknown question; ECONFLICT when it is
// answered already; EINVALID for an empty answer or a notify message
// without a chat or a text.
func (db *DB) AnswerQuestion(ctx context.Context, id, by int64, answer string, at time.Time, notify *danchu.OutboxMessage) error {
	const op = "storage.AnswerQuestion"
	if strings.TrimSpace(answer) == "" {
		return invalid(op, "an answer needs a text")
	}
	if notify != nil && (notify.ChatID == 0 || notify.Text == "") {
		return invalid(op, "an outbox message needs a chat and a text")
	}
	return internal(op, db.update(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`
			UPDATE disclosure_questions SET answer = ?, answered_by = ?, answered_at = ?
			WHERE id = ? AND answered_at IS NULL`), answer, by, ts(at), id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err != nil {
				return err
			}
			var exists int
			if err := tx.GetContext(ctx, &exists, db.rebind(`SELECT COUNT(*) FROM disclosure_questions WHERE id = ?`), id); err != nil {
				return err
			}
			if exists == 0 {
				return notFound(op, "question not found")
			}
			return conflict(op, "the question is answered already")
		}
		if notify == nil {
			return nil
		}
		return db.insertOutboxBulk(ctx, tx, 0, db.now(), []*danchu.OutboxMessage{notify})
	}))
}
