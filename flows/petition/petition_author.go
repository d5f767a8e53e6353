package petition

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"danchu/flows"

	"danchu"
)

// mineButton handles "my:..." buttons: paging, cards, withdrawal, reopening
// and rating. Every one names a petition that is checked to be the person's
// own, and the action is asked of Can (and Rules.Apply) again.
//
//	my:l:<page>        a page of the list (edits)
//	my:o:<id>          the card (edits the list)
//	my:v:<id>          the card as a new message (from a notice)
//	my:f:<id>          the petition's attachments (petition_files.go)
//	my:af:<id>:<ev>    the files of the answer ev (petition_files.go)
//	my:w:<id>          asks to confirm the withdrawal
//	my:wy:<id>:<ver>   withdraws, if nothing changed since the question
//	my:r:<id>          asks what is still wrong, to reopen
//	my:s:<id>:<score>  a rating from 1 to 5; the comment is asked next
//	my:sk:<id>         rates without a comment
func (a *Area) mineButton(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	_, rest, _ := flows.SplitData(t.In.CallbackData)
	parts := strings.Split(rest, ":")
	if parts[0] == "l" && len(parts) == 2 {
		page, ok := flows.IndexIn(parts[1], 10000)
		if !ok {
			return t.InvalidButton(), nil
		}
		t.Leave()
		r, err := a.mineList(ctx, t, page)
		if r.Keyboard == nil {
			r.Edit = true
		}
		return []flows.Reply{r}, err
	}
	if len(parts) < 2 || len(parts) > 3 {
		return t.InvalidButton(), nil
	}
	id, ok := flows.ParseID(parts[1])
	if !ok {
		return t.InvalidButton(), nil
	}
	p, err := a.ownPetition(ctx, t, id)
	if err != nil {
		return nil, err
	}
	if p == nil {
		t.Leave()
		return []flows.Reply{t.WithMenu(msgPetitionNotFound, nil)}, nil
	}
	arg := ""
	if len(parts) == 3 {
		arg = parts[2]
	}
	switch {
	case parts[0] == "o" && arg == "":
		t.Leave()
		card, err := a.mineCard(ctx, t, p, "")
		return []flows.Reply{a.Edit(card)}, err
	case parts[0] == "v" && arg == "":
		t.Leave()
		card, err := a.mineCard(ctx, t, p, "")
		return []flows.Reply{card}, err
	case parts[0] == "f" && arg == "":
		return a.filesReplies(t, msgFilesTitle, p.Number, p.Attachments), nil
	case parts[0] == "af":
		return a.answerFiles(ctx, t, p, arg)
	case parts[0] == "w" && arg == "":
		return a.withdrawAsk(ctx, t, p)
	case parts[0] == "wy":
		return a.withdraw(ctx, t, p, arg)
	case parts[0] == "r" && arg == "":
		return a.reopenAsk(ctx, t, p)
	case parts[0] == "s":
		return a.rateAsk(ctx, t, p, arg)
	case parts[0] == "sk" && arg == "":
		if t.Session.Flow != flowMine || mineState(t.Session.State) != mineComment || t.Get(keyPetition) != flows.Itoa(p.ID) {
			return t.InvalidButton(), nil
		}
		return a.rate(ctx, t, "")
	}
	return t.InvalidButton(), nil
}

func (a *Area) withdrawAsk(ctx context.Context, t *flows.Turn, p *danchu.Petition) ([]flows.Reply, error) {
	t.Leave()
	if !danchu.Can(t.Actor(), danchu.ActionWithdraw, p) {
		return a.mineCardWith(ctx, t, p, t.T(msgNotNow, nil), false)
	}
	return []flows.Reply{{Edit: true, Text: t.T(msgWithdrawAsk, map[string]any{"Number": p.Number}), Buttons: [][]flows.Button{
		{{Text: t.T(msgWithdrawYes, nil), Data: "my:wy:" + flows.Itoa(p.ID) + ":" + strconv.Itoa(p.Version)}},
		{{Text: t.T(msgWithdrawNo, nil), Data: "my:o:" + flows.Itoa(p.ID)}},
	}}}, nil
}

// withdraw acts on the confirmation, if the petition is as it was asked.
func (a *Area) withdraw(ctx context.Context, t *flows.Turn, p *danchu.Petition, version string) ([]flows.Reply, error) {
	t.Leave()
	if version != strconv.Itoa(p.Version) {
		return a.mineCardWith(ctx, t, p, t.T(msgChangedMeanwhile, map[string]any{"Number": p.Number}), true)
	}
	next, ev, err := a.change(ctx, t, p, danchu.Change{Action: danchu.ActionWithdraw})
	if replies, handled, err := a.changeFailed(ctx, t, p, err, a.mineCardWith); handled {
		return replies, err
	}
	if next.HandlerID != 0 {
		n := a.staffNotice(next, next.HandlerID, "petition.withdrawn.staff", eventKey(next, ev)+":staff", msgNoticeWithdrawnStaff)
		if err := a.Enqueue(ctx, n); err != nil {
			return nil, err
		}
	}
	return a.mineCardWith(ctx, t, next, t.T(msgWithdrawDone, map[string]any{"Number": next.Number}), true)
}

// mineCardWith shows the card after a note, editing the message or not.
func (a *Area) mineCardWith(ctx context.Context, t *flows.Turn, p *danchu.Petition, note string, edit bool) ([]flows.Reply, error) {
	card, err := a.mineCard(ctx, t, p, note)
	card.Edit = edit
	return []flows.Reply{card}, err
}

