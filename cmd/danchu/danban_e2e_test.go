package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"
	"time"

	"danchu"
	"danchu/scheduler"
	"danchu/sim"
	"danchu/storage"
)

// The four parts of dân bàn through the simulator and the real
// program. The scheduler runs on a manual clock that starts now, so that a
// vote closes and a reminder comes when the test moves it; its "dan_ban"
// job does the timed work (RunDanBanAt at the run's time). Everything else
// runs on real time.

// ict is the unit's time zone.
var ict = time.FixedZone("ICT", 7*3600)

// danBanWorld is a world whose scheduler runs on a manual clock.
type danBanWorld struct {
	*world
	db    string
	clock *scheduler.ManualClock
}

func newDanBanWorld(t *testing.T) *danBanWorld {
	t.Helper()
	db, _ := engines(t)["sqlite+memory"](t)
	return &danBanWorld{world: newWorld(t, db, ""), db: db, clock: scheduler.NewManualClock(time.Now())}
}

func (w *danBanWorld) start() {
	w.t.Helper()
	w.startWith(func(m *Main) { m.SchedulerClock = w.clock })
}

// stepTo moves the scheduler's clock to when and waits for it to make the
// runs due.
func (w *danBanWorld) stepTo(when time.Time) {
	w.t.Helper()
	w.clock.Set(when)
	ctx, cancel := context.WithTimeout(w.t.Context(), time.Minute) // a bound, not a timing
	defer cancel()
	if err := w.clock.WaitIdle(ctx, 1); err != nil {
		w.t.Fatalf("the scheduler did not settle at %s: %v", when, err)
	}
}

// forge puts into the person's chat a message with buttons whose data the
// program never offered them (through the outbox of the program's
// database): pressing one sends forged callback data, as a tampered client
// would.
func (w *danBanWorld) forge(p *person, data ...string) {
	w.t.Helper()
	db, err := storage.Open(w.t.Context(), w.db)
	if err != nil {
		w.t.Fatal(err)
	}
	defer db.Close()
	var row []danchu.OutboxButton
	for _, d := range data {
		row = append(row, danchu.OutboxButton{Text: "giả " + d, Data: d})
	}
	err = db.Enqueue(w.t.Context(), &danchu.OutboxMessage{ChatID: p.user.ID, Kind: "test.forged",
		Text: "Nút giả mạo " + strings.Join(data, " "), Buttons: [][]danchu.OutboxButton{row}})
	if err != nil {
		w.t.Fatal(err)
	}
	p.expect("Nút giả mạo " + strings.Join(data, " "))
}

// document waits for a bot message carrying a file whose name starts with
// name and returns its content.
func (p *person) document(name string) []byte {
	p.w.t.Helper()
	m, err := p.w.client.WaitMessage(p.ctx(), p.user.ID, 0, func(m sim.Message) bool {
		for _, f := range m.Files {
			if m.From == "bot" && strings.HasPrefix(f.Name, name) {
				return true
			}
		}
		return false
	})
	if err != nil {
		p.w.t.Fatalf("%s waited for a file %s…: %v", p.user.FirstName, name, err)
	}
	for _, f := range m.Files {
		if strings.HasPrefix(f.Name, name) {
			data, err := p.w.client.Download(p.ctx(), f)
			if err != nil {
				p.w.t.Fatal(err)
			}
			return data
		}
	}
	return nil
}

