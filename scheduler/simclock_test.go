package scheduler_test

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// simClock is simulated time shared by the schedulers of a test. It moves
// only when every member (a running scheduler) sleeps, and then jumps to
// the earliest time one of them waits for, so a year passes in seconds and
// every run happens at exactly its planned time. Events are test steps (an
// official presses a button) run at their time while all members sleep; an
// event that returns true halts the clock there (to stop the schedulers).
type simClock struct {
	now atomic.Pointer[time.Time] // read without the lock: events and stores read it

	mu       sync.Mutex
	halted   bool // by an event, until Set moves the clock for a restart
	members  int
	sleepers []*sleeper
	events   []simEvent
}

type sleeper struct {
	until time.Time
	wake  chan struct{}
}

type simEvent struct {
	at time.Time
	fn func(at time.Time) (halt bool)
}

func newSimClock(t time.Time) *simClock {
	c := &simClock{}
	c.now.Store(&t)
	return c
}

func (c *simClock) Now() time.Time { return *c.now.Load() }

// Set moves the clock while no member runs (a restart after downtime), and
// lets it move again after a halt.
func (c *simClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now.Store(&t)
	c.halted = false
}

// Join counts a scheduler about to run; Leave, one that stopped.
func (c *simClock) Join() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.members++
}

func (c *simClock) Leave() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.members--
	c.advance()
}

// At runs fn when the clock reaches at, before anything planned at that
// time. fn must not call At, Join, Leave or Set.
func (c *simClock) At(at time.Time, fn func(at time.Time) (halt bool)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.events = append(c.events, simEvent{at, fn})
	slices.SortStableFunc(c.events, func(a, b simEvent) int { return a.at.Compare(b.at) })
}

func (c *simClock) SleepUntil(ctx context.Context, until time.Time) error {
	c.mu.Lock()
	if !until.After(c.Now()) {
		c.mu.Unlock()
		return ctx.Err()
	}
	s := &sleeper{until: until, wake: make(chan struct{})}
	c.sleepers = append(c.sleepers, s)
	c.advance()
	c.mu.Unlock()
	select {
	case <-s.wake:
		return ctx.Err()
	case <-ctx.Done():
		c.mu.Lock()
		c.sleepers = slices.DeleteFunc(c.sleepers, func(x *sleeper) bool { return x == s })
		c.mu.Unlock()
		return ctx.Err()
	}
}

// advance moves time while every member sleeps. Called with mu held.
func (c *simClock) advance() {
	for !c.halted && c.members > 0 && len(c.sleepers) == c.members {
		target := c.sleepers[0].until
		for _, s := range c.sleepers {
			if s.until.Before(target) {
				target = s.until
			}
		}
		if len(c.events) > 0 && !c.events[0].at.After(target) {
			ev := c.events[0]
			c.events = c.events[1:]
			if ev.at.After(c.Now()) {
				at := ev.at
				c.now.Store(&at)
			}
			c.halted = ev.fn(ev.at)
			continue
		}
		c.now.Store(&target)
		c.sleepers = slices.DeleteFunc(c.sleepers, func(s *sleeper) bool {
			if s.until.After(target) {
				return false
			}
			close(s.wake)
			return true
		})
	}
}
