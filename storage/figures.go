package storage

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"danchu"
)

var _ danchu.ReportFiguresService = (*DB)(nil)

// The figures of a report period. Every number comes from COUNT, SUM and
// GROUP BY in the database, so a half-year of a million petitions is read
// once per figure and never travels here row by row. Times compare as the
// stores write them (UTC text in SQLite, timestamptz in PostgreSQL), so one
// query text serves both engines except where a day in the unit's zone or
// a JSON field is read (localDay, votePassed).

// span checks a period and converts its ends for query arguments.
func span(op string, from, to time.Time) (timestamp, timestamp, error) {
	if !to.After(from) {
		return timestamp{}, timestamp{}, &danchu.Error{Code: danchu.EINVALID, Op: op,
			Message: "the end of a report period must be after its start"}
	}
	return ts(ceilMicro(from)), ts(ceilMicro(to)), nil
}

// localDay is the SQL expression of col's day in the unit's time zone as
// "YYYY-MM-DD", with its argument. SQLite has no time zones: it shifts by
// the zone's offset at the period's start (Asia/Ho_Chi_Minh has kept
// UTC+7 since 1975, so no period crosses a change).
func (db *DB) localDay(col string, at time.Time) (string, any) {
	loc := db.Location
	if loc == nil {
		loc = time.UTC
	}
	if db.engine == EnginePostgres {
		return "to_char(" + col + " AT TIME ZONE ?, 'YYYY-MM-DD')", loc.String()
	}
	_, offset := at.In(loc).Zone()
	// The seconds only: SQLite reads fractions as milliseconds and would
	// round 23:59:59.9999 into the next day.
	return "date(substr(" + col + ", 1, 19), ?)", fmt.Sprintf("%+d seconds", offset)
}

// votePassed is the SQL condition that a closed vote's stored outcome
// passed.
func (db *DB) votePassed(alias string) string {
	if db.engine == EnginePostgres {
		return "(" + alias + ".outcome <> '' AND (" + alias + ".outcome::json ->> 'passed') = 'true')"
	}
	return "(" + alias + ".outcome <> '' AND json_extract(" + alias + ".outcome, '$.passed') = 1)"
}

// kindCounts is one row of a petition count by kind and a key.
type kindCounts struct {
	Kind string `db:"kind"`
	Key  string `db:"k"`
	N    int    `db:"n"`
	M    int    `db:"m"`
}

