package petition

import (
	"context"
	"fmt"
	"strconv"

	"danchu/flows"

	"danchu"
)

// inboxAction is an action button of the staff card. input, when set, is
// the question whose typed answer the action needs.
type inboxAction struct {
	code  string
	act   danchu.Action
	label flows.Msg
	input flows.Msg
	done  flows.Msg
}

var inboxActions = []inboxAction{
	{"as", danchu.ActionAssign, msgIbAssign, "", msgIbAssigned},
	{"ac", danchu.ActionAccept, msgIbAccept, "", msgIbAccepted},
	{"rf", danchu.ActionRefuse, msgIbRefuse, msgIbAskRefuse, msgIbRefused},
	{"tr", danchu.ActionTransfer, msgIbTransfer, msgIbAskTransfer, msgIbTransferred},
	{"ex", danchu.ActionExtend, msgIbExtend, msgIbAskExtend, msgIbExtended},
	{"an", danchu.ActionAnswer, msgIbAnswer, msgIbAskAnswer, msgIbAnswered},
	{"nt", danchu.ActionNote, msgIbNote, msgIbAskNote, msgIbNoted},
	{"cl", danchu.ActionClose, msgIbClose, "", msgIbClosed},
}

func actionByCode(code string) (inboxAction, bool) {
	for _, a := range inboxActions {
		if a.code == code {
			return a, true
		}
	}
	return inboxAction{}, false
}

// inboxCard is the staff's card of p: the facts, the handler, the author
// when the person may see them, the content and the whole history with the
// internal notes, and a button for each action Can allows now.
func (a *Area) inboxCard(ctx context.Context, t *flows.Turn, p *danchu.Petition, v inboxView, note string) (flows.Reply, error) {
	facts := a.cardFacts(t, p)
	handler, err := a.handlerName(ctx, t, p.HandlerID)
	if err != nil {
		return flows.Reply{}, err
	}
	author, err := a.staffAuthor(ctx, t, p)
	if err != nil {
		return flows.Reply{}, err
	}
	facts = append(facts, t.T(msgLineHandler, map[string]any{"Value": handler}), t.T(msgLineAuthor, map[string]any{"Value": author}))
	history, _, err := a.historyLines(ctx, t, p, true)
	if err != nil {
		return flows.Reply{}, err
	}
	text := a.cardText(t, facts, p.Content, history)
	if note != "" {
		text = flows.Clip(note+"\n\n"+text, flows.MaxText)
	}
	actor := t.Actor()
	var rows [][]flows.Button
	var row []flows.Button
	for _, ia := range inboxActions {
		if !danchu.Can(actor, ia.act, p) || ia.act == danchu.ActionExtend && a.extendBlocked(t, p) != "" {
			continue
		}
		label := ia.label
		if ia.act == danchu.ActionAssign && !actor.Has(danchu.RoleChairman) {
			label = msgIbTake
		}
		data := "ib:a:" + ia.code + ":" + flows.Itoa(p.ID) + ":" + strconv.Itoa(p.Version) + ":" + v.String()
		row = append(row, flows.Button{Text: t.T(label, nil), Data: data})
		if len(row) == 2 {
			rows, row = append(rows, row), nil
		}
	}
	if row != nil {
		rows = append(rows, row)
	}
	if files := filesButton(t, flowInbox, p); files != nil {
		rows = append(rows, files)
	}
	rows = append(rows, []flows.Button{{Text: t.T(msgInboxBack, nil), Data: "ib:l:" + v.String()}})
	return flows.Reply{Text: text, Buttons: rows}, nil
}

func (a *Area) handlerName(ctx context.Context, t *flows.Turn, id int64) (string, error) {
	if id == 0 {
		return t.T(msgUnassigned, nil), nil
	}
	r, err := a.Residents.FindResidentByID(ctx, id)
	if flows.IsNotFound(err) {
		return t.T(msgHistByGone, nil), nil
	}
	if err != nil {
		return "", fmt.Errorf("flows: handler: %w", err)
	}
	return r.FullName, nil
}

// staffAuthor says who sent p, as far as this person may know: the identity
// only with ActionViewIdentity, read through PetitionIdentity, which writes
// the read to the audit log.
func (a *Area) staffAuthor(ctx context.Context, t *flows.Turn, p *danchu.Petition) (string, error) {
	if p.Anonymous {
		return t.T(msgAuthorAnonymousStaff, nil), nil
	}
	if !danchu.Can(t.Actor(), danchu.ActionViewIdentity, p) {
		return t.T(msgAuthorHidden, nil), nil
	}
	id, err := a.Petitions.PetitionIdentity(ctx, p.ID, t.Resident.ID)
	if flows.IsNotFound(err) {
		return t.T(msgAuthorUnknown, nil), nil
	}
	if err != nil {
		return "", fmt.Errorf("flows: petition identity: %w", err)
	}
	if id.Address == "" {
		return t.T(msgAuthorNamed, map[string]any{"Name": id.FullName, "Phone": id.Phone}), nil
	}
	return t.T(msgAuthorIdentity, map[string]any{"Name": id.FullName, "Address": id.Address, "Phone": id.Phone}), nil
}

// extendBlocked says why the law allows no extension of p now, or "".
func (a *Area) extendBlocked(t *flows.Turn, p *danchu.Petition) flows.Msg {
	switch {
	case t.Now().After(p.ResolveDue):
		return msgIbExtendLate
	case p.Kind == danchu.KindComplaint && p.Complex,
		p.Kind == danchu.KindDenunciation && p.Extensions >= a.Settings.Petitions.Denunciation.MaxExtensions:
		return msgIbExtendUsed
	}
	return ""
}
