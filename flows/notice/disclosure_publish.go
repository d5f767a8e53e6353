package notice

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"danchu/flows"

	"danchu"
)

// "Công bố" (/cong_bo), for the chairman and officials: publish a
// disclosure to the residents who receive its category, answer residents'
// questions about disclosures (disclosure_answer.go), and read the register
// of what was disclosed.
//
//	cb:new                  write a new item
//	cb:k:<category>         its category (an index)
//	cb:pd                   the category's posting period
//	cb:ok, cb:no            publish, give up
//	cb:stop:<broadcast>     stop its broadcast
//	cb:rg:<yyyymm>          the register of a month
//	cb:ql:<page>, cb:qo:<q>, cb:qa:<q>   questions (disclosure_answer.go)
//
// Every press asks danchu.CanPublish again.

type publishState string

const (
	pubCategory publishState = "category"
	pubTitle    publishState = "title"
	pubBody     publishState = "body"
	pubPeriod   publishState = "period"
	pubReview   publishState = "review"
	pubAnswer   publishState = "answer"
)

// maxPostingDays bounds a typed posting period.
const maxPostingDays = 3650

// drafted is the disclosure being written, kept in the session.
type drafted struct {
	Category string              `json:"category"`
	Title    string              `json:"title,omitempty"`
	Body     string              `json:"body,omitempty"`
	Days     int                 `json:"days,omitempty"`
	Files    []danchu.Attachment `json:"files,omitempty"`
}

func loadDrafted(t *flows.Turn) (*drafted, bool) {
	var d drafted
	if t.Session.Flow != flowPublish || json.Unmarshal([]byte(t.Get("d")), &d) != nil {
		return nil, false
	}
	return &d, true
}

func keepDrafted(t *flows.Turn, d *drafted, state publishState) {
	raw, _ := json.Marshal(d) // plain fields: cannot fail
	t.Session.State = string(state)
	t.Set("d", string(raw))
}

func (a *Area) publishStart(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	if !danchu.CanPublish(t.Roles) {
		return []flows.Reply{t.WithMenu(flows.MsgStaffOnly, nil)}, nil
	}
	_, open, err := a.Disclosures.ListQuestions(ctx, true, 0, 1)
	if err != nil {
		return nil, fmt.Errorf("flows: questions: %w", err)
	}
	return []flows.Reply{{Text: t.T(msgPublishMenu, nil), Buttons: [][]flows.Button{
		{{Text: t.T(msgPublishNew, nil), Data: "cb:new"}},
		{{Text: t.T(msgPublishQuestions, map[string]any{"Count": open}), Data: "cb:ql:0"}},
		{{Text: t.T(msgPublishRegister, nil), Data: "cb:rg:" + a.MonthOf(t.Now())}},
	}}}, nil
}

func (a *Area) publishButton(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	if !danchu.CanPublish(t.Roles) {
		t.Leave()
		return []flows.Reply{t.WithMenu(flows.MsgStaffOnly, nil)}, nil
	}
	_, rest, _ := flows.SplitData(t.In.CallbackData)
	cmd, arg, _ := strings.Cut(rest, ":")
	switch cmd {
	case "new":
		var rows [][]flows.Button
		for i, c := range a.categories() {
			rows = append(rows, []flows.Button{{Text: c.Title, Data: "cb:k:" + strconv.Itoa(i)}})
		}
		rows = append(rows, []flows.Button{{Text: t.T(msgSendNo, nil), Data: "cb:no"}})
		t.Begin(flowPublish, string(pubCategory))
		keepDrafted(t, &drafted{}, pubCategory)
		return []flows.Reply{a.Edit(flows.Reply{Text: t.T(msgPublishCategory, nil), Buttons: rows})}, nil
	case "stop":
		return a.stopBroadcast(ctx, t, arg)
	case "rg":
		if _, err := time.Parse("200601", arg); err != nil || len(arg) != 6 {
			return t.InvalidButton(), nil
		}
		r, err := a.register(ctx, t, arg)
		return []flows.Reply{a.Edit(r)}, err
	case "ql", "qo", "qa":
		return a.questionButton(ctx, t, cmd, arg)
	}
	d, ok := loadDrafted(t)
	if !ok {
		return t.InvalidButton(), nil
	}
	state := publishState(t.Session.State)
	switch {
	case rest == "no":
		t.Leave()
		return []flows.Reply{a.Edit(t.Say(msgSendDropped, nil)), t.WithMenu(flows.MsgHintMenu, nil)}, nil
	case state == pubCategory && cmd == "k":
		i, ok := flows.IndexIn(arg, len(a.categories()))
		if !ok {
			return t.InvalidButton(), nil
		}
		d.Category = a.categories()[i].Key
		keepDrafted(t, d, pubTitle)
		return []flows.Reply{a.Edit(t.Say(msgPublishCategoryChosen, map[string]any{"Category": a.categories()[i].Title})),
			t.Say(msgPublishAskTitle, nil)}, nil
	case state == pubPeriod && rest == "pd":
		c, _ := a.Settings.Disclosures.Category(d.Category)
		d.Days = c.PostingDays
		return a.publishReview(ctx, t, d)
	case state == pubReview && rest == "ok":
		return a.publish(ctx, t, d)
	}
	return t.InvalidButton(), nil
}

