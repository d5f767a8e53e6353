package flows

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"danchu"
)

// meetingAnswerCodes are the answers as button data writes them.
var meetingAnswerCodes = map[string]string{"at": danchu.AnswerAttend, "ab": danchu.AnswerAbsent, "ak": danchu.AnswerAck}

var answerMessages = map[string]msg{
	danchu.AnswerAttend: msgAnswerAttend,
	danchu.AnswerAbsent: msgAnswerAbsent,
	danchu.AnswerAck:    msgAnswerAck,
}

// mayViewTally: the sender of the notice, the chairman and officials, and
// the head of a neighbourhood it reached.
func (e *Engine) mayViewTally(t *Turn, n *danchu.Notice) bool {
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

// meetingTally shows the answers to a meeting notice and names the
// residents who have not answered, so that they can be visited. The law
// counts households (LAW.md); until households exist (issue 5) each resident
// counts, and the text says so.
// Refreshing ("gtb:sr:") edits the tally; from a progress message or a list
// it comes as a new message.
func (e *Engine) meetingTally(ctx context.Context, t *Turn, arg string, refresh bool) ([]Reply, error) {
	id, ok := parseID(arg)
	if !ok {
		return e.invalidButton(t), nil
	}
	n, err := e.Notices.FindNotice(ctx, id)
	if err != nil && !isNotFound(err) {
		return nil, fmt.Errorf("flows: meeting tally: %w", err)
	}
	if err != nil || n.Meeting == nil || !e.mayViewTally(t, n) {
		return []Reply{t.WithMenu(msgErrorNotFound, nil)}, nil
	}
	answers, err := e.Notices.MeetingAnswersOf(ctx, n.ID)
	if err != nil {
		return nil, fmt.Errorf("flows: meeting tally: %w", err)
	}
	residents, err := e.audienceResidents(ctx, n.Audience)
	if err != nil {
		return nil, err
	}
	answered := map[int64]bool{}
	counts := map[string]int{}
	for _, a := range answers {
		counts[a.Answer]++
		answered[a.ResidentID] = true
	}
	var silent []string
	for _, r := range residents {
		if !answered[r.ID] {
			name := r.FullName
			if r.Unreachable {
				name += " " + t.T(msgTallyBlocked, nil)
			}
			silent = append(silent, name)
		}
	}
	lang := t.Lang()
	lines := []string{
		t.T(msgTallyTitle, map[string]any{"Meeting": e.noticeLabel(lang, n), "When": e.when(lang, n.Meeting.At)}),
		t.T(msgTallyCounts, map[string]any{
			"Attend": count(lang, counts[danchu.AnswerAttend]), "Absent": count(lang, counts[danchu.AnswerAbsent]),
			"Ack": count(lang, counts[danchu.AnswerAck]), "Silent": count(lang, len(silent)),
			"Total": count(lang, len(residents))}),
	}
	if len(silent) > 0 {
		shown := silent[:min(len(silent), maxNames)]
		lines = append(lines, "", t.T(msgTallySilent, nil))
		for _, name := range shown {
			lines = append(lines, "• "+name)
		}
		if more := len(silent) - len(shown); more > 0 {
			lines = append(lines, t.T(msgTallyMore, map[string]any{"Count": count(lang, more)}))
		}
	}
	lines = append(lines, "", t.T(msgTallyPerResident, nil))
	return []Reply{{Text: clip(strings.Join(lines, "\n"), maxText), Edit: refresh,
		Buttons: [][]Button{{{Text: t.T(msgTallyRefresh, nil), Data: "gtb:sr:" + itoa(n.ID)}}}}}, nil
}
