package danban

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"danchu/flows"

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

func (a *Area) newVoteButton(ctx context.Context, t *flows.Turn, cmd, arg string) ([]flows.Reply, error) {
	if cmd == "new" {
		if !a.mayCreateVote(t) {
			return t.InvalidButton(), nil
		}
		t.Begin(flowVote, string(voteNewText))
		return []flows.Reply{t.Say(msgVoteAskQuestion, map[string]any{"Max": danchu.MaxVoteText})}, nil
	}
	if t.Session.Flow != flowVote || !a.mayCreateVote(t) {
		return t.InvalidButton(), nil
	}
	state := voteState(t.Session.State)
	switch {
	case cmd == "x":
		t.Leave()
		return []flows.Reply{{Text: t.T(msgVoteNewCancelled, nil), Edit: true}}, nil
	case state == voteNewMatter && cmd == "m":
		m := danchu.Matter(arg)
		if !m.Valid() {
			break
		}
		t.Set(keyVoteMatter, string(m))
		t.Session.State = string(voteNewKind)
		return []flows.Reply{{Text: t.T(msgVoteAskKind, map[string]any{"Value": t.T(matterMessages[m], nil)}), Edit: true, Buttons: [][]flows.Button{
			{{Text: t.T(msgVoteKindProposal, nil), Data: flowVote + ":k:yn"}},
			{{Text: t.T(msgVoteKindChoice, nil), Data: flowVote + ":k:ch"}},
		}}}, nil
	case state == voteNewKind && cmd == "k" && arg == "yn":
		t.Set(keyVoteOptions, a.Tr(flows.LangVI, msgVoteAgree, nil)+"\n"+a.Tr(flows.LangVI, msgVoteDisagree, nil))
		t.Set("proposal", "1")
		return a.askVotePlace(t), nil
	case state == voteNewKind && cmd == "k" && arg == "ch":
		t.Session.State = string(voteNewOptions)
		return []flows.Reply{{Text: t.T(msgVoteAskOptions, map[string]any{"Count": danchu.MaxVoteOptions, "Max": danchu.MaxVoteOption}), Edit: true}}, nil
	case state == voteNewPlace && cmd == "nb":
		n, ok := a.NeighbourhoodIndex(arg)
		if !ok || !danchu.MayManageVote(t.Actor(), n.Name) {
			break
		}
		t.Set(keyVotePlace, n.Name)
		t.Session.State = string(voteNewOpens)
		return []flows.Reply{{Text: t.T(msgVoteAskOpens, map[string]any{"Date": a.ExampleTime(t.Now())}), Edit: true,
			Buttons: [][]flows.Button{{{Text: t.T(msgVoteOpensNow, nil), Data: flowVote + ":o:now"}}}}}, nil
	case state == voteNewOpens && cmd == "o" && arg == "now":
		t.Set(keyVoteOpens, strconv.FormatInt(t.Now().Unix(), 10))
		t.Session.State = string(voteNewCloses)
		return []flows.Reply{{Text: t.T(msgVoteAskCloses, map[string]any{"Date": a.ExampleTime(t.Now().Add(72 * time.Hour))}), Edit: true}}, nil
	case state == voteNewAgree && cmd == "agree":
		t.Set(keyVoteAgreed, strconv.FormatInt(t.Now().Unix(), 10))
		return a.newVoteReview(t)
	case state == voteNewReview && cmd == "ok":
		return a.createVote(ctx, t)
	}
	return t.InvalidButton(), nil
}

