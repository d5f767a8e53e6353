package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"danchu"
	"danchu/bot"
	"danchu/sim"
	"danchu/storage"
	"danchu/storage/kv"
)

// server is the running service: its stores, the simulator when there is no
// token, and the bot. Close stops them in reverse order.
type server struct {
	log      *slog.Logger
	grace    time.Duration
	db       *storage.DB
	kv       danchu.KV
	sim      *sim.Server
	bot      *bot.Bot
	telegram *telegramCheck
	metrics  *metrics
	http     *http.Server
	cancel   context.CancelFunc
	wg       sync.WaitGroup
	halting  atomic.Bool
	runErr   error

	// SimURL is the simulator's address ("" with a real token); HTTPAddr
	// the operators' server's ("" without one).
	SimURL   string
	HTTPAddr string
}

func startServer(ctx context.Context, m *Main) (_ *server, err error) {
	cfg := m.Config
	s := &server{log: m.logger(), grace: cfg.ShutdownGrace}
	defer func() {
		if err != nil {
			s.Close()
		}
	}()

	if s.db, err = m.openDatabase(ctx); err != nil {
		return nil, err
	}
	if s.kv, err = kv.Open(ctx, cfg.RedisURL); err != nil {
		return nil, err
	}
	s.metrics = newMetrics(s.db, s.log)

	token, apiURL := cfg.TelegramToken, cfg.TelegramAPIURL
	if cfg.UseSimulator() {
		token = sim.DefaultToken
		s.sim = sim.New(sim.Options{
			Token:      token,
			GlobalRate: cfg.SimRate,
			StateFile:  simStateFile(cfg),
			Logf: func(format string, args ...any) {
				s.log.Debug(fmt.Sprintf(format, args...), "component", "sim")
			},
		})
		if s.SimURL, err = s.sim.Start(cfg.SimAddr); err != nil {
			return nil, fmt.Errorf("DANCHU_SIM_ADDR: start the simulator: %w", err)
		}
		apiURL = s.SimURL
		if cfg.Demo {
			if err := seedDemo(ctx, m, s); err != nil {
				return nil, fmt.Errorf("demo users: %w", err)
			}
		}
	}

	// Conversations live in Redis when replicas share it; otherwise in the
	// database, so that a half-finished one survives a restart.
	var sessions danchu.SessionStore = s.db
	if cfg.RedisURL != "" {
		sessions = s.kv
	}
	conv, err := newConversations(m, s.db, sessions, cfg.SessionTTL)
	if err != nil {
		return nil, err
	}
	engine := conv.engine
	sched, err := newScheduler(m, s.db, conv, s.log, m.SchedulerClock, s.metrics)
	if err != nil {
		return nil, err
	}
	s.bot, err = bot.New(ctx, bot.Config{
		Token:     token,
		ServerURL: apiURL,
		Inbox:     s.db,
		Residents: s.db,
		Roles:     s.db,
		Engine:    engine,
		Locker:    s.kv,
		Workers:   cfg.Workers,
		Logger:    s.log,
		Now:       m.Now,
		Observer:  s.metrics,
		// Longer than a long poll (PollTimeout), so the client never cuts
		// one short; the transport counts Telegram's answers.
		PollTimeout: telegramPollTimeout,
		HTTPClient: &http.Client{
			Timeout:   telegramPollTimeout + 30*time.Second,
			Transport: s.metrics.telegramTransport(http.DefaultTransport),
		},
	})
	if err != nil {
		return nil, fmt.Errorf("connect to Telegram at %s: %w", apiURL, err)
	}

	s.telegram = &telegramCheck{getMe: s.bot.Ping}

	// In webhook mode Telegram posts updates to the HTTP server, which
	// stores them in the inbox; the workers take them from there. Otherwise
	// the bot polls, after making sure no webhook is set.
	webhook := cfg.WebhookURL != ""
	if webhook {
		if err := s.bot.SetWebhook(ctx, cfg.WebhookURL, cfg.WebhookSecret); err != nil {
			return nil, err
		}
	} else if !cfg.UseSimulator() {
		if err := s.bot.DeleteWebhook(ctx); err != nil {
			return nil, err
		}
	}

	if cfg.HTTPAddr != "" {
		if s.HTTPAddr, err = s.listenHTTP(cfg.HTTPAddr, s.opsHandler(cfg)); err != nil {
			return nil, err
		}
	}

	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	s.cancel = cancel
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		run := s.bot.Run
		if webhook {
			run = s.bot.RunWorkers
		}
		if err := run(runCtx); err != nil && !errors.Is(err, context.Canceled) {
			s.log.Error("bot stopped", "err", err)
			s.runErr = err
		}
	}()

	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		err := s.bot.RunSender(runCtx, bot.SenderConfig{
			Outbox:  s.db,
			Limiter: s.kv,
			Rate:    cfg.SendRate,
			Logger:  s.log,
			Now:     m.Now,
		})
		if err != nil {
			s.log.Error("outbox sender stopped", "err", err)
		}
	}()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		err := s.bot.RunBroadcastProgress(runCtx, bot.ProgressConfig{
			Broadcasts: s.db, View: conv.notices, Locker: s.kv, Rate: cfg.SendRate, Logger: s.log, Now: m.Now})
		if err != nil {
			s.log.Error("broadcast progress stopped", "err", err)
		}
	}()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if err := sched.Run(runCtx); err != nil && !errors.Is(err, context.Canceled) {
			s.log.Error("scheduler stopped", "err", err)
		}
	}()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.every(runCtx, draftSweepInterval, "sweep drafts", conv.petitions.SweepDrafts)
	}()

	if s.sim != nil {
		fmt.Fprintf(m.Stdout, "Trang trò chuyện (chat page): %s/\n", s.SimURL)
	}
	s.log.Info("danchu started", "unit", m.Settings.Unit.Name, "database", s.db.Engine(),
		"simulator", s.sim != nil, "webhook", webhook, "http", s.HTTPAddr)
	return s, nil
}

