package bot_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"danchu"
	"danchu/bot"
	"danchu/sim"
	"danchu/storage/kv"
)

func TestEchoTextAndCommands(t *testing.T) {
	e := MustEnv(t)
	h := newEcho()
	e.MustRun(t, e.Config(h))
	lan := e.MustUser(t, "Lan")

	e.MustSend(t, lan.ID, "Xin chào 🙏")
	e.MustWaitText(t, lan.ID, 0, "echo người lạ: Xin chào 🙏")

	// The simulator puts a bot_command entity with UTF-16 offsets on it.
	e.MustSend(t, lan.ID, "/gui_don Đường ở Tiểu khu 3 hỏng 🚧")
	e.MustWaitText(t, lan.ID, 0, "lệnh gui_don [Đường ở Tiểu khu 3 hỏng 🚧]")

	// A command after Vietnamese text and an emoji is no command.
	e.MustSend(t, lan.ID, "Chào 🚧 /help")
	e.MustWaitText(t, lan.ID, 0, "echo người lạ: Chào 🚧 /help")

	e.MustNoPending(t, lan.ID)
	e.MustLogWithout(t, "Xin chào", "Tiểu khu 3", "/help")
}

func TestSetsTheCommandMenu(t *testing.T) {
	e := MustEnv(t)
	r := e.MustRun(t, e.Config(newEcho()))
	lan := e.MustUser(t, "Lan")
	e.MustSend(t, lan.ID, "Chào")
	e.MustWaitText(t, lan.ID, 0, "echo người lạ: Chào")
	r.Stop(t)

	var menus []string
	for _, req := range e.srv.Requests() {
		if req.Method == "setMyCommands" {
			if req.Error != "" {
				t.Errorf("setMyCommands refused: %s", req.Error)
			}
			menus = append(menus, strings.Join(req.Fields, ","))
		}
	}
	want := []string{"commands", "commands,language_code"}
	if !slices.Equal(menus, want) {
		t.Errorf("setMyCommands calls with fields %q, want %q", menus, want)
	}
}

// Two messages of one chat sent together are handled in order, every time,
// while chats run in parallel.
func TestOneChatInOrderChatsInParallel(t *testing.T) {
	e := MustEnv(t)
	h := newEcho()
	cfg := e.Config(h)
	cfg.Workers = 4
	e.MustRun(t, cfg)

	const perChat = 8
	users := []sim.User{e.MustUser(t, "An"), e.MustUser(t, "Bình"), e.MustUser(t, "Chi")}
	for i := range perChat {
		for _, u := range users {
			e.MustSend(t, u.ID, fmt.Sprintf("tin %d của %s", i, u.FirstName))
		}
	}
	for _, u := range users {
		var want []string
		for i := range perChat {
			want = append(want, fmt.Sprintf("tin %d của %s", i, u.FirstName))
		}
		e.MustWaitText(t, u.ID, 0, "echo người lạ: "+want[perChat-1])
		if got := h.Seen(u.ID); !slices.Equal(got, want) {
			t.Errorf("%s: handled %q, want %q", u.FirstName, got, want)
		}
		var replies []string
		for _, w := range want {
			replies = append(replies, "echo người lạ: "+w)
		}
		if got := e.BotTexts(t, u.ID); !slices.Equal(got, replies) {
			t.Errorf("%s: replies %q, want %q", u.FirstName, got, replies)
		}
	}
}

// One update delivered twice (a webhook retry, a poll after a crash) is
// handled once.
func TestRepeatedUpdateHandledOnce(t *testing.T) {
	e := MustEnv(t)
	h := newEcho()
	r := e.MustRun(t, e.Config(h))
	lan := e.MustUser(t, "Lan")
	e.MustSend(t, lan.ID, "mở đầu")
	e.MustWaitText(t, lan.ID, 0, "echo người lạ: mở đầu")

	raw := textUpdate(11, lan.ID, "một lần thôi")
	for range 2 {
		if err := r.Receive(t.Context(), raw); err != nil {
			t.Fatalf("Receive: %v", err)
		}
	}
	fresh, err := e.db.PutUpdate(t.Context(), &danchu.InboxUpdate{UpdateID: 11, ChatID: lan.ID, Payload: raw})
	if err != nil || fresh {
		t.Fatalf("PutUpdate of a repeat = %v, %v; want false, nil", fresh, err)
	}
	if err := r.Receive(t.Context(), textUpdate(12, lan.ID, "rồi tin sau")); err != nil {
		t.Fatalf("Receive: %v", err)
	}
	e.MustWaitText(t, lan.ID, 0, "echo người lạ: rồi tin sau")

	want := []string{"mở đầu", "một lần thôi", "rồi tin sau"}
	if got := h.Seen(lan.ID); !slices.Equal(got, want) {
		t.Errorf("handled %q, want %q", got, want)
	}
}