// ReportPetitions counts the petitions received in [from, to) as they
// stood at to.
func (db *DB) ReportPetitions(ctx context.Context, from, to time.Time) (danchu.PetitionSection, error) {
	const op = "storage.ReportPetitions"
	var out danchu.PetitionSection
	f, t, err := span(op, from, to)
	if err != nil {
		return out, err
	}
	tallies := map[danchu.Kind]*danchu.PetitionTally{}
	tally := func(k string) *danchu.PetitionTally {
		kind := danchu.Kind(k)
		if tallies[kind] == nil {
			tallies[kind] = &danchu.PetitionTally{}
		}
		return tallies[kind]
	}

	// Received, and acceptance and answers against the stored due dates,
	// by kind and field.
	var timing []struct {
		Kind          string `db:"kind"`
		Field         string `db:"field"`
		Neighbourhood string `db:"neighbourhood"`
		Channel       string `db:"channel"`
		Received      int    `db:"received"`
		AcceptOnTime  int    `db:"accept_on_time"`
		AcceptLate    int    `db:"accept_late"`
		ResolveOnTime int    `db:"resolve_on_time"`
		ResolveLate   int    `db:"resolve_late"`
	}
	err = db.sel(ctx, &timing, `SELECT kind, field, neighbourhood, channel, COUNT(*) AS received,
		SUM(CASE WHEN accepted_at < ? AND accepted_at <= accept_due THEN 1 ELSE 0 END) AS accept_on_time,
		SUM(CASE WHEN accepted_at < ? AND accepted_at > accept_due THEN 1 ELSE 0 END) AS accept_late,
		SUM(CASE WHEN answered_at < ? AND answered_at <= resolve_due THEN 1 ELSE 0 END) AS resolve_on_time,
		SUM(CASE WHEN answered_at < ? AND answered_at > resolve_due THEN 1 ELSE 0 END) AS resolve_late
		FROM petitions WHERE received_at >= ? AND received_at < ? GROUP BY kind, field, neighbourhood, channel`, t, t, t, t, f, t)
	if err != nil {
		return out, internal(op, fmt.Errorf("received: %w", err))
	}
	fields := map[string]*danchu.FieldTimes{}
	byField, byNeighbourhood, byChannel := map[string]int{}, map[string]int{}, map[string]int{}
	for _, r := range timing {
		byField[r.Field] += r.Received
		byNeighbourhood[r.Neighbourhood] += r.Received
		byChannel[r.Channel] += r.Received
		x := tally(r.Kind)
		x.Received += r.Received
		x.AcceptOnTime += r.AcceptOnTime
		x.AcceptLate += r.AcceptLate
		x.ResolveOnTime += r.ResolveOnTime
		x.ResolveLate += r.ResolveLate
		if fields[r.Field] == nil {
			fields[r.Field] = &danchu.FieldTimes{Field: r.Field}
		}
		fields[r.Field].OnTime += r.ResolveOnTime
		fields[r.Field].Late += r.ResolveLate
	}
	for _, k := range sortedKeys(fields) {
		out.FieldTimes = append(out.FieldTimes, *fields[k])
	}
	// One pass over the events before to of the petitions received: the
	// status at to is the status of a petition's last event before it
	// (last_status, on every row of the petition), and the steps are
	// counted per petition (COUNT DISTINCT) or per event (extensions, of
	// which a tố cáo may have two). rn = 1 marks one row per petition.
	month, monthArg := db.localDay("c.received_at", from)
	var states []struct {
		Kind           string `db:"kind"`
		Month          string `db:"month"`
		Status         string `db:"status"`
		N              int    `db:"n"`
		AcceptOverdue  int    `db:"accept_overdue"`
		ResolveOverdue int    `db:"resolve_overdue"`
		Accepted       int    `db:"accepted"`
		Refused        int    `db:"refused"`
		Transferred    int    `db:"transferred"`
		Answered       int    `db:"answered"`
		Withdrawn      int    `db:"withdrawn"`
		Closed         int    `db:"closed"`
		Extended       int    `db:"extended"`
		Extensions     int    `db:"extensions"`
	}
	step := func(a danchu.Action) string {
		return `COUNT(DISTINCT CASE WHEN action = '` + string(a) + `' THEN petition_id END)`
	}
	err = db.sel(ctx, &states, `SELECT kind, month, last_status AS status,
		SUM(CASE WHEN rn = 1 THEN 1 ELSE 0 END) AS n,
		SUM(CASE WHEN rn = 1 AND last_status = ? AND accept_due < ? THEN 1 ELSE 0 END) AS accept_overdue,
		SUM(CASE WHEN rn = 1 AND last_status IN (?, ?) AND resolve_due < ? THEN 1 ELSE 0 END) AS resolve_overdue,
		`+step(danchu.ActionAccept)+` AS accepted,
		`+step(danchu.ActionRefuse)+` AS refused,
		`+step(danchu.ActionTransfer)+` AS transferred,
		`+step(danchu.ActionAnswer)+` AS answered,
		`+step(danchu.ActionWithdraw)+` AS withdrawn,
		`+step(danchu.ActionClose)+` AS closed,
		`+step(danchu.ActionExtend)+` AS extended,
		SUM(CASE WHEN action = ? THEN 1 ELSE 0 END) AS extensions
		FROM (SELECT e.petition_id, e.action, c.kind, c.accept_due, c.resolve_due,
				substr(`+month+`, 1, 7) AS month,
				ROW_NUMBER() OVER w AS rn,
				FIRST_VALUE(e.to_status) OVER w AS last_status
			FROM petitions c JOIN petition_events e ON e.petition_id = c.id
			WHERE c.received_at >= ? AND c.received_at < ? AND e.at < ?
			WINDOW w AS (PARTITION BY e.petition_id ORDER BY e.at DESC, e.id DESC)) l
		GROUP BY kind, month, last_status`,
		string(danchu.StatusReceived), t,
		string(danchu.StatusAccepted), string(danchu.StatusInProgress), t,
		string(danchu.ActionExtend),
		monthArg, f, t, t)
	if err != nil {
		return out, internal(op, fmt.Errorf("status at the end: %w", err))
	}
	loc := db.Location
	if loc == nil {
		loc = time.UTC
	}
	months := map[string]*danchu.MonthTally{}
	for _, r := range states {
		x := tally(r.Kind)
		if danchu.Status(r.Status).Pending() {
			x.Open += r.N
		}
		x.AcceptOverdue += r.AcceptOverdue
		x.ResolveOverdue += r.ResolveOverdue
		x.Accepted += r.Accepted
		x.Refused += r.Refused
		x.Transferred += r.Transferred
		x.Answered += r.Answered
		x.Withdrawn += r.Withdrawn
		x.Closed += r.Closed
		x.Extended += r.Extended
		x.Extensions += r.Extensions
		m := months[r.Month]
		if m == nil {
			start, err := time.ParseInLocation("2006-01", r.Month, loc)
			if err != nil {
				return out, internal(op, fmt.Errorf("month %q: %w", r.Month, err))
			}
			m = &danchu.MonthTally{Month: start, ByStatus: map[danchu.Status]int{}}
			months[r.Month] = m
		}
		m.Received += r.N
		m.ByStatus[danchu.Status(r.Status)] += r.N
	}
	for _, k := range sortedKeys(months) {
		out.ByMonth = append(out.ByMonth, *months[k])
	}

	for _, k := range sortedKeys(tallies) {
		x := *tallies[danchu.Kind(k)]
		out.ByKind = append(out.ByKind, danchu.KindTally{Kind: danchu.Kind(k), PetitionTally: x})
		out.All = addTally(out.All, x)
	}

	out.ByField, out.ByNeighbourhood, out.ByChannel = countList(byField), countList(byNeighbourhood), countList(byChannel)

	recv, recvArg := db.localDay("received_at", from)
	ans, ansArg := db.localDay("answered_at", from)
	var days []struct {
		Received string `db:"rd"`
		Answered string `db:"ad"`
		N        int    `db:"n"`
	}
	err = db.sel(ctx, &days, `SELECT `+recv+` AS rd, `+ans+` AS ad, COUNT(*) AS n FROM petitions
		WHERE received_at >= ? AND received_at < ? AND answered_at < ? GROUP BY rd, ad ORDER BY rd, ad`,
		recvArg, ansArg, f, t, t)
	if err != nil {
		return out, internal(op, fmt.Errorf("days to answer: %w", err))
	}
	for _, d := range days {
		rd, err1 := time.ParseInLocation(time.DateOnly, d.Received, loc)
		ad, err2 := time.ParseInLocation(time.DateOnly, d.Answered, loc)
		if err1 != nil || err2 != nil {
			return out, internal(op, fmt.Errorf("days to answer: read %q, %q", d.Received, d.Answered))
		}
		out.AnswerDays = append(out.AnswerDays, danchu.DaySpan{Received: rd, Answered: ad, Count: d.N})
	}

	var scores []struct {
		Score int `db:"score"`
		N     int `db:"n"`
	}
	if err := db.sel(ctx, &scores, `SELECT score, COUNT(*) AS n FROM ratings WHERE at >= ? AND at < ? GROUP BY score`, f, t); err != nil {
		return out, internal(op, fmt.Errorf("ratings: %w", err))
	}
	for _, s := range scores {
		if s.Score >= 1 && s.Score <= 5 {
			out.Ratings.Scores[s.Score-1] = s.N
			out.Ratings.Count += s.N
			out.Ratings.Sum += s.Score * s.N
		}
	}
	return out, nil
}