// changeFailed answers a change that did not happen. It reloads the
// petition on ECONFLICT (someone acted first) and says so; EFORBIDDEN and
// EINVALID mean the step does not fit the petition any more. handled is
// false when err is nil.
func (a *Area) changeFailed(ctx context.Context, t *flows.Turn, p *danchu.Petition, err error,
	show func(context.Context, *flows.Turn, *danchu.Petition, string, bool) ([]flows.Reply, error)) ([]flows.Reply, bool, error) {
	switch danchu.ErrorCode(err) {
	case "":
		return nil, false, nil
	case danchu.ECONFLICT:
		fresh, ferr := a.findPetition(ctx, p.ID)
		if ferr != nil || fresh == nil {
			return nil, true, ferr
		}
		replies, err := show(ctx, t, fresh, t.T(msgChangedMeanwhile, map[string]any{"Number": p.Number}), false)
		return replies, true, err
	case danchu.EFORBIDDEN, danchu.EINVALID:
		replies, err := show(ctx, t, p, t.T(msgNotNow, nil), false)
		return replies, true, err
	}
	return nil, true, err
}

func (a *Area) reopenAsk(ctx context.Context, t *flows.Turn, p *danchu.Petition) ([]flows.Reply, error) {
	t.Leave()
	if !a.canReopen(t, p) {
		return a.mineCardWith(ctx, t, p, t.T(msgNotNow, nil), false)
	}
	t.Begin(flowMine, string(mineReopen))
	t.Set(keyPetition, flows.Itoa(p.ID))
	return []flows.Reply{t.Say(msgReopenAsk, map[string]any{"Number": p.Number,
		"Until": a.Date(a.Calendar().ReopenUntil(a.Settings, p))})}, nil
}

// reopen sends the petition back to its handler with the author's reason.
func (a *Area) reopen(ctx context.Context, t *flows.Turn, reason string) ([]flows.Reply, error) {
	p, err := a.sessionPetition(ctx, t)
	if err != nil || p == nil {
		return a.sessionPetitionGone(t, err)
	}
	t.Leave()
	next, ev, err := a.change(ctx, t, p, danchu.Change{Action: danchu.ActionReopen, Note: reason})
	if replies, handled, err := a.changeFailed(ctx, t, p, err, a.mineCardWith); handled {
		return replies, err
	}
	notices := []flows.Message{}
	if next.HandlerID != 0 {
		notices = append(notices, a.staffNotice(next, next.HandlerID, "petition.reopened.staff", eventKey(next, ev)+":staff", msgNoticeReopenedStaff))
	}
	if err := a.Enqueue(ctx, notices...); err != nil {
		return nil, err
	}
	if err := a.notifyAuthor(ctx, next, ev); err != nil {
		return nil, err
	}
	card, err := a.mineCard(ctx, t, next, t.T(msgReopenDone, map[string]any{"Number": next.Number, "Due": a.Date(next.ResolveDue)}))
	return []flows.Reply{card}, err
}

// sessionPetition is the author's petition the "my" flow is about.
func (a *Area) sessionPetition(ctx context.Context, t *flows.Turn) (*danchu.Petition, error) {
	id, ok := flows.ParseID(t.Get(keyPetition))
	if !ok {
		return nil, nil
	}
	return a.ownPetition(ctx, t, id)
}

func (a *Area) sessionPetitionGone(t *flows.Turn, err error) ([]flows.Reply, error) {
	if err != nil {
		return nil, err
	}
	t.Leave()
	return []flows.Reply{t.WithMenu(msgPetitionNotFound, nil)}, nil
}

// rateAsk takes the score and asks for an optional comment; the rating is
// stored with the comment or when it is skipped.
func (a *Area) rateAsk(ctx context.Context, t *flows.Turn, p *danchu.Petition, score string) ([]flows.Reply, error) {
	t.Leave()
	s, err := strconv.Atoi(score)
	if err != nil || len(score) != 1 {
		return t.InvalidButton(), nil
	}
	if _, err := danchu.NewRating(t.Actor(), p, s, "", t.Now()); err != nil {
		if danchu.ErrorCode(err) == danchu.EINVALID {
			return t.InvalidButton(), nil
		}
		id := msgNotNow
		if p.Rated {
			id = msgRateAlready
		}
		return []flows.Reply{t.WithMenu(id, nil)}, nil
	}
	t.Begin(flowMine, string(mineComment))
	t.Set(keyPetition, flows.Itoa(p.ID))
	t.Set(keyScore, score)
	return []flows.Reply{a.commentPrompt(t)}, nil
}

func (a *Area) commentPrompt(t *flows.Turn) flows.Reply {
	return flows.Reply{Text: t.T(msgRateAskComment, map[string]any{"Score": t.Get(keyScore)}),
		Buttons: [][]flows.Button{{{Text: t.T(msgPetSkip, nil), Data: "my:sk:" + t.Get(keyPetition)}}}}
}

// rate stores the rating kept in the session, with comment.
func (a *Area) rate(ctx context.Context, t *flows.Turn, comment string) ([]flows.Reply, error) {
	score, _ := strconv.Atoi(t.Get(keyScore))
	p, err := a.sessionPetition(ctx, t)
	if err != nil || p == nil {
		return a.sessionPetitionGone(t, err)
	}
	t.Leave()
	r, err := danchu.NewRating(t.Actor(), p, score, comment, t.Now())
	if err == nil {
		err = a.Petitions.Rate(ctx, r)
	}
	switch danchu.ErrorCode(err) {
	case "":
		return []flows.Reply{t.WithMenu(msgRateThanks, nil)}, nil
	case danchu.ECONFLICT, danchu.EFORBIDDEN:
		return []flows.Reply{t.WithMenu(msgRateAlready, nil)}, nil
	}
	return nil, fmt.Errorf("flows: rate petition: %w", err)
}
