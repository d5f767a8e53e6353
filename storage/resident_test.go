package storage_test

import (
	"reflect"
	"testing"
	"time"

	"danchu"
	"danchu/storage"
)

// mustCreateResident registers a resident of neighbourhood.
func mustCreateResident(tb testing.TB, db *storage.DB, telegramID int64, neighbourhood string) *danchu.Resident {
	tb.Helper()
	r := &danchu.Resident{
		TelegramID:    telegramID,
		FullName:      "Nguyễn Thị Hoà",
		Phone:         "+84912345678",
		Neighbourhood: neighbourhood,
		Language:      "vi",
	}
	if err := db.CreateResident(tb.Context(), r); err != nil {
		tb.Fatalf("CreateResident(%d): %v", telegramID, err)
	}
	return r
}

func TestResidentCreateAndFind(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		r := mustCreateResident(t, db, 1001, "Tiểu khu 1")
		if r.ID == 0 || !r.CreatedAt.Equal(t0) || !r.UpdatedAt.Equal(t0) {
			t.Fatalf("CreateResident set ID=%d CreatedAt=%v UpdatedAt=%v", r.ID, r.CreatedAt, r.UpdatedAt)
		}
		byTelegram, err := db.FindResidentByTelegramID(ctx, 1001)
		mustNil(t, err)
		byID, err := db.FindResidentByID(ctx, r.ID)
		mustNil(t, err)
		for _, got := range []*danchu.Resident{byTelegram, byID} {
			if !reflect.DeepEqual(got, r) {
				t.Fatalf("found %+v, want %+v", got, r)
			}
		}

		err = db.CreateResident(ctx, &danchu.Resident{TelegramID: 1001, FullName: "Người khác"})
		wantCode(t, err, danchu.ECONFLICT)
		wantCode(t, db.CreateResident(ctx, &danchu.Resident{FullName: "Không có Telegram"}), danchu.EINVALID)

		_, err = db.FindResidentByTelegramID(ctx, 404)
		wantCode(t, err, danchu.ENOTFOUND)
		_, err = db.FindResidentByID(ctx, r.ID+100)
		wantCode(t, err, danchu.ENOTFOUND)
	})
}

func TestResidentUpdate(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		r := mustCreateResident(t, db, 1001, "Tiểu khu 1")
		later := t0.Add(time.Hour)
		db.Now = func() time.Time { return later }

		r.FullName, r.Phone, r.Neighbourhood, r.Language = "Trần Văn Đức", "+84987654321", "Tiểu khu 2", "en"
		mustNil(t, db.UpdateResident(ctx, r))
		if !r.UpdatedAt.Equal(later) {
			t.Fatalf("UpdatedAt = %v, want %v", r.UpdatedAt, later)
		}
		got, err := db.FindResidentByID(ctx, r.ID)
		mustNil(t, err)
		if !reflect.DeepEqual(got, r) || !got.CreatedAt.Equal(t0) {
			t.Fatalf("after update found %+v, want %+v", got, r)
		}

		wantCode(t, db.UpdateResident(ctx, &danchu.Resident{ID: r.ID + 100, FullName: "x"}), danchu.ENOTFOUND)
	})
}

func TestResidentSetUnreachable(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		r := mustCreateResident(t, db, 1001, "")
		for _, unreachable := range []bool{true, false} {
			mustNil(t, db.SetUnreachable(ctx, r.TelegramID, unreachable))
			got, err := db.FindResidentByID(ctx, r.ID)
			mustNil(t, err)
			if got.Unreachable != unreachable {
				t.Fatalf("Unreachable = %v, want %v", got.Unreachable, unreachable)
			}
		}
		wantCode(t, db.SetUnreachable(ctx, 404, true), danchu.ENOTFOUND)
	})
}

func TestListResidents(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		a := mustCreateResident(t, db, 1, "Tiểu khu 1")
		b := mustCreateResident(t, db, 2, "Tiểu khu 2")
		c := mustCreateResident(t, db, 3, "Tiểu khu 1")
		tests := []struct {
			neighbourhood string
			want          []int64
		}{
			{"", []int64{a.ID, b.ID, c.ID}},
			{"Tiểu khu 1", []int64{a.ID, c.ID}},
			{"Tiểu khu 2", []int64{b.ID}},
			{"Tiểu khu 9", []int64{}},
		}
		for _, tt := range tests {
			list, err := db.ListResidents(ctx, tt.neighbourhood)
			mustNil(t, err)
			got := []int64{}
			for _, r := range list {
				got = append(got, r.ID)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ListResidents(%q) = %v, want %v", tt.neighbourhood, got, tt.want)
			}
		}
	})
}

