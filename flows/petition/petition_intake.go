package petition

import (
	"context"
	"strings"

	"danchu/flows"

	"danchu"
)

// intakeStart answers /gui_don and "Gửi đơn": the daily limit first, then a
// draft left from before (a restart, a pause), else the triage question.
func (a *Area) intakeStart(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	if replies, err := a.dailyLimitReplies(ctx, t); replies != nil || err != nil {
		return replies, err
	}
	_, sd, ok, err := a.storedDraft(ctx, t.Resident.ID)
	if err != nil {
		return nil, err
	}
	if ok {
		t.Begin(flowPetition, string(petChoose))
		return []flows.Reply{a.draftChoice(t, a.DateTime(sd.UpdatedAt))}, nil
	}
	return a.intakeNew(ctx, t)
}

func (a *Area) draftChoice(t *flows.Turn, at string) flows.Reply {
	return flows.Reply{Text: t.T(msgPetDraftFound, map[string]any{"At": at}), Buttons: [][]flows.Button{
		{{Text: t.T(msgPetDraftContinue, nil), Data: "pet:resume"}},
		{{Text: t.T(msgPetDraftRestart, nil), Data: "pet:new"}},
	}}
}

// intakeNew starts a petition afresh. Nothing is stored until the kind is
// chosen: a triage question left unanswered is not a draft to remind of.
func (a *Area) intakeNew(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	if err := a.dropDraft(ctx, t); err != nil {
		return nil, err
	}
	d := &draft{State: petKind}
	if _, ok := a.Settings.NeighbourhoodByName(t.Resident.Neighbourhood); ok {
		d.Neighbourhood = t.Resident.Neighbourhood
	}
	t.Begin(flowPetition, string(petKind))
	if err := a.keepDraft(ctx, t, d); err != nil {
		return nil, err
	}
	return []flows.Reply{a.intakePrompt(t, d)}, nil
}

// intakeResume continues the stored draft, in this session or a new one.
func (a *Area) intakeResume(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	d, _, ok, err := a.storedDraft(ctx, t.Resident.ID)
	if err != nil {
		return nil, err
	}
	if !ok {
		t.Leave()
		return []flows.Reply{t.WithMenu(msgPetDraftGone, nil)}, nil
	}
	if d.State == petChoose || d.State == petDup || d.State == "" {
		d.State = d.next()
	}
	t.Begin(flowPetition, string(d.State))
	if err := a.keepDraft(ctx, t, d); err != nil {
		return nil, err
	}
	return []flows.Reply{{Edit: true, Text: t.T(msgPetDraftResumed, nil)}, a.intakePrompt(t, d)}, nil
}

// advance moves to the next question and saves the draft.
func (a *Area) advance(ctx context.Context, t *flows.Turn, d *draft, before ...flows.Reply) ([]flows.Reply, error) {
	d.State = d.next()
	if err := a.keepDraft(ctx, t, d); err != nil {
		return nil, err
	}
	return append(before, a.intakePrompt(t, d)), nil
}

