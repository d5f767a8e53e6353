package danban

import (
	"context"
	"fmt"
	"time"

	"danchu/flows"

	"danchu"
)

const (
	msgMyDataHousehold      flows.Msg = "mydata.household"
	msgMyDataHouseholdNone  flows.Msg = "mydata.household_none"
	msgMyDataYouRepresent   flows.Msg = "mydata.you_represent"
	msgMyDataRepresentedBy  flows.Msg = "mydata.represented_by"
	msgMyDataNoRepresentant flows.Msg = "mydata.no_representative"
	msgMyDataBallots        flows.Msg = "mydata.ballots"
	msgMyDataBallot         flows.Msg = "mydata.ballot"
)

// myHousehold is the household the resident declared.
type myHousehold struct {
	*danchu.Household
	YouRepresent bool `json:"you_represent"`
}

// myBallot is a ballot the resident cast, with the vote's question and the
// option chosen.
type myBallot struct {
	danchu.Ballot
	Question string `json:"question"`
	Choice   string `json:"choice"`
}

// danBanRecords are the resident's household, ballots, dialogue questions
// and supports, comments on drafts and reception bookings, for /du_lieu.
func (a *Area) danBanRecords(ctx context.Context, t *flows.Turn, r *danchu.Resident) ([]flows.Record, error) {
	household, err := a.householdRecord(ctx, t, r)
	if err != nil {
		return nil, err
	}
	ballots, err := a.myBallots(ctx, t.Lang(), r.ID)
	if err != nil {
		return nil, err
	}
	var ballotLines []string
	if len(ballots) > 0 {
		ballotLines = append(ballotLines, "", t.T(msgMyDataBallots, map[string]any{"Count": len(ballots)}))
		for _, b := range ballots {
			ballotLines = append(ballotLines, t.T(msgMyDataBallot, map[string]any{"Number": b.VoteID, "Value": flows.Clip(b.Question, 80), "Choice": b.Choice}))
		}
	}
	questions, err := a.Dialogues.QuestionsBy(ctx, r.ID)
	if err != nil {
		return nil, fmt.Errorf("flows: my dialogue questions: %w", err)
	}
	supports, err := a.Dialogues.SupportsBy(ctx, r.ID)
	if err != nil {
		return nil, fmt.Errorf("flows: my supports: %w", err)
	}
	comments, err := a.Consultations.CommentsBy(ctx, r.ID)
	if err != nil {
		return nil, fmt.Errorf("flows: my comments: %w", err)
	}
	bookings, err := a.Receptions.BookingsOf(ctx, r.ID, time.Time{})
	if err != nil {
		return nil, fmt.Errorf("flows: my bookings: %w", err)
	}
	return []flows.Record{
		household,
		{Key: "ballots", Value: ballots, Order: 40, Lines: ballotLines},
		{Key: "dialogue_questions", Value: flows.NonNil(questions), Order: 50, Counts: map[string]int{"Questions": len(questions)}},
		{Key: "dialogue_supports", Value: flows.NonNil(supports), Order: 60, Counts: map[string]int{"Supports": len(supports)}},
		{Key: "consultation_comments", Value: flows.NonNil(comments), Order: 70, Counts: map[string]int{"Comments": len(comments)}},
		{Key: "reception_bookings", Value: flows.NonNil(bookings), Order: 80, Counts: map[string]int{"Bookings": len(bookings)}},
	}, nil
}

// householdRecord is the household the resident declared, with who
// represents it.
func (a *Area) householdRecord(ctx context.Context, t *flows.Turn, r *danchu.Resident) (flows.Record, error) {
	rec := flows.Record{Key: "household", Order: 10}
	h, err := a.Households.HouseholdOf(ctx, r.ID)
	if flows.IsNotFound(err) {
		rec.Value = (*myHousehold)(nil)
		rec.Lines = []string{t.T(msgMyDataHouseholdNone, nil)}
		return rec, nil
	}
	if err != nil {
		return rec, fmt.Errorf("flows: my household: %w", err)
	}
	state := t.T(msgMyDataNoRepresentant, nil)
	switch {
	case h.RepresentativeID == r.ID:
		state = t.T(msgMyDataYouRepresent, nil)
	case h.RepresentativeID != 0:
		name, err := a.residentName(ctx, h.RepresentativeID)
		if err != nil {
			return rec, err
		}
		state = t.T(msgMyDataRepresentedBy, map[string]any{"Name": name})
	}
	rec.Value = &myHousehold{Household: h, YouRepresent: h.RepresentativeID == r.ID}
	rec.Lines = []string{t.T(msgMyDataHousehold, map[string]any{"Address": h.Address, "Neighbourhood": h.Neighbourhood, "State": state})}
	return rec, nil
}

// myBallots are the resident's ballots with the vote's question and the
// option chosen, in the vote's words.
func (a *Area) myBallots(ctx context.Context, lang string, residentID int64) ([]myBallot, error) {
	ballots, err := a.Votes.BallotsBy(ctx, residentID)
	if err != nil {
		return nil, fmt.Errorf("flows: my ballots: %w", err)
	}
	out := make([]myBallot, 0, len(ballots))
	for _, b := range ballots {
		v, err := a.Votes.FindVote(ctx, b.VoteID)
		if err != nil {
			return nil, fmt.Errorf("flows: vote of my ballot: %w", err)
		}
		out = append(out, myBallot{Ballot: b, Question: v.Question, Choice: a.optionName(lang, v, b.Option)})
	}
	return out, nil
}
