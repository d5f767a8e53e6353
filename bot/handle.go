package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"danchu"
	"danchu/flows"
)

// handle runs one stored update: it turns it into a flows.Input, runs the
// step, sends the replies and marks the update handled. It returns true when
// the update failed and should be tried again later; after MaxAttempts
// failures, or after a panic, the person gets an apology and the update is
// marked handled, so a poisonous update cannot block its chat.
func (b *Bot) handle(ctx context.Context, u *danchu.InboxUpdate) (retry bool) {
	chat, lang := u.ChatID, "vi"
	defer func() {
		if p := recover(); p != nil {
			b.log.Error("panic while handling an update", "update_id", u.UpdateID, "chat", b.chatHash(chat),
				"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			b.apologize(ctx, chat, lang, &danchu.Error{Code: danchu.EINTERNAL, Op: "bot.handle", Message: "panic"})
			retry = !b.finish(ctx, u.UpdateID, fmt.Sprintf("panic: %v", p))
		}
	}()

	var upd models.Update
	if err := json.Unmarshal(u.Payload, &upd); err != nil {
		return !b.finish(ctx, u.UpdateID, "ignored: unreadable update: "+err.Error())
	}
	if chat == 0 {
		return !b.finish(ctx, u.UpdateID, "ignored: no private chat")
	}
	if m := upd.MyChatMember; m != nil {
		b.memberChanged(ctx, chat, m)
		return !b.finish(ctx, u.UpdateID, "")
	}
	in, ok := input(&upd, chat, b.username)
	if !ok {
		return !b.finish(ctx, u.UpdateID, "ignored: nothing to handle")
	}
	lang = language(in)
	if cq := upd.CallbackQuery; cq != nil && u.Attempts == 0 {
		b.answerCallback(ctx, chat, cq.ID)
	}
	if err := b.loadPerson(ctx, &in); err != nil {
		return b.failed(ctx, u, lang, err)
	}
	lang = language(in)

	replies, err := b.cfg.Engine.Handle(ctx, in)
	switch code := danchu.ErrorCode(err); {
	case err == nil:
	case isPanic(err):
		// flows.Engine recovers a panic of a step into this error; the
		// step would panic again, so it is not retried.
		b.log.Error("a step panicked", "update_id", u.UpdateID, "chat", b.chatHash(chat), "err", logErr(err))
		b.apologize(ctx, chat, lang, err)
		return !b.finish(ctx, u.UpdateID, "panic: "+err.Error())
	case code == danchu.EINTERNAL:
		return b.failed(ctx, u, lang, err)
	default:
		// The person's mistake or a refusal: a polite answer, no retry.
		replies = b.cfg.Engine.ErrorReplies(lang, err)
	}
	if err := b.send(ctx, chat, render(chat, in.CallbackMessageID, replies)); err != nil && err != errBlocked {
		// The step has run and must not run twice; what could not be
		// sent after the call's own retries is lost.
		b.log.Error("sending replies failed", "update_id", u.UpdateID, "chat", b.chatHash(chat), "err", err)
		return !b.finish(ctx, u.UpdateID, "send: "+err.Error())
	}
	return !b.finish(ctx, u.UpdateID, "")
}

// isPanic reports whether err is a panic that the engine recovered:
// flows.Engine.Handle returns it wrapping flows.ErrPanic.
func isPanic(err error) bool { return errors.Is(err, flows.ErrPanic) }

// failed counts a failed attempt. It reports whether the update stays pending
// for another attempt; at the last attempt the person gets an apology and the
// update is given up.
func (b *Bot) failed(ctx context.Context, u *danchu.InboxUpdate, lang string, err error) bool {
	attempts := u.Attempts + 1
	b.log.Error("handling an update failed", "update_id", u.UpdateID, "chat", b.chatHash(u.ChatID),
		"attempt", attempts, "err", logErr(err))
	if attempts < b.cfg.MaxAttempts {
		if merr := b.cfg.Inbox.MarkAttempt(ctx, u.UpdateID, err.Error()); merr != nil {
			b.log.Error("counting a failed attempt failed", "update_id", u.UpdateID, "err", merr)
		}
		return true
	}
	b.apologize(ctx, u.ChatID, lang, err)
	return !b.finish(ctx, u.UpdateID, fmt.Sprintf("gave up after %d attempts: %v", attempts, err))
}

// finish marks the update handled, trying a few times, since an update left
// pending would run again. It reports whether the mark was stored.
func (b *Bot) finish(ctx context.Context, updateID int64, lastError string) bool {
	noteOutcome(ctx, lastError) // for the Observer (observe.go)
	backoff := newBackoff(100*time.Millisecond, 2*time.Second)
	for attempt := 1; ; attempt++ {
		err := b.cfg.Inbox.MarkHandled(ctx, updateID, b.cfg.Now(), lastError)
		if err == nil {
			b.WakeSender() // the step may have left messages in the outbox
			return true
		}
		if attempt == 5 || !sleep(ctx, backoff.next()) {
			b.log.Error("marking an update handled failed", "update_id", updateID, "err", err)
			return false
		}
	}
}

// apologize tells the person that their message could not be handled. It
// must work while something else is broken, so it guards against a panic of
// its own.
func (b *Bot) apologize(ctx context.Context, chat int64, lang string, cause error) {
	if chat == 0 {
		return
	}
	defer func() {
		if p := recover(); p != nil {
			b.log.Error("panic while apologizing", "chat", b.chatHash(chat), "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		}
	}()
	replies := b.cfg.Engine.ErrorReplies(lang, cause)
	if err := b.send(ctx, chat, render(chat, 0, replies)); err != nil && err != errBlocked {
		b.log.Error("sending an apology failed", "chat", b.chatHash(chat), "err", err)
	}
}

// answerCallback stops the spinner on the pressed button, before the step
// runs. A failure is no reason not to run the step: the query may be too old.
func (b *Bot) answerCallback(ctx context.Context, chat int64, id string) {
	err := call(ctx, func(ctx context.Context) error {
		_, err := b.api.AnswerCallbackQuery(ctx, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: id})
		return err
	})
	if err != nil {
		if class, _ := classify(err); class != classBadRequest {
			b.log.Error("answerCallbackQuery failed", "chat", b.chatHash(chat), "err", err)
		}
	}
}

// memberChanged follows the person blocking (kicked) or unblocking the bot.
func (b *Bot) memberChanged(ctx context.Context, chat int64, m *models.ChatMemberUpdated) {
	switch m.NewChatMember.Type {
	case models.ChatMemberTypeBanned, models.ChatMemberTypeLeft:
		b.markUnreachable(ctx, chat, true)
	case models.ChatMemberTypeMember:
		b.markUnreachable(ctx, chat, false)
	}
}

// language is the language of the person's answers: their own choice when
// registered, else English for an English phone, else Vietnamese.
func language(in flows.Input) string {
	if in.Resident != nil && in.Resident.Language != "" {
		return in.Resident.Language
	}
	if strings.HasPrefix(strings.ToLower(in.From.LanguageCode), "en") {
		return "en"
	}
	return "vi"
}
