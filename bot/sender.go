package bot

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"danchu"
	"danchu/flows"
)

// SenderConfig holds what RunSender needs. Outbox and Limiter are required;
// the rest have defaults.
type SenderConfig struct {
	Outbox danchu.OutboxService
	// Residents is told about a resident who blocked the bot; the bot's own
	// when nil.
	Residents danchu.ResidentService
	// Limiter is shared by replicas (storage/kv), so that together they keep
	// Rate and PerChat.
	Limiter danchu.RateLimiter

	Rate         float64       // messages a second in all (DANCHU_SEND_RATE); 25 by default
	PerChat      time.Duration // the least time between two messages to one chat; 1s by default
	Lease        time.Duration // how long a claimed message is this sender's; 30s by default
	Batch        int           // messages claimed at once; twice Rate by default
	Workers      int           // messages sent at once, to different chats; 8 by default
	MaxAttempts  int           // attempts on a network failure or 5xx before the message fails; 5 by default
	RetryDelay   time.Duration // first delay after a network failure or 5xx, doubled each time; 10s by default
	PollInterval time.Duration // how often the outbox is read without a wake-up; 500ms by default

	Logger *slog.Logger // the bot's by default
	Now    func() time.Time

	// Observer is told each send's outcome; the bot's by default.
	Observer Observer
}

const (
	globalSendKey = "send:global"
	globalBurst   = 1 // Telegram counts per second: no bursts above Rate
	// groupInterval keeps 20 messages a minute to a group (Telegram's limit).
	groupInterval = 3 * time.Second
	maxRetryDelay = 30 * time.Minute
	// markTries is how often the outcome of a send is written before giving
	// up; a message whose outcome is lost is sent again after its lease.
	markTries = 3
)

func (c *SenderConfig) setDefaults(b *Bot) {
	if c.Residents == nil {
		c.Residents = b.cfg.Residents
	}
	if c.Rate <= 0 {
		c.Rate = 25
	}
	if c.PerChat <= 0 {
		c.PerChat = time.Second
	}
	if c.Lease <= 0 {
		c.Lease = 30 * time.Second
	}
	if c.Batch <= 0 {
		c.Batch = max(1, int(2*c.Rate))
	}
	if c.Workers <= 0 {
		c.Workers = 8
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 5
	}
	if c.RetryDelay <= 0 {
		c.RetryDelay = 10 * time.Second
	}
	if c.PollInterval <= 0 {
		c.PollInterval = 500 * time.Millisecond
	}
	if c.Logger == nil {
		c.Logger = b.cfg.Logger
	}
	if c.Now == nil {
		c.Now = b.cfg.Now
	}
	if c.Observer == nil {
		c.Observer = b.cfg.Observer
	}
}

func (c *SenderConfig) validate() error {
	var missing []string
	if c.Outbox == nil {
		missing = append(missing, "Outbox")
	}
	if c.Limiter == nil {
		missing = append(missing, "Limiter")
	}
	if len(missing) > 0 {
		return danchu.Errorf(danchu.EINVALID, "sender config: missing %v", missing)
	}
	return nil
}

// WakeSender tells a running sender that the outbox has new messages, so it
// does not wait for its next poll. It never blocks.
func (b *Bot) WakeSender() {
	select {
	case b.sendWake <- struct{}{}:
	default:
	}
}

// RunSender delivers the outbox (ARCHITECTURE.md, the OUTBOX) until ctx is
// done, and returns nil then, after every goroutine it started has ended
// and the sends in flight have finished (each within a third of the lease).
//
// It claims due messages in the outbox's order (priority first, so a
// personal message waits behind at most about one batch of a broadcast) and
// sends them from a few workers, each message after a token of the global
// bucket and of its chat's. A 429 pauses every worker for retry_after; a 403
// marks the resident unreachable; another 4xx fails the message; a network
// failure or a 5xx is retried with backoff up to MaxAttempts. A message
// claimed but not sent when the sender stops (or dies) is claimed again when
// its lease ends; only a send in flight at that moment can repeat.
func (b *Bot) RunSender(ctx context.Context, cfg SenderConfig) error {
	cfg.setDefaults(b)
	if err := cfg.validate(); err != nil {
		return err
	}
	s := &sender{
		b:        b,
		cfg:      cfg,
		log:      cfg.Logger.With("component", "outbox"),
		queue:    make(chan claimed, cfg.Batch),
		progress: make(chan struct{}, 1),
		// A send must end well within the lease, or another sender could
		// claim the message while it is in flight.
		sendTimeout: max(min(cfg.Lease/3, 30*time.Second), time.Millisecond),
	}
	var wg sync.WaitGroup
	for range cfg.Workers {
		wg.Go(func() { s.work(ctx) })
	}
	s.claimLoop(ctx)
	close(s.queue)
	wg.Wait()
	return nil
}

