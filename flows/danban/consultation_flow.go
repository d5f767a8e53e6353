package danban

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

	"danchu/flows"

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

var consultKindMessages = map[danchu.ConsultationKind]flows.Msg{
	danchu.ConsultPlan:       msgConsultKindPlan,
	danchu.ConsultLandUse:    msgConsultKindLandUse,
	danchu.ConsultProject:    msgConsultKindProject,
	danchu.ConsultBoundary:   msgConsultKindBoundary,
	danchu.ConsultDecision:   msgConsultKindDecision,
	danchu.ConsultRegulation: msgConsultKindRegulation,
	danchu.ConsultConvention: msgConsultKindConvention,
	danchu.ConsultOther:      msgConsultKindOther,
}

func (a *Area) consultStart(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	r, err := a.consultHome(ctx, t)
	return []flows.Reply{r}, err
}

// inConsultation reports whether the person is in the audience, or staff.
func (a *Area) inConsultation(t *flows.Turn, c *danchu.Consultation) bool {
	return danchu.MayConsult(t.Actor()) || c.Audience.Includes(t.Resident, t.Roles)
}

func (a *Area) consultHome(ctx context.Context, t *flows.Turn) (flows.Reply, error) {
	now := t.Now()
	list, err := a.Consultations.ListConsultations(ctx, now.Add(-consultationsBack))
	if err != nil {
		return flows.Reply{}, fmt.Errorf("flows: consultations: %w", err)
	}
	lines := []string{t.T(msgConsultHomeTitle, nil)}
	var rows [][]flows.Button
	n := 0
	for _, c := range list {
		if !a.inConsultation(t, c) {
			continue
		}
		n++
		lines = append(lines, strconv.Itoa(n)+". "+flows.Clip(c.Title, 80)+" · "+a.consultStatus(t.Lang(), c, now))
		rows = append(rows, []flows.Button{{Text: strconv.Itoa(n) + ". " + flows.Clip(c.Title, 40), Data: flowConsult + ":o:" + flows.Itoa(c.ID)}})
	}
	if n == 0 {
		lines = append(lines, t.T(msgConsultNone, nil))
	}
	if danchu.MayConsult(t.Actor()) {
		rows = append(rows, []flows.Button{{Text: t.T(msgConsultNewButton, nil), Data: flowConsult + ":new"}})
	}
	return flows.Reply{Text: strings.Join(lines, "\n"), Buttons: rows, Edit: t.In.CallbackData != ""}, nil
}

func (a *Area) consultStatus(lang string, c *danchu.Consultation, now time.Time) string {
	switch {
	case c.PublishedAt != nil:
		return a.Tr(lang, msgConsultStatePublished, nil)
	case c.OpenAt(now):
		return a.Tr(lang, msgConsultStateOpen, map[string]any{"Date": a.Date(c.ClosesAt)})
	}
	return a.Tr(lang, msgConsultStateClosed, nil)
}

func (a *Area) loadConsultation(ctx context.Context, t *flows.Turn, arg string) (*danchu.Consultation, error) {
	id, ok := flows.ParseID(arg)
	if !ok {
		return nil, nil
	}
	c, err := a.Consultations.FindConsultation(ctx, id)
	if flows.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: consultation: %w", err)
	}
	if !a.inConsultation(t, c) {
		return nil, nil
	}
	return c, nil
}

// consultFacts describe a consultation.
func (a *Area) consultFacts(lang string, c *danchu.Consultation) []string {
	return []string{
		a.Tr(lang, msgConsultCardTitle, map[string]any{"Value": c.Title}),
		a.Tr(lang, msgConsultCardKind, map[string]any{"Kind": a.Tr(lang, consultKindMessages[c.Kind], nil)}),
		a.Tr(lang, msgConsultCardPeriod, map[string]any{"From": a.Date(c.OpensAt), "To": a.Date(c.ClosesAt)}),
		a.Tr(lang, msgConsultCardAudience, map[string]any{"Value": a.audienceText(lang, c.Audience)}),
		"", flows.Clip(c.Summary, 2000),
	}
}

