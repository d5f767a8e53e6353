package danban

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"danchu/flows"

	"danchu"
)

// Dialogues with the chairman, /doi_thoai (LAW.md, "Citizen reception and
// dialogue"). Residents of a dialogue's audience send questions (text, an
// optional photo) until its deadline, see the others' questions (named
// only when the asker agreed) and support the ones they share. Staff create
// dialogues, merge duplicates, hide abusive questions with a reason, read
// the agenda ordered by support, and record the answers
// (dialogue_manage.go); askers and supporters receive them
// (dialogue_notify.go).
//
//	dt:home                 upcoming and recent dialogues
//	dt:d:<dialogue>         a dialogue's card
//	dt:ask:<dialogue>       send a question; dt:nm:y|n show the name or not
//	dt:qs:<dialogue>:<page> the questions, with support buttons
//	dt:s:<question>:<page>  support a question
//	dt:ph:<question>        a question's photo
//	staff buttons           dialogue_manage.go

type dialogueState string

const (
	dlgAsk      dialogueState = "ask"    // a resident types a question
	dlgAskName  dialogueState = "name"   // show the name? (a button)
	dlgNewTopic dialogueState = "topic"  // staff type a new dialogue's topic
	dlgNewField dialogueState = "field"  // buttons
	dlgNewGroup dialogueState = "group"  // buttons
	dlgNewAud   dialogueState = "aud"    // buttons
	dlgNewAt    dialogueState = "at"     // the session's date and time
	dlgNewPlace dialogueState = "place"  // its place
	dlgNewUntil dialogueState = "until"  // the deadline for questions
	dlgNewCheck dialogueState = "review" // buttons
	dlgHide     dialogueState = "hide"   // the reason for hiding a question
	dlgSummary  dialogueState = "sum"    // the summary of an answer at the session
	dlgDue      dialogueState = "due"    // the date a written answer is promised by
	dlgWritten  dialogueState = "wri"    // the written answer
)

// Session.Data keys of the dialogue flow.
const (
	keyDlg      = "d"
	keyQuestion = "q"
	keyQText    = "text"
	keyQPhoto   = "photo"
)

const (
	questionsPage = 5
	// dialoguesBack is how long after its session a dialogue stays listed,
	// so that residents find the answers.
	dialoguesBack = 60 * 24 * time.Hour
)

var groupMessages = map[danchu.DialogueGroup]flows.Msg{
	danchu.GroupYouth:    msgGroupYouth,
	danchu.GroupElderly:  msgGroupElderly,
	danchu.GroupBusiness: msgGroupBusiness,
	danchu.GroupStaff:    msgGroupStaff,
}

func (a *Area) dialogueStart(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	r, err := a.dialogueHome(ctx, t)
	return []flows.Reply{r}, err
}

// mayAsk reports whether the person is in the dialogue's audience (staff
// always are).
func (a *Area) inDialogue(t *flows.Turn, d *danchu.Dialogue) bool {
	return danchu.MayHoldDialogue(t.Actor()) || d.Audience.Includes(t.Resident, t.Roles)
}

func (a *Area) dialogueHome(ctx context.Context, t *flows.Turn) (flows.Reply, error) {
	now := t.Now()
	list, err := a.Dialogues.ListDialogues(ctx, now.Add(-dialoguesBack))
	if err != nil {
		return flows.Reply{}, fmt.Errorf("flows: list dialogues: %w", err)
	}
	lines := []string{t.T(msgDlgHomeTitle, nil)}
	var rows [][]flows.Button
	n := 0
	for _, d := range list {
		if !a.inDialogue(t, d) {
			continue
		}
		n++
		lines = append(lines, strconv.Itoa(n)+". "+a.dialogueLine(t, d, now))
		rows = append(rows, []flows.Button{{Text: strconv.Itoa(n) + ". " + flows.Clip(d.Topic, 40), Data: flowDialogue + ":d:" + flows.Itoa(d.ID)}})
	}
	if n == 0 {
		lines = append(lines, t.T(msgDlgNone, nil))
	}
	if danchu.MayHoldDialogue(t.Actor()) {
		late, err := a.Dialogues.LateAnswers(ctx, now)
		if err != nil {
			return flows.Reply{}, fmt.Errorf("flows: late answers: %w", err)
		}
		if len(late) > 0 {
			lines = append(lines, "", t.T(msgDlgLateCount, map[string]any{"Count": len(late)}))
		}
		rows = append(rows, []flows.Button{{Text: t.T(msgDlgNewButton, nil), Data: flowDialogue + ":new"}})
	}
	return flows.Reply{Text: strings.Join(lines, "\n"), Buttons: rows, Edit: t.In.CallbackData != ""}, nil
}

