package flows

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

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
func (e *Engine) inboxButton(ctx context.Context, t *Turn) ([]Reply, error) {
	if !handlesPetitions(t.Roles) {
		t.Leave()
		return []Reply{t.WithMenu(msgStaffOnly, nil)}, nil
	}
	_, rest, _ := splitData(t.In.CallbackData)
	parts := strings.Split(rest, ":")
	cmd, args := parts[0], parts[1:]
	if cmd == "l" || cmd == "fk" || cmd == "ff" || cmd == "fn" {
		if len(args) != 1 {
			return e.invalidButton(t), nil
		}
		v, ok := e.parseView(args[0])
		if !ok {
			return e.invalidButton(t), nil
		}
		t.Leave()
		if cmd != "l" {
			return []Reply{e.filterChoice(t, v, cmd)}, nil
		}
		r, err := e.inboxList(ctx, t, v)
		return []Reply{e.edit(r)}, err
	}
	if len(args) == 0 {
		return e.invalidButton(t), nil
	}
	at := map[string]int{"o": 0, "v": 0, "f": 0, "ok": 0, "x": 0, "a": 1, "to": 0}
	i, known := at[cmd]
	if !known || len(args) <= i {
		return e.invalidButton(t), nil
	}
	id, ok := parseID(args[i])
	if !ok {
		return e.invalidButton(t), nil
	}
	p, err := e.findPetition(ctx, id)
	if err != nil {
		return nil, err
	}
	if p == nil || !danchu.Can(t.actor(), danchu.ActionView, p) {
		t.Leave()
		return []Reply{t.WithMenu(msgPetitionNotFound, nil)}, nil
	}
	switch {
	case cmd == "o" && len(args) == 2:
		v, ok := e.parseView(args[1])
		if !ok {
			return e.invalidButton(t), nil
		}
		t.Leave()
		card, err := e.inboxCard(ctx, t, p, v, "")
		return []Reply{e.edit(card)}, err
	case cmd == "v" && len(args) == 1:
		t.Leave()
		card, err := e.inboxCard(ctx, t, p, defaultView, "")
		return []Reply{card}, err
	case cmd == "f" && len(args) == 1:
		return e.filesReplies(t, msgFilesTitle, p.Number, p.Attachments), nil
	case cmd == "a" && len(args) == 4:
		return e.inboxPress(ctx, t, p, args[0], args[2], args[3])
	case cmd == "to" && len(args) == 4:
		return e.assignTo(ctx, t, p, args[1], args[2], args[3])
	case (cmd == "ok" || cmd == "x") && len(args) == 1:
		if t.Session.Flow != flowInbox || t.Get(keyPetition) != itoa(p.ID) {
			return e.invalidButton(t), nil
		}
		if cmd == "ok" {
			return e.inboxApply(ctx, t, p)
		}
		v, _ := e.parseView(t.Get(keyView))
		t.Leave()
		card, err := e.inboxCard(ctx, t, p, v, t.T(msgCancelDone, nil))
		return []Reply{card}, err
	}
	return e.invalidButton(t), nil
}

// inboxPress acts on an action button of a card shown at version ver.
func (e *Engine) inboxPress(ctx context.Context, t *Turn, p *danchu.Petition, code, ver, view string) ([]Reply, error) {
	ia, ok := actionByCode(code)
	v, vok := e.parseView(view)
	if !ok || !vok {
		return e.invalidButton(t), nil
	}
	t.Leave()
	show := e.inboxShow(v)
	if ver != strconv.Itoa(p.Version) {
		return show(ctx, t, p, t.T(msgChangedMeanwhile, map[string]any{"Number": p.Number}), true)
	}
	if !danchu.Can(t.actor(), ia.act, p) {
		return show(ctx, t, p, t.T(msgNotNow, nil), true)
	}
	switch {
	case ia.act == danchu.ActionAssign && t.actor().Has(danchu.RoleChairman):
		return e.assignChoice(ctx, t, p, v)
	case ia.act == danchu.ActionAssign:
		return e.inboxChange(ctx, t, p, v, ia, danchu.Change{Action: ia.act, HandlerID: t.Resident.ID}, true)
	case ia.input == "":
		return e.inboxChange(ctx, t, p, v, ia, danchu.Change{Action: ia.act}, true)
	}
	if ia.act == danchu.ActionExtend {
		if why := e.extendBlocked(t, p); why != "" {
			return show(ctx, t, p, t.T(why, nil), true)
		}
	}
	t.Begin(flowInbox, inboxInput)
	t.Set(keyPetition, itoa(p.ID))
	t.Set(keyVersion, strconv.Itoa(p.Version))
	t.Set(keyAction, ia.code)
	t.Set(keyView, v.String())
	return []Reply{{Text: t.T(ia.input, map[string]any{"Number": p.Number, "Max": maxShortText}),
		Buttons: [][]Button{{{Text: t.T(msgIbStop, nil), Data: "ib:x:" + itoa(p.ID)}}}}}, nil
}

