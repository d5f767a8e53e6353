package flows_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"danchu"
)

func init() {
	// The buttons of issue 5 (danban.go).
	flowPrefixes = append(flowPrefixes, "dt", "td", "gy", "bq")
}

// More people of dân bàn.
const (
	huongID = 1031 // Lê Thị Hương, head of Tiểu khu 3
	hoangID = 1032 // Hoàng Văn Minh, Tiểu khu 3
)

func (w *world) Huong() *person { return w.Person("Hương", huongID, "Hương", "Lê Thị") }
func (w *world) Minh() *person  { return w.Person("Minh", hoangID, "Minh", "Hoàng Văn") }

// MustDanBanWorld is a world whose engine has the stores of issue 5.
func MustDanBanWorld(tb testing.TB) *world {
	tb.Helper()
	w := MustWorld(tb)
	w.withDanBan()
	return w
}

func (w *world) withDanBan() { w.engine = w.newProgram(areaStores{DanBan: true}) }

// FullEngine is a fresh engine on every store of the world, as the program
// builds it: another replica, or the program after a restart.
func (w *world) FullEngine() *program {
	return w.newProgram(areaStores{Reach: true, DanBan: true, Reminders: true})
}

// RunDanBan runs the timed work at the world's clock, as the program's
// ticker does, and writes it into the transcript.
func (w *world) RunDanBan() {
	w.tb.Helper()
	fmt.Fprintf(&w.log, "\n### the timed work runs at %s\n", w.clock.Now().In(w.settings.Location()).Format("15:04 02/01/2006"))
	if err := w.engine.RunDanBan(w.ctx); err != nil {
		w.tb.Fatalf("RunDanBan: %v", err)
	}
}

// PressPrefix presses the first button on the last replies whose data
// starts with prefix (ids a test does not need to spell).
func (p *person) PressPrefix(prefix string) string {
	p.w.tb.Helper()
	for _, r := range p.last {
		for _, row := range r.Buttons {
			for _, b := range row {
				if strings.HasPrefix(b.Data, prefix) {
					p.PressData(b.Data)
					return b.Data
				}
			}
		}
	}
	p.w.tb.Fatalf("%s: no button with data %q… on the last replies:\n%s", p.name, prefix, render(p.last))
	return ""
}

// MustSeeLast fails unless one of p's last replies contains want.
func (p *person) MustSeeLast(want string) {
	p.w.tb.Helper()
	for _, r := range p.last {
		if strings.Contains(r.Text, want) {
			return
		}
	}
	p.w.tb.Errorf("%s: no reply with %q in:\n%s", p.name, want, render(p.last))
}

// MustHousehold returns the household of a person.
func (w *world) MustHousehold(p *person) *danchu.Household {
	w.tb.Helper()
	h, err := w.db.HouseholdOf(w.ctx, w.MustResident(p.user.ID).ID)
	if err != nil {
		w.tb.Fatalf("household of %s: %v", p.name, err)
	}
	return h
}

// at is a time in the unit's zone, for typed dates.
func (w *world) at(d time.Duration) string {
	return w.clock.Now().Add(d).In(w.settings.Location()).Format("02/01/2006 15:04")
}
