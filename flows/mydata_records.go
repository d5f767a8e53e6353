package flows

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"danchu"
)

// What /du_lieu gathers besides the profile (LAW.md, "Personal data": the
// resident can see all data held about them): their household, petitions
// (whose content is theirs, with their history and the identity they gave),
// meeting answers, ballots, dialogue questions and supports, comments on
// drafts, reception bookings, questions about disclosures and the
// categories they receive. A part whose store the engine lacks holds
// nothing and is listed empty.

const (
	msgMyDataHousehold      msg = "mydata.household"
	msgMyDataHouseholdNone  msg = "mydata.household_none"
	msgMyDataYouRepresent   msg = "mydata.you_represent"
	msgMyDataRepresentedBy  msg = "mydata.represented_by"
	msgMyDataNoRepresentant msg = "mydata.no_representative"
	msgMyDataPetitions      msg = "mydata.petitions"
	msgMyDataPetition       msg = "mydata.petition"
	msgMyDataBallots        msg = "mydata.ballots"
	msgMyDataBallot         msg = "mydata.ballot"
	msgMyDataActivity       msg = "mydata.activity"
	msgMyDataReceivesAll    msg = "mydata.receives_all"
	msgMyDataReceivesSome   msg = "mydata.receives_some"
)

// myHousehold is the household the resident declared.
type myHousehold struct {
	*danchu.Household
	YouRepresent bool `json:"you_represent"`
}

// myPetition is a petition the resident filed, with its history as they see
// it and the identity they gave (a complaint or a denunciation).
type myPetition struct {
	*danchu.Petition
	Identity *danchu.Identity `json:"identity,omitempty"`
	Events   []danchu.Event   `json:"events"`
}

// myBallot is a ballot the resident cast, with the vote's question and the
// option chosen.
type myBallot struct {
	danchu.Ballot
	Question string `json:"question"`
	Choice   string `json:"choice"`
}

// mySubscriptions are the disclosure categories the resident receives and
// those they turned off.
type mySubscriptions struct {
	Receives []string `json:"receives"`
	OptedOut []string `json:"opted_out"`
}

// myRecords is what the resident did through the bot.
type myRecords struct {
	Household           *myHousehold                 `json:"household"`
	Petitions           []myPetition                 `json:"petitions"`
	MeetingAnswers      []danchu.MeetingAnswer       `json:"meeting_answers"`
	Ballots             []myBallot                   `json:"ballots"`
	DialogueQuestions   []*danchu.Question           `json:"dialogue_questions"`
	DialogueSupports    []danchu.QuestionSupport     `json:"dialogue_supports"`
	Comments            []*danchu.Comment            `json:"consultation_comments"`
	Bookings            []*danchu.Booking            `json:"reception_bookings"`
	DisclosureQuestions []*danchu.DisclosureQuestion `json:"disclosure_questions"`
	Subscriptions       *mySubscriptions             `json:"disclosure_subscriptions,omitempty"`
}

// collectRecords reads everything the stores hold of what r did. Reading
// the identity of a petition is logged, as every read of it is.
func (e *Engine) collectRecords(ctx context.Context, lang string, r *danchu.Resident) (*myRecords, error) {
	rec := &myRecords{}
	var err error
	if e.Households != nil {
		h, err := e.Households.HouseholdOf(ctx, r.ID)
		if err != nil && !isNotFound(err) {
			return nil, fmt.Errorf("flows: my household: %w", err)
		}
		if err == nil {
			rec.Household = &myHousehold{Household: h, YouRepresent: h.RepresentativeID == r.ID}
		}
	}
	if e.Petitions != nil {
		if rec.Petitions, err = e.myPetitions(ctx, r.ID); err != nil {
			return nil, err
		}
	}
	if e.Notices != nil {
		if rec.MeetingAnswers, err = e.Notices.MeetingAnswersBy(ctx, r.ID); err != nil {
			return nil, fmt.Errorf("flows: my meeting answers: %w", err)
		}
	}
	if e.Votes != nil {
		if rec.Ballots, err = e.myBallots(ctx, lang, r.ID); err != nil {
			return nil, err
		}
	}
	if e.Dialogues != nil {
		if rec.DialogueQuestions, err = e.Dialogues.QuestionsBy(ctx, r.ID); err != nil {
			return nil, fmt.Errorf("flows: my dialogue questions: %w", err)
		}
		if rec.DialogueSupports, err = e.Dialogues.SupportsBy(ctx, r.ID); err != nil {
			return nil, fmt.Errorf("flows: my supports: %w", err)
		}
	}
	if e.Consultations != nil {
		if rec.Comments, err = e.Consultations.CommentsBy(ctx, r.ID); err != nil {
			return nil, fmt.Errorf("flows: my comments: %w", err)
		}
	}
	if e.Receptions != nil {
		if rec.Bookings, err = e.Receptions.BookingsOf(ctx, r.ID, time.Time{}); err != nil {
			return nil, fmt.Errorf("flows: my bookings: %w", err)
		}
	}
	if e.Disclosures != nil {
		if rec.DisclosureQuestions, err = e.Disclosures.DisclosureQuestionsBy(ctx, r.ID); err != nil {
			return nil, fmt.Errorf("flows: my questions about disclosures: %w", err)
		}
		out, err := e.Disclosures.DisclosureOptOuts(ctx, r.ID)
		if err != nil {
			return nil, fmt.Errorf("flows: my subscriptions: %w", err)
		}
		subs := &mySubscriptions{Receives: []string{}, OptedOut: nonNil(out)}
		for _, c := range e.Settings.Disclosures.Categories {
			if !slices.Contains(out, c.Key) {
				subs.Receives = append(subs.Receives, c.Key)
			}
		}
		rec.Subscriptions = subs
	}
	rec.MeetingAnswers, rec.DialogueQuestions, rec.DialogueSupports = nonNil(rec.MeetingAnswers), nonNil(rec.DialogueQuestions), nonNil(rec.DialogueSupports)
	rec.Comments, rec.Bookings, rec.DisclosureQuestions = nonNil(rec.Comments), nonNil(rec.Bookings), nonNil(rec.DisclosureQuestions)
	rec.Petitions, rec.Ballots = nonNil(rec.Petitions), nonNil(rec.Ballots)
	return rec, nil
}

