package flows

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

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

func (e *Engine) categories() []danchu.DisclosureCategory { return e.Settings.Disclosures.Categories }

// categoryIndex finds a category's index; -1 when unknown.
func (e *Engine) categoryIndex(key string) int {
	for i, c := range e.categories() {
		if c.Key == key {
			return i
		}
	}
	return -1
}

func (e *Engine) categoryTitle(key string) string {
	if c, ok := e.Settings.Disclosures.Category(key); ok {
		return c.Title
	}
	return key
}

func (e *Engine) archiveStart(_ context.Context, t *Turn) ([]Reply, error) {
	return []Reply{e.categoryMenu(t)}, nil
}

func (e *Engine) categoryMenu(t *Turn) Reply {
	rows := [][]Button{{{Text: t.T(msgArchiveAll, nil), Data: "ck:c:-:-:0"}}}
	for i, c := range e.categories() {
		rows = append(rows, []Button{{Text: c.Title, Data: "ck:c:" + strconv.Itoa(i) + ":-:0"}})
	}
	return Reply{Text: t.T(msgArchiveChoose, nil), Buttons: rows}
}

func (e *Engine) archiveButton(ctx context.Context, t *Turn) ([]Reply, error) {
	_, rest, _ := splitData(t.In.CallbackData)
	cmd, arg, _ := strings.Cut(rest, ":")
	switch cmd {
	case "cats":
		return []Reply{e.edit(e.categoryMenu(t))}, nil
	case "c":
		cat, month, page, ok := e.parseArchive(arg)
		if !ok {
			return e.invalidButton(t), nil
		}
		r, err := e.archiveList(ctx, t, cat, month, page)
		return []Reply{e.edit(r)}, err
	case "o", "f", "q":
		id, ok := parseID(arg)
		if !ok {
			return e.invalidButton(t), nil
		}
		d, err := e.Disclosures.FindDisclosure(ctx, id)
		if isNotFound(err) {
			return []Reply{t.WithMenu(msgErrorNotFound, nil)}, nil
		}
		if err != nil {
			return nil, fmt.Errorf("flows: disclosure: %w", err)
		}
		switch cmd {
		case "o":
			return []Reply{e.disclosureCard(t, d)}, nil
		case "f":
			if len(d.Attachments) == 0 {
				return []Reply{t.Say(msgReachFilesNone, nil)}, nil
			}
			return []Reply{e.filesReply(t, d.Title, d.Attachments)}, nil
		}
		t.Begin(flowArchive, archiveAsk)
		t.Set("d", itoa(d.ID))
		return []Reply{t.Say(msgAskPrompt, map[string]any{"Title": clip(d.Title, 120)})}, nil
	}
	return e.invalidButton(t), nil
}

// parseArchive reads "<category|->:<yyyymm|->:<page>".
func (e *Engine) parseArchive(s string) (cat int, month string, page int, ok bool) {
	p := strings.Split(s, ":")
	if len(p) != 3 {
		return 0, "", 0, false
	}
	cat = -1
	if p[0] != "-" {
		if cat, ok = indexIn(p[0], len(e.categories())); !ok {
			return 0, "", 0, false
		}
	}
	if p[1] != "-" {
		if _, err := time.Parse("200601", p[1]); err != nil || len(p[1]) != 6 {
			return 0, "", 0, false
		}
	}
	page, ok = indexIn(p[2], 10000)
	return cat, p[1], page, ok
}

// monthStart is the first instant of the month yyyymm in the unit's zone.
func (e *Engine) monthStart(yyyymm string) time.Time {
	m, _ := time.ParseInLocation("200601", yyyymm, e.Settings.Location())
	return m
}

func (e *Engine) monthOf(t time.Time) string { return t.In(e.Settings.Location()).Format("200601") }

// archiveList is one page of a category's items in a month, with buttons to
// the month before and after.
func (e *Engine) archiveList(ctx context.Context, t *Turn, cat int, month string, page int) (Reply, error) {
	f := danchu.DisclosureFilter{}
	catArg, catName := "-", t.T(msgArchiveAll, nil)
	if cat >= 0 {
		f.Category, catArg, catName = e.categories()[cat].Key, strconv.Itoa(cat), e.categories()[cat].Title
	}
	if month == "-" {
		month = e.monthOf(t.Now())
		newest, _, err := e.Disclosures.ListDisclosures(ctx, danchu.DisclosureFilter{Category: f.Category, Limit: 1})
		if err != nil {
			return Reply{}, fmt.Errorf("flows: archive: %w", err)
		}
		if len(newest) > 0 {
			month = e.monthOf(newest[0].PublishedAt)
		}
	}
	from := e.monthStart(month)
	f.From, f.To, f.Offset, f.Limit = from, from.AddDate(0, 1, 0), page*pageSize, pageSize
	list, total, err := e.Disclosures.ListDisclosures(ctx, f)
	if err != nil {
		return Reply{}, fmt.Errorf("flows: archive: %w", err)
	}
	lines := []string{t.T(msgArchiveTitle, map[string]any{"Category": catName, "Month": from.Format("01/2006"), "Total": total})}
	var rows [][]Button
	for i, d := range list {
		label := fmt.Sprintf("%d. %s · %s", page*pageSize+i+1, e.date(d.PublishedAt), d.Title)
		lines = append(lines, clip(label, 200))
		rows = append(rows, []Button{{Text: clip(label, 60), Data: "ck:o:" + itoa(d.ID)}})
	}
	if total == 0 {
		lines = append(lines, t.T(msgArchiveEmpty, nil))
	}
	if row := pager(t, "ck:c:"+catArg+":"+month+":", page, total); row != nil {
		rows = append(rows, row)
	}
	nav := []Button{{Text: t.T(msgMonthPrev, nil), Data: "ck:c:" + catArg + ":" + e.monthOf(from.AddDate(0, -1, 0)) + ":0"}}
	if next := from.AddDate(0, 1, 0); !next.After(t.Now()) {
		nav = append(nav, Button{Text: t.T(msgMonthNext, nil), Data: "ck:c:" + catArg + ":" + e.monthOf(next) + ":0"})
	}
	rows = append(rows, nav, []Button{{Text: t.T(msgArchiveCategories, nil), Data: "ck:cats"}})
	return Reply{Text: clip(strings.Join(lines, "\n"), maxText), Buttons: rows}, nil
}

