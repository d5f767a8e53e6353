package danban_test

import (
	"strings"
	"testing"
	"time"

	"danchu"
	"danchu/flows/flowstest"
	"danchu/storage/storagetest"
)

// voteScenarios are the conversations of votes by household; each has its
// golden transcript testdata/<name>.golden and checks the stores besides.
var voteScenarios = []struct {
	name string
	run  func(t *testing.T, w *flowstest.World)
}{
	{"vote_online_by_household", func(t *testing.T, w *flowstest.World) {
		an, binh, minh := w.An(), w.Binh(), w.Minh()
		an.MustRegister("Tiểu khu 3")
		binh.MustRegister("Tiểu khu 3")
		minh.MustRegister("Tiểu khu 3")
		cuong, _ := w.Staff()
		huong := w.Huong()
		huong.MustRegister("Tiểu khu 3")
		w.MustGrant(huong, danchu.RoleTieuKhuHead, "Tiểu khu 3")

		w.Note("An and Bình live in one household, written two ways; Minh in another")
		an.Tap("Biểu quyết")
		an.Press("🏠 Khai báo hộ gia đình")
		an.Say("Số 12, ngõ 5")
		binh.Command("bieu_quyet", "")
		binh.Press("🏠 Khai báo hộ gia đình")
		binh.Say("số 12 - Ngõ 5")
		minh.Command("bieu_quyet", "")
		minh.Press("🏠 Khai báo hộ gia đình")
		minh.Say("Số 14, ngõ 5")
		if w.MustHousehold(an).ID != w.MustHousehold(binh).ID || w.MustHousehold(minh).ID == w.MustHousehold(an).ID {
			t.Fatal("An and Bình are not one household apart from Minh")
		}

		w.Note("the head confirms a representative for each household")
		w.DeliverOutbox()
		huong.Command("bieu_quyet", "")
		huong.Press("👥 Hộ gia đình Tiểu khu 3")
		huong.PressPrefix("bq:h:" + flowstest.Itoa(w.MustHousehold(an).ID))
		huong.Press("👤 Chọn đại diện: Nguyễn Văn An")
		huong.Press("« Quay lại")
		huong.PressPrefix("bq:h:" + flowstest.Itoa(w.MustHousehold(minh).ID))
		huong.Press("👤 Chọn đại diện: Hoàng Văn Minh")
		w.DeliverOutbox()

		w.Note("the official creates an online vote on another self-managed matter, open at once")
		cuong.Command("bieu_quyet", "")
		cuong.Press("➕ Tạo cuộc biểu quyết")
		cuong.Say("Tổ chức dọn vệ sinh ngõ 5 vào sáng Chủ nhật hằng tháng?")
		cuong.Press("Các công việc tự quản khác trong cộng đồng")
		cuong.Press("Đồng ý / Không đồng ý")
		cuong.Press("Tiểu khu 3")
		cuong.Press("▶️ Bắt đầu ngay")
		cuong.Say(w.At(72 * time.Hour))
		cuong.Press("✅ Đã thống nhất")
		cuong.Press("✅ Tạo cuộc biểu quyết")
		w.DeliverOutbox()
		v, err := w.DB.ListVotes(w.Ctx, nil, 1)
		if err != nil || len(v) != 1 || !v[0].Online() || v[0].Households != 342 || v[0].AnnouncedAt == nil {
			t.Fatalf("the vote: %+v %v", v, err)
		}
		vote := flowstest.Itoa(v[0].ID)

		w.Note("An votes for the household; pressing again counts nothing")
		an.Press("🗳 Xem và biểu quyết")
		an.Press("☑️ Đồng ý")
		an.PressData("bq:b:" + vote + ":1")
		an.MustSeeLast("đã có phiếu")

		w.Note("Bình, of the same household but not its representative, forges the button")
		binh.PressData("bq:b:" + vote + ":1")
		binh.MustSeeLast("chỉ người đại diện")

		w.Note("forged data: no such option, no such vote, a bad shape")
		minh.PressData("bq:b:" + vote + ":7")
		minh.PressData("bq:b:99999:0")
		minh.PressData("bq:b:" + vote)

		w.Note("the official records Minh's household on paper; Minh then finds it counted")
		cuong.Command("bieu_quyet", "")
		cuong.PressPrefix("bq:v:" + vote)
		cuong.Press("🧾 Ghi phiếu của hộ")
		cuong.PressPrefix("bq:rh:" + vote + ":p:" + flowstest.Itoa(w.MustHousehold(minh).ID))
		cuong.Press("Không đồng ý")
		minh.Command("bieu_quyet", "")
		minh.PressPrefix("bq:v:" + vote)
		minh.PressData("bq:b:" + vote + ":0")
		minh.MustSeeLast("đã có phiếu")

		w.Note("a household nobody declared, on paper; then a forged paper ballot for An's household")
		cuong.PressData("bq:rec:" + vote + ":p:0")
		cuong.Press("➕ Thêm hộ chưa có trong danh sách")
		cuong.Say("Số 20, ngõ 7")
		cuong.Press("Đồng ý")
		cuong.PressData("bq:ro:" + vote + ":p:" + flowstest.Itoa(w.MustHousehold(an).ID) + ":1")
		cuong.MustSeeLast("không ghi lần thứ hai")

		w.Note("the head makes Bình the representative: the household is still counted once")
		huong.Command("bieu_quyet", "")
		huong.Press("👥 Hộ gia đình Tiểu khu 3")
		huong.PressPrefix("bq:h:" + flowstest.Itoa(w.MustHousehold(an).ID))
		huong.Press("👤 Chọn đại diện: Bình")
		binh.PressData("bq:b:" + vote + ":1")
		binh.MustSeeLast("đã có phiếu")

		ballots, err := w.DB.Ballots(w.Ctx, v[0].ID)
		if err != nil || len(ballots) != 3 {
			t.Fatalf("ballots: %+v %v", ballots, err)
		}

		w.Note("the vote closes on time: the outcome goes to Tiểu khu 3, with the record")
		w.Clock.Advance(73 * time.Hour)
		w.RunDanBan()
		w.RunDanBan() // twice: nothing more
		w.DeliverOutbox()
		an.Press("📄 Biên bản kết quả")
		closed, err := w.DB.FindVote(w.Ctx, v[0].ID)
		if err != nil || closed.ClosedAt == nil || closed.Outcome == nil || closed.Outcome.Passed || closed.Outcome.Turnout != 3 ||
			closed.ReportedAt == nil || !closed.ClosedAt.Equal(closed.ClosesAt) {
			t.Errorf("closed vote: %+v %+v %v", closed, closed.Outcome, err)
		}
		an.PressData("bq:b:" + vote + ":0")
	}},
	{"vote_meeting_and_paper", func(t *testing.T, w *flowstest.World) {
		// A small neighbourhood for the arithmetic: 5 households, so a
		// meeting needs 3 present and an option 3 ballots.
		for i := range w.Settings.Neighbourhoods {
			if w.Settings.Neighbourhoods[i].Name == "Tiểu khu 3" {
				w.Settings.Neighbourhoods[i].Households = 5
			}
		}
		an := w.An()
		an.MustRegister("Tiểu khu 3")
		huong := w.Huong()
		huong.MustRegister("Tiểu khu 3")
		w.MustGrant(huong, danchu.RoleTieuKhuHead, "Tiểu khu 3")
		an.Command("bieu_quyet", "")
		an.Press("🏠 Khai báo hộ gia đình")
		an.Say("Số 3, đường Lê Lợi")
		w.DeliverOutbox()
		huong.PressPrefix("bq:h:")
		huong.Press("👤 Chọn đại diện: Nguyễn Văn An")

		w.Note("the head convenes a vote on a contribution, which is not voted online; it opens tomorrow")
		huong.Command("bieu_quyet", "")
		huong.Press("➕ Tạo cuộc biểu quyết")
		huong.Say("Mỗi hộ đóng góp 500.000 đồng làm đường bê tông ngõ 7")
		huong.Press("Đóng góp xây dựng cơ sở hạ tầng, công trình công cộng")
		huong.Press("Chọn một trong nhiều phương án")
		huong.Say("1. Đồng ý mức 500.000 đồng\n2. Đồng ý mức 300.000 đồng\n3. Không đồng ý")
		huong.Press("Tiểu khu 3")
		huong.Say(w.At(24 * time.Hour))
		huong.Say(w.At(-time.Hour)) // closes before it opens
		huong.Say(w.At(96 * time.Hour))
		huong.Press("✅ Tạo cuộc biểu quyết")
		w.RunDanBan()
		w.DeliverOutbox()
		w.Clock.Advance(25 * time.Hour)
		w.RunDanBan()
		w.DeliverOutbox()
		v, err := w.DB.ListVotes(w.Ctx, []string{"Tiểu khu 3"}, 1)
		if err != nil || len(v) != 1 || v[0].Online() || v[0].Households != 5 || v[0].AnnouncedAt == nil {
			t.Fatalf("the vote: %+v %v", v, err)
		}
		vote := flowstest.Itoa(v[0].ID)

		w.Note("An cannot vote online on this matter, even by forging the button")
		an.PressData("bq:b:" + vote + ":0")

		w.Note("the meeting: three households present (quorum 3), two for 500.000, one without a choice; then a paper ballot")
		huong.Command("bieu_quyet", "")
		huong.PressPrefix("bq:v:" + vote)
		huong.Press("🧾 Ghi kết quả hội nghị")
		huong.PressPrefix("bq:rh:" + vote + ":m:")
		huong.Press("Đồng ý mức 500.000 đồng")
		for i, address := range []string{"Số 5, đường Lê Lợi", "Số 7, đường Lê Lợi"} {
			huong.Press("➕ Thêm hộ chưa có trong danh sách")
			huong.Say(address)
			if i == 0 {
				huong.Press("Đồng ý mức 500.000 đồng")
			} else {
				huong.Press("Có mặt, không biểu quyết")
			}
		}
		huong.PressData("bq:rec:" + vote + ":p:0")
		huong.Press("➕ Thêm hộ chưa có trong danh sách")
		huong.Say("Số 9, đường Lê Lợi")
		huong.Press("Đồng ý mức 500.000 đồng")
		w.Note("the same household again, typed otherwise, on paper: refused")
		huong.Press("➕ Thêm hộ chưa có trong danh sách")
		huong.Say("số 9 đường lê lợi")
		huong.Press("Không đồng ý")

		w.Note("the head closes the vote early: 3 of 5 households chose 500.000, so it passes")
		huong.PressPrefix("bq:v:" + vote)
		huong.Press("⏹ Kết thúc biểu quyết ngay")
		huong.Press("⏹ Kết thúc ngay")
		w.DeliverOutbox()
		huong.Press("📄 Biên bản kết quả")
		closed, err := w.DB.FindVote(w.Ctx, v[0].ID)
		if err != nil || closed.Outcome == nil || !closed.Outcome.Passed || closed.Outcome.Winner != 0 ||
			closed.Outcome.MeetingPresent != 3 || !closed.Outcome.MeetingValid || closed.ClosedBy == 0 {
			t.Errorf("closed vote: %+v %+v %v", closed, closed.Outcome, err)
		}
	}},
}