func TestReceiveRefusesWhatIsNoUpdate(t *testing.T) {
	e := MustEnv(t)
	b := e.MustNew(t, e.Config(newEcho()))
	for _, raw := range []string{`not json`, `{"message":{"text":"x"}}`} {
		if err := b.Receive(t.Context(), []byte(raw)); danchu.ErrorCode(err) != danchu.EINVALID {
			t.Errorf("Receive(%s) = %v, want EINVALID", raw, err)
		}
	}
}

// A panic in a step costs that update only: the person gets the apology, the
// log the stack, the update is marked handled, and the bot goes on.
func TestPanicApologizesAndGoesOn(t *testing.T) {
	e := MustEnv(t)
	h := newEcho()
	e.MustRun(t, e.Config(h))
	lan := e.MustUser(t, "Lan")

	e.MustSend(t, lan.ID, "panic")
	e.MustWaitText(t, lan.ID, 0, "Xin lỗi (vi): internal")
	e.MustSend(t, lan.ID, "còn đó không?")
	e.MustWaitText(t, lan.ID, 0, "echo người lạ: còn đó không?")

	if got := h.Seen(lan.ID); !slices.Equal(got, []string{"panic", "còn đó không?"}) {
		t.Errorf("handled %q: a panic must not be retried", got)
	}
	e.MustNoPending(t, lan.ID)
	log := e.logs.String()
	for _, want := range []string{"panic while handling an update", "step exploded", "goroutine "} {
		if !strings.Contains(log, want) {
			t.Errorf("the log lacks %q:\n%s", want, log)
		}
	}
}

// An internal error is retried; the update succeeds when the store is back.
func TestInternalErrorRetried(t *testing.T) {
	e := MustEnv(t)
	h := newEcho()
	h.FailTimes("thử lại", 2)
	e.MustRun(t, e.Config(h))
	lan := e.MustUser(t, "Lan")

	e.MustSend(t, lan.ID, "thử lại")
	e.MustSend(t, lan.ID, "tin sau")
	e.MustWaitText(t, lan.ID, 0, "echo người lạ: tin sau")

	want := []string{"thử lại", "thử lại", "thử lại", "tin sau"}
	if got := h.Seen(lan.ID); !slices.Equal(got, want) {
		t.Errorf("handled %q, want %q (the next message waits for the retried one)", got, want)
	}
	if got := e.BotTexts(t, lan.ID); !slices.Equal(got, []string{"echo người lạ: thử lại", "echo người lạ: tin sau"}) {
		t.Errorf("replies %q: no apology for an update that worked in the end", got)
	}
}

// After MaxAttempts failures the update is given up with an apology, and
// the chat's next update runs.
func TestGivesUpAfterMaxAttempts(t *testing.T) {
	e := MustEnv(t)
	h := newEcho()
	cfg := e.Config(h)
	cfg.MaxAttempts = 3
	e.MustRun(t, cfg)
	lan := e.MustUser(t, "Lan")

	e.MustSend(t, lan.ID, "always fail")
	e.MustSend(t, lan.ID, "tin sau")
	e.MustWaitText(t, lan.ID, 0, "echo người lạ: tin sau")

	want := []string{"always fail", "always fail", "always fail", "tin sau"}
	if got := h.Seen(lan.ID); !slices.Equal(got, want) {
		t.Errorf("handled %q, want %q", got, want)
	}
	if got := e.BotTexts(t, lan.ID); !slices.Equal(got, []string{"Xin lỗi (vi): internal", "echo người lạ: tin sau"}) {
		t.Errorf("replies %q", got)
	}
	e.MustNoPending(t, lan.ID)
}

// A refusal (EINVALID and the like) is answered politely and not retried.
func TestRefusalNotRetried(t *testing.T) {
	e := MustEnv(t)
	h := newEcho()
	e.MustRun(t, e.Config(h))
	lan := e.MustUser(t, "Lan")

	e.MustSend(t, lan.ID, "invalid")
	e.MustWaitText(t, lan.ID, 0, "Xin lỗi (vi): invalid")
	e.MustSend(t, lan.ID, "tin sau")
	e.MustWaitText(t, lan.ID, 0, "echo người lạ: tin sau")
	if got := h.Seen(lan.ID); !slices.Equal(got, []string{"invalid", "tin sau"}) {
		t.Errorf("handled %q", got)
	}
}

