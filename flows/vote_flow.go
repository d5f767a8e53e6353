package flows

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

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

func (e *Engine) voteStart(ctx context.Context, t *Turn) ([]Reply, error) {
	if arg, ok := strings.CutPrefix(strings.TrimSpace(t.In.Args), voteDeeplink); ok {
		if v, err := e.loadVote(ctx, arg); err != nil || v != nil {
			if err != nil {
				return nil, err
			}
			r, err := e.voteCard(ctx, t, v, "")
			return []Reply{r}, err
		}
	}
	r, err := e.voteHome(ctx, t)
	if err != nil {
		return nil, err
	}
	return []Reply{r}, nil
}

// voteNeighbourhoods are the neighbourhoods whose votes the person sees:
// their own, and those they lead; nil (all) for the chairman and officials.
func voteNeighbourhoods(t *Turn) []string {
	a := t.actor()
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
func (e *Engine) mayCreateVote(t *Turn) bool {
	for _, n := range e.Settings.Neighbourhoods {
		if danchu.MayManageVote(t.actor(), n.Name) {
			return true
		}
	}
	return false
}

// voteHome is the household's state and the recent votes.
func (e *Engine) voteHome(ctx context.Context, t *Turn) (Reply, error) {
	hhLine, h, err := e.householdLine(ctx, t)
	if err != nil {
		return Reply{}, err
	}
	lines := []string{t.T(msgVoteHomeTitle, nil), hhLine}
	var rows [][]Button
	label := msgHhDeclareButton
	if h != nil {
		label = msgHhMoveButton
	}
	rows = append(rows, []Button{{Text: t.T(label, nil), Data: flowVote + ":decl"}})

	nbs := voteNeighbourhoods(t)
	var list []*danchu.Vote
	if nbs == nil || len(nbs) > 0 {
		if list, err = e.Votes.ListVotes(ctx, nbs, votesShown); err != nil {
			return Reply{}, fmt.Errorf("flows: list votes: %w", err)
		}
	}
	if len(list) == 0 {
		lines = append(lines, "", t.T(msgVoteNone, nil))
	} else {
		lines = append(lines, "", t.T(msgVoteListTitle, nil))
	}
	now := t.Now()
	for i, v := range list {
		lines = append(lines, strconv.Itoa(i+1)+". "+clip(v.Question, 80)+" · "+v.Neighbourhood+" · "+e.voteStatus(t.Lang(), v, now))
		rows = append(rows, []Button{{Text: strconv.Itoa(i+1) + ". " + clip(v.Question, 40), Data: flowVote + ":v:" + itoa(v.ID)}})
	}
	if e.mayCreateVote(t) {
		rows = append(rows, []Button{{Text: t.T(msgVoteNewButton, nil), Data: flowVote + ":new"}})
	}
	for i, n := range e.Settings.Neighbourhoods {
		if slices.Contains(danchu.LedNeighbourhoods(t.Roles), n.Name) {
			rows = append(rows, []Button{{Text: t.T(msgHhListButton, map[string]any{"Neighbourhood": n.Name}),
				Data: flowVote + ":hh:" + strconv.Itoa(i) + ":0"}})
		}
	}
	return Reply{Text: strings.Join(lines, "\n"), Buttons: rows, Edit: t.In.CallbackData != ""}, nil
}

// voteStatus is "open until …", "opens at …" or the outcome, for lists.
func (e *Engine) voteStatus(lang string, v *danchu.Vote, now time.Time) string {
	switch {
	case v.ClosedAt != nil && v.Outcome != nil && v.Outcome.Passed:
		return e.tr(lang, msgVoteStatePassed, nil)
	case v.ClosedAt != nil:
		return e.tr(lang, msgVoteStateFailed, nil)
	case now.Before(v.OpensAt):
		return e.tr(lang, msgVoteStateSoon, map[string]any{"At": e.dateTime(v.OpensAt)})
	}
	return e.tr(lang, msgVoteStateOpen, map[string]any{"At": e.dateTime(v.ClosesAt)})
}

var matterMessages = map[danchu.Matter]msg{
	danchu.MatterContribution: msgMatterContribution,
	danchu.MatterFunds:        msgMatterFunds,
	danchu.MatterConvention:   msgMatterConvention,
	danchu.MatterHead:         msgMatterHead,
	danchu.MatterBoards:       msgMatterBoards,
	danchu.MatterOther:        msgMatterOther,
}

var channelMessages = map[danchu.Channel]msg{
	danchu.ChannelOnline:  msgChannelOnline,
	danchu.ChannelMeeting: msgChannelMeeting,
	danchu.ChannelPaper:   msgChannelPaper,
}

// optionName is an option's text, or "no choice" for Abstain.
func (e *Engine) optionName(lang string, v *danchu.Vote, option int) string {
	if option >= 0 && option < len(v.Options) {
		return v.Options[option]
	}
	return e.tr(lang, msgVoteAbstained, nil)
}

// loadVote reads a vote named by button data; nil when it is not a vote.
func (e *Engine) loadVote(ctx context.Context, arg string) (*danchu.Vote, error) {
	id, ok := parseID(arg)
	if !ok {
		return nil, nil
	}
	v, err := e.Votes.FindVote(ctx, id)
	if isNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: find vote: %w", err)
	}
	return v, nil
}

