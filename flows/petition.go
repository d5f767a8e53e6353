package flows

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"danchu"
)

// The petition conversations (issue 3), each a Feature:
//
//   - "pet": the intake, /gui_don and the menu's "Gửi đơn" (petition_intake.go);
//   - "my": the author's side, /don_cua_toi and /tra_cuu (petition_mine.go);
//   - "ib": the officials' inbox, /hop_thu and "Hộp thư đơn" (inbox.go).
//
// Button data names petitions by id: it is untrusted, so every press loads
// the petition again and asks danchu.Can (and Rules.Apply for a change)
// whether this person may do this to it now.
const (
	flowPetition = "pet"
	flowMine     = "my"
	flowInbox    = "ib"
)

// draftFlow names the intake's drafts in the DraftService.
const draftFlow = "petition"

// Limits of what a person types, in characters.
const (
	maxContent     = 3000 // a petition's content, and an answer
	maxShortText   = 500  // a complaint's subject and request, a reason, a body's name
	maxAddress     = 300
	maxAttachments = 20
	pageSize       = 5
	// dueSoonDays is how far ahead the inbox's "due soon" list looks.
	dueSoonDays = 3
	// maxText keeps a message under Telegram's 4096 characters.
	maxText = 4000
)

// petitionFeatures are the four commands of issue 3; they need the stores.
func (e *Engine) petitionFeatures() []Feature {
	if e.Petitions == nil || e.Drafts == nil || e.Outbox == nil {
		return nil
	}
	return []Feature{
		{Command: "gui_don", Flow: flowPetition, Start: e.intakeStart, Step: e.intakeStep, Button: e.intakeButton},
		{Command: "don_cua_toi", Flow: flowMine, Start: e.mineStart, Step: e.mineStep, Button: e.mineButton},
		{Command: "tra_cuu", Start: e.lookupStart},
		{Command: "hop_thu", Flow: flowInbox, Start: e.inboxStart, Step: e.inboxStep, Button: e.inboxButton},
	}
}

// rules are the engine's Rules, or those of its settings.
func (e *Engine) rules() *danchu.Rules {
	if e.Rules != nil {
		return e.Rules
	}
	e.rulesOnce.Do(func() { e.defaultRules = danchu.NewRules(e.Settings) })
	return e.defaultRules
}

func (e *Engine) calendar() *danchu.Calendar { return e.rules().Calendar }

// actor is the person of the turn as danchu.Can sees them.
func (t *Turn) actor() danchu.Actor {
	if t.Resident == nil {
		return danchu.Actor{}
	}
	return danchu.Actor{ResidentID: t.Resident.ID, Roles: t.Roles}
}

var kindMessages = map[danchu.Kind]msg{
	danchu.KindRecommendation: msgKindRecommendation,
	danchu.KindReport:         msgKindReport,
	danchu.KindComplaint:      msgKindComplaint,
	danchu.KindDenunciation:   msgKindDenunciation,
}

var statusMessages = map[danchu.Status]msg{
	danchu.StatusReceived:    msgStatusReceived,
	danchu.StatusAccepted:    msgStatusAccepted,
	danchu.StatusRefused:     msgStatusRefused,
	danchu.StatusTransferred: msgStatusTransferred,
	danchu.StatusInProgress:  msgStatusInProgress,
	danchu.StatusAnswered:    msgStatusAnswered,
	danchu.StatusClosed:      msgStatusClosed,
	danchu.StatusWithdrawn:   msgStatusWithdrawn,
}

// kindName is the kind in lang, lower case ("khiếu nại").
func (e *Engine) kindName(lang string, k danchu.Kind) string {
	if id, ok := kindMessages[k]; ok {
		return localize(lang, id, e.withUnit(nil))
	}
	return string(k)
}

func (e *Engine) statusName(lang string, s danchu.Status) string {
	if id, ok := statusMessages[s]; ok {
		return localize(lang, id, e.withUnit(nil))
	}
	return string(s)
}

// kindByCode reads a kind named in button data.
func kindByCode(s string) (danchu.Kind, bool) {
	k := danchu.Kind(s)
	return k, k.Valid()
}

var idPattern = regexp.MustCompile(`^[1-9][0-9]{0,17}$`)

// parseID reads a petition or resident id from button data.
func parseID(s string) (int64, bool) {
	if !idPattern.MatchString(s) {
		return 0, false
	}
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil
}

func itoa(i int64) string { return strconv.FormatInt(i, 10) }

// indexIn reads a button's index into a list of n.
func indexIn(s string, n int) (int, bool) {
	if !buttonIndex.MatchString(s) {
		return 0, false
	}
	i, err := strconv.Atoi(s)
	return i, err == nil && i < n
}

// clip shortens s to n characters, marking the cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// tidy trims a typed text and tidies its line ends.
func tidy(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
}

func runes(s string) int { return utf8.RuneCountInString(s) }

// dueText is a due date with the days left, for lists and cards.
func (e *Engine) dueText(lang string, due, now time.Time) string {
	if due.IsZero() {
		return ""
	}
	left := e.calendar().DaysLeft(due, now)
	data := map[string]any{"Date": e.date(due), "Days": left}
	switch {
	case now.After(due):
		data["Days"] = -left
		if left == 0 { // the end of today has passed: cannot happen, but say late
			data["Days"] = 1
		}
		return localize(lang, msgDueOverdue, e.withUnit(data))
	case left == 0:
		return localize(lang, msgDueToday, e.withUnit(data))
	}
	return localize(lang, msgDueLeft, e.withUnit(data))
}

// shortHash shows the start and end of a receipt hash.
func shortHash(h string) string {
	if len(h) < 16 {
		return h
	}
	return h[:8] + "…" + h[len(h)-8:]
}
