package flows

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

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

func (e *Engine) receptionStart(ctx context.Context, t *Turn) ([]Reply, error) {
	r, err := e.receptionHome(ctx, t)
	return []Reply{r}, err
}

// hostTitle is how residents read a host's key.
func (e *Engine) hostTitle(key string) string {
	if h, ok := e.Settings.Reception.Host(key); ok {
		return h.Title
	}
	return key
}

// upcomingSessions are the sessions from now to the last day one may book.
func (e *Engine) upcomingSessions(now time.Time) []danchu.ReceptionSession {
	r := e.Settings.Reception
	var out []danchu.ReceptionSession
	for _, s := range r.Sessions(e.calendar(), now, now.AddDate(0, 0, r.DaysAhead)) {
		if s.End.After(now) {
			out = append(out, s)
		}
	}
	return out
}

// freePlaces counts the places left in the session's slots still ahead.
func (e *Engine) freeSlots(s danchu.ReceptionSession, taken map[string]int, now time.Time) (slots []time.Time, free []int) {
	r := e.Settings.Reception
	for _, start := range s.Slots(r.Slot()) {
		if !start.After(now) {
			continue
		}
		slots = append(slots, start)
		free = append(free, max(0, r.Capacity-taken[danchu.SlotKey(s.Host.Key, start)]))
	}
	return slots, free
}

func (e *Engine) receptionHome(ctx context.Context, t *Turn) (Reply, error) {
	now := t.Now()
	lines := []string{t.T(msgRcpHomeTitle, map[string]any{"Address": e.Settings.Unit.Address})}
	var rows [][]Button
	sessions := e.upcomingSessions(now)
	if len(e.Settings.Reception.Hosts) == 0 || len(sessions) == 0 {
		lines = append(lines, t.T(msgRcpNoSessions, nil))
	}
	if len(sessions) > 0 {
		taken, err := e.Receptions.SlotTaken(ctx, sessions[0].Start, sessions[len(sessions)-1].End)
		if err != nil {
			return Reply{}, fmt.Errorf("flows: slots taken: %w", err)
		}
		for i, s := range sessions[:min(len(sessions), sessionsShown)] {
			_, free := e.freeSlots(s, taken, now)
			places := 0
			for _, f := range free {
				places += f
			}
			line := strconv.Itoa(i+1) + ". " + t.T(msgRcpSessionLine, map[string]any{"Name": s.Host.Title, "Date": e.dayName(t.Lang(), s.Start),
				"From": s.Start.Format("15:04"), "To": s.End.Format("15:04"), "Count": places})
			if s.Note != "" {
				line += " (" + s.Note + ")"
			}
			lines = append(lines, line)
			if places > 0 {
				rows = append(rows, []Button{{Text: strconv.Itoa(i+1) + ". " + clip(s.Host.Title, 30) + " · " + e.date(s.Start),
					Data: flowReception + ":s:" + s.Host.Key + ":" + s.Start.Format("20060102")}})
			}
		}
	}
	rows = append(rows, []Button{{Text: t.T(msgRcpMineButton, nil), Data: flowReception + ":mine"}})
	if danchu.MayRecordReception(t.actor()) {
		rows = append(rows, []Button{{Text: t.T(msgRcpDayButton, nil), Data: flowReception + ":day:" + e.calendar().Day(now).Format("20060102")}})
	}
	return Reply{Text: strings.Join(lines, "\n"), Buttons: rows, Edit: t.In.CallbackData != ""}, nil
}

// dayName is a day as "thứ Năm 19/03/2026".
func (e *Engine) dayName(lang string, day time.Time) string {
	local := day.In(e.Settings.Location())
	return e.tr(lang, weekdayMessages[local.Weekday()], nil) + " " + local.Format("02/01/2006")
}

// parseYMD reads a day written as yyyymmdd in the unit's time zone.
func (e *Engine) parseYMD(s string) (time.Time, bool) {
	if len(s) != 8 {
		return time.Time{}, false
	}
	d, err := time.ParseInLocation("20060102", s, e.Settings.Location())
	return d, err == nil
}

