package danban_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"danchu"
	"danchu/flows/flowstest"
	"danchu/storage/storagetest"
)

// MustRemindersWorld is a world whose engine has every store the reminders
// read and the marks of the reminders done.
func MustRemindersWorld(tb testing.TB, url string) *flowstest.World {
	tb.Helper()
	w := flowstest.MustWorldAt(tb, url)
	w.Engine = w.FullEngine()
	return w
}

// ict is the unit's time zone.
var ict = time.FixedZone("ICT", 7*3600)

func on(day, hour, minute int) time.Time { return time.Date(2026, 3, day, hour, minute, 0, 0, ict) }

// remindersScenario: a meeting on Wednesday 18/03 at 19:30, a dialogue on
// Wednesday at 09:00 and two bookings on Thursday at 09:00, one cancelled,
// all made on Monday 16/03; the reminders run across the days, twice at
// some moments, on a fresh engine (a restart) and on two replicas at once.
// Each reminder goes once, at D-1 and H-1, to those concerned.
func remindersScenario(t *testing.T, w *flowstest.World) {
	ha, an, hoa, minh, lan := w.Ha(), w.An(), w.Hoa(), w.Minh(), w.Lan()
	for _, p := range []*flowstest.Person{ha, an, hoa, minh} {
		p.MustRegister("Tiểu khu 1")
	}
	lan.MustRegister("Tiểu khu 2")
	w.MustGrant(ha, danchu.RoleTieuKhuHead, "Tiểu khu 1")
	id := func(p *flowstest.Person) int64 { return w.MustResident(p.User.ID).ID }
	created := w.Clock.Now()

	w.Note("Hà's meeting notice to Tiểu khu 1: An will attend, Hoa took note, Minh will be absent, Hà does not answer")
	meeting := &danchu.Notice{SenderID: id(ha), Audience: danchu.Audience{Neighbourhoods: []string{"Tiểu khu 1"}},
		Meeting: &danchu.Meeting{At: on(18, 19, 30), Place: "Nhà văn hoá Tiểu khu 1", Agenda: "Bầu tổ trưởng tổ an ninh."}}
	err := w.DB.PublishNotice(w.Ctx, meeting, &danchu.Broadcast{Kind: danchu.BroadcastMeeting, SenderID: id(ha)},
		func(int64, int64) ([]*danchu.OutboxMessage, error) { return nil, nil })
	if err != nil {
		t.Fatal(err)
	}
	an.PressData("tb:a:1:at")
	hoa.PressData("tb:a:1:ak")
	minh.PressData("tb:a:1:ab")

	w.Note("a dialogue with Tiểu khu 2 (Lan); Minh asked a question there and An supports it; Hoa's insult is hidden")
	d := &danchu.Dialogue{Topic: "An toàn giao thông khu dân cư", Audience: danchu.Audience{Neighbourhoods: []string{"Tiểu khu 2"}},
		At: on(18, 9, 0), Place: "Hội trường UBND", QuestionsUntil: on(17, 17, 0), CreatedBy: id(ha), CreatedAt: created}
	mustNil(t, w.DB.CreateDialogue(w.Ctx, d))
	q := &danchu.Question{DialogueID: d.ID, ResidentID: id(minh), Text: "Ngõ 5 cần gờ giảm tốc.", CreatedAt: created}
	mustNil(t, w.DB.AddDialogueQuestion(w.Ctx, q))
	_, err = w.DB.SupportQuestion(w.Ctx, q.ID, id(an), created)
	mustNil(t, err)
	insult := &danchu.Question{DialogueID: d.ID, ResidentID: id(hoa), Text: "Lời lẽ xúc phạm", CreatedAt: created}
	mustNil(t, w.DB.AddDialogueQuestion(w.Ctx, insult))
	mustNil(t, w.DB.HideQuestion(w.Ctx, insult.ID, "Lời lẽ xúc phạm", id(ha), created))

	w.Note("An and Hoa book the chairman on Thursday at 09:00; Hoa cancels")
	for _, p := range []*flowstest.Person{an, hoa} {
		mustNil(t, w.DB.Book(w.Ctx, &danchu.Booking{ResidentID: id(p), Host: "chairman", SlotStart: on(19, 9, 0),
			Topic: "Hỏi về thủ tục tách thửa.", CreatedAt: created}, 5))
	}
	mustNil(t, w.DB.CancelBooking(w.Ctx, 2, id(hoa), created))

	replica := w.FullEngine() // another replica, or the program restarted
	for _, step := range []struct {
		at      time.Time
		engines []*flowstest.Program
		want    []string
	}{
		{on(17, 8, 59), nil, nil}, // a minute before the dialogue's D-1
		{on(17, 9, 0), nil, []string{"dialogue.reminder to An", "dialogue.reminder to Lan", "dialogue.reminder to Minh"}},
		{on(17, 9, 5), nil, nil},
		{on(17, 10, 0), []*flowstest.Program{replica}, nil}, // after a restart
		{on(17, 19, 30), nil, []string{"meeting.reminder to An", "meeting.reminder to Hoa"}},
		{on(17, 19, 35), nil, nil},
		{on(18, 8, 0), []*flowstest.Program{w.Engine, replica}, []string{"dialogue.reminder to An", "dialogue.reminder to Lan", "dialogue.reminder to Minh"}},
		{on(18, 8, 5), nil, nil},
		{on(18, 9, 0), nil, nil}, // the dialogue has started
		{on(18, 18, 35), []*flowstest.Program{replica}, []string{"meeting.reminder to An", "meeting.reminder to Hoa"}},
		{on(18, 19, 25), []*flowstest.Program{w.Engine, replica}, nil},
		{on(19, 7, 59), nil, nil},
		{on(19, 8, 0), nil, []string{"reception.reminder to An"}}, // not Hoa: cancelled
		{on(19, 8, 55), []*flowstest.Program{w.Engine, replica}, nil},
	} {
		engines := step.engines
		if engines == nil {
			engines = []*flowstest.Program{w.Engine}
		}
		if got := w.RemindAt(step.at, engines...); !slices.Equal(got, step.want) {
			t.Errorf("at %s: sent %q, want %q", step.at.Format("02/01 15:04"), got, step.want)
		}
	}
	flowstest.MustContainAll(t, "An", an.Seen(), "⏰ Nhắc lịch hội nghị đối thoại", "⏰ Sắp đến giờ hội nghị đối thoại",
		"⏰ Nhắc lịch họp", "⏰ Sắp đến giờ họp", "Ông/bà đã báo: ✅ Tôi sẽ tham dự", "⏰ Sắp đến giờ tiếp công dân")
	if got := strings.Count(hoa.Seen(), "tiếp công dân"); got != 0 {
		t.Errorf("Hoa, who cancelled, was reminded %d times of her reception", got)
	}
}

func mustNil(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

func TestRemindersDayAndHour(t *testing.T) {
	w := MustRemindersWorld(t, "sqlite:"+t.TempDir()+"/danchu.db")
	remindersScenario(t, w)
	w.MustMatchGolden("reminders_day_and_hour")
}

func TestRemindersDayAndHourPostgres(t *testing.T) {
	w := MustRemindersWorld(t, storagetest.PostgresURL(t))
	remindersScenario(t, w)
	if !*flowstest.Update {
		w.MustMatchGolden("reminders_day_and_hour")
	}
}
