package flows_test

import (
	"strings"
	"testing"
	"time"

	"danchu"
)

// A resident who presses the staff's buttons of dân bàn (old, or forged)
// changes nothing and is told the button is not valid; so is a tiểu khu
// head outside the neighbourhood she leads.
func TestDanBanStaffButtonsRefuseOthers(t *testing.T) {
	w := MustDanBanWorld(t)
	an, minh := w.An(), w.Minh()
	an.MustRegister("Tiểu khu 3")
	minh.MustRegister("Tiểu khu 3")
	huong := w.Huong()
	huong.MustRegister("Tiểu khu 4")
	w.MustGrant(huong, danchu.RoleTieuKhuHead, "Tiểu khu 4")
	cuong, _ := w.staff()
	ctx, now := w.ctx, w.clock.Now()

	h, err := w.db.DeclareHousehold(ctx, w.MustResident(minh.user.ID).ID, "Tiểu khu 3", "Số 14, ngõ 5", now)
	if err != nil {
		t.Fatal(err)
	}
	v := &danchu.Vote{Question: "Dọn vệ sinh ngõ 5?", Matter: danchu.MatterFunds, Options: []string{"Đồng ý", "Không đồng ý"},
		Neighbourhood: "Tiểu khu 3", Households: 342, OpensAt: now, ClosesAt: now.Add(72 * time.Hour), CreatedBy: w.MustResident(cuong.user.ID).ID}
	if err := w.db.CreateVote(ctx, v); err != nil {
		t.Fatal(err)
	}
	d := &danchu.Dialogue{Topic: "Giao thông", Audience: danchu.Audience{All: true}, At: now.Add(72 * time.Hour), Place: "UBND",
		QuestionsUntil: now.Add(48 * time.Hour)}
	if err := w.db.CreateDialogue(ctx, d); err != nil {
		t.Fatal(err)
	}
	q := &danchu.Question{DialogueID: d.ID, ResidentID: w.MustResident(minh.user.ID).ID, Text: "Khi nào có đèn?", CreatedAt: now}
	if err := w.db.AddDialogueQuestion(ctx, q); err != nil {
		t.Fatal(err)
	}
	c := &danchu.Consultation{Title: "Dự thảo", Kind: danchu.ConsultPlan, Summary: "Tóm tắt", Audience: danchu.Audience{All: true},
		OpensAt: now, ClosesAt: now.Add(time.Hour)}
	if err := w.db.CreateConsultation(ctx, c); err != nil {
		t.Fatal(err)
	}
	b := &danchu.Booking{ResidentID: w.MustResident(minh.user.ID).ID, Host: "chairman", SlotStart: now.Add(72 * time.Hour), Topic: "Hỏi"}
	if err := w.db.Book(ctx, b, 3); err != nil {
		t.Fatal(err)
	}
	vote, hh, qid, cid, bid := itoa(v.ID), itoa(h.ID), itoa(q.ID), itoa(c.ID), itoa(b.ID)
	minhID := itoa(w.MustResident(minh.user.ID).ID)

	for _, who := range []*person{an, huong} {
		for _, data := range []string{
			"bq:new", "bq:rec:" + vote + ":p:0", "bq:rh:" + vote + ":m:" + hh, "bq:ro:" + vote + ":p:" + hh + ":0",
			"bq:ra:" + vote + ":p", "bq:close:" + vote, "bq:cl:" + vote, "bq:hh:2:0", "bq:h:" + hh, "bq:rep:" + hh + ":" + minhID,
			"dt:new", "dt:mq:" + itoa(d.ID) + ":0", "dt:mg:" + qid, "dt:mt:" + qid + ":" + qid, "dt:hd:" + qid, "dt:an:" + qid,
			"dt:as:" + qid, "dt:ag:" + itoa(d.ID),
			"gy:new", "gy:ls:" + cid + ":0", "gy:ex:" + cid, "gy:pub:" + cid,
			"td:day:20260319", "td:r:" + bid + ":20260319", "td:a:" + bid + ":20260319", "td:c:" + bid,
		} {
			if who == huong && data == "bq:new" {
				continue // a head creates votes, in her own neighbourhood
			}
			replies := who.PressData(data)
			refused := len(replies) == 1 && (strings.Contains(replies[0].Text, "không còn hiệu lực") ||
				strings.Contains(replies[0].Text, "không phụ trách"))
			if !refused {
				t.Errorf("%s pressed %s and got:\n%s", who.name, data, render(replies))
			}
		}
	}
	w.Note("nothing changed")
	if ballots, _ := w.db.Ballots(ctx, v.ID); len(ballots) != 0 {
		t.Errorf("ballots: %+v", ballots)
	}
	if got, _ := w.db.FindVote(ctx, v.ID); got.ClosedAt != nil {
		t.Errorf("the vote was closed")
	}
	if got, _ := w.db.FindHousehold(ctx, h.ID); got.RepresentativeID != 0 {
		t.Errorf("a representative was set: %+v", got)
	}
	if got, _ := w.db.FindDialogueQuestion(ctx, q.ID); got.Status != danchu.QuestionOpen {
		t.Errorf("the question changed: %+v", got)
	}
	if got, _ := w.db.FindBooking(ctx, b.ID); got.Status != danchu.BookingBooked {
		t.Errorf("the booking changed: %+v", got)
	}
	if n, _ := w.db.ListVotes(ctx, nil, 0); len(n) != 1 {
		t.Errorf("votes: %d", len(n))
	}
}
