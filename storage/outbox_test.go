package storage_test

import (
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"danchu"
	"danchu/storage"
)

// msg is a pending message to chat.
func msg(chat int64, priority int, text string) *danchu.OutboxMessage {
	return &danchu.OutboxMessage{ChatID: chat, ResidentID: chat * 10, Kind: "petition.accepted", Priority: priority, Text: text}
}

func mustEnqueue(tb testing.TB, db *storage.DB, msgs ...*danchu.OutboxMessage) {
	tb.Helper()
	if err := db.Enqueue(tb.Context(), msgs...); err != nil {
		tb.Fatalf("Enqueue: %v", err)
	}
}

// mustClaim claims and returns the texts claimed, in order.
func mustClaim(tb testing.TB, db *storage.DB, now time.Time, lease time.Duration, limit int) ([]*danchu.OutboxMessage, []string) {
	tb.Helper()
	msgs, err := db.ClaimOutbox(tb.Context(), now, lease, limit)
	if err != nil {
		tb.Fatalf("ClaimOutbox: %v", err)
	}
	texts := []string{}
	for _, m := range msgs {
		if m.Status != danchu.OutboxSending {
			tb.Fatalf("claimed message %d has status %s", m.ID, m.Status)
		}
		texts = append(texts, m.Text)
	}
	return msgs, texts
}