// Updates stored but not handled when the process died are handled by the
// next process on start, in order.
func TestStoredUpdatesHandledAfterRestart(t *testing.T) {
	e := MustEnv(t)
	lan := e.MustUser(t, "Lan")
	e.MustSend(t, lan.ID, "trước khi sập") // Lan has written: the bot may answer

	// The first process stores three updates and dies before handling them.
	first := e.MustNew(t, e.Config(newEcho()))
	for i, text := range []string{"một", "hai", "ba"} {
		if err := first.Receive(t.Context(), textUpdate(int64(21+i), lan.ID, text)); err != nil {
			t.Fatalf("Receive: %v", err)
		}
	}

	h := newEcho()
	e.MustRun(t, e.Config(h))
	e.MustWaitText(t, lan.ID, 0, "echo người lạ: trước khi sập")
	want := []string{"một", "hai", "ba", "trước khi sập"} // update_id order
	if got := h.Seen(lan.ID); !slices.Equal(got, want) {
		t.Errorf("handled %q, want %q", got, want)
	}
	e.MustNoPending(t, lan.ID)
}

// Polling confirms an update only after it is stored: a bot that stops and
// a new one that starts on the same database handle each update once.
func TestRestartDoesNotRepeatOrLose(t *testing.T) {
	e := MustEnv(t)
	lan := e.MustUser(t, "Lan")
	h1 := newEcho()
	r1 := e.MustRun(t, e.Config(h1))
	e.MustSend(t, lan.ID, "một")
	e.MustWaitText(t, lan.ID, 0, "echo người lạ: một")
	r1.Stop(t)

	e.MustSend(t, lan.ID, "hai") // while no bot runs
	h2 := newEcho()
	e.MustRun(t, e.Config(h2))
	e.MustWaitText(t, lan.ID, 0, "echo người lạ: hai")
	if got1, got2 := h1.Seen(lan.ID), h2.Seen(lan.ID); !slices.Equal(got1, []string{"một"}) || !slices.Equal(got2, []string{"hai"}) {
		t.Errorf("first bot handled %q, second %q", got1, got2)
	}
}

// Stopping finishes the update in hand: its step ends and its reply is sent
// on a context that outlives the Run's.
func TestStopFinishesTheUpdateInHand(t *testing.T) {
	e := MustEnv(t)
	h := newEcho()
	release := h.Block("chậm")
	defer release()
	r := e.MustRun(t, e.Config(h))
	lan := e.MustUser(t, "Lan")

	e.MustSend(t, lan.ID, "chậm")
	select {
	case <-h.inside:
	case <-time.After(waitLong):
		t.Fatal("the step never started")
	}
	stopped := make(chan struct{})
	go func() { r.Stop(t); close(stopped) }()
	r.cancel() // make sure the context is over before the step goes on
	release()
	<-stopped

	e.MustWaitText(t, lan.ID, 0, "echo người lạ: chậm")
	e.MustNoPending(t, lan.ID)
}

// A pressed button: the spinner is stopped before the step runs, and the
// step's Edit changes the message the button was on.
func TestButtonAnsweredAndMessageEdited(t *testing.T) {
	e := MustEnv(t)
	h := newEcho()
	e.MustRun(t, e.Config(h))
	lan := e.MustUser(t, "Lan")

	e.MustSend(t, lan.ID, "menu")
	menu := e.MustWait(t, lan.ID, 0, "the menu", func(m sim.Message) bool { return len(m.InlineKeyboard) > 0 })
	e.MustPress(t, lan.ID, menu.ID, "two")
	edited := e.MustWaitText(t, lan.ID, menu.Seq, "Đã chọn two")
	if edited.ID != menu.ID || !edited.Edited || len(edited.InlineKeyboard) != 0 {
		t.Errorf("got %+v, want message %d edited without buttons", edited, menu.ID)
	}

	var answered, editAfterAnswer bool
	for _, req := range e.srv.Requests() {
		switch req.Method {
		case "answerCallbackQuery":
			answered = req.Error == ""
		case "editMessageText":
			editAfterAnswer = answered && req.Error == ""
		}
	}
	if !answered || !editAfterAnswer {
		t.Errorf("answerCallbackQuery answered %v, edit after it %v", answered, editAfterAnswer)
	}
}

