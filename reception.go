package danchu

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ReceptionSettings are the calendar of tiếp công dân (LAW.md, "Citizen
// reception and dialogue"): the chairman receives citizens at least one day
// a week (Luật Tiếp công dân 2013, Điều 15), the head of the party committee
// at least two days a month (Quy định 11-QĐi/TW 2019). Sessions fall on
// working days only (holidays come from the calendar); exceptions move,
// cancel or add a session.
type ReceptionSettings struct {
	SlotMinutes int `yaml:"slot_minutes"` // length of one booking
	Capacity    int `yaml:"capacity"`     // people per slot
	DaysAhead   int `yaml:"days_ahead"`   // how far ahead residents may book
	// RemindAt is the time ("17:00") from which residents are reminded, the
	// day before, of their booking; "" reminds as soon as the day begins.
	RemindAt string `yaml:"remind_at"`
	// Hosts are who receives, each on their days.
	Hosts      []ReceptionHost      `yaml:"hosts"`
	Exceptions []ReceptionException `yaml:"exceptions"`
}

// ReceptionHost is a person who receives citizens, and when.
type ReceptionHost struct {
	Key   string `yaml:"key"`   // "chairman", "party_secretary": stored with bookings
	Title string `yaml:"title"` // as residents read it
	// Weekdays are English day names ("thursday"); Weeks the weeks of the
	// month (1 to 5: the first to fifth such weekday; -1: the last),
	// every week when empty.
	Weekdays []string `yaml:"weekdays"`
	Weeks    []int    `yaml:"weeks"`
	From     string   `yaml:"from"` // "07:30"
	To       string   `yaml:"to"`   // "11:00"
	// The law's minimum, checked against the schedule: days a week, or
	// days a month.
	MinDaysPerWeek  int `yaml:"min_days_per_week"`
	MinDaysPerMonth int `yaml:"min_days_per_month"`
}

// ReceptionException changes one day: Off cancels the host's session (all
// hosts' when Host is ""); otherwise From and To hold a session that day,
// in place of the usual one (a moved day, an extra day).
type ReceptionException struct {
	Date string `yaml:"date"` // dd/mm/yyyy
	Host string `yaml:"host"`
	Off  bool   `yaml:"off"`
	From string `yaml:"from"`
	To   string `yaml:"to"`
	Note string `yaml:"note"`
}

// ReceptionSession is one host's reception on one day.
type ReceptionSession struct {
	Host  ReceptionHost
	Start time.Time
	End   time.Time
	Note  string // from an exception
}

// Slots are the starts of the session's bookings, slot minutes apart; the
// last one ends by the session's end.
func (s ReceptionSession) Slots(slot time.Duration) []time.Time {
	if slot <= 0 {
		return nil
	}
	var out []time.Time
	for t := s.Start; !t.Add(slot).After(s.End); t = t.Add(slot) {
		out = append(out, t)
	}
	return out
}

var weekdayNames = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
}

// Host returns the host with key.
func (r ReceptionSettings) Host(key string) (ReceptionHost, bool) {
	for _, h := range r.Hosts {
		if h.Key == key {
			return h, true
		}
	}
	return ReceptionHost{}, false
}

// RemindFrom is when the reminders of the day that begins at day go out;
// ok is false when RemindAt is not set.
func (r ReceptionSettings) RemindFrom(day time.Time) (time.Time, bool) {
	if r.RemindAt == "" {
		return time.Time{}, false
	}
	return clockOn(day, r.RemindAt)
}

// Slot is the length of a booking.
func (r ReceptionSettings) Slot() time.Duration { return time.Duration(r.SlotMinutes) * time.Minute }

// onDay reports whether the host's usual schedule holds a session on day.
func (h ReceptionHost) onDay(day time.Time) bool {
	if !slices.ContainsFunc(h.Weekdays, func(w string) bool { return weekdayNames[strings.ToLower(w)] == day.Weekday() }) {
		return false
	}
	if len(h.Weeks) == 0 {
		return true
	}
	nth := (day.Day()-1)/7 + 1
	last := day.AddDate(0, 0, 7).Month() != day.Month()
	return slices.Contains(h.Weeks, nth) || last && slices.Contains(h.Weeks, -1)
}

// clock reads "HH:MM" on day.
func clockOn(day time.Time, hhmm string) (time.Time, bool) {
	t, err := time.Parse("15:04", hhmm)
	if err != nil {
		return time.Time{}, false
	}
	return time.Date(day.Year(), day.Month(), day.Day(), t.Hour(), t.Minute(), 0, 0, day.Location()), true
}

