package storage_test

import (
	"reflect"
	"sync"
	"testing"
	"time"

	"danchu"
	"danchu/storage"
)

func TestRoles(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		a := mustCreateResident(t, db, 1, "Tiểu khu 1")
		b := mustCreateResident(t, db, 2, "Tiểu khu 2")

		if roles, err := db.RolesOf(ctx, a.ID); err != nil || roles == nil || len(roles) != 0 {
			t.Fatalf("RolesOf(no roles) = %#v, %v; want an empty list", roles, err)
		}

		grants := []danchu.RoleGrant{
			{ResidentID: a.ID, Role: danchu.RoleTieuKhuHead, Neighbourhood: "Tiểu khu 1", GrantedBy: "admin"},
			{ResidentID: a.ID, Role: danchu.RoleTieuKhuHead, Neighbourhood: "Tiểu khu 3", GrantedBy: "admin"},
			{ResidentID: a.ID, Role: danchu.RoleChairman, GrantedBy: "admin"},
			{ResidentID: b.ID, Role: danchu.RoleChairman, GrantedBy: "invite:x", GrantedAt: t0.Add(-time.Hour)},
		}
		for _, g := range append(grants, grants[0]) { // granting again is not an error
			mustNil(t, db.GrantRole(ctx, g))
		}

		mine, err := db.RolesOf(ctx, a.ID)
		mustNil(t, err)
		want := []danchu.RoleGrant{
			{ResidentID: a.ID, Role: danchu.RoleChairman, GrantedAt: t0, GrantedBy: "admin"},
			{ResidentID: a.ID, Role: danchu.RoleTieuKhuHead, Neighbourhood: "Tiểu khu 1", GrantedAt: t0, GrantedBy: "admin"},
			{ResidentID: a.ID, Role: danchu.RoleTieuKhuHead, Neighbourhood: "Tiểu khu 3", GrantedAt: t0, GrantedBy: "admin"},
		}
		if !reflect.DeepEqual(mine, want) {
			t.Fatalf("RolesOf = %+v\nwant %+v", mine, want)
		}

		all, err := db.ListRoles(ctx)
		mustNil(t, err)
		var order []string
		for _, g := range all {
			order = append(order, string(g.Role)+"/"+itoa(g.ResidentID))
		}
		wantOrder := []string{"chairman/" + itoa(a.ID), "chairman/" + itoa(b.ID), "tieu_khu_head/" + itoa(a.ID), "tieu_khu_head/" + itoa(a.ID)}
		if !reflect.DeepEqual(order, wantOrder) {
			t.Fatalf("ListRoles order = %v, want %v", order, wantOrder)
		}
		if !all[1].GrantedAt.Equal(t0.Add(-time.Hour)) {
			t.Fatalf("GrantedAt given = %v, want %v", all[1].GrantedAt, t0.Add(-time.Hour))
		}

		mustNil(t, db.RevokeRole(ctx, a.ID, danchu.RoleTieuKhuHead)) // both neighbourhoods
		mine, err = db.RolesOf(ctx, a.ID)
		mustNil(t, err)
		if len(mine) != 1 || mine[0].Role != danchu.RoleChairman {
			t.Fatalf("after revoke RolesOf = %+v", mine)
		}
		wantCode(t, db.RevokeRole(ctx, a.ID, danchu.RoleTieuKhuHead), danchu.ENOTFOUND)
	})
}

func TestGrantRoleRefuses(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		a := mustCreateResident(t, db, 1, "")
		tests := []struct {
			name  string
			grant danchu.RoleGrant
			code  string
		}{
			{"unknown role", danchu.RoleGrant{ResidentID: a.ID, Role: "king"}, danchu.EINVALID},
			{"head without neighbourhood", danchu.RoleGrant{ResidentID: a.ID, Role: danchu.RoleTieuKhuHead}, danchu.EINVALID},
			{"chairman of a neighbourhood", danchu.RoleGrant{ResidentID: a.ID, Role: danchu.RoleChairman, Neighbourhood: "Tiểu khu 1"}, danchu.EINVALID},
			{"unknown resident", danchu.RoleGrant{ResidentID: a.ID + 100, Role: danchu.RoleAdmin}, danchu.ENOTFOUND},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				wantCode(t, db.GrantRole(t.Context(), tt.grant), tt.code)
			})
		}
	})
}