// dialogueLine is a dialogue in a list: topic, when, and whether it takes
// questions.
func (a *Area) dialogueLine(t *flows.Turn, d *danchu.Dialogue, now time.Time) string {
	state := msgDlgStateHeld
	switch {
	case d.TakesQuestionsAt(now):
		state = msgDlgStateAsking
	case now.Before(d.At):
		state = msgDlgStateSoon
	}
	return flows.Clip(d.Topic, 80) + " · " + a.DateTime(d.At) + " · " + t.T(state, map[string]any{"Until": a.DateTime(d.QuestionsUntil)})
}

// loadDialogue reads a dialogue named by button data the person may see.
func (a *Area) loadDialogue(ctx context.Context, t *flows.Turn, arg string) (*danchu.Dialogue, error) {
	id, ok := flows.ParseID(arg)
	if !ok {
		return nil, nil
	}
	d, err := a.Dialogues.FindDialogue(ctx, id)
	if flows.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: find dialogue: %w", err)
	}
	if !a.inDialogue(t, d) {
		return nil, nil
	}
	return d, nil
}

// dialogueFacts are the lines that describe a dialogue.
func (a *Area) dialogueFacts(lang string, d *danchu.Dialogue) []string {
	lines := []string{a.Tr(lang, msgDlgCardTitle, map[string]any{"Value": d.Topic}),
		a.Tr(lang, msgDlgCardWhen, map[string]any{"At": a.DateTime(d.At), "Place": d.Place})}
	if d.Field != "" {
		lines = append(lines, a.Tr(lang, msgDlgCardField, map[string]any{"Field": d.Field}))
	}
	who := a.audienceText(lang, d.Audience)
	if g, ok := groupMessages[d.Group]; ok {
		who = a.Tr(lang, g, nil) + " · " + who
	}
	lines = append(lines, a.Tr(lang, msgDlgCardAudience, map[string]any{"Value": who}),
		a.Tr(lang, msgDlgCardUntil, map[string]any{"Until": a.DateTime(d.QuestionsUntil)}))
	return lines
}

func (a *Area) dialogueCard(ctx context.Context, t *flows.Turn, d *danchu.Dialogue, note string) (flows.Reply, error) {
	qs, err := a.Dialogues.ListDialogueQuestions(ctx, d.ID)
	if err != nil {
		return flows.Reply{}, fmt.Errorf("flows: questions: %w", err)
	}
	visible := danchu.Agenda(qs)
	lines := a.dialogueFacts(t.Lang(), d)
	lines = append(lines, t.T(msgDlgCardQuestions, map[string]any{"Count": len(visible)}))
	if note != "" {
		lines = append([]string{note, ""}, lines...)
	}
	id := flows.Itoa(d.ID)
	var rows [][]flows.Button
	if d.TakesQuestionsAt(t.Now()) {
		rows = append(rows, []flows.Button{{Text: t.T(msgDlgAskButton, nil), Data: flowDialogue + ":ask:" + id}})
	}
	if len(visible) > 0 {
		rows = append(rows, []flows.Button{{Text: t.T(msgDlgQuestionsButton, nil), Data: flowDialogue + ":qs:" + id + ":0"}})
	}
	if danchu.MayHoldDialogue(t.Actor()) {
		rows = append(rows,
			[]flows.Button{{Text: t.T(msgDlgAgendaButton, nil), Data: flowDialogue + ":ag:" + id}},
			[]flows.Button{{Text: t.T(msgDlgManageButton, nil), Data: flowDialogue + ":mq:" + id + ":0"}})
	}
	rows = append(rows, []flows.Button{{Text: t.T(msgDanBack, nil), Data: flowDialogue + ":home"}})
	return flows.Reply{Text: strings.Join(lines, "\n"), Buttons: rows, Edit: t.In.CallbackData != ""}, nil
}

