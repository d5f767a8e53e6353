package danban

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"danchu/flows"

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
func (a *Area) householdLine(ctx context.Context, t *flows.Turn) (string, *danchu.Household, error) {
	h, err := a.Households.HouseholdOf(ctx, t.Resident.ID)
	if flows.IsNotFound(err) {
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
	name, err := a.residentName(ctx, h.RepresentativeID)
	if err != nil {
		return "", nil, err
	}
	return t.T(msgHhRepresented, map[string]any{"Address": h.Address, "Name": name}), h, nil
}

// declareStart asks for the household's address.
func (a *Area) declareStart(t *flows.Turn) []flows.Reply {
	if t.Resident.Neighbourhood == "" {
		return []flows.Reply{t.WithMenu(msgHhNoNeighbourhood, nil)}
	}
	t.Begin(flowVote, string(voteAddress))
	return []flows.Reply{t.Say(msgHhAskAddress, map[string]any{"Neighbourhood": t.Resident.Neighbourhood, "Max": danchu.MaxAddress})}
}

// declare records the typed address, and tells the neighbourhood's heads
// that a representative is to confirm.
func (a *Area) declareHousehold(ctx context.Context, t *flows.Turn, address string) ([]flows.Reply, error) {
	if danchu.AddressKey(address) == "" || flows.Runes(address) > danchu.MaxAddress {
		return []flows.Reply{t.Say(msgHhAddressInvalid, map[string]any{"Max": danchu.MaxAddress})}, nil
	}
	nb := t.Resident.Neighbourhood
	h, err := a.Households.DeclareHousehold(ctx, t.Resident.ID, nb, address, t.Now())
	if err != nil {
		return nil, fmt.Errorf("flows: declare household: %w", err)
	}
	t.Leave()
	if err := a.audit(ctx, t.Resident.ID, "household.declare", "household:"+flows.Itoa(h.ID), ""); err != nil {
		return nil, err
	}
	if h.RepresentativeID == 0 {
		if err := a.askHeadsToConfirm(ctx, h); err != nil {
			return nil, err
		}
	}
	home, err := a.voteHome(ctx, t)
	if err != nil {
		return nil, err
	}
	return []flows.Reply{t.Say(msgHhDeclared, map[string]any{"Address": h.Address}), home}, nil
}

// askHeadsToConfirm tells the heads of the household's neighbourhood that it
// awaits its representative, with a button to its members.
func (a *Area) askHeadsToConfirm(ctx context.Context, h *danchu.Household) error {
	grants, err := a.Roles.ListRoles(ctx)
	if err != nil {
		return fmt.Errorf("flows: list roles: %w", err)
	}
	var notices []flows.Message
	for _, g := range grants {
		if g.Role != danchu.RoleTieuKhuHead || g.Neighbourhood != h.Neighbourhood {
			continue
		}
		notices = append(notices, flows.Message{To: g.ResidentID, Kind: "household.declared", Priority: danchu.PriorityReminder,
			Dedup: "household:" + flows.Itoa(h.ID) + ":pending:head:" + flows.Itoa(g.ResidentID),
			Text: func(lang string) string {
				return a.Tr(lang, msgHhHeadNotice, map[string]any{"Address": h.Address, "Neighbourhood": h.Neighbourhood})
			},
			Buttons: func(lang string) [][]danchu.OutboxButton {
				return [][]danchu.OutboxButton{{{Text: a.Tr(lang, msgHhConfirmButton, nil), Data: flowVote + ":h:" + flows.Itoa(h.ID)}}}
			}})
	}
	return a.Enqueue(ctx, notices...)
}

// households is the head's list of the households of a neighbourhood.
func (a *Area) householdList(ctx context.Context, t *flows.Turn, idx string, page int) ([]flows.Reply, error) {
	n, ok := a.NeighbourhoodIndex(idx)
	if !ok || !danchu.MayConfirmRepresentative(t.Actor(), n.Name) {
		return t.InvalidButton(), nil
	}
	list, err := a.Households.ListHouseholds(ctx, n.Name)
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
	var rows [][]flows.Button
	end := min(len(list), (page+1)*householdPage)
	for i, h := range list[page*householdPage : end] {
		state := t.T(msgHhStatePending, map[string]any{"Count": h.Members})
		if h.RepresentativeID != 0 {
			name, err := a.residentName(ctx, h.RepresentativeID)
			if err != nil {
				return nil, err
			}
			state = t.T(msgHhStateConfirmed, map[string]any{"Name": name})
		}
		lines = append(lines, strconv.Itoa(page*householdPage+i+1)+". "+h.Address+" · "+state)
		rows = append(rows, []flows.Button{{Text: flows.Clip(h.Address, 40), Data: flowVote + ":h:" + flows.Itoa(h.ID)}})
	}
	if len(list) == 0 {
		lines = append(lines, t.T(msgHhListEmpty, nil))
	}
	nav := flows.PageNav(t, flowVote+":hh:"+idx+":", page, end < len(list))
	if nav != nil {
		rows = append(rows, nav)
	}
	rows = append(rows, []flows.Button{{Text: t.T(msgDanBack, nil), Data: flowVote + ":home"}})
	return []flows.Reply{{Text: strings.Join(lines, "\n"), Buttons: rows, Edit: true}}, nil
}

// householdCard shows a household's members with a button each to confirm
// them as its representative.
func (a *Area) householdCard(ctx context.Context, t *flows.Turn, id int64, note string) ([]flows.Reply, error) {
	h, err := a.Households.FindHousehold(ctx, id)
	if flows.IsNotFound(err) {
		return t.InvalidButton(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: household: %w", err)
	}
	if !danchu.MayConfirmRepresentative(t.Actor(), h.Neighbourhood) {
		return t.InvalidButton(), nil
	}
	members, err := a.Households.HouseholdMembers(ctx, h.ID)
	if err != nil {
		return nil, fmt.Errorf("flows: household members: %w", err)
	}
	lines := []string{t.T(msgHhCardTitle, map[string]any{"Address": h.Address, "Neighbourhood": h.Neighbourhood})}
	if note != "" {
		lines = append([]string{note, ""}, lines...)
	}
	var rows [][]flows.Button
	for _, m := range members {
		line := "• " + m.Name
		if m.ResidentID == h.RepresentativeID {
			line += " " + t.T(msgHhRepresentativeMark, nil)
		} else {
			rows = append(rows, []flows.Button{{Text: t.T(msgHhChooseButton, map[string]any{"Name": flows.Clip(m.Name, 40)}),
				Data: flowVote + ":rep:" + flows.Itoa(h.ID) + ":" + flows.Itoa(m.ResidentID)}})
		}
		lines = append(lines, line)
	}
	if len(members) == 0 {
		lines = append(lines, t.T(msgHhNoMembers, nil))
	}
	idx := a.NeighbourhoodIndexOf(h.Neighbourhood)
	if idx >= 0 {
		rows = append(rows, []flows.Button{{Text: t.T(msgDanBack, nil), Data: flowVote + ":hh:" + strconv.Itoa(idx) + ":0"}})
	}
	return []flows.Reply{{Text: strings.Join(lines, "\n"), Buttons: rows, Edit: true}}, nil
}

// confirmRepresentative makes a member the household's representative and
// tells them.
func (a *Area) confirmRepresentative(ctx context.Context, t *flows.Turn, rest string) ([]flows.Reply, error) {
	parts, ok := splitArgs(rest, 2)
	if !ok {
		return t.InvalidButton(), nil
	}
	hid, ok1 := flows.ParseID(parts[0])
	rid, ok2 := flows.ParseID(parts[1])
	if !ok1 || !ok2 {
		return t.InvalidButton(), nil
	}
	h, err := a.Households.FindHousehold(ctx, hid)
	if flows.IsNotFound(err) {
		return t.InvalidButton(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: household: %w", err)
	}
	if !danchu.MayConfirmRepresentative(t.Actor(), h.Neighbourhood) {
		return t.InvalidButton(), nil
	}
	err = a.Households.SetRepresentative(ctx, h.ID, rid, t.Resident.ID, t.Now())
	if danchu.ErrorCode(err) == danchu.EINVALID {
		return t.InvalidButton(), nil // no longer a member
	}
	if err != nil {
		return nil, fmt.Errorf("flows: set representative: %w", err)
	}
	if err := a.audit(ctx, t.Resident.ID, "household.representative", "household:"+flows.Itoa(h.ID), "resident:"+flows.Itoa(rid)); err != nil {
		return nil, err
	}
	at := t.Now()
	err = a.Enqueue(ctx, flows.Message{To: rid, Kind: "household.representative", Priority: danchu.PriorityPersonal,
		Dedup: "household:" + flows.Itoa(h.ID) + ":rep:" + flows.Itoa(rid) + ":" + strconv.FormatInt(at.Unix(), 10),
		Text: func(lang string) string {
			return a.Tr(lang, msgHhYouAreRepresentative, map[string]any{"Address": h.Address})
		},
		Buttons: func(lang string) [][]danchu.OutboxButton {
			return [][]danchu.OutboxButton{{{Text: a.Tr(lang, msgVoteOpenList, nil), Data: flowVote + ":home"}}}
		}})
	if err != nil {
		return nil, err
	}
	name, err := a.residentName(ctx, rid)
	if err != nil {
		return nil, err
	}
	return a.householdCard(ctx, t, h.ID, t.T(msgHhConfirmed, map[string]any{"Name": name, "Address": h.Address}))
}
