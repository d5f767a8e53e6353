package flows

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

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

func loadNewDialogue(t *Turn) *danchu.Dialogue {
	var d danchu.Dialogue
	if err := json.Unmarshal([]byte(t.Get(keyDlgNew)), &d); err != nil {
		return &danchu.Dialogue{}
	}
	return &d
}

func keepNewDialogue(t *Turn, d *danchu.Dialogue, state dialogueState) {
	raw, _ := json.Marshal(d) // a plain struct: cannot fail
	t.Set(keyDlgNew, string(raw))
	t.Session.State = string(state)
}

func (e *Engine) manageDialogueButton(ctx context.Context, t *Turn, cmd, arg string) ([]Reply, error) {
	if !danchu.MayHoldDialogue(t.actor()) {
		return e.invalidButton(t), nil
	}
	switch cmd {
	case "new":
		t.Begin(flowDialogue, string(dlgNewTopic))
		keepNewDialogue(t, &danchu.Dialogue{}, dlgNewTopic)
		return []Reply{t.Say(msgDlgNewTopic, map[string]any{"Max": danchu.MaxDialogueTopic})}, nil
	case "f", "g", "a", "ok", "x":
		return e.newDialogueButton(ctx, t, cmd, arg)
	case "ag":
		return e.dialogueAgenda(ctx, t, arg)
	case "mq":
		return e.dialoguePage(ctx, t, arg, e.manageList)
	case "mg":
		return e.mergeTargets(ctx, t, arg)
	case "mt":
		return e.mergeQuestion(ctx, t, arg)
	case "hd", "an", "as", "aw", "at":
		q, _, err := e.loadQuestion(ctx, t, arg)
		if err != nil || q == nil {
			return e.invalidButton(t), err
		}
		return e.questionAction(t, cmd, q)
	}
	return e.invalidButton(t), nil
}

// questionAction starts hiding or answering a question.
func (e *Engine) questionAction(t *Turn, cmd string, q *danchu.Question) ([]Reply, error) {
	lang := t.Lang()
	data := map[string]any{"Number": q.ID, "Value": clip(q.Text, 300), "Max": danchu.MaxAnswer}
	open := q.Status == danchu.QuestionOpen
	begin := func(state dialogueState, prompt msg) ([]Reply, error) {
		t.Begin(flowDialogue, string(state))
		t.Set(keyQuestion, itoa(q.ID))
		return []Reply{{Text: e.tr(lang, prompt, data)}}, nil
	}
	switch {
	case cmd == "hd" && open:
		data["Max"] = danchu.MaxHideReason
		return begin(dlgHide, msgDlgHideAsk)
	case cmd == "an" && (open || q.Status == danchu.QuestionWritten):
		rows := [][]Button{{{Text: t.T(msgDlgAnswerWrittenNow, nil), Data: flowDialogue + ":at:" + itoa(q.ID)}}}
		if open {
			rows = [][]Button{
				{{Text: t.T(msgDlgAnswerSession, nil), Data: flowDialogue + ":as:" + itoa(q.ID)}},
				{{Text: t.T(msgDlgAnswerLater, nil), Data: flowDialogue + ":aw:" + itoa(q.ID)}},
				rows[0],
			}
		}
		return []Reply{{Text: e.tr(lang, msgDlgAnswerHow, data), Buttons: rows}}, nil
	case cmd == "as" && open:
		return begin(dlgSummary, msgDlgAskSummary)
	case cmd == "aw" && open:
		data["Date"] = e.date(t.Now().AddDate(0, 0, 15))
		return begin(dlgDue, msgDlgAskDue)
	case cmd == "at" && (open || q.Status == danchu.QuestionWritten):
		return begin(dlgWritten, msgDlgAskWritten)
	}
	return []Reply{t.Say(msgDlgQuestionDone, map[string]any{"Number": q.ID})}, nil
}

