package petition

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"danchu/flows"

	"danchu"
)

// inboxInput is the state of an action waiting for its text (a reason, the
// body a petition goes to, an answer, a note).
const inboxInput = "input"

// Session.Data keys of an action waiting for its text.
const (
	keyAction = "act"
	keyView   = "view"
	keyText   = "text"
	keyFiles  = "files"
)

// inboxButton handles "ib:..." buttons. The data is untrusted: every press
// checks the person's roles, loads the petition it names and asks Can, and
// a change goes through Rules.Apply, which asks Can again.
func (a *Area) inboxButton(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	if !handlesPetitions(t.Roles) {
		t.Leave()
		return []flows.Reply{t.WithMenu(flows.MsgStaffOnly, nil)}, nil
	}
	_, rest, _ := flows.SplitData(t.In.CallbackData)
	parts := strings.Split(rest, ":")
	cmd, args := parts[0], parts[1:]
	if cmd == "l" || cmd == "fk" || cmd == "ff" || cmd == "fn" {
		if len(args) != 1 {
			return t.InvalidButton(), nil
		}
		v, ok := a.parseView(args[0])
		if !ok {
			return t.InvalidButton(), nil
		}
		t.Leave()
		if cmd != "l" {
			return []flows.Reply{a.filterChoice(t, v, cmd)}, nil
		}
		r, err := a.inboxList(ctx, t, v)
		return []flows.Reply{a.Edit(r)}, err
	}
	if len(args) == 0 {
		return t.InvalidButton(), nil
	}
	at := map[string]int{"o": 0, "v": 0, "f": 0, "ok": 0, "x": 0, "a": 1, "to": 0}
	i, known := at[cmd]
	if !known || len(args) <= i {
		return t.InvalidButton(), nil
	}
	id, ok := flows.ParseID(args[i])
	if !ok {
		return t.InvalidButton(), nil
	}
	p, err := a.findPetition(ctx, id)
	if err != nil {
		return nil, err
	}
	if p == nil || !danchu.Can(t.Actor(), danchu.ActionView, p) {
		t.Leave()
		return []flows.Reply{t.WithMenu(msgPetitionNotFound, nil)}, nil
	}
	switch {
	case cmd == "o" && len(args) == 2:
		v, ok := a.parseView(args[1])
		if !ok {
			return t.InvalidButton(), nil
		}
		t.Leave()
		card, err := a.inboxCard(ctx, t, p, v, "")
		return []flows.Reply{a.Edit(card)}, err
	case cmd == "v" && len(args) == 1:
		t.Leave()
		card, err := a.inboxCard(ctx, t, p, defaultView, "")
		return []flows.Reply{card}, err
	case cmd == "f" && len(args) == 1:
		return a.filesReplies(t, msgFilesTitle, p.Number, p.Attachments), nil
	case cmd == "a" && len(args) == 4:
		return a.inboxPress(ctx, t, p, args[0], args[2], args[3])
	case cmd == "to" && len(args) == 4:
		return a.assignTo(ctx, t, p, args[1], args[2], args[3])
	case (cmd == "ok" || cmd == "x") && len(args) == 1:
		if t.Session.Flow != flowInbox || t.Get(keyPetition) != flows.Itoa(p.ID) {
			return t.InvalidButton(), nil
		}
		if cmd == "ok" {
			return a.inboxApply(ctx, t, p)
		}
		v, _ := a.parseView(t.Get(keyView))
		t.Leave()
		card, err := a.inboxCard(ctx, t, p, v, t.T(flows.MsgCancelDone, nil))
		return []flows.Reply{card}, err
	}
	return t.InvalidButton(), nil
}

// inboxPress acts on an action button of a card shown at version ver.
func (a *Area) inboxPress(ctx context.Context, t *flows.Turn, p *danchu.Petition, code, ver, view string) ([]flows.Reply, error) {
	ia, ok := actionByCode(code)
	v, vok := a.parseView(view)
	if !ok || !vok {
		return t.InvalidButton(), nil
	}
	t.Leave()
	show := a.inboxShow(v)
	if ver != strconv.Itoa(p.Version) {
		return show(ctx, t, p, t.T(msgChangedMeanwhile, map[string]any{"Number": p.Number}), true)
	}
	if !danchu.Can(t.Actor(), ia.act, p) {
		return show(ctx, t, p, t.T(msgNotNow, nil), true)
	}
	switch {
	case ia.act == danchu.ActionAssign && t.Actor().Has(danchu.RoleChairman):
		return a.assignChoice(ctx, t, p, v)
	case ia.act == danchu.ActionAssign:
		return a.inboxChange(ctx, t, p, v, ia, danchu.Change{Action: ia.act, HandlerID: t.Resident.ID}, true)
	case ia.input == "":
		return a.inboxChange(ctx, t, p, v, ia, danchu.Change{Action: ia.act}, true)
	}
	if ia.act == danchu.ActionExtend {
		if why := a.extendBlocked(t, p); why != "" {
			return show(ctx, t, p, t.T(why, nil), true)
		}
	}
	t.Begin(flowInbox, inboxInput)
	t.Set(keyPetition, flows.Itoa(p.ID))
	t.Set(keyVersion, strconv.Itoa(p.Version))
	t.Set(keyAction, ia.code)
	t.Set(keyView, v.String())
	return []flows.Reply{{Text: t.T(ia.input, map[string]any{"Number": p.Number, "Max": flows.MaxShortText}),
		Buttons: [][]flows.Button{{{Text: t.T(msgIbStop, nil), Data: "ib:x:" + flows.Itoa(p.ID)}}}}}, nil
}

