package storage_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"danchu"
	"danchu/storage"
	"danchu/storage/storagetest"
)

// planned8 is a run planned for 08:00 in Hà Trung.
var planned8 = time.Date(2026, 6, 11, 8, 0, 0, 0, settings.Location())

func mustClaimRun(tb testing.TB, db *storage.DB, owner string, now time.Time, want bool) *danchu.JobRun {
	tb.Helper()
	got, run, err := db.ClaimJobRun(tb.Context(), "report_deadlines", planned8, owner, now, time.Minute)
	mustNil(tb, err)
	if got != want {
		tb.Fatalf("ClaimJobRun(%s at %s) = %v, want %v (run %+v)", owner, now.Format(time.TimeOnly), got, want, run)
	}
	if run == nil || run.Job != "report_deadlines" || !run.Planned.Equal(planned8) {
		tb.Fatalf("ClaimJobRun returned run %+v", run)
	}
	return run
}

func reminder(chat int64, dedup string) *danchu.OutboxMessage {
	return &danchu.OutboxMessage{ChatID: chat, ResidentID: chat, Kind: "report.reminder", Priority: danchu.PriorityReminder,
		Text: "Nhắc hạn báo cáo", DedupKey: dedup,
		Buttons: [][]danchu.OutboxButton{{{Text: "✅ Đã nộp", Data: "rpt:done:half_year:2026"}}}}
}

func TestJobRunClaimLeaseAndFinish(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		now := planned8
		run := mustClaimRun(t, db, "a", now, true)
		if run.Owner != "a" || run.Attempts != 1 || run.DoneAt != nil || !run.LeaseUntil.Equal(now.Add(time.Minute)) {
			t.Fatalf("first claim: %+v", run)
		}
		// While a's lease holds, b gets nothing; the run says who holds it.
		if run := mustClaimRun(t, db, "b", now.Add(59*time.Second), false); run.Owner != "a" {
			t.Fatalf("held run owner = %q, want a", run.Owner)
		}
		// a is gone: after the lease b takes over, and a can no longer finish.
		if run := mustClaimRun(t, db, "b", now.Add(time.Minute), true); run.Owner != "b" || run.Attempts != 2 {
			t.Fatalf("take-over: %+v", run)
		}
		late := []*danchu.OutboxMessage{reminder(7, "report_deadlines:a:7")}
		wantCode(t, db.FinishJobRun(ctx, "report_deadlines", planned8, "a", now.Add(2*time.Minute), late), danchu.ECONFLICT)
		if late[0].ID != 0 || count(t, db, `SELECT COUNT(*) FROM outbox`) != 0 {
			t.Fatal("a finish that lost its claim wrote to the outbox")
		}

		msgs := []*danchu.OutboxMessage{reminder(7, "k:7"), reminder(8, "k:8"), reminder(9, "k:7")}
		mustNil(t, db.FinishJobRun(ctx, "report_deadlines", planned8, "b", now.Add(2*time.Minute), msgs))
		if msgs[0].ID == 0 || msgs[1].ID == 0 || msgs[2].ID != 0 {
			t.Fatalf("ids %d %d %d: want two stored and the repeated key skipped", msgs[0].ID, msgs[1].ID, msgs[2].ID)
		}
		if !msgs[0].CreatedAt.Equal(now.Add(2*time.Minute)) || msgs[0].Status != danchu.OutboxPending {
			t.Fatalf("stored message: %+v", msgs[0])
		}
		got, _ := mustClaim(t, db, now.Add(time.Hour), time.Minute, 10)
		if len(got) != 2 || got[0].DedupKey != "k:7" || got[0].Buttons[0][0].Data != "rpt:done:half_year:2026" || got[0].Kind != "report.reminder" {
			t.Fatalf("outbox after finish: %+v", got)
		}

		runs, err := db.JobRuns(ctx, "report_deadlines", planned8, planned8.Add(time.Second))
		mustNil(t, err)
		if len(runs) != 1 || runs[0].DoneAt == nil || runs[0].Sent != 2 || runs[0].Owner != "b" {
			t.Fatalf("JobRuns = %+v", runs)
		}
		// Done is done: nobody claims or finishes it again, whatever the lease.
		mustClaimRun(t, db, "c", now.AddDate(0, 0, 1), false)
		wantCode(t, db.FinishJobRun(ctx, "report_deadlines", planned8, "b", now.AddDate(0, 0, 1), nil), danchu.ECONFLICT)
		wantCode(t, db.FinishJobRun(ctx, "report_deadlines", planned8.Add(time.Hour), "b", now, nil), danchu.ENOTFOUND)

		first, err := db.FirstJobRun(ctx, "report_deadlines")
		mustNil(t, err)
		if !first.Equal(planned8) {
			t.Fatalf("FirstJobRun = %s, want %s", first, planned8)
		}
		_, err = db.FirstJobRun(ctx, "weekly_digest")
		wantCode(t, err, danchu.ENOTFOUND)
	})
}

