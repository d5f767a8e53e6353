package flows

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

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

func loadComposed(t *Turn) (*composed, bool) {
	var c composed
	if t.Session.Flow != flowSend || json.Unmarshal([]byte(t.Get("c")), &c) != nil {
		return nil, false
	}
	return &c, true
}

func keepComposed(t *Turn, c *composed, state sendState) {
	raw, _ := json.Marshal(c) // plain fields: cannot fail
	t.Session.State = string(state)
	t.Set("c", string(raw))
}

// maySend: the chairman, officials, and heads who lead a neighbourhood.
func maySend(grants []danchu.RoleGrant) bool {
	return danchu.CanPublish(grants) || len(danchu.LedNeighbourhoods(grants)) > 0
}

func (e *Engine) sendStart(_ context.Context, t *Turn) ([]Reply, error) {
	if !maySend(t.Roles) {
		return []Reply{t.WithMenu(msgStaffOnly, nil)}, nil
	}
	t.Begin(flowSend, string(sendKind))
	keepComposed(t, &composed{}, sendKind)
	return []Reply{{Text: t.T(msgSendKind, nil), Buttons: [][]Button{
		{{Text: t.T(msgSendKindNotice, nil), Data: "gtb:k:n"}, {Text: t.T(msgSendKindMeeting, nil), Data: "gtb:k:m"}},
		{{Text: t.T(msgSendMine, nil), Data: "gtb:my:0"}},
	}}}, nil
}

func (e *Engine) sendButton(ctx context.Context, t *Turn) ([]Reply, error) {
	_, rest, _ := splitData(t.In.CallbackData)
	cmd, arg, _ := strings.Cut(rest, ":")
	// Buttons that work on any message: a progress, a list, a tally.
	switch cmd {
	case "stop":
		return e.stopBroadcast(ctx, t, arg)
	case "st", "sr":
		return e.meetingTally(ctx, t, arg, cmd == "sr")
	case "my":
		return e.myNotices(ctx, t, arg)
	case "v":
		return e.myNotice(ctx, t, arg)
	}
	if !maySend(t.Roles) {
		t.Leave()
		return []Reply{t.WithMenu(msgStaffOnly, nil)}, nil
	}
	c, ok := loadComposed(t)
	if !ok {
		return e.invalidButton(t), nil
	}
	state := sendState(t.Session.State)
	switch {
	case rest == "no":
		t.Leave()
		return []Reply{e.edit(t.Say(msgSendDropped, nil)), t.WithMenu(msgHintMenu, nil)}, nil
	case state == sendKind && cmd == "k" && (arg == "n" || arg == "m"):
		c.Meeting = arg == "m"
		return e.chooseAudience(ctx, t, c)
	case state == sendAudience:
		return e.audienceButton(ctx, t, c, cmd, arg)
	case state == sendText && rest == "skip" && c.Meeting:
		return e.review(ctx, t, c)
	case state == sendReview && rest == "ok":
		return e.sendNotice(ctx, t, c)
	}
	return e.invalidButton(t), nil
}

// chooseAudience asks who the notice reaches. A head chooses among the
// neighbourhoods they lead, all of them chosen to begin with.
func (e *Engine) chooseAudience(_ context.Context, t *Turn, c *composed) ([]Reply, error) {
	keepComposed(t, c, sendAudience)
	if !danchu.CanPublish(t.Roles) {
		c.Audience = danchu.Audience{Neighbourhoods: danchu.LedNeighbourhoods(t.Roles)}
		keepComposed(t, c, sendAudience)
		return []Reply{e.edit(e.neighbourhoodPicker(t, c))}, nil
	}
	return []Reply{e.edit(Reply{Text: t.T(msgSendAudience, nil), Buttons: [][]Button{
		{{Text: t.T(msgSendAll, nil), Data: "gtb:all"}},
		{{Text: t.T(msgSendNeighbourhoods, nil), Data: "gtb:nbs"}},
		{{Text: t.T(msgSendRoles, nil), Data: "gtb:roles"}},
		{{Text: t.T(msgSendNo, nil), Data: "gtb:no"}},
	}})}, nil
}

