package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"testing"
	"time"

	"danchu/sim"
	"danchu/storage/storagetest"
)

// TestMain lets a test run the real program as a child process: the test
// binary started with DANCHU_E2E_CHILD=1 is the program.
func TestMain(m *testing.M) {
	if os.Getenv("DANCHU_E2E_CHILD") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// startChild runs the program as a child process with env.
func startChild(t *testing.T, env map[string]string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "serve")
	cmd.Env = append(os.Environ(), "DANCHU_E2E_CHILD=1")
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	return cmd
}

// The program killed with SIGKILL while updates arrive, and started again,
// has lost none of them: each is stored before it is confirmed to Telegram,
// and what is stored and not handled is handled on start.
func TestKilledProgramLosesNoUpdate(t *testing.T) {
	const people, messagesEach = 8, 6

	srv := sim.New(sim.Options{Token: "777:CRASH-TEST", Logf: t.Logf})
	url, err := srv.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close(context.Background())
	client := sim.NewClient(url, nil)
	dbURL := storagetest.SQLiteURL(t)
	env := map[string]string{
		"DANCHU_DATABASE_URL":     dbURL,
		"DANCHU_TELEGRAM_TOKEN":   srv.Token(),
		"DANCHU_TELEGRAM_API_URL": url,
		"DANCHU_LOG_LEVEL":        "warn",
	}

	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	users := make([]sim.User, people)
	for i := range users {
		if users[i], err = client.CreateUser(ctx, fmt.Sprintf("Người %d", i+1), "Thử", ""); err != nil {
			t.Fatal(err)
		}
	}

	first := startChild(t, env)

	// Everyone asks for help, again and again, while the program runs...
	var (
		sending sync.WaitGroup
		mu      sync.Mutex
		sent    []int64 // update ids
	)
	for _, u := range users {
		sending.Add(1)
		go func() {
			defer sending.Done()
			for range messagesEach {
				s, err := client.SendText(ctx, u.ID, "/help")
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				sent = append(sent, s.UpdateID)
				mu.Unlock()
				time.Sleep(20 * time.Millisecond)
			}
		}()
	}

	// ...and the program is killed once it has begun answering.
	if _, err := client.WaitMessage(ctx, users[0].ID, 0, func(m sim.Message) bool { return m.From == "bot" }); err != nil {
		t.Fatal(err)
	}
	if err := first.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	first.Wait()
	sending.Wait()

	startChild(t, env)

	for _, u := range users {
		for {
			msgs, err := client.Messages(ctx, u.ID, 0, 2*time.Second)
			if err != nil {
				t.Fatalf("%s: %v", u.FirstName, err)
			}
			if answered(msgs) >= messagesEach {
				break
			}
		}
	}

	// Every update sent is in the inbox and handled.
	raw := rawSQLite(t, dbURL)
	var unhandled []int64
	for range 100 { // the last answers may still be being marked handled
		unhandled = unhandled[:0]
		for _, id := range sent {
			var handled sql.NullString
			err := raw.QueryRowContext(ctx, "SELECT handled_at FROM inbox WHERE update_id = ?", id).Scan(&handled)
			if err != nil || !handled.Valid {
				unhandled = append(unhandled, id)
			}
		}
		if len(unhandled) == 0 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if len(sent) != people*messagesEach || len(unhandled) > 0 {
		t.Errorf("sent %d updates; not stored or not handled: %v", len(sent), unhandled)
	}
}

// answered counts the user's /help messages that have a bot answer after them.
func answered(msgs []sim.Message) int {
	n, waiting := 0, 0
	for _, m := range msgs {
		switch {
		case m.From == "user":
			waiting++
		case m.From == "bot" && waiting > 0:
			n++
			waiting--
		}
	}
	return n
}
