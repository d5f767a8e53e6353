package danchu_test

import (
	"strings"
	"testing"
	"time"

	"danchu"
)

// The unit's time zone; every date in these tests is a day there.
var hanoi = MustLocation(nil, "Asia/Ho_Chi_Minh")

func MustLocation(tb testing.TB, name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		if tb != nil {
			tb.Fatal(err)
		}
		panic(err)
	}
	return loc
}

// day is midnight of a day in the unit's time zone; at is a moment of it.
func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, hanoi) }
func at(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, hanoi)
}

// end is the last second of a day: every due date is one.
func end(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 23, 59, 59, 0, hanoi) }

// MustSettings returns the shipped settings, changed by edit.
func MustSettings(tb testing.TB, edit func(*danchu.Settings)) *danchu.Settings {
	tb.Helper()
	s := danchu.DefaultSettings()
	if edit != nil {
		edit(s)
	}
	return s
}

// computedOnly drops the listed years, so every year is computed.
func computedOnly(s *danchu.Settings) { s.Holidays.Years = nil }

func days(ts ...time.Time) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = danchu.Date(t, hanoi) + " " + t.In(hanoi).Weekday().String()[:3]
	}
	return out
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// The shipped lists for 2026 and 2027, checked against the lunar calendar:
// Tết Bính Ngọ is Tuesday 17/02/2026 (29 Chạp Ất Tỵ is Monday 16/02), Giỗ Tổ
// is Sunday 26/04/2026; Tết Đinh Mùi is Saturday 06/02/2027 (29 Chạp is
// Friday 05/02), Giỗ Tổ is Friday 16/04/2027.
func TestListedHolidays(t *testing.T) {
	cal := danchu.NewCalendar(MustSettings(t, nil))
	tests := []struct {
		year int
		want []time.Time
	}{
		{2026, []time.Time{
			day(2026, 1, 1),
			day(2026, 2, 14), day(2026, 2, 15), day(2026, 2, 16), day(2026, 2, 17), day(2026, 2, 18),
			day(2026, 2, 19), day(2026, 2, 20), day(2026, 2, 21), day(2026, 2, 22),
			day(2026, 4, 26), day(2026, 4, 27), day(2026, 4, 30), day(2026, 5, 1),
			day(2026, 9, 1), day(2026, 9, 2),
		}},
		{2027, []time.Time{
			day(2027, 1, 1),
			day(2027, 2, 5), day(2027, 2, 6), day(2027, 2, 7), day(2027, 2, 8), day(2027, 2, 9),
			day(2027, 2, 10), day(2027, 2, 11),
			day(2027, 4, 16), day(2027, 4, 30), day(2027, 5, 1), day(2027, 5, 3),
			day(2027, 9, 2), day(2027, 9, 3),
		}},
	}
	for _, tt := range tests {
		got, want := days(cal.Holidays(tt.year)...), days(tt.want...)
		if !equalStrings(got, want) {
			t.Errorf("Holidays(%d)\n got %v\nwant %v", tt.year, got, want)
		}
	}
}

// Computed from the lunar calendar and Điều 112, 2026 and 2027 give the same
// working days as the shipped lists, so the lists and the rule agree.
func TestComputedYearsAgreeWithTheListedOnes(t *testing.T) {
	listed := danchu.NewCalendar(MustSettings(t, nil))
	computed := danchu.NewCalendar(MustSettings(t, computedOnly))
	for d := day(2026, 1, 1); d.Before(day(2028, 1, 1)); d = d.AddDate(0, 0, 1) {
		if l, c := listed.IsWorkingDay(d), computed.IsWorkingDay(d); l != c {
			t.Errorf("%s: listed says working=%v, computed says %v", danchu.Date(d, hanoi), l, c)
		}
	}
}

// 2028 worked out by hand from the rules in calendar.go: 1/1 is a Saturday
// (Monday 3/1 off); Tết Mậu Thân is Wednesday 26/01, so 29 Chạp Tuesday 25/01
// to mùng 4 Saturday 29/01, which is made up on Monday 31/01; Giỗ Tổ is
// Tuesday 04/04; 30/4 is a Sunday, and Monday 1/5 is a holiday itself, so
// Tuesday 2/5 is off; 2/9 is a Saturday: the day beside is Friday 1/9 and
// Monday 4/9 makes up for the Saturday.
func TestComputedYearWithWeekendHolidays(t *testing.T) {
	cal := danchu.NewCalendar(MustSettings(t, computedOnly))
	want := days(
		day(2028, 1, 1), day(2028, 1, 3),
		day(2028, 1, 25), day(2028, 1, 26), day(2028, 1, 27), day(2028, 1, 28), day(2028, 1, 29), day(2028, 1, 31),
		day(2028, 4, 4), day(2028, 4, 30), day(2028, 5, 1), day(2028, 5, 2),
		day(2028, 9, 1), day(2028, 9, 2), day(2028, 9, 4),
	)
	if got := days(cal.Holidays(2028)...); !equalStrings(got, want) {
		t.Errorf("Holidays(2028)\n got %v\nwant %v", got, want)
	}
}