// myPetitions are the resident's petitions, oldest first, with the history
// they are shown and the identity they gave.
func (e *Engine) myPetitions(ctx context.Context, residentID int64) ([]myPetition, error) {
	list, _, err := e.Petitions.ListPetitions(ctx, danchu.PetitionFilter{ResidentID: residentID})
	if err != nil {
		return nil, fmt.Errorf("flows: my petitions: %w", err)
	}
	slices.Reverse(list) // newest first from the store
	out := make([]myPetition, 0, len(list))
	for _, p := range list {
		events, err := e.Petitions.Events(ctx, p.ID, false)
		if err != nil {
			return nil, fmt.Errorf("flows: events of my petition: %w", err)
		}
		mp := myPetition{Petition: p, Events: nonNil(events)}
		if p.Kind.NeedsIdentity() {
			id, err := e.Petitions.PetitionIdentity(ctx, p.ID, residentID)
			if err != nil && !isNotFound(err) {
				return nil, fmt.Errorf("flows: identity of my petition: %w", err)
			}
			mp.Identity = id
		}
		out = append(out, mp)
	}
	return out, nil
}

// myBallots are the resident's ballots with the vote's question and the
// option chosen, in the vote's words.
func (e *Engine) myBallots(ctx context.Context, lang string, residentID int64) ([]myBallot, error) {
	ballots, err := e.Votes.BallotsBy(ctx, residentID)
	if err != nil {
		return nil, fmt.Errorf("flows: my ballots: %w", err)
	}
	out := make([]myBallot, 0, len(ballots))
	for _, b := range ballots {
		v, err := e.Votes.FindVote(ctx, b.VoteID)
		if err != nil {
			return nil, fmt.Errorf("flows: vote of my ballot: %w", err)
		}
		out = append(out, myBallot{Ballot: b, Question: v.Question, Choice: e.optionName(lang, v, b.Option)})
	}
	return out, nil
}

// recordsText says in a few lines what the file holds besides the profile.
func (e *Engine) recordsText(ctx context.Context, t *Turn, rec *myRecords) (string, error) {
	lang := t.Lang()
	var lines []string
	if h := rec.Household; h != nil {
		state := t.T(msgMyDataNoRepresentant, nil)
		switch {
		case h.YouRepresent:
			state = t.T(msgMyDataYouRepresent, nil)
		case h.RepresentativeID != 0:
			name, err := e.residentName(ctx, h.RepresentativeID)
			if err != nil {
				return "", err
			}
			state = t.T(msgMyDataRepresentedBy, map[string]any{"Name": name})
		}
		lines = append(lines, t.T(msgMyDataHousehold, map[string]any{"Address": h.Address, "Neighbourhood": h.Neighbourhood, "State": state}))
	} else if e.Households != nil {
		lines = append(lines, t.T(msgMyDataHouseholdNone, nil))
	}
	if len(rec.Petitions) > 0 {
		lines = append(lines, "", t.T(msgMyDataPetitions, map[string]any{"Count": len(rec.Petitions)}))
		for _, p := range rec.Petitions {
			lines = append(lines, t.T(msgMyDataPetition, map[string]any{"Number": p.Number, "Kind": e.kindName(lang, p.Kind),
				"Status": e.statusName(lang, p.Status), "Date": e.date(p.ReceivedAt)}))
		}
	}
	if len(rec.Ballots) > 0 {
		lines = append(lines, "", t.T(msgMyDataBallots, map[string]any{"Count": len(rec.Ballots)}))
		for _, b := range rec.Ballots {
			lines = append(lines, t.T(msgMyDataBallot, map[string]any{"Number": b.VoteID, "Value": clip(b.Question, 80), "Choice": b.Choice}))
		}
	}
	lines = append(lines, "", t.T(msgMyDataActivity, map[string]any{"Answers": len(rec.MeetingAnswers),
		"Questions": len(rec.DialogueQuestions), "Supports": len(rec.DialogueSupports), "Comments": len(rec.Comments),
		"Bookings": len(rec.Bookings), "Disclosure": len(rec.DisclosureQuestions)}))
	if s := rec.Subscriptions; s != nil {
		total := len(e.Settings.Disclosures.Categories)
		if len(s.Receives) == total {
			lines = append(lines, t.T(msgMyDataReceivesAll, map[string]any{"Total": total}))
		} else {
			lines = append(lines, t.T(msgMyDataReceivesSome, map[string]any{"Count": len(s.Receives), "Total": total}))
		}
	}
	return strings.Join(lines, "\n"), nil
}
