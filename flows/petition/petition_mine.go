package petition

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"danchu/flows"

	"danchu"
)

// The author's side: /don_cua_toi lists their petitions, newest first, and
// opens a card with the history; /tra_cuu finds one by its number. A
// petition that is not theirs is "not found", never "forbidden", so that
// numbers tell nothing about other people's petitions.

type mineState string

const (
	mineLookup  mineState = "lookup"  // waiting for a number to look up
	mineReopen  mineState = "reopen"  // waiting for what is still wrong
	mineComment mineState = "comment" // waiting for the rating's comment
)

// Session.Data keys of the "my" and "ib" flows.
const (
	keyPetition = "id"
	keyVersion  = "v"
	keyScore    = "score"
)

func (a *Area) mineStart(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	r, err := a.mineList(ctx, t, 0)
	if err != nil {
		return nil, err
	}
	return []flows.Reply{r}, nil
}

// mineList is a page of the author's petitions.
func (a *Area) mineList(ctx context.Context, t *flows.Turn, page int) (flows.Reply, error) {
	list, total, err := a.Petitions.ListPetitions(ctx, danchu.PetitionFilter{
		ResidentID: t.Resident.ID, Offset: page * flows.PageSize, Limit: flows.PageSize})
	if err != nil {
		return flows.Reply{}, fmt.Errorf("flows: my petitions: %w", err)
	}
	if total == 0 {
		return t.WithMenu(msgMineEmpty, nil), nil
	}
	if len(list) == 0 && page > 0 {
		return a.mineList(ctx, t, 0)
	}
	lines := []string{t.T(msgMineTitle, map[string]any{"From": page*flows.PageSize + 1, "To": page*flows.PageSize + len(list), "Total": total})}
	var rows [][]flows.Button
	for i, p := range list {
		lines = append(lines, a.listLine(t, page*flows.PageSize+i+1, p, false))
		rows = append(rows, []flows.Button{{Text: p.Number, Data: "my:o:" + flows.Itoa(p.ID)}})
	}
	if nav := flows.Pager(t, "my:l:", page, total); nav != nil {
		rows = append(rows, nav)
	}
	return flows.Reply{Text: strings.Join(lines, "\n"), Buttons: rows}, nil
}

// listLine is one petition in a list: no content, no personal data.
func (a *Area) listLine(t *flows.Turn, n int, p *danchu.Petition, staff bool) string {
	lang := t.Lang()
	parts := []string{p.Number, a.kindName(lang, p.Kind)}
	if staff {
		parts = append(parts, p.Field, a.PlaceName(lang, p.Neighbourhood))
	}
	parts = append(parts, a.statusName(lang, p.Status))
	if due := p.Due(); !due.IsZero() {
		parts = append(parts, t.T(msgListDue, map[string]any{"Value": a.dueText(lang, due, t.Now())}))
	}
	line := strconv.Itoa(n) + ". " + strings.Join(parts, " · ")
	if p.Reopened() && p.Status.Pending() {
		line += " " + t.T(msgReopenedFlag, nil)
	}
	return line
}

// ownPetition loads the petition id when it is the turn's person's own; nil
// otherwise, whatever the reason.
func (a *Area) ownPetition(ctx context.Context, t *flows.Turn, id int64) (*danchu.Petition, error) {
	p, err := a.findPetition(ctx, id)
	if err != nil || p == nil {
		return nil, err
	}
	if p.ResidentID != t.Resident.ID || !danchu.Can(t.Actor(), danchu.ActionView, p) {
		return nil, nil
	}
	return p, nil
}

