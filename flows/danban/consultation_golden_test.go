package danban_test

import (
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"danchu/flows/flowstest"
	"danchu/storage/storagetest"
)

// consultationScenarios are the conversations of comment periods on drafts.
var consultationScenarios = []struct {
	name string
	run  func(t *testing.T, w *flowstest.World)
}{
	{"consultation_convention", func(t *testing.T, w *flowstest.World) {
		an, minh, lan := w.An(), w.Minh(), w.Lan()
		an.MustRegister("Tiểu khu 3")
		minh.MustRegister("Tiểu khu 3")
		lan.MustRegister("Tiểu khu 2")
		cuong, _ := w.Staff()

		w.Note("the official opens Tiểu khu 3's draft hương ước for comment: at least 30 days")
		cuong.Tap("Góp ý")
		cuong.Press("➕ Lấy ý kiến về dự thảo")
		cuong.Say("Dự thảo hương ước Tiểu khu 3 (sửa đổi năm 2026)")
		cuong.Press("Dự thảo hương ước, quy ước")
		cuong.Say("Sửa quy định về giữ gìn vệ sinh, giờ đổ rác và mức đóng góp quỹ khuyến học. Đề nghị bà con góp ý từng điều.")
		cuong.Say("a text where a file is expected")
		cuong.SendDocument("doc-huong-uoc", "du-thao-huong-uoc-tk3.pdf")
		cuong.PressData("gy:a:nb:2")
		cuong.Press("Tiếp tục »")
		cuong.Say("10/04/2026") // 25 days: too early
		cuong.Say("16/04/2026")
		cuong.Press("✅ Mở lấy ý kiến")
		w.DeliverOutbox()

		w.Note("residents read the draft and comment, An twice; Tiểu khu 2 is not asked")
		an.Press("📝 Xem dự thảo và góp ý")
		an.Press("📎 Xem dự thảo")
		an.PressData("gy:cm:1")
		an.Say("Đề nghị quy định giờ đổ rác từ 17 đến 19 giờ hằng ngày.")
		an.Press("✍️ Góp ý")
		an.Say("Mức đóng góp quỹ khuyến học nên để hộ tự nguyện.")
		minh.Press("✍️ Góp ý")
		minh.Say("Đồng ý với dự thảo; đề nghị thêm điều về giữ trật tự sau 22 giờ.")
		lan.PressData("gy:o:1")
		lan.PressData("gy:cm:1")

		w.Note("the official reads and exports the comments")
		cuong.Command("gop_y", "")
		cuong.PressPrefix("gy:o:1")
		cuong.Press("📋 Các ý kiến")
		cuong.PressData("gy:ex:1")
		export := w.People[flowstest.CuongID].Last
		if len(export) != 1 || export[0].Document == nil || !strings.HasPrefix(string(export[0].Document.Data), "\ufeff") {
			t.Fatalf("export: %+v", export)
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(export[0].Document.Data), "\ufeff"))).ReadAll()
		if err != nil || len(rows) != 4 || rows[0][4] != "Nội dung góp ý" || rows[1][2] != "Nguyễn Văn An" || rows[3][3] != "Tiểu khu 3" {
			t.Errorf("the CSV: %q %v", rows, err)
		}
		an.PressData("gy:ex:1") // a resident cannot export

		w.Note("the period ends: the official is told; a late comment is refused; the summary goes to Tiểu khu 3")
		w.Clock.Advance(32 * 24 * time.Hour)
		w.RunDanBan()
		w.RunDanBan()
		w.DeliverOutbox()
		an.PressData("gy:cm:1")
		cuong.Press("📝 Xem dự thảo và góp ý")
		cuong.Press("📢 Công bố tổng hợp ý kiến")
		cuong.Say("Nhận được 3 ý kiến. Tiếp thu: giờ đổ rác từ 17 đến 19 giờ; thêm điều về giữ trật tự sau 22 giờ. Mức đóng góp quỹ khuyến học giữ nguyên vì đã được hội nghị năm 2025 thống nhất.")
		w.DeliverOutbox()
		cuong.PressData("gy:pub:1")
		an.Command("gop_y", "")
		an.PressPrefix("gy:o:1")
	}},
}

func TestConsultationGolden(t *testing.T) {
	for _, sc := range consultationScenarios {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			w := flowstest.MustDanBanWorld(t)
			sc.run(t, w)
			w.MustMatchGolden(sc.name)
		})
	}
}

func TestConsultationGoldenPostgres(t *testing.T) {
	for _, sc := range consultationScenarios {
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
