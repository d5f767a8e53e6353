package danchu

import (
	"sort"
	"sync"
	"time"

	lunar "github.com/6tail/lunar-go/calendar"
)

// Calendar knows the unit's working days (LAW.md, "Who and where"): Saturdays,
// Sundays and public holidays are off, and weekend days the government
// declared working days are on. Every date it returns is a day: midnight in
// the unit's time zone.
//
// The days off of a year come from one of two sources:
//
//   - When the settings list the year (holidays.years), the fixed days plus
//     that list are the holidays, and nothing is computed: the list must then
//     hold the lunar days, the day beside 2/9 and every substitute day. This is
//     how an announced schedule, or a year where the Chinese lunar calendar
//     differs from the Vietnamese one, wins.
//   - Otherwise the year is computed from the law (Bộ luật Lao động 2019,
//     Điều 112): the fixed days, Tết Nguyên đán, Giỗ Tổ Hùng Vương (10/3 âm
//     lịch), the day beside 2/9, and a substitute day for each of them that
//     falls on a weekend.
//
// Computed Tết is five days: the last day of the lunar year (29 or 30 Chạp)
// and mùng 1 to mùng 4. The government announces the real schedule each year,
// usually five working days around mùng 1; this choice gives the same count,
// and a weekend inside it is made up after it, as for any holiday. The day
// beside 2/9 is 1/9, except when 2/9 is a Thursday, where 3/9 (Friday) joins
// the weekend, as announced in past years.
//
// The lunar dates come from github.com/6tail/lunar-go, which reckons the
// Chinese calendar at UTC+8. The Vietnamese calendar is reckoned at UTC+7, so
// in a few years (Tết 1985 and 2007, for example) the library is a day or a
// month off: list such a year in the settings. Years before 1900 and after
// 2199 get only the fixed days.
type Calendar struct {
	loc   *time.Location
	fixed []monthDay
	years map[int][]monthDay
	extra map[int][]monthDay

	mu    sync.Mutex
	cache map[int]yearDays
}

type monthDay struct {
	month time.Month
	day   int
}

// yearDays are the days off (holidays) and the declared extra working days of
// one year, keyed by the day of the year in the unit's time zone.
type yearDays struct {
	off   map[int]bool
	extra map[int]bool
}

// NewCalendar builds the calendar of the unit from its settings. The settings
// are checked when they are parsed, so a day that does not parse is skipped.
func NewCalendar(s *Settings) *Calendar {
	c := &Calendar{
		loc:   s.Location(),
		fixed: parseMonthDays(s.Holidays.Fixed),
		years: map[int][]monthDay{},
		extra: map[int][]monthDay{},
		cache: map[int]yearDays{},
	}
	for y, days := range s.Holidays.Years {
		c.years[y] = parseMonthDays(days)
	}
	for y, days := range s.Holidays.ExtraWorkingDays {
		c.extra[y] = parseMonthDays(days)
	}
	return c
}

func parseMonthDays(days []string) []monthDay {
	out := make([]monthDay, 0, len(days))
	for _, d := range days {
		t, err := time.Parse("02/01", d)
		if err != nil {
			continue
		}
		out = append(out, monthDay{t.Month(), t.Day()})
	}
	return out
}

// Location returns the unit's time zone, in which days begin and end.
func (c *Calendar) Location() *time.Location { return c.loc }

// Day returns the start (midnight) of t's day in the unit's time zone.
func (c *Calendar) Day(t time.Time) time.Time {
	t = t.In(c.loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, c.loc)
}

// EndOfDay returns the last second of t's day in the unit's time zone:
// a deadline "ends at the end of its last day" (Bộ luật Dân sự 2015, Điều 148).
// Whole seconds survive every store; a petition is overdue when now is after it.
func (c *Calendar) EndOfDay(t time.Time) time.Time {
	t = t.In(c.loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 23, 59, 59, 0, c.loc)
}

// Format writes t's day as dd/mm/yyyy in the unit's time zone.
func (c *Calendar) Format(t time.Time) string { return Date(t, c.loc) }

// IsWorkingDay reports whether t's day (in the unit's time zone) is a working
// day: a declared extra working day, or a weekday that is not a holiday.
func (c *Calendar) IsWorkingDay(t time.Time) bool {
	t = t.In(c.loc)
	yd := c.year(t.Year())
	k := t.YearDay()
	if yd.extra[k] {
		return true
	}
	if isWeekend(t) {
		return false
	}
	return !yd.off[k]
}

// IsHoliday reports whether t's day is a public holiday or a substitute day
// off, whatever the day of the week.
func (c *Calendar) IsHoliday(t time.Time) bool {
	t = t.In(c.loc)
	return c.year(t.Year()).off[t.YearDay()]
}

