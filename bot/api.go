package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// api is the few Bot API calls the bot makes; *tgbot.Bot has them.
type api interface {
	SendMessage(ctx context.Context, p *tgbot.SendMessageParams) (*models.Message, error)
	EditMessageText(ctx context.Context, p *tgbot.EditMessageTextParams) (*models.Message, error)
	SendDocument(ctx context.Context, p *tgbot.SendDocumentParams) (*models.Message, error)
	SendPhoto(ctx context.Context, p *tgbot.SendPhotoParams) (*models.Message, error)
	SendLocation(ctx context.Context, p *tgbot.SendLocationParams) (*models.Message, error)
	AnswerCallbackQuery(ctx context.Context, p *tgbot.AnswerCallbackQueryParams) (bool, error)
	SetMyCommands(ctx context.Context, p *tgbot.SetMyCommandsParams) (bool, error)
}

// errClass is what the bot does about a failed Bot API call.
type errClass int

const (
	classOther        errClass = iota // a network failure or an unexpected answer: an internal error
	classRetryAfter                   // 429: wait retry_after, then the same call again
	classBlocked                      // 403: the person blocked the bot; stop and mark them unreachable
	classBadRequest                   // 400: Telegram refused the call; retrying changes nothing
	classUnauthorized                 // 401 or 404: wrong token or server
)

// classify reads the library's error types (errors.go of go-telegram/bot).
func classify(err error) (errClass, time.Duration) {
	var tooMany *tgbot.TooManyRequestsError
	switch {
	case errors.As(err, &tooMany):
		return classRetryAfter, time.Duration(tooMany.RetryAfter) * time.Second
	case errors.Is(err, tgbot.ErrorForbidden):
		return classBlocked, 0
	case errors.Is(err, tgbot.ErrorBadRequest), isMigrate(err):
		return classBadRequest, 0
	case errors.Is(err, tgbot.ErrorUnauthorized), errors.Is(err, tgbot.ErrorNotFound):
		return classUnauthorized, 0
	}
	return classOther, 0
}

func isMigrate(err error) bool {
	var m *tgbot.MigrateError
	return errors.As(err, &m)
}

// editFailedButSendable reports whether an editMessageText failure means the
// reply should go as a new message instead: the message is gone, too old to
// edit, or already shows this.
func editFailedButSendable(err error) bool {
	if c, _ := classify(err); c != classBadRequest {
		return false
	}
	msg := strings.ToLower(err.Error())
	for _, s := range []string{"message is not modified", "message to edit not found", "message can't be edited", "message_id_invalid"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

const (
	maxRetryAfter   = 5 * time.Minute // never sleep longer than this on one 429
	maxCallAttempts = 5               // tries of one call on 429 and network errors
)

// call runs f, waiting out 429 answers (retry_after) and retrying network
// failures with a short backoff. Other Telegram answers return at once.
func call(ctx context.Context, f func(context.Context) error) error {
	delay := 200 * time.Millisecond
	var err error
	for attempt := 1; ; attempt++ {
		err = f(ctx)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("%w (%w)", err, ctx.Err())
		}
		class, wait := classify(err)
		switch class {
		case classRetryAfter:
			wait = min(max(wait, time.Second), maxRetryAfter)
		case classOther:
			wait = delay
			delay *= 2
		default:
			return err
		}
		if attempt >= maxCallAttempts {
			return err
		}
		if !sleep(ctx, wait) {
			return fmt.Errorf("%w (%w)", err, ctx.Err())
		}
	}
}

// sleep waits d or until ctx is done; it reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
