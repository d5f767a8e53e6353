package account

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"danchu/flows"

	"danchu"
)

// flowRegister is the registration: consent, full name, phone, neighbourhood,
// summary. Its buttons start with "reg:".
const flowRegister = "reg"

type registerState string

const (
	regConsent       registerState = "consent"       // the personal-data notice is shown
	regName          registerState = "name"          // waiting for the full name
	regPhone         registerState = "phone"         // waiting for the contact or a typed number
	regNeighbourhood registerState = "neighbourhood" // waiting for a neighbourhood button
	regConfirm       registerState = "confirm"       // the summary is shown
)

// Session.Data keys of the registration.
const (
	keyName          = "name"
	keyPhone         = "phone"
	keyNeighbourhood = "nb"
	keyFixing        = "fixing" // "1" while correcting one part from the summary
)

// startPayload is what Telegram allows after /start.
var startPayload = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// start greets the person. A deep link is kept until registration ends; a
// registered person gets the menu and the deep link at once.
func (a *Area) start(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	if p := strings.TrimSpace(t.In.Args); startPayload.MatchString(p) {
		t.Session.Deeplink = p
	}
	if t.Resident != nil {
		replies := []flows.Reply{t.WithMenu(msgStartWelcomeBack, map[string]any{"Name": t.Resident.FullName})}
		more, err := t.FollowDeeplink(ctx)
		return append(replies, more...), err
	}
	t.Begin(flowRegister, string(regConsent))
	return []flows.Reply{
		{Text: t.T(msgStartGreeting, nil), RemoveKeyboard: true},
		a.noticeReply(t),
	}, nil
}

// noticeReply is the personal-data notice with the consent buttons.
func (a *Area) noticeReply(t *flows.Turn) flows.Reply {
	other, otherLabel := flows.LangEN, msgLangNameEN
	if t.Lang() == flows.LangEN {
		other, otherLabel = flows.LangVI, msgLangNameVI
	}
	return flows.Reply{
		Text: a.noticeText(t),
		Buttons: [][]flows.Button{
			{{Text: t.T(msgConsentYes, nil), Data: "reg:yes"}, {Text: t.T(msgConsentNo, nil), Data: "reg:no"}},
			{{Text: a.Tr(other, otherLabel, nil), Data: "reg:lang:" + other}},
		},
	}
}

func (a *Area) noticeText(t *flows.Turn) string {
	return t.T(msgNotice, map[string]any{
		"Version": a.Settings.PersonalData.NoticeVersion,
		"Keep":    a.Settings.PersonalData.KeepAfterDeletion,
	})
}

// registerButton handles "reg:..." buttons; each is valid in one state only.
func (a *Area) registerButton(ctx context.Context, t *flows.Turn, rest string) ([]flows.Reply, error) {
	if t.Resident != nil {
		return t.InvalidButton(), nil
	}
	if t.Session.Flow != flowRegister {
		return t.LeadToStart(), nil
	}
	switch state := registerState(t.Session.State); {
	case state == regConsent && rest == "yes":
		return a.consentGiven(ctx, t)
	case state == regConsent && rest == "no":
		return a.consentRefused(t), nil
	case state == regConsent && (rest == "lang:"+flows.LangVI || rest == "lang:"+flows.LangEN):
		t.Session.Lang = strings.TrimPrefix(rest, "lang:")
		r := a.noticeReply(t)
		r.Edit = true
		return []flows.Reply{r}, nil
	case state == regName && (rest == "tgname" || rest == "tgname:1"):
		// The button names an order, not the name: the name is read from
		// the account again, so forged data cannot set any name.
		names, i := flows.TelegramNames(t.In.From), 0
		if rest == "tgname:1" {
			i = 1
		}
		if i >= len(names) {
			return []flows.Reply{a.askName(t, flows.MsgRegNameInvalid)}, nil
		}
		return a.nameGiven(t, names[i]), nil
	case state == regNeighbourhood && strings.HasPrefix(rest, "nb:"):
		n, ok := a.NeighbourhoodAt(strings.TrimPrefix(rest, "nb:"))
		if !ok {
			return t.InvalidButton(), nil
		}
		return a.neighbourhoodGiven(t, n), nil
	case state == regConfirm && rest == "ok":
		return a.registerConfirmed(ctx, t)
	case state == regConfirm && strings.HasPrefix(rest, "fix:"):
		return a.registerFix(t, strings.TrimPrefix(rest, "fix:"))
	}
	return t.InvalidButton(), nil
}

