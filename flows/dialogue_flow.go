package flows

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

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

var groupMessages = map[danchu.DialogueGroup]msg{
	danchu.GroupYouth:    msgGroupYouth,
	danchu.GroupElderly:  msgGroupElderly,
	danchu.GroupBusiness: msgGroupBusiness,
	danchu.GroupStaff:    msgGroupStaff,
}

func (e *Engine) dialogueStart(ctx context.Context, t *Turn) ([]Reply, error) {
	r, err := e.dialogueHome(ctx, t)
	return []Reply{r}, err
}

// mayAsk reports whether the person is in the dialogue's audience (staff
// always are).
func (e *Engine) inDialogue(t *Turn, d *danchu.Dialogue) bool {
	return danchu.MayHoldDialogue(t.actor()) || d.Audience.Includes(t.Resident, t.Roles)
}

func (e *Engine) dialogueHome(ctx context.Context, t *Turn) (Reply, error) {
	now := t.Now()
	list, err := e.Dialogues.ListDialogues(ctx, now.Add(-dialoguesBack))
	if err != nil {
		return Reply{}, fmt.Errorf("flows: list dialogues: %w", err)
	}
	lines := []string{t.T(msgDlgHomeTitle, nil)}
	var rows [][]Button
	n := 0
	for _, d := range list {
		if !e.inDialogue(t, d) {
			continue
		}
		n++
		lines = append(lines, strconv.Itoa(n)+". "+e.dialogueLine(t, d, now))
		rows = append(rows, []Button{{Text: strconv.Itoa(n) + ". " + clip(d.Topic, 40), Data: flowDialogue + ":d:" + itoa(d.ID)}})
	}
	if n == 0 {
		lines = append(lines, t.T(msgDlgNone, nil))
	}
	if danchu.MayHoldDialogue(t.actor()) {
		late, err := e.Dialogues.LateAnswers(ctx, now)
		if err != nil {
			return Reply{}, fmt.Errorf("flows: late answers: %w", err)
		}
		if len(late) > 0 {
			lines = append(lines, "", t.T(msgDlgLateCount, map[string]any{"Count": len(late)}))
		}
		rows = append(rows, []Button{{Text: t.T(msgDlgNewButton, nil), Data: flowDialogue + ":new"}})
	}
	return Reply{Text: strings.Join(lines, "\n"), Buttons: rows, Edit: t.In.CallbackData != ""}, nil
}

// dialogueLine is a dialogue in a list: topic, when, and whether it takes
// questions.
func (e *Engine) dialogueLine(t *Turn, d *danchu.Dialogue, now time.Time) string {
	state := msgDlgStateHeld
	switch {
	case d.TakesQuestionsAt(now):
		state = msgDlgStateAsking
	case now.Before(d.At):
		state = msgDlgStateSoon
	}
	return clip(d.Topic, 80) + " · " + e.dateTime(d.At) + " · " + t.T(state, map[string]any{"Until": e.dateTime(d.QuestionsUntil)})
}

// loadDialogue reads a dialogue named by button data the person may see.
func (e *Engine) loadDialogue(ctx context.Context, t *Turn, arg string) (*danchu.Dialogue, error) {
	id, ok := parseID(arg)
	if !ok {
		return nil, nil
	}
	d, err := e.Dialogues.FindDialogue(ctx, id)
	if isNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: find dialogue: %w", err)
	}
	if !e.inDialogue(t, d) {
		return nil, nil
	}
	return d, nil
}

// dialogueFacts are the lines that describe a dialogue.
func (e *Engine) dialogueFacts(lang string, d *danchu.Dialogue) []string {
	lines := []string{e.tr(lang, msgDlgCardTitle, map[string]any{"Value": d.Topic}),
		e.tr(lang, msgDlgCardWhen, map[string]any{"At": e.dateTime(d.At), "Place": d.Place})}
	if d.Field != "" {
		lines = append(lines, e.tr(lang, msgDlgCardField, map[string]any{"Field": d.Field}))
	}
	who := e.audienceText(lang, d.Audience)
	if g, ok := groupMessages[d.Group]; ok {
		who = e.tr(lang, g, nil) + " · " + who
	}
	lines = append(lines, e.tr(lang, msgDlgCardAudience, map[string]any{"Value": who}),
		e.tr(lang, msgDlgCardUntil, map[string]any{"Until": e.dateTime(d.QuestionsUntil)}))
	return lines
}

