package flowstest

import (
	"fmt"
	"slices"
	"sync"
	"time"
)

// Set moves the test's clock to t.
func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// remindAt runs the reminders at t on each engine given (at once when there
// are several, as replicas would), delivers the outbox and returns what
// went out as "kind to name" lines, sorted.
func (w *World) RemindAt(t time.Time, engines ...*Program) []string {
	w.TB.Helper()
	w.Clock.Set(t)
	fmt.Fprintf(&w.log, "\n### the reminders run at %s", t.Format("15:04 02/01/2006"))
	if len(engines) > 1 {
		fmt.Fprintf(&w.log, " on %d replicas at once", len(engines))
	}
	w.log.WriteString("\n")
	var wg sync.WaitGroup
	errs := make([]error, len(engines))
	for i, e := range engines {
		wg.Go(func() { errs[i] = e.RunRemindersAt(w.Ctx, t) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			w.TB.Fatalf("RunRemindersAt(%s): %v", t, err)
		}
	}
	var got []string
	for _, m := range w.DeliverOutbox() {
		got = append(got, m.Kind+" to "+w.People[m.ChatID].Name)
	}
	slices.Sort(got)
	return got
}