// registerStep handles a message during registration.
func (a *Area) registerStep(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	switch registerState(t.Session.State) {
	case regConsent:
		r := a.noticeReply(t)
		r.Text = t.T(msgConsentHint, nil)
		return []flows.Reply{r}, nil
	case regName:
		if t.In.Text == "" {
			return []flows.Reply{a.askName(t, msgRegNameHint)}, nil
		}
		name, ok := flows.NormalizeName(t.In.Text)
		if !ok {
			return []flows.Reply{a.askName(t, flows.MsgRegNameInvalid)}, nil
		}
		return a.nameGiven(t, name), nil
	case regPhone:
		phone, replies := a.ReadPhone(t)
		if replies != nil {
			return replies, nil
		}
		return a.phoneGiven(t, phone), nil
	case regNeighbourhood:
		if n, ok := a.NeighbourhoodByText(t.In.Text); ok {
			return a.neighbourhoodGiven(t, n), nil
		}
		return []flows.Reply{a.askNeighbourhood(t, msgRegNeighbourhoodHint)}, nil
	case regConfirm:
		r := a.summaryReply(t)
		r.Text = t.T(msgRegConfirmHint, nil) + "\n\n" + r.Text
		return []flows.Reply{r}, nil
	}
	// A state this version does not know: begin again rather than guess.
	return a.start(ctx, t)
}

// registerPrompt asks again for what the current state waits for.
func (a *Area) registerPrompt(t *flows.Turn) flows.Reply {
	switch registerState(t.Session.State) {
	case regName:
		return a.askName(t, msgRegAskName)
	case regPhone:
		return a.AskPhone(t, msgRegAskPhone)
	case regNeighbourhood:
		return a.askNeighbourhood(t, msgRegAskNeighbourhood)
	case regConfirm:
		return a.summaryReply(t)
	}
	return a.noticeReply(t)
}

func (a *Area) consentGiven(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	now := t.Now()
	c := &danchu.Consent{TelegramID: t.In.From.ID, Version: a.Settings.PersonalData.NoticeVersion, GivenAt: now}
	if err := a.Consents.RecordConsent(ctx, c); err != nil {
		return nil, fmt.Errorf("flows: record consent: %w", err)
	}
	t.Session.State = string(regName)
	return []flows.Reply{
		{Edit: true, Text: a.noticeText(t) + "\n\n" + t.T(msgConsentGiven, map[string]any{"At": a.DateTime(now)})},
		a.askName(t, msgRegAskName),
	}, nil
}

// consentRefused stores nothing: the session goes too.
func (a *Area) consentRefused(t *flows.Turn) []flows.Reply {
	text := a.noticeText(t) + "\n\n" + t.T(msgConsentRefused, nil)
	bye := flows.Reply{Text: t.T(msgConsentGoodbye, nil), RemoveKeyboard: true}
	t.Leave()
	t.DropSession()
	return []flows.Reply{{Edit: true, Text: text}, bye}
}

// askName asks for the full name, offering the names of the Telegram
// account (telegramNames), one button each: "reg:tgname" for the first,
// "reg:tgname:1" for the other order.
func (a *Area) askName(t *flows.Turn, id flows.Msg) flows.Reply {
	r := flows.Reply{Text: t.T(id, nil)}
	for i, name := range flows.TelegramNames(t.In.From) {
		data := "reg:tgname"
		if i > 0 {
			data += ":" + strconv.Itoa(i)
		}
		r.Buttons = append(r.Buttons, []flows.Button{{Text: t.T(msgRegUseTelegramName, map[string]any{"Name": name}), Data: data}})
	}
	return r
}

func (a *Area) nameGiven(t *flows.Turn, name string) []flows.Reply {
	t.Set(keyName, name)
	if t.Get(keyFixing) != "" {
		return []flows.Reply{a.toSummary(t)}
	}
	t.Session.State = string(regPhone)
	return []flows.Reply{a.AskPhone(t, msgRegAskPhone)}
}

func (a *Area) phoneGiven(t *flows.Turn, phone string) []flows.Reply {
	t.Set(keyPhone, phone)
	thanks := flows.Reply{Text: t.T(flows.MsgPhoneReceived, map[string]any{"Phone": phone}), RemoveKeyboard: true}
	if t.Get(keyFixing) != "" {
		return []flows.Reply{thanks, a.toSummary(t)}
	}
	t.Session.State = string(regNeighbourhood)
	return []flows.Reply{thanks, a.askNeighbourhood(t, msgRegAskNeighbourhood)}
}

// askNeighbourhood shows the settings' neighbourhoods as buttons, two a row.
func (a *Area) askNeighbourhood(t *flows.Turn, id flows.Msg) flows.Reply {
	return flows.Reply{Text: t.T(id, nil), Buttons: a.NeighbourhoodButtons("reg:nb:")}
}