// reachable lists the neighbourhoods the person may choose from.
func (e *Engine) reachable(t *Turn) []string {
	if danchu.CanPublish(t.Roles) {
		names := make([]string, 0, len(e.Settings.Neighbourhoods))
		for _, n := range e.Settings.Neighbourhoods {
			names = append(names, n.Name)
		}
		return names
	}
	return danchu.LedNeighbourhoods(t.Roles)
}

func (e *Engine) neighbourhoodPicker(t *Turn, c *composed) Reply {
	var rows [][]Button
	for i, n := range e.Settings.Neighbourhoods {
		if !slices.Contains(e.reachable(t), n.Name) {
			continue
		}
		mark := "⬜ "
		if slices.Contains(c.Audience.Neighbourhoods, n.Name) {
			mark = "✅ "
		}
		rows = append(rows, []Button{{Text: mark + n.Name, Data: "gtb:n:" + strconv.Itoa(i)}})
	}
	rows = append(rows, []Button{{Text: t.T(msgSendPicked, nil), Data: "gtb:nd"}, {Text: t.T(msgSendNo, nil), Data: "gtb:no"}})
	return Reply{Text: t.T(msgSendPick, nil), Buttons: rows}
}

// audienceButton handles the choice of audience. Choices beyond the
// person's reach are refused, whatever the button's data says.
func (e *Engine) audienceButton(ctx context.Context, t *Turn, c *composed, cmd, arg string) ([]Reply, error) {
	refuse := func() ([]Reply, error) {
		return []Reply{t.Say(msgSendOutOfReach, map[string]any{"Places": strings.Join(danchu.LedNeighbourhoods(t.Roles), ", ")})}, nil
	}
	switch cmd {
	case "all":
		if !danchu.CanReach(t.Roles, danchu.Audience{All: true}) {
			return refuse()
		}
		c.Audience = danchu.Audience{All: true}
		return e.afterAudience(ctx, t, c)
	case "nbs":
		c.Audience = danchu.Audience{}
		keepComposed(t, c, sendAudience)
		return []Reply{e.edit(e.neighbourhoodPicker(t, c))}, nil
	case "n":
		i, ok := indexIn(arg, len(e.Settings.Neighbourhoods))
		if !ok {
			return e.invalidButton(t), nil
		}
		name := e.Settings.Neighbourhoods[i].Name
		if !danchu.CanReach(t.Roles, danchu.Audience{Neighbourhoods: []string{name}}) {
			return refuse()
		}
		a := &c.Audience
		a.All, a.Role = false, ""
		if j := slices.Index(a.Neighbourhoods, name); j >= 0 {
			a.Neighbourhoods = slices.Delete(a.Neighbourhoods, j, j+1)
		} else {
			a.Neighbourhoods = append(a.Neighbourhoods, name)
		}
		keepComposed(t, c, sendAudience)
		return []Reply{e.edit(e.neighbourhoodPicker(t, c))}, nil
	case "nd":
		if len(c.Audience.Neighbourhoods) == 0 {
			return []Reply{t.Say(msgSendPickOne, nil)}, nil
		}
		if !danchu.CanReach(t.Roles, c.Audience) {
			return refuse()
		}
		return e.afterAudience(ctx, t, c)
	case "roles":
		if !danchu.CanPublish(t.Roles) {
			return refuse()
		}
		var rows [][]Button
		for _, r := range danchu.Roles {
			rows = append(rows, []Button{{Text: e.tr(t.Lang(), roleMessages[r], nil), Data: "gtb:r:" + string(r)}})
		}
		rows = append(rows, []Button{{Text: t.T(msgSendNo, nil), Data: "gtb:no"}})
		return []Reply{e.edit(Reply{Text: t.T(msgSendPickRole, nil), Buttons: rows})}, nil
	case "r":
		role := danchu.Role(arg)
		if !role.Valid() {
			return e.invalidButton(t), nil
		}
		if !danchu.CanReach(t.Roles, danchu.Audience{Role: role}) {
			return refuse()
		}
		c.Audience = danchu.Audience{Role: role}
		return e.afterAudience(ctx, t, c)
	}
	return e.invalidButton(t), nil
}

