package bot

import (
	"context"
	"fmt"

	tgbot "github.com/go-telegram/bot"
)

// SetWebhook asks Telegram to post updates to url with secret in the
// X-Telegram-Bot-Api-Secret-Token header. Updates waiting at Telegram are
// kept (drop_pending_updates is false): nothing a resident sent is lost when
// the service moves from polling to a webhook.
func (b *Bot) SetWebhook(ctx context.Context, url, secret string) error {
	_, err := b.client.SetWebhook(ctx, &tgbot.SetWebhookParams{
		URL:                url,
		SecretToken:        secret,
		AllowedUpdates:     allowedUpdates,
		DropPendingUpdates: false,
	})
	if err != nil {
		return fmt.Errorf("setWebhook: %w", err)
	}
	return nil
}

// DeleteWebhook goes back to long polling, keeping the pending updates.
func (b *Bot) DeleteWebhook(ctx context.Context) error {
	if _, err := b.client.DeleteWebhook(ctx, &tgbot.DeleteWebhookParams{DropPendingUpdates: false}); err != nil {
		return fmt.Errorf("deleteWebhook: %w", err)
	}
	return nil
}

// Ping asks Telegram who the bot is: it answers when the token is good and
// the server reachable (for /readyz).
func (b *Bot) Ping(ctx context.Context) error {
	if _, err := b.client.GetMe(ctx); err != nil {
		return fmt.Errorf("getMe: %w", err)
	}
	return nil
}
