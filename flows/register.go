package flows

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

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
func (e *Engine) start(ctx context.Context, t *Turn) ([]Reply, error) {
	if p := strings.TrimSpace(t.In.Args); startPayload.MatchString(p) {
		t.Session.Deeplink = p
	}
	if t.Resident != nil {
		replies := []Reply{t.WithMenu(msgStartWelcomeBack, map[string]any{"Name": t.Resident.FullName})}
		more, err := e.followDeeplink(ctx, t)
		return append(replies, more...), err
	}
	t.Begin(flowRegister, string(regConsent))
	return []Reply{
		{Text: t.T(msgStartGreeting, nil), RemoveKeyboard: true},
		e.noticeReply(t),
	}, nil
}

// noticeReply is the personal-data notice with the consent buttons.
func (e *Engine) noticeReply(t *Turn) Reply {
	other, otherLabel := LangEN, msgLangNameEN
	if t.Lang() == LangEN {
		other, otherLabel = LangVI, msgLangNameVI
	}
	return Reply{
		Text: e.noticeText(t),
		Buttons: [][]Button{
			{{Text: t.T(msgConsentYes, nil), Data: "reg:yes"}, {Text: t.T(msgConsentNo, nil), Data: "reg:no"}},
			{{Text: localize(other, otherLabel, nil), Data: "reg:lang:" + other}},
		},
	}
}

func (e *Engine) noticeText(t *Turn) string {
	return t.T(msgNotice, map[string]any{
		"Version": e.Settings.PersonalData.NoticeVersion,
		"Keep":    e.Settings.PersonalData.KeepAfterDeletion,
	})
}

// registerButton handles "reg:..." buttons; each is valid in one state only.
func (e *Engine) registerButton(ctx context.Context, t *Turn, rest string) ([]Reply, error) {
	if t.Resident != nil {
		return e.invalidButton(t), nil
	}
	if t.Session.Flow != flowRegister {
		return e.leadToStart(t), nil
	}
	switch state := registerState(t.Session.State); {
	case state == regConsent && rest == "yes":
		return e.consentGiven(ctx, t)
	case state == regConsent && rest == "no":
		return e.consentRefused(t), nil
	case state == regConsent && (rest == "lang:"+LangVI || rest == "lang:"+LangEN):
		t.Session.Lang = strings.TrimPrefix(rest, "lang:")
		r := e.noticeReply(t)
		r.Edit = true
		return []Reply{r}, nil
	case state == regName && (rest == "tgname" || rest == "tgname:1"):
		// The button names an order, not the name: the name is read from
		// the account again, so forged data cannot set any name.
		names, i := telegramNames(t.In.From), 0
		if rest == "tgname:1" {
			i = 1
		}
		if i >= len(names) {
			return []Reply{e.askName(t, msgRegNameInvalid)}, nil
		}
		return e.nameGiven(t, names[i]), nil
	case state == regNeighbourhood && strings.HasPrefix(rest, "nb:"):
		n, ok := e.neighbourhoodAt(strings.TrimPrefix(rest, "nb:"))
		if !ok {
			return e.invalidButton(t), nil
		}
		return e.neighbourhoodGiven(t, n), nil
	case state == regConfirm && rest == "ok":
		return e.registerConfirmed(ctx, t)
	case state == regConfirm && strings.HasPrefix(rest, "fix:"):
		return e.registerFix(t, strings.TrimPrefix(rest, "fix:"))
	}
	return e.invalidButton(t), nil
}

// registerStep handles a message during registration.
func (e *Engine) registerStep(ctx context.Context, t *Turn) ([]Reply, error) {
	switch registerState(t.Session.State) {
	case regConsent:
		r := e.noticeReply(t)
		r.Text = t.T(msgConsentHint, nil)
		return []Reply{r}, nil
	case regName:
		if t.In.Text == "" {
			return []Reply{e.askName(t, msgRegNameHint)}, nil
		}
		name, ok := normalizeName(t.In.Text)
		if !ok {
			return []Reply{e.askName(t, msgRegNameInvalid)}, nil
		}
		return e.nameGiven(t, name), nil
	case regPhone:
		phone, replies := e.readPhone(t)
		if replies != nil {
			return replies, nil
		}
		return e.phoneGiven(t, phone), nil
	case regNeighbourhood:
		if n, ok := e.neighbourhoodByText(t.In.Text); ok {
			return e.neighbourhoodGiven(t, n), nil
		}
		return []Reply{e.askNeighbourhood(t, msgRegNeighbourhoodHint)}, nil
	case regConfirm:
		r := e.summaryReply(t)
		r.Text = t.T(msgRegConfirmHint, nil) + "\n\n" + r.Text
		return []Reply{r}, nil
	}
	// A state this version does not know: begin again rather than guess.
	return e.start(ctx, t)
}

