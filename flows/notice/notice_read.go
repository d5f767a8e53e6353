package notice

import (
	"context"
	"fmt"
	"strings"

	"danchu/flows"

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

func (a *Area) noticesStart(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	r, err := a.noticeList(ctx, t, 0)
	return []flows.Reply{r}, err
}

func (a *Area) noticesButton(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	_, rest, _ := flows.SplitData(t.In.CallbackData)
	cmd, arg, _ := strings.Cut(rest, ":")
	switch cmd {
	case "l":
		page, ok := flows.IndexIn(arg, 10000)
		if !ok {
			return t.InvalidButton(), nil
		}
		r, err := a.noticeList(ctx, t, page)
		return []flows.Reply{a.Edit(r)}, err
	case "o", "f", "a":
		idText, code, _ := strings.Cut(arg, ":")
		id, ok := flows.ParseID(idText)
		if !ok {
			return t.InvalidButton(), nil
		}
		n, err := a.Notices.FindNotice(ctx, id)
		if err != nil && !flows.IsNotFound(err) {
			return nil, fmt.Errorf("flows: notice: %w", err)
		}
		if err != nil || !a.mayRead(t, n) {
			return []flows.Reply{t.WithMenu(flows.MsgErrorNotFound, nil)}, nil
		}
		switch cmd {
		case "o":
			r, err := a.noticeCard(ctx, t, n)
			return []flows.Reply{r}, err
		case "f":
			if len(n.Attachments) == 0 {
				return []flows.Reply{t.Say(msgReachFilesNone, nil)}, nil
			}
			return []flows.Reply{a.filesReply(t, a.noticeLabel(t.Lang(), n), n.Attachments)}, nil
		}
		return a.answerMeeting(ctx, t, n, code)
	}
	return t.InvalidButton(), nil
}

// mayRead: someone in the notice's audience, its sender, the chairman and
// officials.
func (a *Area) mayRead(t *flows.Turn, n *danchu.Notice) bool {
	return n.Audience.Includes(t.Resident, t.Roles) || n.SenderID == t.Resident.ID || danchu.CanPublish(t.Roles)
}

// noticeList is one page of the notices that reach the person.
func (a *Area) noticeList(ctx context.Context, t *flows.Turn, page int) (flows.Reply, error) {
	recent, err := a.Notices.RecentNotices(ctx, t.Now().AddDate(0, 0, -noticeDays), maxNoticesScanned)
	if err != nil {
		return flows.Reply{}, fmt.Errorf("flows: recent notices: %w", err)
	}
	var mine []*danchu.Notice
	for _, n := range recent {
		if n.Audience.Includes(t.Resident, t.Roles) {
			mine = append(mine, n)
		}
	}
	if page*flows.PageSize >= len(mine) {
		page = 0
	}
	lines := []string{t.T(msgNoticesTitle, map[string]any{"Days": noticeDays, "Total": len(mine)})}
	var rows [][]flows.Button
	for i, n := range mine[page*flows.PageSize : min(len(mine), (page+1)*flows.PageSize)] {
		label := fmt.Sprintf("%d. %s · %s", page*flows.PageSize+i+1, a.Date(n.CreatedAt), a.noticeLabel(t.Lang(), n))
		lines = append(lines, label)
		rows = append(rows, []flows.Button{{Text: flows.Clip(label, 60), Data: "tb:o:" + flows.Itoa(n.ID)}})
	}
	if len(mine) == 0 {
		lines = append(lines, t.T(msgNoticesNone, nil))
	}
	if row := flows.Pager(t, "tb:l:", page, len(mine)); row != nil {
		rows = append(rows, row)
	}
	return flows.Reply{Text: flows.Clip(strings.Join(lines, "\n"), flows.MaxText), Buttons: rows}, nil
}

// noticeCard is a notice as it was sent, with its buttons and the person's
// answer to a meeting.
func (a *Area) noticeCard(ctx context.Context, t *flows.Turn, n *danchu.Notice) (flows.Reply, error) {
	from, err := a.senderSignature(ctx, t.Lang(), n.SenderID)
	if err != nil {
		return flows.Reply{}, err
	}
	text := a.noticeMessage(t.Lang(), n, from)
	if n.Meeting != nil {
		answers, err := a.Notices.MeetingAnswersOf(ctx, n.ID)
		if err != nil {
			return flows.Reply{}, fmt.Errorf("flows: meeting answers: %w", err)
		}
		for _, ans := range answers {
			if ans.ResidentID == t.Resident.ID {
				text += "\n\n" + t.T(msgAnswerYours, map[string]any{"Answer": t.T(answerMessages[ans.Answer], nil), "At": a.DateTime(ans.At)})
			}
		}
	}
	var rows [][]flows.Button
	for _, row := range a.noticeButtons(t.Lang(), n) {
		var line []flows.Button
		for _, b := range row {
			line = append(line, flows.Button{Text: b.Text, Data: b.Data})
		}
		rows = append(rows, line)
	}
	return flows.Reply{Text: flows.Clip(text, flows.MaxText), Buttons: rows}, nil
}

// senderSignature signs a stored notice with its sender's name and role
// now; nothing when the profile is gone.
func (a *Area) senderSignature(ctx context.Context, lang string, senderID int64) (string, error) {
	if senderID == 0 {
		return "", nil
	}
	r, err := a.Residents.FindResidentByID(ctx, senderID)
	if flows.IsNotFound(err) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("flows: notice sender: %w", err)
	}
	grants, err := a.Roles.RolesOf(ctx, r.ID)
	if err != nil {
		return "", fmt.Errorf("flows: notice sender roles: %w", err)
	}
	return a.signature(lang, r, grants), nil
}

// answerMeeting records the person's answer; another press changes it.
func (a *Area) answerMeeting(ctx context.Context, t *flows.Turn, n *danchu.Notice, code string) ([]flows.Reply, error) {
	answer, ok := meetingAnswerCodes[code]
	if !ok || n.Meeting == nil {
		return t.InvalidButton(), nil
	}
	if !n.Audience.Includes(t.Resident, t.Roles) {
		return []flows.Reply{t.WithMenu(msgAnswerNotInvited, nil)}, nil
	}
	err := a.Notices.AnswerMeeting(ctx, danchu.MeetingAnswer{NoticeID: n.ID, ResidentID: t.Resident.ID, Answer: answer, At: t.Now()})
	if err != nil {
		return nil, fmt.Errorf("flows: answer meeting: %w", err)
	}
	return []flows.Reply{t.Say(msgAnswerThanks, map[string]any{"Answer": t.T(answerMessages[answer], nil),
		"Meeting": a.noticeLabel(t.Lang(), n), "When": a.When(t.Lang(), n.Meeting.At)})}, nil
}
