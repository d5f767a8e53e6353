package flowstest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"danchu"
	"danchu/flows"
)

// More people of the notices and disclosures.
const (
	LanID  = 1021 // Nguyễn Thị Lan, Tiểu khu 2
	hoaID  = 1022 // Phan Thị Hoa, Tiểu khu 1
	TuanID = 1023 // Bùi Văn Tuấn, Tiểu khu 3
)

func (w *World) Lan() *Person { return w.Person("Lan", LanID, "Lan", "Nguyễn Thị") }

func (w *World) Hoa() *Person { return w.Person("Hoa", hoaID, "Hoa", "Phan Thị") }

func (w *World) Tuan() *Person { return w.Person("Tuấn", TuanID, "Tuấn", "Bùi Văn") }

// MustLiveAt declares that the people live in the household at address of
// their neighbourhood, and has the head confirm the first as its
// representative; it writes that into the transcript.
func (w *World) MustLiveAt(address string, people ...*Person) *danchu.Household {
	w.TB.Helper()
	var h *danchu.Household
	var names []string
	for _, p := range people {
		r := w.MustResident(p.User.ID)
		var err error
		if h, err = w.DB.DeclareHousehold(w.Ctx, r.ID, r.Neighbourhood, address, w.Clock.Now()); err != nil {
			w.TB.Fatalf("declare %s: %v", p.Name, err)
		}
		names = append(names, p.Name)
	}
	if err := w.DB.SetRepresentative(w.Ctx, h.ID, w.MustResident(people[0].User.ID).ID, 0, w.Clock.Now()); err != nil {
		w.TB.Fatalf("confirm %s: %v", people[0].Name, err)
	}
	w.Note("the household at %s: %s; the head confirmed %s as its representative", address, strings.Join(names, " and "), people[0].Name)
	return h
}

// ShowProgress writes into the transcript the progress message of a
// broadcast as the bot would edit it now, and returns it.
func (w *World) ShowProgress(id int64) flows.Reply {
	w.TB.Helper()
	b, err := w.DB.FindBroadcast(w.Ctx, id)
	if err != nil {
		w.TB.Fatalf("broadcast %d: %v", id, err)
	}
	c, err := w.DB.BroadcastCounts(w.Ctx, id)
	if err != nil {
		w.TB.Fatalf("counts of broadcast %d: %v", id, err)
	}
	r, err := w.Engine.BroadcastProgress(w.Ctx, b, c, time.Duration(c.Open())*time.Second/25)
	if err != nil {
		w.TB.Fatalf("progress of broadcast %d: %v", id, err)
	}
	fmt.Fprintf(&w.log, "\n=== the progress message of broadcast %d, as the bot edits it (%+v)\n", id, c)
	w.log.WriteString(Render([]flows.Reply{{Text: r.Text, Buttons: r.Buttons, Edit: true}}))
	MustBeValidReplies(w.TB, []flows.Reply{r})
	return r
}

// SendSome sends the first n messages the outbox would, as the sender
// does, without showing them: a broadcast under way.
func (w *World) SendSome(n int) {
	w.TB.Helper()
	claimed, err := w.DB.ClaimOutbox(w.Ctx, w.Clock.Now(), time.Minute, n)
	if err != nil {
		w.TB.Fatalf("claim: %v", err)
	}
	for _, m := range claimed {
		if err := w.DB.MarkSent(w.Ctx, m.ID, w.Clock.Now(), int(m.ID)); err != nil {
			w.TB.Fatalf("mark sent: %v", err)
		}
	}
	w.Note("the sender delivered %d messages", len(claimed))
}

func MustContainAll(tb testing.TB, who, text string, wants ...string) {
	tb.Helper()
	for _, want := range wants {
		if !strings.Contains(text, want) {
			tb.Errorf("%s was not shown %q in:\n%s", who, want, text)
		}
	}
}
