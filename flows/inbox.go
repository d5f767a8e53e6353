package flows

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"danchu"
)

// The officials' inbox, /hop_thu (issue 3, item 4): lists of petitions with
// paging and filters, a card with the history and the actions by button.
// Every list asks the store through danchu.ListScope, so a person lists only
// what they may view; a supervisor sees counts by kind and status only.
//
// A list is named in button data by a view token "<v>.<page>.<kind>.<field>.<place>":
// v is n (new), m (mine), s (due soon), o (overdue) or a (all); the filters
// are indexes into danchu.Kinds, Settings.Fields and Settings.Neighbourhoods,
// or "-" for none.
//
//	ib:l:<view>              the list (edits)
//	ib:fk:<view>, ib:ff:<view>, ib:fn:<view>   choose a kind, field or place
//	ib:o:<id>:<view>         the card (edits the list)
//	ib:v:<id>                the card as a new message (from a notice)
//	ib:f:<id>                the petition's attachments (petition_files.go)
//	ib:a:<act>:<id>:<ver>:<view>  an action on the card (inbox_actions.go)
//	ib:to:<id>:<ver>:<official>:<view>  the chairman assigns to an official
//	ib:ok:<id>, ib:x:<id>    send the answer being written, or stop writing

// inboxView is a list of the inbox.
type inboxView struct {
	View               byte // 'n', 'm', 's', 'o', 'a'
	Page               int
	Kind, Field, Place int // -1: no filter
}

var defaultView = inboxView{View: 'a', Kind: -1, Field: -1, Place: -1}

const inboxViews = "nmsoa"

func (v inboxView) String() string {
	idx := func(i int) string {
		if i < 0 {
			return "-"
		}
		return strconv.Itoa(i)
	}
	return string(v.View) + "." + strconv.Itoa(v.Page) + "." + idx(v.Kind) + "." + idx(v.Field) + "." + idx(v.Place)
}

// parseView reads a view token from button data; ok is false when any part
// is not what the inbox writes.
func (e *Engine) parseView(s string) (inboxView, bool) {
	p := strings.Split(s, ".")
	if len(p) != 5 || len(p[0]) != 1 || !strings.Contains(inboxViews, p[0]) {
		return inboxView{}, false
	}
	v := inboxView{View: p[0][0]}
	var ok bool
	if v.Page, ok = indexIn(p[1], 10000); !ok {
		return inboxView{}, false
	}
	for i, n := range []int{len(danchu.Kinds), len(e.Settings.Fields), len(e.Settings.Neighbourhoods)} {
		x := -1
		if p[2+i] != "-" {
			if x, ok = indexIn(p[2+i], n); !ok {
				return inboxView{}, false
			}
		}
		switch i {
		case 0:
			v.Kind = x
		case 1:
			v.Field = x
		default:
			v.Place = x
		}
	}
	return v, true
}

// handlesPetitions: the roles that open petitions in the inbox.
func handlesPetitions(roles []danchu.RoleGrant) bool {
	return danchu.HasRole(roles, danchu.RoleChairman) || danchu.HasRole(roles, danchu.RoleOfficial) ||
		danchu.HasRole(roles, danchu.RoleTieuKhuHead)
}

func takesAssignments(roles []danchu.RoleGrant) bool {
	return danchu.HasRole(roles, danchu.RoleChairman) || danchu.HasRole(roles, danchu.RoleOfficial)
}

// inboxStart answers /hop_thu: the list of everything one may view, a card
// when a number follows the command, the counts for a supervisor.
func (e *Engine) inboxStart(ctx context.Context, t *Turn) ([]Reply, error) {
	if !handlesPetitions(t.Roles) {
		if danchu.HasRole(t.Roles, danchu.RoleSupervisor) {
			r, err := e.inboxCounts(ctx, t)
			return []Reply{r}, err
		}
		return []Reply{t.WithMenu(msgStaffOnly, nil)}, nil
	}
	if args := strings.TrimSpace(t.In.Args); args != "" {
		return e.inboxByNumber(ctx, t, args)
	}
	r, err := e.inboxList(ctx, t, defaultView)
	return []Reply{r}, err
}

func (e *Engine) inboxByNumber(ctx context.Context, t *Turn, typed string) ([]Reply, error) {
	code, year, seq, err := danchu.ParseNumber(typed)
	if err != nil {
		return []Reply{t.WithMenu(msgLookupInvalid, nil)}, nil
	}
	number := danchu.FormatNumber(code, year, seq)
	p, err := e.Petitions.FindPetitionByNumber(ctx, number)
	if err != nil && !isNotFound(err) {
		return nil, fmt.Errorf("flows: inbox number: %w", err)
	}
	if err != nil || !danchu.Can(t.actor(), danchu.ActionView, p) {
		return []Reply{t.WithMenu(msgPetitionNotFound, nil)}, nil
	}
	card, err := e.inboxCard(ctx, t, p, defaultView, "")
	return []Reply{card}, err
}

