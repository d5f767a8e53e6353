package flows

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"danchu"
)

// Consultations on drafts, /gop_y (LAW.md, "What residents comment on").
// Residents of the audience read the summary and the draft, and comment as
// often as they like until the closing day. Staff (danchu.MayConsult) open
// a consultation (a hương ước or quy ước draft stays open at least
// ConventionMinDays), read and export the comments, and once it closed
// publish the summary of the comments to the audience.
//
//	gy:home, gy:o:<id>        the list, a card
//	gy:doc:<id>               the draft document
//	gy:cm:<id>                comment (then typed)
//	gy:ls:<id>:<page>, gy:ex:<id>  staff: the comments, the CSV export
//	gy:pub:<id>               staff: type and publish the summary
//	gy:new, gy:k:<kind>, gy:nodoc, gy:a:..., gy:ok, gy:x  staff: a new consultation

type consultState string

const (
	consultComment consultState = "comment" // a resident types a comment
	consultTitle   consultState = "title"   // staff: the new consultation's title
	consultKind    consultState = "kind"    // buttons
	consultSummary consultState = "summary" // its summary
	consultDoc     consultState = "doc"     // its draft document, or none
	consultAud     consultState = "aud"     // buttons
	consultCloses  consultState = "closes"  // its closing day
	consultReview  consultState = "review"  // buttons
	consultResult  consultState = "result"  // the summary of the comments
)

// Session.Data keys of the consultation flow.
const (
	keyConsult    = "c"
	keyConsultNew = "new"
)

const (
	commentsPage = 8
	// consultationsBack is how long a consultation stays listed after its
	// closing or its summary.
	consultationsBack = 90 * 24 * time.Hour
)

var consultKindMessages = map[danchu.ConsultationKind]msg{
	danchu.ConsultPlan:       msgConsultKindPlan,
	danchu.ConsultLandUse:    msgConsultKindLandUse,
	danchu.ConsultProject:    msgConsultKindProject,
	danchu.ConsultBoundary:   msgConsultKindBoundary,
	danchu.ConsultDecision:   msgConsultKindDecision,
	danchu.ConsultRegulation: msgConsultKindRegulation,
	danchu.ConsultConvention: msgConsultKindConvention,
	danchu.ConsultOther:      msgConsultKindOther,
}

func (e *Engine) consultStart(ctx context.Context, t *Turn) ([]Reply, error) {
	r, err := e.consultHome(ctx, t)
	return []Reply{r}, err
}

// inConsultation reports whether the person is in the audience, or staff.
func (e *Engine) inConsultation(t *Turn, c *danchu.Consultation) bool {
	return danchu.MayConsult(t.actor()) || c.Audience.Includes(t.Resident, t.Roles)
}

func (e *Engine) consultHome(ctx context.Context, t *Turn) (Reply, error) {
	now := t.Now()
	list, err := e.Consultations.ListConsultations(ctx, now.Add(-consultationsBack))
	if err != nil {
		return Reply{}, fmt.Errorf("flows: consultations: %w", err)
	}
	lines := []string{t.T(msgConsultHomeTitle, nil)}
	var rows [][]Button
	n := 0
	for _, c := range list {
		if !e.inConsultation(t, c) {
			continue
		}
		n++
		lines = append(lines, strconv.Itoa(n)+". "+clip(c.Title, 80)+" · "+e.consultStatus(t.Lang(), c, now))
		rows = append(rows, []Button{{Text: strconv.Itoa(n) + ". " + clip(c.Title, 40), Data: flowConsult + ":o:" + itoa(c.ID)}})
	}
	if n == 0 {
		lines = append(lines, t.T(msgConsultNone, nil))
	}
	if danchu.MayConsult(t.actor()) {
		rows = append(rows, []Button{{Text: t.T(msgConsultNewButton, nil), Data: flowConsult + ":new"}})
	}
	return Reply{Text: strings.Join(lines, "\n"), Buttons: rows, Edit: t.In.CallbackData != ""}, nil
}

func (e *Engine) consultStatus(lang string, c *danchu.Consultation, now time.Time) string {
	switch {
	case c.PublishedAt != nil:
		return e.tr(lang, msgConsultStatePublished, nil)
	case c.OpenAt(now):
		return e.tr(lang, msgConsultStateOpen, map[string]any{"Date": e.date(c.ClosesAt)})
	}
	return e.tr(lang, msgConsultStateClosed, nil)
}

