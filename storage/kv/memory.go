package kv

import (
	"context"
	"crypto/rand"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"danchu"
)

// sweepEvery is how often (by the injected clock) expired entries are
// dropped; between sweeps they are only hidden.
const sweepEvery = time.Minute

// Memory is the KV of a single process. Its clock is injected, so tests move
// time instead of waiting.
type Memory struct {
	now func() time.Time

	mu        sync.Mutex
	sessions  map[string]memSession
	limiters  map[string]*rate.Limiter
	locks     map[string]memLock
	lastSweep time.Time
}

type memSession struct {
	value   []byte
	expires time.Time
}

type memLock struct {
	token   string
	expires time.Time
}

var _ danchu.KV = (*Memory)(nil)

// NewMemory returns an empty in-process KV; now nil means time.Now.
func NewMemory(now func() time.Time) *Memory {
	if now == nil {
		now = time.Now
	}
	return &Memory{
		now:      now,
		sessions: map[string]memSession{},
		limiters: map[string]*rate.Limiter{},
		locks:    map[string]memLock{},
	}
}

// GetSession returns a copy of the live session, ENOTFOUND when there is none.
func (m *Memory) GetSession(ctx context.Context, key string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sessions[key]
	if !ok || !m.now().Before(s.expires) {
		return nil, notFound("kv.GetSession")
	}
	return clone(s.value), nil
}

// SetSession stores a copy of value for ttl.
func (m *Memory) SetSession(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	if err := checkTTL("kv.SetSession", ttl); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	m.sweep(now)
	m.sessions[key] = memSession{value: clone(value), expires: now.Add(ttl)}
	return nil
}

// DeleteSession forgets the session; deleting none is not an error.
func (m *Memory) DeleteSession(ctx context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.sessions, key)
	return nil
}

// Reserve takes a token of the bucket key and returns how long to wait.
func (m *Memory) Reserve(ctx context.Context, key string, perSecond float64, burst int) (time.Duration, error) {
	if err := checkRate("kv.Reserve", perSecond, burst); err != nil {
		return 0, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	m.sweep(now)
	lim, ok := m.limiters[key]
	if !ok {
		lim = rate.NewLimiter(rate.Limit(perSecond), burst)
		m.limiters[key] = lim
	} else {
		if lim.Limit() != rate.Limit(perSecond) {
			lim.SetLimitAt(now, rate.Limit(perSecond))
		}
		if lim.Burst() != burst {
			lim.SetBurstAt(now, burst)
		}
	}
	r := lim.ReserveN(now, 1)
	if !r.OK() { // only when burst < 1, which checkRate refuses
		return 0, &danchu.Error{Code: danchu.EINVALID, Op: "kv.Reserve", Message: "rate and burst must be positive"}
	}
	return r.DelayFrom(now), nil
}

// TryLock takes key for ttl unless someone holds it.
func (m *Memory) TryLock(ctx context.Context, key string, ttl time.Duration) (func(context.Context) error, bool, error) {
	if err := checkTTL("kv.TryLock", ttl); err != nil {
		return nil, false, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	m.sweep(now)
	if l, held := m.locks[key]; held && now.Before(l.expires) {
		return nil, false, nil
	}
	token := rand.Text()
	m.locks[key] = memLock{token: token, expires: now.Add(ttl)}
	unlock := func(context.Context) error {
		m.mu.Lock()
		defer m.mu.Unlock()
		l, held := m.locks[key]
		if !held || l.token != token || !m.now().Before(l.expires) {
			return lockLost("kv.Unlock", key)
		}
		delete(m.locks, key)
		return nil
	}
	return unlock, true, nil
}

// Close does nothing: memory goes with the process.
func (m *Memory) Close() error { return nil }

// Ping always answers: the memory is the process's own.
func (m *Memory) Ping(context.Context) error { return nil }

// sweep drops expired sessions and locks and full buckets (a full bucket is
// the same as a new one) once per sweepEvery. m.mu is held.
func (m *Memory) sweep(now time.Time) {
	if now.Sub(m.lastSweep) < sweepEvery {
		return
	}
	m.lastSweep = now
	for k, s := range m.sessions {
		if !now.Before(s.expires) {
			delete(m.sessions, k)
		}
	}
	for k, l := range m.locks {
		if !now.Before(l.expires) {
			delete(m.locks, k)
		}
	}
	for k, lim := range m.limiters {
		if lim.TokensAt(now) >= float64(lim.Burst()) {
			delete(m.limiters, k)
		}
	}
}

// Len reports how many sessions, buckets and locks are kept, expired or not:
// for tests that check the sweep.
func (m *Memory) Len() (sessions, buckets, locks int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.sessions), len(m.limiters), len(m.locks)
}

func clone(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return append([]byte(nil), b...)
}
