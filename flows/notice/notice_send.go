package notice

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"danchu/flows"

	"danchu"
)

// "Gửi thông báo" (/gui_thong_bao): staff write a notice or a meeting notice,
// choose who it reaches, see it as residents will, and send it; the preview
// then becomes the broadcast's progress message.
//
//	gtb:k:n, gtb:k:m          a notice, a meeting notice
//	gtb:all, gtb:nbs, gtb:roles   everyone, choose neighbourhoods, choose a role
//	gtb:n:<i>, gtb:nd         toggle neighbourhood i, done choosing
//	gtb:r:<role>              the holders of a role
//	gtb:skip                  a meeting notice without a message of its own
//	gtb:ok, gtb:no            send, give up
//	gtb:stop:<broadcast>      stop a broadcast (notice_broadcast.go)
//	gtb:my:<page>, gtb:v:<id> the notices one sent, one of them
//	gtb:st:<notice>, gtb:sr:<notice>  the answers to a meeting notice, refreshed (notice_meeting.go)
//
// A tiểu khu head reaches only the neighbourhoods they lead: every press is
// checked against danchu.CanReach with the roles loaded for this update.

type sendState string

const (
	sendKind     sendState = "kind"
	sendAudience sendState = "audience"
	sendDate     sendState = "date"
	sendTime     sendState = "time"
	sendPlace    sendState = "place"
	sendAgenda   sendState = "agenda"
	sendText     sendState = "text"
	sendReview   sendState = "review"
)

// composed is the notice being written, kept in the session.
type composed struct {
	Meeting  bool                `json:"meeting,omitempty"`
	Audience danchu.Audience     `json:"audience"`
	Day      time.Time           `json:"day,omitzero"` // midnight of the meeting's day
	At       time.Time           `json:"at,omitzero"`
	Place    string              `json:"place,omitempty"`
	Agenda   string              `json:"agenda,omitempty"`
	Text     string              `json:"text,omitempty"`
	Files    []danchu.Attachment `json:"files,omitempty"`
}

func loadComposed(t *flows.Turn) (*composed, bool) {
	var c composed
	if t.Session.Flow != flowSend || json.Unmarshal([]byte(t.Get("c")), &c) != nil {
		return nil, false
	}
	return &c, true
}

func keepComposed(t *flows.Turn, c *composed, state sendState) {
	raw, _ := json.Marshal(c) // plain fields: cannot fail
	t.Session.State = string(state)
	t.Set("c", string(raw))
}

// maySend: the chairman, officials, and heads who lead a neighbourhood.
func maySend(grants []danchu.RoleGrant) bool {
	return danchu.CanPublish(grants) || len(danchu.LedNeighbourhoods(grants)) > 0
}

func (a *Area) sendStart(_ context.Context, t *flows.Turn) ([]flows.Reply, error) {
	if !maySend(t.Roles) {
		return []flows.Reply{t.WithMenu(flows.MsgStaffOnly, nil)}, nil
	}
	t.Begin(flowSend, string(sendKind))
	keepComposed(t, &composed{}, sendKind)
	return []flows.Reply{{Text: t.T(msgSendKind, nil), Buttons: [][]flows.Button{
		{{Text: t.T(msgSendKindNotice, nil), Data: "gtb:k:n"}, {Text: t.T(msgSendKindMeeting, nil), Data: "gtb:k:m"}},
		{{Text: t.T(msgSendMine, nil), Data: "gtb:my:0"}},
	}}}, nil
}

func (a *Area) sendButton(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	_, rest, _ := flows.SplitData(t.In.CallbackData)
	cmd, arg, _ := strings.Cut(rest, ":")
	// Buttons that work on any message: a progress, a list, a tally.
	switch cmd {
	case "stop":
		return a.stopBroadcast(ctx, t, arg)
	case "st", "sr":
		return a.meetingTally(ctx, t, arg, cmd == "sr")
	case "my":
		return a.myNotices(ctx, t, arg)
	case "v":
		return a.myNotice(ctx, t, arg)
	}
	if !maySend(t.Roles) {
		t.Leave()
		return []flows.Reply{t.WithMenu(flows.MsgStaffOnly, nil)}, nil
	}
	c, ok := loadComposed(t)
	if !ok {
		return t.InvalidButton(), nil
	}
	state := sendState(t.Session.State)
	switch {
	case rest == "no":
		t.Leave()
		return []flows.Reply{a.Edit(t.Say(msgSendDropped, nil)), t.WithMenu(flows.MsgHintMenu, nil)}, nil
	case state == sendKind && cmd == "k" && (arg == "n" || arg == "m"):
		c.Meeting = arg == "m"
		return a.chooseAudience(ctx, t, c)
	case state == sendAudience:
		return a.audienceButton(ctx, t, c, cmd, arg)
	case state == sendText && rest == "skip" && c.Meeting:
		return a.review(ctx, t, c)
	case state == sendReview && rest == "ok":
		return a.sendNotice(ctx, t, c)
	}
	return t.InvalidButton(), nil
}

