package storage_test

import (
	"slices"
	"testing"
	"time"

	"danchu"
	"danchu/storage"
)

func mustDialogue(tb testing.TB, db *storage.DB) *danchu.Dialogue {
	tb.Helper()
	d := &danchu.Dialogue{Topic: "Trật tự đô thị", Field: "Giao thông", Audience: danchu.Audience{Neighbourhoods: []string{"Tiểu khu 3"}},
		Group: danchu.GroupYouth, At: t0.Add(10 * 24 * time.Hour), Place: "Hội trường UBND", QuestionsUntil: t0.Add(7 * 24 * time.Hour), CreatedBy: 99}
	mustNil(tb, db.CreateDialogue(tb.Context(), d))
	return d
}

func mustAsk(tb testing.TB, db *storage.DB, d *danchu.Dialogue, r *danchu.Resident, text string, showName bool) *danchu.Question {
	tb.Helper()
	q := &danchu.Question{DialogueID: d.ID, ResidentID: r.ID, Text: text, ShowName: showName, CreatedAt: t0.Add(time.Hour)}
	mustNil(tb, db.AddDialogueQuestion(tb.Context(), q))
	return q
}

func TestDialogueQuestions(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		d := mustDialogue(t, db)
		got, err := db.FindDialogue(ctx, d.ID)
		mustNil(t, err)
		if got.Topic != d.Topic || got.Group != danchu.GroupYouth || len(got.Audience.Neighbourhoods) != 1 || !got.At.Equal(d.At) {
			t.Errorf("stored dialogue: %+v", got)
		}
		if list, _ := db.ListDialogues(ctx, t0); len(list) != 1 {
			t.Errorf("upcoming dialogues: %d", len(list))
		}
		if list, _ := db.ListDialogues(ctx, d.At.Add(time.Second)); len(list) != 0 {
			t.Errorf("dialogues after the session: %d", len(list))
		}

		p := mustResidents(t, db, 600, 5, "Tiểu khu 3")
		q1 := mustAsk(t, db, d, p[0], "Bao giờ sửa đường Trần Hưng Đạo?", true)
		q2 := mustAsk(t, db, d, p[1], "Đường Trần Hưng Đạo khi nào làm lại?", false)
		q3 := mustAsk(t, db, d, p[2], "Câu hỏi có lời lẽ xúc phạm", false)

		late := &danchu.Question{DialogueID: d.ID, ResidentID: p[3].ID, Text: "Muộn", CreatedAt: d.QuestionsUntil.Add(time.Second)}
		wantCode(t, db.AddDialogueQuestion(ctx, late), danchu.EINVALID)
		wantCode(t, db.AddDialogueQuestion(ctx, &danchu.Question{DialogueID: 9999, ResidentID: p[3].ID, Text: "x"}), danchu.ENOTFOUND)

		// One support per resident and question; not one's own.
		support := func(q *danchu.Question, r *danchu.Resident) bool {
			added, err := db.SupportQuestion(ctx, q.ID, r.ID, t0.Add(2*time.Hour))
			mustNil(t, err)
			return added
		}
		if !support(q1, p[3]) || support(q1, p[3]) {
			t.Error("a second support by the same resident counted")
		}
		_, err = db.SupportQuestion(ctx, q1.ID, p[0].ID, t0)
		wantCode(t, err, danchu.EINVALID)
		support(q2, p[3]) // p3 supports both duplicates
		support(q2, p[4])
		support(q2, p[0]) // q1's asker supports q2

		// Merging q2 into q1: q2's asker and supporters join q1, once each,
		// and q1's own asker is not counted as its supporter.
		mustNil(t, db.MergeQuestion(ctx, q2.ID, q1.ID, 99, t0.Add(3*time.Hour)))
		q1, err = db.FindDialogueQuestion(ctx, q1.ID)
		mustNil(t, err)
		if q1.Supporters != 3 || q1.AskerName != p[0].FullName {
			t.Errorf("q1 after the merge: %d supporters (want p3, p4, p1), asker %q", q1.Supporters, q1.AskerName)
		}
		if added, _ := db.SupportQuestion(ctx, q1.ID, p[4].ID, t0); added {
			t.Error("p4's support carried over, and counted again")
		}
		merged, _ := db.FindDialogueQuestion(ctx, q2.ID)
		if merged.Status != danchu.QuestionMerged || merged.MergedInto != q1.ID || merged.AskerName != "" {
			t.Errorf("q2 after the merge: %+v", merged)
		}
		wantCode(t, db.MergeQuestion(ctx, q2.ID, q1.ID, 99, t0), danchu.EINVALID)
		wantCode(t, db.MergeQuestion(ctx, q1.ID, q1.ID, 99, t0), danchu.EINVALID)

		wantCode(t, db.HideQuestion(ctx, q3.ID, " ", 99, t0), danchu.EINVALID)
		mustNil(t, db.HideQuestion(ctx, q3.ID, "Lời lẽ xúc phạm người khác", 99, t0.Add(3*time.Hour)))
		_, err = db.SupportQuestion(ctx, q3.ID, p[4].ID, t0)
		wantCode(t, err, danchu.EINVALID)

		list, err := db.ListDialogueQuestions(ctx, d.ID)
		mustNil(t, err)
		if len(list) != 3 || list[2].Status != danchu.QuestionHidden || list[2].HiddenReason == "" {
			t.Errorf("questions: %+v", list)
		}
		agenda := danchu.Agenda(list)
		if len(agenda) != 1 || agenda[0].ID != q1.ID {
			t.Errorf("agenda: %+v", agenda)
		}

		followers, err := db.QuestionFollowers(ctx, q1.ID)
		mustNil(t, err)
		slices.Sort(followers)
		if want := []int64{p[0].ID, p[1].ID, p[3].ID, p[4].ID}; !slices.Equal(followers, want) {
			t.Errorf("followers of q1: %v, want %v", followers, want)
		}

		// A written answer promised by a date, late after it, then given.
		due := t0.Add(20 * 24 * time.Hour)
		_, err = db.AnswerDialogueQuestion(ctx, q1.ID, danchu.QuestionAnswer{Kind: danchu.AnswerInWriting, By: 99, At: d.At})
		wantCode(t, err, danchu.EINVALID)
		q, err := db.AnswerDialogueQuestion(ctx, q1.ID, danchu.QuestionAnswer{Kind: danchu.AnswerInWriting, Due: &due, By: 99, At: d.At})
		mustNil(t, err)
		if q.Status != danchu.QuestionWritten || q.AnswerDue == nil {
			t.Errorf("promised: %+v", q)
		}
		if late, _ := db.LateAnswers(ctx, due); len(late) != 0 {
			t.Errorf("late on its due moment: %d", len(late))
		}
		if late, _ := db.LateAnswers(ctx, due.Add(time.Second)); len(late) != 1 {
			t.Errorf("late after it: %d", len(late))
		}
		q, err = db.AnswerDialogueQuestion(ctx, q1.ID, danchu.QuestionAnswer{Kind: danchu.AnswerInWriting, Text: "Quý III sẽ sửa.", By: 99, At: due})
		mustNil(t, err)
		if q.Status != danchu.QuestionAnswered || q.Answer != "Quý III sẽ sửa." || q.AnsweredAt == nil {
			t.Errorf("answered: %+v", q)
		}
		_, err = db.AnswerDialogueQuestion(ctx, q1.ID, danchu.QuestionAnswer{Kind: danchu.AnswerAtSession, Text: "again", By: 99, At: due})
		wantCode(t, err, danchu.EINVALID)
		_, err = db.AnswerDialogueQuestion(ctx, q3.ID, danchu.QuestionAnswer{Kind: danchu.AnswerAtSession, Text: "x", By: 99, At: due})
		wantCode(t, err, danchu.EINVALID) // hidden
		if late, _ := db.LateAnswers(ctx, due.Add(time.Hour)); len(late) != 0 {
			t.Errorf("answered, still late: %d", len(late))
		}

		// Deleting an asker keeps the question without them.
		mustNil(t, db.DeleteResident(ctx, p[0].ID))
		if q, _ := db.FindDialogueQuestion(ctx, q1.ID); q.ResidentID != 0 || q.AskerName != "" {
			t.Errorf("after deleting the asker: %+v", q)
		}
	})
}
