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
	Engine  *Engine
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
	r, err := t.Engine.Residents.FindResidentByTelegramID(ctx, t.In.From.ID)
	if isNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("flows: find resident: %w", err)
	}
	return t.setResident(ctx, r)
}

// setResident makes r the person of the turn and loads their roles.
func (t *Turn) setResident(ctx context.Context, r *danchu.Resident) error {
	roles, err := t.Engine.Roles.RolesOf(ctx, r.ID)
	if err != nil {
		return fmt.Errorf("flows: roles of resident %d: %w", r.ID, err)
	}
	t.Resident, t.Roles = r, roles
	return nil
}

// Lang is the person's language: their profile's, else the session's, else vi.
func (t *Turn) Lang() string {
	if t.Resident != nil && t.Resident.Language != "" {
		return normLang(t.Resident.Language)
	}
	if t.Session.Lang != "" {
		return normLang(t.Session.Lang)
	}
	return LangVI
}

// T returns the text of a message in the person's language. The unit's name
// and the name of its neighbourhood level are always available as .Unit and
// .Level.
func (t *Turn) T(id msg, data map[string]any) string {
	return localize(t.Lang(), id, t.Engine.withUnit(data))
}

// Now is the engine's clock.
func (t *Turn) Now() time.Time { return t.Engine.now() }

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
func (t *Turn) Say(id msg, data map[string]any) Reply { return Reply{Text: t.T(id, data)} }

// WithMenu is a reply that also shows the main menu.
func (t *Turn) WithMenu(id msg, data map[string]any) Reply {
	return Reply{Text: t.T(id, data), Keyboard: t.Menu()}
}

// withUnit adds the unit's names to template data.
func (e *Engine) withUnit(data map[string]any) map[string]any {
	out := make(map[string]any, len(data)+2)
	if e.Settings != nil {
		out["Unit"] = e.Settings.Unit.Name
		out["Level"] = e.Settings.Unit.NeighbourhoodLevel
	}
	for k, v := range data {
		out[k] = v
	}
	return out
}

// date and dateTime format t in the unit's time zone.
func (e *Engine) date(t time.Time) string     { return danchu.Date(t, e.Settings.Location()) }
func (e *Engine) dateTime(t time.Time) string { return danchu.DateTime(t, e.Settings.Location()) }