// intakeButton handles "pet:..." buttons; each is valid in one state only,
// except the draft's "continue" and "start again", which an outbox reminder
// carries too.
func (a *Area) intakeButton(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	_, rest, _ := flows.SplitData(t.In.CallbackData)
	switch rest {
	case "resume":
		return a.intakeResume(ctx, t)
	case "new":
		if replies, err := a.dailyLimitReplies(ctx, t); replies != nil || err != nil {
			return replies, err
		}
		replies, err := a.intakeNew(ctx, t)
		return append([]flows.Reply{{Edit: true, Text: t.T(msgPetDraftDropped, nil)}}, replies...), err
	}
	d, ok := loadDraft(t)
	if t.Session.Flow != flowPetition || !ok {
		return t.InvalidButton(), nil
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
		return a.advance(ctx, t, d, flows.Reply{Edit: true, Text: t.T(msgPetKindChosen, map[string]any{"Kind": a.kindName(t.Lang(), k)})})
	case state == petNotice && rest == "den:ok":
		d.NoticeOK = true
		return a.advance(ctx, t, d, a.Edit(flows.Reply{Text: a.denNoticeText(t) + "\n\n" + t.T(msgPetNoticeAccepted, nil)}))
	case state == petNotice && rest == "den:anon":
		// The law cannot handle an anonymous tố cáo; a phản ánh can be anonymous.
		d.setKind(danchu.KindReport)
		d.AnonChosen, d.Anonymous = true, true
		return a.advance(ctx, t, d, a.Edit(flows.Reply{Text: a.denNoticeText(t) + "\n\n" + t.T(msgPetNoticeAnonymous, nil)}))
	case state == petIdentity && cmd == "id":
		return a.identityButton(ctx, t, d, arg)
	case state == petField && cmd == "f":
		i, ok := flows.IndexIn(arg, len(a.Settings.Fields))
		if !ok {
			break
		}
		d.Field = a.Settings.Fields[i]
		return a.advance(ctx, t, d, flows.Reply{Edit: true, Text: t.T(msgPetFieldChosen, map[string]any{"Field": d.Field})})
	case state == petContent && rest == "done":
		if strings.TrimSpace(d.Content) == "" {
			return []flows.Reply{a.intakePrompt(t, d)}, nil
		}
		d.ContentDone = true
		return a.advance(ctx, t, d)
	case state == petAttach && rest == "att:done":
		d.AttachDone = true
		return a.advance(ctx, t, d)
	case state == petAnon && (rest == "anon:yes" || rest == "anon:no"):
		d.AnonChosen, d.Anonymous = true, rest == "anon:yes"
		return a.advance(ctx, t, d)
	case state == petPlace && cmd == "nb":
		name, ok := a.NeighbourhoodAt(arg)
		if !ok {
			break
		}
		d.Neighbourhood = name
		return a.advance(ctx, t, d)
	case state == petReview && rest == "send":
		return a.intakeSend(ctx, t, d)
	case state == petReview && cmd == "fix":
		return a.intakeFix(ctx, t, d, arg)
	case state == petDup && rest == "dup:yes":
		d.DupOK = true
		return a.intakeSend(ctx, t, d)
	case state == petDup && rest == "dup:no":
		if err := a.dropDraft(ctx, t); err != nil {
			return nil, err
		}
		t.Leave()
		return []flows.Reply{{Edit: true, Text: t.T(msgPetDupDropped, nil)}, t.WithMenu(flows.MsgHintMenu, nil)}, nil
	}
	return t.InvalidButton(), nil
}

// identityButton confirms the identity or goes to correct one part of it.
func (a *Area) identityButton(ctx context.Context, t *flows.Turn, d *draft, part string) ([]flows.Reply, error) {
	switch part {
	case "ok":
		d.IdentityOK = true
		return a.advance(ctx, t, d, a.Edit(flows.Reply{Text: a.identityText(t, d)}))
	case "name":
		d.State = petIdName
	case "phone":
		d.State = petIdPhone
	case "addr":
		d.Address = ""
		d.State = petAddress
	default:
		return t.InvalidButton(), nil
	}
	if err := a.keepDraft(ctx, t, d); err != nil {
		return nil, err
	}
	return []flows.Reply{a.Edit(flows.Reply{Text: a.identityText(t, d)}), a.intakePrompt(t, d)}, nil
}

// intakeStep handles a message while a petition is being written.
func (a *Area) intakeStep(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	d, ok := loadDraft(t)
	if !ok {
		t.Leave()
		return a.intakeStart(ctx, t)
	}
	text := flows.Tidy(t.In.Text)
	switch d.State {
	case petAddress:
		if n := flows.Runes(text); n < 5 || n > flows.MaxAddress {
			return []flows.Reply{t.Say(msgPetAddressInvalid, map[string]any{"Max": flows.MaxAddress})}, nil
		}
		d.Address = strings.Join(strings.Fields(text), " ")
		if d.Name == "" {
			d.Name, d.Phone = t.Resident.FullName, t.Resident.Phone
		}
		return a.advance(ctx, t, d)
	case petIdName:
		name, ok := flows.NormalizeName(text)
		if !ok {
			return []flows.Reply{t.Say(flows.MsgRegNameInvalid, nil)}, nil
		}
		d.Name, d.State = name, petIdentity
		return a.stay(ctx, t, d)
	case petIdPhone:
		phone, replies := a.ReadPhone(t)
		if replies != nil {
			return replies, nil
		}
		d.Phone, d.State = phone, petIdentity
		return a.stay(ctx, t, d, flows.Reply{Text: t.T(flows.MsgPhoneReceived, map[string]any{"Phone": phone}), RemoveKeyboard: true})
	case petField:
		for _, f := range a.Settings.Fields {
			if text != "" && strings.EqualFold(text, f) {
				d.Field = f
				return a.advance(ctx, t, d)
			}
		}
	case petSubject, petRequest:
		if text == "" || flows.Runes(text) > flows.MaxShortText {
			return []flows.Reply{t.Say(flows.MsgShortInvalid, map[string]any{"Max": flows.MaxShortText})}, nil
		}
		if d.State == petSubject {
			d.Subject = text
		} else {
			d.Request = text
		}
		return a.advance(ctx, t, d)
	case petLearned:
		return a.learnedGiven(ctx, t, d, text)
	case petContent:
		return a.contentGiven(ctx, t, d, text)
	case petAttach:
		if hasFiles(t.In) {
			// A caption belongs to the content, when there is room for it.
			if joined := d.Content + "\n" + text; text != "" && flows.Runes(joined) <= flows.MaxContent {
				d.Content = joined
			}
			return a.attachmentsAdded(ctx, t, d, a.addAttachments(t, d))
		}
	}
	r := a.intakePrompt(t, d)
	r.Text = t.T(msgPetUseButtons, nil) + "\n\n" + r.Text
	return []flows.Reply{r}, nil
}