func TestRedeemInvite(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		a := mustCreateResident(t, db, 1, "")
		b := mustCreateResident(t, db, 2, "")
		expires := t0.Add(48 * time.Hour)
		for _, inv := range []*danchu.Invite{
			{Code: "head-1", Role: danchu.RoleTieuKhuHead, Neighbourhood: "Tiểu khu 1", ExpiresAt: expires},
			{Code: "old", Role: danchu.RoleOfficial, ExpiresAt: t0},
		} {
			mustNil(t, db.CreateInvite(ctx, inv))
			if !inv.CreatedAt.Equal(t0) {
				t.Fatalf("CreatedAt = %v, want %v", inv.CreatedAt, t0)
			}
		}
		err := db.CreateInvite(ctx, &danchu.Invite{Code: "old", Role: danchu.RoleAdmin, ExpiresAt: expires})
		wantCode(t, err, danchu.ECONFLICT)
		wantCode(t, db.CreateInvite(ctx, &danchu.Invite{Code: "x", Role: "king", ExpiresAt: expires}), danchu.EINVALID)
		wantCode(t, db.CreateInvite(ctx, &danchu.Invite{Role: danchu.RoleAdmin, ExpiresAt: expires}), danchu.EINVALID)

		at := t0.Add(time.Hour)
		inv, err := db.RedeemInvite(ctx, "head-1", a.ID, at)
		mustNil(t, err)
		want := &danchu.Invite{Code: "head-1", Role: danchu.RoleTieuKhuHead, Neighbourhood: "Tiểu khu 1",
			CreatedAt: t0, ExpiresAt: expires, UsedAt: &at, UsedBy: a.ID}
		if !reflect.DeepEqual(inv, want) {
			t.Fatalf("RedeemInvite = %+v, want %+v", inv, want)
		}
		roles, err := db.RolesOf(ctx, a.ID)
		mustNil(t, err)
		wantRoles := []danchu.RoleGrant{{ResidentID: a.ID, Role: danchu.RoleTieuKhuHead, Neighbourhood: "Tiểu khu 1", GrantedAt: at, GrantedBy: "invite:head-1"}}
		if !reflect.DeepEqual(roles, wantRoles) {
			t.Fatalf("roles after redeem = %+v, want %+v", roles, wantRoles)
		}

		tests := []struct {
			name     string
			code     string
			resident int64
			now      time.Time
			want     string
		}{
			{"used", "head-1", b.ID, at, danchu.ECONFLICT},
			{"used by the same resident", "head-1", a.ID, at, danchu.ECONFLICT},
			{"used and expired", "head-1", b.ID, expires.Add(time.Hour), danchu.ECONFLICT},
			{"expired at now", "old", b.ID, t0, danchu.EINVALID},
			{"unknown code", "nope", b.ID, at, danchu.ENOTFOUND},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				inv, err := db.RedeemInvite(t.Context(), tt.code, tt.resident, tt.now)
				wantCode(t, err, tt.want)
				if inv != nil {
					t.Fatalf("RedeemInvite returned %+v with an error", inv)
				}
			})
		}
		if roles, _ := db.RolesOf(ctx, b.ID); len(roles) != 0 {
			t.Fatalf("failed redeems granted %+v", roles)
		}
	})
}

func TestRedeemInviteConcurrently(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		residents := make([]*danchu.Resident, 8)
		for i := range residents {
			residents[i] = mustCreateResident(t, db, int64(100+i), "")
		}
		// Several rounds, each released at once, so the transactions overlap.
		for round := range 10 {
			code := "once-" + itoa(int64(round))
			mustNil(t, db.CreateInvite(ctx, &danchu.Invite{Code: code, Role: danchu.RoleOfficial, ExpiresAt: t0.Add(time.Hour)}))
			codes := make([]string, len(residents))
			start := make(chan struct{})
			var wg sync.WaitGroup
			for i, r := range residents {
				wg.Go(func() {
					<-start
					_, err := db.RedeemInvite(ctx, code, r.ID, t0)
					codes[i] = danchu.ErrorCode(err)
				})
			}
			close(start)
			wg.Wait()
			winners := 0
			for i, c := range codes {
				switch c {
				case "":
					winners++
				case danchu.ECONFLICT:
				default:
					t.Fatalf("round %d, resident %d: error code %q", round, i, c)
				}
			}
			if winners != 1 {
				t.Fatalf("round %d: %d redeems of one code succeeded, want 1", round, winners)
			}
		}
	})
}