func addTally(a, b danchu.PetitionTally) danchu.PetitionTally {
	a.Received += b.Received
	a.Accepted += b.Accepted
	a.Refused += b.Refused
	a.Transferred += b.Transferred
	a.Answered += b.Answered
	a.Withdrawn += b.Withdrawn
	a.Closed += b.Closed
	a.Open += b.Open
	a.AcceptOnTime += b.AcceptOnTime
	a.AcceptLate += b.AcceptLate
	a.AcceptOverdue += b.AcceptOverdue
	a.ResolveOnTime += b.ResolveOnTime
	a.ResolveLate += b.ResolveLate
	a.ResolveOverdue += b.ResolveOverdue
	a.Extensions += b.Extensions
	a.Extended += b.Extended
	return a
}

func sortedKeys[K ~string, V any](m map[K]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, string(k))
	}
	sort.Strings(keys)
	return keys
}

// countList lists counts by key, sorted.
func countList(m map[string]int) []danchu.Count {
	out := make([]danchu.Count, 0, len(m))
	for _, k := range sortedKeys(m) {
		out = append(out, danchu.Count{Key: k, Count: m[k]})
	}
	return out
}

// ReportReception counts the bookings whose slot starts in [from, to).
func (db *DB) ReportReception(ctx context.Context, from, to time.Time) (danchu.ReceptionSection, error) {
	const op = "storage.ReportReception"
	var out danchu.ReceptionSection
	f, t, err := span(op, from, to)
	if err != nil {
		return out, err
	}
	var rows []struct {
		Host   string `db:"host"`
		Status string `db:"status"`
		N      int    `db:"n"`
	}
	if err := db.sel(ctx, &rows, `SELECT host, status, COUNT(*) AS n FROM reception_bookings
		WHERE slot_start >= ? AND slot_start < ? GROUP BY host, status`, f, t); err != nil {
		return out, internal(op, err)
	}
	day, dayArg := db.localDay("slot_start", from)
	var sessions []struct {
		Host string `db:"host"`
		N    int    `db:"n"`
	}
	if err := db.sel(ctx, &sessions, `SELECT host, COUNT(*) AS n FROM
		(SELECT DISTINCT host, `+day+` AS d FROM reception_bookings
			WHERE slot_start >= ? AND slot_start < ? AND status IN (?, ?)) s GROUP BY host`,
		dayArg, f, t, danchu.BookingReceived, danchu.BookingAbsent); err != nil {
		return out, internal(op, fmt.Errorf("sessions: %w", err))
	}
	hosts := map[string]*danchu.HostTally{}
	host := func(k string) *danchu.HostTally {
		if hosts[k] == nil {
			hosts[k] = &danchu.HostTally{Host: k}
		}
		return hosts[k]
	}
	for _, r := range rows {
		h := host(r.Host)
		switch r.Status {
		case danchu.BookingReceived:
			out.People += r.N
			h.People += r.N
		case danchu.BookingAbsent:
			out.Absent += r.N
		case danchu.BookingBooked:
			out.Booked += r.N
		case danchu.BookingCancelled:
			out.Cancelled += r.N
		}
	}
	for _, s := range sessions {
		host(s.Host).Sessions = s.N
		out.Sessions += s.N
	}
	for _, k := range sortedKeys(hosts) {
		out.ByHost = append(out.ByHost, *hosts[k])
	}
	out.Cases = out.People
	return out, nil
}

