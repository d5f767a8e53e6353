package account

import (
	"context"
	"fmt"
	"strings"

	"danchu/flows"

	"danchu"
)

// flowProfile is /toi, "my profile": see it and change name, phone,
// neighbourhood or language. Its buttons start with "me:".
const flowProfile = "me"

type profileState string

const (
	meName  profileState = "name"  // waiting for the new full name
	mePhone profileState = "phone" // waiting for the new phone number
)

func (a *Area) showProfile(_ context.Context, t *flows.Turn) ([]flows.Reply, error) {
	return []flows.Reply{a.profileReply(t, "")}, nil
}

// profileReply is the profile with its change buttons, after an optional note.
func (a *Area) profileReply(t *flows.Turn, note flows.Msg) flows.Reply {
	r := t.Resident
	text := t.T(msgProfile, map[string]any{
		"Name":          r.FullName,
		"Phone":         r.Phone,
		"Neighbourhood": r.Neighbourhood,
		"LevelTitle":    flows.UpperFirst(a.Settings.Unit.NeighbourhoodLevel),
		"Language":      a.languageName(t.Lang()),
		"Roles":         a.rolesLine(t),
		"Since":         a.Date(r.CreatedAt),
	})
	if note != "" {
		text = t.T(note, nil) + "\n\n" + text
	}
	return flows.Reply{Text: text, Buttons: [][]flows.Button{
		{{Text: t.T(msgProfileChangeName, nil), Data: "me:name"}, {Text: t.T(msgProfileChangePhone, nil), Data: "me:phone"}},
		{{Text: t.T(msgProfileChangeNeighbourhood, nil), Data: "me:nb"}, {Text: t.T(msgProfileChangeLanguage, nil), Data: "me:lang"}},
	}}
}

func (a *Area) languageName(lang string) string {
	if lang == flows.LangEN {
		return a.Tr(flows.LangEN, msgLangNameEN, nil)
	}
	return a.Tr(flows.LangVI, msgLangNameVI, nil)
}

// profileButton handles "me:..." buttons. Pressing one leaves whatever flow
// was running, as a command does.
func (a *Area) profileButton(ctx context.Context, t *flows.Turn, rest string) ([]flows.Reply, error) {
	t.Leave()
	back := []flows.Button{{Text: t.T(flows.MsgButtonBack, nil), Data: "me:show"}}
	switch {
	case rest == "show":
		return []flows.Reply{a.Edit(a.profileReply(t, ""))}, nil
	case rest == "name":
		t.Begin(flowProfile, string(meName))
		return []flows.Reply{t.Say(msgProfileAskName, nil)}, nil
	case rest == "phone":
		t.Begin(flowProfile, string(mePhone))
		return []flows.Reply{a.AskPhone(t, msgProfileAskPhone)}, nil
	case rest == "nb":
		return []flows.Reply{{Edit: true, Text: t.T(msgProfileChooseNeighbourhood, nil),
			Buttons: append(a.NeighbourhoodButtons("me:nb:"), back)}}, nil
	case strings.HasPrefix(rest, "nb:"):
		name, ok := a.NeighbourhoodAt(strings.TrimPrefix(rest, "nb:"))
		if !ok {
			return t.InvalidButton(), nil
		}
		if err := a.updateResident(ctx, t, "neighbourhood", func(r *danchu.Resident) { r.Neighbourhood = name }); err != nil {
			return nil, err
		}
		return []flows.Reply{a.Edit(a.profileReply(t, msgProfileUpdatedNeighbourhood))}, nil
	case rest == "lang":
		return []flows.Reply{{Edit: true, Text: t.T(msgProfileChooseLanguage, nil), Buttons: [][]flows.Button{
			{{Text: a.languageName(flows.LangVI), Data: "me:lang:" + flows.LangVI}, {Text: a.languageName(flows.LangEN), Data: "me:lang:" + flows.LangEN}},
			back,
		}}}, nil
	case rest == "lang:"+flows.LangVI || rest == "lang:"+flows.LangEN:
		lang := strings.TrimPrefix(rest, "lang:")
		if err := a.updateResident(ctx, t, "language", func(r *danchu.Resident) { r.Language = lang }); err != nil {
			return nil, err
		}
		// The menu's labels change with the language: send it again.
		return []flows.Reply{a.Edit(a.profileReply(t, "")), t.WithMenu(msgProfileUpdatedLanguage, nil)}, nil
	}
	return t.InvalidButton(), nil
}

// profileStep takes the new name or phone.
func (a *Area) profileStep(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	switch profileState(t.Session.State) {
	case meName:
		name, ok := flows.NormalizeName(t.In.Text)
		if !ok {
			return []flows.Reply{t.Say(msgProfileNameInvalid, nil)}, nil
		}
		if err := a.updateResident(ctx, t, "full_name", func(r *danchu.Resident) { r.FullName = name }); err != nil {
			return nil, err
		}
		t.Leave()
		return []flows.Reply{t.WithMenu(msgProfileUpdatedName, nil), a.profileReply(t, "")}, nil
	case mePhone:
		phone, replies := a.ReadPhone(t)
		if replies != nil {
			return replies, nil
		}
		if err := a.updateResident(ctx, t, "phone", func(r *danchu.Resident) { r.Phone = phone }); err != nil {
			return nil, err
		}
		t.Leave()
		// The menu replaces the contact button's keyboard.
		return []flows.Reply{t.WithMenu(msgProfileUpdatedPhone, map[string]any{"Phone": phone}), a.profileReply(t, "")}, nil
	}
	t.Leave()
	return []flows.Reply{t.WithMenu(flows.MsgHintMenu, nil)}, nil
}

// updateResident saves a change to the profile with an audit row that names
// the field, never its value.
func (a *Area) updateResident(ctx context.Context, t *flows.Turn, field string, change func(*danchu.Resident)) error {
	r := *t.Resident
	change(&r)
	if r == *t.Resident {
		return nil
	}
	if err := a.Residents.UpdateResident(ctx, &r); err != nil {
		return fmt.Errorf("flows: update resident %s: %w", field, err)
	}
	if err := a.audit(ctx, r.ID, "resident.update", flows.ResidentSubject(r.ID), "field="+field); err != nil {
		return err
	}
	t.Resident = &r
	return nil
}