// disclosureText is a disclosure as its recipients read it.
func (e *Engine) disclosureText(lang string, d *danchu.Disclosure) string {
	return clip(e.tr(lang, msgDisclosureText, map[string]any{
		"Category": e.categoryTitle(d.Category), "Title": d.Title, "Body": d.Body,
		"From": e.date(d.PostedFrom), "Until": e.date(d.PostedUntil)}), maxText)
}

// disclosureButtons: a question about it, and its files.
func (e *Engine) disclosureButtons(lang string, d *danchu.Disclosure) [][]danchu.OutboxButton {
	rows := [][]danchu.OutboxButton{{{Text: e.tr(lang, msgAskButton, nil), Data: "ck:q:" + itoa(d.ID)}}}
	if len(d.Attachments) > 0 {
		rows = append(rows, e.filesButton(lang, flowArchive, d.ID, len(d.Attachments)))
	}
	return rows
}

func (e *Engine) disclosureCard(t *Turn, d *danchu.Disclosure) Reply {
	var rows [][]Button
	for _, row := range e.disclosureButtons(t.Lang(), d) {
		rows = append(rows, []Button{{Text: row[0].Text, Data: row[0].Data}})
	}
	back := "ck:c:" + strconv.Itoa(e.categoryIndex(d.Category)) + ":" + e.monthOf(d.PublishedAt) + ":0"
	if e.categoryIndex(d.Category) < 0 {
		back = "ck:cats"
	}
	rows = append(rows, []Button{{Text: t.T(msgButtonBack, nil), Data: back}})
	return Reply{Text: e.disclosureText(t.Lang(), d), Buttons: rows}
}

// archiveStep takes the question being asked.
func (e *Engine) archiveStep(ctx context.Context, t *Turn) ([]Reply, error) {
	id, ok := parseID(t.Get("d"))
	if t.Session.State != archiveAsk || !ok {
		t.Leave()
		return []Reply{t.WithMenu(msgHintMenu, nil)}, nil
	}
	text := tidy(t.In.Text)
	if text == "" {
		return []Reply{t.Say(msgAskEmpty, nil)}, nil
	}
	if runes(text) > maxQuestion {
		return []Reply{t.Say(msgSendTooLong, map[string]any{"Max": maxQuestion})}, nil
	}
	d, err := e.Disclosures.FindDisclosure(ctx, id)
	if isNotFound(err) {
		t.Leave()
		return []Reply{t.WithMenu(msgErrorNotFound, nil)}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: ask: %w", err)
	}
	q := &danchu.DisclosureQuestion{DisclosureID: d.ID, ResidentID: t.Resident.ID, Text: text, AskedAt: t.Now()}
	if err := e.Disclosures.AskQuestion(ctx, q); err != nil {
		return nil, fmt.Errorf("flows: ask: %w", err)
	}
	t.Leave()
	if err := e.notifyQuestion(ctx, d, q); err != nil {
		return nil, err
	}
	return []Reply{t.WithMenu(msgAskSent, map[string]any{"Title": clip(d.Title, 120)})}, nil
}

// notifyQuestion tells the chairman and officials of a new question, with
// a button that opens it.
func (e *Engine) notifyQuestion(ctx context.Context, d *danchu.Disclosure, q *danchu.DisclosureQuestion) error {
	ids, err := e.staffWith(ctx, danchu.RoleChairman, danchu.RoleOfficial)
	if err != nil {
		return err
	}
	var ns []notice
	for _, id := range ids {
		ns = append(ns, notice{to: id, kind: "disclosure.question", priority: danchu.PriorityPersonal,
			dedup: "question:" + itoa(q.ID) + ":to:" + itoa(id),
			text: func(lang string) string {
				return e.tr(lang, msgQuestionNew, map[string]any{"Title": clip(d.Title, 120), "Text": clip(q.Text, 300)})
			},
			buttons: func(lang string) [][]danchu.OutboxButton {
				return [][]danchu.OutboxButton{{{Text: e.tr(lang, msgQuestionAnswerButton, nil), Data: "cb:qa:" + itoa(q.ID)}}}
			}})
	}
	return e.enqueue(ctx, ns...)
}
