package kv

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"danchu"
)

// Redis is the KV shared by replicas.
type Redis struct {
	client *redis.Client
	prefix string
}

var _ danchu.KV = (*Redis)(nil)

// NewRedis uses client for the KV, with every key under prefix ("" means
// DefaultPrefix). Close closes the client.
func NewRedis(client *redis.Client, prefix string) *Redis {
	if prefix == "" {
		prefix = DefaultPrefix
	}
	return &Redis{client: client, prefix: prefix}
}

func (r *Redis) key(kind, key string) string { return r.prefix + kind + ":" + key }

// GetSession returns the live session, ENOTFOUND when there is none.
func (r *Redis) GetSession(ctx context.Context, key string) ([]byte, error) {
	b, err := r.client.Get(ctx, r.key("session", key)).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, notFound("kv.GetSession")
	}
	if err != nil {
		return nil, fmt.Errorf("kv: get session: %w", err)
	}
	return b, nil
}

// SetSession stores value for ttl.
func (r *Redis) SetSession(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	if err := checkTTL("kv.SetSession", ttl); err != nil {
		return err
	}
	if err := r.client.Set(ctx, r.key("session", key), value, atLeastMs(ttl)).Err(); err != nil {
		return fmt.Errorf("kv: set session: %w", err)
	}
	return nil
}

// DeleteSession forgets the session; deleting none is not an error.
func (r *Redis) DeleteSession(ctx context.Context, key string) error {
	if err := r.client.Del(ctx, r.key("session", key)).Err(); err != nil {
		return fmt.Errorf("kv: delete session: %w", err)
	}
	return nil
}

// reserveScript is a token bucket that may go into debt, as
// golang.org/x/time/rate's Reserve: the caller always gets its token and is
// told how long to wait for it. It reads the server's clock (TIME), so every
// replica sees one bucket whatever its own clock says. The hash holds the
// tokens left and when (microseconds) they were counted; it expires once the
// bucket would be full again, which is the same as absent.
var reserveScript = redis.NewScript(`
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local s = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(s[1])
local at = tonumber(s[2])
if tokens == nil or at == nil then
  tokens = burst
  at = now
end
if now > at then
  tokens = tokens + (now - at) * rate / 1000000
  at = now
end
tokens = math.min(burst, tokens) - 1
local wait = 0
if tokens < 0 then
  wait = math.ceil(-tokens * 1000000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'at', string.format('%d', at))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) * 1000 / rate) + 1000)
return wait
`)

// Reserve takes a token of the bucket key, shared by every replica, and
// returns how long to wait before using it.
func (r *Redis) Reserve(ctx context.Context, key string, perSecond float64, burst int) (time.Duration, error) {
	if err := checkRate("kv.Reserve", perSecond, burst); err != nil {
		return 0, err
	}
	us, err := reserveScript.Run(ctx, r.client, []string{r.key("rate", key)},
		strconv.FormatFloat(perSecond, 'g', -1, 64), burst).Int64()
	if err != nil {
		return 0, fmt.Errorf("kv: reserve: %w", err)
	}
	return time.Duration(us) * time.Microsecond, nil
}

// unlockScript deletes the lock only if it still holds our token, so a
// holder whose lock expired cannot release the next holder's.
var unlockScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`)

// TryLock takes key for ttl unless someone holds it (SET NX PX with a random
// token).
func (r *Redis) TryLock(ctx context.Context, key string, ttl time.Duration) (func(context.Context) error, bool, error) {
	if err := checkTTL("kv.TryLock", ttl); err != nil {
		return nil, false, err
	}
	k, token := r.key("lock", key), rand.Text()
	ok, err := r.client.SetNX(ctx, k, token, atLeastMs(ttl)).Result()
	if err != nil {
		return nil, false, fmt.Errorf("kv: lock: %w", err)
	}
	if !ok {
		return nil, false, nil
	}
	unlock := func(ctx context.Context) error {
		n, err := unlockScript.Run(ctx, r.client, []string{k}, token).Int64()
		if err != nil {
			return fmt.Errorf("kv: unlock: %w", err)
		}
		if n == 0 {
			return lockLost("kv.Unlock", key)
		}
		return nil
	}
	return unlock, true, nil
}

// Close closes the Redis client.
func (r *Redis) Close() error { return r.client.Close() }

// Ping asks Redis whether it answers.
func (r *Redis) Ping(ctx context.Context) error {
	if err := r.client.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("redis: %w", err)
	}
	return nil
}

// atLeastMs rounds a positive ttl below a millisecond up to one: Redis counts
// in milliseconds and 0 would mean "forever".
func atLeastMs(ttl time.Duration) time.Duration { return max(ttl, time.Millisecond) }
