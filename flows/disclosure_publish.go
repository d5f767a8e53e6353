package flows

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

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

func loadDrafted(t *Turn) (*drafted, bool) {
	var d drafted
	if t.Session.Flow != flowPublish || json.Unmarshal([]byte(t.Get("d")), &d) != nil {
		return nil, false
	}
	return &d, true
}

func keepDrafted(t *Turn, d *drafted, state publishState) {
	raw, _ := json.Marshal(d) // plain fields: cannot fail
	t.Session.State = string(state)
	t.Set("d", string(raw))
}

func (e *Engine) publishStart(ctx context.Context, t *Turn) ([]Reply, error) {
	if !danchu.CanPublish(t.Roles) {
		return []Reply{t.WithMenu(msgStaffOnly, nil)}, nil
	}
	_, open, err := e.Disclosures.ListQuestions(ctx, true, 0, 1)
	if err != nil {
		return nil, fmt.Errorf("flows: questions: %w", err)
	}
	return []Reply{{Text: t.T(msgPublishMenu, nil), Buttons: [][]Button{
		{{Text: t.T(msgPublishNew, nil), Data: "cb:new"}},
		{{Text: t.T(msgPublishQuestions, map[string]any{"Count": open}), Data: "cb:ql:0"}},
		{{Text: t.T(msgPublishRegister, nil), Data: "cb:rg:" + e.monthOf(t.Now())}},
	}}}, nil
}

func (e *Engine) publishButton(ctx context.Context, t *Turn) ([]Reply, error) {
	if !danchu.CanPublish(t.Roles) {
		t.Leave()
		return []Reply{t.WithMenu(msgStaffOnly, nil)}, nil
	}
	_, rest, _ := splitData(t.In.CallbackData)
	cmd, arg, _ := strings.Cut(rest, ":")
	switch cmd {
	case "new":
		var rows [][]Button
		for i, c := range e.categories() {
			rows = append(rows, []Button{{Text: c.Title, Data: "cb:k:" + strconv.Itoa(i)}})
		}
		rows = append(rows, []Button{{Text: t.T(msgSendNo, nil), Data: "cb:no"}})
		t.Begin(flowPublish, string(pubCategory))
		keepDrafted(t, &drafted{}, pubCategory)
		return []Reply{e.edit(Reply{Text: t.T(msgPublishCategory, nil), Buttons: rows})}, nil
	case "stop":
		return e.stopBroadcast(ctx, t, arg)
	case "rg":
		if _, err := time.Parse("200601", arg); err != nil || len(arg) != 6 {
			return e.invalidButton(t), nil
		}
		r, err := e.register(ctx, t, arg)
		return []Reply{e.edit(r)}, err
	case "ql", "qo", "qa":
		return e.questionButton(ctx, t, cmd, arg)
	}
	d, ok := loadDrafted(t)
	if !ok {
		return e.invalidButton(t), nil
	}
	state := publishState(t.Session.State)
	switch {
	case rest == "no":
		t.Leave()
		return []Reply{e.edit(t.Say(msgSendDropped, nil)), t.WithMenu(msgHintMenu, nil)}, nil
	case state == pubCategory && cmd == "k":
		i, ok := indexIn(arg, len(e.categories()))
		if !ok {
			return e.invalidButton(t), nil
		}
		d.Category = e.categories()[i].Key
		keepDrafted(t, d, pubTitle)
		return []Reply{e.edit(t.Say(msgPublishCategoryChosen, map[string]any{"Category": e.categories()[i].Title})),
			t.Say(msgPublishAskTitle, nil)}, nil
	case state == pubPeriod && rest == "pd":
		c, _ := e.Settings.Disclosures.Category(d.Category)
		d.Days = c.PostingDays
		return e.publishReview(ctx, t, d)
	case state == pubReview && rest == "ok":
		return e.publish(ctx, t, d)
	}
	return e.invalidButton(t), nil
}