// One household, one ballot, through the real program: the head confirms
// representatives, an official opens an online vote, the representative
// votes once; pressing again, a second member, a forged option and a vote
// online after a paper ballot are all refused; at the close the outcome
// reaches the neighbourhood and the record is a file.
func TestVoteByHouseholdEndToEnd(t *testing.T) {
	w := newDanBanWorld(t)
	officialLine := w.invite("--role", "official")
	headLine := w.invite("--role", "tieu_khu_head", "--tieu-khu", "Tiểu khu 3")
	w.start()

	cuong := w.newPerson("Cường", "Lê", "0912000003")
	cuong.registerWith(officialLine, "reg:nb:1")
	huong := w.newPerson("Hương", "Lê Thị", "0912000004")
	huong.registerWith(headLine, "reg:nb:2")
	an := w.newPerson("An", "Nguyễn Văn", "0912000001")
	an.register("reg:nb:2")
	binh := w.newPerson("Bình", "Trần Thị", "0912000002")
	binh.register("reg:nb:2")
	chi := w.newPerson("Chi", "Đỗ Thị", "0912000005")
	chi.register("reg:nb:2")

	declare := func(p *person, address string) {
		t.Helper()
		p.says("/bieu_quyet")
		p.press("bq:decl")
		p.expect("địa chỉ hộ gia đình")
		p.says(address)
		p.expect("Đã ghi nhận bạn thuộc hộ")
	}
	declare(an, "Số 12, ngõ 5")
	declare(binh, "số 12 - Ngõ 5")
	declare(chi, "Số 14, ngõ 5")

	// The head is told, and confirms An and Chi.
	huong.expect("chưa có người đại diện")
	huong.says("/bieu_quyet")
	huong.press("bq:hh:2:0")
	huong.pressWhere("bq:h:", "Số 12")
	huong.pressWhere("bq:rep:", "Nguyễn Văn An")
	huong.expect("Đã xác nhận Nguyễn Văn An")
	an.expect("xác nhận bạn là người đại diện")
	huong.press("bq:hh:2:0")
	huong.pressWhere("bq:h:", "Số 14")
	huong.pressWhere("bq:rep:", "Đỗ Thị Chi")
	chi.expect("xác nhận bạn là người đại diện")

	// The official opens an online vote for three days.
	cuong.says("/bieu_quyet")
	cuong.press("bq:new")
	cuong.expect("nội dung cần biểu quyết")
	cuong.says("Tổ chức dọn vệ sinh ngõ 5 vào sáng Chủ nhật hằng tháng?")
	cuong.press("bq:m:other")
	cuong.press("bq:k:yn")
	cuong.press("bq:nb:2")
	cuong.press("bq:o:now")
	cuong.expect("Khi nào kết thúc")
	closes := time.Now().Add(72 * time.Hour).In(ict)
	cuong.says(closes.Format("02/01/2006 15:04"))
	cuong.press("bq:agree")
	cuong.press("bq:ok")
	cuong.expect("Đã tạo cuộc biểu quyết số 1")

	// An votes once; a second press, Bình (not the representative) and a
	// forged option are refused.
	an.expect("Biểu quyết số 1")
	an.press("bq:v:1")
	an.press("bq:b:1:0")
	an.expect("Đã ghi nhận phiếu của hộ Số 12, ngõ 5")
	w.forge(an, "bq:b:1:1") // the same button pressed again, as a double tap sends it
	an.press("bq:b:1:1")
	an.expect("đã có phiếu trong cuộc biểu quyết này")
	w.forge(binh, "bq:b:1:1")
	binh.press("bq:b:1:1")
	binh.expect("chỉ người đại diện hộ Số 12, ngõ 5")
	w.forge(an, "bq:b:1:7")
	an.press("bq:b:1:7")
	an.expect("nút này không còn hiệu lực")

	// The official records Chi's household on paper; Chi then votes
	// online, by a button she kept: refused.
	chi.expect("Biểu quyết số 1")
	cuong.press("bq:rec:1:p:0")
	cuong.pressWhere("bq:rh:1:p:", "Số 14")
	cuong.pressWhere("bq:ro:1:p:", "Không đồng ý")
	cuong.expect("Đã ghi: hộ Số 14, ngõ 5")
	w.forge(chi, "bq:b:1:0")
	chi.press("bq:b:1:0")
	chi.expect("Dạ, hộ Số 14, ngõ 5 đã có phiếu")

	// The close: every resident of Tiểu khu 3 gets the outcome; the record
	// is a file that names the households, not their choices.
	w.stepTo(closes.Add(time.Hour))
	result := an.expect("Kết quả biểu quyết số 1")
	if !strings.Contains(result.Text, "KHÔNG ĐƯỢC THÔNG QUA") || !strings.Contains(result.Text, "2/342") {
		t.Errorf("the outcome:\n%s", result.Text)
	}
	binh.expect("Kết quả biểu quyết số 1")
	huong.expect("Kết quả biểu quyết số 1")
	an.press("bq:doc:1")
	record := string(an.document("bien-ban-bieu-quyet-1"))
	for _, want := range []string{"BIÊN BẢN KẾT QUẢ BIỂU QUYẾT", "Tổng số hộ gia đình: 342", "Số 12, ngõ 5 · trực tuyến", "Số 14, ngõ 5 · bằng phiếu"} {
		if !strings.Contains(record, want) {
			t.Errorf("the record lacks %q:\n%s", want, record)
		}
	}

	// The database holds one ballot per household.
	w.stop()
	db, err := storage.Open(t.Context(), w.db)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ballots, err := db.Ballots(t.Context(), 1)
	if err != nil || len(ballots) != 2 {
		t.Errorf("ballots: %+v %v", ballots, err)
	}
}

