package flows

import (
	"context"
	"fmt"
	"strconv"

	"danchu"
)

// notice is an outbox message to one resident, written in their language
// when it is enqueued.
type notice struct {
	to       int64  // resident id
	kind     string // OutboxMessage.Kind
	dedup    string
	priority int
	text     func(lang string) string
	buttons  func(lang string) [][]danchu.OutboxButton
}

// enqueue writes the notices to the outbox. A recipient whose profile is
// gone (deleted at their request) is skipped.
func (e *Engine) enqueue(ctx context.Context, notices ...notice) error {
	var msgs []*danchu.OutboxMessage
	for _, n := range notices {
		if n.to == 0 {
			continue
		}
		r, err := e.Residents.FindResidentByID(ctx, n.to)
		if isNotFound(err) {
			continue
		}
		if err != nil {
			return fmt.Errorf("flows: notice recipient: %w", err)
		}
		lang := normLang(r.Language)
		m := &danchu.OutboxMessage{ChatID: r.TelegramID, ResidentID: r.ID, Kind: n.kind,
			Priority: n.priority, Text: n.text(lang), DedupKey: n.dedup,
			Status: danchu.OutboxPending, NotBefore: e.now()}
		if n.buttons != nil {
			m.Buttons = n.buttons(lang)
		}
		msgs = append(msgs, m)
	}
	if len(msgs) == 0 {
		return nil
	}
	if err := e.Outbox.Enqueue(ctx, msgs...); err != nil {
		return fmt.Errorf("flows: enqueue notices: %w", err)
	}
	return nil
}

func (e *Engine) tr(lang string, id msg, data map[string]any) string {
	return localize(lang, id, e.withUnit(data))
}

// eventKey is the dedup key of what a petition's event sends to someone.
func eventKey(p *danchu.Petition, ev *danchu.Event) string {
	return "petition:" + itoa(p.ID) + ":event:" + itoa(ev.ID)
}

// authorNoticeTexts are the steps the author is told of, with their text.
var authorNoticeTexts = map[danchu.Action]msg{
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
func (e *Engine) notifyAuthor(ctx context.Context, p *danchu.Petition, ev *danchu.Event) error {
	id, ok := authorNoticeTexts[ev.Action]
	if !ok || ev.Internal {
		return nil
	}
	n := notice{to: p.ResidentID, kind: "petition." + string(ev.Action), dedup: eventKey(p, ev),
		priority: danchu.PriorityPersonal}
	n.text = func(lang string) string {
		data := map[string]any{"Number": p.Number, "Kind": e.kindName(lang, p.Kind), "At": e.dateTime(ev.At),
			"Note": clip(ev.Note, maxContent), "Body": p.TransferredTo, "Due": e.date(p.ResolveDue),
			"Files": len(ev.Attachments)}
		if ev.Action == danchu.ActionClose {
			data["Due"] = e.date(e.calendar().ReopenUntil(e.Settings, p))
		}
		text := e.tr(lang, id, data)
		if ev.Action == danchu.ActionAnswer && len(ev.Attachments) > 0 {
			text += "\n" + e.tr(lang, msgNoticeAnswerFiles, data)
		}
		if ev.Action == danchu.ActionAnswer {
			text += "\n\n" + e.tr(lang, msgRatePrompt, nil)
		}
		return text
	}
	n.buttons = func(lang string) [][]danchu.OutboxButton {
		view := []danchu.OutboxButton{{Text: e.tr(lang, msgViewPetition, nil), Data: "my:v:" + itoa(p.ID)}}
		if ev.Action != danchu.ActionAnswer {
			return [][]danchu.OutboxButton{view}
		}
		rows := [][]danchu.OutboxButton{outboxRow(rateButtons(p.ID))}
		if len(ev.Attachments) > 0 {
			rows = append(rows, outboxRow([]Button{e.answerFilesButton(lang, p, ev)}))
		}
		return append(rows, view)
	}
	return e.enqueue(ctx, n)
}

// rateButtons are the scores 1 to 5 of an answered petition.
func rateButtons(id int64) []Button {
	row := make([]Button, 0, 5)
	for s := 1; s <= 5; s++ {
		row = append(row, Button{Text: strconv.Itoa(s), Data: "my:s:" + itoa(id) + ":" + strconv.Itoa(s)})
	}
	return row
}

func outboxRow(row []Button) []danchu.OutboxButton {
	out := make([]danchu.OutboxButton, 0, len(row))
	for _, b := range row {
		out = append(out, danchu.OutboxButton{Text: b.Text, Data: b.Data})
	}
	return out
}

// staffNotice is a notice to an official about a petition, with a button
// that opens it in the inbox. It names the petition, never its author.
func (e *Engine) staffNotice(p *danchu.Petition, to int64, kind, dedup string, id msg) notice {
	return notice{to: to, kind: kind, dedup: dedup, priority: danchu.PriorityPersonal,
		text: func(lang string) string {
			return e.tr(lang, id, map[string]any{"Number": p.Number, "Kind": e.kindName(lang, p.Kind),
				"Field": p.Field, "Place": e.placeName(lang, p.Neighbourhood), "At": e.dateTime(p.ReceivedAt),
				"Due": e.date(p.Due())})
		},
		buttons: func(lang string) [][]danchu.OutboxButton {
			return [][]danchu.OutboxButton{{{Text: e.tr(lang, msgViewPetition, nil), Data: "ib:v:" + itoa(p.ID)}}}
		},
	}
}

// notifyNewPetition tells the chairmen of a new khiếu nại or tố cáo, without
// the author's identity.
func (e *Engine) notifyNewPetition(ctx context.Context, p *danchu.Petition) error {
	if !p.Kind.NeedsIdentity() {
		return nil
	}
	ids, err := e.staffWith(ctx, danchu.RoleChairman)
	if err != nil {
		return err
	}
	var ns []notice
	for _, id := range ids {
		ns = append(ns, e.staffNotice(p, id, "petition.new", "petition:"+itoa(p.ID)+":new:"+itoa(id), msgNoticeNewPetition))
	}
	return e.enqueue(ctx, ns...)
}

// staffWith lists the residents holding any of roles, each once, in the
// order of ListRoles.
func (e *Engine) staffWith(ctx context.Context, roles ...danchu.Role) ([]int64, error) {
	grants, err := e.Roles.ListRoles(ctx)
	if err != nil {
		return nil, fmt.Errorf("flows: list roles: %w", err)
	}
	seen := map[int64]bool{}
	var ids []int64
	for _, g := range grants {
		for _, r := range roles {
			if g.Role == r && !seen[g.ResidentID] {
				seen[g.ResidentID] = true
				ids = append(ids, g.ResidentID)
			}
		}
	}
	return ids, nil
}
