package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"danchu"
)

func TestScheduleListsTheNextRuns(t *testing.T) {
	s := danchu.DefaultSettings()
	s.Jobs["meeting_reminders"] = danchu.JobSetting{Schedule: "*/5 * * * *", CatchUp: time.Hour}
	var out bytes.Buffer
	m := &Main{Stdout: &out, Settings: s,
		Now: func() time.Time { return time.Date(2026, 6, 12, 3, 0, 0, 0, time.UTC) }} // 10:00 in Hà Trung, a Friday
	if err := m.schedule(t.Context()); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Scheduled jobs of thị trấn Hà Trung; times in Asia/Ho_Chi_Minh.",
		"report_deadlines", "0 8 * * *", "72h ", "Sat 13/06/2026 08:00, Sun 14/06/2026 08:00, Mon 15/06/2026 08:00",
		"weekly_digest", "Mon 15/06/2026 07:00, Mon 22/06/2026 07:00",
		"monthly_digest", "Wed 01/07/2026 07:00",
		"petition_due", "Sat 13/06/2026 07:30",
		"meeting_reminders (not in this version)", "1h ", "Fri 12/06/2026 10:05",
		"\nreminders ", "\ndan_ban ",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("no %q in:\n%s", want, out.String())
		}
	}
}