func (a *Area) publishStep(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	if !danchu.CanPublish(t.Roles) {
		t.Leave()
		return []flows.Reply{t.WithMenu(flows.MsgStaffOnly, nil)}, nil
	}
	if publishState(t.Session.State) == pubAnswer {
		return a.answerStep(ctx, t)
	}
	d, ok := loadDrafted(t)
	if !ok {
		t.Leave()
		return []flows.Reply{t.WithMenu(flows.MsgHintMenu, nil)}, nil
	}
	text := flows.Tidy(t.In.Text)
	files := inputFiles(t.In)
	if len(d.Files)+len(files) > maxNoticeFiles {
		return []flows.Reply{t.Say(msgSendTooManyFiles, map[string]any{"Max": maxNoticeFiles})}, nil
	}
	switch state := publishState(t.Session.State); state {
	case pubTitle:
		if text == "" || flows.Runes(text) > maxTitle {
			return []flows.Reply{t.Say(msgSendTooLong, map[string]any{"Max": maxTitle})}, nil
		}
		d.Title = text
		keepDrafted(t, d, pubBody)
		return []flows.Reply{t.Say(msgPublishAskBody, nil)}, nil
	case pubBody, pubPeriod, pubReview:
		if flows.Runes(text) > flows.MaxContent {
			return []flows.Reply{t.Say(msgSendTooLong, map[string]any{"Max": flows.MaxContent})}, nil
		}
		d.Files = append(d.Files, files...)
		switch {
		case state == pubPeriod && text != "" && len(files) == 0:
			days, err := strconv.Atoi(text)
			if err != nil || days < 1 || days > maxPostingDays {
				return []flows.Reply{t.Say(msgPublishBadDays, nil)}, nil
			}
			d.Days = days
			return a.publishReview(ctx, t, d)
		case text != "":
			d.Body = text
		case d.Body == "":
			keepDrafted(t, d, pubBody)
			return []flows.Reply{t.Say(msgPublishAskBody, nil)}, nil
		}
		if state == pubReview {
			return a.publishReview(ctx, t, d)
		}
		var got []flows.Reply
		if len(files) > 0 {
			got = append(got, t.Say(msgSendFilesAttached, map[string]any{"Count": len(d.Files)}))
		}
		return append(got, a.askPeriod(t, d)...), nil
	}
	return []flows.Reply{t.WithMenu(flows.MsgHintMenu, nil)}, nil
}

// askPeriod offers the category's posting period, or a number of days.
func (a *Area) askPeriod(t *flows.Turn, d *drafted) []flows.Reply {
	keepDrafted(t, d, pubPeriod)
	c, _ := a.Settings.Disclosures.Category(d.Category)
	until := a.Date(t.Now().AddDate(0, 0, c.PostingDays))
	return []flows.Reply{{Text: t.T(msgPublishAskPeriod, nil), Buttons: [][]flows.Button{
		{{Text: t.T(msgPublishDefaultPeriod, map[string]any{"Days": c.PostingDays, "Until": until}), Data: "cb:pd"}},
	}}}
}

// disclosure is the item as it will be stored, posted from now.
func (d *drafted) disclosure(publisher int64, now time.Time) *danchu.Disclosure {
	return &danchu.Disclosure{Category: d.Category, Title: d.Title, Body: d.Body, Attachments: d.Files,
		PostedFrom: now, PostedUntil: now.AddDate(0, 0, d.Days), PublisherID: publisher}
}

// recipientsOf lists the residents who receive the category.
func (a *Area) recipientsOf(ctx context.Context, category string) ([]*danchu.Resident, error) {
	all, err := a.AudienceResidents(ctx, danchu.Audience{All: true})
	if err != nil {
		return nil, err
	}
	out, err := a.Disclosures.OptedOutOf(ctx, category)
	if err != nil {
		return nil, fmt.Errorf("flows: opted out: %w", err)
	}
	return slices.DeleteFunc(all, func(r *danchu.Resident) bool { _, found := slices.BinarySearch(out, r.ID); return found }), nil
}

