package scheduler_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"danchu"
	"danchu/scheduler"
)

// deadlineCase is what the test expects of one deadline: who is reminded,
// and when someone pressed "Đã nộp" (zero: never).
type deadlineCase struct {
	data       string // the button's data
	due        time.Time
	recipients []*danchu.Resident
	pressed    time.Time
}

// wantReminders works out by hand, from the reminders' rule, what a
// deadline sends between from and to: at 08:00 on D-14, D-7, D-3, D-1, D-0
// and every day after, until the day after the press; and at D-1 a word to
// the chairman when nobody has pressed yet.
func wantReminders(d deadlineCase, chairman *danchu.Resident, from, to time.Time) []sent {
	var out []sent
	for day := local(from.Year(), from.Month(), from.Day(), 8, 0); day.Before(to); day = day.AddDate(0, 0, 1) {
		if day.Before(from) || !d.pressed.IsZero() && d.pressed.Before(day) {
			continue
		}
		left := int(d.due.Sub(local(day.Year(), day.Month(), day.Day(), 0, 0)).Hours() / 24)
		if left >= 0 && !slices.Contains([]int{14, 7, 3, 1, 0}, left) {
			continue
		}
		at := day.Format("2006-01-02 15:04")
		for _, r := range d.recipients {
			out = append(out, sent{chat: r.TelegramID, kind: "report.reminder", ref: d.data, at: at})
		}
		if left == 1 {
			out = append(out, sent{chat: chairman.TelegramID, kind: "report.unconfirmed", ref: d.data, at: at})
		}
	}
	return out
}

// wantDigests lists the digests planned in [from, to): Mondays at 07:00 to
// the chairman, the 1st of each month at 07:00 to the supervisor.
func wantDigests(w *world, from, to time.Time) []sent {
	var out []sent
	for day := local(from.Year(), from.Month(), from.Day(), 7, 0); day.Before(to); day = day.AddDate(0, 0, 1) {
		if day.Before(from) {
			continue
		}
		at := day.Format("2006-01-02 15:04")
		if day.Weekday() == time.Monday {
			out = append(out, sent{chat: w.chairman.TelegramID, kind: "digest.weekly", at: at})
		}
		if day.Day() == 1 {
			out = append(out, sent{chat: w.supervisor.TelegramID, kind: "digest.monthly", at: at})
		}
	}
	return out
}