func (e *Engine) dialogueCard(ctx context.Context, t *Turn, d *danchu.Dialogue, note string) (Reply, error) {
	qs, err := e.Dialogues.ListDialogueQuestions(ctx, d.ID)
	if err != nil {
		return Reply{}, fmt.Errorf("flows: questions: %w", err)
	}
	visible := danchu.Agenda(qs)
	lines := e.dialogueFacts(t.Lang(), d)
	lines = append(lines, t.T(msgDlgCardQuestions, map[string]any{"Count": len(visible)}))
	if note != "" {
		lines = append([]string{note, ""}, lines...)
	}
	id := itoa(d.ID)
	var rows [][]Button
	if d.TakesQuestionsAt(t.Now()) {
		rows = append(rows, []Button{{Text: t.T(msgDlgAskButton, nil), Data: flowDialogue + ":ask:" + id}})
	}
	if len(visible) > 0 {
		rows = append(rows, []Button{{Text: t.T(msgDlgQuestionsButton, nil), Data: flowDialogue + ":qs:" + id + ":0"}})
	}
	if danchu.MayHoldDialogue(t.actor()) {
		rows = append(rows,
			[]Button{{Text: t.T(msgDlgAgendaButton, nil), Data: flowDialogue + ":ag:" + id}},
			[]Button{{Text: t.T(msgDlgManageButton, nil), Data: flowDialogue + ":mq:" + id + ":0"}})
	}
	rows = append(rows, []Button{{Text: t.T(msgDanBack, nil), Data: flowDialogue + ":home"}})
	return Reply{Text: strings.Join(lines, "\n"), Buttons: rows, Edit: t.In.CallbackData != ""}, nil
}

// questionText is a question as residents see it: number, supporters, text,
// the asker's name only when they agreed, and its answer.
func (e *Engine) questionText(lang string, q *danchu.Question) string {
	asker := e.tr(lang, msgDlgAskerHidden, nil)
	if q.ShowName && q.AskerName != "" {
		asker = q.AskerName
	}
	text := e.tr(lang, msgDlgQuestionLine, map[string]any{"Number": q.ID, "Count": q.Supporters, "Value": clip(q.Text, 600), "Name": asker})
	if q.PhotoID != "" {
		text += " 📷"
	}
	if a := e.answerText(lang, q); a != "" {
		text += "\n" + a
	}
	return text
}

// answerText is what became of a question: the answer, or the date a
// written one is promised by; "" while it waits.
func (e *Engine) answerText(lang string, q *danchu.Question) string {
	switch {
	case q.Status == danchu.QuestionAnswered && q.AnswerKind == danchu.AnswerAtSession:
		return e.tr(lang, msgDlgAnsweredSession, map[string]any{"Value": clip(q.Answer, 600)})
	case q.Status == danchu.QuestionAnswered:
		return e.tr(lang, msgDlgAnsweredWriting, map[string]any{"Value": clip(q.Answer, 600)})
	case q.Status == danchu.QuestionWritten && q.AnswerDue != nil:
		return e.tr(lang, msgDlgWrittenBy, map[string]any{"Date": e.date(*q.AnswerDue)})
	}
	return ""
}

// dialoguePage answers a paging button "<dialogue id>:<page>" with that page
// of list (the questions residents see, or the officials' list).
func (e *Engine) dialoguePage(ctx context.Context, t *Turn, arg string,
	list func(context.Context, *Turn, *danchu.Dialogue, int, string) (Reply, error)) ([]Reply, error) {
	parts, ok := splitArgs(arg, 2)
	if !ok {
		return e.invalidButton(t), nil
	}
	page, ok := indexIn(parts[1], 10000)
	d, err := e.loadDialogue(ctx, t, parts[0])
	if err != nil || d == nil || !ok {
		return e.invalidButton(t), err
	}
	r, err := list(ctx, t, d, page, "")
	return []Reply{r}, err
}

