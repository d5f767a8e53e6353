package notice

import (
	"context"
	"errors"
	"fmt"
	"time"

	"danchu/flows"

	"danchu"
)

// remindMeetings reminds those who said they would come, or took note.
func (a *Area) remindMeetings(ctx context.Context, now time.Time) error {
	meetings, err := a.Notices.MeetingsBetween(ctx, now, flows.ReminderWindow(now))
	if err != nil {
		return fmt.Errorf("flows: meetings to remind: %w", err)
	}
	var errs []error
	for _, n := range meetings {
		which, ok := danchu.DueReminder(n.Meeting.At, n.CreatedAt, now)
		if !ok {
			continue
		}
		errs = append(errs, flows.RemindOnce(ctx, a.Reminders, "notice:"+flows.Itoa(n.ID), which, now, func(dedup string) error {
			answers, err := a.Notices.MeetingAnswersOf(ctx, n.ID)
			if err != nil {
				return err
			}
			var notices []flows.Message
			for _, ans := range answers {
				if ans.ResidentID == 0 || ans.Answer != danchu.AnswerAttend && ans.Answer != danchu.AnswerAck {
					continue
				}
				notices = append(notices, flows.Message{To: ans.ResidentID, Kind: "meeting.reminder", Priority: danchu.PriorityReminder,
					Dedup: dedup + ":" + flows.Itoa(ans.ResidentID),
					Text: func(lang string) string {
						return a.Tr(lang, msgRmMeeting, map[string]any{"Title": a.Tr(lang, meetingReminderTitles[which], nil),
							"When": a.When(lang, n.Meeting.At), "Place": n.Meeting.Place, "Agenda": flows.Clip(n.Meeting.Agenda, 600),
							"Answer": a.Tr(lang, answerMessages[ans.Answer], nil)})
					},
					Buttons: func(lang string) [][]danchu.OutboxButton {
						return [][]danchu.OutboxButton{{{Text: a.Tr(lang, msgRmOpenNotice, nil), Data: "tb:o:" + flows.Itoa(n.ID)}}}
					}})
			}
			return a.Enqueue(ctx, notices...)
		}))
	}
	return errors.Join(errs...)
}

const (
	msgRmMeetingDay  flows.Msg = "rm.meeting_day"
	msgRmMeetingHour flows.Msg = "rm.meeting_hour"
	msgRmMeeting     flows.Msg = "rm.meeting"
	msgRmOpenNotice  flows.Msg = "rm.open_notice"
)

var (
	meetingReminderTitles = map[danchu.Reminder]flows.Msg{danchu.ReminderDay: msgRmMeetingDay, danchu.ReminderHour: msgRmMeetingHour}
)

// RunRemindersAt sends the reminders due at now of the meetings of the next
// day. Every message carries a dedup key of the meeting, the recipient and
// the reminder, and each reminder done is marked, so a scheduler may run it
// every few minutes, twice, on two replicas or again after a restart: each
// reminder goes once. It does nothing without the outbox and Reminders.
func (a *Area) RunRemindersAt(ctx context.Context, now time.Time) error {
	if !a.Notifier.Ready() || a.Reminders == nil || a.Notices == nil {
		return nil
	}
	return a.remindMeetings(ctx, now)
}
