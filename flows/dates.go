package flows

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

var dateTimePattern = regexp.MustCompile(`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})[ ,]+(\d{1,2})[:hH.](\d{2})$`)

// parseDateTime reads "20/03/2026 08:00" (or 20/3/2026 8h00) in the unit's
// time zone.
func (b Base) ParseDateTime(s string) (time.Time, bool) {
	m := dateTimePattern.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return time.Time{}, false
	}
	n := make([]int, 6)
	for i := 1; i <= 5; i++ {
		n[i], _ = strconv.Atoi(m[i])
	}
	t := time.Date(n[3], time.Month(n[2]), n[1], n[4], n[5], 0, 0, b.Settings.Location())
	if t.Day() != n[1] || int(t.Month()) != n[2] || n[4] > 23 || n[5] > 59 || n[3] < 2000 {
		return time.Time{}, false
	}
	return t, true
}

// exampleTime is a date and time to show in prompts: tomorrow at 08:00.
func (b Base) ExampleTime(now time.Time) string {
	d := b.Calendar().Day(now).AddDate(0, 0, 1)
	return time.Date(d.Year(), d.Month(), d.Day(), 8, 0, 0, 0, d.Location()).Format("02/01/2006 15:04")
}

// monthStart is the first instant of the month yyyymm in the unit's zone.
func (b Base) MonthStart(yyyymm string) time.Time {
	m, _ := time.ParseInLocation("200601", yyyymm, b.Settings.Location())
	return m
}

func (b Base) MonthOf(t time.Time) string { return t.In(b.Settings.Location()).Format("200601") }

var WeekdayMessages = []Msg{msgSunday, msgMonday, msgTuesday, msgWednesday, msgThursday, msgFriday, msgSaturday}

// when is a meeting's time: "19:30, Thứ Bảy 21/03/2026".
func (b Base) When(lang string, at time.Time) string {
	local := at.In(b.Settings.Location())
	return local.Format("15:04") + ", " + b.Tr(lang, WeekdayMessages[local.Weekday()], nil) + " " + local.Format("02/01/2006")
}

var (
	meetingDayPattern   = regexp.MustCompile(`^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}))?$`)
	meetingClockPattern = regexp.MustCompile(`^(\d{1,2})(?:[:hH.](\d{2})?)?$`)
)

// parseDay reads "21/03/2026" or "21/3" (the next such day) as midnight in
// the unit's time zone, today or later.
func (b Base) ParseDay(s string, now time.Time) (time.Time, bool) {
	m := meetingDayPattern.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return time.Time{}, false
	}
	loc := b.Settings.Location()
	today := now.In(loc)
	d, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	y := today.Year()
	if m[3] != "" {
		y, _ = strconv.Atoi(m[3])
	}
	day := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, loc)
	if day.Day() != d || int(day.Month()) != mo {
		return time.Time{}, false // 31/02
	}
	start := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, loc)
	if m[3] == "" && day.Before(start) {
		day = day.AddDate(1, 0, 0)
	}
	return day, !day.Before(start)
}

// parseClock reads "19:30", "19h30", "19h" or "7" on day.
func ParseClock(s string, day time.Time) (time.Time, bool) {
	m := meetingClockPattern.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil || day.IsZero() {
		return time.Time{}, false
	}
	h, _ := strconv.Atoi(m[1])
	mi := 0
	if m[2] != "" {
		mi, _ = strconv.Atoi(m[2])
	}
	if h > 23 || mi > 59 {
		return time.Time{}, false
	}
	return time.Date(day.Year(), day.Month(), day.Day(), h, mi, 0, 0, day.Location()), true
}

// parseDay reads a day typed as dd/mm/yyyy (or d/m/yyyy, with dots or
// dashes) as its midnight in loc.
func ParseDay(s string, loc *time.Location) (time.Time, bool) {
	m := dayPattern.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, false
	}
	day, _ := strconv.Atoi(m[1])
	month, _ := strconv.Atoi(m[2])
	year, _ := strconv.Atoi(m[3])
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, loc)
	if t.Day() != day || int(t.Month()) != month || year < 1900 {
		return time.Time{}, false
	}
	return t, true
}

var dayPattern = regexp.MustCompile(`^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})$`)