// dialogueQuestions is a page of the visible questions, by support, with a
// support button on each open one the person did not ask.
func (e *Engine) dialogueQuestions(ctx context.Context, t *Turn, d *danchu.Dialogue, page int, note string) (Reply, error) {
	qs, err := e.Dialogues.ListDialogueQuestions(ctx, d.ID)
	if err != nil {
		return Reply{}, fmt.Errorf("flows: questions: %w", err)
	}
	visible := danchu.Agenda(qs)
	if page*questionsPage >= len(visible) {
		page = 0
	}
	end := min(len(visible), (page+1)*questionsPage)
	lines := []string{t.T(msgDlgQuestionsTitle, map[string]any{"Value": clip(d.Topic, 80), "Count": len(visible)})}
	if note != "" {
		lines = append([]string{note, ""}, lines...)
	}
	var rows [][]Button
	for _, q := range visible[page*questionsPage : end] {
		lines = append(lines, "", e.questionText(t.Lang(), q))
		var row []Button
		if q.Status == danchu.QuestionOpen && q.ResidentID != t.Resident.ID {
			row = append(row, Button{Text: t.T(msgDlgSupportButton, map[string]any{"Number": q.ID}),
				Data: flowDialogue + ":s:" + itoa(q.ID) + ":" + strconv.Itoa(page)})
		}
		if q.PhotoID != "" {
			row = append(row, Button{Text: t.T(msgDlgPhotoButton, map[string]any{"Number": q.ID}), Data: flowDialogue + ":ph:" + itoa(q.ID)})
		}
		if row != nil {
			rows = append(rows, row)
		}
	}
	prefix := flowDialogue + ":qs:" + itoa(d.ID) + ":"
	nav := pageNav(t, prefix, page, end < len(visible))
	if nav != nil {
		rows = append(rows, nav)
	}
	rows = append(rows, []Button{{Text: t.T(msgDanBack, nil), Data: flowDialogue + ":d:" + itoa(d.ID)}})
	return Reply{Text: clip(strings.Join(lines, "\n"), maxText), Buttons: rows, Edit: t.In.CallbackData != ""}, nil
}

// loadQuestion reads a question named by button data, with its dialogue,
// when the person may see them.
func (e *Engine) loadQuestion(ctx context.Context, t *Turn, arg string) (*danchu.Question, *danchu.Dialogue, error) {
	id, ok := parseID(arg)
	if !ok {
		return nil, nil, nil
	}
	q, err := e.Dialogues.FindDialogueQuestion(ctx, id)
	if isNotFound(err) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("flows: find question: %w", err)
	}
	d, err := e.loadDialogue(ctx, t, itoa(q.DialogueID))
	if err != nil || d == nil {
		return nil, nil, err
	}
	return q, d, nil
}

func (e *Engine) supportQuestion(ctx context.Context, t *Turn, arg string) ([]Reply, error) {
	parts, ok := splitArgs(arg, 2)
	if !ok {
		return e.invalidButton(t), nil
	}
	page, ok := indexIn(parts[1], 10000)
	q, d, err := e.loadQuestion(ctx, t, parts[0])
	if err != nil || q == nil || !ok {
		return e.invalidButton(t), err
	}
	added, err := e.Dialogues.SupportQuestion(ctx, q.ID, t.Resident.ID, t.Now())
	note := t.T(msgDlgSupported, map[string]any{"Number": q.ID})
	switch {
	case danchu.ErrorCode(err) == danchu.EINVALID:
		note = t.T(msgDlgSupportRefused, nil)
	case err != nil:
		return nil, fmt.Errorf("flows: support question: %w", err)
	case !added:
		note = t.T(msgDlgSupportedBefore, map[string]any{"Number": q.ID})
	}
	r, err := e.dialogueQuestions(ctx, t, d, page, note)
	return []Reply{r}, err
}

func (e *Engine) questionPhoto(ctx context.Context, t *Turn, arg string) ([]Reply, error) {
	q, _, err := e.loadQuestion(ctx, t, arg)
	if err != nil || q == nil || q.PhotoID == "" || !q.Status.Visible() && !danchu.MayHoldDialogue(t.actor()) {
		return e.invalidButton(t), err
	}
	return []Reply{{Text: t.T(msgDlgPhotoCaption, map[string]any{"Number": q.ID}), Files: []File{{Kind: FilePhoto, FileID: q.PhotoID}}}}, nil
}

