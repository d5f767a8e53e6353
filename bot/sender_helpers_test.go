package bot_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"danchu"
	"danchu/bot"
	"danchu/sim"
	"danchu/storage/kv"
)

// MustStartedUsers creates n virtual users who wrote /start, so that the bot
// may write to them.
func (e *env) MustStartedUsers(tb testing.TB, n int) []sim.User {
	tb.Helper()
	users := make([]sim.User, n)
	for i := range users {
		users[i] = e.MustUser(tb, fmt.Sprintf("Người %d", i+1))
		e.MustSend(tb, users[i].ID, "/start")
	}
	return users
}

// MustEnqueue puts messages into the outbox.
func (e *env) MustEnqueue(tb testing.TB, msgs ...*danchu.OutboxMessage) {
	tb.Helper()
	if err := e.db.Enqueue(tb.Context(), msgs...); err != nil {
		tb.Fatalf("enqueue: %v", err)
	}
}

// SenderConfig is a sender on the env's outbox with quick retries and a
// limiter of its own (pass the same one to senders that play replicas).
func (e *env) SenderConfig(limiter danchu.RateLimiter) bot.SenderConfig {
	return bot.SenderConfig{
		Outbox:       e.db,
		Limiter:      limiter,
		Rate:         200,
		PerChat:      100 * time.Millisecond,
		RetryDelay:   10 * time.Millisecond,
		PollInterval: 50 * time.Millisecond,
		Logger:       e.Config(newEcho()).Logger,
	}
}

// MustRunSender builds a bot (on client when not nil) and runs its sender
// with cfg until Stop or the end of the test.
func (e *env) MustRunSender(tb testing.TB, client *http.Client, cfg bot.SenderConfig) *running {
	tb.Helper()
	bc := e.Config(newEcho())
	if client != nil {
		bc.HTTPClient = client
	}
	b := e.MustNew(tb, bc)
	return runWith(tb, b, func(ctx context.Context) error { return b.RunSender(ctx, cfg) })
}

// MustDeliver waits until every user has at least want messages from the bot.
func (e *env) MustDeliver(tb testing.TB, users []sim.User, want int) {
	tb.Helper()
	for _, u := range users {
		MustEventually(tb, fmt.Sprintf("user %d has %d messages", u.ID, want), func() bool {
			return len(e.BotTexts(tb, u.ID)) >= want
		})
	}
}

// MustAllFinished checks, with the senders stopped, that no message is left
// pending or claimed: a claim as of a century later finds none.
func (e *env) MustAllFinished(tb testing.TB) {
	tb.Helper()
	left, err := e.db.ClaimOutbox(tb.Context(), time.Now().AddDate(100, 0, 0), time.Minute, 1000)
	if err != nil {
		tb.Fatalf("claim: %v", err)
	}
	for _, m := range left {
		tb.Errorf("outbox message %d to %d (%q) is unfinished after %d attempts (%s)",
			m.ID, m.ChatID, m.Text, m.Attempts, m.LastError)
	}
}

// Refusals counts the simulator's answers with this error code.
func (e *env) Refusals(code int) int {
	n := 0
	for _, r := range e.srv.Requests() {
		if r.ErrorCode == code {
			n++
		}
	}
	return n
}

func newLimiter() danchu.RateLimiter { return kv.NewMemory(nil) }

// wire is the bot's HTTP transport in tests that catch the sender mid-way.
// Every call goes to the simulator; a sendMessage call can be made to fail
// as a broken network does, or be held (before it reaches the simulator, or
// after the simulator delivered it) until the wire opens. It notes the chats
// of the delivered messages, in order.
type wire struct {
	base http.RoundTripper
	hold holdAt

	open     chan struct{}
	openOnce sync.Once
	cut      chan struct{}
	cutOnce  sync.Once

	mu        sync.Mutex
	failLeft  int // sendMessage calls still to fail
	sends     int // sendMessage calls seen
	held      int // sendMessage calls that waited for the wire to open
	delivered []int64
}

type holdAt int

const (
	holdNone   holdAt = iota
	holdBefore        // the call waits before it reaches the simulator
	holdAfter         // the message is delivered, its answer waits
)

func newWire(hold holdAt, failFirst int) *wire {
	return &wire{base: http.DefaultTransport, hold: hold, failLeft: failFirst, open: make(chan struct{}), cut: make(chan struct{})}
}

// Client is an HTTP client over the wire.
func (w *wire) Client() *http.Client { return &http.Client{Transport: w, Timeout: time.Minute} }

// Open lets held calls go on, and every later one.
func (w *wire) Open() { w.openOnce.Do(func() { close(w.open) }) }

// Cut fails the held calls as a broken connection does (the process that
// made them died): what was delivered stays delivered, unknown to the sender.
func (w *wire) Cut() { w.cutOnce.Do(func() { close(w.cut) }) }

func (w *wire) Held() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.held
}

func (w *wire) Sends() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.sends
}

// Delivered lists the chats of the messages the simulator accepted, in the
// order of its answers.
func (w *wire) Delivered() []int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]int64(nil), w.delivered...)
}

var errNetwork = errors.New("connection reset by peer (the test's wire)")

func (w *wire) RoundTrip(req *http.Request) (*http.Response, error) {
	if !strings.HasSuffix(req.URL.Path, "/sendMessage") {
		return w.base.RoundTrip(req)
	}
	w.mu.Lock()
	w.sends++
	fail := w.failLeft > 0
	if fail {
		w.failLeft--
	}
	w.mu.Unlock()
	if fail {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, errNetwork
	}
	if w.hold == holdBefore {
		if err := w.wait(req); err != nil {
			if req.Body != nil {
				req.Body.Close()
			}
			return nil, err
		}
	}
	resp, err := w.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	var answer struct {
		OK     bool `json:"ok"`
		Result struct {
			Chat struct {
				ID int64 `json:"id"`
			} `json:"chat"`
		} `json:"result"`
	}
	if json.Unmarshal(body, &answer) == nil && answer.OK {
		w.mu.Lock()
		w.delivered = append(w.delivered, answer.Result.Chat.ID)
		w.mu.Unlock()
	}
	if w.hold == holdAfter {
		if err := w.wait(req); err != nil {
			return nil, err
		}
	}
	return resp, nil
}

// wait holds a call until the wire opens or the call is given up.
func (w *wire) wait(req *http.Request) error {
	select {
	case <-w.open:
		return nil
	default:
	}
	w.mu.Lock()
	w.held++
	w.mu.Unlock()
	select {
	case <-w.open:
		return nil
	case <-w.cut:
		return errNetwork
	case <-req.Context().Done():
		return req.Context().Err()
	}
}