// inboxFilter is the store's filter of a view, narrowed to what the person
// may view; ok is false when they may view none of it.
func (e *Engine) inboxFilter(t *Turn, v inboxView) (danchu.PetitionFilter, bool) {
	f := danchu.PetitionFilter{Offset: v.Page * pageSize, Limit: pageSize}
	now := t.Now()
	switch v.View {
	case 'n':
		f.Statuses = []danchu.Status{danchu.StatusReceived}
	case 'm':
		f.Handler, f.HandlerID = danchu.HandlerIs, t.Resident.ID
		f.Statuses = []danchu.Status{danchu.StatusReceived, danchu.StatusAccepted, danchu.StatusInProgress, danchu.StatusAnswered}
	case 's':
		f.DueBefore = e.calendar().EndOfDay(now.AddDate(0, 0, dueSoonDays)).Add(time.Second)
	case 'o':
		f.DueBefore = now
	}
	if v.Kind >= 0 {
		f.Kinds = []danchu.Kind{danchu.Kinds[v.Kind]}
	}
	if v.Field >= 0 {
		f.Fields = []string{e.Settings.Fields[v.Field]}
	}
	if v.Place >= 0 {
		f.Neighbourhoods = []string{e.Settings.Neighbourhoods[v.Place].Name}
	}
	if v.View == 'm' && !takesAssignments(t.Roles) {
		return f, false
	}
	return danchu.ListScope(t.actor(), f)
}

var viewMessages = map[byte]msg{'n': msgViewNew, 'm': msgViewMine, 's': msgViewSoon, 'o': msgViewOverdue, 'a': msgViewAll}

// inboxList is one page of a view with its buttons.
func (e *Engine) inboxList(ctx context.Context, t *Turn, v inboxView) (Reply, error) {
	var list []*danchu.Petition
	total := 0
	if f, ok := e.inboxFilter(t, v); ok {
		var err error
		if list, total, err = e.Petitions.ListPetitions(ctx, f); err != nil {
			return Reply{}, fmt.Errorf("flows: inbox list: %w", err)
		}
	}
	if len(list) == 0 && v.Page > 0 {
		v.Page = 0
		return e.inboxList(ctx, t, v)
	}
	lines := []string{t.T(msgInboxTitle, map[string]any{"View": t.T(viewMessages[v.View], nil), "Total": total})}
	if filters := e.filterLine(t, v); filters != "" {
		lines = append(lines, filters)
	}
	var rows [][]Button
	for i, p := range list {
		lines = append(lines, e.listLine(t, v.Page*pageSize+i+1, p, true))
		rows = append(rows, []Button{{Text: p.Number, Data: "ib:o:" + itoa(p.ID) + ":" + v.String()}})
	}
	if len(list) == 0 {
		lines = append(lines, t.T(msgInboxEmpty, nil))
	}
	at := func(page int) inboxView { w := v; w.Page = page; return w }
	var nav []Button
	if v.Page > 0 {
		nav = append(nav, Button{Text: t.T(msgPagePrev, nil), Data: "ib:l:" + at(v.Page-1).String()})
	}
	if (v.Page+1)*pageSize < total {
		nav = append(nav, Button{Text: t.T(msgPageNext, nil), Data: "ib:l:" + at(v.Page+1).String()})
	}
	if nav != nil {
		rows = append(rows, nav)
	}
	rows = append(rows, e.viewButtons(t, v)...)
	return Reply{Text: clip(strings.Join(lines, "\n"), maxText), Buttons: rows}, nil
}

// viewButtons switch between the views and open the filters.
func (e *Engine) viewButtons(t *Turn, v inboxView) [][]Button {
	var views []Button
	for i := range len(inboxViews) {
		c := inboxViews[i]
		if c == 'm' && !takesAssignments(t.Roles) {
			continue
		}
		w := v
		w.View, w.Page = c, 0
		label := t.T(viewMessages[c], nil)
		if c == v.View {
			label = "• " + label
		}
		views = append(views, Button{Text: label, Data: "ib:l:" + w.String()})
	}
	rows := [][]Button{views[:3], views[3:]}
	filters := []Button{
		{Text: t.T(msgFilterKind, nil), Data: "ib:fk:" + v.String()},
		{Text: t.T(msgFilterField, nil), Data: "ib:ff:" + v.String()},
		{Text: t.T(msgFilterPlace, nil), Data: "ib:fn:" + v.String()},
	}
	rows = append(rows, filters)
	if v.Kind >= 0 || v.Field >= 0 || v.Place >= 0 {
		w := inboxView{View: v.View, Kind: -1, Field: -1, Place: -1}
		rows = append(rows, []Button{{Text: t.T(msgFilterClear, nil), Data: "ib:l:" + w.String()}})
	}
	return rows
}