// outcomeOf is the count as it stands: stored at the close, live before.
func (e *Engine) outcomeOf(ctx context.Context, v *danchu.Vote) (danchu.Outcome, error) {
	if v.Outcome != nil {
		return *v.Outcome, nil
	}
	ballots, err := e.Votes.Ballots(ctx, v.ID)
	if err != nil {
		return danchu.Outcome{}, fmt.Errorf("flows: ballots: %w", err)
	}
	return e.Settings.Votes.Decide(v, ballots), nil
}

// turnoutText is the live attendance against the threshold.
func (e *Engine) turnoutText(lang string, v *danchu.Vote, o danchu.Outcome) string {
	data := map[string]any{"Count": count(lang, o.Turnout), "Total": count(lang, o.Households),
		"Value": percent(lang, o.Turnout, o.Households), "Need": count(lang, o.Need),
		"Percent": strconv.FormatFloat(e.Settings.Votes.PassPercent, 'f', -1, 64) + "%"}
	return e.tr(lang, msgVoteTurnout, data)
}

// countLines are the ballots by option, and the meeting's attendance.
func (e *Engine) countLines(lang string, v *danchu.Vote, o danchu.Outcome) []string {
	var lines []string
	for i, n := range o.Counts {
		lines = append(lines, e.tr(lang, msgVoteCountLine, map[string]any{"Number": i + 1, "Value": v.Options[i],
			"Count": count(lang, n), "Percent": percent(lang, n, o.Households)}))
	}
	if o.Abstained > 0 {
		lines = append(lines, e.tr(lang, msgVoteAbstainLine, map[string]any{"Count": count(lang, o.Abstained)}))
	}
	if o.MeetingPresent > 0 {
		id := msgVoteMeetingValid
		if !o.MeetingValid {
			id = msgVoteMeetingInvalid
		}
		lines = append(lines, e.tr(lang, id, map[string]any{"Count": count(lang, o.MeetingPresent), "Need": count(lang, o.MeetingQuorum)}))
	}
	return lines
}

// outcomeText says whether the vote passed, and with which option.
func (e *Engine) outcomeText(lang string, v *danchu.Vote, o danchu.Outcome) string {
	switch {
	case o.Passed && v.Proposal:
		return e.tr(lang, msgVoteOutcomeAdopted, map[string]any{"Count": count(lang, o.Counts[o.Winner]), "Total": count(lang, o.Households)})
	case o.Passed:
		return e.tr(lang, msgVoteOutcomeChosen, map[string]any{"Value": v.Options[o.Winner],
			"Count": count(lang, o.Counts[o.Winner]), "Total": count(lang, o.Households)})
	case o.Winner >= 0:
		return e.tr(lang, msgVoteOutcomeRejected, map[string]any{"Count": count(lang, o.Counts[o.Winner]), "Total": count(lang, o.Households)})
	}
	return e.tr(lang, msgVoteOutcomeNone, map[string]any{"Need": count(lang, o.Need), "Total": count(lang, o.Households)})
}

