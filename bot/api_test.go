package bot

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
)

// MustAnswering starts a server that answers every Bot API call with the
// given JSON bodies in turn (the last one again when they run out), and a
// library client talking to it, so errors are the library's own.
func MustAnswering(tb testing.TB, bodies ...string) (*tgbot.Bot, *atomic.Int32) {
	tb.Helper()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(calls.Add(1)) - 1
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(bodies[min(n, len(bodies)-1)]))
	}))
	tb.Cleanup(srv.Close)
	client, err := tgbot.New("123:test", tgbot.WithServerURL(srv.URL), tgbot.WithSkipGetMe())
	if err != nil {
		tb.Fatal(err)
	}
	return client, &calls
}

const sent = `{"ok":true,"result":{"message_id":1,"date":1767225600,"chat":{"id":7001,"type":"private"},"text":"x"}}`

func TestClassify(t *testing.T) {
	tests := []struct {
		name      string
		answer    string
		want      errClass
		wantAfter time.Duration
	}{
		{"429", `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}`, classRetryAfter, 7 * time.Second},
		{"403 blocked", `{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}`, classBlocked, 0},
		{"400", `{"ok":false,"error_code":400,"description":"Bad Request: message text is empty"}`, classBadRequest, 0},
		{"400 migrate", `{"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded","parameters":{"migrate_to_chat_id":-100}}`, classBadRequest, 0},
		{"401", `{"ok":false,"error_code":401,"description":"Unauthorized"}`, classUnauthorized, 0},
		{"500", `{"ok":false,"error_code":500,"description":"Internal Server Error"}`, classOther, 0},
		{"not JSON", `<html>bad gateway</html>`, classOther, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client, _ := MustAnswering(t, tt.answer)
			_, err := client.SendMessage(t.Context(), &tgbot.SendMessageParams{ChatID: 7001, Text: "x"})
			if err == nil {
				t.Fatal("no error")
			}
			// Wrapped, as the bot's own code wraps it.
			got, after := classify(errors.Join(errors.New("bot: send"), err))
			if got != tt.want || after != tt.wantAfter {
				t.Errorf("classify(%v) = %d, %v; want %d, %v", err, got, after, tt.want, tt.wantAfter)
			}
		})
	}
	if got, _ := classify(context.DeadlineExceeded); got != classOther {
		t.Errorf("a timeout is %d, want other", got)
	}
}

// getUpdates errors, read by the bot's own request, classify the same way.
func TestAPIErrorClassifiesLikeTheLibrary(t *testing.T) {
	var r apiResponse
	r.ErrorCode, r.Description, r.Parameters.RetryAfter = 429, "Too Many Requests: retry after 3", 3
	if got, after := classify(apiError("getUpdates", r)); got != classRetryAfter || after != 3*time.Second {
		t.Errorf("429: %d, %v", got, after)
	}
	r = apiResponse{ErrorCode: 409, Description: "Conflict: terminated by other getUpdates request"}
	if err := apiError("getUpdates", r); !errors.Is(err, tgbot.ErrorConflict) {
		t.Errorf("409: %v", err)
	}
	r = apiResponse{ErrorCode: 401, Description: "Unauthorized"}
	if got, _ := classify(apiError("getUpdates", r)); got != classUnauthorized {
		t.Errorf("401: %d", got)
	}
}

func TestEditFailedButSendable(t *testing.T) {
	tests := []struct {
		answer string
		want   bool
	}{
		{`{"ok":false,"error_code":400,"description":"Bad Request: message is not modified: specified new message content and reply markup are exactly the same"}`, true},
		{`{"ok":false,"error_code":400,"description":"Bad Request: message to edit not found"}`, true},
		{`{"ok":false,"error_code":400,"description":"Bad Request: message can't be edited"}`, true},
		{`{"ok":false,"error_code":400,"description":"Bad Request: message text is empty"}`, false},
		{`{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}`, false},
	}
	for _, tt := range tests {
		client, _ := MustAnswering(t, tt.answer)
		_, err := client.EditMessageText(t.Context(), &tgbot.EditMessageTextParams{ChatID: 7001, MessageID: 1, Text: "x"})
		if got := editFailedButSendable(err); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.answer, got, tt.want)
		}
	}
}

// call waits out a 429 and makes the same call again.
func TestCallWaitsRetryAfter(t *testing.T) {
	client, calls := MustAnswering(t,
		`{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}}`,
		sent)
	err := call(t.Context(), func(ctx context.Context) error {
		_, err := client.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: 7001, Text: "x"})
		return err
	})
	if err != nil || calls.Load() != 2 {
		t.Errorf("err %v after %d calls, want success after 2", err, calls.Load())
	}
}

// call gives up at once on an answer that a retry cannot change.
func TestCallStopsOnForbidden(t *testing.T) {
	client, calls := MustAnswering(t, `{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}`)
	err := call(t.Context(), func(ctx context.Context) error {
		_, err := client.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: 7001, Text: "x"})
		return err
	})
	if !errors.Is(err, tgbot.ErrorForbidden) || calls.Load() != 1 {
		t.Errorf("err %v after %d calls, want forbidden after 1", err, calls.Load())
	}
}

// The token never shows in an error of the bot's own getUpdates.
func TestGetUpdatesErrorHidesToken(t *testing.T) {
	b := &Bot{cfg: Config{Token: "123:secret", ServerURL: "http://127.0.0.1:1", HTTPClient: &http.Client{Timeout: time.Second}}}
	_, err := b.getUpdates(t.Context(), 1, 0)
	if err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("err = %v", err)
	}
}

func TestGetUpdatesSendsTheForm(t *testing.T) {
	var form map[string]string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			t.Errorf("parse form: %v", err)
		}
		form = map[string]string{"path": r.URL.Path}
		for k, v := range r.MultipartForm.Value {
			form[k] = v[0]
		}
		_, _ = w.Write([]byte(`{"ok":true,"result":[{"update_id":5,"message":{"message_id":1,"date":1,"chat":{"id":7,"type":"private"},"text":"Chào"}}]}`))
	}))
	defer srv.Close()
	b := &Bot{cfg: Config{Token: "123:abc", ServerURL: srv.URL, HTTPClient: srv.Client()}}
	updates, err := b.getUpdates(t.Context(), 42, 50)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"path": "/bot123:abc/getUpdates", "offset": "42", "timeout": "50",
		"allowed_updates": `["message","callback_query","my_chat_member"]`}
	for k, v := range want {
		if form[k] != v {
			t.Errorf("%s = %q, want %q", k, form[k], v)
		}
	}
	if len(updates) != 1 || !strings.Contains(string(updates[0]), `"Chào"`) {
		t.Errorf("updates = %s", updates)
	}
}
