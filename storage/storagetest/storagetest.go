// Package storagetest gives tests a fresh, migrated database on each engine:
// SQLite in a temporary file, and PostgreSQL (from testenv) in a schema of
// its own, dropped at the end, so tests and packages run in parallel.
package storagetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"path/filepath"
	"testing"

	"danchu/internal/testenv"
	"danchu/storage"
)

// ForEachEngine runs fn as a parallel subtest on SQLite and on PostgreSQL,
// each with a fresh migrated database.
func ForEachEngine(t *testing.T, fn func(t *testing.T, db *storage.DB)) {
	t.Helper()
	engines := []struct {
		name string
		url  func(testing.TB) string
	}{
		{storage.EngineSQLite, SQLiteURL},
		{storage.EnginePostgres, PostgresURL},
	}
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			t.Parallel()
			fn(t, MustOpen(t, e.url(t)))
		})
	}
}

// MustOpen opens url, migrates it and closes it at the end of the test.
func MustOpen(tb testing.TB, url string) *storage.DB {
	tb.Helper()
	db := MustOpenRaw(tb, url)
	if err := db.Migrate(tb.Context()); err != nil {
		tb.Fatalf("migrate: %v", err)
	}
	return db
}

// MustOpenRaw opens url without migrating and closes it at the end.
func MustOpenRaw(tb testing.TB, url string) *storage.DB {
	tb.Helper()
	db, err := storage.Open(tb.Context(), url)
	if err != nil {
		tb.Fatalf("open: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// SQLiteURL is sqlite:PATH of a new file in the test's temporary directory.
func SQLiteURL(tb testing.TB) string {
	tb.Helper()
	return "sqlite:" + filepath.Join(tb.TempDir(), "danchu.db")
}

// PostgresURL creates an empty schema in the test database and returns a URL
// whose search_path is that schema; the schema is dropped at the end. It
// skips (or fails on CI) when no test database is configured.
func PostgresURL(tb testing.TB) string {
	tb.Helper()
	base := testenv.DatabaseURL(tb)
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("DANCHU_TEST_DATABASE_URL: %v", err)
	}
	schema := "test_" + randomHex(tb, 8)
	admin := func(query string) error {
		db, err := sql.Open("postgres", base)
		if err != nil {
			return err
		}
		defer db.Close()
		_, err = db.ExecContext(context.Background(), query)
		return err
	}
	if err := admin("CREATE SCHEMA " + schema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		if err := admin("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
	})
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func randomHex(tb testing.TB, n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		tb.Fatal(err)
	}
	return hex.EncodeToString(b)
}
