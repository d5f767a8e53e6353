package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jmoiron/sqlx"

	"danchu"
)

var _ danchu.OutboxService = (*DB)(nil)

type outboxRow struct {
	ID            int64          `db:"id"`
	ChatID        int64          `db:"chat_id"`
	ResidentID    int64          `db:"resident_id"`
	Kind          string         `db:"kind"`
	Priority      int            `db:"priority"`
	Text          string         `db:"text"`
	Buttons       string         `db:"buttons"`
	BroadcastID   int64          `db:"broadcast_id"`
	DedupKey      sql.NullString `db:"dedup_key"`
	Status        string         `db:"status"`
	Attempts      int            `db:"attempts"`
	NotBefore     timestamp      `db:"not_before"`
	CreatedAt     timestamp      `db:"created_at"`
	SentAt        *timestamp     `db:"sent_at"`
	TelegramMsgID int            `db:"telegram_message_id"`
	LastError     string         `db:"last_error"`
}

const outboxColumns = `id, chat_id, resident_id, kind, priority, text, buttons, broadcast_id, dedup_key,
	status, attempts, not_before, created_at, sent_at, telegram_message_id, last_error`

func (r *outboxRow) message() (*danchu.OutboxMessage, error) {
	m := &danchu.OutboxMessage{
		ID:            r.ID,
		ChatID:        r.ChatID,
		ResidentID:    r.ResidentID,
		Kind:          r.Kind,
		Priority:      r.Priority,
		Text:          r.Text,
		BroadcastID:   r.BroadcastID,
		DedupKey:      r.DedupKey.String,
		Status:        r.Status,
		Attempts:      r.Attempts,
		NotBefore:     r.NotBefore.Time(),
		CreatedAt:     r.CreatedAt.Time(),
		SentAt:        r.SentAt.TimePtr(),
		TelegramMsgID: r.TelegramMsgID,
		LastError:     r.LastError,
	}
	if r.Buttons != "" {
		if err := json.Unmarshal([]byte(r.Buttons), &m.Buttons); err != nil {
			return nil, fmt.Errorf("outbox %d: decode buttons: %w", r.ID, err)
		}
	}
	return m, nil
}

// Enqueue stores pending messages in one transaction, setting their ID,
// Status, CreatedAt and, when zero, NotBefore (now). A message whose
// DedupKey is already stored, or repeated in msgs, is skipped and its ID
// stays 0. EINVALID for a message without a chat or a text; nothing is
// stored then.
func (db *DB) Enqueue(ctx context.Context, msgs ...*danchu.OutboxMessage) error {
	const op = "storage.Enqueue"
	buttons, err := encodeOutbox(op, msgs)
	if err != nil {
		return err
	}
	var stored func()
	err = db.update(ctx, func(tx *sqlx.Tx) error {
		var err error
		stored, _, err = db.insertOutboxes(ctx, tx, msgs, buttons, db.now())
		return err
	})
	if err != nil {
		return internal(op, err)
	}
	stored()
	return nil
}

// encodeOutbox checks messages as Enqueue does and encodes their buttons.
func encodeOutbox(op string, msgs []*danchu.OutboxMessage) ([]string, error) {
	buttons := make([]string, len(msgs))
	for i, m := range msgs {
		switch {
		case m.ChatID == 0:
			return nil, invalid(op, "an outbox message needs a chat")
		case m.Text == "":
			return nil, invalid(op, "an outbox message needs a text")
		}
		if len(m.Buttons) > 0 {
			b, err := json.Marshal(m.Buttons)
			if err != nil {
				return nil, internal(op, fmt.Errorf("encode buttons: %w", err))
			}
			buttons[i] = string(b)
		}
	}
	return buttons, nil
}

