package storage_test

import (
	"testing"
	"time"

	"danchu"
	"danchu/storage"
)

func TestConsultationsAndComments(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		c := &danchu.Consultation{Title: "Dự thảo hương ước Tiểu khu 3", Kind: danchu.ConsultConvention, Summary: "Sửa quy ước vệ sinh môi trường.",
			DocumentID: "doc-1", DocumentName: "du-thao.pdf", Audience: danchu.Audience{Neighbourhoods: []string{"Tiểu khu 3"}},
			OpensAt: t0, ClosesAt: t0.Add(30 * 24 * time.Hour), CreatedBy: 99}
		mustNil(t, db.CreateConsultation(ctx, c))
		got, err := db.FindConsultation(ctx, c.ID)
		mustNil(t, err)
		if got.Title != c.Title || got.DocumentID != "doc-1" || got.Audience.Neighbourhoods[0] != "Tiểu khu 3" || got.ClosedAt != nil {
			t.Errorf("stored: %+v", got)
		}
		_, err = db.FindConsultation(ctx, 9999)
		wantCode(t, err, danchu.ENOTFOUND)

		p := mustResidents(t, db, 900, 2, "Tiểu khu 3")
		comment := func(r *danchu.Resident, text string, at time.Time) error {
			return db.AddComment(ctx, &danchu.Comment{ConsultationID: c.ID, ResidentID: r.ID, Neighbourhood: r.Neighbourhood, Text: text, At: at})
		}
		mustNil(t, comment(p[0], "Đề nghị thêm quy định giờ đổ rác.", t0.Add(time.Hour)))
		mustNil(t, comment(p[0], "Và mức phạt cụ thể.", t0.Add(2*time.Hour))) // more than once
		mustNil(t, comment(p[1], "Đồng ý với dự thảo.", c.ClosesAt))
		wantCode(t, comment(p[1], "Muộn", c.ClosesAt.Add(time.Second)), danchu.EINVALID)
		wantCode(t, comment(p[1], "Sớm", t0.Add(-time.Second)), danchu.EINVALID)
		wantCode(t, comment(p[1], "  ", t0.Add(time.Hour)), danchu.EINVALID)

		list, err := db.Comments(ctx, c.ID)
		mustNil(t, err)
		if len(list) != 3 || list[0].Name != p[0].FullName || list[2].Text != "Đồng ý với dự thảo." {
			t.Errorf("comments: %+v", list)
		}

		wantCode(t, db.PublishResult(ctx, c.ID, "Tổng hợp", 99, c.ClosesAt), danchu.EINVALID) // not closed yet
		if due, _ := db.ConsultationsToClose(ctx, c.ClosesAt); len(due) != 0 {
			t.Errorf("to close at its last moment: %d", len(due))
		}
		after := c.ClosesAt.Add(time.Second)
		if due, _ := db.ConsultationsToClose(ctx, after); len(due) != 1 {
			t.Errorf("to close after it: %d", len(due))
		}
		if ok, _ := db.MarkConsultationClosed(ctx, c.ID, after); !ok {
			t.Error("close not recorded")
		}
		if due, _ := db.ConsultationsToClose(ctx, after); len(due) != 0 {
			t.Errorf("closed, still to close: %d", len(due))
		}
		wantCode(t, db.PublishResult(ctx, c.ID, " ", 99, after), danchu.EINVALID)
		mustNil(t, db.PublishResult(ctx, c.ID, "3 ý kiến: thêm giờ đổ rác và mức phạt.", 99, after))
		wantCode(t, db.PublishResult(ctx, c.ID, "again", 99, after), danchu.ECONFLICT)
		got, _ = db.FindConsultation(ctx, c.ID)
		if got.PublishedAt == nil || got.Result == "" || got.PublishedBy != 99 {
			t.Errorf("published: %+v", got)
		}
		if list, _ := db.ListConsultations(ctx, after.Add(time.Hour)); len(list) != 0 {
			t.Errorf("listed after everything: %d", len(list))
		}
		if list, _ := db.ListConsultations(ctx, t0); len(list) != 1 {
			t.Errorf("listed: %d", len(list))
		}

		// Deleting a commenter keeps the comment without its author.
		mustNil(t, db.DeleteResident(ctx, p[0].ID))
		list, _ = db.Comments(ctx, c.ID)
		if list[0].ResidentID != 0 || list[0].Name != "" || list[0].Text == "" {
			t.Errorf("after deleting the author: %+v", list[0])
		}
	})
}
