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

var _ danchu.DialogueService = (*DB)(nil)

type dialogueRow struct {
	ID             int64      `db:"id"`
	Topic          string     `db:"topic"`
	Field          string     `db:"field"`
	Audience       string     `db:"audience"`
	Group          string     `db:"audience_group"`
	At             timestamp  `db:"at"`
	Place          string     `db:"place"`
	QuestionsUntil timestamp  `db:"questions_until"`
	CreatedBy      int64      `db:"created_by"`
	CreatedAt      timestamp  `db:"created_at"`
	AnnouncedAt    *timestamp `db:"announced_at"`
}

const dialogueColumns = `id, topic, field, audience, audience_group, at, place, questions_until, created_by, created_at, announced_at`

func (r *dialogueRow) dialogue() (*danchu.Dialogue, error) {
	d := &danchu.Dialogue{ID: r.ID, Topic: r.Topic, Field: r.Field, Group: danchu.DialogueGroup(r.Group), At: r.At.Time(),
		Place: r.Place, QuestionsUntil: r.QuestionsUntil.Time(), CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.Time(),
		AnnouncedAt: r.AnnouncedAt.TimePtr()}
	if err := decodeAudience(r.Audience, &d.Audience); err != nil {
		return nil, err
	}
	return d, nil
}

// CreateDialogue stores d (danchu.DialogueService).
func (db *DB) CreateDialogue(ctx context.Context, d *danchu.Dialogue) error {
	const op = "storage.CreateDialogue"
	if strings.TrimSpace(d.Topic) == "" {
		return invalid(op, "a dialogue needs a topic")
	}
	if d.CreatedAt.IsZero() {
		d.CreatedAt = db.now()
	}
	audience, err := encodeAudience(d.Audience)
	if err != nil {
		return internal(op, err)
	}
	err = db.update(ctx, func(tx *sqlx.Tx) error {
		return tx.GetContext(ctx, &d.ID, db.rebind(`
			INSERT INTO dialogues (topic, field, audience, audience_group, at, place, questions_until, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			d.Topic, d.Field, audience, string(d.Group), ts(d.At), d.Place, ts(d.QuestionsUntil), d.CreatedBy, ts(d.CreatedAt))
	})
	if err != nil {
		return internal(op, err)
	}
	d.CreatedAt = normTime(d.CreatedAt)
	return nil
}

// FindDialogue returns ENOTFOUND when there is no such dialogue.
func (db *DB) FindDialogue(ctx context.Context, id int64) (*danchu.Dialogue, error) {
	const op = "storage.FindDialogue"
	var row dialogueRow
	err := db.get(ctx, &row, `SELECT `+dialogueColumns+` FROM dialogues WHERE id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(op, "no such dialogue")
	}
	if err != nil {
		return nil, internal(op, err)
	}
	d, err := row.dialogue()
	return d, internal(op, err)
}

// ListDialogues lists the dialogues held at or after since, soonest first.
func (db *DB) ListDialogues(ctx context.Context, since time.Time) ([]*danchu.Dialogue, error) {
	const op = "storage.ListDialogues"
	var rows []dialogueRow
	if err := db.sel(ctx, &rows, `SELECT `+dialogueColumns+` FROM dialogues WHERE at >= ? ORDER BY at, id`, ts(since)); err != nil {
		return nil, internal(op, err)
	}
	out := make([]*danchu.Dialogue, len(rows))
	for i := range rows {
		d, err := rows[i].dialogue()
		if err != nil {
			return nil, internal(op, err)
		}
		out[i] = d
	}
	return out, nil
}

// MarkDialogueAnnounced records the announcement once.
func (db *DB) MarkDialogueAnnounced(ctx context.Context, id int64, at time.Time) (bool, error) {
	return db.markOnce(ctx, "storage.MarkDialogueAnnounced", "dialogues", "announced_at", id, at)
}

type dialogueQuestionRow struct {
	ID           int64         `db:"id"`
	DialogueID   int64         `db:"dialogue_id"`
	ResidentID   sql.NullInt64 `db:"resident_id"`
	Text         string        `db:"text"`
	PhotoID      string        `db:"photo_id"`
	ShowName     bool          `db:"show_name"`
	AskerName    string        `db:"asker_name"`
	Status       string        `db:"status"`
	Supporters   int           `db:"supporters"`
	MergedInto   int64         `db:"merged_into"`
	HiddenReason string        `db:"hidden_reason"`
	AnswerKind   string        `db:"answer_kind"`
	Answer       string        `db:"answer"`
	AnswerDue    *timestamp    `db:"answer_due"`
	AnsweredAt   *timestamp    `db:"answered_at"`
	AnsweredBy   int64         `db:"answered_by"`
	CreatedAt    timestamp     `db:"created_at"`
	UpdatedAt    timestamp     `db:"updated_at"`
}

// The asker's name comes from the profile only when they agreed to show it.
const dialogueQuestionSelect = `SELECT q.id, q.dialogue_id, q.resident_id, q.text, q.photo_id, q.show_name,
	CASE WHEN q.show_name THEN COALESCE(r.full_name, '') ELSE '' END AS asker_name,
	q.status, (SELECT COUNT(*) FROM question_supports s WHERE s.question_id = q.id) AS supporters,
	q.merged_into, q.hidden_reason, q.answer_kind, q.answer, q.answer_due, q.answered_at, q.answered_by,
	q.created_at, q.updated_at
	FROM questions q LEFT JOIN residents r ON r.id = q.resident_id`

func (r *dialogueQuestionRow) question() *danchu.Question {
	return &danchu.Question{ID: r.ID, DialogueID: r.DialogueID, ResidentID: r.ResidentID.Int64, Text: r.Text,
		PhotoID: r.PhotoID, ShowName: r.ShowName, AskerName: r.AskerName, Status: danchu.QuestionStatus(r.Status),
		Supporters: r.Supporters, MergedInto: r.MergedInto, HiddenReason: r.HiddenReason, AnswerKind: r.AnswerKind,
		Answer: r.Answer, AnswerDue: r.AnswerDue.TimePtr(), AnsweredAt: r.AnsweredAt.TimePtr(), AnsweredBy: r.AnsweredBy,
		CreatedAt: r.CreatedAt.Time(), UpdatedAt: r.UpdatedAt.Time()}
}

func dialogueQuestions(rows []dialogueQuestionRow) []*danchu.Question {
	out := make([]*danchu.Question, len(rows))
	for i := range rows {
		out[i] = rows[i].question()
	}
	return out
}

// AddDialogueQuestion stores a question while the dialogue takes them.
func (db *DB) AddDialogueQuestion(ctx context.Context, q *danchu.Question) error {
	const op = "storage.AddDialogueQuestion"
	q.Text = strings.TrimSpace(q.Text)
	if q.Text == "" || len([]rune(q.Text)) > danchu.MaxQuestion {
		return invalid(op, "a question needs a text")
	}
	if q.CreatedAt.IsZero() {
		q.CreatedAt = db.now()
	}
	err := db.update(ctx, func(tx *sqlx.Tx) error {
		var until timestamp
		err := tx.GetContext(ctx, &until, db.rebind(`SELECT questions_until FROM dialogues WHERE id = ?`), q.DialogueID)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound(op, "no such dialogue")
		}
		if err != nil {
			return err
		}
		if q.CreatedAt.After(until.Time()) {
			return invalid(op, "the dialogue no longer takes questions")
		}
		return tx.GetContext(ctx, &q.ID, db.rebind(`
			INSERT INTO questions (dialogue_id, resident_id, text, photo_id, show_name, status, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			q.DialogueID, nullID(q.ResidentID), q.Text, q.PhotoID, q.ShowName, string(danchu.QuestionOpen), ts(q.CreatedAt), ts(q.CreatedAt))
	})
	if err != nil {
		return internal(op, err)
	}
	q.Status = danchu.QuestionOpen
	q.CreatedAt = normTime(q.CreatedAt)
	q.UpdatedAt = q.CreatedAt
	return nil
}

// FindDialogueQuestion returns ENOTFOUND when there is no such question.
func (db *DB) FindDialogueQuestion(ctx context.Context, id int64) (*danchu.Question, error) {
	const op = "storage.FindDialogueQuestion"
	q, err := db.findDialogueQuestion(ctx, db.db, id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(op, "no such question")
	}
	return q, internal(op, err)
}

func (db *DB) findDialogueQuestion(ctx context.Context, q sqlx.QueryerContext, id int64) (*danchu.Question, error) {
	var row dialogueQuestionRow
	if err := sqlx.GetContext(ctx, q, &row, db.rebind(dialogueQuestionSelect+` WHERE q.id = ?`), id); err != nil {
		return nil, err
	}
	return row.question(), nil
}

// ListDialogueQuestions lists every question of a dialogue, oldest first.
func (db *DB) ListDialogueQuestions(ctx context.Context, dialogueID int64) ([]*danchu.Question, error) {
	const op = "storage.ListDialogueQuestions"
	var rows []dialogueQuestionRow
	if err := db.sel(ctx, &rows, dialogueQuestionSelect+` WHERE q.dialogue_id = ? ORDER BY q.id`, dialogueID); err != nil {
		return nil, internal(op, err)
	}
	return dialogueQuestions(rows), nil
}

// QuestionsBy lists the questions a resident asked, oldest first.
func (db *DB) QuestionsBy(ctx context.Context, residentID int64) ([]*danchu.Question, error) {
	var rows []dialogueQuestionRow
	if err := db.sel(ctx, &rows, dialogueQuestionSelect+` WHERE q.resident_id = ? ORDER BY q.created_at, q.id`, residentID); err != nil {
		return nil, internal("storage.QuestionsBy", err)
	}
	return dialogueQuestions(rows), nil
}

// SupportsBy lists the supports a resident gave, oldest first.
func (db *DB) SupportsBy(ctx context.Context, residentID int64) ([]danchu.QuestionSupport, error) {
	var rows []struct {
		QuestionID int64     `db:"question_id"`
		DialogueID int64     `db:"dialogue_id"`
		At         timestamp `db:"at"`
	}
	if err := db.sel(ctx, &rows, `SELECT s.question_id, q.dialogue_id, s.at FROM question_supports s
		JOIN questions q ON q.id = s.question_id WHERE s.resident_id = ? ORDER BY s.at, s.question_id`, residentID); err != nil {
		return nil, internal("storage.SupportsBy", err)
	}
	out := make([]danchu.QuestionSupport, len(rows))
	for i, r := range rows {
		out[i] = danchu.QuestionSupport{QuestionID: r.QuestionID, DialogueID: r.DialogueID, At: r.At.Time()}
	}
	return out, nil
}

// SupportQuestion records one support per resident and question.
func (db *DB) SupportQuestion(ctx context.Context, questionID, residentID int64, at time.Time) (bool, error) {
	const op = "storage.SupportQuestion"
	added := false
	err := db.update(ctx, func(tx *sqlx.Tx) error {
		q, err := db.findDialogueQuestion(ctx, tx, questionID)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound(op, "no such question")
		}
		if err != nil {
			return err
		}
		switch {
		case q.ResidentID == residentID:
			return invalid(op, "one does not support one's own question")
		case q.Status != danchu.QuestionOpen:
			return invalid(op, "the question is not open")
		}
		res, err := tx.ExecContext(ctx, db.rebind(`INSERT INTO question_supports (question_id, resident_id, at) VALUES (?, ?, ?)
			ON CONFLICT (question_id, resident_id) DO NOTHING`), questionID, residentID, ts(at))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		added = n == 1
		return err
	})
	return added, internal(op, err)
}

// MergeQuestion makes dup a duplicate of into; its people support into.
func (db *DB) MergeQuestion(ctx context.Context, dupID, intoID, by int64, at time.Time) error {
	const op = "storage.MergeQuestion"
	err := db.update(ctx, func(tx *sqlx.Tx) error {
		dup, err := db.findDialogueQuestion(ctx, tx, dupID)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound(op, "no such question")
		}
		if err != nil {
			return err
		}
		into, err := db.findDialogueQuestion(ctx, tx, intoID)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound(op, "no such question")
		}
		if err != nil {
			return err
		}
		if dup.ID == into.ID || dup.DialogueID != into.DialogueID || dup.Status != danchu.QuestionOpen || into.Status != danchu.QuestionOpen {
			return invalid(op, "merge an open question into another open question of the same dialogue")
		}
		// The duplicate's supporters, then its asker, support into; into's
		// own asker is left out.
		if _, err := tx.ExecContext(ctx, db.rebind(`
			INSERT INTO question_supports (question_id, resident_id, at)
			SELECT ?, s.resident_id, s.at FROM question_supports s WHERE s.question_id = ? AND s.resident_id <> ?
			ON CONFLICT (question_id, resident_id) DO NOTHING`), intoID, dupID, into.ResidentID); err != nil {
			return err
		}
		if dup.ResidentID != 0 && dup.ResidentID != into.ResidentID {
			if _, err := tx.ExecContext(ctx, db.rebind(`INSERT INTO question_supports (question_id, resident_id, at) VALUES (?, ?, ?)
				ON CONFLICT (question_id, resident_id) DO NOTHING`), intoID, dup.ResidentID, ts(dup.CreatedAt)); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, db.rebind(`UPDATE questions SET status = ?, merged_into = ?, answered_by = ?, updated_at = ? WHERE id = ?`),
			string(danchu.QuestionMerged), intoID, by, ts(at), dupID)
		return err
	})
	return internal(op, err)
}

// HideQuestion hides an open question with a reason.
func (db *DB) HideQuestion(ctx context.Context, id int64, reason string, by int64, at time.Time) error {
	const op = "storage.HideQuestion"
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return invalid(op, "hiding a question needs a reason")
	}
	return db.changeQuestion(ctx, op, id, []danchu.QuestionStatus{danchu.QuestionOpen},
		`UPDATE questions SET status = ?, hidden_reason = ?, answered_by = ?, updated_at = ? WHERE id = ?`,
		string(danchu.QuestionHidden), reason, by, ts(at), id)
}

// changeQuestion runs update on the question when its status is one of from.
func (db *DB) changeQuestion(ctx context.Context, op string, id int64, from []danchu.QuestionStatus, update string, args ...any) error {
	err := db.update(ctx, func(tx *sqlx.Tx) error {
		q, err := db.findDialogueQuestion(ctx, tx, id)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound(op, "no such question")
		}
		if err != nil {
			return err
		}
		ok := false
		for _, s := range from {
			ok = ok || q.Status == s
		}
		if !ok {
			return invalid(op, "the question is "+string(q.Status))
		}
		_, err = tx.ExecContext(ctx, db.rebind(update), args...)
		return err
	})
	return internal(op, err)
}

// AnswerDialogueQuestion records an answer, or the promise of a written one.
func (db *DB) AnswerDialogueQuestion(ctx context.Context, id int64, a danchu.QuestionAnswer) (*danchu.Question, error) {
	const op = "storage.AnswerDialogueQuestion"
	text := strings.TrimSpace(a.Text)
	open := []danchu.QuestionStatus{danchu.QuestionOpen}
	var err error
	switch {
	case a.Kind == danchu.AnswerAtSession && text != "":
		err = db.changeQuestion(ctx, op, id, open,
			`UPDATE questions SET status = ?, answer_kind = ?, answer = ?, answered_at = ?, answered_by = ?, updated_at = ? WHERE id = ?`,
			string(danchu.QuestionAnswered), a.Kind, text, ts(a.At), a.By, ts(a.At), id)
	case a.Kind == danchu.AnswerInWriting && text == "" && a.Due != nil:
		err = db.changeQuestion(ctx, op, id, open,
			`UPDATE questions SET status = ?, answer_kind = ?, answer_due = ?, answered_by = ?, updated_at = ? WHERE id = ?`,
			string(danchu.QuestionWritten), a.Kind, ts(*a.Due), a.By, ts(a.At), id)
	case a.Kind == danchu.AnswerInWriting && text != "":
		err = db.changeQuestion(ctx, op, id, []danchu.QuestionStatus{danchu.QuestionOpen, danchu.QuestionWritten},
			`UPDATE questions SET status = ?, answer_kind = ?, answer = ?, answered_at = ?, answered_by = ?, updated_at = ? WHERE id = ?`,
			string(danchu.QuestionAnswered), a.Kind, text, ts(a.At), a.By, ts(a.At), id)
	default:
		return nil, invalid(op, "an answer needs its text, or the date a written answer is promised by")
	}
	if err != nil {
		return nil, err
	}
	return db.FindDialogueQuestion(ctx, id)
}

// QuestionFollowers lists the asker and the supporters of a question.
func (db *DB) QuestionFollowers(ctx context.Context, id int64) ([]int64, error) {
	const op = "storage.QuestionFollowers"
	var ids []int64
	if err := db.sel(ctx, &ids, `
		SELECT resident_id FROM questions WHERE id = ? AND resident_id IS NOT NULL
		UNION SELECT resident_id FROM question_supports WHERE question_id = ?`, id, id); err != nil {
		return nil, internal(op, err)
	}
	return ids, nil
}

// LateAnswers lists the promised written answers past their due day.
func (db *DB) LateAnswers(ctx context.Context, now time.Time) ([]*danchu.Question, error) {
	const op = "storage.LateAnswers"
	var rows []dialogueQuestionRow
	if err := db.sel(ctx, &rows, dialogueQuestionSelect+` WHERE q.status = ? AND q.answer_due < ? ORDER BY q.answer_due, q.id`,
		string(danchu.QuestionWritten), ts(now)); err != nil {
		return nil, internal(op, err)
	}
	return dialogueQuestions(rows), nil
}
