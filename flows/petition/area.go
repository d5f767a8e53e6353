// Package petition is the petitions' part of the conversation: residents
// file kiến nghị, phản ánh, khiếu nại and tố cáo (the intake, its drafts),
// follow their own (/don_cua_toi, /tra_cuu) and rate the answers; officials
// handle them in the inbox (/hop_thu) within the legal due dates; and each
// step reaches the people it concerns through the outbox.
package petition

import (
	"context"
	"embed"
	"io/fs"
	"time"

	"danchu"
	"danchu/flows"
)

//go:embed locales/vi.toml locales/en.toml
var locales embed.FS

// Area holds what the petitions use: the petitions and drafts, and the
// outbox through the Notifier. Without Petitions, Drafts or the Notifier
// its commands answer "coming soon".
type Area struct {
	flows.Base
	*flows.Notifier
	Petitions petitionStore
	Drafts    draftStore
}

// staffPetitions open the petitions' inbox; a supervisor sees its figures only.
var staffPetitions = []danchu.Role{danchu.RoleChairman, danchu.RoleOfficial, danchu.RoleTieuKhuHead, danchu.RoleSupervisor}

// Locales are the area's texts.
func (a *Area) Locales() fs.FS {
	sub, _ := fs.Sub(locales, "locales")
	return sub
}

// Menu lists the petitions' commands.
func (a *Area) Menu() []flows.MenuEntry {
	return []flows.MenuEntry{
		{Command: "gui_don", Label: msgMenuSendPetition, Desc: msgCmdSendPetition, Order: 20},
		{Command: "don_cua_toi", Label: msgMenuMyPetitions, Desc: msgCmdMyPetitions, Order: 30},
		{Command: "tra_cuu", Desc: msgCmdLookup, Order: 40},
		{Command: "hop_thu", Label: msgMenuInbox, Roles: staffPetitions, Order: 210},
	}
}

// Features are the four commands; they need the stores.
func (a *Area) Features() []flows.Feature {
	if a.Petitions == nil || a.Drafts == nil || a.Notifier == nil {
		return nil
	}
	return []flows.Feature{
		{Command: "gui_don", Flow: flowPetition, Start: a.intakeStart, Step: a.intakeStep, Button: a.intakeButton},
		{Command: "don_cua_toi", Flow: flowMine, Start: a.mineStart, Step: a.mineStep, Button: a.mineButton},
		{Command: "tra_cuu", Start: a.lookupStart},
		{Command: "hop_thu", Flow: flowInbox, Start: a.inboxStart, Step: a.inboxStep, Button: a.inboxButton},
	}
}

// Records are the resident's petitions, for /du_lieu.
func (a *Area) Records(ctx context.Context, t *flows.Turn, r *danchu.Resident) ([]flows.Record, error) {
	if a.Petitions == nil {
		return []flows.Record{{Key: "petitions", Value: []myPetition{}, Order: 20}}, nil
	}
	return a.petitionRecords(ctx, t, r)
}

// petitionStore is what the area uses of danchu.PetitionService.
type petitionStore interface {
	CountPetitions(ctx context.Context, f danchu.PetitionFilter) ([]danchu.PetitionCount, error)
	CreatePetition(ctx context.Context, p *danchu.Petition, id *danchu.Identity) (*danchu.Receipt, error)
	Events(ctx context.Context, petitionID int64, withInternal bool) ([]danchu.Event, error)
	FindPetitionByID(ctx context.Context, id int64) (*danchu.Petition, error)
	FindPetitionByNumber(ctx context.Context, number string) (*danchu.Petition, error)
	ListPetitions(ctx context.Context, f danchu.PetitionFilter) ([]*danchu.Petition, int, error)
	PetitionIdentity(ctx context.Context, petitionID int64, readerID int64) (*danchu.Identity, error)
	Rate(ctx context.Context, r *danchu.Rating) error
	Transition(ctx context.Context, p *danchu.Petition, e *danchu.Event) error
}

// draftStore is what the area uses of danchu.DraftService.
type draftStore interface {
	DeleteDraft(ctx context.Context, residentID int64, flow string) error
	FindDraft(ctx context.Context, residentID int64, flow string) (*danchu.Draft, error)
	MarkDraftReminded(ctx context.Context, residentID int64, flow string, at time.Time) error
	SaveDraft(ctx context.Context, d *danchu.Draft) error
	StaleDrafts(ctx context.Context, before time.Time) ([]*danchu.Draft, error)
}
