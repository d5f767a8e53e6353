package danban

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"danchu/flows"

	"danchu"
)

// The timed side of votes: the opening is announced to the neighbourhood,
// and at the close the outcome goes to it with the record (biên bản). The
// scheduler (or RunDanBan) calls OpenDueVotes and CloseDueVotes; a staff
// member may also close a vote early from its card.

// OpenDueVotes announces the votes that are open at now and were not
// announced, to every resident of their neighbourhood.
func (a *Area) OpenDueVotes(ctx context.Context, now time.Time) error {
	due, err := a.Votes.VotesToAnnounce(ctx, now)
	if err != nil {
		return fmt.Errorf("flows: votes to announce: %w", err)
	}
	var errs []error
	for _, v := range due {
		errs = append(errs, a.announceVote(ctx, v, now))
	}
	return errors.Join(errs...)
}

// announceVote writes the announcement, then marks it; a crash between the
// two writes it again, and the dedup keys drop the repeat.
func (a *Area) announceVote(ctx context.Context, v *danchu.Vote, now time.Time) error {
	msgs, err := a.ToAudience(ctx, danchu.Audience{Neighbourhoods: []string{v.Neighbourhood}}, "vote.open", "vote:"+flows.Itoa(v.ID)+":open",
		func(lang string) string {
			how := msgVoteAnnounceMeeting
			if v.Online() {
				how = msgVoteAnnounceOnline
			}
			return a.Tr(lang, msgVoteAnnounce, map[string]any{"Number": v.ID, "Value": v.Question, "Neighbourhood": v.Neighbourhood,
				"From": a.DateTime(v.OpensAt), "To": a.DateTime(v.ClosesAt)}) + "\n\n" + a.Tr(lang, how, nil)
		},
		func(lang string) [][]danchu.OutboxButton {
			return [][]danchu.OutboxButton{{{Text: a.Tr(lang, msgVoteOpenButton, nil), Data: flowVote + ":v:" + flows.Itoa(v.ID)}}}
		})
	if err != nil {
		return err
	}
	if err := a.SendAll(ctx, msgs); err != nil {
		return err
	}
	if _, err := a.Votes.MarkVoteAnnounced(ctx, v.ID, now); err != nil {
		return fmt.Errorf("flows: mark vote %d announced: %w", v.ID, err)
	}
	return nil
}