// ReportDialogues counts the dialogues held in [from, to) and their
// questions as they stood at to.
func (db *DB) ReportDialogues(ctx context.Context, from, to time.Time) (danchu.DialogueSection, error) {
	const op = "storage.ReportDialogues"
	var out danchu.DialogueSection
	f, t, err := span(op, from, to)
	if err != nil {
		return out, err
	}
	var row struct {
		Held      int `db:"held"`
		Questions int `db:"questions"`
		Merged    int `db:"merged"`
		Hidden    int `db:"hidden"`
		Session   int `db:"at_session"`
		Writing   int `db:"in_writing"`
		Pending   int `db:"pending"`
		Late      int `db:"late"`
	}
	// A promise of a written answer sets answer_due and leaves answered_at
	// empty; the written answer sets answered_at.
	err = db.get(ctx, &row, `SELECT
		(SELECT COUNT(*) FROM dialogues WHERE at >= ? AND at < ?) AS held,
		COUNT(q.id) AS questions,
		COALESCE(SUM(CASE WHEN q.status = ? THEN 1 ELSE 0 END), 0) AS merged,
		COALESCE(SUM(CASE WHEN q.status = ? THEN 1 ELSE 0 END), 0) AS hidden,
		COALESCE(SUM(CASE WHEN q.status = ? AND q.answer_kind = ? AND q.answered_at < ? THEN 1 ELSE 0 END), 0) AS at_session,
		COALESCE(SUM(CASE WHEN q.status = ? AND q.answer_kind = ? AND q.answered_at < ? THEN 1 ELSE 0 END), 0) AS in_writing,
		COALESCE(SUM(CASE WHEN q.answer_due IS NOT NULL AND (q.answered_at IS NULL OR q.answered_at >= ?) THEN 1 ELSE 0 END), 0) AS pending,
		COALESCE(SUM(CASE WHEN q.answer_due IS NOT NULL AND (
				q.answered_at < ? AND q.answered_at > q.answer_due
				OR (q.answered_at IS NULL OR q.answered_at >= ?) AND q.answer_due < ?) THEN 1 ELSE 0 END), 0) AS late
		FROM dialogues d JOIN questions q ON q.dialogue_id = d.id
		WHERE d.at >= ? AND d.at < ? AND q.created_at < ?`,
		f, t,
		string(danchu.QuestionMerged), string(danchu.QuestionHidden),
		string(danchu.QuestionAnswered), danchu.AnswerAtSession, t,
		string(danchu.QuestionAnswered), danchu.AnswerInWriting, t,
		t,
		t, t, t,
		f, t, t)
	if err != nil {
		return out, internal(op, err)
	}
	return danchu.DialogueSection{Held: row.Held, Questions: row.Questions, Merged: row.Merged, Hidden: row.Hidden,
		AnsweredAtSession: row.Session, AnsweredInWriting: row.Writing, WrittenPending: row.Pending, WrittenLate: row.Late}, nil
}

