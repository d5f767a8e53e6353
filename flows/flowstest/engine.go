package flowstest

import (
	"strings"
	"testing"

	"danchu/flows"
)

// MustContain checks that one of the replies' texts holds want.
func MustContain(tb testing.TB, replies []flows.Reply, want string) {
	tb.Helper()
	for _, r := range replies {
		if strings.Contains(r.Text, want) {
			return
		}
	}
	tb.Errorf("no reply holds %q:\n%s", want, Render(replies))
}
