package flowstest

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"danchu"
	"danchu/flows"
	"danchu/storage"
	"danchu/storage/kv"
)

var Update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// clock is the test's time: it moves only when the test moves it, a minute
// per input, so every date in the golden files is fixed.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// start is Monday 16/03/2026, 08:00 in Hà Trung.
var Start = time.Date(2026, 3, 16, 8, 0, 0, 0, time.FixedZone("ICT", 7*3600))

// world is the real stores and an engine on them, with the transcript of
// everything said so far.
type World struct {
	TB       testing.TB
	Ctx      context.Context
	Clock    *clock
	Settings *danchu.Settings
	DB       *storage.DB
	Sessions danchu.SessionStore
	Engine   *Program
	log      strings.Builder
	People   map[int64]*Person // by chat, to hand them their outbox messages
}

// MustWorld opens a migrated SQLite database in a temporary directory and an
// in-memory session store, both on the test's clock.
func MustWorld(tb testing.TB) *World {
	tb.Helper()
	return MustWorldAt(tb, "sqlite:"+filepath.Join(tb.TempDir(), "danchu.db"))
}

// MustWorldAt is MustWorld on the database at url.
func MustWorldAt(tb testing.TB, url string) *World {
	tb.Helper()
	ctx := tb.Context()
	c := &clock{t: Start}
	db, err := storage.Open(ctx, url)
	if err != nil {
		tb.Fatalf("open %s: %v", url, err)
	}
	tb.Cleanup(func() { db.Close() })
	db.Now = c.Now
	if err := db.Migrate(ctx); err != nil {
		tb.Fatalf("migrate: %v", err)
	}
	settings := danchu.DefaultSettings()
	db.UnitCode, db.Location, db.Secrets = settings.Unit.Code, settings.Location(), MustSecretBox(tb)
	w := &World{TB: tb, Ctx: ctx, Clock: c, Settings: settings, DB: db, Sessions: kv.NewMemory(c.Now),
		People: map[int64]*Person{}}
	w.Engine = w.NewEngine()
	return w
}

// NewEngine is a fresh engine on the world's stores, as after a restart:
// the petitions' stores, and the other areas without theirs.
func (w *World) NewEngine() *Program { return w.NewProgram(Stores{}) }

func (w *World) NewProgram(s Stores) *Program {
	return NewProgram(w.TB, w.Settings, w.DB, w.Sessions, w.Clock.Now, s)
}

// person is someone talking to the bot, with what the bot showed them last.
type Person struct {
	World    *World
	Name     string // in the transcript
	User     flows.User
	Last     []flows.Reply
	keyboard [][]string      // the reply keyboard on their phone
	seen     strings.Builder // every text shown to them, outbox messages included
}

func (w *World) Person(name string, id int64, first, last string) *Person {
	p := &Person{World: w, Name: name, User: flows.User{ID: id, FirstName: first, LastName: last, LanguageCode: "vi"}}
	w.People[id] = p
	return p
}

// Command sends /command args.
func (p *Person) Command(command, args string) []flows.Reply {
	shown := "/" + command
	if args != "" {
		shown += " " + args
	}
	return p.send(shown, flows.Input{Command: command, Args: args, Text: strings.TrimSpace(shown)})
}

// Say sends a text message.
func (p *Person) Say(text string) []flows.Reply {
	return p.send(fmt.Sprintf("%q", text), flows.Input{Text: text})
}

// Tap presses a button of the reply keyboard on their phone (the main menu).
func (p *Person) Tap(label string) []flows.Reply {
	p.World.TB.Helper()
	found := false
	for _, row := range p.keyboard {
		for _, b := range row {
			found = found || b == label
		}
	}
	if !found {
		p.World.TB.Fatalf("%s: no keyboard button %q in %q", p.Name, label, p.keyboard)
	}
	return p.send("[tap "+label+"]", flows.Input{Text: label})
}

// ShareContact shares a contact; userID is the contact's Telegram account.
func (p *Person) ShareContact(phone string, userID int64) []flows.Reply {
	return p.send(fmt.Sprintf("[contact %s of user %d]", phone, userID),
		flows.Input{Contact: &flows.Contact{Phone: phone, FirstName: p.User.FirstName, UserID: userID}})
}

// SendPhoto sends a photo, something registration does not wait for.
func (p *Person) SendPhoto() []flows.Reply {
	return p.send("[photo]", flows.Input{Photos: []flows.File{{FileID: "photo-1", Size: 1000}}})
}

