package main

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// The four kinds of petition go through the real program and the simulator:
// filed with a receipt; a kiến nghị accepted, answered and rated; a phản ánh
// refused with a reason; a khiếu nại transferred; a tố cáo extended. The
// resident receives every notice, through the outbox sender.
func TestPetitionsFromIntakeToRating(t *testing.T) {
	db, _ := engines(t)["sqlite+memory"](t)
	w := newWorld(t, db, "")
	chairmanLine := w.invite("--role", "chairman")
	officialLine := w.invite("--role", "official")
	w.start()

	an := w.newPerson("An", "Nguyễn Văn", "0912000001")
	an.registerWith(chairmanLine, "reg:nb:0")
	binh := w.newPerson("Bình", "Trần Thị", "0912000002")
	binh.registerWith(officialLine, "reg:nb:0")
	lan := w.newPerson("Lan", "Nguyễn Thị", "0987654321")
	lan.register("reg:nb:2")

	// A kiến nghị: filed, taken by the official, accepted, answered, rated.
	lan.says("/gui_don")
	lan.press("pet:k:recommendation")
	lan.press("pet:f:3")
	lan.says("Đề nghị lắp đèn đường ở ngõ 5, buổi tối rất tối.")
	lan.press("pet:done")
	lan.press("pet:att:done")
	lan.press("pet:anon:no")
	lan.press("pet:send")
	receipt := lan.expect("PHIẾU TIẾP NHẬN")
	for _, want := range []string{number(1), "Kiến nghị", "Hạn thụ lý", "Mã xác thực"} {
		if !strings.Contains(receipt.Text, want) {
			t.Errorf("receipt lacks %q:\n%s", want, receipt.Text)
		}
	}

	binh.says("/hop_thu")
	binh.pressPrefix("ib:o:1:")
	binh.pressPrefix("ib:a:as:1:")
	binh.pressPrefix("ib:a:ac:1:")
	lan.expect("đã được thụ lý")
	binh.pressPrefix("ib:a:an:1:")
	binh.says("UBND sẽ lắp 3 đèn đường ở ngõ 5 trong tháng tới.")
	binh.pressPrefix("ib:ok:1")
	lan.expect("UBND sẽ lắp 3 đèn đường")
	lan.press("my:s:1:4")
	lan.says("Cảm ơn, mong làm sớm.")
	lan.expect("Cảm ơn")

	// A phản ánh, anonymous, refused with a reason the resident receives.
	lan.says("/gui_don")
	lan.press("pet:k:report")
	lan.press("pet:f:2")
	lan.says("Xưởng gỗ cạnh chợ đốt rác thải vào ban đêm.")
	lan.press("pet:done")
	lan.press("pet:att:done")
	lan.press("pet:anon:yes")
	lan.press("pet:send")
	lan.expect(number(2))
	binh.says("/hop_thu")
	binh.pressPrefix("ib:o:2:")
	binh.pressPrefix("ib:a:as:2:")
	binh.pressPrefix("ib:a:rf:2:")
	binh.says("Thuộc thẩm quyền của Phòng Tài nguyên và Môi trường huyện.")
	lan.expect("Phòng Tài nguyên và Môi trường")

	// A khiếu nại: identity, the decision, the date learned, the request;
	// the chairman assigns it; the official transfers it.
	lan.says("/gui_don")
	lan.press("pet:k:complaint")
	lan.expect("địa chỉ")
	lan.says("Số 12, ngõ 5, Tiểu khu 3")
	lan.press("pet:id:ok")
	lan.press("pet:f:0")
	lan.says("Quyết định số 45/QĐ-UBND về thu hồi 30 m² đất vườn.")
	lan.says(time.Now().AddDate(0, 0, -7).Format("02/01/2006")) // learned of it a week ago
	lan.says("Đề nghị huỷ quyết định và đo đạc lại.")
	lan.says("Diện tích thu hồi ghi sai so với thực tế.")
	lan.press("pet:done")
	lan.press("pet:att:done")
	lan.press("pet:send")
	lan.expect(number(3))
	an.expect(number(3)) // the chairman is told of a new khiếu nại
	an.pressPrefix("ib:v:3")
	an.pressPrefix("ib:a:as:3:")
	an.pressWhere("ib:to:3:", "Bình") // to the official
	binh.expect(number(3))
	binh.pressPrefix("ib:v:3")
	binh.pressPrefix("ib:a:tr:3:")
	binh.says("UBND huyện Hà Trung")
	lan.expect("UBND huyện Hà Trung")

	// A tố cáo: the legal notice first, the identity, then accepted and
	// extended by the chairman with a reason the resident receives.
	lan.says("/gui_don")
	lan.press("pet:k:denunciation")
	lan.expect("bí mật")
	lan.press("pet:den:ok")
	lan.expect("địa chỉ")
	lan.says("Số 12, ngõ 5, Tiểu khu 3")
	lan.press("pet:id:ok")
	lan.press("pet:f:1")
	lan.says("Một cán bộ nhận tiền để bỏ qua công trình xây trái phép.")
	lan.press("pet:done")
	lan.press("pet:att:done")
	lan.press("pet:send")
	lan.expect(number(4))
	an.expect(number(4))
	an.pressPrefix("ib:v:4")
	an.pressPrefix("ib:a:ac:4:")
	lan.expect(number(4) + " (tố cáo) của bạn đã được thụ lý")
	an.pressPrefix("ib:a:ex:4:")
	an.says("Vụ việc phức tạp, cần xác minh tại nhiều nơi.")
	lan.expect("cần xác minh tại nhiều nơi")

	// The official never saw the tố cáo author's name or phone.
	msgs, err := w.client.Messages(t.Context(), binh.user.ID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		if strings.Contains(m.Text, number(4)) && (strings.Contains(m.Text, "0987654321") || strings.Contains(m.Text, "+84987654321")) {
			t.Errorf("the official saw the denouncer's phone:\n%s", m.Text)
		}
	}

	// The receipt chain is intact, and tampering with a stored petition is
	// reported by `danchu admin verify-receipts`.
	w.stop()
	if out, err := w.admin("verify-receipts"); err != nil || !strings.Contains(out, "intact") {
		t.Fatalf("verify-receipts on an untouched chain: %v\n%s", err, out)
	}
	tamper(t, db, "UPDATE petitions SET content = 'đã sửa' WHERE seq = 2")
	out, err := w.admin("verify-receipts")
	if err == nil || !strings.Contains(out, number(2)) {
		t.Errorf("a changed petition is not reported: %v\n%s", err, out)
	}
}

