package scheduler_test

import (
	"context"
	"testing"

	"danchu"
	"danchu/scheduler"
)

// Runs missed while the service was down are made up when it starts again,
// within each job's window (report_deadlines: 72h, weekly_digest: 48h),
// each once whatever the restarts; older ones are missed. A run made up on
// a later day leaves its reminder to that day's own run.
func TestMissedRunsAreMadeUpOnceWithinTheWindow(t *testing.T) {
	forEachWorld(t, local(2026, 6, 10, 0, 0), func(t *testing.T, w *world) {
		ctx := t.Context()
		// First start, Wednesday 10/6 at midnight: the window reaches back
		// to Sunday 7/6, D-7 of the half-year report, and Monday's digest.
		w.runUntil(local(2026, 6, 11, 7, 0), w.scheduler(w.db, "first"))
		// Down over 08:00 of Thursday 11/6 (D-3), up again at 14:00.
		w.clock.Set(local(2026, 6, 11, 14, 0))
		w.runUntil(local(2026, 6, 11, 15, 0), w.scheduler(w.handle(), "second"))
		// Restarted again within the window: nothing is made twice.
		w.clock.Set(local(2026, 6, 11, 16, 0))
		w.runUntil(local(2026, 6, 12, 0, 0), w.scheduler(w.handle(), "third"))
		// Down from Friday 12/6 to Tuesday 16/6 at 07:00: the runs of 13/6
		// (D-1), 14/6 (D-0) and 15/6 are within 72h, that of 12/6 is not.
		w.clock.Set(local(2026, 6, 16, 7, 0))
		w.runUntil(local(2026, 6, 17, 0, 0), w.scheduler(w.handle(), "fourth"))

		ref := "rpt:done:half_year:2026"
		var want []sent
		for _, r := range []*danchu.Resident{w.chairman, w.official1, w.official2} {
			want = append(want,
				sent{chat: r.TelegramID, kind: "report.reminder", ref: ref, at: "2026-06-10 00:00"}, // D-7, made up
				sent{chat: r.TelegramID, kind: "report.reminder", ref: ref, at: "2026-06-11 14:00"}, // D-3, made up
				sent{chat: r.TelegramID, kind: "report.reminder", ref: ref, at: "2026-06-16 08:00"}, // 16/6's own run
			)
		}
		// D-1's word to the chairman is made up; D-1's, D-0's and 15/6's
		// reminders are left to the run of 16/6 at 08:00.
		want = append(want, sent{chat: w.chairman.TelegramID, kind: "report.unconfirmed", ref: ref, at: "2026-06-16 07:00"})
		msgs := w.all()
		mustSend(t, summary(msgs, "report.reminder", "report.unconfirmed"), want)
		mustSend(t, summary(msgs, "digest.weekly"), []sent{
			{chat: w.chairman.TelegramID, kind: "digest.weekly", at: "2026-06-10 00:00"}, // Monday 8/6, made up
			{chat: w.chairman.TelegramID, kind: "digest.weekly", at: "2026-06-16 07:00"}, // Monday 15/6, made up
		})
		mustHaveTexts(t, msgs, map[string][]string{
			"2026-06-10 00:00 report.reminder to 1002":    {"Hạn nộp: 14/06/2026 — còn 4 ngày"},
			"2026-06-16 07:00 report.unconfirmed to 1001": {"hạn nộp 14/06/2026, đã quá hạn 2 ngày"},
			"2026-06-16 08:00 report.reminder to 1002":    {"đã quá hạn 2 ngày"},
		})

		runs, err := w.db.JobRuns(ctx, scheduler.ReportJobName, local(2026, 6, 1, 0, 0), local(2026, 6, 17, 0, 0))
		if err != nil {
			t.Fatal(err)
		}
		var days []string
		for _, r := range runs {
			days = append(days, r.Planned.In(loc).Format("02/01 15:04"))
			if r.Attempts != 1 || r.DoneAt == nil {
				t.Errorf("run %s: %+v", r.Planned.In(loc), r)
			}
		}
		wantDays := []string{"07/06 08:00", "08/06 08:00", "09/06 08:00", "10/06 08:00", "11/06 08:00",
			"13/06 08:00", "14/06 08:00", "15/06 08:00", "16/06 08:00"}
		if len(days) != len(wantDays) {
			t.Fatalf("report runs %v, want %v (12/6 missed)", days, wantDays)
		}
		for i := range days {
			if days[i] != wantDays[i] {
				t.Fatalf("report runs %v, want %v (12/6 missed)", days, wantDays)
			}
		}
		if d := runs[4].DoneAt.In(loc); !d.Equal(local(2026, 6, 11, 14, 0)) {
			t.Errorf("the run of 11/6 was done at %s, want at the restart, 14:00", d)
		}
	})
}