func TestDeleteResidentRemovesPersonalData(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		r := mustCreateResident(t, db, 1001, "Tiểu khu 1")
		other := mustCreateResident(t, db, 1002, "Tiểu khu 1")
		mustNil(t, db.RecordConsent(ctx, &danchu.Consent{TelegramID: r.TelegramID, Version: "v1"}))
		mustNil(t, db.LinkConsents(ctx, r.TelegramID, r.ID))
		mustNil(t, db.RecordConsent(ctx, &danchu.Consent{ResidentID: r.ID, TelegramID: r.TelegramID, Version: "v2"}))
		mustNil(t, db.RecordConsent(ctx, &danchu.Consent{ResidentID: other.ID, TelegramID: other.TelegramID, Version: "v2"}))
		mustNil(t, db.GrantRole(ctx, danchu.RoleGrant{ResidentID: r.ID, Role: danchu.RoleTieuKhuHead, Neighbourhood: "Tiểu khu 1", GrantedBy: "admin"}))
		mustNil(t, db.CreateInvite(ctx, &danchu.Invite{Code: "abc", Role: danchu.RoleOfficial, ExpiresAt: t0.Add(time.Hour)}))
		_, err := db.RedeemInvite(ctx, "abc", r.ID, t0)
		mustNil(t, err)
		mustPutUpdate(t, db, 1, r.TelegramID)
		mustNil(t, db.MarkHandled(ctx, 1, t0, ""))
		mustPutUpdate(t, db, 2, other.TelegramID)
		mustNil(t, db.MarkHandled(ctx, 2, t0, ""))
		auditBefore := count(t, db, `SELECT COUNT(*) FROM audit_log`)

		mustNil(t, db.DeleteResident(ctx, r.ID))

		_, err = db.FindResidentByID(ctx, r.ID)
		wantCode(t, err, danchu.ENOTFOUND)
		_, err = db.FindResidentByTelegramID(ctx, r.TelegramID)
		wantCode(t, err, danchu.ENOTFOUND)
		if roles, err := db.RolesOf(ctx, r.ID); err != nil || len(roles) != 0 {
			t.Errorf("RolesOf after delete = %v, %v", roles, err)
		}
		if consents, err := db.ConsentsOf(ctx, r.ID); err != nil || len(consents) != 0 {
			t.Errorf("ConsentsOf after delete = %v, %v", consents, err)
		}
		// Consents stay as history: withdrawn, linked to nobody.
		if n := count(t, db, `SELECT COUNT(*) FROM consents WHERE resident_id IS NULL AND telegram_id IS NULL AND withdrawn_at IS NOT NULL`); n != 2 {
			t.Errorf("%d anonymised consents kept, want 2", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM invites WHERE code = 'abc' AND used_by IS NULL AND used_at IS NOT NULL`); n != 1 {
			t.Errorf("used invite kept its link to the resident")
		}
		if n := count(t, db, `SELECT COUNT(*) FROM inbox WHERE chat_id = ? AND length(payload) > 2`, r.TelegramID); n != 0 {
			t.Errorf("%d inbox payloads of the deleted resident kept", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log`); n != auditBefore {
			t.Errorf("DeleteResident wrote %d audit entries", n-auditBefore)
		}

		// Nobody else lost anything.
		if consents, err := db.ConsentsOf(ctx, other.ID); err != nil || len(consents) != 1 || consents[0].TelegramID != other.TelegramID {
			t.Errorf("ConsentsOf(other) = %v, %v", consents, err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM inbox WHERE chat_id = ? AND length(payload) > 2`, other.TelegramID); n != 1 {
			t.Errorf("the other resident's inbox payload was blanked")
		}

		// The person may register again, under a new id.
		again := mustCreateResident(t, db, r.TelegramID, "Tiểu khu 2")
		if again.ID == r.ID {
			t.Errorf("a new registration reused the deleted id %d", r.ID)
		}
		mustNil(t, db.LinkConsents(ctx, r.TelegramID, again.ID))
		if consents, _ := db.ConsentsOf(ctx, again.ID); len(consents) != 0 {
			t.Errorf("old consents linked to the new registration: %v", consents)
		}

		wantCode(t, db.DeleteResident(ctx, r.ID), danchu.ENOTFOUND)
	})
}
