package flows

import (
	"context"
	"regexp"
	"slices"
	"strings"

	"danchu"
)

// StepFunc runs one step of a feature's conversation.
type StepFunc func(ctx context.Context, t *Turn) ([]Reply, error)

// Feature is a conversation that a later issue adds: petitions, disclosures,
// votes and so on. Registering one replaces the "Tính năng này sắp có."
// answer of its command and main-menu button; the role rules of the menu
// entry still apply before Start runs.
type Feature struct {
	// Command is the command without "/", e.g. "gui_don". A command of the
	// main menu also answers that menu button.
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
	// Public lets people who are not registered use the command.
	Public bool
	// Deeplink is a /start payload prefix the feature answers, e.g. "vote_".
	Deeplink string
}

// builtinFeatures are the features of this package that later issues add.
func (e *Engine) builtinFeatures() []Feature {
	return slices.Concat(e.petitionFeatures(), e.reachFeatures(), e.danBanFeatures())
}

var featureName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}$`)

// reserved names belong to this package's own flows and commands.
var reserved = []string{flowRegister, flowProfile, flowMyData, cmdStart, cmdHelp, cmdCancel, cmdProfile, cmdMyData}

// Register adds a feature. Call it before the engine handles updates. It
// returns EINVALID for a malformed name or a name this package uses, and
// ECONFLICT when the command or flow is taken.
func (e *Engine) Register(f Feature) error {
	if !featureName.MatchString(f.Command) || (f.Flow != "" && !featureName.MatchString(f.Flow)) || f.Start == nil {
		return danchu.Errorf(danchu.EINVALID, "feature %q: needs a command and a flow of lowercase letters, digits and _, and Start", f.Command)
	}
	for _, r := range reserved {
		if f.Command == r || f.Flow == r {
			return danchu.Errorf(danchu.EINVALID, "feature %q: %q belongs to package flows", f.Command, r)
		}
	}
	if f.Deeplink != "" && strings.HasPrefix(f.Deeplink, InvitePrefix) {
		return danchu.Errorf(danchu.EINVALID, "feature %q: deep links starting %q are invites", f.Command, InvitePrefix)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, g := range e.allFeaturesLocked() {
		if g.Command == f.Command || (f.Flow != "" && g.Flow == f.Flow) {
			return danchu.Errorf(danchu.ECONFLICT, "feature %q: command or flow already registered", f.Command)
		}
	}
	if e.features == nil {
		e.features = map[string]Feature{}
	}
	e.features[f.Command] = f
	return nil
}

func (e *Engine) allFeaturesLocked() []Feature {
	out := e.builtinFeatures()
	for _, f := range e.features {
		out = append(out, f)
	}
	return out
}

func (e *Engine) allFeatures() []Feature {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.allFeaturesLocked()
}

func (e *Engine) featureByCommand(command string) (Feature, bool) {
	for _, f := range e.allFeatures() {
		if f.Command == command {
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