// questionText is a question as residents see it: number, supporters, text,
// the asker's name only when they agreed, and its answer.
func (a *Area) questionText(lang string, q *danchu.Question) string {
	asker := a.Tr(lang, msgDlgAskerHidden, nil)
	if q.ShowName && q.AskerName != "" {
		asker = q.AskerName
	}
	text := a.Tr(lang, msgDlgQuestionLine, map[string]any{"Number": q.ID, "Count": q.Supporters, "Value": flows.Clip(q.Text, 600), "Name": asker})
	if q.PhotoID != "" {
		text += " 📷"
	}
	if answer := a.answerText(lang, q); answer != "" {
		text += "\n" + answer
	}
	return text
}

// answerText is what became of a question: the answer, or the date a
// written one is promised by; "" while it waits.
func (a *Area) answerText(lang string, q *danchu.Question) string {
	switch {
	case q.Status == danchu.QuestionAnswered && q.AnswerKind == danchu.AnswerAtSession:
		return a.Tr(lang, msgDlgAnsweredSession, map[string]any{"Value": flows.Clip(q.Answer, 600)})
	case q.Status == danchu.QuestionAnswered:
		return a.Tr(lang, msgDlgAnsweredWriting, map[string]any{"Value": flows.Clip(q.Answer, 600)})
	case q.Status == danchu.QuestionWritten && q.AnswerDue != nil:
		return a.Tr(lang, msgDlgWrittenBy, map[string]any{"Date": a.Date(*q.AnswerDue)})
	}
	return ""
}

// dialoguePage answers a paging button "<dialogue id>:<page>" with that page
// of list (the questions residents see, or the officials' list).
func (a *Area) dialoguePage(ctx context.Context, t *flows.Turn, arg string,
	list func(context.Context, *flows.Turn, *danchu.Dialogue, int, string) (flows.Reply, error)) ([]flows.Reply, error) {
	parts, ok := splitArgs(arg, 2)
	if !ok {
		return t.InvalidButton(), nil
	}
	page, ok := flows.IndexIn(parts[1], 10000)
	d, err := a.loadDialogue(ctx, t, parts[0])
	if err != nil || d == nil || !ok {
		return t.InvalidButton(), err
	}
	r, err := list(ctx, t, d, page, "")
	return []flows.Reply{r}, err
}

// dialogueQuestions is a page of the visible questions, by support, with a
// support button on each open one the person did not ask.
func (a *Area) dialogueQuestions(ctx context.Context, t *flows.Turn, d *danchu.Dialogue, page int, note string) (flows.Reply, error) {
	qs, err := a.Dialogues.ListDialogueQuestions(ctx, d.ID)
	if err != nil {
		return flows.Reply{}, fmt.Errorf("flows: questions: %w", err)
	}
	visible := danchu.Agenda(qs)
	if page*questionsPage >= len(visible) {
		page = 0
	}
	end := min(len(visible), (page+1)*questionsPage)
	lines := []string{t.T(msgDlgQuestionsTitle, map[string]any{"Value": flows.Clip(d.Topic, 80), "Count": len(visible)})}
	if note != "" {
		lines = append([]string{note, ""}, lines...)
	}
	var rows [][]flows.Button
	for _, q := range visible[page*questionsPage : end] {
		lines = append(lines, "", a.questionText(t.Lang(), q))
		var row []flows.Button
		if q.Status == danchu.QuestionOpen && q.ResidentID != t.Resident.ID {
			row = append(row, flows.Button{Text: t.T(msgDlgSupportButton, map[string]any{"Number": q.ID}),
				Data: flowDialogue + ":s:" + flows.Itoa(q.ID) + ":" + strconv.Itoa(page)})
		}
		if q.PhotoID != "" {
			row = append(row, flows.Button{Text: t.T(msgDlgPhotoButton, map[string]any{"Number": q.ID}), Data: flowDialogue + ":ph:" + flows.Itoa(q.ID)})
		}
		if row != nil {
			rows = append(rows, row)
		}
	}
	prefix := flowDialogue + ":qs:" + flows.Itoa(d.ID) + ":"
	nav := flows.PageNav(t, prefix, page, end < len(visible))
	if nav != nil {
		rows = append(rows, nav)
	}
	rows = append(rows, []flows.Button{{Text: t.T(msgDanBack, nil), Data: flowDialogue + ":d:" + flows.Itoa(d.ID)}})
	return flows.Reply{Text: flows.Clip(strings.Join(lines, "\n"), flows.MaxText), Buttons: rows, Edit: t.In.CallbackData != ""}, nil
}