// number is the petition number of the seq-th petition of this year, as the
// program (with the shipped settings) writes it.
func number(seq int) string {
	loc, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	return fmt.Sprintf("HT-%d-%06d", time.Now().In(loc).Year(), seq)
}

// A petition being written goes on after the program restarts.
func TestPetitionDraftContinuesAfterRestart(t *testing.T) {
	db, _ := engines(t)["sqlite+memory"](t)
	w := newWorld(t, db, "")
	w.start()
	lan := w.newPerson("Lan", "Nguyễn Thị", "0987654321")
	lan.register("reg:nb:2")

	lan.says("/gui_don")
	lan.press("pet:k:recommendation")
	lan.press("pet:f:6")
	lan.says("Đề nghị mở thêm lớp học bơi hè cho trẻ em.")

	w.stop()
	w.start()

	lan.says("/gui_don")
	lan.press("pet:resume")
	lan.says("Mỗi lớp có người trông coi.")
	lan.press("pet:done")
	lan.press("pet:att:done")
	lan.press("pet:anon:no")
	review := lan.expect("xem lại đơn")
	if !strings.Contains(review.Text, "lớp học bơi hè") || !strings.Contains(review.Text, "người trông coi") {
		t.Errorf("the draft lost what was written before the restart:\n%s", review.Text)
	}
	lan.press("pet:send")
	lan.expect(number(1))
}
