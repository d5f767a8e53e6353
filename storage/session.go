package storage

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/jmoiron/sqlx"

	"danchu"
)

// DB keeps sessions too, so that in the embedded shape (no Redis) a
// conversation survives a restart. The send rate and locks stay in memory.
// Sessions kept in Redis (storage/kv) are not sealed: Redis holds them in
// memory with a time to live, and production runs it beside the program.
var _ danchu.SessionStore = (*DB)(nil)

// prunePerSet bounds the expired sessions one SetSession deletes.
const prunePerSet = 100

// sealedMark starts a value that db.Secrets sealed (a draft's data, a
// session): version 1, AES-256-GCM through secret.Box, bound to the row's
// key. A value without the mark was written in the clear, before sealing
// came or with no key, and is read as it is; it is sealed when next written.
var sealedMark = []byte("\x00danchu-sealed:1\x00")

// seal returns value sealed under db.Secrets bound to place, or value itself
// when there is no key.
func (db *DB) seal(value []byte, place string) ([]byte, error) {
	if db.Secrets == nil {
		return value, nil
	}
	sealed, err := db.Secrets.Seal(value, []byte(place))
	if err != nil {
		return nil, err
	}
	return append(append(make([]byte, 0, len(sealedMark)+len(sealed)), sealedMark...), sealed...), nil
}

// unseal opens a value stored by seal at place; ok is false when it is sealed
// and does not open (no key, another key, or a row moved from another
// place). A value in the clear is returned as it is.
func (db *DB) unseal(stored []byte, place string) (value []byte, ok bool) {
	sealed, isSealed := bytes.CutPrefix(stored, sealedMark)
	if !isSealed {
		return stored, true
	}
	if db.Secrets == nil {
		return nil, false
	}
	value, err := db.Secrets.Open(sealed, []byte(place))
	if err != nil {
		return nil, false
	}
	if value == nil {
		value = []byte{}
	}
	return value, true
}

// sessionPlace binds a sealed session to its key.
func sessionPlace(key string) string { return "session:" + key }

// GetSession returns ENOTFOUND when there is no live session for key: a
// session lives while now is before its expiry, as in storage/kv. With
// db.Secrets, sessions are sealed at rest (while a tố cáo is being written,
// the session holds the typed identity); one that does not open (the key
// changed) is no session either: the conversation begins again rather than
// failing every update of the chat until it expires.
func (db *DB) GetSession(ctx context.Context, key string) ([]byte, error) {
	const op = "storage.GetSession"
	var stored []byte
	err := db.get(ctx, &stored, `SELECT data FROM sessions WHERE session_key = ? AND expires_at > ?`, key, ts(db.now()))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(op, "no session")
	}
	if err != nil {
		return nil, internal(op, err)
	}
	data, ok := db.unseal(stored, sessionPlace(key))
	if !ok {
		return nil, notFound(op, "the session does not open with this secret key")
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
	stored, err := db.seal(value, sessionPlace(key))
	if err != nil {
		return internal(op, err)
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
			key, stored, ts(now.Add(ttl)))
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
