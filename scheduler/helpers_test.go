package scheduler_test

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"danchu"
	"danchu/flows"
	"danchu/flows/flowstest"
	"danchu/scheduler"
	"danchu/secret"
	"danchu/storage"
	"danchu/storage/kv"
	"danchu/storage/storagetest"
)

// loc is Hà Trung's time zone.
var loc = danchu.DefaultSettings().Location()

func local(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, loc)
}

// world is one database (one or more handles, as replicas would have), the
// simulated clock, the unit's people, and the flows engine they press
// buttons through.
type world struct {
	t        *testing.T
	url      string
	db       *storage.DB
	clock    *simClock
	settings *danchu.Settings
	engine   *flowstest.Program

	mu        sync.Mutex
	delivered []*danchu.OutboxMessage

	chairman, official1, official2, supervisor, resident *danchu.Resident
}

// forEachWorld runs fn on SQLite and PostgreSQL, each with a fresh database
// and the people of the unit, the clock at start.
func forEachWorld(t *testing.T, start time.Time, fn func(t *testing.T, w *world)) {
	for _, e := range []struct {
		name string
		url  func(testing.TB) string
	}{{storage.EngineSQLite, storagetest.SQLiteURL}, {storage.EnginePostgres, storagetest.PostgresURL}} {
		t.Run(e.name, func(t *testing.T) {
			t.Parallel()
			fn(t, mustWorld(t, e.url(t), start))
		})
	}
}

