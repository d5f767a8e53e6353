package danban

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"danchu/flows"

	"danchu"
)

// Meeting and paper ballots, entered household by household by the
// chairman, an official or the neighbourhood's head while the vote is open.
// The list offers only the households not counted yet; the store refuses a
// household counted already, whatever the channel, so nobody is counted
// twice.
//
//	bq:rec:<vote>:<m|p>:<page>     households not counted yet
//	bq:rh:<vote>:<m|p>:<household> the options for one household
//	bq:ro:<vote>:<m|p>:<household>:<option|a>  record it (a: no choice)
//	bq:ra:<vote>:<m|p>             type a household not in the list

var channelCodes = map[string]danchu.Channel{"m": danchu.ChannelMeeting, "p": danchu.ChannelPaper}

// Session.Data keys while a household to record is typed.
const (
	keyRecVote    = "rv"
	keyRecChannel = "rc"
)

// recordable loads the vote and channel named by button data when the
// person may record its ballots now; nil otherwise.
func (a *Area) recordable(ctx context.Context, t *flows.Turn, voteArg, ch string) (*danchu.Vote, error) {
	if _, ok := channelCodes[ch]; !ok {
		return nil, nil
	}
	v, err := a.loadVote(ctx, voteArg)
	if err != nil || v == nil {
		return nil, err
	}
	if !danchu.MayManageVote(t.Actor(), v.Neighbourhood) || !v.OpenAt(t.Now()) {
		return nil, nil
	}
	return v, nil
}

func (a *Area) recordButton(ctx context.Context, t *flows.Turn, cmd, arg string) ([]flows.Reply, error) {
	parts := strings.Split(arg, ":")
	want := map[string]int{"rec": 3, "rh": 3, "ro": 4, "ra": 2}[cmd]
	if len(parts) != want {
		return t.InvalidButton(), nil
	}
	v, err := a.recordable(ctx, t, parts[0], parts[1])
	if err != nil {
		return nil, err
	}
	if v == nil {
		return []flows.Reply{t.Say(msgVoteRecordClosed, nil)}, nil
	}
	ch := parts[1]
	switch cmd {
	case "rec":
		page, ok := flows.IndexIn(parts[2], 10000)
		if !ok {
			return t.InvalidButton(), nil
		}
		r, err := a.recordList(ctx, t, v, ch, page, "")
		return []flows.Reply{r}, err
	case "rh":
		id, ok := flows.ParseID(parts[2])
		if !ok {
			return t.InvalidButton(), nil
		}
		return a.recordOptions(ctx, t, v, ch, id)
	case "ro":
		id, ok := flows.ParseID(parts[2])
		option := danchu.Abstain
		if parts[3] != "a" {
			option, ok = flows.IndexIn(parts[3], len(v.Options))
		}
		if !ok {
			return t.InvalidButton(), nil
		}
		return a.recordBallot(ctx, t, v, ch, id, option)
	case "ra":
		t.Begin(flowVote, string(voteRecAddress))
		t.Set(keyRecVote, flows.Itoa(v.ID))
		t.Set(keyRecChannel, ch)
		return []flows.Reply{t.Say(msgVoteRecordAskAddress, map[string]any{"Neighbourhood": v.Neighbourhood, "Max": danchu.MaxAddress})}, nil
	}
	return t.InvalidButton(), nil
}

// recordList is a page of the households of the vote's neighbourhood that
// have no ballot yet.
func (a *Area) recordList(ctx context.Context, t *flows.Turn, v *danchu.Vote, ch string, page int, note string) (flows.Reply, error) {
	all, err := a.Households.ListHouseholds(ctx, v.Neighbourhood)
	if err != nil {
		return flows.Reply{}, fmt.Errorf("flows: households: %w", err)
	}
	ballots, err := a.Votes.Ballots(ctx, v.ID)
	if err != nil {
		return flows.Reply{}, fmt.Errorf("flows: ballots: %w", err)
	}
	counted := map[int64]bool{}
	for _, b := range ballots {
		counted[b.HouseholdID] = true
	}
	var left []*danchu.Household
	for _, h := range all {
		if !counted[h.ID] {
			left = append(left, h)
		}
	}
	lang := t.Lang()
	o := a.Settings.Votes.Decide(v, ballots)
	lines := []string{t.T(msgVoteRecordTitle, map[string]any{"Kind": t.T(channelMessages[channelCodes[ch]], nil), "Value": flows.Clip(v.Question, 80)}),
		a.turnoutText(lang, v, o)}
	lines = append(lines, a.countLines(lang, v, o)...)
	if note != "" {
		lines = append([]string{note, ""}, lines...)
	}
	if page*householdPage >= len(left) {
		page = 0
	}
	end := min(len(left), (page+1)*householdPage)
	var rows [][]flows.Button
	for _, h := range left[page*householdPage : end] {
		rows = append(rows, []flows.Button{{Text: flows.Clip(h.Address, 50), Data: flowVote + ":rh:" + flows.Itoa(v.ID) + ":" + ch + ":" + flows.Itoa(h.ID)}})
	}
	if len(left) == 0 {
		lines = append(lines, "", t.T(msgVoteRecordAllCounted, nil))
	}
	prefix := flowVote + ":rec:" + flows.Itoa(v.ID) + ":" + ch + ":"
	nav := flows.PageNav(t, prefix, page, end < len(left))
	if nav != nil {
		rows = append(rows, nav)
	}
	rows = append(rows,
		[]flows.Button{{Text: t.T(msgVoteRecordAdd, nil), Data: flowVote + ":ra:" + flows.Itoa(v.ID) + ":" + ch}},
		[]flows.Button{{Text: t.T(msgDanBack, nil), Data: flowVote + ":v:" + flows.Itoa(v.ID)}})
	return flows.Reply{Text: strings.Join(lines, "\n"), Buttons: rows, Edit: t.In.CallbackData != ""}, nil
}

