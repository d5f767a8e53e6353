package bot

import (
	"context"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// menuLanguages are the languages of the command menu: Vietnamese for
// everyone, English for phones set to English.
var menuLanguages = []struct{ lang, code string }{{"vi", ""}, {"en", "en"}}

// setCommands publishes the command menu. A failure is logged, not fatal:
// the bot works without a menu, and the next start sets it again.
func (b *Bot) setCommands(ctx context.Context) {
	for _, l := range menuLanguages {
		p := commandParams(b.cfg.Engine, l.lang, l.code)
		if p == nil {
			continue
		}
		err := call(ctx, func(ctx context.Context) error {
			_, err := b.api.SetMyCommands(ctx, p)
			return err
		})
		if err != nil && ctx.Err() == nil {
			b.log.Error("setMyCommands failed", "lang", l.lang, "err", err)
		}
	}
}

// commandParams is the setMyCommands call for lang, nil when there is no
// command to show.
func commandParams(h Handler, lang, code string) *tgbot.SetMyCommandsParams {
	cmds := h.Commands(lang)
	if len(cmds) == 0 {
		return nil
	}
	p := &tgbot.SetMyCommandsParams{LanguageCode: code}
	for _, c := range cmds {
		p.Commands = append(p.Commands, models.BotCommand{Command: c.Command, Description: c.Description})
	}
	return p
}
