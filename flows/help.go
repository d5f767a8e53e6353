package flows

import (
	"fmt"
	"strings"
)

// help says what the bot does, lists the commands and notes that some legal
// numbers are defaults still to be confirmed (LAW.md).
func (e *Engine) help(t *Turn) []Reply {
	var b strings.Builder
	b.WriteString(t.T(msgHelpIntro, nil))
	b.WriteString("\n\n" + t.T(msgHelpCommands, nil))
	for _, c := range e.Commands(t.Lang()) {
		fmt.Fprintf(&b, "\n/%s — %s", c.Command, c.Description)
	}
	b.WriteString("\n\n" + t.T(msgHelpLegalNote, nil))
	r := Reply{Text: b.String()}
	if t.Resident != nil {
		r.Keyboard = t.Menu()
	} else {
		r.Text += "\n\n" + t.T(msgStartHint, nil)
	}
	return []Reply{r}
}
