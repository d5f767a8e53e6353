package petition

import (
	"strings"

	"danchu/flows"

	"danchu"
)

// intakePrompt asks what the draft's state waits for.
func (a *Area) intakePrompt(t *flows.Turn, d *draft) flows.Reply {
	kind := a.kindName(t.Lang(), d.Kind)
	switch d.State {
	case petNotice:
		return flows.Reply{Text: a.denNoticeText(t), Buttons: [][]flows.Button{
			{{Text: t.T(msgPetNoticeOK, nil), Data: "pet:den:ok"}},
			{{Text: t.T(msgPetNoticeAnon, nil), Data: "pet:den:anon"}},
		}}
	case petAddress:
		return t.Say(msgPetAskAddress, map[string]any{"Kind": kind})
	case petIdentity:
		return flows.Reply{Text: a.identityText(t, d), Buttons: [][]flows.Button{
			{{Text: t.T(msgPetIdentityOK, nil), Data: "pet:id:ok"}},
			{{Text: t.T(flows.MsgRegFixName, nil), Data: "pet:id:name"}, {Text: t.T(msgPetFixAddress, nil), Data: "pet:id:addr"}},
			{{Text: t.T(flows.MsgRegFixPhone, nil), Data: "pet:id:phone"}},
		}}
	case petIdName:
		return t.Say(msgPetAskIdName, nil)
	case petIdPhone:
		return a.AskPhone(t, msgPetAskIdPhone)
	case petField:
		return flows.Reply{Text: t.T(msgPetAskField, nil), Buttons: a.fieldButtons("pet:f:")}
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
		return flows.Reply{Text: t.T(msgPetContentReceived, map[string]any{"Count": flows.Runes(d.Content)}), Buttons: doneButton(t, "pet:done")}
	case petAttach:
		if len(d.Attachments) == 0 {
			return flows.Reply{Text: t.T(msgPetAskAttach, nil), Buttons: [][]flows.Button{{{Text: t.T(msgPetSkip, nil), Data: "pet:att:done"}}}}
		}
		return flows.Reply{Text: t.T(msgPetAttachReceived, map[string]any{"Files": a.attachmentsText(t.Lang(), d.Attachments)}),
			Buttons: doneButton(t, "pet:att:done")}
	case petAnon:
		return flows.Reply{Text: t.T(msgPetAskAnon, map[string]any{"Kind": kind}), Buttons: [][]flows.Button{
			{{Text: t.T(msgPetNamed, nil), Data: "pet:anon:no"}},
			{{Text: t.T(msgPetAnonymous, nil), Data: "pet:anon:yes"}},
		}}
	case petPlace:
		return flows.Reply{Text: t.T(msgPetAskPlace, nil), Buttons: a.NeighbourhoodButtons("pet:nb:")}
	case petReview:
		return a.reviewReply(t, d)
	case petDup:
		return flows.Reply{Text: t.T(msgPetDupAsk, map[string]any{"Number": d.DupNumber, "At": d.DupAt}), Buttons: [][]flows.Button{
			{{Text: t.T(msgPetDupYes, nil), Data: "pet:dup:yes"}},
			{{Text: t.T(msgPetDupNo, nil), Data: "pet:dup:no"}},
		}}
	}
	return a.triageReply(t)
}

// triageReply asks, in plain words, what the resident wants to do; each line
// says what the law asks of that kind.
func (a *Area) triageReply(t *flows.Turn) flows.Reply {
	text := t.T(msgPetTriage, map[string]any{"FilingDays": a.Settings.Petitions.Complaint.FilingLimitDays})
	return flows.Reply{Text: text, Buttons: [][]flows.Button{
		{{Text: t.T(msgPetTriageRecommendation, nil), Data: "pet:k:" + string(danchu.KindRecommendation)}},
		{{Text: t.T(msgPetTriageReport, nil), Data: "pet:k:" + string(danchu.KindReport)}},
		{{Text: t.T(msgPetTriageComplaint, nil), Data: "pet:k:" + string(danchu.KindComplaint)}},
		{{Text: t.T(msgPetTriageDenunciation, nil), Data: "pet:k:" + string(danchu.KindDenunciation)}},
	}}
}

func (a *Area) denNoticeText(t *flows.Turn) string { return t.T(msgPetDenNotice, nil) }

func (a *Area) identityText(t *flows.Turn, d *draft) string {
	text := t.T(msgPetIdentity, map[string]any{"Kind": a.kindName(t.Lang(), d.Kind),
		"Name": d.Name, "Address": d.Address, "Phone": d.Phone})
	if d.Kind == danchu.KindDenunciation {
		text += "\n" + t.T(msgPetIdentitySecret, nil)
	}
	return text
}

