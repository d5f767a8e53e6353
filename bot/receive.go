package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/go-telegram/bot/models"

	"danchu"
)

// Receive stores one update (JSON as Telegram sent it) in the inbox and wakes
// the workers. A webhook answers 200 only after Receive returned nil: that is
// the confirmation to Telegram. A repeat of a stored update is not an error.
func (b *Bot) Receive(ctx context.Context, raw []byte) error {
	if _, err := b.store(ctx, raw); err != nil {
		return err
	}
	b.signal()
	return nil
}

// store puts one update into the inbox and returns its update_id. An update
// the bot has no use for (no private chat) or cannot read is stored already
// handled, so that it still counts for the next offset.
func (b *Bot) store(ctx context.Context, raw []byte) (int64, error) {
	var head struct {
		ID int64 `json:"update_id"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return 0, &danchu.Error{Code: danchu.EINVALID, Message: "update is not valid JSON", Op: "bot.Receive", Err: err}
	}
	if head.ID <= 0 {
		return 0, &danchu.Error{Code: danchu.EINVALID, Message: "update has no update_id", Op: "bot.Receive"}
	}
	now := b.cfg.Now()
	row := &danchu.InboxUpdate{UpdateID: head.ID, Payload: raw, ReceivedAt: now}
	ignored := "ignored: no private chat"
	var upd models.Update
	if err := json.Unmarshal(raw, &upd); err != nil {
		ignored = "ignored: unreadable update: " + err.Error()
	} else {
		row.ChatID = chatOf(&upd)
	}
	fresh, err := b.cfg.Inbox.PutUpdate(ctx, row)
	if err != nil {
		return 0, fmt.Errorf("bot: store update %d: %w", head.ID, err)
	}
	if fresh && row.ChatID == 0 {
		if err := b.cfg.Inbox.MarkHandled(ctx, head.ID, now, ignored); err != nil {
			return 0, fmt.Errorf("bot: store update %d: %w", head.ID, err)
		}
	}
	return head.ID, nil
}

// chatOf returns the private chat an update belongs to, or 0 when it belongs
// to none (a group, a channel, an inline query): the bot talks only in
// private chats, where the chat id equals the user id.
func chatOf(u *models.Update) int64 {
	switch {
	case u.Message != nil:
		return privateChat(u.Message.Chat)
	case u.EditedMessage != nil:
		return privateChat(u.EditedMessage.Chat)
	case u.CallbackQuery != nil:
		cq := u.CallbackQuery
		if m := cq.Message.Message; m != nil {
			return privateChat(m.Chat)
		}
		if m := cq.Message.InaccessibleMessage; m != nil {
			return privateChat(m.Chat)
		}
		// A button under an inline-mode message: answer in the presser's
		// private chat.
		if cq.InlineMessageID != "" {
			return cq.From.ID
		}
	case u.MyChatMember != nil:
		return privateChat(u.MyChatMember.Chat)
	}
	return 0
}

func privateChat(c models.Chat) int64 {
	if c.Type != models.ChatTypePrivate {
		return 0
	}
	return c.ID
}

// poll is the long-polling loop. The offset of a getUpdates call confirms
// every update before it, so it moves past a batch only after the whole batch
// is in the inbox: a crash before that makes Telegram send the batch again,
// and the inbox drops the repeats.
func (b *Bot) poll(ctx context.Context) error {
	last, err := b.maxUpdateID(ctx)
	if err != nil {
		return err
	}
	offset := last + 1
	timeout := int(b.cfg.PollTimeout / time.Second)
	backoff := newBackoff(100*time.Millisecond, 30*time.Second)
	for ctx.Err() == nil {
		updates, err := b.getUpdates(ctx, offset, timeout)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			wait := backoff.next()
			if class, retryAfter := classify(err); class == classRetryAfter {
				wait = min(max(retryAfter, time.Second), maxRetryAfter)
			}
			b.log.Error("getUpdates failed", "err", err, "retry_in", wait)
			sleep(ctx, wait)
			continue
		}
		next, err := b.storeBatch(ctx, updates)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			// Not confirmed: the same batch comes again.
			wait := backoff.next()
			b.log.Error("storing updates failed", "err", err, "retry_in", wait)
			sleep(ctx, wait)
			continue
		}
		backoff.reset()
		if next > offset {
			offset = next
		}
		if len(updates) > 0 {
			b.signal()
		}
	}
	return ctx.Err()
}

// maxUpdateID reads where the inbox stopped, retrying until the store answers.
func (b *Bot) maxUpdateID(ctx context.Context) (int64, error) {
	backoff := newBackoff(100*time.Millisecond, 30*time.Second)
	for {
		last, err := b.cfg.Inbox.MaxUpdateID(ctx)
		if err == nil {
			return last, nil
		}
		if ctx.Err() != nil {
			return 0, ctx.Err()
		}
		wait := backoff.next()
		b.log.Error("reading the inbox failed", "err", err, "retry_in", wait)
		sleep(ctx, wait)
	}
}

// storeBatch stores every update of a batch and returns the offset that
// confirms them all.
func (b *Bot) storeBatch(ctx context.Context, updates []json.RawMessage) (int64, error) {
	var next int64
	for _, raw := range updates {
		id, err := b.store(ctx, raw)
		if err != nil {
			if danchu.ErrorCode(err) == danchu.EINVALID {
				// Telegram sent something that is not an update: it can
				// never be stored, so it must not stop the updates after it.
				b.log.Error("dropping an unreadable update", "err", err)
				continue
			}
			return 0, err
		}
		next = max(next, id+1)
	}
	return next, nil
}

// backoff doubles a delay from first up to limit.
type backoff struct {
	first, limit, cur time.Duration
}

func newBackoff(first, limit time.Duration) *backoff {
	return &backoff{first: first, limit: limit}
}

func (b *backoff) next() time.Duration {
	if b.cur == 0 {
		b.cur = b.first
	} else {
		b.cur = min(b.cur*2, b.limit)
	}
	return b.cur
}

func (b *backoff) reset() { b.cur = 0 }