// manageList is a page of every question that is not merged, by support,
// with the actions that fit each.
func (e *Engine) manageList(ctx context.Context, t *Turn, d *danchu.Dialogue, page int, note string) (Reply, error) {
	qs, err := e.Dialogues.ListDialogueQuestions(ctx, d.ID)
	if err != nil {
		return Reply{}, fmt.Errorf("flows: questions: %w", err)
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
	lines := []string{t.T(msgDlgManageTitle, map[string]any{"Value": clip(d.Topic, 80), "Count": len(list)})}
	if note != "" {
		lines = append([]string{note, ""}, lines...)
	}
	var rows [][]Button
	for _, q := range list[page*questionsPage : end] {
		text := e.questionText(t.Lang(), q)
		if q.Status == danchu.QuestionHidden {
			text = t.T(msgDlgHiddenLine, map[string]any{"Number": q.ID, "Value": clip(q.Text, 200), "Note": q.HiddenReason})
		}
		lines = append(lines, "", text)
		id := itoa(q.ID)
		var row []Button
		if q.Status == danchu.QuestionOpen {
			row = append(row,
				Button{Text: t.T(msgDlgMergeButton, map[string]any{"Number": q.ID}), Data: flowDialogue + ":mg:" + id},
				Button{Text: t.T(msgDlgHideButton, nil), Data: flowDialogue + ":hd:" + id})
		}
		if q.Status == danchu.QuestionOpen || q.Status == danchu.QuestionWritten {
			row = append(row, Button{Text: t.T(msgDlgAnswerButton, nil), Data: flowDialogue + ":an:" + id})
		}
		if row != nil {
			rows = append(rows, row)
		}
	}
	prefix := flowDialogue + ":mq:" + itoa(d.ID) + ":"
	nav := pageNav(t, prefix, page, end < len(list))
	if nav != nil {
		rows = append(rows, nav)
	}
	rows = append(rows, []Button{{Text: t.T(msgDanBack, nil), Data: flowDialogue + ":d:" + itoa(d.ID)}})
	return Reply{Text: clip(strings.Join(lines, "\n"), maxText), Buttons: rows, Edit: t.In.CallbackData != ""}, nil
}

// mergeTargets lists the other open questions the duplicate may join.
func (e *Engine) mergeTargets(ctx context.Context, t *Turn, arg string) ([]Reply, error) {
	dup, d, err := e.loadQuestion(ctx, t, arg)
	if err != nil || dup == nil {
		return e.invalidButton(t), err
	}
	qs, err := e.Dialogues.ListDialogueQuestions(ctx, d.ID)
	if err != nil {
		return nil, fmt.Errorf("flows: questions: %w", err)
	}
	var rows [][]Button
	for _, q := range danchu.Agenda(qs) {
		if q.ID != dup.ID && q.Status == danchu.QuestionOpen {
			rows = append(rows, []Button{{Text: "#" + itoa(q.ID) + " " + clip(q.Text, 40), Data: flowDialogue + ":mt:" + itoa(dup.ID) + ":" + itoa(q.ID)}})
		}
	}
	rows = append(rows, []Button{{Text: t.T(msgDanBack, nil), Data: flowDialogue + ":mq:" + itoa(d.ID) + ":0"}})
	return []Reply{{Text: t.T(msgDlgMergeAsk, map[string]any{"Number": dup.ID, "Value": clip(dup.Text, 300)}), Buttons: rows, Edit: true}}, nil
}

func (e *Engine) mergeQuestion(ctx context.Context, t *Turn, arg string) ([]Reply, error) {
	parts, ok := splitArgs(arg, 2)
	if !ok {
		return e.invalidButton(t), nil
	}
	dup, d, err := e.loadQuestion(ctx, t, parts[0])
	if err != nil || dup == nil {
		return e.invalidButton(t), err
	}
	into, d2, err := e.loadQuestion(ctx, t, parts[1])
	if err != nil || into == nil || d2.ID != d.ID {
		return e.invalidButton(t), err
	}
	err = e.Dialogues.MergeQuestion(ctx, dup.ID, into.ID, t.Resident.ID, t.Now())
	if danchu.ErrorCode(err) == danchu.EINVALID {
		return []Reply{t.Say(msgDlgQuestionDone, map[string]any{"Number": dup.ID})}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: merge question: %w", err)
	}
	if err := e.audit(ctx, t.Resident.ID, "dialogue.merge", "question:"+itoa(dup.ID), "into:"+itoa(into.ID)); err != nil {
		return nil, err
	}
	if err := e.notifyMerged(ctx, d, dup, into); err != nil {
		return nil, err
	}
	r, err := e.manageList(ctx, t, d, 0, t.T(msgDlgMerged, map[string]any{"Number": dup.ID, "To": into.ID}))
	return []Reply{r}, err
}

// agenda is the visible questions by support, as a message and a file for
// the chairman.
func (e *Engine) dialogueAgenda(ctx context.Context, t *Turn, arg string) ([]Reply, error) {
	d, err := e.loadDialogue(ctx, t, arg)
	if err != nil || d == nil {
		return e.invalidButton(t), err
	}
	qs, err := e.Dialogues.ListDialogueQuestions(ctx, d.ID)
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
	head := append(e.dialogueFacts(lang, d), "", t.T(msgDlgAgendaTitle, map[string]any{"Count": len(list)}))
	var items []string
	for i, q := range list {
		asker := e.tr(lang, msgDlgAskerHidden, nil)
		if q.ShowName && q.AskerName != "" {
			asker = q.AskerName
		}
		item := e.tr(lang, msgDlgAgendaLine, map[string]any{"Number": i + 1, "Count": q.Supporters, "Value": q.Text, "Name": asker, "Total": q.ID})
		if n := merged[q.ID]; n > 0 {
			item += " " + e.tr(lang, msgDlgAgendaMerged, map[string]any{"Count": n})
		}
		items = append(items, item)
	}
	if len(items) == 0 {
		items = append(items, t.T(msgDlgAgendaEmpty, nil))
	}
	doc := strings.Join(head, "\n") + "\n\n" + strings.Join(items, "\n\n") + "\n"
	short := make([]string, 0, len(items))
	for _, it := range items {
		short = append(short, clip(it, 300))
	}
	message := clip(strings.Join(head, "\n")+"\n\n"+strings.Join(short, "\n"), maxText)
	return []Reply{
		{Text: message},
		{Text: t.T(msgDlgAgendaCaption, nil), Document: &Attachment{FileName: "chuong-trinh-doi-thoai-" + itoa(d.ID) + ".txt", Data: []byte(doc)}},
	}, nil
}

// newDialogueButton takes the buttons of a new dialogue.
func (e *Engine) newDialogueButton(ctx context.Context, t *Turn, cmd, arg string) ([]Reply, error) {
	if t.Session.Flow != flowDialogue {
		return e.invalidButton(t), nil
	}
	d := loadNewDialogue(t)
	state := dialogueState(t.Session.State)
	switch {
	case cmd == "x":
		t.Leave()
		return []Reply{{Text: t.T(msgDlgNewCancelled, nil), Edit: true}}, nil
	case state == dlgNewField && cmd == "f":
		if arg != "-" {
			i, ok := indexIn(arg, len(e.Settings.Fields))
			if !ok {
				break
			}
			d.Field = e.Settings.Fields[i]
		}
		keepNewDialogue(t, d, dlgNewGroup)
		rows := [][]Button{{{Text: t.T(msgDlgGroupNone, nil), Data: flowDialogue + ":g:-"}}}
		for _, g := range danchu.DialogueGroups {
			rows = append(rows, []Button{{Text: t.T(groupMessages[g], nil), Data: flowDialogue + ":g:" + string(g)}})
		}
		return []Reply{{Text: t.T(msgDlgNewGroup, nil), Buttons: rows, Edit: true}}, nil
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
			return []Reply{{Text: t.T(msgDlgNewAt, map[string]any{"Date": e.exampleTime(t.Now().AddDate(0, 0, 7))}), Edit: true}}, nil
		}
		keepNewDialogue(t, d, dlgNewAud)
		return []Reply{e.audiencePicker(t, flowDialogue+":a:", d.Audience, msgDlgNewAudience)}, nil
	case state == dlgNewAud && cmd == "a" && arg == "ok":
		if err := d.Audience.Validate(e.Settings); err != nil {
			return []Reply{e.audiencePicker(t, flowDialogue+":a:", d.Audience, msgDlgNewAudience)}, nil
		}
		keepNewDialogue(t, d, dlgNewAt)
		return []Reply{{Text: t.T(msgDlgNewAt, map[string]any{"Date": e.exampleTime(t.Now().AddDate(0, 0, 7))}), Edit: true}}, nil
	case state == dlgNewAud && cmd == "a":
		if !e.toggleAudience(&d.Audience, arg) {
			break
		}
		keepNewDialogue(t, d, dlgNewAud)
		return []Reply{e.audiencePicker(t, flowDialogue+":a:", d.Audience, msgDlgNewAudience)}, nil
	case state == dlgNewCheck && cmd == "ok":
		return e.createDialogue(ctx, t, d)
	}
	return e.invalidButton(t), nil
}

