package flows

import (
	"context"
	"fmt"
	"strings"

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

func (e *Engine) showProfile(_ context.Context, t *Turn) ([]Reply, error) {
	return []Reply{e.profileReply(t, "")}, nil
}

// profileReply is the profile with its change buttons, after an optional note.
func (e *Engine) profileReply(t *Turn, note msg) Reply {
	r := t.Resident
	text := t.T(msgProfile, map[string]any{
		"Name":          r.FullName,
		"Phone":         r.Phone,
		"Neighbourhood": r.Neighbourhood,
		"LevelTitle":    upperFirst(e.Settings.Unit.NeighbourhoodLevel),
		"Language":      languageName(t.Lang()),
		"Roles":         e.rolesLine(t),
		"Since":         e.date(r.CreatedAt),
	})
	if note != "" {
		text = t.T(note, nil) + "\n\n" + text
	}
	return Reply{Text: text, Buttons: [][]Button{
		{{Text: t.T(msgProfileChangeName, nil), Data: "me:name"}, {Text: t.T(msgProfileChangePhone, nil), Data: "me:phone"}},
		{{Text: t.T(msgProfileChangeNeighbourhood, nil), Data: "me:nb"}, {Text: t.T(msgProfileChangeLanguage, nil), Data: "me:lang"}},
	}}
}

func languageName(lang string) string {
	if lang == LangEN {
		return localize(LangEN, msgLangNameEN, nil)
	}
	return localize(LangVI, msgLangNameVI, nil)
}

// profileButton handles "me:..." buttons. Pressing one leaves whatever flow
// was running, as a command does.
func (e *Engine) profileButton(ctx context.Context, t *Turn, rest string) ([]Reply, error) {
	t.Leave()
	back := []Button{{Text: t.T(msgButtonBack, nil), Data: "me:show"}}
	switch {
	case rest == "show":
		return []Reply{e.edit(e.profileReply(t, ""))}, nil
	case rest == "name":
		t.Begin(flowProfile, string(meName))
		return []Reply{t.Say(msgProfileAskName, nil)}, nil
	case rest == "phone":
		t.Begin(flowProfile, string(mePhone))
		return []Reply{e.askPhone(t, msgProfileAskPhone)}, nil
	case rest == "nb":
		return []Reply{{Edit: true, Text: t.T(msgProfileChooseNeighbourhood, nil),
			Buttons: append(e.neighbourhoodButtons("me:nb:"), back)}}, nil
	case strings.HasPrefix(rest, "nb:"):
		name, ok := e.neighbourhoodAt(strings.TrimPrefix(rest, "nb:"))
		if !ok {
			return e.invalidButton(t), nil
		}
		if err := e.updateResident(ctx, t, "neighbourhood", func(r *danchu.Resident) { r.Neighbourhood = name }); err != nil {
			return nil, err
		}
		return []Reply{e.edit(e.profileReply(t, msgProfileUpdatedNeighbourhood))}, nil
	case rest == "lang":
		return []Reply{{Edit: true, Text: t.T(msgProfileChooseLanguage, nil), Buttons: [][]Button{
			{{Text: languageName(LangVI), Data: "me:lang:" + LangVI}, {Text: languageName(LangEN), Data: "me:lang:" + LangEN}},
			back,
		}}}, nil
	case rest == "lang:"+LangVI || rest == "lang:"+LangEN:
		lang := strings.TrimPrefix(rest, "lang:")
		if err := e.updateResident(ctx, t, "language", func(r *danchu.Resident) { r.Language = lang }); err != nil {
			return nil, err
		}
		// The menu's labels change with the language: send it again.
		return []Reply{e.edit(e.profileReply(t, "")), t.WithMenu(msgProfileUpdatedLanguage, nil)}, nil
	}
	return e.invalidButton(t), nil
}

// profileStep takes the new name or phone.
func (e *Engine) profileStep(ctx context.Context, t *Turn) ([]Reply, error) {
	switch profileState(t.Session.State) {
	case meName:
		name, ok := normalizeName(t.In.Text)
		if !ok {
			return []Reply{t.Say(msgProfileNameInvalid, nil)}, nil
		}
		if err := e.updateResident(ctx, t, "full_name", func(r *danchu.Resident) { r.FullName = name }); err != nil {
			return nil, err
		}
		t.Leave()
		return []Reply{t.WithMenu(msgProfileUpdatedName, nil), e.profileReply(t, "")}, nil
	case mePhone:
		phone, replies := e.readPhone(t)
		if replies != nil {
			return replies, nil
		}
		if err := e.updateResident(ctx, t, "phone", func(r *danchu.Resident) { r.Phone = phone }); err != nil {
			return nil, err
		}
		t.Leave()
		// The menu replaces the contact button's keyboard.
		return []Reply{t.WithMenu(msgProfileUpdatedPhone, map[string]any{"Phone": phone}), e.profileReply(t, "")}, nil
	}
	t.Leave()
	return []Reply{t.WithMenu(msgHintMenu, nil)}, nil
}

// updateResident saves a change to the profile with an audit row that names
// the field, never its value.
func (e *Engine) updateResident(ctx context.Context, t *Turn, field string, change func(*danchu.Resident)) error {
	r := *t.Resident
	change(&r)
	if r == *t.Resident {
		return nil
	}
	if err := e.Residents.UpdateResident(ctx, &r); err != nil {
		return fmt.Errorf("flows: update resident %s: %w", field, err)
	}
	if err := e.audit(ctx, r.ID, "resident.update", residentSubject(r.ID), "field="+field); err != nil {
		return err
	}
	t.Resident = &r
	return nil
}

// edit turns a reply into an edit of the message the button was on.
func (e *Engine) edit(r Reply) Reply {
	r.Edit = true
	return r
}
