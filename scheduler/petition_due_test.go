package scheduler_test

import (
	"strings"
	"testing"
	"time"

	"danchu"
	"danchu/scheduler"
)

// mustFile files a petition of kind received at at, given to handler (0:
// nobody), with its legal due dates.
func (w *world) mustFile(kind danchu.Kind, at time.Time, handler int64) *danchu.Petition {
	w.t.Helper()
	p := &danchu.Petition{Kind: kind, Field: w.settings.Fields[0], Neighbourhood: w.settings.Neighbourhoods[0].Name,
		ResidentID: w.resident.ID, Content: "Cống thoát nước trước nhà văn hoá bị tắc.", Status: danchu.StatusReceived,
		ReceivedAt: at, HandlerID: handler}
	var id *danchu.Identity
	if kind == danchu.KindComplaint {
		learned := at.AddDate(0, 0, -10)
		p.Subject, p.LearnedAt, p.Request = "Quyết định xử phạt số 7/QĐ-XP", &learned, "Huỷ quyết định"
		id = &danchu.Identity{FullName: w.resident.FullName, Address: "Tiểu khu 1", Phone: w.resident.Phone}
	}
	danchu.NewCalendar(w.settings).SetDues(w.settings, p)
	if _, err := w.db.CreatePetition(w.t.Context(), p, id); err != nil {
		w.t.Fatalf("file: %v", err)
	}
	return p
}

// mustAct makes the chairman take a step on p at at.
func (w *world) mustAct(p *danchu.Petition, action danchu.Action, at time.Time) *danchu.Petition {
	w.t.Helper()
	chair := danchu.Actor{ResidentID: w.chairman.ID, Roles: []danchu.RoleGrant{{ResidentID: w.chairman.ID, Role: danchu.RoleChairman}}}
	next, ev, err := danchu.NewRules(w.settings).Apply(chair, p, danchu.Change{Action: action, At: at, Note: "Đã xử lý"})
	if err != nil {
		w.t.Fatalf("%s: %v", action, err)
	}
	if err := w.db.Transition(w.t.Context(), next, ev); err != nil {
		w.t.Fatalf("%s: %v", action, err)
	}
	return next
}

// textTo is the text of the message to r among msgs, "" when none.
func textTo(msgs []*danchu.OutboxMessage, r *danchu.Resident) string {
	for _, m := range msgs {
		if m.ChatID == r.TelegramID {
			return m.Text
		}
	}
	return ""
}

func mustSay(t *testing.T, who, text string, parts ...string) {
	t.Helper()
	if text == "" {
		t.Errorf("%s got no message", who)
		return
	}
	for _, p := range parts {
		if !strings.Contains(text, p) {
			t.Errorf("%s's message does not say %q:\n%s", who, p, text)
		}
	}
}