// chooseAudience asks who the notice reaches. A head chooses among the
// neighbourhoods they lead, all of them chosen to begin with.
func (a *Area) chooseAudience(_ context.Context, t *flows.Turn, c *composed) ([]flows.Reply, error) {
	keepComposed(t, c, sendAudience)
	if !danchu.CanPublish(t.Roles) {
		c.Audience = danchu.Audience{Neighbourhoods: danchu.LedNeighbourhoods(t.Roles)}
		keepComposed(t, c, sendAudience)
		return []flows.Reply{a.Edit(a.neighbourhoodPicker(t, c))}, nil
	}
	return []flows.Reply{a.Edit(flows.Reply{Text: t.T(msgSendAudience, nil), Buttons: [][]flows.Button{
		{{Text: t.T(msgSendAll, nil), Data: "gtb:all"}},
		{{Text: t.T(msgSendNeighbourhoods, nil), Data: "gtb:nbs"}},
		{{Text: t.T(msgSendRoles, nil), Data: "gtb:roles"}},
		{{Text: t.T(msgSendNo, nil), Data: "gtb:no"}},
	}})}, nil
}

// reachable lists the neighbourhoods the person may choose from.
func (a *Area) reachable(t *flows.Turn) []string {
	if danchu.CanPublish(t.Roles) {
		names := make([]string, 0, len(a.Settings.Neighbourhoods))
		for _, n := range a.Settings.Neighbourhoods {
			names = append(names, n.Name)
		}
		return names
	}
	return danchu.LedNeighbourhoods(t.Roles)
}

func (a *Area) neighbourhoodPicker(t *flows.Turn, c *composed) flows.Reply {
	var rows [][]flows.Button
	for i, n := range a.Settings.Neighbourhoods {
		if !slices.Contains(a.reachable(t), n.Name) {
			continue
		}
		mark := "⬜ "
		if slices.Contains(c.Audience.Neighbourhoods, n.Name) {
			mark = "✅ "
		}
		rows = append(rows, []flows.Button{{Text: mark + n.Name, Data: "gtb:n:" + strconv.Itoa(i)}})
	}
	rows = append(rows, []flows.Button{{Text: t.T(msgSendPicked, nil), Data: "gtb:nd"}, {Text: t.T(msgSendNo, nil), Data: "gtb:no"}})
	return flows.Reply{Text: t.T(msgSendPick, nil), Buttons: rows}
}

