package storage_test

import (
	"testing"
	"time"

	"danchu"
	"danchu/storage"
)

// What a resident did, listed for /du_lieu (LAW.md, personal data): only
// their own ballots, questions, supports, comments and questions about
// disclosures.
func TestWhatAResidentDid(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		p := mustResidents(t, db, 700, 3, "Tiểu khu 3")
		an, binh, chi := p[0], p[1], p[2]

		// A ballot cast online by An, and one recorded on paper for Chi's
		// household: only the first is An's.
		v := mustVote(t, db, "Tiểu khu 3", danchu.MatterOther)
		home := mustHousehold(t, db, "Số 12, ngõ 5", an, binh)
		chiHome := mustHousehold(t, db, "Số 14, ngõ 5", chi)
		at := t0.Add(time.Hour)
		mustNil(t, db.CastBallot(ctx, &danchu.Ballot{VoteID: v.ID, HouseholdID: home.ID, Option: 1, Channel: danchu.ChannelOnline, ResidentID: an.ID, At: at}))
		mustNil(t, db.CastBallot(ctx, &danchu.Ballot{VoteID: v.ID, HouseholdID: chiHome.ID, Option: 0, Channel: danchu.ChannelPaper, RecordedBy: 99, At: at}))
		ballots, err := db.BallotsBy(ctx, an.ID)
		mustNil(t, err)
		if len(ballots) != 1 || ballots[0].VoteID != v.ID || ballots[0].Option != 1 || ballots[0].HouseholdID != home.ID {
			t.Errorf("An's ballots: %+v", ballots)
		}
		if list, _ := db.BallotsBy(ctx, chi.ID); len(list) != 0 {
			t.Errorf("Chi cast no ballot herself: %+v", list)
		}

		// Questions and supports of a dialogue; a merge makes Bình, the
		// duplicate's asker, a supporter of An's.
		d := mustDialogue(t, db)
		qa := mustAsk(t, db, d, an, "Bao giờ sửa đường?", true)
		qb := mustAsk(t, db, d, binh, "Đường khi nào làm?", false)
		_, err = db.SupportQuestion(ctx, qb.ID, chi.ID, t0.Add(2*time.Hour))
		mustNil(t, err)
		mustNil(t, db.MergeQuestion(ctx, qb.ID, qa.ID, 99, t0.Add(3*time.Hour)))
		asked, err := db.QuestionsBy(ctx, an.ID)
		mustNil(t, err)
		if len(asked) != 1 || asked[0].ID != qa.ID || asked[0].Text != qa.Text {
			t.Errorf("An's questions: %+v", asked)
		}
		if asked, _ := db.QuestionsBy(ctx, binh.ID); len(asked) != 1 || asked[0].Status != danchu.QuestionMerged {
			t.Errorf("Bình's questions: %+v", asked)
		}
		supports, err := db.SupportsBy(ctx, binh.ID)
		mustNil(t, err)
		if len(supports) != 1 || supports[0].QuestionID != qa.ID || supports[0].DialogueID != d.ID {
			t.Errorf("Bình's supports: %+v", supports)
		}
		if supports, _ := db.SupportsBy(ctx, an.ID); len(supports) != 0 {
			t.Errorf("An supported nothing: %+v", supports)
		}

		// Comments on a consultation.
		c := &danchu.Consultation{Title: "Dự thảo hương ước", Kind: danchu.ConsultConvention, Summary: "Sửa quy ước.",
			Audience: danchu.Audience{All: true}, OpensAt: t0, ClosesAt: t0.Add(30 * 24 * time.Hour), CreatedBy: 99}
		mustNil(t, db.CreateConsultation(ctx, c))
		for _, text := range []string{"Thêm giờ đổ rác.", "Và mức phạt."} {
			mustNil(t, db.AddComment(ctx, &danchu.Comment{ConsultationID: c.ID, ResidentID: an.ID, Neighbourhood: an.Neighbourhood, Text: text, At: at}))
		}
		mustNil(t, db.AddComment(ctx, &danchu.Comment{ConsultationID: c.ID, ResidentID: binh.ID, Text: "Đồng ý.", At: at}))
		comments, err := db.CommentsBy(ctx, an.ID)
		mustNil(t, err)
		if len(comments) != 2 || comments[0].Text != "Thêm giờ đổ rác." || comments[1].ConsultationID != c.ID || comments[0].Name != an.FullName {
			t.Errorf("An's comments: %+v", comments)
		}

		// Questions about a disclosure, with the answer.
		dis := disclosure(chi.ID, "ngan_sach", "Dự toán 2026", t0)
		mustPublishDisclosure(t, db, dis, nil)
		q := &danchu.DisclosureQuestion{DisclosureID: dis.ID, ResidentID: an.ID, Text: "Khoản chi sửa đường?", AskedAt: at}
		mustNil(t, db.AskQuestion(ctx, q))
		mustNil(t, db.AskQuestion(ctx, &danchu.DisclosureQuestion{DisclosureID: dis.ID, ResidentID: binh.ID, Text: "Còn gì?", AskedAt: at}))
		mustNil(t, db.AnswerQuestion(ctx, q.ID, 99, "450 triệu đồng.", at.Add(time.Hour), nil))
		dq, err := db.DisclosureQuestionsBy(ctx, an.ID)
		mustNil(t, err)
		if len(dq) != 1 || dq[0].ID != q.ID || dq[0].Answer != "450 triệu đồng." || dq[0].AnsweredAt == nil {
			t.Errorf("An's questions about disclosures: %+v", dq)
		}
	})
}
