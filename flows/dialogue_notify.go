package flows

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"danchu"
)

// What dialogues send through the outbox: the announcement to the audience,
// the answer to the asker and supporters, a hidden question's reason to its
// asker, a merge to the duplicate's asker, and the chairman's reminder of
// late written answers.

// announceDialogue tells the audience of a new dialogue, once.
func (e *Engine) announceDialogue(ctx context.Context, d *danchu.Dialogue, now time.Time) error {
	msgs, err := e.toAudience(ctx, d.Audience, "dialogue.announce", "dialogue:"+itoa(d.ID)+":announce",
		func(lang string) string {
			return e.tr(lang, msgDlgAnnounce, nil) + "\n\n" + strings.Join(e.dialogueFacts(lang, d), "\n")
		},
		func(lang string) [][]danchu.OutboxButton {
			return [][]danchu.OutboxButton{{{Text: e.tr(lang, msgDlgAskButton, nil), Data: flowDialogue + ":ask:" + itoa(d.ID)}},
				{{Text: e.tr(lang, msgDlgOpenButton, nil), Data: flowDialogue + ":d:" + itoa(d.ID)}}}
		})
	if err != nil {
		return err
	}
	if err := e.sendAll(ctx, msgs); err != nil {
		return err
	}
	if _, err := e.Dialogues.MarkDialogueAnnounced(ctx, d.ID, now); err != nil {
		return fmt.Errorf("flows: mark dialogue announced: %w", err)
	}
	return nil
}

// notifyAnswer tells the asker and every supporter what became of the
// question.
func (e *Engine) notifyAnswer(ctx context.Context, d *danchu.Dialogue, q *danchu.Question) error {
	followers, err := e.Dialogues.QuestionFollowers(ctx, q.ID)
	if err != nil {
		return fmt.Errorf("flows: question followers: %w", err)
	}
	slices.Sort(followers)
	step := string(q.Status) + ":" + q.AnswerKind
	var notices []notice
	for _, id := range followers {
		notices = append(notices, notice{to: id, kind: "dialogue.answer", priority: danchu.PriorityPersonal,
			dedup: "question:" + itoa(q.ID) + ":" + step + ":" + itoa(id),
			text: func(lang string) string {
				return e.tr(lang, msgDlgNoticeAnswer, map[string]any{"Value": clip(d.Topic, 120), "Number": q.ID}) +
					"\n«" + clip(q.Text, 600) + "»\n\n" + e.answerText(lang, q)
			},
			buttons: func(lang string) [][]danchu.OutboxButton {
				return [][]danchu.OutboxButton{{{Text: e.tr(lang, msgDlgOpenButton, nil), Data: flowDialogue + ":d:" + itoa(d.ID)}}}
			}})
	}
	return e.enqueue(ctx, notices...)
}

// notifyHidden gives the asker the reason their question was hidden.
func (e *Engine) notifyHidden(ctx context.Context, d *danchu.Dialogue, q *danchu.Question) error {
	return e.enqueue(ctx, notice{to: q.ResidentID, kind: "dialogue.hidden", priority: danchu.PriorityPersonal,
		dedup: "question:" + itoa(q.ID) + ":hidden",
		text: func(lang string) string {
			return e.tr(lang, msgDlgNoticeHidden, map[string]any{"Value": clip(d.Topic, 120), "Number": q.ID,
				"Note": q.HiddenReason}) + "\n«" + clip(q.Text, 600) + "»"
		}})
}

// notifyMerged tells the duplicate's asker which question now carries it.
func (e *Engine) notifyMerged(ctx context.Context, d *danchu.Dialogue, dup, into *danchu.Question) error {
	return e.enqueue(ctx, notice{to: dup.ResidentID, kind: "dialogue.merged", priority: danchu.PriorityPersonal,
		dedup: "question:" + itoa(dup.ID) + ":merged",
		text: func(lang string) string {
			return e.tr(lang, msgDlgNoticeMerged, map[string]any{"Value": clip(d.Topic, 120), "Number": dup.ID, "To": into.ID}) +
				"\n«" + clip(into.Text, 600) + "»"
		}})
}

// staffMorning is the hour from which reminders to staff go out.
const staffMorning = 7

// RemindLateAnswers tells the chairman, once a day from staffMorning, of the written answers
// promised at dialogues whose date has passed.
func (e *Engine) RemindLateAnswers(ctx context.Context, now time.Time) error {
	if now.In(e.Settings.Location()).Hour() < staffMorning {
		return nil // a reminder to staff waits for the working day
	}
	late, err := e.Dialogues.LateAnswers(ctx, now)
	if err != nil {
		return fmt.Errorf("flows: late answers: %w", err)
	}
	if len(late) == 0 {
		return nil
	}
	chairmen, err := e.staffIDs(ctx, danchu.RoleChairman)
	if err != nil {
		return err
	}
	day := e.calendar().Day(now).Format("2006-01-02")
	text := func(lang string) string {
		lines := []string{e.tr(lang, msgDlgLateTitle, map[string]any{"Count": len(late)})}
		for _, q := range late {
			lines = append(lines, e.tr(lang, msgDlgLateLine, map[string]any{"Number": q.ID, "Value": clip(q.Text, 120),
				"Date": e.date(*q.AnswerDue), "Days": e.calendar().DaysLeft(now, *q.AnswerDue)}))
		}
		return clip(strings.Join(lines, "\n"), maxText)
	}
	var notices []notice
	for _, id := range chairmen {
		notices = append(notices, notice{to: id, kind: "dialogue.late", priority: danchu.PriorityReminder,
			dedup: "dialogue:late:" + day + ":" + itoa(id), text: text})
	}
	return e.enqueue(ctx, notices...)
}
