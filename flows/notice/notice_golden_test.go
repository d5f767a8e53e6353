package notice_test

import (
	"testing"
	"time"

	"danchu"
	"danchu/flows"
	"danchu/flows/flowstest"
)

// MustReachWorld is a world whose engine has the stores of notices and disclosures, and the
// households of dân bàn by which meeting answers are counted.
func MustReachWorld(tb testing.TB) *flowstest.World {
	tb.Helper()
	w := flowstest.MustWorld(tb)
	w.Engine = w.NewProgram(flowstest.Stores{Reach: true})
	return w
}

func mustCounts(tb testing.TB, w *flowstest.World, id int64, want danchu.BroadcastCounts) {
	tb.Helper()
	got, err := w.DB.BroadcastCounts(w.Ctx, id)
	if err != nil {
		tb.Fatal(err)
	}
	if got != want {
		tb.Errorf("broadcast %d counts %+v, want %+v", id, got, want)
	}
}

// reachScenarios are the conversations of notices and disclosures; each has its golden
// transcript testdata/<name>.golden and checks the stores besides.
var reachScenarios = []struct {
	name string
	run  func(t *testing.T, w *flowstest.World)
}{
	{"notice_meeting", func(t *testing.T, w *flowstest.World) {
		ha, an, hoa, minh, lan := w.Ha(), w.An(), w.Hoa(), w.Minh(), w.Lan()
		for _, p := range []*flowstest.Person{ha, an, hoa, minh} {
			p.MustRegister("Tiểu khu 1")
		}
		lan.MustRegister("Tiểu khu 2")
		w.MustGrant(ha, danchu.RoleTieuKhuHead, "Tiểu khu 1")
		home := w.MustLiveAt("Số 12, ngõ 5", an, hoa)
		w.MustLiveAt("Số 14, ngõ 5", minh)
		w.MustLiveAt("Số 3, ngõ 1", lan)

		w.Note("Hà, head of Tiểu khu 1, writes a meeting notice; buttons beyond her neighbourhood fail, forged or not")
		ha.Tap("Gửi thông báo")
		ha.Press("📅 Thông báo họp")
		ha.PressData("gtb:all")
		ha.PressData("gtb:n:1")
		ha.PressData("gtb:roles")
		ha.PressData("gtb:r:official")
		ha.PressData("gtb:nd")
		ha.Say("18/03/2026")
		ha.Say("19h30")
		ha.Say("Nhà văn hoá Tiểu khu 1")
		ha.Say("Bầu tổ trưởng tổ an ninh; kế hoạch vệ sinh môi trường tháng 4.")
		review := ha.Press("⏭ Bỏ qua")
		flowstest.MustContainAll(t, "Hà", review[0].Text, "⚠️", "trước ít nhất 5 ngày", "chỉ còn 2 ngày", "4 người")
		ha.Press("✅ Gửi")

		n, err := w.DB.FindNotice(w.Ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		if n.Meeting == nil || n.Meeting.Place != "Nhà văn hoá Tiểu khu 1" || len(n.Audience.Neighbourhoods) != 1 {
			t.Fatalf("notice = %+v", n)
		}
		flowstest.MustHaveAuditOf(t, w, "broadcast:1", "broadcast.create")
		w.ShowProgress(1)
		w.DeliverOutbox()
		mustCounts(t, w, 1, danchu.BroadcastCounts{Sent: 4})
		flowstest.MustNotContainAny(t, "Lan", lan.Seen(), "THÔNG BÁO HỌP")

		w.Note("An will attend; Hoa, of his household, says received, then absent; Lan, of Tiểu khu 2, cannot answer or read it")
		an.Press("✅ Tôi sẽ tham dự")
		hoa.Press("👌 Đã nhận")
		hoa.PressData("tb:a:1:ab")
		lan.PressData("tb:a:1:at")
		lan.PressData("tb:o:1")
		lan.PressData("tb:f:1")
		lan.PressData("gtb:st:1")
		answers, err := w.DB.MeetingAnswersOf(w.Ctx, 1)
		if err != nil || len(answers) != 2 || answers[0].HouseholdID != home.ID || answers[1].HouseholdID != home.ID {
			t.Errorf("answers %+v %v, want both of household %d", answers, err, home.ID)
		}

		w.Note("the broadcast is over: the summary; Hà sees the answers per household, and who has not answered: Minh's household, and herself, in no household")
		w.ShowProgress(1)
		tally := ha.PressData("gtb:st:1")
		flowstest.MustContainAll(t, "Hà", tally[0].Text, "Tham dự: 0 hộ", "Vắng: 1 hộ", "Đã nhận: 0 hộ", "Chưa trả lời: 2 / 3 hộ",
			"Tiểu khu 1 (2 hộ):", "Số 14, ngõ 5 · đại diện: Hoàng Văn Minh", "Đỗ Thị Hà (chưa thuộc hộ")
		flowstest.MustNotContainAny(t, "Hà", tally[0].Text, "Số 12", "Nguyễn Thị Lan", "Số 3, ngõ 1")

		w.Note("An answers again: the household's latest answer counts")
		an.PressData("tb:a:1:at")
		tally = ha.Press("🔄 Cập nhật")
		flowstest.MustContainAll(t, "Hà", tally[0].Text, "Tham dự: 1 hộ", "Vắng: 0 hộ", "Chưa trả lời: 2 / 3 hộ")

		w.Note("An reads it again in /thong_bao")
		an.Command("thong_bao", "")
		an.PressData("tb:o:1")

		w.Note("Hà starts another notice; her role is revoked before she sends it: refused")
		ha.Tap("Gửi thông báo")
		ha.Press("📣 Thông báo")
		ha.Press("✔️ Đã chọn xong")
		ha.Say("Ngày mai cắt điện từ 7h đến 11h.")
		if err := w.DB.RevokeRole(w.Ctx, w.MustResident(flowstest.HaID).ID, danchu.RoleTieuKhuHead); err != nil {
			t.Fatal(err)
		}
		ha.Press("✅ Gửi")
		if list, _ := w.DB.RecentNotices(w.Ctx, flowstest.Start.Add(-time.Hour), 10); len(list) != 1 {
			t.Errorf("%d notices stored, want the meeting only", len(list))
		}
	}},
	{"notice_stopped_with_photo", func(t *testing.T, w *flowstest.World) {
		khanh, ha, an, hoa, lan, tuan := w.Khanh(), w.Ha(), w.An(), w.Hoa(), w.Lan(), w.Tuan()
		khanh.MustRegister("Tiểu khu 2")
		for _, p := range []*flowstest.Person{ha, an, hoa} {
			p.MustRegister("Tiểu khu 1")
		}
		lan.MustRegister("Tiểu khu 2")
		tuan.MustRegister("Tiểu khu 3")
		w.MustGrant(khanh, danchu.RoleOfficial, "")
		w.MustGrant(ha, danchu.RoleTieuKhuHead, "Tiểu khu 1")
		if err := w.DB.SetUnreachable(w.Ctx, flowstest.TuanID, true); err != nil {
			t.Fatal(err)
		}

		w.Note("Khánh, an official, writes to the heads of neighbourhood only")
		khanh.Tap("Gửi thông báo")
		khanh.Press("📣 Thông báo")
		khanh.Press("👥 Theo vai trò")
		khanh.Press("Trưởng tiểu khu")
		khanh.Say("Đề nghị các trưởng tiểu khu nộp danh sách hộ nghèo trước ngày 25/3.")
		khanh.Press("✅ Gửi")
		w.DeliverOutbox()
		mustCounts(t, w, 1, danchu.BroadcastCounts{Sent: 1})
		flowstest.MustContainAll(t, "Hà", ha.Seen(), "danh sách hộ nghèo")
		flowstest.MustNotContainAny(t, "An", an.Seen(), "danh sách hộ nghèo")

		w.Note("Khánh sends a notice with a photo to everyone; Tuấn blocked the bot before; Khánh stops it midway")
		khanh.Tap("Gửi thông báo")
		khanh.Press("📣 Thông báo")
		khanh.Press("🌐 Toàn thị trấn Hà Trung")
		khanh.SendPhotoID("photo-lich-tiem", "Lịch tiêm chủng mở rộng tháng 4 tại trạm y tế.")
		khanh.SendDocument("doc-danh-sach", "danh-sach-tre.pdf")
		khanh.Press("✅ Gửi")
		mustCounts(t, w, 2, danchu.BroadcastCounts{Pending: 5, Unreachable: 1})
		w.SendSome(2)
		w.ShowProgress(2)
		an.PressData("gtb:stop:2")
		khanh.PressData("gtb:stop:2")
		mustCounts(t, w, 2, danchu.BroadcastCounts{Sent: 2, Unreachable: 1, Cancelled: 3})
		flowstest.MustHaveAuditOf(t, w, "broadcast:2", "broadcast.cancel")
		w.ShowProgress(2)
		w.DeliverOutbox()

		w.Note("Hà received it: she sees the files")
		ha.Command("thong_bao", "")
		ha.PressData("tb:o:2")
		files := ha.Press("📎 Xem tệp (2)")
		if len(files) != 1 || len(files[0].Files) != 2 || files[0].Files[0].Kind != flows.FilePhoto || files[0].Files[1].FileID != "doc-danh-sach" {
			t.Errorf("files reply = %+v", files)
		}
		khanh.Tap("Gửi thông báo")
		khanh.Press("📋 Thông báo đã gửi")
		khanh.PressData("gtb:v:2")
	}},
	{"disclosure_published_and_asked", func(t *testing.T, w *flowstest.World) {
		dung, khanh, an, hoa, lan := w.Dung(), w.Khanh(), w.An(), w.Hoa(), w.Lan()
		dung.MustRegister("Tiểu khu 2")
		khanh.MustRegister("Tiểu khu 2")
		an.MustRegister("Tiểu khu 1")
		hoa.MustRegister("Tiểu khu 1")
		lan.MustRegister("Tiểu khu 2")
		w.MustGrant(dung, danchu.RoleChairman, "")
		w.MustGrant(khanh, danchu.RoleOfficial, "")

		w.Note("An does not want budget reports; Lan stops one category and takes it back")
		an.Command("cai_dat", "")
		an.PressData("cd:t:1")
		an.Press("✔️ Đã xong")
		lan.Command("cai_dat", "")
		lan.PressData("cd:t:2")
		lan.Press("✅ Nhận tất cả")

		w.Note("a resident cannot publish, even with forged buttons")
		hoa.Command("cong_bo", "")
		hoa.PressData("cb:new")
		hoa.PressData("cb:ok")
		hoa.PressData("cb:qa:1")

		w.Note("the chairman publishes the budget estimate with a document, for the default period")
		dung.Tap("Công bố")
		dung.Press("📝 Công bố mục mới")
		dung.Press("Dự toán, tình hình thực hiện và quyết toán ngân sách; kế hoạch tài chính")
		dung.Say("Dự toán thu, chi ngân sách thị trấn năm 2026")
		dung.Say("Tổng thu 12,5 tỷ đồng; tổng chi 12,3 tỷ đồng, trong đó chi đầu tư phát triển 3,1 tỷ đồng.")
		dung.SendDocument("doc-du-toan", "du-toan-2026.pdf")
		dung.Press("Mặc định: 30 ngày (đến 15/04/2026)")
		dung.Press("✅ Công bố")
		d, err := w.DB.FindDisclosure(w.Ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		if d.Category != "ngan_sach" || len(d.Attachments) != 1 || d.PostedUntil.Sub(d.PostedFrom) != 30*24*time.Hour {
			t.Errorf("disclosure = %+v", d)
		}
		w.DeliverOutbox()
		mustCounts(t, w, 1, danchu.BroadcastCounts{Sent: 4})
		flowstest.MustNotContainAny(t, "An", an.Seen(), "Dự toán thu, chi")
		flowstest.MustContainAll(t, "Hoa", hoa.Seen(), "Dự toán thu, chi")

		w.Note("Hoa asks about it; the officials are told; Khánh answers; Hoa receives the answer")
		hoa.Press("❓ Hỏi về mục này")
		hoa.Say("Khoản chi sửa đường ngõ 5 nằm ở mục nào?")
		w.DeliverOutbox()
		khanh.Press("✍️ Trả lời")
		khanh.Say("Ở mục chi đầu tư phát triển, 450 triệu đồng, thi công quý II.")
		w.DeliverOutbox()
		flowstest.MustContainAll(t, "Hoa", hoa.Seen(), "450 triệu đồng")
		dung.PressData("cb:qa:1")
		q, err := w.DB.FindQuestion(w.Ctx, 1)
		if err != nil || q.AnsweredAt == nil {
			t.Errorf("question = %+v, %v", q, err)
		}
		flowstest.MustHaveAuditOf(t, w, "question:1", "disclosure.answer")

		w.Note("An, who does not receive budget reports, still reads the archive by category and month")
		an.Command("cong_khai", "")
		an.Press("Dự toán, tình hình thực hiện và quyết toán ngân sách; kế hoạch tài chính")
		an.Press("◀️ Tháng trước")
		an.Press("Tháng sau ▶️")
		an.Press("1. 16/03/2026 · Dự toán thu, chi ngân sách thị trấn năm 2026")
		an.PressData("ck:c:99:-:0")

		w.Note("the register for the reports")
		dung.Command("cong_bo", "")
		dung.Press("📒 Sổ công khai")
	}},
}

func TestReachConversations(t *testing.T) {
	for _, sc := range reachScenarios {
		t.Run(sc.name, func(t *testing.T) {
			w := MustReachWorld(t)
			sc.run(t, w)
			w.MustMatchGolden(sc.name)
		})
	}
}
