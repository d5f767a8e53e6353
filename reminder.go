package danchu

import (
	"context"
	"time"
)

// Reminder is which reminder of something held at a set time (a meeting, a
// dialogue, a reception booking) is due: one day before, or one hour before.
// The values go into dedup keys.
type Reminder string

const (
	ReminderDay  Reminder = "day"  // one day before
	ReminderHour Reminder = "hour" // one hour before
)

// Lead is how long before the event the reminder is due.
func (r Reminder) Lead() time.Duration {
	if r == ReminderDay {
		return 24 * time.Hour
	}
	return time.Hour
}

// DueReminder says which reminder of an event at `at`, announced (created)
// at created, is due at now: the day's from at-24h until the hour's is due,
// the hour's from at-1h until at. Only the latest due one is given, so a
// service down over the day's reminder does not send it next to the
// hour's. A reminder due before the event was announced is not given: the
// announcement itself said when. ok is false when none is due.
func DueReminder(at, created, now time.Time) (Reminder, bool) {
	for _, r := range []Reminder{ReminderHour, ReminderDay} {
		due := at.Add(-r.Lead())
		if !now.Before(due) {
			if !now.Before(at) || !created.Before(due) {
				return "", false
			}
			return r, true
		}
	}
	return "", false
}

// ReminderService records the reminders done, so that a job that runs every
// few minutes builds a reminder's messages once. Each message carries a
// dedup key besides (the outbox stores a key once): the record only spares
// the work of a repeat, and a run that dies between the messages and the
// record repeats nothing.
type ReminderService interface {
	// ReminderDone reports whether key is marked done.
	ReminderDone(ctx context.Context, key string) (bool, error)
	// MarkReminderDone marks key done at at; false when it was marked
	// before.
	MarkReminderDone(ctx context.Context, key string, at time.Time) (bool, error)
}
