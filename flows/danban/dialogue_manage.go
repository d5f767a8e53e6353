package danban

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"danchu/flows"

	"danchu"
)

// The staff's side of dialogues (danchu.MayHoldDialogue: the chairman and
// officials).
//
//	dt:new, dt:f:<i|->, dt:g:<group|->, dt:a:all|nb:<i>|ok, dt:ok, dt:x   a new dialogue
//	dt:ag:<dialogue>               the agenda, as a message and a file
//	dt:mq:<dialogue>:<page>        the questions with their actions
//	dt:mg:<question>               merge: choose the question it duplicates
//	dt:mt:<dup>:<into>             merge dup into into
//	dt:hd:<question>               hide, with a reason typed
//	dt:an:<question>               answer: at the session, or in writing
//	dt:as:<question>, dt:aw:<question>, dt:at:<question>  type the summary, the due date, the written answer

// keyDlgNew holds the dialogue being created, as JSON.
const keyDlgNew = "new"

func loadNewDialogue(t *flows.Turn) *danchu.Dialogue {
	var d danchu.Dialogue
	if err := json.Unmarshal([]byte(t.Get(keyDlgNew)), &d); err != nil {
		return &danchu.Dialogue{}
	}
	return &d
}

func keepNewDialogue(t *flows.Turn, d *danchu.Dialogue, state dialogueState) {
	raw, _ := json.Marshal(d) // a plain struct: cannot fail
	t.Set(keyDlgNew, string(raw))
	t.Session.State = string(state)
}

func (a *Area) manageDialogueButton(ctx context.Context, t *flows.Turn, cmd, arg string) ([]flows.Reply, error) {
	if !danchu.MayHoldDialogue(t.Actor()) {
		return t.InvalidButton(), nil
	}
	switch cmd {
	case "new":
		t.Begin(flowDialogue, string(dlgNewTopic))
		keepNewDialogue(t, &danchu.Dialogue{}, dlgNewTopic)
		return []flows.Reply{t.Say(msgDlgNewTopic, map[string]any{"Max": danchu.MaxDialogueTopic})}, nil
	case "f", "g", "a", "ok", "x":
		return a.newDialogueButton(ctx, t, cmd, arg)
	case "ag":
		return a.dialogueAgenda(ctx, t, arg)
	case "mq":
		return a.dialoguePage(ctx, t, arg, a.manageList)
	case "mg":
		return a.mergeTargets(ctx, t, arg)
	case "mt":
		return a.mergeQuestion(ctx, t, arg)
	case "hd", "an", "as", "aw", "at":
		q, _, err := a.loadQuestion(ctx, t, arg)
		if err != nil || q == nil {
			return t.InvalidButton(), err
		}
		return a.questionAction(t, cmd, q)
	}
	return t.InvalidButton(), nil
}

// questionAction starts hiding or answering a question.
func (a *Area) questionAction(t *flows.Turn, cmd string, q *danchu.Question) ([]flows.Reply, error) {
	lang := t.Lang()
	data := map[string]any{"Number": q.ID, "Value": flows.Clip(q.Text, 300), "Max": danchu.MaxAnswer}
	open := q.Status == danchu.QuestionOpen
	begin := func(state dialogueState, prompt flows.Msg) ([]flows.Reply, error) {
		t.Begin(flowDialogue, string(state))
		t.Set(keyQuestion, flows.Itoa(q.ID))
		return []flows.Reply{{Text: a.Tr(lang, prompt, data)}}, nil
	}
	switch {
	case cmd == "hd" && open:
		data["Max"] = danchu.MaxHideReason
		return begin(dlgHide, msgDlgHideAsk)
	case cmd == "an" && (open || q.Status == danchu.QuestionWritten):
		rows := [][]flows.Button{{{Text: t.T(msgDlgAnswerWrittenNow, nil), Data: flowDialogue + ":at:" + flows.Itoa(q.ID)}}}
		if open {
			rows = [][]flows.Button{
				{{Text: t.T(msgDlgAnswerSession, nil), Data: flowDialogue + ":as:" + flows.Itoa(q.ID)}},
				{{Text: t.T(msgDlgAnswerLater, nil), Data: flowDialogue + ":aw:" + flows.Itoa(q.ID)}},
				rows[0],
			}
		}
		return []flows.Reply{{Text: a.Tr(lang, msgDlgAnswerHow, data), Buttons: rows}}, nil
	case cmd == "as" && open:
		return begin(dlgSummary, msgDlgAskSummary)
	case cmd == "aw" && open:
		data["Date"] = a.Date(t.Now().AddDate(0, 0, 15))
		return begin(dlgDue, msgDlgAskDue)
	case cmd == "at" && (open || q.Status == danchu.QuestionWritten):
		return begin(dlgWritten, msgDlgAskWritten)
	}
	return []flows.Reply{t.Say(msgDlgQuestionDone, map[string]any{"Number": q.ID})}, nil
}