// sessionSlots shows a session's slots that have a free place.
func (e *Engine) sessionSlots(ctx context.Context, t *Turn, arg string) ([]Reply, error) {
	parts, ok := splitArgs(arg, 2)
	if !ok {
		return e.invalidButton(t), nil
	}
	day, ok := e.parseYMD(parts[1])
	if !ok {
		return e.invalidButton(t), nil
	}
	now := t.Now()
	var session *danchu.ReceptionSession
	for _, s := range e.upcomingSessions(now) {
		if s.Host.Key == parts[0] && e.calendar().Day(s.Start).Equal(day) {
			session = &s
			break
		}
	}
	if session == nil {
		return []Reply{t.Say(msgRcpSlotGone, nil)}, nil
	}
	taken, err := e.Receptions.SlotTaken(ctx, session.Start, session.End)
	if err != nil {
		return nil, fmt.Errorf("flows: slots taken: %w", err)
	}
	slots, free := e.freeSlots(*session, taken, now)
	var rows [][]Button
	var row []Button
	for i, start := range slots {
		if free[i] == 0 {
			continue
		}
		row = append(row, Button{Text: start.Format("15:04") + " (" + strconv.Itoa(free[i]) + ")",
			Data: flowReception + ":b:" + session.Host.Key + ":" + strconv.FormatInt(start.Unix(), 10)})
		if len(row) == 3 {
			rows, row = append(rows, row), nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	rows = append(rows, []Button{{Text: t.T(msgDanBack, nil), Data: flowReception + ":home"}})
	return []Reply{{Text: t.T(msgRcpChooseSlot, map[string]any{"Name": session.Host.Title, "Date": e.dayName(t.Lang(), session.Start)}),
		Buttons: rows, Edit: true}}, nil
}

// slotOf reads a slot named by button data: a host and a start the
// calendar gives, still ahead.
func (e *Engine) slotOf(t *Turn, host, unix string) (danchu.ReceptionSession, time.Time, bool) {
	sec, err := strconv.ParseInt(unix, 10, 64)
	if err != nil {
		return danchu.ReceptionSession{}, time.Time{}, false
	}
	start := time.Unix(sec, 0).In(e.Settings.Location())
	s, ok := e.Settings.Reception.SessionAt(e.calendar(), host, start)
	if !ok || !start.After(t.Now()) || start.After(t.Now().AddDate(0, 0, e.Settings.Reception.DaysAhead+1)) {
		return danchu.ReceptionSession{}, time.Time{}, false
	}
	return s, start, true
}

// bookStart asks the topic of the chosen slot.
func (e *Engine) bookStart(t *Turn, arg string) []Reply {
	parts, ok := splitArgs(arg, 2)
	if !ok {
		return e.invalidButton(t)
	}
	s, start, ok := e.slotOf(t, parts[0], parts[1])
	if !ok {
		return []Reply{t.Say(msgRcpSlotGone, nil)}
	}
	t.Begin(flowReception, string(rcpTopic))
	t.Set(keyRcpHost, s.Host.Key)
	t.Set(keyRcpSlot, parts[1])
	return []Reply{{Text: t.T(msgRcpAskTopic, map[string]any{"Name": s.Host.Title, "At": e.when(t.Lang(), start), "Max": danchu.MaxBookingTopic}), Edit: true}}
}

// book takes a place with the typed topic.
func (e *Engine) bookSlot(ctx context.Context, t *Turn, topic string) ([]Reply, error) {
	if topic == "" || runes(topic) > danchu.MaxBookingTopic {
		return []Reply{t.Say(msgPetShortInvalid, map[string]any{"Max": danchu.MaxBookingTopic})}, nil
	}
	s, start, ok := e.slotOf(t, t.Get(keyRcpHost), t.Get(keyRcpSlot))
	t.Leave()
	if !ok {
		return []Reply{t.WithMenu(msgRcpSlotGone, nil)}, nil
	}
	b := &danchu.Booking{ResidentID: t.Resident.ID, Host: s.Host.Key, SlotStart: start, Topic: topic, CreatedAt: t.Now()}
	err := e.Receptions.Book(ctx, b, e.Settings.Reception.Capacity)
	if danchu.ErrorCode(err) == danchu.ECONFLICT {
		return []Reply{t.WithMenu(msgRcpSlotFull, nil)}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: book: %w", err)
	}
	if err := e.audit(ctx, t.Resident.ID, "reception.book", "booking:"+itoa(b.ID), s.Host.Key); err != nil {
		return nil, err
	}
	return []Reply{{Text: t.T(msgRcpBooked, map[string]any{"Name": s.Host.Title, "At": e.when(t.Lang(), start),
		"Address": e.Settings.Unit.Address, "Value": topic}), Keyboard: t.Menu(),
	}, {Text: t.T(msgRcpCancelHint, nil), Buttons: [][]Button{{{Text: t.T(msgRcpCancelButton, nil), Data: flowReception + ":c:" + itoa(b.ID)}}}}}, nil
}

// myBookings lists the person's bookings from today on.
func (e *Engine) myBookings(ctx context.Context, t *Turn, note string) ([]Reply, error) {
	list, err := e.Receptions.BookingsOf(ctx, t.Resident.ID, e.calendar().Day(t.Now()))
	if err != nil {
		return nil, fmt.Errorf("flows: bookings: %w", err)
	}
	lines := []string{t.T(msgRcpMineTitle, nil)}
	if note != "" {
		lines = append([]string{note, ""}, lines...)
	}
	var rows [][]Button
	for _, b := range list {
		lines = append(lines, "• "+t.T(msgRcpMineLine, map[string]any{"Name": e.hostTitle(b.Host), "At": e.when(t.Lang(), b.SlotStart),
			"Value": clip(b.Topic, 100), "View": t.T(bookingMessages[b.Status], nil)}))
		if b.Status == danchu.BookingBooked && b.SlotStart.After(t.Now()) {
			rows = append(rows, []Button{{Text: t.T(msgRcpCancelOne, map[string]any{"At": e.dateTime(b.SlotStart)}), Data: flowReception + ":c:" + itoa(b.ID)}})
		}
	}
	if len(list) == 0 {
		lines = append(lines, t.T(msgRcpMineNone, nil))
	}
	rows = append(rows, []Button{{Text: t.T(msgDanBack, nil), Data: flowReception + ":home"}})
	return []Reply{{Text: strings.Join(lines, "\n"), Buttons: rows, Edit: t.In.CallbackData != ""}}, nil
}

var bookingMessages = map[string]msg{
	danchu.BookingBooked:    msgBookingBooked,
	danchu.BookingCancelled: msgBookingCancelled,
	danchu.BookingReceived:  msgBookingReceived,
	danchu.BookingAbsent:    msgBookingAbsent,
}

func (e *Engine) cancelBooking(ctx context.Context, t *Turn, arg string) ([]Reply, error) {
	id, ok := parseID(arg)
	if !ok {
		return e.invalidButton(t), nil
	}
	b, err := e.Receptions.FindBooking(ctx, id)
	if isNotFound(err) || err == nil && (b.ResidentID != t.Resident.ID || !b.SlotStart.After(t.Now())) {
		return e.invalidButton(t), nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: booking: %w", err)
	}
	err = e.Receptions.CancelBooking(ctx, id, t.Resident.ID, t.Now())
	note := t.T(msgRcpCancelled, map[string]any{"At": e.dateTime(b.SlotStart)})
	switch {
	case danchu.ErrorCode(err) == danchu.EINVALID:
		note = t.T(msgRcpCancelNotBooked, nil)
	case err != nil:
		return nil, fmt.Errorf("flows: cancel booking: %w", err)
	default:
		if err := e.audit(ctx, t.Resident.ID, "reception.cancel", "booking:"+itoa(id), ""); err != nil {
			return nil, err
		}
	}
	return e.myBookings(ctx, t, note)
}

// dayList is the official's list of a day's visits, with the buttons to
// mark each booked one.
func (e *Engine) dayList(ctx context.Context, t *Turn, day time.Time, note string) ([]Reply, error) {
	if !danchu.MayRecordReception(t.actor()) {
		return e.invalidButton(t), nil
	}
	day = e.calendar().Day(day)
	next := e.calendar().Day(day.AddDate(0, 0, 1))
	list, err := e.Receptions.Bookings(ctx, day, next)
	if err != nil {
		return nil, fmt.Errorf("flows: bookings: %w", err)
	}
	ymd := day.Format("20060102")
	lines := []string{t.T(msgRcpDayTitle, map[string]any{"Date": e.dayName(t.Lang(), day)})}
	if note != "" {
		lines = append([]string{note, ""}, lines...)
	}
	var rows [][]Button
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
		lines = append(lines, strconv.Itoa(n)+". "+t.T(msgRcpDayLine, map[string]any{"At": b.SlotStart.In(e.Settings.Location()).Format("15:04"),
			"Name": name, "Value": clip(b.Topic, 200), "View": t.T(bookingMessages[b.Status], nil), "Place": e.hostTitle(b.Host)}))
		if b.Status == danchu.BookingBooked {
			rows = append(rows, []Button{
				{Text: strconv.Itoa(n) + ". " + t.T(msgRcpReceivedButton, nil), Data: flowReception + ":r:" + itoa(b.ID) + ":" + ymd},
				{Text: strconv.Itoa(n) + ". " + t.T(msgRcpAbsentButton, nil), Data: flowReception + ":a:" + itoa(b.ID) + ":" + ymd},
			})
		}
	}
	if n == 0 {
		lines = append(lines, t.T(msgRcpDayNone, nil))
	}
	monthStart := time.Date(day.Year(), day.Month(), 1, 0, 0, 0, 0, day.Location())
	f, err := e.Receptions.ReceptionFigures(ctx, monthStart, monthStart.AddDate(0, 1, 0))
	if err != nil {
		return nil, fmt.Errorf("flows: reception figures: %w", err)
	}
	lines = append(lines, "", t.T(msgRcpMonthFigures, map[string]any{"Date": day.Format("01/2006"), "Count": f.Received,
		"Total": f.Received + f.Absent + f.Booked, "Overdue": f.Absent}))
	rows = append(rows, []Button{
		{Text: t.T(msgPagePrev, nil), Data: flowReception + ":day:" + e.calendar().Day(day.Add(-time.Hour)).Format("20060102")},
		{Text: t.T(msgPageNext, nil), Data: flowReception + ":day:" + next.Format("20060102")},
	}, []Button{{Text: t.T(msgDanBack, nil), Data: flowReception + ":home"}})
	return []Reply{{Text: clip(strings.Join(lines, "\n"), maxText), Buttons: rows, Edit: t.In.CallbackData != ""}}, nil
}

// recordVisit marks a booked visit received or absent.
func (e *Engine) recordVisit(ctx context.Context, t *Turn, status, arg string) ([]Reply, error) {
	parts, ok := splitArgs(arg, 2)
	if !ok || !danchu.MayRecordReception(t.actor()) {
		return e.invalidButton(t), nil
	}
	id, ok1 := parseID(parts[0])
	day, ok2 := e.parseYMD(parts[1])
	if !ok1 || !ok2 {
		return e.invalidButton(t), nil
	}
	err := e.Receptions.RecordVisit(ctx, id, status, t.Resident.ID, t.Now())
	note := t.T(msgRcpVisitRecorded, map[string]any{"View": t.T(bookingMessages[status], nil)})
	switch danchu.ErrorCode(err) {
	case "":
		if err := e.audit(ctx, t.Resident.ID, "reception."+status, "booking:"+itoa(id), ""); err != nil {
			return nil, err
		}
	case danchu.EINVALID, danchu.ENOTFOUND:
		note = t.T(msgRcpVisitDone, nil)
	default:
		return nil, fmt.Errorf("flows: record visit: %w", err)
	}
	return e.dayList(ctx, t, day, note)
}

func (e *Engine) receptionButton(ctx context.Context, t *Turn) ([]Reply, error) {
	_, rest, _ := splitData(t.In.CallbackData)
	cmd, arg, _ := strings.Cut(rest, ":")
	switch cmd {
	case "home":
		t.Leave()
		r, err := e.receptionHome(ctx, t)
		return []Reply{r}, err
	case "s":
		return e.sessionSlots(ctx, t, arg)
	case "b":
		return e.bookStart(t, arg), nil
	case "mine":
		return e.myBookings(ctx, t, "")
	case "c":
		return e.cancelBooking(ctx, t, arg)
	case "day":
		day, ok := e.parseYMD(arg)
		if !ok {
			return e.invalidButton(t), nil
		}
		return e.dayList(ctx, t, day, "")
	case "r":
		return e.recordVisit(ctx, t, danchu.BookingReceived, arg)
	case "a":
		return e.recordVisit(ctx, t, danchu.BookingAbsent, arg)
	}
	return e.invalidButton(t), nil
}

func (e *Engine) receptionStep(ctx context.Context, t *Turn) ([]Reply, error) {
	if receptionState(t.Session.State) == rcpTopic {
		return e.bookSlot(ctx, t, tidy(t.In.Text))
	}
	t.Leave()
	return []Reply{t.WithMenu(msgHintMenu, nil)}, nil
}
