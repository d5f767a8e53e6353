package flows

import (
	"context"
	"fmt"
	"slices"
	"time"

	"danchu"
)

// outboxBatch is how many messages one Enqueue writes: a big audience is
// written in several transactions, each short; dedup keys make a repeat
// after a failure harmless.
const outboxBatch = 500

// sendAll writes msgs to the outbox in batches.
func (n *Notifier) SendAll(ctx context.Context, msgs []*danchu.OutboxMessage) error {
	for len(msgs) > 0 {
		size := min(len(msgs), outboxBatch)
		if err := n.Outbox.Enqueue(ctx, msgs[:size]...); err != nil {
			return fmt.Errorf("flows: enqueue: %w", err)
		}
		msgs = msgs[size:]
	}
	return nil
}

// toAudience is one message per resident of the audience, each in their
// language, with a dedup key of key and the resident.
func (n *Notifier) ToAudience(ctx context.Context, a danchu.Audience, kind, key string, text func(lang string) string,
	buttons func(lang string) [][]danchu.OutboxButton) ([]*danchu.OutboxMessage, error) {
	people, err := n.AudienceResidents(ctx, a)
	if err != nil {
		return nil, err
	}
	if buttons == nil {
		buttons = func(string) [][]danchu.OutboxButton { return nil }
	}
	msgs := BroadcastMessages(people, kind, text, buttons)
	for _, m := range msgs {
		m.DedupKey = key + ":" + Itoa(m.ResidentID)
		m.NotBefore = n.now()
	}
	return msgs, nil
}

// audienceResidents lists the registered residents an audience reaches, each
// once, by id.
func (n *Notifier) AudienceResidents(ctx context.Context, a danchu.Audience) ([]*danchu.Resident, error) {
	var out []*danchu.Resident
	switch {
	case a.All:
		all, err := n.Residents.ListResidents(ctx, "")
		if err != nil {
			return nil, fmt.Errorf("flows: list residents: %w", err)
		}
		out = all
	case a.Role != "":
		ids, err := n.StaffWith(ctx, a.Role)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			r, err := n.Residents.FindResidentByID(ctx, id)
			if IsNotFound(err) {
				continue
			}
			if err != nil {
				return nil, fmt.Errorf("flows: find resident: %w", err)
			}
			out = append(out, r)
		}
	default:
		for _, nb := range a.Neighbourhoods {
			list, err := n.Residents.ListResidents(ctx, nb)
			if err != nil {
				return nil, fmt.Errorf("flows: list residents of %s: %w", nb, err)
			}
			out = append(out, list...)
		}
	}
	slices.SortFunc(out, func(x, y *danchu.Resident) int { return cmpID(x.ID, y.ID) })
	return slices.CompactFunc(out, func(x, y *danchu.Resident) bool { return x.ID == y.ID }), nil
}

func cmpID(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// broadcastMessages is one outbox message per recipient, written in each
// one's language (the texts are made once per language). A resident known
// to have blocked the bot gets a row that counts as unreachable and is never
// sent.
func BroadcastMessages(to []*danchu.Resident, kind string, text func(lang string) string,
	buttons func(lang string) [][]danchu.OutboxButton) []*danchu.OutboxMessage {
	texts, keyboards := map[string]string{}, map[string][][]danchu.OutboxButton{}
	msgs := make([]*danchu.OutboxMessage, 0, len(to))
	for _, r := range to {
		lang := NormLang(r.Language)
		if _, ok := texts[lang]; !ok {
			texts[lang], keyboards[lang] = text(lang), buttons(lang)
		}
		m := &danchu.OutboxMessage{ChatID: r.TelegramID, ResidentID: r.ID, Kind: kind, Priority: danchu.PriorityBroadcast,
			Text: texts[lang], Buttons: keyboards[lang], Status: danchu.OutboxPending}
		if r.Unreachable {
			m.Status, m.LastError = danchu.OutboxUnreachable, "the resident blocked the bot before"
		}
		msgs = append(msgs, m)
	}
	return msgs
}

// Message is an outbox message to one resident, written in their language
// when it is enqueued.
type Message struct {
	To       int64  // resident id
	Kind     string // OutboxMessage.Kind
	Dedup    string
	Priority int
	Text     func(lang string) string
	Buttons  func(lang string) [][]danchu.OutboxButton
}

// Enqueue writes the messages to the outbox. A recipient whose profile is
// gone (deleted at their request) is skipped.
func (n *Notifier) Enqueue(ctx context.Context, messages ...Message) error {
	var msgs []*danchu.OutboxMessage
	for _, m := range messages {
		if m.To == 0 {
			continue
		}
		r, err := n.Residents.FindResidentByID(ctx, m.To)
		if IsNotFound(err) {
			continue
		}
		if err != nil {
			return fmt.Errorf("flows: notice recipient: %w", err)
		}
		lang := NormLang(r.Language)
		out := &danchu.OutboxMessage{ChatID: r.TelegramID, ResidentID: r.ID, Kind: m.Kind,
			Priority: m.Priority, Text: m.Text(lang), DedupKey: m.Dedup,
			Status: danchu.OutboxPending, NotBefore: n.now()}
		if m.Buttons != nil {
			out.Buttons = m.Buttons(lang)
		}
		msgs = append(msgs, out)
	}
	if len(msgs) == 0 {
		return nil
	}
	if err := n.Outbox.Enqueue(ctx, msgs...); err != nil {
		return fmt.Errorf("flows: enqueue notices: %w", err)
	}
	return nil
}

// staffWith lists the residents holding any of roles, each once, in the
// order of ListRoles.
func (n *Notifier) StaffWith(ctx context.Context, roles ...danchu.Role) ([]int64, error) {
	grants, err := n.Roles.ListRoles(ctx)
	if err != nil {
		return nil, fmt.Errorf("flows: list roles: %w", err)
	}
	seen := map[int64]bool{}
	var ids []int64
	for _, g := range grants {
		for _, r := range roles {
			if g.Role == r && !seen[g.ResidentID] {
				seen[g.ResidentID] = true
				ids = append(ids, g.ResidentID)
			}
		}
	}
	return ids, nil
}

// Notifier writes what the service sends outside a turn to the outbox, each
// message in its recipient's language: answers to petitions, notices,
// reminders. The sender delivers them (ARCHITECTURE.md).
type Notifier struct {
	Residents danchu.ResidentService
	Roles     danchu.RoleService
	Outbox    danchu.OutboxService
	Clock     func() time.Time // time.Now when nil
}

func (n *Notifier) now() time.Time {
	if n.Clock != nil {
		return n.Clock()
	}
	return time.Now()
}

// Ready reports whether there is an outbox to write to.
func (n *Notifier) Ready() bool { return n != nil && n.Outbox != nil }