// insertOutbox stores one pending message in tx as Enqueue does (outbox.go)
// and returns its id, 0 when its DedupKey is stored already.
func (db *DB) insertOutbox(ctx context.Context, tx *sqlx.Tx, m *danchu.OutboxMessage, buttons string, notBefore, now time.Time) (int64, error) {
	var id int64
	dedup := sql.NullString{String: m.DedupKey, Valid: m.DedupKey != ""}
	err := tx.GetContext(ctx, &id, db.rebind(`
		INSERT INTO outbox (chat_id, resident_id, kind, priority, text, buttons, broadcast_id, dedup_key,
			status, attempts, not_before, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
		ON CONFLICT (dedup_key) DO NOTHING RETURNING id`),
		m.ChatID, m.ResidentID, m.Kind, m.Priority, m.Text, buttons, m.BroadcastID, dedup,
		danchu.OutboxPending, ts(notBefore), ts(now))
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// insertOutboxes stores msgs in tx as pending (NotBefore now when zero) and
// returns how many were new, and a function that sets the stored messages'
// ID, Status, Attempts, NotBefore and CreatedAt, to call once tx committed.
func (db *DB) insertOutboxes(ctx context.Context, tx *sqlx.Tx, msgs []*danchu.OutboxMessage, buttons []string, now time.Time) (func(), int, error) {
	ids := make([]int64, len(msgs))
	notBefore := make([]time.Time, len(msgs))
	stored := 0
	for i, m := range msgs {
		notBefore[i] = now
		if !m.NotBefore.IsZero() {
			notBefore[i] = normTime(m.NotBefore)
		}
		id, err := db.insertOutbox(ctx, tx, m, buttons[i], notBefore[i], now)
		if err != nil {
			return nil, 0, err
		}
		if ids[i] = id; id != 0 {
			stored++
		}
	}
	return func() {
		for i, m := range msgs {
			if ids[i] != 0 {
				m.ID, m.Status, m.Attempts, m.NotBefore, m.CreatedAt = ids[i], danchu.OutboxPending, 0, notBefore[i], now
			}
		}
	}, stored, nil
}

// ClaimOutbox marks up to limit due messages as sending until now+lease and
// returns them by priority, then chat, then ID. Due: pending and not before
// now, or sending with a lease expired at now (its sender is gone).
//
// A chat's messages go out in the order they were enqueued, whatever their
// priority: only the oldest unfinished (pending or sending) message of a
// chat can be claimed, so at most one message per chat is out at a time, and
// a message waiting for a retry holds back the later ones of its chat. Two
// senders never claim the same row: on PostgreSQL the candidates are locked
// with FOR UPDATE SKIP LOCKED, on SQLite the single writer claims.
func (db *DB) ClaimOutbox(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]*danchu.OutboxMessage, error) {
	const op = "storage.ClaimOutbox"
	if lease <= 0 || limit <= 0 {
		return nil, invalid(op, "the lease and the limit must be positive")
	}
	lock := ""
	if db.engine == EnginePostgres {
		lock = ` FOR UPDATE OF o SKIP LOCKED`
	}
	var rows []outboxRow
	err := db.update(ctx, func(tx *sqlx.Tx) error {
		return tx.SelectContext(ctx, &rows, db.rebind(`
			UPDATE outbox SET status = 'sending', lease_until = ?
			WHERE id IN (
				SELECT o.id FROM outbox o
				WHERE (o.status = 'pending' AND o.not_before <= ? OR o.status = 'sending' AND o.lease_until <= ?)
				AND NOT EXISTS (
					SELECT 1 FROM outbox e
					WHERE e.chat_id = o.chat_id AND e.id < o.id AND e.status IN ('pending', 'sending'))
				ORDER BY o.priority, o.chat_id, o.id
				LIMIT ?`+lock+`)
			RETURNING `+outboxColumns),
			ts(now.Add(lease)), ts(now), ts(now), limit)
	})
	if err != nil {
		return nil, internal(op, err)
	}
	out := make([]*danchu.OutboxMessage, len(rows))
	for i := range rows {
		m, err := rows[i].message()
		if err != nil {
			return nil, internal(op, err)
		}
		out[i] = m
	}
	// RETURNING keeps no order.
	slices.SortFunc(out, func(a, b *danchu.OutboxMessage) int {
		switch {
		case a.Priority != b.Priority:
			return a.Priority - b.Priority
		case a.ChatID != b.ChatID:
			return cmpInt64(a.ChatID, b.ChatID)
		}
		return cmpInt64(a.ID, b.ID)
	})
	return out, nil
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// MarkSent records delivery at at. ENOTFOUND for an unknown id.
func (db *DB) MarkSent(ctx context.Context, id int64, at time.Time, telegramMsgID int) error {
	const op = "storage.MarkSent"
	return internal(op, db.update(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`
			UPDATE outbox SET status = 'sent', sent_at = ?, telegram_message_id = ?, lease_until = NULL
			WHERE id = ?`), ts(at), telegramMsgID, id)
		return mustAffect(op, res, err, "outbox message not found")
	}))
}

