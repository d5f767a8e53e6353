package danchu

import (
	"context"
	"time"
)

// InboxUpdate is a Telegram update as stored before it is confirmed to
// Telegram (ARCHITECTURE.md, "How an update travels"). UpdateID is the key, so
// a repeat stops at the insert.
type InboxUpdate struct {
	UpdateID   int64      `db:"update_id"`
	ChatID     int64      `db:"chat_id"`
	Payload    []byte     `db:"payload"` // the update as Telegram sent it (JSON)
	ReceivedAt time.Time  `db:"received_at"`
	HandledAt  *time.Time `db:"handled_at"`
	Attempts   int        `db:"attempts"`
	LastError  string     `db:"last_error"`
}

// InboxService stores updates until they are handled.
type InboxService interface {
	// PutUpdate stores u and reports whether it was new (false for a repeat).
	PutUpdate(ctx context.Context, u *InboxUpdate) (bool, error)
	// MaxUpdateID returns the highest stored update_id, 0 when none.
	MaxUpdateID(ctx context.Context) (int64, error)
	// PendingChats lists the chats with unhandled updates, oldest first.
	PendingChats(ctx context.Context, limit int) ([]int64, error)
	// NextUpdate returns the unhandled update of the chat with the lowest
	// update_id; ENOTFOUND when the chat has none.
	NextUpdate(ctx context.Context, chatID int64) (*InboxUpdate, error)
	// MarkHandled records that the update was handled (or given up) at now.
	MarkHandled(ctx context.Context, updateID int64, now time.Time, lastError string) error
	// MarkAttempt counts a failed attempt and keeps the update pending.
	MarkAttempt(ctx context.Context, updateID int64, lastError string) error
}
