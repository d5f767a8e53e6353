package flows_test

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
func (p *person) SendPhotoID(fileID, caption string) []flows.Reply {
	return p.send(fmt.Sprintf("[photo %s %q]", fileID, caption),
		flows.Input{Text: caption, Photos: []flows.File{{FileID: fileID, Size: 1000}}})
}

// SendDocument sends a file.
func (p *person) SendDocument(fileID, name string) []flows.Reply {
	return p.send("[document "+name+"]", flows.Input{Documents: []flows.File{{FileID: fileID, FileName: name, MimeType: "application/pdf"}}})
}

// SendLocation sends a point on the map.
func (p *person) SendLocation(lat, lon float64) []flows.Reply {
	return p.send(fmt.Sprintf("[location %.4f,%.4f]", lat, lon), flows.Input{Location: &flows.Location{Latitude: lat, Longitude: lon}})
}

// MustGrant gives p a role, as an invite would; p then opens the bot and
// gets the menu with the staff's entries.
func (w *world) MustGrant(p *person, role danchu.Role, nb string) {
	w.tb.Helper()
	r := w.MustResident(p.user.ID)
	if err := w.db.GrantRole(w.ctx, danchu.RoleGrant{ResidentID: r.ID, Role: role, Neighbourhood: nb, GrantedAt: w.clock.Now(), GrantedBy: "admin"}); err != nil {
		w.tb.Fatalf("grant %s: %v", role, err)
	}
	p.Command("start", "")
}

// DeliverOutbox sends what the outbox holds, as the bot's sender would:
// each message goes into the transcript and becomes the last thing its
// recipient saw, so that they can press its buttons.
func (w *world) DeliverOutbox() []*danchu.OutboxMessage {
	w.tb.Helper()
	now := w.clock.Now()
	var msgs []*danchu.OutboxMessage
	for {
		// A sender may claim only the first message of each chat at a time.
		claimed, err := w.db.ClaimOutbox(w.ctx, now, time.Minute, 1000)
		if err != nil {
			w.tb.Fatalf("claim outbox: %v", err)
		}
		if len(claimed) == 0 {
			break
		}
		for _, m := range claimed {
			if err := w.db.MarkSent(w.ctx, m.ID, now, int(m.ID)); err != nil {
				w.tb.Fatalf("mark sent: %v", err)
			}
		}
		msgs = append(msgs, claimed...)
	}
	for _, m := range msgs {
		p, ok := w.people[m.ChatID]
		name := fmt.Sprintf("chat %d", m.ChatID)
		if ok {
			name = p.name
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
		w.log.WriteString(render([]flows.Reply{reply}))
		MustBeValidReplies(w.tb, []flows.Reply{reply})
		if ok {
			p.last = []flows.Reply{reply}
			p.seen.WriteString(m.Text + "\n")
		}
	}
	if len(msgs) == 0 {
		w.log.WriteString("\n=== outbox: nothing to send\n")
	}
	return msgs
}

// MustPetition returns the stored petition with this number.
func (w *world) MustPetition(number string) *danchu.Petition {
	w.tb.Helper()
	p, err := w.db.FindPetitionByNumber(w.ctx, number)
	if err != nil {
		w.tb.Fatalf("petition %s: %v", number, err)
	}
	return p
}

// Seen is everything shown to p so far.
func (p *person) Seen() string { return p.seen.String() }

func mustNotContainAny(tb testing.TB, who, text string, secrets ...string) {
	tb.Helper()
	for _, s := range secrets {
		if strings.Contains(text, s) {
			tb.Errorf("%s was shown %q", who, s)
		}
	}
}

// kvMemory is a fresh in-memory session store: what a restart leaves.
func kvMemory(w *world) danchu.SessionStore { return kv.NewMemory(w.clock.Now) }

// MustHaveAuditOf checks the audit log of subject holds action.
func MustHaveAuditOf(tb testing.TB, w *world, subject, action string) {
	tb.Helper()
	entries, err := w.db.AuditOf(w.ctx, subject)
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

func itoa(i int64) string { return strconv.FormatInt(i, 10) }

// MustFilePetition files a petition straight in the store, as from another
// device: for lists and limits without a conversation in the transcript.
func (w *world) MustFilePetition(author *person, kind danchu.Kind, field, nb, content string) *danchu.Petition {
	w.tb.Helper()
	r := w.MustResident(author.user.ID)
	now := w.clock.Now().Truncate(time.Second)
	p := &danchu.Petition{Kind: kind, Field: field, Neighbourhood: nb, ResidentID: r.ID, Content: content,
		Status: danchu.StatusReceived, ReceivedAt: now, Year: now.In(w.settings.Location()).Year()}
	id := &danchu.Identity{FullName: r.FullName, Phone: r.Phone}
	if kind.NeedsIdentity() {
		id.Address = "Số 1, " + r.Neighbourhood
		if kind == danchu.KindComplaint {
			learned := now.AddDate(0, 0, -10)
			p.Subject, p.Request, p.LearnedAt = "Quyết định số 1/QĐ-UBND", "Xem xét lại", &learned
		}
	}
	danchu.NewCalendar(w.settings).SetDues(w.settings, p)
	if _, err := w.db.CreatePetition(w.ctx, p, id); err != nil {
		w.tb.Fatalf("file petition: %v", err)
	}
	w.Note("%s files %s %s straight in the store (%s, %s)", author.name, kind, p.Number, field, nb)
	return p
}