// manageList is a page of every question that is not merged, by support,
// with the actions that fit each.
func (a *Area) manageList(ctx context.Context, t *flows.Turn, d *danchu.Dialogue, page int, note string) (flows.Reply, error) {
	qs, err := a.Dialogues.ListDialogueQuestions(ctx, d.ID)
	if err != nil {
		return flows.Reply{}, fmt.Errorf("flows: questions: %w", err)
	}
	list := danchu.Agenda(qs)
	for _, q := range qs {
		if q.Status == danchu.QuestionHidden {
			list = append(list, q)
		}
	}
	if page*questionsPage >= len(list) {
		page = 0
	}
	end := min(len(list), (page+1)*questionsPage)
	lines := []string{t.T(msgDlgManageTitle, map[string]any{"Value": flows.Clip(d.Topic, 80), "Count": len(list)})}
	if note != "" {
		lines = append([]string{note, ""}, lines...)
	}
	var rows [][]flows.Button
	for _, q := range list[page*questionsPage : end] {
		text := a.questionText(t.Lang(), q)
		if q.Status == danchu.QuestionHidden {
			text = t.T(msgDlgHiddenLine, map[string]any{"Number": q.ID, "Value": flows.Clip(q.Text, 200), "Note": q.HiddenReason})
		}
		lines = append(lines, "", text)
		id := flows.Itoa(q.ID)
		var row []flows.Button
		if q.Status == danchu.QuestionOpen {
			row = append(row,
				flows.Button{Text: t.T(msgDlgMergeButton, map[string]any{"Number": q.ID}), Data: flowDialogue + ":mg:" + id},
				flows.Button{Text: t.T(msgDlgHideButton, nil), Data: flowDialogue + ":hd:" + id})
		}
		if q.Status == danchu.QuestionOpen || q.Status == danchu.QuestionWritten {
			row = append(row, flows.Button{Text: t.T(msgDlgAnswerButton, nil), Data: flowDialogue + ":an:" + id})
		}
		if row != nil {
			rows = append(rows, row)
		}
	}
	prefix := flowDialogue + ":mq:" + flows.Itoa(d.ID) + ":"
	nav := flows.PageNav(t, prefix, page, end < len(list))
	if nav != nil {
		rows = append(rows, nav)
	}
	rows = append(rows, []flows.Button{{Text: t.T(msgDanBack, nil), Data: flowDialogue + ":d:" + flows.Itoa(d.ID)}})
	return flows.Reply{Text: flows.Clip(strings.Join(lines, "\n"), flows.MaxText), Buttons: rows, Edit: t.In.CallbackData != ""}, nil
}

