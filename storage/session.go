package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/jmoiron/sqlx"

	"danchu"
)

// DB keeps sessions too, so that in the embedded shape (no Redis) a
// conversation survives a restart. The send rate and locks stay in memory.
var _ danchu.SessionStore = (*DB)(nil)

// prunePerSet bounds the expired sessions one SetSession deletes.
const prunePerSet = 100

// GetSession returns ENOTFOUND when there is no live session for key: a
// session lives while now is before its expiry, as in storage/kv.
func (db *DB) GetSession(ctx context.Context, key string) ([]byte, error) {
	const op = "storage.GetSession"
	var data []byte
	err := db.get(ctx, &data, `SELECT data FROM sessions WHERE session_key = ? AND expires_at > ?`, key, ts(db.now()))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(op, "no session")
	}
	if err != nil {
		return nil, internal(op, err)
	}
	return data, nil
}

// SetSession stores value for ttl, and deletes a few expired sessions on
// the way, so that the table does not grow with chats that never came back.
// EINVALID when ttl is not positive.
func (db *DB) SetSession(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	const op = "storage.SetSession"
	if ttl <= 0 {
		return invalid(op, "time to live must be positive")
	}
	if value == nil {
		value = []byte{}
	}
	now := db.now()
	// SKIP LOCKED: pruning never waits for a session another replica is
	// writing, so two SetSession calls cannot deadlock on each other's rows.
	lock := ""
	if db.engine == EnginePostgres {
		lock = ` FOR UPDATE SKIP LOCKED`
	}
	return internal(op, db.update(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, db.rebind(`
			INSERT INTO sessions (session_key, data, expires_at) VALUES (?, ?, ?)
			ON CONFLICT (session_key) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at`),
			key, value, ts(now.Add(ttl)))
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, db.rebind(`
			DELETE FROM sessions WHERE session_key IN (
				SELECT session_key FROM sessions WHERE expires_at <= ? LIMIT ?`+lock+`)`),
			ts(now), prunePerSet)
		return err
	}))
}

// DeleteSession forgets the session; deleting none is not an error.
func (db *DB) DeleteSession(ctx context.Context, key string) error {
	const op = "storage.DeleteSession"
	return internal(op, db.update(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, db.rebind(`DELETE FROM sessions WHERE session_key = ?`), key)
		return err
	}))
}