// Press presses the inline button labelled label on the bot's last replies.
func (p *Person) Press(label string) []flows.Reply {
	p.World.TB.Helper()
	for _, r := range p.Last {
		for _, row := range r.Buttons {
			for _, b := range row {
				if b.Text == label {
					return p.PressData(b.Data)
				}
			}
		}
	}
	p.World.TB.Fatalf("%s: no button %q on the last replies:\n%s", p.Name, label, Render(p.Last))
	return nil
}

// PressData presses a button with this data, as an old or forged button.
func (p *Person) PressData(data string) []flows.Reply {
	shown := data
	if !utf8.ValidString(data) {
		shown = strconv.QuoteToASCII(data)
	}
	return p.send("[press "+shown+"]", flows.Input{CallbackData: data, CallbackMessageID: 100})
}

// send hands the input to the engine as the bot would: the resident and
// their roles loaded first.
func (p *Person) send(shown string, in flows.Input) []flows.Reply {
	p.World.TB.Helper()
	w := p.World
	w.Clock.Advance(time.Minute)
	in.ChatID, in.From = p.User.ID, p.User
	if r, err := w.DB.FindResidentByTelegramID(w.Ctx, p.User.ID); err == nil {
		in.Resident = r
		if in.Roles, err = w.DB.RolesOf(w.Ctx, r.ID); err != nil {
			w.TB.Fatalf("roles: %v", err)
		}
	} else if danchu.ErrorCode(err) != danchu.ENOTFOUND {
		w.TB.Fatalf("find resident: %v", err)
	}
	fmt.Fprintf(&w.log, "\n>>> %s: %s\n", p.Name, shown)
	replies, err := w.Engine.Handle(w.Ctx, in)
	if err != nil {
		fmt.Fprintf(&w.log, "!!! error %s\n", danchu.ErrorCode(err))
		replies = w.Engine.ErrorReplies(p.lang(), err)
	}
	w.log.WriteString(Render(replies))
	MustBeValidReplies(w.TB, replies)
	p.Last = replies
	for _, r := range replies {
		p.seen.WriteString(r.Text + "\n")
	}
	for _, r := range replies {
		switch {
		case r.Keyboard != nil:
			p.keyboard = r.Keyboard
		case r.RemoveKeyboard:
			p.keyboard = nil
		}
	}
	return replies
}

func (p *Person) lang() string {
	if r, err := p.World.DB.FindResidentByTelegramID(p.World.Ctx, p.User.ID); err == nil {
		return r.Language
	}
	return flows.LangVI
}

// Note writes a line of explanation into the transcript.
func (w *World) Note(format string, args ...any) {
	fmt.Fprintf(&w.log, "\n### "+format+"\n", args...)
}

// flowPrefixes start the data of the areas' buttons.
var flowPrefixes = []string{"reg", "me", "data", "pet", "my", "ib", "tb", "gtb", "ck", "cb", "cd", "dt", "td", "gy", "bq", "rpt"}

// MustBeValidReplies checks what Telegram would refuse and what a person
// must never see: empty texts, missing translations, long button data.
func MustBeValidReplies(tb testing.TB, replies []flows.Reply) {
	tb.Helper()
	if len(replies) == 0 {
		tb.Errorf("no reply: a person must never meet silence")
	}
	for _, r := range replies {
		if strings.TrimSpace(r.Text) == "" && len(r.Files) == 0 && r.Location == nil {
			tb.Errorf("a reply without text: %+v", r)
		}
		if strings.TrimSpace(r.Text) == "" && r.Buttons != nil {
			tb.Errorf("buttons with no text to carry them: %+v", r)
		}
		for _, f := range r.Files {
			if f.FileID == "" || f.Kind != flows.FilePhoto && f.Kind != flows.FileDocument {
				tb.Errorf("a file Telegram cannot send again: %+v", f)
			}
		}
		if l := r.Location; l != nil && (l.Latitude < -90 || l.Latitude > 90 || l.Longitude < -180 || l.Longitude > 180) {
			tb.Errorf("a location off the map: %+v", l)
		}
		if strings.Contains(r.Text, "[[") || strings.Contains(r.Text, "<no value>") {
			tb.Errorf("a missing translation in %q", r.Text)
		}
		if n := len([]rune(r.Text)); n > 4096 || (r.Document != nil && n > 1024) {
			tb.Errorf("text too long for Telegram (%d characters): %q", n, r.Text)
		}
		if r.Edit && (r.Keyboard != nil || r.RemoveKeyboard || r.RequestContact != "" || r.Document != nil || r.Files != nil || r.Location != nil) {
			tb.Errorf("an edit can only carry text and inline buttons: %+v", r)
		}
		if r.Buttons != nil && (r.Keyboard != nil || r.RemoveKeyboard || r.RequestContact != "") {
			tb.Errorf("one message has one keyboard: %+v", r)
		}
		for _, row := range r.Buttons {
			for _, b := range row {
				if b.Text == "" || b.Data == "" || len(b.Data) > 64 {
					tb.Errorf("bad button %+v", b)
				}
				prefix, _, _ := strings.Cut(b.Data, ":")
				if !slices.Contains(flowPrefixes, prefix) && !strings.HasPrefix(b.Data, "test") {
					tb.Errorf("button data %q has no flow prefix", b.Data)
				}
				for _, c := range []byte(b.Data) {
					if c < 0x21 || c > 0x7e {
						tb.Errorf("button data %q is not short ASCII", b.Data)
					}
				}
			}
		}
	}
}

