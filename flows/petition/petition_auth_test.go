package petition_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"danchu"
	"danchu/flows"
	"danchu/flows/flowstest"
)

// More people of the authorisation test.
const (
	minhID = 1009 // Trịnh Minh, the technical admin
)

// authWorld is the cast of the authorisation test: one person per role.
type authWorld struct {
	*flowstest.World
	chairman, handler, official, head, supervisor, admin, author, other *flowstest.Person
	handlerID                                                           int64
}

func mustAuthWorld(t *testing.T) *authWorld {
	t.Helper()
	w := flowstest.MustWorld(t)
	a := &authWorld{World: w}
	a.author, a.other = w.Binh(), w.An()
	a.author.MustRegister("Tiểu khu 1")
	a.other.MustRegister("Tiểu khu 1")
	a.handler, a.chairman = w.Staff()
	a.official, a.head, a.supervisor = w.Khanh(), w.Ha(), w.Giang()
	a.admin = w.Person("Minh", minhID, "Minh", "Trịnh")
	for _, p := range []*flowstest.Person{a.official, a.head, a.supervisor, a.admin} {
		p.MustRegister("Tiểu khu 1")
	}
	w.MustGrant(a.official, danchu.RoleOfficial, "")
	w.MustGrant(a.head, danchu.RoleTieuKhuHead, "Tiểu khu 1")
	w.MustGrant(a.supervisor, danchu.RoleSupervisor, "")
	w.MustGrant(a.admin, danchu.RoleAdmin, "")
	a.handlerID = w.MustResident(flowstest.CuongID).ID
	return a
}

// mustPetitionIn files a petition of the author in Tiểu khu 1 and moves it,
// as the chairman, to status (assigned to the handler unless unassigned).
func (a *authWorld) mustPetitionIn(kind danchu.Kind, status danchu.Status, assigned bool) *danchu.Petition {
	a.TB.Helper()
	p := a.MustFilePetition(a.author, kind, "Đất đai", "Tiểu khu 1", "Nội dung kiểm tra quyền")
	chair := danchu.Actor{ResidentID: a.MustResident(flowstest.DungID).ID, Roles: flowstest.MustRoles(a.TB, a.World, a.MustResident(flowstest.DungID).ID)}
	rules := danchu.NewRules(a.Settings)
	step := func(ch danchu.Change) {
		a.TB.Helper()
		ch.At = a.Clock.Now()
		next, ev, err := rules.Apply(chair, p, ch)
		if err != nil {
			a.TB.Fatalf("%s: %v", ch.Action, err)
		}
		if err := a.DB.Transition(a.Ctx, next, ev); err != nil {
			a.TB.Fatalf("%s: %v", ch.Action, err)
		}
		p = next
	}
	if assigned {
		step(danchu.Change{Action: danchu.ActionAssign, HandlerID: a.handlerID})
	}
	if status == danchu.StatusReceived {
		return p
	}
	step(danchu.Change{Action: danchu.ActionAccept})
	if status == danchu.StatusAnswered {
		step(danchu.Change{Action: danchu.ActionAnswer, Note: "Đã giải quyết."})
	}
	return p
}

// inboxCase is an action by button in the officials' inbox, with the status
// it applies in and how it is completed.
type inboxCase struct {
	code   string
	act    danchu.Action
	status danchu.Status
	input  bool // a text follows the press
}

var inboxCases = []inboxCase{
	{"as", danchu.ActionAssign, danchu.StatusReceived, false},
	{"ac", danchu.ActionAccept, danchu.StatusReceived, false},
	{"rf", danchu.ActionRefuse, danchu.StatusReceived, true},
	{"tr", danchu.ActionTransfer, danchu.StatusReceived, true},
	{"nt", danchu.ActionNote, danchu.StatusReceived, true},
	{"ex", danchu.ActionExtend, danchu.StatusAccepted, true},
	{"an", danchu.ActionAnswer, danchu.StatusAccepted, true},
	{"cl", danchu.ActionClose, danchu.StatusAnswered, false},
}

