package storage_test

import (
	"maps"
	"testing"
	"time"

	"danchu"
	"danchu/storage"
	"danchu/storage/storagetest"
)

// The depth counts what is waiting and what is claimed, never what is done.
func TestOutboxDepth(t *testing.T) {
	storagetest.ForEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		mustDepth := func(want map[string]int) {
			t.Helper()
			got, err := db.OutboxDepth(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(got, want) {
				t.Errorf("depth %v, want %v", got, want)
			}
		}
		mustDepth(map[string]int{"pending": 0, "sending": 0})

		var msgs []*danchu.OutboxMessage
		for i := range 5 {
			msgs = append(msgs, &danchu.OutboxMessage{ChatID: int64(100 + i), Kind: "notice", Text: "Thông báo"})
		}
		if err := db.Enqueue(ctx, msgs...); err != nil {
			t.Fatal(err)
		}
		mustDepth(map[string]int{"pending": 5, "sending": 0})

		now := time.Now()
		claimed, err := db.ClaimOutbox(ctx, now, time.Minute, 3)
		if err != nil || len(claimed) != 3 {
			t.Fatalf("claimed %d, %v", len(claimed), err)
		}
		mustDepth(map[string]int{"pending": 2, "sending": 3})

		if err := db.MarkSent(ctx, claimed[0].ID, now, 1); err != nil {
			t.Fatal(err)
		}
		if err := db.MarkFailed(ctx, claimed[1].ID, danchu.OutboxUnreachable, "403"); err != nil {
			t.Fatal(err)
		}
		if err := db.MarkRetry(ctx, claimed[2].ID, now.Add(time.Hour), "502"); err != nil {
			t.Fatal(err)
		}
		mustDepth(map[string]int{"pending": 3, "sending": 0})
	})
}
