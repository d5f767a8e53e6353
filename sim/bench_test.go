package sim

import (
	"context"
	"strconv"
	"testing"
	"time"
)

// BenchmarkRoundTrip measures a user's message to the go-telegram/bot echo
// bot and back, through HTTP on both sides, with the rate limits lifted.
func BenchmarkRoundTrip(b *testing.B) {
	s, base := MustServer(b, Options{PerChatInterval: time.Nanosecond, GlobalRate: 1e9, Logf: func(string, ...any) {}})
	MustBot(b, base, s.Token(), echoBot(b, nil))
	c := NewClient(base, nil)
	ctx := context.Background()
	u, err := c.CreateUser(ctx, "Bench", "", "")
	if err != nil {
		b.Fatal(err)
	}
	var seq int64
	i := 0
	for b.Loop() {
		i++
		text := "tin " + strconv.Itoa(i)
		if _, err := c.SendText(ctx, u.ID, text); err != nil {
			b.Fatal(err)
		}
		m := MustWait(b, c, u.ID, seq, "the echo", fromBotWithText("Bạn nói: "+text))
		seq = m.Seq
	}
}