// loadQuestion reads a question named by button data, with its dialogue,
// when the person may see them.
func (a *Area) loadQuestion(ctx context.Context, t *flows.Turn, arg string) (*danchu.Question, *danchu.Dialogue, error) {
	id, ok := flows.ParseID(arg)
	if !ok {
		return nil, nil, nil
	}
	q, err := a.Dialogues.FindDialogueQuestion(ctx, id)
	if flows.IsNotFound(err) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("flows: find question: %w", err)
	}
	d, err := a.loadDialogue(ctx, t, flows.Itoa(q.DialogueID))
	if err != nil || d == nil {
		return nil, nil, err
	}
	return q, d, nil
}

func (a *Area) supportQuestion(ctx context.Context, t *flows.Turn, arg string) ([]flows.Reply, error) {
	parts, ok := splitArgs(arg, 2)
	if !ok {
		return t.InvalidButton(), nil
	}
	page, ok := flows.IndexIn(parts[1], 10000)
	q, d, err := a.loadQuestion(ctx, t, parts[0])
	if err != nil || q == nil || !ok {
		return t.InvalidButton(), err
	}
	added, err := a.Dialogues.SupportQuestion(ctx, q.ID, t.Resident.ID, t.Now())
	note := t.T(msgDlgSupported, map[string]any{"Number": q.ID})
	switch {
	case danchu.ErrorCode(err) == danchu.EINVALID:
		note = t.T(msgDlgSupportRefused, nil)
	case err != nil:
		return nil, fmt.Errorf("flows: support question: %w", err)
	case !added:
		note = t.T(msgDlgSupportedBefore, map[string]any{"Number": q.ID})
	}
	r, err := a.dialogueQuestions(ctx, t, d, page, note)
	return []flows.Reply{r}, err
}

func (a *Area) questionPhoto(ctx context.Context, t *flows.Turn, arg string) ([]flows.Reply, error) {
	q, _, err := a.loadQuestion(ctx, t, arg)
	if err != nil || q == nil || q.PhotoID == "" || !q.Status.Visible() && !danchu.MayHoldDialogue(t.Actor()) {
		return t.InvalidButton(), err
	}
	return []flows.Reply{{Text: t.T(msgDlgPhotoCaption, map[string]any{"Number": q.ID}), Files: []flows.File{{Kind: flows.FilePhoto, FileID: q.PhotoID}}}}, nil
}

// askStart begins a question while the dialogue takes them.
func (a *Area) askStart(ctx context.Context, t *flows.Turn, arg string) ([]flows.Reply, error) {
	d, err := a.loadDialogue(ctx, t, arg)
	if err != nil || d == nil {
		return t.InvalidButton(), err
	}
	if !d.TakesQuestionsAt(t.Now()) {
		return []flows.Reply{t.Say(msgDlgAskClosed, nil)}, nil
	}
	t.Begin(flowDialogue, string(dlgAsk))
	t.Set(keyDlg, flows.Itoa(d.ID))
	return []flows.Reply{t.Say(msgDlgAskPrompt, map[string]any{"Value": d.Topic, "Until": a.DateTime(d.QuestionsUntil), "Max": danchu.MaxQuestion})}, nil
}

