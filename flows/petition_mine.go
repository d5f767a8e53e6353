package flows

import (
	"context"
	"fmt"
	"strconv"
	"strings"

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

func (e *Engine) mineStart(ctx context.Context, t *Turn) ([]Reply, error) {
	r, err := e.mineList(ctx, t, 0)
	if err != nil {
		return nil, err
	}
	return []Reply{r}, nil
}

// mineList is a page of the author's petitions.
func (e *Engine) mineList(ctx context.Context, t *Turn, page int) (Reply, error) {
	list, total, err := e.Petitions.ListPetitions(ctx, danchu.PetitionFilter{
		ResidentID: t.Resident.ID, Offset: page * pageSize, Limit: pageSize})
	if err != nil {
		return Reply{}, fmt.Errorf("flows: my petitions: %w", err)
	}
	if total == 0 {
		return t.WithMenu(msgMineEmpty, nil), nil
	}
	if len(list) == 0 && page > 0 {
		return e.mineList(ctx, t, 0)
	}
	lines := []string{t.T(msgMineTitle, map[string]any{"From": page*pageSize + 1, "To": page*pageSize + len(list), "Total": total})}
	var rows [][]Button
	for i, p := range list {
		lines = append(lines, e.listLine(t, page*pageSize+i+1, p, false))
		rows = append(rows, []Button{{Text: p.Number, Data: "my:o:" + itoa(p.ID)}})
	}
	if nav := pager(t, "my:l:", page, total); nav != nil {
		rows = append(rows, nav)
	}
	return Reply{Text: strings.Join(lines, "\n"), Buttons: rows}, nil
}

// listLine is one petition in a list: no content, no personal data.
func (e *Engine) listLine(t *Turn, n int, p *danchu.Petition, staff bool) string {
	lang := t.Lang()
	parts := []string{p.Number, e.kindName(lang, p.Kind)}
	if staff {
		parts = append(parts, p.Field, e.placeName(lang, p.Neighbourhood))
	}
	parts = append(parts, e.statusName(lang, p.Status))
	if due := p.Due(); !due.IsZero() {
		parts = append(parts, t.T(msgListDue, map[string]any{"Value": e.dueText(lang, due, t.Now())}))
	}
	line := strconv.Itoa(n) + ". " + strings.Join(parts, " · ")
	if p.Reopened() && p.Status.Pending() {
		line += " " + t.T(msgReopenedFlag, nil)
	}
	return line
}

// pager is the row of "previous" and "next" buttons of a list of total
// petitions, nil for one page.
func pager(t *Turn, prefix string, page, total int) []Button {
	return pageNav(t, prefix, page, (page+1)*pageSize < total)
}

// pageNav is the row of "previous" and "next" buttons of any paged list:
// prefix plus the page number is the buttons' data; more says a next page
// exists. It is nil when there is only one page.
func pageNav(t *Turn, prefix string, page int, more bool) []Button {
	var row []Button
	if page > 0 {
		row = append(row, Button{Text: t.T(msgPagePrev, nil), Data: prefix + strconv.Itoa(page-1)})
	}
	if more {
		row = append(row, Button{Text: t.T(msgPageNext, nil), Data: prefix + strconv.Itoa(page+1)})
	}
	return row
}

// ownPetition loads the petition id when it is the turn's person's own; nil
// otherwise, whatever the reason.
func (e *Engine) ownPetition(ctx context.Context, t *Turn, id int64) (*danchu.Petition, error) {
	p, err := e.findPetition(ctx, id)
	if err != nil || p == nil {
		return nil, err
	}
	if p.ResidentID != t.Resident.ID || !danchu.Can(t.actor(), danchu.ActionView, p) {
		return nil, nil
	}
	return p, nil
}

// mineCard is the author's card of p with what they may do now.
func (e *Engine) mineCard(ctx context.Context, t *Turn, p *danchu.Petition, note string) (Reply, error) {
	history, events, err := e.historyLines(ctx, t, p, false)
	if err != nil {
		return Reply{}, err
	}
	text := e.cardText(t, e.cardFacts(t, p), p.Content, history)
	a := t.actor()
	var rows [][]Button
	switch {
	case danchu.Can(a, danchu.ActionRate, p):
		text += "\n\n" + t.T(msgRatePrompt, nil)
		rows = append(rows, rateButtons(p.ID))
	case p.Rated:
		text += "\n\n" + t.T(msgRateDone, nil)
	}
	if files := filesButton(t, flowMine, p); files != nil {
		rows = append(rows, files)
	}
	if ev := lastAnswerWithFiles(events); ev != nil {
		rows = append(rows, []Button{e.answerFilesButton(t.Lang(), p, ev)})
	}
	if e.canReopen(t, p) {
		rows = append(rows, []Button{{Text: t.T(msgReopenButton, nil), Data: "my:r:" + itoa(p.ID)}})
	}
	if danchu.Can(a, danchu.ActionWithdraw, p) {
		rows = append(rows, []Button{{Text: t.T(msgWithdrawButton, nil), Data: "my:w:" + itoa(p.ID)}})
	}
	rows = append(rows, []Button{{Text: t.T(msgMineBack, nil), Data: "my:l:0"}})
	if note != "" {
		text = note + "\n\n" + text
	}
	return Reply{Text: clip(text, maxText), Buttons: rows}, nil
}

// canReopen: the author, once, within the window after the answer.
func (e *Engine) canReopen(t *Turn, p *danchu.Petition) bool {
	return danchu.Can(t.actor(), danchu.ActionReopen, p) && !t.Now().After(e.calendar().ReopenUntil(e.Settings, p))
}

// lookupStart answers /tra_cuu <number>, or asks for the number.
func (e *Engine) lookupStart(ctx context.Context, t *Turn) ([]Reply, error) {
	if strings.TrimSpace(t.In.Args) == "" {
		t.Begin(flowMine, string(mineLookup))
		return []Reply{t.Say(msgLookupAsk, nil)}, nil
	}
	return e.lookup(ctx, t, t.In.Args)
}

func (e *Engine) lookup(ctx context.Context, t *Turn, typed string) ([]Reply, error) {
	code, year, seq, err := danchu.ParseNumber(typed)
	if err != nil {
		t.Begin(flowMine, string(mineLookup))
		return []Reply{t.Say(msgLookupInvalid, nil)}, nil
	}
	number := danchu.FormatNumber(code, year, seq)
	t.Leave()
	p, err := e.Petitions.FindPetitionByNumber(ctx, number)
	if err != nil && !isNotFound(err) {
		return nil, fmt.Errorf("flows: look up petition: %w", err)
	}
	if p == nil || isNotFound(err) || p.ResidentID != t.Resident.ID || !danchu.Can(t.actor(), danchu.ActionView, p) {
		return []Reply{t.WithMenu(msgLookupNotFound, map[string]any{"Number": number})}, nil
	}
	card, err := e.mineCard(ctx, t, p, "")
	return []Reply{card}, err
}

// mineStep takes a typed number, a reopening's reason or a rating's comment.
func (e *Engine) mineStep(ctx context.Context, t *Turn) ([]Reply, error) {
	text := tidy(t.In.Text)
	switch mineState(t.Session.State) {
	case mineLookup:
		if text == "" {
			return []Reply{t.Say(msgLookupAsk, nil)}, nil
		}
		return e.lookup(ctx, t, text)
	case mineReopen:
		if text == "" || runes(text) > maxShortText {
			return []Reply{t.Say(msgPetShortInvalid, map[string]any{"Max": maxShortText})}, nil
		}
		return e.reopen(ctx, t, text)
	case mineComment:
		if text == "" {
			return []Reply{e.commentPrompt(t)}, nil
		}
		if runes(text) > danchu.MaxRatingComment {
			return []Reply{t.Say(msgPetShortInvalid, map[string]any{"Max": danchu.MaxRatingComment})}, nil
		}
		return e.rate(ctx, t, text)
	}
	t.Leave()
	return []Reply{t.WithMenu(msgHintMenu, nil)}, nil
}