// recordOptions asks what the household chose.
func (a *Area) recordOptions(ctx context.Context, t *flows.Turn, v *danchu.Vote, ch string, householdID int64) ([]flows.Reply, error) {
	h, err := a.Households.FindHousehold(ctx, householdID)
	if flows.IsNotFound(err) || err == nil && h.Neighbourhood != v.Neighbourhood {
		return t.InvalidButton(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: household: %w", err)
	}
	prefix := flowVote + ":ro:" + flows.Itoa(v.ID) + ":" + ch + ":" + flows.Itoa(h.ID) + ":"
	var rows [][]flows.Button
	for i, opt := range v.Options {
		rows = append(rows, []flows.Button{{Text: flows.Clip(opt, 50), Data: prefix + strconv.Itoa(i)}})
	}
	abstain := msgVoteRecordPresent
	if ch == "p" {
		abstain = msgVoteRecordSpoilt
	}
	rows = append(rows,
		[]flows.Button{{Text: t.T(abstain, nil), Data: prefix + "a"}},
		[]flows.Button{{Text: t.T(msgDanBack, nil), Data: flowVote + ":rec:" + flows.Itoa(v.ID) + ":" + ch + ":0"}})
	return []flows.Reply{{Text: t.T(msgVoteRecordAsk, map[string]any{"Address": h.Address, "Kind": t.T(channelMessages[channelCodes[ch]], nil)}),
		Buttons: rows, Edit: t.In.CallbackData != ""}}, nil
}

// record stores the household's meeting or paper ballot.
func (a *Area) recordBallot(ctx context.Context, t *flows.Turn, v *danchu.Vote, ch string, householdID int64, option int) ([]flows.Reply, error) {
	h, err := a.Households.FindHousehold(ctx, householdID)
	if flows.IsNotFound(err) {
		return t.InvalidButton(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: household: %w", err)
	}
	b := &danchu.Ballot{VoteID: v.ID, HouseholdID: h.ID, Option: option, Channel: channelCodes[ch], RecordedBy: t.Resident.ID, At: t.Now()}
	err = a.Votes.CastBallot(ctx, b)
	var note string
	switch danchu.ErrorCode(err) {
	case "":
		if err := a.audit(ctx, t.Resident.ID, "vote.ballot", "vote:"+flows.Itoa(v.ID), "household:"+flows.Itoa(h.ID)+" "+string(b.Channel)); err != nil {
			return nil, err
		}
		note = t.T(msgVoteRecorded, map[string]any{"Address": h.Address, "Value": a.optionName(t.Lang(), v, option)})
	case danchu.ECONFLICT:
		prev, perr := a.Votes.BallotOf(ctx, v.ID, h.ID)
		if perr != nil {
			return nil, fmt.Errorf("flows: ballot: %w", perr)
		}
		note = t.T(msgVoteRecordTwice, map[string]any{"Address": h.Address, "Kind": t.T(channelMessages[prev.Channel], nil),
			"At": a.DateTime(prev.At)})
	case danchu.EINVALID:
		return []flows.Reply{t.Say(msgVoteRecordClosed, nil)}, nil
	default:
		return nil, fmt.Errorf("flows: record ballot: %w", err)
	}
	r, err := a.recordList(ctx, t, v, ch, 0, note)
	return []flows.Reply{r}, err
}

// recordAddress takes a typed household, adds it when new, and asks its
// choice.
func (a *Area) recordAddress(ctx context.Context, t *flows.Turn, text string) ([]flows.Reply, error) {
	v, err := a.recordable(ctx, t, t.Get(keyRecVote), t.Get(keyRecChannel))
	if err != nil {
		return nil, err
	}
	if v == nil {
		t.Leave()
		return []flows.Reply{t.WithMenu(msgVoteRecordClosed, nil)}, nil
	}
	if danchu.AddressKey(text) == "" || flows.Runes(text) > danchu.MaxAddress {
		return []flows.Reply{t.Say(msgHhAddressInvalid, map[string]any{"Max": danchu.MaxAddress})}, nil
	}
	h, err := a.Households.EnsureHousehold(ctx, v.Neighbourhood, text, t.Now())
	if err != nil {
		return nil, fmt.Errorf("flows: ensure household: %w", err)
	}
	ch := t.Get(keyRecChannel)
	t.Leave()
	return a.recordOptions(ctx, t, v, ch, h.ID)
}