// Close stops taking updates, finishes those in flight and the sends under
// way within the grace period, then closes the pools.
func (s *server) Close() error {
	s.halting.Store(true)
	ctx, cancel := context.WithTimeout(context.Background(), s.grace)
	defer cancel()
	var errs []error
	if s.http != nil {
		// New webhook posts get 503 and are sent again by Telegram; the ones
		// being stored finish.
		errs = append(errs, s.http.Shutdown(ctx))
	}
	if s.cancel != nil {
		s.cancel()
	}
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		errs = append(errs, fmt.Errorf("stop: work still running after %s; what was not finished is handled at the next start", s.grace))
	}
	if s.sim != nil {
		errs = append(errs, s.sim.Close(context.Background()))
	}
	if s.kv != nil {
		errs = append(errs, s.kv.Close())
	}
	if s.db != nil {
		errs = append(errs, s.db.Close())
	}
	return errors.Join(append(errs, s.runErr)...)
}

// stopping reports whether Close has begun.
func (s *server) stopping() bool { return s.halting.Load() }

// simStateFile is where the built-in simulator keeps its virtual users and
// chats, so that after a restart they still match the residents the
// database knows by their Telegram ids.
func simStateFile(cfg Config) string {
	if cfg.SimState != "" {
		return cfg.SimState
	}
	if engine, path, err := storage.ParseURL(cfg.DatabaseURL); err == nil && engine == storage.EngineSQLite {
		return path + ".sim.json"
	}
	return "danchu-sim.json"
}

// telegramPollTimeout is how long a getUpdates call waits for updates.
const telegramPollTimeout = 50 * time.Second

// draftSweepInterval is how often half-written petitions are looked at, to
// remind their authors once and drop them after the settings' time.
const draftSweepInterval = 10 * time.Minute

// every runs job at once and then every interval until ctx is done. A failed
// run is logged; the next one tries again.
func (s *server) every(ctx context.Context, interval time.Duration, name string, job func(context.Context) error) {
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		if err := job(ctx); err != nil && ctx.Err() == nil {
			s.log.Error(name+" failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}
