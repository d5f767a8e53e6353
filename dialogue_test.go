package danchu

import (
	"testing"
	"time"
)

func TestAgendaBySupport(t *testing.T) {
	at := time.Date(2026, 3, 16, 8, 0, 0, 0, time.UTC)
	q := func(id int64, status QuestionStatus, supporters int, minutes int) *Question {
		return &Question{ID: id, Status: status, Supporters: supporters, CreatedAt: at.Add(time.Duration(minutes) * time.Minute)}
	}
	got := Agenda([]*Question{
		q(1, QuestionOpen, 2, 0),
		q(2, QuestionOpen, 5, 1),
		q(3, QuestionHidden, 9, 2), // hidden: never on the agenda
		q(4, QuestionMerged, 9, 3), // merged into another: its supporters went there
		q(5, QuestionOpen, 2, -1),  // as supported as 1, but older
		q(6, QuestionWritten, 0, 4),
	})
	var ids []int64
	for _, x := range got {
		ids = append(ids, x.ID)
	}
	if want := []int64{2, 5, 1, 6}; len(ids) != len(want) || ids[0] != 2 || ids[1] != 5 || ids[2] != 1 || ids[3] != 6 {
		t.Errorf("agenda %v, want %v", ids, want)
	}
}

func TestDialogueCheck(t *testing.T) {
	s := DefaultSettings()
	now := time.Date(2026, 3, 16, 8, 0, 0, 0, s.Location())
	good := func() *Dialogue {
		return &Dialogue{Topic: "Trật tự đô thị", Field: "Giao thông", Audience: Audience{All: true}, Group: GroupYouth,
			At: now.Add(10 * 24 * time.Hour), Place: "Hội trường UBND", QuestionsUntil: now.Add(7 * 24 * time.Hour)}
	}
	if err := good().Check(s, now); err != nil {
		t.Fatalf("a good dialogue: %v", err)
	}
	for name, change := range map[string]func(d *Dialogue){
		"no topic":                  func(d *Dialogue) { d.Topic = "" },
		"no place":                  func(d *Dialogue) { d.Place = " " },
		"unknown group":             func(d *Dialogue) { d.Group = "students" },
		"unknown field":             func(d *Dialogue) { d.Field = "Thuế" },
		"held in the past":          func(d *Dialogue) { d.At = now.Add(-time.Hour) },
		"questions after session":   func(d *Dialogue) { d.QuestionsUntil = d.At.Add(time.Hour) },
		"questions deadline passed": func(d *Dialogue) { d.QuestionsUntil = now.Add(-time.Minute) },
		"nobody invited":            func(d *Dialogue) { d.Audience = Audience{} },
	} {
		d := good()
		change(d)
		if err := d.Check(s, now); ErrorCode(err) != EINVALID {
			t.Errorf("%s: Check = %v, want EINVALID", name, err)
		}
	}
	q := &Question{Status: QuestionWritten, AnswerDue: &now}
	if q.LateAt(now) || !q.LateAt(now.Add(time.Second)) {
		t.Errorf("a written answer due at %v is late only after it", now)
	}
}

func TestAddressKey(t *testing.T) {
	for _, c := range [][2]string{
		{"Số 12, ngõ 5", "số 12 ngõ 5"},
		{"  số 12 - Ngõ 5 ", "số 12 ngõ 5"},
		{"SỐ 12/NGÕ 5", "số 12 ngõ 5"},
		{"Nhà ông Tư, xóm Đông", "nhà ông tư xóm đông"},
		{" ,. ", ""},
	} {
		if got := AddressKey(c[0]); got != c[1] {
			t.Errorf("AddressKey(%q) = %q, want %q", c[0], got, c[1])
		}
	}
}

// Hương ước and quy ước drafts stay open at least 30 days (NĐ 61/2023);
// other drafts may close on any day from the opening.
func TestEarliestClose(t *testing.T) {
	s := DefaultSettings()
	cal := NewCalendar(s)
	opens := time.Date(2026, 3, 16, 15, 20, 0, 0, s.Location())
	if got := cal.Format(EarliestClose(s, cal, ConsultConvention, opens)); got != "15/04/2026" {
		t.Errorf("a convention opened 16/03 closes from %s, want 15/04/2026 (16/03 + 30 days)", got)
	}
	if got := cal.Format(EarliestClose(s, cal, ConsultPlan, opens)); got != "16/03/2026" {
		t.Errorf("a plan opened 16/03 closes from %s, want the same day", got)
	}
	c := &Consultation{Title: "Dự thảo hương ước Tiểu khu 3", Kind: ConsultConvention, Summary: "Sửa đổi quy ước về vệ sinh môi trường.",
		Audience: Audience{Neighbourhoods: []string{"Tiểu khu 3"}}, OpensAt: opens, ClosesAt: cal.EndOfDay(time.Date(2026, 4, 14, 0, 0, 0, 0, s.Location()))}
	if err := c.Check(s, cal); ErrorCode(err) != EINVALID {
		t.Errorf("a convention closing on 14/04: %v, want EINVALID", err)
	}
	c.ClosesAt = cal.EndOfDay(time.Date(2026, 4, 15, 0, 0, 0, 0, s.Location()))
	if err := c.Check(s, cal); err != nil {
		t.Errorf("a convention closing on 15/04: %v", err)
	}
}
