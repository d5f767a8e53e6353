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

var _ danchu.BroadcastService = (*DB)(nil)

type broadcastRow struct {
	ID            int64         `db:"id"`
	Kind          string        `db:"kind"`
	SubjectID     int64         `db:"subject_id"`
	SenderID      sql.NullInt64 `db:"sender_id"`
	Audience      string        `db:"audience"`
	Category      string        `db:"category"`
	Total         int           `db:"total"`
	ChatID        int64         `db:"chat_id"`
	ProgressMsgID int           `db:"progress_msg_id"`
	ProgressText  string        `db:"progress_text"`
	Lang          string        `db:"lang"`
	CreatedAt     timestamp     `db:"created_at"`
	CancelledAt   *timestamp    `db:"cancelled_at"`
	CancelledBy   int64         `db:"cancelled_by"`
	FinishedAt    *timestamp    `db:"finished_at"`
}

const broadcastColumns = `id, kind, subject_id, sender_id, audience, category, total, chat_id,
	progress_msg_id, progress_text, lang, created_at, cancelled_at, cancelled_by, finished_at`

func (r *broadcastRow) broadcast() (*danchu.Broadcast, error) {
	b := &danchu.Broadcast{
		ID: r.ID, Kind: r.Kind, SubjectID: r.SubjectID, SenderID: r.SenderID.Int64, Category: r.Category,
		Total: r.Total, ChatID: r.ChatID, ProgressMsgID: r.ProgressMsgID, ProgressText: r.ProgressText, Lang: r.Lang,
		CreatedAt: r.CreatedAt.Time(), CancelledAt: r.CancelledAt.TimePtr(), CancelledBy: r.CancelledBy,
		FinishedAt: r.FinishedAt.TimePtr(),
	}
	if err := decodeAudience(r.Audience, &b.Audience); err != nil {
		return nil, fmt.Errorf("broadcast %d: %w", r.ID, err)
	}
	return b, nil
}

func encodeAudience(a danchu.Audience) (string, error) {
	b, err := json.Marshal(a)
	if err != nil {
		return "", fmt.Errorf("encode audience: %w", err)
	}
	return string(b), nil
}

func decodeAudience(s string, a *danchu.Audience) error {
	if err := json.Unmarshal([]byte(s), a); err != nil {
		return fmt.Errorf("decode audience: %w", err)
	}
	return nil
}

// insertBroadcast stores b for the subject, then the messages build makes,
// in bulk, and the audit row: the part of a publication after its subject.
func (db *DB) insertBroadcast(ctx context.Context, tx *sqlx.Tx, b *danchu.Broadcast, subjectID int64, now time.Time, build danchu.BroadcastMessages) error {
	audience, err := encodeAudience(b.Audience)
	if err != nil {
		return err
	}
	b.SubjectID, b.CreatedAt = subjectID, now
	err = tx.GetContext(ctx, &b.ID, db.rebind(`
		INSERT INTO broadcasts (kind, subject_id, sender_id, audience, category, total, chat_id, progress_msg_id, lang, created_at)
		VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?) RETURNING id`),
		b.Kind, subjectID, nullID(b.SenderID), audience, b.Category, b.ChatID, b.ProgressMsgID, b.Lang, ts(now))
	if isForeignKeyViolation(err) {
		return notFound("storage.insertBroadcast", "the sender is not a resident")
	}
	if err != nil {
		return fmt.Errorf("store the broadcast: %w", err)
	}
	msgs, err := build(subjectID, b.ID)
	if err != nil {
		return err
	}
	if err := db.insertOutboxBulk(ctx, tx, b.ID, now, msgs); err != nil {
		return err
	}
	b.Total = len(msgs)
	if _, err := tx.ExecContext(ctx, db.rebind(`UPDATE broadcasts SET total = ? WHERE id = ?`), b.Total, b.ID); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, db.rebind(`
		INSERT INTO audit_log (at, actor_id, action, subject, detail) VALUES (?, ?, 'broadcast.create', ?, ?)`),
		ts(now), b.SenderID, "broadcast:"+strconv.FormatInt(b.ID, 10),
		fmt.Sprintf("%s %d to %s, %d recipients", b.Kind, subjectID, audience, b.Total))
	return err
}