// A simulated year on the real database, with a restart in the middle (a
// new scheduler on a new connection pool): every reminder fires exactly
// once, on its day at 08:00, none after "Đã nộp", and the digests come on
// time.
func TestSimulatedYearAcrossARestart(t *testing.T) {
	start, restartAt, resumeAt, end := local(2026, 1, 1, 0, 0), local(2026, 7, 1, 12, 0), local(2026, 7, 1, 15, 0), local(2027, 1, 5, 0, 0)
	forEachWorld(t, start, func(t *testing.T, w *world) {
		ctx := t.Context()
		everyone := []*danchu.Resident{w.chairman, w.official1, w.official2}
		halfYear := deadlineCase{data: "rpt:done:half_year:2026", due: local(2026, 6, 14, 0, 0), recipients: everyone,
			pressed: local(2026, 6, 16, 9, 0)}
		annual := deadlineCase{data: "rpt:done:annual:2026", due: local(2026, 11, 30, 0, 0), recipients: everyone,
			pressed: local(2026, 11, 27, 9, 0)}
		adhoc := deadlineCase{due: local(2026, 7, 5, 0, 0), recipients: []*danchu.Resident{w.official1},
			pressed: local(2026, 7, 5, 8, 30)}
		var replies []string

		// 2 February: the chairman creates an ad hoc deadline in the bot,
		// official 1 responsible.
		w.clock.At(local(2026, 2, 2, 10, 0), func(time.Time) bool {
			w.say(w.chairman, "/bao_cao")
			w.press(w.chairman, "rpt:new")
			w.say(w.chairman, "Báo cáo đột xuất về tiếp công dân")
			w.say(w.chairman, "05/07/2026")
			w.press(w.chairman, "rpt:p:"+itoa(w.official1.ID))
			replies = append(replies, w.press(w.chairman, "rpt:save"))
			list, err := w.db.ReportDeadlines(ctx, time.Time{}, time.Time{})
			if err != nil || len(list) != 1 {
				t.Errorf("ad hoc deadlines after saving: %v, %v", list, err)
				return false
			}
			adhoc.data = scheduler.ReportButtonData(list[0])
			return false
		})
		// Each press takes the button from the reminder the person got.
		pressLatest := func(r *danchu.Resident, ref *string) func(time.Time) bool {
			return func(time.Time) bool {
				var data string
				for _, m := range w.deliver() {
					if m.ChatID == r.TelegramID && m.Kind == "report.reminder" && m.Buttons[0][0].Data == *ref {
						data = m.Buttons[0][0].Data
					}
				}
				if data == "" {
					t.Errorf("%s has no reminder of %s to press", r.FullName, *ref)
					return false
				}
				replies = append(replies, w.press(r, data))
				return false
			}
		}
		w.clock.At(halfYear.pressed, pressLatest(w.official2, &halfYear.data))
		// Official 2 is not responsible for the ad hoc report: refused, and
		// the reminders go on.
		w.clock.At(local(2026, 6, 21, 9, 0), func(time.Time) bool {
			replies = append(replies, w.press(w.official2, adhoc.data))
			return false
		})
		w.clock.At(adhoc.pressed, pressLatest(w.official1, &adhoc.data))
		w.clock.At(local(2026, 11, 20, 9, 0), func(time.Time) bool {
			replies = append(replies, w.press(w.resident, annual.data))
			return false
		})
		w.clock.At(annual.pressed, func(time.Time) bool {
			replies = append(replies, w.press(w.chairman, annual.data))
			return false
		})

		w.runUntil(restartAt, w.scheduler(w.db, "replica-before"))
		w.clock.Set(resumeAt)
		w.runUntil(end, w.scheduler(w.handle(), "replica-after"))

		msgs := w.all()
		var want []sent
		for _, d := range []deadlineCase{halfYear, annual, adhoc} {
			want = append(want, wantReminders(d, w.chairman, start, restartAt)...)
			want = append(want, wantReminders(d, w.chairman, resumeAt, end)...)
		}
		mustSend(t, summary(msgs, "report.reminder", "report.unconfirmed"), want)
		mustSend(t, summary(msgs, "digest.weekly", "digest.monthly"),
			append(wantDigests(w, start, restartAt), wantDigests(w, resumeAt, end)...))
		for _, m := range msgs {
			if !slices.Contains([]string{"report.reminder", "report.unconfirmed", "digest.weekly", "digest.monthly"}, m.Kind) {
				t.Errorf("unexpected message %s to %d: %q", m.Kind, m.ChatID, m.Text)
			}
		}

		for i, want := range []string{
			"Đã tạo hạn nộp «Báo cáo đột xuất về tiếp công dân» ngày 05/07/2026; người phụ trách: Trần Thị Một",
			"Recorded that “Báo cáo 6 tháng 2026” was submitted at 09:00 16/06/2026",
			"Only the officials responsible for this report or the chairman",
			"Đã ghi nhận «Báo cáo đột xuất về tiếp công dân» đã nộp lúc 08:30 05/07/2026",
			"chỉ cán bộ phụ trách báo cáo này hoặc Chủ tịch",
			"Đã ghi nhận «Báo cáo năm 2026» đã nộp lúc 09:00 27/11/2026",
		} {
			if i >= len(replies) || !strings.Contains(replies[i], want) {
				t.Errorf("reply %d does not say %q:\n%s", i, want, strings.Join(replies, "\n---\n"))
			}
		}
		mustHaveTexts(t, msgs, map[string][]string{
			"2026-05-31 08:00 report.reminder to 1001": {"Nhắc hạn nộp Báo cáo 6 tháng 2026", "Hạn nộp: 14/06/2026 — còn 14 ngày",
				"Đơn thư từ 01/01/2026 đến nay: đã tiếp nhận 0, đã trả lời 0", "bấm «Đã nộp»"},
			"2026-05-31 08:00 report.reminder to 1003": {"Reminder: Báo cáo 6 tháng 2026 is due", "14 days left"},
			"2026-06-13 08:00 report.unconfirmed to 1001": {"Chưa có ai xác nhận đã nộp Báo cáo 6 tháng 2026",
				"hạn nộp 14/06/2026, còn 1 ngày", "toàn thể cán bộ"},
			"2026-06-15 08:00 report.reminder to 1002":    {"đã quá hạn 1 ngày"},
			"2026-07-05 08:00 report.reminder to 1002":    {"hôm nay là hạn cuối"},
			"2026-07-04 08:00 report.unconfirmed to 1001": {"Người phụ trách: Trần Thị Một."},
		})

		entries, err := w.db.AuditOf(ctx, "report:half_year:2026")
		if err != nil || len(entries) != 1 || entries[0].ActorID != w.official2.ID || !entries[0].At.Equal(halfYear.pressed) {
			t.Errorf("audit of the half-year report: %+v, %v; want official 2's press at 09:00 16/06", entries, err)
		}
		runs, err := w.db.JobRuns(ctx, scheduler.ReportJobName, start.AddDate(0, 0, -3), end)
		if err != nil {
			t.Fatal(err)
		}
		// One run a day from the catch-up at the first start (29/12) to the
		// end, none planned while down (12:00 to 15:00 on 1/7).
		days := int(end.Sub(start.AddDate(0, 0, -3)).Hours() / 24)
		for _, r := range runs {
			if r.DoneAt == nil || r.Attempts != 1 {
				t.Errorf("run %s: done %v after %d attempts", r.Planned.In(loc), r.DoneAt, r.Attempts)
			}
		}
		if len(runs) != days {
			t.Errorf("%d report runs, want one a day: %d", len(runs), days)
		}
	})
}

// mustHaveTexts checks the texts of some messages, named "<at> <kind> to <chat>".
func mustHaveTexts(t *testing.T, msgs []*danchu.OutboxMessage, want map[string][]string) {
	t.Helper()
	for name, parts := range want {
		var text string
		for _, m := range msgs {
			if m.CreatedAt.In(loc).Format("2006-01-02 15:04")+" "+m.Kind+" to "+itoa(m.ChatID) == name {
				text = m.Text
			}
		}
		if text == "" {
			t.Errorf("no message %s", name)
			continue
		}
		for _, p := range parts {
			if !strings.Contains(text, p) {
				t.Errorf("%s does not say %q:\n%s", name, p, text)
			}
		}
	}
}
