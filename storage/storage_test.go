package storage_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"danchu"
	"danchu/storage"
	"danchu/storage/storagetest"
)

// forEachEngine runs a store test on SQLite and PostgreSQL, each on a fresh
// migrated database whose clock stands still at t0 until the test moves it.
func forEachEngine(t *testing.T, fn func(t *testing.T, db *storage.DB)) {
	storagetest.ForEachEngine(t, func(t *testing.T, db *storage.DB) {
		db.Now = func() time.Time { return t0 }
		fn(t, db)
	})
}

// forEachFreshURL runs fn on an empty database of each engine.
func forEachFreshURL(t *testing.T, fn func(t *testing.T, url string)) {
	for _, e := range []struct {
		name string
		url  func(testing.TB) string
	}{{"sqlite", storagetest.SQLiteURL}, {"postgres", storagetest.PostgresURL}} {
		t.Run(e.name, func(t *testing.T) {
			t.Parallel()
			fn(t, e.url(t))
		})
	}
}

// t0 is the stores' clock in tests; microseconds, as the database keeps them.
var t0 = time.Date(2026, 3, 1, 8, 30, 15, 123456000, time.UTC)

func wantCode(tb testing.TB, err error, code string) {
	tb.Helper()
	if got := danchu.ErrorCode(err); got != code {
		tb.Fatalf("error code = %q, want %q (err: %v)", got, code, err)
	}
	if code != "" {
		var de *danchu.Error
		if !errors.As(err, &de) {
			tb.Fatalf("error %v is not a *danchu.Error", err)
		}
	}
}

func mustNil(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

func count(tb testing.TB, db *storage.DB, query string, args ...any) int64 {
	tb.Helper()
	n, err := storage.CountForTest(tb.Context(), db, query, args...)
	mustNil(tb, err)
	return n
}

func TestParseURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url, engine, dsn, err string
	}{
		{url: "postgres://u:p@db:5432/danchu?sslmode=disable", engine: "postgres", dsn: "postgres://u:p@db:5432/danchu?sslmode=disable"},
		{url: "postgresql://db/danchu", engine: "postgres", dsn: "postgresql://db/danchu"},
		{url: "sqlite:danchu.db", engine: "sqlite", dsn: "danchu.db"},
		{url: "sqlite:/var/lib/danchu/danchu.db", engine: "sqlite", dsn: "/var/lib/danchu/danchu.db"},
		{url: "sqlite:///var/lib/danchu.db", engine: "sqlite", dsn: "/var/lib/danchu.db"},
		{url: "mysql://u:p@db/danchu", err: `DANCHU_DATABASE_URL: unknown scheme "mysql": use postgres://... or sqlite:PATH`},
		{url: "", err: "DANCHU_DATABASE_URL is empty: use postgres://... or sqlite:PATH"},
		{url: "danchu.db", err: "DANCHU_DATABASE_URL has no scheme: use postgres://... or sqlite:PATH"},
		{url: "host=db password=secret:x", err: "DANCHU_DATABASE_URL has no scheme: use postgres://... or sqlite:PATH"},
		{url: "sqlite:", err: "DANCHU_DATABASE_URL: sqlite needs a file path: use sqlite:PATH, for example sqlite:danchu.db"},
		{url: "sqlite::memory:", err: "DANCHU_DATABASE_URL: sqlite::memory: is not supported: use a file, for example sqlite:danchu.db"},
		{url: "sqlite:x.db?mode=ro", err: "DANCHU_DATABASE_URL: the sqlite path must not contain '?': danchu sets the SQLite options itself"},
		{url: "postgres:danchu", err: "DANCHU_DATABASE_URL: use postgres://USER@HOST:PORT/DB?sslmode=..."},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			engine, dsn, err := storage.ParseURL(tt.url)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("ParseURL(%q) error = %v, want %q", tt.url, err, tt.err)
				}
				if strings.Contains(err.Error(), "secret") || strings.Contains(err.Error(), ":p@") {
					t.Fatalf("error repeats the URL: %v", err)
				}
				return
			}
			if err != nil || engine != tt.engine || dsn != tt.dsn {
				t.Fatalf("ParseURL(%q) = %q, %q, %v; want %q, %q", tt.url, engine, dsn, err, tt.engine, tt.dsn)
			}
		})
	}
}

