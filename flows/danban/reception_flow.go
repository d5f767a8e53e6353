package danban

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"danchu/flows"

	"danchu"
)

// Citizen reception, /tiep_dan (LAW.md, "Citizen reception and dialogue").
// The calendar comes from the settings (reception:), on working days, with
// its exceptions. A resident books a slot with a free place and states the
// topic, is reminded the day before (reception_remind.go) and may cancel.
// The official on duty sees the list of a day and marks each visit
// received or absent; the counts feed the reports.
//
//	td:home                     the sessions of the coming days
//	td:s:<host>:<yyyymmdd>      a session's slots with free places
//	td:b:<host>:<unix>          book that slot (then the topic is typed)
//	td:mine                     the person's bookings
//	td:c:<booking>              cancel one's booking
//	td:day:<yyyymmdd>           the official's list of a day
//	td:r:<booking>:<yyyymmdd>, td:a:<booking>:<yyyymmdd>  received, absent

type receptionState string

const rcpTopic receptionState = "topic" // the resident types the booking's topic

// Session.Data keys of a booking being made.
const (
	keyRcpHost = "host"
	keyRcpSlot = "slot"
)

// sessionsShown bounds the sessions listed on the home.
const sessionsShown = 10

func (a *Area) receptionStart(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	r, err := a.receptionHome(ctx, t)
	return []flows.Reply{r}, err
}

// hostTitle is how residents read a host's key.
func (a *Area) hostTitle(key string) string {
	if h, ok := a.Settings.Reception.Host(key); ok {
		return h.Title
	}
	return key
}

// upcomingSessions are the sessions from now to the last day one may book.
func (a *Area) upcomingSessions(now time.Time) []danchu.ReceptionSession {
	r := a.Settings.Reception
	var out []danchu.ReceptionSession
	for _, s := range r.Sessions(a.Calendar(), now, now.AddDate(0, 0, r.DaysAhead)) {
		if s.End.After(now) {
			out = append(out, s)
		}
	}
	return out
}

// freePlaces counts the places left in the session's slots still ahead.
func (a *Area) freeSlots(s danchu.ReceptionSession, taken map[string]int, now time.Time) (slots []time.Time, free []int) {
	r := a.Settings.Reception
	for _, start := range s.Slots(r.Slot()) {
		if !start.After(now) {
			continue
		}
		slots = append(slots, start)
		free = append(free, max(0, r.Capacity-taken[danchu.SlotKey(s.Host.Key, start)]))
	}
	return slots, free
}

func (a *Area) receptionHome(ctx context.Context, t *flows.Turn) (flows.Reply, error) {
	now := t.Now()
	lines := []string{t.T(msgRcpHomeTitle, map[string]any{"Address": a.Settings.Unit.Address})}
	var rows [][]flows.Button
	sessions := a.upcomingSessions(now)
	if len(a.Settings.Reception.Hosts) == 0 || len(sessions) == 0 {
		lines = append(lines, t.T(msgRcpNoSessions, nil))
	}
	if len(sessions) > 0 {
		taken, err := a.Receptions.SlotTaken(ctx, sessions[0].Start, sessions[len(sessions)-1].End)
		if err != nil {
			return flows.Reply{}, fmt.Errorf("flows: slots taken: %w", err)
		}
		for i, s := range sessions[:min(len(sessions), sessionsShown)] {
			_, free := a.freeSlots(s, taken, now)
			places := 0
			for _, f := range free {
				places += f
			}
			line := strconv.Itoa(i+1) + ". " + t.T(msgRcpSessionLine, map[string]any{"Name": s.Host.Title, "Date": a.dayName(t.Lang(), s.Start),
				"From": s.Start.Format("15:04"), "To": s.End.Format("15:04"), "Count": places})
			if s.Note != "" {
				line += " (" + s.Note + ")"
			}
			lines = append(lines, line)
			if places > 0 {
				rows = append(rows, []flows.Button{{Text: strconv.Itoa(i+1) + ". " + flows.Clip(s.Host.Title, 30) + " · " + a.Date(s.Start),
					Data: flowReception + ":s:" + s.Host.Key + ":" + s.Start.Format("20060102")}})
			}
		}
	}
	rows = append(rows, []flows.Button{{Text: t.T(msgRcpMineButton, nil), Data: flowReception + ":mine"}})
	if danchu.MayRecordReception(t.Actor()) {
		rows = append(rows, []flows.Button{{Text: t.T(msgRcpDayButton, nil), Data: flowReception + ":day:" + a.Calendar().Day(now).Format("20060102")}})
	}
	return flows.Reply{Text: strings.Join(lines, "\n"), Buttons: rows, Edit: t.In.CallbackData != ""}, nil
}