// mergeTargets lists the other open questions the duplicate may join.
func (a *Area) mergeTargets(ctx context.Context, t *flows.Turn, arg string) ([]flows.Reply, error) {
	dup, d, err := a.loadQuestion(ctx, t, arg)
	if err != nil || dup == nil {
		return t.InvalidButton(), err
	}
	qs, err := a.Dialogues.ListDialogueQuestions(ctx, d.ID)
	if err != nil {
		return nil, fmt.Errorf("flows: questions: %w", err)
	}
	var rows [][]flows.Button
	for _, q := range danchu.Agenda(qs) {
		if q.ID != dup.ID && q.Status == danchu.QuestionOpen {
			rows = append(rows, []flows.Button{{Text: "#" + flows.Itoa(q.ID) + " " + flows.Clip(q.Text, 40), Data: flowDialogue + ":mt:" + flows.Itoa(dup.ID) + ":" + flows.Itoa(q.ID)}})
		}
	}
	rows = append(rows, []flows.Button{{Text: t.T(msgDanBack, nil), Data: flowDialogue + ":mq:" + flows.Itoa(d.ID) + ":0"}})
	return []flows.Reply{{Text: t.T(msgDlgMergeAsk, map[string]any{"Number": dup.ID, "Value": flows.Clip(dup.Text, 300)}), Buttons: rows, Edit: true}}, nil
}

func (a *Area) mergeQuestion(ctx context.Context, t *flows.Turn, arg string) ([]flows.Reply, error) {
	parts, ok := splitArgs(arg, 2)
	if !ok {
		return t.InvalidButton(), nil
	}
	dup, d, err := a.loadQuestion(ctx, t, parts[0])
	if err != nil || dup == nil {
		return t.InvalidButton(), err
	}
	into, d2, err := a.loadQuestion(ctx, t, parts[1])
	if err != nil || into == nil || d2.ID != d.ID {
		return t.InvalidButton(), err
	}
	err = a.Dialogues.MergeQuestion(ctx, dup.ID, into.ID, t.Resident.ID, t.Now())
	if danchu.ErrorCode(err) == danchu.EINVALID {
		return []flows.Reply{t.Say(msgDlgQuestionDone, map[string]any{"Number": dup.ID})}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: merge question: %w", err)
	}
	if err := a.audit(ctx, t.Resident.ID, "dialogue.merge", "question:"+flows.Itoa(dup.ID), "into:"+flows.Itoa(into.ID)); err != nil {
		return nil, err
	}
	if err := a.notifyMerged(ctx, d, dup, into); err != nil {
		return nil, err
	}
	r, err := a.manageList(ctx, t, d, 0, t.T(msgDlgMerged, map[string]any{"Number": dup.ID, "To": into.ID}))
	return []flows.Reply{r}, err
}

// agenda is the visible questions by support, as a message and a file for
// the chairman.
func (a *Area) dialogueAgenda(ctx context.Context, t *flows.Turn, arg string) ([]flows.Reply, error) {
	d, err := a.loadDialogue(ctx, t, arg)
	if err != nil || d == nil {
		return t.InvalidButton(), err
	}
	qs, err := a.Dialogues.ListDialogueQuestions(ctx, d.ID)
	if err != nil {
		return nil, fmt.Errorf("flows: questions: %w", err)
	}
	lang := t.Lang()
	list := danchu.Agenda(qs)
	merged := map[int64]int{}
	for _, q := range qs {
		if q.Status == danchu.QuestionMerged {
			merged[q.MergedInto]++
		}
	}
	head := append(a.dialogueFacts(lang, d), "", t.T(msgDlgAgendaTitle, map[string]any{"Count": len(list)}))
	var items []string
	for i, q := range list {
		asker := a.Tr(lang, msgDlgAskerHidden, nil)
		if q.ShowName && q.AskerName != "" {
			asker = q.AskerName
		}
		item := a.Tr(lang, msgDlgAgendaLine, map[string]any{"Number": i + 1, "Count": q.Supporters, "Value": q.Text, "Name": asker, "Total": q.ID})
		if n := merged[q.ID]; n > 0 {
			item += " " + a.Tr(lang, msgDlgAgendaMerged, map[string]any{"Count": n})
		}
		items = append(items, item)
	}
	if len(items) == 0 {
		items = append(items, t.T(msgDlgAgendaEmpty, nil))
	}
	doc := strings.Join(head, "\n") + "\n\n" + strings.Join(items, "\n\n") + "\n"
	short := make([]string, 0, len(items))
	for _, it := range items {
		short = append(short, flows.Clip(it, 300))
	}
	message := flows.Clip(strings.Join(head, "\n")+"\n\n"+strings.Join(short, "\n"), flows.MaxText)
	return []flows.Reply{
		{Text: message},
		{Text: t.T(msgDlgAgendaCaption, nil), Document: &flows.Attachment{FileName: "chuong-trinh-doi-thoai-" + flows.Itoa(d.ID) + ".txt", Data: []byte(doc)}},
	}, nil
}