// MarkRetry puts the message back to pending, not before retryAt, and counts
// the attempt. A message already finished (sent by a sender whose lease was
// still good, failed, cancelled) stays as it is, so a slow sender cannot
// make it go twice. ENOTFOUND for an unknown id.
func (db *DB) MarkRetry(ctx context.Context, id int64, retryAt time.Time, reason string) error {
	const op = "storage.MarkRetry"
	return internal(op, db.update(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`
			UPDATE outbox SET status = 'pending', not_before = ?, attempts = attempts + 1, last_error = ?, lease_until = NULL
			WHERE id = ? AND status IN ('pending', 'sending')`), ts(retryAt), reason, id)
		return db.unfinished(ctx, tx, op, id, res, err)
	}))
}

// MarkFailed ends the message with status (danchu.OutboxFailed or
// danchu.OutboxUnreachable) and the reason, and counts the attempt. A
// message already finished stays as it is. EINVALID for another status;
// ENOTFOUND for an unknown id.
func (db *DB) MarkFailed(ctx context.Context, id int64, status, reason string) error {
	const op = "storage.MarkFailed"
	if status != danchu.OutboxFailed && status != danchu.OutboxUnreachable {
		return invalid(op, "a message fails as failed or unreachable")
	}
	return internal(op, db.update(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`
			UPDATE outbox SET status = ?, last_error = ?, attempts = attempts + 1, lease_until = NULL
			WHERE id = ? AND status IN ('pending', 'sending')`), status, reason, id)
		return db.unfinished(ctx, tx, op, id, res, err)
	}))
}

// unfinished checks an update of an unfinished message: no row changed is
// fine when the message exists (it was finished already), ENOTFOUND if not.
func (db *DB) unfinished(ctx context.Context, tx *sqlx.Tx, op string, id int64, res sql.Result, err error) error {
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return err
	}
	var n int
	if err := tx.GetContext(ctx, &n, db.rebind(`SELECT COUNT(*) FROM outbox WHERE id = ?`), id); err != nil {
		return err
	}
	if n == 0 {
		return notFound(op, "outbox message not found")
	}
	return nil
}

// forgetOutbox unlinks a deleted resident from the outbox: what was not sent
// yet is cancelled, and every message to them loses its text, buttons, chat
// and resident. The rows stay, so counts of a broadcast still add up.
func (db *DB) forgetOutbox(ctx context.Context, tx *sqlx.Tx, residentID, chatID int64) error {
	_, err := tx.ExecContext(ctx, db.rebind(`
		UPDATE outbox SET
			status = CASE WHEN status IN ('pending', 'sending') THEN 'cancelled' ELSE status END,
			lease_until = NULL, text = '', buttons = '', chat_id = 0, resident_id = 0
		WHERE resident_id = ? OR chat_id = ?`), residentID, chatID)
	return err
}
