package flows

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"danchu"
)

// Households, inside /bieu_quyet: a resident says which household they
// live in; the tiểu khu head lists the households of their neighbourhood
// and confirms one member of each as its representative, or changes it.
//
//	bq:decl                  the resident types their household's address
//	bq:hh:<nb>:<page>        the head's list of households (nb: settings index)
//	bq:h:<household>         a household's members, to choose the representative
//	bq:rep:<household>:<id>  confirm that member

// householdPage is how many households one page of the head's list shows.
const householdPage = 8

// householdLine says where the person's household stands, for the home of
// /bieu_quyet.
func (e *Engine) householdLine(ctx context.Context, t *Turn) (string, *danchu.Household, error) {
	h, err := e.Households.HouseholdOf(ctx, t.Resident.ID)
	if isNotFound(err) {
		return t.T(msgHhNone, nil), nil, nil
	}
	if err != nil {
		return "", nil, fmt.Errorf("flows: household of %d: %w", t.Resident.ID, err)
	}
	switch h.RepresentativeID {
	case 0:
		return t.T(msgHhPending, map[string]any{"Address": h.Address}), h, nil
	case t.Resident.ID:
		return t.T(msgHhYouRepresent, map[string]any{"Address": h.Address}), h, nil
	}
	name, err := e.residentName(ctx, h.RepresentativeID)
	if err != nil {
		return "", nil, err
	}
	return t.T(msgHhRepresented, map[string]any{"Address": h.Address, "Name": name}), h, nil
}

// declareStart asks for the household's address.
func (e *Engine) declareStart(t *Turn) []Reply {
	if t.Resident.Neighbourhood == "" {
		return []Reply{t.WithMenu(msgHhNoNeighbourhood, nil)}
	}
	t.Begin(flowVote, string(voteAddress))
	return []Reply{t.Say(msgHhAskAddress, map[string]any{"Neighbourhood": t.Resident.Neighbourhood, "Max": danchu.MaxAddress})}
}

// declare records the typed address, and tells the neighbourhood's heads
// that a representative is to confirm.
func (e *Engine) declareHousehold(ctx context.Context, t *Turn, address string) ([]Reply, error) {
	if danchu.AddressKey(address) == "" || runes(address) > danchu.MaxAddress {
		return []Reply{t.Say(msgHhAddressInvalid, map[string]any{"Max": danchu.MaxAddress})}, nil
	}
	nb := t.Resident.Neighbourhood
	h, err := e.Households.DeclareHousehold(ctx, t.Resident.ID, nb, address, t.Now())
	if err != nil {
		return nil, fmt.Errorf("flows: declare household: %w", err)
	}
	t.Leave()
	if err := e.audit(ctx, t.Resident.ID, "household.declare", "household:"+itoa(h.ID), ""); err != nil {
		return nil, err
	}
	if h.RepresentativeID == 0 {
		if err := e.askHeadsToConfirm(ctx, h); err != nil {
			return nil, err
		}
	}
	home, err := e.voteHome(ctx, t)
	if err != nil {
		return nil, err
	}
	return []Reply{t.Say(msgHhDeclared, map[string]any{"Address": h.Address}), home}, nil
}

// askHeadsToConfirm tells the heads of the household's neighbourhood that it
// awaits its representative, with a button to its members.
func (e *Engine) askHeadsToConfirm(ctx context.Context, h *danchu.Household) error {
	grants, err := e.Roles.ListRoles(ctx)
	if err != nil {
		return fmt.Errorf("flows: list roles: %w", err)
	}
	var notices []notice
	for _, g := range grants {
		if g.Role != danchu.RoleTieuKhuHead || g.Neighbourhood != h.Neighbourhood {
			continue
		}
		notices = append(notices, notice{to: g.ResidentID, kind: "household.declared", priority: danchu.PriorityReminder,
			dedup: "household:" + itoa(h.ID) + ":pending:head:" + itoa(g.ResidentID),
			text: func(lang string) string {
				return e.tr(lang, msgHhHeadNotice, map[string]any{"Address": h.Address, "Neighbourhood": h.Neighbourhood})
			},
			buttons: func(lang string) [][]danchu.OutboxButton {
				return [][]danchu.OutboxButton{{{Text: e.tr(lang, msgHhConfirmButton, nil), Data: flowVote + ":h:" + itoa(h.ID)}}}
			}})
	}
	return e.enqueue(ctx, notices...)
}

