package danchu

import (
	"testing"
	"time"
)

// Which reminder of an event is due, worked out by hand for a meeting on
// Wednesday 18/03/2026 at 19:30 announced on Monday morning.
func TestDueReminder(t *testing.T) {
	ict := time.FixedZone("ICT", 7*3600)
	at := time.Date(2026, 3, 18, 19, 30, 0, 0, ict)
	monday := time.Date(2026, 3, 16, 8, 0, 0, 0, ict)
	on := func(day, hour, minute int) time.Time { return time.Date(2026, 3, day, hour, minute, 0, 0, ict) }
	for _, c := range []struct {
		now, created time.Time
		want         Reminder // "" for none
		why          string
	}{
		{on(17, 19, 29), monday, "", "a minute before the day's reminder is due"},
		{on(17, 19, 30), monday, ReminderDay, "24 hours before"},
		{on(18, 18, 29), monday, ReminderDay, "made up until the hour's is due"},
		{on(18, 18, 30), monday, ReminderHour, "one hour before: the day's is past"},
		{on(18, 19, 29), monday, ReminderHour, "made up until the meeting starts"},
		{on(18, 19, 30), monday, "", "the meeting has started"},
		{on(18, 9, 0), on(17, 20, 0), "", "announced within the day: the day's reminder is not sent"},
		{on(18, 18, 45), on(17, 20, 0), ReminderHour, "the hour's reminder still is"},
		{on(18, 19, 0), on(18, 18, 40), "", "announced within the hour: nothing to remind"},
		{on(18, 18, 30), on(18, 18, 30), "", "announced at the very moment the hour's is due"},
	} {
		got, ok := DueReminder(at, c.created, c.now)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("at %s, announced %s: %q %v, want %q (%s)", c.now.Format("02/01 15:04"), c.created.Format("02/01 15:04"),
				got, ok, c.want, c.why)
		}
	}
}
