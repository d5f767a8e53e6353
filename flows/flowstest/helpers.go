package flowstest

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"danchu"
	"danchu/flows"
)

func MustConsents(tb testing.TB, w *World, residentID int64) []danchu.Consent {
	tb.Helper()
	cs, err := w.DB.ConsentsOf(w.Ctx, residentID)
	if err != nil {
		tb.Fatalf("consents: %v", err)
	}
	return cs
}

func MustRoles(tb testing.TB, w *World, residentID int64) []danchu.RoleGrant {
	tb.Helper()
	roles, err := w.DB.RolesOf(w.Ctx, residentID)
	if err != nil {
		tb.Fatalf("roles: %v", err)
	}
	return roles
}

// MustHaveAudit checks the resident's audit log holds action and returns it.
func MustHaveAudit(tb testing.TB, w *World, residentID int64, action string) []danchu.AuditEntry {
	tb.Helper()
	subject := "resident:" + strconv.FormatInt(residentID, 10)
	entries, err := w.DB.AuditOf(w.Ctx, subject)
	if err != nil {
		tb.Fatalf("audit: %v", err)
	}
	for _, e := range entries {
		if e.Action == action {
			return entries
		}
	}
	tb.Errorf("no audit row %q for %s in %+v", action, subject, entries)
	return entries
}

func MustHaveNoSession(tb testing.TB, w *World, chatID int64) {
	tb.Helper()
	if raw, err := w.Sessions.GetSession(w.Ctx, flows.SessionKey(chatID)); danchu.ErrorCode(err) != danchu.ENOTFOUND {
		tb.Errorf("session of %d = %s, %v; want none", chatID, raw, err)
	}
}

func MustNotBeRegistered(tb testing.TB, w *World, telegramID int64) {
	tb.Helper()
	if r, err := w.DB.FindResidentByTelegramID(w.Ctx, telegramID); danchu.ErrorCode(err) != danchu.ENOTFOUND {
		tb.Errorf("resident %d = %+v, %v; want ENOTFOUND", telegramID, r, err)
	}
}

// MustRegisterVoteFeature registers a stand-in for a voting
// feature: it answers "vote_<n>" deep links and its command.
func MustRegisterVoteFeature(tb testing.TB, e *Program) {
	tb.Helper()
	err := e.Register(flows.Feature{
		Command:  "bieu_quyet",
		Flow:     "testvote",
		Deeplink: "vote_",
		Start: func(_ context.Context, t *flows.Turn) ([]flows.Reply, error) {
			return []flows.Reply{{Text: "test vote feature opened with " + strings.TrimSpace(t.In.Args) + " for " + t.Resident.FullName}}, nil
		},
	})
	if err != nil {
		tb.Fatalf("register: %v", err)
	}
}

func Contains(s, sub string) bool { return sub != "" && strings.Contains(s, sub) }
