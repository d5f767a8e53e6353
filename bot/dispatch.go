package bot

import (
	"context"
	"strconv"
	"sync"
	"time"

	"danchu"
)

// maxPerTurn is how many updates a chat may run before it lets other chats
// have its worker.
const maxPerTurn = 20

// chatDone is a worker's report on a chat it finished with.
type chatDone struct {
	chat    int64
	retryAt time.Time // zero when nothing is left to retry
}

// dispatch hands the chats with pending updates to at most Workers workers,
// one worker per chat at a time, so that the updates of a chat run in order
// and chats run in parallel. It scans the inbox when woken (a new update),
// when a worker finishes, and every ScanInterval; the first scan handles what
// a previous run left (crash recovery). When ctx is done it takes no more
// work and returns after the workers have finished their current updates.
func (b *Bot) dispatch(ctx context.Context) error {
	var wg sync.WaitGroup
	defer wg.Wait()

	busy := map[int64]bool{}
	// retryAt holds chats whose update failed, until their next attempt.
	// Real time: it paces work, it decides nothing a person sees.
	retryAt := map[int64]time.Time{}
	// Buffered for every worker, so a worker's report never blocks, even
	// after dispatch stopped reading.
	done := make(chan chatDone, b.cfg.Workers)
	ticker := time.NewTicker(b.cfg.ScanInterval)
	defer ticker.Stop()

	for {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if len(busy) < b.cfg.Workers {
			for _, chat := range b.pending(ctx, len(busy)+len(retryAt)+4*b.cfg.Workers) {
				if len(busy) >= b.cfg.Workers {
					break
				}
				if busy[chat] {
					continue
				}
				if t, ok := retryAt[chat]; ok {
					if time.Now().Before(t) {
						continue
					}
					delete(retryAt, chat)
				}
				busy[chat] = true
				wg.Go(func() { done <- b.work(ctx, chat) })
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-b.wake:
		case <-ticker.C:
		case d := <-done:
			delete(busy, d.chat)
			if !d.retryAt.IsZero() {
				retryAt[d.chat] = d.retryAt
			}
		}
	}
}

// pending lists chats with unhandled updates; a failure is logged and the
// next scan tries again.
func (b *Bot) pending(ctx context.Context, limit int) []int64 {
	chats, err := b.cfg.Inbox.PendingChats(ctx, limit)
	if err != nil && ctx.Err() == nil {
		b.log.Error("listing pending chats failed", "err", err)
	}
	return chats
}

// work runs the chat's pending updates in update_id order, up to maxPerTurn.
// Each update runs on a context of its own that outlives ctx (bounded by
// StepTimeout), so shutting down finishes the update in hand; ctx only stops
// the next one from starting.
func (b *Bot) work(ctx context.Context, chat int64) chatDone {
	for range maxPerTurn {
		if ctx.Err() != nil {
			return chatDone{chat: chat}
		}
		retry, delay := b.workOne(ctx, chat)
		if retry {
			return chatDone{chat: chat, retryAt: time.Now().Add(delay)}
		}
		if delay < 0 { // nothing left
			return chatDone{chat: chat}
		}
	}
	return chatDone{chat: chat}
}

// workOne handles the chat's next update. It returns retry with the delay
// before the chat is tried again, or delay < 0 when the chat has no update.
func (b *Bot) workOne(ctx context.Context, chat int64) (retry bool, delay time.Duration) {
	uctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), b.cfg.StepTimeout)
	defer cancel()

	if b.cfg.Locker != nil {
		unlock, ok, err := b.cfg.Locker.TryLock(uctx, "bot:chat:"+strconv.FormatInt(chat, 10), b.cfg.StepTimeout+30*time.Second)
		if err != nil {
			b.log.Error("locking a chat failed", "chat", b.chatHash(chat), "err", err)
			return true, b.cfg.RetryDelay
		}
		if !ok { // another replica has the chat
			return true, b.cfg.ScanInterval
		}
		defer func() {
			if err := unlock(uctx); err != nil {
				b.log.Error("unlocking a chat failed", "chat", b.chatHash(chat), "err", err)
			}
		}()
	}

	u, err := b.cfg.Inbox.NextUpdate(uctx, chat)
	if danchu.ErrorCode(err) == danchu.ENOTFOUND {
		return false, -1
	}
	if err != nil {
		b.log.Error("reading the next update failed", "chat", b.chatHash(chat), "err", err)
		return true, b.cfg.RetryDelay
	}
	start := time.Now()
	octx, o := withOutcome(uctx)
	retry = b.handle(octx, u)
	b.observeUpdate(u, o, retry, time.Since(start))
	if retry {
		return true, b.retryDelay(u.Attempts + 1)
	}
	return false, 0
}

// retryDelay is the wait after the attempts-th failure: RetryDelay doubled
// each time, at most five minutes.
func (b *Bot) retryDelay(attempts int) time.Duration {
	d := b.cfg.RetryDelay
	for i := 1; i < attempts && d < 5*time.Minute; i++ {
		d *= 2
	}
	return min(d, 5*time.Minute)
}