// registerPrompt asks again for what the current state waits for.
func (e *Engine) registerPrompt(t *Turn) Reply {
	switch registerState(t.Session.State) {
	case regName:
		return e.askName(t, msgRegAskName)
	case regPhone:
		return e.askPhone(t, msgRegAskPhone)
	case regNeighbourhood:
		return e.askNeighbourhood(t, msgRegAskNeighbourhood)
	case regConfirm:
		return e.summaryReply(t)
	}
	return e.noticeReply(t)
}

func (e *Engine) consentGiven(ctx context.Context, t *Turn) ([]Reply, error) {
	now := t.Now()
	c := &danchu.Consent{TelegramID: t.In.From.ID, Version: e.Settings.PersonalData.NoticeVersion, GivenAt: now}
	if err := e.Consents.RecordConsent(ctx, c); err != nil {
		return nil, fmt.Errorf("flows: record consent: %w", err)
	}
	t.Session.State = string(regName)
	return []Reply{
		{Edit: true, Text: e.noticeText(t) + "\n\n" + t.T(msgConsentGiven, map[string]any{"At": e.dateTime(now)})},
		e.askName(t, msgRegAskName),
	}, nil
}

// consentRefused stores nothing: the session goes too.
func (e *Engine) consentRefused(t *Turn) []Reply {
	text := e.noticeText(t) + "\n\n" + t.T(msgConsentRefused, nil)
	bye := Reply{Text: t.T(msgConsentGoodbye, nil), RemoveKeyboard: true}
	t.Leave()
	t.dropSession = true
	return []Reply{{Edit: true, Text: text}, bye}
}

// askName asks for the full name, offering the names of the Telegram
// account (telegramNames), one button each: "reg:tgname" for the first,
// "reg:tgname:1" for the other order.
func (e *Engine) askName(t *Turn, id msg) Reply {
	r := Reply{Text: t.T(id, nil)}
	for i, name := range telegramNames(t.In.From) {
		data := "reg:tgname"
		if i > 0 {
			data += ":" + strconv.Itoa(i)
		}
		r.Buttons = append(r.Buttons, []Button{{Text: t.T(msgRegUseTelegramName, map[string]any{"Name": name}), Data: data}})
	}
	return r
}

func (e *Engine) nameGiven(t *Turn, name string) []Reply {
	t.Set(keyName, name)
	if t.Get(keyFixing) != "" {
		return []Reply{e.toSummary(t)}
	}
	t.Session.State = string(regPhone)
	return []Reply{e.askPhone(t, msgRegAskPhone)}
}

func (e *Engine) askPhone(t *Turn, id msg) Reply {
	return Reply{Text: t.T(id, nil), RequestContact: t.T(msgButtonSharePhone, nil)}
}

// readPhone takes the person's own shared contact or a typed number; on a
// problem it returns the replies that explain it.
func (e *Engine) readPhone(t *Turn) (string, []Reply) {
	var phone string
	var ok bool
	switch {
	case t.In.Contact != nil:
		if t.In.Contact.UserID != t.In.From.ID {
			return "", []Reply{e.askPhone(t, msgPhoneNotOwn)}
		}
		phone, ok = NormalizePhone(t.In.Contact.Phone)
	case t.In.Text != "":
		phone, ok = NormalizePhone(t.In.Text)
	default:
		return "", []Reply{e.askPhone(t, msgPhoneHint)}
	}
	if !ok {
		return "", []Reply{e.askPhone(t, msgPhoneInvalid)}
	}
	return phone, nil
}

func (e *Engine) phoneGiven(t *Turn, phone string) []Reply {
	t.Set(keyPhone, phone)
	thanks := Reply{Text: t.T(msgPhoneReceived, map[string]any{"Phone": phone}), RemoveKeyboard: true}
	if t.Get(keyFixing) != "" {
		return []Reply{thanks, e.toSummary(t)}
	}
	t.Session.State = string(regNeighbourhood)
	return []Reply{thanks, e.askNeighbourhood(t, msgRegAskNeighbourhood)}
}

// askNeighbourhood shows the settings' neighbourhoods as buttons, two a row.
func (e *Engine) askNeighbourhood(t *Turn, id msg) Reply {
	return Reply{Text: t.T(id, nil), Buttons: e.neighbourhoodButtons("reg:nb:")}
}

func (e *Engine) neighbourhoodButtons(prefix string) [][]Button {
	var rows [][]Button
	for i, n := range e.Settings.Neighbourhoods {
		b := Button{Text: n.Name, Data: prefix + strconv.Itoa(i)}
		if i%2 == 0 {
			rows = append(rows, []Button{b})
		} else {
			rows[len(rows)-1] = append(rows[len(rows)-1], b)
		}
	}
	return rows
}

var buttonIndex = regexp.MustCompile(`^(0|[1-9][0-9]{0,3})$`)

// neighbourhoodAt reads a button's index into the settings' list.
func (e *Engine) neighbourhoodAt(s string) (string, bool) {
	if !buttonIndex.MatchString(s) {
		return "", false
	}
	i, err := strconv.Atoi(s)
	if err != nil || i >= len(e.Settings.Neighbourhoods) {
		return "", false
	}
	return e.Settings.Neighbourhoods[i].Name, true
}

