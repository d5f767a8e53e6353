package account

import (
	"fmt"
	"strings"

	"danchu/flows"
)

// help says what the bot does, lists the commands and notes that some legal
// numbers are defaults still to be confirmed (LAW.md).
func (a *Area) help(t *flows.Turn) []flows.Reply {
	var b strings.Builder
	b.WriteString(t.T(msgHelpIntro, nil))
	b.WriteString("\n\n" + t.T(msgHelpCommands, nil))
	for _, c := range t.Commands() {
		fmt.Fprintf(&b, "\n/%s — %s", c.Command, c.Description)
	}
	b.WriteString("\n\n" + t.T(msgHelpLegalNote, nil))
	r := flows.Reply{Text: b.String()}
	if t.Resident != nil {
		r.Keyboard = t.Menu()
	} else {
		r.Text += "\n\n" + t.T(flows.MsgStartHint, nil)
	}
	return []flows.Reply{r}
}