// afterAudience asks the meeting's day, or the notice's text.
func (e *Engine) afterAudience(_ context.Context, t *Turn, c *composed) ([]Reply, error) {
	chosen := e.edit(t.Say(msgSendAudienceChosen, map[string]any{"Audience": e.audienceName(t.Lang(), c.Audience)}))
	if c.Meeting {
		keepComposed(t, c, sendDate)
		return []Reply{chosen, t.Say(msgSendAskDate, map[string]any{"Example": e.date(t.Now().AddDate(0, 0, 7))})}, nil
	}
	keepComposed(t, c, sendText)
	return []Reply{chosen, t.Say(msgSendAskText, nil)}, nil
}

// audienceName says who an audience is, in lang.
func (e *Engine) audienceName(lang string, a danchu.Audience) string {
	switch {
	case a.All:
		return e.tr(lang, msgAudienceAll, nil)
	case a.Role != "":
		return e.tr(lang, msgAudienceRole, map[string]any{"Role": e.tr(lang, roleMessages[a.Role], nil)})
	}
	return strings.Join(a.Neighbourhoods, ", ")
}

func (e *Engine) sendStep(ctx context.Context, t *Turn) ([]Reply, error) {
	if !maySend(t.Roles) {
		t.Leave()
		return []Reply{t.WithMenu(msgStaffOnly, nil)}, nil
	}
	c, ok := loadComposed(t)
	if !ok {
		t.Leave()
		return []Reply{t.WithMenu(msgHintMenu, nil)}, nil
	}
	text := tidy(t.In.Text)
	files := inputFiles(t.In)
	switch state := sendState(t.Session.State); state {
	case sendDate:
		day, ok := e.parseDay(text, t.Now())
		if !ok {
			return []Reply{t.Say(msgSendBadDate, map[string]any{"Example": e.date(t.Now().AddDate(0, 0, 7))})}, nil
		}
		c.Day = day
		keepComposed(t, c, sendTime)
		return []Reply{t.Say(msgSendAskTime, nil)}, nil
	case sendTime:
		at, ok := parseClock(text, c.Day)
		if !ok {
			return []Reply{t.Say(msgSendBadTime, nil)}, nil
		}
		if !at.After(t.Now()) {
			return []Reply{t.Say(msgSendPast, nil)}, nil
		}
		c.At = at
		keepComposed(t, c, sendPlace)
		return []Reply{t.Say(msgSendAskPlace, nil)}, nil
	case sendPlace, sendAgenda:
		limit := maxAddress
		if state == sendAgenda {
			limit = maxContent
		}
		if text == "" || runes(text) > limit {
			return []Reply{t.Say(msgSendTooLong, map[string]any{"Max": limit})}, nil
		}
		if state == sendPlace {
			c.Place = text
			keepComposed(t, c, sendAgenda)
			return []Reply{t.Say(msgSendAskAgenda, nil)}, nil
		}
		c.Agenda = text
		keepComposed(t, c, sendText)
		return []Reply{{Text: t.T(msgSendAskMeetingText, nil), Buttons: [][]Button{{{Text: t.T(msgSendSkip, nil), Data: "gtb:skip"}}}}}, nil
	case sendText, sendReview:
		if text == "" && len(files) == 0 {
			return []Reply{t.Say(msgSendAskText, nil)}, nil
		}
		if runes(text) > maxContent {
			return []Reply{t.Say(msgSendTooLong, map[string]any{"Max": maxContent})}, nil
		}
		if len(c.Files)+len(files) > maxNoticeFiles {
			return []Reply{t.Say(msgSendTooManyFiles, map[string]any{"Max": maxNoticeFiles})}, nil
		}
		if text != "" {
			c.Text = text
		}
		c.Files = append(c.Files, files...)
		if c.Text == "" && !c.Meeting {
			keepComposed(t, c, sendText)
			return []Reply{t.Say(msgSendFileNeedsText, nil)}, nil
		}
		return e.review(ctx, t, c)
	}
	return []Reply{t.WithMenu(msgHintMenu, nil)}, nil
}

