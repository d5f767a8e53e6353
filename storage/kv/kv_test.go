package kv_test

import (
	"context"
	"crypto/rand"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"danchu"
	"danchu/internal/testenv"
	"danchu/storage/kv"
)

// env is one KV under test. pass lets d go by: it moves the memory clock and
// sleeps on Redis. replica is a second client on the same store (a second
// replica); in memory, the same store.
type env struct {
	kv      danchu.KV
	pass    func(d time.Duration)
	replica danchu.KV
	memory  bool
}

// forEachKV runs fn on memory (with a clock that stands still until moved)
// and on Redis (a prefix of its own, deleted at the end).
func forEachKV(t *testing.T, fn func(t *testing.T, e env)) {
	t.Run("memory", func(t *testing.T) {
		t.Parallel()
		c := &clock{t: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)}
		m := kv.NewMemory(c.Now)
		fn(t, env{kv: m, pass: c.Advance, replica: m, memory: true})
	})
	t.Run("redis", func(t *testing.T) {
		t.Parallel()
		prefix := mustRedisPrefix(t)
		fn(t, env{
			kv:      kv.NewRedis(mustRedisClient(t), prefix),
			pass:    time.Sleep,
			replica: kv.NewRedis(mustRedisClient(t), prefix),
		})
	})
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// mustRedisClient connects to the test Redis; the client is closed at the end.
func mustRedisClient(tb testing.TB) *redis.Client {
	tb.Helper()
	opt, err := redis.ParseURL(testenv.RedisURL(tb))
	if err != nil {
		tb.Fatalf("DANCHU_TEST_REDIS_URL: %v", err)
	}
	c := redis.NewClient(opt)
	tb.Cleanup(func() { c.Close() })
	if err := c.Ping(tb.Context()).Err(); err != nil {
		tb.Fatalf("redis: %v", err)
	}
	return c
}

// mustRedisPrefix returns a prefix no other test uses and deletes its keys at
// the end.
func mustRedisPrefix(tb testing.TB) string {
	tb.Helper()
	prefix := "danchutest:" + rand.Text() + ":"
	c := mustRedisClient(tb)
	tb.Cleanup(func() {
		ctx := context.Background()
		iter := c.Scan(ctx, 0, prefix+"*", 100).Iterator()
		for iter.Next(ctx) {
			c.Del(ctx, iter.Val())
		}
		if err := iter.Err(); err != nil {
			tb.Errorf("clean %s*: %v", prefix, err)
		}
	})
	return prefix
}

// eventually lets time pass in steps until cond holds, for at most a minute
// of (possibly fake) time.
func (e env) eventually(tb testing.TB, step time.Duration, cond func() bool) {
	tb.Helper()
	for waited := time.Duration(0); waited < time.Minute; waited += step {
		if cond() {
			return
		}
		e.pass(step)
	}
	tb.Fatal("condition not met within a minute")
}

func wantCode(tb testing.TB, err error, code string) {
	tb.Helper()
	if got := danchu.ErrorCode(err); got != code {
		tb.Fatalf("error code = %q, want %q (err: %v)", got, code, err)
	}
}

func TestParseURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url, engine, err string
	}{
		{url: "", engine: "memory"},
		{url: "memory:", engine: "memory"},
		{url: "redis://127.0.0.1:6379/15", engine: "redis"},
		{url: "rediss://u:p@redis.example:6380/0", engine: "redis"},
		{url: "x://host", err: `DANCHU_REDIS_URL: unknown scheme "x": use redis://HOST:PORT/DB or leave it empty for memory`},
		{url: "127.0.0.1:6379", err: "DANCHU_REDIS_URL has no scheme: use redis://HOST:PORT/DB or leave it empty for memory"},
		{url: "localhost", err: "DANCHU_REDIS_URL has no scheme: use redis://HOST:PORT/DB or leave it empty for memory"},
		{url: "redis://u:secret@host:6379/abc", err: `DANCHU_REDIS_URL: redis: invalid database number: "abc": use redis://HOST:PORT/DB`},
		{url: "redis://u:secret@host:port/0", err: "DANCHU_REDIS_URL: "},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			engine, _, err := kv.ParseURL(tt.url)
			if tt.err != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.err) {
					t.Fatalf("ParseURL(%q) error = %v, want %q", tt.url, err, tt.err)
				}
				if strings.Contains(err.Error(), "secret") {
					t.Fatalf("error repeats the password: %v", err)
				}
				return
			}
			if err != nil || engine != tt.engine {
				t.Fatalf("ParseURL(%q) = %q, %v; want %q", tt.url, engine, err, tt.engine)
			}
		})
	}
}