// ReportDisclosures counts the disclosures published in [from, to) by
// category, with their messages.
func (db *DB) ReportDisclosures(ctx context.Context, from, to time.Time) (danchu.DisclosureSection, error) {
	const op = "storage.ReportDisclosures"
	var out danchu.DisclosureSection
	f, t, err := span(op, from, to)
	if err != nil {
		return out, err
	}
	var rows []struct {
		Category  string `db:"category"`
		Items     int    `db:"items"`
		Sent      int    `db:"sent"`
		Delivered int    `db:"delivered"`
	}
	// The messages are counted per broadcast first, so that joining them
	// does not multiply the items.
	err = db.sel(ctx, &rows, `SELECT d.category, COUNT(*) AS items,
		COALESCE(SUM(m.sent), 0) AS sent, COALESCE(SUM(m.delivered), 0) AS delivered
		FROM disclosures d LEFT JOIN (
			SELECT o.broadcast_id, COUNT(*) AS sent, SUM(CASE WHEN o.status = ? THEN 1 ELSE 0 END) AS delivered
			FROM outbox o JOIN disclosures x ON x.broadcast_id = o.broadcast_id
			WHERE o.broadcast_id <> 0 AND x.published_at >= ? AND x.published_at < ?
			GROUP BY o.broadcast_id) m ON m.broadcast_id = d.broadcast_id AND d.broadcast_id <> 0
		WHERE d.published_at >= ? AND d.published_at < ?
		GROUP BY d.category ORDER BY d.category`, danchu.OutboxSent, f, t, f, t)
	if err != nil {
		return out, internal(op, err)
	}
	for _, r := range rows {
		out.Items += r.Items
		out.ByCategory = append(out.ByCategory, danchu.CategoryTally{Key: r.Category, Items: r.Items, Sent: r.Sent, Delivered: r.Delivered})
	}
	return out, nil
}

