package petition

import (
	"time"

	"danchu/flows"

	"danchu"
)

// The petition conversations, each a Feature:
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
	maxAttachments = 20
	// dueSoonDays is how far ahead the inbox's "due soon" list looks.
	dueSoonDays = 3
)

var kindMessages = map[danchu.Kind]flows.Msg{
	danchu.KindRecommendation: msgKindRecommendation,
	danchu.KindReport:         msgKindReport,
	danchu.KindComplaint:      msgKindComplaint,
	danchu.KindDenunciation:   msgKindDenunciation,
}

var statusMessages = map[danchu.Status]flows.Msg{
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
func (a *Area) kindName(lang string, k danchu.Kind) string {
	if id, ok := kindMessages[k]; ok {
		return a.Tr(lang, id, nil)
	}
	return string(k)
}

func (a *Area) statusName(lang string, s danchu.Status) string {
	if id, ok := statusMessages[s]; ok {
		return a.Tr(lang, id, nil)
	}
	return string(s)
}

// kindByCode reads a kind named in button data.
func kindByCode(s string) (danchu.Kind, bool) {
	k := danchu.Kind(s)
	return k, k.Valid()
}

// dueText is a due date with the days left, for lists and cards.
func (a *Area) dueText(lang string, due, now time.Time) string {
	if due.IsZero() {
		return ""
	}
	left := a.Calendar().DaysLeft(due, now)
	data := map[string]any{"Date": a.Date(due), "Days": left}
	switch {
	case now.After(due):
		data["Days"] = -left
		if left == 0 { // the end of today has passed: cannot happen, but say late
			data["Days"] = 1
		}
		return a.Tr(lang, msgDueOverdue, data)
	case left == 0:
		return a.Tr(lang, msgDueToday, data)
	}
	return a.Tr(lang, msgDueLeft, data)
}

// shortHash shows the start and end of a receipt hash.
func shortHash(h string) string {
	if len(h) < 16 {
		return h
	}
	return h[:8] + "…" + h[len(h)-8:]
}
