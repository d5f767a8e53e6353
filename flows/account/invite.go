package account

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"danchu/flows"

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

// redeem is the invite's deep link: In.Args holds the whole payload.
func (a *Area) redeem(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	return a.redeemInvite(ctx, t, strings.TrimPrefix(t.In.Args, InvitePrefix))
}

// redeemInvite gives the invite's role to the person. Every attempt leaves
// an audit row, so guessing codes shows up.
func (a *Area) redeemInvite(ctx context.Context, t *flows.Turn, code string) ([]flows.Reply, error) {
	subject := flows.ResidentSubject(t.Resident.ID)
	if !inviteCode.MatchString(code) {
		if err := a.audit(ctx, t.Resident.ID, "invite.redeem_failed", subject, "reason=malformed"); err != nil {
			return nil, err
		}
		return []flows.Reply{t.WithMenu(msgInviteUnknown, nil)}, nil
	}
	inv, err := a.Roles.RedeemInvite(ctx, code, t.Resident.ID, t.Now())
	var reason string
	var answer flows.Msg
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
		if err := a.audit(ctx, t.Resident.ID, "invite.redeem_failed", subject, "code="+code+" reason="+reason); err != nil {
			return nil, err
		}
		return []flows.Reply{t.WithMenu(answer, nil)}, nil
	}
	if err := a.audit(ctx, t.Resident.ID, "invite.redeem", subject, "code="+code+" role="+string(inv.Role)); err != nil {
		return nil, err
	}
	if err := t.SetResident(ctx, t.Resident); err != nil { // the new role shows in the menu
		return nil, err
	}
	grant := danchu.RoleGrant{Role: inv.Role, Neighbourhood: inv.Neighbourhood}
	return []flows.Reply{t.WithMenu(msgInviteRedeemed, map[string]any{"Role": a.roleLabel(t, grant)})}, nil
}

// roleLabel names a role for the person, with the neighbourhood of a
// neighbourhood head.
func (a *Area) roleLabel(t *flows.Turn, g danchu.RoleGrant) string {
	id, ok := flows.RoleMessages[g.Role]
	if !ok {
		return string(g.Role)
	}
	label := t.T(id, nil)
	if g.Neighbourhood != "" {
		label = t.T(flows.MsgRoleWithNeighbourhood, map[string]any{"Role": label, "Neighbourhood": g.Neighbourhood})
	}
	return label
}

// rolesLine lists the person's roles, or says they are a resident.
func (a *Area) rolesLine(t *flows.Turn) string {
	if len(t.Roles) == 0 {
		return t.T(flows.MsgRoleResident, nil)
	}
	labels := make([]string, 0, len(t.Roles))
	for _, g := range t.Roles {
		labels = append(labels, a.roleLabel(t, g))
	}
	return strings.Join(labels, ", ")
}
