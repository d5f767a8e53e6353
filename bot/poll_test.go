package bot_test

import (
	"context"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"danchu"
)

// flakyInbox is the real inbox whose next PutUpdate calls fail, as when the
// database is briefly away.
type flakyInbox struct {
	danchu.InboxService
	failPuts atomic.Int32
}

func (f *flakyInbox) PutUpdate(ctx context.Context, u *danchu.InboxUpdate) (bool, error) {
	if f.failPuts.Add(-1) >= 0 {
		return false, &danchu.Error{Code: danchu.EINTERNAL, Op: "test", Message: "database away"}
	}
	return f.InboxService.PutUpdate(ctx, u)
}

// MustTooBusyOnce puts a proxy before the simulator that answers the first
// getUpdates with 429, and returns its URL.
func MustTooBusyOnce(tb testing.TB, base string) (string, *atomic.Int32) {
	tb.Helper()
	target, err := url.Parse(base)
	if err != nil {
		tb.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.ErrorLog = log.New(io.Discard, "", 0) // a long poll cut at the end of the test
	var refused atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/getUpdates") && refused.Add(1) == 1 {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}}`))
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	tb.Cleanup(srv.Close)
	return srv.URL, &refused
}

// A 429 on getUpdates is waited out, and a batch that could not be stored is
// not confirmed: it comes again and is handled once.
func TestPollSurvives429AndStoreFailure(t *testing.T) {
	e := MustEnv(t)
	h := newEcho()
	cfg := e.Config(h)
	busyURL, refused := MustTooBusyOnce(t, e.base)
	cfg.ServerURL = busyURL
	inbox := &flakyInbox{InboxService: e.db}
	inbox.failPuts.Store(2)
	cfg.Inbox = inbox
	e.MustRun(t, cfg)
	lan := e.MustUser(t, "Lan")

	e.MustSend(t, lan.ID, "một")
	e.MustWaitText(t, lan.ID, 0, "echo người lạ: một")
	e.MustSend(t, lan.ID, "hai")
	e.MustWaitText(t, lan.ID, 0, "echo người lạ: hai")

	if got := h.Seen(lan.ID); !slices.Equal(got, []string{"một", "hai"}) {
		t.Errorf("handled %q", got)
	}
	if refused.Load() < 2 || inbox.failPuts.Load() >= 0 {
		t.Errorf("the 429 (%d getUpdates) or the store failures (%d left) did not happen", refused.Load(), inbox.failPuts.Load())
	}
}

// Updates from outside private chats are stored already handled: they count
// for the offset and never reach a step.
func TestGroupUpdateStoredHandled(t *testing.T) {
	e := MustEnv(t)
	h := newEcho()
	b := e.MustNew(t, e.Config(h))
	raw := `{"update_id":61,"message":{"message_id":1,"date":1767225600,"from":{"id":5,"is_bot":false,"first_name":"Ba"},` +
		`"chat":{"id":-100777,"type":"supergroup","title":"Tiểu khu 2"},"text":"chào cả nhà"}}`
	if err := b.Receive(t.Context(), []byte(raw)); err != nil {
		t.Fatal(err)
	}
	if last, err := e.db.MaxUpdateID(t.Context()); err != nil || last != 61 {
		t.Errorf("MaxUpdateID = %d, %v", last, err)
	}
	chats, err := e.db.PendingChats(t.Context(), 0)
	if err != nil || len(chats) != 0 {
		t.Errorf("pending chats %v, %v", chats, err)
	}
}
