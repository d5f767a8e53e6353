package scheduler

import (
	"context"
	"time"
)

// Clock is the scheduler's time. Tests pass a simulated one that jumps to
// the time asked, so a year runs in seconds.
type Clock interface {
	Now() time.Time
	// SleepUntil returns when the clock reads t or later (nil), or when ctx
	// is done (ctx.Err()).
	SleepUntil(ctx context.Context, t time.Time) error
}

// maxNap bounds one real sleep, so that a wall clock set forward or a
// machine waking from suspend is noticed within a minute.
const maxNap = time.Minute

// WallClock is real time read through now (time.Now when nil).
func WallClock(now func() time.Time) Clock {
	if now == nil {
		now = time.Now
	}
	return wallClock{now: now}
}

type wallClock struct{ now func() time.Time }

func (c wallClock) Now() time.Time { return c.now() }

func (c wallClock) SleepUntil(ctx context.Context, t time.Time) error {
	for {
		d := t.Sub(c.now())
		if d <= 0 {
			return ctx.Err()
		}
		timer := time.NewTimer(min(d, maxNap))
		select {
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		case <-timer.C:
		}
	}
}
