package flows

import (
	"strings"

	"danchu"
)

// intakePrompt asks what the draft's state waits for.
func (e *Engine) intakePrompt(t *Turn, d *draft) Reply {
	kind := e.kindName(t.Lang(), d.Kind)
	switch d.State {
	case petNotice:
		return Reply{Text: e.denNoticeText(t), Buttons: [][]Button{
			{{Text: t.T(msgPetNoticeOK, nil), Data: "pet:den:ok"}},
			{{Text: t.T(msgPetNoticeAnon, nil), Data: "pet:den:anon"}},
		}}
	case petAddress:
		return t.Say(msgPetAskAddress, map[string]any{"Kind": kind})
	case petIdentity:
		return Reply{Text: e.identityText(t, d), Buttons: [][]Button{
			{{Text: t.T(msgPetIdentityOK, nil), Data: "pet:id:ok"}},
			{{Text: t.T(msgRegFixName, nil), Data: "pet:id:name"}, {Text: t.T(msgPetFixAddress, nil), Data: "pet:id:addr"}},
			{{Text: t.T(msgRegFixPhone, nil), Data: "pet:id:phone"}},
		}}
	case petIdName:
		return t.Say(msgPetAskIdName, nil)
	case petIdPhone:
		return e.askPhone(t, msgPetAskIdPhone)
	case petField:
		return Reply{Text: t.T(msgPetAskField, nil), Buttons: e.fieldButtons("pet:f:")}
	case petSubject:
		return t.Say(msgPetAskSubject, nil)
	case petLearned:
		return t.Say(msgPetAskLearned, nil)
	case petRequest:
		return t.Say(msgPetAskRequest, nil)
	case petContent:
		if d.Content == "" {
			id := msgPetAskContent
			if d.Kind == danchu.KindDenunciation {
				id = msgPetAskContentDen
			}
			return t.Say(id, map[string]any{"Kind": kind})
		}
		return Reply{Text: t.T(msgPetContentReceived, map[string]any{"Count": runes(d.Content)}), Buttons: doneButton(t, "pet:done")}
	case petAttach:
		if len(d.Attachments) == 0 {
			return Reply{Text: t.T(msgPetAskAttach, nil), Buttons: [][]Button{{{Text: t.T(msgPetSkip, nil), Data: "pet:att:done"}}}}
		}
		return Reply{Text: t.T(msgPetAttachReceived, map[string]any{"Files": e.attachmentsText(t.Lang(), d.Attachments)}),
			Buttons: doneButton(t, "pet:att:done")}
	case petAnon:
		return Reply{Text: t.T(msgPetAskAnon, map[string]any{"Kind": kind}), Buttons: [][]Button{
			{{Text: t.T(msgPetNamed, nil), Data: "pet:anon:no"}},
			{{Text: t.T(msgPetAnonymous, nil), Data: "pet:anon:yes"}},
		}}
	case petPlace:
		return Reply{Text: t.T(msgPetAskPlace, nil), Buttons: e.neighbourhoodButtons("pet:nb:")}
	case petReview:
		return e.reviewReply(t, d)
	case petDup:
		return Reply{Text: t.T(msgPetDupAsk, map[string]any{"Number": d.DupNumber, "At": d.DupAt}), Buttons: [][]Button{
			{{Text: t.T(msgPetDupYes, nil), Data: "pet:dup:yes"}},
			{{Text: t.T(msgPetDupNo, nil), Data: "pet:dup:no"}},
		}}
	}
	return e.triageReply(t)
}

// triageReply asks, in plain words, what the resident wants to do; each line
// says what the law asks of that kind.
func (e *Engine) triageReply(t *Turn) Reply {
	text := t.T(msgPetTriage, map[string]any{"FilingDays": e.Settings.Petitions.Complaint.FilingLimitDays})
	return Reply{Text: text, Buttons: [][]Button{
		{{Text: t.T(msgPetTriageRecommendation, nil), Data: "pet:k:" + string(danchu.KindRecommendation)}},
		{{Text: t.T(msgPetTriageReport, nil), Data: "pet:k:" + string(danchu.KindReport)}},
		{{Text: t.T(msgPetTriageComplaint, nil), Data: "pet:k:" + string(danchu.KindComplaint)}},
		{{Text: t.T(msgPetTriageDenunciation, nil), Data: "pet:k:" + string(danchu.KindDenunciation)}},
	}}
}

func (e *Engine) denNoticeText(t *Turn) string { return t.T(msgPetDenNotice, nil) }