// stay saves the draft and asks the current state's question again.
func (a *Area) stay(ctx context.Context, t *flows.Turn, d *draft, before ...flows.Reply) ([]flows.Reply, error) {
	if err := a.keepDraft(ctx, t, d); err != nil {
		return nil, err
	}
	return append(before, a.intakePrompt(t, d)), nil
}

// learnedGiven takes the day a complainant learned of the act; past the
// filing limit it warns and goes on: the unit decides at acceptance.
func (a *Area) learnedGiven(ctx context.Context, t *flows.Turn, d *draft, text string) ([]flows.Reply, error) {
	day, ok := flows.ParseDay(text, a.Settings.Location())
	if !ok || day.After(t.Now()) {
		return []flows.Reply{t.Say(msgPetLearnedInvalid, nil)}, nil
	}
	d.Learned = a.Date(day)
	var before []flows.Reply
	if w := a.lateWarning(t, d); w != "" {
		before = append(before, flows.Reply{Text: w})
	}
	return a.advance(ctx, t, d, before...)
}

// lateWarning is the warning about the complaint filing limit, or "".
func (a *Area) lateWarning(t *flows.Turn, d *draft) string {
	if d.Kind != danchu.KindComplaint || d.Learned == "" {
		return ""
	}
	day, ok := flows.ParseDay(d.Learned, a.Settings.Location())
	if !ok || !a.Calendar().ComplaintFilingLate(a.Settings, day, t.Now()) {
		return ""
	}
	return t.T(msgPetLearnedLate, map[string]any{
		"Date":     d.Learned,
		"Days":     a.Settings.Petitions.Complaint.FilingLimitDays,
		"Deadline": a.Date(a.Calendar().ComplaintFilingDeadline(a.Settings, day)),
	})
}

// contentGiven appends a message to the content; photos, documents and a
// location sent meanwhile become attachments.
func (a *Area) contentGiven(ctx context.Context, t *flows.Turn, d *draft, text string) ([]flows.Reply, error) {
	files := a.addAttachments(t, d)
	if text == "" && files == 0 {
		return []flows.Reply{a.intakePrompt(t, d)}, nil
	}
	if text != "" {
		joined := text
		if d.Content != "" {
			joined = d.Content + "\n" + text
		}
		if flows.Runes(joined) > flows.MaxContent {
			if err := a.keepDraft(ctx, t, d); err != nil {
				return nil, err
			}
			return []flows.Reply{{Text: t.T(msgPetContentTooLong, map[string]any{"Max": flows.MaxContent}), Buttons: doneButton(t, "pet:done")}}, nil
		}
		d.Content = joined
	}
	if err := a.keepDraft(ctx, t, d); err != nil {
		return nil, err
	}
	return []flows.Reply{a.intakePrompt(t, d)}, nil
}

// addAttachments adds what the message carries, up to the limit, and
// returns how many were added.
func (a *Area) addAttachments(t *flows.Turn, d *draft) int {
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

func (a *Area) attachmentsAdded(ctx context.Context, t *flows.Turn, d *draft, n int) ([]flows.Reply, error) {
	if err := a.keepDraft(ctx, t, d); err != nil {
		return nil, err
	}
	if n == 0 {
		return []flows.Reply{{Text: t.T(msgPetAttachFull, map[string]any{"Max": maxAttachments}), Buttons: doneButton(t, "pet:att:done")}}, nil
	}
	return []flows.Reply{a.intakePrompt(t, d)}, nil
}

func hasFiles(in flows.Input) bool {
	return len(in.Photos) > 0 || len(in.Documents) > 0 || in.Location != nil
}

func doneButton(t *flows.Turn, data string) [][]flows.Button {
	return [][]flows.Button{{{Text: t.T(msgPetDone, nil), Data: data}}}
}
