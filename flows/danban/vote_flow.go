package danban

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"danchu/flows"

	"danchu"
)

// Votes by household, /bieu_quyet (LAW.md, "What residents decide, and
// how"). A resident sees the votes of their neighbourhood; the confirmed
// representative of a household votes online for it when the matter allows
// it (only "other self-managed matters"); officials record meeting and
// paper ballots household by household; the database keeps one ballot per
// household, whatever the channel.
//
//	bq:home                  the home: the household and the votes
//	bq:v:<vote>              a vote's card, with the live turnout
//	bq:b:<vote>:<option>     the representative's ballot
//	bq:new ...               a new vote (vote_create.go)
//	bq:rec:<vote>:<ch>:<page> ... recording meeting (m) and paper (p)
//	                         ballots (vote_record.go)
//	bq:close:<vote>, bq:cl:<vote>  close now, and confirm
//	bq:doc:<vote>            the record (biên bản) of a closed vote
//	household buttons        household_flow.go

type voteState string

const (
	voteAddress    voteState = "address"  // a resident types their household's address
	voteNewText    voteState = "question" // staff type a new vote's question
	voteNewOptions voteState = "options"  // its options, one a line
	voteNewOpens   voteState = "opens"    // its opening time
	voteNewCloses  voteState = "closes"   // its closing time
	voteRecAddress voteState = "raddr"    // staff type a household to record
)

// votesShown is how many votes the home lists.
const votesShown = 8

// voteDeeplink starts a /start payload that opens a vote's card:
// "vote_<id>", for a link printed on a meeting notice or shared in a group.
const voteDeeplink = "vote_"

func (a *Area) voteStart(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	if arg, ok := strings.CutPrefix(strings.TrimSpace(t.In.Args), voteDeeplink); ok {
		if v, err := a.loadVote(ctx, arg); err != nil || v != nil {
			if err != nil {
				return nil, err
			}
			r, err := a.voteCard(ctx, t, v, "")
			return []flows.Reply{r}, err
		}
	}
	r, err := a.voteHome(ctx, t)
	if err != nil {
		return nil, err
	}
	return []flows.Reply{r}, nil
}

// voteNeighbourhoods are the neighbourhoods whose votes the person sees:
// their own, and those they lead; nil (all) for the chairman and officials.
func voteNeighbourhoods(t *flows.Turn) []string {
	a := t.Actor()
	if a.Has(danchu.RoleChairman) || a.Has(danchu.RoleOfficial) {
		return nil
	}
	out := danchu.LedNeighbourhoods(t.Roles)
	if nb := t.Resident.Neighbourhood; nb != "" && !slices.Contains(out, nb) {
		out = append(out, nb)
	}
	return out
}

// mayCreateVote reports whether the person may create a vote somewhere.
func (a *Area) mayCreateVote(t *flows.Turn) bool {
	for _, n := range a.Settings.Neighbourhoods {
		if danchu.MayManageVote(t.Actor(), n.Name) {
			return true
		}
	}
	return false
}