// A button pressed again on a message that already shows the answer: the
// edit is "not modified", so the reply comes as a new message.
func TestEditNotModifiedFallsBackToANewMessage(t *testing.T) {
	e := MustEnv(t)
	e.ExpectRefusal("message is not modified")
	h := newEcho()
	e.MustRun(t, e.Config(h))
	lan := e.MustUser(t, "Lan")

	e.MustSend(t, lan.ID, "menu")
	menu := e.MustWait(t, lan.ID, 0, "the menu", func(m sim.Message) bool { return len(m.InlineKeyboard) > 0 })
	// Both presses reach the bot before it answers the first.
	release := h.Block("press:one")
	defer release()
	e.MustPress(t, lan.ID, menu.ID, "one")
	e.MustPress(t, lan.ID, menu.ID, "one")
	release()
	fresh := e.MustWait(t, lan.ID, menu.Seq, "a new message", func(m sim.Message) bool { return m.ID != menu.ID && m.Text == "Đã chọn one" })
	if fresh.Edited {
		t.Errorf("fallback %+v is an edit", fresh)
	}
}

func TestDocumentContactAndKeyboards(t *testing.T) {
	e := MustEnv(t)
	h := newEcho()
	e.MustRun(t, e.Config(h))
	lan := e.MustUser(t, "Lan")

	e.MustSend(t, lan.ID, "doc")
	doc := e.MustWaitText(t, lan.ID, 0, "Phiếu tiếp nhận")
	if len(doc.Files) != 1 || doc.Files[0].Name != "phieu.txt" {
		t.Fatalf("document message %+v", doc)
	}
	data, err := e.client.Download(t.Context(), doc.Files[0])
	if err != nil || string(data) != "Phiếu số 1" {
		t.Errorf("downloaded %q, %v", data, err)
	}

	e.MustSend(t, lan.ID, "phone")
	ask := e.MustWaitText(t, lan.ID, 0, "Bấm nút để gửi số")
	if len(ask.ReplyKeyboard) != 1 || !ask.ReplyKeyboard[0][0].RequestContact {
		t.Fatalf("keyboard %+v, want one contact button", ask.ReplyKeyboard)
	}
	mai := e.srv.CreateUser("Mai", "Trần", "+84912345678")
	e.MustSend(t, mai.ID, "phone")
	e.MustWaitText(t, mai.ID, 0, "Bấm nút để gửi số")
	if _, err := e.srv.ShareContact(mai.ID); err != nil {
		t.Fatal(err)
	}
	got := e.MustWait(t, mai.ID, 0, "the contact answer", func(m sim.Message) bool { return strings.HasPrefix(m.Text, "Đã nhận số") })
	if !strings.Contains(got.Text, "84912345678") || !got.RemoveKeyboard {
		t.Errorf("got %+v", got)
	}
	e.MustLogWithout(t, "84912345678", "912345678")
}

// A registered resident is loaded for the step.
func TestResidentLoaded(t *testing.T) {
	e := MustEnv(t)
	h := newEcho()
	e.MustRun(t, e.Config(h))
	lan := e.MustUser(t, "Lan")
	MustResident(t, e, lan.ID, "Nguyễn Thị Lan")

	e.MustSend(t, lan.ID, "chào")
	e.MustWaitText(t, lan.ID, 0, "echo Nguyễn Thị Lan: chào")
}

// MustResident registers a resident for the Telegram id.
func MustResident(tb testing.TB, e *env, telegramID int64, name string) *danchu.Resident {
	tb.Helper()
	r := &danchu.Resident{TelegramID: telegramID, FullName: name, Phone: "+84912000" + fmt.Sprint(telegramID%1000), Neighbourhood: "Tiểu khu 1", Language: "vi"}
	if err := e.db.CreateResident(tb.Context(), r); err != nil {
		tb.Fatalf("create resident: %v", err)
	}
	return r
}

// A reply to someone who blocked the bot gets 403: the resident is marked
// unreachable and the update is done.
func TestBlockedResidentMarkedUnreachable(t *testing.T) {
	e := MustEnv(t)
	h := newEcho()
	r := e.MustRun(t, e.Config(h))
	lan := e.MustUser(t, "Lan")
	res := MustResident(t, e, lan.ID, "Nguyễn Thị Lan")
	e.MustSend(t, lan.ID, "chào")
	e.MustWaitText(t, lan.ID, 0, "echo Nguyễn Thị Lan: chào")

	if err := e.srv.Block(lan.ID, true); err != nil {
		t.Fatal(err)
	}
	// An update that reached the bot before the block (a user's message
	// would lift it in the simulator, as on Telegram).
	if err := r.Receive(t.Context(), textUpdate(31, lan.ID, "trước khi chặn")); err != nil {
		t.Fatal(err)
	}
	MustEventually(t, "the resident is marked unreachable", func() bool {
		got, err := e.db.FindResidentByID(t.Context(), res.ID)
		return err == nil && got.Unreachable
	})
	e.MustNoPending(t, lan.ID)
}

