package notice

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"danchu/flows"

	"danchu"
)

// /cong_khai: the archive of disclosures by category and month, with paging,
// and a question about one ("Hỏi về mục này").
//
//	ck:c:<category|->:<yyyymm|->:<page>  a category's (or every) list in a
//	                          month ("-": the month of the newest item)
//	ck:o:<id>                 one item
//	ck:f:<id>                 its files
//	ck:q:<id>                 ask about it; the next message is the question
//
// Categories are indexes into Settings.Disclosures.Categories. Every
// registered resident may read the archive, whatever they receive.

const archiveAsk = "ask"

// maxQuestion is the longest question, in characters.
const maxQuestion = 1000

func (a *Area) categories() []danchu.DisclosureCategory { return a.Settings.Disclosures.Categories }

// categoryIndex finds a category's index; -1 when unknown.
func (a *Area) categoryIndex(key string) int {
	for i, c := range a.categories() {
		if c.Key == key {
			return i
		}
	}
	return -1
}

func (a *Area) categoryTitle(key string) string {
	if c, ok := a.Settings.Disclosures.Category(key); ok {
		return c.Title
	}
	return key
}

func (a *Area) archiveStart(_ context.Context, t *flows.Turn) ([]flows.Reply, error) {
	return []flows.Reply{a.categoryMenu(t)}, nil
}

func (a *Area) categoryMenu(t *flows.Turn) flows.Reply {
	rows := [][]flows.Button{{{Text: t.T(msgArchiveAll, nil), Data: "ck:c:-:-:0"}}}
	for i, c := range a.categories() {
		rows = append(rows, []flows.Button{{Text: c.Title, Data: "ck:c:" + strconv.Itoa(i) + ":-:0"}})
	}
	return flows.Reply{Text: t.T(msgArchiveChoose, nil), Buttons: rows}
}

func (a *Area) archiveButton(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	_, rest, _ := flows.SplitData(t.In.CallbackData)
	cmd, arg, _ := strings.Cut(rest, ":")
	switch cmd {
	case "cats":
		return []flows.Reply{a.Edit(a.categoryMenu(t))}, nil
	case "c":
		cat, month, page, ok := a.parseArchive(arg)
		if !ok {
			return t.InvalidButton(), nil
		}
		r, err := a.archiveList(ctx, t, cat, month, page)
		return []flows.Reply{a.Edit(r)}, err
	case "o", "f", "q":
		id, ok := flows.ParseID(arg)
		if !ok {
			return t.InvalidButton(), nil
		}
		d, err := a.Disclosures.FindDisclosure(ctx, id)
		if flows.IsNotFound(err) {
			return []flows.Reply{t.WithMenu(flows.MsgErrorNotFound, nil)}, nil
		}
		if err != nil {
			return nil, fmt.Errorf("flows: disclosure: %w", err)
		}
		switch cmd {
		case "o":
			return []flows.Reply{a.disclosureCard(t, d)}, nil
		case "f":
			if len(d.Attachments) == 0 {
				return []flows.Reply{t.Say(msgReachFilesNone, nil)}, nil
			}
			return []flows.Reply{a.filesReply(t, d.Title, d.Attachments)}, nil
		}
		t.Begin(flowArchive, archiveAsk)
		t.Set("d", flows.Itoa(d.ID))
		return []flows.Reply{t.Say(msgAskPrompt, map[string]any{"Title": flows.Clip(d.Title, 120)})}, nil
	}
	return t.InvalidButton(), nil
}

// parseArchive reads "<category|->:<yyyymm|->:<page>".
func (a *Area) parseArchive(s string) (cat int, month string, page int, ok bool) {
	p := strings.Split(s, ":")
	if len(p) != 3 {
		return 0, "", 0, false
	}
	cat = -1
	if p[0] != "-" {
		if cat, ok = flows.IndexIn(p[0], len(a.categories())); !ok {
			return 0, "", 0, false
		}
	}
	if p[1] != "-" {
		if _, err := time.Parse("200601", p[1]); err != nil || len(p[1]) != 6 {
			return 0, "", 0, false
		}
	}
	page, ok = flows.IndexIn(p[2], 10000)
	return cat, p[1], page, ok
}

// archiveList is one page of a category's items in a month, with buttons to
// the month before and after.
func (a *Area) archiveList(ctx context.Context, t *flows.Turn, cat int, month string, page int) (flows.Reply, error) {
	f := danchu.DisclosureFilter{}
	catArg, catName := "-", t.T(msgArchiveAll, nil)
	if cat >= 0 {
		f.Category, catArg, catName = a.categories()[cat].Key, strconv.Itoa(cat), a.categories()[cat].Title
	}
	if month == "-" {
		month = a.MonthOf(t.Now())
		newest, _, err := a.Disclosures.ListDisclosures(ctx, danchu.DisclosureFilter{Category: f.Category, Limit: 1})
		if err != nil {
			return flows.Reply{}, fmt.Errorf("flows: archive: %w", err)
		}
		if len(newest) > 0 {
			month = a.MonthOf(newest[0].PublishedAt)
		}
	}
	from := a.MonthStart(month)
	f.From, f.To, f.Offset, f.Limit = from, from.AddDate(0, 1, 0), page*flows.PageSize, flows.PageSize
	list, total, err := a.Disclosures.ListDisclosures(ctx, f)
	if err != nil {
		return flows.Reply{}, fmt.Errorf("flows: archive: %w", err)
	}
	lines := []string{t.T(msgArchiveTitle, map[string]any{"Category": catName, "Month": from.Format("01/2006"), "Total": total})}
	var rows [][]flows.Button
	for i, d := range list {
		label := fmt.Sprintf("%d. %s · %s", page*flows.PageSize+i+1, a.Date(d.PublishedAt), d.Title)
		lines = append(lines, flows.Clip(label, 200))
		rows = append(rows, []flows.Button{{Text: flows.Clip(label, 60), Data: "ck:o:" + flows.Itoa(d.ID)}})
	}
	if total == 0 {
		lines = append(lines, t.T(msgArchiveEmpty, nil))
	}
	if row := flows.Pager(t, "ck:c:"+catArg+":"+month+":", page, total); row != nil {
		rows = append(rows, row)
	}
	nav := []flows.Button{{Text: t.T(msgMonthPrev, nil), Data: "ck:c:" + catArg + ":" + a.MonthOf(from.AddDate(0, -1, 0)) + ":0"}}
	if next := from.AddDate(0, 1, 0); !next.After(t.Now()) {
		nav = append(nav, flows.Button{Text: t.T(msgMonthNext, nil), Data: "ck:c:" + catArg + ":" + a.MonthOf(next) + ":0"})
	}
	rows = append(rows, nav, []flows.Button{{Text: t.T(msgArchiveCategories, nil), Data: "ck:cats"}})
	return flows.Reply{Text: flows.Clip(strings.Join(lines, "\n"), flows.MaxText), Buttons: rows}, nil
}