func (e *Engine) publishStep(ctx context.Context, t *Turn) ([]Reply, error) {
	if !danchu.CanPublish(t.Roles) {
		t.Leave()
		return []Reply{t.WithMenu(msgStaffOnly, nil)}, nil
	}
	if publishState(t.Session.State) == pubAnswer {
		return e.answerStep(ctx, t)
	}
	d, ok := loadDrafted(t)
	if !ok {
		t.Leave()
		return []Reply{t.WithMenu(msgHintMenu, nil)}, nil
	}
	text := tidy(t.In.Text)
	files := inputFiles(t.In)
	if len(d.Files)+len(files) > maxNoticeFiles {
		return []Reply{t.Say(msgSendTooManyFiles, map[string]any{"Max": maxNoticeFiles})}, nil
	}
	switch state := publishState(t.Session.State); state {
	case pubTitle:
		if text == "" || runes(text) > maxTitle {
			return []Reply{t.Say(msgSendTooLong, map[string]any{"Max": maxTitle})}, nil
		}
		d.Title = text
		keepDrafted(t, d, pubBody)
		return []Reply{t.Say(msgPublishAskBody, nil)}, nil
	case pubBody, pubPeriod, pubReview:
		if runes(text) > maxContent {
			return []Reply{t.Say(msgSendTooLong, map[string]any{"Max": maxContent})}, nil
		}
		d.Files = append(d.Files, files...)
		switch {
		case state == pubPeriod && text != "" && len(files) == 0:
			days, err := strconv.Atoi(text)
			if err != nil || days < 1 || days > maxPostingDays {
				return []Reply{t.Say(msgPublishBadDays, nil)}, nil
			}
			d.Days = days
			return e.publishReview(ctx, t, d)
		case text != "":
			d.Body = text
		case d.Body == "":
			keepDrafted(t, d, pubBody)
			return []Reply{t.Say(msgPublishAskBody, nil)}, nil
		}
		if state == pubReview {
			return e.publishReview(ctx, t, d)
		}
		var got []Reply
		if len(files) > 0 {
			got = append(got, t.Say(msgSendFilesAttached, map[string]any{"Count": len(d.Files)}))
		}
		return append(got, e.askPeriod(t, d)...), nil
	}
	return []Reply{t.WithMenu(msgHintMenu, nil)}, nil
}

// askPeriod offers the category's posting period, or a number of days.
func (e *Engine) askPeriod(t *Turn, d *drafted) []Reply {
	keepDrafted(t, d, pubPeriod)
	c, _ := e.Settings.Disclosures.Category(d.Category)
	until := e.date(t.Now().AddDate(0, 0, c.PostingDays))
	return []Reply{{Text: t.T(msgPublishAskPeriod, nil), Buttons: [][]Button{
		{{Text: t.T(msgPublishDefaultPeriod, map[string]any{"Days": c.PostingDays, "Until": until}), Data: "cb:pd"}},
	}}}
}

// disclosure is the item as it will be stored, posted from now.
func (d *drafted) disclosure(publisher int64, now time.Time) *danchu.Disclosure {
	return &danchu.Disclosure{Category: d.Category, Title: d.Title, Body: d.Body, Attachments: d.Files,
		PostedFrom: now, PostedUntil: now.AddDate(0, 0, d.Days), PublisherID: publisher}
}

// recipientsOf lists the residents who receive the category.
func (e *Engine) recipientsOf(ctx context.Context, category string) ([]*danchu.Resident, error) {
	all, err := e.audienceResidents(ctx, danchu.Audience{All: true})
	if err != nil {
		return nil, err
	}
	out, err := e.Disclosures.OptedOutOf(ctx, category)
	if err != nil {
		return nil, fmt.Errorf("flows: opted out: %w", err)
	}
	return slices.DeleteFunc(all, func(r *danchu.Resident) bool { _, found := slices.BinarySearch(out, r.ID); return found }), nil
}