// dayName is a day as "thứ Năm 19/03/2026".
func (a *Area) dayName(lang string, day time.Time) string {
	local := day.In(a.Settings.Location())
	return a.Tr(lang, flows.WeekdayMessages[local.Weekday()], nil) + " " + local.Format("02/01/2006")
}

// parseYMD reads a day written as yyyymmdd in the unit's time zone.
func (a *Area) parseYMD(s string) (time.Time, bool) {
	if len(s) != 8 {
		return time.Time{}, false
	}
	d, err := time.ParseInLocation("20060102", s, a.Settings.Location())
	return d, err == nil
}

// sessionSlots shows a session's slots that have a free place.
func (a *Area) sessionSlots(ctx context.Context, t *flows.Turn, arg string) ([]flows.Reply, error) {
	parts, ok := splitArgs(arg, 2)
	if !ok {
		return t.InvalidButton(), nil
	}
	day, ok := a.parseYMD(parts[1])
	if !ok {
		return t.InvalidButton(), nil
	}
	now := t.Now()
	var session *danchu.ReceptionSession
	for _, s := range a.upcomingSessions(now) {
		if s.Host.Key == parts[0] && a.Calendar().Day(s.Start).Equal(day) {
			session = &s
			break
		}
	}
	if session == nil {
		return []flows.Reply{t.Say(msgRcpSlotGone, nil)}, nil
	}
	taken, err := a.Receptions.SlotTaken(ctx, session.Start, session.End)
	if err != nil {
		return nil, fmt.Errorf("flows: slots taken: %w", err)
	}
	slots, free := a.freeSlots(*session, taken, now)
	var rows [][]flows.Button
	var row []flows.Button
	for i, start := range slots {
		if free[i] == 0 {
			continue
		}
		row = append(row, flows.Button{Text: start.Format("15:04") + " (" + strconv.Itoa(free[i]) + ")",
			Data: flowReception + ":b:" + session.Host.Key + ":" + strconv.FormatInt(start.Unix(), 10)})
		if len(row) == 3 {
			rows, row = append(rows, row), nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	rows = append(rows, []flows.Button{{Text: t.T(msgDanBack, nil), Data: flowReception + ":home"}})
	return []flows.Reply{{Text: t.T(msgRcpChooseSlot, map[string]any{"Name": session.Host.Title, "Date": a.dayName(t.Lang(), session.Start)}),
		Buttons: rows, Edit: true}}, nil
}

// slotOf reads a slot named by button data: a host and a start the
// calendar gives, still ahead.
func (a *Area) slotOf(t *flows.Turn, host, unix string) (danchu.ReceptionSession, time.Time, bool) {
	sec, err := strconv.ParseInt(unix, 10, 64)
	if err != nil {
		return danchu.ReceptionSession{}, time.Time{}, false
	}
	start := time.Unix(sec, 0).In(a.Settings.Location())
	s, ok := a.Settings.Reception.SessionAt(a.Calendar(), host, start)
	if !ok || !start.After(t.Now()) || start.After(t.Now().AddDate(0, 0, a.Settings.Reception.DaysAhead+1)) {
		return danchu.ReceptionSession{}, time.Time{}, false
	}
	return s, start, true
}

// bookStart asks the topic of the chosen slot.
func (a *Area) bookStart(t *flows.Turn, arg string) []flows.Reply {
	parts, ok := splitArgs(arg, 2)
	if !ok {
		return t.InvalidButton()
	}
	s, start, ok := a.slotOf(t, parts[0], parts[1])
	if !ok {
		return []flows.Reply{t.Say(msgRcpSlotGone, nil)}
	}
	t.Begin(flowReception, string(rcpTopic))
	t.Set(keyRcpHost, s.Host.Key)
	t.Set(keyRcpSlot, parts[1])
	return []flows.Reply{{Text: t.T(msgRcpAskTopic, map[string]any{"Name": s.Host.Title, "At": a.When(t.Lang(), start), "Max": danchu.MaxBookingTopic}), Edit: true}}
}

// book takes a place with the typed topic.
func (a *Area) bookSlot(ctx context.Context, t *flows.Turn, topic string) ([]flows.Reply, error) {
	if topic == "" || flows.Runes(topic) > danchu.MaxBookingTopic {
		return []flows.Reply{t.Say(flows.MsgShortInvalid, map[string]any{"Max": danchu.MaxBookingTopic})}, nil
	}
	s, start, ok := a.slotOf(t, t.Get(keyRcpHost), t.Get(keyRcpSlot))
	t.Leave()
	if !ok {
		return []flows.Reply{t.WithMenu(msgRcpSlotGone, nil)}, nil
	}
	b := &danchu.Booking{ResidentID: t.Resident.ID, Host: s.Host.Key, SlotStart: start, Topic: topic, CreatedAt: t.Now()}
	err := a.Receptions.Book(ctx, b, a.Settings.Reception.Capacity)
	if danchu.ErrorCode(err) == danchu.ECONFLICT {
		return []flows.Reply{t.WithMenu(msgRcpSlotFull, nil)}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: book: %w", err)
	}
	if err := a.audit(ctx, t.Resident.ID, "reception.book", "booking:"+flows.Itoa(b.ID), s.Host.Key); err != nil {
		return nil, err
	}
	return []flows.Reply{{Text: t.T(msgRcpBooked, map[string]any{"Name": s.Host.Title, "At": a.When(t.Lang(), start),
		"Address": a.Settings.Unit.Address, "Value": topic}), Keyboard: t.Menu(),
	}, {Text: t.T(msgRcpCancelHint, nil), Buttons: [][]flows.Button{{{Text: t.T(msgRcpCancelButton, nil), Data: flowReception + ":c:" + flows.Itoa(b.ID)}}}}}, nil
}

// myBookings lists the person's bookings from today on.
func (a *Area) myBookings(ctx context.Context, t *flows.Turn, note string) ([]flows.Reply, error) {
	list, err := a.Receptions.BookingsOf(ctx, t.Resident.ID, a.Calendar().Day(t.Now()))
	if err != nil {
		return nil, fmt.Errorf("flows: bookings: %w", err)
	}
	lines := []string{t.T(msgRcpMineTitle, nil)}
	if note != "" {
		lines = append([]string{note, ""}, lines...)
	}
	var rows [][]flows.Button
	for _, b := range list {
		lines = append(lines, "• "+t.T(msgRcpMineLine, map[string]any{"Name": a.hostTitle(b.Host), "At": a.When(t.Lang(), b.SlotStart),
			"Value": flows.Clip(b.Topic, 100), "View": t.T(bookingMessages[b.Status], nil)}))
		if b.Status == danchu.BookingBooked && b.SlotStart.After(t.Now()) {
			rows = append(rows, []flows.Button{{Text: t.T(msgRcpCancelOne, map[string]any{"At": a.DateTime(b.SlotStart)}), Data: flowReception + ":c:" + flows.Itoa(b.ID)}})
		}
	}
	if len(list) == 0 {
		lines = append(lines, t.T(msgRcpMineNone, nil))
	}
	rows = append(rows, []flows.Button{{Text: t.T(msgDanBack, nil), Data: flowReception + ":home"}})
	return []flows.Reply{{Text: strings.Join(lines, "\n"), Buttons: rows, Edit: t.In.CallbackData != ""}}, nil
}

var bookingMessages = map[string]flows.Msg{
	danchu.BookingBooked:    msgBookingBooked,
	danchu.BookingCancelled: msgBookingCancelled,
	danchu.BookingReceived:  msgBookingReceived,
	danchu.BookingAbsent:    msgBookingAbsent,
}

func (a *Area) cancelBooking(ctx context.Context, t *flows.Turn, arg string) ([]flows.Reply, error) {
	id, ok := flows.ParseID(arg)
	if !ok {
		return t.InvalidButton(), nil
	}
	b, err := a.Receptions.FindBooking(ctx, id)
	if flows.IsNotFound(err) || err == nil && (b.ResidentID != t.Resident.ID || !b.SlotStart.After(t.Now())) {
		return t.InvalidButton(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: booking: %w", err)
	}
	err = a.Receptions.CancelBooking(ctx, id, t.Resident.ID, t.Now())
	note := t.T(msgRcpCancelled, map[string]any{"At": a.DateTime(b.SlotStart)})
	switch {
	case danchu.ErrorCode(err) == danchu.EINVALID:
		note = t.T(msgRcpCancelNotBooked, nil)
	case err != nil:
		return nil, fmt.Errorf("flows: cancel booking: %w", err)
	default:
		if err := a.audit(ctx, t.Resident.ID, "reception.cancel", "booking:"+flows.Itoa(id), ""); err != nil {
			return nil, err
		}
	}
	return a.myBookings(ctx, t, note)
}

// dayList is the official's list of a day's visits, with the buttons to
// mark each booked one.
func (a *Area) dayList(ctx context.Context, t *flows.Turn, day time.Time, note string) ([]flows.Reply, error) {
	if !danchu.MayRecordReception(t.Actor()) {
		return t.InvalidButton(), nil
	}
	day = a.Calendar().Day(day)
	next := a.Calendar().Day(day.AddDate(0, 0, 1))
	list, err := a.Receptions.Bookings(ctx, day, next)
	if err != nil {
		return nil, fmt.Errorf("flows: bookings: %w", err)
	}
	ymd := day.Format("20060102")
	lines := []string{t.T(msgRcpDayTitle, map[string]any{"Date": a.dayName(t.Lang(), day)})}
	if note != "" {
		lines = append([]string{note, ""}, lines...)
	}
	var rows [][]flows.Button
	n := 0
	for _, b := range list {
		if b.Status == danchu.BookingCancelled {
			continue
		}
		n++
		name := b.Name
		if name == "" {
			name = t.T(msgRcpNameGone, nil)
		}
		lines = append(lines, strconv.Itoa(n)+". "+t.T(msgRcpDayLine, map[string]any{"At": b.SlotStart.In(a.Settings.Location()).Format("15:04"),
			"Name": name, "Value": flows.Clip(b.Topic, 200), "View": t.T(bookingMessages[b.Status], nil), "Place": a.hostTitle(b.Host)}))
		if b.Status == danchu.BookingBooked {
			rows = append(rows, []flows.Button{
				{Text: strconv.Itoa(n) + ". " + t.T(msgRcpReceivedButton, nil), Data: flowReception + ":r:" + flows.Itoa(b.ID) + ":" + ymd},
				{Text: strconv.Itoa(n) + ". " + t.T(msgRcpAbsentButton, nil), Data: flowReception + ":a:" + flows.Itoa(b.ID) + ":" + ymd},
			})
		}
	}
	if n == 0 {
		lines = append(lines, t.T(msgRcpDayNone, nil))
	}
	monthStart := time.Date(day.Year(), day.Month(), 1, 0, 0, 0, 0, day.Location())
	f, err := a.Receptions.ReceptionFigures(ctx, monthStart, monthStart.AddDate(0, 1, 0))
	if err != nil {
		return nil, fmt.Errorf("flows: reception figures: %w", err)
	}
	lines = append(lines, "", t.T(msgRcpMonthFigures, map[string]any{"Date": day.Format("01/2006"), "Count": f.Received,
		"Total": f.Received + f.Absent + f.Booked, "Overdue": f.Absent}))
	rows = append(rows, []flows.Button{
		{Text: t.T(flows.MsgPagePrev, nil), Data: flowReception + ":day:" + a.Calendar().Day(day.Add(-time.Hour)).Format("20060102")},
		{Text: t.T(flows.MsgPageNext, nil), Data: flowReception + ":day:" + next.Format("20060102")},
	}, []flows.Button{{Text: t.T(msgDanBack, nil), Data: flowReception + ":home"}})
	return []flows.Reply{{Text: flows.Clip(strings.Join(lines, "\n"), flows.MaxText), Buttons: rows, Edit: t.In.CallbackData != ""}}, nil
}

// recordVisit marks a booked visit received or absent.
func (a *Area) recordVisit(ctx context.Context, t *flows.Turn, status, arg string) ([]flows.Reply, error) {
	parts, ok := splitArgs(arg, 2)
	if !ok || !danchu.MayRecordReception(t.Actor()) {
		return t.InvalidButton(), nil
	}
	id, ok1 := flows.ParseID(parts[0])
	day, ok2 := a.parseYMD(parts[1])
	if !ok1 || !ok2 {
		return t.InvalidButton(), nil
	}
	err := a.Receptions.RecordVisit(ctx, id, status, t.Resident.ID, t.Now())
	note := t.T(msgRcpVisitRecorded, map[string]any{"View": t.T(bookingMessages[status], nil)})
	switch danchu.ErrorCode(err) {
	case "":
		if err := a.audit(ctx, t.Resident.ID, "reception."+status, "booking:"+flows.Itoa(id), ""); err != nil {
			return nil, err
		}
	case danchu.EINVALID, danchu.ENOTFOUND:
		note = t.T(msgRcpVisitDone, nil)
	default:
		return nil, fmt.Errorf("flows: record visit: %w", err)
	}
	return a.dayList(ctx, t, day, note)
}

func (a *Area) receptionButton(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	_, rest, _ := flows.SplitData(t.In.CallbackData)
	cmd, arg, _ := strings.Cut(rest, ":")
	switch cmd {
	case "home":
		t.Leave()
		r, err := a.receptionHome(ctx, t)
		return []flows.Reply{r}, err
	case "s":
		return a.sessionSlots(ctx, t, arg)
	case "b":
		return a.bookStart(t, arg), nil
	case "mine":
		return a.myBookings(ctx, t, "")
	case "c":
		return a.cancelBooking(ctx, t, arg)
	case "day":
		day, ok := a.parseYMD(arg)
		if !ok {
			return t.InvalidButton(), nil
		}
		return a.dayList(ctx, t, day, "")
	case "r":
		return a.recordVisit(ctx, t, danchu.BookingReceived, arg)
	case "a":
		return a.recordVisit(ctx, t, danchu.BookingAbsent, arg)
	}
	return t.InvalidButton(), nil
}

func (a *Area) receptionStep(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	if receptionState(t.Session.State) == rcpTopic {
		return a.bookSlot(ctx, t, flows.Tidy(t.In.Text))
	}
	t.Leave()
	return []flows.Reply{t.WithMenu(flows.MsgHintMenu, nil)}, nil
}