func mustWorld(t *testing.T, url string, start time.Time) *world {
	t.Helper()
	w := &world{t: t, url: url, clock: newSimClock(start), settings: danchu.DefaultSettings()}
	w.db = w.handle()
	if err := w.db.Migrate(t.Context()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	w.chairman = w.mustPerson(1001, "Lê Văn Chủ", "vi", danchu.RoleChairman)
	w.official1 = w.mustPerson(1002, "Trần Thị Một", "vi", danchu.RoleOfficial)
	w.official2 = w.mustPerson(1003, "Phạm Văn Hai", "en", danchu.RoleOfficial)
	w.supervisor = w.mustPerson(1004, "Đỗ Thị Giám", "vi", danchu.RoleSupervisor)
	w.resident = w.mustPerson(1005, "Nguyễn Văn Dân", "vi")
	w.engine = flowstest.NewProgram(t, w.settings, w.db, kv.NewMemory(w.clock.Now), w.clock.Now, flowstest.Stores{Reports: true})
	return w
}

// handle opens another connection pool on the world's database, as another
// replica would, on the simulated clock.
func (w *world) handle() *storage.DB {
	db := storagetest.MustOpenRaw(w.t, w.url)
	db.Now = w.clock.Now
	db.UnitCode, db.Location = w.settings.Unit.Code, loc
	box, err := secret.NewBox(make([]byte, 32))
	if err != nil {
		w.t.Fatal(err)
	}
	db.Secrets = box
	return db
}

func (w *world) mustPerson(tg int64, name, lang string, roles ...danchu.Role) *danchu.Resident {
	w.t.Helper()
	ctx := w.t.Context()
	r := &danchu.Resident{TelegramID: tg, FullName: name, Phone: fmt.Sprintf("+8491%07d", tg), Language: lang,
		Neighbourhood: w.settings.Neighbourhoods[0].Name}
	if err := w.db.CreateResident(ctx, r); err != nil {
		w.t.Fatalf("create %s: %v", name, err)
	}
	for _, role := range roles {
		if err := w.db.GrantRole(ctx, danchu.RoleGrant{ResidentID: r.ID, Role: role, GrantedBy: "admin"}); err != nil {
			w.t.Fatalf("grant %s: %v", role, err)
		}
	}
	return r
}

// scheduler is a new scheduler (a replica, or the program after a restart)
// on db with the calendar keeper's jobs.
func (w *world) scheduler(db *storage.DB, owner string) *scheduler.Scheduler {
	w.t.Helper()
	s := scheduler.New(scheduler.Config{Settings: w.settings, Runs: db, Clock: w.clock, Owner: owner,
		Logger: slog.New(slog.NewTextHandler(testWriter{w.t}, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	jobs := scheduler.Jobs(w.settings, scheduler.Stores{Residents: db, Roles: db, Petitions: db, Deadlines: db, Figures: db, Runs: db})
	if err := s.Register(jobs...); err != nil {
		w.t.Fatalf("register: %v", err)
	}
	return s
}

// runUntil runs the schedulers together from the clock's time until stop,
// then stops them (as a shutdown would) and waits for them to return.
func (w *world) runUntil(stop time.Time, scheds ...*scheduler.Scheduler) {
	w.t.Helper()
	ctx, cancel := context.WithCancel(w.t.Context())
	defer cancel()
	w.clock.At(stop, func(time.Time) bool { cancel(); return true })
	errs := make(chan error, len(scheds))
	for range scheds { // all join before any sleeps, so time waits for every one
		w.clock.Join()
	}
	for _, s := range scheds {
		go func() {
			err := s.Run(ctx)
			w.clock.Leave()
			errs <- err
		}()
	}
	for range scheds {
		select {
		case err := <-errs:
			if err != nil {
				w.t.Fatalf("Run: %v", err)
			}
		case <-time.After(5 * time.Minute): // a generous bound, not a timing
			w.t.Fatal("the schedulers did not stop")
		}
	}
	if got := w.clock.Now(); !got.Equal(stop) {
		w.t.Fatalf("the clock stopped at %s, want %s", got, stop)
	}
}

// deliver takes every pending outbox message as the bot's sender would and
// keeps it; it returns those of this call.
func (w *world) deliver() []*danchu.OutboxMessage {
	w.t.Helper()
	ctx := w.t.Context()
	far := time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
	var got []*danchu.OutboxMessage
	for {
		msgs, err := w.db.ClaimOutbox(ctx, far, time.Hour, 500)
		if err != nil {
			w.t.Fatalf("claim outbox: %v", err)
		}
		if len(msgs) == 0 {
			break
		}
		for _, m := range msgs {
			if err := w.db.MarkSent(ctx, m.ID, m.CreatedAt, 1); err != nil {
				w.t.Fatalf("mark sent: %v", err)
			}
		}
		got = append(got, msgs...)
	}
	slices.SortFunc(got, func(a, b *danchu.OutboxMessage) int { return int(a.ID - b.ID) })
	w.mu.Lock()
	w.delivered = append(w.delivered, got...)
	w.mu.Unlock()
	return got
}

// all is every message delivered so far, after delivering what is pending.
func (w *world) all() []*danchu.OutboxMessage {
	w.deliver()
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.delivered)
}

// press presses the button with data as r, through the flows engine, and
// returns the texts of the replies.
func (w *world) press(r *danchu.Resident, data string) string {
	return w.send(r, flows.Input{CallbackData: data, CallbackMessageID: 7})
}

// say sends a command ("/bao_cao") or a message as r.
func (w *world) say(r *danchu.Resident, text string) string {
	in := flows.Input{Text: text}
	if cmd, ok := strings.CutPrefix(text, "/"); ok {
		in.Command = cmd
	}
	return w.send(r, in)
}

func (w *world) send(r *danchu.Resident, in flows.Input) string {
	w.t.Helper()
	roles, err := w.db.RolesOf(w.t.Context(), r.ID)
	if err != nil {
		w.t.Fatal(err)
	}
	in.ChatID, in.From, in.Resident, in.Roles = r.TelegramID, flows.User{ID: r.TelegramID}, r, roles
	replies, err := w.engine.Handle(w.t.Context(), in)
	if err != nil {
		w.t.Fatalf("%s: %v", r.FullName, err)
	}
	var texts []string
	for _, rep := range replies {
		texts = append(texts, rep.Text)
		for _, row := range rep.Buttons {
			for _, b := range row {
				texts = append(texts, "["+b.Text+" | "+b.Data+"]")
			}
		}
	}
	return strings.Join(texts, "\n")
}

// sent is a message as the checks compare them: who, what, when (local).
type sent struct {
	chat int64
	kind string
	ref  string // the button's data, or ""
	at   string // "2006-01-02 15:04" in the unit's time zone
}

func (s sent) String() string { return fmt.Sprintf("%s %s to %d %s", s.at, s.kind, s.chat, s.ref) }

func summary(msgs []*danchu.OutboxMessage, kinds ...string) []sent {
	var out []sent
	for _, m := range msgs {
		if len(kinds) > 0 && !slices.Contains(kinds, m.Kind) {
			continue
		}
		s := sent{chat: m.ChatID, kind: m.Kind, at: m.CreatedAt.In(loc).Format("2006-01-02 15:04")}
		if len(m.Buttons) > 0 {
			s.ref = m.Buttons[0][0].Data
		}
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b sent) int { return strings.Compare(a.String(), b.String()) })
	return out
}

// mustSend compares what was sent with what should have been, each once.
func mustSend(t *testing.T, got, want []sent) {
	t.Helper()
	slices.SortFunc(want, func(a, b sent) int { return strings.Compare(a.String(), b.String()) })
	var missing, extra []string
	g := slices.Clone(got)
	for _, x := range want {
		if i := slices.Index(g, x); i >= 0 {
			g = slices.Delete(g, i, i+1)
		} else {
			missing = append(missing, x.String())
		}
	}
	for _, x := range g {
		extra = append(extra, x.String())
	}
	if extra == nil {
		extra = []string{"(none)"}
	}
	if missing == nil {
		missing = []string{"(none)"}
	}
	if len(g) > 0 || len(got)-len(g) != len(want) {
		t.Fatalf("sent %d, want %d\nmissing:\n  %s\nunexpected (or twice):\n  %s", len(got), len(want),
			strings.Join(missing, "\n  "), strings.Join(extra, "\n  "))
	}
}

func itoa(i int64) string { return strconv.FormatInt(i, 10) }

// testWriter sends the scheduler's warnings to the test log.
type testWriter struct{ t *testing.T }

func (tw testWriter) Write(p []byte) (int, error) {
	tw.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}