func (e *Engine) loadConsultation(ctx context.Context, t *Turn, arg string) (*danchu.Consultation, error) {
	id, ok := parseID(arg)
	if !ok {
		return nil, nil
	}
	c, err := e.Consultations.FindConsultation(ctx, id)
	if isNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: consultation: %w", err)
	}
	if !e.inConsultation(t, c) {
		return nil, nil
	}
	return c, nil
}

// consultFacts describe a consultation.
func (e *Engine) consultFacts(lang string, c *danchu.Consultation) []string {
	return []string{
		e.tr(lang, msgConsultCardTitle, map[string]any{"Value": c.Title}),
		e.tr(lang, msgConsultCardKind, map[string]any{"Kind": e.tr(lang, consultKindMessages[c.Kind], nil)}),
		e.tr(lang, msgConsultCardPeriod, map[string]any{"From": e.date(c.OpensAt), "To": e.date(c.ClosesAt)}),
		e.tr(lang, msgConsultCardAudience, map[string]any{"Value": e.audienceText(lang, c.Audience)}),
		"", clip(c.Summary, 2000),
	}
}

func (e *Engine) consultCard(ctx context.Context, t *Turn, c *danchu.Consultation, note string) (Reply, error) {
	lines := e.consultFacts(t.Lang(), c)
	now := t.Now()
	staff := danchu.MayConsult(t.actor())
	if staff {
		comments, err := e.Consultations.Comments(ctx, c.ID)
		if err != nil {
			return Reply{}, fmt.Errorf("flows: comments: %w", err)
		}
		lines = append(lines, "", t.T(msgConsultCommentCount, map[string]any{"Count": len(comments)}))
	}
	if c.PublishedAt != nil {
		lines = append(lines, "", t.T(msgConsultResultTitle, map[string]any{"Date": e.date(*c.PublishedAt)}), clip(c.Result, 2000))
	}
	if note != "" {
		lines = append([]string{note, ""}, lines...)
	}
	id := itoa(c.ID)
	var rows [][]Button
	if c.DocumentID != "" {
		rows = append(rows, []Button{{Text: t.T(msgConsultDocButton, nil), Data: flowConsult + ":doc:" + id}})
	}
	if c.OpenAt(now) {
		rows = append(rows, []Button{{Text: t.T(msgConsultCommentButton, nil), Data: flowConsult + ":cm:" + id}})
	}
	if staff {
		rows = append(rows, []Button{
			{Text: t.T(msgConsultListButton, nil), Data: flowConsult + ":ls:" + id + ":0"},
			{Text: t.T(msgConsultExportButton, nil), Data: flowConsult + ":ex:" + id},
		})
		if c.PublishedAt == nil && now.After(c.ClosesAt) {
			rows = append(rows, []Button{{Text: t.T(msgConsultPublishButton, nil), Data: flowConsult + ":pub:" + id}})
		}
	}
	rows = append(rows, []Button{{Text: t.T(msgDanBack, nil), Data: flowConsult + ":home"}})
	return Reply{Text: clip(strings.Join(lines, "\n"), maxText), Buttons: rows, Edit: t.In.CallbackData != ""}, nil
}

// commentList is a page of the comments, for staff.
func (e *Engine) commentList(ctx context.Context, t *Turn, c *danchu.Consultation, page int) (Reply, error) {
	comments, err := e.Consultations.Comments(ctx, c.ID)
	if err != nil {
		return Reply{}, fmt.Errorf("flows: comments: %w", err)
	}
	if page*commentsPage >= len(comments) {
		page = 0
	}
	end := min(len(comments), (page+1)*commentsPage)
	lines := []string{t.T(msgConsultCommentsTitle, map[string]any{"Value": clip(c.Title, 80), "Count": len(comments)})}
	for i, cm := range comments[page*commentsPage : end] {
		name := cm.Name
		if name == "" {
			name = t.T(msgRcpNameGone, nil)
		}
		lines = append(lines, "", t.T(msgConsultCommentLine, map[string]any{"Number": page*commentsPage + i + 1, "Name": name,
			"Neighbourhood": cm.Neighbourhood, "At": e.dateTime(cm.At), "Value": clip(cm.Text, 800)}))
	}
	prefix := flowConsult + ":ls:" + itoa(c.ID) + ":"
	var rows [][]Button
	nav := pageNav(t, prefix, page, end < len(comments))
	if nav != nil {
		rows = append(rows, nav)
	}
	rows = append(rows, []Button{{Text: t.T(msgDanBack, nil), Data: flowConsult + ":o:" + itoa(c.ID)}})
	return Reply{Text: clip(strings.Join(lines, "\n"), maxText), Buttons: rows, Edit: true}, nil
}

