package notice

import (
	"context"
	"fmt"
	"slices"

	"danchu/flows"

	"danchu"
)

const (
	msgMyDataReceivesAll  flows.Msg = "mydata.receives_all"
	msgMyDataReceivesSome flows.Msg = "mydata.receives_some"
)

// mySubscriptions are the disclosure categories the resident receives and
// those they turned off.
type mySubscriptions struct {
	Receives []string `json:"receives"`
	OptedOut []string `json:"opted_out"`
}

// noticeRecords are the resident's answers to meeting notices, questions
// about disclosures and the categories they receive, for /du_lieu.
func (a *Area) noticeRecords(ctx context.Context, t *flows.Turn, r *danchu.Resident) ([]flows.Record, error) {
	answers, err := a.Notices.MeetingAnswersBy(ctx, r.ID)
	if err != nil {
		return nil, fmt.Errorf("flows: my meeting answers: %w", err)
	}
	questions, err := a.Disclosures.DisclosureQuestionsBy(ctx, r.ID)
	if err != nil {
		return nil, fmt.Errorf("flows: my questions about disclosures: %w", err)
	}
	out, err := a.Disclosures.DisclosureOptOuts(ctx, r.ID)
	if err != nil {
		return nil, fmt.Errorf("flows: my subscriptions: %w", err)
	}
	subs := &mySubscriptions{Receives: []string{}, OptedOut: flows.NonNil(out)}
	for _, c := range a.Settings.Disclosures.Categories {
		if !slices.Contains(out, c.Key) {
			subs.Receives = append(subs.Receives, c.Key)
		}
	}
	total := len(a.Settings.Disclosures.Categories)
	line := t.T(msgMyDataReceivesSome, map[string]any{"Count": len(subs.Receives), "Total": total})
	if len(subs.Receives) == total {
		line = t.T(msgMyDataReceivesAll, map[string]any{"Total": total})
	}
	return []flows.Record{
		{Key: "meeting_answers", Value: flows.NonNil(answers), Order: 30, Counts: map[string]int{"Answers": len(answers)}},
		{Key: "disclosure_questions", Value: flows.NonNil(questions), Order: 90, Counts: map[string]int{"Disclosure": len(questions)}},
		{Key: "disclosure_subscriptions", Value: subs, Order: 100, Lines: []string{line}},
	}, nil
}