// disclosureText is a disclosure as its recipients read it.
func (a *Area) disclosureText(lang string, d *danchu.Disclosure) string {
	return flows.Clip(a.Tr(lang, msgDisclosureText, map[string]any{
		"Category": a.categoryTitle(d.Category), "Title": d.Title, "Body": d.Body,
		"From": a.Date(d.PostedFrom), "Until": a.Date(d.PostedUntil)}), flows.MaxText)
}

// disclosureButtons: a question about it, and its files.
func (a *Area) disclosureButtons(lang string, d *danchu.Disclosure) [][]danchu.OutboxButton {
	rows := [][]danchu.OutboxButton{{{Text: a.Tr(lang, msgAskButton, nil), Data: "ck:q:" + flows.Itoa(d.ID)}}}
	if len(d.Attachments) > 0 {
		rows = append(rows, a.filesButton(lang, flowArchive, d.ID, len(d.Attachments)))
	}
	return rows
}

func (a *Area) disclosureCard(t *flows.Turn, d *danchu.Disclosure) flows.Reply {
	var rows [][]flows.Button
	for _, row := range a.disclosureButtons(t.Lang(), d) {
		rows = append(rows, []flows.Button{{Text: row[0].Text, Data: row[0].Data}})
	}
	back := "ck:c:" + strconv.Itoa(a.categoryIndex(d.Category)) + ":" + a.MonthOf(d.PublishedAt) + ":0"
	if a.categoryIndex(d.Category) < 0 {
		back = "ck:cats"
	}
	rows = append(rows, []flows.Button{{Text: t.T(flows.MsgButtonBack, nil), Data: back}})
	return flows.Reply{Text: a.disclosureText(t.Lang(), d), Buttons: rows}
}

// archiveStep takes the question being asked.
func (a *Area) archiveStep(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	id, ok := flows.ParseID(t.Get("d"))
	if t.Session.State != archiveAsk || !ok {
		t.Leave()
		return []flows.Reply{t.WithMenu(flows.MsgHintMenu, nil)}, nil
	}
	text := flows.Tidy(t.In.Text)
	if text == "" {
		return []flows.Reply{t.Say(msgAskEmpty, nil)}, nil
	}
	if flows.Runes(text) > maxQuestion {
		return []flows.Reply{t.Say(msgSendTooLong, map[string]any{"Max": maxQuestion})}, nil
	}
	d, err := a.Disclosures.FindDisclosure(ctx, id)
	if flows.IsNotFound(err) {
		t.Leave()
		return []flows.Reply{t.WithMenu(flows.MsgErrorNotFound, nil)}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: ask: %w", err)
	}
	q := &danchu.DisclosureQuestion{DisclosureID: d.ID, ResidentID: t.Resident.ID, Text: text, AskedAt: t.Now()}
	if err := a.Disclosures.AskQuestion(ctx, q); err != nil {
		return nil, fmt.Errorf("flows: ask: %w", err)
	}
	t.Leave()
	if err := a.notifyQuestion(ctx, d, q); err != nil {
		return nil, err
	}
	return []flows.Reply{t.WithMenu(msgAskSent, map[string]any{"Title": flows.Clip(d.Title, 120)})}, nil
}

// notifyQuestion tells the chairman and officials of a new question, with
// a button that opens it.
func (a *Area) notifyQuestion(ctx context.Context, d *danchu.Disclosure, q *danchu.DisclosureQuestion) error {
	ids, err := a.StaffWith(ctx, danchu.RoleChairman, danchu.RoleOfficial)
	if err != nil {
		return err
	}
	var ns []flows.Message
	for _, id := range ids {
		ns = append(ns, flows.Message{To: id, Kind: "disclosure.question", Priority: danchu.PriorityPersonal,
			Dedup: "question:" + flows.Itoa(q.ID) + ":to:" + flows.Itoa(id),
			Text: func(lang string) string {
				return a.Tr(lang, msgQuestionNew, map[string]any{"Title": flows.Clip(d.Title, 120), "Text": flows.Clip(q.Text, 300)})
			},
			Buttons: func(lang string) [][]danchu.OutboxButton {
				return [][]danchu.OutboxButton{{{Text: a.Tr(lang, msgQuestionAnswerButton, nil), Data: "cb:qa:" + flows.Itoa(q.ID)}}}
			}})
	}
	return a.Enqueue(ctx, ns...)
}
