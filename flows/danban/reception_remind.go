package danban

import (
	"context"
	"errors"
	"fmt"
	"time"

	"danchu/flows"

	"danchu"
)

// RemindReceptions reminds, through the outbox, every resident booked for a
// reception tomorrow (in the unit's time zone), once, with a button to
// cancel, from the settings' reception.remind_at on. A booking made today
// for tomorrow is not reminded: the confirmation was just shown.
func (a *Area) RemindReceptions(ctx context.Context, now time.Time) error {
	cal := a.Calendar()
	today := cal.Day(now)
	if from, ok := a.Settings.Reception.RemindFrom(today); ok && now.Before(from) {
		return nil
	}
	tomorrow := cal.Day(today.AddDate(0, 0, 1))
	after := cal.Day(tomorrow.AddDate(0, 0, 1))
	due, err := a.Receptions.BookingsToRemind(ctx, tomorrow, after, today)
	if err != nil {
		return fmt.Errorf("flows: bookings to remind: %w", err)
	}
	var errs []error
	for _, b := range due {
		n := flows.Message{To: b.ResidentID, Kind: "reception.reminder", Priority: danchu.PriorityReminder,
			Dedup: "booking:" + flows.Itoa(b.ID) + ":reminder",
			Text: func(lang string) string {
				return a.Tr(lang, msgRcpReminder, map[string]any{"Name": a.hostTitle(b.Host), "At": a.When(lang, b.SlotStart),
					"Address": a.Settings.Unit.Address, "Value": flows.Clip(b.Topic, 300)})
			},
			Buttons: func(lang string) [][]danchu.OutboxButton {
				return [][]danchu.OutboxButton{{{Text: a.Tr(lang, msgRcpCancelButton, nil), Data: flowReception + ":c:" + flows.Itoa(b.ID)}}}
			}}
		if err := a.Enqueue(ctx, n); err != nil {
			errs = append(errs, err)
			continue
		}
		if _, err := a.Receptions.MarkBookingReminded(ctx, b.ID, now); err != nil {
			errs = append(errs, fmt.Errorf("flows: mark booking %d reminded: %w", b.ID, err))
		}
	}
	return errors.Join(errs...)
}
