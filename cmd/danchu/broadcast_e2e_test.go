package main

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"danchu"
	"danchu/sim"
	"danchu/storage"
)

// plant puts into the person's chat a message with buttons whose data the
// program never offered them, through the outbox of the program's own
// database: pressing one sends forged callback data, as a tampered client
// would (the simulator only lets a user press buttons that exist).
func (p *person) plant(databaseURL string, data ...string) {
	p.w.t.Helper()
	db, err := storage.Open(p.w.t.Context(), databaseURL)
	if err != nil {
		p.w.t.Fatal(err)
	}
	defer db.Close()
	var row []danchu.OutboxButton
	for _, d := range data {
		row = append(row, danchu.OutboxButton{Text: "nút giả " + d, Data: d})
	}
	err = db.Enqueue(p.w.t.Context(), &danchu.OutboxMessage{ChatID: p.user.ID, Kind: "test.forged", Text: "Tin có nút giả mạo",
		Buttons: [][]danchu.OutboxButton{row}})
	if err != nil {
		p.w.t.Fatal(err)
	}
	p.expect("Tin có nút giả mạo")
}

// lacks checks that the person's chat holds no bot message with text.
func (p *person) lacks(text string) {
	p.w.t.Helper()
	msgs, err := p.w.client.Messages(p.ctx(), p.user.ID, 0, 0)
	if err != nil {
		p.w.t.Fatal(err)
	}
	for _, m := range msgs {
		if m.From == "bot" && strings.Contains(m.Text, text) {
			p.w.t.Errorf("%s was sent %q:\n%s", p.user.FirstName, text, m.Text)
		}
	}
}

// expectAll waits for a bot message (new or edited) holding every text.
func (p *person) expectAll(texts ...string) sim.Message {
	p.w.t.Helper()
	m, err := p.w.client.WaitMessage(p.ctx(), p.user.ID, 0, func(m sim.Message) bool {
		if m.From != "bot" {
			return false
		}
		for _, s := range texts {
			if !strings.Contains(m.Text, s) {
				return false
			}
		}
		return true
	})
	if err != nil {
		all, _ := p.w.client.Messages(context.Background(), p.user.ID, 0, 0)
		p.w.t.Fatalf("%s waited for a message with %q: %v\nthe chat:\n%s", p.user.FirstName, texts, err, dump(all))
	}
	return m
}

// declareHousehold has the person say, in /bieu_quyet, that they live at
// address.
func (p *person) declareHousehold(address string) {
	p.w.t.Helper()
	p.says("/bieu_quyet")
	p.press("bq:decl")
	p.expect("địa chỉ hộ gia đình")
	p.says(address)
	p.expect("Đã ghi nhận bạn thuộc hộ")
}

// confirmRepresentative has a head (or the chairman) confirm the member
// named name as the representative of the household at address, from the
// list of the neighbourhood with index nb in the settings.
func (p *person) confirmRepresentative(nb int, address, name string) {
	p.w.t.Helper()
	p.says("/bieu_quyet")
	p.press("bq:hh:" + strconv.Itoa(nb) + ":0")
	p.pressWhere("bq:h:", address)
	p.pressWhere("bq:rep:", name)
	p.expect("Đã xác nhận " + name)
}

// A tiểu khu head sends a meeting notice through the real program: it
// reaches her neighbourhood only, her progress message ends in a summary,
// residents answer, and she sees the counts per household and the
// households that have not answered, with their representatives. Her
// buttons beyond her neighbourhood fail, forged too. A disclosure reaches
// only those who receive its category, and a question about it is answered.
func TestMeetingNoticeAndDisclosureEndToEnd(t *testing.T) {
	for _, name := range []string{"sqlite+memory", "postgres+redis"} {
		t.Run(name, func(t *testing.T) {
			dbURL, redisURL := engines(t)[name](t)
			meetingNoticeAndDisclosure(t, dbURL, redisURL)
		})
	}
}

