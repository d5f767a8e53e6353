package flowstest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"danchu"
)

// More people of dân bàn.
const (
	huongID = 1031 // Lê Thị Hương, head of Tiểu khu 3
	hoangID = 1032 // Hoàng Văn Minh, Tiểu khu 3
)

func (w *World) Huong() *Person { return w.Person("Hương", huongID, "Hương", "Lê Thị") }

func (w *World) Minh() *Person { return w.Person("Minh", hoangID, "Minh", "Hoàng Văn") }

// MustDanBanWorld is a world whose engine has the stores of dân bàn.
func MustDanBanWorld(tb testing.TB) *World {
	tb.Helper()
	w := MustWorld(tb)
	w.WithDanBan()
	return w
}

func (w *World) WithDanBan() { w.Engine = w.NewProgram(Stores{DanBan: true}) }

// FullEngine is a fresh engine on every store of the world, as the program
// builds it: another replica, or the program after a restart.
func (w *World) FullEngine() *Program {
	return w.NewProgram(Stores{Reach: true, DanBan: true, Reminders: true})
}

// RunDanBan runs the timed work at the world's clock, as the program's
// ticker does, and writes it into the transcript.
func (w *World) RunDanBan() {
	w.TB.Helper()
	fmt.Fprintf(&w.log, "\n### the timed work runs at %s\n", w.Clock.Now().In(w.Settings.Location()).Format("15:04 02/01/2006"))
	if err := w.Engine.RunDanBan(w.Ctx); err != nil {
		w.TB.Fatalf("RunDanBan: %v", err)
	}
}

// PressPrefix presses the first button on the last replies whose data
// starts with prefix (ids a test does not need to spell).
func (p *Person) PressPrefix(prefix string) string {
	p.World.TB.Helper()
	for _, r := range p.Last {
		for _, row := range r.Buttons {
			for _, b := range row {
				if strings.HasPrefix(b.Data, prefix) {
					p.PressData(b.Data)
					return b.Data
				}
			}
		}
	}
	p.World.TB.Fatalf("%s: no button with data %q… on the last replies:\n%s", p.Name, prefix, Render(p.Last))
	return ""
}

// MustSeeLast fails unless one of p's last replies contains want.
func (p *Person) MustSeeLast(want string) {
	p.World.TB.Helper()
	for _, r := range p.Last {
		if strings.Contains(r.Text, want) {
			return
		}
	}
	p.World.TB.Errorf("%s: no reply with %q in:\n%s", p.Name, want, Render(p.Last))
}

// MustHousehold returns the household of a person.
func (w *World) MustHousehold(p *Person) *danchu.Household {
	w.TB.Helper()
	h, err := w.DB.HouseholdOf(w.Ctx, w.MustResident(p.User.ID).ID)
	if err != nil {
		w.TB.Fatalf("household of %s: %v", p.Name, err)
	}
	return h
}

// at is a time in the unit's zone, for typed dates.
func (w *World) At(d time.Duration) string {
	return w.Clock.Now().Add(d).In(w.Settings.Location()).Format("02/01/2006 15:04")
}
