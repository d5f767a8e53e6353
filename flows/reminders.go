package flows

import (
	"context"
	"errors"
	"fmt"
	"time"

	"danchu"
)

// Reminders one day and one hour before (issue 6, item 4), each at most
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
	msgRmMeetingDay    msg = "rm.meeting_day"
	msgRmMeetingHour   msg = "rm.meeting_hour"
	msgRmMeeting       msg = "rm.meeting"
	msgRmOpenNotice    msg = "rm.open_notice"
	msgRmDialogueDay   msg = "rm.dialogue_day"
	msgRmDialogueHour  msg = "rm.dialogue_hour"
	msgRmDialogue      msg = "rm.dialogue"
	msgRmReceptionHour msg = "rm.reception_hour"
)

var (
	meetingReminderTitles  = map[danchu.Reminder]msg{danchu.ReminderDay: msgRmMeetingDay, danchu.ReminderHour: msgRmMeetingHour}
	dialogueReminderTitles = map[danchu.Reminder]msg{danchu.ReminderDay: msgRmDialogueDay, danchu.ReminderHour: msgRmDialogueHour}
)

// RunReminders does RunRemindersAt at the engine's clock.
func (e *Engine) RunReminders(ctx context.Context) error { return e.RunRemindersAt(ctx, e.now()) }

// RunRemindersAt sends the reminders due at now of the meetings, dialogues
// and receptions of the next day. Every message carries a dedup key of the
// thing, the recipient and the reminder, and each reminder done is marked
// (Reminders), so a scheduler may run it every few minutes, twice, on two
// replicas or again after a restart: each reminder goes once. It does
// nothing without Outbox and Reminders.
func (e *Engine) RunRemindersAt(ctx context.Context, now time.Time) error {
	if e.Outbox == nil || e.Reminders == nil {
		return nil
	}
	var errs []error
	if e.Notices != nil {
		errs = append(errs, e.remindMeetings(ctx, now))
	}
	if e.Dialogues != nil {
		errs = append(errs, e.remindDialogues(ctx, now))
	}
	if e.Receptions != nil {
		errs = append(errs, e.remindBookingsHour(ctx, now))
	}
	return errors.Join(errs...)
}

// reminderWindow is [now, end): what starts within a day of now. A thing
// exactly a day ahead is in it (its day's reminder is due); the store keeps
// microseconds.
func reminderWindow(now time.Time) time.Time {
	return now.Add(danchu.ReminderDay.Lead() + time.Microsecond)
}

// remindOnce does the reminder which of subject ("notice:3") once: it skips
// one marked done, has send write its messages (with dedup keys of their
// own), then marks it done. A run that dies in between sends nothing twice
// when it runs again.
func (e *Engine) remindOnce(ctx context.Context, subject string, which danchu.Reminder, now time.Time, send func(dedup string) error) error {
	key := subject + ":" + string(which)
	done, err := e.Reminders.ReminderDone(ctx, key)
	if err != nil {
		return fmt.Errorf("flows: reminder %s: %w", key, err)
	}
	if done {
		return nil
	}
	if err := send("reminder:" + key); err != nil {
		return fmt.Errorf("flows: reminder %s: %w", key, err)
	}
	if _, err := e.Reminders.MarkReminderDone(ctx, key, now); err != nil {
		return fmt.Errorf("flows: mark reminder %s: %w", key, err)
	}
	return nil
}

// remindMeetings reminds those who said they would come, or took note.
func (e *Engine) remindMeetings(ctx context.Context, now time.Time) error {
	meetings, err := e.Notices.MeetingsBetween(ctx, now, reminderWindow(now))
	if err != nil {
		return fmt.Errorf("flows: meetings to remind: %w", err)
	}
	var errs []error
	for _, n := range meetings {
		which, ok := danchu.DueReminder(n.Meeting.At, n.CreatedAt, now)
		if !ok {
			continue
		}
		errs = append(errs, e.remindOnce(ctx, "notice:"+itoa(n.ID), which, now, func(dedup string) error {
			answers, err := e.Notices.MeetingAnswersOf(ctx, n.ID)
			if err != nil {
				return err
			}
			var notices []notice
			for _, a := range answers {
				if a.ResidentID == 0 || a.Answer != danchu.AnswerAttend && a.Answer != danchu.AnswerAck {
					continue
				}
				notices = append(notices, notice{to: a.ResidentID, kind: "meeting.reminder", priority: danchu.PriorityReminder,
					dedup: dedup + ":" + itoa(a.ResidentID),
					text: func(lang string) string {
						return e.tr(lang, msgRmMeeting, map[string]any{"Title": e.tr(lang, meetingReminderTitles[which], nil),
							"When": e.when(lang, n.Meeting.At), "Place": n.Meeting.Place, "Agenda": clip(n.Meeting.Agenda, 600),
							"Answer": e.tr(lang, answerMessages[a.Answer], nil)})
					},
					buttons: func(lang string) [][]danchu.OutboxButton {
						return [][]danchu.OutboxButton{{{Text: e.tr(lang, msgRmOpenNotice, nil), Data: "tb:o:" + itoa(n.ID)}}}
					}})
			}
			return e.enqueue(ctx, notices...)
		}))
	}
	return errors.Join(errs...)
}

