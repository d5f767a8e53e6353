package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"danchu/internal/testenv"
	"danchu/sim"
	"danchu/storage/storagetest"

	"github.com/redis/go-redis/v9"
)

// world is what an end-to-end test runs against: a simulator of Telegram,
// and the real program talking to it with go-telegram/bot over loopback.
type world struct {
	t      *testing.T
	sim    *sim.Server
	simURL string
	client *sim.Client
	env    map[string]string
	main   *Main
	out    *syncBuffer
}

// newWorld starts a simulator. The program is started by start, so a test can
// stop it and start it again on the same database while the simulator (the
// residents' phones) stays.
func newWorld(t *testing.T, databaseURL, redisURL string) *world {
	t.Helper()
	srv := sim.New(sim.Options{Token: "424242:E2E-TEST-TOKEN", Strict: true, Logf: t.Logf})
	url, err := srv.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	w := &world{
		t: t, sim: srv, simURL: url, client: sim.NewClient(url, nil), out: &syncBuffer{},
		env: map[string]string{
			"DANCHU_DATABASE_URL":     databaseURL,
			"DANCHU_REDIS_URL":        redisURL,
			"DANCHU_TELEGRAM_TOKEN":   srv.Token(),
			"DANCHU_TELEGRAM_API_URL": url,
			"DANCHU_LOG_LEVEL":        "warn",
			"DANCHU_WORKERS":          "4",
			"DANCHU_SECRET_KEY":       "dGVzdC1rZXktdGhhdC1pcy0zMi1ieXRlcy1sb25nISE=",
		},
	}
	t.Cleanup(func() {
		w.stop()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Close(ctx)
		// Every Bot API request made during the test must be one the real API
		// accepts (../shared/telegram/api.json).
		for _, v := range srv.Violations() {
			t.Errorf("Bot API request the real Telegram would refuse: %s", v)
		}
	})
	return w
}

func (w *world) start() {
	w.t.Helper()
	w.startWith(nil)
}

// startWith starts the program after adjust has set fields of its Main.
func (w *world) startWith(adjust func(*Main)) {
	w.t.Helper()
	m := &Main{Stdout: w.out, Stderr: w.out, Getenv: func(k string) string { return w.env[k] }, Now: time.Now}
	if adjust != nil {
		adjust(m)
	}
	if err := m.ParseFlags(w.t.Context(), []string{"serve"}); err != nil {
		w.t.Fatal(err)
	}
	if err := m.Run(w.t.Context()); err != nil {
		w.t.Fatalf("start: %v\n%s", err, w.out)
	}
	w.main = m
}

func (w *world) stop() {
	if w.main != nil {
		if err := w.main.Close(); err != nil {
			w.t.Errorf("close: %v", err)
		}
		w.main = nil
	}
}

// person is a virtual resident with a phone in the simulator.
type person struct {
	w    *world
	user sim.User
	seen int64 // the last message seq this person has read
}

func (w *world) newPerson(first, last, phone string) *person {
	w.t.Helper()
	u, err := w.client.CreateUser(w.t.Context(), first, last, phone)
	if err != nil {
		w.t.Fatal(err)
	}
	return &person{w: w, user: u}
}

func (p *person) ctx() context.Context {
	ctx, cancel := context.WithTimeout(p.w.t.Context(), 90*time.Second) // a bound for busy machines, not a timing
	p.w.t.Cleanup(cancel)
	return ctx
}

func (p *person) says(text string) {
	p.w.t.Helper()
	if _, err := p.w.client.SendText(p.ctx(), p.user.ID, text); err != nil {
		p.w.t.Fatalf("%s says %q: %v", p.user.FirstName, text, err)
	}
}

func (p *person) sharesContact() {
	p.w.t.Helper()
	if _, err := p.w.client.ShareContact(p.ctx(), p.user.ID); err != nil {
		p.w.t.Fatal(err)
	}
}

// expect waits for a bot message (new or edited) that contains want and
// returns it.
func (p *person) expect(want string) sim.Message {
	p.w.t.Helper()
	m, err := p.w.client.WaitMessage(p.ctx(), p.user.ID, p.seen, func(m sim.Message) bool {
		return m.From == "bot" && strings.Contains(m.Text, want)
	})
	if err != nil {
		all, _ := p.w.client.Messages(context.Background(), p.user.ID, 0, 0)
		p.w.t.Fatalf("%s waited for a message with %q: %v\nthe chat:\n%s", p.user.FirstName, want, err, dump(all))
	}
	p.seen = m.Seq
	return m
}

// press waits for a message with an inline button whose data is data, then
// presses it.
func (p *person) press(data string) {
	p.w.t.Helper()
	m, err := p.w.client.WaitMessage(p.ctx(), p.user.ID, 0, func(m sim.Message) bool {
		return m.From == "bot" && hasButton(m, data)
	})
	if err != nil {
		all, _ := p.w.client.Messages(context.Background(), p.user.ID, 0, 0)
		p.w.t.Fatalf("%s looked for a button %q: %v\nthe chat:\n%s", p.user.FirstName, data, err, dump(all))
	}
	if _, err := p.w.client.Press(p.ctx(), p.user.ID, m.ID, data); err != nil {
		p.w.t.Fatalf("press %q: %v", data, err)
	}
}

func hasButton(m sim.Message, data string) bool {
	for _, row := range m.InlineKeyboard {
		for _, b := range row {
			if b.Data == data {
				return true
			}
		}
	}
	return false
}

// register takes a person through /start to a confirmed registration.
func (p *person) register(neighbourhoodButton string) {
	p.w.t.Helper()
	p.registerWith("/start", neighbourhoodButton)
}