// mayHandle is the inbox's rule written out: the chairman does everything;
// the official assigned does everything but reassign; another official only
// takes an unassigned petition, but never a tố cáo (only the chairman
// assigns one: its handler sees who denounced); heads, supervisors, the
// admin, the author and other residents do nothing in the inbox. Only a
// khiếu nại or tố cáo is extended (the law).
func mayHandle(role string, kind danchu.Kind, assigned bool, act danchu.Action) bool {
	if act == danchu.ActionExtend && !kind.Extendable() {
		return false
	}
	switch role {
	case "chairman":
		return true
	case "handler", "official":
		if !assigned {
			// any official takes an unassigned petition, except a tố cáo
			return act == danchu.ActionAssign && kind != danchu.KindDenunciation
		}
		return role == "handler" && act != danchu.ActionAssign
	}
	return false
}

func (a *authWorld) people() map[string]*flowstest.Person {
	return map[string]*flowstest.Person{"chairman": a.chairman, "handler": a.handler, "official": a.official,
		"head": a.head, "supervisor": a.supervisor, "admin": a.admin, "author": a.author, "other": a.other}
}

// Every role presses every action's button on petitions of a kiến nghị and a
// tố cáo, assigned to the handler or not, as a button the inbox showed them
// or as forged data: exactly what the rules allow changes the petition.
func TestInboxAuthorisation(t *testing.T) {
	a := mustAuthWorld(t)
	for role, p := range a.people() {
		for _, kind := range []danchu.Kind{danchu.KindRecommendation, danchu.KindDenunciation} {
			for _, c := range inboxCases {
				for _, assigned := range []bool{true, false} {
					if !assigned && c.status != danchu.StatusReceived {
						continue // accepting makes a handler
					}
					name := fmt.Sprintf("%s/%s/%s/assigned=%v", role, kind, c.act, assigned)
					t.Run(name, func(t *testing.T) {
						pet := a.mustPetitionIn(kind, c.status, assigned)
						a.press(p, c, pet)
						after := a.MustPetition(pet.Number)
						changed := after.Version != pet.Version
						if want := mayHandle(role, kind, assigned, c.act); changed != want {
							t.Errorf("%s pressing %s on %s (%s, handler %d): changed = %v, want %v",
								role, c.act, pet.Number, pet.Status, pet.HandlerID, changed, want)
						}
					})
				}
			}
		}
	}
}

// press does what a person does to act: the button, then the list's choice
// or the text, then "send" for an answer.
func (a *authWorld) press(p *flowstest.Person, c inboxCase, pet *danchu.Petition) {
	a.TB.Helper()
	view := "a.0.-.-.-"
	p.PressData(fmt.Sprintf("ib:a:%s:%d:%d:%s", c.code, pet.ID, pet.Version, view))
	switch {
	case c.act == danchu.ActionAssign:
		// The chairman picks from a list; the press is forged for anyone else.
		p.PressData(fmt.Sprintf("ib:to:%d:%d:%d:%s", pet.ID, pet.Version, a.handlerID, view))
	case c.input:
		p.Say("Lý do kiểm tra quyền")
		if c.act == danchu.ActionAnswer {
			p.PressData(fmt.Sprintf("ib:ok:%d", pet.ID))
		}
	}
	p.Command("huy", "")
}

