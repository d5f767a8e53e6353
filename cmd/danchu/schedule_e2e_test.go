package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"danchu/scheduler"
)

// An official receives a report reminder in the simulator, presses «Đã nộp»,
// and the following reminders of that period do not come. The scheduler runs
// on a manual clock through June 2026; everything else runs on real time.
func TestReportReminderStopsAfterSubmitted(t *testing.T) {
	db, _ := engines(t)["sqlite+memory"](t)
	w := newWorld(t, db, "")
	loc, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	at := func(day, hour int) time.Time { return time.Date(2026, 6, day, hour, 0, 0, 0, loc) }
	clock := scheduler.NewManualClock(at(11, 7))
	officialLine := w.invite("--role", "official")
	w.startWith(func(m *Main) { m.SchedulerClock = clock })

	binh := w.newPerson("Bình", "Trần Thị", "0912000002")
	binh.registerWith(officialLine, "reg:nb:0")

	step := func(when time.Time) {
		t.Helper()
		clock.Set(when)
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute) // a bound, not a timing
		defer cancel()
		if err := clock.WaitIdle(ctx, 1); err != nil {
			t.Fatalf("the scheduler did not settle at %s: %v", when, err)
		}
	}

	step(at(11, 8)) // D-3 of the half-year report (14/06)
	reminder := binh.expect("Nhắc hạn nộp")
	if !strings.Contains(reminder.Text, "14/06/2026") || !strings.Contains(reminder.Text, "còn 3 ngày") {
		t.Errorf("the reminder does not say the due date and the days left:\n%s", reminder.Text)
	}
	binh.press("rpt:done:half_year:2026")
	binh.expect("Đã ghi nhận")

	step(at(13, 8)) // D-1
	step(at(14, 8)) // D-0
	step(at(16, 8)) // overdue days
	if n := remindersTo(t, db, binh.user.ID); n != 1 {
		t.Errorf("%d report reminders reached the official; want only the one before «Đã nộp»", n)
	}
}

// remindersTo counts the report reminders the outbox holds for a chat.
func remindersTo(t *testing.T, databaseURL string, chatID int64) int {
	t.Helper()
	db := rawSQLite(t, databaseURL)
	var n int
	err := db.QueryRowContext(t.Context(), "SELECT count(*) FROM outbox WHERE chat_id = ? AND kind = 'report.reminder'", chatID).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