// askStart begins a question while the dialogue takes them.
func (e *Engine) askStart(ctx context.Context, t *Turn, arg string) ([]Reply, error) {
	d, err := e.loadDialogue(ctx, t, arg)
	if err != nil || d == nil {
		return e.invalidButton(t), err
	}
	if !d.TakesQuestionsAt(t.Now()) {
		return []Reply{t.Say(msgDlgAskClosed, nil)}, nil
	}
	t.Begin(flowDialogue, string(dlgAsk))
	t.Set(keyDlg, itoa(d.ID))
	return []Reply{t.Say(msgDlgAskPrompt, map[string]any{"Value": d.Topic, "Until": e.dateTime(d.QuestionsUntil), "Max": danchu.MaxQuestion})}, nil
}

// askText takes the question's text and photo, then asks about the name.
func (e *Engine) askText(t *Turn) []Reply {
	text := tidy(t.In.Text)
	if text == "" || runes(text) > danchu.MaxQuestion {
		return []Reply{t.Say(msgDlgAskInvalid, map[string]any{"Max": danchu.MaxQuestion})}
	}
	t.Set(keyQText, text)
	if len(t.In.Photos) > 0 {
		t.Set(keyQPhoto, t.In.Photos[len(t.In.Photos)-1].FileID)
	}
	t.Session.State = string(dlgAskName)
	return []Reply{{Text: t.T(msgDlgAskName, nil), Buttons: [][]Button{
		{{Text: t.T(msgDlgNameYes, nil), Data: flowDialogue + ":nm:y"}},
		{{Text: t.T(msgDlgNameNo, nil), Data: flowDialogue + ":nm:n"}},
	}}}
}

// askSave stores the question.
func (e *Engine) askSave(ctx context.Context, t *Turn, showName bool) ([]Reply, error) {
	d, err := e.loadDialogue(ctx, t, t.Get(keyDlg))
	if err != nil || d == nil {
		t.Leave()
		return e.invalidButton(t), err
	}
	q := &danchu.Question{DialogueID: d.ID, ResidentID: t.Resident.ID, Text: t.Get(keyQText), PhotoID: t.Get(keyQPhoto),
		ShowName: showName, CreatedAt: t.Now()}
	err = e.Dialogues.AddDialogueQuestion(ctx, q)
	t.Leave()
	if danchu.ErrorCode(err) == danchu.EINVALID {
		return []Reply{t.WithMenu(msgDlgAskClosed, nil)}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: add question: %w", err)
	}
	if err := e.audit(ctx, t.Resident.ID, "dialogue.question", "dialogue:"+itoa(d.ID), "question:"+itoa(q.ID)); err != nil {
		return nil, err
	}
	card, err := e.dialogueCard(ctx, t, d, t.T(msgDlgAsked, map[string]any{"Number": q.ID}))
	return []Reply{card}, err
}

func (e *Engine) dialogueButton(ctx context.Context, t *Turn) ([]Reply, error) {
	_, rest, _ := splitData(t.In.CallbackData)
	cmd, arg, _ := strings.Cut(rest, ":")
	switch cmd {
	case "home":
		t.Leave()
		r, err := e.dialogueHome(ctx, t)
		return []Reply{r}, err
	case "d":
		d, err := e.loadDialogue(ctx, t, arg)
		if err != nil || d == nil {
			return e.invalidButton(t), err
		}
		r, err := e.dialogueCard(ctx, t, d, "")
		return []Reply{r}, err
	case "ask":
		return e.askStart(ctx, t, arg)
	case "nm":
		if t.Session.Flow != flowDialogue || dialogueState(t.Session.State) != dlgAskName || arg != "y" && arg != "n" {
			return e.invalidButton(t), nil
		}
		return e.askSave(ctx, t, arg == "y")
	case "qs":
		return e.dialoguePage(ctx, t, arg, e.dialogueQuestions)
	case "s":
		return e.supportQuestion(ctx, t, arg)
	case "ph":
		return e.questionPhoto(ctx, t, arg)
	}
	return e.manageDialogueButton(ctx, t, cmd, arg)
}

func (e *Engine) dialogueStep(ctx context.Context, t *Turn) ([]Reply, error) {
	switch dialogueState(t.Session.State) {
	case dlgAsk:
		return e.askText(t), nil
	case dlgAskName, dlgNewField, dlgNewGroup, dlgNewAud, dlgNewCheck:
		return []Reply{t.Say(msgDanUseButtons, nil)}, nil
	}
	return e.manageDialogueStep(ctx, t, tidy(t.In.Text))
}