// The author's own steps by button: withdraw, reopen, rate. Anyone else
// pressing the same data changes nothing and learns nothing.
func TestAuthorButtonsAuthorisation(t *testing.T) {
	a := mustAuthWorld(t)
	cases := []struct {
		act    danchu.Action
		status danchu.Status
		do     func(p *flowstest.Person, pet *danchu.Petition)
	}{
		{danchu.ActionWithdraw, danchu.StatusReceived, func(p *flowstest.Person, pet *danchu.Petition) {
			p.PressData(fmt.Sprintf("my:w:%d", pet.ID))
			p.PressData(fmt.Sprintf("my:wy:%d:%d", pet.ID, pet.Version))
		}},
		{danchu.ActionReopen, danchu.StatusAnswered, func(p *flowstest.Person, pet *danchu.Petition) {
			p.PressData(fmt.Sprintf("my:r:%d", pet.ID))
			p.Say("Chưa hài lòng")
		}},
		{danchu.ActionRate, danchu.StatusAnswered, func(p *flowstest.Person, pet *danchu.Petition) {
			p.PressData(fmt.Sprintf("my:s:%d:5", pet.ID))
			p.PressData(fmt.Sprintf("my:sk:%d", pet.ID))
		}},
	}
	for role, p := range a.people() {
		for _, c := range cases {
			t.Run(role+"/"+string(c.act), func(t *testing.T) {
				pet := a.mustPetitionIn(danchu.KindReport, c.status, true)
				c.do(p, pet)
				p.Command("huy", "")
				after := a.MustPetition(pet.Number)
				changed := after.Version != pet.Version || after.Rated != pet.Rated
				if want := role == "author"; changed != want {
					t.Errorf("%s: %s changed = %v, want %v", role, c.act, changed, want)
				}
				if role != "author" && strings.Contains(p.Last[0].Text, "Nội dung kiểm tra quyền") {
					t.Errorf("%s was shown the content of someone else's petition: %q", role, p.Last[0].Text)
				}
			})
		}
	}
}

// A tố cáo's author's identity reaches the chairman and the assigned handler
// only: not another official, the tiểu khu head, a supervisor, the admin or
// another resident, whatever they open or press; nor the chairman's notice.
func TestDenunciationIdentityStaysSecret(t *testing.T) {
	a := mustAuthWorld(t)
	w := a.World
	secrets := []string{"Hoàng Thị Bí Mật", "Số 99 ngõ Kín", "+84987000111", "0987000111"}
	w.Note("Bình files a tố cáo under her real identity, which differs from her profile")
	b := a.author
	b.Tap("Gửi đơn")
	b.Press("🚨 Tố cáo hành vi vi phạm")
	b.Press("Tôi đồng ý, ghi rõ danh tính")
	b.Say("Số 99 ngõ Kín, Tiểu khu 1")
	b.Press("Sửa họ tên")
	b.Say("Hoàng Thị Bí Mật")
	b.Press("Sửa số điện thoại")
	b.Say("0987 000 111")
	b.Press("✅ Đúng")
	b.Press("Đất đai")
	b.Say("Cán bộ Y nhận hối lộ.")
	b.Press("✅ Đã xong")
	b.Press("Bỏ qua")
	b.Press("✅ Gửi đơn")
	p := a.MustPetition("HT-2026-000001")
	for _, m := range w.DeliverOutbox() {
		flowstest.MustNotContainAny(t, "the notice "+m.Kind, m.Text, secrets...)
	}

	look := func(q *flowstest.Person, pressing ...string) {
		q.Command("hop_thu", "")
		q.Command("hop_thu", p.Number)
		q.Command("tra_cuu", p.Number)
		q.Command("don_cua_toi", "")
		for _, data := range append([]string{"ib:o:%d:a.0.-.-.-", "ib:v:%d", "my:o:%d", "my:v:%d",
			"ib:l:a.0.3.-.-", "ib:l:n.0.-.0.0"}, pressing...) {
			if strings.Contains(data, "%d") {
				data = fmt.Sprintf(data, p.ID)
			}
			q.PressData(data)
		}
		q.Command("huy", "")
	}
	w.Note("everyone looks before it is assigned, and tries to take it: only the chairman assigns a tố cáo")
	for _, q := range []*flowstest.Person{a.official, a.head, a.supervisor, a.admin, a.other, a.handler} {
		look(q, "ib:a:as:%d:1:a.0.-.-.-")
	}
	if got := a.MustPetition(p.Number); got.HandlerID != 0 {
		t.Fatalf("someone took the tố cáo for themselves: handler %d", got.HandlerID)
	}
	w.Note("the chairman assigns it; the handler accepts and answers it")
	a.chairman.Command("hop_thu", p.Number)
	a.chairman.Press("👤 Phân công")
	a.chairman.Press("Lê Cường")
	w.DeliverOutbox()
	a.handler.Press("📄 Xem đơn")
	a.handler.Press("✅ Thụ lý")
	a.handler.Press("✉️ Trả lời")
	a.handler.Say("Đã xác minh và xử lý.")
	a.handler.Press("✅ Gửi trả lời")
	w.DeliverOutbox()
	w.Note("everyone looks again, and presses the staff's buttons")
	for _, q := range []*flowstest.Person{a.official, a.head, a.supervisor, a.admin, a.other} {
		look(q, "ib:a:as:%d:1:a.0.-.-.-", "ib:a:as:%d:2:a.0.-.-.-", "ib:a:nt:%d:4:a.0.-.-.-", "ib:a:an:%d:3:a.0.-.-.-")
		q.Say("ghi chú")
		flowstest.MustNotContainAny(t, q.Name, q.Seen(), secrets...)
	}
	for _, q := range []*flowstest.Person{a.chairman, a.handler} {
		if !strings.Contains(q.Seen(), "Hoàng Thị Bí Mật") {
			t.Errorf("%s, who may, was never shown the identity: the check above would prove nothing", q.Name)
		}
	}
	entries, err := w.DB.AuditOf(w.Ctx, "petition:"+flowstest.Itoa(p.ID))
	if err != nil {
		t.Fatal(err)
	}
	allowed := map[int64]bool{w.MustResident(flowstest.DungID).ID: true, w.MustResident(flowstest.CuongID).ID: true}
	reads := 0
	for _, e := range entries {
		if e.Action == "petition.identity.read" {
			reads++
			if !allowed[e.ActorID] {
				t.Errorf("identity read by resident %d", e.ActorID)
			}
		}
	}
	if reads == 0 {
		t.Errorf("no identity read in the audit log")
	}
}

