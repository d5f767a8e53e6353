package main

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	"danchu"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// maxUpdateSize bounds a webhook body: Telegram's updates are a few KB.
const maxUpdateSize = 1 << 20

// opsHandler is the operators' HTTP server: /healthz (alive), /readyz
// (database, Redis and Telegram reachable), /metrics (Prometheus), and in
// webhook mode the path of DANCHU_WEBHOOK_URL.
func (s *server) opsHandler(cfg Config) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", s.ready)
	registry := s.metrics.registry
	mux.Handle("GET /metrics", promhttp.HandlerFor(registry, promhttp.HandlerOpts{
		Registry: registry,
		// A metric that cannot be read (the outbox depth while the
		// database is down) does not hide the others.
		ErrorHandling: promhttp.ContinueOnError,
		ErrorLog:      promLog{s.log},
	}))
	if cfg.WebhookURL != "" {
		u, _ := url.Parse(cfg.WebhookURL) // checked by parseConfig
		path := u.Path
		if path == "" {
			path = "/"
		}
		mux.Handle("POST "+path, promhttp.InstrumentHandlerCounter(s.metrics.webhook, s.webhook(cfg.WebhookSecret)))
	}
	return mux
}

// webhook stores each update in the inbox and answers 200 only after that,
// so that Telegram sends it again when the write failed (ARCHITECTURE.md).
func (s *server) webhook(secret string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		got := r.Header.Get("X-Telegram-Bot-Api-Secret-Token")
		if subtle.ConstantTimeCompare([]byte(got), []byte(secret)) != 1 {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxUpdateSize))
		if err != nil {
			http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
			return
		}
		if s.stopping() {
			// Taking no new updates: Telegram retries, another replica or
			// the next start gets it.
			http.Error(w, "shutting down", http.StatusServiceUnavailable)
			return
		}
		err = s.bot.Receive(r.Context(), body)
		switch {
		case err == nil:
			w.WriteHeader(http.StatusOK)
		case danchu.ErrorCode(err) == danchu.EINVALID:
			// Not an update we can ever read: sending it again would not help.
			s.log.Warn("webhook: unreadable update", "err", err)
			w.WriteHeader(http.StatusOK)
		default:
			s.log.Error("webhook: storing the update failed", "err", err)
			http.Error(w, "try again", http.StatusInternalServerError)
		}
	}
}

// ready checks the database, Redis and Telegram, each within a short time.
func (s *server) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	checks := map[string]func(context.Context) error{
		"database": s.db.Ping,
		"kv":       s.kv.Ping,
		"telegram": s.telegram.check,
	}
	var (
		mu      sync.Mutex
		wg      sync.WaitGroup
		failing []string
	)
	for name, check := range checks {
		wg.Go(func() {
			if err := check(ctx); err != nil {
				mu.Lock()
				failing = append(failing, fmt.Sprintf("%s: %v", name, err))
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if s.stopping() {
		failing = append(failing, "shutting down")
	}
	if len(failing) > 0 {
		w.WriteHeader(http.StatusServiceUnavailable)
		for _, f := range failing {
			fmt.Fprintln(w, f)
		}
		return
	}
	fmt.Fprintln(w, "ready")
}

// telegramCheck asks Telegram (getMe) whether it answers, at most every ten
// seconds, so that probes do not spend the bot's rate.
type telegramCheck struct {
	getMe func(context.Context) error

	mu      sync.Mutex
	at      time.Time
	lastErr error
}

func (c *telegramCheck) check(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if time.Since(c.at) < 10*time.Second {
		return c.lastErr
	}
	c.lastErr = c.getMe(ctx)
	c.at = time.Now()
	return c.lastErr
}

// listenHTTP starts the operators' server on addr and returns its address.
func (s *server) listenHTTP(addr string, h http.Handler) (string, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("DANCHU_HTTP_ADDR: %w", err)
	}
	s.http = &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if err := s.http.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("HTTP server stopped", "err", err)
		}
	}()
	return ln.Addr().String(), nil
}

// promLog writes promhttp's errors to the program's log.
type promLog struct{ log *slog.Logger }

func (l promLog) Println(v ...any) { l.log.Warn("metrics: " + fmt.Sprint(v...)) }
