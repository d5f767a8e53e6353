package bot_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"danchu"
	"danchu/bot"
	"danchu/flows"
	"danchu/sim"
	"danchu/storage"
)

// waitLong bounds every wait: generous, because machines are noisy; no test
// asserts how long anything took.
const waitLong = 60 * time.Second

// env is one simulator, one database and the log of the bots run on them.
type env struct {
	tb     testing.TB
	srv    *sim.Server
	base   string
	client *sim.Client
	db     *storage.DB
	logs   *syncBuffer

	mu       sync.Mutex
	expected []string // refusals the test provokes on purpose
}

// ExpectRefusal declares that the test provokes a refusal whose violation
// holds text: it must happen, and it is the only violation allowed.
func (e *env) ExpectRefusal(text string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.expected = append(e.expected, text)
}

// checkViolations fails on every violation that was not expected, and on an
// expected one that did not happen.
func (e *env) checkViolations(tb testing.TB) {
	tb.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	seen := map[string]bool{}
	for _, v := range e.srv.Violations() {
		ok := false
		for _, x := range e.expected {
			if strings.Contains(v, x) {
				ok, seen[x] = true, true
			}
		}
		if !ok {
			tb.Errorf("simulator violation: %s", v)
		}
	}
	for _, x := range e.expected {
		if !seen[x] {
			tb.Errorf("the expected refusal %q did not happen", x)
		}
	}
}

