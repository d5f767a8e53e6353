package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"syscall"
	"testing"
	"time"

	"danchu"
	"danchu/sim"
	"danchu/storage/storagetest"
)

// The program killed with SIGKILL in the middle of a broadcast, and started
// again, delivers it to every recipient; only the sends in flight at the
// kill (delivered by Telegram but not yet recorded) can repeat.
func TestKilledSenderResumesTheBroadcast(t *testing.T) {
	const recipients = 150
	const text = "Thông báo lịch cắt điện ngày mai, từ 7 giờ đến 11 giờ."

	srv := sim.New(sim.Options{Token: "778:KILL-BROADCAST", Strict: true, Logf: t.Logf})
	url, err := srv.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Close(ctx)
		for _, v := range srv.Violations() {
			t.Errorf("Bot API request the real Telegram would refuse: %s", v)
		}
	})
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()

	// The residents wrote to the bot once; those updates are confirmed
	// before the program starts, so it only sends the broadcast.
	users := make([]sim.User, recipients)
	for i := range users {
		users[i] = srv.CreateUser(fmt.Sprintf("Người %d", i+1), "Thử", "")
		if _, err := srv.SendText(users[i].ID, "/start"); err != nil {
			t.Fatal(err)
		}
	}
	mustDropUpdates(t, url, srv.Token())

	dbURL := storagetest.SQLiteURL(t)
	db := storagetest.MustOpen(t, dbURL)
	to := make([]*danchu.Resident, len(users))
	for i, u := range users {
		to[i] = &danchu.Resident{TelegramID: u.ID, FullName: u.FirstName, Neighbourhood: "Tiểu khu 1", Language: "vi"}
		if err := db.CreateResident(ctx, to[i]); err != nil {
			t.Fatal(err)
		}
	}
	n := &danchu.Notice{SenderID: to[0].ID, Audience: danchu.Audience{All: true}, Text: text}
	bc := &danchu.Broadcast{Kind: danchu.BroadcastNotice, SenderID: to[0].ID}
	err = db.PublishNotice(ctx, n, bc, func(int64, int64) ([]*danchu.OutboxMessage, error) {
		var msgs []*danchu.OutboxMessage
		for _, r := range to {
			msgs = append(msgs, &danchu.OutboxMessage{ChatID: r.TelegramID, ResidentID: r.ID, Kind: "notice", Priority: danchu.PriorityBroadcast, Text: text})
		}
		return msgs, nil
	})
	if err != nil {
		t.Fatal(err)
	}

	env := map[string]string{
		"DANCHU_DATABASE_URL":     dbURL,
		"DANCHU_TELEGRAM_TOKEN":   srv.Token(),
		"DANCHU_TELEGRAM_API_URL": url,
		"DANCHU_LOG_LEVEL":        "warn",
		"DANCHU_SEND_RATE":        "10", // slow enough to be caught midway
	}
	delivered := func() (total, recipientsReached int) {
		for _, u := range users {
			msgs, err := srv.Messages(ctx, u.ID, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			got := 0
			for _, m := range msgs {
				if m.From == "bot" && m.Text == text {
					got++
				}
			}
			total += got
			if got > 0 {
				recipientsReached++
			}
		}
		return total, recipientsReached
	}

	first := startChild(t, env)
	for {
		if total, _ := delivered(); total >= recipients/4 {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatal("the program sent too little before the kill")
		case <-time.After(50 * time.Millisecond):
		}
	}
	if err := first.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	first.Wait()

	// In flight at the kill: delivered by Telegram, not recorded as sent. A
	// request the dying process had written may still be landing: the count
	// is read once it stops moving.
	atKill, _ := delivered()
	for {
		time.Sleep(300 * time.Millisecond)
		again, _ := delivered()
		if again == atKill {
			break
		}
		atKill = again
	}
	counts, err := db.BroadcastCounts(ctx, bc.ID)
	if err != nil {
		t.Fatal(err)
	}
	inFlight := atKill - counts.Sent
	t.Logf("at the kill: %d delivered, %d recorded as sent, %d claimed, %d pending", atKill, counts.Sent, counts.Sending, counts.Pending)
	if counts.Open() == 0 {
		t.Fatalf("the broadcast was over before the kill: %+v", counts)
	}

	startChild(t, env)
	for {
		counts, err = db.BroadcastCounts(ctx, bc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, reached := delivered(); reached == recipients && counts.Open() == 0 {
			break
		}
		select {
		case <-ctx.Done():
			_, reached := delivered()
			t.Fatalf("after the restart %d of %d recipients reached; counts %+v", reached, recipients, counts)
		case <-time.After(200 * time.Millisecond):
		}
	}
	total, reached := delivered()
	repeats := total - recipients
	t.Logf("every recipient reached (%d); %d sends in flight at the kill, %d repeated; counts %+v", reached, inFlight, repeats, counts)
	if repeats > inFlight {
		t.Errorf("%d messages were repeated, more than the %d in flight at the kill", repeats, inFlight)
	}
	if counts.Sent != recipients {
		t.Errorf("%d recorded as sent, want %d", counts.Sent, recipients)
	}
}

// mustDropUpdates confirms every update waiting at the Bot API server: the
// last one is read, and the offset after it confirms them all.
func mustDropUpdates(t *testing.T, url, token string) {
	t.Helper()
	get := func(query string) []int64 {
		resp, err := http.Get(url + "/bot" + token + "/getUpdates?" + query)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var answer struct {
			OK     bool `json:"ok"`
			Result []struct {
				UpdateID int64 `json:"update_id"`
			} `json:"result"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil || !answer.OK {
			t.Fatalf("getUpdates?%s: %v (ok %v)", query, err, answer.OK)
		}
		var ids []int64
		for _, u := range answer.Result {
			ids = append(ids, u.UpdateID)
		}
		return ids
	}
	last := get("offset=-1&limit=1")
	if len(last) != 1 {
		t.Fatalf("no update to drop: %v", last)
	}
	get("offset=" + strconv.FormatInt(last[0]+1, 10) + "&timeout=0")
}