// voteHome is the household's state and the recent votes.
func (a *Area) voteHome(ctx context.Context, t *flows.Turn) (flows.Reply, error) {
	hhLine, h, err := a.householdLine(ctx, t)
	if err != nil {
		return flows.Reply{}, err
	}
	lines := []string{t.T(msgVoteHomeTitle, nil), hhLine}
	var rows [][]flows.Button
	label := msgHhDeclareButton
	if h != nil {
		label = msgHhMoveButton
	}
	rows = append(rows, []flows.Button{{Text: t.T(label, nil), Data: flowVote + ":decl"}})

	nbs := voteNeighbourhoods(t)
	var list []*danchu.Vote
	if nbs == nil || len(nbs) > 0 {
		if list, err = a.Votes.ListVotes(ctx, nbs, votesShown); err != nil {
			return flows.Reply{}, fmt.Errorf("flows: list votes: %w", err)
		}
	}
	if len(list) == 0 {
		lines = append(lines, "", t.T(msgVoteNone, nil))
	} else {
		lines = append(lines, "", t.T(msgVoteListTitle, nil))
	}
	now := t.Now()
	for i, v := range list {
		lines = append(lines, strconv.Itoa(i+1)+". "+flows.Clip(v.Question, 80)+" · "+v.Neighbourhood+" · "+a.voteStatus(t.Lang(), v, now))
		rows = append(rows, []flows.Button{{Text: strconv.Itoa(i+1) + ". " + flows.Clip(v.Question, 40), Data: flowVote + ":v:" + flows.Itoa(v.ID)}})
	}
	if a.mayCreateVote(t) {
		rows = append(rows, []flows.Button{{Text: t.T(msgVoteNewButton, nil), Data: flowVote + ":new"}})
	}
	for i, n := range a.Settings.Neighbourhoods {
		if slices.Contains(danchu.LedNeighbourhoods(t.Roles), n.Name) {
			rows = append(rows, []flows.Button{{Text: t.T(msgHhListButton, map[string]any{"Neighbourhood": n.Name}),
				Data: flowVote + ":hh:" + strconv.Itoa(i) + ":0"}})
		}
	}
	return flows.Reply{Text: strings.Join(lines, "\n"), Buttons: rows, Edit: t.In.CallbackData != ""}, nil
}

// voteStatus is "open until …", "opens at …" or the outcome, for lists.
func (a *Area) voteStatus(lang string, v *danchu.Vote, now time.Time) string {
	switch {
	case v.ClosedAt != nil && v.Outcome != nil && v.Outcome.Passed:
		return a.Tr(lang, msgVoteStatePassed, nil)
	case v.ClosedAt != nil:
		return a.Tr(lang, msgVoteStateFailed, nil)
	case now.Before(v.OpensAt):
		return a.Tr(lang, msgVoteStateSoon, map[string]any{"At": a.DateTime(v.OpensAt)})
	}
	return a.Tr(lang, msgVoteStateOpen, map[string]any{"At": a.DateTime(v.ClosesAt)})
}

var matterMessages = map[danchu.Matter]flows.Msg{
	danchu.MatterContribution: msgMatterContribution,
	danchu.MatterFunds:        msgMatterFunds,
	danchu.MatterConvention:   msgMatterConvention,
	danchu.MatterHead:         msgMatterHead,
	danchu.MatterBoards:       msgMatterBoards,
	danchu.MatterOther:        msgMatterOther,
}

var channelMessages = map[danchu.Channel]flows.Msg{
	danchu.ChannelOnline:  msgChannelOnline,
	danchu.ChannelMeeting: msgChannelMeeting,
	danchu.ChannelPaper:   msgChannelPaper,
}

// optionName is an option's text, or "no choice" for Abstain.
func (a *Area) optionName(lang string, v *danchu.Vote, option int) string {
	if option >= 0 && option < len(v.Options) {
		return v.Options[option]
	}
	return a.Tr(lang, msgVoteAbstained, nil)
}

// loadVote reads a vote named by button data; nil when it is not a vote.
func (a *Area) loadVote(ctx context.Context, arg string) (*danchu.Vote, error) {
	id, ok := flows.ParseID(arg)
	if !ok {
		return nil, nil
	}
	v, err := a.Votes.FindVote(ctx, id)
	if flows.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: find vote: %w", err)
	}
	return v, nil
}

// outcomeOf is the count as it stands: stored at the close, live before.
func (a *Area) outcomeOf(ctx context.Context, v *danchu.Vote) (danchu.Outcome, error) {
	if v.Outcome != nil {
		return *v.Outcome, nil
	}
	ballots, err := a.Votes.Ballots(ctx, v.ID)
	if err != nil {
		return danchu.Outcome{}, fmt.Errorf("flows: ballots: %w", err)
	}
	return a.Settings.Votes.Decide(v, ballots), nil
}

