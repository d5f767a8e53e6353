package notice

import (
	"context"
	"fmt"
	"slices"

	"danchu/flows"

	"danchu"
)

// The answers to a meeting notice are counted per household (LAW.md): one answer each, the latest of any member. The households are those
// whose representative the tiểu khu head confirmed; anyone else
// of the audience counts as a household of their own.

// tallyUnit is one household of the count, or one resident counting alone.
type tallyUnit struct {
	household *danchu.Household // nil for a resident alone
	resident  *danchu.Resident  // the resident alone; nil for a household
	answer    string            // "" while it has not answered
}

// neighbourhood is where the unit is listed.
func (u *tallyUnit) neighbourhood() string {
	if u.household != nil {
		return u.household.Neighbourhood
	}
	return u.resident.Neighbourhood
}

// meetingCount is the count of a meeting notice by household.
type meetingCount struct {
	units  []*tallyUnit // of the audience, in the order to list them
	counts map[string]int
	total  int // units of the audience, and answered ones no longer in it
}

// audienceNeighbourhoods are the neighbourhoods whose households an
// audience reaches: none for a role.
func (a *Area) audienceNeighbourhoods(aud danchu.Audience) []string {
	if !aud.All {
		return aud.Neighbourhoods
	}
	out := make([]string, len(a.Settings.Neighbourhoods))
	for i, n := range a.Settings.Neighbourhoods {
		out[i] = n.Name
	}
	return out
}

// countMeeting counts the answers to n per household. An answer records the
// household of the moment (storage); one given before the resident's
// household was confirmed counts for it now, so a household is not listed
// as silent while one of its members answered.
func (a *Area) countMeeting(ctx context.Context, n *danchu.Notice) (*meetingCount, error) {
	residents, err := a.AudienceResidents(ctx, n.Audience)
	if err != nil {
		return nil, err
	}
	units := map[danchu.AnswerUnit]*tallyUnit{}
	var order []danchu.AnswerUnit
	add := func(key danchu.AnswerUnit, u *tallyUnit) {
		if units[key] == nil {
			units[key] = u
			order = append(order, key)
		}
	}
	memberOf := map[int64]int64{} // resident -> confirmed household
	if a.Households != nil {
		for _, nb := range a.audienceNeighbourhoods(n.Audience) {
			list, err := a.Households.ListHouseholds(ctx, nb)
			if err != nil {
				return nil, fmt.Errorf("flows: households of %s: %w", nb, err)
			}
			for _, h := range list {
				if h.RepresentativeID != 0 {
					add(danchu.AnswerUnit{HouseholdID: h.ID}, &tallyUnit{household: h})
				}
			}
			members, err := a.Households.NeighbourhoodMembers(ctx, nb)
			if err != nil {
				return nil, fmt.Errorf("flows: household members of %s: %w", nb, err)
			}
			for _, m := range members {
				if units[danchu.AnswerUnit{HouseholdID: m.HouseholdID}] != nil {
					memberOf[m.ResidentID] = m.HouseholdID
				}
			}
		}
	}
	for _, r := range residents {
		if memberOf[r.ID] != 0 {
			continue
		}
		if n.Audience.Role != "" && a.Households != nil {
			// A role reaches people, not neighbourhoods: their households
			// one by one (staff are few).
			h, err := a.Households.HouseholdOf(ctx, r.ID)
			if err != nil && !flows.IsNotFound(err) {
				return nil, fmt.Errorf("flows: household of %d: %w", r.ID, err)
			}
			if err == nil && h.RepresentativeID != 0 {
				memberOf[r.ID] = h.ID
				add(danchu.AnswerUnit{HouseholdID: h.ID}, &tallyUnit{household: h})
				continue
			}
		}
		add(danchu.AnswerUnit{ResidentID: r.ID}, &tallyUnit{resident: r})
	}

	answers, err := a.Notices.MeetingAnswersOf(ctx, n.ID)
	if err != nil {
		return nil, fmt.Errorf("flows: meeting answers: %w", err)
	}
	for i, a := range answers {
		if a.HouseholdID == 0 && memberOf[a.ResidentID] != 0 {
			answers[i].HouseholdID = memberOf[a.ResidentID]
		}
	}
	c := &meetingCount{counts: map[string]int{}, total: len(units)}
	for key, a := range danchu.HouseholdAnswers(answers) {
		c.counts[a.Answer]++
		if u := units[key]; u != nil {
			u.answer = a.Answer
		} else {
			c.total++ // answered, and no longer of the audience
		}
	}
	for _, key := range order {
		c.units = append(c.units, units[key])
	}
	return c, nil
}

// silentByNeighbourhood groups the units that have not answered by
// neighbourhood, in the settings' order (others last): households first,
// by address, then residents alone.
func (a *Area) silentByNeighbourhood(c *meetingCount) ([]string, map[string][]*tallyUnit) {
	groups := map[string][]*tallyUnit{}
	var names []string
	for _, u := range c.units {
		if u.answer != "" {
			continue
		}
		nb := u.neighbourhood()
		if groups[nb] == nil {
			names = append(names, nb)
		}
		groups[nb] = append(groups[nb], u)
	}
	rank := func(nb string) int {
		if i := a.NeighbourhoodIndexOf(nb); i >= 0 {
			return i
		}
		return len(a.Settings.Neighbourhoods)
	}
	slices.SortStableFunc(names, func(a, b string) int { return rank(a) - rank(b) })
	for _, nb := range names {
		slices.SortStableFunc(groups[nb], func(a, b *tallyUnit) int {
			switch {
			case a.household != nil && b.household == nil:
				return -1
			case a.household == nil && b.household != nil:
				return 1
			}
			return 0
		})
	}
	return names, groups
}
