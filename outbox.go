package danchu

import (
	"context"
	"time"
)

// Outbox priorities: a reply to a resident's own action never waits behind a
// broadcast.
const (
	PriorityPersonal  = 0 // petition status changes, answers to a question
	PriorityReminder  = 5 // deadline reminders to officials
	PriorityBroadcast = 9 // notices and disclosures to many
)

// Outbox row states.
const (
	OutboxPending     = "pending"
	OutboxSending     = "sending" // claimed by a sender; a crash leaves it to be claimed again
	OutboxSent        = "sent"
	OutboxFailed      = "failed"      // a 4xx other than 403, or retries used up
	OutboxUnreachable = "unreachable" // 403: the person blocked the bot
	OutboxCancelled   = "cancelled"
)

// OutboxButton is an inline button of an outbox message.
type OutboxButton struct {
	Text string `json:"text"`
	Data string `json:"data"`
}

// OutboxMessage is one message to one chat that is not the direct answer to
// an update: a petition's status change, a notice, a reminder (ARCHITECTURE.md,
// the OUTBOX). Text may hold personal data: it is never logged.
type OutboxMessage struct {
	ID          int64            `json:"id"`
	ChatID      int64            `json:"chat_id"`
	ResidentID  int64            `json:"resident_id"`
	Kind        string           `json:"kind"` // for example "petition.accepted"
	Priority    int              `json:"priority"`
	Text        string           `json:"text"`
	Buttons     [][]OutboxButton `json:"buttons,omitempty"`
	BroadcastID int64            `json:"broadcast_id,omitempty"`
	// DedupKey, when set, is unique: enqueueing the same key again is a no-op,
	// so a job that runs twice does not send twice.
	DedupKey      string     `json:"dedup_key,omitempty"`
	Status        string     `json:"status"`
	Attempts      int        `json:"attempts"`
	NotBefore     time.Time  `json:"not_before"`
	CreatedAt     time.Time  `json:"created_at"`
	SentAt        *time.Time `json:"sent_at,omitempty"`
	TelegramMsgID int        `json:"telegram_message_id,omitempty"`
	LastError     string     `json:"last_error,omitempty"`
}

// OutboxService stores messages until a sender delivers them.
type OutboxService interface {
	// Enqueue stores pending messages, setting their ID and CreatedAt; a
	// message whose DedupKey is already stored is skipped (ID stays 0).
	Enqueue(ctx context.Context, msgs ...*OutboxMessage) error
	// ClaimOutbox marks up to limit due messages (pending, or sending with an
	// expired lease) as sending until now+lease and returns them, by
	// priority, then chat, then ID. Messages of one chat keep their order.
	ClaimOutbox(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]*OutboxMessage, error)
	// MarkSent records delivery. ENOTFOUND for an unknown id.
	MarkSent(ctx context.Context, id int64, at time.Time, telegramMsgID int) error
	// MarkRetry puts the message back to pending, not before retryAt, and
	// counts the attempt.
	MarkRetry(ctx context.Context, id int64, retryAt time.Time, reason string) error
	// MarkFailed ends the message with status (OutboxFailed or
	// OutboxUnreachable) and the reason.
	MarkFailed(ctx context.Context, id int64, status, reason string) error
}

// Draft is a half-finished conversation kept in the database, so that it
// survives a restart (a petition being written). Data is the flow's own JSON.
type Draft struct {
	ResidentID int64      `json:"resident_id"`
	ChatID     int64      `json:"chat_id"`
	Flow       string     `json:"flow"`
	Data       []byte     `json:"data"`
	UpdatedAt  time.Time  `json:"updated_at"`
	RemindedAt *time.Time `json:"reminded_at,omitempty"`
}

// DraftService stores drafts, one per resident and flow.
type DraftService interface {
	// SaveDraft creates or replaces the draft and clears RemindedAt.
	SaveDraft(ctx context.Context, d *Draft) error
	// FindDraft returns ENOTFOUND when there is none.
	FindDraft(ctx context.Context, residentID int64, flow string) (*Draft, error)
	// DeleteDraft removes it; no error when there is none.
	DeleteDraft(ctx context.Context, residentID int64, flow string) error
	// StaleDrafts lists drafts not updated since before, oldest first.
	StaleDrafts(ctx context.Context, before time.Time) ([]*Draft, error)
	// MarkDraftReminded records that the resident was reminded at at.
	MarkDraftReminded(ctx context.Context, residentID int64, flow string, at time.Time) error
}
