// Package sim is a Telegram Bot API server emulator for development and
// tests: github.com/go-telegram/bot talks to it as to api.telegram.org, while
// virtual users chat with the bot through a JSON API, a Go Client or the web
// page it serves at "/". It refuses what Telegram refuses, with Telegram's
// error answers, and checks every request against the Bot API description
// (apispec.json) so tests can fail on requests the real API would reject.
package sim

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Options configure a Server. The zero value works.
type Options struct {
	Token           string        // the bot's token; a fixed test token when empty
	GlobalRate      float64       // messages per second in all chats; default 30
	PerChatInterval time.Duration // one message per interval in a chat (burst 3); default 1s
	Logf            func(format string, args ...any)
	Now             func() time.Time
	// Strict records a field the API does not know as a violation (Telegram
	// itself ignores such fields).
	Strict bool
	// StateFile keeps the users, their chats, files and the updates the bot
	// has not fetched yet across restarts: New reads it (Start reports a
	// corrupt one), and it is saved shortly after each change and at Close.
	StateFile string
}

// DefaultToken is the token used when Options.Token is empty.
const DefaultToken = "7000000001:SIMULATOR-danchu-test-token"

const (
	firstUserID     = 100001
	maxLogEntries   = 10000 // Requests and Violations keep at least the latest ones
	chatBurst       = 3
	pendingLifetime = 24 * time.Hour // Telegram keeps updates 24 hours
	closeGrace      = 500 * time.Millisecond
)

// Server is the emulated Bot API server with its virtual users.
type Server struct {
	opts     Options
	spec     *apiSpec
	bot      tgUser
	instance string // tells file and query ids of this run apart from a former one
	mux      *http.ServeMux
	methods  map[string]methodHandler

	ctx    context.Context // ends at Close; stops waiters and the webhook sender
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu         sync.Mutex
	notify     chan struct{} // closed and replaced when updates or the webhook change
	users      []*User
	chats      map[int64]*chat
	nextUserID int64
	updates    updateQueue
	pollGen    int64 // the latest getUpdates call; an older waiting one gets 409
	webhook    webhookState
	files      fileStore
	callbacks  map[string]*callbackState
	nextQuery  int64
	commands   map[string][]tgBotCommand
	limits     *rateLimiter
	requests   []Request
	violations []string
	httpSrv    *http.Server

	stateErr error         // Options.StateFile is unreadable: Start reports it, nothing is saved
	dirty    bool          // the saved state changed since the last save
	saving   bool          // the saver goroutine runs
	saveWake chan struct{} // wakes the saver; holds one wake-up at most
}

// Request is one Bot API call as the server received it.
type Request struct {
	Method    string   `json:"method"`
	Fields    []string `json:"fields"`            // field and file names, sorted
	Unknown   []string `json:"unknown,omitempty"` // fields the API does not know (ignored)
	ErrorCode int      `json:"error_code,omitempty"`
	Error     string   `json:"error,omitempty"` // the refusal's description
}

// New returns a Server; it serves nothing until Start or ServeHTTP is used.
func New(opts Options) *Server {
	if opts.Token == "" {
		opts.Token = DefaultToken
	}
	if opts.GlobalRate <= 0 {
		opts.GlobalRate = 30
	}
	if opts.PerChatInterval <= 0 {
		opts.PerChatInterval = time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logf == nil {
		opts.Logf = func(string, ...any) {}
	}
	spec, err := loadSpec()
	if err != nil {
		panic(err) // the embedded file is part of the build: broken means a broken build
	}
	s := newServer(opts, spec)
	if opts.StateFile != "" {
		if err := s.loadState(); err != nil {
			// a half-read state is dropped, and the file kept as it is
			opts.Logf("%v", err)
			s.cancel()
			s = newServer(opts, spec)
			s.stateErr = err
		}
	}
	return s
}

func newServer(opts Options, spec *apiSpec) *Server {
	botID, _ := strconv.ParseInt(strings.SplitN(opts.Token, ":", 2)[0], 10, 64)
	now := opts.Now()
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{
		opts:       opts,
		spec:       spec,
		bot:        tgUser{ID: botID, IsBot: true, FirstName: "Bot giả lập", Username: "danchu_sim_bot"},
		instance:   strconv.FormatInt(now.UnixMilli(), 36),
		ctx:        ctx,
		cancel:     cancel,
		notify:     make(chan struct{}),
		chats:      map[int64]*chat{},
		nextUserID: firstUserID,
		// Update ids start at the Unix time in seconds: they grow across
		// restarts of the simulator (unless a run made more than one update
		// a second on average), so a bot that stores them does not take a
		// new one for a repeat, and they stay below 2^31 as Telegram's do.
		updates:   updateQueue{next: now.Unix()},
		files:     newFileStore(),
		callbacks: map[string]*callbackState{},
		nextQuery: now.UnixMilli() * 1000,
		commands:  map[string][]tgBotCommand{},
		limits:    newRateLimiter(opts.GlobalRate, opts.PerChatInterval, chatBurst),
		saveWake:  make(chan struct{}, 1),
	}
	s.methods = botMethods()
	s.mux = s.routes()
	return s
}

// Token returns the bot's token.
func (s *Server) Token() string { return s.opts.Token }

// ServeHTTP serves the Bot API (/bot{token}/{method}), file downloads
// (/file/bot{token}/{path}), the users' JSON API (/sim/api/) and the page (/).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mux.ServeHTTP(w, r)
}