// turnoutText is the live attendance against the threshold.
func (a *Area) turnoutText(lang string, v *danchu.Vote, o danchu.Outcome) string {
	data := map[string]any{"Count": flows.Count(lang, o.Turnout), "Total": flows.Count(lang, o.Households),
		"Value": flows.Percent(lang, o.Turnout, o.Households), "Need": flows.Count(lang, o.Need),
		"Percent": strconv.FormatFloat(a.Settings.Votes.PassPercent, 'f', -1, 64) + "%"}
	return a.Tr(lang, msgVoteTurnout, data)
}

// countLines are the ballots by option, and the meeting's attendance.
func (a *Area) countLines(lang string, v *danchu.Vote, o danchu.Outcome) []string {
	var lines []string
	for i, n := range o.Counts {
		lines = append(lines, a.Tr(lang, msgVoteCountLine, map[string]any{"Number": i + 1, "Value": v.Options[i],
			"Count": flows.Count(lang, n), "Percent": flows.Percent(lang, n, o.Households)}))
	}
	if o.Abstained > 0 {
		lines = append(lines, a.Tr(lang, msgVoteAbstainLine, map[string]any{"Count": flows.Count(lang, o.Abstained)}))
	}
	if o.MeetingPresent > 0 {
		id := msgVoteMeetingValid
		if !o.MeetingValid {
			id = msgVoteMeetingInvalid
		}
		lines = append(lines, a.Tr(lang, id, map[string]any{"Count": flows.Count(lang, o.MeetingPresent), "Need": flows.Count(lang, o.MeetingQuorum)}))
	}
	return lines
}

// outcomeText says whether the vote passed, and with which option.
func (a *Area) outcomeText(lang string, v *danchu.Vote, o danchu.Outcome) string {
	switch {
	case o.Passed && v.Proposal:
		return a.Tr(lang, msgVoteOutcomeAdopted, map[string]any{"Count": flows.Count(lang, o.Counts[o.Winner]), "Total": flows.Count(lang, o.Households)})
	case o.Passed:
		return a.Tr(lang, msgVoteOutcomeChosen, map[string]any{"Value": v.Options[o.Winner],
			"Count": flows.Count(lang, o.Counts[o.Winner]), "Total": flows.Count(lang, o.Households)})
	case o.Winner >= 0:
		return a.Tr(lang, msgVoteOutcomeRejected, map[string]any{"Count": flows.Count(lang, o.Counts[o.Winner]), "Total": flows.Count(lang, o.Households)})
	}
	return a.Tr(lang, msgVoteOutcomeNone, map[string]any{"Need": flows.Count(lang, o.Need), "Total": flows.Count(lang, o.Households)})
}

