package storage_test

import (
	"testing"
	"time"

	"danchu"
	"danchu/storage"
)

func TestHouseholds(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		people := mustResidents(t, db, 500, 3, "Tiểu khu 3")
		an, binh, chi := people[0], people[1], people[2]

		h1, err := db.DeclareHousehold(ctx, an.ID, "Tiểu khu 3", "Số 12, ngõ 5", t0)
		mustNil(t, err)
		// The same address written otherwise is the same household.
		h2, err := db.DeclareHousehold(ctx, binh.ID, "Tiểu khu 3", "số 12 - Ngõ 5", t0.Add(time.Minute))
		mustNil(t, err)
		if h1.ID != h2.ID || h2.Members != 2 || h2.Address != "Số 12, ngõ 5" || h2.RepresentativeID != 0 {
			t.Fatalf("one household expected: %+v %+v", h1, h2)
		}
		// The same address in another neighbourhood is another household.
		other, err := db.EnsureHousehold(ctx, "Tiểu khu 4", "Số 12, ngõ 5", t0)
		mustNil(t, err)
		if other.ID == h1.ID || other.Members != 0 {
			t.Errorf("Tiểu khu 4's household: %+v", other)
		}
		again, err := db.EnsureHousehold(ctx, "Tiểu khu 3", "SỐ 12 NGÕ 5", t0)
		mustNil(t, err)
		if again.ID != h1.ID {
			t.Errorf("EnsureHousehold made another household: %+v", again)
		}

		members, err := db.HouseholdMembers(ctx, h1.ID)
		mustNil(t, err)
		if len(members) != 2 || members[0].ResidentID != an.ID || members[0].Name != an.FullName || members[1].ResidentID != binh.ID {
			t.Errorf("members: %+v", members)
		}
		err = db.SetRepresentative(ctx, h1.ID, chi.ID, 99, t0)
		wantCode(t, err, danchu.EINVALID) // not a member
		err = db.SetRepresentative(ctx, 9999, an.ID, 99, t0)
		wantCode(t, err, danchu.ENOTFOUND)
		mustNil(t, db.SetRepresentative(ctx, h1.ID, an.ID, 99, t0))
		h, err := db.HouseholdOf(ctx, binh.ID)
		mustNil(t, err)
		if h.ID != h1.ID || h.RepresentativeID != an.ID || h.ConfirmedBy != 99 || h.ConfirmedAt == nil {
			t.Errorf("after confirming An: %+v", h)
		}
		// The head changes the representative.
		mustNil(t, db.SetRepresentative(ctx, h1.ID, binh.ID, 98, t0.Add(time.Hour)))
		if h, _ := db.FindHousehold(ctx, h1.ID); h.RepresentativeID != binh.ID || h.ConfirmedBy != 98 {
			t.Errorf("after changing to Bình: %+v", h)
		}
		// Bình moves out: the household loses its representative.
		moved, err := db.DeclareHousehold(ctx, binh.ID, "Tiểu khu 3", "Số 40", t0.Add(2*time.Hour))
		mustNil(t, err)
		if h, _ := db.FindHousehold(ctx, h1.ID); h.RepresentativeID != 0 || h.Members != 1 {
			t.Errorf("after Bình moved: %+v", h)
		}
		if h, _ := db.HouseholdOf(ctx, binh.ID); h.ID != moved.ID {
			t.Errorf("Bình's household: %+v", h)
		}
		_, err = db.HouseholdOf(ctx, chi.ID)
		wantCode(t, err, danchu.ENOTFOUND)
		_, err = db.DeclareHousehold(ctx, chi.ID, "Tiểu khu 3", " ,. ", t0)
		wantCode(t, err, danchu.EINVALID)
		_, err = db.DeclareHousehold(ctx, 9999, "Tiểu khu 3", "Số 1", t0)
		wantCode(t, err, danchu.ENOTFOUND)

		list, err := db.ListHouseholds(ctx, "Tiểu khu 3")
		mustNil(t, err)
		if len(list) != 2 || list[0].ID != h1.ID || list[1].ID != moved.ID {
			t.Errorf("households of Tiểu khu 3: %+v", list)
		}

		// Deleting An's profile (LAW.md, personal data) unlinks him.
		mustNil(t, db.SetRepresentative(ctx, h1.ID, an.ID, 99, t0))
		mustNil(t, db.DeleteResident(ctx, an.ID))
		if h, _ := db.FindHousehold(ctx, h1.ID); h.RepresentativeID != 0 || h.Members != 0 {
			t.Errorf("after deleting An: %+v", h)
		}
	})
}