// audienceButton handles the choice of audience. Choices beyond the
// person's reach are refused, whatever the button's data says.
func (a *Area) audienceButton(ctx context.Context, t *flows.Turn, c *composed, cmd, arg string) ([]flows.Reply, error) {
	refuse := func() ([]flows.Reply, error) {
		return []flows.Reply{t.Say(msgSendOutOfReach, map[string]any{"Places": strings.Join(danchu.LedNeighbourhoods(t.Roles), ", ")})}, nil
	}
	switch cmd {
	case "all":
		if !danchu.CanReach(t.Roles, danchu.Audience{All: true}) {
			return refuse()
		}
		c.Audience = danchu.Audience{All: true}
		return a.afterAudience(ctx, t, c)
	case "nbs":
		c.Audience = danchu.Audience{}
		keepComposed(t, c, sendAudience)
		return []flows.Reply{a.Edit(a.neighbourhoodPicker(t, c))}, nil
	case "n":
		i, ok := flows.IndexIn(arg, len(a.Settings.Neighbourhoods))
		if !ok {
			return t.InvalidButton(), nil
		}
		name := a.Settings.Neighbourhoods[i].Name
		if !danchu.CanReach(t.Roles, danchu.Audience{Neighbourhoods: []string{name}}) {
			return refuse()
		}
		aud := &c.Audience
		aud.All, aud.Role = false, ""
		if j := slices.Index(aud.Neighbourhoods, name); j >= 0 {
			aud.Neighbourhoods = slices.Delete(aud.Neighbourhoods, j, j+1)
		} else {
			aud.Neighbourhoods = append(aud.Neighbourhoods, name)
		}
		keepComposed(t, c, sendAudience)
		return []flows.Reply{a.Edit(a.neighbourhoodPicker(t, c))}, nil
	case "nd":
		if len(c.Audience.Neighbourhoods) == 0 {
			return []flows.Reply{t.Say(msgSendPickOne, nil)}, nil
		}
		if !danchu.CanReach(t.Roles, c.Audience) {
			return refuse()
		}
		return a.afterAudience(ctx, t, c)
	case "roles":
		if !danchu.CanPublish(t.Roles) {
			return refuse()
		}
		var rows [][]flows.Button
		for _, r := range danchu.Roles {
			rows = append(rows, []flows.Button{{Text: a.Tr(t.Lang(), flows.RoleMessages[r], nil), Data: "gtb:r:" + string(r)}})
		}
		rows = append(rows, []flows.Button{{Text: t.T(msgSendNo, nil), Data: "gtb:no"}})
		return []flows.Reply{a.Edit(flows.Reply{Text: t.T(msgSendPickRole, nil), Buttons: rows})}, nil
	case "r":
		role := danchu.Role(arg)
		if !role.Valid() {
			return t.InvalidButton(), nil
		}
		if !danchu.CanReach(t.Roles, danchu.Audience{Role: role}) {
			return refuse()
		}
		c.Audience = danchu.Audience{Role: role}
		return a.afterAudience(ctx, t, c)
	}
	return t.InvalidButton(), nil
}

// afterAudience asks the meeting's day, or the notice's text.
func (a *Area) afterAudience(_ context.Context, t *flows.Turn, c *composed) ([]flows.Reply, error) {
	chosen := a.Edit(t.Say(msgSendAudienceChosen, map[string]any{"Audience": a.audienceName(t.Lang(), c.Audience)}))
	if c.Meeting {
		keepComposed(t, c, sendDate)
		return []flows.Reply{chosen, t.Say(msgSendAskDate, map[string]any{"Example": a.Date(t.Now().AddDate(0, 0, 7))})}, nil
	}
	keepComposed(t, c, sendText)
	return []flows.Reply{chosen, t.Say(msgSendAskText, nil)}, nil
}

// audienceName says who an audience is, in lang.
func (a *Area) audienceName(lang string, aud danchu.Audience) string {
	switch {
	case aud.All:
		return a.Tr(lang, msgAudienceAll, nil)
	case aud.Role != "":
		return a.Tr(lang, msgAudienceRole, map[string]any{"Role": a.Tr(lang, flows.RoleMessages[aud.Role], nil)})
	}
	return strings.Join(aud.Neighbourhoods, ", ")
}