// CloseDueVotes closes the votes whose closing time has come, at that time,
// and sends each outcome to its neighbourhood; it also finishes a close that
// was interrupted before the outcome went out.
func (a *Area) CloseDueVotes(ctx context.Context, now time.Time) error {
	due, err := a.Votes.VotesToClose(ctx, now)
	if err != nil {
		return fmt.Errorf("flows: votes to close: %w", err)
	}
	var errs []error
	for _, v := range due {
		at := v.ClosesAt
		if v.ClosedAt != nil {
			at = *v.ClosedAt
		}
		_, err := a.finishVote(ctx, v, at, 0)
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// finishVote closes v at at (unless it is closed already) with the outcome
// of its final ballots, and reports it to the neighbourhood and the
// creator, once.
func (a *Area) finishVote(ctx context.Context, v *danchu.Vote, at time.Time, by int64) (*danchu.Vote, error) {
	closed, did, err := a.Votes.CloseVote(ctx, v.ID, at, by, a.Settings.Votes.Decide)
	if err != nil {
		return nil, fmt.Errorf("flows: close vote %d: %w", v.ID, err)
	}
	if did {
		if err := a.audit(ctx, by, "vote.close", "vote:"+flows.Itoa(v.ID), ""); err != nil {
			return nil, err
		}
	}
	if closed.ReportedAt != nil || closed.Outcome == nil {
		return closed, nil
	}
	o := *closed.Outcome
	key := "vote:" + flows.Itoa(v.ID) + ":result"
	text := func(lang string) string {
		lines := []string{a.Tr(lang, msgVoteResultTitle, map[string]any{"Number": closed.ID, "Value": closed.Question, "Neighbourhood": closed.Neighbourhood}),
			a.outcomeText(lang, closed, o), "", a.turnoutText(lang, closed, o)}
		return strings.Join(append(lines, a.countLines(lang, closed, o)...), "\n")
	}
	buttons := func(lang string) [][]danchu.OutboxButton {
		return [][]danchu.OutboxButton{{{Text: a.Tr(lang, msgVoteRecordButton, nil), Data: flowVote + ":doc:" + flows.Itoa(closed.ID)}}}
	}
	msgs, err := a.ToAudience(ctx, danchu.Audience{Neighbourhoods: []string{closed.Neighbourhood}}, "vote.result", key, text, buttons)
	if err != nil {
		return nil, err
	}
	if err := a.SendAll(ctx, msgs); err != nil {
		return nil, err
	}
	// The creator and whoever closed it get it too, wherever they live.
	var staff []flows.Message
	for _, id := range []int64{closed.CreatedBy, by} {
		staff = append(staff, flows.Message{To: id, Kind: "vote.result", Priority: danchu.PriorityPersonal, Dedup: key + ":" + flows.Itoa(id),
			Text: text, Buttons: buttons})
	}
	if err := a.Enqueue(ctx, staff...); err != nil {
		return nil, err
	}
	if _, err := a.Votes.MarkVoteReported(ctx, closed.ID, a.Now()); err != nil {
		return nil, fmt.Errorf("flows: mark vote %d reported: %w", closed.ID, err)
	}
	return closed, nil
}

// closeButton asks to confirm an early close, then closes.
func (a *Area) closeButton(ctx context.Context, t *flows.Turn, cmd, arg string) ([]flows.Reply, error) {
	v, err := a.loadVote(ctx, arg)
	if err != nil || v == nil || !danchu.MayManageVote(t.Actor(), v.Neighbourhood) {
		return t.InvalidButton(), err
	}
	if v.ClosedAt != nil {
		r, err := a.voteCard(ctx, t, v, "")
		return []flows.Reply{r}, err
	}
	if cmd == "close" {
		return []flows.Reply{{Text: t.T(msgVoteCloseConfirm, map[string]any{"Number": v.ID, "At": a.DateTime(v.ClosesAt)}), Edit: true,
			Buttons: [][]flows.Button{
				{{Text: t.T(msgVoteCloseYes, nil), Data: flowVote + ":cl:" + flows.Itoa(v.ID)}},
				{{Text: t.T(msgDanBack, nil), Data: flowVote + ":v:" + flows.Itoa(v.ID)}},
			}}}, nil
	}
	closed, err := a.finishVote(ctx, v, t.Now(), t.Resident.ID)
	if err != nil {
		return nil, err
	}
	r, err := a.voteCard(ctx, t, closed, "")
	return []flows.Reply{r}, err
}

// voteRecordDocument sends the record of a closed vote as a file.
func (a *Area) voteRecordDocument(ctx context.Context, t *flows.Turn, arg string) ([]flows.Reply, error) {
	v, err := a.loadVote(ctx, arg)
	if err != nil || v == nil {
		return t.InvalidButton(), err
	}
	if v.ClosedAt == nil || v.Outcome == nil {
		return []flows.Reply{t.Say(msgVoteRecordNotYet, nil)}, nil
	}
	text, err := a.voteRecord(ctx, v)
	if err != nil {
		return nil, err
	}
	return []flows.Reply{{Text: t.T(msgVoteRecordCaption, map[string]any{"Number": v.ID}),
		Document: &flows.Attachment{FileName: "bien-ban-bieu-quyet-" + flows.Itoa(v.ID) + ".txt", Data: []byte(text)}}}, nil
}

// voteRecord is the biên bản of a closed vote, in Vietnamese, the language
// of the unit's records: what was decided, how, the count against the
// threshold, the outcome, and the households that took part (not their
// choices: a household's ballot is its own).
func (a *Area) voteRecord(ctx context.Context, v *danchu.Vote) (string, error) {
	ballots, err := a.Votes.Ballots(ctx, v.ID)
	if err != nil {
		return "", fmt.Errorf("flows: ballots: %w", err)
	}
	households, err := a.Households.ListHouseholds(ctx, v.Neighbourhood)
	if err != nil {
		return "", fmt.Errorf("flows: households: %w", err)
	}
	address := map[int64]string{}
	for _, h := range households {
		address[h.ID] = h.Address
	}
	const lang = flows.LangVI
	o := *v.Outcome
	tr := func(id flows.Msg, data map[string]any) string { return a.Tr(lang, id, data) }
	how := msgVoteHowMeeting
	if v.Online() {
		how = msgVoteHowOnline
	}
	closedAt := *v.ClosedAt
	lines := []string{
		tr(msgRecHeader, nil), "",
		tr(msgRecTitle, map[string]any{"Number": v.ID, "Date": a.Date(closedAt)}), "",
		tr(msgRecUnit, map[string]any{"Neighbourhood": v.Neighbourhood}),
		tr(msgRecQuestion, map[string]any{"Value": v.Question}),
		tr(msgRecMatter, map[string]any{"Value": tr(matterMessages[v.Matter], nil)}),
		tr(how, nil),
		tr(msgRecTime, map[string]any{"From": a.DateTime(v.OpensAt), "To": a.DateTime(v.ClosesAt), "At": a.DateTime(closedAt)}),
	}
	if v.AgreedAt != nil {
		lines = append(lines, tr(msgRecAgreed, map[string]any{"At": a.DateTime(*v.AgreedAt)}))
	}
	lines = append(lines, "",
		tr(msgRecHouseholds, map[string]any{"Total": flows.Count(lang, o.Households)}),
		tr(msgRecTurnout, map[string]any{"Count": flows.Count(lang, o.Turnout), "Value": flows.Percent(lang, o.Turnout, o.Households),
			"Online": o.ByChannel[danchu.ChannelOnline], "Meeting": o.ByChannel[danchu.ChannelMeeting], "Paper": o.ByChannel[danchu.ChannelPaper]}),
		tr(msgRecThreshold, map[string]any{"Percent": strconv.FormatFloat(a.Settings.Votes.PassPercent, 'f', -1, 64) + "%", "Need": flows.Count(lang, o.Need)}),
		"")
	lines = append(lines, a.countLines(lang, v, o)...)
	lines = append(lines, "", a.outcomeText(lang, v, o), "", tr(msgRecParticipants, nil))
	for i, b := range ballots {
		name := address[b.HouseholdID]
		if name == "" {
			name = "#" + flows.Itoa(b.HouseholdID)
		}
		lines = append(lines, fmt.Sprintf("%d. %s · %s · %s", i+1, name, tr(channelMessages[b.Channel], nil), a.DateTime(b.At)))
	}
	due := a.Calendar().AddWorkingDays(closedAt, a.Settings.Votes.ResultWithinWorkingDays)
	lines = append(lines, "", tr(msgRecFooter, map[string]any{"At": a.DateTime(closedAt), "Due": a.Date(due),
		"Days": a.Settings.Votes.ResultWithinWorkingDays}))
	return strings.Join(lines, "\n") + "\n", nil
}