// inboxShow returns how the inbox shows a petition after a note.
func (a *Area) inboxShow(v inboxView) func(context.Context, *flows.Turn, *danchu.Petition, string, bool) ([]flows.Reply, error) {
	return func(ctx context.Context, t *flows.Turn, p *danchu.Petition, note string, edit bool) ([]flows.Reply, error) {
		card, err := a.inboxCard(ctx, t, p, v, note)
		card.Edit = edit
		return []flows.Reply{card}, err
	}
}

// assignChoice lists the officials (and chairmen) the chairman may assign to.
func (a *Area) assignChoice(ctx context.Context, t *flows.Turn, p *danchu.Petition, v inboxView) ([]flows.Reply, error) {
	ids, err := a.StaffWith(ctx, danchu.RoleOfficial, danchu.RoleChairman)
	if err != nil {
		return nil, err
	}
	var rows [][]flows.Button
	for _, id := range ids {
		r, err := a.Residents.FindResidentByID(ctx, id)
		if flows.IsNotFound(err) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("flows: official: %w", err)
		}
		rows = append(rows, []flows.Button{{Text: r.FullName, Data: "ib:to:" + flows.Itoa(p.ID) + ":" + strconv.Itoa(p.Version) + ":" + flows.Itoa(id) + ":" + v.String()}})
	}
	rows = append(rows, []flows.Button{{Text: t.T(flows.MsgButtonBack, nil), Data: "ib:o:" + flows.Itoa(p.ID) + ":" + v.String()}})
	return []flows.Reply{{Edit: true, Text: t.T(msgIbAssignAsk, map[string]any{"Number": p.Number}), Buttons: rows}}, nil
}

// assignTo assigns p to an official chosen from the list; the official must
// still hold a role that handles petitions.
func (a *Area) assignTo(ctx context.Context, t *flows.Turn, p *danchu.Petition, ver, official, view string) ([]flows.Reply, error) {
	id, ok := flows.ParseID(official)
	v, vok := a.parseView(view)
	if !ok || !vok {
		return t.InvalidButton(), nil
	}
	t.Leave()
	if ver != strconv.Itoa(p.Version) {
		return a.inboxShow(v)(ctx, t, p, t.T(msgChangedMeanwhile, map[string]any{"Number": p.Number}), true)
	}
	roles, err := a.Roles.RolesOf(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("flows: roles of the assignee: %w", err)
	}
	if !takesAssignments(roles) {
		return a.inboxShow(v)(ctx, t, p, t.T(msgNotNow, nil), true)
	}
	ia, _ := actionByCode("as")
	return a.inboxChange(ctx, t, p, v, ia, danchu.Change{Action: danchu.ActionAssign, HandlerID: id}, true)
}

// inboxStep takes the text an action waits for. An answer may come in
// several messages with photos and documents, until "Gửi trả lời".
func (a *Area) inboxStep(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	ia, ok := actionByCode(t.Get(keyAction))
	if t.Session.State != inboxInput || !ok || !handlesPetitions(t.Roles) {
		t.Leave()
		return []flows.Reply{t.WithMenu(flows.MsgHintMenu, nil)}, nil
	}
	id, _ := flows.ParseID(t.Get(keyPetition))
	stop := [][]flows.Button{{{Text: t.T(msgIbStop, nil), Data: "ib:x:" + flows.Itoa(id)}}}
	text := flows.Tidy(t.In.Text)
	if ia.act == danchu.ActionAnswer {
		return a.answerPiece(t, id, text)
	}
	limit := flows.MaxShortText
	if ia.act == danchu.ActionNote {
		limit = flows.MaxContent
	}
	if text == "" || flows.Runes(text) > limit {
		return []flows.Reply{{Text: t.T(flows.MsgShortInvalid, map[string]any{"Max": limit}), Buttons: stop}}, nil
	}
	t.Set(keyText, text)
	p, err := a.findPetition(ctx, id)
	if err != nil {
		return nil, err
	}
	if p == nil || !danchu.Can(t.Actor(), danchu.ActionView, p) {
		t.Leave()
		return []flows.Reply{t.WithMenu(msgPetitionNotFound, nil)}, nil
	}
	return a.inboxApply(ctx, t, p)
}

