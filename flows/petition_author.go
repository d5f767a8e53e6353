package flows

import (
	"context"
	"fmt"
	"strconv"
	"strings"

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
func (e *Engine) mineButton(ctx context.Context, t *Turn) ([]Reply, error) {
	_, rest, _ := splitData(t.In.CallbackData)
	parts := strings.Split(rest, ":")
	if parts[0] == "l" && len(parts) == 2 {
		page, ok := indexIn(parts[1], 10000)
		if !ok {
			return e.invalidButton(t), nil
		}
		t.Leave()
		r, err := e.mineList(ctx, t, page)
		if r.Keyboard == nil {
			r.Edit = true
		}
		return []Reply{r}, err
	}
	if len(parts) < 2 || len(parts) > 3 {
		return e.invalidButton(t), nil
	}
	id, ok := parseID(parts[1])
	if !ok {
		return e.invalidButton(t), nil
	}
	p, err := e.ownPetition(ctx, t, id)
	if err != nil {
		return nil, err
	}
	if p == nil {
		t.Leave()
		return []Reply{t.WithMenu(msgPetitionNotFound, nil)}, nil
	}
	arg := ""
	if len(parts) == 3 {
		arg = parts[2]
	}
	switch {
	case parts[0] == "o" && arg == "":
		t.Leave()
		card, err := e.mineCard(ctx, t, p, "")
		return []Reply{e.edit(card)}, err
	case parts[0] == "v" && arg == "":
		t.Leave()
		card, err := e.mineCard(ctx, t, p, "")
		return []Reply{card}, err
	case parts[0] == "f" && arg == "":
		return e.filesReplies(t, msgFilesTitle, p.Number, p.Attachments), nil
	case parts[0] == "af":
		return e.answerFiles(ctx, t, p, arg)
	case parts[0] == "w" && arg == "":
		return e.withdrawAsk(ctx, t, p)
	case parts[0] == "wy":
		return e.withdraw(ctx, t, p, arg)
	case parts[0] == "r" && arg == "":
		return e.reopenAsk(ctx, t, p)
	case parts[0] == "s":
		return e.rateAsk(ctx, t, p, arg)
	case parts[0] == "sk" && arg == "":
		if t.Session.Flow != flowMine || mineState(t.Session.State) != mineComment || t.Get(keyPetition) != itoa(p.ID) {
			return e.invalidButton(t), nil
		}
		return e.rate(ctx, t, "")
	}
	return e.invalidButton(t), nil
}

func (e *Engine) withdrawAsk(ctx context.Context, t *Turn, p *danchu.Petition) ([]Reply, error) {
	t.Leave()
	if !danchu.Can(t.actor(), danchu.ActionWithdraw, p) {
		return e.mineCardWith(ctx, t, p, t.T(msgNotNow, nil), false)
	}
	return []Reply{{Edit: true, Text: t.T(msgWithdrawAsk, map[string]any{"Number": p.Number}), Buttons: [][]Button{
		{{Text: t.T(msgWithdrawYes, nil), Data: "my:wy:" + itoa(p.ID) + ":" + strconv.Itoa(p.Version)}},
		{{Text: t.T(msgWithdrawNo, nil), Data: "my:o:" + itoa(p.ID)}},
	}}}, nil
}

// withdraw acts on the confirmation, if the petition is as it was asked.
func (e *Engine) withdraw(ctx context.Context, t *Turn, p *danchu.Petition, version string) ([]Reply, error) {
	t.Leave()
	if version != strconv.Itoa(p.Version) {
		return e.mineCardWith(ctx, t, p, t.T(msgChangedMeanwhile, map[string]any{"Number": p.Number}), true)
	}
	next, ev, err := e.change(ctx, t, p, danchu.Change{Action: danchu.ActionWithdraw})
	if replies, handled, err := e.changeFailed(ctx, t, p, err, e.mineCardWith); handled {
		return replies, err
	}
	if next.HandlerID != 0 {
		n := e.staffNotice(next, next.HandlerID, "petition.withdrawn.staff", eventKey(next, ev)+":staff", msgNoticeWithdrawnStaff)
		if err := e.enqueue(ctx, n); err != nil {
			return nil, err
		}
	}
	return e.mineCardWith(ctx, t, next, t.T(msgWithdrawDone, map[string]any{"Number": next.Number}), true)
}

// mineCardWith shows the card after a note, editing the message or not.
func (e *Engine) mineCardWith(ctx context.Context, t *Turn, p *danchu.Petition, note string, edit bool) ([]Reply, error) {
	card, err := e.mineCard(ctx, t, p, note)
	card.Edit = edit
	return []Reply{card}, err
}

// changeFailed answers a change that did not happen. It reloads the
// petition on ECONFLICT (someone acted first) and says so; EFORBIDDEN and
// EINVALID mean the step does not fit the petition any more. handled is
// false when err is nil.
func (e *Engine) changeFailed(ctx context.Context, t *Turn, p *danchu.Petition, err error,
	show func(context.Context, *Turn, *danchu.Petition, string, bool) ([]Reply, error)) ([]Reply, bool, error) {
	switch danchu.ErrorCode(err) {
	case "":
		return nil, false, nil
	case danchu.ECONFLICT:
		fresh, ferr := e.findPetition(ctx, p.ID)
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

func (e *Engine) reopenAsk(ctx context.Context, t *Turn, p *danchu.Petition) ([]Reply, error) {
	t.Leave()
	if !e.canReopen(t, p) {
		return e.mineCardWith(ctx, t, p, t.T(msgNotNow, nil), false)
	}
	t.Begin(flowMine, string(mineReopen))
	t.Set(keyPetition, itoa(p.ID))
	return []Reply{t.Say(msgReopenAsk, map[string]any{"Number": p.Number,
		"Until": e.date(e.calendar().ReopenUntil(e.Settings, p))})}, nil
}

// reopen sends the petition back to its handler with the author's reason.
func (e *Engine) reopen(ctx context.Context, t *Turn, reason string) ([]Reply, error) {
	p, err := e.sessionPetition(ctx, t)
	if err != nil || p == nil {
		return e.sessionPetitionGone(t, err)
	}
	t.Leave()
	next, ev, err := e.change(ctx, t, p, danchu.Change{Action: danchu.ActionReopen, Note: reason})
	if replies, handled, err := e.changeFailed(ctx, t, p, err, e.mineCardWith); handled {
		return replies, err
	}
	notices := []notice{}
	if next.HandlerID != 0 {
		notices = append(notices, e.staffNotice(next, next.HandlerID, "petition.reopened.staff", eventKey(next, ev)+":staff", msgNoticeReopenedStaff))
	}
	if err := e.enqueue(ctx, notices...); err != nil {
		return nil, err
	}
	if err := e.notifyAuthor(ctx, next, ev); err != nil {
		return nil, err
	}
	card, err := e.mineCard(ctx, t, next, t.T(msgReopenDone, map[string]any{"Number": next.Number, "Due": e.date(next.ResolveDue)}))
	return []Reply{card}, err
}

// sessionPetition is the author's petition the "my" flow is about.
func (e *Engine) sessionPetition(ctx context.Context, t *Turn) (*danchu.Petition, error) {
	id, ok := parseID(t.Get(keyPetition))
	if !ok {
		return nil, nil
	}
	return e.ownPetition(ctx, t, id)
}

func (e *Engine) sessionPetitionGone(t *Turn, err error) ([]Reply, error) {
	if err != nil {
		return nil, err
	}
	t.Leave()
	return []Reply{t.WithMenu(msgPetitionNotFound, nil)}, nil
}

// rateAsk takes the score and asks for an optional comment; the rating is
// stored with the comment or when it is skipped.
func (e *Engine) rateAsk(ctx context.Context, t *Turn, p *danchu.Petition, score string) ([]Reply, error) {
	t.Leave()
	s, err := strconv.Atoi(score)
	if err != nil || len(score) != 1 {
		return e.invalidButton(t), nil
	}
	if _, err := danchu.NewRating(t.actor(), p, s, "", t.Now()); err != nil {
		if danchu.ErrorCode(err) == danchu.EINVALID {
			return e.invalidButton(t), nil
		}
		id := msgNotNow
		if p.Rated {
			id = msgRateAlready
		}
		return []Reply{t.WithMenu(id, nil)}, nil
	}
	t.Begin(flowMine, string(mineComment))
	t.Set(keyPetition, itoa(p.ID))
	t.Set(keyScore, score)
	return []Reply{e.commentPrompt(t)}, nil
}

func (e *Engine) commentPrompt(t *Turn) Reply {
	return Reply{Text: t.T(msgRateAskComment, map[string]any{"Score": t.Get(keyScore)}),
		Buttons: [][]Button{{{Text: t.T(msgPetSkip, nil), Data: "my:sk:" + t.Get(keyPetition)}}}}
}

// rate stores the rating kept in the session, with comment.
func (e *Engine) rate(ctx context.Context, t *Turn, comment string) ([]Reply, error) {
	score, _ := strconv.Atoi(t.Get(keyScore))
	p, err := e.sessionPetition(ctx, t)
	if err != nil || p == nil {
		return e.sessionPetitionGone(t, err)
	}
	t.Leave()
	r, err := danchu.NewRating(t.actor(), p, score, comment, t.Now())
	if err == nil {
		err = e.Petitions.Rate(ctx, r)
	}
	switch danchu.ErrorCode(err) {
	case "":
		return []Reply{t.WithMenu(msgRateThanks, nil)}, nil
	case danchu.ECONFLICT, danchu.EFORBIDDEN:
		return []Reply{t.WithMenu(msgRateAlready, nil)}, nil
	}
	return nil, fmt.Errorf("flows: rate petition: %w", err)
}
