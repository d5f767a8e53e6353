package danban_test

import (
	"strings"
	"testing"
	"time"

	"danchu"
	"danchu/flows/flowstest"
)

// A resident who presses the staff's buttons of dân bàn (old, or forged)
// changes nothing and is told the button is not valid; so is a tiểu khu
// head outside the neighbourhood she leads.
func TestDanBanStaffButtonsRefuseOthers(t *testing.T) {
	w := flowstest.MustDanBanWorld(t)
	an, minh := w.An(), w.Minh()
	an.MustRegister("Tiểu khu 3")
	minh.MustRegister("Tiểu khu 3")
	huong := w.Huong()
	huong.MustRegister("Tiểu khu 4")
	w.MustGrant(huong, danchu.RoleTieuKhuHead, "Tiểu khu 4")
	cuong, _ := w.Staff()
	ctx, now := w.Ctx, w.Clock.Now()

	h, err := w.DB.DeclareHousehold(ctx, w.MustResident(minh.User.ID).ID, "Tiểu khu 3", "Số 14, ngõ 5", now)
	if err != nil {
		t.Fatal(err)
	}
	v := &danchu.Vote{Question: "Dọn vệ sinh ngõ 5?", Matter: danchu.MatterFunds, Options: []string{"Đồng ý", "Không đồng ý"},
		Neighbourhood: "Tiểu khu 3", Households: 342, OpensAt: now, ClosesAt: now.Add(72 * time.Hour), CreatedBy: w.MustResident(cuong.User.ID).ID}
	if err := w.DB.CreateVote(ctx, v); err != nil {
		t.Fatal(err)
	}
	d := &danchu.Dialogue{Topic: "Giao thông", Audience: danchu.Audience{All: true}, At: now.Add(72 * time.Hour), Place: "UBND",
		QuestionsUntil: now.Add(48 * time.Hour)}
	if err := w.DB.CreateDialogue(ctx, d); err != nil {
		t.Fatal(err)
	}
	q := &danchu.Question{DialogueID: d.ID, ResidentID: w.MustResident(minh.User.ID).ID, Text: "Khi nào có đèn?", CreatedAt: now}
	if err := w.DB.AddDialogueQuestion(ctx, q); err != nil {
		t.Fatal(err)
	}
	c := &danchu.Consultation{Title: "Dự thảo", Kind: danchu.ConsultPlan, Summary: "Tóm tắt", Audience: danchu.Audience{All: true},
		OpensAt: now, ClosesAt: now.Add(time.Hour)}
	if err := w.DB.CreateConsultation(ctx, c); err != nil {
		t.Fatal(err)
	}
	b := &danchu.Booking{ResidentID: w.MustResident(minh.User.ID).ID, Host: "chairman", SlotStart: now.Add(72 * time.Hour), Topic: "Hỏi"}
	if err := w.DB.Book(ctx, b, 3); err != nil {
		t.Fatal(err)
	}
	vote, hh, qid, cid, bid := flowstest.Itoa(v.ID), flowstest.Itoa(h.ID), flowstest.Itoa(q.ID), flowstest.Itoa(c.ID), flowstest.Itoa(b.ID)
	minhID := flowstest.Itoa(w.MustResident(minh.User.ID).ID)

	for _, who := range []*flowstest.Person{an, huong} {
		for _, data := range []string{
			"bq:new", "bq:rec:" + vote + ":p:0", "bq:rh:" + vote + ":m:" + hh, "bq:ro:" + vote + ":p:" + hh + ":0",
			"bq:ra:" + vote + ":p", "bq:close:" + vote, "bq:cl:" + vote, "bq:hh:2:0", "bq:h:" + hh, "bq:rep:" + hh + ":" + minhID,
			"dt:new", "dt:mq:" + flowstest.Itoa(d.ID) + ":0", "dt:mg:" + qid, "dt:mt:" + qid + ":" + qid, "dt:hd:" + qid, "dt:an:" + qid,
			"dt:as:" + qid, "dt:ag:" + flowstest.Itoa(d.ID),
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
				t.Errorf("%s pressed %s and got:\n%s", who.Name, data, flowstest.Render(replies))
			}
		}
	}
	w.Note("nothing changed")
	if ballots, _ := w.DB.Ballots(ctx, v.ID); len(ballots) != 0 {
		t.Errorf("ballots: %+v", ballots)
	}
	if got, _ := w.DB.FindVote(ctx, v.ID); got.ClosedAt != nil {
		t.Errorf("the vote was closed")
	}
	if got, _ := w.DB.FindHousehold(ctx, h.ID); got.RepresentativeID != 0 {
		t.Errorf("a representative was set: %+v", got)
	}
	if got, _ := w.DB.FindDialogueQuestion(ctx, q.ID); got.Status != danchu.QuestionOpen {
		t.Errorf("the question changed: %+v", got)
	}
	if got, _ := w.DB.FindBooking(ctx, b.ID); got.Status != danchu.BookingBooked {
		t.Errorf("the booking changed: %+v", got)
	}
	if n, _ := w.DB.ListVotes(ctx, nil, 0); len(n) != 1 {
		t.Errorf("votes: %d", len(n))
	}
}