func (a *Area) consultCard(ctx context.Context, t *flows.Turn, c *danchu.Consultation, note string) (flows.Reply, error) {
	lines := a.consultFacts(t.Lang(), c)
	now := t.Now()
	staff := danchu.MayConsult(t.Actor())
	if staff {
		comments, err := a.Consultations.Comments(ctx, c.ID)
		if err != nil {
			return flows.Reply{}, fmt.Errorf("flows: comments: %w", err)
		}
		lines = append(lines, "", t.T(msgConsultCommentCount, map[string]any{"Count": len(comments)}))
	}
	if c.PublishedAt != nil {
		lines = append(lines, "", t.T(msgConsultResultTitle, map[string]any{"Date": a.Date(*c.PublishedAt)}), flows.Clip(c.Result, 2000))
	}
	if note != "" {
		lines = append([]string{note, ""}, lines...)
	}
	id := flows.Itoa(c.ID)
	var rows [][]flows.Button
	if c.DocumentID != "" {
		rows = append(rows, []flows.Button{{Text: t.T(msgConsultDocButton, nil), Data: flowConsult + ":doc:" + id}})
	}
	if c.OpenAt(now) {
		rows = append(rows, []flows.Button{{Text: t.T(msgConsultCommentButton, nil), Data: flowConsult + ":cm:" + id}})
	}
	if staff {
		rows = append(rows, []flows.Button{
			{Text: t.T(msgConsultListButton, nil), Data: flowConsult + ":ls:" + id + ":0"},
			{Text: t.T(msgConsultExportButton, nil), Data: flowConsult + ":ex:" + id},
		})
		if c.PublishedAt == nil && now.After(c.ClosesAt) {
			rows = append(rows, []flows.Button{{Text: t.T(msgConsultPublishButton, nil), Data: flowConsult + ":pub:" + id}})
		}
	}
	rows = append(rows, []flows.Button{{Text: t.T(msgDanBack, nil), Data: flowConsult + ":home"}})
	return flows.Reply{Text: flows.Clip(strings.Join(lines, "\n"), flows.MaxText), Buttons: rows, Edit: t.In.CallbackData != ""}, nil
}

// commentList is a page of the comments, for staff.
func (a *Area) commentList(ctx context.Context, t *flows.Turn, c *danchu.Consultation, page int) (flows.Reply, error) {
	comments, err := a.Consultations.Comments(ctx, c.ID)
	if err != nil {
		return flows.Reply{}, fmt.Errorf("flows: comments: %w", err)
	}
	if page*commentsPage >= len(comments) {
		page = 0
	}
	end := min(len(comments), (page+1)*commentsPage)
	lines := []string{t.T(msgConsultCommentsTitle, map[string]any{"Value": flows.Clip(c.Title, 80), "Count": len(comments)})}
	for i, cm := range comments[page*commentsPage : end] {
		name := cm.Name
		if name == "" {
			name = t.T(msgRcpNameGone, nil)
		}
		lines = append(lines, "", t.T(msgConsultCommentLine, map[string]any{"Number": page*commentsPage + i + 1, "Name": name,
			"Neighbourhood": cm.Neighbourhood, "At": a.DateTime(cm.At), "Value": flows.Clip(cm.Text, 800)}))
	}
	prefix := flowConsult + ":ls:" + flows.Itoa(c.ID) + ":"
	var rows [][]flows.Button
	nav := flows.PageNav(t, prefix, page, end < len(comments))
	if nav != nil {
		rows = append(rows, nav)
	}
	rows = append(rows, []flows.Button{{Text: t.T(msgDanBack, nil), Data: flowConsult + ":o:" + flows.Itoa(c.ID)}})
	return flows.Reply{Text: flows.Clip(strings.Join(lines, "\n"), flows.MaxText), Buttons: rows, Edit: true}, nil
}

// exportComments is every comment as a CSV file that spreadsheet programs
// open with its Vietnamese letters (UTF-8 with a byte order mark).
func (a *Area) exportComments(ctx context.Context, t *flows.Turn, c *danchu.Consultation) ([]flows.Reply, error) {
	comments, err := a.Consultations.Comments(ctx, c.ID)
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
		_ = w.Write([]string{strconv.Itoa(i + 1), a.DateTime(cm.At), cm.Name, cm.Neighbourhood, cm.Text})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("flows: export comments: %w", err)
	}
	if err := a.audit(ctx, t.Resident.ID, "consultation.export", "consultation:"+flows.Itoa(c.ID), strconv.Itoa(len(comments))); err != nil {
		return nil, err
	}
	return []flows.Reply{{Text: t.T(msgConsultExportCaption, map[string]any{"Value": flows.Clip(c.Title, 200), "Count": len(comments)}),
		Document: &flows.Attachment{FileName: "gop-y-" + flows.Itoa(c.ID) + ".csv", Data: buf.Bytes()}}}, nil
}

