package bot_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"danchu"
	"danchu/flows"
	"danchu/flows/flowstest"
	"danchu/sim"
	"danchu/storage/kv"
)

func hasButton(m sim.Message, data string) bool {
	for _, row := range m.InlineKeyboard {
		for _, b := range row {
			if b.Data == data {
				return true
			}
		}
	}
	return false
}

func hasContactButton(m sim.Message) bool {
	for _, row := range m.ReplyKeyboard {
		for _, b := range row {
			if b.RequestContact {
				return true
			}
		}
	}
	return false
}

// The real engine behind the bot: a resident registers through the
// simulator with buttons, an edited consent message, the contact keyboard
// and the menu keyboard, and is then known to the steps.
func TestRegistrationWithTheRealEngine(t *testing.T) {
	e := MustEnv(t)
	engine := flowstest.NewProgram(t, danchu.DefaultSettings(), e.db, kv.NewMemory(nil), nil, flowstest.Stores{})
	e.MustRun(t, e.Config(engine))
	an := e.srv.CreateUser("An", "Nguyễn Văn", "+84912345678")

	e.MustSend(t, an.ID, "/start")
	consent := e.MustWait(t, an.ID, 0, "the consent question", func(m sim.Message) bool { return hasButton(m, "reg:yes") })

	e.MustPress(t, an.ID, consent.ID, "reg:yes")
	e.MustWait(t, an.ID, consent.Seq, "the consent message edited", func(m sim.Message) bool {
		return m.ID == consent.ID && m.Edited && strings.Contains(m.Text, "✅")
	})
	name := e.MustWait(t, an.ID, consent.Seq, "the name question", func(m sim.Message) bool { return hasButton(m, "reg:tgname") })

	e.MustPress(t, an.ID, name.ID, "reg:tgname")
	e.MustWait(t, an.ID, name.Seq, "the contact keyboard", hasContactButton)

	if _, err := e.srv.ShareContact(an.ID); err != nil {
		t.Fatal(err)
	}
	nb := e.MustWait(t, an.ID, name.Seq, "the neighbourhood question", func(m sim.Message) bool { return hasButton(m, "reg:nb:2") })

	e.MustPress(t, an.ID, nb.ID, "reg:nb:2")
	check := e.MustWait(t, an.ID, nb.Seq, "the summary", func(m sim.Message) bool { return hasButton(m, "reg:ok") })

	e.MustPress(t, an.ID, check.ID, "reg:ok")
	e.MustWait(t, an.ID, check.Seq, "the menu keyboard", func(m sim.Message) bool { return len(m.ReplyKeyboard) > 0 && !hasContactButton(m) })

	r, err := e.db.FindResidentByTelegramID(t.Context(), an.ID)
	if err != nil {
		t.Fatalf("the resident was not registered: %v", err)
	}
	if r.Phone != "+84912345678" || r.Neighbourhood != "Tiểu khu 3" {
		t.Errorf("registered %+v", r)
	}
	e.MustNoPending(t, an.ID)
	e.MustLogWithout(t, "912345678", "Nguyễn Văn")
}

// A step of the real engine that panics: the engine recovers it, the bot
// does not retry it, the person gets the engine's apology and the log the
// stack.
func TestRealEnginePanicNotRetried(t *testing.T) {
	e := MustEnv(t)
	engine := flowstest.NewProgram(t, danchu.DefaultSettings(), e.db, kv.NewMemory(nil), nil, flowstest.Stores{})
	var calls atomic.Int32
	err := engine.Register(flows.Feature{Command: "no_tung", Public: true, Start: func(context.Context, *flows.Turn) ([]flows.Reply, error) {
		calls.Add(1)
		panic("feature exploded")
	}})
	if err != nil {
		t.Fatal(err)
	}
	e.MustRun(t, e.Config(engine))
	an := e.MustUser(t, "An")

	e.MustSend(t, an.ID, "/no_tung")
	apology := engine.ErrorReplies("vi", errors.New("any"))[0].Text
	e.MustWaitText(t, an.ID, 0, apology)
	e.MustNoPending(t, an.ID)
	if n := calls.Load(); n != 1 {
		t.Errorf("the panicking step ran %d times, want 1", n)
	}
	log := e.logs.String()
	for _, want := range []string{"a step panicked", "feature exploded", "goroutine "} {
		if !strings.Contains(log, want) {
			t.Errorf("the log lacks %q:\n%s", want, log)
		}
	}
}