// Sessions lists the receptions of the days from `from` to `to` (both
// included, days in the calendar's time zone), by start then host. The
// usual schedule skips days that are not working days; an exception's
// session is held whatever the day.
func (r ReceptionSettings) Sessions(cal *Calendar, from, to time.Time) []ReceptionSession {
	var out []ReceptionSession
	for day := cal.Day(from); !day.After(cal.Day(to)); day = cal.Day(day.AddDate(0, 0, 1).Add(time.Hour)) {
		for _, h := range r.Hosts {
			start, end, note, ok := r.sessionOn(cal, h, day)
			if ok {
				out = append(out, ReceptionSession{Host: h, Start: start, End: end, Note: note})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b ReceptionSession) int { return a.Start.Compare(b.Start) })
	return out
}

func (r ReceptionSettings) sessionOn(cal *Calendar, h ReceptionHost, day time.Time) (start, end time.Time, note string, ok bool) {
	date := day.Format("02/01/2006")
	from, to := h.From, h.To
	usual := h.onDay(day) && cal.IsWorkingDay(day)
	for _, ex := range r.Exceptions {
		if ex.Date != date || ex.Host != "" && ex.Host != h.Key {
			continue
		}
		if ex.Off {
			return time.Time{}, time.Time{}, "", false
		}
		if ex.Host == h.Key && ex.From != "" {
			from, to, note, usual = ex.From, ex.To, ex.Note, true
		}
	}
	if !usual {
		return time.Time{}, time.Time{}, "", false
	}
	start, ok1 := clockOn(day, from)
	end, ok2 := clockOn(day, to)
	return start, end, note, ok1 && ok2 && end.After(start)
}

// SessionAt finds the host's session that holds a slot starting at start:
// a booking's button names a slot, and it must be one the calendar gives.
func (r ReceptionSettings) SessionAt(cal *Calendar, hostKey string, start time.Time) (ReceptionSession, bool) {
	for _, s := range r.Sessions(cal, start, start) {
		if s.Host.Key != hostKey {
			continue
		}
		if slices.ContainsFunc(s.Slots(r.Slot()), func(t time.Time) bool { return t.Equal(start) }) {
			return s, true
		}
	}
	return ReceptionSession{}, false
}

// validate checks the reception section; an empty one (a settings file
// older than the feature) is allowed and offers no booking.
func (r ReceptionSettings) validate() error {
	if len(r.Hosts) == 0 {
		return nil
	}
	if r.SlotMinutes <= 0 || r.Capacity <= 0 || r.DaysAhead <= 0 {
		return invalid("reception: slot_minutes, capacity and days_ahead must be more than 0", "reception")
	}
	if _, ok := clockOn(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), r.RemindAt); r.RemindAt != "" && !ok {
		return invalid(fmt.Sprintf("reception: remind_at %q: write it as HH:MM", r.RemindAt), "reception", "remind_at")
	}
	keys := map[string]bool{}
	for i, h := range r.Hosts {
		idx := strconv.Itoa(i)
		if !jobName.MatchString(h.Key) || keys[h.Key] {
			return invalid(fmt.Sprintf("reception host %q: a unique key of lowercase letters, digits and _", h.Key), "reception", "hosts", idx)
		}
		keys[h.Key] = true
		if strings.TrimSpace(h.Title) == "" {
			return invalid(fmt.Sprintf("reception host %q needs a title", h.Key), "reception", "hosts", idx)
		}
		for _, w := range h.Weekdays {
			if _, ok := weekdayNames[strings.ToLower(w)]; !ok {
				return invalid(fmt.Sprintf("reception host %q: %q is not a weekday (monday ... sunday)", h.Key, w), "reception", "hosts", idx, "weekdays")
			}
		}
		for _, n := range h.Weeks {
			if n != -1 && (n < 1 || n > 5) {
				return invalid(fmt.Sprintf("reception host %q: week %d: use 1 to 5, or -1 for the last", h.Key, n), "reception", "hosts", idx, "weeks")
			}
		}
		day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		start, ok1 := clockOn(day, h.From)
		end, ok2 := clockOn(day, h.To)
		if !ok1 || !ok2 || !end.After(start) || end.Sub(start) < r.Slot() {
			return invalid(fmt.Sprintf("reception host %q: from and to as HH:MM, at least one slot apart", h.Key), "reception", "hosts", idx)
		}
		perWeek := len(h.Weekdays)
		perMonth := len(h.Weekdays) * 4
		if len(h.Weeks) > 0 {
			perWeek = 0 // not every week
			perMonth = len(h.Weekdays) * len(h.Weeks)
		}
		if perWeek < h.MinDaysPerWeek {
			return invalid(fmt.Sprintf("reception host %q: the law asks for at least %d day(s) every week", h.Key, h.MinDaysPerWeek), "reception", "hosts", idx)
		}
		if perMonth < h.MinDaysPerMonth {
			return invalid(fmt.Sprintf("reception host %q: the law asks for at least %d day(s) a month", h.Key, h.MinDaysPerMonth), "reception", "hosts", idx)
		}
	}
	for i, ex := range r.Exceptions {
		idx := strconv.Itoa(i)
		if _, err := time.Parse("02/01/2006", ex.Date); err != nil {
			return invalid(fmt.Sprintf("reception exception %q: write the date as dd/mm/yyyy", ex.Date), "reception", "exceptions", idx)
		}
		if ex.Host != "" && !keys[ex.Host] {
			return invalid(fmt.Sprintf("reception exception %s: unknown host %q", ex.Date, ex.Host), "reception", "exceptions", idx)
		}
		if !ex.Off {
			day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			start, ok1 := clockOn(day, ex.From)
			end, ok2 := clockOn(day, ex.To)
			if ex.Host == "" || !ok1 || !ok2 || !end.After(start) {
				return invalid(fmt.Sprintf("reception exception %s: either off: true, or a host with from and to as HH:MM", ex.Date), "reception", "exceptions", idx)
			}
		}
	}
	return nil
}

