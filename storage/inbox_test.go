package storage_test

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"danchu"
	"danchu/storage"
)

func mustPutUpdate(tb testing.TB, db *storage.DB, updateID, chatID int64) {
	tb.Helper()
	u := &danchu.InboxUpdate{UpdateID: updateID, ChatID: chatID,
		Payload: fmt.Appendf(nil, `{"update_id":%d,"message":{"chat":{"id":%d},"text":"Xin chào"}}`, updateID, chatID)}
	inserted, err := db.PutUpdate(tb.Context(), u)
	if err != nil || !inserted {
		tb.Fatalf("PutUpdate(%d) = %v, %v", updateID, inserted, err)
	}
}

func TestInboxPutIsIdempotent(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		if max, err := db.MaxUpdateID(ctx); err != nil || max != 0 {
			t.Fatalf("MaxUpdateID(empty) = %d, %v", max, err)
		}
		u := &danchu.InboxUpdate{UpdateID: 500, ChatID: 42, Payload: []byte(`{"update_id":500}`)}
		inserted, err := db.PutUpdate(ctx, u)
		mustNil(t, err)
		repeat := &danchu.InboxUpdate{UpdateID: 500, ChatID: 43, Payload: []byte(`{"other":true}`)}
		again, err := db.PutUpdate(ctx, repeat)
		mustNil(t, err)
		if !inserted || again {
			t.Fatalf("PutUpdate twice = %v, %v; want true, false", inserted, again)
		}
		got, err := db.NextUpdate(ctx, 42)
		mustNil(t, err)
		want := &danchu.InboxUpdate{UpdateID: 500, ChatID: 42, Payload: []byte(`{"update_id":500}`), ReceivedAt: t0}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("stored %+v, want %+v", got, want)
		}
		if _, err := db.NextUpdate(ctx, 43); danchu.ErrorCode(err) != danchu.ENOTFOUND {
			t.Fatalf("the repeat was stored: %v", err)
		}
		mustPutUpdate(t, db, 499, 42)
		if max, err := db.MaxUpdateID(ctx); err != nil || max != 500 {
			t.Fatalf("MaxUpdateID = %d, %v; want 500", max, err)
		}
	})
}

func TestInboxOrder(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		const a, b, c = 100, 200, -300 // group chats have negative ids
		for _, u := range []struct{ id, chat int64 }{{13, c}, {10, a}, {12, a}, {11, b}, {14, a}} {
			mustPutUpdate(t, db, u.id, u.chat)
		}
		pending := func(limit int) []int64 {
			t.Helper()
			chats, err := db.PendingChats(ctx, limit)
			mustNil(t, err)
			return chats
		}
		if got, want := pending(0), []int64{a, b, c}; !reflect.DeepEqual(got, want) {
			t.Fatalf("PendingChats = %v, want %v", got, want)
		}

		next, err := db.NextUpdate(ctx, a)
		mustNil(t, err)
		if next.UpdateID != 10 {
			t.Fatalf("NextUpdate(a) = %d, want 10", next.UpdateID)
		}
		mustNil(t, db.MarkHandled(ctx, 10, t0.Add(time.Second), ""))
		if got, want := pending(0), []int64{b, a, c}; !reflect.DeepEqual(got, want) {
			t.Fatalf("after handling 10: PendingChats = %v, want %v", got, want)
		}
		if got, want := pending(2), []int64{b, a}; !reflect.DeepEqual(got, want) {
			t.Fatalf("PendingChats(2) = %v, want %v", got, want)
		}

		// A failed attempt keeps the update first in its chat.
		mustNil(t, db.MarkAttempt(ctx, 12, "telegram: timeout"))
		mustNil(t, db.MarkAttempt(ctx, 12, "telegram: 502"))
		next, err = db.NextUpdate(ctx, a)
		mustNil(t, err)
		if next.UpdateID != 12 || next.Attempts != 2 || next.LastError != "telegram: 502" || next.HandledAt != nil {
			t.Fatalf("after two attempts NextUpdate = %+v", next)
		}
		// Given up: handled, with the reason; an empty reason keeps the last one.
		mustNil(t, db.MarkHandled(ctx, 12, t0.Add(time.Minute), "gave up"))
		mustNil(t, db.MarkHandled(ctx, 11, t0.Add(time.Minute), ""))
		mustNil(t, db.MarkHandled(ctx, 14, t0.Add(time.Minute), ""))
		if got, want := pending(0), []int64{c}; !reflect.DeepEqual(got, want) {
			t.Fatalf("PendingChats = %v, want %v", got, want)
		}
		_, err = db.NextUpdate(ctx, a)
		wantCode(t, err, danchu.ENOTFOUND)

		wantCode(t, db.MarkHandled(ctx, 999, t0, ""), danchu.ENOTFOUND)
		wantCode(t, db.MarkAttempt(ctx, 999, "x"), danchu.ENOTFOUND)
	})
}

func TestPruneInbox(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		for id := int64(1); id <= 4; id++ {
			mustPutUpdate(t, db, id, 42)
		}
		mustNil(t, db.MarkHandled(ctx, 1, t0, ""))
		mustNil(t, db.MarkHandled(ctx, 2, t0.Add(time.Hour), ""))
		mustNil(t, db.MarkHandled(ctx, 4, t0, "")) // the newest: kept for MaxUpdateID
		n, err := db.PruneInbox(ctx, t0.Add(time.Minute))
		mustNil(t, err)
		if n != 1 {
			t.Fatalf("PruneInbox removed %d, want 1", n)
		}
		if max, _ := db.MaxUpdateID(ctx); max != 4 {
			t.Fatalf("MaxUpdateID after prune = %d, want 4", max)
		}
		if next, err := db.NextUpdate(ctx, 42); err != nil || next.UpdateID != 3 {
			t.Fatalf("pending update lost: %+v, %v", next, err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM inbox`); n != 3 {
			t.Fatalf("%d rows left, want 3", n)
		}
	})
}