func (a *Area) consultButton(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	_, rest, _ := flows.SplitData(t.In.CallbackData)
	cmd, arg, _ := strings.Cut(rest, ":")
	switch cmd {
	case "home":
		t.Leave()
		r, err := a.consultHome(ctx, t)
		return []flows.Reply{r}, err
	case "new", "k", "nodoc", "a", "ok", "x":
		return a.newConsultButton(ctx, t, cmd, arg)
	}
	idArg, more, _ := strings.Cut(arg, ":")
	c, err := a.loadConsultation(ctx, t, idArg)
	if err != nil || c == nil {
		return t.InvalidButton(), err
	}
	staff := danchu.MayConsult(t.Actor())
	switch {
	case cmd == "o":
		r, err := a.consultCard(ctx, t, c, "")
		return []flows.Reply{r}, err
	case cmd == "doc" && c.DocumentID != "":
		return []flows.Reply{{Text: t.T(msgConsultDocCaption, map[string]any{"Value": flows.Clip(c.Title, 200)}),
			Files: []flows.File{{Kind: flows.FileDocument, FileID: c.DocumentID, FileName: c.DocumentName}}}}, nil
	case cmd == "cm":
		if !c.OpenAt(t.Now()) {
			return []flows.Reply{t.Say(msgConsultClosed, nil)}, nil
		}
		t.Begin(flowConsult, string(consultComment))
		t.Set(keyConsult, flows.Itoa(c.ID))
		return []flows.Reply{t.Say(msgConsultAskComment, map[string]any{"Value": flows.Clip(c.Title, 200), "Max": danchu.MaxComment})}, nil
	case cmd == "ls" && staff:
		page, ok := flows.IndexIn(more, 10000)
		if !ok {
			return t.InvalidButton(), nil
		}
		r, err := a.commentList(ctx, t, c, page)
		return []flows.Reply{r}, err
	case cmd == "ex" && staff:
		return a.exportComments(ctx, t, c)
	case cmd == "pub" && staff && c.PublishedAt == nil && t.Now().After(c.ClosesAt):
		t.Begin(flowConsult, string(consultResult))
		t.Set(keyConsult, flows.Itoa(c.ID))
		return []flows.Reply{t.Say(msgConsultAskResult, map[string]any{"Value": flows.Clip(c.Title, 200), "Max": danchu.MaxConsultationSummary})}, nil
	}
	return t.InvalidButton(), nil
}

func (a *Area) consultStep(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	text := flows.Tidy(t.In.Text)
	switch consultState(t.Session.State) {
	case consultComment:
		return a.addComment(ctx, t, text)
	case consultResult:
		return a.publishResult(ctx, t, text)
	case consultKind, consultAud, consultReview:
		return []flows.Reply{t.Say(msgDanUseButtons, nil)}, nil
	case consultTitle, consultSummary, consultDoc, consultCloses:
		return a.newConsultStep(ctx, t, text)
	}
	t.Leave()
	return []flows.Reply{t.WithMenu(flows.MsgHintMenu, nil)}, nil
}

func (a *Area) addComment(ctx context.Context, t *flows.Turn, text string) ([]flows.Reply, error) {
	if text == "" || flows.Runes(text) > danchu.MaxComment {
		return []flows.Reply{t.Say(flows.MsgShortInvalid, map[string]any{"Max": danchu.MaxComment})}, nil
	}
	c, err := a.loadConsultation(ctx, t, t.Get(keyConsult))
	t.Leave()
	if err != nil || c == nil {
		return t.InvalidButton(), err
	}
	cm := &danchu.Comment{ConsultationID: c.ID, ResidentID: t.Resident.ID, Neighbourhood: t.Resident.Neighbourhood, Text: text, At: t.Now()}
	err = a.Consultations.AddComment(ctx, cm)
	if danchu.ErrorCode(err) == danchu.EINVALID {
		return []flows.Reply{t.WithMenu(msgConsultClosed, nil)}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: add comment: %w", err)
	}
	if err := a.audit(ctx, t.Resident.ID, "consultation.comment", "consultation:"+flows.Itoa(c.ID), "comment:"+flows.Itoa(cm.ID)); err != nil {
		return nil, err
	}
	r, err := a.consultCard(ctx, t, c, t.T(msgConsultThanks, nil))
	return []flows.Reply{r}, err
}

