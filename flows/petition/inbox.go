package petition

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"danchu/flows"

	"danchu"
)

// The officials' inbox, /hop_thu: lists of petitions with
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
func (a *Area) parseView(s string) (inboxView, bool) {
	p := strings.Split(s, ".")
	if len(p) != 5 || len(p[0]) != 1 || !strings.Contains(inboxViews, p[0]) {
		return inboxView{}, false
	}
	v := inboxView{View: p[0][0]}
	var ok bool
	if v.Page, ok = flows.IndexIn(p[1], 10000); !ok {
		return inboxView{}, false
	}
	for i, n := range []int{len(danchu.Kinds), len(a.Settings.Fields), len(a.Settings.Neighbourhoods)} {
		x := -1
		if p[2+i] != "-" {
			if x, ok = flows.IndexIn(p[2+i], n); !ok {
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
func (a *Area) inboxStart(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	if !handlesPetitions(t.Roles) {
		if danchu.HasRole(t.Roles, danchu.RoleSupervisor) {
			r, err := a.inboxCounts(ctx, t)
			return []flows.Reply{r}, err
		}
		return []flows.Reply{t.WithMenu(flows.MsgStaffOnly, nil)}, nil
	}
	if args := strings.TrimSpace(t.In.Args); args != "" {
		return a.inboxByNumber(ctx, t, args)
	}
	r, err := a.inboxList(ctx, t, defaultView)
	return []flows.Reply{r}, err
}

func (a *Area) inboxByNumber(ctx context.Context, t *flows.Turn, typed string) ([]flows.Reply, error) {
	code, year, seq, err := danchu.ParseNumber(typed)
	if err != nil {
		return []flows.Reply{t.WithMenu(msgLookupInvalid, nil)}, nil
	}
	number := danchu.FormatNumber(code, year, seq)
	p, err := a.Petitions.FindPetitionByNumber(ctx, number)
	if err != nil && !flows.IsNotFound(err) {
		return nil, fmt.Errorf("flows: inbox number: %w", err)
	}
	if err != nil || !danchu.Can(t.Actor(), danchu.ActionView, p) {
		return []flows.Reply{t.WithMenu(msgPetitionNotFound, nil)}, nil
	}
	card, err := a.inboxCard(ctx, t, p, defaultView, "")
	return []flows.Reply{card}, err
}

// inboxFilter is the store's filter of a view, narrowed to what the person
// may view; ok is false when they may view none of it.
func (a *Area) inboxFilter(t *flows.Turn, v inboxView) (danchu.PetitionFilter, bool) {
	f := danchu.PetitionFilter{Offset: v.Page * flows.PageSize, Limit: flows.PageSize}
	now := t.Now()
	switch v.View {
	case 'n':
		f.Statuses = []danchu.Status{danchu.StatusReceived}
	case 'm':
		f.Handler, f.HandlerID = danchu.HandlerIs, t.Resident.ID
		f.Statuses = []danchu.Status{danchu.StatusReceived, danchu.StatusAccepted, danchu.StatusInProgress, danchu.StatusAnswered}
	case 's':
		f.DueBefore = a.Calendar().EndOfDay(now.AddDate(0, 0, dueSoonDays)).Add(time.Second)
	case 'o':
		f.DueBefore = now
	}
	if v.Kind >= 0 {
		f.Kinds = []danchu.Kind{danchu.Kinds[v.Kind]}
	}
	if v.Field >= 0 {
		f.Fields = []string{a.Settings.Fields[v.Field]}
	}
	if v.Place >= 0 {
		f.Neighbourhoods = []string{a.Settings.Neighbourhoods[v.Place].Name}
	}
	if v.View == 'm' && !takesAssignments(t.Roles) {
		return f, false
	}
	return danchu.ListScope(t.Actor(), f)
}

var viewMessages = map[byte]flows.Msg{'n': msgViewNew, 'm': msgViewMine, 's': msgViewSoon, 'o': msgViewOverdue, 'a': msgViewAll}

// inboxList is one page of a view with its buttons.
func (a *Area) inboxList(ctx context.Context, t *flows.Turn, v inboxView) (flows.Reply, error) {
	var list []*danchu.Petition
	total := 0
	if f, ok := a.inboxFilter(t, v); ok {
		var err error
		if list, total, err = a.Petitions.ListPetitions(ctx, f); err != nil {
			return flows.Reply{}, fmt.Errorf("flows: inbox list: %w", err)
		}
	}
	if len(list) == 0 && v.Page > 0 {
		v.Page = 0
		return a.inboxList(ctx, t, v)
	}
	lines := []string{t.T(msgInboxTitle, map[string]any{"View": t.T(viewMessages[v.View], nil), "Total": total})}
	if filters := a.filterLine(t, v); filters != "" {
		lines = append(lines, filters)
	}
	var rows [][]flows.Button
	for i, p := range list {
		lines = append(lines, a.listLine(t, v.Page*flows.PageSize+i+1, p, true))
		rows = append(rows, []flows.Button{{Text: p.Number, Data: "ib:o:" + flows.Itoa(p.ID) + ":" + v.String()}})
	}
	if len(list) == 0 {
		lines = append(lines, t.T(msgInboxEmpty, nil))
	}
	at := func(page int) inboxView { w := v; w.Page = page; return w }
	var nav []flows.Button
	if v.Page > 0 {
		nav = append(nav, flows.Button{Text: t.T(flows.MsgPagePrev, nil), Data: "ib:l:" + at(v.Page-1).String()})
	}
	if (v.Page+1)*flows.PageSize < total {
		nav = append(nav, flows.Button{Text: t.T(flows.MsgPageNext, nil), Data: "ib:l:" + at(v.Page+1).String()})
	}
	if nav != nil {
		rows = append(rows, nav)
	}
	rows = append(rows, a.viewButtons(t, v)...)
	return flows.Reply{Text: flows.Clip(strings.Join(lines, "\n"), flows.MaxText), Buttons: rows}, nil
}

// viewButtons switch between the views and open the filters.
func (a *Area) viewButtons(t *flows.Turn, v inboxView) [][]flows.Button {
	var views []flows.Button
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
		views = append(views, flows.Button{Text: label, Data: "ib:l:" + w.String()})
	}
	rows := [][]flows.Button{views[:3], views[3:]}
	filters := []flows.Button{
		{Text: t.T(msgFilterKind, nil), Data: "ib:fk:" + v.String()},
		{Text: t.T(msgFilterField, nil), Data: "ib:ff:" + v.String()},
		{Text: t.T(msgFilterPlace, nil), Data: "ib:fn:" + v.String()},
	}
	rows = append(rows, filters)
	if v.Kind >= 0 || v.Field >= 0 || v.Place >= 0 {
		w := inboxView{View: v.View, Kind: -1, Field: -1, Place: -1}
		rows = append(rows, []flows.Button{{Text: t.T(msgFilterClear, nil), Data: "ib:l:" + w.String()}})
	}
	return rows
}

func (a *Area) filterLine(t *flows.Turn, v inboxView) string {
	var parts []string
	if v.Kind >= 0 {
		parts = append(parts, flows.UpperFirst(a.kindName(t.Lang(), danchu.Kinds[v.Kind])))
	}
	if v.Field >= 0 {
		parts = append(parts, a.Settings.Fields[v.Field])
	}
	if v.Place >= 0 {
		parts = append(parts, a.Settings.Neighbourhoods[v.Place].Name)
	}
	if len(parts) == 0 {
		return ""
	}
	return t.T(msgFilterLine, map[string]any{"Filters": strings.Join(parts, ", ")})
}

// filterChoice lists the values of one filter; each button opens the list
// with it, from its first page.
func (a *Area) filterChoice(t *flows.Turn, v inboxView, which string) flows.Reply {
	var names []string
	var title flows.Msg
	set := func(w *inboxView, i int) {}
	switch which {
	case "fk":
		title = msgFilterKindAsk
		for _, k := range danchu.Kinds {
			names = append(names, flows.UpperFirst(a.kindName(t.Lang(), k)))
		}
		set = func(w *inboxView, i int) { w.Kind = i }
	case "ff":
		title, names = msgFilterFieldAsk, a.Settings.Fields
		set = func(w *inboxView, i int) { w.Field = i }
	default:
		title = msgFilterPlaceAsk
		for _, n := range a.Settings.Neighbourhoods {
			names = append(names, n.Name)
		}
		set = func(w *inboxView, i int) { w.Place = i }
	}
	var rows [][]flows.Button
	for i, name := range append(names, t.T(msgFilterAny, nil)) {
		w := v
		w.Page = 0
		if i == len(names) {
			i = -1
		}
		set(&w, i)
		b := flows.Button{Text: name, Data: "ib:l:" + w.String()}
		if len(rows) > 0 && len(rows[len(rows)-1]) < 2 {
			rows[len(rows)-1] = append(rows[len(rows)-1], b)
		} else {
			rows = append(rows, []flows.Button{b})
		}
	}
	rows = append(rows, []flows.Button{{Text: t.T(flows.MsgButtonBack, nil), Data: "ib:l:" + v.String()}})
	return flows.Reply{Edit: true, Text: t.T(title, nil), Buttons: rows}
}

// inboxCounts is what a supervisor sees: how many petitions of each kind
// are in each status, and how many are overdue. No petition, no person.
func (a *Area) inboxCounts(ctx context.Context, t *flows.Turn) (flows.Reply, error) {
	counts, err := a.Petitions.CountPetitions(ctx, danchu.PetitionFilter{})
	if err != nil {
		return flows.Reply{}, fmt.Errorf("flows: count petitions: %w", err)
	}
	overdue, err := a.Petitions.CountPetitions(ctx, danchu.PetitionFilter{DueBefore: t.Now()})
	if err != nil {
		return flows.Reply{}, fmt.Errorf("flows: count overdue petitions: %w", err)
	}
	lang := t.Lang()
	lines := []string{t.T(msgCountsTitle, map[string]any{"At": a.DateTime(t.Now())})}
	for _, k := range danchu.Kinds {
		total, late := 0, 0
		var parts []string
		for _, s := range danchu.Statuses {
			for _, c := range counts {
				if c.Kind == k && c.Status == s && c.Count > 0 {
					total += c.Count
					parts = append(parts, a.statusName(lang, s)+" "+strconv.Itoa(c.Count))
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
		lines = append(lines, t.T(msgCountsLine, map[string]any{"Kind": flows.UpperFirst(a.kindName(lang, k)),
			"Total": total, "States": strings.Join(parts, ", "), "Overdue": late}))
	}
	if len(lines) == 1 {
		lines = append(lines, t.T(msgInboxEmpty, nil))
	}
	return flows.Reply{Text: strings.Join(lines, "\n"), Keyboard: t.Menu()}, nil
}
