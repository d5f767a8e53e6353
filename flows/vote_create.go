package flows

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"danchu"
)

// A new vote, by the chairman, an official, or a tiểu khu head for their
// neighbourhood: the question, the matter (which decides whether it is
// voted online), agree/disagree or a choice of options, the neighbourhood,
// the opening and closing times and, for an online vote, the confirmation
// that the head and the Front committee agreed (NĐ 59/2023, Điều 5).
//
//	bq:new, bq:m:<matter>, bq:k:yn|ch, bq:nb:<i>, bq:o:now, bq:agree, bq:ok, bq:x

// More states of a new vote, waiting for a button.
const (
	voteNewMatter voteState = "matter"
	voteNewKind   voteState = "kind"
	voteNewPlace  voteState = "place"
	voteNewAgree  voteState = "agree"
	voteNewReview voteState = "review"
)

// Session.Data keys of a new vote.
const (
	keyVoteText    = "q"
	keyVoteMatter  = "matter"
	keyVoteOptions = "opts" // one a line
	keyVotePlace   = "nb"
	keyVoteOpens   = "opens" // Unix seconds
	keyVoteCloses  = "closes"
	keyVoteAgreed  = "agreed"
)

func (e *Engine) newVoteButton(ctx context.Context, t *Turn, cmd, arg string) ([]Reply, error) {
	if cmd == "new" {
		if !e.mayCreateVote(t) {
			return e.invalidButton(t), nil
		}
		t.Begin(flowVote, string(voteNewText))
		return []Reply{t.Say(msgVoteAskQuestion, map[string]any{"Max": danchu.MaxVoteText})}, nil
	}
	if t.Session.Flow != flowVote || !e.mayCreateVote(t) {
		return e.invalidButton(t), nil
	}
	state := voteState(t.Session.State)
	switch {
	case cmd == "x":
		t.Leave()
		return []Reply{{Text: t.T(msgVoteNewCancelled, nil), Edit: true}}, nil
	case state == voteNewMatter && cmd == "m":
		m := danchu.Matter(arg)
		if !m.Valid() {
			break
		}
		t.Set(keyVoteMatter, string(m))
		t.Session.State = string(voteNewKind)
		return []Reply{{Text: t.T(msgVoteAskKind, map[string]any{"Value": t.T(matterMessages[m], nil)}), Edit: true, Buttons: [][]Button{
			{{Text: t.T(msgVoteKindProposal, nil), Data: flowVote + ":k:yn"}},
			{{Text: t.T(msgVoteKindChoice, nil), Data: flowVote + ":k:ch"}},
		}}}, nil
	case state == voteNewKind && cmd == "k" && arg == "yn":
		t.Set(keyVoteOptions, e.tr(LangVI, msgVoteAgree, nil)+"\n"+e.tr(LangVI, msgVoteDisagree, nil))
		t.Set("proposal", "1")
		return e.askVotePlace(t), nil
	case state == voteNewKind && cmd == "k" && arg == "ch":
		t.Session.State = string(voteNewOptions)
		return []Reply{{Text: t.T(msgVoteAskOptions, map[string]any{"Count": danchu.MaxVoteOptions, "Max": danchu.MaxVoteOption}), Edit: true}}, nil
	case state == voteNewPlace && cmd == "nb":
		n, ok := e.neighbourhoodIndex(arg)
		if !ok || !danchu.MayManageVote(t.actor(), n.Name) {
			break
		}
		t.Set(keyVotePlace, n.Name)
		t.Session.State = string(voteNewOpens)
		return []Reply{{Text: t.T(msgVoteAskOpens, map[string]any{"Date": e.exampleTime(t.Now())}), Edit: true,
			Buttons: [][]Button{{{Text: t.T(msgVoteOpensNow, nil), Data: flowVote + ":o:now"}}}}}, nil
	case state == voteNewOpens && cmd == "o" && arg == "now":
		t.Set(keyVoteOpens, strconv.FormatInt(t.Now().Unix(), 10))
		t.Session.State = string(voteNewCloses)
		return []Reply{{Text: t.T(msgVoteAskCloses, map[string]any{"Date": e.exampleTime(t.Now().Add(72 * time.Hour))}), Edit: true}}, nil
	case state == voteNewAgree && cmd == "agree":
		t.Set(keyVoteAgreed, strconv.FormatInt(t.Now().Unix(), 10))
		return e.newVoteReview(t)
	case state == voteNewReview && cmd == "ok":
		return e.createVote(ctx, t)
	}
	return e.invalidButton(t), nil
}

