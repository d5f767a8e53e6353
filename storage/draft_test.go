package storage_test

import (
	"reflect"
	"testing"
	"time"

	"danchu"
	"danchu/storage"
)

func mustSaveDraft(tb testing.TB, db *storage.DB, d *danchu.Draft) {
	tb.Helper()
	if err := db.SaveDraft(tb.Context(), d); err != nil {
		tb.Fatalf("SaveDraft: %v", err)
	}
}

func TestDrafts(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		_, err := db.FindDraft(ctx, 1, "gui_don")
		wantCode(t, err, danchu.ENOTFOUND)

		d := &danchu.Draft{ResidentID: 1, ChatID: 1001, Flow: "gui_don", Data: []byte(`{"kind":"report","content":"Đèn đường hỏng"}`)}
		mustSaveDraft(t, db, d)
		if !d.UpdatedAt.Equal(t0) || d.RemindedAt != nil {
			t.Fatalf("SaveDraft set UpdatedAt %v, RemindedAt %v", d.UpdatedAt, d.RemindedAt)
		}
		got, err := db.FindDraft(ctx, 1, "gui_don")
		mustNil(t, err)
		if !reflect.DeepEqual(got, d) {
			t.Fatalf("FindDraft = %+v, want %+v", got, d)
		}
		other := &danchu.Draft{ResidentID: 1, ChatID: 1001, Flow: "doi_thoai", Data: []byte(`{}`), UpdatedAt: t0.Add(-48 * time.Hour)}
		mustSaveDraft(t, db, other)
		third := &danchu.Draft{ResidentID: 2, ChatID: 1002, Flow: "gui_don", Data: []byte(`{}`), UpdatedAt: t0.Add(-30 * time.Hour)}
		mustSaveDraft(t, db, third)

		stale := func(before time.Time) []string {
			list, err := db.StaleDrafts(ctx, before)
			mustNil(t, err)
			out := []string{}
			for _, d := range list {
				out = append(out, d.Flow+"/"+string(rune('0'+d.ResidentID)))
			}
			return out
		}
		if got, want := stale(t0.Add(-24*time.Hour)), []string{"doi_thoai/1", "gui_don/2"}; !reflect.DeepEqual(got, want) {
			t.Fatalf("StaleDrafts(a day ago) = %v, want %v", got, want)
		}
		if got := stale(t0); !reflect.DeepEqual(got, []string{"doi_thoai/1", "gui_don/2"}) {
			t.Fatalf("StaleDrafts(now) = %v: a draft saved now is not stale", got)
		}

		mustNil(t, db.MarkDraftReminded(ctx, 2, "gui_don", t0))
		got, err = db.FindDraft(ctx, 2, "gui_don")
		mustNil(t, err)
		if got.RemindedAt == nil || !got.RemindedAt.Equal(t0) || !got.UpdatedAt.Equal(third.UpdatedAt) {
			t.Fatalf("after MarkDraftReminded: %+v", got)
		}
		// Saving again replaces the data and clears the reminder.
		third.Data, third.UpdatedAt = []byte(`{"step":2}`), time.Time{}
		mustSaveDraft(t, db, third)
		got, err = db.FindDraft(ctx, 2, "gui_don")
		mustNil(t, err)
		if got.RemindedAt != nil || string(got.Data) != `{"step":2}` || !got.UpdatedAt.Equal(t0) {
			t.Fatalf("after saving again: %+v", got)
		}

		mustNil(t, db.DeleteDraft(ctx, 1, "gui_don"))
		mustNil(t, db.DeleteDraft(ctx, 1, "gui_don"))
		_, err = db.FindDraft(ctx, 1, "gui_don")
		wantCode(t, err, danchu.ENOTFOUND)
		if _, err := db.FindDraft(ctx, 1, "doi_thoai"); err != nil {
			t.Fatalf("deleting one flow's draft deleted another: %v", err)
		}
		wantCode(t, db.MarkDraftReminded(ctx, 1, "gui_don", t0), danchu.ENOTFOUND)
		wantCode(t, db.SaveDraft(ctx, &danchu.Draft{Flow: "gui_don"}), danchu.EINVALID)
		wantCode(t, db.SaveDraft(ctx, &danchu.Draft{ResidentID: 1}), danchu.EINVALID)
	})
}