// neighbourhoodByText accepts a typed neighbourhood name, ignoring case.
func (e *Engine) neighbourhoodByText(s string) (string, bool) {
	s = strings.Join(strings.Fields(norm.NFC.String(s)), " ")
	for _, n := range e.Settings.Neighbourhoods {
		if s != "" && strings.EqualFold(s, n.Name) {
			return n.Name, true
		}
	}
	return "", false
}

func (e *Engine) neighbourhoodGiven(t *Turn, name string) []Reply {
	t.Set(keyNeighbourhood, name)
	return []Reply{e.toSummary(t)}
}

func (e *Engine) toSummary(t *Turn) Reply {
	t.Session.State = string(regConfirm)
	delete(t.Session.Data, keyFixing)
	return e.summaryReply(t)
}

func (e *Engine) summaryText(t *Turn) string {
	return t.T(msgRegSummary, map[string]any{
		"Name":          t.Get(keyName),
		"Phone":         t.Get(keyPhone),
		"Neighbourhood": t.Get(keyNeighbourhood),
		"LevelTitle":    upperFirst(e.Settings.Unit.NeighbourhoodLevel),
	})
}

func (e *Engine) summaryReply(t *Turn) Reply {
	return Reply{
		Text: e.summaryText(t),
		Buttons: [][]Button{
			{{Text: t.T(msgRegConfirm, nil), Data: "reg:ok"}},
			{{Text: t.T(msgRegFixName, nil), Data: "reg:fix:name"}, {Text: t.T(msgRegFixPhone, nil), Data: "reg:fix:phone"}},
			{{Text: t.T(msgRegFixNeighbourhood, nil), Data: "reg:fix:nb"}},
		},
	}
}

// registerFix goes back to one part; the summary follows its answer.
func (e *Engine) registerFix(t *Turn, part string) ([]Reply, error) {
	var ask Reply
	switch part {
	case "name":
		t.Session.State = string(regName)
		ask = e.askName(t, msgRegAskName)
	case "phone":
		t.Session.State = string(regPhone)
		ask = e.askPhone(t, msgRegAskPhone)
	case "nb":
		t.Session.State = string(regNeighbourhood)
		ask = e.askNeighbourhood(t, msgRegAskNeighbourhood)
	default:
		return e.invalidButton(t), nil
	}
	t.Set(keyFixing, "1")
	return []Reply{{Edit: true, Text: e.summaryText(t)}, ask}, nil
}

// registerConfirmed creates the resident, links the consent given before,
// welcomes them and follows the deep link they came with.
func (e *Engine) registerConfirmed(ctx context.Context, t *Turn) ([]Reply, error) {
	// A session from before a settings change may miss a part or name a
	// neighbourhood that no longer exists: ask for it again.
	_, known := e.Settings.NeighbourhoodByName(t.Get(keyNeighbourhood))
	missing := map[registerState]bool{
		regName:          t.Get(keyName) == "",
		regPhone:         t.Get(keyPhone) == "",
		regNeighbourhood: !known,
	}
	for _, state := range []registerState{regName, regPhone, regNeighbourhood} {
		if missing[state] {
			t.Session.State = string(state)
			t.Set(keyFixing, "1")
			return []Reply{e.registerPrompt(t)}, nil
		}
	}
	summary := e.summaryText(t)
	r := &danchu.Resident{
		TelegramID:    t.In.From.ID,
		FullName:      t.Get(keyName),
		Phone:         t.Get(keyPhone),
		Neighbourhood: t.Get(keyNeighbourhood),
		Language:      t.Lang(),
	}
	err := e.Residents.CreateResident(ctx, r)
	created := err == nil
	if danchu.ErrorCode(err) == danchu.ECONFLICT {
		// Registered meanwhile (a double press, another device): carry on.
		r, err = e.Residents.FindResidentByTelegramID(ctx, t.In.From.ID)
	}
	if err != nil {
		return nil, fmt.Errorf("flows: create resident: %w", err)
	}
	if err := e.Consents.LinkConsents(ctx, r.TelegramID, r.ID); err != nil {
		return nil, fmt.Errorf("flows: link consents: %w", err)
	}
	if created {
		if err := e.audit(ctx, r.ID, "resident.register", residentSubject(r.ID), "notice_version="+e.Settings.PersonalData.NoticeVersion); err != nil {
			return nil, err
		}
	}
	if err := t.setResident(ctx, r); err != nil {
		return nil, err
	}
	t.Leave()
	t.Session.Lang = ""
	replies := []Reply{
		{Edit: true, Text: summary + "\n\n" + t.T(msgRegConfirmed, nil)},
		t.WithMenu(msgRegWelcome, map[string]any{"Name": r.FullName}),
	}
	more, err := e.followDeeplink(ctx, t)
	return append(replies, more...), err
}

// upperFirst capitalises the first letter: "tiểu khu" -> "Tiểu khu".
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