// fieldButtons are the settings' fields, two a row, by index.
func (a *Area) fieldButtons(prefix string) [][]flows.Button {
	var rows [][]flows.Button
	for i, f := range a.Settings.Fields {
		b := flows.Button{Text: f, Data: prefix + flows.Itoa(int64(i))}
		if i%2 == 0 {
			rows = append(rows, []flows.Button{b})
		} else {
			rows[len(rows)-1] = append(rows[len(rows)-1], b)
		}
	}
	return rows
}

// attachmentsText counts the attachments by kind.
func (a *Area) attachmentsText(lang string, atts []danchu.Attachment) string {
	n := map[danchu.AttachmentKind]int{}
	for _, att := range atts {
		n[att.Kind]++
	}
	if len(atts) == 0 {
		return a.Tr(lang, msgAttachNone, nil)
	}
	return a.Tr(lang, msgAttachCounts, map[string]any{"Photos": n[danchu.AttachmentPhoto],
		"Documents": n[danchu.AttachmentDocument], "Locations": n[danchu.AttachmentLocation]})
}

// reviewText is the whole petition as it will be sent.
func (a *Area) reviewText(t *flows.Turn, d *draft) string {
	var b strings.Builder
	b.WriteString(t.T(msgPetReviewTitle, nil) + "\n")
	line := func(id flows.Msg, v string) { b.WriteString("\n" + t.T(id, map[string]any{"Value": v})) }
	line(msgLineKind, flows.UpperFirst(a.kindName(t.Lang(), d.Kind)))
	line(msgLineField, d.Field)
	line(msgLinePlace, a.PlaceName(t.Lang(), d.Neighbourhood))
	line(msgLineAuthor, a.draftAuthor(t, d))
	if d.Kind == danchu.KindComplaint {
		line(msgLineSubject, d.Subject)
		line(msgLineLearned, d.Learned)
		line(msgLineRequest, d.Request)
	}
	line(msgLineAttachments, a.attachmentsText(t.Lang(), d.Attachments))
	if w := a.lateWarning(t, d); w != "" {
		b.WriteString("\n\n" + w)
	}
	b.WriteString("\n\n" + t.T(msgLineContent, map[string]any{"Value": d.Content}))
	return flows.Clip(b.String(), flows.MaxText)
}

// draftAuthor says who the officials will see as the author.
func (a *Area) draftAuthor(t *flows.Turn, d *draft) string {
	switch {
	case d.Kind.NeedsIdentity():
		return t.T(msgAuthorIdentity, map[string]any{"Name": d.Name, "Address": d.Address, "Phone": d.Phone})
	case d.Anonymous:
		return t.T(msgAuthorAnonymous, nil)
	}
	return t.T(msgAuthorNamed, map[string]any{"Name": t.Resident.FullName, "Phone": t.Resident.Phone})
}

func (a *Area) reviewReply(t *flows.Turn, d *draft) flows.Reply {
	rows := [][]flows.Button{
		{{Text: t.T(msgPetSend, nil), Data: "pet:send"}},
		{{Text: t.T(msgPetFixKind, nil), Data: "pet:fix:kind"}, {Text: t.T(msgPetFixField, nil), Data: "pet:fix:field"}},
		{{Text: t.T(msgPetFixPlace, nil), Data: "pet:fix:place"}, {Text: t.T(msgPetFixContent, nil), Data: "pet:fix:content"}},
	}
	last := []flows.Button{{Text: t.T(msgPetFixAttach, nil), Data: "pet:fix:att"}}
	if d.Kind.NeedsIdentity() {
		last = append(last, flows.Button{Text: t.T(msgPetFixIdentity, nil), Data: "pet:fix:id"})
	} else {
		last = append(last, flows.Button{Text: t.T(msgPetFixAnon, nil), Data: "pet:fix:anon"})
	}
	rows = append(rows, last)
	if d.Kind == danchu.KindComplaint {
		rows = append(rows,
			[]flows.Button{{Text: t.T(msgPetFixSubject, nil), Data: "pet:fix:subject"}, {Text: t.T(msgPetFixLearned, nil), Data: "pet:fix:learned"}},
			[]flows.Button{{Text: t.T(msgPetFixRequest, nil), Data: "pet:fix:request"}})
	}
	return flows.Reply{Text: a.reviewText(t, d), Buttons: rows}
}
