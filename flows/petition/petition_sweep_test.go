package petition_test

import (
	"testing"
	"time"

	"danchu"
	"danchu/flows/flowstest"
)

// mustStartDraft leaves p with a kiến nghị begun (kind and field chosen).
func mustStartDraft(p *flowstest.Person) {
	p.World.TB.Helper()
	p.Command("gui_don", "")
	p.Press("💡 Góp ý, đề xuất (kiến nghị)")
	p.Press("Khác")
}

func mustDraft(tb testing.TB, w *flowstest.World, telegramID int64, flow string) (*danchu.Draft, bool) {
	tb.Helper()
	d, err := w.DB.FindDraft(w.Ctx, w.MustResident(telegramID).ID, flow)
	if danchu.ErrorCode(err) == danchu.ENOTFOUND {
		return nil, false
	}
	if err != nil {
		tb.Fatal(err)
	}
	return d, true
}

// A draft is reminded once, after DraftReminder, and dropped after
// DraftDrop; drafts of other flows are not the petitions' to touch.
func TestSweepDrafts(t *testing.T) {
	w := flowstest.MustWorld(t)
	an := w.An()
	an.MustRegister("Tiểu khu 3")
	mustStartDraft(an)
	anID := w.MustResident(flowstest.AnID).ID
	if err := w.DB.SaveDraft(w.Ctx, &danchu.Draft{ResidentID: anID, ChatID: 1001, Flow: "other", Data: []byte(`{}`), UpdatedAt: w.Clock.Now()}); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		after     time.Duration
		reminders int
		kept      bool
	}{
		{23 * time.Hour, 0, true},
		{2 * time.Hour, 1, true},      // 25 hours
		{time.Hour, 0, true},          // reminded once only
		{5 * 24 * time.Hour, 0, true}, // 146 hours
		{24 * time.Hour, 0, false},    // 170 hours, over a week: dropped
	}
	for i, s := range steps {
		w.Clock.Advance(s.after)
		mustSweep(t, w)
		if got := len(w.DeliverOutbox()); got != s.reminders {
			t.Errorf("step %d: %d reminders, want %d", i, got, s.reminders)
		}
		if _, ok := mustDraft(t, w, 1001, "petition"); ok != s.kept {
			t.Errorf("step %d: draft kept = %v, want %v", i, ok, s.kept)
		}
	}
	if _, ok := mustDraft(t, w, 1001, "other"); !ok {
		t.Errorf("the draft of another flow was dropped")
	}

	w.Note("turned off: no reminder, no drop")
	w.Settings.Petitions.DraftReminder, w.Settings.Petitions.DraftDrop = 0, 0
	mustStartDraft(an)
	w.Clock.Advance(30 * 24 * time.Hour)
	mustSweep(t, w)
	if n := len(w.DeliverOutbox()); n != 0 {
		t.Errorf("%d reminders with reminders off", n)
	}
	if _, ok := mustDraft(t, w, 1001, "petition"); !ok {
		t.Errorf("a draft was dropped with dropping off")
	}
}
