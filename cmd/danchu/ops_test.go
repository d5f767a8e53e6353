package main

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"danchu"
	"danchu/storage/storagetest"
)

// startWebhook starts the world's program in webhook mode behind p and
// returns the address of its operators' HTTP server.
func (w *world) startWebhook(p *rrProxy) string {
	w.t.Helper()
	w.env = webhookEnv(w.env, p)
	w.start()
	addr := w.main.server.HTTPAddr
	p.SetBackends(addr)
	return addr
}

// groupUpdate is a message in a group: the inbox keeps it, handled at once,
// and nothing is answered.
func groupUpdate(t *testing.T, updateID int64) []byte {
	t.Helper()
	raw, err := json.Marshal(map[string]any{
		"update_id": updateID,
		"message": map[string]any{
			"message_id": 1, "date": time.Now().Unix(), "text": "xin chào cả nhóm",
			"from": map[string]any{"id": 5551, "is_bot": false, "first_name": "Nhóm"},
			"chat": map[string]any{"id": -100777, "type": "group", "title": "Tổ dân phố"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// inboxHas reports whether the SQLite database at databaseURL holds the update.
func inboxHas(t *testing.T, databaseURL string, updateID int64) bool {
	t.Helper()
	db := storagetest.MustOpenRaw(t, databaseURL)
	var n int
	if err := db.SQL().QueryRowContext(t.Context(), "SELECT COUNT(*) FROM inbox WHERE update_id = ?", updateID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n == 1
}

// The webhook answers Telegram: 401 without the right secret (nothing
// stored), 200 once the update is in the inbox, and a 5xx while it cannot be
// stored, so that Telegram sends it again; the message sent during the
// outage is answered once the database is back.
func TestWebhookAnswers(t *testing.T) {
	dbURL := storagetest.SQLiteURL(t)
	w := newWorld(t, dbURL, "")
	p := newProxy(t)
	addr := w.startWebhook(p)
	hook := "http://" + addr + "/telegram/webhook"

	cases := []struct {
		name, secret string
		id           int64
		want         int
		stored       bool
	}{
		{"no secret", "", 9001, http.StatusUnauthorized, false},
		{"wrong secret", "not-the-secret", 9002, http.StatusUnauthorized, false},
		{"secret of another length", testWebhookSecret + "x", 9003, http.StatusUnauthorized, false},
		{"right secret", testWebhookSecret, 9004, http.StatusOK, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := postUpdate(t, hook, c.secret, groupUpdate(t, c.id)); got != c.want {
				t.Errorf("answered %d, want %d", got, c.want)
			}
			if got := inboxHas(t, dbURL, c.id); got != c.stored {
				t.Errorf("stored %v, want %v", got, c.stored)
			}
		})
	}

	// A person talks through the proxy: the simulator posts to the webhook.
	an := w.newPerson("An", "Trịnh Văn", "0912000111")
	an.says("/help")
	an.expect("kênh dân chủ cơ sở")

	// The inbox goes away: the webhook cannot store, and says so.
	tamper(t, dbURL, "ALTER TABLE inbox RENAME TO inbox_away")
	if got := postUpdate(t, hook, testWebhookSecret, groupUpdate(t, 9005)); got < 500 {
		t.Errorf("with no inbox the webhook answered %d, want a 5xx", got)
	}
	an.says("/help")
	eventually(t, "the simulator saw the webhook fail", func() bool {
		info := webhookInfo(t, w)
		return strings.Contains(info.LastErrorMessage, "500")
	})
	tamper(t, dbURL, "ALTER TABLE inbox_away RENAME TO inbox")
	an.expect("kênh dân chủ cơ sở") // sent again by Telegram, stored, answered
	if info := webhookInfo(t, w); info.PendingUpdateCount != 0 {
		t.Errorf("%d updates still wait at Telegram", info.PendingUpdateCount)
	}
}

type webhookInfoResult struct {
	URL                string `json:"url"`
	PendingUpdateCount int    `json:"pending_update_count"`
	LastErrorMessage   string `json:"last_error_message"`
}

// webhookInfo asks the simulator (Telegram) about the webhook.
func webhookInfo(t *testing.T, w *world) webhookInfoResult {
	t.Helper()
	status, body := get(t, w.simURL+"/bot"+w.sim.Token()+"/getWebhookInfo")
	var r struct {
		OK     bool              `json:"ok"`
		Result webhookInfoResult `json:"result"`
	}
	if err := json.Unmarshal([]byte(body), &r); err != nil || status != http.StatusOK || !r.OK {
		t.Fatalf("getWebhookInfo: %d %s (%v)", status, body, err)
	}
	return r.Result
}

// After an end-to-end exchange (a registration through the webhook and a
// notice through the outbox) /metrics shows the counters moved, as a
// Prometheus scrape reads them; /healthz and /readyz answer 200.
func TestMetricsMoveAfterAnExchange(t *testing.T) {
	dbURL := storagetest.SQLiteURL(t)
	w := newWorld(t, dbURL, "")
	p := newProxy(t)
	addr := w.startWebhook(p)

	mai := w.newPerson("Mai", "Đỗ Thị", "0912345678")
	mai.register("reg:nb:1")
	db := storagetest.MustOpenRaw(t, dbURL)
	if err := db.Enqueue(t.Context(), &danchu.OutboxMessage{ChatID: mai.user.ID, Kind: "notice", Text: "Thông báo họp tổ dân phố"}); err != nil {
		t.Fatal(err)
	}
	mai.expect("Thông báo họp tổ dân phố")
	if got := postUpdate(t, "http://"+addr+"/telegram/webhook", "wrong", groupUpdate(t, 9100)); got != http.StatusUnauthorized {
		t.Fatalf("wrong secret answered %d", got)
	}

	checks := []struct {
		name    string
		labels  map[string]string
		atLeast float64
	}{
		{"danchu_updates_handled_total", map[string]string{"type": "message", "outcome": "handled"}, 1},
		{"danchu_updates_handled_total", map[string]string{"type": "callback_query", "outcome": "handled"}, 3},
		{"danchu_update_handling_seconds", map[string]string{"type": "callback_query"}, 3},
		{"danchu_outbox_sends_total", map[string]string{"outcome": "sent"}, 1},
		{"danchu_outbox_sends_total", map[string]string{"outcome": "rate_limited"}, 0},
		{"danchu_telegram_responses_total", map[string]string{"method": "sendMessage", "code": "200"}, 1},
		{"danchu_telegram_responses_total", map[string]string{"method": "setWebhook", "code": "200"}, 1},
		{"danchu_webhook_requests_total", map[string]string{"code": "200"}, 6},
		{"danchu_webhook_requests_total", map[string]string{"code": "401"}, 1},
		{"danchu_outbox_depth", map[string]string{"status": "pending"}, 0},
		{"danchu_outbox_depth", map[string]string{"status": "sending"}, 0},
		{"go_sql_open_connections", map[string]string{"db_name": "danchu"}, 1},
		{"go_goroutines", nil, 1},
	}
	var missing []string
	eventually(t, "the counters moved", func() bool {
		fams := scrape(t, addr)
		missing = missing[:0]
		for _, c := range checks {
			if v, ok := metricSum(fams, c.name, c.labels); !ok || v < c.atLeast {
				missing = append(missing, c.name)
			}
		}
		if len(missing) > 0 {
			t.Logf("not yet: %v", missing)
		}
		return len(missing) == 0
	})

	// What an operator sees with curl.
	_, text := get(t, "http://"+addr+"/metrics")
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "danchu_") && !strings.HasSuffix(line, " 0") && !strings.Contains(line, "_bucket") {
			t.Log(line)
		}
	}

	for path, want := range map[string]string{"/healthz": "ok", "/readyz": "ready"} {
		if status, body := get(t, "http://"+addr+path); status != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("GET %s: %d %q, want 200 %q", path, status, body, want)
		}
	}
}

// /readyz checks Redis: cut off from it, the program is not ready (the load
// balancer sends it nothing) but still alive (not restarted for it).
func TestReadyzFailsWhenRedisIsUnreachable(t *testing.T) {
	redisURL := cleanRedis(t)
	u, err := url.Parse(redisURL)
	if err != nil {
		t.Fatal(err)
	}
	relay := newTCPRelay(t, u.Host)
	u.Host = relay.Addr
	w := newWorld(t, storagetest.SQLiteURL(t), u.String())
	w.env["DANCHU_HTTP_ADDR"] = "127.0.0.1:0"
	w.start()
	base := "http://" + w.main.server.HTTPAddr

	if status, body := get(t, base+"/readyz"); status != http.StatusOK {
		t.Fatalf("/readyz with Redis up: %d %s", status, body)
	}
	relay.Cut()
	var body string
	eventually(t, "/readyz answers 503", func() bool {
		var status int
		status, body = get(t, base+"/readyz")
		return status == http.StatusServiceUnavailable
	})
	if !strings.Contains(body, "kv") {
		t.Errorf("/readyz does not say what fails: %q", body)
	}
	if status, _ := get(t, base+"/healthz"); status != http.StatusOK {
		t.Errorf("/healthz answered %d without Redis: the process is alive", status)
	}
}

// Back to long polling (DANCHU_WEBHOOK_URL unset): the program deletes the
// webhook, and what was sent while it was down arrives by getUpdates.
func TestBackToPollingDeletesTheWebhook(t *testing.T) {
	w := newWorld(t, storagetest.SQLiteURL(t), "")
	p := newProxy(t)
	w.startWebhook(p)
	if info := webhookInfo(t, w); info.URL != p.URL+"/telegram/webhook" {
		t.Fatalf("the webhook is %q after a start in webhook mode", info.URL)
	}
	w.stop()

	lan := w.newPerson("Lan", "Trần Thị", "0912000222")
	lan.says("/help") // while nothing runs: it waits at Telegram
	for _, k := range []string{"DANCHU_WEBHOOK_URL", "DANCHU_WEBHOOK_SECRET", "DANCHU_HTTP_ADDR"} {
		delete(w.env, k)
	}
	w.start()
	lan.expect(helpAnswer)
	if info := webhookInfo(t, w); info.URL != "" {
		t.Errorf("the webhook is still %q in polling mode", info.URL)
	}
}