// outboxBulkRows is how many messages one INSERT carries: 500 rows of 11
// values stay far below the parameter limits of both engines (32766, 65535).
const outboxBulkRows = 500

// insertOutboxBulk stores the messages of broadcast id with multi-row
// INSERTs, so that ten thousand take a moment. A message's Status may be
// OutboxUnreachable (someone known to have blocked the bot: counted, never
// sent); any other is pending. IDs are not set: nothing needs them.
func (db *DB) insertOutboxBulk(ctx context.Context, tx *sqlx.Tx, broadcastID int64, now time.Time, msgs []*danchu.OutboxMessage) error {
	const op = "storage.insertOutboxBulk"
	for start := 0; start < len(msgs); start += outboxBulkRows {
		chunk := msgs[start:min(start+outboxBulkRows, len(msgs))]
		var q strings.Builder
		q.WriteString(`INSERT INTO outbox (chat_id, resident_id, kind, priority, text, buttons, broadcast_id,
			status, attempts, not_before, created_at, last_error) VALUES `)
		args := make([]any, 0, len(chunk)*11)
		for i, m := range chunk {
			if m.ChatID == 0 || m.Text == "" {
				return invalid(op, "an outbox message needs a chat and a text")
			}
			buttons := ""
			if len(m.Buttons) > 0 {
				b, err := json.Marshal(m.Buttons)
				if err != nil {
					return fmt.Errorf("encode buttons: %w", err)
				}
				buttons = string(b)
			}
			status, lastError := danchu.OutboxPending, ""
			if m.Status == danchu.OutboxUnreachable {
				status, lastError = danchu.OutboxUnreachable, m.LastError
			}
			notBefore := now
			if !m.NotBefore.IsZero() {
				notBefore = normTime(m.NotBefore)
			}
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)")
			args = append(args, m.ChatID, m.ResidentID, m.Kind, m.Priority, m.Text, buttons, broadcastID,
				status, ts(notBefore), ts(now), lastError)
			m.BroadcastID, m.Status, m.NotBefore, m.CreatedAt = broadcastID, status, notBefore, now
		}
		if _, err := tx.ExecContext(ctx, db.rebind(q.String()), args...); err != nil {
			return fmt.Errorf("store outbox messages: %w", err)
		}
	}
	return nil
}

