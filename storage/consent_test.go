package storage_test

import (
	"testing"
	"time"

	"danchu"
	"danchu/storage"
)

func TestConsents(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		// Consent comes before registration: only the Telegram id is known.
		first := &danchu.Consent{TelegramID: 1001, Version: "2026-01"}
		mustNil(t, db.RecordConsent(ctx, first))
		if first.ID == 0 || !first.GivenAt.Equal(t0) {
			t.Fatalf("RecordConsent set ID=%d GivenAt=%v", first.ID, first.GivenAt)
		}
		r := mustCreateResident(t, db, 1001, "")
		if got, err := db.ConsentsOf(ctx, r.ID); err != nil || len(got) != 0 {
			t.Fatalf("ConsentsOf before LinkConsents = %v, %v", got, err)
		}
		mustNil(t, db.LinkConsents(ctx, 1001, r.ID))
		wantCode(t, db.LinkConsents(ctx, 1001, r.ID+100), "") // nothing left to link
		mustNil(t, db.RecordConsent(ctx, &danchu.Consent{ResidentID: r.ID, TelegramID: 1001, Version: "2026-06", GivenAt: t0.Add(time.Hour)}))

		got, err := db.ConsentsOf(ctx, r.ID)
		mustNil(t, err)
		if len(got) != 2 || got[0].Version != "2026-01" || got[1].Version != "2026-06" {
			t.Fatalf("ConsentsOf = %+v, want 2026-01 then 2026-06", got)
		}
		if got[0].ResidentID != r.ID || got[0].TelegramID != 1001 || got[0].WithdrawnAt != nil {
			t.Fatalf("linked consent = %+v", got[0])
		}

		withdrawn := t0.Add(2 * time.Hour)
		mustNil(t, db.WithdrawConsents(ctx, r.ID, withdrawn))
		mustNil(t, db.WithdrawConsents(ctx, r.ID, withdrawn.Add(time.Hour))) // already withdrawn: kept
		got, err = db.ConsentsOf(ctx, r.ID)
		mustNil(t, err)
		for _, c := range got {
			if c.WithdrawnAt == nil || !c.WithdrawnAt.Equal(withdrawn) {
				t.Fatalf("consent %d WithdrawnAt = %v, want %v", c.ID, c.WithdrawnAt, withdrawn)
			}
		}
	})
}

func TestRecordConsentRefuses(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		wantCode(t, db.RecordConsent(ctx, &danchu.Consent{TelegramID: 1}), danchu.EINVALID)
		wantCode(t, db.RecordConsent(ctx, &danchu.Consent{Version: "v1"}), danchu.EINVALID)
		wantCode(t, db.RecordConsent(ctx, &danchu.Consent{ResidentID: 404, Version: "v1"}), danchu.ENOTFOUND)
	})
}
