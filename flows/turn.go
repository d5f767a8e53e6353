package flows

import (
	"context"
	"fmt"
	"time"

	"danchu"
)

// Turn is one update being handled: the input, the person and their session.
// Step functions read it and change Session; Handle saves the session after.
type Turn struct {
	engine  *Engine
	In      Input
	Session *Session

	// Resident is nil for someone not registered; Roles are theirs.
	Resident *danchu.Resident
	Roles    []danchu.RoleGrant

	dropSession bool // delete the session whatever it holds (consent refused, data deleted)
}

// loadResident takes the resident the bot loaded, or looks the person up.
func (t *Turn) loadResident(ctx context.Context) error {
	if t.In.Resident != nil {
		t.Resident, t.Roles = t.In.Resident, t.In.Roles
		return nil
	}
	r, err := t.engine.Residents.FindResidentByTelegramID(ctx, t.In.From.ID)
	if IsNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("flows: find resident: %w", err)
	}
	return t.SetResident(ctx, r)
}

// SetResident makes r the person of the turn and loads their roles.
func (t *Turn) SetResident(ctx context.Context, r *danchu.Resident) error {
	roles, err := t.engine.Roles.RolesOf(ctx, r.ID)
	if err != nil {
		return fmt.Errorf("flows: roles of resident %d: %w", r.ID, err)
	}
	t.Resident, t.Roles = r, roles
	return nil
}

// Lang is the person's language: their profile's, else the session's, else vi.
func (t *Turn) Lang() string {
	if t.Resident != nil && t.Resident.Language != "" {
		return NormLang(t.Resident.Language)
	}
	if t.Session.Lang != "" {
		return NormLang(t.Session.Lang)
	}
	return LangVI
}

// T returns the text of a message in the person's language. The unit's name
// and the name of its neighbourhood level are always available as .Unit and
// .Level.
func (t *Turn) T(id Msg, data map[string]any) string {
	return t.engine.tr(t.Lang(), id, data)
}

// Now is the engine's clock.
func (t *Turn) Now() time.Time { return t.engine.now() }

// Begin enters flow at state with fresh answers.
func (t *Turn) Begin(flow, state string) {
	t.Session.Flow, t.Session.State, t.Session.Data = flow, state, map[string]string{}
}

// Leave ends the current flow; the deep link and language stay.
func (t *Turn) Leave() {
	t.Session.Flow, t.Session.State, t.Session.Data = "", "", nil
}

// Set stores an answer of the current flow.
func (t *Turn) Set(key, value string) {
	if t.Session.Data == nil {
		t.Session.Data = map[string]string{}
	}
	t.Session.Data[key] = value
}

// Get returns an answer of the current flow.
func (t *Turn) Get(key string) string { return t.Session.Data[key] }

// Say is a reply with one text.
func (t *Turn) Say(id Msg, data map[string]any) Reply { return Reply{Text: t.T(id, data)} }

// WithMenu is a reply that also shows the main menu.
func (t *Turn) WithMenu(id Msg, data map[string]any) Reply {
	return Reply{Text: t.T(id, data), Keyboard: t.Menu()}
}

// withUnit adds the unit's names to template data.
func withUnit(settings *danchu.Settings, data map[string]any) map[string]any {
	out := make(map[string]any, len(data)+2)
	if settings != nil {
		out["Unit"] = settings.Unit.Name
		out["Level"] = settings.Unit.NeighbourhoodLevel
	}
	for k, v := range data {
		out[k] = v
	}
	return out
}

// Actor is the person of the turn as danchu.Can sees them.
func (t *Turn) Actor() danchu.Actor {
	if t.Resident == nil {
		return danchu.Actor{}
	}
	return danchu.Actor{ResidentID: t.Resident.ID, Roles: t.Roles}
}

// DropSession deletes the session after this turn, whatever it holds
// (consent refused, data deleted).
func (t *Turn) DropSession() { t.dropSession = true }

// InvalidButton answers a button that is no longer valid.
func (t *Turn) InvalidButton() []Reply { return t.engine.invalidButton(t) }

// LeadToStart answers someone not registered who used a menu entry, an old
// button or a command that needs a profile.
func (t *Turn) LeadToStart() []Reply { return t.engine.leadToStart(t) }

// Commands lists the commands of the menu in the person's language.
func (t *Turn) Commands() []Command { return t.engine.Commands(t.Lang()) }

// FollowDeeplink acts on the /start payload kept in the session, once the
// person is registered: the feature whose Deeplink starts it opens it.
func (t *Turn) FollowDeeplink(ctx context.Context) ([]Reply, error) {
	p := t.Session.Deeplink
	if p == "" || t.Resident == nil {
		return nil, nil
	}
	t.Session.Deeplink = ""
	if f, ok := t.engine.featureByDeeplink(p); ok {
		args := t.In.Args
		t.In.Args = p
		defer func() { t.In.Args = args }()
		return f.Start(ctx, t)
	}
	return []Reply{t.WithMenu(msgDeeplinkUnknown, nil)}, nil
}