func (a *Area) publishReview(ctx context.Context, t *flows.Turn, d *drafted) ([]flows.Reply, error) {
	to, err := a.recipientsOf(ctx, d.Category)
	if err != nil {
		return nil, err
	}
	keepDrafted(t, d, pubReview)
	lines := []string{t.T(msgSendReview, nil), "", a.disclosureText(t.Lang(), d.disclosure(t.Resident.ID, t.Now()))}
	if len(d.Files) > 0 {
		lines = append(lines, "", t.T(msgSendFilesAttached, map[string]any{"Count": len(d.Files)}))
	}
	lines = append(lines, "", t.T(msgPublishReach, map[string]any{"Count": flows.Count(t.Lang(), len(to))}), t.T(msgSendReviewHint, nil))
	return []flows.Reply{{Text: flows.Clip(strings.Join(lines, "\n"), flows.MaxText), Buttons: [][]flows.Button{
		{{Text: t.T(msgPublishOK, nil), Data: "cb:ok"}, {Text: t.T(msgSendNo, nil), Data: "cb:no"}},
	}}}, nil
}

// publish stores the disclosure, its broadcast to the residents who receive
// its category and one outbox message each.
func (a *Area) publish(ctx context.Context, t *flows.Turn, d *drafted) ([]flows.Reply, error) {
	if _, ok := a.Settings.Disclosures.Category(d.Category); !ok || d.Title == "" || d.Body == "" || d.Days < 1 {
		t.Leave()
		return []flows.Reply{t.WithMenu(flows.MsgErrorInvalid, nil)}, nil
	}
	to, err := a.recipientsOf(ctx, d.Category)
	if err != nil {
		return nil, err
	}
	item := d.disclosure(t.Resident.ID, t.Now())
	b := &danchu.Broadcast{Kind: danchu.BroadcastDisclosure, SenderID: t.Resident.ID, Audience: danchu.Audience{All: true},
		ChatID: t.In.ChatID, ProgressMsgID: t.In.CallbackMessageID, Lang: t.Lang()}
	err = a.Disclosures.PublishDisclosure(ctx, item, b, func(id, _ int64) ([]*danchu.OutboxMessage, error) {
		item.ID = id
		return flows.BroadcastMessages(to, "disclosure",
			func(lang string) string { return a.disclosureText(lang, item) },
			func(lang string) [][]danchu.OutboxButton { return a.disclosureButtons(lang, item) }), nil
	})
	if err != nil {
		return nil, fmt.Errorf("flows: publish disclosure: %w", err)
	}
	t.Leave()
	return a.startProgress(ctx, t, b)
}

// register is the register of disclosures of a month: what, when, which
// category, to how many residents, how many reached.
func (a *Area) register(ctx context.Context, t *flows.Turn, month string) (flows.Reply, error) {
	from := a.MonthStart(month)
	records, err := a.Disclosures.DisclosureRegister(ctx, from, from.AddDate(0, 1, 0))
	if err != nil {
		return flows.Reply{}, fmt.Errorf("flows: register: %w", err)
	}
	lang := t.Lang()
	lines := []string{t.T(msgRegisterTitle, map[string]any{"Month": from.Format("01/2006"), "Total": len(records)})}
	for i, r := range records {
		c := r.Counts
		lines = append(lines, t.T(msgRegisterLine, map[string]any{
			"N": i + 1, "At": a.DateTime(r.Disclosure.PublishedAt), "Category": a.categoryTitle(r.Disclosure.Category),
			"Title": flows.Clip(r.Disclosure.Title, 80), "Total": flows.Count(lang, c.Total()), "Sent": flows.Count(lang, c.Sent),
			"NotReached": flows.Count(lang, c.NotReached()), "Open": flows.Count(lang, c.Open())}))
	}
	if len(records) == 0 {
		lines = append(lines, t.T(msgArchiveEmpty, nil))
	}
	nav := []flows.Button{{Text: t.T(msgMonthPrev, nil), Data: "cb:rg:" + a.MonthOf(from.AddDate(0, -1, 0))}}
	if next := from.AddDate(0, 1, 0); !next.After(t.Now()) {
		nav = append(nav, flows.Button{Text: t.T(msgMonthNext, nil), Data: "cb:rg:" + a.MonthOf(next)})
	}
	return flows.Reply{Text: flows.Clip(strings.Join(lines, "\n"), flows.MaxText), Buttons: [][]flows.Button{nav}}, nil
}
