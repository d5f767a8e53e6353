package flows

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"danchu"
)

// InvitePrefix starts a /start payload that carries a role invite code:
// "/start inv_K7P2M9QX4A" (t.me/<bot>?start=inv_K7P2M9QX4A).
const InvitePrefix = "inv_"

var inviteCode = regexp.MustCompile(`^[A-Za-z0-9]{4,40}$`)

// InvitePayload is the /start payload of an invite code.
func InvitePayload(code string) string { return InvitePrefix + code }

// ParseInvitePayload returns the invite code of a /start payload.
func ParseInvitePayload(payload string) (string, bool) {
	code, ok := strings.CutPrefix(payload, InvitePrefix)
	if !ok || !inviteCode.MatchString(code) {
		return "", false
	}
	return code, true
}

// followDeeplink acts on the /start payload kept in the session, once the
// person is registered.
func (e *Engine) followDeeplink(ctx context.Context, t *Turn) ([]Reply, error) {
	p := t.Session.Deeplink
	if p == "" || t.Resident == nil {
		return nil, nil
	}
	t.Session.Deeplink = ""
	if strings.HasPrefix(p, InvitePrefix) {
		return e.redeemInvite(ctx, t, strings.TrimPrefix(p, InvitePrefix))
	}
	if f, ok := e.featureByDeeplink(p); ok {
		args := t.In.Args
		t.In.Args = p
		defer func() { t.In.Args = args }()
		return f.Start(ctx, t)
	}
	return []Reply{t.WithMenu(msgDeeplinkUnknown, nil)}, nil
}

// redeemInvite gives the invite's role to the person. Every attempt leaves
// an audit row, so guessing codes shows up.
func (e *Engine) redeemInvite(ctx context.Context, t *Turn, code string) ([]Reply, error) {
	subject := residentSubject(t.Resident.ID)
	if !inviteCode.MatchString(code) {
		if err := e.audit(ctx, t.Resident.ID, "invite.redeem_failed", subject, "reason=malformed"); err != nil {
			return nil, err
		}
		return []Reply{t.WithMenu(msgInviteUnknown, nil)}, nil
	}
	inv, err := e.Roles.RedeemInvite(ctx, code, t.Resident.ID, t.Now())
	var reason string
	var answer msg
	switch danchu.ErrorCode(err) {
	case "":
	case danchu.ENOTFOUND:
		reason, answer = "unknown", msgInviteUnknown
	case danchu.ECONFLICT:
		reason, answer = "used", msgInviteUsed
	case danchu.EINVALID:
		reason, answer = "expired", msgInviteExpired
	default:
		return nil, fmt.Errorf("flows: redeem invite: %w", err)
	}
	if reason != "" {
		if err := e.audit(ctx, t.Resident.ID, "invite.redeem_failed", subject, "code="+code+" reason="+reason); err != nil {
			return nil, err
		}
		return []Reply{t.WithMenu(answer, nil)}, nil
	}
	if err := e.audit(ctx, t.Resident.ID, "invite.redeem", subject, "code="+code+" role="+string(inv.Role)); err != nil {
		return nil, err
	}
	if err := t.setResident(ctx, t.Resident); err != nil { // the new role shows in the menu
		return nil, err
	}
	grant := danchu.RoleGrant{Role: inv.Role, Neighbourhood: inv.Neighbourhood}
	return []Reply{t.WithMenu(msgInviteRedeemed, map[string]any{"Role": e.roleLabel(t, grant)})}, nil
}

// roleLabel names a role for the person, with the neighbourhood of a
// neighbourhood head.
func (e *Engine) roleLabel(t *Turn, g danchu.RoleGrant) string {
	id, ok := roleMessages[g.Role]
	if !ok {
		return string(g.Role)
	}
	label := t.T(id, nil)
	if g.Neighbourhood != "" {
		label = t.T(msgRoleWithNeighbourhood, map[string]any{"Role": label, "Neighbourhood": g.Neighbourhood})
	}
	return label
}

var roleMessages = map[danchu.Role]msg{
	danchu.RoleChairman:    msgRoleChairman,
	danchu.RoleOfficial:    msgRoleOfficial,
	danchu.RoleTieuKhuHead: msgRoleTieuKhuHead,
	danchu.RoleSupervisor:  msgRoleSupervisor,
	danchu.RoleAdmin:       msgRoleAdmin,
}

// rolesLine lists the person's roles, or says they are a resident.
func (e *Engine) rolesLine(t *Turn) string {
	if len(t.Roles) == 0 {
		return t.T(msgRoleResident, nil)
	}
	labels := make([]string, 0, len(t.Roles))
	for _, g := range t.Roles {
		labels = append(labels, e.roleLabel(t, g))
	}
	return strings.Join(labels, ", ")
}