// FindBroadcast returns ENOTFOUND when there is no such broadcast.
func (db *DB) FindBroadcast(ctx context.Context, id int64) (*danchu.Broadcast, error) {
	const op = "storage.FindBroadcast"
	var row broadcastRow
	err := db.get(ctx, &row, `SELECT `+broadcastColumns+` FROM broadcasts WHERE id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(op, "broadcast not found")
	}
	if err != nil {
		return nil, internal(op, err)
	}
	b, err := row.broadcast()
	return b, internal(op, err)
}

// BroadcastCounts counts the broadcast's outbox messages by status.
// ENOTFOUND for an unknown broadcast.
func (db *DB) BroadcastCounts(ctx context.Context, id int64) (danchu.BroadcastCounts, error) {
	const op = "storage.BroadcastCounts"
	if _, err := db.FindBroadcast(ctx, id); err != nil {
		return danchu.BroadcastCounts{}, err
	}
	all, err := db.countsOf(ctx, []int64{id})
	if err != nil {
		return danchu.BroadcastCounts{}, internal(op, err)
	}
	return all[id], nil
}

// countsOf counts the outbox messages of the broadcasts by status.
func (db *DB) countsOf(ctx context.Context, ids []int64) (map[int64]danchu.BroadcastCounts, error) {
	out := make(map[int64]danchu.BroadcastCounts, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	query, args, err := sqlx.In(`SELECT broadcast_id, status, COUNT(*) AS n FROM outbox
		WHERE broadcast_id IN (?) GROUP BY broadcast_id, status`, ids)
	if err != nil {
		return nil, err
	}
	var rows []struct {
		BroadcastID int64  `db:"broadcast_id"`
		Status      string `db:"status"`
		N           int    `db:"n"`
	}
	if err := db.sel(ctx, &rows, query, args...); err != nil {
		return nil, err
	}
	for _, r := range rows {
		c := out[r.BroadcastID]
		switch r.Status {
		case danchu.OutboxPending:
			c.Pending += r.N
		case danchu.OutboxSending:
			c.Sending += r.N
		case danchu.OutboxSent:
			c.Sent += r.N
		case danchu.OutboxFailed:
			c.Failed += r.N
		case danchu.OutboxUnreachable:
			c.Unreachable += r.N
		case danchu.OutboxCancelled:
			c.Cancelled += r.N
		}
		out[r.BroadcastID] = c
	}
	return out, nil
}

// CancelBroadcast cancels the broadcast's pending messages, records the
// first cancellation and writes an audit row "broadcast.cancel"; messages a
// sender claimed still go. It returns how many were cancelled. ENOTFOUND for
// an unknown broadcast.
func (db *DB) CancelBroadcast(ctx context.Context, id, by int64, at time.Time) (int, error) {
	const op = "storage.CancelBroadcast"
	var n int64
	err := db.update(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`
			UPDATE broadcasts SET cancelled_at = COALESCE(cancelled_at, ?),
				cancelled_by = CASE WHEN cancelled_at IS NULL THEN ? ELSE cancelled_by END
			WHERE id = ?`), ts(at), by, id)
		if err := mustAffect(op, res, err, "broadcast not found"); err != nil {
			return err
		}
		res, err = tx.ExecContext(ctx, db.rebind(`
			UPDATE outbox SET status = 'cancelled', last_error = 'cancelled by the sender of the broadcast'
			WHERE broadcast_id = ? AND status = 'pending'`), id)
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, db.rebind(`
			INSERT INTO audit_log (at, actor_id, action, subject, detail) VALUES (?, ?, 'broadcast.cancel', ?, ?)`),
			ts(at), by, "broadcast:"+strconv.FormatInt(id, 10), fmt.Sprintf("%d pending messages cancelled", n))
		return err
	})
	return int(n), internal(op, err)
}

// SetBroadcastProgress records the message that shows the progress and its
// text. ENOTFOUND for an unknown broadcast.
func (db *DB) SetBroadcastProgress(ctx context.Context, id, chatID int64, messageID int, text string) error {
	const op = "storage.SetBroadcastProgress"
	return internal(op, db.update(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`UPDATE broadcasts SET chat_id = ?, progress_msg_id = ?, progress_text = ? WHERE id = ?`),
			chatID, messageID, text, id)
		return mustAffect(op, res, err, "broadcast not found")
	}))
}

// FinishBroadcast records that its final summary was shown; the first time
// stays. ENOTFOUND for an unknown broadcast.
func (db *DB) FinishBroadcast(ctx context.Context, id int64, at time.Time) error {
	const op = "storage.FinishBroadcast"
	return internal(op, db.update(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`UPDATE broadcasts SET finished_at = COALESCE(finished_at, ?) WHERE id = ?`),
			ts(at), id)
		return mustAffect(op, res, err, "broadcast not found")
	}))
}

// ActiveBroadcasts lists the broadcasts not finished, oldest first.
func (db *DB) ActiveBroadcasts(ctx context.Context) ([]*danchu.Broadcast, error) {
	const op = "storage.ActiveBroadcasts"
	var rows []broadcastRow
	if err := db.sel(ctx, &rows, `SELECT `+broadcastColumns+` FROM broadcasts WHERE finished_at IS NULL ORDER BY id`); err != nil {
		return nil, internal(op, err)
	}
	out := make([]*danchu.Broadcast, 0, len(rows))
	for i := range rows {
		b, err := rows[i].broadcast()
		if err != nil {
			return nil, internal(op, err)
		}
		out = append(out, b)
	}
	return out, nil
}
