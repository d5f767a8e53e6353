package danban_test

import (
	"strings"
	"testing"
	"time"

	"danchu/flows/flowstest"
	"danchu/storage/storagetest"
)

// dialogueScenarios are the conversations of dialogues with the chairman.
var dialogueScenarios = []struct {
	name string
	run  func(t *testing.T, w *flowstest.World)
}{
	{"dialogue_questions_to_answers", func(t *testing.T, w *flowstest.World) {
		an, binh, minh, lan := w.An(), w.Binh(), w.Minh(), w.Lan()
		an.MustRegister("Tiểu khu 3")
		binh.MustRegister("Tiểu khu 3")
		minh.MustRegister("Tiểu khu 3")
		lan.MustRegister("Tiểu khu 2")
		cuong, dung := w.Staff()

		w.Note("the chairman holds a dialogue on traffic with the young people of Tiểu khu 3")
		dung.Tap("Đối thoại")
		dung.Press("➕ Tổ chức hội nghị đối thoại")
		dung.Say("Đối thoại về an toàn giao thông khu dân cư")
		dung.Press("Giao thông")
		dung.Press("Thanh niên")
		dung.PressData("dt:a:nb:2")
		dung.Press("Tiếp tục »")
		dung.Say(w.At(7 * 24 * time.Hour))
		dung.Say("Nhà văn hoá Tiểu khu 3")
		dung.Say(w.At(8 * 24 * time.Hour)) // after the session: refused
		dung.Say(w.At(5 * 24 * time.Hour))
		dung.Press("✅ Tạo và thông báo")
		w.DeliverOutbox()

		w.Note("residents ask: An with his name, Minh a duplicate with a photo and without, Bình two questions")
		an.Press("✍️ Gửi câu hỏi")
		an.Say("Đề nghị lắp gờ giảm tốc ở đầu ngõ 5, xe máy đi rất nhanh.")
		an.Press("Hiện tên tôi")
		minh.Press("✍️ Gửi câu hỏi")
		minh.SendPhotoID("photo-ngo-5", "Ngõ 5 cần gờ giảm tốc, trẻ em hay chơi ở đầu ngõ.")
		minh.Press("Không hiện tên")
		binh.Press("✍️ Gửi câu hỏi")
		binh.Say("Cán bộ giao thông toàn người vô dụng!")
		binh.Press("Hiện tên tôi")
		binh.Press("✍️ Gửi câu hỏi")
		binh.Say("Khi nào đường Lê Lợi có đèn tín hiệu?")
		binh.Press("Không hiện tên")

		w.Note("supports: once each, never one's own; a resident of Tiểu khu 2 is not invited")
		binh.Press("📋 Xem và ủng hộ câu hỏi")
		binh.Press("👍 Ủng hộ #1")
		binh.Press("👍 Ủng hộ #1")
		an.Command("doi_thoai", "")
		an.PressPrefix("dt:d:")
		an.Press("📋 Xem và ủng hộ câu hỏi")
		an.Press("👍 Ủng hộ #2")
		an.PressData("dt:s:1:0") // his own, forged
		an.Press("📷 Ảnh #2")
		lan.PressData("dt:d:1")
		lan.PressData("dt:ask:1")
		lan.PressData("dt:s:1:0")

		w.Note("the official merges Minh's duplicate into An's and hides Bình's insult, with a reason")
		cuong.Command("doi_thoai", "")
		cuong.PressPrefix("dt:d:")
		cuong.Press("🛠 Gộp, ẩn, trả lời câu hỏi")
		cuong.Press("🔀 Gộp #2")
		cuong.PressData("dt:mt:2:1")
		cuong.PressData("dt:hd:3")
		cuong.Say("Câu hỏi có lời lẽ xúc phạm, không có nội dung cần trả lời.")
		binh.PressData("dt:hd:4") // a resident: not hers to hide
		w.DeliverOutbox()
		q1, err := w.DB.FindDialogueQuestion(w.Ctx, 1)
		if err != nil || q1.Supporters != 2 {
			t.Errorf("An's question after the merge: %+v %v (want Bình and Minh as supporters)", q1, err)
		}

		w.Note("the chairman reads the agenda, by support")
		dung.Command("doi_thoai", "")
		dung.PressPrefix("dt:d:")
		dung.Press("🗒 Chương trình cho Chủ tịch")

		w.Note("questions close; after the session, answers")
		w.Clock.Advance(5 * 24 * time.Hour)
		minh.PressData("dt:ask:1")
		w.Clock.Advance(3 * 24 * time.Hour)
		cuong.Command("doi_thoai", "")
		cuong.PressPrefix("dt:d:")
		cuong.Press("🛠 Gộp, ẩn, trả lời câu hỏi")
		cuong.PressData("dt:an:1")
		cuong.Press("💬 Đã trả lời tại hội nghị")
		cuong.Say("UBND sẽ lắp 2 gờ giảm tốc ở đầu ngõ 5 trong tháng 4.")
		cuong.PressData("dt:an:4")
		cuong.Press("📝 Sẽ trả lời bằng văn bản")
		cuong.Say(w.Clock.Now().AddDate(0, 0, 10).In(w.Settings.Location()).Format("02/01/2006"))
		w.DeliverOutbox()

		w.Note("the written answer is late: the chairman is reminded, once a day")
		w.Clock.Advance(11 * 24 * time.Hour)
		w.RunDanBan()
		w.RunDanBan()
		w.DeliverOutbox()
		dung.Command("doi_thoai", "")
		cuong.PressData("dt:an:4")
		cuong.Press("📝 Nhập câu trả lời bằng văn bản")
		cuong.Say("Sở Giao thông vận tải đã đưa nút giao Lê Lợi vào kế hoạch lắp đèn năm 2026.")
		w.DeliverOutbox()
		w.Clock.Advance(24 * time.Hour)
		w.RunDanBan()
		w.DeliverOutbox()
		if late, _ := w.DB.LateAnswers(w.Ctx, w.Clock.Now()); len(late) != 0 {
			t.Errorf("still late: %+v", late)
		}
		binh.Command("doi_thoai", "")
		binh.PressPrefix("dt:d:")
		binh.Press("📋 Xem và ủng hộ câu hỏi")
	}},
}

