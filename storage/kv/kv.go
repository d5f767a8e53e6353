// Package kv keeps conversation sessions, the shared send rate and locks:
// in process memory for one process, in Redis for replicas (danchu.KV).
package kv

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"danchu"
)

// DefaultPrefix starts every Redis key danchu writes.
const DefaultPrefix = "danchu:"

// Engines a KV URL can name.
const (
	EngineMemory = "memory"
	EngineRedis  = "redis"
)

// ParseURL tells the engine of a KV URL: "" or "memory:" for process memory,
// redis://HOST:PORT/DB (or rediss:// for TLS) for Redis, with its options.
// cmd/danchu calls it to check the configuration before it starts anything.
// Errors never repeat the URL, which may hold a password.
func ParseURL(rawURL string) (engine string, opt *redis.Options, err error) {
	if rawURL == "" || rawURL == "memory:" {
		return EngineMemory, nil, nil
	}
	scheme, _, ok := strings.Cut(rawURL, ":")
	if !ok || !validScheme(scheme) {
		return "", nil, errors.New("DANCHU_REDIS_URL has no scheme: use redis://HOST:PORT/DB or leave it empty for memory")
	}
	switch strings.ToLower(scheme) {
	case "redis", "rediss":
		opt, err := redis.ParseURL(rawURL)
		if err != nil {
			var ue *url.Error
			if errors.As(err, &ue) {
				err = ue.Err // url.Error quotes the whole URL
			}
			return "", nil, fmt.Errorf("DANCHU_REDIS_URL: %v: use redis://HOST:PORT/DB", err)
		}
		return EngineRedis, opt, nil
	default:
		return "", nil, fmt.Errorf("DANCHU_REDIS_URL: unknown scheme %q: use redis://HOST:PORT/DB or leave it empty for memory", scheme)
	}
}

// Open returns the KV the URL names. A Redis server must answer at once.
func Open(ctx context.Context, rawURL string) (danchu.KV, error) {
	engine, opt, err := ParseURL(rawURL)
	if err != nil {
		return nil, err
	}
	if engine == EngineMemory {
		return NewMemory(time.Now), nil
	}
	client := redis.NewClient(opt)
	if err := client.Ping(ctx).Err(); err != nil {
		client.Close()
		return nil, fmt.Errorf("DANCHU_REDIS_URL: cannot reach redis at %s (is it running?): %w", opt.Addr, err)
	}
	return NewRedis(client, DefaultPrefix), nil
}

// validScheme reports whether s can be a URL scheme (RFC 3986, 3.1).
func validScheme(s string) bool {
	for i, r := range s {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z':
		case i > 0 && ('0' <= r && r <= '9' || r == '+' || r == '-' || r == '.'):
		default:
			return false
		}
	}
	return s != ""
}

// checkTTL refuses a time to live that would never expire or is already over.
func checkTTL(op string, ttl time.Duration) error {
	if ttl <= 0 {
		return &danchu.Error{Code: danchu.EINVALID, Op: op, Message: "time to live must be positive"}
	}
	return nil
}

func checkRate(op string, perSecond float64, burst int) error {
	if !(perSecond > 0) || burst < 1 {
		return &danchu.Error{Code: danchu.EINVALID, Op: op, Message: "rate and burst must be positive"}
	}
	return nil
}

func notFound(op string) error {
	return &danchu.Error{Code: danchu.ENOTFOUND, Op: op, Message: "no live session"}
}

func lockLost(op, key string) error {
	return &danchu.Error{Code: danchu.ECONFLICT, Op: op, Message: fmt.Sprintf("lock %q expired or was taken before unlock", key)}
}