func meetingNoticeAndDisclosure(t *testing.T, dbURL, redisURL string) {
	w := newWorld(t, dbURL, redisURL)
	headLine := w.invite("--role", "tieu_khu_head", "--tieu-khu", "Tiểu khu 1")
	chairmanLine := w.invite("--role", "chairman")
	officialLine := w.invite("--role", "official")
	w.start()

	ha := w.newPerson("Hà", "Đỗ Thị", "0912000011")
	ha.registerWith(headLine, "reg:nb:0")
	chu := w.newPerson("Dũng", "Phạm", "0912000012")
	chu.registerWith(chairmanLine, "reg:nb:1")
	can := w.newPerson("Khánh", "Ngô", "0912000013")
	can.registerWith(officialLine, "reg:nb:1")
	an := w.newPerson("An", "Nguyễn Văn", "0912000014")
	an.register("reg:nb:0")
	binh := w.newPerson("Bình", "Trần Thị", "0912000015")
	binh.register("reg:nb:0")
	cuc := w.newPerson("Cúc", "Lê Thị", "0912000016")
	cuc.register("reg:nb:0")
	lan := w.newPerson("Lan", "Nguyễn Thị", "0912000017")
	lan.register("reg:nb:1")

	// An and Bình live at Số 12, Cúc at Số 14; Hà confirms An and Cúc as
	// representatives. Hà declared no household: she counts alone.
	an.declareHousehold("Số 12, ngõ 5")
	binh.declareHousehold("số 12 - Ngõ 5")
	cuc.declareHousehold("Số 14, ngõ 5")
	ha.confirmRepresentative(0, "Số 12", "Nguyễn Văn An")
	ha.confirmRepresentative(0, "Số 14", "Lê Thị Cúc")

	// Lan does not receive budget reports.
	lan.says("/cai_dat")
	lan.press("cd:t:1")
	lan.pressWhere("cd:done", "")
	lan.expect("13/14")

	// The head's meeting notice; what lies beyond her neighbourhood fails.
	ha.says("/gui_thong_bao")
	ha.press("gtb:k:m")
	ha.expect("Chọn tiểu khu nhận thông báo")
	ha.plant(dbURL, "gtb:all", "gtb:n:1", "gtb:r:official")
	for _, forged := range []string{"gtb:all", "gtb:n:1", "gtb:r:official"} {
		ha.press(forged)
		ha.expect("chỉ được gửi thông báo đến tiểu khu mình phụ trách")
	}
	ha.press("gtb:nd")
	ha.expect("ngày nào")
	day := time.Now().In(time.FixedZone("ICT", 7*3600)).AddDate(0, 0, 2)
	ha.says(day.Format("02/01/2006"))
	ha.expect("Mấy giờ")
	ha.says("19:30")
	ha.expect("Địa điểm")
	ha.says("Nhà văn hoá Tiểu khu 1")
	ha.expect("Nội dung")
	ha.says("Bầu tổ trưởng tổ an ninh.")
	ha.press("gtb:skip")
	ha.expectAll("⚠️", "Tiểu khu 1 — 4 người")
	ha.press("gtb:ok")
	ha.expectAll("Đã gửi xong", "Đã gửi 4/4 người")

	an.expect("THÔNG BÁO HỌP")
	an.press("tb:a:1:at")
	an.expect("Đã ghi nhận")
	binh.expect("THÔNG BÁO HỌP")
	binh.press("tb:a:1:ak")
	binh.expect("Đã ghi nhận")
	cuc.expect("THÔNG BÁO HỌP")

	// An and Bình are one household: Bình's later answer is its answer.
	ha.press("gtb:st:1")
	tally := ha.expectAll("Tham dự: 0 hộ", "Đã nhận: 1 hộ", "Chưa trả lời: 2 / 3 hộ")
	for _, want := range []string{"Tiểu khu 1 (2 hộ):", "Số 14, ngõ 5 · đại diện: Lê Thị Cúc", "Đỗ Thị Hà (chưa thuộc hộ"} {
		if !strings.Contains(tally.Text, want) {
			t.Errorf("the tally does not show %q among those who have not answered:\n%s", want, tally.Text)
		}
	}
	if strings.Contains(tally.Text, "Số 12") {
		t.Errorf("the tally lists An's household, which answered:\n%s", tally.Text)
	}

	// Lan, of Tiểu khu 2, got nothing and cannot answer or see the tally.
	lan.plant(dbURL, "tb:a:1:at", "gtb:st:1")
	lan.press("tb:a:1:at")
	lan.expect("không tìm thấy")
	lan.press("gtb:st:1")
	lan.expect("không tìm thấy")
	lan.lacks("THÔNG BÁO HỌP")

	// The chairman discloses the budget estimate: Lan, who opted out, is not sent it.
	chu.says("/cong_bo")
	chu.press("cb:new")
	chu.press("cb:k:1")
	chu.expect("tiêu đề")
	chu.says("Dự toán ngân sách năm 2026")
	chu.expect("Nhập nội dung")
	chu.says("Tổng thu 12,5 tỷ đồng; tổng chi 12,3 tỷ đồng.")
	chu.press("cb:pd")
	chu.expect("6 người đang nhận")
	chu.press("cb:ok")
	chu.expectAll("Đã gửi xong: Dự toán ngân sách năm 2026", "Đã gửi 6/6 người")

	binh.expect("CÔNG KHAI")
	binh.press("ck:q:1")
	binh.expect("câu hỏi của bạn")
	binh.says("Khoản chi sửa đường ngõ 5 là bao nhiêu?")
	binh.expect("Đã gửi câu hỏi")
	can.expect("Có câu hỏi mới")
	can.press("cb:qa:1")
	can.expect("nhập câu trả lời")
	can.says("450 triệu đồng, thi công quý II.")
	can.expect("Đã gửi câu trả lời")
	binh.expectAll("Trả lời câu hỏi", "450 triệu đồng")
	lan.lacks("CÔNG KHAI")
}
