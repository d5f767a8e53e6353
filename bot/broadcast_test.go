package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"danchu"
	"danchu/bot"
	"danchu/flows/flowstest"
	"danchu/sim"
	"danchu/storage"
	"danchu/storage/kv"
	"danchu/storage/storagetest"
)

// MustResidents registers each user as a resident of Tiểu khu 1.
func (e *env) MustResidents(tb testing.TB, users []sim.User) []*danchu.Resident {
	tb.Helper()
	out := make([]*danchu.Resident, len(users))
	for i, u := range users {
		out[i] = &danchu.Resident{TelegramID: u.ID, FullName: u.LastName + " " + u.FirstName, Neighbourhood: "Tiểu khu 1", Language: "vi"}
		if err := e.db.CreateResident(tb.Context(), out[i]); err != nil {
			tb.Fatalf("create resident: %v", err)
		}
	}
	return out
}

// MustPublish publishes a notice from sender to the residents, one outbox
// message each, with its progress message in the sender's chat at msgID
// (0: none yet).
func (e *env) MustPublish(tb testing.TB, sender *danchu.Resident, to []*danchu.Resident, text string, msgID int) *danchu.Broadcast {
	tb.Helper()
	n := &danchu.Notice{SenderID: sender.ID, Audience: danchu.Audience{Neighbourhoods: []string{"Tiểu khu 1"}}, Text: text}
	b := &danchu.Broadcast{Kind: danchu.BroadcastNotice, SenderID: sender.ID, ChatID: sender.TelegramID, ProgressMsgID: msgID, Lang: "vi"}
	err := e.db.PublishNotice(tb.Context(), n, b, func(noticeID, _ int64) ([]*danchu.OutboxMessage, error) {
		msgs := make([]*danchu.OutboxMessage, 0, len(to))
		for _, r := range to {
			m := &danchu.OutboxMessage{ChatID: r.TelegramID, ResidentID: r.ID, Kind: "notice", Priority: danchu.PriorityBroadcast, Text: text}
			if r.Unreachable {
				m.Status = danchu.OutboxUnreachable
			}
			msgs = append(msgs, m)
		}
		return msgs, nil
	})
	if err != nil {
		tb.Fatalf("publish: %v", err)
	}
	return b
}

// viewer is the real flows engine on the env's stores, as the program
// wires it.
func (e *env) viewer() *flowstest.Program {
	return flowstest.NewProgram(e.tb, danchu.DefaultSettings(), e.db, kv.NewMemory(nil), nil, flowstest.Stores{Reach: true})
}

// ProgressConfig edits quickly.
func (e *env) ProgressConfig(locker danchu.Locker) bot.ProgressConfig {
	return bot.ProgressConfig{Broadcasts: e.db, View: e.viewer(), Locker: locker, Interval: 50 * time.Millisecond,
		Logger: e.Config(newEcho()).Logger}
}

// MustRunProgress runs a bot's progress loop until the end of the test.
func (e *env) MustRunProgress(tb testing.TB, cfg bot.ProgressConfig) *running {
	tb.Helper()
	b := e.MustNew(tb, e.Config(newEcho()))
	return runWith(tb, b, func(ctx context.Context) error { return b.RunBroadcastProgress(ctx, cfg) })
}

// MustFinish waits until the broadcast's summary was shown.
func (e *env) MustFinish(tb testing.TB, id int64) *danchu.Broadcast {
	tb.Helper()
	var b *danchu.Broadcast
	MustEventually(tb, fmt.Sprintf("broadcast %d finished", id), func() bool {
		var err error
		if b, err = e.db.FindBroadcast(tb.Context(), id); err != nil {
			tb.Fatal(err)
		}
		return b.FinishedAt != nil
	})
	return b
}

// The sender of a broadcast sees one message, edited from the progress to
// the summary, which says how many were not reached and why; two replicas
// edit it without sending it twice.
func TestBroadcastProgressEndsInASummary(t *testing.T) {
	storagetest.ForEachEngine(t, func(t *testing.T, db *storage.DB) {
		e := MustEnvOn(t, fastSim, db)
		users := e.MustStartedUsers(t, 13)
		residents := e.MustResidents(t, users)
		head, to := residents[0], residents[1:]
		if err := e.srv.Block(users[5].ID, true); err != nil { // blocks the bot now: a 403
			t.Fatal(err)
		}
		to[7].Unreachable = true // known to have blocked it before: never sent

		b := e.MustPublish(t, head, to, "Lịch cắt điện ngày mai", 0)
		locker := kv.NewMemory(nil)
		e.MustRunProgress(t, e.ProgressConfig(locker))
		e.MustRunProgress(t, e.ProgressConfig(locker))
		e.MustRunSender(t, nil, e.SenderConfig(newLimiter()))

		done := e.MustFinish(t, b.ID)
		msgs, err := e.srv.Messages(t.Context(), head.TelegramID, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		var progress []sim.Message
		for _, m := range msgs {
			if m.From == "bot" {
				progress = append(progress, m)
			}
		}
		if len(progress) != 1 || progress[0].ID != done.ProgressMsgID {
			t.Fatalf("the sender has %d progress messages (%+v), want one, recorded as %d", len(progress), progress, done.ProgressMsgID)
		}
		for _, want := range []string{"Đã gửi xong: Lịch cắt điện ngày mai", "Đã gửi 10/12 người", "Không gửi được 2 người: 2 người đã chặn"} {
			if !strings.Contains(progress[0].Text, want) {
				t.Errorf("the summary lacks %q:\n%s", want, progress[0].Text)
			}
		}
		if len(progress[0].InlineKeyboard) != 0 {
			t.Errorf("the summary still has buttons: %+v", progress[0].InlineKeyboard)
		}
	})
}

// A progress message that cannot be edited (deleted, too old) is sent anew
// and the new one is edited from then on.
func TestBroadcastProgressReplacesAMessageItCannotEdit(t *testing.T) {
	e := MustEnv(t)
	users := e.MustStartedUsers(t, 3)
	residents := e.MustResidents(t, users)
	b := e.MustPublish(t, residents[0], residents[1:], "Họp tổ dân phố", 4242)
	e.ExpectRefusal("message to edit not found")
	e.MustRunProgress(t, e.ProgressConfig(nil))
	e.MustRunSender(t, nil, e.SenderConfig(newLimiter()))

	done := e.MustFinish(t, b.ID)
	if done.ProgressMsgID == 4242 || done.ProgressMsgID == 0 {
		t.Fatalf("the progress message is still %d", done.ProgressMsgID)
	}
	m := e.MustWait(t, residents[0].TelegramID, 0, "the summary", func(m sim.Message) bool { return strings.Contains(m.Text, "Đã gửi xong") })
	if m.ID != done.ProgressMsgID {
		t.Errorf("the summary is message %d, the broadcast records %d", m.ID, done.ProgressMsgID)
	}
}

func TestRunBroadcastProgressNeedsItsStores(t *testing.T) {
	e := MustEnv(t)
	b := e.MustNew(t, e.Config(newEcho()))
	if err := b.RunBroadcastProgress(t.Context(), bot.ProgressConfig{Broadcasts: e.db}); danchu.ErrorCode(err) != danchu.EINVALID {
		t.Errorf("without a view: %v, want EINVALID", err)
	}
}
