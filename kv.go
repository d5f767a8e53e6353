package danchu

import (
	"context"
	"time"
)

// SessionStore keeps conversation state per chat with a time to live. In the
// embedded shape it is process memory; in production it is Redis, shared by
// replicas (storage/kv).
type SessionStore interface {
	// GetSession returns ENOTFOUND when there is no live session for key.
	GetSession(ctx context.Context, key string) ([]byte, error)
	SetSession(ctx context.Context, key string, value []byte, ttl time.Duration) error
	DeleteSession(ctx context.Context, key string) error
}

// RateLimiter shares a send rate between replicas.
type RateLimiter interface {
	// Reserve takes one token of the bucket key, which refills at perSecond
	// with room for burst, and returns how long the caller must wait before
	// using it (0 when it may go now). Callers sleep for the returned duration.
	Reserve(ctx context.Context, key string, perSecond float64, burst int) (time.Duration, error)
}

// Locker gives a lock that replicas share. TryLock returns ok=false when
// someone else holds key; the lock expires after ttl if never released.
type Locker interface {
	TryLock(ctx context.Context, key string, ttl time.Duration) (unlock func(context.Context) error, ok bool, err error)
}

// KV is the three together, as storage/kv provides them.
type KV interface {
	SessionStore
	RateLimiter
	Locker
	// Ping reports whether the store answers (for /readyz).
	Ping(ctx context.Context) error
	Close() error
}