func TestOutboxEnqueue(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		m := &danchu.OutboxMessage{
			ChatID: 42, ResidentID: 7, Kind: "petition.answered", Priority: danchu.PriorityPersonal,
			Text:        "Đơn HT-2026-000001 đã có trả lời.",
			Buttons:     [][]danchu.OutboxButton{{{Text: "Xem", Data: "p:view:1"}, {Text: "Đánh giá", Data: "p:rate:1"}}},
			BroadcastID: 3, DedupKey: "petition:1:answered",
		}
		mustEnqueue(t, db, m)
		if m.ID == 0 || m.Status != danchu.OutboxPending || !m.CreatedAt.Equal(t0) || !m.NotBefore.Equal(t0) {
			t.Fatalf("Enqueue set %+v", m)
		}
		got, texts := mustClaim(t, db, t0, time.Minute, 10)
		if len(got) != 1 {
			t.Fatalf("claimed %v", texts)
		}
		want := *m
		want.Status = danchu.OutboxSending
		if !reflect.DeepEqual(got[0], &want) {
			t.Fatalf("claimed\n%+v\nwant\n%+v", got[0], &want)
		}

		// The same DedupKey again, in another call or the same one, is skipped.
		again := &danchu.OutboxMessage{ChatID: 42, Text: "lần hai", DedupKey: "petition:1:answered"}
		twice := []*danchu.OutboxMessage{
			{ChatID: 43, Text: "một", DedupKey: "notice:9:43"},
			{ChatID: 43, Text: "một nữa", DedupKey: "notice:9:43"},
			{ChatID: 43, Text: "không khoá"},
			{ChatID: 43, Text: "không khoá nữa"},
		}
		mustEnqueue(t, db, again)
		mustEnqueue(t, db, twice...)
		if again.ID != 0 || twice[0].ID == 0 || twice[1].ID != 0 || twice[2].ID == 0 || twice[3].ID == 0 {
			t.Fatalf("ids after dedup: %d; %d %d %d %d", again.ID, twice[0].ID, twice[1].ID, twice[2].ID, twice[3].ID)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM outbox`); n != 4 {
			t.Fatalf("%d rows stored, want 4", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM outbox WHERE dedup_key IS NULL`); n != 2 {
			t.Fatalf("%d rows without a key are NULL, want 2", n)
		}

		for _, bad := range []*danchu.OutboxMessage{{Text: "no chat"}, {ChatID: 1}} {
			wantCode(t, db.Enqueue(ctx, &danchu.OutboxMessage{ChatID: 50, Text: "ok"}, bad), danchu.EINVALID)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM outbox WHERE chat_id = 50`); n != 0 {
			t.Fatalf("a refused batch stored %d rows", n)
		}
		_, err := db.ClaimOutbox(ctx, t0, 0, 10)
		wantCode(t, err, danchu.EINVALID)
	})
}

// TestOutboxClaimOrder: by priority, then chat, then id; one message per
// chat at a time, in the order the chat's messages were enqueued, whatever
// their priority.
func TestOutboxClaimOrder(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		const a, b, c, d = 100, 200, -300, 400
		later := &danchu.OutboxMessage{ChatID: d, Text: "d1 later", NotBefore: t0.Add(time.Hour)}
		mustEnqueue(t, db,
			msg(a, danchu.PriorityBroadcast, "a1"),
			msg(b, danchu.PriorityPersonal, "b1"),
			msg(a, danchu.PriorityPersonal, "a2"), // behind a1, whatever its priority
			msg(c, danchu.PriorityReminder, "c1"),
			msg(b, danchu.PriorityPersonal, "b2"),
			later,
		)
		lease := time.Minute
		got, texts := mustClaim(t, db, t0, lease, 10)
		if want := []string{"b1", "c1", "a1"}; !slices.Equal(texts, want) {
			t.Fatalf("first claim = %v, want %v", texts, want)
		}
		if _, texts := mustClaim(t, db, t0, lease, 10); len(texts) != 0 {
			t.Fatalf("while the chats' first messages are out, claimed %v", texts)
		}
		byText := map[string]*danchu.OutboxMessage{}
		for _, m := range got {
			byText[m.Text] = m
		}
		mustNil(t, db.MarkSent(ctx, byText["b1"].ID, t0, 501))
		mustNil(t, db.MarkSent(ctx, byText["a1"].ID, t0, 502))
		// c1 fails for now and is retried in 10 minutes: nothing of chat c
		// goes before it.
		mustNil(t, db.MarkRetry(ctx, byText["c1"].ID, t0.Add(10*time.Minute), "429 Too Many Requests"))
		mustEnqueue(t, db, msg(c, danchu.PriorityPersonal, "c2"))

		got, texts = mustClaim(t, db, t0, lease, 10)
		if !slices.Equal(texts, []string{"a2", "b2"}) {
			t.Fatalf("second claim = %v, want [a2 b2]", texts)
		}
		for _, m := range got {
			mustNil(t, db.MarkSent(ctx, m.ID, t0, 503))
		}
		if _, texts := mustClaim(t, db, t0.Add(5*time.Minute), lease, 10); len(texts) != 0 {
			t.Fatalf("before c1's retry time, claimed %v", texts)
		}
		got, texts = mustClaim(t, db, t0.Add(10*time.Minute), lease, 10)
		if !slices.Equal(texts, []string{"c1"}) || got[0].Attempts != 1 || got[0].LastError != "429 Too Many Requests" {
			t.Fatalf("at c1's retry time claimed %v (%+v)", texts, got)
		}
		mustNil(t, db.MarkFailed(ctx, got[0].ID, danchu.OutboxUnreachable, "403 Forbidden: bot was blocked by the user"))
		got, texts = mustClaim(t, db, t0.Add(10*time.Minute), lease, 10)
		if !slices.Equal(texts, []string{"c2"}) {
			t.Fatalf("after c1 failed, claimed %v, want [c2]", texts)
		}
		mustNil(t, db.MarkSent(ctx, got[0].ID, t0, 504))
		if _, texts := mustClaim(t, db, t0.Add(2*time.Hour), lease, 1); !slices.Equal(texts, []string{"d1 later"}) {
			t.Fatalf("after its time, claimed %v", texts)
		}

		sent := count(t, db, `SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND sent_at IS NOT NULL AND telegram_message_id > 500`)
		// b1, a1, a2, b2, c2
		failed := count(t, db, `SELECT COUNT(*) FROM outbox WHERE status = 'unreachable' AND attempts = 2 AND last_error LIKE '403%'`)
		if sent != 5 || failed != 1 {
			t.Fatalf("%d sent and %d unreachable rows, want 5 and 1", sent, failed)
		}
	})
}

// TestOutboxLease: a sender that died leaves its messages to be claimed
// again once the lease is over, and a slow sender cannot undo a delivery.
func TestOutboxLease(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		mustEnqueue(t, db, msg(1, 0, "m1"), msg(1, 0, "m2"), msg(2, 0, "n1"))
		lease := time.Minute
		first, _ := mustClaim(t, db, t0, lease, 10)
		if len(first) != 2 {
			t.Fatalf("first claim: %d messages", len(first))
		}
		if _, texts := mustClaim(t, db, t0.Add(lease-time.Microsecond), lease, 10); len(texts) != 0 {
			t.Fatalf("within the lease, claimed %v", texts)
		}
		again, texts := mustClaim(t, db, t0.Add(lease), lease, 10)
		if !slices.Equal(texts, []string{"m1", "n1"}) {
			t.Fatalf("after the lease, claimed %v, want [m1 n1]", texts)
		}
		// The second sender delivers m1; the first one, late, reports a failure.
		mustNil(t, db.MarkSent(ctx, again[0].ID, t0.Add(lease), 9))
		mustNil(t, db.MarkRetry(ctx, first[0].ID, t0.Add(time.Hour), "timeout"))
		mustNil(t, db.MarkFailed(ctx, first[0].ID, danchu.OutboxFailed, "timeout"))
		if n := count(t, db, `SELECT COUNT(*) FROM outbox WHERE id = ? AND status = 'sent' AND attempts = 0`, first[0].ID); n != 1 {
			t.Fatal("a late report changed a delivered message")
		}
		if _, texts := mustClaim(t, db, t0.Add(lease), lease, 10); !slices.Equal(texts, []string{"m2"}) {
			t.Fatalf("after m1 was sent, claimed %v, want [m2]", texts)
		}

		wantCode(t, db.MarkSent(ctx, 999, t0, 1), danchu.ENOTFOUND)
		wantCode(t, db.MarkRetry(ctx, 999, t0, "x"), danchu.ENOTFOUND)
		wantCode(t, db.MarkFailed(ctx, 999, danchu.OutboxFailed, "x"), danchu.ENOTFOUND)
		wantCode(t, db.MarkFailed(ctx, first[0].ID, danchu.OutboxSent, "x"), danchu.EINVALID)
	})
}

// TestOutboxConcurrentClaimers: senders claiming at once never get the same
// message, and every chat's messages go out in order.
func TestOutboxConcurrentClaimers(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		const chats, perChat, senders = 40, 5, 4
		var msgs []*danchu.OutboxMessage
		for i := range perChat {
			for c := range chats {
				msgs = append(msgs, msg(int64(c+1), c%3, fmt.Sprintf("%d", i)))
			}
		}
		mustEnqueue(t, db, msgs...)
		order := map[int64][]int64{} // chat: ids in the order they were sent
		claimed := map[int64]int{}
		var mu sync.Mutex
		var wg sync.WaitGroup
		errs := make(chan error, senders)
		for range senders {
			wg.Go(func() {
				for idle := 0; idle < 3; {
					got, err := db.ClaimOutbox(t.Context(), t0, time.Hour, 7)
					if err != nil {
						errs <- err
						return
					}
					if len(got) == 0 {
						idle++
						time.Sleep(5 * time.Millisecond)
						continue
					}
					idle = 0
					for _, m := range got {
						mu.Lock()
						claimed[m.ID]++
						order[m.ChatID] = append(order[m.ChatID], m.ID)
						mu.Unlock()
						if err := db.MarkSent(t.Context(), m.ID, t0, 1); err != nil {
							errs <- err
							return
						}
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		if len(claimed) != chats*perChat {
			t.Fatalf("%d messages claimed, want %d", len(claimed), chats*perChat)
		}
		for id, n := range claimed {
			if n != 1 {
				t.Fatalf("message %d claimed %d times", id, n)
			}
		}
		for chat, ids := range order {
			if !slices.IsSorted(ids) {
				t.Fatalf("chat %d sent out of order: %v", chat, ids)
			}
		}
	})
}