// Booking states. The values are stored.
const (
	BookingBooked    = "booked"
	BookingCancelled = "cancelled"
	BookingReceived  = "received" // the resident came and was received
	BookingAbsent    = "absent"   // the resident did not come
)

// MaxBookingTopic is the longest topic of a booking, in characters.
const MaxBookingTopic = 500

// Booking is a resident's place in a reception slot.
type Booking struct {
	ID         int64      `json:"id"`
	ResidentID int64      `json:"resident_id"`    // 0 once the profile is deleted
	Name       string     `json:"name,omitempty"` // the resident's name, filled by lists
	Host       string     `json:"host"`           // ReceptionHost.Key
	SlotStart  time.Time  `json:"slot_start"`
	Topic      string     `json:"topic"`
	Status     string     `json:"status"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
	RecordedBy int64      `json:"recorded_by,omitempty"` // the official who marked received or absent
	RemindedAt *time.Time `json:"reminded_at,omitempty"`
}

// MayRecordReception reports whether a may see the day's list and mark
// visits: the chairman and officials (the official on duty).
func MayRecordReception(a Actor) bool {
	return a.ResidentID != 0 && (a.Has(RoleChairman) || a.Has(RoleOfficial))
}

// ReceptionFigures count the visits for the reports.
type ReceptionFigures struct {
	Booked    int `json:"booked"`    // still waiting
	Cancelled int `json:"cancelled"` //
	Received  int `json:"received"`  // people received
	Absent    int `json:"absent"`    //
}

// ReceptionService stores bookings.
type ReceptionService interface {
	// Book stores b (status booked) when the slot has a free place, in one
	// transaction: ECONFLICT when the slot holds capacity bookings already,
	// or the resident holds one in it. EINVALID without a topic.
	Book(ctx context.Context, b *Booking, capacity int) error
	// FindBooking returns ENOTFOUND when there is no such booking.
	FindBooking(ctx context.Context, id int64) (*Booking, error)
	// BookingsOf lists the resident's bookings whose slot starts at or
	// after since, soonest first.
	BookingsOf(ctx context.Context, residentID int64, since time.Time) ([]*Booking, error)
	// Bookings lists the bookings (every status) whose slot starts in
	// [from, to), by slot then id, with names.
	Bookings(ctx context.Context, from, to time.Time) ([]*Booking, error)
	// SlotTaken counts the places taken in each slot starting in
	// [from, to), by "host|unix seconds of the start".
	SlotTaken(ctx context.Context, from, to time.Time) (map[string]int, error)
	// CancelBooking cancels a booked booking of the resident, freeing its
	// place. ENOTFOUND when it is not theirs; EINVALID when it is not booked.
	CancelBooking(ctx context.Context, id, residentID int64, at time.Time) error
	// RecordVisit marks a booked booking received or absent. EINVALID for
	// another status or a booking already marked or cancelled.
	RecordVisit(ctx context.Context, id int64, status string, by int64, at time.Time) error
	// BookingsToRemind lists the booked bookings whose slot starts in
	// [from, to), created before createdBefore and not reminded yet.
	BookingsToRemind(ctx context.Context, from, to, createdBefore time.Time) ([]*Booking, error)
	// MarkBookingReminded records the reminder; false when recorded before.
	MarkBookingReminded(ctx context.Context, id int64, at time.Time) (bool, error)
	// ReceptionFigures counts the bookings whose slot starts in [from, to)
	// by status.
	ReceptionFigures(ctx context.Context, from, to time.Time) (ReceptionFigures, error)
}

// SlotKey names a slot in SlotTaken's answer.
func SlotKey(host string, start time.Time) string {
	return host + "|" + strconv.FormatInt(start.Unix(), 10)
}
