package danchu

import (
	"context"
	"slices"
	"time"
)

// Broadcast kinds: what a broadcast carries.
const (
	BroadcastNotice     = "notice"
	BroadcastMeeting    = "meeting"
	BroadcastDisclosure = "disclosure"
)

// Audience is who a notice reaches: everyone, the residents of some
// neighbourhoods, or the holders of a role. Exactly one of the three is set.
type Audience struct {
	All            bool     `json:"all,omitempty"`
	Neighbourhoods []string `json:"neighbourhoods,omitempty"`
	Role           Role     `json:"role,omitempty"`
}

// Validate checks that exactly one kind of audience is set, with known
// neighbourhoods (of s) and a known role. EINVALID otherwise.
func (a Audience) Validate(s *Settings) error {
	kinds := 0
	if a.All {
		kinds++
	}
	if len(a.Neighbourhoods) > 0 {
		kinds++
	}
	if a.Role != "" {
		kinds++
	}
	if kinds != 1 {
		return Errorf(EINVALID, "an audience is everyone, some neighbourhoods or a role")
	}
	for _, n := range a.Neighbourhoods {
		if _, ok := s.NeighbourhoodByName(n); !ok {
			return Errorf(EINVALID, "unknown neighbourhood %q", n)
		}
	}
	if a.Role != "" && !a.Role.Valid() {
		return Errorf(EINVALID, "unknown role %q", a.Role)
	}
	return nil
}

// Includes reports whether the resident with these roles is in the audience.
func (a Audience) Includes(r *Resident, grants []RoleGrant) bool {
	switch {
	case r == nil:
		return false
	case a.All:
		return true
	case a.Role != "":
		return HasRole(grants, a.Role)
	}
	return slices.Contains(a.Neighbourhoods, r.Neighbourhood)
}

// LedNeighbourhoods lists the neighbourhoods a tiểu khu head's grants lead.
func LedNeighbourhoods(grants []RoleGrant) []string {
	var out []string
	for _, g := range grants {
		if g.Role == RoleTieuKhuHead && g.Neighbourhood != "" && !slices.Contains(out, g.Neighbourhood) {
			out = append(out, g.Neighbourhood)
		}
	}
	return out
}

// CanPublish reports whether grants may publish disclosures, reach everyone
// and answer residents' questions about disclosures: the chairman and
// officials (LAW.md, "Disclosure").
func CanPublish(grants []RoleGrant) bool {
	return HasRole(grants, RoleChairman) || HasRole(grants, RoleOfficial)
}

// CanReach reports whether someone with grants may send a notice to the
// audience: the chairman and officials reach anyone; a tiểu khu head reaches
// the neighbourhoods they lead and nobody else. It is asked again on every
// press of a button, since button data is untrusted and roles change.
func CanReach(grants []RoleGrant, a Audience) bool {
	if CanPublish(grants) {
		return true
	}
	led := LedNeighbourhoods(grants)
	if a.All || a.Role != "" || len(a.Neighbourhoods) == 0 || len(led) == 0 {
		return false
	}
	for _, n := range a.Neighbourhoods {
		if !slices.Contains(led, n) {
			return false
		}
	}
	return true
}

// Broadcast is one message to many: a notice or a disclosure, with one
// outbox message per recipient (OutboxMessage.BroadcastID). Its sender sees
// its progress in one message (ChatID, ProgressMsgID) edited as it goes.
type Broadcast struct {
	ID            int64    `json:"id"`
	Kind          string   `json:"kind"`       // BroadcastNotice, BroadcastMeeting, BroadcastDisclosure
	SubjectID     int64    `json:"subject_id"` // the notice or the disclosure
	SenderID      int64    `json:"sender_id"`  // 0 once the sender's profile is deleted
	Audience      Audience `json:"audience"`
	Category      string   `json:"category,omitempty"` // a disclosure's category
	Total         int      `json:"total"`              // outbox messages written
	ChatID        int64    `json:"chat_id"`            // the sender's chat, where the progress shows
	ProgressMsgID int      `json:"progress_message_id,omitempty"`
	// ProgressText is what the progress message shows now, so that it is
	// edited only when that changes (Telegram refuses an edit to the same).
	ProgressText string     `json:"progress_text,omitempty"`
	Lang         string     `json:"lang,omitempty"` // the sender's language for the progress
	CreatedAt    time.Time  `json:"created_at"`
	CancelledAt  *time.Time `json:"cancelled_at,omitempty"`
	CancelledBy  int64      `json:"cancelled_by,omitempty"`
	FinishedAt   *time.Time `json:"finished_at,omitempty"` // the final summary was shown
}

// BroadcastCounts are a broadcast's outbox messages by status.
type BroadcastCounts struct {
	Pending     int `json:"pending"`
	Sending     int `json:"sending"`
	Sent        int `json:"sent"`
	Failed      int `json:"failed"`
	Unreachable int `json:"unreachable"`
	Cancelled   int `json:"cancelled"`
}

// Total is every message of the broadcast.
func (c BroadcastCounts) Total() int {
	return c.Pending + c.Sending + c.Sent + c.Failed + c.Unreachable + c.Cancelled
}

// Open counts the messages not finished yet: the broadcast is over at 0.
func (c BroadcastCounts) Open() int { return c.Pending + c.Sending }

// NotReached counts those Telegram did not deliver to.
func (c BroadcastCounts) NotReached() int { return c.Failed + c.Unreachable }

// BroadcastService keeps broadcasts. They are created with what they carry:
// NoticeService.PublishNotice and DisclosureService.PublishDisclosure.
type BroadcastService interface {
	// FindBroadcast returns ENOTFOUND when there is no such broadcast.
	FindBroadcast(ctx context.Context, id int64) (*Broadcast, error)
	// BroadcastCounts counts its outbox messages by status. ENOTFOUND for an
	// unknown broadcast.
	BroadcastCounts(ctx context.Context, id int64) (BroadcastCounts, error)
	// CancelBroadcast cancels its pending messages (OutboxCancelled) and
	// records who cancelled it and when; messages a sender has claimed
	// already still go. It returns how many were cancelled; cancelling again
	// cancels what is left and keeps the first time. ENOTFOUND for an
	// unknown broadcast.
	CancelBroadcast(ctx context.Context, id, by int64, at time.Time) (int, error)
	// SetBroadcastProgress records the message that shows the progress and
	// the text it shows. ENOTFOUND for an unknown broadcast.
	SetBroadcastProgress(ctx context.Context, id, chatID int64, messageID int, text string) error
	// FinishBroadcast records that its final summary was shown. ENOTFOUND
	// for an unknown broadcast.
	FinishBroadcast(ctx context.Context, id int64, at time.Time) error
	// ActiveBroadcasts lists the broadcasts not finished, oldest first.
	ActiveBroadcasts(ctx context.Context) ([]*Broadcast, error)
}

// BroadcastMessages builds the outbox messages of a broadcast once the
// stored ids of what it carries and of the broadcast are known (the buttons
// name them). The store sets BroadcastID, Status and times on each.
type BroadcastMessages func(subjectID, broadcastID int64) ([]*OutboxMessage, error)
