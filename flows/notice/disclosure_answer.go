package notice

import (
	"context"
	"fmt"
	"strings"

	"danchu/flows"

	"danchu"
)

// Residents' questions about disclosures, for the chairman and officials
// (publishButton has checked danchu.CanPublish):
//
//	cb:ql:<page>   the unanswered questions
//	cb:qo:<q>      one question
//	cb:qa:<q>      answer it: the next message is the answer, which the asker
//	               receives through the outbox

func (a *Area) questionButton(ctx context.Context, t *flows.Turn, cmd, arg string) ([]flows.Reply, error) {
	if cmd == "ql" {
		page, ok := flows.IndexIn(arg, 10000)
		if !ok {
			return t.InvalidButton(), nil
		}
		r, err := a.questionList(ctx, t, page)
		return []flows.Reply{a.Edit(r)}, err
	}
	id, ok := flows.ParseID(arg)
	if !ok {
		return t.InvalidButton(), nil
	}
	q, err := a.Disclosures.FindQuestion(ctx, id)
	if flows.IsNotFound(err) {
		return []flows.Reply{t.WithMenu(flows.MsgErrorNotFound, nil)}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: question: %w", err)
	}
	d, err := a.Disclosures.FindDisclosure(ctx, q.DisclosureID)
	if err != nil {
		return nil, fmt.Errorf("flows: question's disclosure: %w", err)
	}
	card, err := a.questionCard(ctx, t, q, d)
	if err != nil || cmd == "qo" || q.AnsweredAt != nil {
		return []flows.Reply{card}, err
	}
	t.Begin(flowPublish, string(pubAnswer))
	t.Set("q", flows.Itoa(q.ID))
	return []flows.Reply{card, t.Say(msgQuestionAskAnswer, nil)}, nil
}

func (a *Area) questionList(ctx context.Context, t *flows.Turn, page int) (flows.Reply, error) {
	list, total, err := a.Disclosures.ListQuestions(ctx, true, page*flows.PageSize, flows.PageSize)
	if err != nil {
		return flows.Reply{}, fmt.Errorf("flows: questions: %w", err)
	}
	lines := []string{t.T(msgQuestionsTitle, map[string]any{"Total": total})}
	var rows [][]flows.Button
	for i, q := range list {
		label := fmt.Sprintf("%d. %s · %s", page*flows.PageSize+i+1, a.Date(q.AskedAt), flows.Clip(q.Text, 80))
		lines = append(lines, label)
		rows = append(rows, []flows.Button{{Text: flows.Clip(label, 60), Data: "cb:qo:" + flows.Itoa(q.ID)}})
	}
	if total == 0 {
		lines = append(lines, t.T(msgQuestionsNone, nil))
	}
	if row := flows.Pager(t, "cb:ql:", page, total); row != nil {
		rows = append(rows, row)
	}
	return flows.Reply{Text: flows.Clip(strings.Join(lines, "\n"), flows.MaxText), Buttons: rows}, nil
}

// questionCard shows a question, who asked it and its answer if any.
func (a *Area) questionCard(ctx context.Context, t *flows.Turn, q *danchu.DisclosureQuestion, d *danchu.Disclosure) (flows.Reply, error) {
	asker := t.T(msgQuestionAskerGone, nil)
	if q.ResidentID != 0 {
		r, err := a.Residents.FindResidentByID(ctx, q.ResidentID)
		if err != nil && !flows.IsNotFound(err) {
			return flows.Reply{}, fmt.Errorf("flows: asker: %w", err)
		}
		if err == nil {
			asker = r.FullName + " (" + a.PlaceName(t.Lang(), r.Neighbourhood) + ")"
		}
	}
	text := t.T(msgQuestionCard, map[string]any{"ID": q.ID, "Title": flows.Clip(d.Title, 120),
		"Category": a.categoryTitle(d.Category), "Asker": asker, "At": a.DateTime(q.AskedAt), "Text": q.Text})
	if q.AnsweredAt != nil {
		text += "\n\n" + t.T(msgQuestionAnswered, map[string]any{"At": a.DateTime(*q.AnsweredAt), "Answer": q.Answer})
		return flows.Reply{Text: flows.Clip(text, flows.MaxText)}, nil
	}
	return flows.Reply{Text: flows.Clip(text, flows.MaxText), Buttons: [][]flows.Button{{{Text: t.T(msgQuestionAnswerButton, nil), Data: "cb:qa:" + flows.Itoa(q.ID)}}}}, nil
}

// answerStep takes the answer being written and sends it to the asker with
// the answer stored, in one transaction.
func (a *Area) answerStep(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	id, ok := flows.ParseID(t.Get("q"))
	if !ok {
		t.Leave()
		return []flows.Reply{t.WithMenu(flows.MsgHintMenu, nil)}, nil
	}
	text := flows.Tidy(t.In.Text)
	if text == "" || flows.Runes(text) > flows.MaxContent {
		return []flows.Reply{t.Say(msgSendTooLong, map[string]any{"Max": flows.MaxContent})}, nil
	}
	q, err := a.Disclosures.FindQuestion(ctx, id)
	if flows.IsNotFound(err) {
		t.Leave()
		return []flows.Reply{t.WithMenu(flows.MsgErrorNotFound, nil)}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: answer: %w", err)
	}
	d, err := a.Disclosures.FindDisclosure(ctx, q.DisclosureID)
	if err != nil {
		return nil, fmt.Errorf("flows: answer: %w", err)
	}
	var notify *danchu.OutboxMessage
	if q.ResidentID != 0 {
		asker, err := a.Residents.FindResidentByID(ctx, q.ResidentID)
		if err != nil && !flows.IsNotFound(err) {
			return nil, fmt.Errorf("flows: asker: %w", err)
		}
		if err == nil {
			lang := flows.NormLang(asker.Language)
			notify = &danchu.OutboxMessage{ChatID: asker.TelegramID, ResidentID: asker.ID, Kind: "disclosure.answer",
				Priority: danchu.PriorityPersonal, Status: danchu.OutboxPending,
				Text: flows.Clip(a.Tr(lang, msgAnswerToAsker, map[string]any{"Title": flows.Clip(d.Title, 120), "Question": flows.Clip(q.Text, 300),
					"Answer": text, "From": a.signature(lang, t.Resident, t.Roles)}), flows.MaxText),
				Buttons: [][]danchu.OutboxButton{{{Text: a.Tr(lang, msgAnswerViewItem, nil), Data: "ck:o:" + flows.Itoa(d.ID)}}}}
		}
	}
	err = a.Disclosures.AnswerQuestion(ctx, q.ID, t.Resident.ID, text, t.Now(), notify)
	t.Leave()
	if danchu.ErrorCode(err) == danchu.ECONFLICT {
		return []flows.Reply{t.WithMenu(msgQuestionAlready, nil)}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: answer: %w", err)
	}
	if err := a.audit(ctx, t.Resident.ID, "disclosure.answer", "question:"+flows.Itoa(q.ID), "disclosure:"+flows.Itoa(d.ID)); err != nil {
		return nil, err
	}
	return []flows.Reply{t.WithMenu(msgQuestionSent, nil)}, nil
}