func (e *Engine) identityText(t *Turn, d *draft) string {
	text := t.T(msgPetIdentity, map[string]any{"Kind": e.kindName(t.Lang(), d.Kind),
		"Name": d.Name, "Address": d.Address, "Phone": d.Phone})
	if d.Kind == danchu.KindDenunciation {
		text += "\n" + t.T(msgPetIdentitySecret, nil)
	}
	return text
}

// fieldButtons are the settings' fields, two a row, by index.
func (e *Engine) fieldButtons(prefix string) [][]Button {
	var rows [][]Button
	for i, f := range e.Settings.Fields {
		b := Button{Text: f, Data: prefix + itoa(int64(i))}
		if i%2 == 0 {
			rows = append(rows, []Button{b})
		} else {
			rows[len(rows)-1] = append(rows[len(rows)-1], b)
		}
	}
	return rows
}

// attachmentsText counts the attachments by kind.
func (e *Engine) attachmentsText(lang string, atts []danchu.Attachment) string {
	n := map[danchu.AttachmentKind]int{}
	for _, a := range atts {
		n[a.Kind]++
	}
	if len(atts) == 0 {
		return localize(lang, msgAttachNone, nil)
	}
	return localize(lang, msgAttachCounts, map[string]any{"Photos": n[danchu.AttachmentPhoto],
		"Documents": n[danchu.AttachmentDocument], "Locations": n[danchu.AttachmentLocation]})
}

// reviewText is the whole petition as it will be sent.
func (e *Engine) reviewText(t *Turn, d *draft) string {
	var b strings.Builder
	b.WriteString(t.T(msgPetReviewTitle, nil) + "\n")
	line := func(id msg, v string) { b.WriteString("\n" + t.T(id, map[string]any{"Value": v})) }
	line(msgLineKind, upperFirst(e.kindName(t.Lang(), d.Kind)))
	line(msgLineField, d.Field)
	line(msgLinePlace, e.placeName(t.Lang(), d.Neighbourhood))
	line(msgLineAuthor, e.draftAuthor(t, d))
	if d.Kind == danchu.KindComplaint {
		line(msgLineSubject, d.Subject)
		line(msgLineLearned, d.Learned)
		line(msgLineRequest, d.Request)
	}
	line(msgLineAttachments, e.attachmentsText(t.Lang(), d.Attachments))
	if w := e.lateWarning(t, d); w != "" {
		b.WriteString("\n\n" + w)
	}
	b.WriteString("\n\n" + t.T(msgLineContent, map[string]any{"Value": d.Content}))
	return clip(b.String(), maxText)
}

func (e *Engine) placeName(lang, nb string) string {
	if nb == "" {
		return localize(lang, msgPlaceNone, e.withUnit(nil))
	}
	return nb
}

// draftAuthor says who the officials will see as the author.
func (e *Engine) draftAuthor(t *Turn, d *draft) string {
	switch {
	case d.Kind.NeedsIdentity():
		return t.T(msgAuthorIdentity, map[string]any{"Name": d.Name, "Address": d.Address, "Phone": d.Phone})
	case d.Anonymous:
		return t.T(msgAuthorAnonymous, nil)
	}
	return t.T(msgAuthorNamed, map[string]any{"Name": t.Resident.FullName, "Phone": t.Resident.Phone})
}

func (e *Engine) reviewReply(t *Turn, d *draft) Reply {
	rows := [][]Button{
		{{Text: t.T(msgPetSend, nil), Data: "pet:send"}},
		{{Text: t.T(msgPetFixKind, nil), Data: "pet:fix:kind"}, {Text: t.T(msgPetFixField, nil), Data: "pet:fix:field"}},
		{{Text: t.T(msgPetFixPlace, nil), Data: "pet:fix:place"}, {Text: t.T(msgPetFixContent, nil), Data: "pet:fix:content"}},
	}
	last := []Button{{Text: t.T(msgPetFixAttach, nil), Data: "pet:fix:att"}}
	if d.Kind.NeedsIdentity() {
		last = append(last, Button{Text: t.T(msgPetFixIdentity, nil), Data: "pet:fix:id"})
	} else {
		last = append(last, Button{Text: t.T(msgPetFixAnon, nil), Data: "pet:fix:anon"})
	}
	rows = append(rows, last)
	if d.Kind == danchu.KindComplaint {
		rows = append(rows,
			[]Button{{Text: t.T(msgPetFixSubject, nil), Data: "pet:fix:subject"}, {Text: t.T(msgPetFixLearned, nil), Data: "pet:fix:learned"}},
			[]Button{{Text: t.T(msgPetFixRequest, nil), Data: "pet:fix:request"}})
	}
	return Reply{Text: e.reviewText(t, d), Buttons: rows}
}
