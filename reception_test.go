package danchu

import (
	"strings"
	"testing"
	"time"
)

// MustSettingsWith parses the shipped settings with the reception section
// replaced by section (YAML, indented as under "reception:").
func MustSettingsWith(tb testing.TB, section string) (*Settings, error) {
	tb.Helper()
	text := string(DefaultSettingsYAML)
	start := strings.Index(text, "\nreception:\n")
	end := strings.Index(text, "\n# Scheduled jobs")
	if start < 0 || end < start {
		tb.Fatal("the shipped settings lack the reception section")
	}
	return ParseSettings([]byte(text[:start]+"\nreception:\n"+section+text[end:]), "test.yaml")
}

func TestReceptionSessions(t *testing.T) {
	s := DefaultSettings()
	cal := NewCalendar(s)
	loc := s.Location()
	day := func(d, m int) time.Time { return time.Date(2026, time.Month(m), d, 0, 0, 0, 0, loc) }
	list := func(from, to time.Time, r ReceptionSettings) []string {
		var out []string
		for _, ss := range r.Sessions(cal, from, to) {
			out = append(out, ss.Host.Key+" "+ss.Start.Format("Mon 02/01 15:04")+"-"+ss.End.Format("15:04"))
		}
		return out
	}
	// March 2026: Thursdays 5, 12, 19, 26; Tuesdays 3, 10, 17, 24, 31, so
	// the second and fourth are 10 and 24.
	got := list(day(1, 3), day(31, 3), s.Reception)
	want := []string{
		"chairman Thu 05/03 07:30-11:00",
		"party_secretary Tue 10/03 14:00-16:30",
		"chairman Thu 12/03 07:30-11:00",
		"chairman Thu 19/03 07:30-11:00",
		"party_secretary Tue 24/03 14:00-16:30",
		"chairman Thu 26/03 07:30-11:00",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("March 2026:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// 30/04/2026 is a Thursday and a public holiday: no reception.
	if got := list(day(30, 4), day(30, 4), s.Reception); len(got) != 0 {
		t.Errorf("30/04 is a holiday, got %q", got)
	}

	// Exceptions: the chairman is away on 19/03 and receives on Friday 20/03
	// instead; nobody receives on 24/03.
	r := s.Reception
	r.Exceptions = []ReceptionException{
		{Date: "19/03/2026", Host: "chairman", Off: true},
		{Date: "20/03/2026", Host: "chairman", From: "13:30", To: "15:00", Note: "thay ngày 19/03"},
		{Date: "24/03/2026", Off: true},
	}
	got = list(day(16, 3), day(27, 3), r)
	want = []string{"chairman Fri 20/03 13:30-15:00", "chairman Thu 26/03 07:30-11:00"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("with exceptions:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// 07:30 to 11:00 in 30-minute slots: 07:30 ... 10:30, seven slots.
	ss := s.Reception.Sessions(cal, day(19, 3), day(19, 3))[0]
	slots := ss.Slots(s.Reception.Slot())
	if len(slots) != 7 || slots[6].Format("15:04") != "10:30" {
		t.Errorf("slots of 19/03: %v", slots)
	}
	if _, ok := s.Reception.SessionAt(cal, "chairman", slots[3]); !ok {
		t.Errorf("SessionAt does not find the 09:00 slot of 19/03")
	}
	if _, ok := s.Reception.SessionAt(cal, "chairman", slots[3].Add(10*time.Minute)); ok {
		t.Errorf("SessionAt found a slot at 09:10, which is not a slot start")
	}
	if _, ok := s.Reception.SessionAt(cal, "party_secretary", slots[3]); ok {
		t.Errorf("SessionAt found the party secretary on a Thursday")
	}
}

// The law's minimums are checked against the schedule in the settings.
func TestReceptionSettingsFollowTheLaw(t *testing.T) {
	hosts := func(chairman, secretary string) string {
		return "  slot_minutes: 30\n  capacity: 3\n  days_ahead: 21\n  hosts:\n" +
			"    - { key: chairman, title: \"Chủ tịch\", from: \"07:30\", to: \"11:00\", min_days_per_week: 1, " + chairman + " }\n" +
			"    - { key: party_secretary, title: \"Bí thư\", from: \"14:00\", to: \"16:30\", min_days_per_month: 2, " + secretary + " }\n"
	}
	for _, c := range []struct {
		name, section, wantErr string
	}{
		{"the shipped one", hosts(`weekdays: [thursday]`, `weekdays: [tuesday], weeks: [2, 4]`), ""},
		{"chairman every other week", hosts(`weekdays: [thursday], weeks: [1, 3]`, `weekdays: [tuesday], weeks: [2, 4]`), "every week"},
		{"secretary once a month", hosts(`weekdays: [thursday]`, `weekdays: [tuesday], weeks: [2]`), "a month"},
		{"secretary every week", hosts(`weekdays: [thursday]`, `weekdays: [tuesday]`), ""},
		{"no such weekday", hosts(`weekdays: [thursdy]`, `weekdays: [tuesday]`), "not a weekday"},
		{"hours reversed", strings.Replace(hosts(`weekdays: [thursday]`, `weekdays: [tuesday]`), `from: "07:30", to: "11:00"`, `from: "11:00", to: "07:30"`, 1), "HH:MM"},
		{"exception of nobody", hosts(`weekdays: [thursday]`, `weekdays: [tuesday]`) + "  exceptions: [{ date: \"20/03/2026\", host: mayor, from: \"08:00\", to: \"09:00\" }]\n", "unknown host"},
		{"an empty section offers no booking", "  hosts: []\n", ""},
		{"reminders at no time", strings.Replace(hosts(`weekdays: [thursday]`, `weekdays: [tuesday]`), "days_ahead: 21\n", "days_ahead: 21\n  remind_at: \"5pm\"\n", 1), "remind_at"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := MustSettingsWith(t, c.section)
			switch {
			case c.wantErr == "" && err != nil:
				t.Errorf("refused: %v", err)
			case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
				t.Errorf("error %v, want one that says %q", err, c.wantErr)
			}
		})
	}
}