// inboxShow returns how the inbox shows a petition after a note.
func (e *Engine) inboxShow(v inboxView) func(context.Context, *Turn, *danchu.Petition, string, bool) ([]Reply, error) {
	return func(ctx context.Context, t *Turn, p *danchu.Petition, note string, edit bool) ([]Reply, error) {
		card, err := e.inboxCard(ctx, t, p, v, note)
		card.Edit = edit
		return []Reply{card}, err
	}
}

// assignChoice lists the officials (and chairmen) the chairman may assign to.
func (e *Engine) assignChoice(ctx context.Context, t *Turn, p *danchu.Petition, v inboxView) ([]Reply, error) {
	ids, err := e.staffWith(ctx, danchu.RoleOfficial, danchu.RoleChairman)
	if err != nil {
		return nil, err
	}
	var rows [][]Button
	for _, id := range ids {
		r, err := e.Residents.FindResidentByID(ctx, id)
		if isNotFound(err) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("flows: official: %w", err)
		}
		rows = append(rows, []Button{{Text: r.FullName, Data: "ib:to:" + itoa(p.ID) + ":" + strconv.Itoa(p.Version) + ":" + itoa(id) + ":" + v.String()}})
	}
	rows = append(rows, []Button{{Text: t.T(msgButtonBack, nil), Data: "ib:o:" + itoa(p.ID) + ":" + v.String()}})
	return []Reply{{Edit: true, Text: t.T(msgIbAssignAsk, map[string]any{"Number": p.Number}), Buttons: rows}}, nil
}

// assignTo assigns p to an official chosen from the list; the official must
// still hold a role that handles petitions.
func (e *Engine) assignTo(ctx context.Context, t *Turn, p *danchu.Petition, ver, official, view string) ([]Reply, error) {
	id, ok := parseID(official)
	v, vok := e.parseView(view)
	if !ok || !vok {
		return e.invalidButton(t), nil
	}
	t.Leave()
	if ver != strconv.Itoa(p.Version) {
		return e.inboxShow(v)(ctx, t, p, t.T(msgChangedMeanwhile, map[string]any{"Number": p.Number}), true)
	}
	roles, err := e.Roles.RolesOf(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("flows: roles of the assignee: %w", err)
	}
	if !takesAssignments(roles) {
		return e.inboxShow(v)(ctx, t, p, t.T(msgNotNow, nil), true)
	}
	ia, _ := actionByCode("as")
	return e.inboxChange(ctx, t, p, v, ia, danchu.Change{Action: danchu.ActionAssign, HandlerID: id}, true)
}

