package main

import (
	"fmt"
	"testing"

	"danchu"
	"danchu/sim"
	"danchu/storage/storagetest"
)

// The program in webhook mode, stopped with SIGTERM while residents write
// and the outbox is being sent, stops taking updates, finishes those in
// flight and the sends under way, and exits 0 (within DANCHU_SHUTDOWN_GRACE:
// past it, the exit code is 1). Started again, it has lost nothing: every
// update is answered once, every notice arrives once, and no outbox row is
// left unsent.
func TestSIGTERMStopsCleanlyAndLosesNothing(t *testing.T) {
	const people, helpsEach, noticesEach = 5, 4, 4

	dbURL := storagetest.PostgresURL(t)
	w := newWorld(t, dbURL, cleanRedis(t))
	p := newProxy(t)
	env := webhookEnv(w.env, p)
	env["DANCHU_NO_MIGRATE"] = "true"
	env["DANCHU_SEND_RATE"] = "4" // slow enough that SIGTERM comes mid-way
	env["DANCHU_SHUTDOWN_GRACE"] = "30s"
	mustMigrate(t, env)
	store := storagetest.MustOpenRaw(t, dbURL)
	db := store.SQL()

	first := startReplica(t, "first", env)
	p.SetBackends(first.Addr)

	// Each person writes once, so that the bot may write to them.
	users := make([]sim.User, people)
	for i := range users {
		pp := w.newPerson(fmt.Sprintf("Người %d", i+1), "Thử", "")
		pp.says("/help")
		pp.expect(helpAnswer)
		users[i] = pp.user
	}
	notice := func(u sim.User, i int) string { return fmt.Sprintf("Thông báo số %d gửi %s", i, u.FirstName) }
	for i := 1; i <= noticesEach; i++ {
		for _, u := range users {
			m := &danchu.OutboxMessage{ChatID: u.ID, Kind: "notice", Priority: danchu.PriorityBroadcast, Text: notice(u, i)}
			if err := store.Enqueue(t.Context(), m); err != nil {
				t.Fatal(err)
			}
		}
	}

	// Updates arrive, and SIGTERM comes once the first notices went out.
	asked := make(chan struct{})
	go func() { defer close(asked); askHelp(t, w.client, users, helpsEach) }()
	eventually(t, "a notice arrived", func() bool { return botMessages(t, w.client, users[0].ID, "Thông báo số") > 0 })
	if code := first.Terminate(t); code != 0 {
		t.Fatalf("exit code %d after SIGTERM (1: work still running after the grace):\n%s", code, first.log)
	}
	sentBefore := count(t, db, "SELECT COUNT(*) FROM outbox WHERE status = 'sent'")
	p.SetBackends() // nobody answers: Telegram keeps the updates
	<-asked

	second := startReplica(t, "second", env)
	p.SetBackends(second.Addr)

	updates := people * (1 + helpsEach)
	eventually(t, "every update stored and handled", func() bool {
		return count(t, db, "SELECT COUNT(*) FROM inbox WHERE handled_at IS NOT NULL") == updates &&
			count(t, db, "SELECT COUNT(*) FROM inbox WHERE handled_at IS NULL") == 0
	})
	// Messages claimed by the first and not sent are sent after their lease.
	eventually(t, "every notice sent", func() bool {
		return count(t, db, "SELECT COUNT(*) FROM outbox WHERE status = 'sent'") == people*noticesEach
	})
	t.Logf("%d of %d notices were sent before SIGTERM", sentBefore, people*noticesEach)
	if sentBefore == people*noticesEach {
		t.Errorf("every notice was sent before SIGTERM: the test stopped nothing mid-way")
	}

	for _, u := range users {
		if got := botMessages(t, w.client, u.ID, helpAnswer); got != 1+helpsEach {
			t.Errorf("user %d asked %d times and got %d answers", u.ID, 1+helpsEach, got)
		}
		for i := 1; i <= noticesEach; i++ {
			if got := botMessages(t, w.client, u.ID, notice(u, i)); got != 1 {
				t.Errorf("user %d got %q %d times, want once", u.ID, notice(u, i), got)
			}
		}
	}
	if code := second.Terminate(t); code != 0 {
		t.Errorf("the second run exited with %d after SIGTERM", code)
	}
}