func dump(msgs []sim.Message) string {
	var b strings.Builder
	for _, m := range msgs {
		fmt.Fprintf(&b, "  [%d %s] %s\n", m.Seq, m.From, m.Text)
	}
	return b.String()
}

// engines lists the database and Redis combinations the end-to-end tests run
// on: SQLite and PostgreSQL, memory and Redis.
func engines(t *testing.T) map[string]func(t *testing.T) (db, redis string) {
	return map[string]func(t *testing.T) (string, string){
		"sqlite+memory": func(t *testing.T) (string, string) { return storagetest.SQLiteURL(t), "" },
		"postgres+redis": func(t *testing.T) (string, string) {
			return storagetest.PostgresURL(t), cleanRedis(t)
		},
		"sqlite+redis":    func(t *testing.T) (string, string) { return storagetest.SQLiteURL(t), cleanRedis(t) },
		"postgres+memory": func(t *testing.T) (string, string) { return storagetest.PostgresURL(t), "" },
	}
}

// cleanRedis returns the test Redis URL with the program's keys removed
// before and after the test: every simulator numbers its users alike.
func cleanRedis(t *testing.T) string {
	url := testenv.RedisURL(t)
	opt, err := redis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(opt)
	clean := func() {
		ctx := context.Background()
		keys, _ := rdb.Keys(ctx, "danchu:*").Result()
		if len(keys) > 0 {
			rdb.Del(ctx, keys...)
		}
	}
	clean()
	t.Cleanup(func() { clean(); rdb.Close() })
	return url
}

// syncBuffer collects the program's output from several goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var _ io.Writer = (*syncBuffer)(nil)

// pressPrefix waits for a bot message with an inline button whose data
// starts with prefix, presses the newest such button and returns its data.
// Petition buttons carry ids and versions that a test does not need to know.
func (p *person) pressPrefix(prefix string) string {
	p.w.t.Helper()
	return p.pressWhere(prefix, "")
}

// pressWhere presses the newest button whose data starts with prefix and
// whose label contains label, waiting for one to appear.
func (p *person) pressWhere(prefix, label string) string {
	p.w.t.Helper()
	ctx := p.ctx()
	find := func(m sim.Message) string {
		if m.From != "bot" {
			return ""
		}
		for _, row := range m.InlineKeyboard {
			for _, b := range row {
				if strings.HasPrefix(b.Data, prefix) && strings.Contains(b.Text, label) {
					return b.Data
				}
			}
		}
		return ""
	}
	for {
		msgs, err := p.w.client.Messages(ctx, p.user.ID, 0, 0)
		if err != nil {
			p.w.t.Fatal(err)
		}
		for i := len(msgs) - 1; i >= 0; i-- {
			if data := find(msgs[i]); data != "" {
				if _, err := p.w.client.Press(ctx, p.user.ID, msgs[i].ID, data); err != nil {
					p.w.t.Fatalf("press %q: %v", data, err)
				}
				return data
			}
		}
		var last int64
		if len(msgs) > 0 {
			last = msgs[len(msgs)-1].Seq
		}
		if _, err := p.w.client.WaitMessage(ctx, p.user.ID, last, func(m sim.Message) bool { return find(m) != "" }); err != nil {
			p.w.t.Fatalf("%s looked for a button %q (%q): %v\nthe chat:\n%s", p.user.FirstName, prefix, label, err, dump(msgs))
		}
	}
}

// invite runs `danchu admin invite` on the world's database and returns the
// line the official sends to the bot.
func (w *world) invite(args ...string) string {
	w.t.Helper()
	var out strings.Builder
	m := &Main{Stdout: &out, Stderr: &out, Getenv: func(k string) string { return w.env[k] }}
	if err := m.ParseFlags(w.t.Context(), append([]string{"admin", "invite"}, args...)); err != nil {
		w.t.Fatal(err)
	}
	if err := m.Run(w.t.Context()); err != nil {
		w.t.Fatalf("admin invite: %v\n%s", err, out.String())
	}
	i := strings.Index(out.String(), "/start ")
	if i < 0 {
		w.t.Fatalf("no /start line in:\n%s", out.String())
	}
	return strings.Join(strings.Fields(out.String()[i:])[:2], " ")
}

// registerWith registers a person who first sends line: /start, or an
// invite's /start line.
func (p *person) registerWith(line, neighbourhoodButton string) {
	p.w.t.Helper()
	p.says(line)
	p.expect("dữ liệu cá nhân")
	p.press("reg:yes")
	p.expect("họ và tên")
	p.press("reg:tgname")
	p.expect("số điện thoại")
	p.sharesContact()
	p.expect("tiểu khu nào")
	p.press(neighbourhoodButton)
	p.expect("kiểm tra lại")
	p.press("reg:ok")
	p.expect("đăng ký thành công")
}

// admin runs `danchu admin <args>` on the world's database.
func (w *world) admin(args ...string) (string, error) {
	var out strings.Builder
	m := &Main{Stdout: &out, Stderr: &out, Getenv: func(k string) string { return w.env[k] }}
	if err := m.ParseFlags(w.t.Context(), append([]string{"admin"}, args...)); err != nil {
		return out.String(), err
	}
	err := m.Run(w.t.Context())
	return out.String(), err
}

// tamper changes the SQLite database behind the program's back.
func tamper(t *testing.T, databaseURL, statement string) {
	t.Helper()
	db := rawSQLite(t, databaseURL)
	if _, err := db.ExecContext(t.Context(), statement); err != nil {
		t.Fatal(err)
	}
}

// rawSQLite opens the program's SQLite file beside it, waiting for the
// program's writes rather than failing with SQLITE_BUSY.
func rawSQLite(t *testing.T, databaseURL string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+strings.TrimPrefix(databaseURL, "sqlite:")+"?_pragma=busy_timeout(30000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
