package scheduler_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"danchu"
	"danchu/scheduler"
)

// Three replicas, each with its own connection pool, wake at the same
// planned times and race for every run: no reminder or digest twice.
func TestReplicasSendEachReminderOnce(t *testing.T) {
	start, end := local(2026, 5, 21, 0, 0), local(2026, 7, 3, 0, 0) // a Thursday: no digest to make up
	forEachWorld(t, start, func(t *testing.T, w *world) {
		halfYear := deadlineCase{data: "rpt:done:half_year:2026", due: local(2026, 6, 14, 0, 0),
			recipients: []*danchu.Resident{w.chairman, w.official1, w.official2}, pressed: local(2026, 6, 18, 10, 0)}
		w.clock.At(halfYear.pressed, func(time.Time) bool {
			w.press(w.official1, halfYear.data)
			return false
		})
		w.runUntil(end, w.scheduler(w.db, "replica-1"), w.scheduler(w.handle(), "replica-2"), w.scheduler(w.handle(), "replica-3"))

		msgs := w.all()
		mustSend(t, summary(msgs, "report.reminder", "report.unconfirmed"),
			wantReminders(halfYear, w.chairman, start.Add(-72*time.Hour), end))
		mustSend(t, summary(msgs, "digest.weekly", "digest.monthly"), wantDigests(w, start, end))

		owners := map[string]int{}
		runs, err := w.db.JobRuns(t.Context(), scheduler.ReportJobName, start.Add(-72*time.Hour), end)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range runs {
			if r.DoneAt == nil || r.Attempts != 1 {
				t.Errorf("run %s: done %v, %d attempts", r.Planned.In(loc), r.DoneAt, r.Attempts)
			}
			owners[r.Owner]++
		}
		t.Logf("runs won per replica: %v", owners)
	})
}

// A scheduler that claimed a run and died before finishing it leaves the
// run to another when its lease ends: the reminders go out once, late by
// the lease.
func TestRunOfADeadReplicaIsTakenOverAfterItsLease(t *testing.T) {
	forEachWorld(t, local(2026, 6, 11, 7, 0), func(t *testing.T, w *world) {
		planned := local(2026, 6, 11, 8, 0) // D-3 of the half-year report
		ok, _, err := w.db.ClaimJobRun(t.Context(), scheduler.ReportJobName, planned, "dead-replica", planned, scheduler.DefaultLease)
		if err != nil || !ok {
			t.Fatalf("claim as the dead replica: %v, %v", ok, err)
		}
		w.runUntil(local(2026, 6, 11, 12, 0), w.scheduler(w.db, "survivor"))

		at := planned.Add(scheduler.DefaultLease).Format("2006-01-02 15:04")
		var want []sent
		for _, r := range []*danchu.Resident{w.chairman, w.official1, w.official2} {
			want = append(want, sent{chat: r.TelegramID, kind: "report.reminder", ref: "rpt:done:half_year:2026", at: at})
		}
		mustSend(t, summary(w.all(), "report.reminder"), want)
		runs, err := w.db.JobRuns(t.Context(), scheduler.ReportJobName, planned, planned.Add(time.Second))
		if err != nil || len(runs) != 1 || runs[0].Owner != "survivor" || runs[0].Attempts != 2 || runs[0].DoneAt == nil {
			t.Fatalf("the run after the take-over: %+v, %v", runs, err)
		}
	})
}

// flaky fails its first attempt of each run, then sends one message.
type flaky struct {
	to       *danchu.Resident
	attempts map[time.Time]int
}

func (f *flaky) Name() string { return "flaky" }

func (f *flaky) Run(_ context.Context, r scheduler.Run) ([]*danchu.OutboxMessage, error) {
	f.attempts[r.Planned]++
	if f.attempts[r.Planned] == 1 {
		return nil, danchu.Errorf(danchu.EINTERNAL, "the database went away")
	}
	return []*danchu.OutboxMessage{{ChatID: f.to.TelegramID, ResidentID: f.to.ID, Kind: "test.flaky",
		Text: "Kiểm tra: lần chạy " + r.Planned.Format("15:04"), DedupKey: r.DedupKey(f.to.ID, "")}}, nil
}

// A run that fails is tried again after RetryAfter, within its window,
// and its message goes out once.
func TestFailedRunIsRetried(t *testing.T) {
	forEachWorld(t, local(2026, 3, 2, 8, 0), func(t *testing.T, w *world) {
		w.settings.Jobs = map[string]danchu.JobSetting{"flaky": {Schedule: "0 9 * * *"}}
		job := &flaky{to: w.chairman, attempts: map[time.Time]int{}}
		seen := &outcomes{}
		s := scheduler.New(scheduler.Config{Settings: w.settings, Runs: w.db, Clock: w.clock, Owner: "only", Observer: seen})
		if err := s.Register(job); err != nil {
			t.Fatal(err)
		}
		w.runUntil(local(2026, 3, 4, 0, 0), s)

		mustSend(t, summary(w.all(), "test.flaky"), []sent{
			{chat: w.chairman.TelegramID, kind: "test.flaky", at: "2026-03-02 09:01"},
			{chat: w.chairman.TelegramID, kind: "test.flaky", at: "2026-03-03 09:01"},
		})
		runs, err := w.db.JobRuns(t.Context(), "flaky", local(2026, 3, 2, 0, 0), local(2026, 3, 4, 0, 0))
		if err != nil || len(runs) != 2 {
			t.Fatalf("runs: %+v, %v", runs, err)
		}
		for _, r := range runs {
			if r.Attempts != 2 || r.DoneAt == nil || r.LastError != "" {
				t.Errorf("run %s: %+v", r.Planned.In(loc), r)
			}
		}
		if want := []string{"flaky failed", "flaky done", "flaky failed", "flaky done"}; !slices.Equal(seen.list, want) {
			t.Errorf("the observer heard %v, want %v", seen.list, want)
		}
	})
}

// outcomes records what an Observer hears.
type outcomes struct{ list []string }

func (o *outcomes) JobRan(job, outcome string, _ time.Duration) {
	o.list = append(o.list, job+" "+outcome)
}