// review shows the notice as residents will see it, who it reaches and how
// many, and warns when a meeting is announced later than the settings ask.
func (e *Engine) review(ctx context.Context, t *Turn, c *composed) ([]Reply, error) {
	to, err := e.audienceResidents(ctx, c.Audience)
	if err != nil {
		return nil, err
	}
	keepComposed(t, c, sendReview)
	n := c.notice(t.Resident.ID)
	lines := []string{t.T(msgSendReview, nil), "", e.noticeMessage(t.Lang(), n, e.signature(t.Lang(), t.Resident, t.Roles))}
	if len(c.Files) > 0 {
		lines = append(lines, "", t.T(msgSendFilesAttached, map[string]any{"Count": len(c.Files)}))
	}
	lines = append(lines, "", t.T(msgSendReach, map[string]any{"Audience": e.audienceName(t.Lang(), c.Audience), "Count": count(t.Lang(), len(to))}))
	if c.Meeting {
		if ahead, need := e.daysAhead(t.Now(), c.At), e.Settings.Meetings.NoticeDaysAhead; ahead < need {
			lines = append(lines, t.T(msgSendLate, map[string]any{"Need": need, "Days": ahead}))
		}
	}
	lines = append(lines, t.T(msgSendReviewHint, nil))
	return []Reply{{Text: clip(strings.Join(lines, "\n"), maxText), Buttons: [][]Button{
		{{Text: t.T(msgSendOK, nil), Data: "gtb:ok"}, {Text: t.T(msgSendNo, nil), Data: "gtb:no"}},
	}}}, nil
}

func (c *composed) notice(senderID int64) *danchu.Notice {
	n := &danchu.Notice{SenderID: senderID, Audience: c.Audience, Text: c.Text, Attachments: c.Files}
	if c.Meeting {
		n.Meeting = &danchu.Meeting{At: c.At, Place: c.Place, Agenda: c.Agenda}
	}
	return n
}

// daysAhead counts the calendar days from now's day to the meeting's day in
// the unit's time zone.
func (e *Engine) daysAhead(now, at time.Time) int {
	loc := e.Settings.Location()
	y1, m1, d1 := now.In(loc).Date()
	y2, m2, d2 := at.In(loc).Date()
	from := time.Date(y1, m1, d1, 0, 0, 0, 0, time.UTC)
	to := time.Date(y2, m2, d2, 0, 0, 0, 0, time.UTC)
	return int(to.Sub(from).Hours() / 24)
}

// sendNotice checks again that the person may reach the audience, then
// stores the notice, its broadcast and one outbox message per recipient.
func (e *Engine) sendNotice(ctx context.Context, t *Turn, c *composed) ([]Reply, error) {
	if !danchu.CanReach(t.Roles, c.Audience) {
		t.Leave()
		return []Reply{e.edit(t.Say(msgSendOutOfReach, map[string]any{"Places": strings.Join(danchu.LedNeighbourhoods(t.Roles), ", ")}))}, nil
	}
	if err := c.Audience.Validate(e.Settings); err != nil {
		t.Leave()
		return []Reply{t.WithMenu(msgErrorInvalid, nil)}, nil
	}
	to, err := e.audienceResidents(ctx, c.Audience)
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
	err = e.Notices.PublishNotice(ctx, n, b, func(noticeID, _ int64) ([]*danchu.OutboxMessage, error) {
		n.ID = noticeID
		return broadcastMessages(to, kind,
			func(lang string) string { return e.noticeMessage(lang, n, e.signature(lang, t.Resident, t.Roles)) },
			func(lang string) [][]danchu.OutboxButton { return e.noticeButtons(lang, n) }), nil
	})
	if err != nil {
		return nil, fmt.Errorf("flows: publish notice: %w", err)
	}
	t.Leave()
	return e.startProgress(ctx, t, b)
}

