package flows

import (
	"slices"

	"danchu"
)

// entry is a command and, when label is set, its main-menu button.
type entry struct {
	command string
	label   msg           // main-menu button; "" when the command has none
	desc    msg           // description in the command list; "" when not listed
	roles   []danchu.Role // nil: every registered resident; else any of these
	public  bool          // works for someone not registered
}

// Commands built into this package; the others answer "coming soon" until a
// Feature registers them.
const (
	cmdStart   = "start"
	cmdHelp    = "help"
	cmdCancel  = "huy"
	cmdProfile = "toi"
	cmdMyData  = "du_lieu"
)

var (
	staffInbox = []danchu.Role{danchu.RoleChairman, danchu.RoleOfficial, danchu.RoleTieuKhuHead}
	// staffPetitions open the petitions' inbox; a supervisor sees its figures only.
	staffPetitions = []danchu.Role{danchu.RoleChairman, danchu.RoleOfficial, danchu.RoleTieuKhuHead, danchu.RoleSupervisor}
	staffPublish   = []danchu.Role{danchu.RoleChairman, danchu.RoleOfficial}
	staffWatch     = []danchu.Role{danchu.RoleSupervisor}
)

// residentEntries are the menu of every resident, in order, then the
// commands without a button; staffEntries follow for officials.
var (
	residentEntries = []entry{
		{command: "gui_don", label: msgMenuSendPetition, desc: msgCmdSendPetition},
		{command: "don_cua_toi", label: msgMenuMyPetitions, desc: msgCmdMyPetitions},
		{command: "cong_khai", label: msgMenuDisclosures, desc: msgCmdDisclosures},
		{command: "thong_bao", label: msgMenuNotices, desc: msgCmdNotices},
		{command: "gop_y", label: msgMenuComment, desc: msgCmdComment},
		{command: "bieu_quyet", label: msgMenuVote, desc: msgCmdVote},
		{command: "doi_thoai", label: msgMenuDialogue, desc: msgCmdDialogue},
		{command: "tiep_dan", label: msgMenuReception, desc: msgCmdReception},
		{command: cmdProfile, label: msgMenuProfile, desc: msgCmdProfile},
		{command: cmdHelp, label: msgMenuHelp, desc: msgCmdHelp, public: true},
	}
	otherEntries = []entry{
		{command: cmdStart, desc: msgCmdStart, public: true},
		{command: "tra_cuu", desc: msgCmdLookup},
		{command: cmdMyData, desc: msgCmdMyData},
		{command: "cai_dat", desc: msgCmdSettings},
		{command: cmdCancel, desc: msgCmdCancel, public: true},
	}
	staffEntries = []entry{
		{command: "hop_thu", label: msgMenuInbox, roles: staffPetitions},
		{command: "gui_thong_bao", label: msgMenuBroadcast, roles: staffInbox},
		{command: "cong_bo", label: msgMenuPublish, roles: staffPublish},
		{command: "bao_cao", label: msgMenuReports, roles: staffPublish},
		{command: "giam_sat", label: msgMenuSupervision, roles: staffWatch},
	}
)

// commandOrder is the order of the command list shown by Telegram.
var commandOrder = []string{
	cmdStart, "gui_don", "don_cua_toi", "tra_cuu", "cong_khai", "thong_bao", "gop_y",
	"bieu_quyet", "doi_thoai", "tiep_dan", cmdProfile, cmdMyData, "cai_dat", cmdHelp, cmdCancel,
}

func findEntry(command string) (entry, bool) {
	for _, list := range [][]entry{residentEntries, otherEntries, staffEntries} {
		for _, e := range list {
			if e.command == command {
				return e, true
			}
		}
	}
	return entry{}, false
}

// allowed reports whether someone with grants may use the entry.
func (en entry) allowed(grants []danchu.RoleGrant) bool {
	if en.roles == nil {
		return true
	}
	for _, g := range grants {
		if slices.Contains(en.roles, g.Role) {
			return true
		}
	}
	return false
}

// Commands lists the commands for Telegram's command menu, in lang. Officials'
// commands are left out: residents would only meet a refusal there.
func (e *Engine) Commands(lang string) []Command {
	out := make([]Command, 0, len(commandOrder))
	for _, c := range commandOrder {
		en, ok := findEntry(c)
		if !ok || en.desc == "" {
			continue
		}
		out = append(out, Command{Command: c, Description: localize(lang, en.desc, e.withUnit(nil))})
	}
	return out
}

// Menu is the main menu of the person, two buttons a row, with the entries
// of their roles after the residents' ones.
func (t *Turn) Menu() [][]string {
	return menuKeyboard(t.Lang(), t.Roles)
}

func menuKeyboard(lang string, grants []danchu.RoleGrant) [][]string {
	var rows [][]string
	add := func(list []entry) {
		var row []string
		for _, en := range list {
			if en.label == "" || !en.allowed(grants) {
				continue
			}
			row = append(row, localize(lang, en.label, nil))
			if len(row) == 2 {
				rows, row = append(rows, row), nil
			}
		}
		if len(row) > 0 {
			rows = append(rows, row)
		}
	}
	add(residentEntries)
	add(staffEntries)
	return rows
}

// menuCommand finds the command of a main-menu button's text in either
// language, so a keyboard sent before a change of language still works.
func menuCommand(text string) (string, bool) {
	if text == "" {
		return "", false
	}
	for _, list := range [][]entry{residentEntries, staffEntries} {
		for _, en := range list {
			if en.label == "" {
				continue
			}
			for _, lang := range []string{LangVI, LangEN} {
				if localize(lang, en.label, nil) == text {
					return en.command, true
				}
			}
		}
	}
	return "", false
}