func (a *Area) sendStep(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	if !maySend(t.Roles) {
		t.Leave()
		return []flows.Reply{t.WithMenu(flows.MsgStaffOnly, nil)}, nil
	}
	c, ok := loadComposed(t)
	if !ok {
		t.Leave()
		return []flows.Reply{t.WithMenu(flows.MsgHintMenu, nil)}, nil
	}
	text := flows.Tidy(t.In.Text)
	files := inputFiles(t.In)
	switch state := sendState(t.Session.State); state {
	case sendDate:
		day, ok := a.ParseDay(text, t.Now())
		if !ok {
			return []flows.Reply{t.Say(msgSendBadDate, map[string]any{"Example": a.Date(t.Now().AddDate(0, 0, 7))})}, nil
		}
		c.Day = day
		keepComposed(t, c, sendTime)
		return []flows.Reply{t.Say(msgSendAskTime, nil)}, nil
	case sendTime:
		at, ok := flows.ParseClock(text, c.Day)
		if !ok {
			return []flows.Reply{t.Say(msgSendBadTime, nil)}, nil
		}
		if !at.After(t.Now()) {
			return []flows.Reply{t.Say(msgSendPast, nil)}, nil
		}
		c.At = at
		keepComposed(t, c, sendPlace)
		return []flows.Reply{t.Say(msgSendAskPlace, nil)}, nil
	case sendPlace, sendAgenda:
		limit := flows.MaxAddress
		if state == sendAgenda {
			limit = flows.MaxContent
		}
		if text == "" || flows.Runes(text) > limit {
			return []flows.Reply{t.Say(msgSendTooLong, map[string]any{"Max": limit})}, nil
		}
		if state == sendPlace {
			c.Place = text
			keepComposed(t, c, sendAgenda)
			return []flows.Reply{t.Say(msgSendAskAgenda, nil)}, nil
		}
		c.Agenda = text
		keepComposed(t, c, sendText)
		return []flows.Reply{{Text: t.T(msgSendAskMeetingText, nil), Buttons: [][]flows.Button{{{Text: t.T(msgSendSkip, nil), Data: "gtb:skip"}}}}}, nil
	case sendText, sendReview:
		if text == "" && len(files) == 0 {
			return []flows.Reply{t.Say(msgSendAskText, nil)}, nil
		}
		if flows.Runes(text) > flows.MaxContent {
			return []flows.Reply{t.Say(msgSendTooLong, map[string]any{"Max": flows.MaxContent})}, nil
		}
		if len(c.Files)+len(files) > maxNoticeFiles {
			return []flows.Reply{t.Say(msgSendTooManyFiles, map[string]any{"Max": maxNoticeFiles})}, nil
		}
		if text != "" {
			c.Text = text
		}
		c.Files = append(c.Files, files...)
		if c.Text == "" && !c.Meeting {
			keepComposed(t, c, sendText)
			return []flows.Reply{t.Say(msgSendFileNeedsText, nil)}, nil
		}
		return a.review(ctx, t, c)
	}
	return []flows.Reply{t.WithMenu(flows.MsgHintMenu, nil)}, nil
}

// review shows the notice as residents will see it, who it reaches and how
// many, and warns when a meeting is announced later than the settings ask.
func (a *Area) review(ctx context.Context, t *flows.Turn, c *composed) ([]flows.Reply, error) {
	to, err := a.AudienceResidents(ctx, c.Audience)
	if err != nil {
		return nil, err
	}
	keepComposed(t, c, sendReview)
	n := c.notice(t.Resident.ID)
	lines := []string{t.T(msgSendReview, nil), "", a.noticeMessage(t.Lang(), n, a.signature(t.Lang(), t.Resident, t.Roles))}
	if len(c.Files) > 0 {
		lines = append(lines, "", t.T(msgSendFilesAttached, map[string]any{"Count": len(c.Files)}))
	}
	lines = append(lines, "", t.T(msgSendReach, map[string]any{"Audience": a.audienceName(t.Lang(), c.Audience), "Count": flows.Count(t.Lang(), len(to))}))
	if c.Meeting {
		if ahead, need := a.daysAhead(t.Now(), c.At), a.Settings.Meetings.NoticeDaysAhead; ahead < need {
			lines = append(lines, t.T(msgSendLate, map[string]any{"Need": need, "Days": ahead}))
		}
	}
	lines = append(lines, t.T(msgSendReviewHint, nil))
	return []flows.Reply{{Text: flows.Clip(strings.Join(lines, "\n"), flows.MaxText), Buttons: [][]flows.Button{
		{{Text: t.T(msgSendOK, nil), Data: "gtb:ok"}, {Text: t.T(msgSendNo, nil), Data: "gtb:no"}},
	}}}, nil
}

// daysAhead counts the calendar days from now's day to the meeting's day in
// the unit's time zone.
func (a *Area) daysAhead(now, at time.Time) int {
	loc := a.Settings.Location()
	y1, m1, d1 := now.In(loc).Date()
	y2, m2, d2 := at.In(loc).Date()
	from := time.Date(y1, m1, d1, 0, 0, 0, 0, time.UTC)
	to := time.Date(y2, m2, d2, 0, 0, 0, 0, time.UTC)
	return int(to.Sub(from).Hours() / 24)
}