func (a *Area) publishResult(ctx context.Context, t *flows.Turn, text string) ([]flows.Reply, error) {
	if text == "" || flows.Runes(text) > danchu.MaxConsultationSummary {
		return []flows.Reply{t.Say(flows.MsgShortInvalid, map[string]any{"Max": danchu.MaxConsultationSummary})}, nil
	}
	c, err := a.loadConsultation(ctx, t, t.Get(keyConsult))
	t.Leave()
	if err != nil || c == nil || !danchu.MayConsult(t.Actor()) {
		return t.InvalidButton(), err
	}
	now := t.Now()
	err = a.Consultations.PublishResult(ctx, c.ID, text, t.Resident.ID, now)
	switch danchu.ErrorCode(err) {
	case "":
	case danchu.ECONFLICT, danchu.EINVALID:
		return []flows.Reply{t.WithMenu(msgConsultPublishedBefore, nil)}, nil
	default:
		return nil, fmt.Errorf("flows: publish result: %w", err)
	}
	if err := a.audit(ctx, t.Resident.ID, "consultation.publish", "consultation:"+flows.Itoa(c.ID), ""); err != nil {
		return nil, err
	}
	if c, err = a.Consultations.FindConsultation(ctx, c.ID); err != nil {
		return nil, fmt.Errorf("flows: consultation: %w", err)
	}
	msgs, err := a.ToAudience(ctx, c.Audience, "consultation.result", "consultation:"+flows.Itoa(c.ID)+":result",
		func(lang string) string {
			return a.Tr(lang, msgConsultResultNotice, map[string]any{"Value": c.Title}) + "\n\n" + flows.Clip(c.Result, 3000)
		},
		func(lang string) [][]danchu.OutboxButton {
			return [][]danchu.OutboxButton{{{Text: a.Tr(lang, msgConsultOpenButton, nil), Data: flowConsult + ":o:" + flows.Itoa(c.ID)}}}
		})
	if err != nil {
		return nil, err
	}
	if err := a.SendAll(ctx, msgs); err != nil {
		return nil, err
	}
	r, err := a.consultCard(ctx, t, c, t.T(msgConsultPublished, map[string]any{"Count": len(msgs)}))
	return []flows.Reply{r}, err
}

// CloseDueConsultations tells the creator of each consultation that closed
// how many comments came, with a button to its card (the comments, the
// export and the summary to publish), once.
func (a *Area) CloseDueConsultations(ctx context.Context, now time.Time) error {
	due, err := a.Consultations.ConsultationsToClose(ctx, now)
	if err != nil {
		return fmt.Errorf("flows: consultations to close: %w", err)
	}
	var errs []error
	for _, c := range due {
		comments, err := a.Consultations.Comments(ctx, c.ID)
		if err != nil {
			errs = append(errs, fmt.Errorf("flows: comments: %w", err))
			continue
		}
		n := flows.Message{To: c.CreatedBy, Kind: "consultation.closed", Priority: danchu.PriorityReminder,
			Dedup: "consultation:" + flows.Itoa(c.ID) + ":closed",
			Text: func(lang string) string {
				return a.Tr(lang, msgConsultClosedNotice, map[string]any{"Value": c.Title, "Count": len(comments)})
			},
			Buttons: func(lang string) [][]danchu.OutboxButton {
				return [][]danchu.OutboxButton{{{Text: a.Tr(lang, msgConsultOpenButton, nil), Data: flowConsult + ":o:" + flows.Itoa(c.ID)}}}
			}}
		if err := a.Enqueue(ctx, n); err != nil {
			errs = append(errs, err)
			continue
		}
		if _, err := a.Consultations.MarkConsultationClosed(ctx, c.ID, now); err != nil {
			errs = append(errs, fmt.Errorf("flows: mark consultation %d closed: %w", c.ID, err))
		}
	}
	return errors.Join(errs...)
}