// noticeMessage is a notice as its recipients read it.
func (e *Engine) noticeMessage(lang string, n *danchu.Notice, from string) string {
	var parts []string
	if m := n.Meeting; m != nil {
		parts = append(parts, e.tr(lang, msgNoticeMeetingHead, map[string]any{
			"When": e.when(lang, m.At), "Place": m.Place, "Agenda": m.Agenda}))
	} else {
		parts = append(parts, e.tr(lang, msgNoticeHead, nil))
	}
	if n.Text != "" {
		parts = append(parts, n.Text)
	}
	if from != "" {
		parts = append(parts, "— "+from)
	}
	if n.Meeting != nil {
		parts = append(parts, e.tr(lang, msgNoticeMeetingAsk, nil))
	}
	return clip(strings.Join(parts, "\n\n"), maxText)
}

// noticeButtons are the answers of a meeting notice and its files.
func (e *Engine) noticeButtons(lang string, n *danchu.Notice) [][]danchu.OutboxButton {
	var rows [][]danchu.OutboxButton
	id := itoa(n.ID)
	if n.Meeting != nil {
		rows = append(rows, []danchu.OutboxButton{
			{Text: e.tr(lang, msgAnswerAttend, nil), Data: "tb:a:" + id + ":at"},
			{Text: e.tr(lang, msgAnswerAbsent, nil), Data: "tb:a:" + id + ":ab"},
		}, []danchu.OutboxButton{{Text: e.tr(lang, msgAnswerAck, nil), Data: "tb:a:" + id + ":ak"}})
	}
	if len(n.Attachments) > 0 {
		rows = append(rows, e.filesButton(lang, flowNotices, n.ID, len(n.Attachments)))
	}
	return rows
}

// signature names the sender under a notice: name, then role.
func (e *Engine) signature(lang string, r *danchu.Resident, grants []danchu.RoleGrant) string {
	if r == nil {
		return ""
	}
	for _, role := range []danchu.Role{danchu.RoleChairman, danchu.RoleOfficial, danchu.RoleTieuKhuHead} {
		for _, g := range grants {
			if g.Role != role {
				continue
			}
			label := e.tr(lang, roleMessages[role], nil)
			if g.Neighbourhood != "" {
				label = e.tr(lang, msgRoleWithNeighbourhood, map[string]any{"Role": label, "Neighbourhood": g.Neighbourhood})
			}
			return r.FullName + ", " + label
		}
	}
	return r.FullName
}

var weekdayMessages = []msg{msgSunday, msgMonday, msgTuesday, msgWednesday, msgThursday, msgFriday, msgSaturday}

// when is a meeting's time: "19:30, Thứ Bảy 21/03/2026".
func (e *Engine) when(lang string, at time.Time) string {
	local := at.In(e.Settings.Location())
	return local.Format("15:04") + ", " + e.tr(lang, weekdayMessages[local.Weekday()], nil) + " " + local.Format("02/01/2006")
}

var (
	meetingDayPattern   = regexp.MustCompile(`^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}))?$`)
	meetingClockPattern = regexp.MustCompile(`^(\d{1,2})(?:[:hH.](\d{2})?)?$`)
)

// parseDay reads "21/03/2026" or "21/3" (the next such day) as midnight in
// the unit's time zone, today or later.
func (e *Engine) parseDay(s string, now time.Time) (time.Time, bool) {
	m := meetingDayPattern.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return time.Time{}, false
	}
	loc := e.Settings.Location()
	today := now.In(loc)
	d, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	y := today.Year()
	if m[3] != "" {
		y, _ = strconv.Atoi(m[3])
	}
	day := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, loc)
	if day.Day() != d || int(day.Month()) != mo {
		return time.Time{}, false // 31/02
	}
	start := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, loc)
	if m[3] == "" && day.Before(start) {
		day = day.AddDate(1, 0, 0)
	}
	return day, !day.Before(start)
}