func TestVoteGolden(t *testing.T) {
	for _, sc := range voteScenarios {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			w := flowstest.MustDanBanWorld(t)
			sc.run(t, w)
			w.MustMatchGolden(sc.name)
		})
	}
}

// The same conversations on PostgreSQL give the same transcripts.
func TestVoteGoldenPostgres(t *testing.T) {
	for _, sc := range voteScenarios {
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

// The record of a vote names the households that took part, never their
// choices.
func TestVoteRecordKeepsChoicesToTheCount(t *testing.T) {
	w := flowstest.MustDanBanWorld(t)
	voteScenarios[0].run(t, w)
	an := w.People[flowstest.AnID]
	an.Press("📄 Biên bản kết quả")
	doc := an.Last
	if len(doc) != 1 || doc[0].Document == nil {
		t.Fatalf("no record document: %+v", doc)
	}
	text := string(doc[0].Document.Data)
	for _, want := range []string{"BIÊN BẢN KẾT QUẢ BIỂU QUYẾT", "Tổng số hộ gia đình: 342", "ít nhất 172 hộ", "Số 12, ngõ 5 · trực tuyến", "Số 20, ngõ 7 · bằng phiếu"} {
		if !strings.Contains(text, want) {
			t.Errorf("the record lacks %q:\n%s", want, text)
		}
	}
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(line, "Số 12, ngõ 5") && strings.Contains(line, "Đồng ý") {
			t.Errorf("the record shows a household's choice: %q", line)
		}
	}
}

// A link /start vote_<id> (printed on a meeting notice) opens the vote's
// card, for a registered resident and after a registration alike.
func TestVoteDeeplink(t *testing.T) {
	w := flowstest.MustDanBanWorld(t)
	an := w.An()
	an.MustRegister("Tiểu khu 3")
	now := w.Clock.Now()
	v := &danchu.Vote{Question: "Làm sân chơi cho trẻ em?", Matter: danchu.MatterContribution, Options: []string{"Đồng ý", "Không đồng ý"},
		Neighbourhood: "Tiểu khu 3", Households: 342, OpensAt: now, ClosesAt: now.Add(72 * time.Hour)}
	if err := w.DB.CreateVote(w.Ctx, v); err != nil {
		t.Fatal(err)
	}
	flowstest.MustContain(t, an.Command("start", "vote_"+flowstest.Itoa(v.ID)), "Làm sân chơi cho trẻ em?")
	flowstest.MustContain(t, an.Command("start", "vote_99999"), "Biểu quyết theo hộ gia đình")

	binh := w.Binh()
	binh.Command("start", "vote_"+flowstest.Itoa(v.ID))
	binh.Press("Tôi đồng ý")
	binh.Say("Trần Thị Bình")
	binh.ShareContact("84912345678", binh.User.ID)
	binh.Press("Tiểu khu 3")
	flowstest.MustContain(t, binh.Press("✅ Xác nhận"), "Làm sân chơi cho trẻ em?")
}
