package bot_test

import (
	"encoding/json"
	"maps"
	"sync"
	"testing"
	"time"

	"danchu"
	"danchu/bot"
	"danchu/sim"
	"danchu/storage/storagetest"
)

// counting is an Observer that counts what it is told.
type counting struct {
	mu      sync.Mutex
	updates map[string]int // "kind outcome"
	sends   map[string]int
	badTook int // durations below zero
}

func newCounting() *counting {
	return &counting{updates: map[string]int{}, sends: map[string]int{}}
}

func (c *counting) UpdateHandled(kind, outcome string, took time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.updates[kind+" "+outcome]++
	if took < 0 {
		c.badTook++
	}
}

func (c *counting) Sent(outcome string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sends[outcome]++
}

func (c *counting) Updates() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.updates)
}

func (c *counting) Sends() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.sends)
}

// Each attempt at an update is reported once, with the update's type and how
// it ended.
func TestObserverCountsUpdatesByKindAndOutcome(t *testing.T) {
	e := MustEnv(t)
	obs := newCounting()
	cfg := e.Config(newEcho())
	cfg.MaxAttempts = 2
	cfg.Observer = obs
	r := e.MustRun(t, cfg)
	lan := e.MustUser(t, "Lan")

	e.MustSend(t, lan.ID, "xin chào")
	e.MustSend(t, lan.ID, "panic")
	e.MustSend(t, lan.ID, "always fail") // fails, then is given up
	menu := e.MustSend(t, lan.ID, "menu")
	m := e.MustWaitText(t, lan.ID, 0, "Chọn một mục")
	e.MustPress(t, lan.ID, m.ID, "one")
	e.MustWaitText(t, lan.ID, 0, "Đã chọn one")
	edited, err := json.Marshal(map[string]any{
		"update_id": menu.UpdateID + 1000,
		"edited_message": map[string]any{
			"message_id": 1, "date": time.Now().Unix(), "edit_date": time.Now().Unix(), "text": "sửa",
			"from": map[string]any{"id": lan.ID, "is_bot": false, "first_name": "Lan"},
			"chat": map[string]any{"id": lan.ID, "type": "private", "first_name": "Lan"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Receive(t.Context(), edited); err != nil {
		t.Fatal(err)
	}
	e.MustNoPending(t, lan.ID)
	r.Stop(t)

	want := map[string]int{
		"message handled":        2, // xin chào, menu
		"message panic":          1,
		"message retry":          1,
		"message failed":         1,
		"callback_query handled": 1,
		"edited_message ignored": 1,
	}
	if got := obs.Updates(); !maps.Equal(got, want) {
		t.Errorf("updates observed %v, want %v", got, want)
	}
	if obs.badTook > 0 {
		t.Errorf("%d negative durations", obs.badTook)
	}
}

// The sender reports each outcome: sent, unreachable (403) and rate_limited
// (429), one report per answer.
func TestObserverCountsSends(t *testing.T) {
	t.Run("sent and unreachable", func(t *testing.T) {
		e := MustEnvOn(t, fastSim, storagetest.MustOpen(t, storagetest.SQLiteURL(t)))
		users := e.MustStartedUsers(t, 2)
		if err := e.srv.Block(users[0].ID, true); err != nil {
			t.Fatal(err)
		}
		e.MustEnqueue(t,
			&danchu.OutboxMessage{ChatID: users[0].ID, Kind: "notice", Text: "Tin cho người đã chặn"},
			&danchu.OutboxMessage{ChatID: users[1].ID, Kind: "notice", Text: "Tin cho người kia"},
		)
		obs := newCounting()
		cfg := e.SenderConfig(newLimiter())
		cfg.Observer = obs
		s := e.MustRunSender(t, nil, cfg)
		MustEventually(t, "two outcomes", func() bool { return obs.Sends()["sent"]+obs.Sends()["unreachable"] == 2 })
		s.Stop(t)
		if got, want := obs.Sends(), map[string]int{"sent": 1, "unreachable": 1}; !maps.Equal(got, want) {
			t.Errorf("sends observed %v, want %v", got, want)
		}
	})
	t.Run("rate limited", func(t *testing.T) {
		e := MustEnvOn(t, sim.Options{GlobalRate: 5, PerChatInterval: 100 * time.Millisecond}, storagetest.MustOpen(t, storagetest.SQLiteURL(t)))
		users := e.MustStartedUsers(t, 10)
		notices(e, t, users, 2)
		obs := newCounting()
		cfg := e.SenderConfig(newLimiter())
		cfg.Rate, cfg.Workers, cfg.Observer = 50, 8, obs
		s := e.MustRunSender(t, nil, cfg)
		e.MustDeliver(t, users, 2)
		s.Stop(t)
		if e.Refusals(429) == 0 {
			t.Fatalf("the simulator never answered 429: the test provoked nothing")
		}
		got := obs.Sends()
		if got["sent"] != 20 || got["rate_limited"] != e.Refusals(429) {
			t.Errorf("sends observed %v, want 20 sent and %d rate_limited (the simulator's 429s)", got, e.Refusals(429))
		}
	})
}

var _ bot.Observer = (*counting)(nil)
