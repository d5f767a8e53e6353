package flows

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// /cai_dat: which categories of disclosure the resident receives (default:
// all). The archive (/cong_khai) shows every category whatever is chosen.
//
//	cd:t:<category>   receive it or not (an index)
//	cd:all            receive every category
//	cd:done           close

func (e *Engine) settingsStart(ctx context.Context, t *Turn) ([]Reply, error) {
	r, err := e.subscriptions(ctx, t, msgSettingsIntro)
	return []Reply{r}, err
}

func (e *Engine) settingsButton(ctx context.Context, t *Turn) ([]Reply, error) {
	_, rest, _ := splitData(t.In.CallbackData)
	cmd, arg, _ := strings.Cut(rest, ":")
	out, err := e.Disclosures.DisclosureOptOuts(ctx, t.Resident.ID)
	if err != nil {
		return nil, fmt.Errorf("flows: subscriptions: %w", err)
	}
	switch cmd {
	case "t":
		i, ok := indexIn(arg, len(e.categories()))
		if !ok {
			return e.invalidButton(t), nil
		}
		key := e.categories()[i].Key
		if err := e.Disclosures.SetDisclosureSubscription(ctx, t.Resident.ID, key, slices.Contains(out, key)); err != nil {
			return nil, fmt.Errorf("flows: subscribe: %w", err)
		}
	case "all":
		for _, key := range out {
			if err := e.Disclosures.SetDisclosureSubscription(ctx, t.Resident.ID, key, true); err != nil {
				return nil, fmt.Errorf("flows: subscribe: %w", err)
			}
		}
	case "done":
		received := 0
		for _, c := range e.categories() {
			if !slices.Contains(out, c.Key) {
				received++
			}
		}
		return []Reply{e.edit(t.Say(msgSettingsSaved, map[string]any{"Count": received, "Total": len(e.categories())})),
			t.WithMenu(msgHintMenu, nil)}, nil
	default:
		return e.invalidButton(t), nil
	}
	r, err := e.subscriptions(ctx, t, msgSettingsIntro)
	return []Reply{e.edit(r)}, err
}

// subscriptions lists the categories, each a button that switches it.
func (e *Engine) subscriptions(ctx context.Context, t *Turn, intro msg) (Reply, error) {
	out, err := e.Disclosures.DisclosureOptOuts(ctx, t.Resident.ID)
	if err != nil {
		return Reply{}, fmt.Errorf("flows: subscriptions: %w", err)
	}
	var rows [][]Button
	for i, c := range e.categories() {
		mark := "✅ "
		if slices.Contains(out, c.Key) {
			mark = "⬜ "
		}
		rows = append(rows, []Button{{Text: mark + c.Title, Data: "cd:t:" + strconv.Itoa(i)}})
	}
	rows = append(rows, []Button{{Text: t.T(msgSettingsAll, nil), Data: "cd:all"}, {Text: t.T(msgSettingsDone, nil), Data: "cd:done"}})
	return Reply{Text: t.T(intro, nil), Buttons: rows}, nil
}