// mustFiledWithFiles files a petition of the author in Tiểu khu 1 with a
// photo, a document and a location; when handled, the chairman assigns it
// to the handler, accepts it and answers with a photo. It returns the
// petition and the answer's event id (0 when not handled).
func (a *authWorld) mustFiledWithFiles(kind danchu.Kind, handled bool) (*danchu.Petition, int64) {
	a.TB.Helper()
	r := a.MustResident(flowstest.BinhID)
	now := a.Clock.Now().Truncate(time.Second)
	p := &danchu.Petition{Kind: kind, Field: "Đất đai", Neighbourhood: "Tiểu khu 1", ResidentID: r.ID,
		Content: "Nội dung kiểm tra quyền", Status: danchu.StatusReceived, ReceivedAt: now,
		Year: now.In(a.Settings.Location()).Year(), Attachments: []danchu.Attachment{
			{Kind: danchu.AttachmentPhoto, FileID: "photo-of-" + string(kind)},
			{Kind: danchu.AttachmentDocument, FileID: "doc-of-" + string(kind), FileName: "ho-so.pdf"},
			{Kind: danchu.AttachmentLocation, Lat: 19.99, Lon: 105.84}}}
	danchu.NewCalendar(a.Settings).SetDues(a.Settings, p)
	id := &danchu.Identity{FullName: r.FullName, Phone: r.Phone, Address: "Số 1, Tiểu khu 1"}
	if _, err := a.DB.CreatePetition(a.Ctx, p, id); err != nil {
		a.TB.Fatalf("file petition: %v", err)
	}
	if !handled {
		return p, 0
	}
	chair := danchu.Actor{ResidentID: a.MustResident(flowstest.DungID).ID, Roles: flowstest.MustRoles(a.TB, a.World, a.MustResident(flowstest.DungID).ID)}
	rules := danchu.NewRules(a.Settings)
	var answer int64
	for _, ch := range []danchu.Change{{Action: danchu.ActionAssign, HandlerID: a.handlerID}, {Action: danchu.ActionAccept},
		{Action: danchu.ActionAnswer, Note: "Đã giải quyết.", Attachments: []danchu.Attachment{{Kind: danchu.AttachmentPhoto, FileID: "photo-of-the-answer"}}}} {
		ch.At = a.Clock.Now()
		next, ev, err := rules.Apply(chair, p, ch)
		if err != nil {
			a.TB.Fatalf("%s: %v", ch.Action, err)
		}
		if err := a.DB.Transition(a.Ctx, next, ev); err != nil {
			a.TB.Fatalf("%s: %v", ch.Action, err)
		}
		p, answer = next, ev.ID
	}
	return p, answer
}

