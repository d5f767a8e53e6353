package notice

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"danchu/flows"
)

// /cai_dat: which categories of disclosure the resident receives (default:
// all). The archive (/cong_khai) shows every category whatever is chosen.
//
//	cd:t:<category>   receive it or not (an index)
//	cd:all            receive every category
//	cd:done           close

func (a *Area) settingsStart(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	r, err := a.subscriptions(ctx, t, msgSettingsIntro)
	return []flows.Reply{r}, err
}

func (a *Area) settingsButton(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	_, rest, _ := flows.SplitData(t.In.CallbackData)
	cmd, arg, _ := strings.Cut(rest, ":")
	out, err := a.Disclosures.DisclosureOptOuts(ctx, t.Resident.ID)
	if err != nil {
		return nil, fmt.Errorf("flows: subscriptions: %w", err)
	}
	switch cmd {
	case "t":
		i, ok := flows.IndexIn(arg, len(a.categories()))
		if !ok {
			return t.InvalidButton(), nil
		}
		key := a.categories()[i].Key
		if err := a.Disclosures.SetDisclosureSubscription(ctx, t.Resident.ID, key, slices.Contains(out, key)); err != nil {
			return nil, fmt.Errorf("flows: subscribe: %w", err)
		}
	case "all":
		for _, key := range out {
			if err := a.Disclosures.SetDisclosureSubscription(ctx, t.Resident.ID, key, true); err != nil {
				return nil, fmt.Errorf("flows: subscribe: %w", err)
			}
		}
	case "done":
		received := 0
		for _, c := range a.categories() {
			if !slices.Contains(out, c.Key) {
				received++
			}
		}
		return []flows.Reply{a.Edit(t.Say(msgSettingsSaved, map[string]any{"Count": received, "Total": len(a.categories())})),
			t.WithMenu(flows.MsgHintMenu, nil)}, nil
	default:
		return t.InvalidButton(), nil
	}
	r, err := a.subscriptions(ctx, t, msgSettingsIntro)
	return []flows.Reply{a.Edit(r)}, err
}

// subscriptions lists the categories, each a button that switches it.
func (a *Area) subscriptions(ctx context.Context, t *flows.Turn, intro flows.Msg) (flows.Reply, error) {
	out, err := a.Disclosures.DisclosureOptOuts(ctx, t.Resident.ID)
	if err != nil {
		return flows.Reply{}, fmt.Errorf("flows: subscriptions: %w", err)
	}
	var rows [][]flows.Button
	for i, c := range a.categories() {
		mark := "✅ "
		if slices.Contains(out, c.Key) {
			mark = "⬜ "
		}
		rows = append(rows, []flows.Button{{Text: mark + c.Title, Data: "cd:t:" + strconv.Itoa(i)}})
	}
	rows = append(rows, []flows.Button{{Text: t.T(msgSettingsAll, nil), Data: "cd:all"}, {Text: t.T(msgSettingsDone, nil), Data: "cd:done"}})
	return flows.Reply{Text: t.T(intro, nil), Buttons: rows}, nil
}