func TestJobRunFailRetriesFromRetryAt(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		mustClaimRun(t, db, "a", planned8, true)
		// A failure by someone who does not hold the run changes nothing.
		mustNil(t, db.FailJobRun(ctx, "report_deadlines", planned8, "b", planned8, "not mine"))
		mustClaimRun(t, db, "b", planned8.Add(time.Second), false)

		retry := planned8.Add(10 * time.Second)
		mustNil(t, db.FailJobRun(ctx, "report_deadlines", planned8, "a", retry, "database busy"))
		run := mustClaimRun(t, db, "b", retry.Add(-time.Second), false)
		if run.LastError != "database busy" || run.DoneAt != nil {
			t.Fatalf("failed run: %+v", run)
		}
		mustClaimRun(t, db, "b", retry, true)
		mustNil(t, db.FinishJobRun(ctx, "report_deadlines", planned8, "b", retry, nil))
	})
}

func TestClaimJobRunRefuses(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		for _, tc := range []struct {
			job, owner string
			planned    time.Time
			lease      time.Duration
		}{
			{"", "a", planned8, time.Minute},
			{"j", "", planned8, time.Minute},
			{"j", "a", time.Time{}, time.Minute},
			{"j", "a", planned8, 0},
		} {
			_, _, err := db.ClaimJobRun(ctx, tc.job, tc.planned, tc.owner, planned8, tc.lease)
			wantCode(t, err, danchu.EINVALID)
		}
		mustClaimRun(t, db, "a", planned8, true)
		bad := []*danchu.OutboxMessage{{ChatID: 0, Text: "x"}}
		wantCode(t, db.FinishJobRun(ctx, "report_deadlines", planned8, "a", planned8, bad), danchu.EINVALID)
	})
}

// Replicas racing for the same run, each with its own connections as
// separate processes would have: exactly one wins each run.
func TestJobRunClaimRaceOnTwoHandles(t *testing.T) {
	for _, e := range []struct {
		name string
		url  func(testing.TB) string
	}{{"sqlite", storagetest.SQLiteURL}, {"postgres", storagetest.PostgresURL}} {
		t.Run(e.name, func(t *testing.T) {
			t.Parallel()
			url := e.url(t)
			dbs := []*storage.DB{storagetest.MustOpen(t, url), storagetest.MustOpenRaw(t, url), storagetest.MustOpenRaw(t, url)}
			const runs = 20
			wins := make([]int, runs)
			var mu sync.Mutex
			var wg sync.WaitGroup
			errs := make(chan error, len(dbs)*2)
			for i, db := range dbs {
				for g := range 2 {
					owner := fmt.Sprintf("replica-%d-%d", i, g)
					wg.Go(func() {
						for r := range runs {
							planned := planned8.Add(time.Duration(r) * time.Hour)
							ok, _, err := db.ClaimJobRun(t.Context(), "race", planned, owner, planned, time.Hour)
							if err != nil {
								errs <- err
								return
							}
							if !ok {
								continue
							}
							msgs := []*danchu.OutboxMessage{reminder(1, fmt.Sprintf("race:%d", r))}
							if err := db.FinishJobRun(t.Context(), "race", planned, owner, planned, msgs); err != nil {
								errs <- err
								return
							}
							mu.Lock()
							wins[r]++
							mu.Unlock()
						}
					})
				}
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			for r, n := range wins {
				if n != 1 {
					t.Errorf("run %d won %d times", r, n)
				}
			}
			if n := count(t, dbs[0], `SELECT COUNT(*) FROM outbox`); n != runs {
				t.Errorf("%d outbox rows, want %d", n, runs)
			}
		})
	}
}