// render is the readable dump of replies in the golden files.
func Render(replies []flows.Reply) string {
	var b strings.Builder
	for _, r := range replies {
		if r.Edit {
			b.WriteString("<<< (edits the message of the button)\n")
		} else {
			b.WriteString("<<<\n")
		}
		if r.Text != "" {
			for _, line := range strings.Split(r.Text, "\n") {
				b.WriteString("    " + line + "\n")
			}
		}
		for _, row := range r.Buttons {
			var cells []string
			for _, btn := range row {
				cells = append(cells, fmt.Sprintf("[%s | %s]", btn.Text, btn.Data))
			}
			b.WriteString("    buttons: " + strings.Join(cells, " ") + "\n")
		}
		if r.Keyboard != nil {
			var rows []string
			for _, row := range r.Keyboard {
				rows = append(rows, strings.Join(row, " | "))
			}
			b.WriteString("    keyboard: " + strings.Join(rows, " / ") + "\n")
		}
		if r.RemoveKeyboard {
			b.WriteString("    keyboard: (removed)\n")
		}
		if r.RequestContact != "" {
			b.WriteString("    keyboard: [share contact: " + r.RequestContact + "]\n")
		}
		if d := r.Document; d != nil {
			fmt.Fprintf(&b, "    document %s:\n", d.FileName)
			for _, line := range strings.Split(strings.TrimRight(string(d.Data), "\n"), "\n") {
				b.WriteString("      " + line + "\n")
			}
		}
		for _, f := range r.Files {
			fmt.Fprintf(&b, "    sends %s %s", f.Kind, f.FileID)
			if f.FileName != "" {
				b.WriteString(" (" + f.FileName + ")")
			}
			b.WriteString("\n")
		}
		if l := r.Location; l != nil {
			fmt.Fprintf(&b, "    sends location %.4f,%.4f\n", l.Latitude, l.Longitude)
		}
	}
	return b.String()
}

// MustMatchGolden compares the transcript with testdata/<name>.golden, or
// rewrites it with -update.
func (w *World) MustMatchGolden(name string) {
	w.TB.Helper()
	path := filepath.Join("testdata", name+".golden")
	got := strings.TrimLeft(w.log.String(), "\n")
	if *Update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			w.TB.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		w.TB.Fatalf("%v (run go test ./flows -update to write it)", err)
	}
	if got != string(want) {
		w.TB.Errorf("%s differs from the transcript (go test ./flows -run %s -update rewrites it):\n%s",
			path, w.TB.Name(), diff(string(want), got))
	}
}

// diff shows the first lines where want and got part.
func diff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var a, b string
		if i < len(wl) {
			a = wl[i]
		}
		if i < len(gl) {
			b = gl[i]
		}
		if a != b {
			from := max(0, i-3)
			return fmt.Sprintf("line %d:\n--- want\n%s\n+++ got\n%s", i+1,
				strings.Join(wl[from:min(len(wl), i+4)], "\n"), strings.Join(gl[from:min(len(gl), i+4)], "\n"))
		}
	}
	return "(same lines, different bytes)"
}
