package flows

import (
	"context"
	"strings"

	"danchu"
)

// intakeStart answers /gui_don and "Gửi đơn": the daily limit first, then a
// draft left from before (a restart, a pause), else the triage question.
func (e *Engine) intakeStart(ctx context.Context, t *Turn) ([]Reply, error) {
	if replies, err := e.dailyLimitReplies(ctx, t); replies != nil || err != nil {
		return replies, err
	}
	_, sd, ok, err := e.storedDraft(ctx, t.Resident.ID)
	if err != nil {
		return nil, err
	}
	if ok {
		t.Begin(flowPetition, string(petChoose))
		return []Reply{e.draftChoice(t, e.dateTime(sd.UpdatedAt))}, nil
	}
	return e.intakeNew(ctx, t)
}

func (e *Engine) draftChoice(t *Turn, at string) Reply {
	return Reply{Text: t.T(msgPetDraftFound, map[string]any{"At": at}), Buttons: [][]Button{
		{{Text: t.T(msgPetDraftContinue, nil), Data: "pet:resume"}},
		{{Text: t.T(msgPetDraftRestart, nil), Data: "pet:new"}},
	}}
}

// intakeNew starts a petition afresh. Nothing is stored until the kind is
// chosen: a triage question left unanswered is not a draft to remind of.
func (e *Engine) intakeNew(ctx context.Context, t *Turn) ([]Reply, error) {
	if err := e.dropDraft(ctx, t); err != nil {
		return nil, err
	}
	d := &draft{State: petKind}
	if _, ok := e.Settings.NeighbourhoodByName(t.Resident.Neighbourhood); ok {
		d.Neighbourhood = t.Resident.Neighbourhood
	}
	t.Begin(flowPetition, string(petKind))
	if err := e.keepDraft(ctx, t, d); err != nil {
		return nil, err
	}
	return []Reply{e.intakePrompt(t, d)}, nil
}

// intakeResume continues the stored draft, in this session or a new one.
func (e *Engine) intakeResume(ctx context.Context, t *Turn) ([]Reply, error) {
	d, _, ok, err := e.storedDraft(ctx, t.Resident.ID)
	if err != nil {
		return nil, err
	}
	if !ok {
		t.Leave()
		return []Reply{t.WithMenu(msgPetDraftGone, nil)}, nil
	}
	if d.State == petChoose || d.State == petDup || d.State == "" {
		d.State = d.next()
	}
	t.Begin(flowPetition, string(d.State))
	if err := e.keepDraft(ctx, t, d); err != nil {
		return nil, err
	}
	return []Reply{{Edit: true, Text: t.T(msgPetDraftResumed, nil)}, e.intakePrompt(t, d)}, nil
}

// advance moves to the next question and saves the draft.
func (e *Engine) advance(ctx context.Context, t *Turn, d *draft, before ...Reply) ([]Reply, error) {
	d.State = d.next()
	if err := e.keepDraft(ctx, t, d); err != nil {
		return nil, err
	}
	return append(before, e.intakePrompt(t, d)), nil
}

