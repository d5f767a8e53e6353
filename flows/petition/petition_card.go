package petition

import (
	"context"
	"fmt"
	"strings"
	"time"

	"danchu/flows"

	"danchu"
)

// cardFacts are the lines of a petition card that its author and the staff
// both see: number, kind, field, place, status, dates and the complaint's
// parts. Never the author's identity.
func (a *Area) cardFacts(t *flows.Turn, p *danchu.Petition) []string {
	lang := t.Lang()
	line := func(id flows.Msg, v string) string { return t.T(id, map[string]any{"Value": v}) }
	status := a.statusName(lang, p.Status)
	if p.Reopened() && p.Status.Pending() {
		status += " " + t.T(msgReopenedFlag, nil)
	}
	lines := []string{
		t.T(msgCardTitle, map[string]any{"Number": p.Number}),
		line(msgLineKind, flows.UpperFirst(a.kindName(lang, p.Kind))),
		line(msgLineField, p.Field),
		line(msgLinePlace, a.PlaceName(lang, p.Neighbourhood)),
		line(msgLineStatus, status),
		line(msgLineReceived, a.DateTime(p.ReceivedAt)),
	}
	now := t.Now()
	if p.Status == danchu.StatusReceived {
		lines = append(lines, line(msgLineAcceptDue, a.dueText(lang, p.AcceptDue, now)))
	}
	if p.Status.Pending() {
		lines = append(lines, line(msgLineResolveDue, a.dueText(lang, p.ResolveDue, now)))
	}
	if p.Status == danchu.StatusTransferred {
		lines = append(lines, line(msgLineTransferredTo, p.TransferredTo))
	}
	if p.Kind == danchu.KindComplaint {
		learned := ""
		if p.LearnedAt != nil {
			learned = a.Date(*p.LearnedAt)
		}
		lines = append(lines, line(msgLineSubject, p.Subject), line(msgLineLearned, learned), line(msgLineRequest, p.Request))
	}
	return append(lines, line(msgLineAttachments, a.attachmentsText(lang, p.Attachments)))
}

// historyMessages name the events in a card's history.
var historyMessages = map[danchu.Action]flows.Msg{
	danchu.ActionSubmit:   msgHistSubmit,
	danchu.ActionAssign:   msgHistAssign,
	danchu.ActionAccept:   msgHistAccept,
	danchu.ActionRefuse:   msgHistRefuse,
	danchu.ActionTransfer: msgHistTransfer,
	danchu.ActionExtend:   msgHistExtend,
	danchu.ActionAnswer:   msgHistAnswer,
	danchu.ActionNote:     msgHistNote,
	danchu.ActionClose:    msgHistClose,
	danchu.ActionWithdraw: msgHistWithdraw,
	danchu.ActionReopen:   msgHistReopen,
}

// historyLines are the events of p, oldest first, as lines and as they are
// stored. The staff see internal events and who acted; the author is always
// "the author", never a name.
func (a *Area) historyLines(ctx context.Context, t *flows.Turn, p *danchu.Petition, staff bool) ([]string, []danchu.Event, error) {
	events, err := a.Petitions.Events(ctx, p.ID, staff)
	if err != nil {
		return nil, nil, fmt.Errorf("flows: petition history: %w", err)
	}
	names := map[int64]string{}
	name := func(id int64) (string, error) {
		switch {
		case id == 0:
			return t.T(msgHistBySystem, nil), nil
		case id == p.ResidentID:
			return t.T(msgHistByAuthor, nil), nil
		}
		if n, ok := names[id]; ok {
			return n, nil
		}
		r, err := a.Residents.FindResidentByID(ctx, id)
		if flows.IsNotFound(err) {
			names[id] = t.T(msgHistByGone, nil)
			return names[id], nil
		}
		if err != nil {
			return "", fmt.Errorf("flows: history actor: %w", err)
		}
		names[id] = r.FullName
		return r.FullName, nil
	}
	lines := make([]string, 0, len(events))
	for _, ev := range events {
		if ev.Internal && !staff {
			continue
		}
		id, ok := historyMessages[ev.Action]
		if !ok {
			continue
		}
		data := map[string]any{"Note": ev.Note, "Body": p.TransferredTo, "Files": len(ev.Attachments)}
		if ev.Action == danchu.ActionAssign {
			target, err := name(ev.TargetID)
			if err != nil {
				return nil, nil, err
			}
			data["Name"] = target
		}
		what := t.T(id, data)
		if ev.Note != "" && (ev.Action == danchu.ActionWithdraw || ev.Action == danchu.ActionClose || ev.Action == danchu.ActionAccept) {
			what += ": " + ev.Note
		}
		if len(ev.Attachments) > 0 {
			what += " " + t.T(msgHistFiles, data)
		}
		if staff {
			who, err := name(ev.ActorID)
			if err != nil {
				return nil, nil, err
			}
			what += " — " + who
		}
		lines = append(lines, "• "+a.DateTime(ev.At)+" — "+what)
	}
	return lines, events, nil
}

// cardText puts a card together: facts, then the content, then the
// history; the oldest events give way when it is too long for a message.
func (a *Area) cardText(t *flows.Turn, facts []string, content string, history []string) string {
	head := strings.Join(facts, "\n") + "\n\n" + t.T(msgLineContent, map[string]any{"Value": content})
	title := "\n\n" + t.T(msgHistTitle, nil)
	budget := flows.MaxText - flows.Runes(head) - flows.Runes(title)
	var kept []string
	used := 0
	for i := len(history) - 1; i >= 0; i-- {
		n := flows.Runes(history[i]) + 1
		if used+n > budget-2 {
			kept = append(kept, "…")
			break
		}
		used += n
		kept = append(kept, history[i])
	}
	if len(kept) == 0 {
		return flows.Clip(head, flows.MaxText)
	}
	for i, j := 0, len(kept)-1; i < j; i, j = i+1, j-1 {
		kept[i], kept[j] = kept[j], kept[i]
	}
	return flows.Clip(head+title+"\n"+strings.Join(kept, "\n"), flows.MaxText)
}

// change makes ch to p as the turn's person: Rules.Apply decides (and asks
// Can again), PetitionService.Transition saves over p's version. Errors
// keep their codes: EFORBIDDEN, EINVALID, ECONFLICT.
func (a *Area) change(ctx context.Context, t *flows.Turn, p *danchu.Petition, ch danchu.Change) (*danchu.Petition, *danchu.Event, error) {
	ch.At = t.Now().Truncate(time.Second)
	next, ev, err := a.Rules().Apply(t.Actor(), p, ch)
	if err != nil {
		return nil, nil, err
	}
	if err := a.Petitions.Transition(ctx, next, ev); err != nil {
		return nil, nil, fmt.Errorf("flows: petition %d %s: %w", p.ID, ch.Action, err)
	}
	return next, ev, nil
}

// findPetition loads a petition named by button data; nil when it does not
// exist.
func (a *Area) findPetition(ctx context.Context, id int64) (*danchu.Petition, error) {
	p, err := a.Petitions.FindPetitionByID(ctx, id)
	if flows.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: find petition: %w", err)
	}
	return p, nil
}
