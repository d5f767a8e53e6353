package flowstest

import (
	"danchu"
)

// More people of the petition conversations.
const (
	HaID    = 1005 // Đỗ Thị Hà, head of Tiểu khu 1
	giangID = 1006 // Vũ Giang, a supervisor
	khanhID = 1007 // Ngô Khánh, a second official
)

func (w *World) Ha() *Person { return w.Person("Hà", HaID, "Hà", "Đỗ Thị") }

func (w *World) Giang() *Person { return w.Person("Giang", giangID, "Giang", "Vũ") }

func (w *World) Khanh() *Person { return w.Person("Khánh", khanhID, "Khánh", "Ngô") }

// staff registers Cường as an official and Dũng as the chairman.
func (w *World) Staff() (cuong, dung *Person) {
	w.TB.Helper()
	w.Note("the staff: Cường is an official, Dũng the chairman")
	cuong, dung = w.Cuong(), w.Dung()
	cuong.MustRegister("Tiểu khu 2")
	dung.MustRegister("Tiểu khu 2")
	w.MustGrant(cuong, danchu.RoleOfficial, "")
	w.MustGrant(dung, danchu.RoleChairman, "")
	return cuong, dung
}