// households is the head's list of the households of a neighbourhood.
func (e *Engine) householdList(ctx context.Context, t *Turn, idx string, page int) ([]Reply, error) {
	n, ok := e.neighbourhoodIndex(idx)
	if !ok || !danchu.MayConfirmRepresentative(t.actor(), n.Name) {
		return e.invalidButton(t), nil
	}
	list, err := e.Households.ListHouseholds(ctx, n.Name)
	if err != nil {
		return nil, fmt.Errorf("flows: households: %w", err)
	}
	confirmed := 0
	for _, h := range list {
		if h.RepresentativeID != 0 {
			confirmed++
		}
	}
	lines := []string{t.T(msgHhListTitle, map[string]any{"Neighbourhood": n.Name, "Count": len(list),
		"Total": n.Households, "Value": confirmed})}
	if page*householdPage >= len(list) {
		page = 0
	}
	var rows [][]Button
	end := min(len(list), (page+1)*householdPage)
	for i, h := range list[page*householdPage : end] {
		state := t.T(msgHhStatePending, map[string]any{"Count": h.Members})
		if h.RepresentativeID != 0 {
			name, err := e.residentName(ctx, h.RepresentativeID)
			if err != nil {
				return nil, err
			}
			state = t.T(msgHhStateConfirmed, map[string]any{"Name": name})
		}
		lines = append(lines, strconv.Itoa(page*householdPage+i+1)+". "+h.Address+" · "+state)
		rows = append(rows, []Button{{Text: clip(h.Address, 40), Data: flowVote + ":h:" + itoa(h.ID)}})
	}
	if len(list) == 0 {
		lines = append(lines, t.T(msgHhListEmpty, nil))
	}
	nav := pageNav(t, flowVote+":hh:"+idx+":", page, end < len(list))
	if nav != nil {
		rows = append(rows, nav)
	}
	rows = append(rows, []Button{{Text: t.T(msgDanBack, nil), Data: flowVote + ":home"}})
	return []Reply{{Text: strings.Join(lines, "\n"), Buttons: rows, Edit: true}}, nil
}

// householdCard shows a household's members with a button each to confirm
// them as its representative.
func (e *Engine) householdCard(ctx context.Context, t *Turn, id int64, note string) ([]Reply, error) {
	h, err := e.Households.FindHousehold(ctx, id)
	if isNotFound(err) {
		return e.invalidButton(t), nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: household: %w", err)
	}
	if !danchu.MayConfirmRepresentative(t.actor(), h.Neighbourhood) {
		return e.invalidButton(t), nil
	}
	members, err := e.Households.HouseholdMembers(ctx, h.ID)
	if err != nil {
		return nil, fmt.Errorf("flows: household members: %w", err)
	}
	lines := []string{t.T(msgHhCardTitle, map[string]any{"Address": h.Address, "Neighbourhood": h.Neighbourhood})}
	if note != "" {
		lines = append([]string{note, ""}, lines...)
	}
	var rows [][]Button
	for _, m := range members {
		line := "• " + m.Name
		if m.ResidentID == h.RepresentativeID {
			line += " " + t.T(msgHhRepresentativeMark, nil)
		} else {
			rows = append(rows, []Button{{Text: t.T(msgHhChooseButton, map[string]any{"Name": clip(m.Name, 40)}),
				Data: flowVote + ":rep:" + itoa(h.ID) + ":" + itoa(m.ResidentID)}})
		}
		lines = append(lines, line)
	}
	if len(members) == 0 {
		lines = append(lines, t.T(msgHhNoMembers, nil))
	}
	idx := e.neighbourhoodIndexOf(h.Neighbourhood)
	if idx >= 0 {
		rows = append(rows, []Button{{Text: t.T(msgDanBack, nil), Data: flowVote + ":hh:" + strconv.Itoa(idx) + ":0"}})
	}
	return []Reply{{Text: strings.Join(lines, "\n"), Buttons: rows, Edit: true}}, nil
}

// confirmRepresentative makes a member the household's representative and
// tells them.
func (e *Engine) confirmRepresentative(ctx context.Context, t *Turn, rest string) ([]Reply, error) {
	parts, ok := splitArgs(rest, 2)
	if !ok {
		return e.invalidButton(t), nil
	}
	hid, ok1 := parseID(parts[0])
	rid, ok2 := parseID(parts[1])
	if !ok1 || !ok2 {
		return e.invalidButton(t), nil
	}
	h, err := e.Households.FindHousehold(ctx, hid)
	if isNotFound(err) {
		return e.invalidButton(t), nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: household: %w", err)
	}
	if !danchu.MayConfirmRepresentative(t.actor(), h.Neighbourhood) {
		return e.invalidButton(t), nil
	}
	err = e.Households.SetRepresentative(ctx, h.ID, rid, t.Resident.ID, t.Now())
	if danchu.ErrorCode(err) == danchu.EINVALID {
		return e.invalidButton(t), nil // no longer a member
	}
	if err != nil {
		return nil, fmt.Errorf("flows: set representative: %w", err)
	}
	if err := e.audit(ctx, t.Resident.ID, "household.representative", "household:"+itoa(h.ID), "resident:"+itoa(rid)); err != nil {
		return nil, err
	}
	at := t.Now()
	err = e.enqueue(ctx, notice{to: rid, kind: "household.representative", priority: danchu.PriorityPersonal,
		dedup: "household:" + itoa(h.ID) + ":rep:" + itoa(rid) + ":" + strconv.FormatInt(at.Unix(), 10),
		text: func(lang string) string {
			return e.tr(lang, msgHhYouAreRepresentative, map[string]any{"Address": h.Address})
		},
		buttons: func(lang string) [][]danchu.OutboxButton {
			return [][]danchu.OutboxButton{{{Text: e.tr(lang, msgVoteOpenList, nil), Data: flowVote + ":home"}}}
		}})
	if err != nil {
		return nil, err
	}
	name, err := e.residentName(ctx, rid)
	if err != nil {
		return nil, err
	}
	return e.householdCard(ctx, t, h.ID, t.T(msgHhConfirmed, map[string]any{"Name": name, "Address": h.Address}))
}
