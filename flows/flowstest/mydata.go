package flowstest

import (
	"encoding/json"
	"testing"
	"time"

	"danchu"
	"danchu/flows"
	"danchu/flows/account"
)

// MustHaveDoneEverything gives p, registered, something in every store
// /du_lieu reads, straight through the stores (as from other devices), with
// Khánh (registered here too) as the official and the other resident: a
// household p represents, a recommendation and a complaint, an answer to a
// meeting notice, an online ballot, a dialogue question and a support, two
// comments, a reception booking, a question about a disclosure with its
// answer, and one category of disclosures turned off.
func (w *World) MustHaveDoneEverything(p *Person) {
	w.TB.Helper()
	ctx := w.Ctx
	must := func(err error) {
		w.TB.Helper()
		if err != nil {
			w.TB.Fatal(err)
		}
	}
	me := w.MustResident(p.User.ID)
	khanh := w.Khanh()
	khanh.MustRegister(me.Neighbourhood)
	other := w.MustResident(khanh.User.ID)
	nb, now := me.Neighbourhood, w.Clock.Now()
	w.Note("what %s did, straight in the stores", p.Name)

	h, err := w.DB.DeclareHousehold(ctx, me.ID, nb, "Số 7, ngõ 3", now)
	must(err)
	must(w.DB.SetRepresentative(ctx, h.ID, me.ID, other.ID, now))
	w.MustFilePetition(p, danchu.KindRecommendation, "Môi trường", nb, "Đề nghị thu gom rác đúng giờ ở ngõ 3.")
	w.MustFilePetition(p, danchu.KindComplaint, "Đất đai", nb, "Khiếu nại quyết định thu hồi đất.")

	meeting := &danchu.Notice{SenderID: other.ID, Audience: danchu.Audience{Neighbourhoods: []string{nb}},
		Meeting: &danchu.Meeting{At: now.Add(72 * time.Hour), Place: "Nhà văn hoá", Agenda: "Bầu tổ trưởng tổ an ninh."}}
	must(w.DB.PublishNotice(ctx, meeting, &danchu.Broadcast{Kind: danchu.BroadcastMeeting, SenderID: other.ID},
		func(int64, int64) ([]*danchu.OutboxMessage, error) { return nil, nil }))
	must(w.DB.AnswerMeeting(ctx, danchu.MeetingAnswer{NoticeID: meeting.ID, ResidentID: me.ID, Answer: danchu.AnswerAttend, At: now}))

	agreed := now
	v := &danchu.Vote{Question: "Tổ chức dọn vệ sinh ngõ 3 hằng tháng?", Matter: danchu.MatterOther, Options: []string{"Đồng ý", "Không đồng ý"},
		Proposal: true, Neighbourhood: nb, Households: 298, OpensAt: now, ClosesAt: now.Add(72 * time.Hour), AgreedAt: &agreed, CreatedBy: other.ID}
	must(w.DB.CreateVote(ctx, v))
	must(w.DB.CastBallot(ctx, &danchu.Ballot{VoteID: v.ID, HouseholdID: h.ID, Option: 0, Channel: danchu.ChannelOnline, ResidentID: me.ID, At: now}))

	d := &danchu.Dialogue{Topic: "An toàn giao thông", Audience: danchu.Audience{All: true}, At: now.Add(7 * 24 * time.Hour),
		Place: "Hội trường UBND", QuestionsUntil: now.Add(5 * 24 * time.Hour), CreatedBy: other.ID, CreatedAt: now}
	must(w.DB.CreateDialogue(ctx, d))
	must(w.DB.AddDialogueQuestion(ctx, &danchu.Question{DialogueID: d.ID, ResidentID: me.ID, Text: "Đề nghị lắp gờ giảm tốc đầu ngõ 3.", CreatedAt: now}))
	theirs := &danchu.Question{DialogueID: d.ID, ResidentID: other.ID, Text: "Cần thêm đèn đường ngõ 3.", CreatedAt: now}
	must(w.DB.AddDialogueQuestion(ctx, theirs))
	_, err = w.DB.SupportQuestion(ctx, theirs.ID, me.ID, now)
	must(err)

	c := &danchu.Consultation{Title: "Dự thảo hương ước " + nb, Kind: danchu.ConsultConvention, Summary: "Sửa quy ước vệ sinh.",
		Audience: danchu.Audience{All: true}, OpensAt: now, ClosesAt: now.Add(30 * 24 * time.Hour), CreatedBy: other.ID}
	must(w.DB.CreateConsultation(ctx, c))
	for _, text := range []string{"Thêm quy định giờ đổ rác.", "Và mức phạt cụ thể."} {
		must(w.DB.AddComment(ctx, &danchu.Comment{ConsultationID: c.ID, ResidentID: me.ID, Neighbourhood: nb, Text: text, At: now}))
	}

	must(w.DB.Book(ctx, &danchu.Booking{ResidentID: me.ID, Host: "chairman", SlotStart: time.Date(2026, 3, 19, 9, 0, 0, 0, w.Settings.Location()),
		Topic: "Hỏi về cấp giấy chứng nhận quyền sử dụng đất.", CreatedAt: now}, 5))

	dis := &danchu.Disclosure{Category: "ngan_sach", Title: "Dự toán ngân sách 2026", Body: "Tổng thu 12,5 tỷ đồng.",
		PublisherID: other.ID, PostedFrom: now, PostedUntil: now.AddDate(0, 0, 30)}
	must(w.DB.PublishDisclosure(ctx, dis, &danchu.Broadcast{Kind: danchu.BroadcastDisclosure, SenderID: other.ID, Audience: danchu.Audience{All: true}},
		func(int64, int64) ([]*danchu.OutboxMessage, error) { return nil, nil }))
	q := &danchu.DisclosureQuestion{DisclosureID: dis.ID, ResidentID: me.ID, Text: "Khoản chi sửa đường ngõ 3 ở mục nào?", AskedAt: now}
	must(w.DB.AskQuestion(ctx, q))
	must(w.DB.AnswerQuestion(ctx, q.ID, other.ID, "Ở mục chi đầu tư phát triển.", now, nil))
	must(w.DB.SetDisclosureSubscription(ctx, me.ID, "du_an_dau_tu", false))
}

