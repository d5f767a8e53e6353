package storage

import (
	"context"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"danchu"
)

var _ danchu.ReminderService = (*DB)(nil)

// ReminderDone reports whether key is marked done (danchu.ReminderService).
func (db *DB) ReminderDone(ctx context.Context, key string) (bool, error) {
	var n int
	if err := db.get(ctx, &n, `SELECT COUNT(*) FROM reminders_done WHERE reminder_key = ?`, key); err != nil {
		return false, internal("storage.ReminderDone", err)
	}
	return n > 0, nil
}

// MarkReminderDone marks key done once (danchu.ReminderService). EINVALID
// for an empty key.
func (db *DB) MarkReminderDone(ctx context.Context, key string, at time.Time) (bool, error) {
	const op = "storage.MarkReminderDone"
	if strings.TrimSpace(key) == "" {
		return false, invalid(op, "a reminder needs a key")
	}
	var set bool
	err := db.update(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`INSERT INTO reminders_done (reminder_key, done_at) VALUES (?, ?)
			ON CONFLICT (reminder_key) DO NOTHING`), key, ts(at))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		set = n == 1
		return err
	})
	return set, internal(op, err)
}