func TestOpen(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	for _, url := range []string{"", "memory:", testenv.RedisURL(t)} {
		k, err := kv.Open(ctx, url)
		if err != nil {
			t.Fatalf("Open(%q): %v", url, err)
		}
		if err := k.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
	}
	// Nothing listens on port 1: the error must come at Open, not later.
	if _, err := kv.Open(ctx, "redis://127.0.0.1:1/0"); err == nil || !strings.Contains(err.Error(), "cannot reach redis at 127.0.0.1:1") {
		t.Fatalf("Open(unreachable) error = %v", err)
	}
	if _, err := kv.Open(ctx, "x://y"); err == nil || !strings.Contains(err.Error(), `unknown scheme "x"`) {
		t.Fatalf("Open(x://) error = %v", err)
	}
}

func TestSessions(t *testing.T) {
	forEachKV(t, func(t *testing.T, e env) {
		ctx := t.Context()
		_, err := e.kv.GetSession(ctx, "chat:1")
		wantCode(t, err, danchu.ENOTFOUND)

		mustSetSession(t, e.kv, "chat:1", `{"flow":"gui_don","step":1}`, time.Hour)
		mustSetSession(t, e.kv, "chat:1", `{"flow":"gui_don","step":2}`, time.Hour)
		mustSetSession(t, e.kv, "chat:2", `{"flow":"toi"}`, time.Hour)
		wantSession(t, e.replica, "chat:1", `{"flow":"gui_don","step":2}`) // replicas share sessions
		wantSession(t, e.kv, "chat:2", `{"flow":"toi"}`)

		got, _ := e.kv.GetSession(ctx, "chat:2")
		got[0] = 'X' // the caller's copy
		wantSession(t, e.kv, "chat:2", `{"flow":"toi"}`)

		if err := e.kv.DeleteSession(ctx, "chat:1"); err != nil {
			t.Fatal(err)
		}
		_, err = e.replica.GetSession(ctx, "chat:1")
		wantCode(t, err, danchu.ENOTFOUND)
		if err := e.kv.DeleteSession(ctx, "chat:1"); err != nil {
			t.Fatalf("deleting an absent session: %v", err)
		}
		wantCode(t, e.kv.SetSession(ctx, "chat:3", []byte("x"), 0), danchu.EINVALID)
	})
}

func TestSessionExpires(t *testing.T) {
	forEachKV(t, func(t *testing.T, e env) {
		ctx := t.Context()
		ttl := 200 * time.Millisecond
		mustSetSession(t, e.kv, "chat:1", "short", ttl)
		if e.memory { // the clock stands still: exact edges
			wantSession(t, e.kv, "chat:1", "short")
			e.pass(ttl - time.Nanosecond)
			wantSession(t, e.kv, "chat:1", "short")
			e.pass(time.Nanosecond)
		}
		e.eventually(t, 50*time.Millisecond, func() bool {
			_, err := e.kv.GetSession(ctx, "chat:1")
			return danchu.ErrorCode(err) == danchu.ENOTFOUND
		})
	})
}

func TestMemorySweepsExpiredEntries(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	c := &clock{t: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)}
	m := kv.NewMemory(c.Now)
	for _, key := range []string{"a", "b", "c"} {
		mustSetSession(t, m, key, "x", time.Second)
		if _, ok, err := m.TryLock(ctx, key, time.Second); !ok || err != nil {
			t.Fatalf("TryLock(%s) = %v, %v", key, ok, err)
		}
		if _, err := m.Reserve(ctx, key, 10, 1); err != nil {
			t.Fatal(err)
		}
	}
	c.Advance(2 * time.Minute)
	mustSetSession(t, m, "kept", "x", time.Hour)
	if sessions, buckets, locks := m.Len(); sessions != 1 || buckets != 0 || locks != 0 {
		t.Fatalf("after the sweep: %d sessions, %d buckets, %d locks; want 1, 0, 0", sessions, buckets, locks)
	}
}

func mustSetSession(tb testing.TB, k danchu.KV, key, value string, ttl time.Duration) {
	tb.Helper()
	if err := k.SetSession(tb.Context(), key, []byte(value), ttl); err != nil {
		tb.Fatalf("SetSession(%s): %v", key, err)
	}
}

func wantSession(tb testing.TB, k danchu.KV, key, want string) {
	tb.Helper()
	got, err := k.GetSession(tb.Context(), key)
	if err != nil || string(got) != want {
		tb.Fatalf("GetSession(%s) = %q, %v; want %q", key, got, err, want)
	}
}