// askText takes the question's text and photo, then asks about the name.
func (a *Area) askText(t *flows.Turn) []flows.Reply {
	text := flows.Tidy(t.In.Text)
	if text == "" || flows.Runes(text) > danchu.MaxQuestion {
		return []flows.Reply{t.Say(msgDlgAskInvalid, map[string]any{"Max": danchu.MaxQuestion})}
	}
	t.Set(keyQText, text)
	if len(t.In.Photos) > 0 {
		t.Set(keyQPhoto, t.In.Photos[len(t.In.Photos)-1].FileID)
	}
	t.Session.State = string(dlgAskName)
	return []flows.Reply{{Text: t.T(msgDlgAskName, nil), Buttons: [][]flows.Button{
		{{Text: t.T(msgDlgNameYes, nil), Data: flowDialogue + ":nm:y"}},
		{{Text: t.T(msgDlgNameNo, nil), Data: flowDialogue + ":nm:n"}},
	}}}
}

// askSave stores the question.
func (a *Area) askSave(ctx context.Context, t *flows.Turn, showName bool) ([]flows.Reply, error) {
	d, err := a.loadDialogue(ctx, t, t.Get(keyDlg))
	if err != nil || d == nil {
		t.Leave()
		return t.InvalidButton(), err
	}
	q := &danchu.Question{DialogueID: d.ID, ResidentID: t.Resident.ID, Text: t.Get(keyQText), PhotoID: t.Get(keyQPhoto),
		ShowName: showName, CreatedAt: t.Now()}
	err = a.Dialogues.AddDialogueQuestion(ctx, q)
	t.Leave()
	if danchu.ErrorCode(err) == danchu.EINVALID {
		return []flows.Reply{t.WithMenu(msgDlgAskClosed, nil)}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: add question: %w", err)
	}
	if err := a.audit(ctx, t.Resident.ID, "dialogue.question", "dialogue:"+flows.Itoa(d.ID), "question:"+flows.Itoa(q.ID)); err != nil {
		return nil, err
	}
	card, err := a.dialogueCard(ctx, t, d, t.T(msgDlgAsked, map[string]any{"Number": q.ID}))
	return []flows.Reply{card}, err
}

func (a *Area) dialogueButton(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	_, rest, _ := flows.SplitData(t.In.CallbackData)
	cmd, arg, _ := strings.Cut(rest, ":")
	switch cmd {
	case "home":
		t.Leave()
		r, err := a.dialogueHome(ctx, t)
		return []flows.Reply{r}, err
	case "d":
		d, err := a.loadDialogue(ctx, t, arg)
		if err != nil || d == nil {
			return t.InvalidButton(), err
		}
		r, err := a.dialogueCard(ctx, t, d, "")
		return []flows.Reply{r}, err
	case "ask":
		return a.askStart(ctx, t, arg)
	case "nm":
		if t.Session.Flow != flowDialogue || dialogueState(t.Session.State) != dlgAskName || arg != "y" && arg != "n" {
			return t.InvalidButton(), nil
		}
		return a.askSave(ctx, t, arg == "y")
	case "qs":
		return a.dialoguePage(ctx, t, arg, a.dialogueQuestions)
	case "s":
		return a.supportQuestion(ctx, t, arg)
	case "ph":
		return a.questionPhoto(ctx, t, arg)
	}
	return a.manageDialogueButton(ctx, t, cmd, arg)
}

func (a *Area) dialogueStep(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	switch dialogueState(t.Session.State) {
	case dlgAsk:
		return a.askText(t), nil
	case dlgAskName, dlgNewField, dlgNewGroup, dlgNewAud, dlgNewCheck:
		return []flows.Reply{t.Say(msgDanUseButtons, nil)}, nil
	}
	return a.manageDialogueStep(ctx, t, flows.Tidy(t.In.Text))
}