// intakeButton handles "pet:..." buttons; each is valid in one state only,
// except the draft's "continue" and "start again", which an outbox reminder
// carries too.
func (e *Engine) intakeButton(ctx context.Context, t *Turn) ([]Reply, error) {
	_, rest, _ := splitData(t.In.CallbackData)
	switch rest {
	case "resume":
		return e.intakeResume(ctx, t)
	case "new":
		if replies, err := e.dailyLimitReplies(ctx, t); replies != nil || err != nil {
			return replies, err
		}
		replies, err := e.intakeNew(ctx, t)
		return append([]Reply{{Edit: true, Text: t.T(msgPetDraftDropped, nil)}}, replies...), err
	}
	d, ok := loadDraft(t)
	if t.Session.Flow != flowPetition || !ok {
		return e.invalidButton(t), nil
	}
	state := d.State
	cmd, arg, _ := strings.Cut(rest, ":")
	switch {
	case state == petKind && cmd == "k":
		k, ok := kindByCode(arg)
		if !ok {
			break
		}
		d.setKind(k)
		return e.advance(ctx, t, d, Reply{Edit: true, Text: t.T(msgPetKindChosen, map[string]any{"Kind": e.kindName(t.Lang(), k)})})
	case state == petNotice && rest == "den:ok":
		d.NoticeOK = true
		return e.advance(ctx, t, d, e.edit(Reply{Text: e.denNoticeText(t) + "\n\n" + t.T(msgPetNoticeAccepted, nil)}))
	case state == petNotice && rest == "den:anon":
		// The law cannot handle an anonymous tố cáo; a phản ánh can be anonymous.
		d.setKind(danchu.KindReport)
		d.AnonChosen, d.Anonymous = true, true
		return e.advance(ctx, t, d, e.edit(Reply{Text: e.denNoticeText(t) + "\n\n" + t.T(msgPetNoticeAnonymous, nil)}))
	case state == petIdentity && cmd == "id":
		return e.identityButton(ctx, t, d, arg)
	case state == petField && cmd == "f":
		i, ok := indexIn(arg, len(e.Settings.Fields))
		if !ok {
			break
		}
		d.Field = e.Settings.Fields[i]
		return e.advance(ctx, t, d, Reply{Edit: true, Text: t.T(msgPetFieldChosen, map[string]any{"Field": d.Field})})
	case state == petContent && rest == "done":
		if strings.TrimSpace(d.Content) == "" {
			return []Reply{e.intakePrompt(t, d)}, nil
		}
		d.ContentDone = true
		return e.advance(ctx, t, d)
	case state == petAttach && rest == "att:done":
		d.AttachDone = true
		return e.advance(ctx, t, d)
	case state == petAnon && (rest == "anon:yes" || rest == "anon:no"):
		d.AnonChosen, d.Anonymous = true, rest == "anon:yes"
		return e.advance(ctx, t, d)
	case state == petPlace && cmd == "nb":
		name, ok := e.neighbourhoodAt(arg)
		if !ok {
			break
		}
		d.Neighbourhood = name
		return e.advance(ctx, t, d)
	case state == petReview && rest == "send":
		return e.intakeSend(ctx, t, d)
	case state == petReview && cmd == "fix":
		return e.intakeFix(ctx, t, d, arg)
	case state == petDup && rest == "dup:yes":
		d.DupOK = true
		return e.intakeSend(ctx, t, d)
	case state == petDup && rest == "dup:no":
		if err := e.dropDraft(ctx, t); err != nil {
			return nil, err
		}
		t.Leave()
		return []Reply{{Edit: true, Text: t.T(msgPetDupDropped, nil)}, t.WithMenu(msgHintMenu, nil)}, nil
	}
	return e.invalidButton(t), nil
}

// identityButton confirms the identity or goes to correct one part of it.
func (e *Engine) identityButton(ctx context.Context, t *Turn, d *draft, part string) ([]Reply, error) {
	switch part {
	case "ok":
		d.IdentityOK = true
		return e.advance(ctx, t, d, e.edit(Reply{Text: e.identityText(t, d)}))
	case "name":
		d.State = petIdName
	case "phone":
		d.State = petIdPhone
	case "addr":
		d.Address = ""
		d.State = petAddress
	default:
		return e.invalidButton(t), nil
	}
	if err := e.keepDraft(ctx, t, d); err != nil {
		return nil, err
	}
	return []Reply{e.edit(Reply{Text: e.identityText(t, d)}), e.intakePrompt(t, d)}, nil
}

// intakeStep handles a message while a petition is being written.
func (e *Engine) intakeStep(ctx context.Context, t *Turn) ([]Reply, error) {
	d, ok := loadDraft(t)
	if !ok {
		t.Leave()
		return e.intakeStart(ctx, t)
	}
	text := tidy(t.In.Text)
	switch d.State {
	case petAddress:
		if n := runes(text); n < 5 || n > maxAddress {
			return []Reply{t.Say(msgPetAddressInvalid, map[string]any{"Max": maxAddress})}, nil
		}
		d.Address = strings.Join(strings.Fields(text), " ")
		if d.Name == "" {
			d.Name, d.Phone = t.Resident.FullName, t.Resident.Phone
		}
		return e.advance(ctx, t, d)
	case petIdName:
		name, ok := normalizeName(text)
		if !ok {
			return []Reply{t.Say(msgRegNameInvalid, nil)}, nil
		}
		d.Name, d.State = name, petIdentity
		return e.stay(ctx, t, d)
	case petIdPhone:
		phone, replies := e.readPhone(t)
		if replies != nil {
			return replies, nil
		}
		d.Phone, d.State = phone, petIdentity
		return e.stay(ctx, t, d, Reply{Text: t.T(msgPhoneReceived, map[string]any{"Phone": phone}), RemoveKeyboard: true})
	case petField:
		for _, f := range e.Settings.Fields {
			if text != "" && strings.EqualFold(text, f) {
				d.Field = f
				return e.advance(ctx, t, d)
			}
		}
	case petSubject, petRequest:
		if text == "" || runes(text) > maxShortText {
			return []Reply{t.Say(msgPetShortInvalid, map[string]any{"Max": maxShortText})}, nil
		}
		if d.State == petSubject {
			d.Subject = text
		} else {
			d.Request = text
		}
		return e.advance(ctx, t, d)
	case petLearned:
		return e.learnedGiven(ctx, t, d, text)
	case petContent:
		return e.contentGiven(ctx, t, d, text)
	case petAttach:
		if hasFiles(t.In) {
			// A caption belongs to the content, when there is room for it.
			if joined := d.Content + "\n" + text; text != "" && runes(joined) <= maxContent {
				d.Content = joined
			}
			return e.attachmentsAdded(ctx, t, d, e.addAttachments(t, d))
		}
	}
	r := e.intakePrompt(t, d)
	r.Text = t.T(msgPetUseButtons, nil) + "\n\n" + r.Text
	return []Reply{r}, nil
}

