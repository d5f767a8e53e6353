package bot_test

import (
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"danchu"
	"danchu/sim"
	"danchu/storage"
	"danchu/storage/storagetest"
)

// fastSim lets many messages through, with a per-chat limit the senders of
// these tests keep (their PerChat is 100ms).
var fastSim = sim.Options{GlobalRate: 1000, PerChatInterval: 100 * time.Millisecond}

// notices enqueues, for each user, n numbered messages, the users taking
// turns, with mixed priorities and buttons on the last one.
func notices(e *env, tb testing.TB, users []sim.User, n int) {
	tb.Helper()
	prios := []int{danchu.PriorityBroadcast, danchu.PriorityPersonal, danchu.PriorityReminder}
	for i := 1; i <= n; i++ {
		for _, u := range users {
			m := &danchu.OutboxMessage{ChatID: u.ID, Kind: "test.notice", Priority: prios[i%len(prios)], Text: noticeText(u, i)}
			if i == n {
				m.Buttons = [][]danchu.OutboxButton{{{Text: "Đã nhận", Data: "ack:" + strconv.Itoa(i)}}}
			}
			e.MustEnqueue(tb, m)
		}
	}
}

func noticeText(u sim.User, i int) string {
	return fmt.Sprintf("Thông báo số %d gửi ông/bà %s", i, u.FirstName)
}

func wantNotices(u sim.User, n int) []string {
	var out []string
	for i := 1; i <= n; i++ {
		out = append(out, noticeText(u, i))
	}
	return out
}

