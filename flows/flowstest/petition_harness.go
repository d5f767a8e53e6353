package flowstest

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"danchu"
	"danchu/flows"
	"danchu/secret"
	"danchu/storage/kv"
)

// MustSecretBox is a box with a fresh key, as DANCHU_SECRET_KEY gives.
func MustSecretBox(tb testing.TB) *secret.Box {
	tb.Helper()
	key, err := secret.NewKey()
	if err != nil {
		tb.Fatal(err)
	}
	box, err := secret.NewBox(key)
	if err != nil {
		tb.Fatal(err)
	}
	return box
}

// SendPhotoID sends a photo with an optional caption.
func (p *Person) SendPhotoID(fileID, caption string) []flows.Reply {
	return p.send(fmt.Sprintf("[photo %s %q]", fileID, caption),
		flows.Input{Text: caption, Photos: []flows.File{{FileID: fileID, Size: 1000}}})
}

// SendDocument sends a file.
func (p *Person) SendDocument(fileID, name string) []flows.Reply {
	return p.send("[document "+name+"]", flows.Input{Documents: []flows.File{{FileID: fileID, FileName: name, MimeType: "application/pdf"}}})
}

// SendLocation sends a point on the map.
func (p *Person) SendLocation(lat, lon float64) []flows.Reply {
	return p.send(fmt.Sprintf("[location %.4f,%.4f]", lat, lon), flows.Input{Location: &flows.Location{Latitude: lat, Longitude: lon}})
}

// MustGrant gives p a role, as an invite would; p then opens the bot and
// gets the menu with the staff's entries.
func (w *World) MustGrant(p *Person, role danchu.Role, nb string) {
	w.TB.Helper()
	r := w.MustResident(p.User.ID)
	if err := w.DB.GrantRole(w.Ctx, danchu.RoleGrant{ResidentID: r.ID, Role: role, Neighbourhood: nb, GrantedAt: w.Clock.Now(), GrantedBy: "admin"}); err != nil {
		w.TB.Fatalf("grant %s: %v", role, err)
	}
	p.Command("start", "")
}

// DeliverOutbox sends what the outbox holds, as the bot's sender would:
// each message goes into the transcript and becomes the last thing its
// recipient saw, so that they can press its buttons.
func (w *World) DeliverOutbox() []*danchu.OutboxMessage {
	w.TB.Helper()
	now := w.Clock.Now()
	var msgs []*danchu.OutboxMessage
	for {
		// A sender may claim only the first message of each chat at a time.
		claimed, err := w.DB.ClaimOutbox(w.Ctx, now, time.Minute, 1000)
		if err != nil {
			w.TB.Fatalf("claim outbox: %v", err)
		}
		if len(claimed) == 0 {
			break
		}
		for _, m := range claimed {
			if err := w.DB.MarkSent(w.Ctx, m.ID, now, int(m.ID)); err != nil {
				w.TB.Fatalf("mark sent: %v", err)
			}
		}
		msgs = append(msgs, claimed...)
	}
	for _, m := range msgs {
		p, ok := w.People[m.ChatID]
		name := fmt.Sprintf("chat %d", m.ChatID)
		if ok {
			name = p.Name
		}
		reply := flows.Reply{Text: m.Text}
		for _, row := range m.Buttons {
			var line []flows.Button
			for _, b := range row {
				line = append(line, flows.Button{Text: b.Text, Data: b.Data})
			}
			reply.Buttons = append(reply.Buttons, line)
		}
		fmt.Fprintf(&w.log, "\n=== outbox to %s (%s, priority %d, %s)\n", name, m.Kind, m.Priority, m.DedupKey)
		w.log.WriteString(Render([]flows.Reply{reply}))
		MustBeValidReplies(w.TB, []flows.Reply{reply})
		if ok {
			p.Last = []flows.Reply{reply}
			p.seen.WriteString(m.Text + "\n")
		}
	}
	if len(msgs) == 0 {
		w.log.WriteString("\n=== outbox: nothing to send\n")
	}
	return msgs
}

// MustPetition returns the stored petition with this number.
func (w *World) MustPetition(number string) *danchu.Petition {
	w.TB.Helper()
	p, err := w.DB.FindPetitionByNumber(w.Ctx, number)
	if err != nil {
		w.TB.Fatalf("petition %s: %v", number, err)
	}
	return p
}

// Seen is everything shown to p so far.
func (p *Person) Seen() string { return p.seen.String() }

func MustNotContainAny(tb testing.TB, who, text string, secrets ...string) {
	tb.Helper()
	for _, s := range secrets {
		if strings.Contains(text, s) {
			tb.Errorf("%s was shown %q", who, s)
		}
	}
}

// FreshSessions is a fresh in-memory session store: what a restart leaves.
func FreshSessions(w *World) danchu.SessionStore { return kv.NewMemory(w.Clock.Now) }

// MustHaveAuditOf checks the audit log of subject holds action.
func MustHaveAuditOf(tb testing.TB, w *World, subject, action string) {
	tb.Helper()
	entries, err := w.DB.AuditOf(w.Ctx, subject)
	if err != nil {
		tb.Fatalf("audit: %v", err)
	}
	for _, e := range entries {
		if e.Action == action {
			return
		}
	}
	tb.Errorf("no audit row %q for %s in %+v", action, subject, entries)
}

func Itoa(i int64) string { return strconv.FormatInt(i, 10) }

// MustFilePetition files a petition straight in the store, as from another
// device: for lists and limits without a conversation in the transcript.
func (w *World) MustFilePetition(author *Person, kind danchu.Kind, field, nb, content string) *danchu.Petition {
	w.TB.Helper()
	r := w.MustResident(author.User.ID)
	now := w.Clock.Now().Truncate(time.Second)
	p := &danchu.Petition{Kind: kind, Field: field, Neighbourhood: nb, ResidentID: r.ID, Content: content,
		Status: danchu.StatusReceived, ReceivedAt: now, Year: now.In(w.Settings.Location()).Year()}
	id := &danchu.Identity{FullName: r.FullName, Phone: r.Phone}
	if kind.NeedsIdentity() {
		id.Address = "Số 1, " + r.Neighbourhood
		if kind == danchu.KindComplaint {
			learned := now.AddDate(0, 0, -10)
			p.Subject, p.Request, p.LearnedAt = "Quyết định số 1/QĐ-UBND", "Xem xét lại", &learned
		}
	}
	danchu.NewCalendar(w.Settings).SetDues(w.Settings, p)
	if _, err := w.DB.CreatePetition(w.Ctx, p, id); err != nil {
		w.TB.Fatalf("file petition: %v", err)
	}
	w.Note("%s files %s %s straight in the store (%s, %s)", author.Name, kind, p.Number, field, nb)
	return p
}