// exportComments is every comment as a CSV file that spreadsheet programs
// open with its Vietnamese letters (UTF-8 with a byte order mark).
func (e *Engine) exportComments(ctx context.Context, t *Turn, c *danchu.Consultation) ([]Reply, error) {
	comments, err := e.Consultations.Comments(ctx, c.ID)
	if err != nil {
		return nil, fmt.Errorf("flows: comments: %w", err)
	}
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	head := strings.Split(t.T(msgConsultCSVHeader, nil), "|")
	_ = w.Write(head)
	for i, cm := range comments {
		_ = w.Write([]string{strconv.Itoa(i + 1), e.dateTime(cm.At), cm.Name, cm.Neighbourhood, cm.Text})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("flows: export comments: %w", err)
	}
	if err := e.audit(ctx, t.Resident.ID, "consultation.export", "consultation:"+itoa(c.ID), strconv.Itoa(len(comments))); err != nil {
		return nil, err
	}
	return []Reply{{Text: t.T(msgConsultExportCaption, map[string]any{"Value": clip(c.Title, 200), "Count": len(comments)}),
		Document: &Attachment{FileName: "gop-y-" + itoa(c.ID) + ".csv", Data: buf.Bytes()}}}, nil
}

func (e *Engine) consultButton(ctx context.Context, t *Turn) ([]Reply, error) {
	_, rest, _ := splitData(t.In.CallbackData)
	cmd, arg, _ := strings.Cut(rest, ":")
	switch cmd {
	case "home":
		t.Leave()
		r, err := e.consultHome(ctx, t)
		return []Reply{r}, err
	case "new", "k", "nodoc", "a", "ok", "x":
		return e.newConsultButton(ctx, t, cmd, arg)
	}
	idArg, more, _ := strings.Cut(arg, ":")
	c, err := e.loadConsultation(ctx, t, idArg)
	if err != nil || c == nil {
		return e.invalidButton(t), err
	}
	staff := danchu.MayConsult(t.actor())
	switch {
	case cmd == "o":
		r, err := e.consultCard(ctx, t, c, "")
		return []Reply{r}, err
	case cmd == "doc" && c.DocumentID != "":
		return []Reply{{Text: t.T(msgConsultDocCaption, map[string]any{"Value": clip(c.Title, 200)}),
			Files: []File{{Kind: FileDocument, FileID: c.DocumentID, FileName: c.DocumentName}}}}, nil
	case cmd == "cm":
		if !c.OpenAt(t.Now()) {
			return []Reply{t.Say(msgConsultClosed, nil)}, nil
		}
		t.Begin(flowConsult, string(consultComment))
		t.Set(keyConsult, itoa(c.ID))
		return []Reply{t.Say(msgConsultAskComment, map[string]any{"Value": clip(c.Title, 200), "Max": danchu.MaxComment})}, nil
	case cmd == "ls" && staff:
		page, ok := indexIn(more, 10000)
		if !ok {
			return e.invalidButton(t), nil
		}
		r, err := e.commentList(ctx, t, c, page)
		return []Reply{r}, err
	case cmd == "ex" && staff:
		return e.exportComments(ctx, t, c)
	case cmd == "pub" && staff && c.PublishedAt == nil && t.Now().After(c.ClosesAt):
		t.Begin(flowConsult, string(consultResult))
		t.Set(keyConsult, itoa(c.ID))
		return []Reply{t.Say(msgConsultAskResult, map[string]any{"Value": clip(c.Title, 200), "Max": danchu.MaxConsultationSummary})}, nil
	}
	return e.invalidButton(t), nil
}

func (e *Engine) consultStep(ctx context.Context, t *Turn) ([]Reply, error) {
	text := tidy(t.In.Text)
	switch consultState(t.Session.State) {
	case consultComment:
		return e.addComment(ctx, t, text)
	case consultResult:
		return e.publishResult(ctx, t, text)
	case consultKind, consultAud, consultReview:
		return []Reply{t.Say(msgDanUseButtons, nil)}, nil
	case consultTitle, consultSummary, consultDoc, consultCloses:
		return e.newConsultStep(ctx, t, text)
	}
	t.Leave()
	return []Reply{t.WithMenu(msgHintMenu, nil)}, nil
}