// A dialogue through the real program: the chairman announces it, residents
// ask and support, the official merges a duplicate and hides an insult, the
// chairman's agenda is a file, and the answer reaches the asker and the
// supporters.
func TestDialogueEndToEnd(t *testing.T) {
	w := newDanBanWorld(t)
	chairmanLine := w.invite("--role", "chairman")
	w.start()

	dung := w.newPerson("Dũng", "Phạm", "0912000006")
	dung.registerWith(chairmanLine, "reg:nb:1")
	an := w.newPerson("An", "Nguyễn Văn", "0912000001")
	an.register("reg:nb:2")
	minh := w.newPerson("Minh", "Hoàng Văn", "0912000007")
	minh.register("reg:nb:2")

	dung.says("/doi_thoai")
	dung.press("dt:new")
	dung.expect("chủ đề")
	dung.says("Đối thoại về an toàn giao thông khu dân cư")
	dung.press("dt:f:3")
	dung.press("dt:g:-")
	dung.press("dt:a:nb:2")
	dung.press("dt:a:ok")
	dung.expect("diễn ra lúc nào")
	dung.says(time.Now().Add(7 * 24 * time.Hour).In(ict).Format("02/01/2006 15:04"))
	dung.expect("tổ chức ở đâu")
	dung.says("Nhà văn hoá Tiểu khu 3")
	dung.expect("Hạn cuối")
	dung.says(time.Now().Add(5 * 24 * time.Hour).In(ict).Format("02/01/2006 15:04"))
	dung.press("dt:ok")
	dung.expect("Đã tạo hội nghị đối thoại")

	an.expect("Thông báo hội nghị đối thoại")
	an.press("dt:ask:1")
	an.expect("nhập câu hỏi")
	an.says("Đề nghị lắp gờ giảm tốc ở đầu ngõ 5.")
	an.press("dt:nm:y")
	an.expect("Đã gửi câu hỏi #1")
	minh.expect("Thông báo hội nghị đối thoại")
	minh.press("dt:ask:1")
	minh.expect("nhập câu hỏi")
	minh.says("Ngõ 5 cần gờ giảm tốc.")
	minh.press("dt:nm:n")
	minh.expect("Đã gửi câu hỏi #2")
	minh.press("dt:qs:1:0")
	minh.press("dt:s:1:0")
	minh.expect("Đã ghi nhận bạn ủng hộ câu hỏi #1")

	// The chairman merges the duplicate into An's question, and reads the
	// agenda as a file.
	dung.says("/doi_thoai")
	dung.press("dt:d:1")
	dung.press("dt:mq:1:0")
	dung.press("dt:mg:2")
	dung.press("dt:mt:2:1")
	dung.expect("Đã gộp câu hỏi #2 vào #1")
	minh.expect("đã được gộp")
	dung.press("dt:ag:1")
	agenda := string(dung.document("chuong-trinh-doi-thoai-1"))
	if !strings.Contains(agenda, "Đề nghị lắp gờ giảm tốc ở đầu ngõ 5. — Nguyễn Văn An") || strings.Contains(agenda, "Hoàng Văn Minh") {
		t.Errorf("the agenda:\n%s", agenda)
	}

	// The answer reaches An and Minh.
	dung.press("dt:an:1")
	dung.press("dt:as:1")
	dung.expect("tóm tắt câu trả lời")
	dung.says("UBND sẽ lắp 2 gờ giảm tốc trong tháng 12.")
	an.expect("Đã trả lời tại hội nghị: UBND sẽ lắp 2 gờ giảm tốc")
	minh.expect("Đã trả lời tại hội nghị: UBND sẽ lắp 2 gờ giảm tốc")
}