// stay saves the draft and asks the current state's question again.
func (e *Engine) stay(ctx context.Context, t *Turn, d *draft, before ...Reply) ([]Reply, error) {
	if err := e.keepDraft(ctx, t, d); err != nil {
		return nil, err
	}
	return append(before, e.intakePrompt(t, d)), nil
}

// learnedGiven takes the day a complainant learned of the act; past the
// filing limit it warns and goes on: the unit decides at acceptance.
func (e *Engine) learnedGiven(ctx context.Context, t *Turn, d *draft, text string) ([]Reply, error) {
	day, ok := parseDay(text, e.Settings.Location())
	if !ok || day.After(t.Now()) {
		return []Reply{t.Say(msgPetLearnedInvalid, nil)}, nil
	}
	d.Learned = e.date(day)
	var before []Reply
	if w := e.lateWarning(t, d); w != "" {
		before = append(before, Reply{Text: w})
	}
	return e.advance(ctx, t, d, before...)
}

// lateWarning is the warning about the complaint filing limit, or "".
func (e *Engine) lateWarning(t *Turn, d *draft) string {
	if d.Kind != danchu.KindComplaint || d.Learned == "" {
		return ""
	}
	day, ok := parseDay(d.Learned, e.Settings.Location())
	if !ok || !e.calendar().ComplaintFilingLate(e.Settings, day, t.Now()) {
		return ""
	}
	return t.T(msgPetLearnedLate, map[string]any{
		"Date":     d.Learned,
		"Days":     e.Settings.Petitions.Complaint.FilingLimitDays,
		"Deadline": e.date(e.calendar().ComplaintFilingDeadline(e.Settings, day)),
	})
}

// contentGiven appends a message to the content; photos, documents and a
// location sent meanwhile become attachments.
func (e *Engine) contentGiven(ctx context.Context, t *Turn, d *draft, text string) ([]Reply, error) {
	files := e.addAttachments(t, d)
	if text == "" && files == 0 {
		return []Reply{e.intakePrompt(t, d)}, nil
	}
	if text != "" {
		joined := text
		if d.Content != "" {
			joined = d.Content + "\n" + text
		}
		if runes(joined) > maxContent {
			if err := e.keepDraft(ctx, t, d); err != nil {
				return nil, err
			}
			return []Reply{{Text: t.T(msgPetContentTooLong, map[string]any{"Max": maxContent}), Buttons: doneButton(t, "pet:done")}}, nil
		}
		d.Content = joined
	}
	if err := e.keepDraft(ctx, t, d); err != nil {
		return nil, err
	}
	return []Reply{e.intakePrompt(t, d)}, nil
}

// addAttachments adds what the message carries, up to the limit, and
// returns how many were added.
func (e *Engine) addAttachments(t *Turn, d *draft) int {
	var add []danchu.Attachment
	for _, f := range t.In.Photos {
		add = append(add, danchu.Attachment{Kind: danchu.AttachmentPhoto, FileID: f.FileID})
	}
	for _, f := range t.In.Documents {
		add = append(add, danchu.Attachment{Kind: danchu.AttachmentDocument, FileID: f.FileID, FileName: f.FileName})
	}
	if l := t.In.Location; l != nil {
		add = append(add, danchu.Attachment{Kind: danchu.AttachmentLocation, Lat: l.Latitude, Lon: l.Longitude})
	}
	n := 0
	for _, a := range add {
		if len(d.Attachments) >= maxAttachments || a.Kind != danchu.AttachmentLocation && a.FileID == "" {
			continue
		}
		d.Attachments = append(d.Attachments, a)
		n++
	}
	return n
}

func (e *Engine) attachmentsAdded(ctx context.Context, t *Turn, d *draft, n int) ([]Reply, error) {
	if err := e.keepDraft(ctx, t, d); err != nil {
		return nil, err
	}
	if n == 0 {
		return []Reply{{Text: t.T(msgPetAttachFull, map[string]any{"Max": maxAttachments}), Buttons: doneButton(t, "pet:att:done")}}, nil
	}
	return []Reply{e.intakePrompt(t, d)}, nil
}

func hasFiles(in Input) bool {
	return len(in.Photos) > 0 || len(in.Documents) > 0 || in.Location != nil
}

func doneButton(t *Turn, data string) [][]Button {
	return [][]Button{{{Text: t.T(msgPetDone, nil), Data: data}}}
}
