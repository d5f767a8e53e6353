package kv_test

import (
	"context"
	"testing"
	"time"

	"danchu/storage/kv"
)

// TestRedisKeys checks where the keys go and that none lives forever.
func TestRedisKeys(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	raw := mustRedisClient(t)
	prefix := mustRedisPrefix(t)
	k := kv.NewRedis(mustRedisClient(t), prefix)
	mustSetSession(t, k, "chat:7", "x", time.Hour)
	if _, err := k.Reserve(ctx, "global", 30, 30); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := k.TryLock(ctx, "job:x", time.Hour); !ok || err != nil {
		t.Fatalf("TryLock = %v, %v", ok, err)
	}
	for _, key := range []string{prefix + "session:chat:7", prefix + "rate:global", prefix + "lock:job:x"} {
		ttl, err := raw.PTTL(ctx, key).Result()
		if err != nil {
			t.Fatal(err)
		}
		if ttl <= 0 || ttl > time.Hour {
			t.Errorf("%s: PTTL = %v, want a key that expires within the hour", key, ttl)
		}
	}
}

func TestNewRedisDefaultPrefix(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	raw := mustRedisClient(t)
	k := kv.NewRedis(mustRedisClient(t), "")
	key := "kvtest-" + t.Name() + "-" + time.Now().Format(time.RFC3339Nano)
	mustSetSession(t, k, key, "x", time.Minute)
	t.Cleanup(func() { raw.Del(context.Background(), kv.DefaultPrefix+"session:"+key) })
	if n, err := raw.Exists(ctx, kv.DefaultPrefix+"session:"+key).Result(); err != nil || n != 1 {
		t.Fatalf("key not under %q: %d, %v", kv.DefaultPrefix, n, err)
	}
}