// sentFiles lists the files and locations in replies.
func sentFiles(replies []flows.Reply) []string {
	var out []string
	for _, r := range replies {
		for _, f := range r.Files {
			out = append(out, f.FileID)
		}
		if r.Location != nil {
			out = append(out, "location")
		}
	}
	return out
}

// The attachments go out by file_id only to whom may view the petition:
// its staff card's button to those Can lets view it, the author's buttons
// (the petition's files, the answer's files) to the author alone. Anyone
// else pressing the same data, forged, gets no file.
func TestFilesOnlyToWhoMayView(t *testing.T) {
	a := mustAuthWorld(t)
	answered, answer := a.mustFiledWithFiles(danchu.KindRecommendation, true)
	denunciation, _ := a.mustFiledWithFiles(danchu.KindDenunciation, false)
	presses := []struct {
		data string
		want []string // who receives the files
	}{
		// Assigned to the handler: the chairman, the handler and the head
		// of Tiểu khu 1 (a kiến nghị of theirs) view it; another official not.
		{fmt.Sprintf("ib:f:%d", answered.ID), []string{"chairman", "handler", "head"}},
		// Unassigned: any official views it (never the identity); a head
		// never sees a tố cáo.
		{fmt.Sprintf("ib:f:%d", denunciation.ID), []string{"chairman", "handler", "official"}},
		{fmt.Sprintf("my:f:%d", answered.ID), []string{"author"}},
		{fmt.Sprintf("my:f:%d", denunciation.ID), []string{"author"}},
		{fmt.Sprintf("my:af:%d:%d", answered.ID, answer), []string{"author"}},
	}
	for role, p := range a.people() {
		for _, press := range presses {
			got := sentFiles(p.PressData(press.data))
			if want := slices.Contains(press.want, role); (len(got) > 0) != want {
				t.Errorf("%s pressing %s was sent %q; may see them: %v", role, press.data, got, want)
			}
		}
	}
	want := []string{"photo-of-recommendation", "doc-of-recommendation", "location"}
	if got := sentFiles(a.chairman.PressData(fmt.Sprintf("ib:f:%d", answered.ID))); !slices.Equal(got, want) {
		t.Errorf("the chairman was sent %q, want %q", got, want)
	}
	if got := sentFiles(a.author.PressData(fmt.Sprintf("my:af:%d:%d", answered.ID, answer))); !slices.Equal(got, []string{"photo-of-the-answer"}) {
		t.Errorf("the author was sent %q as the answer's files", got)
	}
	// An event of the petition that is not an answer, or of another
	// petition, sends nothing.
	for _, data := range []string{fmt.Sprintf("my:af:%d:%d", answered.ID, answer-1), fmt.Sprintf("my:af:%d:%d", denunciation.ID, answer),
		fmt.Sprintf("my:af:%d:x", answered.ID), fmt.Sprintf("my:af:%d", answered.ID)} {
		if got := sentFiles(a.author.PressData(data)); len(got) > 0 {
			t.Errorf("%s sent %q", data, got)
		}
	}
}