// remindDialogues reminds the audience of each dialogue, and its askers and
// supporters.
func (e *Engine) remindDialogues(ctx context.Context, now time.Time) error {
	dialogues, err := e.Dialogues.ListDialogues(ctx, now)
	if err != nil {
		return fmt.Errorf("flows: dialogues to remind: %w", err)
	}
	end := reminderWindow(now)
	var errs []error
	for _, d := range dialogues {
		if !d.At.Before(end) {
			break // soonest first
		}
		which, ok := danchu.DueReminder(d.At, d.CreatedAt, now)
		if !ok {
			continue
		}
		errs = append(errs, e.remindOnce(ctx, "dialogue:"+itoa(d.ID), which, now, func(dedup string) error {
			text := func(lang string) string {
				return e.tr(lang, msgRmDialogue, map[string]any{"Title": e.tr(lang, dialogueReminderTitles[which], nil),
					"Value": d.Topic, "When": e.when(lang, d.At), "Place": d.Place})
			}
			buttons := func(lang string) [][]danchu.OutboxButton {
				return [][]danchu.OutboxButton{{{Text: e.tr(lang, msgDlgOpenButton, nil), Data: flowDialogue + ":d:" + itoa(d.ID)}}}
			}
			msgs, err := e.toAudience(ctx, d.Audience, "dialogue.reminder", dedup, text, buttons)
			if err != nil {
				return err
			}
			if err := e.sendAll(ctx, msgs); err != nil {
				return err
			}
			followers, err := e.dialogueFollowers(ctx, d.ID)
			if err != nil {
				return err
			}
			var notices []notice
			for _, id := range followers {
				// The same key as the audience's: one reminder each.
				notices = append(notices, notice{to: id, kind: "dialogue.reminder", priority: danchu.PriorityReminder,
					dedup: dedup + ":" + itoa(id), text: text, buttons: buttons})
			}
			return e.enqueue(ctx, notices...)
		}))
	}
	return errors.Join(errs...)
}

// dialogueFollowers are the askers and supporters of the questions a
// dialogue still holds (not hidden), once each.
func (e *Engine) dialogueFollowers(ctx context.Context, dialogueID int64) ([]int64, error) {
	questions, err := e.Dialogues.ListDialogueQuestions(ctx, dialogueID)
	if err != nil {
		return nil, fmt.Errorf("flows: questions of dialogue %d: %w", dialogueID, err)
	}
	seen := map[int64]bool{}
	var out []int64
	for _, q := range questions {
		if !q.Status.Visible() {
			continue // hidden, or merged: its people follow the question it joined
		}
		ids, err := e.Dialogues.QuestionFollowers(ctx, q.ID)
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
func (e *Engine) remindBookingsHour(ctx context.Context, now time.Time) error {
	bookings, err := e.Receptions.Bookings(ctx, now, now.Add(danchu.ReminderHour.Lead()+time.Microsecond))
	if err != nil {
		return fmt.Errorf("flows: bookings to remind: %w", err)
	}
	var errs []error
	for _, b := range bookings {
		which, ok := danchu.DueReminder(b.SlotStart, b.CreatedAt, now)
		if b.Status != danchu.BookingBooked || !ok || which != danchu.ReminderHour {
			continue // cancelled, or the day before's (RemindReceptions)
		}
		errs = append(errs, e.remindOnce(ctx, "booking:"+itoa(b.ID), which, now, func(dedup string) error {
			return e.enqueue(ctx, notice{to: b.ResidentID, kind: "reception.reminder", priority: danchu.PriorityReminder,
				dedup: dedup + ":" + itoa(b.ResidentID),
				text: func(lang string) string {
					return e.tr(lang, msgRmReceptionHour, map[string]any{"Name": e.hostTitle(b.Host), "At": e.when(lang, b.SlotStart),
						"Address": e.Settings.Unit.Address, "Value": clip(b.Topic, 300)})
				},
				buttons: func(lang string) [][]danchu.OutboxButton {
					return [][]danchu.OutboxButton{{{Text: e.tr(lang, msgRcpCancelButton, nil), Data: flowReception + ":c:" + itoa(b.ID)}}}
				}})
		}))
	}
	return errors.Join(errs...)
}
