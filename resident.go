package danchu

import (
	"context"
	"time"
)

// Resident is a person who talks to the bot: a resident of the unit, and also
// every official (an official is a resident with roles).
type Resident struct {
	ID            int64     `json:"id"`
	TelegramID    int64     `json:"telegram_id"` // the private chat id, equal to the user id
	FullName      string    `json:"full_name"`
	Phone         string    `json:"phone"` // normalised, +84...
	Neighbourhood string    `json:"neighbourhood"`
	Language      string    `json:"language"`    // "vi" or "en"
	Unreachable   bool      `json:"unreachable"` // the resident blocked the bot (403)
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// ResidentService stores residents.
type ResidentService interface {
	// FindResidentByTelegramID returns ENOTFOUND when no resident has that id.
	FindResidentByTelegramID(ctx context.Context, telegramID int64) (*Resident, error)
	// FindResidentByID returns ENOTFOUND when no resident has that id.
	FindResidentByID(ctx context.Context, id int64) (*Resident, error)
	// CreateResident sets r.ID, CreatedAt and UpdatedAt; ECONFLICT when the
	// Telegram id is already registered.
	CreateResident(ctx context.Context, r *Resident) error
	// UpdateResident saves name, phone, neighbourhood and language; ENOTFOUND
	// when the resident does not exist.
	UpdateResident(ctx context.Context, r *Resident) error
	// SetUnreachable records that Telegram refused to deliver to the chat (403).
	SetUnreachable(ctx context.Context, telegramID int64, unreachable bool) error
	// ListResidents lists residents, by neighbourhood when it is not "".
	ListResidents(ctx context.Context, neighbourhood string) ([]*Resident, error)
	// DeleteResident removes the profile and contact data, consents and roles of
	// the resident (LAW.md, personal data). Records the law keeps lose their
	// personal link in later issues. ENOTFOUND when absent.
	DeleteResident(ctx context.Context, id int64) error
}
