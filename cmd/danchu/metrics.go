package main

import (
	"context"
	"log/slog"
	"net/http"
	"regexp"
	"strconv"
	"time"

	"danchu/bot"
	"danchu/storage"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// metrics is what /metrics shows, on the program's own registry (no global
// state, so tests run several programs in one process). It is the bot's
// Observer and the scheduler's (JobRan), and counts Telegram's answers on
// the bot's HTTP transport.
//
// Useful queries: updates a second by outcome
// rate(danchu_updates_handled_total[5m]); the send rate
// rate(danchu_outbox_sends_total{outcome="sent"}[5m]); 429s
// danchu_telegram_responses_total{code="429"}; the backlog
// danchu_outbox_depth{status="pending"}. The outbox depth is the shared
// database's, so every replica shows the same: use max() across them.
type metrics struct {
	registry   *prometheus.Registry
	updates    *prometheus.CounterVec
	latency    *prometheus.HistogramVec
	sends      *prometheus.CounterVec
	telegram   *prometheus.CounterVec
	webhook    *prometheus.CounterVec
	jobRuns    *prometheus.CounterVec
	jobSeconds *prometheus.HistogramVec
}

var _ bot.Observer = (*metrics)(nil)

// newMetrics builds the registry: the Go runtime, the process, the database
// pool, the outbox depth read at each scrape, and the program's counters.
func newMetrics(db *storage.DB, log *slog.Logger) *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		updates: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "danchu_updates_handled_total",
			Help: "Attempts at stored Telegram updates, by type and outcome (handled, ignored, retry, failed, panic, send_failed).",
		}, []string{"type", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "danchu_update_handling_seconds",
			Help:    "Time to handle one update: the step, its replies and marking it, by type.",
			Buckets: []float64{.01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60},
		}, []string{"type"}),
		sends: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "danchu_outbox_sends_total",
			Help: "Outbox sends by outcome (sent, retry, failed, unreachable, rate_limited); rate() of sent is the send rate.",
		}, []string{"outcome"}),
		telegram: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "danchu_telegram_responses_total",
			Help: "Answers of the Bot API by method and HTTP status (429: Telegram asked to slow down; error: no answer).",
		}, []string{"method", "code"}),
		webhook: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "danchu_webhook_requests_total",
			Help: "Webhook posts by HTTP status answered (200 stored, 401 wrong secret, 5xx not stored: Telegram sends again).",
		}, []string{"code"}),
		jobRuns: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "danchu_job_runs_total",
			Help: "Scheduler runs made by this replica, by job and outcome (done, failed, ...).",
		}, []string{"job", "outcome"}),
		jobSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "danchu_job_run_seconds",
			Help:    "Time of one scheduler run, by job.",
			Buckets: []float64{.05, .1, .5, 1, 5, 10, 30, 60, 300},
		}, []string{"job"}),
	}
	// Series at zero from the start, so that rate() and alerts see them
	// before the first event.
	for _, kind := range bot.UpdateKinds {
		for _, outcome := range bot.UpdateOutcomes {
			m.updates.WithLabelValues(kind, outcome)
		}
	}
	for _, outcome := range bot.SendOutcomes {
		m.sends.WithLabelValues(outcome)
	}
	m.registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewDBStatsCollector(db.SQL(), "danchu"),
		&outboxDepth{db: db, log: log},
		m.updates, m.latency, m.sends, m.telegram, m.webhook, m.jobRuns, m.jobSeconds,
	)
	return m
}

// UpdateHandled counts one attempt at an update (bot.Observer).
func (m *metrics) UpdateHandled(kind, outcome string, took time.Duration) {
	m.updates.WithLabelValues(kind, outcome).Inc()
	m.latency.WithLabelValues(kind).Observe(took.Seconds())
}

// Sent counts one outbox send's outcome (bot.Observer).
func (m *metrics) Sent(outcome string) { m.sends.WithLabelValues(outcome).Inc() }

// JobRan counts one scheduler run. The scheduler calls it through an
// interface of its own, when it has one:
//
//	type Observer interface{ JobRan(job, outcome string, took time.Duration) }
func (m *metrics) JobRan(job, outcome string, took time.Duration) {
	m.jobRuns.WithLabelValues(job, outcome).Inc()
	m.jobSeconds.WithLabelValues(job).Observe(took.Seconds())
}

// telegramTransport counts the Bot API's answers by method and status on
// their way to the bot.
func (m *metrics) telegramTransport(next http.RoundTripper) http.RoundTripper {
	return roundTripper(func(req *http.Request) (*http.Response, error) {
		resp, err := next.RoundTrip(req)
		code := "error"
		if err == nil {
			code = strconv.Itoa(resp.StatusCode)
		}
		m.telegram.WithLabelValues(botMethod(req.URL.Path), code).Inc()
		return resp, err
	})
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// methodPath is /bot<token>/<method>; the token never becomes a label.
var methodPath = regexp.MustCompile(`/bot[^/]+/([A-Za-z]{1,40})$`)

func botMethod(path string) string {
	if m := methodPath.FindStringSubmatch(path); m != nil {
		return m[1]
	}
	return "other"
}

// outboxDepth reads the outbox's pending and sending counts at each scrape.
type outboxDepth struct {
	db  *storage.DB
	log *slog.Logger
}

var outboxDepthDesc = prometheus.NewDesc("danchu_outbox_depth",
	"Outbox messages not delivered yet, by status (pending, sending), in the shared database.", []string{"status"}, nil)

func (c *outboxDepth) Describe(ch chan<- *prometheus.Desc) { ch <- outboxDepthDesc }

func (c *outboxDepth) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	depth, err := c.db.OutboxDepth(ctx)
	if err != nil {
		// The other metrics are still served (promhttp.ContinueOnError).
		ch <- prometheus.NewInvalidMetric(outboxDepthDesc, err)
		return
	}
	for status, n := range depth {
		ch <- prometheus.MustNewConstMetric(outboxDepthDesc, prometheus.GaugeValue, float64(n), status)
	}
}
