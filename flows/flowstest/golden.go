package flowstest

import (
	"strings"
	"time"

	"danchu"
)

// People of the scripted conversations.
const (
	AnID    = 1001 // Nguyễn Văn An
	BinhID  = 1002 // Trần Thị Bình
	CuongID = 1003 // Lê Cường
	DungID  = 1004 // Phạm Dũng
)

func (w *World) An() *Person { return w.Person("An", AnID, "An", "Nguyễn Văn") }

func (w *World) Binh() *Person { return w.Person("Bình", BinhID, "Bình", "") }

func (w *World) Cuong() *Person { return w.Person("Cường", CuongID, "Cường", "Lê") }

func (w *World) Dung() *Person { return w.Person("Dũng", DungID, "Dũng", "Phạm") }

// MustRegister takes p through the registration by the quickest path.
func (p *Person) MustRegister(nb string) {
	p.World.TB.Helper()
	p.Command("start", "")
	p.Press("Tôi đồng ý")
	p.Say(strings.TrimSpace(p.User.LastName + " " + p.User.FirstName))
	p.ShareContact("84912345678", p.User.ID)
	p.Press(nb)
	p.Press("✅ Xác nhận")
	p.World.MustResident(p.User.ID)
}

// MustResident returns the stored resident of a Telegram account.
func (w *World) MustResident(telegramID int64) *danchu.Resident {
	w.TB.Helper()
	r, err := w.DB.FindResidentByTelegramID(w.Ctx, telegramID)
	if err != nil {
		w.TB.Fatalf("resident %d: %v", telegramID, err)
	}
	return r
}

// MustInvite stores an invite that expires after ttl from now.
func (w *World) MustInvite(code string, role danchu.Role, nb string, ttl time.Duration) {
	w.TB.Helper()
	now := w.Clock.Now()
	if err := w.DB.CreateInvite(w.Ctx, &danchu.Invite{Code: code, Role: role, Neighbourhood: nb, CreatedAt: now, ExpiresAt: now.Add(ttl)}); err != nil {
		w.TB.Fatalf("invite: %v", err)
	}
}