// likeEscape escapes s for a LIKE pattern with ESCAPE '\'.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// ReportNotices counts the notices created in [from, to), and per
// neighbourhood the meeting notices addressed to it and the household
// answers to them.
func (db *DB) ReportNotices(ctx context.Context, from, to time.Time, neighbourhoods []string) (danchu.NoticeSection, error) {
	const op = "storage.ReportNotices"
	var out danchu.NoticeSection
	f, t, err := span(op, from, to)
	if err != nil {
		return out, err
	}
	var row struct {
		Notices   int `db:"notices"`
		Meetings  int `db:"meetings"`
		Sent      int `db:"sent"`
		Delivered int `db:"delivered"`
	}
	err = db.get(ctx, &row, `SELECT
		(SELECT COUNT(*) FROM notices WHERE created_at >= ? AND created_at < ?) AS notices,
		(SELECT COUNT(*) FROM notices WHERE created_at >= ? AND created_at < ? AND meeting_at IS NOT NULL) AS meetings,
		COUNT(o.id) AS sent,
		COALESCE(SUM(CASE WHEN o.status = ? THEN 1 ELSE 0 END), 0) AS delivered
		FROM notices n JOIN outbox o ON o.broadcast_id = n.broadcast_id AND o.broadcast_id <> 0
		WHERE n.created_at >= ? AND n.created_at < ? AND n.broadcast_id <> 0`,
		f, t, f, t, danchu.OutboxSent, f, t)
	if err != nil {
		return out, internal(op, err)
	}
	out.Notices, out.Meetings, out.Sent, out.Delivered = row.Notices, row.Meetings, row.Sent, row.Delivered

	// A meeting notice is addressed to a neighbourhood when its audience
	// (JSON as danchu.Audience) is everyone or names it.
	answered := map[string]int{}
	var rows []struct {
		Neighbourhood string `db:"nb"`
		N             int    `db:"n"`
	}
	// One answer per household and meeting; a resident in no confirmed
	// household counts as one (danchu.MeetingAnswer.Unit).
	err = db.sel(ctx, &rows, `SELECT nb, COUNT(*) AS n FROM (
			SELECT DISTINCT a.notice_id, COALESCE(a.household_id, 0) AS hh,
				CASE WHEN a.household_id IS NULL THEN a.resident_id ELSE 0 END AS rid,
				COALESCE(h.neighbourhood, r.neighbourhood, '') AS nb
			FROM notices n JOIN meeting_answers a ON a.notice_id = n.id
			LEFT JOIN households h ON h.id = a.household_id
			LEFT JOIN residents r ON r.id = a.resident_id
			WHERE n.created_at >= ? AND n.created_at < ? AND n.meeting_at IS NOT NULL AND a.at < ?
			AND (a.household_id IS NOT NULL OR a.resident_id IS NOT NULL)) u
		GROUP BY nb`, f, t, t)
	if err != nil {
		return out, internal(op, fmt.Errorf("answers: %w", err))
	}
	for _, r := range rows {
		answered[r.Neighbourhood] = r.N
	}
	for _, nb := range neighbourhoods {
		var n int
		err := db.get(ctx, &n, `SELECT COUNT(*) FROM notices
			WHERE created_at >= ? AND created_at < ? AND meeting_at IS NOT NULL
			AND (audience LIKE ? OR audience LIKE ? ESCAPE '\')`,
			f, t, `%"all":true%`, `%"`+likeEscape(nb)+`"%`)
		if err != nil {
			return out, internal(op, fmt.Errorf("meetings of %s: %w", nb, err))
		}
		out.ByNeighbourhood = append(out.ByNeighbourhood, danchu.NeighbourhoodMeetings{Neighbourhood: nb, Meetings: n, Answered: answered[nb]})
	}
	return out, nil
}

// ReportConsultations counts consultations opened, comments made and
// summaries published in [from, to), and the conventions adopted by votes
// closed then.
func (db *DB) ReportConsultations(ctx context.Context, from, to time.Time) (danchu.ConsultationSection, error) {
	const op = "storage.ReportConsultations"
	var out danchu.ConsultationSection
	f, t, err := span(op, from, to)
	if err != nil {
		return out, err
	}
	conv := string(danchu.ConsultConvention)
	var row struct {
		Held          int `db:"held"`
		ConvHeld      int `db:"conv_held"`
		Comments      int `db:"comments"`
		ConvComments  int `db:"conv_comments"`
		Summaries     int `db:"summaries"`
		ConvSummaries int `db:"conv_summaries"`
		Adopted       int `db:"adopted"`
	}
	err = db.get(ctx, &row, `SELECT
		(SELECT COUNT(*) FROM consultations WHERE opens_at >= ? AND opens_at < ?) AS held,
		(SELECT COUNT(*) FROM consultations WHERE opens_at >= ? AND opens_at < ? AND kind = ?) AS conv_held,
		(SELECT COUNT(*) FROM comments WHERE at >= ? AND at < ?) AS comments,
		(SELECT COUNT(*) FROM comments c JOIN consultations k ON k.id = c.consultation_id
			WHERE c.at >= ? AND c.at < ? AND k.kind = ?) AS conv_comments,
		(SELECT COUNT(*) FROM consultations WHERE published_at >= ? AND published_at < ?) AS summaries,
		(SELECT COUNT(*) FROM consultations WHERE published_at >= ? AND published_at < ? AND kind = ?) AS conv_summaries,
		(SELECT COUNT(*) FROM votes v WHERE v.closed_at >= ? AND v.closed_at < ? AND v.matter = ? AND `+db.votePassed("v")+`) AS adopted`,
		f, t, f, t, conv, f, t, f, t, conv, f, t, f, t, conv, f, t, string(danchu.MatterConvention))
	if err != nil {
		return out, internal(op, err)
	}
	out.All = danchu.ConsultationTally{Held: row.Held, Comments: row.Comments, Summaries: row.Summaries}
	out.Conventions = danchu.ConsultationTally{Held: row.ConvHeld, Comments: row.ConvComments, Summaries: row.ConvSummaries}
	out.ConventionsAdopted = row.Adopted
	return out, nil
}