// lunar-go follows the Chinese calendar (UTC+8). Vietnamese Tết Đinh Hợi was
// Saturday 17/02/2007, the Chinese New Year Sunday 18/02/2007: computed, 2007
// is a day late, so Friday 16/02 (30 Tết in Vietnam) would be a working day.
// Listing the year in the settings fixes it.
func TestSettingsOverrideTheLunarLibrary(t *testing.T) {
	computed := danchu.NewCalendar(MustSettings(t, computedOnly))
	if !computed.IsWorkingDay(day(2007, 2, 16)) || computed.IsWorkingDay(day(2007, 2, 19)) {
		t.Fatal("expected the library's Chinese date for Tết 2007 (a day late for Vietnam)")
	}
	fixed := danchu.NewCalendar(MustSettings(t, func(s *danchu.Settings) {
		s.Holidays.Years = map[int][]string{2007: {"16/02", "17/02", "18/02", "19/02", "20/02", "21/02", "22/02"}}
	}))
	for _, d := range []time.Time{day(2007, 2, 16), day(2007, 2, 19), day(2007, 2, 22)} {
		if fixed.IsWorkingDay(d) {
			t.Errorf("%s must be off with 2007 listed", danchu.Date(d, hanoi))
		}
	}
	if !fixed.IsWorkingDay(day(2007, 2, 23)) {
		t.Error("23/02/2007 is a Friday after Tết: a working day")
	}
	// A listed year has no computed lunar days: 10/3 âm lịch 2007 was 26/04.
	if !fixed.IsWorkingDay(day(2007, 4, 26)) {
		t.Error("a listed year must not add the computed Giỗ Tổ")
	}
}

func TestIsWorkingDay(t *testing.T) {
	cal := danchu.NewCalendar(MustSettings(t, func(s *danchu.Settings) {
		// The government swaps Monday 3/5/2027 for Saturday 24/4/2027 (an example).
		s.Holidays.ExtraWorkingDays = map[int][]string{2027: {"24/04"}}
	}))
	tests := []struct {
		name string
		t    time.Time
		want bool
	}{
		{"a Thursday", day(2027, 2, 4), true},
		{"29 Chạp, a Friday", day(2027, 2, 5), false},
		{"mùng 1, a Saturday", day(2027, 2, 6), false},
		{"made up for mùng 2, a Thursday", day(2027, 2, 11), false},
		{"the Friday after Tết", day(2027, 2, 12), true},
		{"a Sunday", day(2027, 3, 7), false},
		{"a Saturday declared a working day", day(2027, 4, 24), true},
		{"a Saturday that is also a holiday", day(2027, 5, 1), false},
		{"late evening in UTC is the next day here", time.Date(2027, 2, 4, 18, 0, 0, 0, time.UTC), false},
		{"23:30 UTC on 11/2 is 06:30 on Friday 12/2 here", time.Date(2027, 2, 11, 23, 30, 0, 0, time.UTC), true},
	}
	for _, tt := range tests {
		if got := cal.IsWorkingDay(tt.t); got != tt.want {
			t.Errorf("%s (%s): IsWorkingDay = %v, want %v", tt.name, tt.t, got, tt.want)
		}
	}
}