// The reception calendar through the real program: a resident books the
// chairman's Thursday, is reminded on Wednesday evening, and the official on
// duty marks the visit.
func TestReceptionEndToEnd(t *testing.T) {
	w := newDanBanWorld(t)
	officialLine := w.invite("--role", "official")
	w.start()

	cuong := w.newPerson("Cường", "Lê", "0912000003")
	cuong.registerWith(officialLine, "reg:nb:1")
	an := w.newPerson("An", "Nguyễn Văn", "0912000001")
	an.register("reg:nb:2")

	// The chairman's first session from the day after tomorrow on, so that
	// the booking is reminded the day before.
	an.says("/tiep_dan")
	home := an.expect("Lịch tiếp công dân")
	today := time.Now().In(ict)
	today = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, ict)
	var day time.Time
	for _, row := range home.InlineKeyboard {
		for _, b := range row {
			ymd, ok := strings.CutPrefix(b.Data, "td:s:chairman:")
			d, err := time.ParseInLocation("20060102", ymd, ict)
			if ok && err == nil && day.IsZero() && !d.Before(today.AddDate(0, 0, 2)) {
				day = d
			}
		}
	}
	if day.IsZero() {
		t.Fatalf("no session of the chairman two days ahead or more:\n%s", home.Text)
	}
	ymd := day.Format("20060102")
	an.press("td:s:chairman:" + ymd)
	slot := an.pressPrefix("td:b:chairman:")
	an.expect("nêu ngắn gọn nội dung")
	an.says("Đề nghị cấp giấy chứng nhận quyền sử dụng đất.")
	an.expect("Đã đặt lịch tiếp công dân với Chủ tịch UBND thị trấn")

	// The official on duty will open that day's list with its own button,
	// as «Tiếp »» reaches it; it is put in his chat now, since the
	// scheduler's other jobs (report reminders) write messages at the
	// manual clock's time, which would wait ahead of it in his chat.
	w.forge(cuong, "td:day:"+ymd)

	eve := day.AddDate(0, 0, -1)
	w.stepTo(eve.Add(16 * time.Hour)) // the day before, 16:00: not yet
	an.lacksReminder()
	w.stepTo(eve.Add(17*time.Hour + 5*time.Minute))
	reminder := an.expect("Nhắc lịch: ngày mai")
	if !strings.Contains(reminder.Text, day.Format("02/01/2006")) {
		t.Errorf("the reminder:\n%s", reminder.Text)
	}

	// On the day, the official marks the visit.
	w.stepTo(day.Add(9 * time.Hour))
	cuong.press("td:day:" + ymd)
	cuong.expect("Nguyễn Văn An")
	cuong.press("td:r:1:" + ymd)
	cuong.expect("Đã ghi nhận: đã được tiếp")
	w.stop()
	db, err := storage.Open(t.Context(), w.db)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	b, err := db.FindBooking(t.Context(), 1)
	if err != nil || b.Status != danchu.BookingReceived || !strings.HasSuffix(slot, ":"+strconv.FormatInt(b.SlotStart.Unix(), 10)) {
		t.Errorf("the booking: %+v %v (slot %s)", b, err, slot)
	}
}