// parseClock reads "19:30", "19h30", "19h" or "7" on day.
func parseClock(s string, day time.Time) (time.Time, bool) {
	m := meetingClockPattern.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil || day.IsZero() {
		return time.Time{}, false
	}
	h, _ := strconv.Atoi(m[1])
	mi := 0
	if m[2] != "" {
		mi, _ = strconv.Atoi(m[2])
	}
	if h > 23 || mi > 59 {
		return time.Time{}, false
	}
	return time.Date(day.Year(), day.Month(), day.Day(), h, mi, 0, 0, day.Location()), true
}

// myNotices lists the notices the person sent, newest first.
func (e *Engine) myNotices(ctx context.Context, t *Turn, arg string) ([]Reply, error) {
	page, ok := indexIn(arg, 10000)
	if !ok {
		return e.invalidButton(t), nil
	}
	if !maySend(t.Roles) {
		return []Reply{t.WithMenu(msgStaffOnly, nil)}, nil
	}
	list, total, err := e.Notices.NoticesBy(ctx, t.Resident.ID, page*pageSize, pageSize)
	if err != nil {
		return nil, fmt.Errorf("flows: my notices: %w", err)
	}
	lines := []string{t.T(msgSendMineTitle, map[string]any{"Total": total})}
	var rows [][]Button
	for i, n := range list {
		lines = append(lines, fmt.Sprintf("%d. %s · %s", page*pageSize+i+1, e.dateTime(n.CreatedAt), e.noticeLabel(t.Lang(), n)))
		rows = append(rows, []Button{{Text: fmt.Sprintf("%d. %s", page*pageSize+i+1, clip(e.noticeLabel(t.Lang(), n), 40)), Data: "gtb:v:" + itoa(n.ID)}})
	}
	if len(list) == 0 {
		lines = append(lines, t.T(msgNoticesNone, nil))
	}
	if row := pager(t, "gtb:my:", page, total); row != nil {
		rows = append(rows, row)
	}
	return []Reply{e.edit(Reply{Text: clip(strings.Join(lines, "\n"), maxText), Buttons: rows})}, nil
}

// myNotice shows one notice the person sent, with its broadcast's counts.
func (e *Engine) myNotice(ctx context.Context, t *Turn, arg string) ([]Reply, error) {
	id, ok := parseID(arg)
	if !ok {
		return e.invalidButton(t), nil
	}
	n, err := e.Notices.FindNotice(ctx, id)
	if err != nil && !isNotFound(err) {
		return nil, fmt.Errorf("flows: notice: %w", err)
	}
	if err != nil || !e.mayViewTally(t, n) {
		return []Reply{t.WithMenu(msgErrorNotFound, nil)}, nil
	}
	b, err := e.Broadcasts.FindBroadcast(ctx, n.BroadcastID)
	if err != nil {
		return nil, fmt.Errorf("flows: notice broadcast: %w", err)
	}
	c, err := e.Broadcasts.BroadcastCounts(ctx, b.ID)
	if err != nil {
		return nil, fmt.Errorf("flows: notice broadcast: %w", err)
	}
	b.Lang = t.Lang()
	progress, err := e.BroadcastProgress(ctx, b, c, 0)
	if err != nil {
		return nil, err
	}
	text := e.noticeMessage(t.Lang(), n, "") + "\n\n" + t.T(msgSendReach, map[string]any{"Audience": e.audienceName(t.Lang(), n.Audience), "Count": count(t.Lang(), c.Total())}) +
		"\n" + progress.Text
	return []Reply{{Text: clip(text, maxText), Buttons: progress.Buttons}}, nil
}

// noticeLabel names a notice in a list: its first line, a meeting's day.
func (e *Engine) noticeLabel(lang string, n *danchu.Notice) string {
	first, _, _ := strings.Cut(n.Text, "\n")
	if m := n.Meeting; m != nil {
		agenda, _, _ := strings.Cut(m.Agenda, "\n")
		return e.tr(lang, msgMeetingLabel, map[string]any{"Day": e.date(m.At), "Agenda": clip(agenda, 60)})
	}
	return clip(first, 60)
}