// voteCard shows a vote: what, how, when, the live turnout, the household's
// ballot or the buttons to cast it, and the staff's actions.
func (a *Area) voteCard(ctx context.Context, t *flows.Turn, v *danchu.Vote, note string) (flows.Reply, error) {
	lang, now := t.Lang(), t.Now()
	o, err := a.outcomeOf(ctx, v)
	if err != nil {
		return flows.Reply{}, err
	}
	manage := danchu.MayManageVote(t.Actor(), v.Neighbourhood)
	how := msgVoteHowMeeting
	if v.Online() {
		how = msgVoteHowOnline
	}
	lines := []string{
		t.T(msgVoteCardTitle, map[string]any{"Number": v.ID, "Value": v.Question}),
		t.T(msgVoteCardMatter, map[string]any{"Value": t.T(matterMessages[v.Matter], nil), "Neighbourhood": v.Neighbourhood}),
		t.T(how, nil),
		t.T(msgVoteCardTime, map[string]any{"From": a.DateTime(v.OpensAt), "To": a.DateTime(v.ClosesAt)}),
	}
	for i, opt := range v.Options {
		lines = append(lines, "  "+strconv.Itoa(i+1)+". "+opt)
	}
	lines = append(lines, "", a.turnoutText(lang, v, o))
	if manage || v.ClosedAt != nil {
		lines = append(lines, a.countLines(lang, v, o)...)
	}
	if v.ClosedAt != nil {
		lines = append(lines, "", t.T(msgVoteClosedAt, map[string]any{"At": a.DateTime(*v.ClosedAt)}), a.outcomeText(lang, v, o))
	}

	var rows [][]flows.Button
	ballotLine, canVote, err := a.householdBallot(ctx, t, v)
	if err != nil {
		return flows.Reply{}, err
	}
	if ballotLine != "" {
		lines = append(lines, "", ballotLine)
	}
	if canVote && v.OpenAt(now) {
		for i, opt := range v.Options {
			rows = append(rows, []flows.Button{{Text: "☑️ " + flows.Clip(opt, 50), Data: flowVote + ":b:" + flows.Itoa(v.ID) + ":" + strconv.Itoa(i)}})
		}
	}
	if manage && v.OpenAt(now) {
		rows = append(rows, []flows.Button{
			{Text: t.T(msgVoteRecordMeeting, nil), Data: flowVote + ":rec:" + flows.Itoa(v.ID) + ":m:0"},
			{Text: t.T(msgVoteRecordPaper, nil), Data: flowVote + ":rec:" + flows.Itoa(v.ID) + ":p:0"},
		})
		rows = append(rows, []flows.Button{{Text: t.T(msgVoteCloseButton, nil), Data: flowVote + ":close:" + flows.Itoa(v.ID)}})
	}
	if v.ClosedAt != nil {
		rows = append(rows, []flows.Button{{Text: t.T(msgVoteRecordButton, nil), Data: flowVote + ":doc:" + flows.Itoa(v.ID)}})
	}
	rows = append(rows, []flows.Button{{Text: t.T(msgDanBack, nil), Data: flowVote + ":home"}})
	text := strings.Join(lines, "\n")
	if note != "" {
		text = note + "\n\n" + text
	}
	return flows.Reply{Text: flows.Clip(text, flows.MaxText), Buttons: rows, Edit: t.In.CallbackData != ""}, nil
}

// householdBallot says how the person's household stands in v, and whether
// they may vote online for it now.
func (a *Area) householdBallot(ctx context.Context, t *flows.Turn, v *danchu.Vote) (string, bool, error) {
	h, err := a.Households.HouseholdOf(ctx, t.Resident.ID)
	if flows.IsNotFound(err) {
		if t.Resident.Neighbourhood == v.Neighbourhood && v.Online() {
			return t.T(msgVoteNoHousehold, nil), false, nil
		}
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("flows: household: %w", err)
	}
	if h.Neighbourhood != v.Neighbourhood {
		return "", false, nil
	}
	b, err := a.Votes.BallotOf(ctx, v.ID, h.ID)
	if err == nil {
		return t.T(msgVoteHouseholdVoted, map[string]any{"Address": h.Address, "Value": a.optionName(t.Lang(), v, b.Option),
			"Kind": t.T(channelMessages[b.Channel], nil), "At": a.DateTime(b.At)}), false, nil
	}
	if !flows.IsNotFound(err) {
		return "", false, fmt.Errorf("flows: ballot: %w", err)
	}
	switch {
	case !v.Online():
		return t.T(msgVoteHouseholdOffline, map[string]any{"Address": h.Address}), false, nil
	case h.RepresentativeID != t.Resident.ID:
		return t.T(msgVoteNotRepresentative, map[string]any{"Address": h.Address}), false, nil
	}
	return t.T(msgVoteHouseholdNotYet, map[string]any{"Address": h.Address}), true, nil
}

