package flows

import (
	"context"
	"fmt"
	"strings"

	"danchu"
)

// Residents' questions about disclosures, for the chairman and officials
// (publishButton has checked danchu.CanPublish):
//
//	cb:ql:<page>   the unanswered questions
//	cb:qo:<q>      one question
//	cb:qa:<q>      answer it: the next message is the answer, which the asker
//	               receives through the outbox

func (e *Engine) questionButton(ctx context.Context, t *Turn, cmd, arg string) ([]Reply, error) {
	if cmd == "ql" {
		page, ok := indexIn(arg, 10000)
		if !ok {
			return e.invalidButton(t), nil
		}
		r, err := e.questionList(ctx, t, page)
		return []Reply{e.edit(r)}, err
	}
	id, ok := parseID(arg)
	if !ok {
		return e.invalidButton(t), nil
	}
	q, err := e.Disclosures.FindQuestion(ctx, id)
	if isNotFound(err) {
		return []Reply{t.WithMenu(msgErrorNotFound, nil)}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: question: %w", err)
	}
	d, err := e.Disclosures.FindDisclosure(ctx, q.DisclosureID)
	if err != nil {
		return nil, fmt.Errorf("flows: question's disclosure: %w", err)
	}
	card, err := e.questionCard(ctx, t, q, d)
	if err != nil || cmd == "qo" || q.AnsweredAt != nil {
		return []Reply{card}, err
	}
	t.Begin(flowPublish, string(pubAnswer))
	t.Set("q", itoa(q.ID))
	return []Reply{card, t.Say(msgQuestionAskAnswer, nil)}, nil
}

func (e *Engine) questionList(ctx context.Context, t *Turn, page int) (Reply, error) {
	list, total, err := e.Disclosures.ListQuestions(ctx, true, page*pageSize, pageSize)
	if err != nil {
		return Reply{}, fmt.Errorf("flows: questions: %w", err)
	}
	lines := []string{t.T(msgQuestionsTitle, map[string]any{"Total": total})}
	var rows [][]Button
	for i, q := range list {
		label := fmt.Sprintf("%d. %s · %s", page*pageSize+i+1, e.date(q.AskedAt), clip(q.Text, 80))
		lines = append(lines, label)
		rows = append(rows, []Button{{Text: clip(label, 60), Data: "cb:qo:" + itoa(q.ID)}})
	}
	if total == 0 {
		lines = append(lines, t.T(msgQuestionsNone, nil))
	}
	if row := pager(t, "cb:ql:", page, total); row != nil {
		rows = append(rows, row)
	}
	return Reply{Text: clip(strings.Join(lines, "\n"), maxText), Buttons: rows}, nil
}

// questionCard shows a question, who asked it and its answer if any.
func (e *Engine) questionCard(ctx context.Context, t *Turn, q *danchu.DisclosureQuestion, d *danchu.Disclosure) (Reply, error) {
	asker := t.T(msgQuestionAskerGone, nil)
	if q.ResidentID != 0 {
		r, err := e.Residents.FindResidentByID(ctx, q.ResidentID)
		if err != nil && !isNotFound(err) {
			return Reply{}, fmt.Errorf("flows: asker: %w", err)
		}
		if err == nil {
			asker = r.FullName + " (" + e.placeName(t.Lang(), r.Neighbourhood) + ")"
		}
	}
	text := t.T(msgQuestionCard, map[string]any{"ID": q.ID, "Title": clip(d.Title, 120),
		"Category": e.categoryTitle(d.Category), "Asker": asker, "At": e.dateTime(q.AskedAt), "Text": q.Text})
	if q.AnsweredAt != nil {
		text += "\n\n" + t.T(msgQuestionAnswered, map[string]any{"At": e.dateTime(*q.AnsweredAt), "Answer": q.Answer})
		return Reply{Text: clip(text, maxText)}, nil
	}
	return Reply{Text: clip(text, maxText), Buttons: [][]Button{{{Text: t.T(msgQuestionAnswerButton, nil), Data: "cb:qa:" + itoa(q.ID)}}}}, nil
}

// answerStep takes the answer being written and sends it to the asker with
// the answer stored, in one transaction.
func (e *Engine) answerStep(ctx context.Context, t *Turn) ([]Reply, error) {
	id, ok := parseID(t.Get("q"))
	if !ok {
		t.Leave()
		return []Reply{t.WithMenu(msgHintMenu, nil)}, nil
	}
	text := tidy(t.In.Text)
	if text == "" || runes(text) > maxContent {
		return []Reply{t.Say(msgSendTooLong, map[string]any{"Max": maxContent})}, nil
	}
	q, err := e.Disclosures.FindQuestion(ctx, id)
	if isNotFound(err) {
		t.Leave()
		return []Reply{t.WithMenu(msgErrorNotFound, nil)}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: answer: %w", err)
	}
	d, err := e.Disclosures.FindDisclosure(ctx, q.DisclosureID)
	if err != nil {
		return nil, fmt.Errorf("flows: answer: %w", err)
	}
	var notify *danchu.OutboxMessage
	if q.ResidentID != 0 {
		asker, err := e.Residents.FindResidentByID(ctx, q.ResidentID)
		if err != nil && !isNotFound(err) {
			return nil, fmt.Errorf("flows: asker: %w", err)
		}
		if err == nil {
			lang := normLang(asker.Language)
			notify = &danchu.OutboxMessage{ChatID: asker.TelegramID, ResidentID: asker.ID, Kind: "disclosure.answer",
				Priority: danchu.PriorityPersonal, Status: danchu.OutboxPending,
				Text: clip(e.tr(lang, msgAnswerToAsker, map[string]any{"Title": clip(d.Title, 120), "Question": clip(q.Text, 300),
					"Answer": text, "From": e.signature(lang, t.Resident, t.Roles)}), maxText),
				Buttons: [][]danchu.OutboxButton{{{Text: e.tr(lang, msgAnswerViewItem, nil), Data: "ck:o:" + itoa(d.ID)}}}}
		}
	}
	err = e.Disclosures.AnswerQuestion(ctx, q.ID, t.Resident.ID, text, t.Now(), notify)
	t.Leave()
	if danchu.ErrorCode(err) == danchu.ECONFLICT {
		return []Reply{t.WithMenu(msgQuestionAlready, nil)}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: answer: %w", err)
	}
	if err := e.audit(ctx, t.Resident.ID, "disclosure.answer", "question:"+itoa(q.ID), "disclosure:"+itoa(d.ID)); err != nil {
		return nil, err
	}
	return []Reply{t.WithMenu(msgQuestionSent, nil)}, nil
}
