package storage_test

import (
	"testing"
	"time"

	"danchu"
	"danchu/storage"
	"danchu/storage/storagetest"
)

func wantSession(tb testing.TB, s danchu.SessionStore, key, want string) {
	tb.Helper()
	got, err := s.GetSession(tb.Context(), key)
	if err != nil || string(got) != want {
		tb.Fatalf("GetSession(%q) = %q, %v; want %q", key, got, err, want)
	}
}

func TestSessions(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		_, err := db.GetSession(ctx, "chat:1")
		wantCode(t, err, danchu.ENOTFOUND)

		mustNil(t, db.SetSession(ctx, "chat:1", []byte(`{"flow":"gui_don","step":1}`), time.Hour))
		mustNil(t, db.SetSession(ctx, "chat:1", []byte(`{"flow":"gui_don","step":2}`), time.Hour))
		mustNil(t, db.SetSession(ctx, "chat:2", []byte(`{"flow":"toi"}`), time.Minute))
		wantSession(t, db, "chat:1", `{"flow":"gui_don","step":2}`)
		wantSession(t, db, "chat:2", `{"flow":"toi"}`)

		mustNil(t, db.DeleteSession(ctx, "chat:1"))
		mustNil(t, db.DeleteSession(ctx, "chat:1"))
		_, err = db.GetSession(ctx, "chat:1")
		wantCode(t, err, danchu.ENOTFOUND)
		wantCode(t, db.SetSession(ctx, "chat:3", []byte("x"), 0), danchu.EINVALID)
		wantCode(t, db.SetSession(ctx, "chat:3", []byte("x"), -time.Second), danchu.EINVALID)
	})
}

// TestSessionTTL: a session lives while now is before its expiry, as in
// storage/kv, and expired ones are deleted as others are written.
func TestSessionTTL(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		now := t0
		db.Now = func() time.Time { return now }
		mustNil(t, db.SetSession(ctx, "chat:1", []byte("short"), time.Minute))
		mustNil(t, db.SetSession(ctx, "chat:2", []byte("long"), time.Hour))

		now = t0.Add(time.Minute - time.Microsecond)
		wantSession(t, db, "chat:1", "short")
		now = t0.Add(time.Minute)
		_, err := db.GetSession(ctx, "chat:1")
		wantCode(t, err, danchu.ENOTFOUND)
		wantSession(t, db, "chat:2", "long")
		if n := count(t, db, `SELECT COUNT(*) FROM sessions`); n != 2 {
			t.Fatalf("%d rows before a write, want 2 (expired rows are only invisible)", n)
		}

		mustNil(t, db.SetSession(ctx, "chat:3", []byte("new"), time.Hour))
		if n := count(t, db, `SELECT COUNT(*) FROM sessions WHERE session_key = 'chat:1'`); n != 0 {
			t.Fatal("the expired session was not pruned by the next write")
		}
		// Writing an expired key again starts it anew.
		mustNil(t, db.SetSession(ctx, "chat:2", []byte("renewed"), time.Minute))
		now = t0.Add(90 * time.Second)
		wantSession(t, db, "chat:2", "renewed")
	})
}

// TestSessionsSurviveRestart: in the embedded shape the conversation is in
// the SQLite file, so a new process finds it.
func TestSessionsSurviveRestart(t *testing.T) {
	t.Parallel()
	url := storagetest.SQLiteURL(t)
	first := storagetest.MustOpen(t, url)
	mustNil(t, first.SetSession(t.Context(), "chat:1", []byte(`{"flow":"gui_don","step":4}`), time.Hour))
	mustNil(t, first.Close())
	second := storagetest.MustOpen(t, url)
	wantSession(t, second, "chat:1", `{"flow":"gui_don","step":4}`)
}

// With a secret key, sessions kept in the database are sealed at rest;
// callers see what they stored, and sessions written in the clear before
// still read. One that does not open is no session.
func TestSessionsSealedAtRest(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		const value = `{"flow":"pet","data":{"id_name":"Hoàng Thị Bí Mật","id_phone":"+84987000111"}}`
		raw := func(key string) []byte {
			return rawColumn(t, db, `SELECT data FROM sessions WHERE session_key = ?`, key)
		}
		mustNil(t, db.SetSession(ctx, "session:2", []byte(`{"flow":"reg"}`), time.Hour))
		db.Secrets = mustBox(t)

		mustNil(t, db.SetSession(ctx, "session:1", []byte(value), time.Hour))
		mustNotHold(t, "the session row", raw("session:1"), "Hoàng Thị Bí Mật", "+84987000111", "id_name")
		wantSession(t, db, "session:1", value)
		wantSession(t, db, "session:2", `{"flow":"reg"}`)
		mustNil(t, db.SetSession(ctx, "session:2", []byte(`{"flow":"reg","data":{"phone":"+84911000222"}}`), time.Hour))
		mustNotHold(t, "the session saved again", raw("session:2"), "+84911000222", "reg")
		mustNil(t, db.SetSession(ctx, "session:3", []byte{}, time.Hour))
		wantSession(t, db, "session:3", "")

		// Moved to another chat's key, it does not open there.
		mustNil(t, storage.ExecForTest(ctx, db, `UPDATE sessions SET session_key = 'session:9' WHERE session_key = 'session:1'`))
		_, err := db.GetSession(ctx, "session:9")
		wantCode(t, err, danchu.ENOTFOUND)
		// Under another key, or none, the conversation begins again.
		db.Secrets = mustBox(t)
		_, err = db.GetSession(ctx, "session:2")
		wantCode(t, err, danchu.ENOTFOUND)
		db.Secrets = nil
		_, err = db.GetSession(ctx, "session:2")
		wantCode(t, err, danchu.ENOTFOUND)
	})
}