// Holidays lists the holidays and substitute days off of a year, in order,
// including those that fall on a weekend.
func (c *Calendar) Holidays(year int) []time.Time {
	yd := c.year(year)
	out := make([]time.Time, 0, len(yd.off))
	for k := range yd.off {
		out = append(out, time.Date(year, time.January, k, 0, 0, 0, 0, c.loc))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	return out
}

// AddWorkingDays returns the n-th working day after from's day; from's own
// day is never counted (Bộ luật Dân sự 2015, Điều 147). n = 0 returns from's day.
func (c *Calendar) AddWorkingDays(from time.Time, n int) time.Time {
	d := c.Day(from)
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if c.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// NextWorkingDay returns t's day when it is a working day, else the first
// working day after it.
func (c *Calendar) NextWorkingDay(t time.Time) time.Time {
	d := c.Day(t)
	for !c.IsWorkingDay(d) {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// WorkingDays counts the working days after from's day up to and including
// to's day; 0 when to is not after from.
func (c *Calendar) WorkingDays(from, to time.Time) int {
	d, end := c.Day(from), c.Day(to)
	n := 0
	for d.Before(end) {
		d = d.AddDate(0, 0, 1)
		if c.IsWorkingDay(d) {
			n++
		}
	}
	return n
}

// AddDays returns the last day of a period that starts on from's day.
// From's own day is not counted (Bộ luật Dân sự 2015, Điều 147). Working days
// end on a working day by construction; a period of calendar days that ends
// on a weekend or holiday ends on the next working day instead (Điều 148.5).
func (c *Calendar) AddDays(from time.Time, p Period) time.Time {
	return c.NextWorkingDay(c.addRaw(from, p))
}

// addRaw adds a period without moving a calendar-day end off a day off, so
// that periods can be chained (an extension) before the end is moved once.
func (c *Calendar) addRaw(from time.Time, p Period) time.Time {
	if p.Working {
		return c.AddWorkingDays(from, p.Days)
	}
	return c.Day(from).AddDate(0, 0, p.Days)
}

func isWeekend(t time.Time) bool {
	wd := t.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

// year returns the days of a year, computing them once.
func (c *Calendar) year(y int) yearDays {
	c.mu.Lock()
	defer c.mu.Unlock()
	if yd, ok := c.cache[y]; ok {
		return yd
	}
	yd := yearDays{off: map[int]bool{}, extra: map[int]bool{}}
	key := func(m time.Month, d int) int { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).YearDay() }
	for _, md := range c.fixed {
		yd.off[key(md.month, md.day)] = true
	}
	if listed, ok := c.years[y]; ok {
		for _, md := range listed {
			yd.off[key(md.month, md.day)] = true
		}
	} else {
		for _, d := range computedHolidays(y) {
			yd.off[d.YearDay()] = true
		}
		addSubstitutes(y, yd.off)
	}
	for _, md := range c.extra[y] {
		yd.extra[key(md.month, md.day)] = true
	}
	c.cache[y] = yd
	return yd
}

// computedHolidays are the days of year y that the law adds to the fixed
// ones: Tết, Giỗ Tổ and the day beside 2/9, as UTC dates of y.
func computedHolidays(y int) []time.Time {
	var out []time.Time
	if y >= 1900 && y <= 2199 {
		tet := solarDate(lunar.NewLunarFromYmd(y, 1, 1).GetSolar())
		for i := -1; i <= 3; i++ { // the last day of Chạp to mùng 4
			out = append(out, tet.AddDate(0, 0, i))
		}
		out = append(out, solarDate(lunar.NewLunarFromYmd(y, 3, 10).GetSolar()))
	}
	national := time.Date(y, time.September, 2, 0, 0, 0, 0, time.UTC)
	if national.Weekday() == time.Thursday {
		out = append(out, national.AddDate(0, 0, 1))
	} else {
		out = append(out, national.AddDate(0, 0, -1))
	}
	return out
}

func solarDate(s *lunar.Solar) time.Time {
	return time.Date(s.GetYear(), time.Month(s.GetMonth()), s.GetDay(), 0, 0, 0, 0, time.UTC)
}

// addSubstitutes gives each holiday that falls on a weekend a day off on the
// first following weekday that is not already off (Điều 112.3).
func addSubstitutes(y int, off map[int]bool) {
	days := make([]int, 0, len(off))
	for k := range off {
		days = append(days, k)
	}
	sort.Ints(days)
	date := func(k int) time.Time { return time.Date(y, time.January, k, 0, 0, 0, 0, time.UTC) }
	for _, k := range days {
		if !isWeekend(date(k)) {
			continue
		}
		n := k + 1
		for isWeekend(date(n)) || off[n] {
			n++
		}
		if date(n).Year() == y { // a substitute in the next year would be listed there
			off[n] = true
		}
	}
}