func TestAddingDays(t *testing.T) {
	cal := danchu.NewCalendar(MustSettings(t, nil))
	tests := []struct {
		name string
		got  time.Time
		want time.Time
	}{
		// From Thursday 4/2/2027 the next working day is Friday 12/2 (5 to 11 off).
		{"1 working day across Tết", cal.AddWorkingDays(at(2027, 2, 4, 16, 30), 1), day(2027, 2, 12)},
		// Fri 12 (1), Mon 15 (2), Tue 16 (3).
		{"3 working days across Tết", cal.AddWorkingDays(day(2027, 2, 4), 3), day(2027, 2, 16)},
		{"0 working days is the same day", cal.AddWorkingDays(at(2027, 2, 6, 9, 0), 0), day(2027, 2, 6)},
		// From Friday 2/7/2027: Mon 5 (1), Tue 6 (2).
		{"2 working days across a weekend", cal.AddWorkingDays(day(2027, 7, 2), 2), day(2027, 7, 6)},
		// 26/1 + 10 = 5/2, 29 Chạp: the period ends on Friday 12/2.
		{"10 calendar days ending in Tết", cal.AddDays(day(2027, 1, 26), danchu.Period{Days: 10}), day(2027, 2, 12)},
		// 7/7 + 10 = Saturday 17/7: Monday 19/7.
		{"10 calendar days ending on a Saturday", cal.AddDays(day(2027, 7, 7), danchu.Period{Days: 10}), day(2027, 7, 19)},
		{"10 calendar days ending on a Friday", cal.AddDays(day(2027, 7, 6), danchu.Period{Days: 10}), day(2027, 7, 16)},
		{"5 working days by Period", cal.AddDays(day(2027, 2, 1), danchu.Period{Days: 5, Working: true}), day(2027, 2, 15)},
		{"next working day of a Sunday", cal.NextWorkingDay(day(2027, 3, 7)), day(2027, 3, 8)},
		{"next working day of a working day", cal.NextWorkingDay(at(2027, 3, 8, 22, 0)), day(2027, 3, 8)},
	}
	for _, tt := range tests {
		if !tt.got.Equal(tt.want) {
			t.Errorf("%s: got %s, want %s", tt.name, danchu.Date(tt.got, hanoi), danchu.Date(tt.want, hanoi))
		}
	}
	// Mon 1/2/2027 to Mon 15/2: Tue 2, Wed 3, Thu 4, Fri 12, Mon 15.
	if n := cal.WorkingDays(day(2027, 2, 1), day(2027, 2, 15)); n != 5 {
		t.Errorf("WorkingDays(1/2, 15/2/2027) = %d, want 5", n)
	}
	if n := cal.WorkingDays(day(2027, 2, 15), day(2027, 2, 1)); n != 0 {
		t.Errorf("WorkingDays backwards = %d, want 0", n)
	}
}

func TestDayHelpers(t *testing.T) {
	cal := danchu.NewCalendar(MustSettings(t, nil))
	utc := time.Date(2027, 2, 4, 18, 0, 0, 0, time.UTC) // 01:00 on 5/2 here
	if got := cal.Day(utc); !got.Equal(day(2027, 2, 5)) {
		t.Errorf("Day = %s", got)
	}
	if got := cal.EndOfDay(utc); !got.Equal(end(2027, 2, 5)) {
		t.Errorf("EndOfDay = %s", got)
	}
	if got := cal.Format(utc); got != "05/02/2027" {
		t.Errorf("Format = %q", got)
	}
	if got := cal.DaysLeft(end(2027, 2, 12), at(2027, 2, 9, 23, 0)); got != 3 {
		t.Errorf("DaysLeft = %d, want 3", got)
	}
	if got := cal.DaysLeft(end(2027, 2, 12), at(2027, 2, 13, 0, 1)); got != -1 {
		t.Errorf("DaysLeft overdue = %d, want -1", got)
	}
}

// Calendars are shared by the bot's workers: concurrent first uses of a year
// give what one worker alone gets (run with -race).
func TestCalendarIsSafeForConcurrentUse(t *testing.T) {
	shared := danchu.NewCalendar(MustSettings(t, computedOnly))
	alone := danchu.NewCalendar(MustSettings(t, computedOnly))
	got := make(chan [2]bool)
	for i := 0; i < 8; i++ {
		go func(d time.Time) {
			got <- [2]bool{shared.IsWorkingDay(d), alone.IsWorkingDay(d)}
		}(day(2030+i/2, 2, 4))
	}
	for i := 0; i < 8; i++ {
		if r := <-got; r[0] != r[1] {
			t.Error("a shared calendar answered differently")
		}
	}
}

// The holidays and petitions sections are checked when the settings load.
func TestHolidayAndPetitionSettingsAreChecked(t *testing.T) {
	base := string(danchu.DefaultSettingsYAML)
	tests := []struct {
		name    string
		replace [2]string
		want    string
	}{
		{"an extra working day that is no day", [2]string{"extra_working_days: {}", `extra_working_days: {2027: ["31/02"]}`}, "extra working day"},
		{"a listed holiday that is no day", [2]string{`"16/04"`, `"31/04"`}, "dd/mm"},
		{"no complex-case limit", [2]string{"resolve_complex: { days: 45", "resolve_complex: { days: 0"}, "resolve_complex"},
		{"no extension period", [2]string{"extension: { days: 30", "extension: { days: 0"}, "extension"},
		{"a negative reopening window", [2]string{"reopen_within_days: 30", "reopen_within_days: -1"}, "cannot be negative"},
	}
	for _, tt := range tests {
		if !strings.Contains(base, tt.replace[0]) {
			t.Fatalf("%s: %q is not in the default file", tt.name, tt.replace[0])
		}
		_, err := danchu.ParseSettings([]byte(strings.Replace(base, tt.replace[0], tt.replace[1], 1)), "town.yaml")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err %v, want it to mention %q", tt.name, err, tt.want)
		}
	}
}