func (e *Engine) filterLine(t *Turn, v inboxView) string {
	var parts []string
	if v.Kind >= 0 {
		parts = append(parts, upperFirst(e.kindName(t.Lang(), danchu.Kinds[v.Kind])))
	}
	if v.Field >= 0 {
		parts = append(parts, e.Settings.Fields[v.Field])
	}
	if v.Place >= 0 {
		parts = append(parts, e.Settings.Neighbourhoods[v.Place].Name)
	}
	if len(parts) == 0 {
		return ""
	}
	return t.T(msgFilterLine, map[string]any{"Filters": strings.Join(parts, ", ")})
}

// filterChoice lists the values of one filter; each button opens the list
// with it, from its first page.
func (e *Engine) filterChoice(t *Turn, v inboxView, which string) Reply {
	var names []string
	var title msg
	set := func(w *inboxView, i int) {}
	switch which {
	case "fk":
		title = msgFilterKindAsk
		for _, k := range danchu.Kinds {
			names = append(names, upperFirst(e.kindName(t.Lang(), k)))
		}
		set = func(w *inboxView, i int) { w.Kind = i }
	case "ff":
		title, names = msgFilterFieldAsk, e.Settings.Fields
		set = func(w *inboxView, i int) { w.Field = i }
	default:
		title = msgFilterPlaceAsk
		for _, n := range e.Settings.Neighbourhoods {
			names = append(names, n.Name)
		}
		set = func(w *inboxView, i int) { w.Place = i }
	}
	var rows [][]Button
	for i, name := range append(names, t.T(msgFilterAny, nil)) {
		w := v
		w.Page = 0
		if i == len(names) {
			i = -1
		}
		set(&w, i)
		b := Button{Text: name, Data: "ib:l:" + w.String()}
		if len(rows) > 0 && len(rows[len(rows)-1]) < 2 {
			rows[len(rows)-1] = append(rows[len(rows)-1], b)
		} else {
			rows = append(rows, []Button{b})
		}
	}
	rows = append(rows, []Button{{Text: t.T(msgButtonBack, nil), Data: "ib:l:" + v.String()}})
	return Reply{Edit: true, Text: t.T(title, nil), Buttons: rows}
}

// inboxCounts is what a supervisor sees: how many petitions of each kind
// are in each status, and how many are overdue. No petition, no person.
func (e *Engine) inboxCounts(ctx context.Context, t *Turn) (Reply, error) {
	counts, err := e.Petitions.CountPetitions(ctx, danchu.PetitionFilter{})
	if err != nil {
		return Reply{}, fmt.Errorf("flows: count petitions: %w", err)
	}
	overdue, err := e.Petitions.CountPetitions(ctx, danchu.PetitionFilter{DueBefore: t.Now()})
	if err != nil {
		return Reply{}, fmt.Errorf("flows: count overdue petitions: %w", err)
	}
	lang := t.Lang()
	lines := []string{t.T(msgCountsTitle, map[string]any{"At": e.dateTime(t.Now())})}
	for _, k := range danchu.Kinds {
		total, late := 0, 0
		var parts []string
		for _, s := range danchu.Statuses {
			for _, c := range counts {
				if c.Kind == k && c.Status == s && c.Count > 0 {
					total += c.Count
					parts = append(parts, e.statusName(lang, s)+" "+strconv.Itoa(c.Count))
				}
			}
		}
		for _, c := range overdue {
			if c.Kind == k {
				late += c.Count
			}
		}
		if total == 0 {
			continue
		}
		lines = append(lines, t.T(msgCountsLine, map[string]any{"Kind": upperFirst(e.kindName(lang, k)),
			"Total": total, "States": strings.Join(parts, ", "), "Overdue": late}))
	}
	if len(lines) == 1 {
		lines = append(lines, t.T(msgInboxEmpty, nil))
	}
	return Reply{Text: strings.Join(lines, "\n"), Keyboard: t.Menu()}, nil
}
