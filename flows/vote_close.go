package flows

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"danchu"
)

// The timed side of votes: the opening is announced to the neighbourhood,
// and at the close the outcome goes to it with the record (biên bản). The
// scheduler (or RunDanBan) calls OpenDueVotes and CloseDueVotes; a staff
// member may also close a vote early from its card.

// OpenDueVotes announces the votes that are open at now and were not
// announced, to every resident of their neighbourhood.
func (e *Engine) OpenDueVotes(ctx context.Context, now time.Time) error {
	due, err := e.Votes.VotesToAnnounce(ctx, now)
	if err != nil {
		return fmt.Errorf("flows: votes to announce: %w", err)
	}
	var errs []error
	for _, v := range due {
		errs = append(errs, e.announceVote(ctx, v, now))
	}
	return errors.Join(errs...)
}

// announceVote writes the announcement, then marks it; a crash between the
// two writes it again, and the dedup keys drop the repeat.
func (e *Engine) announceVote(ctx context.Context, v *danchu.Vote, now time.Time) error {
	msgs, err := e.toAudience(ctx, danchu.Audience{Neighbourhoods: []string{v.Neighbourhood}}, "vote.open", "vote:"+itoa(v.ID)+":open",
		func(lang string) string {
			how := msgVoteAnnounceMeeting
			if v.Online() {
				how = msgVoteAnnounceOnline
			}
			return e.tr(lang, msgVoteAnnounce, map[string]any{"Number": v.ID, "Value": v.Question, "Neighbourhood": v.Neighbourhood,
				"From": e.dateTime(v.OpensAt), "To": e.dateTime(v.ClosesAt)}) + "\n\n" + e.tr(lang, how, nil)
		},
		func(lang string) [][]danchu.OutboxButton {
			return [][]danchu.OutboxButton{{{Text: e.tr(lang, msgVoteOpenButton, nil), Data: flowVote + ":v:" + itoa(v.ID)}}}
		})
	if err != nil {
		return err
	}
	if err := e.sendAll(ctx, msgs); err != nil {
		return err
	}
	if _, err := e.Votes.MarkVoteAnnounced(ctx, v.ID, now); err != nil {
		return fmt.Errorf("flows: mark vote %d announced: %w", v.ID, err)
	}
	return nil
}