// Messages to one chat arrive in the order they were enqueued, whatever
// their priorities, under the simulator's per-chat limit; the log holds
// neither texts nor chat ids.
func TestSenderKeepsEachChatsOrder(t *testing.T) {
	storagetest.ForEachEngine(t, func(t *testing.T, db *storage.DB) {
		e := MustEnvOn(t, fastSim, db)
		users := e.MustStartedUsers(t, 4)
		notices(e, t, users, 4)

		cfg := e.SenderConfig(newLimiter())
		cfg.Workers = 4
		s := e.MustRunSender(t, nil, cfg)
		e.MustDeliver(t, users, 4)
		s.Stop(t)

		for _, u := range users {
			if got, want := e.BotTexts(t, u.ID), wantNotices(u, 4); !slices.Equal(got, want) {
				t.Errorf("user %d got %q, want %q", u.ID, got, want)
			}
			msgs, err := e.srv.Messages(t.Context(), u.ID, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			last := msgs[len(msgs)-1]
			if len(last.InlineKeyboard) != 1 || last.InlineKeyboard[0][0].Data != "ack:4" {
				t.Errorf("user %d: the last message has buttons %+v, want one \"ack:4\"", u.ID, last.InlineKeyboard)
			}
		}
		e.MustAllFinished(t)
		if n := e.Refusals(429); n > 0 {
			t.Errorf("the simulator answered 429 %d times; the per-chat limit should have prevented that", n)
		}
		var secret []string
		for _, u := range users {
			secret = append(secret, strconv.FormatInt(u.ID, 10), "Thông báo số")
		}
		e.MustLogWithout(t, secret...)
	})
}

// A personal message enqueued during a broadcast goes out before the rest of
// the broadcast: behind at most what was claimed already (Batch) and what
// was in flight (Workers, counted twice since answers may overtake).
func TestSenderPersonalGoesBeforeTheRestOfABroadcast(t *testing.T) {
	storagetest.ForEachEngine(t, func(t *testing.T, db *storage.DB) {
		e := MustEnvOn(t, fastSim, db)
		users := e.MustStartedUsers(t, 25)
		crowd, person := users[:24], users[24]
		for _, u := range crowd {
			e.MustEnqueue(t, &danchu.OutboxMessage{ChatID: u.ID, Kind: "notice", Priority: danchu.PriorityBroadcast, BroadcastID: 1, Text: "Họp tổ dân phố tối thứ Bảy"})
		}

		w := newWire(holdBefore, 0)
		cfg := e.SenderConfig(newLimiter())
		cfg.Batch, cfg.Workers = 4, 2
		s := e.MustRunSender(t, w.Client(), cfg)
		// The broadcast is under way: claimed, its first sends on the wire.
		MustEventually(t, "a broadcast send is on the wire", func() bool { return w.Held() >= 1 })

		e.MustEnqueue(t, &danchu.OutboxMessage{ChatID: person.ID, Kind: "petition.accepted", Priority: danchu.PriorityPersonal, Text: "Đơn của ông/bà đã được tiếp nhận"})
		s.WakeSender()
		w.Open()
		e.MustDeliver(t, users, 1)
		s.Stop(t)

		order := w.Delivered()
		if len(order) != len(users) {
			t.Fatalf("%d messages delivered, want %d (one each)", len(order), len(users))
		}
		before := slices.Index(order, person.ID)
		t.Logf("%d broadcast messages went before the personal one, %d after", before, len(order)-before-1)
		if bound := cfg.Batch + 2*cfg.Workers; before > bound {
			t.Errorf("%d broadcast messages went before the personal one, want at most %d", before, bound)
		}
		e.MustAllFinished(t)
	})
}

// A person who blocked the bot is marked unreachable, and their messages end
// as unreachable without a second try; the others still get theirs.
func TestSenderBlockedPersonIsUnreachable(t *testing.T) {
	storagetest.ForEachEngine(t, func(t *testing.T, db *storage.DB) {
		e := MustEnvOn(t, fastSim, db)
		users := e.MustStartedUsers(t, 2)
		blocked, other := users[0], users[1]
		if err := db.CreateResident(t.Context(), &danchu.Resident{TelegramID: blocked.ID, FullName: "Nguyễn Văn Chặn", Language: "vi"}); err != nil {
			t.Fatal(err)
		}
		if err := e.srv.Block(blocked.ID, true); err != nil {
			t.Fatal(err)
		}
		e.MustEnqueue(t,
			&danchu.OutboxMessage{ChatID: blocked.ID, Kind: "notice", Priority: danchu.PriorityPersonal, Text: "Tin thứ nhất"},
			&danchu.OutboxMessage{ChatID: blocked.ID, Kind: "notice", Priority: danchu.PriorityPersonal, Text: "Tin thứ hai"},
			&danchu.OutboxMessage{ChatID: other.ID, Kind: "notice", Priority: danchu.PriorityPersonal, Text: "Tin cho người khác"},
		)

		s := e.MustRunSender(t, nil, e.SenderConfig(newLimiter()))
		e.MustDeliver(t, []sim.User{other}, 1)
		MustEventually(t, "both messages to the blocked person refused", func() bool { return e.Refusals(403) >= 2 })
		s.Stop(t)

		if n := e.Refusals(403); n != 2 {
			t.Errorf("the simulator refused %d sends with 403, want 2 (one per message, no retry)", n)
		}
		r, err := db.FindResidentByTelegramID(t.Context(), blocked.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !r.Unreachable {
			t.Errorf("the resident who blocked the bot is not marked unreachable")
		}
		if got := e.BotTexts(t, blocked.ID); len(got) != 0 {
			t.Errorf("the blocked person got %q", got)
		}
		e.MustAllFinished(t)
	})
}

// With the simulator's global limit far below the sender's rate, 429s come;
// the sender waits them out, and every message arrives once, in order.
func TestSenderSurvivesTooManyRequests(t *testing.T) {
	storagetest.ForEachEngine(t, func(t *testing.T, db *storage.DB) {
		e := MustEnvOn(t, sim.Options{GlobalRate: 5, PerChatInterval: 100 * time.Millisecond}, db)
		users := e.MustStartedUsers(t, 10)
		notices(e, t, users, 2)

		cfg := e.SenderConfig(newLimiter())
		cfg.Rate, cfg.Workers = 50, 8
		s := e.MustRunSender(t, nil, cfg)
		e.MustDeliver(t, users, 2)
		s.Stop(t)

		t.Logf("the simulator answered 429 %d times", e.Refusals(429))
		if e.Refusals(429) == 0 {
			t.Fatalf("the simulator never answered 429: the test provoked nothing")
		}
		for _, u := range users {
			if got, want := e.BotTexts(t, u.ID), wantNotices(u, 2); !slices.Equal(got, want) {
				t.Errorf("user %d got %q, want %q", u.ID, got, want)
			}
		}
		e.MustAllFinished(t)
	})
}

// A sender that dies while it holds claimed messages (some delivered, their
// answers lost) is replaced by one whose clock is past the leases: everyone
// gets the broadcast, and only the sends in flight at the crash repeat.
func TestSenderResumesAfterACrash(t *testing.T) {
	storagetest.ForEachEngine(t, func(t *testing.T, db *storage.DB) {
		e := MustEnvOn(t, fastSim, db)
		users := e.MustStartedUsers(t, 20)
		for _, u := range users {
			e.MustEnqueue(t, &danchu.OutboxMessage{ChatID: u.ID, Kind: "notice", Priority: danchu.PriorityBroadcast, BroadcastID: 7, Text: "Lịch cắt điện ngày mai"})
		}

		w := newWire(holdAfter, 0)
		cfg := e.SenderConfig(newLimiter())
		cfg.Batch, cfg.Workers = 6, 3
		first := e.MustRunSender(t, w.Client(), cfg)
		MustEventually(t, "a delivered message awaits its answer", func() bool { return w.Held() >= 1 })
		first.cancel()
		w.Cut()
		first.Stop(t)
		inFlight := w.Held()

		next := e.SenderConfig(newLimiter())
		next.Now = func() time.Time { return time.Now().Add(2 * time.Minute) } // the first sender's leases have ended
		second := e.MustRunSender(t, nil, next)
		e.MustDeliver(t, users, 1)
		second.Stop(t)

		repeats := 0
		for _, u := range users {
			repeats += len(e.BotTexts(t, u.ID)) - 1
		}
		t.Logf("%d sends in flight at the crash, %d repeated", inFlight, repeats)
		if repeats > inFlight {
			t.Errorf("%d messages were repeated, more than the %d in flight at the stop", repeats, inFlight)
		}
		e.MustAllFinished(t)
	})
}

// Two senders (replicas) on one outbox and one limiter share the work: each
// message arrives once, in its chat's order.
func TestTwoSendersShareTheOutbox(t *testing.T) {
	storagetest.ForEachEngine(t, func(t *testing.T, db *storage.DB) {
		e := MustEnvOn(t, fastSim, db)
		users := e.MustStartedUsers(t, 12)
		notices(e, t, users, 3)

		limiter := newLimiter()
		cfg := e.SenderConfig(limiter)
		cfg.Batch, cfg.Workers = 6, 3
		a := e.MustRunSender(t, nil, cfg)
		b := e.MustRunSender(t, nil, cfg)
		e.MustDeliver(t, users, 3)
		a.Stop(t)
		b.Stop(t)

		for _, u := range users {
			if got, want := e.BotTexts(t, u.ID), wantNotices(u, 3); !slices.Equal(got, want) {
				t.Errorf("user %d got %q, want %q", u.ID, got, want)
			}
		}
		e.MustAllFinished(t)
	})
}

// A network failure is tried again, up to MaxAttempts; then the message
// fails and the chat's next message goes.
func TestSenderRetriesNetworkFailures(t *testing.T) {
	tests := []struct {
		name        string
		failures    int
		maxAttempts int
		want        []string
		wantSends   int
	}{
		{"recovers", 2, 5, []string{"Tin một", "Tin hai"}, 4},
		{"gives up", 3, 3, []string{"Tin hai"}, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := MustEnvOn(t, fastSim, storagetest.MustOpen(t, storagetest.SQLiteURL(t)))
			u := e.MustStartedUsers(t, 1)[0]
			e.MustEnqueue(t,
				&danchu.OutboxMessage{ChatID: u.ID, Kind: "notice", Text: "Tin một"},
				&danchu.OutboxMessage{ChatID: u.ID, Kind: "notice", Text: "Tin hai"},
			)
			w := newWire(holdNone, tt.failures)
			cfg := e.SenderConfig(newLimiter())
			cfg.MaxAttempts = tt.maxAttempts
			s := e.MustRunSender(t, w.Client(), cfg)
			e.MustWaitText(t, u.ID, 0, "Tin hai")
			s.Stop(t)

			if got := e.BotTexts(t, u.ID); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if got := w.Sends(); got != tt.wantSends {
				t.Errorf("%d sends, want %d", got, tt.wantSends)
			}
			e.MustAllFinished(t)
		})
	}
}

// A sender idle with a long poll interval sends at once when woken.
func TestWakeSender(t *testing.T) {
	e := MustEnv(t)
	u := e.MustStartedUsers(t, 1)[0]
	cfg := e.SenderConfig(newLimiter())
	cfg.PollInterval = time.Hour
	s := e.MustRunSender(t, nil, cfg)
	e.MustEnqueue(t, &danchu.OutboxMessage{ChatID: u.ID, Kind: "notice", Text: "Có tin mới"})
	s.WakeSender()
	e.MustWaitText(t, u.ID, 0, "Có tin mới")
	s.Stop(t)
	e.MustAllFinished(t)
}

// A sender without an outbox or a limiter refuses to start.
func TestRunSenderNeedsOutboxAndLimiter(t *testing.T) {
	e := MustEnv(t)
	b := e.MustNew(t, e.Config(newEcho()))
	err := b.RunSender(t.Context(), e.SenderConfig(nil))
	if danchu.ErrorCode(err) != danchu.EINVALID {
		t.Errorf("RunSender without a limiter: %v, want EINVALID", err)
	}
}
