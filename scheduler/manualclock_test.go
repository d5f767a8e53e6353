package scheduler_test

import (
	"context"
	"testing"
	"time"

	"danchu/scheduler"
)

// The clock end-to-end tests drive the program with: each Set makes the
// runs due, and WaitIdle returns when they are done.
func TestManualClockDrivesAScheduler(t *testing.T) {
	forEachWorld(t, local(2026, 6, 11, 7, 0), func(t *testing.T, w *world) {
		clock := scheduler.NewManualClock(local(2026, 6, 11, 7, 0))
		s := scheduler.New(scheduler.Config{Settings: w.settings, Runs: w.db, Clock: clock, Owner: "e2e"})
		if err := s.Register(scheduler.Jobs(w.settings, scheduler.Stores{Residents: w.db, Roles: w.db, Petitions: w.db,
			Deadlines: w.db, Figures: w.db, Runs: w.db})...); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error, 1)
		go func() { done <- s.Run(ctx) }()
		step := func(at time.Time, want int) {
			t.Helper()
			clock.Set(at)
			wctx, wcancel := context.WithTimeout(ctx, time.Minute) // generous: a bound, not a timing
			defer wcancel()
			if err := clock.WaitIdle(wctx, 1); err != nil {
				t.Fatalf("the scheduler did not settle at %s: %v", at, err)
			}
			if got := len(summary(w.deliver(), "report.reminder", "report.unconfirmed")); got != want {
				t.Fatalf("at %s: %d report messages, want %d", at.Format("02/01 15:04"), got, want)
			}
		}
		step(local(2026, 6, 11, 7, 0), 0)
		step(local(2026, 6, 11, 8, 0), 3) // D-3: the chairman and both officials
		w.press(w.official1, "rpt:done:half_year:2026")
		step(local(2026, 6, 13, 8, 0), 0) // D-1: submitted, so nothing, not even to the chairman
		step(local(2026, 6, 15, 8, 0), 0)
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	})
}