// sender is the state of one RunSender.
type sender struct {
	b           *Bot
	cfg         SenderConfig
	log         *slog.Logger
	queue       chan claimed  // claimed, not yet started; never more than Batch
	progress    chan struct{} // a worker took or finished a message
	sendTimeout time.Duration

	mu          sync.Mutex
	pausedUntil time.Time // after a 429, nothing is sent before this
}

// claimed is a message and the end of this sender's lease on it.
type claimed struct {
	msg      *danchu.OutboxMessage
	leaseEnd time.Time
}

// claimLoop keeps the queue between half full and full, so the workers never
// wait for a claim and a new personal message is claimed soon.
func (s *sender) claimLoop(ctx context.Context) {
	poll := time.NewTicker(s.cfg.PollInterval)
	defer poll.Stop()
	backoff := newBackoff(100*time.Millisecond, 30*time.Second)
	for ctx.Err() == nil {
		if !s.waitPause(ctx) {
			return
		}
		if len(s.queue) > s.cfg.Batch/2 {
			s.idle(ctx, poll.C, false)
			continue
		}
		now := s.cfg.Now()
		msgs, err := s.cfg.Outbox.ClaimOutbox(ctx, now, s.cfg.Lease, cap(s.queue)-len(s.queue))
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			wait := backoff.next()
			s.log.Error("claiming outbox messages failed", "err", err, "retry_in", wait)
			sleep(ctx, wait)
			continue
		}
		backoff.reset()
		for _, m := range msgs {
			s.queue <- claimed{msg: m, leaseEnd: now.Add(s.cfg.Lease)} // room was counted
		}
		if len(msgs) == 0 {
			s.idle(ctx, poll.C, true)
		}
	}
}

// idle waits for a worker's progress, a tick or the end of ctx, and also for
// WakeSender when wake is true.
func (s *sender) idle(ctx context.Context, tick <-chan time.Time, wake bool) {
	var woken <-chan struct{}
	if wake {
		woken = s.b.sendWake
	}
	select {
	case <-ctx.Done():
	case <-s.progress:
	case <-woken:
	case <-tick:
	}
}

func (s *sender) signalProgress() {
	select {
	case s.progress <- struct{}{}:
	default:
	}
}

// work sends queued messages until the queue is closed. After ctx is done
// the rest are left to their leases.
func (s *sender) work(ctx context.Context) {
	for c := range s.queue {
		s.signalProgress()
		if ctx.Err() != nil {
			continue
		}
		s.deliver(ctx, c)
		s.signalProgress()
	}
}

// deliver sends one message (several when its text is longer than Telegram
// takes, the buttons under the last) and records the outcome.
func (s *sender) deliver(ctx context.Context, c claimed) {
	m := c.msg
	calls := renderOne(m.ChatID, 0, flows.Reply{Text: m.Text, Buttons: replyButtons(m.Buttons)})
	if len(calls) == 0 {
		s.record(ctx, m, "failed", func(ctx context.Context) error {
			return s.cfg.Outbox.MarkFailed(ctx, m.ID, danchu.OutboxFailed, "the text is blank")
		})
		return
	}
	var telegramID int
	for _, out := range calls {
		if !s.waitTurn(ctx, m, c.leaseEnd) {
			return // left to its lease: claimed again when it ends
		}
		// A send once started is let finish, even when the sender stops, so
		// that its outcome is known and recorded: only a crash repeats it.
		sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.sendTimeout)
		sent, err := s.b.api.SendMessage(sendCtx, out.message)
		cancel()
		if err != nil {
			s.failed(ctx, m, err)
			return
		}
		telegramID = sent.ID
	}
	s.log.Debug("outbox message sent", "id", m.ID, "kind", m.Kind, "chat", s.b.chatHash(m.ChatID))
	s.record(ctx, m, "sent", func(ctx context.Context) error {
		return s.cfg.Outbox.MarkSent(ctx, m.ID, s.cfg.Now(), telegramID)
	})
}

