package sim

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// waitLong bounds every wait in these tests: generous, because machines are
// noisy; no test asserts how long anything took.
const waitLong = 30 * time.Second

// MustServer starts a simulator on a free port and closes it after the test.
func MustServer(tb testing.TB, opts Options) (*Server, string) {
	tb.Helper()
	// the log stops with the test: a request cut by Close may still log
	var mu sync.Mutex
	ended := false
	if opts.Logf == nil {
		opts.Logf = func(format string, args ...any) {
			mu.Lock()
			defer mu.Unlock()
			if !ended {
				tb.Logf(format, args...)
			}
		}
	}
	s := New(opts)
	base, err := s.Start("127.0.0.1:0")
	if err != nil {
		tb.Fatalf("start simulator: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), waitLong)
		defer cancel()
		if err := s.Close(ctx); err != nil {
			tb.Errorf("close simulator: %v", err)
		}
		mu.Lock()
		ended = true
		mu.Unlock()
	})
	return s, base
}

// MustBot runs a go-telegram/bot bot against the simulator with handler as
// its default handler, handling updates in order, until the test ends.
func MustBot(tb testing.TB, base, token string, handler bot.HandlerFunc, opts ...bot.Option) *bot.Bot {
	tb.Helper()
	opts = append([]bot.Option{
		bot.WithServerURL(base),
		bot.WithDefaultHandler(handler),
		bot.WithNotAsyncHandlers(),
		bot.WithErrorsHandler(func(err error) { tb.Logf("bot: %v", err) }),
	}, opts...)
	b, err := bot.New(token, opts...)
	if err != nil {
		tb.Fatalf("bot.New against the simulator: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); b.Start(ctx) }()
	tb.Cleanup(func() { cancel(); wg.Wait() })
	return b
}

// MustEventually polls cond until it holds, failing after waitLong.
func MustEventually(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(waitLong)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("waited %s for %s", waitLong, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// MustNoViolations fails when the simulator saw a request the real Bot API
// would refuse.
func MustNoViolations(tb testing.TB, s *Server) {
	tb.Helper()
	for _, v := range s.Violations() {
		tb.Errorf("violation: %s", v)
	}
}

// MustStartedUser creates a user who has written to the bot, so the bot may
// message them.
func MustStartedUser(tb testing.TB, s *Server, first string) User {
	tb.Helper()
	u := s.CreateUser(first, "Nguyễn", "+84901234567")
	if _, err := s.SendText(u.ID, "/start"); err != nil {
		tb.Fatalf("user %d sends /start: %v", u.ID, err)
	}
	return u
}

// pngImage returns a small PNG image; encoding an in-memory RGBA image
// cannot fail.
func pngImage(w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		for y := range h {
			img.Set(x, y, color.RGBA{R: uint8(x * 40), G: uint8(y * 40), B: 200, A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// answer is the JSON of a Bot API answer.
type answer struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
}

// upload is a file part of a raw request.
type fileArg struct {
	name string
	data []byte
}

// MustCall POSTs a raw multipart request to the Bot API, the way
// go-telegram/bot does, and decodes the answer; the HTTP status must equal
// the error code.
func MustCall(tb testing.TB, base, token, method string, fields map[string]string, files map[string]fileArg) answer {
	tb.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			tb.Fatalf("write field: %v", err)
		}
	}
	for k, f := range files {
		w, err := mw.CreateFormFile(k, f.name)
		if err != nil {
			tb.Fatalf("create file part: %v", err)
		}
		_, _ = w.Write(f.data)
	}
	if err := mw.Close(); err != nil {
		tb.Fatalf("close multipart: %v", err)
	}
	req, err := http.NewRequest(http.MethodPost, base+"/bot"+token+"/"+method, &body)
	if err != nil {
		tb.Fatalf("new request: %v", err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatalf("%s: %v", method, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var a answer
	if err := json.Unmarshal(raw, &a); err != nil {
		tb.Fatalf("%s: answer is not JSON: %q", method, raw)
	}
	if !a.OK && resp.StatusCode != a.ErrorCode {
		tb.Errorf("%s: HTTP status %d but error_code %d", method, resp.StatusCode, a.ErrorCode)
	}
	return a
}

// MustWait waits for a message of the user that matches.
func MustWait(tb testing.TB, c *Client, userID, after int64, what string, match func(Message) bool) Message {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLong)
	defer cancel()
	m, err := c.WaitMessage(ctx, userID, after, match)
	if err != nil {
		tb.Fatalf("waiting for %s: %v", what, err)
	}
	return m
}

func fromBotWithText(prefix string) func(Message) bool {
	return func(m Message) bool { return m.From == "bot" && strings.HasPrefix(m.Text, prefix) }
}

// updates collects the updates a test bot receives.
type updates chan *models.Update

func (u updates) next(tb testing.TB, match func(*models.Update) bool) *models.Update {
	tb.Helper()
	timeout := time.After(waitLong)
	for {
		select {
		case upd := <-u:
			if match(upd) {
				return upd
			}
		case <-timeout:
			tb.Fatalf("no matching update within %s", waitLong)
			return nil
		}
	}
}

// fakeClock is a clock the test moves by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 6, 14, 8, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