// inboxStep takes the text an action waits for. An answer may come in
// several messages with photos and documents, until "Gửi trả lời".
func (e *Engine) inboxStep(ctx context.Context, t *Turn) ([]Reply, error) {
	ia, ok := actionByCode(t.Get(keyAction))
	if t.Session.State != inboxInput || !ok || !handlesPetitions(t.Roles) {
		t.Leave()
		return []Reply{t.WithMenu(msgHintMenu, nil)}, nil
	}
	id, _ := parseID(t.Get(keyPetition))
	stop := [][]Button{{{Text: t.T(msgIbStop, nil), Data: "ib:x:" + itoa(id)}}}
	text := tidy(t.In.Text)
	if ia.act == danchu.ActionAnswer {
		return e.answerPiece(t, id, text)
	}
	limit := maxShortText
	if ia.act == danchu.ActionNote {
		limit = maxContent
	}
	if text == "" || runes(text) > limit {
		return []Reply{{Text: t.T(msgPetShortInvalid, map[string]any{"Max": limit}), Buttons: stop}}, nil
	}
	t.Set(keyText, text)
	p, err := e.findPetition(ctx, id)
	if err != nil {
		return nil, err
	}
	if p == nil || !danchu.Can(t.actor(), danchu.ActionView, p) {
		t.Leave()
		return []Reply{t.WithMenu(msgPetitionNotFound, nil)}, nil
	}
	return e.inboxApply(ctx, t, p)
}

// answerPiece adds a message to the answer being written.
func (e *Engine) answerPiece(t *Turn, id int64, text string) ([]Reply, error) {
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
		if runes(joined) > maxContent {
			return []Reply{t.Say(msgPetContentTooLong, map[string]any{"Max": maxContent})}, nil
		}
		answer = joined
		t.Set(keyText, answer)
	}
	rows := [][]Button{{{Text: t.T(msgIbStop, nil), Data: "ib:x:" + itoa(id)}}}
	if answer == "" {
		return []Reply{{Text: t.T(msgIbAnswerNeedsText, nil), Buttons: rows}}, nil
	}
	rows = append([][]Button{{{Text: t.T(msgIbSendAnswer, nil), Data: "ib:ok:" + itoa(id)}}}, rows...)
	return []Reply{{Text: t.T(msgIbAnswerReceived, map[string]any{"Count": runes(answer), "Files": len(files)}), Buttons: rows}}, nil
}

// inboxApply makes the change the session's action waits for, with its
// text, if the petition is as it was when the action was pressed.
func (e *Engine) inboxApply(ctx context.Context, t *Turn, p *danchu.Petition) ([]Reply, error) {
	ia, _ := actionByCode(t.Get(keyAction))
	v, _ := e.parseView(t.Get(keyView))
	text, ver := t.Get(keyText), t.Get(keyVersion)
	var files []danchu.Attachment
	_ = json.Unmarshal([]byte(t.Get(keyFiles)), &files)
	t.Leave()
	if ver != strconv.Itoa(p.Version) {
		return e.inboxShow(v)(ctx, t, p, t.T(msgChangedMeanwhile, map[string]any{"Number": p.Number}), false)
	}
	ch := danchu.Change{Action: ia.act, Note: text}
	switch ia.act {
	case danchu.ActionTransfer:
		ch.Note, ch.TransferTo = "", text
	case danchu.ActionAnswer:
		ch.Attachments = files
	}
	return e.inboxChange(ctx, t, p, v, ia, ch, false)
}

// inboxChange applies ch, tells whom it concerns and shows the card with
// what was done.
func (e *Engine) inboxChange(ctx context.Context, t *Turn, p *danchu.Petition, v inboxView, ia inboxAction, ch danchu.Change, edit bool) ([]Reply, error) {
	next, ev, err := e.change(ctx, t, p, ch)
	if replies, handled, err := e.changeFailed(ctx, t, p, err, e.inboxShow(v)); handled {
		return replies, err
	}
	if err := e.notifyAuthor(ctx, next, ev); err != nil {
		return nil, err
	}
	if ia.act == danchu.ActionAssign && next.HandlerID != t.Resident.ID {
		n := e.staffNotice(next, next.HandlerID, "petition.assigned", eventKey(next, ev)+":staff", msgNoticeAssigned)
		if err := e.enqueue(ctx, n); err != nil {
			return nil, err
		}
	}
	name, err := e.handlerName(ctx, t, next.HandlerID)
	if err != nil {
		return nil, err
	}
	note := t.T(ia.done, map[string]any{"Number": next.Number, "Name": name, "Due": e.date(next.ResolveDue), "Body": next.TransferredTo})
	return e.inboxShow(v)(ctx, t, next, note, edit)
}
