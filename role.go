package danchu

import (
	"context"
	"time"
)

// Role is what an official may do. A resident without roles is a plain resident.
type Role string

const (
	RoleChairman    Role = "chairman"
	RoleOfficial    Role = "official"
	RoleTieuKhuHead Role = "tieu_khu_head"
	RoleSupervisor  Role = "supervisor"
	RoleAdmin       Role = "admin"
)

// Roles lists every role, in the order menus show them.
var Roles = []Role{RoleChairman, RoleOfficial, RoleTieuKhuHead, RoleSupervisor, RoleAdmin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, known := range Roles {
		if r == known {
			return true
		}
	}
	return false
}

// RoleGrant is one role held by one resident. Neighbourhood is set for a
// tiểu khu head (the neighbourhood they lead) and empty otherwise.
type RoleGrant struct {
	ResidentID    int64     `json:"resident_id"`
	Role          Role      `json:"role"`
	Neighbourhood string    `json:"neighbourhood,omitempty"`
	GrantedAt     time.Time `json:"granted_at"`
	GrantedBy     string    `json:"granted_by"` // "invite:<code id>" or "admin"
}

// HasRole reports whether grants include role.
func HasRole(grants []RoleGrant, role Role) bool {
	for _, g := range grants {
		if g.Role == role {
			return true
		}
	}
	return false
}

// IsStaff reports whether grants hold any role that acts for the unit.
func IsStaff(grants []RoleGrant) bool { return len(grants) > 0 }

// Invite is a one-time code that gives a role to whoever redeems it first
// with /start <code> before it expires.
type Invite struct {
	Code          string     `json:"code"`
	Role          Role       `json:"role"`
	Neighbourhood string     `json:"neighbourhood,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
	ExpiresAt     time.Time  `json:"expires_at"`
	UsedAt        *time.Time `json:"used_at,omitempty"`
	UsedBy        int64      `json:"used_by,omitempty"`
}

// RoleService stores roles and invites.
type RoleService interface {
	// RolesOf lists the roles of a resident; an empty list, never ENOTFOUND.
	RolesOf(ctx context.Context, residentID int64) ([]RoleGrant, error)
	// ListRoles lists every grant, by role then resident.
	ListRoles(ctx context.Context) ([]RoleGrant, error)
	// GrantRole adds a grant; granting the same role and neighbourhood again is
	// not an error.
	GrantRole(ctx context.Context, g RoleGrant) error
	// RevokeRole removes a resident's role (all neighbourhoods of it);
	// ENOTFOUND when the resident does not hold it.
	RevokeRole(ctx context.Context, residentID int64, role Role) error
	// CreateInvite stores a new invite.
	CreateInvite(ctx context.Context, inv *Invite) error
	// RedeemInvite marks the code used by residentID and grants its role, in one
	// transaction. ENOTFOUND for an unknown code, ECONFLICT when already used,
	// EINVALID when expired at now.
	RedeemInvite(ctx context.Context, code string, residentID int64, now time.Time) (*Invite, error)
}
