package sim

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot"
)

// MustStateServer starts a simulator that keeps its state in path; stop
// closes it (at most once; the test's end closes it too).
func MustStateServer(tb testing.TB, path string) (s *Server, base string, stop func()) {
	tb.Helper()
	var mu sync.Mutex
	ended := false
	s = New(Options{StateFile: path, Strict: true, PerChatInterval: time.Millisecond, Logf: func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		if !ended { // a request cut by Close may still log
			tb.Logf(format, args...)
		}
	}})
	base, err := s.Start("127.0.0.1:0")
	if err != nil {
		tb.Fatalf("start simulator: %v", err)
	}
	var once sync.Once
	stop = func() {
		once.Do(func() {
			ctx, cancel := context.WithTimeout(context.Background(), waitLong)
			defer cancel()
			if err := s.Close(ctx); err != nil {
				tb.Errorf("close simulator: %v", err)
			}
			mu.Lock()
			ended = true
			mu.Unlock()
		})
	}
	tb.Cleanup(stop)
	return s, base, stop
}

// MustBotUntil runs the echo bot against the simulator until stop.
func MustBotUntil(tb testing.TB, base, token string) (stop func()) {
	tb.Helper()
	b, err := bot.New(token, bot.WithServerURL(base), bot.WithDefaultHandler(echoBot(tb, nil)),
		bot.WithNotAsyncHandlers(), bot.WithErrorsHandler(func(err error) { tb.Logf("bot: %v", err) }))
	if err != nil {
		tb.Fatalf("bot.New against the simulator: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); b.Start(ctx) }()
	stop = func() { cancel(); wg.Wait() }
	tb.Cleanup(stop)
	return stop
}

func mustJSONText(tb testing.TB, v any) string {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// A restart of the simulator on the same state file keeps the users, their
// chats as they see them (keyboards, edits, files), and what they did while
// the bot was not reading: the new bot gets it, answers a callback query
// made before the restart, and an old message's button still works.
func TestStateSurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sim-state.json")
	ctx := context.Background()

	s1, base1, stop1 := MustStateServer(t, path)
	stopBot1 := MustBotUntil(t, base1, s1.Token())
	c1 := NewClient(base1, nil)
	lan, err := c1.CreateUser(ctx, "Lan", "Trần Thị", "+84911111111")
	if err != nil {
		t.Fatal(err)
	}
	var seq int64
	replies := map[string]Message{}
	for _, text := range []string{"Một", "Hai", "Ba"} {
		if _, err := c1.SendText(ctx, lan.ID, text); err != nil {
			t.Fatal(err)
		}
		replies[text] = MustWait(t, c1, lan.ID, seq, "the echo of "+text, fromBotWithText("Bạn nói: "+text))
		seq = replies[text].Seq
	}
	if _, err := c1.Press(ctx, lan.ID, replies["Ba"].ID, "sua"); err != nil {
		t.Fatal(err)
	}
	MustWait(t, c1, lan.ID, seq, "the edit", func(m Message) bool { return m.ID == replies["Ba"].ID && m.Edited })
	MustNoViolations(t, s1)

	// The bot stops; Lan goes on: a press, a text and a photo wait for it.
	stopBot1()
	photo := pngImage(4, 3)
	if _, err := c1.Press(ctx, lan.ID, replies["Hai"].ID, "sua"); err != nil {
		t.Fatal(err)
	}
	if _, err := c1.SendText(ctx, lan.ID, "Bốn"); err != nil {
		t.Fatal(err)
	}
	if _, err := c1.SendPhoto(ctx, lan.ID, photo, "ảnh"); err != nil {
		t.Fatal(err)
	}
	users1 := mustJSONText(t, s1.Users())
	chat1, err := s1.Messages(ctx, lan.ID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	stop1()

	s2, base2, _ := MustStateServer(t, path)
	c2 := NewClient(base2, nil)
	if got := mustJSONText(t, s2.Users()); got != users1 {
		t.Fatalf("users after the restart:\n%s\nwant:\n%s", got, users1)
	}
	chat2, err := s2.Messages(ctx, lan.ID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := mustJSONText(t, chat2), mustJSONText(t, chat1); got != want {
		t.Fatalf("chat after the restart:\n%s\nwant:\n%s", got, want)
	}
	minh, err := c2.CreateUser(ctx, "Minh", "Lê", "+84922222222")
	if err != nil {
		t.Fatal(err)
	}
	if minh.ID != lan.ID+1 {
		t.Fatalf("a user created after the restart has id %d, want %d (ids are never given twice)", minh.ID, lan.ID+1)
	}

	MustBotUntil(t, base2, s2.Token())
	last := chat1[len(chat1)-1].Seq
	MustWait(t, c2, lan.ID, last, "the press made before the restart", func(m Message) bool {
		return m.ID == replies["Hai"].ID && m.Text == "Bạn nói: Hai (đã bấm sua)"
	})
	MustWait(t, c2, lan.ID, last, "the answer to the text sent before the restart", fromBotWithText("Bạn nói: Bốn"))
	back := MustWait(t, c2, lan.ID, last, "the photo sent before the restart, back", fromBotWithText("Ảnh của bạn"))
	if len(back.Files) != 1 {
		t.Fatalf("photo message files = %+v", back.Files)
	}
	if got, err := c2.Download(ctx, back.Files[0]); err != nil || !bytes.Equal(got, photo) {
		t.Fatalf("the photo from before the restart, downloaded by the bot and sent back, differs (err %v)", err)
	}

	if _, err := c2.Press(ctx, lan.ID, replies["Một"].ID, "sua"); err != nil {
		t.Fatalf("press a button of a message from before the restart: %v", err)
	}
	MustWait(t, c2, lan.ID, last, "the edit of the old message", func(m Message) bool {
		return m.ID == replies["Một"].ID && m.Text == "Bạn nói: Một (đã bấm sua)"
	})
	MustNoViolations(t, s2)
}

// The state is saved shortly after a change, not only at Close: a program
// killed without Close loses at most the last moment. Only the owner may
// read the file (names and phone numbers).
func TestStateIsSavedWhileRunning(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sim-state.json")
	s, _, _ := MustStateServer(t, path)

	for _, name := range []string{"Lan", "Minh"} {
		s.CreateUser(name, "Trần", "+84911111111")
		MustEventually(t, "the state file lists "+name, func() bool {
			data, err := os.ReadFile(path)
			return err == nil && strings.Contains(string(data), `"first_name":"`+name+`"`)
		})
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("state file mode = %o, want 600", perm)
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*tmp*"))
	if len(leftovers) > 0 {
		t.Errorf("temp files left beside the state file: %v", leftovers)
	}
}

// A state file that cannot be read stops Start with an error that names
// the file, and the file is left as it is.
func TestCorruptStateFile(t *testing.T) {
	tests := map[string]string{
		"not JSON":       `{"version":1,"chats":[`,
		"empty":          ``,
		"other version":  `{"version":99}`,
		"user twice":     `{"version":1,"chats":[{"user":{"id":100001,"first_name":"A"}},{"user":{"id":100001,"first_name":"B"}}]}`,
		"message twice":  `{"version":1,"chats":[{"user":{"id":100001,"first_name":"A"},"messages":[{"view":{"id":1,"from":"bot"},"wire":{"message_id":1}},{"view":{"id":1,"from":"bot"},"wire":{"message_id":1}}]}]}`,
		"bad update":     `{"version":1,"pending_updates":[{"id":5,"update":"x"},{"id":4,"update":{}}]}`,
		"wrong type":     `{"version":1,"next_user_id":"many"}`,
		"a list, no map": `[1,2,3]`,
	}
	for name, content := range tests {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "sim-state.json")
			if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			s := New(Options{StateFile: path})
			_, err := s.Start("127.0.0.1:0")
			if err == nil || !strings.Contains(err.Error(), path) {
				t.Fatalf("Start = %v, want an error naming %s", err, path)
			}
			s.CreateUser("Lan", "Trần", "+84911111111")
			if err := s.Close(context.Background()); err != nil {
				t.Fatalf("Close: %v", err)
			}
			if data, _ := os.ReadFile(path); string(data) != content {
				t.Fatalf("the corrupt file was overwritten with %q", data)
			}
		})
	}
}

// No state file yet is an empty state; Close saves the last changes.
func TestStateFileMissingStartsEmpty(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sim-state.json")
	s, _, stop := MustStateServer(t, path)
	if len(s.Users()) != 0 {
		t.Fatalf("users = %+v, want none", s.Users())
	}
	// the first change is saved at once; the second, a moment later, by Close
	want := []User{s.CreateUser("Lan", "Trần", "+84911111111"), s.CreateUser("Minh", "Lê", "")}
	stop()

	again := New(Options{StateFile: path})
	if got := again.Users(); mustJSONText(t, got) != mustJSONText(t, want) {
		t.Fatalf("users after Close and New = %+v, want %+v", got, want)
	}
	if err := again.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// The saver goroutine runs once something changed and is gone after Close.
func TestCloseStopsTheSaver(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sim-state.json")
	s, _, stop := MustStateServer(t, path)
	s.CreateUser("Lan", "Trần", "+84911111111")
	// the saver, before it runs its first line too (then it is a wrapper)
	const saver = "created by danchu/sim.(*Server).markDirty"
	if g := goroutines(); !strings.Contains(g, saver) {
		t.Fatalf("no goroutine %s after a change:\n%s", saver, g)
	}
	stop()
	if g := goroutines(); strings.Contains(g, saver) {
		t.Fatalf("a goroutine %s still runs after Close:\n%s", saver, g)
	}
}

// goroutines returns the stacks of all goroutines, however many there are.
func goroutines() string {
	for size := 1 << 20; ; size *= 2 {
		buf := make([]byte, size)
		if n := runtime.Stack(buf, true); n < size {
			return string(buf[:n])
		}
	}
}
