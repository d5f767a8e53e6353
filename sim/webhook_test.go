package sim

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot"
)

// hookReceiver records webhook deliveries and fails the first ones.
type hookReceiver struct {
	mu       sync.Mutex
	failures int // answer 500 to this many requests first
	got      []delivery
	ok       chan string // texts accepted, in order
}

type delivery struct {
	secret string
	text   string
	status int
}

func (h *hookReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var upd struct {
		Message struct {
			Text string `json:"text"`
		} `json:"message"`
	}
	_ = json.Unmarshal(body, &upd)
	h.mu.Lock()
	status := http.StatusOK
	if h.failures > 0 {
		h.failures--
		status = http.StatusInternalServerError
	}
	h.got = append(h.got, delivery{secret: r.Header.Get("X-Telegram-Bot-Api-Secret-Token"), text: upd.Message.Text, status: status})
	h.mu.Unlock()
	w.WriteHeader(status)
	if status == http.StatusOK {
		h.ok <- upd.Message.Text
	}
}

// Updates go to the webhook in order with the secret header; a failed
// delivery is retried and keeps its place; getUpdates answers 409 meanwhile.
func TestWebhookDeliveryAndRetry(t *testing.T) {
	s, base := MustServer(t, Options{})
	recv := &hookReceiver{failures: 2, ok: make(chan string, 10)}
	hook := httptest.NewServer(recv)
	t.Cleanup(hook.Close)

	if a := MustCall(t, base, s.Token(), "setWebhook", map[string]string{"url": hook.URL + "/hook", "secret_token": "bi-mat_123"}, nil); !a.OK {
		t.Fatalf("setWebhook: %+v", a)
	}
	u := s.CreateUser("Hook", "", "")
	for _, text := range []string{"thứ nhất", "thứ hai"} {
		if _, err := s.SendText(u.ID, text); err != nil {
			t.Fatal(err)
		}
	}
	for _, want := range []string{"thứ nhất", "thứ hai"} {
		select {
		case got := <-recv.ok:
			if got != want {
				t.Fatalf("delivered %q, want %q (order kept)", got, want)
			}
		case <-time.After(waitLong):
			t.Fatalf("%q was not delivered", want)
		}
	}
	recv.mu.Lock()
	got := append([]delivery(nil), recv.got...)
	recv.mu.Unlock()
	want := []delivery{
		{"bi-mat_123", "thứ nhất", 500},
		{"bi-mat_123", "thứ nhất", 500},
		{"bi-mat_123", "thứ nhất", 200},
		{"bi-mat_123", "thứ hai", 200},
	}
	if len(got) != len(want) {
		t.Fatalf("deliveries = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("delivery %d = %+v, want %+v", i, got[i], want[i])
		}
	}

	if a := MustCall(t, base, s.Token(), "getUpdates", nil, nil); a.OK || a.ErrorCode != 409 || !strings.HasPrefix(a.Description, "Conflict: can't use getUpdates method while webhook is active") {
		t.Fatalf("getUpdates with a webhook set: %+v, want 409", a)
	}
	// the receiver reports an update before its 200 reaches the sender
	var wi tgWebhookInfo
	MustEventually(t, "no pending update in getWebhookInfo", func() bool {
		info := MustCall(t, base, s.Token(), "getWebhookInfo", nil, nil)
		wi = tgWebhookInfo{}
		_ = json.Unmarshal(info.Result, &wi)
		return wi.PendingUpdateCount == 0
	})
	if wi.URL != hook.URL+"/hook" || !strings.Contains(wi.LastErrorMessage, "500") {
		t.Fatalf("webhook info = %+v", wi)
	}

	if a := MustCall(t, base, s.Token(), "deleteWebhook", nil, nil); !a.OK {
		t.Fatalf("deleteWebhook: %+v", a)
	}
	if _, err := s.SendText(u.ID, "sau khi xoá"); err != nil {
		t.Fatal(err)
	}
	if ups := MustUpdates(t, s, base, nil); len(ups) != 1 || ups[0].Message.Text != "sau khi xoá" {
		t.Fatalf("after deleteWebhook getUpdates = %+v", ups)
	}
}

// go-telegram/bot in webhook mode: the sim POSTs to the bot's
// WebhookHandler and the bot answers through the sim.
func TestWebhookWithTheLibrary(t *testing.T) {
	s, base := MustServer(t, Options{Strict: true})
	b, err := bot.New(s.Token(), bot.WithServerURL(base), bot.WithDefaultHandler(echoBot(t, nil)),
		bot.WithWebhookSecretToken("s3cret"), bot.WithNotAsyncHandlers())
	if err != nil {
		t.Fatal(err)
	}
	hook := httptest.NewServer(b.WebhookHandler())
	t.Cleanup(hook.Close)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); b.StartWebhook(ctx) }()
	t.Cleanup(func() { cancel(); wg.Wait() })

	if _, err := b.SetWebhook(ctx, &bot.SetWebhookParams{URL: hook.URL, SecretToken: "s3cret", DropPendingUpdates: true}); err != nil {
		t.Fatalf("SetWebhook: %v", err)
	}
	c := NewClient(base, nil)
	u, err := c.CreateUser(ctx, "Webhook", "Lê", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.SendText(ctx, u.ID, "qua webhook"); err != nil {
		t.Fatal(err)
	}
	reply := MustWait(t, c, u.ID, 0, "the echo via webhook", fromBotWithText("Bạn nói: qua webhook"))
	if _, err := c.Press(ctx, u.ID, reply.ID, "sua"); err != nil {
		t.Fatal(err)
	}
	MustWait(t, c, u.ID, reply.Seq, "the edit via webhook", func(m Message) bool { return m.ID == reply.ID && m.Edited })
	MustNoViolations(t, s)
}