func (s *Server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/", s.serveRoot)
	s.userRoutes(mux)
	s.pageRoutes(mux)
	return mux
}

// serveRoot takes the paths that a pattern cannot express: the token is a
// part of the first path segment.
func (s *Server) serveRoot(w http.ResponseWriter, r *http.Request) {
	switch {
	case strings.HasPrefix(r.URL.Path, "/file/bot"):
		s.serveFile(w, r)
	case strings.HasPrefix(r.URL.Path, "/bot"):
		s.serveBotAPI(w, r)
	default:
		writeAPIError(w, errMethodNotFound)
	}
}

// Start listens on addr (":0" picks a free port) and returns the base URL to
// give to bot.WithServerURL and NewClient. It refuses to start on a corrupt
// Options.StateFile.
func (s *Server) Start(addr string) (string, error) {
	if s.stateErr != nil {
		return "", s.stateErr
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("sim: listen on %s: %w", addr, err)
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	s.mu.Lock()
	s.httpSrv = srv
	s.mu.Unlock()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.opts.Logf("sim: serve: %v", err)
		}
	}()
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port), nil
}

// Close ends waiting long polls, stops the webhook sender and, after Start,
// shuts the HTTP server down; then it saves Options.StateFile.
func (s *Server) Close(ctx context.Context) error {
	s.mu.Lock()
	s.cancel() // under the lock: setWebhook starts no sender after this
	srv := s.httpSrv
	s.mu.Unlock()
	var err error
	if srv != nil {
		// Requests in flight get a moment to finish; then the rest is cut,
		// since Shutdown would wait 5 s for a connection that a client
		// opened and never used.
		grace, cancel := context.WithTimeout(ctx, closeGrace)
		err = srv.Shutdown(grace)
		cancel()
		if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
			err = srv.Close()
		}
		if err != nil {
			err = fmt.Errorf("sim: shutdown: %w", err)
		}
	}
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		return errors.Join(err, fmt.Errorf("sim: close: %w", ctx.Err()))
	}
	if s.opts.StateFile != "" && s.stateErr == nil {
		err = errors.Join(err, s.saveState()) // the saver has ended: nothing writes at once
	}
	return err
}

// changed wakes the pollers and the webhook sender. Call with s.mu held.
func (s *Server) changed() {
	close(s.notify)
	s.notify = make(chan struct{})
}

// waitChange waits for the next change, the timer, ctx or Close; it reports
// whether something changed.
func (s *Server) waitChange(ctx context.Context, ch <-chan struct{}, timer <-chan time.Time) bool {
	select {
	case <-ch:
		return true
	case <-timer:
	case <-ctx.Done():
	case <-s.ctx.Done():
	}
	return false
}

// Violations returns the requests the real Bot API would refuse (unknown
// method, missing or mistyped field, too long text, unknown chat or message,
// ...) and, with Options.Strict, fields the API does not know. Answers that
// depend on the user or on time, 403 (blocked) and 429 (too many requests),
// are not violations.
func (s *Server) Violations() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.violations...)
}

// Requests returns the latest Bot API calls received, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// record keeps a request and its violations. Call with s.mu held.
func (s *Server) record(req Request, violations []string) {
	s.requests = appendCapped(s.requests, req)
	for _, v := range violations {
		s.violations = appendCapped(s.violations, v)
		s.opts.Logf("sim: violation: %s", v)
	}
}

// appendCapped keeps between maxLogEntries and twice as many entries, so
// that a long benchmark neither grows memory nor copies on every call.
func appendCapped[T any](list []T, v T) []T {
	if len(list) >= 2*maxLogEntries {
		list = append(list[:0:0], list[len(list)-maxLogEntries:]...)
	}
	return append(list, v)
}
