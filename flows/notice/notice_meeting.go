package notice

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"danchu/flows"

	"danchu"
)

// meetingAnswerCodes are the answers as button data writes them.
var meetingAnswerCodes = map[string]string{"at": danchu.AnswerAttend, "ab": danchu.AnswerAbsent, "ak": danchu.AnswerAck}

var answerMessages = map[string]flows.Msg{
	danchu.AnswerAttend: msgAnswerAttend,
	danchu.AnswerAbsent: msgAnswerAbsent,
	danchu.AnswerAck:    msgAnswerAck,
}

// mayViewTally: the sender of the notice, the chairman and officials, and
// the head of a neighbourhood it reached.
func (a *Area) mayViewTally(t *flows.Turn, n *danchu.Notice) bool {
	if n.SenderID == t.Resident.ID && maySend(t.Roles) || danchu.CanPublish(t.Roles) {
		return true
	}
	for _, nb := range danchu.LedNeighbourhoods(t.Roles) {
		if slices.Contains(n.Audience.Neighbourhoods, nb) {
			return true
		}
	}
	return false
}

// meetingTally shows the answers to a meeting notice counted per household
// and lists, per neighbourhood, the households that have not answered (with
// their representative) and the residents who count alone, so that they can
// be visited. Refreshing ("gtb:sr:") edits the tally; from a progress
// message or a list it comes as a new message.
func (a *Area) meetingTally(ctx context.Context, t *flows.Turn, arg string, refresh bool) ([]flows.Reply, error) {
	id, ok := flows.ParseID(arg)
	if !ok {
		return t.InvalidButton(), nil
	}
	n, err := a.Notices.FindNotice(ctx, id)
	if err != nil && !flows.IsNotFound(err) {
		return nil, fmt.Errorf("flows: meeting tally: %w", err)
	}
	if err != nil || n.Meeting == nil || !a.mayViewTally(t, n) {
		return []flows.Reply{t.WithMenu(flows.MsgErrorNotFound, nil)}, nil
	}
	c, err := a.countMeeting(ctx, n)
	if err != nil {
		return nil, err
	}
	lang := t.Lang()
	silent := 0
	for _, u := range c.units {
		if u.answer == "" {
			silent++
		}
	}
	lines := []string{
		t.T(msgTallyTitle, map[string]any{"Meeting": a.noticeLabel(lang, n), "When": a.When(lang, n.Meeting.At)}),
		t.T(msgTallyCounts, map[string]any{
			"Attend": flows.Count(lang, c.counts[danchu.AnswerAttend]), "Absent": flows.Count(lang, c.counts[danchu.AnswerAbsent]),
			"Ack": flows.Count(lang, c.counts[danchu.AnswerAck]), "Silent": flows.Count(lang, silent),
			"Total": flows.Count(lang, c.total)}),
	}
	if silent > 0 {
		lines = append(lines, "", t.T(msgTallySilent, nil))
		names, groups := a.silentByNeighbourhood(c)
		shown := 0
		for _, nb := range names {
			if shown == maxNames {
				break
			}
			lines = append(lines, t.T(msgTallyNeighbourhood, map[string]any{"Neighbourhood": nb, "Count": flows.Count(lang, len(groups[nb]))}))
			for _, u := range groups[nb] {
				if shown == maxNames {
					break
				}
				line, err := a.silentLine(ctx, t, u)
				if err != nil {
					return nil, err
				}
				lines = append(lines, "• "+line)
				shown++
			}
		}
		if more := silent - shown; more > 0 {
			lines = append(lines, t.T(msgTallyMore, map[string]any{"Count": flows.Count(lang, more)}))
		}
	}
	lines = append(lines, "", t.T(msgTallyPerHousehold, nil))
	return []flows.Reply{{Text: flows.Clip(strings.Join(lines, "\n"), flows.MaxText), Edit: refresh,
		Buttons: [][]flows.Button{{{Text: t.T(msgTallyRefresh, nil), Data: "gtb:sr:" + flows.Itoa(n.ID)}}}}}, nil
}

// silentLine names a household that has not answered by its address and
// representative, or a resident alone by name; either marked when the
// person cannot be reached through the bot.
func (a *Area) silentLine(ctx context.Context, t *flows.Turn, u *tallyUnit) (string, error) {
	if u.household == nil {
		line := u.resident.FullName + " " + t.T(msgTallyAlone, nil)
		if u.resident.Unreachable {
			line += " " + t.T(msgTallyBlocked, nil)
		}
		return line, nil
	}
	rep, err := a.Residents.FindResidentByID(ctx, u.household.RepresentativeID)
	if err != nil && !flows.IsNotFound(err) {
		return "", fmt.Errorf("flows: representative: %w", err)
	}
	name := ""
	if err == nil {
		name = rep.FullName
	}
	line := t.T(msgTallyHousehold, map[string]any{"Address": u.household.Address, "Name": name})
	if err == nil && rep.Unreachable {
		line += " " + t.T(msgTallyBlocked, nil)
	}
	return line, nil
}
