package flows

import (
	"context"
	"errors"
	"fmt"
	"time"

	"danchu"
)

// RemindReceptions reminds, through the outbox, every resident booked for a
// reception tomorrow (in the unit's time zone), once, with a button to
// cancel, from the settings' reception.remind_at on. A booking made today
// for tomorrow is not reminded: the confirmation was just shown.
func (e *Engine) RemindReceptions(ctx context.Context, now time.Time) error {
	cal := e.calendar()
	today := cal.Day(now)
	if from, ok := e.Settings.Reception.RemindFrom(today); ok && now.Before(from) {
		return nil
	}
	tomorrow := cal.Day(today.AddDate(0, 0, 1))
	after := cal.Day(tomorrow.AddDate(0, 0, 1))
	due, err := e.Receptions.BookingsToRemind(ctx, tomorrow, after, today)
	if err != nil {
		return fmt.Errorf("flows: bookings to remind: %w", err)
	}
	var errs []error
	for _, b := range due {
		n := notice{to: b.ResidentID, kind: "reception.reminder", priority: danchu.PriorityReminder,
			dedup: "booking:" + itoa(b.ID) + ":reminder",
			text: func(lang string) string {
				return e.tr(lang, msgRcpReminder, map[string]any{"Name": e.hostTitle(b.Host), "At": e.when(lang, b.SlotStart),
					"Address": e.Settings.Unit.Address, "Value": clip(b.Topic, 300)})
			},
			buttons: func(lang string) [][]danchu.OutboxButton {
				return [][]danchu.OutboxButton{{{Text: e.tr(lang, msgRcpCancelButton, nil), Data: flowReception + ":c:" + itoa(b.ID)}}}
			}}
		if err := e.enqueue(ctx, n); err != nil {
			errs = append(errs, err)
			continue
		}
		if _, err := e.Receptions.MarkBookingReminded(ctx, b.ID, now); err != nil {
			errs = append(errs, fmt.Errorf("flows: mark booking %d reminded: %w", b.ID, err))
		}
	}
	return errors.Join(errs...)
}
