// Package bot is the Telegram adapter: it receives updates (long polling or
// webhook), keeps them in the inbox until they are handled, runs each chat's
// updates in order through the flows engine and renders the replies as Bot
// API calls (ARCHITECTURE.md, "How an update travels").
//
// go-telegram/bot is used as a Bot API client only. Its poller confirms an
// update before any handler ran and runs handlers in unordered goroutines
// without recover, and its command matcher slices UTF-8 text with UTF-16
// offsets; so the poller, the dispatch and the command parsing live here.
package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"

	"danchu"
	"danchu/flows"
)

// Handler runs one step of a conversation. flows.Engine satisfies it.
type Handler interface {
	// Handle runs the step for in and returns what to show.
	Handle(ctx context.Context, in flows.Input) ([]flows.Reply, error)
	// ErrorReplies is the polite answer to a failed step, in lang.
	ErrorReplies(lang string, err error) []flows.Reply
	// Commands lists the commands of the menu, in lang.
	Commands(lang string) []flows.Command
}

// Config holds what the Bot needs. Token, Inbox, Residents, Roles and Engine
// are required; the rest have defaults.
type Config struct {
	Token     string
	ServerURL string // Bot API server; api.telegram.org when empty
	Inbox     danchu.InboxService
	Residents danchu.ResidentService
	Roles     danchu.RoleService
	Engine    Handler

	// Locker, when set, claims a chat across replicas before its updates run.
	Locker danchu.Locker
	// Observer, when set, is told each update's outcome and time (metrics).
	Observer Observer

	Workers      int           // chats handled at once; 8 by default
	PollTimeout  time.Duration // long-polling timeout; 50s by default
	ScanInterval time.Duration // how often the inbox is scanned without a wake-up; 2s by default
	MaxAttempts  int           // failed attempts before an update is given up; 5 by default
	RetryDelay   time.Duration // first delay after a failed attempt, doubled each time; 2s by default
	StepTimeout  time.Duration // the longest one update may take; 2m by default

	Logger     *slog.Logger
	Now        func() time.Time
	HTTPClient *http.Client
}

func (c *Config) setDefaults() {
	if c.Workers <= 0 {
		c.Workers = 8
	}
	if c.PollTimeout <= 0 {
		c.PollTimeout = 50 * time.Second
	}
	if c.ScanInterval <= 0 {
		c.ScanInterval = 2 * time.Second
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 5
	}
	if c.RetryDelay <= 0 {
		c.RetryDelay = 2 * time.Second
	}
	if c.StepTimeout <= 0 {
		c.StepTimeout = 2 * time.Minute
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Observer == nil {
		c.Observer = nopObserver{}
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.HTTPClient == nil {
		// Longer than a long poll, so the client never cuts one short.
		c.HTTPClient = &http.Client{Timeout: c.PollTimeout + 30*time.Second}
	}
	if c.ServerURL == "" {
		c.ServerURL = "https://api.telegram.org"
	}
}

func (c *Config) validate() error {
	var missing []string
	if c.Token == "" {
		missing = append(missing, "Token")
	}
	if c.Inbox == nil {
		missing = append(missing, "Inbox")
	}
	if c.Residents == nil {
		missing = append(missing, "Residents")
	}
	if c.Roles == nil {
		missing = append(missing, "Roles")
	}
	if c.Engine == nil {
		missing = append(missing, "Engine")
	}
	if len(missing) > 0 {
		return danchu.Errorf(danchu.EINVALID, "bot config: missing %v", missing)
	}
	return nil
}

// Bot is the Telegram adapter.
type Bot struct {
	cfg      Config
	client   *tgbot.Bot
	api      api
	log      *slog.Logger
	username string // the bot's own username, from getMe

	wake     chan struct{} // a new update is in the inbox
	sendWake chan struct{} // a new message is in the outbox (WakeSender)

	runMu   sync.Mutex
	running bool
}

// New checks cfg, builds the Bot API client and asks the server who the bot
// is (getMe), so a wrong token or server fails here.
func New(ctx context.Context, cfg Config) (*Bot, error) {
	cfg.setDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	log := cfg.Logger.With("component", "bot")
	client, err := tgbot.New(cfg.Token,
		tgbot.WithServerURL(cfg.ServerURL),
		tgbot.WithHTTPClient(cfg.PollTimeout, cfg.HTTPClient),
		tgbot.WithSkipGetMe(),
		tgbot.WithErrorsHandler(func(err error) { log.Error("telegram client", "err", err) }),
	)
	if err != nil {
		return nil, fmt.Errorf("bot: new client: %w", err)
	}
	b := &Bot{
		cfg:    cfg,
		client: client,
		api:    client,
		log:    log,
		wake:   make(chan struct{}, 1),

		sendWake: make(chan struct{}, 1),
	}
	me, err := b.client.GetMe(ctx)
	if err != nil {
		return nil, fmt.Errorf("bot: getMe: %w", err)
	}
	b.username = me.Username
	return b, nil
}

// Client is the Bot API client, for the calls other parts make (the outbox
// sender).
func (b *Bot) Client() *tgbot.Bot { return b.client }

// Run sets the command menu, then polls for updates and handles the inbox
// until ctx is done. It returns after the updates being handled are finished
// and every goroutine it started has ended.
func (b *Bot) Run(ctx context.Context) error {
	return b.run(ctx, true)
}

// RunWorkers handles the inbox without polling, for the webhook shape where
// updates arrive through Receive. It returns like Run.
func (b *Bot) RunWorkers(ctx context.Context) error {
	return b.run(ctx, false)
}

func (b *Bot) run(ctx context.Context, poll bool) error {
	b.runMu.Lock()
	if b.running {
		b.runMu.Unlock()
		return errors.New("bot: already running")
	}
	b.running = true
	b.runMu.Unlock()
	defer func() {
		b.runMu.Lock()
		b.running = false
		b.runMu.Unlock()
	}()

	b.setCommands(ctx)

	var wg sync.WaitGroup
	errs := make(chan error, 2)
	wg.Go(func() { errs <- b.dispatch(ctx) })
	if poll {
		wg.Go(func() { errs <- b.poll(ctx) })
	}
	wg.Wait()
	close(errs)
	var all []error
	for err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			all = append(all, err)
		}
	}
	return errors.Join(all...)
}

// signal wakes the dispatcher without blocking.
func (b *Bot) signal() {
	select {
	case b.wake <- struct{}{}:
	default:
	}
}
