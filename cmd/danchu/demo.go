package main

import (
	"context"
	"fmt"

	"danchu"
)

// demoUser is a virtual person that `serve --demo` puts in the simulator, so a
// visitor can try the resident and the official sides at once.
type demoUser struct {
	first, last, phone string
	role               danchu.Role // "" for a plain resident
	registered         bool
}

var demoUsers = []demoUser{
	{"An", "Nguyễn Văn", "0912000001", danchu.RoleChairman, true},
	{"Bình", "Trần Thị", "0912000002", danchu.RoleOfficial, true},
	{"Cường", "Lê Văn", "0912000003", danchu.RoleTieuKhuHead, true},
	{"Dung", "Phạm Thị", "0912000004", danchu.RoleSupervisor, true},
	{"Em", "Hoàng Văn", "0912000005", danchu.RoleAdmin, true},
	{"Giang", "Đỗ Thị", "0912000006", "", true},
	{"Hải", "Vũ Văn", "0912000007", "", false}, // not registered: tries /start
}

// seedDemo creates the demo users in the simulator and, for the registered
// ones, their resident record, consent and role.
func seedDemo(ctx context.Context, m *Main, s *server) error {
	now := m.Now()
	first := m.Settings.Neighbourhoods[0].Name
	var started []int64
	existing := map[string]bool{} // kept from an earlier run in the state file
	for _, u := range s.sim.Users() {
		existing[u.Phone] = true
	}
	for _, d := range demoUsers {
		if existing[d.phone] {
			continue
		}
		u := s.sim.CreateUser(d.first, d.last, d.phone)
		if !d.registered {
			continue
		}
		started = append(started, u.ID)
		r, err := s.db.FindResidentByTelegramID(ctx, u.ID)
		if danchu.ErrorCode(err) == danchu.ENOTFOUND {
			r = &danchu.Resident{
				TelegramID:    u.ID,
				FullName:      d.last + " " + d.first,
				Phone:         "+84" + d.phone[1:],
				Neighbourhood: first,
				Language:      "vi",
			}
			if err := s.db.CreateResident(ctx, r); err != nil {
				return err
			}
			consent := &danchu.Consent{ResidentID: r.ID, TelegramID: u.ID, Version: m.Settings.PersonalData.NoticeVersion, GivenAt: now}
			if err := s.db.RecordConsent(ctx, consent); err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
		if d.role != "" {
			g := danchu.RoleGrant{ResidentID: r.ID, Role: d.role, GrantedAt: now, GrantedBy: "demo"}
			if d.role == danchu.RoleTieuKhuHead {
				g.Neighbourhood = first
			}
			if err := s.db.GrantRole(ctx, g); err != nil {
				return fmt.Errorf("grant %s: %w", d.role, err)
			}
		}
	}
	// A registered demo user has written to the bot, as a real one would
	// have: /start shows them the menu, and the bot may message them.
	for _, id := range started {
		if _, err := s.sim.SendText(id, "/start"); err != nil {
			return fmt.Errorf("demo user %d: %w", id, err)
		}
	}
	return nil
}