func (a *Area) askVotePlace(t *flows.Turn) []flows.Reply {
	t.Session.State = string(voteNewPlace)
	var rows [][]flows.Button
	var row []flows.Button
	for i, n := range a.Settings.Neighbourhoods {
		if !danchu.MayManageVote(t.Actor(), n.Name) {
			continue
		}
		row = append(row, flows.Button{Text: n.Name, Data: flowVote + ":nb:" + strconv.Itoa(i)})
		if len(row) == 2 {
			rows, row = append(rows, row), nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	return []flows.Reply{{Text: t.T(msgVoteAskPlace, nil), Buttons: rows, Edit: t.In.CallbackData != ""}}
}

func (a *Area) newVoteStep(ctx context.Context, t *flows.Turn, text string) ([]flows.Reply, error) {
	if !a.mayCreateVote(t) {
		t.Leave()
		return []flows.Reply{t.WithMenu(flows.MsgStaffOnly, nil)}, nil
	}
	now := t.Now()
	switch voteState(t.Session.State) {
	case voteNewText:
		if text == "" || flows.Runes(text) > danchu.MaxVoteText {
			return []flows.Reply{t.Say(msgVoteAskQuestion, map[string]any{"Max": danchu.MaxVoteText})}, nil
		}
		t.Set(keyVoteText, text)
		t.Session.State = string(voteNewMatter)
		var rows [][]flows.Button
		for _, m := range danchu.Matters {
			rows = append(rows, []flows.Button{{Text: t.T(matterMessages[m], nil), Data: flowVote + ":m:" + string(m)}})
		}
		return []flows.Reply{{Text: t.T(msgVoteAskMatter, nil), Buttons: rows}}, nil
	case voteNewOptions:
		var opts []string
		for _, line := range strings.Split(text, "\n") {
			if line = strings.TrimSpace(listMarker.ReplaceAllString(line, "")); line != "" {
				opts = append(opts, line)
			}
		}
		probe := &danchu.Vote{Question: "?", Matter: danchu.MatterFunds, Options: opts, Neighbourhood: a.Settings.Neighbourhoods[0].Name,
			Households: 1, OpensAt: now, ClosesAt: now.Add(time.Hour)}
		if err := probe.Check(a.Settings, now); err != nil {
			return []flows.Reply{t.Say(msgVoteOptionsInvalid, map[string]any{"Count": danchu.MaxVoteOptions, "Max": danchu.MaxVoteOption})}, nil
		}
		t.Set(keyVoteOptions, strings.Join(opts, "\n"))
		return a.askVotePlace(t), nil
	case voteNewOpens:
		at, ok := a.ParseDateTime(text)
		if !ok || at.Before(now.Add(-time.Minute)) {
			return []flows.Reply{t.Say(msgVoteTimeInvalid, map[string]any{"Date": a.ExampleTime(now)})}, nil
		}
		t.Set(keyVoteOpens, strconv.FormatInt(at.Unix(), 10))
		t.Session.State = string(voteNewCloses)
		return []flows.Reply{t.Say(msgVoteAskCloses, map[string]any{"Date": a.ExampleTime(at.Add(72 * time.Hour))})}, nil
	case voteNewCloses:
		at, ok := a.ParseDateTime(text)
		opens := a.newVoteTime(t, keyVoteOpens)
		if !ok || !at.After(opens) || !at.After(now) {
			return []flows.Reply{t.Say(msgVoteClosesInvalid, map[string]any{"At": a.DateTime(opens), "Date": a.ExampleTime(opens.Add(72 * time.Hour))})}, nil
		}
		t.Set(keyVoteCloses, strconv.FormatInt(at.Unix(), 10))
		if danchu.Matter(t.Get(keyVoteMatter)).Online() {
			t.Session.State = string(voteNewAgree)
			return []flows.Reply{{Text: t.T(msgVoteAskAgreement, map[string]any{"Neighbourhood": t.Get(keyVotePlace)}), Buttons: [][]flows.Button{
				{{Text: t.T(msgVoteAgreedButton, nil), Data: flowVote + ":agree"}},
				{{Text: t.T(msgVoteNewCancel, nil), Data: flowVote + ":x"}},
			}}}, nil
		}
		return a.newVoteReview(t)
	}
	return []flows.Reply{t.Say(msgDanUseButtons, nil)}, nil
}

// listMarker is a typed list's "1.", "2)", "-" or "•" before an option.
var listMarker = regexp.MustCompile(`^\s*(?:[-•*]|\d{1,2}[.)])\s+`)

func (a *Area) newVoteTime(t *flows.Turn, key string) time.Time {
	sec, err := strconv.ParseInt(t.Get(key), 10, 64)
	if err != nil {
		return time.Time{}
	}
	return time.Unix(sec, 0).In(a.Settings.Location())
}

// newVote is the vote being created, from the session.
func (a *Area) newVote(t *flows.Turn) *danchu.Vote {
	nb, _ := a.Settings.NeighbourhoodByName(t.Get(keyVotePlace))
	v := &danchu.Vote{Question: t.Get(keyVoteText), Matter: danchu.Matter(t.Get(keyVoteMatter)),
		Options: strings.Split(t.Get(keyVoteOptions), "\n"), Proposal: t.Get("proposal") == "1",
		Neighbourhood: nb.Name, Households: nb.Households, OpensAt: a.newVoteTime(t, keyVoteOpens),
		ClosesAt: a.newVoteTime(t, keyVoteCloses), CreatedBy: t.Resident.ID}
	if agreed := a.newVoteTime(t, keyVoteAgreed); !agreed.IsZero() && t.Get(keyVoteAgreed) != "" {
		v.AgreedAt = &agreed
	}
	return v
}

func (a *Area) newVoteReview(t *flows.Turn) ([]flows.Reply, error) {
	t.Session.State = string(voteNewReview)
	v := a.newVote(t)
	lang := t.Lang()
	how := msgVoteHowMeeting
	if v.Online() {
		how = msgVoteHowOnline
	}
	lines := []string{t.T(msgVoteReviewTitle, nil), "",
		t.T(msgVoteCardTitle, map[string]any{"Number": "…", "Value": v.Question}),
		t.T(msgVoteCardMatter, map[string]any{"Value": t.T(matterMessages[v.Matter], nil), "Neighbourhood": v.Neighbourhood}),
		t.T(how, nil),
		t.T(msgVoteCardTime, map[string]any{"From": a.DateTime(v.OpensAt), "To": a.DateTime(v.ClosesAt)}),
	}
	for i, opt := range v.Options {
		lines = append(lines, "  "+strconv.Itoa(i+1)+". "+opt)
	}
	lines = append(lines, "", t.T(msgVoteReviewThreshold, map[string]any{"Total": flows.Count(lang, v.Households),
		"Need": flows.Count(lang, danchu.MoreThan(v.Households, a.Settings.Votes.PassPercent))}))
	return []flows.Reply{{Text: strings.Join(lines, "\n"), Edit: t.In.CallbackData != "", Buttons: [][]flows.Button{
		{{Text: t.T(msgVoteCreateButton, nil), Data: flowVote + ":ok"}},
		{{Text: t.T(msgVoteNewCancel, nil), Data: flowVote + ":x"}},
	}}}, nil
}

func (a *Area) createVote(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	v := a.newVote(t)
	now := t.Now()
	if err := v.Check(a.Settings, now); err != nil || !danchu.MayManageVote(t.Actor(), v.Neighbourhood) {
		t.Leave()
		return []flows.Reply{t.WithMenu(msgVoteNewInvalid, nil)}, nil
	}
	if err := a.Votes.CreateVote(ctx, v); err != nil {
		return nil, fmt.Errorf("flows: create vote: %w", err)
	}
	t.Leave()
	if err := a.audit(ctx, t.Resident.ID, "vote.create", "vote:"+flows.Itoa(v.ID), string(v.Matter)+" "+v.Neighbourhood); err != nil {
		return nil, err
	}
	if !v.OpensAt.After(now) {
		if err := a.announceVote(ctx, v, now); err != nil {
			return nil, err
		}
	}
	card, err := a.voteCard(ctx, t, v, t.T(msgVoteCreated, map[string]any{"Number": v.ID}))
	return []flows.Reply{card}, err
}
