package flows

import (
	"time"

	"danchu"
)

// Base is what every area is built on: the unit's settings, the clock, the
// legal rules and the engine's texts, with the helpers that read and write
// dates, neighbourhoods and phone numbers the same way everywhere. An area
// embeds the Base its engine gives it.
type Base struct {
	Settings *danchu.Settings
	clock    func() time.Time
	texts    *catalog
	rules    *danchu.Rules
}

// Base is the base of the engine's areas: its settings, clock and texts.
func (e *Engine) Base() Base {
	return Base{Settings: e.Settings, clock: e.Now, texts: e.catalog(), rules: danchu.NewRules(e.Settings)}
}

// Now is the engine's clock.
func (b Base) Now() time.Time {
	if b.clock != nil {
		return b.clock()
	}
	return time.Now()
}

// Tr is the text of id in lang, with the unit's names, for what is written
// outside a turn (the outbox); a turn's own replies use Turn.T.
func (b Base) Tr(lang string, id Msg, data map[string]any) string {
	return b.texts.text(lang, id, withUnit(b.Settings, data))
}

// Rules are the legal rules of the settings; Calendar their working days.
func (b Base) Rules() *danchu.Rules       { return b.rules }
func (b Base) Calendar() *danchu.Calendar { return b.rules.Calendar }

// Date and DateTime format t in the unit's time zone.
func (b Base) Date(t time.Time) string     { return danchu.Date(t, b.Settings.Location()) }
func (b Base) DateTime(t time.Time) string { return danchu.DateTime(t, b.Settings.Location()) }

// Edit turns a reply into an edit of the message the button was on.
func (Base) Edit(r Reply) Reply {
	r.Edit = true
	return r
}
