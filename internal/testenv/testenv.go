// Package testenv tells tests where the real PostgreSQL and Redis are.
//
// Tests that need them read DANCHU_TEST_DATABASE_URL and DANCHU_TEST_REDIS_URL.
// Unset, the test is skipped with a line saying why; unset while CI=true, the
// test fails, so CI never skips them quietly (ARCHITECTURE.md).
package testenv

import (
	"os"
	"testing"
)

// DatabaseURL returns the PostgreSQL URL for tests, or skips (fails on CI).
func DatabaseURL(tb testing.TB) string {
	tb.Helper()
	return need(tb, "DANCHU_TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/danchu_test?sslmode=disable")
}

// RedisURL returns the Redis URL for tests, or skips (fails on CI).
func RedisURL(tb testing.TB) string {
	tb.Helper()
	return need(tb, "DANCHU_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
}

func need(tb testing.TB, name, example string) string {
	tb.Helper()
	if v := os.Getenv(name); v != "" {
		return v
	}
	if os.Getenv("CI") == "true" {
		tb.Fatalf("%s is not set and CI=true: set it (for example %s)", name, example)
	}
	tb.Skipf("skipped: %s is not set (for example %s)", name, example)
	return ""
}
