package flows_test

import (
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

func (w *world) Ha() *person    { return w.Person("Hà", haID, "Hà", "Đỗ Thị") }
func (w *world) Giang() *person { return w.Person("Giang", giangID, "Giang", "Vũ") }
func (w *world) Khanh() *person { return w.Person("Khánh", khanhID, "Khánh", "Ngô") }

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

		w.Note("the official looks at the attachments, takes it, accepts it and answers; An is told each time")
		cuong.Command("hop_thu", "")
		cuong.Press("HT-2026-000001")
		cuong.Press("📎 Xem tệp đính kèm (3)")
		cuong.Command("hop_thu", "HT-2026-000001")
		cuong.Press("🙋 Nhận xử lý")
		cuong.Press("✅ Thụ lý")
		w.DeliverOutbox()
		cuong.Press("✉️ Trả lời")
		cuong.Say("UBND sẽ lắp 3 đèn đường ở ngõ 5 trong tháng 4/2026.")
		w.Note("looking at the photos again leaves the answer being written as it is")
		cuong.PressData("ib:f:1")
		cuong.SendPhotoID("photo-ke-hoach", "")
		cuong.Press("✅ Gửi trả lời")
		w.DeliverOutbox()

		w.Note("An opens the answer's photo from the notice, rates the answer 4 with a comment; a second rating is refused")
		an.Press("📎 Xem tệp trả lời")
		an.PressData("my:s:1:4")
		an.Say("Cảm ơn, mong làm sớm.")
		an.PressData("my:s:1:5")
		an.Command("don_cua_toi", "")
		an.Press("HT-2026-000001")
		an.Press("📎 Xem tệp đính kèm (3)")
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
	for _, sc := range append(petitionScenarios, moreScenarios...) {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			w := MustWorld(t)
			sc.run(t, w)
			w.MustMatchGolden(sc.name)
		})
	}
}

func TestPetitionGoldenPostgres(t *testing.T) {
	for _, sc := range append(petitionScenarios, moreScenarios...) {
		t.Run(sc.name, func(t *testing.T) {
			w := MustWorldAt(t, storagetest.PostgresURL(t))
			sc.run(t, w)
			if !*update {
				w.MustMatchGolden(sc.name)
			}
		})
	}
}