func (e *Engine) publishReview(ctx context.Context, t *Turn, d *drafted) ([]Reply, error) {
	to, err := e.recipientsOf(ctx, d.Category)
	if err != nil {
		return nil, err
	}
	keepDrafted(t, d, pubReview)
	lines := []string{t.T(msgSendReview, nil), "", e.disclosureText(t.Lang(), d.disclosure(t.Resident.ID, t.Now()))}
	if len(d.Files) > 0 {
		lines = append(lines, "", t.T(msgSendFilesAttached, map[string]any{"Count": len(d.Files)}))
	}
	lines = append(lines, "", t.T(msgPublishReach, map[string]any{"Count": count(t.Lang(), len(to))}), t.T(msgSendReviewHint, nil))
	return []Reply{{Text: clip(strings.Join(lines, "\n"), maxText), Buttons: [][]Button{
		{{Text: t.T(msgPublishOK, nil), Data: "cb:ok"}, {Text: t.T(msgSendNo, nil), Data: "cb:no"}},
	}}}, nil
}

// publish stores the disclosure, its broadcast to the residents who receive
// its category and one outbox message each.
func (e *Engine) publish(ctx context.Context, t *Turn, d *drafted) ([]Reply, error) {
	if _, ok := e.Settings.Disclosures.Category(d.Category); !ok || d.Title == "" || d.Body == "" || d.Days < 1 {
		t.Leave()
		return []Reply{t.WithMenu(msgErrorInvalid, nil)}, nil
	}
	to, err := e.recipientsOf(ctx, d.Category)
	if err != nil {
		return nil, err
	}
	item := d.disclosure(t.Resident.ID, t.Now())
	b := &danchu.Broadcast{Kind: danchu.BroadcastDisclosure, SenderID: t.Resident.ID, Audience: danchu.Audience{All: true},
		ChatID: t.In.ChatID, ProgressMsgID: t.In.CallbackMessageID, Lang: t.Lang()}
	err = e.Disclosures.PublishDisclosure(ctx, item, b, func(id, _ int64) ([]*danchu.OutboxMessage, error) {
		item.ID = id
		return broadcastMessages(to, "disclosure",
			func(lang string) string { return e.disclosureText(lang, item) },
			func(lang string) [][]danchu.OutboxButton { return e.disclosureButtons(lang, item) }), nil
	})
	if err != nil {
		return nil, fmt.Errorf("flows: publish disclosure: %w", err)
	}
	t.Leave()
	return e.startProgress(ctx, t, b)
}

// register is the register of disclosures of a month: what, when, which
// category, to how many residents, how many reached.
func (e *Engine) register(ctx context.Context, t *Turn, month string) (Reply, error) {
	from := e.monthStart(month)
	records, err := e.Disclosures.DisclosureRegister(ctx, from, from.AddDate(0, 1, 0))
	if err != nil {
		return Reply{}, fmt.Errorf("flows: register: %w", err)
	}
	lang := t.Lang()
	lines := []string{t.T(msgRegisterTitle, map[string]any{"Month": from.Format("01/2006"), "Total": len(records)})}
	for i, r := range records {
		c := r.Counts
		lines = append(lines, t.T(msgRegisterLine, map[string]any{
			"N": i + 1, "At": e.dateTime(r.Disclosure.PublishedAt), "Category": e.categoryTitle(r.Disclosure.Category),
			"Title": clip(r.Disclosure.Title, 80), "Total": count(lang, c.Total()), "Sent": count(lang, c.Sent),
			"NotReached": count(lang, c.NotReached()), "Open": count(lang, c.Open())}))
	}
	if len(records) == 0 {
		lines = append(lines, t.T(msgArchiveEmpty, nil))
	}
	nav := []Button{{Text: t.T(msgMonthPrev, nil), Data: "cb:rg:" + e.monthOf(from.AddDate(0, -1, 0))}}
	if next := from.AddDate(0, 1, 0); !next.After(t.Now()) {
		nav = append(nav, Button{Text: t.T(msgMonthNext, nil), Data: "cb:rg:" + e.monthOf(next)})
	}
	return Reply{Text: clip(strings.Join(lines, "\n"), maxText), Buttons: [][]Button{nav}}, nil
}