func TestDialogueGolden(t *testing.T) {
	for _, sc := range dialogueScenarios {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			w := flowstest.MustDanBanWorld(t)
			sc.run(t, w)
			w.MustMatchGolden(sc.name)
		})
	}
}

func TestDialogueGoldenPostgres(t *testing.T) {
	for _, sc := range dialogueScenarios {
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

// Askers who did not agree are never named to other residents, in the list
// or the agenda.
func TestDialogueKeepsUnnamedAskersUnnamed(t *testing.T) {
	w := flowstest.MustDanBanWorld(t)
	dialogueScenarios[0].run(t, w)
	for _, p := range []*flowstest.Person{w.People[flowstest.AnID], w.People[flowstest.LanID]} {
		if strings.Contains(p.Seen(), "Hoàng Văn Minh") {
			t.Errorf("%s saw the name of Minh, who asked without it:\n%s", p.Name, p.Seen())
		}
	}
	if !strings.Contains(w.People[flowstest.BinhID].Seen(), "Nguyễn Văn An") {
		t.Errorf("An agreed to show his name, and Bình never saw it")
	}
	if r := w.People[flowstest.DungID]; !strings.Contains(r.Seen(), "quá hạn") {
		t.Errorf("the chairman was not reminded of the late answer")
	}
	if n := strings.Count(w.People[flowstest.DungID].Seen(), "Nhắc việc: 1 câu hỏi"); n != 1 {
		t.Errorf("the chairman was reminded %d times on one day", n)
	}
}