// newDialogueButton takes the buttons of a new dialogue.
func (a *Area) newDialogueButton(ctx context.Context, t *flows.Turn, cmd, arg string) ([]flows.Reply, error) {
	if t.Session.Flow != flowDialogue {
		return t.InvalidButton(), nil
	}
	d := loadNewDialogue(t)
	state := dialogueState(t.Session.State)
	switch {
	case cmd == "x":
		t.Leave()
		return []flows.Reply{{Text: t.T(msgDlgNewCancelled, nil), Edit: true}}, nil
	case state == dlgNewField && cmd == "f":
		if arg != "-" {
			i, ok := flows.IndexIn(arg, len(a.Settings.Fields))
			if !ok {
				break
			}
			d.Field = a.Settings.Fields[i]
		}
		keepNewDialogue(t, d, dlgNewGroup)
		rows := [][]flows.Button{{{Text: t.T(msgDlgGroupNone, nil), Data: flowDialogue + ":g:-"}}}
		for _, g := range danchu.DialogueGroups {
			rows = append(rows, []flows.Button{{Text: t.T(groupMessages[g], nil), Data: flowDialogue + ":g:" + string(g)}})
		}
		return []flows.Reply{{Text: t.T(msgDlgNewGroup, nil), Buttons: rows, Edit: true}}, nil
	case state == dlgNewGroup && cmd == "g":
		g := danchu.DialogueGroup(arg)
		if arg == "-" {
			g = danchu.GroupNone
		}
		if !g.Valid() {
			break
		}
		d.Group = g
		if g == danchu.GroupStaff {
			d.Audience = danchu.Audience{Role: danchu.RoleOfficial}
			keepNewDialogue(t, d, dlgNewAt)
			return []flows.Reply{{Text: t.T(msgDlgNewAt, map[string]any{"Date": a.ExampleTime(t.Now().AddDate(0, 0, 7))}), Edit: true}}, nil
		}
		keepNewDialogue(t, d, dlgNewAud)
		return []flows.Reply{a.audiencePicker(t, flowDialogue+":a:", d.Audience, msgDlgNewAudience)}, nil
	case state == dlgNewAud && cmd == "a" && arg == "ok":
		if err := d.Audience.Validate(a.Settings); err != nil {
			return []flows.Reply{a.audiencePicker(t, flowDialogue+":a:", d.Audience, msgDlgNewAudience)}, nil
		}
		keepNewDialogue(t, d, dlgNewAt)
		return []flows.Reply{{Text: t.T(msgDlgNewAt, map[string]any{"Date": a.ExampleTime(t.Now().AddDate(0, 0, 7))}), Edit: true}}, nil
	case state == dlgNewAud && cmd == "a":
		if !a.toggleAudience(&d.Audience, arg) {
			break
		}
		keepNewDialogue(t, d, dlgNewAud)
		return []flows.Reply{a.audiencePicker(t, flowDialogue+":a:", d.Audience, msgDlgNewAudience)}, nil
	case state == dlgNewCheck && cmd == "ok":
		return a.createDialogue(ctx, t, d)
	}
	return t.InvalidButton(), nil
}