// cast records the representative's ballot. Everything is checked again:
// the data may be old or forged, and the store checks once more in the
// ballot's transaction, where the UNIQUE key has the last word.
func (a *Area) castBallot(ctx context.Context, t *flows.Turn, rest string) ([]flows.Reply, error) {
	parts, ok := splitArgs(rest, 2)
	if !ok {
		return t.InvalidButton(), nil
	}
	v, err := a.loadVote(ctx, parts[0])
	if err != nil || v == nil {
		return t.InvalidButton(), err
	}
	option, ok := flows.IndexIn(parts[1], len(v.Options))
	if !ok {
		return t.InvalidButton(), nil
	}
	h, err := a.Households.HouseholdOf(ctx, t.Resident.ID)
	if flows.IsNotFound(err) {
		return []flows.Reply{t.Say(msgVoteNoHousehold, nil)}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: household: %w", err)
	}
	b := &danchu.Ballot{VoteID: v.ID, HouseholdID: h.ID, Option: option, Channel: danchu.ChannelOnline,
		ResidentID: t.Resident.ID, At: t.Now()}
	err = a.Votes.CastBallot(ctx, b)
	var note string
	switch danchu.ErrorCode(err) {
	case "":
		if err := a.audit(ctx, t.Resident.ID, "vote.ballot", "vote:"+flows.Itoa(v.ID), "household:"+flows.Itoa(h.ID)+" online"); err != nil {
			return nil, err
		}
		note = t.T(msgVoteCast, map[string]any{"Address": h.Address, "Value": v.Options[option]})
	case danchu.ECONFLICT:
		note = t.T(msgVoteAlreadyCounted, map[string]any{"Address": h.Address})
	case danchu.EFORBIDDEN:
		note = t.T(msgVoteNotRepresentative, map[string]any{"Address": h.Address})
		if !v.Online() {
			note = t.T(msgVoteHouseholdOffline, map[string]any{"Address": h.Address})
		}
	case danchu.EINVALID:
		note = t.T(msgVoteNotOpen, nil)
	default:
		return nil, fmt.Errorf("flows: cast ballot: %w", err)
	}
	if v, err = a.Votes.FindVote(ctx, v.ID); err != nil {
		return nil, fmt.Errorf("flows: find vote: %w", err)
	}
	card, err := a.voteCard(ctx, t, v, note)
	return []flows.Reply{card}, err
}

// voteButton routes the buttons of /bieu_quyet.
func (a *Area) voteButton(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	_, rest, _ := flows.SplitData(t.In.CallbackData)
	cmd, arg, _ := strings.Cut(rest, ":")
	switch cmd {
	case "home":
		t.Leave()
		r, err := a.voteHome(ctx, t)
		return []flows.Reply{r}, err
	case "decl":
		return a.declareStart(t), nil
	case "hh":
		parts, ok := splitArgs(arg, 2)
		page, okPage := 0, false
		if ok {
			page, okPage = flows.IndexIn(parts[1], 10000)
		}
		if !okPage {
			return t.InvalidButton(), nil
		}
		return a.householdList(ctx, t, parts[0], page)
	case "h":
		id, ok := flows.ParseID(arg)
		if !ok {
			return t.InvalidButton(), nil
		}
		return a.householdCard(ctx, t, id, "")
	case "rep":
		return a.confirmRepresentative(ctx, t, arg)
	case "v":
		v, err := a.loadVote(ctx, arg)
		if err != nil || v == nil {
			return t.InvalidButton(), err
		}
		r, err := a.voteCard(ctx, t, v, "")
		return []flows.Reply{r}, err
	case "b":
		return a.castBallot(ctx, t, arg)
	case "new", "m", "k", "nb", "o", "agree", "ok", "x":
		return a.newVoteButton(ctx, t, cmd, arg)
	case "rec", "rh", "ro", "ra":
		return a.recordButton(ctx, t, cmd, arg)
	case "close", "cl":
		return a.closeButton(ctx, t, cmd, arg)
	case "doc":
		return a.voteRecordDocument(ctx, t, arg)
	}
	return t.InvalidButton(), nil
}

// voteStep takes what is typed in /bieu_quyet.
func (a *Area) voteStep(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	text := flows.Tidy(t.In.Text)
	switch voteState(t.Session.State) {
	case voteAddress:
		return a.declareHousehold(ctx, t, text)
	case voteNewText, voteNewOptions, voteNewOpens, voteNewCloses:
		return a.newVoteStep(ctx, t, text)
	case voteRecAddress:
		return a.recordAddress(ctx, t, text)
	}
	t.Leave()
	return []flows.Reply{t.WithMenu(flows.MsgHintMenu, nil)}, nil
}
