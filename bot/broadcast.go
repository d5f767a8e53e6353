package bot

import (
	"context"
	"log/slog"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"

	"danchu"
	"danchu/flows"
)

// BroadcastViewer writes what the sender of a broadcast sees: its progress
// with a button to cancel it, then its summary. flows.Engine has it.
type BroadcastViewer interface {
	BroadcastProgress(ctx context.Context, b *danchu.Broadcast, c danchu.BroadcastCounts, left time.Duration) (flows.Reply, error)
}

// ProgressConfig holds what RunBroadcastProgress needs. Broadcasts and View
// are required.
type ProgressConfig struct {
	Broadcasts danchu.BroadcastService
	View       BroadcastViewer
	// Locker, when set, lets one replica at a time edit the progress.
	Locker danchu.Locker

	Interval time.Duration // how often each progress message is edited; 3s by default
	Rate     float64       // the sender's rate, to guess the time left before anything went; 25 by default

	Logger *slog.Logger // the bot's by default
	Now    func() time.Time
}

const progressLockKey = "broadcast:progress"

func (c *ProgressConfig) setDefaults(b *Bot) {
	if c.Interval <= 0 {
		c.Interval = 3 * time.Second
	}
	if c.Rate <= 0 {
		c.Rate = 25
	}
	if c.Logger == nil {
		c.Logger = b.cfg.Logger
	}
	if c.Now == nil {
		c.Now = b.cfg.Now
	}
}

// RunBroadcastProgress keeps the sender of each broadcast told how it goes
// (ARCHITECTURE.md: "The sender of a broadcast sees its progress in one
// message that is edited as it goes") until ctx is done. Every Interval it
// counts each unfinished broadcast's outbox messages and edits its progress
// message when the text differs from what it shows (Broadcast.ProgressText,
// kept in the store, so replicas and restarts agree and Telegram is never
// asked to edit a message into itself); once no message is open it shows
// the summary (without the cancel button) and marks the broadcast finished.
// A progress message that cannot be edited any more is sent anew. The edits
// do not take the sender's tokens: they are a few per broadcast a minute.
func (b *Bot) RunBroadcastProgress(ctx context.Context, cfg ProgressConfig) error {
	cfg.setDefaults(b)
	if cfg.Broadcasts == nil || cfg.View == nil {
		return danchu.Errorf(danchu.EINVALID, "progress config: Broadcasts and View are required")
	}
	p := &progress{b: b, cfg: cfg, log: cfg.Logger.With("component", "broadcast")}
	ticker := time.NewTicker(cfg.Interval)
	defer ticker.Stop()
	for {
		p.tick(ctx)
		select {
		case <-ctx.Done():
			return nil
		case <-ticker.C:
		}
	}
}

// progress is one RunBroadcastProgress.
type progress struct {
	b   *Bot
	cfg ProgressConfig
	log *slog.Logger
}

func (p *progress) tick(ctx context.Context) {
	if p.cfg.Locker != nil {
		unlock, ok, err := p.cfg.Locker.TryLock(ctx, progressLockKey, 2*p.cfg.Interval)
		if err != nil || !ok {
			if err != nil && ctx.Err() == nil {
				p.log.Error("locking the broadcast progress failed", "err", err)
			}
			return
		}
		defer unlock(context.WithoutCancel(ctx))
	}
	active, err := p.cfg.Broadcasts.ActiveBroadcasts(ctx)
	if err != nil {
		if ctx.Err() == nil {
			p.log.Error("listing the broadcasts under way failed", "err", err)
		}
		return
	}
	for _, bc := range active {
		if ctx.Err() != nil {
			return
		}
		p.show(ctx, bc)
	}
}

// show edits one broadcast's progress message, or shows its summary and
// finishes it.
func (p *progress) show(ctx context.Context, bc *danchu.Broadcast) {
	log := p.log.With("broadcast", bc.ID)
	c, err := p.cfg.Broadcasts.BroadcastCounts(ctx, bc.ID)
	if err != nil {
		log.Error("counting a broadcast failed", "err", err)
		return
	}
	now := p.cfg.Now()
	reply, err := p.cfg.View.BroadcastProgress(ctx, bc, c, p.timeLeft(bc, c, now))
	if err != nil {
		log.Error("writing a broadcast's progress failed", "err", err)
		return
	}
	if (bc.ProgressMsgID == 0 || reply.Text != bc.ProgressText) && !p.edit(ctx, bc, reply, log) {
		return
	}
	if c.Open() == 0 {
		if err := p.cfg.Broadcasts.FinishBroadcast(ctx, bc.ID, now); err != nil {
			log.Error("finishing a broadcast failed", "err", err)
		}
	}
}

// timeLeft guesses how long the open messages take at the pace seen so far,
// or at the sender's rate before any went.
func (p *progress) timeLeft(bc *danchu.Broadcast, c danchu.BroadcastCounts, now time.Time) time.Duration {
	rate := p.cfg.Rate
	elapsed := now.Sub(bc.CreatedAt).Seconds()
	if gone := c.Sent + c.Failed; gone > 0 && elapsed >= 1 {
		rate = float64(gone) / elapsed
	}
	return time.Duration(float64(c.Open()) / rate * float64(time.Second))
}

// edit shows reply on the progress message, sending a new one when there is
// none or it cannot be edited, and records what it shows. It reports
// whether the text is shown (or can never be: the sender blocked the bot).
func (p *progress) edit(ctx context.Context, bc *danchu.Broadcast, reply flows.Reply, log *slog.Logger) bool {
	if bc.ChatID == 0 {
		return true // nobody to tell (a broadcast made outside a chat)
	}
	markup, _ := replyMarkup(flows.Reply{Buttons: reply.Buttons})
	if bc.ProgressMsgID != 0 {
		_, err := p.b.api.EditMessageText(ctx, &tgbot.EditMessageTextParams{
			ChatID: bc.ChatID, MessageID: bc.ProgressMsgID, Text: reply.Text, ReplyMarkup: markup})
		switch {
		case err == nil || notModified(err):
			p.record(ctx, bc, bc.ProgressMsgID, reply.Text, log)
			return true
		case !editFailedButSendable(err):
			return p.failed(ctx, bc, err, log)
		}
	}
	sent, err := p.b.api.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: bc.ChatID, Text: reply.Text, ReplyMarkup: markup})
	if err != nil {
		return p.failed(ctx, bc, err, log)
	}
	p.record(ctx, bc, sent.ID, reply.Text, log)
	return true
}

// record keeps the message and text the progress shows.
func (p *progress) record(ctx context.Context, bc *danchu.Broadcast, msgID int, text string, log *slog.Logger) {
	if err := p.cfg.Broadcasts.SetBroadcastProgress(ctx, bc.ID, bc.ChatID, msgID, text); err != nil {
		log.Error("recording the progress message failed", "err", err)
	}
	bc.ProgressMsgID, bc.ProgressText = msgID, text
}

// failed handles an edit or send that did not go: a block ends the telling,
// anything else waits for the next tick.
func (p *progress) failed(ctx context.Context, bc *danchu.Broadcast, err error, log *slog.Logger) bool {
	if class, _ := classify(err); class == classBlocked {
		p.b.markUnreachable(context.WithoutCancel(ctx), bc.ChatID, true)
		return true
	}
	if ctx.Err() == nil {
		log.Warn("showing a broadcast's progress failed; tried again", "chat", p.b.chatHash(bc.ChatID), "err", err)
	}
	return false
}

func notModified(err error) bool {
	return strings.Contains(strings.ToLower(err.Error()), "message is not modified")
}