// A consultation through the real program: the official opens a draft with
// its file, residents read it and comment, the comments are exported as a
// CSV file, the close tells the official, and the summary reaches the
// residents.
func TestConsultationEndToEnd(t *testing.T) {
	w := newDanBanWorld(t)
	officialLine := w.invite("--role", "official")
	w.start()

	cuong := w.newPerson("Cường", "Lê", "0912000003")
	cuong.registerWith(officialLine, "reg:nb:1")
	an := w.newPerson("An", "Nguyễn Văn", "0912000001")
	an.register("reg:nb:2")

	cuong.says("/gop_y")
	cuong.press("gy:new")
	cuong.expect("tên dự thảo")
	cuong.says("Dự thảo kế hoạch chỉnh trang đô thị năm 2027")
	cuong.press("gy:k:plan")
	cuong.expect("tóm tắt nội dung")
	cuong.says("Chỉnh trang vỉa hè, cây xanh và chiếu sáng các tuyến phố chính.")
	cuong.expect("gửi tệp dự thảo")
	if _, err := w.client.SendDocument(cuong.ctx(), cuong.user.ID, []byte("%PDF-1.4 du thao"), "du-thao-ke-hoach.pdf"); err != nil {
		t.Fatal(err)
	}
	cuong.press("gy:a:all")
	cuong.press("gy:a:ok")
	cuong.expect("Hết hạn góp ý")
	cuong.says(time.Now().In(ict).AddDate(0, 0, 1).Format("02/01/2006"))
	cuong.press("gy:ok")
	cuong.expect("Đã mở lấy ý kiến")

	an.expect("UBND lấy ý kiến Nhân dân về dự thảo")
	an.press("gy:o:1")
	an.press("gy:doc:1")
	if doc := an.document("du-thao-ke-hoach"); !bytes.HasPrefix(doc, []byte("%PDF")) {
		t.Errorf("the draft An received: %q", doc)
	}
	an.press("gy:cm:1")
	an.expect("nhập ý kiến")
	an.says("Đề nghị giữ lại hàng cây sấu trên đường Lê Lợi.")
	an.expect("ý kiến đã được ghi nhận")

	cuong.press("gy:ex:1")
	export := cuong.document("gop-y-1")
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(export, []byte("\ufeff")))).ReadAll()
	if err != nil || len(rows) != 2 || rows[1][2] != "Nguyễn Văn An" || !strings.Contains(rows[1][4], "hàng cây sấu") {
		t.Errorf("the export: %q %v", rows, err)
	}

	// The period ends: closing days are whole days, so the test moves the
	// closing to a minute ago instead of waiting for the night.
	tamper(t, w.db, "UPDATE consultations SET closes_at = '"+
		time.Now().Add(-time.Minute).UTC().Format("2006-01-02T15:04:05.000000Z")+"' WHERE id = 1")
	w.stepTo(time.Now().Add(10 * time.Minute))
	cuong.expect("Đã hết thời gian góp ý")
	cuong.press("gy:o:1")
	cuong.press("gy:pub:1")
	cuong.expect("bản tổng hợp ý kiến")
	cuong.says("Tiếp thu: giữ hàng cây sấu trên đường Lê Lợi.")
	an.expect("Tổng hợp ý kiến Nhân dân")
}

// lacksReminder fails if a reception reminder reached the person.
func (p *person) lacksReminder() {
	p.w.t.Helper()
	msgs, err := p.w.client.Messages(p.ctx(), p.user.ID, 0, 0)
	if err != nil {
		p.w.t.Fatal(err)
	}
	for _, m := range msgs {
		if m.From == "bot" && strings.Contains(m.Text, "Nhắc lịch") {
			p.w.t.Errorf("%s was reminded too early:\n%s", p.user.FirstName, m.Text)
		}
	}
}
