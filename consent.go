package danchu

import (
	"context"
	"time"
)

// Consent records that a resident agreed to a version of the personal-data
// notice (LAW.md: the time and the version are kept; silence is not consent).
type Consent struct {
	ID          int64      `json:"id"`
	ResidentID  int64      `json:"resident_id"`
	TelegramID  int64      `json:"telegram_id"`
	Version     string     `json:"version"`
	GivenAt     time.Time  `json:"given_at"`
	WithdrawnAt *time.Time `json:"withdrawn_at,omitempty"`
}

// ConsentService stores consents.
type ConsentService interface {
	// RecordConsent stores a consent given now. ResidentID may be 0 while the
	// resident registers; LinkConsents sets it afterwards.
	RecordConsent(ctx context.Context, c *Consent) error
	// LinkConsents sets the resident of the consents given from a Telegram id.
	LinkConsents(ctx context.Context, telegramID, residentID int64) error
	// ConsentsOf lists every consent of a resident, oldest first.
	ConsentsOf(ctx context.Context, residentID int64) ([]Consent, error)
	// WithdrawConsents marks the resident's open consents withdrawn at now.
	WithdrawConsents(ctx context.Context, residentID int64, now time.Time) error
}

// AuditEntry is one line of the audit log: who did what to which thing.
// Detail never holds the free text of a petition.
type AuditEntry struct {
	ID      int64     `json:"id"`
	At      time.Time `json:"at"`
	ActorID int64     `json:"actor_id"` // resident id; 0 for the system or the CLI
	Action  string    `json:"action"`   // for example "role.grant", "invite.create"
	Subject string    `json:"subject"`  // for example "resident:12"
	Detail  string    `json:"detail"`
}

// AuditService appends to and reads the audit log. Nothing is deleted.
type AuditService interface {
	Audit(ctx context.Context, e AuditEntry) error
	// AuditOf lists entries whose subject is subject, oldest first.
	AuditOf(ctx context.Context, subject string) ([]AuditEntry, error)
}