func TestOpenRefusesBadURLs(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	if _, err := storage.Open(ctx, "mysql://u:p@db/danchu"); err == nil || !strings.Contains(err.Error(), `unknown scheme "mysql"`) {
		t.Fatalf("Open(mysql) error = %v", err)
	}
	// Nothing listens on port 1: the error must come at Open, not later.
	_, err := storage.Open(ctx, "postgres://postgres@127.0.0.1:1/danchu?sslmode=disable&connect_timeout=5")
	if err == nil || !strings.Contains(err.Error(), "connect to postgres") {
		t.Fatalf("Open(unreachable postgres) error = %v", err)
	}
	_, err = storage.Open(ctx, "sqlite:"+t.TempDir()+"/no/such/dir/danchu.db")
	if err == nil {
		t.Fatal("Open(sqlite in a missing directory) succeeded")
	}
}

func TestMigrate(t *testing.T) {
	forEachFreshURL(t, func(t *testing.T, url string) {
		ctx := t.Context()
		db := storagetest.MustOpenRaw(t, url)
		if got := db.Engine(); !strings.HasPrefix(url, got) {
			t.Fatalf("Engine() = %q for %s", got, url)
		}
		mustNil(t, db.Ping(ctx))

		current, known, err := db.SchemaVersion(ctx)
		mustNil(t, err)
		if current != 0 || known < 1 {
			t.Fatalf("fresh database: SchemaVersion = %d, %d; want 0, >= 1", current, known)
		}
		var se *storage.SchemaError
		if err := db.CheckSchema(ctx); !errors.As(err, &se) || se.Newer() {
			t.Fatalf("fresh database: CheckSchema = %v, want a schema behind", err)
		}
		if !strings.Contains(se.Error(), "run danchu migrate") {
			t.Fatalf("behind: message %q does not say what to do", se.Error())
		}

		for range 2 { // the second run is a no-op
			mustNil(t, db.Migrate(ctx))
			current, got, err := db.SchemaVersion(ctx)
			mustNil(t, err)
			if current != known || got != known {
				t.Fatalf("after Migrate: SchemaVersion = %d, %d; want %d, %d", current, got, known, known)
			}
			mustNil(t, db.CheckSchema(ctx))
		}
	})
}

func TestMigrateRefusesSchemaFromTheFuture(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		_, known, err := db.SchemaVersion(ctx)
		mustNil(t, err)
		mustNil(t, storage.ExecForTest(ctx, db,
			`INSERT INTO goose_db_version (version_id, is_applied) VALUES (?, ?)`, known+2, true))

		want := "database schema version " + itoa(known+2) + " is newer than this program knows (" + itoa(known) + "): upgrade danchu"
		for name, err := range map[string]error{"CheckSchema": db.CheckSchema(ctx), "Migrate": db.Migrate(ctx)} {
			var se *storage.SchemaError
			if !errors.As(err, &se) || !se.Newer() || err.Error() != want {
				t.Errorf("%s = %v, want %q", name, err, want)
			}
		}
	})
}

func TestMigrateConcurrentReplicas(t *testing.T) {
	t.Parallel()
	url := storagetest.PostgresURL(t)
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i := range errs {
		db := storagetest.MustOpenRaw(t, url)
		wg.Go(func() { errs[i] = db.Migrate(t.Context()) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("replica %d: Migrate = %v", i, err)
		}
	}
}

func TestSQLiteForeignKeysAreOn(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t, storagetest.SQLiteURL(t))
	err := db.GrantRole(t.Context(), danchu.RoleGrant{ResidentID: 999, Role: danchu.RoleAdmin})
	wantCode(t, err, danchu.ENOTFOUND)
}

func TestContextCancelled(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		err := db.CreateResident(ctx, &danchu.Resident{TelegramID: 1})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("CreateResident on a cancelled context = %v", err)
		}
		if _, err := db.FindResidentByTelegramID(t.Context(), 1); danchu.ErrorCode(err) != danchu.ENOTFOUND {
			t.Fatalf("the cancelled create stored something: %v", err)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestSQLiteTwoHandles: danchu admin may write beside danchu serve; the busy
// timeout makes one wait for the other instead of failing.
func TestSQLiteTwoHandles(t *testing.T) {
	t.Parallel()
	url := storagetest.SQLiteURL(t)
	handles := []*storage.DB{storagetest.MustOpen(t, url), storagetest.MustOpenRaw(t, url)}
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for h, db := range handles {
		for i := range 20 {
			wg.Go(func() {
				errs <- db.CreateResident(t.Context(), &danchu.Resident{TelegramID: int64(h*100 + i + 1)})
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	list, err := handles[1].ListResidents(t.Context(), "")
	mustNil(t, err)
	if len(list) != 40 {
		t.Fatalf("%d residents stored, want 40", len(list))
	}
}