// MustEnv starts a simulator (fast chat limits, so tests do not crawl) and
// migrates a fresh SQLite database. After the test, the simulator must have
// seen no request the real Bot API would refuse.
func MustEnv(tb testing.TB) *env {
	tb.Helper()
	db, err := storage.Open(tb.Context(), "sqlite:"+filepath.Join(tb.TempDir(), "danchu.db"))
	if err != nil {
		tb.Fatalf("open database: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.Migrate(tb.Context()); err != nil {
		tb.Fatalf("migrate: %v", err)
	}
	return MustEnvOn(tb, sim.Options{GlobalRate: 1000, PerChatInterval: time.Millisecond}, db)
}

// MustEnvOn starts a simulator with opts (strict, with the package's token)
// in front of a migrated database db.
func MustEnvOn(tb testing.TB, opts sim.Options, db *storage.DB) *env {
	tb.Helper()
	opts.Token, opts.Strict = "7000000002:bot-package-test", true
	srv := sim.New(opts)
	base, err := srv.Start("127.0.0.1:0")
	if err != nil {
		tb.Fatalf("start simulator: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), waitLong)
		defer cancel()
		if err := srv.Close(ctx); err != nil {
			tb.Errorf("close simulator: %v", err)
		}
	})
	e := &env{tb: tb, srv: srv, base: base, client: sim.NewClient(base, nil), db: db, logs: &syncBuffer{}}
	// Registered after the bots' cleanups would be too late: Cleanup runs
	// last-in first-out, so this runs after every bot has stopped.
	tb.Cleanup(func() {
		e.checkViolations(tb)
		if tb.Failed() {
			tb.Logf("bot log:\n%s", e.logs.String())
		}
	})
	return e
}

// Config is a bot configuration on the env with quick retries.
func (e *env) Config(h bot.Handler) bot.Config {
	return bot.Config{
		Token:        e.srv.Token(),
		ServerURL:    e.base,
		Inbox:        e.db,
		Residents:    e.db,
		Roles:        e.db,
		Engine:       h,
		PollTimeout:  time.Second,
		ScanInterval: 50 * time.Millisecond,
		RetryDelay:   10 * time.Millisecond,
		Logger:       slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
}

// running is a Bot whose Run goroutine the test owns.
type running struct {
	*bot.Bot
	cancel context.CancelFunc
	done   chan error
	once   sync.Once
}

// Stop cancels Run and waits for it to return; Run must return nil.
func (r *running) Stop(tb testing.TB) {
	tb.Helper()
	r.once.Do(func() {
		r.cancel()
		select {
		case err := <-r.done:
			if err != nil {
				tb.Errorf("Run returned %v", err)
			}
		case <-time.After(waitLong):
			tb.Errorf("Run did not return after its context ended")
		}
	})
}

// MustNew builds a Bot without running it.
func (e *env) MustNew(tb testing.TB, cfg bot.Config) *bot.Bot {
	tb.Helper()
	b, err := bot.New(tb.Context(), cfg)
	if err != nil {
		tb.Fatalf("bot.New: %v", err)
	}
	return b
}

// MustRun builds a Bot and runs it until Stop or the end of the test.
func (e *env) MustRun(tb testing.TB, cfg bot.Config) *running {
	tb.Helper()
	return run(tb, e.MustNew(tb, cfg))
}

func run(tb testing.TB, b *bot.Bot) *running {
	return runWith(tb, b, b.Run)
}

// runWith runs f (Run or RunWorkers) of b until Stop or the end of the test.
func runWith(tb testing.TB, b *bot.Bot, f func(context.Context) error) *running {
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{Bot: b, cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- f(ctx) }()
	tb.Cleanup(func() { r.Stop(tb) })
	return r
}

// MustUser creates a virtual user. Telegram lets a bot write only to people
// who wrote to it, so a test sends something from the user first.
func (e *env) MustUser(tb testing.TB, first string) sim.User {
	tb.Helper()
	return e.srv.CreateUser(first, "Nguyễn", "")
}

// MustSend sends a text from the user.
func (e *env) MustSend(tb testing.TB, userID int64, text string) sim.Sent {
	tb.Helper()
	s, err := e.srv.SendText(userID, text)
	if err != nil {
		tb.Fatalf("send %q: %v", text, err)
	}
	return s
}

// MustPress presses a button of a bot message.
func (e *env) MustPress(tb testing.TB, userID int64, messageID int, data string) {
	tb.Helper()
	if _, err := e.srv.Press(userID, messageID, data); err != nil {
		tb.Fatalf("press %q on %d: %v", data, messageID, err)
	}
}

// MustWait waits for a bot message (new or edited) after seq that match accepts.
func (e *env) MustWait(tb testing.TB, userID int64, after int64, what string, match func(sim.Message) bool) sim.Message {
	tb.Helper()
	ctx, cancel := context.WithTimeout(tb.Context(), waitLong)
	defer cancel()
	m, err := e.client.WaitMessage(ctx, userID, after, func(m sim.Message) bool { return m.From == "bot" && match(m) })
	if err != nil {
		tb.Fatalf("waiting for %s: %v\nlog:\n%s", what, err, e.logs.String())
	}
	return m
}

// MustWaitText waits for a bot message with exactly this text.
func (e *env) MustWaitText(tb testing.TB, userID int64, after int64, text string) sim.Message {
	tb.Helper()
	return e.MustWait(tb, userID, after, fmt.Sprintf("%q", text), func(m sim.Message) bool { return m.Text == text })
}

// BotTexts lists the texts of the bot's messages in the chat, in order.
func (e *env) BotTexts(tb testing.TB, userID int64) []string {
	tb.Helper()
	msgs, err := e.srv.Messages(tb.Context(), userID, 0, 0)
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, m := range msgs {
		if m.From == "bot" {
			out = append(out, m.Text)
		}
	}
	return out
}

// MustNoPending waits until the chat has no unhandled update (the reply is
// sent before the update is marked handled).
func (e *env) MustNoPending(tb testing.TB, chatID int64) {
	tb.Helper()
	MustEventually(tb, fmt.Sprintf("chat %d has no pending update", chatID), func() bool {
		_, err := e.db.NextUpdate(tb.Context(), chatID)
		return danchu.ErrorCode(err) == danchu.ENOTFOUND
	})
}

// MustLogWithout fails when the bot's log holds any of the words: what
// residents write and their phone numbers never go to the log.
func (e *env) MustLogWithout(tb testing.TB, words ...string) {
	tb.Helper()
	log := e.logs.String()
	for _, w := range words {
		if strings.Contains(log, w) {
			tb.Errorf("the log holds %q:\n%s", w, log)
		}
	}
}

// textUpdate is a private-chat text update as Telegram sends it.
func textUpdate(updateID, userID int64, text string) []byte {
	u := map[string]any{
		"update_id": updateID,
		"message": map[string]any{
			"message_id": updateID,
			"date":       time.Now().Unix(),
			"from":       map[string]any{"id": userID, "is_bot": false, "first_name": "Test"},
			"chat":       map[string]any{"id": userID, "type": "private", "first_name": "Test"},
			"text":       text,
		},
	}
	raw, err := json.Marshal(u)
	if err != nil {
		panic(err)
	}
	return raw
}

// echo is a test Handler: it answers every input with what it saw and
// records the inputs in the order it handled them.
type echo struct {
	mu     sync.Mutex
	seen   map[int64][]string // chat → texts (or button data), in handling order
	failN  map[string]int     // text → failures left before it succeeds
	block  map[string]chan struct{}
	inside chan string // receives the text of a blocked input when it arrives
}

func newEcho() *echo {
	return &echo{seen: map[int64][]string{}, failN: map[string]int{}, block: map[string]chan struct{}{}, inside: make(chan string, 16)}
}

var errBoom = &danchu.Error{Code: danchu.EINTERNAL, Message: "database went away", Op: "test"}

func (h *echo) Handle(ctx context.Context, in flows.Input) ([]flows.Reply, error) {
	key := in.Text
	if in.CallbackData != "" {
		key = "press:" + in.CallbackData
	}
	h.mu.Lock()
	h.seen[in.ChatID] = append(h.seen[in.ChatID], key)
	release := h.block[key]
	fail := h.failN[key]
	if fail > 0 {
		h.failN[key] = fail - 1
	}
	h.mu.Unlock()

	if release != nil {
		h.inside <- key
		<-release
	}
	switch {
	case fail > 0 || key == "always fail":
		return nil, errBoom
	case key == "panic":
		panic("step exploded")
	case key == "invalid":
		return nil, danchu.Errorf(danchu.EINVALID, "not a valid choice")
	case key == "menu":
		return []flows.Reply{{Text: "Chọn một mục", Buttons: [][]flows.Button{{{Text: "Một", Data: "one"}, {Text: "Hai", Data: "two"}}}}}, nil
	case strings.HasPrefix(key, "press:"):
		return []flows.Reply{{Text: "Đã chọn " + in.CallbackData, Edit: true}}, nil
	case key == "doc":
		return []flows.Reply{{Text: "Phiếu tiếp nhận", Document: &flows.Attachment{FileName: "phieu.txt", Data: []byte("Phiếu số 1")}}}, nil
	case key == "phone":
		return []flows.Reply{{Text: "Bấm nút để gửi số", RequestContact: "📱 Gửi số điện thoại"}}, nil
	case in.Contact != nil:
		return []flows.Reply{{Text: "Đã nhận số " + in.Contact.Phone, RemoveKeyboard: true}}, nil
	case in.Command != "":
		return []flows.Reply{{Text: fmt.Sprintf("lệnh %s [%s]", in.Command, in.Args)}}, nil
	}
	name := "người lạ"
	if in.Resident != nil {
		name = in.Resident.FullName
	}
	return []flows.Reply{{Text: "echo " + name + ": " + in.Text}}, nil
}

func (h *echo) ErrorReplies(lang string, err error) []flows.Reply {
	return []flows.Reply{{Text: "Xin lỗi (" + lang + "): " + danchu.ErrorCode(err)}}
}

func (h *echo) Commands(lang string) []flows.Command {
	if lang == "en" {
		return []flows.Command{{Command: "help", Description: "Help"}}
	}
	return []flows.Command{{Command: "help", Description: "Trợ giúp"}, {Command: "gui_don", Description: "Gửi đơn"}}
}

// Seen returns what the chat's inputs were, in handling order.
func (h *echo) Seen(chat int64) []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.seen[chat]...)
}

// Block makes the input with this key wait inside the step until the
// returned function is called.
func (h *echo) Block(key string) (release func()) {
	ch := make(chan struct{})
	h.mu.Lock()
	h.block[key] = ch
	h.mu.Unlock()
	var once sync.Once
	return func() { once.Do(func() { close(ch) }) }
}

// FailTimes makes the input with this key fail n times before it works.
func (h *echo) FailTimes(key string, n int) {
	h.mu.Lock()
	h.failN[key] = n
	h.mu.Unlock()
}

// syncBuffer is a bytes.Buffer safe for the bot's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
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
