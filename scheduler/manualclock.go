package scheduler

import (
	"context"
	"sync"
	"time"
)

// ManualClock is time that moves only when told, for end-to-end tests of
// the whole program: Set moves it, the scheduler wakes and makes the runs
// due, and WaitIdle returns once it sleeps again.
type ManualClock struct {
	mu       sync.Mutex
	now      time.Time
	changed  chan struct{}       // closed and replaced at every change
	sleepers map[*byte]time.Time // SleepUntil calls and the time each waits for
}

// NewManualClock starts at t.
func NewManualClock(t time.Time) *ManualClock {
	return &ManualClock{now: t, changed: make(chan struct{}), sleepers: map[*byte]time.Time{}}
}

// Now is the clock's time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t (never back) and wakes those whose time came.
func (c *ManualClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.After(c.now) {
		c.now = t
	}
	c.notify()
}

func (c *ManualClock) notify() {
	close(c.changed)
	c.changed = make(chan struct{})
}

// SleepUntil waits until Set reaches t, or ctx ends.
func (c *ManualClock) SleepUntil(ctx context.Context, t time.Time) error {
	key := new(byte)
	c.mu.Lock()
	c.sleepers[key] = t
	c.notify()
	defer func() {
		c.mu.Lock()
		delete(c.sleepers, key)
		c.notify()
		c.mu.Unlock()
	}()
	for c.now.Before(t) {
		ch := c.changed
		c.mu.Unlock()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ch:
		}
		c.mu.Lock()
	}
	c.mu.Unlock()
	return ctx.Err()
}

// WaitIdle returns once n callers of SleepUntil wait for a time after now:
// n schedulers made everything due at the clock's time.
func (c *ManualClock) WaitIdle(ctx context.Context, n int) error {
	c.mu.Lock()
	for c.ahead() < n {
		ch := c.changed
		c.mu.Unlock()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ch:
		}
		c.mu.Lock()
	}
	c.mu.Unlock()
	return nil
}

// ahead counts the sleepers whose time is still to come. Called with mu held.
func (c *ManualClock) ahead() int {
	n := 0
	for _, t := range c.sleepers {
		if t.After(c.now) {
			n++
		}
	}
	return n
}