// sendNotice checks again that the person may reach the audience, then
// stores the notice, its broadcast and one outbox message per recipient.
func (a *Area) sendNotice(ctx context.Context, t *flows.Turn, c *composed) ([]flows.Reply, error) {
	if !danchu.CanReach(t.Roles, c.Audience) {
		t.Leave()
		return []flows.Reply{a.Edit(t.Say(msgSendOutOfReach, map[string]any{"Places": strings.Join(danchu.LedNeighbourhoods(t.Roles), ", ")}))}, nil
	}
	if err := c.Audience.Validate(a.Settings); err != nil {
		t.Leave()
		return []flows.Reply{t.WithMenu(flows.MsgErrorInvalid, nil)}, nil
	}
	to, err := a.AudienceResidents(ctx, c.Audience)
	if err != nil {
		return nil, err
	}
	n := c.notice(t.Resident.ID)
	b := &danchu.Broadcast{Kind: danchu.BroadcastNotice, SenderID: t.Resident.ID, ChatID: t.In.ChatID,
		ProgressMsgID: t.In.CallbackMessageID, Lang: t.Lang()}
	kind := "notice"
	if n.Meeting != nil {
		b.Kind, kind = danchu.BroadcastMeeting, "notice.meeting"
	}
	err = a.Notices.PublishNotice(ctx, n, b, func(noticeID, _ int64) ([]*danchu.OutboxMessage, error) {
		n.ID = noticeID
		return flows.BroadcastMessages(to, kind,
			func(lang string) string { return a.noticeMessage(lang, n, a.signature(lang, t.Resident, t.Roles)) },
			func(lang string) [][]danchu.OutboxButton { return a.noticeButtons(lang, n) }), nil
	})
	if err != nil {
		return nil, fmt.Errorf("flows: publish notice: %w", err)
	}
	t.Leave()
	return a.startProgress(ctx, t, b)
}

// noticeMessage is a notice as its recipients read it.
func (a *Area) noticeMessage(lang string, n *danchu.Notice, from string) string {
	var parts []string
	if m := n.Meeting; m != nil {
		parts = append(parts, a.Tr(lang, msgNoticeMeetingHead, map[string]any{
			"When": a.When(lang, m.At), "Place": m.Place, "Agenda": m.Agenda}))
	} else {
		parts = append(parts, a.Tr(lang, msgNoticeHead, nil))
	}
	if n.Text != "" {
		parts = append(parts, n.Text)
	}
	if from != "" {
		parts = append(parts, "— "+from)
	}
	if n.Meeting != nil {
		parts = append(parts, a.Tr(lang, msgNoticeMeetingAsk, nil))
	}
	return flows.Clip(strings.Join(parts, "\n\n"), flows.MaxText)
}

// noticeButtons are the answers of a meeting notice and its files.
func (a *Area) noticeButtons(lang string, n *danchu.Notice) [][]danchu.OutboxButton {
	var rows [][]danchu.OutboxButton
	id := flows.Itoa(n.ID)
	if n.Meeting != nil {
		rows = append(rows, []danchu.OutboxButton{
			{Text: a.Tr(lang, msgAnswerAttend, nil), Data: "tb:a:" + id + ":at"},
			{Text: a.Tr(lang, msgAnswerAbsent, nil), Data: "tb:a:" + id + ":ab"},
		}, []danchu.OutboxButton{{Text: a.Tr(lang, msgAnswerAck, nil), Data: "tb:a:" + id + ":ak"}})
	}
	if len(n.Attachments) > 0 {
		rows = append(rows, a.filesButton(lang, flowNotices, n.ID, len(n.Attachments)))
	}
	return rows
}

// signature names the sender under a notice: name, then role.
func (a *Area) signature(lang string, r *danchu.Resident, grants []danchu.RoleGrant) string {
	if r == nil {
		return ""
	}
	for _, role := range []danchu.Role{danchu.RoleChairman, danchu.RoleOfficial, danchu.RoleTieuKhuHead} {
		for _, g := range grants {
			if g.Role != role {
				continue
			}
			label := a.Tr(lang, flows.RoleMessages[role], nil)
			if g.Neighbourhood != "" {
				label = a.Tr(lang, flows.MsgRoleWithNeighbourhood, map[string]any{"Role": label, "Neighbourhood": g.Neighbourhood})
			}
			return r.FullName + ", " + label
		}
	}
	return r.FullName
}