// manageDialogueStep takes what staff type: a new dialogue's answers, a
// reason for hiding, an answer.
func (e *Engine) manageDialogueStep(ctx context.Context, t *Turn, text string) ([]Reply, error) {
	if !danchu.MayHoldDialogue(t.actor()) {
		t.Leave()
		return []Reply{t.WithMenu(msgStaffOnly, nil)}, nil
	}
	now := t.Now()
	d := loadNewDialogue(t)
	switch state := dialogueState(t.Session.State); state {
	case dlgNewTopic:
		if text == "" || runes(text) > danchu.MaxDialogueTopic {
			return []Reply{t.Say(msgDlgNewTopic, map[string]any{"Max": danchu.MaxDialogueTopic})}, nil
		}
		d.Topic = text
		keepNewDialogue(t, d, dlgNewField)
		rows := [][]Button{{{Text: t.T(msgDlgFieldNone, nil), Data: flowDialogue + ":f:-"}}}
		for i, f := range e.Settings.Fields {
			rows = append(rows, []Button{{Text: f, Data: flowDialogue + ":f:" + strconv.Itoa(i)}})
		}
		return []Reply{{Text: t.T(msgDlgNewField, nil), Buttons: rows}}, nil
	case dlgNewAt:
		at, ok := e.parseDateTime(text)
		if !ok || !at.After(now) {
			return []Reply{t.Say(msgVoteTimeInvalid, map[string]any{"Date": e.exampleTime(now.AddDate(0, 0, 7))})}, nil
		}
		d.At = at
		keepNewDialogue(t, d, dlgNewPlace)
		return []Reply{t.Say(msgDlgNewPlace, map[string]any{"Max": danchu.MaxDialoguePlace})}, nil
	case dlgNewPlace:
		if text == "" || runes(text) > danchu.MaxDialoguePlace {
			return []Reply{t.Say(msgDlgNewPlace, map[string]any{"Max": danchu.MaxDialoguePlace})}, nil
		}
		d.Place = text
		keepNewDialogue(t, d, dlgNewUntil)
		return []Reply{t.Say(msgDlgNewUntil, map[string]any{"At": e.dateTime(d.At), "Date": e.exampleTime(d.At.AddDate(0, 0, -2))})}, nil
	case dlgNewUntil:
		until, ok := e.parseDateTime(text)
		if !ok || !until.After(now) || !until.Before(d.At) {
			return []Reply{t.Say(msgDlgNewUntil, map[string]any{"At": e.dateTime(d.At), "Date": e.exampleTime(d.At.AddDate(0, 0, -2))})}, nil
		}
		d.QuestionsUntil = until
		keepNewDialogue(t, d, dlgNewCheck)
		lines := append([]string{t.T(msgDlgNewReview, nil), ""}, e.dialogueFacts(t.Lang(), d)...)
		return []Reply{{Text: strings.Join(lines, "\n"), Buttons: [][]Button{
			{{Text: t.T(msgDlgCreateButton, nil), Data: flowDialogue + ":ok"}},
			{{Text: t.T(msgVoteNewCancel, nil), Data: flowDialogue + ":x"}},
		}}}, nil
	case dlgHide, dlgSummary, dlgDue, dlgWritten:
		return e.questionTyped(ctx, t, state, text)
	}
	t.Leave()
	return []Reply{t.WithMenu(msgHintMenu, nil)}, nil
}