func TestPetitionDueLists(t *testing.T) {
	forEachWorld(t, local(2026, 6, 15, 7, 30), func(t *testing.T, w *world) {
		o1, o2 := w.official1.ID, w.official2.ID
		p1 := w.mustFile(danchu.KindRecommendation, local(2026, 6, 1, 9, 0), o1)  // to accept by 11/6: late
		p2 := w.mustFile(danchu.KindRecommendation, local(2026, 6, 6, 10, 0), o1) // to accept by 16/6: soon
		p3 := w.mustFile(danchu.KindComplaint, local(2026, 5, 1, 9, 0), o2)
		p3 = w.mustAct(p3, danchu.ActionAccept, local(2026, 5, 4, 9, 0)) // to answer by 3/6: late
		p4 := w.mustFile(danchu.KindReport, local(2026, 6, 1, 9, 30), 0) // nobody's, late
		w.mustFile(danchu.KindReport, local(2026, 6, 12, 9, 0), o2)      // to accept by 22/6: not yet
		p6 := w.mustFile(danchu.KindRecommendation, local(2026, 5, 20, 9, 0), o1)
		p6 = w.mustAct(p6, danchu.ActionAccept, local(2026, 5, 21, 9, 0))
		w.mustAct(p6, danchu.ActionAnswer, local(2026, 6, 10, 9, 0)) // answered: nothing due

		job := &scheduler.PetitionDue{Settings: w.settings, Petitions: w.db, People: scheduler.People{Residents: w.db, Roles: w.db}}
		run := func(at time.Time) []*danchu.OutboxMessage {
			msgs, err := job.Run(t.Context(), scheduler.Run{Job: job.Name(), Planned: at, Now: at})
			if err != nil {
				t.Fatal(err)
			}
			return msgs
		}
		msgs := run(local(2026, 6, 15, 7, 30)) // Monday
		if len(msgs) != 3 {
			t.Fatalf("%d messages, want one to each handler and one to the chairman", len(msgs))
		}
		mustSay(t, "official 1", textTo(msgs, w.official1),
			"Đơn thư cần xử lý ngày 15/06/2026: 1 đơn quá hạn, 1 đơn đến hạn trong 2 ngày làm việc tới.",
			"Quá hạn:\n• "+p1.Number+" (kiến nghị, Đất đai): hạn thụ lý 11/06/2026, quá 4 ngày ⚠️ chưa thụ lý đúng hạn",
			"Sắp đến hạn:\n• "+p2.Number+" (kiến nghị, Đất đai): hạn thụ lý 16/06/2026\n",
			"/hop_thu")
		mustSay(t, "official 2", textTo(msgs, w.official2),
			"Petitions to handle on 15/06/2026: 1 overdue, 0 due within the next 2 working days.",
			"• "+p3.Number+" (complaint, Đất đai): to be answered by 03/06/2026, 12 days late\n")
		mustSay(t, "the chairman", textTo(msgs, w.chairman),
			"Đơn thư quá hạn của toàn đơn vị, ngày 15/06/2026: 3 đơn.",
			"• "+p3.Number+" (khiếu nại, Đất đai): hạn giải quyết 03/06/2026, quá 12 ngày, người xử lý: Phạm Văn Hai\n"+
				"• "+p1.Number+" (kiến nghị, Đất đai): hạn thụ lý 11/06/2026, quá 4 ngày ⚠️ chưa thụ lý đúng hạn, người xử lý: Trần Thị Một\n"+
				"• "+p4.Number+" (phản ánh, Đất đai): hạn thụ lý 11/06/2026, quá 4 ngày ⚠️ chưa thụ lý đúng hạn, chưa phân công")
		for _, m := range msgs {
			if strings.Contains(m.Text, w.resident.FullName) || strings.Contains(m.Text, "Cống thoát nước") {
				t.Errorf("a due list names the author or the content:\n%s", m.Text)
			}
			if m.Kind != "petition.due" && m.Kind != "petition.overdue" || m.Priority != danchu.PriorityReminder {
				t.Errorf("message kind %q, priority %d", m.Kind, m.Priority)
			}
		}
		for _, day := range []time.Time{local(2026, 6, 13, 7, 30), local(2026, 4, 27, 7, 30)} { // Saturday; Giỗ Tổ's day off
			if msgs := run(day); len(msgs) != 0 {
				t.Errorf("%s is not a working day, yet %d messages", day.Format("02/01"), len(msgs))
			}
		}
	})
}

func TestDigests(t *testing.T) {
	forEachWorld(t, local(2026, 6, 15, 7, 0), func(t *testing.T, w *world) {
		w.mustFile(danchu.KindRecommendation, local(2026, 6, 1, 9, 0), w.official1.ID)
		w.mustFile(danchu.KindReport, local(2026, 6, 12, 9, 0), 0)
		p := w.mustFile(danchu.KindRecommendation, local(2026, 5, 20, 9, 0), w.official1.ID)
		p = w.mustAct(p, danchu.ActionAccept, local(2026, 5, 21, 9, 0))
		p = w.mustAct(p, danchu.ActionAnswer, local(2026, 6, 10, 9, 0))
		r, err := danchu.NewRating(danchu.Actor{ResidentID: w.resident.ID}, p, 4, "", local(2026, 6, 10, 10, 0))
		if err != nil {
			t.Fatal(err)
		}
		if err := w.db.Rate(t.Context(), r); err != nil {
			t.Fatal(err)
		}
		people := scheduler.People{Residents: w.db, Roles: w.db}
		run := func(job scheduler.Job, at time.Time) []*danchu.OutboxMessage {
			msgs, err := job.Run(t.Context(), scheduler.Run{Job: job.Name(), Planned: at, Now: at})
			if err != nil {
				t.Fatal(err)
			}
			if len(msgs) != 1 {
				t.Fatalf("%s: %d messages, want 1", job.Name(), len(msgs))
			}
			return msgs
		}
		weekly := run(&scheduler.Digest{Settings: w.settings, Figures: w.db, People: people}, local(2026, 6, 15, 7, 0))
		mustSay(t, "the chairman", textTo(weekly, w.chairman),
			"Tổng hợp đơn thư tuần từ 08/06/2026 đến 14/06/2026", "Đơn mới: 1", "Đã trả lời: 1", "Đang quá hạn: 1",
			"Mức hài lòng trung bình: 4,0/5 (1 lượt đánh giá)")
		monthly := run(&scheduler.Digest{Settings: w.settings, Figures: w.db, People: people, Monthly: true}, local(2026, 7, 1, 7, 0))
		text := textTo(monthly, w.supervisor)
		mustSay(t, "the supervisor", text, "Số liệu đơn thư tháng 06/2026 của thị trấn Hà Trung", "Đơn mới: 2",
			"Đã trả lời: 1", "Đang quá hạn: 2", "4,0/5")
		if strings.Contains(text, "HT-2026") || strings.Contains(text, w.resident.FullName) || strings.Contains(text, w.official1.FullName) {
			t.Errorf("the supervisors' digest carries more than figures:\n%s", text)
		}
	})
}
