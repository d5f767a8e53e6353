package flows

import (
	"context"
	"io/fs"
	"regexp"
	"strings"

	"danchu"
)

// StepFunc runs one step of a feature's conversation.
type StepFunc func(ctx context.Context, t *Turn) ([]Reply, error)

// Feature is one conversation of an area: petitions, disclosures, votes and
// so on. A command of the menu without a feature answers "coming soon";
// the role rules of its menu entry apply before Start runs.
type Feature struct {
	// Command is the command without "/", e.g. "gui_don". A command of the
	// main menu also answers that menu button. It may be empty for a
	// feature reached only by its deep link.
	Command string
	// Flow names the conversation in Session.Flow and prefixes its buttons'
	// data ("<Flow>:..."); "" for a feature without buttons or state.
	Flow string
	// Start runs on the command (In.Args holds its arguments), on the menu
	// button, and on a deep link starting with Deeplink (In.Args holds the
	// whole payload).
	Start StepFunc
	// Step runs on a message while Session.Flow == Flow.
	Step StepFunc
	// Button runs on a pressed button whose data starts with Flow + ":".
	Button StepFunc
	// Prompt, when set, asks again for what the current step waits for; it
	// follows the answer to a button that is no longer valid.
	Prompt func(t *Turn) Reply
	// Public lets people who are not registered use the command, its steps
	// and its buttons.
	Public bool
	// Deeplink is a /start payload prefix the feature answers, e.g. "vote_".
	Deeplink string
	// Reserved marks what every person needs before anything else
	// (registration, the profile, /start, invites): taking its command, flow
	// or deep link is EINVALID, not a conflict to resolve.
	Reserved bool
}

// Area is one part of the conversation in a package of its own under
// flows/ (accounts, petitions, notices, dân bàn, reports). The engine merges
// the texts and menus of its areas and hands each input to their features.
type Area interface {
	// Locales holds the area's texts: vi.toml and en.toml.
	Locales() fs.FS
	// Menu lists the area's commands. An entry whose feature is missing
	// (the program lacks its stores) answers "coming soon".
	Menu() []MenuEntry
	// Features are the conversations the area runs now.
	Features() []Feature
}

// Add registers an area: its texts, its menu and its features. Call it for
// every area before the engine handles updates.
func (e *Engine) Add(a Area) error {
	if err := e.catalog().load(a.Locales()); err != nil {
		return err
	}
	e.mu.Lock()
	e.menu = append(e.menu, a.Menu()...)
	e.mu.Unlock()
	if k, ok := a.(RecordKeeper); ok {
		e.mu.Lock()
		e.keepers = append(e.keepers, k)
		e.mu.Unlock()
	}
	for _, f := range a.Features() {
		if err := e.Register(f); err != nil {
			return err
		}
	}
	return nil
}

var featureName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}$`)

// Register adds a feature. Call it before the engine handles updates. It
// returns EINVALID for a malformed name or the engine's own command, and
// ECONFLICT when the command, flow or deep link is taken.
func (e *Engine) Register(f Feature) error {
	named := featureName.MatchString(f.Command) || (f.Command == "" && f.Deeplink != "")
	if !named || (f.Flow != "" && !featureName.MatchString(f.Flow)) || f.Start == nil {
		return danchu.Errorf(danchu.EINVALID, "feature %q: needs a command or a deep link, a flow of lowercase letters, digits and _, and Start", f.Command)
	}
	if f.Command == cmdCancel || f.Flow == cmdCancel {
		return danchu.Errorf(danchu.EINVALID, "feature %q: %q belongs to the engine", f.Command, cmdCancel)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, g := range e.features {
		taken := (f.Command != "" && g.Command == f.Command) || (f.Flow != "" && g.Flow == f.Flow) ||
			(f.Deeplink != "" && g.Deeplink != "" && (strings.HasPrefix(f.Deeplink, g.Deeplink) || strings.HasPrefix(g.Deeplink, f.Deeplink)))
		if taken && g.Reserved {
			return danchu.Errorf(danchu.EINVALID, "feature %q: its command, flow or deep link is reserved", f.Command)
		}
		if taken {
			return danchu.Errorf(danchu.ECONFLICT, "feature %q: command, flow or deep link already registered", f.Command)
		}
	}
	e.features = append(e.features, f)
	return nil
}

func (e *Engine) allFeatures() []Feature {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.features
}

func (e *Engine) featureByCommand(command string) (Feature, bool) {
	for _, f := range e.allFeatures() {
		if f.Command != "" && f.Command == command {
			return f, true
		}
	}
	return Feature{}, false
}

func (e *Engine) featureByFlow(flow string) (Feature, bool) {
	if flow == "" {
		return Feature{}, false
	}
	for _, f := range e.allFeatures() {
		if f.Flow == flow {
			return f, true
		}
	}
	return Feature{}, false
}

func (e *Engine) featureByDeeplink(payload string) (Feature, bool) {
	for _, f := range e.allFeatures() {
		if f.Deeplink != "" && strings.HasPrefix(payload, f.Deeplink) {
			return f, true
		}
	}
	return Feature{}, false
}