func (e *Engine) addComment(ctx context.Context, t *Turn, text string) ([]Reply, error) {
	if text == "" || runes(text) > danchu.MaxComment {
		return []Reply{t.Say(msgPetShortInvalid, map[string]any{"Max": danchu.MaxComment})}, nil
	}
	c, err := e.loadConsultation(ctx, t, t.Get(keyConsult))
	t.Leave()
	if err != nil || c == nil {
		return e.invalidButton(t), err
	}
	cm := &danchu.Comment{ConsultationID: c.ID, ResidentID: t.Resident.ID, Neighbourhood: t.Resident.Neighbourhood, Text: text, At: t.Now()}
	err = e.Consultations.AddComment(ctx, cm)
	if danchu.ErrorCode(err) == danchu.EINVALID {
		return []Reply{t.WithMenu(msgConsultClosed, nil)}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: add comment: %w", err)
	}
	if err := e.audit(ctx, t.Resident.ID, "consultation.comment", "consultation:"+itoa(c.ID), "comment:"+itoa(cm.ID)); err != nil {
		return nil, err
	}
	r, err := e.consultCard(ctx, t, c, t.T(msgConsultThanks, nil))
	return []Reply{r}, err
}

func (e *Engine) publishResult(ctx context.Context, t *Turn, text string) ([]Reply, error) {
	if text == "" || runes(text) > danchu.MaxConsultationSummary {
		return []Reply{t.Say(msgPetShortInvalid, map[string]any{"Max": danchu.MaxConsultationSummary})}, nil
	}
	c, err := e.loadConsultation(ctx, t, t.Get(keyConsult))
	t.Leave()
	if err != nil || c == nil || !danchu.MayConsult(t.actor()) {
		return e.invalidButton(t), err
	}
	now := t.Now()
	err = e.Consultations.PublishResult(ctx, c.ID, text, t.Resident.ID, now)
	switch danchu.ErrorCode(err) {
	case "":
	case danchu.ECONFLICT, danchu.EINVALID:
		return []Reply{t.WithMenu(msgConsultPublishedBefore, nil)}, nil
	default:
		return nil, fmt.Errorf("flows: publish result: %w", err)
	}
	if err := e.audit(ctx, t.Resident.ID, "consultation.publish", "consultation:"+itoa(c.ID), ""); err != nil {
		return nil, err
	}
	if c, err = e.Consultations.FindConsultation(ctx, c.ID); err != nil {
		return nil, fmt.Errorf("flows: consultation: %w", err)
	}
	msgs, err := e.toAudience(ctx, c.Audience, "consultation.result", "consultation:"+itoa(c.ID)+":result",
		func(lang string) string {
			return e.tr(lang, msgConsultResultNotice, map[string]any{"Value": c.Title}) + "\n\n" + clip(c.Result, 3000)
		},
		func(lang string) [][]danchu.OutboxButton {
			return [][]danchu.OutboxButton{{{Text: e.tr(lang, msgConsultOpenButton, nil), Data: flowConsult + ":o:" + itoa(c.ID)}}}
		})
	if err != nil {
		return nil, err
	}
	if err := e.sendAll(ctx, msgs); err != nil {
		return nil, err
	}
	r, err := e.consultCard(ctx, t, c, t.T(msgConsultPublished, map[string]any{"Count": len(msgs)}))
	return []Reply{r}, err
}

// CloseDueConsultations tells the creator of each consultation that closed
// how many comments came, with a button to its card (the comments, the
// export and the summary to publish), once.
func (e *Engine) CloseDueConsultations(ctx context.Context, now time.Time) error {
	due, err := e.Consultations.ConsultationsToClose(ctx, now)
	if err != nil {
		return fmt.Errorf("flows: consultations to close: %w", err)
	}
	var errs []error
	for _, c := range due {
		comments, err := e.Consultations.Comments(ctx, c.ID)
		if err != nil {
			errs = append(errs, fmt.Errorf("flows: comments: %w", err))
			continue
		}
		n := notice{to: c.CreatedBy, kind: "consultation.closed", priority: danchu.PriorityReminder,
			dedup: "consultation:" + itoa(c.ID) + ":closed",
			text: func(lang string) string {
				return e.tr(lang, msgConsultClosedNotice, map[string]any{"Value": c.Title, "Count": len(comments)})
			},
			buttons: func(lang string) [][]danchu.OutboxButton {
				return [][]danchu.OutboxButton{{{Text: e.tr(lang, msgConsultOpenButton, nil), Data: flowConsult + ":o:" + itoa(c.ID)}}}
			}}
		if err := e.enqueue(ctx, n); err != nil {
			errs = append(errs, err)
			continue
		}
		if _, err := e.Consultations.MarkConsultationClosed(ctx, c.ID, now); err != nil {
			errs = append(errs, fmt.Errorf("flows: mark consultation %d closed: %w", c.ID, err))
		}
	}
	return errors.Join(errs...)
}