// answerPiece adds a message to the answer being written.
func (a *Area) answerPiece(t *flows.Turn, id int64, text string) ([]flows.Reply, error) {
	var files []danchu.Attachment
	_ = json.Unmarshal([]byte(t.Get(keyFiles)), &files)
	for _, f := range t.In.Photos {
		files = append(files, danchu.Attachment{Kind: danchu.AttachmentPhoto, FileID: f.FileID})
	}
	for _, f := range t.In.Documents {
		files = append(files, danchu.Attachment{Kind: danchu.AttachmentDocument, FileID: f.FileID, FileName: f.FileName})
	}
	if len(files) > maxAttachments {
		files = files[:maxAttachments]
	}
	raw, _ := json.Marshal(files)
	t.Set(keyFiles, string(raw))
	answer := t.Get(keyText)
	if text != "" {
		joined := strings.TrimSpace(answer + "\n" + text)
		if flows.Runes(joined) > flows.MaxContent {
			return []flows.Reply{t.Say(msgPetContentTooLong, map[string]any{"Max": flows.MaxContent})}, nil
		}
		answer = joined
		t.Set(keyText, answer)
	}
	rows := [][]flows.Button{{{Text: t.T(msgIbStop, nil), Data: "ib:x:" + flows.Itoa(id)}}}
	if answer == "" {
		return []flows.Reply{{Text: t.T(msgIbAnswerNeedsText, nil), Buttons: rows}}, nil
	}
	rows = append([][]flows.Button{{{Text: t.T(msgIbSendAnswer, nil), Data: "ib:ok:" + flows.Itoa(id)}}}, rows...)
	return []flows.Reply{{Text: t.T(msgIbAnswerReceived, map[string]any{"Count": flows.Runes(answer), "Files": len(files)}), Buttons: rows}}, nil
}

// inboxApply makes the change the session's action waits for, with its
// text, if the petition is as it was when the action was pressed.
func (a *Area) inboxApply(ctx context.Context, t *flows.Turn, p *danchu.Petition) ([]flows.Reply, error) {
	ia, _ := actionByCode(t.Get(keyAction))
	v, _ := a.parseView(t.Get(keyView))
	text, ver := t.Get(keyText), t.Get(keyVersion)
	var files []danchu.Attachment
	_ = json.Unmarshal([]byte(t.Get(keyFiles)), &files)
	t.Leave()
	if ver != strconv.Itoa(p.Version) {
		return a.inboxShow(v)(ctx, t, p, t.T(msgChangedMeanwhile, map[string]any{"Number": p.Number}), false)
	}
	ch := danchu.Change{Action: ia.act, Note: text}
	switch ia.act {
	case danchu.ActionTransfer:
		ch.Note, ch.TransferTo = "", text
	case danchu.ActionAnswer:
		ch.Attachments = files
	}
	return a.inboxChange(ctx, t, p, v, ia, ch, false)
}

// inboxChange applies ch, tells whom it concerns and shows the card with
// what was done.
func (a *Area) inboxChange(ctx context.Context, t *flows.Turn, p *danchu.Petition, v inboxView, ia inboxAction, ch danchu.Change, edit bool) ([]flows.Reply, error) {
	next, ev, err := a.change(ctx, t, p, ch)
	if replies, handled, err := a.changeFailed(ctx, t, p, err, a.inboxShow(v)); handled {
		return replies, err
	}
	if err := a.notifyAuthor(ctx, next, ev); err != nil {
		return nil, err
	}
	if ia.act == danchu.ActionAssign && next.HandlerID != t.Resident.ID {
		n := a.staffNotice(next, next.HandlerID, "petition.assigned", eventKey(next, ev)+":staff", msgNoticeAssigned)
		if err := a.Enqueue(ctx, n); err != nil {
			return nil, err
		}
	}
	name, err := a.handlerName(ctx, t, next.HandlerID)
	if err != nil {
		return nil, err
	}
	note := t.T(ia.done, map[string]any{"Number": next.Number, "Name": name, "Due": a.Date(next.ResolveDue), "Body": next.TransferredTo})
	return a.inboxShow(v)(ctx, t, next, note, edit)
}