// manageDialogueStep takes what staff type: a new dialogue's answers, a
// reason for hiding, an answer.
func (a *Area) manageDialogueStep(ctx context.Context, t *flows.Turn, text string) ([]flows.Reply, error) {
	if !danchu.MayHoldDialogue(t.Actor()) {
		t.Leave()
		return []flows.Reply{t.WithMenu(flows.MsgStaffOnly, nil)}, nil
	}
	now := t.Now()
	d := loadNewDialogue(t)
	switch state := dialogueState(t.Session.State); state {
	case dlgNewTopic:
		if text == "" || flows.Runes(text) > danchu.MaxDialogueTopic {
			return []flows.Reply{t.Say(msgDlgNewTopic, map[string]any{"Max": danchu.MaxDialogueTopic})}, nil
		}
		d.Topic = text
		keepNewDialogue(t, d, dlgNewField)
		rows := [][]flows.Button{{{Text: t.T(msgDlgFieldNone, nil), Data: flowDialogue + ":f:-"}}}
		for i, f := range a.Settings.Fields {
			rows = append(rows, []flows.Button{{Text: f, Data: flowDialogue + ":f:" + strconv.Itoa(i)}})
		}
		return []flows.Reply{{Text: t.T(msgDlgNewField, nil), Buttons: rows}}, nil
	case dlgNewAt:
		at, ok := a.ParseDateTime(text)
		if !ok || !at.After(now) {
			return []flows.Reply{t.Say(msgVoteTimeInvalid, map[string]any{"Date": a.ExampleTime(now.AddDate(0, 0, 7))})}, nil
		}
		d.At = at
		keepNewDialogue(t, d, dlgNewPlace)
		return []flows.Reply{t.Say(msgDlgNewPlace, map[string]any{"Max": danchu.MaxDialoguePlace})}, nil
	case dlgNewPlace:
		if text == "" || flows.Runes(text) > danchu.MaxDialoguePlace {
			return []flows.Reply{t.Say(msgDlgNewPlace, map[string]any{"Max": danchu.MaxDialoguePlace})}, nil
		}
		d.Place = text
		keepNewDialogue(t, d, dlgNewUntil)
		return []flows.Reply{t.Say(msgDlgNewUntil, map[string]any{"At": a.DateTime(d.At), "Date": a.ExampleTime(d.At.AddDate(0, 0, -2))})}, nil
	case dlgNewUntil:
		until, ok := a.ParseDateTime(text)
		if !ok || !until.After(now) || !until.Before(d.At) {
			return []flows.Reply{t.Say(msgDlgNewUntil, map[string]any{"At": a.DateTime(d.At), "Date": a.ExampleTime(d.At.AddDate(0, 0, -2))})}, nil
		}
		d.QuestionsUntil = until
		keepNewDialogue(t, d, dlgNewCheck)
		lines := append([]string{t.T(msgDlgNewReview, nil), ""}, a.dialogueFacts(t.Lang(), d)...)
		return []flows.Reply{{Text: strings.Join(lines, "\n"), Buttons: [][]flows.Button{
			{{Text: t.T(msgDlgCreateButton, nil), Data: flowDialogue + ":ok"}},
			{{Text: t.T(msgVoteNewCancel, nil), Data: flowDialogue + ":x"}},
		}}}, nil
	case dlgHide, dlgSummary, dlgDue, dlgWritten:
		return a.questionTyped(ctx, t, state, text)
	}
	t.Leave()
	return []flows.Reply{t.WithMenu(flows.MsgHintMenu, nil)}, nil
}