// The consultation being created lives in the session as JSON.
func loadNewConsult(t *Turn) *danchu.Consultation {
	var c danchu.Consultation
	if err := json.Unmarshal([]byte(t.Get(keyConsultNew)), &c); err != nil {
		return &danchu.Consultation{}
	}
	return &c
}

func keepNewConsult(t *Turn, c *danchu.Consultation, state consultState) {
	raw, _ := json.Marshal(c) // a plain struct: cannot fail
	t.Set(keyConsultNew, string(raw))
	t.Session.State = string(state)
}

func (e *Engine) newConsultButton(ctx context.Context, t *Turn, cmd, arg string) ([]Reply, error) {
	if !danchu.MayConsult(t.actor()) {
		return e.invalidButton(t), nil
	}
	if cmd == "new" {
		t.Begin(flowConsult, string(consultTitle))
		keepNewConsult(t, &danchu.Consultation{}, consultTitle)
		return []Reply{t.Say(msgConsultAskTitle, map[string]any{"Max": danchu.MaxConsultationTitle})}, nil
	}
	if t.Session.Flow != flowConsult {
		return e.invalidButton(t), nil
	}
	c := loadNewConsult(t)
	state := consultState(t.Session.State)
	switch {
	case cmd == "x":
		t.Leave()
		return []Reply{{Text: t.T(msgConsultNewCancelled, nil), Edit: true}}, nil
	case state == consultKind && cmd == "k":
		k := danchu.ConsultationKind(arg)
		if !k.Valid() {
			break
		}
		c.Kind = k
		keepNewConsult(t, c, consultSummary)
		return []Reply{{Text: t.T(msgConsultAskSummary, map[string]any{"Max": danchu.MaxConsultationSummary}), Edit: true}}, nil
	case state == consultDoc && cmd == "nodoc":
		keepNewConsult(t, c, consultAud)
		return []Reply{e.audiencePicker(t, flowConsult+":a:", c.Audience, msgConsultAskAudience)}, nil
	case state == consultAud && cmd == "a" && arg == "ok":
		if err := c.Audience.Validate(e.Settings); err != nil {
			return []Reply{e.audiencePicker(t, flowConsult+":a:", c.Audience, msgConsultAskAudience)}, nil
		}
		keepNewConsult(t, c, consultCloses)
		return []Reply{{Text: e.askCloses(t, c), Edit: true}}, nil
	case state == consultAud && cmd == "a":
		if !e.toggleAudience(&c.Audience, arg) {
			break
		}
		keepNewConsult(t, c, consultAud)
		return []Reply{e.audiencePicker(t, flowConsult+":a:", c.Audience, msgConsultAskAudience)}, nil
	case state == consultReview && cmd == "ok":
		return e.createConsultation(ctx, t, c)
	}
	return e.invalidButton(t), nil
}

func (e *Engine) askCloses(t *Turn, c *danchu.Consultation) string {
	earliest := danchu.EarliestClose(e.Settings, e.calendar(), c.Kind, t.Now())
	id := msgConsultAskCloses
	if c.Kind == danchu.ConsultConvention {
		id = msgConsultAskClosesConvention
	}
	return t.T(id, map[string]any{"Date": e.date(earliest), "Days": e.Settings.Consultations.ConventionMinDays})
}