// The consultation being created lives in the session as JSON.
func loadNewConsult(t *flows.Turn) *danchu.Consultation {
	var c danchu.Consultation
	if err := json.Unmarshal([]byte(t.Get(keyConsultNew)), &c); err != nil {
		return &danchu.Consultation{}
	}
	return &c
}

func keepNewConsult(t *flows.Turn, c *danchu.Consultation, state consultState) {
	raw, _ := json.Marshal(c) // a plain struct: cannot fail
	t.Set(keyConsultNew, string(raw))
	t.Session.State = string(state)
}

func (a *Area) newConsultButton(ctx context.Context, t *flows.Turn, cmd, arg string) ([]flows.Reply, error) {
	if !danchu.MayConsult(t.Actor()) {
		return t.InvalidButton(), nil
	}
	if cmd == "new" {
		t.Begin(flowConsult, string(consultTitle))
		keepNewConsult(t, &danchu.Consultation{}, consultTitle)
		return []flows.Reply{t.Say(msgConsultAskTitle, map[string]any{"Max": danchu.MaxConsultationTitle})}, nil
	}
	if t.Session.Flow != flowConsult {
		return t.InvalidButton(), nil
	}
	c := loadNewConsult(t)
	state := consultState(t.Session.State)
	switch {
	case cmd == "x":
		t.Leave()
		return []flows.Reply{{Text: t.T(msgConsultNewCancelled, nil), Edit: true}}, nil
	case state == consultKind && cmd == "k":
		k := danchu.ConsultationKind(arg)
		if !k.Valid() {
			break
		}
		c.Kind = k
		keepNewConsult(t, c, consultSummary)
		return []flows.Reply{{Text: t.T(msgConsultAskSummary, map[string]any{"Max": danchu.MaxConsultationSummary}), Edit: true}}, nil
	case state == consultDoc && cmd == "nodoc":
		keepNewConsult(t, c, consultAud)
		return []flows.Reply{a.audiencePicker(t, flowConsult+":a:", c.Audience, msgConsultAskAudience)}, nil
	case state == consultAud && cmd == "a" && arg == "ok":
		if err := c.Audience.Validate(a.Settings); err != nil {
			return []flows.Reply{a.audiencePicker(t, flowConsult+":a:", c.Audience, msgConsultAskAudience)}, nil
		}
		keepNewConsult(t, c, consultCloses)
		return []flows.Reply{{Text: a.askCloses(t, c), Edit: true}}, nil
	case state == consultAud && cmd == "a":
		if !a.toggleAudience(&c.Audience, arg) {
			break
		}
		keepNewConsult(t, c, consultAud)
		return []flows.Reply{a.audiencePicker(t, flowConsult+":a:", c.Audience, msgConsultAskAudience)}, nil
	case state == consultReview && cmd == "ok":
		return a.createConsultation(ctx, t, c)
	}
	return t.InvalidButton(), nil
}

func (a *Area) askCloses(t *flows.Turn, c *danchu.Consultation) string {
	earliest := danchu.EarliestClose(a.Settings, a.Calendar(), c.Kind, t.Now())
	id := msgConsultAskCloses
	if c.Kind == danchu.ConsultConvention {
		id = msgConsultAskClosesConvention
	}
	return t.T(id, map[string]any{"Date": a.Date(earliest), "Days": a.Settings.Consultations.ConventionMinDays})
}

