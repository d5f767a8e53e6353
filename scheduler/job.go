package scheduler

import (
	"context"
	"strconv"
	"time"

	"danchu"
)

// Job is work done on a schedule. Its name is its key in the settings'
// "jobs" section, which gives the schedule and the catch-up window.
type Job interface {
	Name() string
	// Run returns the outbox messages of the run planned at r.Planned. The
	// scheduler stores them and marks the run done in one transaction, so
	// they are written exactly once. Run should only read: a run whose
	// scheduler died before finishing is run again (by a replica, or after
	// the restart), so any other write it makes must be idempotent, for
	// example guarded by the state it changes ("close the vote if open").
	Run(ctx context.Context, r Run) ([]*danchu.OutboxMessage, error)
}

// Run is one run of a job.
type Run struct {
	Job string
	// Planned is the time the schedule gave, in the unit's time zone: what
	// the run is about ("the reminders of 11 June").
	Planned time.Time
	// Now is when it actually runs: Planned, or later when it is made up
	// after a restart. Messages should say how things stand at Now.
	Now time.Time
}

// DedupKey is "<job>:<planned>:<recipient>:<item>", the outbox key of a
// message of this run to recipient about item ("" when a run sends the
// recipient one message).
func (r Run) DedupKey(recipient int64, item string) string {
	k := r.Job + ":" + r.Planned.UTC().Format(time.RFC3339) + ":" + strconv.FormatInt(recipient, 10)
	if item != "" {
		k += ":" + item
	}
	return k
}