// voteCard shows a vote: what, how, when, the live turnout, the household's
// ballot or the buttons to cast it, and the staff's actions.
func (e *Engine) voteCard(ctx context.Context, t *Turn, v *danchu.Vote, note string) (Reply, error) {
	lang, now := t.Lang(), t.Now()
	o, err := e.outcomeOf(ctx, v)
	if err != nil {
		return Reply{}, err
	}
	manage := danchu.MayManageVote(t.actor(), v.Neighbourhood)
	how := msgVoteHowMeeting
	if v.Online() {
		how = msgVoteHowOnline
	}
	lines := []string{
		t.T(msgVoteCardTitle, map[string]any{"Number": v.ID, "Value": v.Question}),
		t.T(msgVoteCardMatter, map[string]any{"Value": t.T(matterMessages[v.Matter], nil), "Neighbourhood": v.Neighbourhood}),
		t.T(how, nil),
		t.T(msgVoteCardTime, map[string]any{"From": e.dateTime(v.OpensAt), "To": e.dateTime(v.ClosesAt)}),
	}
	for i, opt := range v.Options {
		lines = append(lines, "  "+strconv.Itoa(i+1)+". "+opt)
	}
	lines = append(lines, "", e.turnoutText(lang, v, o))
	if manage || v.ClosedAt != nil {
		lines = append(lines, e.countLines(lang, v, o)...)
	}
	if v.ClosedAt != nil {
		lines = append(lines, "", t.T(msgVoteClosedAt, map[string]any{"At": e.dateTime(*v.ClosedAt)}), e.outcomeText(lang, v, o))
	}

	var rows [][]Button
	ballotLine, canVote, err := e.householdBallot(ctx, t, v)
	if err != nil {
		return Reply{}, err
	}
	if ballotLine != "" {
		lines = append(lines, "", ballotLine)
	}
	if canVote && v.OpenAt(now) {
		for i, opt := range v.Options {
			rows = append(rows, []Button{{Text: "☑️ " + clip(opt, 50), Data: flowVote + ":b:" + itoa(v.ID) + ":" + strconv.Itoa(i)}})
		}
	}
	if manage && v.OpenAt(now) {
		rows = append(rows, []Button{
			{Text: t.T(msgVoteRecordMeeting, nil), Data: flowVote + ":rec:" + itoa(v.ID) + ":m:0"},
			{Text: t.T(msgVoteRecordPaper, nil), Data: flowVote + ":rec:" + itoa(v.ID) + ":p:0"},
		})
		rows = append(rows, []Button{{Text: t.T(msgVoteCloseButton, nil), Data: flowVote + ":close:" + itoa(v.ID)}})
	}
	if v.ClosedAt != nil {
		rows = append(rows, []Button{{Text: t.T(msgVoteRecordButton, nil), Data: flowVote + ":doc:" + itoa(v.ID)}})
	}
	rows = append(rows, []Button{{Text: t.T(msgDanBack, nil), Data: flowVote + ":home"}})
	text := strings.Join(lines, "\n")
	if note != "" {
		text = note + "\n\n" + text
	}
	return Reply{Text: clip(text, maxText), Buttons: rows, Edit: t.In.CallbackData != ""}, nil
}