func (a *Area) createDialogue(ctx context.Context, t *flows.Turn, d *danchu.Dialogue) ([]flows.Reply, error) {
	now := t.Now()
	d.CreatedBy = t.Resident.ID
	if err := d.Check(a.Settings, now); err != nil {
		t.Leave()
		return []flows.Reply{t.WithMenu(msgDlgNewInvalid, nil)}, nil
	}
	if err := a.Dialogues.CreateDialogue(ctx, d); err != nil {
		return nil, fmt.Errorf("flows: create dialogue: %w", err)
	}
	t.Leave()
	if err := a.audit(ctx, t.Resident.ID, "dialogue.create", "dialogue:"+flows.Itoa(d.ID), ""); err != nil {
		return nil, err
	}
	if err := a.announceDialogue(ctx, d, now); err != nil {
		return nil, err
	}
	card, err := a.dialogueCard(ctx, t, d, t.T(msgDlgCreated, nil))
	return []flows.Reply{card}, err
}

// questionTyped finishes hiding or answering the question in the session.
func (a *Area) questionTyped(ctx context.Context, t *flows.Turn, state dialogueState, text string) ([]flows.Reply, error) {
	q, d, err := a.loadQuestion(ctx, t, t.Get(keyQuestion))
	if err != nil || q == nil {
		t.Leave()
		return t.InvalidButton(), err
	}
	now, qid := t.Now(), q.ID
	limit := danchu.MaxAnswer
	if state == dlgHide {
		limit = danchu.MaxHideReason
	}
	if state != dlgDue && (text == "" || flows.Runes(text) > limit) {
		return []flows.Reply{t.Say(flows.MsgShortInvalid, map[string]any{"Max": limit})}, nil
	}
	answer := danchu.QuestionAnswer{By: t.Resident.ID, At: now, Text: text}
	var action string
	switch state {
	case dlgHide:
		err = a.Dialogues.HideQuestion(ctx, q.ID, text, t.Resident.ID, now)
		action = "dialogue.hide"
	case dlgSummary:
		answer.Kind = danchu.AnswerAtSession
		q, err = a.Dialogues.AnswerDialogueQuestion(ctx, q.ID, answer)
		action = "dialogue.answer"
	case dlgDue:
		day, ok := flows.ParseDay(text, a.Settings.Location())
		if !ok || day.Before(a.Calendar().Day(now)) {
			return []flows.Reply{t.Say(msgDlgAskDue, map[string]any{"Number": q.ID, "Value": flows.Clip(q.Text, 300), "Date": a.Date(now.AddDate(0, 0, 15))})}, nil
		}
		due := a.Calendar().EndOfDay(day)
		answer.Kind, answer.Text, answer.Due = danchu.AnswerInWriting, "", &due
		q, err = a.Dialogues.AnswerDialogueQuestion(ctx, q.ID, answer)
		action = "dialogue.promise"
	case dlgWritten:
		answer.Kind = danchu.AnswerInWriting
		q, err = a.Dialogues.AnswerDialogueQuestion(ctx, q.ID, answer)
		action = "dialogue.answer"
	}
	t.Leave()
	if danchu.ErrorCode(err) == danchu.EINVALID {
		return []flows.Reply{t.WithMenu(msgDlgQuestionDone, map[string]any{"Number": qid})}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: %s: %w", action, err)
	}
	if err := a.audit(ctx, t.Resident.ID, action, "question:"+flows.Itoa(qid), ""); err != nil {
		return nil, err
	}
	if state == dlgHide {
		q, err = a.Dialogues.FindDialogueQuestion(ctx, qid)
		if err != nil {
			return nil, fmt.Errorf("flows: find question: %w", err)
		}
		err = a.notifyHidden(ctx, d, q)
	} else {
		err = a.notifyAnswer(ctx, d, q)
	}
	if err != nil {
		return nil, err
	}
	r, err := a.manageList(ctx, t, d, 0, t.T(msgDlgQuestionSaved, map[string]any{"Number": q.ID}))
	return []flows.Reply{r}, err
}
