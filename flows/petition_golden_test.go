package flows_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"danchu"
	"danchu/storage/storagetest"
)

// More people of the petition conversations.
const (
	haID    = 1005 // Đỗ Thị Hà, head of Tiểu khu 1
	giangID = 1006 // Vũ Giang, a supervisor
	khanhID = 1007 // Ngô Khánh, a second official
)

func (w *world) Ha() *person    { return w.Person("Hà", haID, "Đỗ Thị", "Hà") }
func (w *world) Giang() *person { return w.Person("Giang", giangID, "Vũ", "Giang") }
func (w *world) Khanh() *person { return w.Person("Khánh", khanhID, "Ngô", "Khánh") }

// staff registers Cường as an official and Dũng as the chairman.
func (w *world) staff() (cuong, dung *person) {
	w.tb.Helper()
	w.Note("the staff: Cường is an official, Dũng the chairman")
	cuong, dung = w.Cuong(), w.Dung()
	cuong.MustRegister("Tiểu khu 2")
	dung.MustRegister("Tiểu khu 2")
	w.MustGrant(cuong, danchu.RoleOfficial, "")
	w.MustGrant(dung, danchu.RoleChairman, "")
	return cuong, dung
}

// petitionScenarios are the conversations of issue 3; each has its golden
// transcript testdata/<name>.golden and checks the stores besides.
var petitionScenarios = []struct {
	name string
	run  func(t *testing.T, w *world)
}{
	{"petition_recommendation", func(t *testing.T, w *world) {
		an := w.An()
		an.MustRegister("Tiểu khu 3")
		cuong, _ := w.staff()
		w.Note("An sends a named kiến nghị in two messages, with a photo, a document and a location")
		an.Tap("Gửi đơn")
		an.Press("💡 Góp ý, đề xuất (kiến nghị)")
		an.Press("Giao thông")
		an.Say("Đề nghị lắp đèn đường ở ngõ 5.")
		an.Say("Buổi tối ngõ rất tối, người già đi lại khó khăn.")
		an.Press("✅ Đã xong")
		an.SendPhotoID("photo-ngo-5", "")
		an.SendDocument("doc-so-do", "so-do.pdf")
		an.SendLocation(19.9921, 105.8413)
		an.Press("✅ Đã xong")
		an.Press("Gửi kèm họ tên")
		an.Press("✅ Gửi đơn")
		p := w.MustPetition("HT-2026-000001")
		if p.Kind != danchu.KindRecommendation || p.Anonymous || len(p.Attachments) != 3 || p.Neighbourhood != "Tiểu khu 3" ||
			p.Content != "Đề nghị lắp đèn đường ở ngõ 5.\nBuổi tối ngõ rất tối, người già đi lại khó khăn." {
			t.Errorf("petition = %+v", p)
		}
		w.DeliverOutbox()

		w.Note("the official takes it, accepts it and answers; An is told each time")
		cuong.Command("hop_thu", "")
		cuong.Press("HT-2026-000001")
		cuong.Press("🙋 Nhận xử lý")
		cuong.Press("✅ Thụ lý")
		w.DeliverOutbox()
		cuong.Press("✉️ Trả lời")
		cuong.Say("UBND sẽ lắp 3 đèn đường ở ngõ 5 trong tháng 4/2026.")
		cuong.SendPhotoID("photo-ke-hoach", "")
		cuong.Press("✅ Gửi trả lời")
		w.DeliverOutbox()

		w.Note("An rates the answer 4 with a comment; a second rating is refused")
		an.Press("4")
		an.Say("Cảm ơn, mong làm sớm.")
		an.PressData("my:s:1:5")
		an.Command("don_cua_toi", "")
		an.Press("HT-2026-000001")
		stats, err := w.db.RatingStats(w.ctx, w.MustResident(cuongID).ID)
		if err != nil || stats.Count != 1 || stats.Sum != 4 {
			t.Errorf("rating stats of the handler = %+v, %v; want one 4", stats, err)
		}
	}},
	{"petition_report_refused", func(t *testing.T, w *world) {
		binh := w.Binh()
		binh.MustRegister("Tiểu khu 1")
		cuong, _ := w.staff()
		w.Note("Bình starts a tố cáo but wants to stay anonymous: it becomes a phản ánh")
		binh.Command("gui_don", "")
		binh.Press("🚨 Tố cáo hành vi vi phạm")
		binh.Say("tôi muốn viết luôn")
		binh.Press("Gửi ẩn danh dạng phản ánh")
		binh.Press("Môi trường")
		binh.Say("Xưởng gỗ đốt rác thải gây khói suốt đêm.")
		binh.Press("✅ Đã xong")
		binh.Press("Bỏ qua")
		w.Note("on the review Bình rewrites the content and changes the place")
		binh.Press("Viết lại nội dung")
		binh.Say("Xưởng gỗ cạnh chợ đốt rác thải, khói bay vào nhà dân suốt đêm.")
		binh.Press("✅ Đã xong")
		binh.Press("Sửa nơi xảy ra")
		binh.Press("Tiểu khu 2")
		binh.Press("✅ Gửi đơn")
		p := w.MustPetition("HT-2026-000001")
		if p.Kind != danchu.KindReport || !p.Anonymous || p.Neighbourhood != "Tiểu khu 2" {
			t.Errorf("petition = %+v, want an anonymous report of Tiểu khu 2", p)
		}

		w.Note("nearly the same text again in the same field: asked first, then not sent")
		binh.Tap("Gửi đơn")
		binh.Press("📢 Báo một vấn đề (phản ánh)")
		binh.Press("Môi trường")
		binh.Say("Xưởng gỗ cạnh chợ đốt rác thải: khói bay vào nhà dân suốt đêm!")
		binh.Press("✅ Đã xong")
		binh.Press("Bỏ qua")
		binh.Press("Gửi ẩn danh")
		binh.Press("✅ Gửi đơn")
		binh.Press("Không gửi")

		w.Note("Bình now reads in English; the official refuses with a reason; the notice is in English")
		binh.Command("toi", "")
		binh.Press("Đổi ngôn ngữ")
		binh.Press("English")
		cuong.Command("hop_thu", "")
		cuong.Press("HT-2026-000001")
		cuong.Press("🙋 Nhận xử lý")
		cuong.Press("⛔ Không thụ lý")
		cuong.Say("")
		cuong.Say("Cơ sở này thuộc thẩm quyền kiểm tra của Phòng Tài nguyên và Môi trường huyện; UBND thị trấn đã báo cho phòng.")
		w.DeliverOutbox()
		binh.Press("📄 View the petition")
		if p := w.MustPetition("HT-2026-000001"); p.Status != danchu.StatusRefused {
			t.Errorf("status = %s, want refused", p.Status)
		}
		mustNotContainAny(t, "Cường", cuong.Seen(), "Bình") // anonymous: not even the name
	}},
	{"petition_complaint_transferred", func(t *testing.T, w *world) {
		an := w.An()
		an.MustRegister("Tiểu khu 3")
		cuong, dung := w.staff()
		w.Note("An sends a khiếu nại: the identity, the decision, a date past the limit (warned), the request")
		an.Tap("Gửi đơn")
		an.Press("⚖️ Khiếu nại quyết định, việc làm")
		an.Say("Số")
		an.Say("Số 12, ngõ 5, Tiểu khu 3")
		an.Press("Sửa số điện thoại")
		an.Say("0987 654 321")
		an.Press("✅ Đúng")
		an.Press("Đất đai")
		an.Say("Quyết định số 45/QĐ-UBND ngày 01/12/2025 của UBND thị trấn về thu hồi 30 m² đất vườn.")
		an.Say("31/02/2026")
		an.Say("20/03/2026")
		an.Say("1/12/2025")
		an.Say("Đề nghị huỷ quyết định và đo đạc lại.")
		an.Say("Diện tích thu hồi ghi sai so với thực tế.")
		an.Press("✅ Đã xong")
		an.Press("Bỏ qua")
		an.Press("Sửa ngày biết")
		an.Say("20/02/2026")
		an.Press("✅ Gửi đơn")
		p := w.MustPetition("HT-2026-000001")
		if p.Kind != danchu.KindComplaint || p.LearnedAt == nil || w.engine.Settings.Location() == nil ||
			danchu.Date(*p.LearnedAt, w.settings.Location()) != "20/02/2026" || p.Subject == "" || p.Request == "" {
			t.Errorf("petition = %+v", p)
		}
		w.Note("the chairman is told of the new khiếu nại, opens it, sees the identity and assigns it")
		w.DeliverOutbox()
		dung.Press("📄 Xem đơn")
		dung.Press("👤 Phân công")
		dung.Press("Lê Cường")
		w.DeliverOutbox()
		MustHaveAuditOf(t, w, "petition:"+itoa(p.ID), "petition.identity.read")
		w.Note("the official transfers it to the competent body; An is told where it went")
		cuong.Press("📄 Xem đơn")
		cuong.Press("↪️ Chuyển đơn")
		cuong.Say("UBND huyện Hà Trung")
		w.DeliverOutbox()
		an.Command("tra_cuu", "ht-2026-1")
	}},
	{"petition_denunciation_extended", func(t *testing.T, w *world) {
		binh := w.Binh()
		binh.MustRegister("Tiểu khu 1")
		cuong, dung := w.staff()
		w.Note("Bình sends a tố cáo: the legal notice first, then the identity")
		binh.Tap("Gửi đơn")
		binh.Press("🚨 Tố cáo hành vi vi phạm")
		binh.Press("Tôi đồng ý, ghi rõ danh tính")
		binh.Say("Số 3, đường Lê Lợi, Tiểu khu 1")
		binh.Press("✅ Đúng")
		binh.Press("Xây dựng, trật tự đô thị")
		binh.Say("Cán bộ địa chính X nhận tiền để bỏ qua công trình xây trái phép ở Tiểu khu 1.")
		binh.Press("✅ Đã xong")
		binh.SendPhotoID("photo-cong-trinh", "Công trình đang xây")
		binh.Press("✅ Đã xong")
		binh.Press("✅ Gửi đơn")
		w.Note("the chairman is told without the identity; an official sees it unassigned, without the identity")
		w.DeliverOutbox()
		cuong.Command("hop_thu", "")
		cuong.Press("HT-2026-000001")
		w.Note("the chairman opens it, accepts it and extends it with a reason; the official no longer sees it")
		dung.Press("📄 Xem đơn")
		dung.Press("✅ Thụ lý")
		w.DeliverOutbox()
		cuong.Command("hop_thu", "")
		cuong.PressData("ib:o:1:a.0.-.-.-")
		w.clock.Advance(20 * 24 * time.Hour)
		dung.Command("hop_thu", "HT-2026-000001")
		dung.Press("⏳ Gia hạn")
		dung.Say("Vụ việc phức tạp, cần xác minh tại nhiều nơi.")
		w.DeliverOutbox()
		p := w.MustPetition("HT-2026-000001")
		if p.Extensions != 1 || p.Status != danchu.StatusInProgress {
			t.Errorf("petition = %+v, want extended once, in progress", p)
		}
		binh.Command("don_cua_toi", "")
		binh.Press("HT-2026-000001")
	}},
	{"petition_draft_restart", func(t *testing.T, w *world) {
		an := w.An()
		an.MustRegister("Tiểu khu 3")
		w.Note("An starts a kiến nghị; then the program restarts with sessions in memory")
		an.Tap("Gửi đơn")
		an.Press("💡 Góp ý, đề xuất (kiến nghị)")
		an.Press("Y tế, giáo dục")
		an.Say("Đề nghị mở thêm lớp học bơi hè cho trẻ em.")
		w.sessions = kvMemory(w)
		w.engine = w.NewEngine()
		an.Say("Và có người trông coi.")
		an.Tap("Gửi đơn")
		an.Press("✍️ Tiếp tục đơn đang viết")
		an.Say("Mỗi lớp có người trông coi.")
		an.Press("✅ Đã xong")
		an.Press("Bỏ qua")
		an.Press("Gửi ẩn danh")
		an.Press("✅ Gửi đơn")
		if p := w.MustPetition("HT-2026-000001"); p.Content != "Đề nghị mở thêm lớp học bơi hè cho trẻ em.\nMỗi lớp có người trông coi." {
			t.Errorf("content = %q", p.Content)
		}
		w.Note("an abandoned draft is reminded once after a day, and continued from the reminder")
		an.Tap("Gửi đơn")
		an.Press("📢 Báo một vấn đề (phản ánh)")
		an.Press("Giao thông")
		w.clock.Advance(25 * time.Hour)
		mustSweep(t, w)
		w.DeliverOutbox()
		mustSweep(t, w)
		w.DeliverOutbox()
		an.Press("Tiếp tục")
		an.Say("Ổ gà lớn trước cổng trường.")
		w.Note("/huy leaves the petition; the draft stays for /gui_don until it is dropped after a week")
		an.Command("huy", "")
		w.clock.Advance(8 * 24 * time.Hour)
		mustSweep(t, w)
		w.DeliverOutbox()
		an.Tap("Gửi đơn")
		w.Note("the daily limit (2 here): a petition filed meanwhile from another device reaches it at sending; the draft waits for tomorrow")
		w.settings.Petitions.DailyLimit = 2
		an.Press("💡 Góp ý, đề xuất (kiến nghị)")
		an.Press("Khác")
		an.Say("Đề nghị trồng thêm cây xanh ở công viên.")
		an.Press("✅ Đã xong")
		an.Press("Bỏ qua")
		an.Press("Gửi kèm họ tên")
		an.Press("✅ Gửi đơn")
		an.Tap("Gửi đơn")
		an.Press("📢 Báo một vấn đề (phản ánh)")
		an.Press("Khác")
		an.Say("Loa phát thanh ở Tiểu khu 3 bị hỏng.")
		an.Press("✅ Đã xong")
		an.Press("Bỏ qua")
		an.Press("Gửi kèm họ tên")
		w.MustFilePetition(an, danchu.KindReport, "Giao thông", "Tiểu khu 3", "Đèn tín hiệu hỏng.")
		an.Press("✅ Gửi đơn")
		an.Tap("Gửi đơn")
		w.clock.Advance(24 * time.Hour)
		an.Command("gui_don", "")
		an.Press("✍️ Tiếp tục đơn đang viết")
		an.Press("✅ Gửi đơn")
		w.Note("a draft begun and left is offered again; starting again drops it")
		an.Tap("Gửi đơn")
		an.Press("🚨 Tố cáo hành vi vi phạm")
		an.Command("huy", "")
		an.Command("gui_don", "")
		an.Press("Bắt đầu lại")
		an.Command("huy", "")
		an.Command("gui_don", "")
	}},
}

func mustSweep(tb testing.TB, w *world) {
	tb.Helper()
	w.Note("the program sweeps the drafts")
	if err := w.engine.SweepDrafts(w.ctx); err != nil {
		tb.Fatalf("sweep drafts: %v", err)
	}
}

func TestPetitionGolden(t *testing.T) {
	for _, sc := range petitionScenarios {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			w := MustWorld(t)
			t.Cleanup(func() {
				if t.Failed() {
					_ = os.WriteFile(filepath.Join(os.TempDir(), sc.name+".transcript"), []byte(w.log.String()), 0o644)
				}
			})
			sc.run(t, w)
			w.MustMatchGolden(sc.name)
		})
	}
}

func TestPetitionGoldenPostgres(t *testing.T) {
	for _, sc := range petitionScenarios {
		t.Run(sc.name, func(t *testing.T) {
			w := MustWorldAt(t, storagetest.PostgresURL(t))
			sc.run(t, w)
			if !*update {
				w.MustMatchGolden(sc.name)
			}
		})
	}
}
