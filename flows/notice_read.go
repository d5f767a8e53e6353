package flows

import (
	"context"
	"fmt"
	"strings"

	"danchu"
)

// /thong_bao: the notices of the last noticeDays that reach the resident,
// newest first, and the answers to a meeting notice.
//
//	tb:l:<page>            the list
//	tb:o:<notice>          one notice
//	tb:a:<notice>:<at|ab|ak>   attend, absent, received (a meeting notice)
//	tb:f:<notice>          its photos and documents
//
// A notice is shown, answered and its files sent only to someone in its
// audience (or its sender, or the chairman and officials): the id in the
// button's data proves nothing.

func (e *Engine) noticesStart(ctx context.Context, t *Turn) ([]Reply, error) {
	r, err := e.noticeList(ctx, t, 0)
	return []Reply{r}, err
}

func (e *Engine) noticesButton(ctx context.Context, t *Turn) ([]Reply, error) {
	_, rest, _ := splitData(t.In.CallbackData)
	cmd, arg, _ := strings.Cut(rest, ":")
	switch cmd {
	case "l":
		page, ok := indexIn(arg, 10000)
		if !ok {
			return e.invalidButton(t), nil
		}
		r, err := e.noticeList(ctx, t, page)
		return []Reply{e.edit(r)}, err
	case "o", "f", "a":
		idText, code, _ := strings.Cut(arg, ":")
		id, ok := parseID(idText)
		if !ok {
			return e.invalidButton(t), nil
		}
		n, err := e.Notices.FindNotice(ctx, id)
		if err != nil && !isNotFound(err) {
			return nil, fmt.Errorf("flows: notice: %w", err)
		}
		if err != nil || !e.mayRead(t, n) {
			return []Reply{t.WithMenu(msgErrorNotFound, nil)}, nil
		}
		switch cmd {
		case "o":
			r, err := e.noticeCard(ctx, t, n)
			return []Reply{r}, err
		case "f":
			if len(n.Attachments) == 0 {
				return []Reply{t.Say(msgReachFilesNone, nil)}, nil
			}
			return []Reply{e.filesReply(t, e.noticeLabel(t.Lang(), n), n.Attachments)}, nil
		}
		return e.answerMeeting(ctx, t, n, code)
	}
	return e.invalidButton(t), nil
}

// mayRead: someone in the notice's audience, its sender, the chairman and
// officials.
func (e *Engine) mayRead(t *Turn, n *danchu.Notice) bool {
	return n.Audience.Includes(t.Resident, t.Roles) || n.SenderID == t.Resident.ID || danchu.CanPublish(t.Roles)
}

// noticeList is one page of the notices that reach the person.
func (e *Engine) noticeList(ctx context.Context, t *Turn, page int) (Reply, error) {
	recent, err := e.Notices.RecentNotices(ctx, t.Now().AddDate(0, 0, -noticeDays), maxNoticesScanned)
	if err != nil {
		return Reply{}, fmt.Errorf("flows: recent notices: %w", err)
	}
	var mine []*danchu.Notice
	for _, n := range recent {
		if n.Audience.Includes(t.Resident, t.Roles) {
			mine = append(mine, n)
		}
	}
	if page*pageSize >= len(mine) {
		page = 0
	}
	lines := []string{t.T(msgNoticesTitle, map[string]any{"Days": noticeDays, "Total": len(mine)})}
	var rows [][]Button
	for i, n := range mine[page*pageSize : min(len(mine), (page+1)*pageSize)] {
		label := fmt.Sprintf("%d. %s · %s", page*pageSize+i+1, e.date(n.CreatedAt), e.noticeLabel(t.Lang(), n))
		lines = append(lines, label)
		rows = append(rows, []Button{{Text: clip(label, 60), Data: "tb:o:" + itoa(n.ID)}})
	}
	if len(mine) == 0 {
		lines = append(lines, t.T(msgNoticesNone, nil))
	}
	if row := pager(t, "tb:l:", page, len(mine)); row != nil {
		rows = append(rows, row)
	}
	return Reply{Text: clip(strings.Join(lines, "\n"), maxText), Buttons: rows}, nil
}

// noticeCard is a notice as it was sent, with its buttons and the person's
// answer to a meeting.
func (e *Engine) noticeCard(ctx context.Context, t *Turn, n *danchu.Notice) (Reply, error) {
	from, err := e.senderSignature(ctx, t.Lang(), n.SenderID)
	if err != nil {
		return Reply{}, err
	}
	text := e.noticeMessage(t.Lang(), n, from)
	if n.Meeting != nil {
		answers, err := e.Notices.MeetingAnswersOf(ctx, n.ID)
		if err != nil {
			return Reply{}, fmt.Errorf("flows: meeting answers: %w", err)
		}
		for _, a := range answers {
			if a.ResidentID == t.Resident.ID {
				text += "\n\n" + t.T(msgAnswerYours, map[string]any{"Answer": t.T(answerMessages[a.Answer], nil), "At": e.dateTime(a.At)})
			}
		}
	}
	var rows [][]Button
	for _, row := range e.noticeButtons(t.Lang(), n) {
		var line []Button
		for _, b := range row {
			line = append(line, Button{Text: b.Text, Data: b.Data})
		}
		rows = append(rows, line)
	}
	return Reply{Text: clip(text, maxText), Buttons: rows}, nil
}

// senderSignature signs a stored notice with its sender's name and role
// now; nothing when the profile is gone.
func (e *Engine) senderSignature(ctx context.Context, lang string, senderID int64) (string, error) {
	if senderID == 0 {
		return "", nil
	}
	r, err := e.Residents.FindResidentByID(ctx, senderID)
	if isNotFound(err) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("flows: notice sender: %w", err)
	}
	grants, err := e.Roles.RolesOf(ctx, r.ID)
	if err != nil {
		return "", fmt.Errorf("flows: notice sender roles: %w", err)
	}
	return e.signature(lang, r, grants), nil
}

// answerMeeting records the person's answer; another press changes it.
func (e *Engine) answerMeeting(ctx context.Context, t *Turn, n *danchu.Notice, code string) ([]Reply, error) {
	answer, ok := meetingAnswerCodes[code]
	if !ok || n.Meeting == nil {
		return e.invalidButton(t), nil
	}
	if !n.Audience.Includes(t.Resident, t.Roles) {
		return []Reply{t.WithMenu(msgAnswerNotInvited, nil)}, nil
	}
	err := e.Notices.AnswerMeeting(ctx, danchu.MeetingAnswer{NoticeID: n.ID, ResidentID: t.Resident.ID, Answer: answer, At: t.Now()})
	if err != nil {
		return nil, fmt.Errorf("flows: answer meeting: %w", err)
	}
	return []Reply{t.Say(msgAnswerThanks, map[string]any{"Answer": t.T(answerMessages[answer], nil),
		"Meeting": e.noticeLabel(t.Lang(), n), "When": e.when(t.Lang(), n.Meeting.At)})}, nil
}