func (e *Engine) askVotePlace(t *Turn) []Reply {
	t.Session.State = string(voteNewPlace)
	var rows [][]Button
	var row []Button
	for i, n := range e.Settings.Neighbourhoods {
		if !danchu.MayManageVote(t.actor(), n.Name) {
			continue
		}
		row = append(row, Button{Text: n.Name, Data: flowVote + ":nb:" + strconv.Itoa(i)})
		if len(row) == 2 {
			rows, row = append(rows, row), nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	return []Reply{{Text: t.T(msgVoteAskPlace, nil), Buttons: rows, Edit: t.In.CallbackData != ""}}
}

func (e *Engine) newVoteStep(ctx context.Context, t *Turn, text string) ([]Reply, error) {
	if !e.mayCreateVote(t) {
		t.Leave()
		return []Reply{t.WithMenu(msgStaffOnly, nil)}, nil
	}
	now := t.Now()
	switch voteState(t.Session.State) {
	case voteNewText:
		if text == "" || runes(text) > danchu.MaxVoteText {
			return []Reply{t.Say(msgVoteAskQuestion, map[string]any{"Max": danchu.MaxVoteText})}, nil
		}
		t.Set(keyVoteText, text)
		t.Session.State = string(voteNewMatter)
		var rows [][]Button
		for _, m := range danchu.Matters {
			rows = append(rows, []Button{{Text: t.T(matterMessages[m], nil), Data: flowVote + ":m:" + string(m)}})
		}
		return []Reply{{Text: t.T(msgVoteAskMatter, nil), Buttons: rows}}, nil
	case voteNewOptions:
		var opts []string
		for _, line := range strings.Split(text, "\n") {
			if line = strings.TrimSpace(listMarker.ReplaceAllString(line, "")); line != "" {
				opts = append(opts, line)
			}
		}
		probe := &danchu.Vote{Question: "?", Matter: danchu.MatterFunds, Options: opts, Neighbourhood: e.Settings.Neighbourhoods[0].Name,
			Households: 1, OpensAt: now, ClosesAt: now.Add(time.Hour)}
		if err := probe.Check(e.Settings, now); err != nil {
			return []Reply{t.Say(msgVoteOptionsInvalid, map[string]any{"Count": danchu.MaxVoteOptions, "Max": danchu.MaxVoteOption})}, nil
		}
		t.Set(keyVoteOptions, strings.Join(opts, "\n"))
		return e.askVotePlace(t), nil
	case voteNewOpens:
		at, ok := e.parseDateTime(text)
		if !ok || at.Before(now.Add(-time.Minute)) {
			return []Reply{t.Say(msgVoteTimeInvalid, map[string]any{"Date": e.exampleTime(now)})}, nil
		}
		t.Set(keyVoteOpens, strconv.FormatInt(at.Unix(), 10))
		t.Session.State = string(voteNewCloses)
		return []Reply{t.Say(msgVoteAskCloses, map[string]any{"Date": e.exampleTime(at.Add(72 * time.Hour))})}, nil
	case voteNewCloses:
		at, ok := e.parseDateTime(text)
		opens := e.newVoteTime(t, keyVoteOpens)
		if !ok || !at.After(opens) || !at.After(now) {
			return []Reply{t.Say(msgVoteClosesInvalid, map[string]any{"At": e.dateTime(opens), "Date": e.exampleTime(opens.Add(72 * time.Hour))})}, nil
		}
		t.Set(keyVoteCloses, strconv.FormatInt(at.Unix(), 10))
		if danchu.Matter(t.Get(keyVoteMatter)).Online() {
			t.Session.State = string(voteNewAgree)
			return []Reply{{Text: t.T(msgVoteAskAgreement, map[string]any{"Neighbourhood": t.Get(keyVotePlace)}), Buttons: [][]Button{
				{{Text: t.T(msgVoteAgreedButton, nil), Data: flowVote + ":agree"}},
				{{Text: t.T(msgVoteNewCancel, nil), Data: flowVote + ":x"}},
			}}}, nil
		}
		return e.newVoteReview(t)
	}
	return []Reply{t.Say(msgDanUseButtons, nil)}, nil
}

// listMarker is a typed list's "1.", "2)", "-" or "•" before an option.
var listMarker = regexp.MustCompile(`^\s*(?:[-•*]|\d{1,2}[.)])\s+`)

func (e *Engine) newVoteTime(t *Turn, key string) time.Time {
	sec, err := strconv.ParseInt(t.Get(key), 10, 64)
	if err != nil {
		return time.Time{}
	}
	return time.Unix(sec, 0).In(e.Settings.Location())
}

// newVote is the vote being created, from the session.
func (e *Engine) newVote(t *Turn) *danchu.Vote {
	nb, _ := e.Settings.NeighbourhoodByName(t.Get(keyVotePlace))
	v := &danchu.Vote{Question: t.Get(keyVoteText), Matter: danchu.Matter(t.Get(keyVoteMatter)),
		Options: strings.Split(t.Get(keyVoteOptions), "\n"), Proposal: t.Get("proposal") == "1",
		Neighbourhood: nb.Name, Households: nb.Households, OpensAt: e.newVoteTime(t, keyVoteOpens),
		ClosesAt: e.newVoteTime(t, keyVoteCloses), CreatedBy: t.Resident.ID}
	if agreed := e.newVoteTime(t, keyVoteAgreed); !agreed.IsZero() && t.Get(keyVoteAgreed) != "" {
		v.AgreedAt = &agreed
	}
	return v
}

func (e *Engine) newVoteReview(t *Turn) ([]Reply, error) {
	t.Session.State = string(voteNewReview)
	v := e.newVote(t)
	lang := t.Lang()
	how := msgVoteHowMeeting
	if v.Online() {
		how = msgVoteHowOnline
	}
	lines := []string{t.T(msgVoteReviewTitle, nil), "",
		t.T(msgVoteCardTitle, map[string]any{"Number": "…", "Value": v.Question}),
		t.T(msgVoteCardMatter, map[string]any{"Value": t.T(matterMessages[v.Matter], nil), "Neighbourhood": v.Neighbourhood}),
		t.T(how, nil),
		t.T(msgVoteCardTime, map[string]any{"From": e.dateTime(v.OpensAt), "To": e.dateTime(v.ClosesAt)}),
	}
	for i, opt := range v.Options {
		lines = append(lines, "  "+strconv.Itoa(i+1)+". "+opt)
	}
	lines = append(lines, "", t.T(msgVoteReviewThreshold, map[string]any{"Total": count(lang, v.Households),
		"Need": count(lang, danchu.MoreThan(v.Households, e.Settings.Votes.PassPercent))}))
	return []Reply{{Text: strings.Join(lines, "\n"), Edit: t.In.CallbackData != "", Buttons: [][]Button{
		{{Text: t.T(msgVoteCreateButton, nil), Data: flowVote + ":ok"}},
		{{Text: t.T(msgVoteNewCancel, nil), Data: flowVote + ":x"}},
	}}}, nil
}

func (e *Engine) createVote(ctx context.Context, t *Turn) ([]Reply, error) {
	v := e.newVote(t)
	now := t.Now()
	if err := v.Check(e.Settings, now); err != nil || !danchu.MayManageVote(t.actor(), v.Neighbourhood) {
		t.Leave()
		return []Reply{t.WithMenu(msgVoteNewInvalid, nil)}, nil
	}
	if err := e.Votes.CreateVote(ctx, v); err != nil {
		return nil, fmt.Errorf("flows: create vote: %w", err)
	}
	t.Leave()
	if err := e.audit(ctx, t.Resident.ID, "vote.create", "vote:"+itoa(v.ID), string(v.Matter)+" "+v.Neighbourhood); err != nil {
		return nil, err
	}
	if !v.OpensAt.After(now) {
		if err := e.announceVote(ctx, v, now); err != nil {
			return nil, err
		}
	}
	card, err := e.voteCard(ctx, t, v, t.T(msgVoteCreated, map[string]any{"Number": v.ID}))
	return []Reply{card}, err
}