func (e *Engine) createDialogue(ctx context.Context, t *Turn, d *danchu.Dialogue) ([]Reply, error) {
	now := t.Now()
	d.CreatedBy = t.Resident.ID
	if err := d.Check(e.Settings, now); err != nil {
		t.Leave()
		return []Reply{t.WithMenu(msgDlgNewInvalid, nil)}, nil
	}
	if err := e.Dialogues.CreateDialogue(ctx, d); err != nil {
		return nil, fmt.Errorf("flows: create dialogue: %w", err)
	}
	t.Leave()
	if err := e.audit(ctx, t.Resident.ID, "dialogue.create", "dialogue:"+itoa(d.ID), ""); err != nil {
		return nil, err
	}
	if err := e.announceDialogue(ctx, d, now); err != nil {
		return nil, err
	}
	card, err := e.dialogueCard(ctx, t, d, t.T(msgDlgCreated, nil))
	return []Reply{card}, err
}

// questionTyped finishes hiding or answering the question in the session.
func (e *Engine) questionTyped(ctx context.Context, t *Turn, state dialogueState, text string) ([]Reply, error) {
	q, d, err := e.loadQuestion(ctx, t, t.Get(keyQuestion))
	if err != nil || q == nil {
		t.Leave()
		return e.invalidButton(t), err
	}
	now, qid := t.Now(), q.ID
	limit := danchu.MaxAnswer
	if state == dlgHide {
		limit = danchu.MaxHideReason
	}
	if state != dlgDue && (text == "" || runes(text) > limit) {
		return []Reply{t.Say(msgPetShortInvalid, map[string]any{"Max": limit})}, nil
	}
	a := danchu.QuestionAnswer{By: t.Resident.ID, At: now, Text: text}
	var action string
	switch state {
	case dlgHide:
		err = e.Dialogues.HideQuestion(ctx, q.ID, text, t.Resident.ID, now)
		action = "dialogue.hide"
	case dlgSummary:
		a.Kind = danchu.AnswerAtSession
		q, err = e.Dialogues.AnswerDialogueQuestion(ctx, q.ID, a)
		action = "dialogue.answer"
	case dlgDue:
		day, ok := parseDay(text, e.Settings.Location())
		if !ok || day.Before(e.calendar().Day(now)) {
			return []Reply{t.Say(msgDlgAskDue, map[string]any{"Number": q.ID, "Value": clip(q.Text, 300), "Date": e.date(now.AddDate(0, 0, 15))})}, nil
		}
		due := e.calendar().EndOfDay(day)
		a.Kind, a.Text, a.Due = danchu.AnswerInWriting, "", &due
		q, err = e.Dialogues.AnswerDialogueQuestion(ctx, q.ID, a)
		action = "dialogue.promise"
	case dlgWritten:
		a.Kind = danchu.AnswerInWriting
		q, err = e.Dialogues.AnswerDialogueQuestion(ctx, q.ID, a)
		action = "dialogue.answer"
	}
	t.Leave()
	if danchu.ErrorCode(err) == danchu.EINVALID {
		return []Reply{t.WithMenu(msgDlgQuestionDone, map[string]any{"Number": qid})}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: %s: %w", action, err)
	}
	if err := e.audit(ctx, t.Resident.ID, action, "question:"+itoa(qid), ""); err != nil {
		return nil, err
	}
	if state == dlgHide {
		q, err = e.Dialogues.FindDialogueQuestion(ctx, qid)
		if err != nil {
			return nil, fmt.Errorf("flows: find question: %w", err)
		}
		err = e.notifyHidden(ctx, d, q)
	} else {
		err = e.notifyAnswer(ctx, d, q)
	}
	if err != nil {
		return nil, err
	}
	r, err := e.manageList(ctx, t, d, 0, t.T(msgDlgQuestionSaved, map[string]any{"Number": q.ID}))
	return []Reply{r}, err
}