// The next runs of every job, as `danchu schedule` lists them.
func TestUpcoming(t *testing.T) {
	s := danchu.DefaultSettings()
	plans, err := scheduler.Upcoming(s, local(2026, 6, 12, 10, 0), 3) // a Friday
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"monthly_digest":   {"01/07 07:00", "01/08 07:00", "01/09 07:00"},
		"petition_due":     {"13/06 07:30", "14/06 07:30", "15/06 07:30"},
		"report_deadlines": {"13/06 08:00", "14/06 08:00", "15/06 08:00"},
		"weekly_digest":    {"15/06 07:00", "22/06 07:00", "29/06 07:00"},
		"dan_ban":          {"12/06 10:05", "12/06 10:10", "12/06 10:15"},
		"reminders":        {"12/06 10:05", "12/06 10:10", "12/06 10:15"},
	}
	if len(plans) != len(want) {
		t.Fatalf("%d jobs, want %d: %+v", len(plans), len(want), plans)
	}
	for _, p := range plans {
		var got []string
		for _, n := range p.Next {
			if n.Location().String() != "Asia/Ho_Chi_Minh" {
				t.Errorf("%s: %s is not in the unit's time zone", p.Job, n)
			}
			got = append(got, n.Format("02/01 15:04"))
		}
		if w := want[p.Job]; len(got) != 3 || got[0] != w[0] || got[1] != w[1] || got[2] != w[2] {
			t.Errorf("%s: next runs %v, want %v", p.Job, got, w)
		}
	}
}

type namedJob string

func (n namedJob) Name() string { return string(n) }
func (namedJob) Run(_ context.Context, _ scheduler.Run) ([]*danchu.OutboxMessage, error) {
	return nil, nil
}

func TestRegister(t *testing.T) {
	s := danchu.DefaultSettings()
	delete(s.Jobs, "weekly_digest") // a town's file older than the job
	sch := scheduler.New(scheduler.Config{Settings: s})
	for _, tc := range []struct {
		job  scheduler.Job
		code string
	}{
		{namedJob("report_deadlines"), ""},
		{namedJob("weekly_digest"), ""}, // the shipped schedule stands in
		{namedJob("report_deadlines"), danchu.ECONFLICT},
		{namedJob("meeting_reminders"), danchu.EINVALID}, // a job the settings do not name
	} {
		if got := danchu.ErrorCode(sch.Register(tc.job)); got != tc.code {
			t.Errorf("Register(%s) = %q, want %q", tc.job.Name(), got, tc.code)
		}
	}
}

func TestDedupKey(t *testing.T) {
	r := scheduler.Run{Job: "report_deadlines", Planned: local(2026, 6, 11, 8, 0)}
	if got, want := r.DedupKey(12, "half_year:2026"), "report_deadlines:2026-06-11T01:00:00Z:12:half_year:2026"; got != want {
		t.Errorf("DedupKey = %q, want %q", got, want)
	}
	if got, want := r.DedupKey(12, ""), "report_deadlines:2026-06-11T01:00:00Z:12"; got != want {
		t.Errorf("DedupKey = %q, want %q", got, want)
	}
}
