package bot_test

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"danchu/sim"
	"danchu/storage/kv"
	"danchu/storage/storagetest"
)

// The load benchmark's size and rate: go test ./bot -run '^$' -bench
// BroadcastAtTheLimit -benchtime 1x -recipients 10000 -send-rate 25
// (DANCHU_BENCH_RECIPIENTS and DANCHU_BENCH_RATE also set them).
var (
	benchRecipients = flag.Int("recipients", envInt("DANCHU_BENCH_RECIPIENTS", 10000), "residents the broadcast benchmark reaches")
	benchRate       = flag.Float64("send-rate", envFloat("DANCHU_BENCH_RATE", 25), "the sender's rate in the broadcast benchmark (DANCHU_SEND_RATE)")
)

func envInt(key string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(key)); err == nil && n > 0 {
		return n
	}
	return def
}

func envFloat(key string, def float64) float64 {
	if f, err := strconv.ParseFloat(os.Getenv(key), 64); err == nil && f > 0 {
		return f
	}
	return def
}

// meter is the bot's HTTP transport in the benchmark: it notes when each
// sendMessage was accepted and counts the 429 answers.
type meter struct {
	base http.RoundTripper

	mu       sync.Mutex
	accepted []time.Time
	tooMany  int
}

func (m *meter) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := m.base.RoundTrip(req)
	if err != nil || !strings.HasSuffix(req.URL.Path, "/sendMessage") {
		return resp, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	switch resp.StatusCode {
	case http.StatusOK:
		m.accepted = append(m.accepted, time.Now())
	case http.StatusTooManyRequests:
		m.tooMany++
	}
	return resp, nil
}

// rate is the messages a second between the first and the last accepted.
func (m *meter) rate() (n int, perSecond float64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n = len(m.accepted)
	if n < 2 {
		return n, 0
	}
	return n, float64(n-1) / m.accepted[n-1].Sub(m.accepted[0]).Seconds()
}

// BenchmarkBroadcastAtTheLimit delivers one notice to -recipients residents
// (SQLite) through the simulator, which enforces Telegram's limits (30
// messages a second in all, one a second per chat), with the outbox sender
// at -send-rate and the progress message edited as in the program. It
// reports the achieved rate against the configured one, the 429 answers,
// and the recipients who got nothing or more than one message. Run it once
// (-benchtime 1x): ten thousand at 25 a second take about seven minutes.
func BenchmarkBroadcastAtTheLimit(b *testing.B) {
	for range b.N {
		b.StopTimer()
		e := MustEnvOn(b, sim.Options{GlobalRate: 30, PerChatInterval: time.Second}, storagetest.MustOpen(b, storagetest.SQLiteURL(b)))
		n := *benchRecipients
		users := make([]sim.User, n+1)
		for i := range users {
			users[i] = e.srv.CreateUser(fmt.Sprintf("Người %d", i), "Thử", "")
			if _, err := e.srv.SendText(users[i].ID, "/start"); err != nil {
				b.Fatal(err)
			}
		}
		residents := e.MustResidents(b, users)
		head, to := residents[0], residents[1:]

		start := time.Now()
		bc := e.MustPublish(b, head, to, "Thông báo lịch tiêm chủng mở rộng tháng 4 tại trạm y tế thị trấn.", 0)
		b.Logf("%d outbox messages written in %s", bc.Total, time.Since(start).Round(time.Millisecond))

		m := &meter{base: http.DefaultTransport}
		cfg := e.SenderConfig(kv.NewMemory(nil))
		cfg.Rate, cfg.PerChat, cfg.RetryDelay, cfg.PollInterval = *benchRate, time.Second, 10*time.Second, 500*time.Millisecond
		cfg.Logger = e.Config(newEcho()).Logger
		progress := e.ProgressConfig(nil)
		progress.Interval, progress.Rate = 3*time.Second, *benchRate
		b.StartTimer()
		e.MustRunProgress(b, progress)
		sender := e.MustRunSender(b, &http.Client{Transport: m, Timeout: time.Minute}, cfg)
		mustFinishWithin(b, e, bc.ID, time.Duration(float64(n)/(*benchRate)*2*float64(time.Second))+2*time.Minute)
		b.StopTimer()
		sender.Stop(b)

		lost, repeated := 0, 0
		for _, u := range users[1:] {
			got := len(e.BotTexts(b, u.ID))
			switch {
			case got == 0:
				lost++
			case got > 1:
				repeated += got - 1
			}
		}
		sent, achieved := m.rate()
		ratio := achieved / *benchRate
		b.Logf("%d recipients: %d sendMessage accepted at %.2f/s, configured %.0f/s: %.1f%%; 429 answers %d; lost %d; repeated %d",
			n, sent, achieved, *benchRate, 100*ratio, m.tooMany, lost, repeated)
		b.ReportMetric(achieved, "msgs/s")
		b.ReportMetric(ratio, "of-limit")
		b.ReportMetric(float64(m.tooMany), "429s")
		b.ReportMetric(float64(lost), "lost")
		b.ReportMetric(float64(repeated), "repeated")
		if m.tooMany > 0 || lost > 0 || repeated > 0 {
			b.Errorf("429 answers %d, lost %d, repeated %d: want none", m.tooMany, lost, repeated)
		}
		if c, err := e.db.BroadcastCounts(b.Context(), bc.ID); err != nil || c.Sent != n {
			b.Errorf("broadcast counts %+v (%v), want %d sent", c, err, n)
		}
		msgs, _ := e.srv.Messages(b.Context(), head.TelegramID, 0, 0)
		summary := ""
		for _, msg := range msgs {
			if msg.From == "bot" {
				summary = msg.Text
			}
		}
		b.Logf("the sender's progress message at the end:\n%s", summary)
	}
}

// mustFinishWithin waits until the broadcast's summary was shown.
func mustFinishWithin(tb testing.TB, e *env, id int64, limit time.Duration) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(tb.Context(), limit)
	defer cancel()
	for {
		bc, err := e.db.FindBroadcast(ctx, id)
		if err == nil && bc.FinishedAt != nil {
			return
		}
		if err != nil && ctx.Err() == nil {
			tb.Fatal(err)
		}
		select {
		case <-ctx.Done():
			c, _ := e.db.BroadcastCounts(context.Background(), id)
			tb.Fatalf("broadcast %d not finished after %s: %+v", id, limit, c)
		case <-time.After(200 * time.Millisecond):
		}
	}
}