func (a *Area) newConsultStep(ctx context.Context, t *flows.Turn, text string) ([]flows.Reply, error) {
	if !danchu.MayConsult(t.Actor()) {
		t.Leave()
		return []flows.Reply{t.WithMenu(flows.MsgStaffOnly, nil)}, nil
	}
	c := loadNewConsult(t)
	switch consultState(t.Session.State) {
	case consultTitle:
		if text == "" || flows.Runes(text) > danchu.MaxConsultationTitle {
			return []flows.Reply{t.Say(msgConsultAskTitle, map[string]any{"Max": danchu.MaxConsultationTitle})}, nil
		}
		c.Title = text
		keepNewConsult(t, c, consultKind)
		var rows [][]flows.Button
		for _, k := range danchu.ConsultationKinds {
			rows = append(rows, []flows.Button{{Text: t.T(consultKindMessages[k], nil), Data: flowConsult + ":k:" + string(k)}})
		}
		return []flows.Reply{{Text: t.T(msgConsultAskKind, nil), Buttons: rows}}, nil
	case consultSummary:
		if text == "" || flows.Runes(text) > danchu.MaxConsultationSummary {
			return []flows.Reply{t.Say(msgConsultAskSummary, map[string]any{"Max": danchu.MaxConsultationSummary})}, nil
		}
		c.Summary = text
		keepNewConsult(t, c, consultDoc)
		return []flows.Reply{{Text: t.T(msgConsultAskDoc, nil), Buttons: [][]flows.Button{{{Text: t.T(msgConsultNoDoc, nil), Data: flowConsult + ":nodoc"}}}}}, nil
	case consultDoc:
		if len(t.In.Documents) == 0 {
			return []flows.Reply{{Text: t.T(msgConsultAskDoc, nil), Buttons: [][]flows.Button{{{Text: t.T(msgConsultNoDoc, nil), Data: flowConsult + ":nodoc"}}}}}, nil
		}
		doc := t.In.Documents[0]
		c.DocumentID, c.DocumentName = doc.FileID, doc.FileName
		keepNewConsult(t, c, consultAud)
		return []flows.Reply{a.audiencePicker(t, flowConsult+":a:", c.Audience, msgConsultAskAudience)}, nil
	case consultCloses:
		day, ok := flows.ParseDay(text, a.Settings.Location())
		earliest := danchu.EarliestClose(a.Settings, a.Calendar(), c.Kind, t.Now())
		if !ok || day.Before(earliest) {
			return []flows.Reply{t.Say(msgConsultClosesInvalid, map[string]any{"Date": a.Date(earliest)}), {Text: a.askCloses(t, c)}}, nil
		}
		c.OpensAt, c.ClosesAt = t.Now(), a.Calendar().EndOfDay(day)
		keepNewConsult(t, c, consultReview)
		lines := append([]string{t.T(msgConsultReview, nil), ""}, a.consultFacts(t.Lang(), c)...)
		if c.DocumentName != "" {
			lines = append(lines, "", "📎 "+c.DocumentName)
		}
		return []flows.Reply{{Text: flows.Clip(strings.Join(lines, "\n"), flows.MaxText), Buttons: [][]flows.Button{
			{{Text: t.T(msgConsultCreateButton, nil), Data: flowConsult + ":ok"}},
			{{Text: t.T(msgVoteNewCancel, nil), Data: flowConsult + ":x"}},
		}}}, nil
	}
	return []flows.Reply{t.Say(msgDanUseButtons, nil)}, nil
}

func (a *Area) createConsultation(ctx context.Context, t *flows.Turn, c *danchu.Consultation) ([]flows.Reply, error) {
	now := t.Now()
	c.OpensAt, c.CreatedBy = now, t.Resident.ID
	if err := c.Check(a.Settings, a.Calendar()); err != nil {
		t.Leave()
		return []flows.Reply{t.WithMenu(msgConsultNewInvalid, nil)}, nil
	}
	if err := a.Consultations.CreateConsultation(ctx, c); err != nil {
		return nil, fmt.Errorf("flows: create consultation: %w", err)
	}
	t.Leave()
	if err := a.audit(ctx, t.Resident.ID, "consultation.open", "consultation:"+flows.Itoa(c.ID), string(c.Kind)); err != nil {
		return nil, err
	}
	msgs, err := a.ToAudience(ctx, c.Audience, "consultation.open", "consultation:"+flows.Itoa(c.ID)+":open",
		func(lang string) string {
			return a.Tr(lang, msgConsultAnnounce, nil) + "\n\n" + strings.Join(a.consultFacts(lang, c), "\n")
		},
		func(lang string) [][]danchu.OutboxButton {
			return [][]danchu.OutboxButton{{{Text: a.Tr(lang, msgConsultCommentButton, nil), Data: flowConsult + ":cm:" + flows.Itoa(c.ID)}},
				{{Text: a.Tr(lang, msgConsultOpenButton, nil), Data: flowConsult + ":o:" + flows.Itoa(c.ID)}}}
		})
	if err != nil {
		return nil, err
	}
	if err := a.SendAll(ctx, msgs); err != nil {
		return nil, err
	}
	r, err := a.consultCard(ctx, t, c, t.T(msgConsultCreated, map[string]any{"Count": len(msgs)}))
	return []flows.Reply{r}, err
}
