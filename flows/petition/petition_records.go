package petition

import (
	"context"
	"fmt"
	"slices"

	"danchu/flows"

	"danchu"
)

const (
	msgMyDataPetitions flows.Msg = "mydata.petitions"
	msgMyDataPetition  flows.Msg = "mydata.petition"
)

// myPetition is a petition the resident filed, with its history as they see
// it and the identity they gave (a complaint or a denunciation).
type myPetition struct {
	*danchu.Petition
	Identity *danchu.Identity `json:"identity,omitempty"`
	Events   []danchu.Event   `json:"events"`
}

// Records are the resident's petitions, for /du_lieu (their content is
// theirs). Reading the identity of a petition is logged, as every read of
// it is.
func (a *Area) petitionRecords(ctx context.Context, t *flows.Turn, r *danchu.Resident) ([]flows.Record, error) {
	list, err := a.myPetitions(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	var lines []string
	if len(list) > 0 {
		lang := t.Lang()
		lines = append(lines, "", t.T(msgMyDataPetitions, map[string]any{"Count": len(list)}))
		for _, p := range list {
			lines = append(lines, t.T(msgMyDataPetition, map[string]any{"Number": p.Number, "Kind": a.kindName(lang, p.Kind),
				"Status": a.statusName(lang, p.Status), "Date": a.Date(p.ReceivedAt)}))
		}
	}
	return []flows.Record{{Key: "petitions", Value: list, Order: 20, Lines: lines}}, nil
}

// myPetitions are the resident's petitions, oldest first, with the history
// they are shown and the identity they gave.
func (a *Area) myPetitions(ctx context.Context, residentID int64) ([]myPetition, error) {
	list, _, err := a.Petitions.ListPetitions(ctx, danchu.PetitionFilter{ResidentID: residentID})
	if err != nil {
		return nil, fmt.Errorf("flows: my petitions: %w", err)
	}
	slices.Reverse(list) // newest first from the store
	out := make([]myPetition, 0, len(list))
	for _, p := range list {
		events, err := a.Petitions.Events(ctx, p.ID, false)
		if err != nil {
			return nil, fmt.Errorf("flows: events of my petition: %w", err)
		}
		mp := myPetition{Petition: p, Events: flows.NonNil(events)}
		if p.Kind.NeedsIdentity() {
			id, err := a.Petitions.PetitionIdentity(ctx, p.ID, residentID)
			if err != nil && !flows.IsNotFound(err) {
				return nil, fmt.Errorf("flows: identity of my petition: %w", err)
			}
			mp.Identity = id
		}
		out = append(out, mp)
	}
	return out, nil
}