func (e *Engine) newConsultStep(ctx context.Context, t *Turn, text string) ([]Reply, error) {
	if !danchu.MayConsult(t.actor()) {
		t.Leave()
		return []Reply{t.WithMenu(msgStaffOnly, nil)}, nil
	}
	c := loadNewConsult(t)
	switch consultState(t.Session.State) {
	case consultTitle:
		if text == "" || runes(text) > danchu.MaxConsultationTitle {
			return []Reply{t.Say(msgConsultAskTitle, map[string]any{"Max": danchu.MaxConsultationTitle})}, nil
		}
		c.Title = text
		keepNewConsult(t, c, consultKind)
		var rows [][]Button
		for _, k := range danchu.ConsultationKinds {
			rows = append(rows, []Button{{Text: t.T(consultKindMessages[k], nil), Data: flowConsult + ":k:" + string(k)}})
		}
		return []Reply{{Text: t.T(msgConsultAskKind, nil), Buttons: rows}}, nil
	case consultSummary:
		if text == "" || runes(text) > danchu.MaxConsultationSummary {
			return []Reply{t.Say(msgConsultAskSummary, map[string]any{"Max": danchu.MaxConsultationSummary})}, nil
		}
		c.Summary = text
		keepNewConsult(t, c, consultDoc)
		return []Reply{{Text: t.T(msgConsultAskDoc, nil), Buttons: [][]Button{{{Text: t.T(msgConsultNoDoc, nil), Data: flowConsult + ":nodoc"}}}}}, nil
	case consultDoc:
		if len(t.In.Documents) == 0 {
			return []Reply{{Text: t.T(msgConsultAskDoc, nil), Buttons: [][]Button{{{Text: t.T(msgConsultNoDoc, nil), Data: flowConsult + ":nodoc"}}}}}, nil
		}
		doc := t.In.Documents[0]
		c.DocumentID, c.DocumentName = doc.FileID, doc.FileName
		keepNewConsult(t, c, consultAud)
		return []Reply{e.audiencePicker(t, flowConsult+":a:", c.Audience, msgConsultAskAudience)}, nil
	case consultCloses:
		day, ok := parseDay(text, e.Settings.Location())
		earliest := danchu.EarliestClose(e.Settings, e.calendar(), c.Kind, t.Now())
		if !ok || day.Before(earliest) {
			return []Reply{t.Say(msgConsultClosesInvalid, map[string]any{"Date": e.date(earliest)}), {Text: e.askCloses(t, c)}}, nil
		}
		c.OpensAt, c.ClosesAt = t.Now(), e.calendar().EndOfDay(day)
		keepNewConsult(t, c, consultReview)
		lines := append([]string{t.T(msgConsultReview, nil), ""}, e.consultFacts(t.Lang(), c)...)
		if c.DocumentName != "" {
			lines = append(lines, "", "📎 "+c.DocumentName)
		}
		return []Reply{{Text: clip(strings.Join(lines, "\n"), maxText), Buttons: [][]Button{
			{{Text: t.T(msgConsultCreateButton, nil), Data: flowConsult + ":ok"}},
			{{Text: t.T(msgVoteNewCancel, nil), Data: flowConsult + ":x"}},
		}}}, nil
	}
	return []Reply{t.Say(msgDanUseButtons, nil)}, nil
}

func (e *Engine) createConsultation(ctx context.Context, t *Turn, c *danchu.Consultation) ([]Reply, error) {
	now := t.Now()
	c.OpensAt, c.CreatedBy = now, t.Resident.ID
	if err := c.Check(e.Settings, e.calendar()); err != nil {
		t.Leave()
		return []Reply{t.WithMenu(msgConsultNewInvalid, nil)}, nil
	}
	if err := e.Consultations.CreateConsultation(ctx, c); err != nil {
		return nil, fmt.Errorf("flows: create consultation: %w", err)
	}
	t.Leave()
	if err := e.audit(ctx, t.Resident.ID, "consultation.open", "consultation:"+itoa(c.ID), string(c.Kind)); err != nil {
		return nil, err
	}
	msgs, err := e.toAudience(ctx, c.Audience, "consultation.open", "consultation:"+itoa(c.ID)+":open",
		func(lang string) string {
			return e.tr(lang, msgConsultAnnounce, nil) + "\n\n" + strings.Join(e.consultFacts(lang, c), "\n")
		},
		func(lang string) [][]danchu.OutboxButton {
			return [][]danchu.OutboxButton{{{Text: e.tr(lang, msgConsultCommentButton, nil), Data: flowConsult + ":cm:" + itoa(c.ID)}},
				{{Text: e.tr(lang, msgConsultOpenButton, nil), Data: flowConsult + ":o:" + itoa(c.ID)}}}
		})
	if err != nil {
		return nil, err
	}
	if err := e.sendAll(ctx, msgs); err != nil {
		return nil, err
	}
	r, err := e.consultCard(ctx, t, c, t.T(msgConsultCreated, map[string]any{"Count": len(msgs)}))
	return []Reply{r}, err
}