// MustExportEverything checks that the file of /du_lieu holds every part of
// what MustHaveDoneEverything stored.
func MustExportEverything(tb testing.TB, replies []flows.Reply) {
	tb.Helper()
	var file []byte
	for _, r := range replies {
		if r.Document != nil && r.Document.FileName == account.MyDataFileName {
			file = r.Document.Data
		}
	}
	var got struct {
		Household struct {
			Address      string `json:"address"`
			YouRepresent bool   `json:"you_represent"`
		} `json:"household"`
		Petitions []struct {
			Number   string           `json:"number"`
			Content  string           `json:"content"`
			Identity *danchu.Identity `json:"identity"`
			Events   []danchu.Event   `json:"events"`
		} `json:"petitions"`
		MeetingAnswers      []danchu.MeetingAnswer    `json:"meeting_answers"`
		Ballots             []struct{ Choice string } `json:"ballots"`
		DialogueQuestions   []json.RawMessage         `json:"dialogue_questions"`
		DialogueSupports    []json.RawMessage         `json:"dialogue_supports"`
		Comments            []json.RawMessage         `json:"consultation_comments"`
		Bookings            []json.RawMessage         `json:"reception_bookings"`
		DisclosureQuestions []struct{ Answer string } `json:"disclosure_questions"`
		Subscriptions       struct {
			OptedOut []string `json:"opted_out"`
		} `json:"disclosure_subscriptions"`
	}
	if err := json.Unmarshal(file, &got); err != nil {
		tb.Fatalf("the file of /du_lieu: %v\n%s", err, file)
	}
	switch {
	case got.Household.Address != "Số 7, ngõ 3" || !got.Household.YouRepresent:
		tb.Errorf("household: %+v", got.Household)
	case len(got.Petitions) != 2 || got.Petitions[0].Content == "" || got.Petitions[0].Identity != nil ||
		got.Petitions[1].Identity == nil || got.Petitions[1].Identity.Address == "" || len(got.Petitions[1].Events) == 0:
		tb.Errorf("petitions: %+v", got.Petitions)
	case len(got.MeetingAnswers) != 1 || got.MeetingAnswers[0].HouseholdID == 0:
		tb.Errorf("meeting answers: %+v", got.MeetingAnswers)
	case len(got.Ballots) != 1 || got.Ballots[0].Choice != "Đồng ý":
		tb.Errorf("ballots: %+v", got.Ballots)
	case len(got.DialogueQuestions) != 1 || len(got.DialogueSupports) != 1 || len(got.Comments) != 2 || len(got.Bookings) != 1:
		tb.Errorf("questions %d, supports %d, comments %d, bookings %d", len(got.DialogueQuestions), len(got.DialogueSupports),
			len(got.Comments), len(got.Bookings))
	case len(got.DisclosureQuestions) != 1 || got.DisclosureQuestions[0].Answer == "":
		tb.Errorf("questions about disclosures: %+v", got.DisclosureQuestions)
	case len(got.Subscriptions.OptedOut) != 1 || got.Subscriptions.OptedOut[0] != "du_an_dau_tu":
		tb.Errorf("subscriptions: %+v", got.Subscriptions)
	}
}