// failed records a send Telegram refused or that did not arrive.
func (s *sender) failed(ctx context.Context, m *danchu.OutboxMessage, err error) {
	reason := err.Error()
	now := s.cfg.Now()
	log := s.log.With("id", m.ID, "kind", m.Kind, "chat", s.b.chatHash(m.ChatID))
	switch class, retryAfter := classify(err); class {
	case classRetryAfter:
		wait := min(max(retryAfter, time.Second), maxRetryAfter)
		s.pause(now.Add(wait))
		log.Warn("telegram asked to slow down: every send waits", "retry_after", wait)
		s.record(ctx, m, "rate_limited", func(ctx context.Context) error {
			return s.cfg.Outbox.MarkRetry(ctx, m.ID, now.Add(wait), reason)
		})
	case classBlocked:
		log.Info("the person blocked the bot")
		s.record(ctx, m, "unreachable", func(ctx context.Context) error {
			return s.cfg.Outbox.MarkFailed(ctx, m.ID, danchu.OutboxUnreachable, reason)
		})
		s.b.markUnreachableIn(context.WithoutCancel(ctx), s.cfg.Residents, m.ChatID, true)
	case classBadRequest:
		log.Error("telegram refused an outbox message", "err", err)
		s.record(ctx, m, "failed", func(ctx context.Context) error {
			return s.cfg.Outbox.MarkFailed(ctx, m.ID, danchu.OutboxFailed, reason)
		})
	default:
		// A network failure, a 5xx, or 401/404 (a token or server that went
		// wrong, not the message's fault): tried again later.
		if class == classUnauthorized {
			s.pause(now.Add(s.cfg.RetryDelay))
		}
		if m.Attempts+1 >= s.cfg.MaxAttempts {
			log.Error("an outbox message failed for good", "attempts", m.Attempts+1, "err", err)
			s.record(ctx, m, "failed", func(ctx context.Context) error {
				return s.cfg.Outbox.MarkFailed(ctx, m.ID, danchu.OutboxFailed,
					fmt.Sprintf("gave up after %d attempts: %s", m.Attempts+1, reason))
			})
			return
		}
		wait := min(s.cfg.RetryDelay<<min(m.Attempts, 16), maxRetryDelay)
		log.Warn("an outbox message will be tried again", "attempt", m.Attempts+1, "retry_in", wait, "err", err)
		s.record(ctx, m, "retry", func(ctx context.Context) error {
			return s.cfg.Outbox.MarkRetry(ctx, m.ID, now.Add(wait), reason)
		})
	}
}

// record writes the outcome of a send, even while the sender stops: an
// outcome not written makes the message go again after its lease.
func (s *sender) record(ctx context.Context, m *danchu.OutboxMessage, what string, f func(context.Context) error) {
	s.cfg.Observer.Sent(what)
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	delay := 100 * time.Millisecond
	var err error
	for try := 1; try <= markTries; try++ {
		if err = f(ctx); err == nil {
			return
		}
		if try < markTries && !sleep(ctx, delay) {
			break
		}
		delay *= 2
	}
	s.log.Error("recording an outbox outcome failed", "id", m.ID, "outcome", what, "err", err)
}

// waitTurn waits for a token of the chat's bucket, then for the end of any
// pause and a token of the global bucket. It returns false when ctx is done,
// the limiter fails, or the lease would end before the send could: the
// message is then left to its lease.
func (s *sender) waitTurn(ctx context.Context, m *danchu.OutboxMessage, leaseEnd time.Time) bool {
	perChat := s.cfg.PerChat
	if m.ChatID < 0 { // a group
		perChat = max(perChat, groupInterval)
	}
	if !s.reserve(ctx, "send:chat:"+strconv.FormatInt(m.ChatID, 10), 1/perChat.Seconds(), 1) {
		return false
	}
	for {
		if !s.waitPause(ctx) || !s.reserve(ctx, globalSendKey, s.cfg.Rate, globalBurst) {
			return false
		}
		if !s.paused() { // a 429 during the wait: wait it out and take a new token
			break
		}
	}
	if s.cfg.Now().Add(s.sendTimeout).After(leaseEnd) {
		s.log.Warn("an outbox message waited too long; it goes when its lease ends",
			"id", m.ID, "chat", s.b.chatHash(m.ChatID))
		return false
	}
	return true
}

// reserve takes a token of the bucket key and waits until it may be used.
func (s *sender) reserve(ctx context.Context, key string, perSecond float64, burst int) bool {
	wait, err := s.cfg.Limiter.Reserve(ctx, key, perSecond, burst)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Error("the send rate limiter failed", "err", err)
			sleep(ctx, time.Second) // do not hammer a limiter that is down
		}
		return false
	}
	return wait <= 0 || sleep(ctx, wait)
}

// pause stops every send until until (Telegram's retry_after).
func (s *sender) pause(until time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if until.After(s.pausedUntil) {
		s.pausedUntil = until
	}
}

func (s *sender) paused() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cfg.Now().Before(s.pausedUntil)
}

// waitPause waits until no pause holds; false when ctx ended first.
func (s *sender) waitPause(ctx context.Context) bool {
	for {
		s.mu.Lock()
		wait := s.pausedUntil.Sub(s.cfg.Now())
		s.mu.Unlock()
		if wait <= 0 {
			return ctx.Err() == nil
		}
		if !sleep(ctx, wait) {
			return false
		}
	}
}

// replyButtons turns outbox buttons into the flows buttons render takes.
func replyButtons(rows [][]danchu.OutboxButton) [][]flows.Button {
	if len(rows) == 0 {
		return nil
	}
	out := make([][]flows.Button, 0, len(rows))
	for _, row := range rows {
		line := make([]flows.Button, 0, len(row))
		for _, btn := range row {
			line = append(line, flows.Button{Text: btn.Text, Data: btn.Data})
		}
		out = append(out, line)
	}
	return out
}
