package account_test

import (
	"testing"

	"danchu/flows/account"
)

func TestInvitePayload(t *testing.T) {
	code, ok := account.ParseInvitePayload(account.InvitePayload("K7P2M9QX4A"))
	if !ok || code != "K7P2M9QX4A" {
		t.Errorf("round trip = %q, %v", code, ok)
	}
	for _, bad := range []string{"", "inv_", "inv_ab", "inv_AB-CD", "K7P2M9QX4A", "vote_12", "inv_" + string(make([]byte, 41))} {
		if code, ok := account.ParseInvitePayload(bad); ok {
			t.Errorf("ParseInvitePayload(%q) = %q, want refused", bad, code)
		}
	}
	if p := account.InvitePayload("K7P2M9QX4A"); len(p) > 64 {
		t.Errorf("payload %q is longer than Telegram's 64", p)
	}
}
