package flows

import (
	"context"
	"fmt"
	"strconv"
	"strings"

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
func (e *Engine) recordable(ctx context.Context, t *Turn, voteArg, ch string) (*danchu.Vote, error) {
	if _, ok := channelCodes[ch]; !ok {
		return nil, nil
	}
	v, err := e.loadVote(ctx, voteArg)
	if err != nil || v == nil {
		return nil, err
	}
	if !danchu.MayManageVote(t.actor(), v.Neighbourhood) || !v.OpenAt(t.Now()) {
		return nil, nil
	}
	return v, nil
}

func (e *Engine) recordButton(ctx context.Context, t *Turn, cmd, arg string) ([]Reply, error) {
	parts := strings.Split(arg, ":")
	want := map[string]int{"rec": 3, "rh": 3, "ro": 4, "ra": 2}[cmd]
	if len(parts) != want {
		return e.invalidButton(t), nil
	}
	v, err := e.recordable(ctx, t, parts[0], parts[1])
	if err != nil {
		return nil, err
	}
	if v == nil {
		return []Reply{t.Say(msgVoteRecordClosed, nil)}, nil
	}
	ch := parts[1]
	switch cmd {
	case "rec":
		page, ok := indexIn(parts[2], 10000)
		if !ok {
			return e.invalidButton(t), nil
		}
		r, err := e.recordList(ctx, t, v, ch, page, "")
		return []Reply{r}, err
	case "rh":
		id, ok := parseID(parts[2])
		if !ok {
			return e.invalidButton(t), nil
		}
		return e.recordOptions(ctx, t, v, ch, id)
	case "ro":
		id, ok := parseID(parts[2])
		option := danchu.Abstain
		if parts[3] != "a" {
			option, ok = indexIn(parts[3], len(v.Options))
		}
		if !ok {
			return e.invalidButton(t), nil
		}
		return e.recordBallot(ctx, t, v, ch, id, option)
	case "ra":
		t.Begin(flowVote, string(voteRecAddress))
		t.Set(keyRecVote, itoa(v.ID))
		t.Set(keyRecChannel, ch)
		return []Reply{t.Say(msgVoteRecordAskAddress, map[string]any{"Neighbourhood": v.Neighbourhood, "Max": danchu.MaxAddress})}, nil
	}
	return e.invalidButton(t), nil
}

// recordList is a page of the households of the vote's neighbourhood that
// have no ballot yet.
func (e *Engine) recordList(ctx context.Context, t *Turn, v *danchu.Vote, ch string, page int, note string) (Reply, error) {
	all, err := e.Households.ListHouseholds(ctx, v.Neighbourhood)
	if err != nil {
		return Reply{}, fmt.Errorf("flows: households: %w", err)
	}
	ballots, err := e.Votes.Ballots(ctx, v.ID)
	if err != nil {
		return Reply{}, fmt.Errorf("flows: ballots: %w", err)
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
	o := e.Settings.Votes.Decide(v, ballots)
	lines := []string{t.T(msgVoteRecordTitle, map[string]any{"Kind": t.T(channelMessages[channelCodes[ch]], nil), "Value": clip(v.Question, 80)}),
		e.turnoutText(lang, v, o)}
	lines = append(lines, e.countLines(lang, v, o)...)
	if note != "" {
		lines = append([]string{note, ""}, lines...)
	}
	if page*householdPage >= len(left) {
		page = 0
	}
	end := min(len(left), (page+1)*householdPage)
	var rows [][]Button
	for _, h := range left[page*householdPage : end] {
		rows = append(rows, []Button{{Text: clip(h.Address, 50), Data: flowVote + ":rh:" + itoa(v.ID) + ":" + ch + ":" + itoa(h.ID)}})
	}
	if len(left) == 0 {
		lines = append(lines, "", t.T(msgVoteRecordAllCounted, nil))
	}
	prefix := flowVote + ":rec:" + itoa(v.ID) + ":" + ch + ":"
	nav := pageNav(t, prefix, page, end < len(left))
	if nav != nil {
		rows = append(rows, nav)
	}
	rows = append(rows,
		[]Button{{Text: t.T(msgVoteRecordAdd, nil), Data: flowVote + ":ra:" + itoa(v.ID) + ":" + ch}},
		[]Button{{Text: t.T(msgDanBack, nil), Data: flowVote + ":v:" + itoa(v.ID)}})
	return Reply{Text: strings.Join(lines, "\n"), Buttons: rows, Edit: t.In.CallbackData != ""}, nil
}

// recordOptions asks what the household chose.
func (e *Engine) recordOptions(ctx context.Context, t *Turn, v *danchu.Vote, ch string, householdID int64) ([]Reply, error) {
	h, err := e.Households.FindHousehold(ctx, householdID)
	if isNotFound(err) || err == nil && h.Neighbourhood != v.Neighbourhood {
		return e.invalidButton(t), nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: household: %w", err)
	}
	prefix := flowVote + ":ro:" + itoa(v.ID) + ":" + ch + ":" + itoa(h.ID) + ":"
	var rows [][]Button
	for i, opt := range v.Options {
		rows = append(rows, []Button{{Text: clip(opt, 50), Data: prefix + strconv.Itoa(i)}})
	}
	abstain := msgVoteRecordPresent
	if ch == "p" {
		abstain = msgVoteRecordSpoilt
	}
	rows = append(rows,
		[]Button{{Text: t.T(abstain, nil), Data: prefix + "a"}},
		[]Button{{Text: t.T(msgDanBack, nil), Data: flowVote + ":rec:" + itoa(v.ID) + ":" + ch + ":0"}})
	return []Reply{{Text: t.T(msgVoteRecordAsk, map[string]any{"Address": h.Address, "Kind": t.T(channelMessages[channelCodes[ch]], nil)}),
		Buttons: rows, Edit: t.In.CallbackData != ""}}, nil
}

// record stores the household's meeting or paper ballot.
func (e *Engine) recordBallot(ctx context.Context, t *Turn, v *danchu.Vote, ch string, householdID int64, option int) ([]Reply, error) {
	h, err := e.Households.FindHousehold(ctx, householdID)
	if isNotFound(err) {
		return e.invalidButton(t), nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: household: %w", err)
	}
	b := &danchu.Ballot{VoteID: v.ID, HouseholdID: h.ID, Option: option, Channel: channelCodes[ch], RecordedBy: t.Resident.ID, At: t.Now()}
	err = e.Votes.CastBallot(ctx, b)
	var note string
	switch danchu.ErrorCode(err) {
	case "":
		if err := e.audit(ctx, t.Resident.ID, "vote.ballot", "vote:"+itoa(v.ID), "household:"+itoa(h.ID)+" "+string(b.Channel)); err != nil {
			return nil, err
		}
		note = t.T(msgVoteRecorded, map[string]any{"Address": h.Address, "Value": e.optionName(t.Lang(), v, option)})
	case danchu.ECONFLICT:
		prev, perr := e.Votes.BallotOf(ctx, v.ID, h.ID)
		if perr != nil {
			return nil, fmt.Errorf("flows: ballot: %w", perr)
		}
		note = t.T(msgVoteRecordTwice, map[string]any{"Address": h.Address, "Kind": t.T(channelMessages[prev.Channel], nil),
			"At": e.dateTime(prev.At)})
	case danchu.EINVALID:
		return []Reply{t.Say(msgVoteRecordClosed, nil)}, nil
	default:
		return nil, fmt.Errorf("flows: record ballot: %w", err)
	}
	r, err := e.recordList(ctx, t, v, ch, 0, note)
	return []Reply{r}, err
}

// recordAddress takes a typed household, adds it when new, and asks its
// choice.
func (e *Engine) recordAddress(ctx context.Context, t *Turn, text string) ([]Reply, error) {
	v, err := e.recordable(ctx, t, t.Get(keyRecVote), t.Get(keyRecChannel))
	if err != nil {
		return nil, err
	}
	if v == nil {
		t.Leave()
		return []Reply{t.WithMenu(msgVoteRecordClosed, nil)}, nil
	}
	if danchu.AddressKey(text) == "" || runes(text) > danchu.MaxAddress {
		return []Reply{t.Say(msgHhAddressInvalid, map[string]any{"Max": danchu.MaxAddress})}, nil
	}
	h, err := e.Households.EnsureHousehold(ctx, v.Neighbourhood, text, t.Now())
	if err != nil {
		return nil, fmt.Errorf("flows: ensure household: %w", err)
	}
	ch := t.Get(keyRecChannel)
	t.Leave()
	return e.recordOptions(ctx, t, v, ch, h.ID)
}