// mineCard is the author's card of p with what they may do now.
func (a *Area) mineCard(ctx context.Context, t *flows.Turn, p *danchu.Petition, note string) (flows.Reply, error) {
	history, events, err := a.historyLines(ctx, t, p, false)
	if err != nil {
		return flows.Reply{}, err
	}
	text := a.cardText(t, a.cardFacts(t, p), p.Content, history)
	actor := t.Actor()
	var rows [][]flows.Button
	switch {
	case danchu.Can(actor, danchu.ActionRate, p):
		text += "\n\n" + t.T(msgRatePrompt, nil)
		rows = append(rows, rateButtons(p.ID))
	case p.Rated:
		text += "\n\n" + t.T(msgRateDone, nil)
	}
	if files := filesButton(t, flowMine, p); files != nil {
		rows = append(rows, files)
	}
	if ev := lastAnswerWithFiles(events); ev != nil {
		rows = append(rows, []flows.Button{a.answerFilesButton(t.Lang(), p, ev)})
	}
	if a.canReopen(t, p) {
		rows = append(rows, []flows.Button{{Text: t.T(msgReopenButton, nil), Data: "my:r:" + flows.Itoa(p.ID)}})
	}
	if danchu.Can(actor, danchu.ActionWithdraw, p) {
		rows = append(rows, []flows.Button{{Text: t.T(msgWithdrawButton, nil), Data: "my:w:" + flows.Itoa(p.ID)}})
	}
	rows = append(rows, []flows.Button{{Text: t.T(msgMineBack, nil), Data: "my:l:0"}})
	if note != "" {
		text = note + "\n\n" + text
	}
	return flows.Reply{Text: flows.Clip(text, flows.MaxText), Buttons: rows}, nil
}

// canReopen: the author, once, within the window after the answer.
func (a *Area) canReopen(t *flows.Turn, p *danchu.Petition) bool {
	return danchu.Can(t.Actor(), danchu.ActionReopen, p) && !t.Now().After(a.Calendar().ReopenUntil(a.Settings, p))
}

// lookupStart answers /tra_cuu <number>, or asks for the number.
func (a *Area) lookupStart(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	if strings.TrimSpace(t.In.Args) == "" {
		t.Begin(flowMine, string(mineLookup))
		return []flows.Reply{t.Say(msgLookupAsk, nil)}, nil
	}
	return a.lookup(ctx, t, t.In.Args)
}

func (a *Area) lookup(ctx context.Context, t *flows.Turn, typed string) ([]flows.Reply, error) {
	code, year, seq, err := danchu.ParseNumber(typed)
	if err != nil {
		t.Begin(flowMine, string(mineLookup))
		return []flows.Reply{t.Say(msgLookupInvalid, nil)}, nil
	}
	number := danchu.FormatNumber(code, year, seq)
	t.Leave()
	p, err := a.Petitions.FindPetitionByNumber(ctx, number)
	if err != nil && !flows.IsNotFound(err) {
		return nil, fmt.Errorf("flows: look up petition: %w", err)
	}
	if p == nil || flows.IsNotFound(err) || p.ResidentID != t.Resident.ID || !danchu.Can(t.Actor(), danchu.ActionView, p) {
		return []flows.Reply{t.WithMenu(msgLookupNotFound, map[string]any{"Number": number})}, nil
	}
	card, err := a.mineCard(ctx, t, p, "")
	return []flows.Reply{card}, err
}

// mineStep takes a typed number, a reopening's reason or a rating's comment.
func (a *Area) mineStep(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	text := flows.Tidy(t.In.Text)
	switch mineState(t.Session.State) {
	case mineLookup:
		if text == "" {
			return []flows.Reply{t.Say(msgLookupAsk, nil)}, nil
		}
		return a.lookup(ctx, t, text)
	case mineReopen:
		if text == "" || flows.Runes(text) > flows.MaxShortText {
			return []flows.Reply{t.Say(flows.MsgShortInvalid, map[string]any{"Max": flows.MaxShortText})}, nil
		}
		return a.reopen(ctx, t, text)
	case mineComment:
		if text == "" {
			return []flows.Reply{a.commentPrompt(t)}, nil
		}
		if flows.Runes(text) > danchu.MaxRatingComment {
			return []flows.Reply{t.Say(flows.MsgShortInvalid, map[string]any{"Max": danchu.MaxRatingComment})}, nil
		}
		return a.rate(ctx, t, text)
	}
	t.Leave()
	return []flows.Reply{t.WithMenu(flows.MsgHintMenu, nil)}, nil
}
