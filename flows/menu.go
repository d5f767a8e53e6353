package flows

import (
	"slices"

	"danchu"
)

// MenuEntry is a command of an area and, when Label is set, its button in
// the main menu.
type MenuEntry struct {
	Command string
	Label   Msg           // main-menu button; "" when the command has none
	Desc    Msg           // description in the command list; "" when not listed
	Roles   []danchu.Role // nil: every registered resident; else any of these
	Public  bool          // works for someone not registered
	// Order places the entry in the main menu and in the command list,
	// lowest first; the residents' buttons come before the staff's.
	Order int
}

// cmdCancel is the engine's own command: it leaves whatever flow is open.
const cmdCancel = "huy"

var cancelEntry = MenuEntry{Command: cmdCancel, Desc: msgCmdCancel, Public: true, Order: 150}

// entries are the menu entries of every area, in order.
func (e *Engine) entries() []MenuEntry {
	e.mu.RLock()
	list := append([]MenuEntry{cancelEntry}, e.menu...)
	e.mu.RUnlock()
	slices.SortStableFunc(list, func(a, b MenuEntry) int { return a.Order - b.Order })
	return list
}

func (e *Engine) findEntry(command string) (MenuEntry, bool) {
	for _, en := range e.entries() {
		if en.Command == command {
			return en, true
		}
	}
	return MenuEntry{}, false
}

// allowed reports whether someone with grants may use the entry.
func (en MenuEntry) allowed(grants []danchu.RoleGrant) bool {
	if en.Roles == nil {
		return true
	}
	for _, g := range grants {
		if slices.Contains(en.Roles, g.Role) {
			return true
		}
	}
	return false
}

// Commands lists the commands for Telegram's command menu, in lang. Officials'
// commands are left out: residents would only meet a refusal there.
func (e *Engine) Commands(lang string) []Command {
	var out []Command
	for _, en := range e.entries() {
		if en.Desc == "" {
			continue
		}
		out = append(out, Command{Command: en.Command, Description: e.tr(lang, en.Desc, nil)})
	}
	return out
}

// Menu is the main menu of the person, two buttons a row, with the entries
// of their roles after the residents' ones.
func (t *Turn) Menu() [][]string {
	return t.engine.menuKeyboard(t.Lang(), t.Roles)
}

func (e *Engine) menuKeyboard(lang string, grants []danchu.RoleGrant) [][]string {
	var rows [][]string
	add := func(staff bool) {
		var row []string
		for _, en := range e.entries() {
			if en.Label == "" || (en.Roles != nil) != staff || !en.allowed(grants) {
				continue
			}
			row = append(row, e.tr(lang, en.Label, nil))
			if len(row) == 2 {
				rows, row = append(rows, row), nil
			}
		}
		if len(row) > 0 {
			rows = append(rows, row)
		}
	}
	add(false)
	add(true)
	return rows
}

// menuCommand finds the command of a main-menu button's text in either
// language, so a keyboard sent before a change of language still works.
func (e *Engine) menuCommand(text string) (string, bool) {
	if text == "" {
		return "", false
	}
	for _, en := range e.entries() {
		if en.Label == "" {
			continue
		}
		for _, lang := range []string{LangVI, LangEN} {
			if e.tr(lang, en.Label, nil) == text {
				return en.Command, true
			}
		}
	}
	return "", false
}
