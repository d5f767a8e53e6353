package main

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Reminders one day and one hour before, through the real program
// and its scheduler on a manual clock: the head's meeting notice reminds An,
// who will attend, at D-1 and at H-1, and not Bình, who will be absent; a
// restart between two runs repeats nothing; An's reception booking is
// reminded an hour before and Bình's, cancelled, is not. The reminders job
// runs every five minutes and makes up the runs of the last hour at each
// step of the clock: every reminder is written once all the same.
func TestRemindersEndToEnd(t *testing.T) {
	w := newDanBanWorld(t)
	headLine := w.invite("--role", "tieu_khu_head", "--tieu-khu", "Tiểu khu 1")
	w.start()

	ha := w.newPerson("Hà", "Đỗ Thị", "0912000011")
	ha.registerWith(headLine, "reg:nb:0")
	an := w.newPerson("An", "Nguyễn Văn", "0912000001")
	an.register("reg:nb:0")
	binh := w.newPerson("Bình", "Trần Thị", "0912000002")
	binh.register("reg:nb:0")

	// Both book the chairman's first session three days ahead or more; Bình
	// cancels.
	an.says("/tiep_dan")
	home := an.expect("Lịch tiếp công dân")
	today := time.Now().In(ict)
	today = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, ict)
	var day time.Time
	for _, row := range home.InlineKeyboard {
		for _, b := range row {
			ymd, ok := strings.CutPrefix(b.Data, "td:s:chairman:")
			d, err := time.ParseInLocation("20060102", ymd, ict)
			if ok && err == nil && day.IsZero() && !d.Before(today.AddDate(0, 0, 3)) {
				day = d
			}
		}
	}
	if day.IsZero() {
		t.Fatalf("no session of the chairman three days ahead or more:\n%s", home.Text)
	}
	book := func(p *person) time.Time {
		t.Helper()
		p.press("td:s:chairman:" + day.Format("20060102"))
		slot := p.pressPrefix("td:b:chairman:")
		p.expect("nêu ngắn gọn nội dung")
		p.says("Hỏi về thủ tục tách thửa.")
		p.expect("Đã đặt lịch tiếp công dân")
		unix, err := strconv.ParseInt(slot[strings.LastIndex(slot, ":")+1:], 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		return time.Unix(unix, 0).In(ict)
	}
	anSlot := book(an)
	binh.says("/tiep_dan")
	binh.expect("Lịch tiếp công dân")
	binhSlot := book(binh)
	binh.press("td:c:2")
	binh.expect("Đã huỷ lịch")

	// The head's meeting the evening before the reception; An will attend,
	// Bình will be absent.
	meeting := time.Date(day.Year(), day.Month(), day.Day()-1, 19, 30, 0, 0, ict)
	ha.says("/gui_thong_bao")
	ha.press("gtb:k:m")
	ha.expect("Chọn tiểu khu nhận thông báo")
	ha.press("gtb:nd")
	ha.expect("ngày nào")
	ha.says(meeting.Format("02/01/2006"))
	ha.expect("Mấy giờ")
	ha.says("19:30")
	ha.expect("Địa điểm")
	ha.says("Nhà văn hoá Tiểu khu 1")
	ha.expect("Nội dung")
	ha.says("Bầu tổ trưởng tổ an ninh.")
	ha.press("gtb:skip")
	ha.press("gtb:ok")
	ha.expectAll("Đã gửi xong", "Đã gửi 3/3 người")
	an.expect("THÔNG BÁO HỌP")
	an.press("tb:a:1:at")
	an.expect("Đã ghi nhận")
	binh.expect("THÔNG BÁO HỌP")
	binh.press("tb:a:1:ab")
	binh.expect("Đã ghi nhận")

	// D-1, then a restart and the next runs of the day.
	w.stepTo(meeting.Add(-24*time.Hour + time.Minute))
	an.expectAll("⏰ Nhắc lịch họp", "19:30", "Ông/bà đã báo: ✅ Tôi sẽ tham dự")
	w.stop()
	w.start()
	w.stepTo(meeting.Add(-24*time.Hour + 20*time.Minute))
	// H-1 of the meeting, then of An's booking (and of Bình's, cancelled).
	w.stepTo(meeting.Add(-time.Hour + time.Minute))
	an.expect("⏰ Sắp đến giờ họp")
	for _, slot := range []time.Time{anSlot, binhSlot} {
		w.stepTo(slot.Add(-time.Hour + time.Minute))
	}
	an.expectAll("⏰ Sắp đến giờ tiếp công dân", anSlot.Format("15:04"))

	// Every step has written what it had to before stepTo returned: the
	// outbox holds each reminder once.
	w.stop()
	db := rawSQLite(t, w.db)
	rows, err := db.QueryContext(t.Context(), `SELECT chat_id, kind, dedup_key FROM outbox
		WHERE kind IN ('meeting.reminder', 'reception.reminder') ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var chat int64
		var kind, key string
		if err := rows.Scan(&chat, &kind, &key); err != nil {
			t.Fatal(err)
		}
		who := map[int64]string{an.user.ID: "An", binh.user.ID: "Bình", ha.user.ID: "Hà"}[chat]
		got = append(got, who+" "+kind+" "+key)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	var anID string
	if err := db.QueryRowContext(t.Context(), `SELECT id FROM residents WHERE telegram_id = ?`, an.user.ID).Scan(&anID); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"An meeting.reminder reminder:notice:1:day:" + anID,
		"An meeting.reminder reminder:notice:1:hour:" + anID,
		"An reception.reminder booking:1:reminder", // the day before, at reception.remind_at (dan_ban)
		"An reception.reminder reminder:booking:1:hour:" + anID,
	}
	slices.Sort(got)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("reminders in the outbox:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
