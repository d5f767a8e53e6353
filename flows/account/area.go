// Package account is what every person meets first and keeps: /start with
// the personal-data notice and consent, the registration (name, phone,
// neighbourhood), invites that give an official their role, the profile
// (/toi), my data (/du_lieu: everything every area holds, as a file, and
// the deletion) and /help.
package account

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

// Area holds what accounts use: the residents, their consents and roles,
// and the audit log.
type Area struct {
	flows.Base
	Residents residentStore
	Consents  consentStore
	Roles     inviteRedeemer
	Audit     auditLog
}

// Locales are the area's texts.
func (a *Area) Locales() fs.FS {
	sub, _ := fs.Sub(locales, "locales")
	return sub
}

// Menu lists /start, the profile, my data and help.
func (a *Area) Menu() []flows.MenuEntry {
	return []flows.MenuEntry{
		{Command: "start", Desc: msgCmdStart, Public: true, Order: 10},
		{Command: "toi", Label: msgMenuProfile, Desc: msgCmdProfile, Order: 110},
		{Command: "du_lieu", Desc: msgCmdMyData, Order: 120},
		{Command: "help", Label: msgMenuHelp, Desc: msgCmdHelp, Public: true, Order: 140},
	}
}

// Features are what every person needs before anything else: /start with
// the registration, the profile, my data, help and invites.
func (a *Area) Features() []flows.Feature {
	return []flows.Feature{
		{Command: "start", Flow: flowRegister, Start: a.start, Step: a.registrationStep, Button: a.registrationButton,
			Prompt: a.registerPrompt, Public: true, Reserved: true},
		{Command: "toi", Flow: flowProfile, Start: a.showProfile, Step: a.profileStep,
			Button: flows.ButtonRest(a.profileButton), Reserved: true},
		{Command: "du_lieu", Flow: flowMyData, Start: a.showMyData, Step: a.myDataStep,
			Button: flows.ButtonRest(a.myDataButton), Reserved: true},
		{Command: "help", Start: a.helpStart, Public: true, Reserved: true},
		{Deeplink: InvitePrefix, Start: a.redeem, Reserved: true},
	}
}

// registrationStep runs the registration for someone not registered yet; a
// person registered meanwhile (on another device) has nothing to finish.
func (a *Area) registrationStep(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	if t.Resident != nil {
		t.Leave()
		return []flows.Reply{t.WithMenu(flows.MsgHintMenu, nil)}, nil
	}
	return a.registerStep(ctx, t)
}

func (a *Area) registrationButton(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	return a.registerButton(ctx, t, flows.ButtonData(t))
}

func (a *Area) helpStart(_ context.Context, t *flows.Turn) ([]flows.Reply, error) {
	return a.help(t), nil
}

func (a *Area) audit(ctx context.Context, actorID int64, action, subject, detail string) error {
	return flows.Audit(ctx, a.Audit, a.Now(), actorID, action, subject, detail)
}

var _ danchu.Resident

// residentStore is what the area uses of danchu.ResidentService.
type residentStore interface {
	CreateResident(ctx context.Context, r *danchu.Resident) error
	DeleteResident(ctx context.Context, id int64) error
	FindResidentByTelegramID(ctx context.Context, telegramID int64) (*danchu.Resident, error)
	UpdateResident(ctx context.Context, r *danchu.Resident) error
}

// consentStore is what the area uses of danchu.ConsentService.
type consentStore interface {
	ConsentsOf(ctx context.Context, residentID int64) ([]danchu.Consent, error)
	LinkConsents(ctx context.Context, telegramID int64, residentID int64) error
	RecordConsent(ctx context.Context, c *danchu.Consent) error
	WithdrawConsents(ctx context.Context, residentID int64, now time.Time) error
}

// inviteRedeemer is what the area uses of danchu.RoleService.
type inviteRedeemer interface {
	RedeemInvite(ctx context.Context, code string, residentID int64, now time.Time) (*danchu.Invite, error)
}

// auditLog is what the area uses of danchu.AuditService.
type auditLog interface {
	flows.AuditLog
	AuditOf(ctx context.Context, subject string) ([]danchu.AuditEntry, error)
}
