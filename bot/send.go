package bot

import (
	"context"
	"fmt"

	"danchu"
)

// errBlocked reports that the person blocked the bot: nothing more can be
// sent to them, and that is no failure of the step.
var errBlocked = &danchu.Error{Code: danchu.EFORBIDDEN, Message: "the person blocked the bot", Op: "bot.send"}

// send makes the calls in order. 429 answers are waited out; a 403 marks the
// chat's resident unreachable and stops; a call Telegram refuses (400) is
// logged and skipped, since sending it again changes nothing. It returns the
// first failure that is worth trying again, or errBlocked.
func (b *Bot) send(ctx context.Context, chatID int64, calls []outgoing) error {
	for _, c := range calls {
		err := b.sendOne(ctx, c)
		if err == nil {
			continue
		}
		switch class, _ := classify(err); class {
		case classBlocked:
			b.markUnreachable(ctx, chatID, true)
			return errBlocked
		case classBadRequest:
			b.log.Error("telegram refused a reply", "chat", b.chatHash(chatID), "err", err)
			continue
		}
		return fmt.Errorf("bot: send: %w", err)
	}
	return nil
}

func (b *Bot) sendOne(ctx context.Context, c outgoing) error {
	switch {
	case c.message != nil:
		return call(ctx, func(ctx context.Context) error {
			_, err := b.api.SendMessage(ctx, c.message)
			return err
		})
	case c.document != nil:
		return call(ctx, func(ctx context.Context) error {
			_, err := b.api.SendDocument(ctx, c.documentParams())
			return err
		})
	case c.documentRef != nil:
		return call(ctx, func(ctx context.Context) error {
			_, err := b.api.SendDocument(ctx, c.documentRef)
			return err
		})
	case c.photo != nil:
		return call(ctx, func(ctx context.Context) error {
			_, err := b.api.SendPhoto(ctx, c.photo)
			return err
		})
	case c.location != nil:
		return call(ctx, func(ctx context.Context) error {
			_, err := b.api.SendLocation(ctx, c.location)
			return err
		})
	case c.edit != nil:
		err := call(ctx, func(ctx context.Context) error {
			_, err := b.api.EditMessageText(ctx, c.edit)
			return err
		})
		if err == nil || !editFailedButSendable(err) {
			return err
		}
		return call(ctx, func(ctx context.Context) error {
			_, err := b.api.SendMessage(ctx, c.fallback)
			return err
		})
	}
	return nil
}

// markUnreachable records a block (403) or its end on the chat's resident.
// Someone not registered has no record to mark.
func (b *Bot) markUnreachable(ctx context.Context, chatID int64, unreachable bool) {
	b.markUnreachableIn(ctx, b.cfg.Residents, chatID, unreachable)
}

// markUnreachableIn is markUnreachable on the given residents (the outbox
// sender may be configured with its own).
func (b *Bot) markUnreachableIn(ctx context.Context, residents danchu.ResidentService, chatID int64, unreachable bool) {
	err := residents.SetUnreachable(ctx, chatID, unreachable)
	if err != nil && danchu.ErrorCode(err) != danchu.ENOTFOUND {
		b.log.Error("marking a resident unreachable failed", "chat", b.chatHash(chatID), "err", err)
	}
}
