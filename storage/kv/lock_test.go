package kv_test

import (
	"testing"
	"time"

	"danchu"
)

func TestLockIsExclusiveAndReleased(t *testing.T) {
	forEachKV(t, func(t *testing.T, e env) {
		ctx := t.Context()
		unlock, ok, err := e.kv.TryLock(ctx, "job:report", time.Minute)
		if err != nil || !ok {
			t.Fatalf("TryLock = %v, %v", ok, err)
		}
		if _, ok, err := e.replica.TryLock(ctx, "job:report", time.Minute); err != nil || ok {
			t.Fatalf("second TryLock of a held lock = %v, %v; want false", ok, err)
		}
		unlockOther, ok, err := e.replica.TryLock(ctx, "job:other", time.Minute)
		if err != nil || !ok {
			t.Fatalf("TryLock of another key = %v, %v", ok, err)
		}
		if err := unlock(ctx); err != nil {
			t.Fatalf("unlock: %v", err)
		}
		wantCode(t, unlock(ctx), danchu.ECONFLICT) // not ours any more
		again, ok, err := e.replica.TryLock(ctx, "job:report", time.Minute)
		if err != nil || !ok {
			t.Fatalf("TryLock after unlock = %v, %v", ok, err)
		}
		for _, u := range []func() error{func() error { return again(ctx) }, func() error { return unlockOther(ctx) }} {
			if err := u(); err != nil {
				t.Fatal(err)
			}
		}
		_, _, err = e.kv.TryLock(ctx, "job:report", 0)
		wantCode(t, err, danchu.EINVALID)
	})
}

func TestLockExpires(t *testing.T) {
	forEachKV(t, func(t *testing.T, e env) {
		ctx := t.Context()
		ttl := 200 * time.Millisecond
		stale, ok, err := e.kv.TryLock(ctx, "job:remind", ttl)
		if err != nil || !ok {
			t.Fatalf("TryLock = %v, %v", ok, err)
		}
		if e.memory {
			e.pass(ttl - time.Nanosecond)
			if _, ok, _ := e.kv.TryLock(ctx, "job:remind", ttl); ok {
				t.Fatal("lock taken before it expired")
			}
		}
		var unlock func() error
		e.eventually(t, 50*time.Millisecond, func() bool {
			u, ok, err := e.replica.TryLock(ctx, "job:remind", time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			if ok {
				unlock = func() error { return u(ctx) }
			}
			return ok
		})
		// The first holder comes back late: it must not release the new lock.
		wantCode(t, stale(ctx), danchu.ECONFLICT)
		if _, ok, _ := e.kv.TryLock(ctx, "job:remind", time.Minute); ok {
			t.Fatal("a stale unlock released the new holder's lock")
		}
		if err := unlock(); err != nil {
			t.Fatal(err)
		}
	})
}
