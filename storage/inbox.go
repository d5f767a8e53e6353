package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/jmoiron/sqlx"

	"danchu"
)

var _ danchu.InboxService = (*DB)(nil)

type inboxRow struct {
	UpdateID   int64      `db:"update_id"`
	ChatID     int64      `db:"chat_id"`
	Payload    []byte     `db:"payload"`
	ReceivedAt timestamp  `db:"received_at"`
	HandledAt  *timestamp `db:"handled_at"`
	Attempts   int        `db:"attempts"`
	LastError  string     `db:"last_error"`
}

// PutUpdate stores u and reports whether it was new (false for a repeat,
// which leaves the stored update as it was). A zero ReceivedAt means now.
func (db *DB) PutUpdate(ctx context.Context, u *danchu.InboxUpdate) (bool, error) {
	const op = "storage.PutUpdate"
	if u.ReceivedAt.IsZero() {
		u.ReceivedAt = db.now()
	}
	payload := u.Payload
	if payload == nil {
		payload = []byte{}
	}
	var n int64
	err := db.update(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`
			INSERT INTO inbox (update_id, chat_id, payload, received_at, handled_at, attempts, last_error)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (update_id) DO NOTHING`),
			u.UpdateID, u.ChatID, payload, ts(u.ReceivedAt), tsPtr(u.HandledAt), u.Attempts, u.LastError)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return false, internal(op, err)
	}
	return n == 1, nil
}

// MaxUpdateID returns the highest stored update_id, 0 when none.
func (db *DB) MaxUpdateID(ctx context.Context) (int64, error) {
	var id int64
	if err := db.get(ctx, &id, `SELECT COALESCE(MAX(update_id), 0) FROM inbox`); err != nil {
		return 0, internal("storage.MaxUpdateID", err)
	}
	return id, nil
}

// PendingChats lists the chats with unhandled updates, the chat whose oldest
// pending update is oldest first; limit <= 0 lists them all.
func (db *DB) PendingChats(ctx context.Context, limit int) ([]int64, error) {
	const op = "storage.PendingChats"
	q := `SELECT chat_id FROM inbox WHERE handled_at IS NULL GROUP BY chat_id ORDER BY MIN(update_id)`
	args := []any{}
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	chats := []int64{}
	if err := db.sel(ctx, &chats, q, args...); err != nil {
		return nil, internal(op, err)
	}
	return chats, nil
}

// NextUpdate returns the unhandled update of the chat with the lowest
// update_id; ENOTFOUND when the chat has none.
func (db *DB) NextUpdate(ctx context.Context, chatID int64) (*danchu.InboxUpdate, error) {
	const op = "storage.NextUpdate"
	var r inboxRow
	err := db.get(ctx, &r, `
		SELECT update_id, chat_id, payload, received_at, handled_at, attempts, last_error
		FROM inbox WHERE chat_id = ? AND handled_at IS NULL ORDER BY update_id LIMIT 1`, chatID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(op, "no pending update for this chat")
	}
	if err != nil {
		return nil, internal(op, err)
	}
	return &danchu.InboxUpdate{
		UpdateID:   r.UpdateID,
		ChatID:     r.ChatID,
		Payload:    r.Payload,
		ReceivedAt: r.ReceivedAt.Time(),
		HandledAt:  r.HandledAt.TimePtr(),
		Attempts:   r.Attempts,
		LastError:  r.LastError,
	}, nil
}

// MarkHandled records that the update was handled (or given up) at now. An
// empty lastError keeps the error of an earlier attempt. ENOTFOUND for an
// unknown update.
func (db *DB) MarkHandled(ctx context.Context, updateID int64, now time.Time, lastError string) error {
	const op = "storage.MarkHandled"
	return internal(op, db.update(ctx, func(tx *sqlx.Tx) error {
		var res sql.Result
		var err error
		if lastError == "" {
			res, err = tx.ExecContext(ctx, db.rebind(`UPDATE inbox SET handled_at = ? WHERE update_id = ?`),
				ts(now), updateID)
		} else {
			res, err = tx.ExecContext(ctx, db.rebind(`UPDATE inbox SET handled_at = ?, last_error = ? WHERE update_id = ?`),
				ts(now), lastError, updateID)
		}
		return mustAffect(op, res, err, "update not found")
	}))
}

// MarkAttempt counts a failed attempt and keeps the update pending.
// ENOTFOUND for an unknown update.
func (db *DB) MarkAttempt(ctx context.Context, updateID int64, lastError string) error {
	const op = "storage.MarkAttempt"
	return internal(op, db.update(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`
			UPDATE inbox SET attempts = attempts + 1, last_error = ? WHERE update_id = ?`), lastError, updateID)
		return mustAffect(op, res, err, "update not found")
	}))
}

// PruneInbox deletes updates handled before the given time and returns how
// many went. It keeps the newest update, so MaxUpdateID does not go back.
// Payloads hold what residents wrote: they are kept no longer than needed.
func (db *DB) PruneInbox(ctx context.Context, handledBefore time.Time) (int64, error) {
	const op = "storage.PruneInbox"
	var n int64
	err := db.update(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`
			DELETE FROM inbox WHERE handled_at IS NOT NULL AND handled_at < ?
			AND update_id < (SELECT MAX(update_id) FROM inbox)`), ts(handledBefore))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, internal(op, err)
	}
	return n, nil
}

// blankInbox empties the payloads of a chat's handled updates: they hold the
// resident's name, phone and messages. Pending ones are still being handled.
func (db *DB) blankInbox(ctx context.Context, tx *sqlx.Tx, chatID int64) error {
	_, err := tx.ExecContext(ctx, db.rebind(`
		UPDATE inbox SET payload = ? WHERE chat_id = ? AND handled_at IS NOT NULL`), []byte("{}"), chatID)
	return err
}
