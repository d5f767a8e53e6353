package storage_test

import (
	"bytes"
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

// rawColumn reads a stored value as it lies in the database.
func rawColumn(tb testing.TB, db *storage.DB, query string, args ...any) []byte {
	tb.Helper()
	var raw []byte
	mustNil(tb, storage.GetForTest(tb.Context(), db, &raw, query, args...))
	return raw
}

// mustNotHold fails when raw holds any of the secrets.
func mustNotHold(tb testing.TB, what string, raw []byte, secrets ...string) {
	tb.Helper()
	for _, s := range secrets {
		if bytes.Contains(raw, []byte(s)) {
			tb.Errorf("%s holds %q in the clear: %q", what, s, raw)
		}
	}
}

// With a secret key, a draft's data is sealed at rest: while a tố cáo is
// being written it holds the identity its author typed. Callers see what
// they saved; rows written in the clear before still read.
func TestDraftsSealedAtRest(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		const data = `{"kind":"denunciation","id_name":"Hoàng Thị Bí Mật","id_phone":"+84987000111","content":"Cán bộ Y nhận hối lộ"}`
		secrets := []string{"Hoàng Thị Bí Mật", "+84987000111", "hối lộ", "denunciation"}
		raw := func(resident int64) []byte {
			return rawColumn(t, db, `SELECT data FROM drafts WHERE resident_id = ? AND flow = 'petition'`, resident)
		}

		// Resident 2 saved a draft before there was a key: in the clear.
		mustSaveDraft(t, db, &danchu.Draft{ResidentID: 2, ChatID: 1002, Flow: "petition", Data: []byte(`{"content":"Đèn hỏng"}`)})
		db.Secrets = mustBox(t)

		d := &danchu.Draft{ResidentID: 1, ChatID: 1001, Flow: "petition", Data: []byte(data)}
		mustSaveDraft(t, db, d)
		mustNotHold(t, "the draft row", raw(1), secrets...)
		got, err := db.FindDraft(ctx, 1, "petition")
		mustNil(t, err)
		if !reflect.DeepEqual(got, d) {
			t.Fatalf("FindDraft = %+v, want %+v", got, d)
		}
		stale, err := db.StaleDrafts(ctx, t0.Add(time.Hour))
		mustNil(t, err)
		byResident := map[int64]string{}
		for _, s := range stale {
			byResident[s.ResidentID] = string(s.Data)
		}
		if want := map[int64]string{1: data, 2: `{"content":"Đèn hỏng"}`}; !reflect.DeepEqual(byResident, want) {
			t.Fatalf("StaleDrafts gave %v, want %v", byResident, want)
		}

		// The old row reads as it is, and is sealed when saved again.
		old, err := db.FindDraft(ctx, 2, "petition")
		mustNil(t, err)
		if string(old.Data) != `{"content":"Đèn hỏng"}` {
			t.Fatalf("the draft in the clear reads %q", old.Data)
		}
		old.Data, old.UpdatedAt = []byte(`{"content":"Đèn hỏng","id_phone":"+84911000222"}`), time.Time{}
		mustSaveDraft(t, db, old)
		mustNotHold(t, "the draft saved again", raw(2), "+84911000222", "Đèn hỏng")

		// A sealed row moved to another resident does not open there; it is
		// no draft for them, and the sweep still sees it to drop it.
		mustNil(t, storage.ExecForTest(ctx, db, `UPDATE drafts SET resident_id = 3 WHERE resident_id = 1`))
		_, err = db.FindDraft(ctx, 3, "petition")
		wantCode(t, err, danchu.ENOTFOUND)
		stale, err = db.StaleDrafts(ctx, t0.Add(time.Hour))
		mustNil(t, err)
		for _, s := range stale {
			if s.ResidentID == 3 && s.Data != nil {
				t.Fatalf("the moved draft opened: %q", s.Data)
			}
		}

		// Under another key, or none, a sealed draft is lost, not an error
		// on every press; saving a new one replaces it.
		db.Secrets = mustBox(t)
		_, err = db.FindDraft(ctx, 2, "petition")
		wantCode(t, err, danchu.ENOTFOUND)
		db.Secrets = nil
		_, err = db.FindDraft(ctx, 2, "petition")
		wantCode(t, err, danchu.ENOTFOUND)
		mustSaveDraft(t, db, &danchu.Draft{ResidentID: 2, ChatID: 1002, Flow: "petition", Data: []byte(`{}`)})
		got, err = db.FindDraft(ctx, 2, "petition")
		mustNil(t, err)
		if string(got.Data) != `{}` {
			t.Fatalf("the new draft reads %q", got.Data)
		}
	})
}
