package danban

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"danchu/flows"

	"danchu"
)

// What dialogues send through the outbox: the announcement to the audience,
// the answer to the asker and supporters, a hidden question's reason to its
// asker, a merge to the duplicate's asker, and the chairman's reminder of
// late written answers.

// announceDialogue tells the audience of a new dialogue, once.
func (a *Area) announceDialogue(ctx context.Context, d *danchu.Dialogue, now time.Time) error {
	msgs, err := a.ToAudience(ctx, d.Audience, "dialogue.announce", "dialogue:"+flows.Itoa(d.ID)+":announce",
		func(lang string) string {
			return a.Tr(lang, msgDlgAnnounce, nil) + "\n\n" + strings.Join(a.dialogueFacts(lang, d), "\n")
		},
		func(lang string) [][]danchu.OutboxButton {
			return [][]danchu.OutboxButton{{{Text: a.Tr(lang, msgDlgAskButton, nil), Data: flowDialogue + ":ask:" + flows.Itoa(d.ID)}},
				{{Text: a.Tr(lang, msgDlgOpenButton, nil), Data: flowDialogue + ":d:" + flows.Itoa(d.ID)}}}
		})
	if err != nil {
		return err
	}
	if err := a.SendAll(ctx, msgs); err != nil {
		return err
	}
	if _, err := a.Dialogues.MarkDialogueAnnounced(ctx, d.ID, now); err != nil {
		return fmt.Errorf("flows: mark dialogue announced: %w", err)
	}
	return nil
}

// notifyAnswer tells the asker and every supporter what became of the
// question.
func (a *Area) notifyAnswer(ctx context.Context, d *danchu.Dialogue, q *danchu.Question) error {
	followers, err := a.Dialogues.QuestionFollowers(ctx, q.ID)
	if err != nil {
		return fmt.Errorf("flows: question followers: %w", err)
	}
	slices.Sort(followers)
	step := string(q.Status) + ":" + q.AnswerKind
	var notices []flows.Message
	for _, id := range followers {
		notices = append(notices, flows.Message{To: id, Kind: "dialogue.answer", Priority: danchu.PriorityPersonal,
			Dedup: "question:" + flows.Itoa(q.ID) + ":" + step + ":" + flows.Itoa(id),
			Text: func(lang string) string {
				return a.Tr(lang, msgDlgNoticeAnswer, map[string]any{"Value": flows.Clip(d.Topic, 120), "Number": q.ID}) +
					"\n«" + flows.Clip(q.Text, 600) + "»\n\n" + a.answerText(lang, q)
			},
			Buttons: func(lang string) [][]danchu.OutboxButton {
				return [][]danchu.OutboxButton{{{Text: a.Tr(lang, msgDlgOpenButton, nil), Data: flowDialogue + ":d:" + flows.Itoa(d.ID)}}}
			}})
	}
	return a.Enqueue(ctx, notices...)
}

// notifyHidden gives the asker the reason their question was hidden.
func (a *Area) notifyHidden(ctx context.Context, d *danchu.Dialogue, q *danchu.Question) error {
	return a.Enqueue(ctx, flows.Message{To: q.ResidentID, Kind: "dialogue.hidden", Priority: danchu.PriorityPersonal,
		Dedup: "question:" + flows.Itoa(q.ID) + ":hidden",
		Text: func(lang string) string {
			return a.Tr(lang, msgDlgNoticeHidden, map[string]any{"Value": flows.Clip(d.Topic, 120), "Number": q.ID,
				"Note": q.HiddenReason}) + "\n«" + flows.Clip(q.Text, 600) + "»"
		}})
}

// notifyMerged tells the duplicate's asker which question now carries it.
func (a *Area) notifyMerged(ctx context.Context, d *danchu.Dialogue, dup, into *danchu.Question) error {
	return a.Enqueue(ctx, flows.Message{To: dup.ResidentID, Kind: "dialogue.merged", Priority: danchu.PriorityPersonal,
		Dedup: "question:" + flows.Itoa(dup.ID) + ":merged",
		Text: func(lang string) string {
			return a.Tr(lang, msgDlgNoticeMerged, map[string]any{"Value": flows.Clip(d.Topic, 120), "Number": dup.ID, "To": into.ID}) +
				"\n«" + flows.Clip(into.Text, 600) + "»"
		}})
}

// staffMorning is the hour from which reminders to staff go out.
const staffMorning = 7

// RemindLateAnswers tells the chairman, once a day from staffMorning, of the written answers
// promised at dialogues whose date has passed.
func (a *Area) RemindLateAnswers(ctx context.Context, now time.Time) error {
	if now.In(a.Settings.Location()).Hour() < staffMorning {
		return nil // a reminder to staff waits for the working day
	}
	late, err := a.Dialogues.LateAnswers(ctx, now)
	if err != nil {
		return fmt.Errorf("flows: late answers: %w", err)
	}
	if len(late) == 0 {
		return nil
	}
	chairmen, err := a.staffIDs(ctx, danchu.RoleChairman)
	if err != nil {
		return err
	}
	day := a.Calendar().Day(now).Format("2006-01-02")
	text := func(lang string) string {
		lines := []string{a.Tr(lang, msgDlgLateTitle, map[string]any{"Count": len(late)})}
		for _, q := range late {
			lines = append(lines, a.Tr(lang, msgDlgLateLine, map[string]any{"Number": q.ID, "Value": flows.Clip(q.Text, 120),
				"Date": a.Date(*q.AnswerDue), "Days": a.Calendar().DaysLeft(now, *q.AnswerDue)}))
		}
		return flows.Clip(strings.Join(lines, "\n"), flows.MaxText)
	}
	var notices []flows.Message
	for _, id := range chairmen {
		notices = append(notices, flows.Message{To: id, Kind: "dialogue.late", Priority: danchu.PriorityReminder,
			Dedup: "dialogue:late:" + day + ":" + flows.Itoa(id), Text: text})
	}
	return a.Enqueue(ctx, notices...)
}
