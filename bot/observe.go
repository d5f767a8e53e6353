package bot

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"danchu"
)

// Observer is told what the bot does, so that the program can count it
// (cmd/danchu exports the counts to Prometheus). Its methods are called from
// many goroutines and must be quick; they get no personal data.
type Observer interface {
	// UpdateHandled reports one attempt at a stored update. kind is the
	// update's type (UpdateKinds); outcome one of UpdateOutcomes; took is
	// the time from taking the update to marking it.
	UpdateHandled(kind, outcome string, took time.Duration)
	// Sent reports the outcome of one outbox message's send: one of
	// SendOutcomes.
	Sent(outcome string)
}

// The labels an Observer gets, listed so that a metrics exporter can
// create its series at zero.
var (
	UpdateKinds = []string{"message", "edited_message", "callback_query", "my_chat_member", "other"}
	// handled: the step ran and its replies went; ignored: nothing to do
	// (an edit, a group); retry: failed, tried again later; failed: given
	// up after its attempts; panic: the step panicked; send_failed: the
	// step ran but its replies could not be sent.
	UpdateOutcomes = []string{"handled", "ignored", "retry", "failed", "panic", "send_failed"}
	// sent; retry: a network failure or a 5xx, tried again; failed: refused
	// or given up; unreachable: the person blocked the bot (403);
	// rate_limited: Telegram answered 429, tried again after retry_after.
	SendOutcomes = []string{"sent", "retry", "failed", "unreachable", "rate_limited"}
)

// nopObserver is the Observer when none is configured.
type nopObserver struct{}

func (nopObserver) UpdateHandled(string, string, time.Duration) {}
func (nopObserver) Sent(string)                                 {}

// outcomeKey carries an *outcome on the context of one update's handling:
// finish writes how it ended, workOne reads it.
type outcomeKey struct{}

type outcome struct{ v string }

func withOutcome(ctx context.Context) (context.Context, *outcome) {
	o := &outcome{}
	return context.WithValue(ctx, outcomeKey{}, o), o
}

// noteOutcome records, for the Observer, how an update ended from the
// lastError that finish stores with it.
func noteOutcome(ctx context.Context, lastError string) {
	if o, ok := ctx.Value(outcomeKey{}).(*outcome); ok {
		o.v = outcomeOf(lastError)
	}
}

func outcomeOf(lastError string) string {
	switch {
	case lastError == "":
		return "handled"
	case strings.HasPrefix(lastError, "ignored"):
		return "ignored"
	case strings.HasPrefix(lastError, "panic"):
		return "panic"
	case strings.HasPrefix(lastError, "send:"):
		return "send_failed"
	}
	return "failed"
}

// observeUpdate tells the Observer about one attempt at an update, and the
// debug log (the chat hashed, nothing of what was written).
func (b *Bot) observeUpdate(u *danchu.InboxUpdate, o *outcome, retry bool, took time.Duration) {
	result := o.v
	if retry || result == "" {
		result = "retry"
	}
	kind := updateKind(u.Payload)
	b.cfg.Observer.UpdateHandled(kind, result, took)
	b.log.Debug("update handled", "update_id", u.UpdateID, "chat", b.chatHash(u.ChatID),
		"type", kind, "outcome", result, "took", took)
}

// updateKind is the type of an update: the name of the field that carries
// it, among those the bot asks for.
func updateKind(payload []byte) string {
	var u struct {
		Message       json.RawMessage `json:"message"`
		EditedMessage json.RawMessage `json:"edited_message"`
		CallbackQuery json.RawMessage `json:"callback_query"`
		MyChatMember  json.RawMessage `json:"my_chat_member"`
	}
	if json.Unmarshal(payload, &u) != nil {
		return "other"
	}
	switch {
	case u.Message != nil:
		return "message"
	case u.EditedMessage != nil:
		return "edited_message"
	case u.CallbackQuery != nil:
		return "callback_query"
	case u.MyChatMember != nil:
		return "my_chat_member"
	}
	return "other"
}
