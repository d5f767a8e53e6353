package danchu

import "time"

// Date formats t as dd/mm/yyyy in loc, the way residents read dates.
func Date(t time.Time, loc *time.Location) string { return t.In(loc).Format("02/01/2006") }

// DateTime formats t as HH:MM dd/mm/yyyy in loc.
func DateTime(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("15:04 02/01/2006")
}
