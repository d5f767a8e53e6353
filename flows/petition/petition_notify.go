package petition

import (
	"context"
	"strconv"

	"danchu/flows"

	"danchu"
)

// eventKey is the dedup key of what a petition's event sends to someone.
func eventKey(p *danchu.Petition, ev *danchu.Event) string {
	return "petition:" + flows.Itoa(p.ID) + ":event:" + flows.Itoa(ev.ID)
}

// authorNoticeTexts are the steps the author is told of, with their text.
var authorNoticeTexts = map[danchu.Action]flows.Msg{
	danchu.ActionAccept:   msgNoticeAccepted,
	danchu.ActionRefuse:   msgNoticeRefused,
	danchu.ActionTransfer: msgNoticeTransferred,
	danchu.ActionExtend:   msgNoticeExtended,
	danchu.ActionAnswer:   msgNoticeAnswered,
	danchu.ActionClose:    msgNoticeClosed,
	danchu.ActionReopen:   msgNoticeReopened,
}

// notifyAuthor tells the author of a step they should know of. An internal
// event (an assignment, a note) never reaches them.
func (a *Area) notifyAuthor(ctx context.Context, p *danchu.Petition, ev *danchu.Event) error {
	id, ok := authorNoticeTexts[ev.Action]
	if !ok || ev.Internal {
		return nil
	}
	n := flows.Message{To: p.ResidentID, Kind: "petition." + string(ev.Action), Dedup: eventKey(p, ev),
		Priority: danchu.PriorityPersonal}
	n.Text = func(lang string) string {
		data := map[string]any{"Number": p.Number, "Kind": a.kindName(lang, p.Kind), "At": a.DateTime(ev.At),
			"Note": flows.Clip(ev.Note, flows.MaxContent), "Body": p.TransferredTo, "Due": a.Date(p.ResolveDue),
			"Files": len(ev.Attachments)}
		if ev.Action == danchu.ActionClose {
			data["Due"] = a.Date(a.Calendar().ReopenUntil(a.Settings, p))
		}
		text := a.Tr(lang, id, data)
		if ev.Action == danchu.ActionAnswer && len(ev.Attachments) > 0 {
			text += "\n" + a.Tr(lang, msgNoticeAnswerFiles, data)
		}
		if ev.Action == danchu.ActionAnswer {
			text += "\n\n" + a.Tr(lang, msgRatePrompt, nil)
		}
		return text
	}
	n.Buttons = func(lang string) [][]danchu.OutboxButton {
		view := []danchu.OutboxButton{{Text: a.Tr(lang, msgViewPetition, nil), Data: "my:v:" + flows.Itoa(p.ID)}}
		if ev.Action != danchu.ActionAnswer {
			return [][]danchu.OutboxButton{view}
		}
		rows := [][]danchu.OutboxButton{outboxRow(rateButtons(p.ID))}
		if len(ev.Attachments) > 0 {
			rows = append(rows, outboxRow([]flows.Button{a.answerFilesButton(lang, p, ev)}))
		}
		return append(rows, view)
	}
	return a.Enqueue(ctx, n)
}

// rateButtons are the scores 1 to 5 of an answered petition.
func rateButtons(id int64) []flows.Button {
	row := make([]flows.Button, 0, 5)
	for s := 1; s <= 5; s++ {
		row = append(row, flows.Button{Text: strconv.Itoa(s), Data: "my:s:" + flows.Itoa(id) + ":" + strconv.Itoa(s)})
	}
	return row
}

func outboxRow(row []flows.Button) []danchu.OutboxButton {
	out := make([]danchu.OutboxButton, 0, len(row))
	for _, b := range row {
		out = append(out, danchu.OutboxButton{Text: b.Text, Data: b.Data})
	}
	return out
}

// staffNotice is a notice to an official about a petition, with a button
// that opens it in the inbox. It names the petition, never its author.
func (a *Area) staffNotice(p *danchu.Petition, to int64, kind, dedup string, id flows.Msg) flows.Message {
	return flows.Message{To: to, Kind: kind, Dedup: dedup, Priority: danchu.PriorityPersonal,
		Text: func(lang string) string {
			return a.Tr(lang, id, map[string]any{"Number": p.Number, "Kind": a.kindName(lang, p.Kind),
				"Field": p.Field, "Place": a.PlaceName(lang, p.Neighbourhood), "At": a.DateTime(p.ReceivedAt),
				"Due": a.Date(p.Due())})
		},
		Buttons: func(lang string) [][]danchu.OutboxButton {
			return [][]danchu.OutboxButton{{{Text: a.Tr(lang, msgViewPetition, nil), Data: "ib:v:" + flows.Itoa(p.ID)}}}
		},
	}
}

// notifyNewPetition tells the chairmen of a new khiếu nại or tố cáo, without
// the author's identity.
func (a *Area) notifyNewPetition(ctx context.Context, p *danchu.Petition) error {
	if !p.Kind.NeedsIdentity() {
		return nil
	}
	ids, err := a.StaffWith(ctx, danchu.RoleChairman)
	if err != nil {
		return err
	}
	var ns []flows.Message
	for _, id := range ids {
		ns = append(ns, a.staffNotice(p, id, "petition.new", "petition:"+flows.Itoa(p.ID)+":new:"+flows.Itoa(id), msgNoticeNewPetition))
	}
	return a.Enqueue(ctx, ns...)
}
