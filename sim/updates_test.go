package sim

import (
	"encoding/json"
	"strconv"
	"testing"
	"time"
)

type rawUpdate struct {
	UpdateID int64 `json:"update_id"`
	Message  *struct {
		Text string `json:"text"`
	} `json:"message"`
}

// MustUpdates calls getUpdates and returns the updates.
func MustUpdates(tb testing.TB, s *Server, base string, fields map[string]string) []rawUpdate {
	tb.Helper()
	a := MustCall(tb, base, s.Token(), "getUpdates", fields, nil)
	if !a.OK {
		tb.Fatalf("getUpdates %v: %d %s", fields, a.ErrorCode, a.Description)
	}
	var ups []rawUpdate
	if err := json.Unmarshal(a.Result, &ups); err != nil {
		tb.Fatalf("getUpdates result %s: %v", a.Result, err)
	}
	return ups
}

func updateIDs(ups []rawUpdate) []int64 {
	var ids []int64
	for _, u := range ups {
		ids = append(ids, u.UpdateID)
	}
	return ids
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// offset confirms: updates before it are gone for good; without it the same
// updates come again.
func TestGetUpdatesOffset(t *testing.T) {
	s, base := MustServer(t, Options{})
	u := s.CreateUser("Poll", "", "")
	var ids []int64
	for _, text := range []string{"một", "hai", "ba"} {
		sent, err := s.SendText(u.ID, text)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, sent.UpdateID)
	}
	if ids[1] != ids[0]+1 || ids[2] != ids[1]+1 {
		t.Fatalf("update ids %v do not increase by one", ids)
	}
	str := func(n int64) string { return strconv.FormatInt(n, 10) }
	steps := []struct {
		name   string
		fields map[string]string
		want   []int64
	}{
		{"first call gets all", nil, ids},
		{"without offset again", nil, ids},
		{"limit", map[string]string{"limit": "2"}, ids[:2]},
		{"offset confirms the first", map[string]string{"offset": str(ids[1])}, ids[1:]},
		{"the confirmed one is gone", nil, ids[1:]},
		{"negative offset keeps the last", map[string]string{"offset": "-1"}, ids[2:]},
		{"offset past the last confirms all", map[string]string{"offset": str(ids[2] + 1)}, nil},
		{"nothing is left", nil, nil},
	}
	for _, st := range steps {
		if got := updateIDs(MustUpdates(t, s, base, st.fields)); !equalIDs(got, st.want) {
			t.Fatalf("%s: got %v, want %v", st.name, got, st.want)
		}
	}
	MustNoViolations(t, s)
}

// A getUpdates with timeout waits for the next update instead of answering
// an empty list; with nothing coming it answers [] after the timeout.
func TestGetUpdatesLongPolling(t *testing.T) {
	s, base := MustServer(t, Options{})
	u := s.CreateUser("Long", "Poll", "")
	got := make(chan []rawUpdate, 1)
	go func() { got <- MustUpdates(t, s, base, map[string]string{"timeout": "30"}) }()
	waitFor(t, "the poll to wait", func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.pollGen == 1
	})
	select {
	case ups := <-got:
		t.Fatalf("getUpdates answered %v before any update", ups)
	default:
	}
	sent, err := s.SendText(u.ID, "đến rồi")
	if err != nil {
		t.Fatal(err)
	}
	select {
	case ups := <-got:
		if len(ups) != 1 || ups[0].UpdateID != sent.UpdateID || ups[0].Message.Text != "đến rồi" {
			t.Fatalf("long poll answered %+v", ups)
		}
	case <-time.After(waitLong):
		t.Fatal("long poll did not answer after an update arrived")
	}

	if ups := MustUpdates(t, s, base, map[string]string{"offset": strconv.FormatInt(sent.UpdateID+1, 10), "timeout": "1"}); len(ups) != 0 {
		t.Fatalf("a poll that times out answered %+v, want []", ups)
	}
	MustNoViolations(t, s)
}

// A second poller ends the first one's waiting call with 409, as Telegram
// does when two instances of a bot poll.
func TestGetUpdatesConflict(t *testing.T) {
	s, base := MustServer(t, Options{})
	first := make(chan answer, 1)
	go func() { first <- MustCall(t, base, s.Token(), "getUpdates", map[string]string{"timeout": "30"}, nil) }()
	waitFor(t, "the first poll to wait", func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.pollGen == 1
	})
	second := make(chan answer, 1)
	go func() { second <- MustCall(t, base, s.Token(), "getUpdates", map[string]string{"timeout": "1"}, nil) }()
	a := <-first
	if a.OK || a.ErrorCode != 409 || a.Description != "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running" {
		t.Fatalf("first poller got %+v, want 409", a)
	}
	if b := <-second; !b.OK {
		t.Fatalf("second poller got %+v", b)
	}
}

// waitFor polls a condition that a goroutine will make true.
func waitFor(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(waitLong)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