// myNotices lists the notices the person sent, newest first.
func (a *Area) myNotices(ctx context.Context, t *flows.Turn, arg string) ([]flows.Reply, error) {
	page, ok := flows.IndexIn(arg, 10000)
	if !ok {
		return t.InvalidButton(), nil
	}
	if !maySend(t.Roles) {
		return []flows.Reply{t.WithMenu(flows.MsgStaffOnly, nil)}, nil
	}
	list, total, err := a.Notices.NoticesBy(ctx, t.Resident.ID, page*flows.PageSize, flows.PageSize)
	if err != nil {
		return nil, fmt.Errorf("flows: my notices: %w", err)
	}
	lines := []string{t.T(msgSendMineTitle, map[string]any{"Total": total})}
	var rows [][]flows.Button
	for i, n := range list {
		lines = append(lines, fmt.Sprintf("%d. %s · %s", page*flows.PageSize+i+1, a.DateTime(n.CreatedAt), a.noticeLabel(t.Lang(), n)))
		rows = append(rows, []flows.Button{{Text: fmt.Sprintf("%d. %s", page*flows.PageSize+i+1, flows.Clip(a.noticeLabel(t.Lang(), n), 40)), Data: "gtb:v:" + flows.Itoa(n.ID)}})
	}
	if len(list) == 0 {
		lines = append(lines, t.T(msgNoticesNone, nil))
	}
	if row := flows.Pager(t, "gtb:my:", page, total); row != nil {
		rows = append(rows, row)
	}
	return []flows.Reply{a.Edit(flows.Reply{Text: flows.Clip(strings.Join(lines, "\n"), flows.MaxText), Buttons: rows})}, nil
}

// myNotice shows one notice the person sent, with its broadcast's counts.
func (a *Area) myNotice(ctx context.Context, t *flows.Turn, arg string) ([]flows.Reply, error) {
	id, ok := flows.ParseID(arg)
	if !ok {
		return t.InvalidButton(), nil
	}
	n, err := a.Notices.FindNotice(ctx, id)
	if err != nil && !flows.IsNotFound(err) {
		return nil, fmt.Errorf("flows: notice: %w", err)
	}
	if err != nil || !a.mayViewTally(t, n) {
		return []flows.Reply{t.WithMenu(flows.MsgErrorNotFound, nil)}, nil
	}
	b, err := a.Broadcasts.FindBroadcast(ctx, n.BroadcastID)
	if err != nil {
		return nil, fmt.Errorf("flows: notice broadcast: %w", err)
	}
	c, err := a.Broadcasts.BroadcastCounts(ctx, b.ID)
	if err != nil {
		return nil, fmt.Errorf("flows: notice broadcast: %w", err)
	}
	b.Lang = t.Lang()
	progress, err := a.BroadcastProgress(ctx, b, c, 0)
	if err != nil {
		return nil, err
	}
	text := a.noticeMessage(t.Lang(), n, "") + "\n\n" + t.T(msgSendReach, map[string]any{"Audience": a.audienceName(t.Lang(), n.Audience), "Count": flows.Count(t.Lang(), c.Total())}) +
		"\n" + progress.Text
	return []flows.Reply{{Text: flows.Clip(text, flows.MaxText), Buttons: progress.Buttons}}, nil
}

// noticeLabel names a notice in a list: its first line, a meeting's day.
func (a *Area) noticeLabel(lang string, n *danchu.Notice) string {
	first, _, _ := strings.Cut(n.Text, "\n")
	if m := n.Meeting; m != nil {
		agenda, _, _ := strings.Cut(m.Agenda, "\n")
		return a.Tr(lang, msgMeetingLabel, map[string]any{"Day": a.Date(m.At), "Agenda": flows.Clip(agenda, 60)})
	}
	return flows.Clip(first, 60)
}

func (c *composed) notice(senderID int64) *danchu.Notice {
	n := &danchu.Notice{SenderID: senderID, Audience: c.Audience, Text: c.Text, Attachments: c.Files}
	if c.Meeting {
		n.Meeting = &danchu.Meeting{At: c.At, Place: c.Place, Agenda: c.Agenda}
	}
	return n
}