// Blocking and unblocking the bot (my_chat_member) follow the resident.
func TestMyChatMemberFollowsTheBlock(t *testing.T) {
	e := MustEnv(t)
	h := newEcho()
	r := e.MustRun(t, e.Config(h))
	res := MustResident(t, e, 424242, "Lê Văn Hùng")

	member := func(id int64, status string) []byte {
		return fmt.Appendf(nil, `{"update_id":%d,"my_chat_member":{"chat":{"id":424242,"type":"private","first_name":"Hùng"},`+
			`"from":{"id":424242,"is_bot":false,"first_name":"Hùng"},"date":1767225600,`+
			`"old_chat_member":{"user":{"id":7000000002,"is_bot":true,"first_name":"Bot"},"status":"member"},`+
			`"new_chat_member":{"user":{"id":7000000002,"is_bot":true,"first_name":"Bot"},"status":%q}}}`, id, status)
	}
	unreachable := func() bool {
		got, err := e.db.FindResidentByID(t.Context(), res.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got.Unreachable
	}
	if err := r.Receive(t.Context(), member(41, "kicked")); err != nil {
		t.Fatal(err)
	}
	MustEventually(t, "blocked", unreachable)
	if err := r.Receive(t.Context(), member(42, "member")); err != nil {
		t.Fatal(err)
	}
	MustEventually(t, "unblocked", func() bool { return !unreachable() })
	if got := h.Seen(424242); len(got) != 0 {
		t.Errorf("the steps saw %q; membership is the bot's own business", got)
	}
}

// MustEventually waits (generously) until ok holds.
func MustEventually(tb testing.TB, what string, ok func() bool) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(tb.Context(), waitLong)
	defer cancel()
	for !ok() {
		select {
		case <-ctx.Done():
			tb.Fatalf("never: %s", what)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// Run may run once at a time.
func TestRunTwiceRefused(t *testing.T) {
	e := MustEnv(t)
	r := e.MustRun(t, e.Config(newEcho()))
	lan := e.MustUser(t, "Lan")
	e.MustSend(t, lan.ID, "chào")
	e.MustWaitText(t, lan.ID, 0, "echo người lạ: chào")
	if err := r.Run(t.Context()); err == nil {
		t.Error("a second Run started")
	}
}

func TestNewChecksTheConfig(t *testing.T) {
	e := MustEnv(t)
	cfg := e.Config(newEcho())
	cfg.Inbox = nil
	if _, err := bot.New(t.Context(), cfg); danchu.ErrorCode(err) != danchu.EINVALID {
		t.Errorf("missing inbox: %v", err)
	}
	e.ExpectRefusal("wrong bot token")
	cfg = e.Config(newEcho())
	cfg.Token = "1:wrong"
	if _, err := bot.New(t.Context(), cfg); err == nil {
		t.Error("a wrong token passed getMe")
	}
}

// Two replicas on one database share the chats through the Locker: one
// polls, the other only works the inbox (the webhook shape). Each update is
// handled once, and each chat's updates in order.
func TestTwoReplicasShareChatsInOrder(t *testing.T) {
	e := MustEnv(t)
	h := newEcho() // shared, so its record is the order across both replicas
	locker := kv.NewMemory(nil)
	cfgA, cfgB := e.Config(h), e.Config(h)
	cfgA.Locker, cfgB.Locker = locker, locker
	cfgA.Workers, cfgB.Workers = 2, 2
	e.MustRun(t, cfgA)
	b := e.MustNew(t, cfgB)
	runWith(t, b, b.RunWorkers)

	const perChat = 10
	users := []sim.User{e.MustUser(t, "An"), e.MustUser(t, "Bình"), e.MustUser(t, "Chi")}
	for i := range perChat {
		for _, u := range users {
			e.MustSend(t, u.ID, fmt.Sprintf("tin %d", i))
		}
	}
	for _, u := range users {
		var want []string
		for i := range perChat {
			want = append(want, fmt.Sprintf("tin %d", i))
		}
		e.MustWaitText(t, u.ID, 0, "echo người lạ: "+want[perChat-1])
		if got := h.Seen(u.ID); !slices.Equal(got, want) {
			t.Errorf("%s: handled %q, want %q", u.FirstName, got, want)
		}
	}
}