// ReportVotes counts the votes closed in [from, to).
func (db *DB) ReportVotes(ctx context.Context, from, to time.Time) (danchu.VoteSection, error) {
	const op = "storage.ReportVotes"
	var out danchu.VoteSection
	f, t, err := span(op, from, to)
	if err != nil {
		return out, err
	}
	var row struct {
		Held       int `db:"held"`
		Online     int `db:"online"`
		Meeting    int `db:"meeting"`
		Ballot     int `db:"ballot"`
		Households int `db:"households"`
		Turnout    int `db:"turnout"`
		Passed     int `db:"passed"`
	}
	err = db.get(ctx, &row, `SELECT COUNT(*) AS held,
		COALESCE(SUM(CASE WHEN matter = ? THEN 1 ELSE 0 END), 0) AS online,
		COALESCE(SUM(CASE WHEN matter <> ? AND meeting > 0 THEN 1 ELSE 0 END), 0) AS meeting,
		COALESCE(SUM(CASE WHEN matter <> ? AND meeting = 0 AND paper > 0 THEN 1 ELSE 0 END), 0) AS ballot,
		COALESCE(SUM(households), 0) AS households,
		COALESCE(SUM(turnout), 0) AS turnout,
		COALESCE(SUM(passed), 0) AS passed
		FROM (SELECT v.id, v.matter, v.households,
				CASE WHEN `+db.votePassed("v")+` THEN 1 ELSE 0 END AS passed,
				COUNT(b.id) AS turnout,
				SUM(CASE WHEN b.channel = ? THEN 1 ELSE 0 END) AS meeting,
				SUM(CASE WHEN b.channel = ? THEN 1 ELSE 0 END) AS paper
			FROM votes v LEFT JOIN ballots b ON b.vote_id = v.id
			WHERE v.closed_at >= ? AND v.closed_at < ?
			GROUP BY v.id, v.matter, v.households, v.outcome) x`,
		string(danchu.MatterOther), string(danchu.MatterOther), string(danchu.MatterOther),
		string(danchu.ChannelMeeting), string(danchu.ChannelPaper), f, t)
	if err != nil {
		return out, internal(op, err)
	}
	return danchu.VoteSection{Held: row.Held, Meeting: row.Meeting, Ballot: row.Ballot, Online: row.Online,
		Households: row.Households, Turnout: row.Turnout, Passed: row.Passed, Failed: row.Held - row.Passed}, nil
}

// ReportResidents counts residents and confirmed households per
// neighbourhood at to.
func (db *DB) ReportResidents(ctx context.Context, from, to time.Time) (danchu.ResidentSection, error) {
	const op = "storage.ReportResidents"
	var out danchu.ResidentSection
	f, t, err := span(op, from, to)
	if err != nil {
		return out, err
	}
	var people []struct {
		Neighbourhood string `db:"neighbourhood"`
		Registered    int    `db:"registered"`
		New           int    `db:"new"`
	}
	if err := db.sel(ctx, &people, `SELECT neighbourhood, COUNT(*) AS registered,
		SUM(CASE WHEN created_at >= ? THEN 1 ELSE 0 END) AS new
		FROM residents WHERE created_at < ? GROUP BY neighbourhood`, f, t); err != nil {
		return out, internal(op, err)
	}
	var confirmed []struct {
		Neighbourhood string `db:"neighbourhood"`
		N             int    `db:"n"`
	}
	if err := db.sel(ctx, &confirmed, `SELECT neighbourhood, COUNT(*) AS n FROM households
		WHERE representative_id IS NOT NULL AND confirmed_at < ? GROUP BY neighbourhood`, t); err != nil {
		return out, internal(op, fmt.Errorf("households: %w", err))
	}
	by := map[string]*danchu.NeighbourhoodResidents{}
	get := func(nb string) *danchu.NeighbourhoodResidents {
		if by[nb] == nil {
			by[nb] = &danchu.NeighbourhoodResidents{Neighbourhood: nb}
		}
		return by[nb]
	}
	for _, p := range people {
		x := get(p.Neighbourhood)
		x.Registered, x.New = p.Registered, p.New
		out.Registered += p.Registered
		out.New += p.New
	}
	for _, c := range confirmed {
		get(c.Neighbourhood).Confirmed = c.N
		out.Confirmed += c.N
	}
	for _, k := range sortedKeys(by) {
		out.ByNeighbourhood = append(out.ByNeighbourhood, *by[k])
	}
	return out, nil
}
