package main

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"testing"

	"danchu/sim"
	"danchu/storage/storagetest"
)

// mustMigrate runs `danchu migrate` on env's database, as the migration Job
// does before the replicas start.
func mustMigrate(t *testing.T, env map[string]string) {
	t.Helper()
	var out strings.Builder
	m := &Main{Stdout: &out, Stderr: &out, Getenv: func(k string) string { return env[k] }}
	if err := m.ParseFlags(t.Context(), []string{"migrate"}); err != nil {
		t.Fatal(err)
	}
	if err := m.Run(t.Context()); err != nil {
		t.Fatalf("migrate: %v\n%s", err, out.String())
	}
}

// count runs a COUNT query on the database.
func count(t *testing.T, db *sql.DB, query string) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(t.Context(), query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// botMessages counts the bot's messages in the user's chat whose text holds
// want.
func botMessages(t *testing.T, c *sim.Client, userID int64, want string) int {
	t.Helper()
	msgs, err := c.Messages(t.Context(), userID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range msgs {
		if m.From == "bot" && strings.Contains(m.Text, want) {
			n++
		}
	}
	return n
}

// askHelp has each user send /help n times, one after the other, all users
// at once, and returns when every message is sent.
func askHelp(t *testing.T, c *sim.Client, users []sim.User, n int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), waitLong)
	defer cancel()
	var wg sync.WaitGroup
	for _, u := range users {
		wg.Go(func() {
			for range n {
				if _, err := c.SendText(ctx, u.ID, "/help"); err != nil {
					t.Errorf("user %d: %v", u.ID, err)
					return
				}
			}
		})
	}
	wg.Wait()
}

const helpAnswer = "kênh dân chủ cơ sở"

// Three processes of the program in webhook mode share PostgreSQL and Redis
// behind a round-robin proxy that Telegram posts to. Every replica sets the
// same webhook (setWebhook is idempotent: they do not fight). Each update is
// handled exactly once, whichever replica received it; and a registration
// started while only the first replica ran goes on while three run and
// finishes on the third after the first two stopped (sessions in Redis, a
// per-chat lock).
func TestThreeReplicasBehindALoadBalancer(t *testing.T) {
	const people, helpsEach = 6, 4

	dbURL := storagetest.PostgresURL(t)
	w := newWorld(t, dbURL, cleanRedis(t))
	p := newProxy(t)
	env := webhookEnv(w.env, p)
	env["DANCHU_NO_MIGRATE"] = "true"
	mustMigrate(t, env)
	db := storagetest.MustOpenRaw(t, dbURL).SQL()

	// The registration starts while only A runs.
	a := startReplica(t, "A", env)
	p.SetBackends(a.Addr)
	mai := w.newPerson("Mai", "Đỗ Thị", "0912345001")
	mai.says("/start")
	mai.expect("dữ liệu cá nhân")
	mai.press("reg:yes")
	mai.expect("họ và tên")
	mai.says("Đỗ Thị Mai")
	mai.expect("số điện thoại")

	b := startReplica(t, "B", env)
	c := startReplica(t, "C", env)
	replicas := []*replica{a, b, c}
	p.SetBackends(a.Addr, b.Addr, c.Addr)

	// Everyone asks for help at once while Mai goes on.
	users := make([]sim.User, people)
	for i := range users {
		users[i] = w.newPerson(fmt.Sprintf("Người %d", i+1), "Thử", "").user
	}
	asked := make(chan struct{})
	go func() { defer close(asked); askHelp(t, w.client, users, helpsEach) }()
	mai.sharesContact()
	mai.expect("tiểu khu nào")
	mai.press("reg:nb:1")
	mai.expect("kiểm tra lại")
	<-asked

	// Once nothing is pending, every /help has exactly one answer: an update
	// handled twice would have answered twice.
	updates := people*helpsEach + 5 // and Mai's five so far
	eventually(t, "every update stored and handled", func() bool {
		return count(t, db, "SELECT COUNT(*) FROM inbox WHERE handled_at IS NOT NULL") == updates &&
			count(t, db, "SELECT COUNT(*) FROM inbox WHERE handled_at IS NULL") == 0
	})
	for _, u := range users {
		if got := botMessages(t, w.client, u.ID, helpAnswer); got != helpsEach {
			t.Errorf("user %d asked %d times and got %d answers", u.ID, helpsEach, got)
		}
	}
	if n := count(t, db, "SELECT COUNT(*) FROM inbox WHERE attempts > 0 OR last_error <> ''"); n != 0 {
		t.Errorf("%d updates failed or were retried", n)
	}

	// Each replica received posts, and more than one handled updates.
	working := 0
	for _, r := range replicas {
		handled, _ := metricSum(scrape(t, r.Addr), "danchu_updates_handled_total", map[string]string{"outcome": "handled"})
		t.Logf("replica %s: %d webhook posts, %v updates handled", r.Name, p.Posts(r.Addr), handled)
		if p.Posts(r.Addr) == 0 {
			t.Errorf("replica %s received no post", r.Name)
		}
		if handled > 0 {
			working++
		}
	}
	if working < 2 {
		t.Errorf("only %d replica handled updates", working)
	}

	// A and B stop (SIGTERM, as Kubernetes does); Mai finishes on C.
	p.SetBackends(c.Addr)
	for _, r := range []*replica{a, b} {
		if code := r.Terminate(t); code != 0 {
			t.Errorf("replica %s exited with %d after SIGTERM:\n%s", r.Name, code, r.log)
		}
	}
	mai.press("reg:ok")
	mai.expect("đăng ký thành công")
	var name, neighbourhood string
	err := db.QueryRowContext(t.Context(), fmt.Sprintf("SELECT full_name, neighbourhood FROM residents WHERE telegram_id = %d", mai.user.ID)).Scan(&name, &neighbourhood)
	if err != nil || name != "Đỗ Thị Mai" || neighbourhood == "" {
		t.Errorf("Mai's record: %q %q %v: the answers given on A and B are lost", name, neighbourhood, err)
	}
	if info := webhookInfo(t, w); info.URL != env["DANCHU_WEBHOOK_URL"] || info.PendingUpdateCount != 0 {
		t.Errorf("the webhook at the end: %+v", info)
	}
	if code := c.Terminate(t); code != 0 {
		t.Errorf("replica C exited with %d after SIGTERM", code)
	}
}
