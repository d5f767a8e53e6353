package danban

import (
	"context"
	"errors"
	"fmt"
	"time"

	"danchu/flows"

	"danchu"
)

// Reminders one day and one hour before, each at most
// once per thing, recipient and reminder (danchu.DueReminder says which is
// due):
//
//   - a meeting notice: to those whose own answer is «Tôi sẽ tham dự» or
//     «Đã nhận». Those who said «Tôi vắng» said they would not come; those
//     who did not answer were told by the notice itself and are the ones the
//     head visits (the tally lists them). A town-wide meeting would
//     otherwise send its whole audience two more messages;
//   - a dialogue: to its audience, and to the askers and supporters of its
//     questions (who may have left the audience since);
//   - a reception booking: one hour before, to the resident booked; the day
//     before is RemindReceptions', at the settings' reception.remind_at.
const (
	msgRmDialogueDay   flows.Msg = "rm.dialogue_day"
	msgRmDialogueHour  flows.Msg = "rm.dialogue_hour"
	msgRmDialogue      flows.Msg = "rm.dialogue"
	msgRmReceptionHour flows.Msg = "rm.reception_hour"
)

var (
	dialogueReminderTitles = map[danchu.Reminder]flows.Msg{danchu.ReminderDay: msgRmDialogueDay, danchu.ReminderHour: msgRmDialogueHour}
)

// remindDialogues reminds the audience of each dialogue, and its askers and
// supporters.
func (a *Area) remindDialogues(ctx context.Context, now time.Time) error {
	dialogues, err := a.Dialogues.ListDialogues(ctx, now)
	if err != nil {
		return fmt.Errorf("flows: dialogues to remind: %w", err)
	}
	end := flows.ReminderWindow(now)
	var errs []error
	for _, d := range dialogues {
		if !d.At.Before(end) {
			break // soonest first
		}
		which, ok := danchu.DueReminder(d.At, d.CreatedAt, now)
		if !ok {
			continue
		}
		errs = append(errs, flows.RemindOnce(ctx, a.Reminders, "dialogue:"+flows.Itoa(d.ID), which, now, func(dedup string) error {
			text := func(lang string) string {
				return a.Tr(lang, msgRmDialogue, map[string]any{"Title": a.Tr(lang, dialogueReminderTitles[which], nil),
					"Value": d.Topic, "When": a.When(lang, d.At), "Place": d.Place})
			}
			buttons := func(lang string) [][]danchu.OutboxButton {
				return [][]danchu.OutboxButton{{{Text: a.Tr(lang, msgDlgOpenButton, nil), Data: flowDialogue + ":d:" + flows.Itoa(d.ID)}}}
			}
			msgs, err := a.ToAudience(ctx, d.Audience, "dialogue.reminder", dedup, text, buttons)
			if err != nil {
				return err
			}
			if err := a.SendAll(ctx, msgs); err != nil {
				return err
			}
			followers, err := a.dialogueFollowers(ctx, d.ID)
			if err != nil {
				return err
			}
			var notices []flows.Message
			for _, id := range followers {
				// The same key as the audience's: one reminder each.
				notices = append(notices, flows.Message{To: id, Kind: "dialogue.reminder", Priority: danchu.PriorityReminder,
					Dedup: dedup + ":" + flows.Itoa(id), Text: text, Buttons: buttons})
			}
			return a.Enqueue(ctx, notices...)
		}))
	}
	return errors.Join(errs...)
}

// dialogueFollowers are the askers and supporters of the questions a
// dialogue still holds (not hidden), once each.
func (a *Area) dialogueFollowers(ctx context.Context, dialogueID int64) ([]int64, error) {
	questions, err := a.Dialogues.ListDialogueQuestions(ctx, dialogueID)
	if err != nil {
		return nil, fmt.Errorf("flows: questions of dialogue %d: %w", dialogueID, err)
	}
	seen := map[int64]bool{}
	var out []int64
	for _, q := range questions {
		if !q.Status.Visible() {
			continue // hidden, or merged: its people follow the question it joined
		}
		ids, err := a.Dialogues.QuestionFollowers(ctx, q.ID)
		if err != nil {
			return nil, fmt.Errorf("flows: followers of question %d: %w", q.ID, err)
		}
		for _, id := range ids {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	return out, nil
}

// remindBookingsHour reminds each booked resident an hour before their
// slot, with the button to cancel.
func (a *Area) remindBookingsHour(ctx context.Context, now time.Time) error {
	bookings, err := a.Receptions.Bookings(ctx, now, now.Add(danchu.ReminderHour.Lead()+time.Microsecond))
	if err != nil {
		return fmt.Errorf("flows: bookings to remind: %w", err)
	}
	var errs []error
	for _, b := range bookings {
		which, ok := danchu.DueReminder(b.SlotStart, b.CreatedAt, now)
		if b.Status != danchu.BookingBooked || !ok || which != danchu.ReminderHour {
			continue // cancelled, or the day before's (RemindReceptions)
		}
		errs = append(errs, flows.RemindOnce(ctx, a.Reminders, "booking:"+flows.Itoa(b.ID), which, now, func(dedup string) error {
			return a.Enqueue(ctx, flows.Message{To: b.ResidentID, Kind: "reception.reminder", Priority: danchu.PriorityReminder,
				Dedup: dedup + ":" + flows.Itoa(b.ResidentID),
				Text: func(lang string) string {
					return a.Tr(lang, msgRmReceptionHour, map[string]any{"Name": a.hostTitle(b.Host), "At": a.When(lang, b.SlotStart),
						"Address": a.Settings.Unit.Address, "Value": flows.Clip(b.Topic, 300)})
				},
				Buttons: func(lang string) [][]danchu.OutboxButton {
					return [][]danchu.OutboxButton{{{Text: a.Tr(lang, msgRcpCancelButton, nil), Data: flowReception + ":c:" + flows.Itoa(b.ID)}}}
				}})
		}))
	}
	return errors.Join(errs...)
}

// RunRemindersAt sends the reminders due at now of the dialogues and
// reception bookings of the next day, each once (see remindOnce).
func (a *Area) RunRemindersAt(ctx context.Context, now time.Time) error {
	if !a.Notifier.Ready() || a.Reminders == nil {
		return nil
	}
	var errs []error
	if a.Dialogues != nil {
		errs = append(errs, a.remindDialogues(ctx, now))
	}
	if a.Receptions != nil {
		errs = append(errs, a.remindBookingsHour(ctx, now))
	}
	return errors.Join(errs...)
}
