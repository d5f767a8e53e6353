package danban_test

import (
	"strconv"
	"testing"
	"time"

	"danchu"
	"danchu/flows/flowstest"
	"danchu/storage/storagetest"
)

// receptionScenarios are the conversations of the reception calendar. The
// world starts on Monday 16/03/2026: the chairman receives on Thursdays
// (19/03, 26/03, 02/04), the party secretary on the second and fourth
// Tuesdays (24/03).
var receptionScenarios = []struct {
	name string
	run  func(t *testing.T, w *flowstest.World)
}{
	{"reception_book_remind_receive", func(t *testing.T, w *flowstest.World) {
		// One place a slot, to show a full one; the chairman is away on
		// 26/03 and receives on Friday 27/03 in the afternoon instead.
		w.Settings.Reception.Capacity = 1
		w.Settings.Reception.Exceptions = []danchu.ReceptionException{
			{Date: "26/03/2026", Host: "chairman", Off: true},
			{Date: "27/03/2026", Host: "chairman", From: "14:00", To: "15:00", Note: "thay ngày 26/03"},
		}
		an, binh, minh := w.An(), w.Binh(), w.Minh()
		an.MustRegister("Tiểu khu 3")
		binh.MustRegister("Tiểu khu 3")
		minh.MustRegister("Tiểu khu 1")
		cuong, _ := w.Staff()

		w.Note("An books the chairman on Thursday at 09:00")
		an.Tap("Tiếp dân")
		an.PressPrefix("td:s:chairman:20260319")
		slot := an.PressPrefix("td:b:chairman:")
		an.Say("Đề nghị xem xét cấp giấy chứng nhận quyền sử dụng đất cho gia đình.")

		w.Note("the slot is full: Minh forges its button, and is told")
		minh.PressData(slot)
		minh.Say("Hỏi về chế độ cho người có công.")
		minh.Command("tiep_dan", "")
		minh.PressPrefix("td:s:chairman:20260319")

		w.Note("Bình books the next slot; An sees his bookings")
		binh.Command("tiep_dan", "")
		binh.PressPrefix("td:s:chairman:20260319")
		binh.PressPrefix("td:b:chairman:")
		binh.Say("Hỏi về thủ tục tách thửa.")
		an.Command("tiep_dan", "")
		an.Press("📅 Lịch của tôi")

		w.Note("the day before, both are reminded from 17:00, once; Bình cancels from the reminder")
		w.Clock.Advance(48 * time.Hour) // Wednesday 18/03, in the morning: not yet
		w.RunDanBan()
		w.DeliverOutbox()
		w.Clock.Advance(9 * time.Hour) // Wednesday, after 17:00
		w.RunDanBan()
		w.RunDanBan()
		w.DeliverOutbox()
		binh.Press("✖ Huỷ lịch")
		binh.PressData("td:c:2")
		an.PressData("td:c:2") // someone else's booking

		w.Note("Thursday: the official on duty marks An received; a resident cannot")
		w.Clock.Advance(15 * time.Hour)
		an.PressData("td:r:1:20260319")
		cuong.Tap("Tiếp dân")
		cuong.Press("📋 Danh sách tiếp công dân hôm nay")
		cuong.PressPrefix("td:r:1:")
		cuong.PressData("td:a:1:20260319") // marked already
		f, err := w.DB.ReceptionFigures(w.Ctx, time.Date(2026, 3, 1, 0, 0, 0, 0, w.Settings.Location()), time.Date(2026, 4, 1, 0, 0, 0, 0, w.Settings.Location()))
		if err != nil || f.Received != 1 || f.Cancelled != 1 || f.Booked != 0 {
			t.Errorf("figures of March: %+v %v", f, err)
		}
		w.Note("the calendar now: no chairman on 26/03, Friday 27/03 instead")
		minh.Command("tiep_dan", "")
		b, err := w.DB.FindBooking(w.Ctx, 1)
		if err != nil || b.Status != danchu.BookingReceived || b.RecordedBy == 0 || strconv.Itoa(int(b.SlotStart.Unix())) != slot[len("td:b:chairman:"):] {
			t.Errorf("An's booking: %+v %v", b, err)
		}
	}},
}

func TestReceptionGolden(t *testing.T) {
	for _, sc := range receptionScenarios {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			w := flowstest.MustDanBanWorld(t)
			sc.run(t, w)
			w.MustMatchGolden(sc.name)
		})
	}
}

func TestReceptionGoldenPostgres(t *testing.T) {
	for _, sc := range receptionScenarios {
		t.Run(sc.name, func(t *testing.T) {
			w := flowstest.MustWorldAt(t, storagetest.PostgresURL(t))
			w.WithDanBan()
			sc.run(t, w)
			if !*flowstest.Update {
				w.MustMatchGolden(sc.name)
			}
		})
	}
}