func (a *Area) neighbourhoodGiven(t *flows.Turn, name string) []flows.Reply {
	t.Set(keyNeighbourhood, name)
	return []flows.Reply{a.toSummary(t)}
}

func (a *Area) toSummary(t *flows.Turn) flows.Reply {
	t.Session.State = string(regConfirm)
	delete(t.Session.Data, keyFixing)
	return a.summaryReply(t)
}

func (a *Area) summaryText(t *flows.Turn) string {
	return t.T(msgRegSummary, map[string]any{
		"Name":          t.Get(keyName),
		"Phone":         t.Get(keyPhone),
		"Neighbourhood": t.Get(keyNeighbourhood),
		"LevelTitle":    flows.UpperFirst(a.Settings.Unit.NeighbourhoodLevel),
	})
}

func (a *Area) summaryReply(t *flows.Turn) flows.Reply {
	return flows.Reply{
		Text: a.summaryText(t),
		Buttons: [][]flows.Button{
			{{Text: t.T(msgRegConfirm, nil), Data: "reg:ok"}},
			{{Text: t.T(flows.MsgRegFixName, nil), Data: "reg:fix:name"}, {Text: t.T(flows.MsgRegFixPhone, nil), Data: "reg:fix:phone"}},
			{{Text: t.T(msgRegFixNeighbourhood, nil), Data: "reg:fix:nb"}},
		},
	}
}

// registerFix goes back to one part; the summary follows its answer.
func (a *Area) registerFix(t *flows.Turn, part string) ([]flows.Reply, error) {
	var ask flows.Reply
	switch part {
	case "name":
		t.Session.State = string(regName)
		ask = a.askName(t, msgRegAskName)
	case "phone":
		t.Session.State = string(regPhone)
		ask = a.AskPhone(t, msgRegAskPhone)
	case "nb":
		t.Session.State = string(regNeighbourhood)
		ask = a.askNeighbourhood(t, msgRegAskNeighbourhood)
	default:
		return t.InvalidButton(), nil
	}
	t.Set(keyFixing, "1")
	return []flows.Reply{{Edit: true, Text: a.summaryText(t)}, ask}, nil
}

// registerConfirmed creates the resident, links the consent given before,
// welcomes them and follows the deep link they came with.
func (a *Area) registerConfirmed(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	// A session from before a settings change may miss a part or name a
	// neighbourhood that no longer exists: ask for it again.
	_, known := a.Settings.NeighbourhoodByName(t.Get(keyNeighbourhood))
	missing := map[registerState]bool{
		regName:          t.Get(keyName) == "",
		regPhone:         t.Get(keyPhone) == "",
		regNeighbourhood: !known,
	}
	for _, state := range []registerState{regName, regPhone, regNeighbourhood} {
		if missing[state] {
			t.Session.State = string(state)
			t.Set(keyFixing, "1")
			return []flows.Reply{a.registerPrompt(t)}, nil
		}
	}
	summary := a.summaryText(t)
	r := &danchu.Resident{
		TelegramID:    t.In.From.ID,
		FullName:      t.Get(keyName),
		Phone:         t.Get(keyPhone),
		Neighbourhood: t.Get(keyNeighbourhood),
		Language:      t.Lang(),
	}
	err := a.Residents.CreateResident(ctx, r)
	created := err == nil
	if danchu.ErrorCode(err) == danchu.ECONFLICT {
		// Registered meanwhile (a double press, another device): carry on.
		r, err = a.Residents.FindResidentByTelegramID(ctx, t.In.From.ID)
	}
	if err != nil {
		return nil, fmt.Errorf("flows: create resident: %w", err)
	}
	if err := a.Consents.LinkConsents(ctx, r.TelegramID, r.ID); err != nil {
		return nil, fmt.Errorf("flows: link consents: %w", err)
	}
	if created {
		if err := a.audit(ctx, r.ID, "resident.register", flows.ResidentSubject(r.ID), "notice_version="+a.Settings.PersonalData.NoticeVersion); err != nil {
			return nil, err
		}
	}
	if err := t.SetResident(ctx, r); err != nil {
		return nil, err
	}
	t.Leave()
	t.Session.Lang = ""
	replies := []flows.Reply{
		{Edit: true, Text: summary + "\n\n" + t.T(msgRegConfirmed, nil)},
		t.WithMenu(msgRegWelcome, map[string]any{"Name": r.FullName}),
	}
	more, err := t.FollowDeeplink(ctx)
	return append(replies, more...), err
}