// CloseDueVotes closes the votes whose closing time has come, at that time,
// and sends each outcome to its neighbourhood; it also finishes a close that
// was interrupted before the outcome went out.
func (e *Engine) CloseDueVotes(ctx context.Context, now time.Time) error {
	due, err := e.Votes.VotesToClose(ctx, now)
	if err != nil {
		return fmt.Errorf("flows: votes to close: %w", err)
	}
	var errs []error
	for _, v := range due {
		at := v.ClosesAt
		if v.ClosedAt != nil {
			at = *v.ClosedAt
		}
		_, err := e.finishVote(ctx, v, at, 0)
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// finishVote closes v at at (unless it is closed already) with the outcome
// of its final ballots, and reports it to the neighbourhood and the
// creator, once.
func (e *Engine) finishVote(ctx context.Context, v *danchu.Vote, at time.Time, by int64) (*danchu.Vote, error) {
	closed, did, err := e.Votes.CloseVote(ctx, v.ID, at, by, e.Settings.Votes.Decide)
	if err != nil {
		return nil, fmt.Errorf("flows: close vote %d: %w", v.ID, err)
	}
	if did {
		if err := e.audit(ctx, by, "vote.close", "vote:"+itoa(v.ID), ""); err != nil {
			return nil, err
		}
	}
	if closed.ReportedAt != nil || closed.Outcome == nil {
		return closed, nil
	}
	o := *closed.Outcome
	key := "vote:" + itoa(v.ID) + ":result"
	text := func(lang string) string {
		lines := []string{e.tr(lang, msgVoteResultTitle, map[string]any{"Number": closed.ID, "Value": closed.Question, "Neighbourhood": closed.Neighbourhood}),
			e.outcomeText(lang, closed, o), "", e.turnoutText(lang, closed, o)}
		return strings.Join(append(lines, e.countLines(lang, closed, o)...), "\n")
	}
	buttons := func(lang string) [][]danchu.OutboxButton {
		return [][]danchu.OutboxButton{{{Text: e.tr(lang, msgVoteRecordButton, nil), Data: flowVote + ":doc:" + itoa(closed.ID)}}}
	}
	msgs, err := e.toAudience(ctx, danchu.Audience{Neighbourhoods: []string{closed.Neighbourhood}}, "vote.result", key, text, buttons)
	if err != nil {
		return nil, err
	}
	if err := e.sendAll(ctx, msgs); err != nil {
		return nil, err
	}
	// The creator and whoever closed it get it too, wherever they live.
	var staff []notice
	for _, id := range []int64{closed.CreatedBy, by} {
		staff = append(staff, notice{to: id, kind: "vote.result", priority: danchu.PriorityPersonal, dedup: key + ":" + itoa(id),
			text: text, buttons: buttons})
	}
	if err := e.enqueue(ctx, staff...); err != nil {
		return nil, err
	}
	if _, err := e.Votes.MarkVoteReported(ctx, closed.ID, e.now()); err != nil {
		return nil, fmt.Errorf("flows: mark vote %d reported: %w", closed.ID, err)
	}
	return closed, nil
}

// closeButton asks to confirm an early close, then closes.
func (e *Engine) closeButton(ctx context.Context, t *Turn, cmd, arg string) ([]Reply, error) {
	v, err := e.loadVote(ctx, arg)
	if err != nil || v == nil || !danchu.MayManageVote(t.actor(), v.Neighbourhood) {
		return e.invalidButton(t), err
	}
	if v.ClosedAt != nil {
		r, err := e.voteCard(ctx, t, v, "")
		return []Reply{r}, err
	}
	if cmd == "close" {
		return []Reply{{Text: t.T(msgVoteCloseConfirm, map[string]any{"Number": v.ID, "At": e.dateTime(v.ClosesAt)}), Edit: true,
			Buttons: [][]Button{
				{{Text: t.T(msgVoteCloseYes, nil), Data: flowVote + ":cl:" + itoa(v.ID)}},
				{{Text: t.T(msgDanBack, nil), Data: flowVote + ":v:" + itoa(v.ID)}},
			}}}, nil
	}
	closed, err := e.finishVote(ctx, v, t.Now(), t.Resident.ID)
	if err != nil {
		return nil, err
	}
	r, err := e.voteCard(ctx, t, closed, "")
	return []Reply{r}, err
}

// voteRecordDocument sends the record of a closed vote as a file.
func (e *Engine) voteRecordDocument(ctx context.Context, t *Turn, arg string) ([]Reply, error) {
	v, err := e.loadVote(ctx, arg)
	if err != nil || v == nil {
		return e.invalidButton(t), err
	}
	if v.ClosedAt == nil || v.Outcome == nil {
		return []Reply{t.Say(msgVoteRecordNotYet, nil)}, nil
	}
	text, err := e.voteRecord(ctx, v)
	if err != nil {
		return nil, err
	}
	return []Reply{{Text: t.T(msgVoteRecordCaption, map[string]any{"Number": v.ID}),
		Document: &Attachment{FileName: "bien-ban-bieu-quyet-" + itoa(v.ID) + ".txt", Data: []byte(text)}}}, nil
}

// voteRecord is the biên bản of a closed vote, in Vietnamese, the language
// of the unit's records: what was decided, how, the count against the
// threshold, the outcome, and the households that took part (not their
// choices: a household's ballot is its own).
func (e *Engine) voteRecord(ctx context.Context, v *danchu.Vote) (string, error) {
	ballots, err := e.Votes.Ballots(ctx, v.ID)
	if err != nil {
		return "", fmt.Errorf("flows: ballots: %w", err)
	}
	households, err := e.Households.ListHouseholds(ctx, v.Neighbourhood)
	if err != nil {
		return "", fmt.Errorf("flows: households: %w", err)
	}
	address := map[int64]string{}
	for _, h := range households {
		address[h.ID] = h.Address
	}
	const lang = LangVI
	o := *v.Outcome
	tr := func(id msg, data map[string]any) string { return e.tr(lang, id, data) }
	how := msgVoteHowMeeting
	if v.Online() {
		how = msgVoteHowOnline
	}
	closedAt := *v.ClosedAt
	lines := []string{
		tr(msgRecHeader, nil), "",
		tr(msgRecTitle, map[string]any{"Number": v.ID, "Date": e.date(closedAt)}), "",
		tr(msgRecUnit, map[string]any{"Neighbourhood": v.Neighbourhood}),
		tr(msgRecQuestion, map[string]any{"Value": v.Question}),
		tr(msgRecMatter, map[string]any{"Value": tr(matterMessages[v.Matter], nil)}),
		tr(how, nil),
		tr(msgRecTime, map[string]any{"From": e.dateTime(v.OpensAt), "To": e.dateTime(v.ClosesAt), "At": e.dateTime(closedAt)}),
	}
	if v.AgreedAt != nil {
		lines = append(lines, tr(msgRecAgreed, map[string]any{"At": e.dateTime(*v.AgreedAt)}))
	}
	lines = append(lines, "",
		tr(msgRecHouseholds, map[string]any{"Total": count(lang, o.Households)}),
		tr(msgRecTurnout, map[string]any{"Count": count(lang, o.Turnout), "Value": percent(lang, o.Turnout, o.Households),
			"Online": o.ByChannel[danchu.ChannelOnline], "Meeting": o.ByChannel[danchu.ChannelMeeting], "Paper": o.ByChannel[danchu.ChannelPaper]}),
		tr(msgRecThreshold, map[string]any{"Percent": strconv.FormatFloat(e.Settings.Votes.PassPercent, 'f', -1, 64) + "%", "Need": count(lang, o.Need)}),
		"")
	lines = append(lines, e.countLines(lang, v, o)...)
	lines = append(lines, "", e.outcomeText(lang, v, o), "", tr(msgRecParticipants, nil))
	for i, b := range ballots {
		name := address[b.HouseholdID]
		if name == "" {
			name = "#" + itoa(b.HouseholdID)
		}
		lines = append(lines, fmt.Sprintf("%d. %s · %s · %s", i+1, name, tr(channelMessages[b.Channel], nil), e.dateTime(b.At)))
	}
	due := e.calendar().AddWorkingDays(closedAt, e.Settings.Votes.ResultWithinWorkingDays)
	lines = append(lines, "", tr(msgRecFooter, map[string]any{"At": e.dateTime(closedAt), "Due": e.date(due),
		"Days": e.Settings.Votes.ResultWithinWorkingDays}))
	return strings.Join(lines, "\n") + "\n", nil
}