// moreScenarios are the author's side and the inbox's lists.
var moreScenarios = []struct {
	name string
	run  func(t *testing.T, w *world)
}{
	{"petition_author_side", func(t *testing.T, w *world) {
		an, binh := w.An(), w.Binh()
		an.MustRegister("Tiểu khu 3")
		binh.MustRegister("Tiểu khu 1")
		cuong, dung := w.staff()
		for _, c := range []string{"Đèn đường hỏng", "Cống tắc", "Rác ùn", "Cây đổ", "Chó thả rông", "Loa hỏng"} {
			w.MustFilePetition(an, danchu.KindReport, "Giao thông", "Tiểu khu 3", c)
		}
		w.MustFilePetition(binh, danchu.KindRecommendation, "Khác", "Tiểu khu 1", "Của Bình")
		w.Note("An's petitions, newest first, five a page")
		an.Tap("Đơn của tôi")
		an.Press("Tiếp »")
		an.Press("« Trước")
		an.Press("HT-2026-000006")
		w.Note("withdrawing asks first; an old confirmation does nothing")
		an.Press("Rút đơn")
		an.Press("« Không, giữ đơn")
		an.Press("Rút đơn")
		an.Press("Có, rút đơn")
		an.PressData("my:wy:6:1")
		if p := w.MustPetition("HT-2026-000006"); p.Status != danchu.StatusWithdrawn {
			t.Errorf("status = %s, want withdrawn", p.Status)
		}
		w.Note("looking up: someone else's number is not found, just like a number that does not exist")
		an.Command("tra_cuu", "HT-2026-000007")
		an.Command("tra_cuu", "HT-2026-999999")
		an.Command("tra_cuu", "số 5")
		an.Say("ht-2026-5")
		an.Command("tra_cuu", "")
		an.Say("HT-2026-000004")
		w.Note("forged buttons naming Bình's petition, and the officials' buttons")
		an.PressData("my:o:7")
		an.PressData("my:v:7")
		an.PressData("my:w:7")
		an.PressData("my:wy:7:1")
		an.PressData("my:r:7")
		an.PressData("my:s:7:5")
		an.PressData("my:s:5:9")
		an.PressData("my:sk:5")
		an.PressData("ib:o:5:a.0.-.-.-")
		an.PressData("ib:a:ac:5:1:a.0.-.-.-")

		w.Note("the official answers #5; An reopens it, not satisfied; both are told")
		cuong.Command("hop_thu", "HT-2026-000005")
		cuong.Press("🙋 Nhận xử lý")
		cuong.Press("✅ Thụ lý")
		cuong.Press("✉️ Trả lời")
		cuong.Say("Đã bắt chó thả rông, nhắc chủ nuôi.")
		cuong.Press("✅ Gửi trả lời")
		w.DeliverOutbox()
		an.Press("📄 Xem đơn")
		an.Press("Chưa hài lòng, mở lại đơn")
		an.Say("Chó vẫn thả rông buổi tối.")
		w.DeliverOutbox()
		cuong.Press("📄 Xem đơn")
		if p := w.MustPetition("HT-2026-000005"); !p.Reopened() || p.Status != danchu.StatusInProgress {
			t.Errorf("petition = %+v, want reopened, in progress", p)
		}
		an.PressData("my:r:5")

		w.Note("the chairman answers and closes #4; An rates it afterwards without a comment")
		dung.Command("hop_thu", "HT-2026-000004")
		dung.Press("✅ Thụ lý")
		dung.Press("✉️ Trả lời")
		dung.Say("Cây đổ đã được dọn.")
		dung.Press("✅ Gửi trả lời")
		dung.Press("🔒 Đóng đơn")
		w.DeliverOutbox()
		an.PressData("my:s:4:2")
		an.Press("Bỏ qua")
		an.Command("don_cua_toi", "")
	}},
	{"inbox_lists", func(t *testing.T, w *world) {
		an, binh, ha, giang := w.An(), w.Binh(), w.Ha(), w.Giang()
		an.MustRegister("Tiểu khu 3")
		binh.MustRegister("Tiểu khu 1")
		ha.MustRegister("Tiểu khu 1")
		giang.MustRegister("Tiểu khu 2")
		w.MustGrant(ha, danchu.RoleTieuKhuHead, "Tiểu khu 1")
		w.MustGrant(giang, danchu.RoleSupervisor, "")
		cuong, dung := w.staff()
		w.MustFilePetition(binh, danchu.KindRecommendation, "Giao thông", "Tiểu khu 1", "Mở rộng đường")
		w.MustFilePetition(binh, danchu.KindReport, "Môi trường", "Tiểu khu 1", "Khói xưởng gỗ")
		w.MustFilePetition(binh, danchu.KindComplaint, "Đất đai", "Tiểu khu 1", "Thu hồi đất sai")
		w.MustFilePetition(an, danchu.KindDenunciation, "Đất đai", "Tiểu khu 3", "Cán bộ nhận tiền")
		w.MustFilePetition(an, danchu.KindReport, "Giao thông", "Tiểu khu 3", "Ổ gà")
		w.MustFilePetition(an, danchu.KindRecommendation, "Khác", "Tiểu khu 2", "Thêm cây xanh")
		w.MustFilePetition(binh, danchu.KindReport, "Giao thông", "Tiểu khu 1", "Đèn hỏng")
		cuong.Command("hop_thu", "HT-2026-000002")
		cuong.Press("🙋 Nhận xử lý")

		w.Note("the chairman: every petition, five a page, views and filters")
		dung.Tap("Hộp thư đơn")
		dung.Press("Tiếp »")
		dung.Press("Mới")
		dung.Press("Loại đơn ▾")
		dung.Press("Phản ánh")
		dung.Press("Địa bàn ▾")
		dung.Press("Tiểu khu 1")
		dung.Press("Lĩnh vực ▾")
		dung.Press("Giao thông")
		dung.Press("✖ Bỏ lọc")
		dung.Press("Của tôi")
		w.clock.Advance(8 * 24 * time.Hour)
		dung.Command("hop_thu", "")
		dung.Press("Sắp đến hạn")
		w.clock.Advance(2 * 24 * time.Hour)
		dung.Command("hop_thu", "")
		dung.Press("Quá hạn")
		dung.PressData("ib:l:z.0.-.-.-")
		dung.PressData("ib:l:a.0.9.-.-")
		dung.PressData("ib:l:a.0.-.-.-:x")

		w.Note("the official: the unassigned and their own")
		cuong.Command("hop_thu", "")
		cuong.Press("Của tôi")
		w.Note("the tiểu khu head: kiến nghị and phản ánh of Tiểu khu 1, no identity, no action")
		ha.Tap("Hộp thư đơn")
		ha.Press("HT-2026-000001")
		ha.PressData("ib:a:ac:1:1:a.0.-.-.-")
		ha.PressData("ib:a:as:1:1:a.0.-.-.-")
		ha.PressData("ib:o:3:a.0.-.-.-")
		ha.Command("hop_thu", "HT-2026-000004")
		w.Note("the supervisor: figures only; a resident: nothing")
		giang.Tap("Hộp thư đơn")
		giang.PressData("ib:o:1:a.0.-.-.-")
		binh.Command("hop_thu", "")
		binh.PressData("ib:l:a.0.-.-.-")

		w.Note("two officials at once: the chairman's card is stale when he presses")
		dung.Command("hop_thu", "HT-2026-000001")
		cuong.Command("hop_thu", "HT-2026-000001")
		cuong.Press("🙋 Nhận xử lý")
		dung.Press("✅ Thụ lý")
		dung.Press("✅ Thụ lý")
		w.DeliverOutbox()
		w.Note("an action begun and stopped changes nothing")
		dung.Press("✉️ Trả lời")
		dung.SendPhotoID("photo-1", "")
		dung.Press("✖ Huỷ")
		dung.PressData("ib:ok:1")
	}},
}