// householdBallot says how the person's household stands in v, and whether
// they may vote online for it now.
func (e *Engine) householdBallot(ctx context.Context, t *Turn, v *danchu.Vote) (string, bool, error) {
	h, err := e.Households.HouseholdOf(ctx, t.Resident.ID)
	if isNotFound(err) {
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
	b, err := e.Votes.BallotOf(ctx, v.ID, h.ID)
	if err == nil {
		return t.T(msgVoteHouseholdVoted, map[string]any{"Address": h.Address, "Value": e.optionName(t.Lang(), v, b.Option),
			"Kind": t.T(channelMessages[b.Channel], nil), "At": e.dateTime(b.At)}), false, nil
	}
	if !isNotFound(err) {
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
func (e *Engine) castBallot(ctx context.Context, t *Turn, rest string) ([]Reply, error) {
	parts, ok := splitArgs(rest, 2)
	if !ok {
		return e.invalidButton(t), nil
	}
	v, err := e.loadVote(ctx, parts[0])
	if err != nil || v == nil {
		return e.invalidButton(t), err
	}
	option, ok := indexIn(parts[1], len(v.Options))
	if !ok {
		return e.invalidButton(t), nil
	}
	h, err := e.Households.HouseholdOf(ctx, t.Resident.ID)
	if isNotFound(err) {
		return []Reply{t.Say(msgVoteNoHousehold, nil)}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: household: %w", err)
	}
	b := &danchu.Ballot{VoteID: v.ID, HouseholdID: h.ID, Option: option, Channel: danchu.ChannelOnline,
		ResidentID: t.Resident.ID, At: t.Now()}
	err = e.Votes.CastBallot(ctx, b)
	var note string
	switch danchu.ErrorCode(err) {
	case "":
		if err := e.audit(ctx, t.Resident.ID, "vote.ballot", "vote:"+itoa(v.ID), "household:"+itoa(h.ID)+" online"); err != nil {
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
	if v, err = e.Votes.FindVote(ctx, v.ID); err != nil {
		return nil, fmt.Errorf("flows: find vote: %w", err)
	}
	card, err := e.voteCard(ctx, t, v, note)
	return []Reply{card}, err
}

// voteButton routes the buttons of /bieu_quyet.
func (e *Engine) voteButton(ctx context.Context, t *Turn) ([]Reply, error) {
	_, rest, _ := splitData(t.In.CallbackData)
	cmd, arg, _ := strings.Cut(rest, ":")
	switch cmd {
	case "home":
		t.Leave()
		r, err := e.voteHome(ctx, t)
		return []Reply{r}, err
	case "decl":
		return e.declareStart(t), nil
	case "hh":
		parts, ok := splitArgs(arg, 2)
		page, okPage := 0, false
		if ok {
			page, okPage = indexIn(parts[1], 10000)
		}
		if !okPage {
			return e.invalidButton(t), nil
		}
		return e.householdList(ctx, t, parts[0], page)
	case "h":
		id, ok := parseID(arg)
		if !ok {
			return e.invalidButton(t), nil
		}
		return e.householdCard(ctx, t, id, "")
	case "rep":
		return e.confirmRepresentative(ctx, t, arg)
	case "v":
		v, err := e.loadVote(ctx, arg)
		if err != nil || v == nil {
			return e.invalidButton(t), err
		}
		r, err := e.voteCard(ctx, t, v, "")
		return []Reply{r}, err
	case "b":
		return e.castBallot(ctx, t, arg)
	case "new", "m", "k", "nb", "o", "agree", "ok", "x":
		return e.newVoteButton(ctx, t, cmd, arg)
	case "rec", "rh", "ro", "ra":
		return e.recordButton(ctx, t, cmd, arg)
	case "close", "cl":
		return e.closeButton(ctx, t, cmd, arg)
	case "doc":
		return e.voteRecordDocument(ctx, t, arg)
	}
	return e.invalidButton(t), nil
}

// voteStep takes what is typed in /bieu_quyet.
func (e *Engine) voteStep(ctx context.Context, t *Turn) ([]Reply, error) {
	text := tidy(t.In.Text)
	switch voteState(t.Session.State) {
	case voteAddress:
		return e.declareHousehold(ctx, t, text)
	case voteNewText, voteNewOptions, voteNewOpens, voteNewCloses:
		return e.newVoteStep(ctx, t, text)
	case voteRecAddress:
		return e.recordAddress(ctx, t, text)
	}
	t.Leave()
	return []Reply{t.WithMenu(msgHintMenu, nil)}, nil
}
