package danchu

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The figures of a report (báo cáo 6 tháng, báo cáo năm, báo cáo đột xuất):
// what the unit did in a period [From, To), counted by the database. They
// hold no personal data at all: no names, phones, addresses or texts, and a
// tố cáo is only ever a number among the others (LAW.md, "Personal data").

// Kinds of report period.
const (
	PeriodHalfYear = "half_year" // 6 tháng
	PeriodYear     = "year"      // năm
	PeriodCustom   = "custom"    // đột xuất: any from..to
)

// ReportPeriod is the span a report covers: [From, To), both midnights in
// the unit's time zone, so To is the day after the last day covered.
type ReportPeriod struct {
	// Key is the period as ParseReportPeriod reads it: "2027-H1", "2027",
	// "2027-01-01..2027-03-31".
	Key  string    `json:"key"`
	Kind string    `json:"kind"` // PeriodHalfYear, PeriodYear or PeriodCustom
	Year int       `json:"year"` // of a half-year or a year; 0 for custom
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

// Last is the last day covered (midnight): the day before To.
func (p ReportPeriod) Last() time.Time { return p.To.AddDate(0, 0, -1) }

// YearBefore is the same period one year earlier, the comparison every
// report figure stands beside ("so với cùng kỳ năm trước").
func (p ReportPeriod) YearBefore() ReportPeriod {
	q := ReportPeriod{Kind: p.Kind, From: p.From.AddDate(-1, 0, 0), To: p.To.AddDate(-1, 0, 0)}
	switch p.Kind {
	case PeriodHalfYear:
		q.Year = p.Year - 1
		q.Key = fmt.Sprintf("%d-H1", q.Year)
	case PeriodYear:
		q.Year = p.Year - 1
		q.Key = strconv.Itoa(q.Year)
	default:
		q.Key = q.From.Format(time.DateOnly) + ".." + q.Last().Format(time.DateOnly)
	}
	return q
}

// Title names the period in Vietnamese, for headings: "6 tháng đầu năm 2027
// (từ ngày 15/12/2026 đến ngày 14/06/2027)".
func (p ReportPeriod) Title() string {
	span := fmt.Sprintf("từ ngày %s đến ngày %s", p.From.Format("02/01/2006"), p.Last().Format("02/01/2006"))
	switch p.Kind {
	case PeriodHalfYear:
		return fmt.Sprintf("6 tháng đầu năm %d (%s)", p.Year, span)
	case PeriodYear:
		return fmt.Sprintf("năm %d (%s)", p.Year, span)
	}
	return strings.ToUpper(span[:1]) + span[1:]
}

// ReportPeriodSettings are the spans of the yearly reports (Nghị định
// 09/2019/NĐ-CP, Điều 12): each from a day of the year before to a day of the
// report's year, both "dd/mm" and both included.
type ReportPeriodSettings struct {
	HalfYear ReportSpan `yaml:"half_year"`
	Year     ReportSpan `yaml:"year"`
}

// ReportSpan is a yearly span: From is in the year before the report's
// year when it falls after To in the calendar (15/12 before 14/06).
type ReportSpan struct {
	From string `yaml:"from"`
	To   string `yaml:"to"`
}

// period is the span of the report of year, in loc.
func (s ReportSpan) period(year int, loc *time.Location) (from, to time.Time, err error) {
	f, err1 := time.Parse("02/01", s.From)
	t, err2 := time.Parse("02/01", s.To)
	if err1 != nil || err2 != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("report period %q..%q: write the days as dd/mm", s.From, s.To)
	}
	fromYear := year
	if f.YearDay() > t.YearDay() {
		fromYear = year - 1
	}
	from = time.Date(fromYear, f.Month(), f.Day(), 0, 0, 0, 0, loc)
	to = time.Date(year, t.Month(), t.Day(), 0, 0, 0, 0, loc).AddDate(0, 0, 1)
	return from, to, nil
}

func (r ReportPeriodSettings) validate() error {
	for name, s := range map[string]ReportSpan{"half_year": r.HalfYear, "year": r.Year} {
		if !dayMonth.MatchString(s.From) || !dayMonth.MatchString(s.To) {
			return invalid(fmt.Sprintf("report_periods.%s: from and to are days as dd/mm", name), "report_periods", name)
		}
		if _, _, err := s.period(2000, time.UTC); err != nil {
			return invalid(fmt.Sprintf("report_periods.%s: %v", name, err), "report_periods", name)
		}
	}
	return nil
}

var (
	periodHalf   = regexp.MustCompile(`^(\d{4})-[Hh]1$`)
	periodYear   = regexp.MustCompile(`^(\d{4})$`)
	periodCustom = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$`)
)

// badPeriod is the polite answer to a period that cannot be read.
const badPeriod = "Kỳ báo cáo chưa đúng. Xin nhập theo một trong các dạng: 2027-H1 (6 tháng), 2027 (cả năm) hoặc 2027-01-01..2027-03-31 (từ ngày đến ngày)."

// ParseReportPeriod reads a period: "2027-H1" (the half-year of the
// settings), "2027" (the year) or "2027-01-01..2027-03-31" (both days
// included). Days are in the unit's time zone. EINVALID, with a message in
// Vietnamese for the person who typed it, otherwise.
func (s *Settings) ParseReportPeriod(text string) (ReportPeriod, error) {
	text = strings.TrimSpace(text)
	loc := s.Location()
	yearOf := func(v string) (int, error) {
		y, _ := strconv.Atoi(v)
		if y < 2000 || y > 2200 {
			return 0, Errorf(EINVALID, "Năm %s nằm ngoài khoảng danchu lập được báo cáo (2000–2200).", v)
		}
		return y, nil
	}
	switch {
	case periodHalf.MatchString(text):
		y, err := yearOf(periodHalf.FindStringSubmatch(text)[1])
		if err != nil {
			return ReportPeriod{}, err
		}
		return s.HalfYearPeriod(y)
	case periodYear.MatchString(text):
		y, err := yearOf(text)
		if err != nil {
			return ReportPeriod{}, err
		}
		return s.YearPeriod(y)
	case periodCustom.MatchString(text):
		m := periodCustom.FindStringSubmatch(text)
		from, err1 := time.ParseInLocation(time.DateOnly, m[1], loc)
		last, err2 := time.ParseInLocation(time.DateOnly, m[2], loc)
		if err1 != nil || err2 != nil {
			return ReportPeriod{}, Errorf(EINVALID, "Ngày trong kỳ báo cáo không có thật. %s", badPeriod)
		}
		if last.Before(from) {
			return ReportPeriod{}, Errorf(EINVALID, "Ngày kết thúc (%s) phải sau hoặc trùng ngày bắt đầu (%s).",
				last.Format("02/01/2006"), from.Format("02/01/2006"))
		}
		if _, err := yearOf(m[1][:4]); err != nil {
			return ReportPeriod{}, err
		}
		if _, err := yearOf(m[2][:4]); err != nil {
			return ReportPeriod{}, err
		}
		return ReportPeriod{Key: text, Kind: PeriodCustom, From: from, To: last.AddDate(0, 0, 1)}, nil
	}
	return ReportPeriod{}, Errorf(EINVALID, "%s", badPeriod)
}

// HalfYearPeriod is the half-year report's period of year
// (Settings.ReportPeriods.HalfYear).
func (s *Settings) HalfYearPeriod(year int) (ReportPeriod, error) {
	from, to, err := s.ReportPeriods.HalfYear.period(year, s.Location())
	if err != nil {
		return ReportPeriod{}, Errorf(EINVALID, "%v", err)
	}
	return ReportPeriod{Key: fmt.Sprintf("%d-H1", year), Kind: PeriodHalfYear, Year: year, From: from, To: to}, nil
}

// YearPeriod is the annual report's period of year
// (Settings.ReportPeriods.Year).
func (s *Settings) YearPeriod(year int) (ReportPeriod, error) {
	from, to, err := s.ReportPeriods.Year.period(year, s.Location())
	if err != nil {
		return ReportPeriod{}, Errorf(EINVALID, "%v", err)
	}
	return ReportPeriod{Key: strconv.Itoa(year), Kind: PeriodYear, Year: year, From: from, To: to}, nil
}

// Count is a number of things with one key: a field, a neighbourhood, a
// channel, a category. Title is the label to show when it differs from Key.
type Count struct {
	Key   string `json:"key"`
	Title string `json:"title,omitempty"`
	Count int    `json:"count"`
}

// Figures are every figure of a report for one period.
type Figures struct {
	Period        ReportPeriod        `json:"period"`
	Petitions     PetitionSection     `json:"petitions"`
	Reception     ReceptionSection    `json:"reception"`
	Dialogues     DialogueSection     `json:"dialogues"`
	Disclosures   DisclosureSection   `json:"disclosures"`
	Notices       NoticeSection       `json:"notices"`
	Consultations ConsultationSection `json:"consultations"`
	Votes         VoteSection         `json:"votes"`
	Residents     ResidentSection     `json:"residents"`
}

// PetitionTally counts the petitions received in the period (of one kind,
// or of all) and what had happened to them by the period's end (To): a
// report about a period says where its petitions stood when it ended, so
// computing it again later gives the same figures.
type PetitionTally struct {
	Received int `json:"received"` // tiếp nhận

	// Accepted, Refused, Transferred, Answered, Withdrawn and Closed count
	// the petitions with that step before To; a petition accepted and then
	// withdrawn counts in both.
	Accepted    int `json:"accepted"`    // thụ lý
	Refused     int `json:"refused"`     // không thụ lý
	Transferred int `json:"transferred"` // chuyển đơn
	Answered    int `json:"answered"`    // đã trả lời, giải quyết
	Withdrawn   int `json:"withdrawn"`   // rút đơn
	Closed      int `json:"closed"`      // đóng
	// Open counts those the unit still owed a step at To: received,
	// accepted or in progress then.
	Open int `json:"open"`

	// Acceptance against AcceptDue: accepted by it, accepted after it, and
	// not decided at To although it had passed.
	AcceptOnTime  int `json:"accept_on_time"`
	AcceptLate    int `json:"accept_late"`
	AcceptOverdue int `json:"accept_overdue"`
	// Resolution against ResolveDue (moved by extensions): answered by it,
	// answered after it, and accepted but unanswered at To past it.
	ResolveOnTime  int `json:"resolve_on_time"`
	ResolveLate    int `json:"resolve_late"`
	ResolveOverdue int `json:"resolve_overdue"`

	// Extensions counts the extensions (gia hạn) granted before To;
	// Extended the petitions that had at least one.
	Extensions int `json:"extensions"`
	Extended   int `json:"extended"`
}

// KindTally is the tally of one kind of petition.
type KindTally struct {
	Kind Kind `json:"kind"`
	PetitionTally
}

// DaySpan counts the petitions received on one day and answered on
// another (days in the unit's time zone, midnights): the store groups by
// the two days, and the average in working days is computed from these
// groups with the Calendar, without a row per petition.
type DaySpan struct {
	Received time.Time `json:"received"`
	Answered time.Time `json:"answered"`
	Count    int       `json:"count"`
}

// RatingSection sums the ratings given in the period (đánh giá mức độ hài
// lòng). Scores[i] counts the ratings of i+1 stars.
type RatingSection struct {
	Count  int    `json:"count"`
	Sum    int    `json:"sum"`
	Scores [5]int `json:"scores"`
}

// Average is the mean score, 0 without ratings.
func (r RatingSection) Average() float64 {
	if r.Count == 0 {
		return 0
	}
	return float64(r.Sum) / float64(r.Count)
}

// PetitionSection are the figures of đơn thư.
type PetitionSection struct {
	All    PetitionTally `json:"all"`
	ByKind []KindTally   `json:"by_kind"` // every kind, in Kinds order
	// ByField, ByNeighbourhood and ByChannel count the petitions received.
	// A petition without a neighbourhood counts under the key "".
	ByField         []Count `json:"by_field"`
	ByNeighbourhood []Count `json:"by_neighbourhood"`
	// ByChannel: how petitions came in ("telegram" for all of them so far).
	ByChannel []Count `json:"by_channel"`
	// AnswerDays groups the petitions received in the period and answered
	// before To by the two days; AverageWorkingDays is their mean in
	// working days from receipt to answer (Calendar.WorkingDays), set by
	// SetAverage.
	AnswerDays         []DaySpan     `json:"answer_days,omitempty"`
	AverageWorkingDays float64       `json:"average_working_days"`
	Ratings            RatingSection `json:"ratings"`
	// ByMonth counts the petitions received in each month of the period
	// (in the unit's zone) by their status at To, for the chart of months.
	ByMonth []MonthTally `json:"by_month"`
	// FieldTimes are the answers on time and late per field, for the
	// on-time rate by field; every field of the settings, in their order.
	FieldTimes []FieldTimes `json:"field_times"`
}

// MonthTally counts the petitions received in one month by their status at
// the period's end.
type MonthTally struct {
	Month    time.Time      `json:"month"` // the first day, midnight in the unit's zone
	Received int            `json:"received"`
	ByStatus map[Status]int `json:"by_status"`
}

// FieldTimes counts, for one field, the petitions received in the period
// and answered before its end, on time and late (PetitionTally's
// ResolveOnTime and ResolveLate).
type FieldTimes struct {
	Field  string `json:"field"`
	OnTime int    `json:"on_time"`
	Late   int    `json:"late"`
}

// SetAverage computes AverageWorkingDays from AnswerDays with cal.
func (s *PetitionSection) SetAverage(cal *Calendar) {
	days, n := 0, 0
	for _, d := range s.AnswerDays {
		days += cal.WorkingDays(d.Received, d.Answered) * d.Count
		n += d.Count
	}
	s.AverageWorkingDays = 0
	if n > 0 {
		s.AverageWorkingDays = float64(days) / float64(n)
	}
}

// HostTally counts the reception of one host (ReceptionHost.Key).
type HostTally struct {
	Host     string `json:"host"`
	Title    string `json:"title,omitempty"`
	Sessions int    `json:"sessions"`
	People   int    `json:"people"`
}

// ReceptionSection are the figures of tiếp công dân, from the bookings
// whose slot falls in the period.
type ReceptionSection struct {
	// Sessions counts the (host, day) pairs in which at least one booking
	// was marked received or absent: danchu records no session itself,
	// only the visits of a session that was held.
	Sessions int `json:"sessions"`
	// People counts the bookings marked received (lượt người).
	People int `json:"people"`
	// Cases (vụ việc) equals People: a booking carries one topic, and
	// danchu keeps no separate record of cases.
	Cases int `json:"cases"`
	// Delegations (đoàn đông người) is always 0: danchu has no record of
	// group delegations yet.
	Delegations int `json:"delegations"`
	Booked      int `json:"booked"`    // still waiting at To
	Cancelled   int `json:"cancelled"` // cancelled by the resident
	Absent      int `json:"absent"`    // did not come
	// ByHost, every host of the settings first.
	ByHost []HostTally `json:"by_host"`
}

// DialogueSection are the figures of hội nghị đối thoại held in the period,
// with their questions.
type DialogueSection struct {
	Held      int `json:"held"`
	Questions int `json:"questions"` // received, every status
	Merged    int `json:"merged"`    // duplicates merged into another
	Hidden    int `json:"hidden"`    // hidden as abusive, with a reason
	// AnsweredAtSession and AnsweredInWriting count the answers given
	// before To; WrittenPending the written answers promised and not given
	// at To.
	AnsweredAtSession int `json:"answered_at_session"`
	AnsweredInWriting int `json:"answered_in_writing"`
	WrittenPending    int `json:"written_pending"`
	// WrittenLate counts the written answers given after their promised
	// day, or still missing at To when that day had passed.
	WrittenLate int `json:"written_late"`
}

// CategoryTally counts the disclosures of one category of the settings.
type CategoryTally struct {
	Key   string `json:"key"`
	Title string `json:"title"`
	Items int    `json:"items"` // published in the period
	// Sent and Delivered count the messages to residents of those items
	// (one per recipient), and those Telegram accepted.
	Sent      int `json:"sent"`
	Delivered int `json:"delivered"`
}

// DisclosureSection are the figures of công khai (Điều 11): every category
// of the settings, in their order, with zero when nothing was published.
type DisclosureSection struct {
	Items      int             `json:"items"`
	ByCategory []CategoryTally `json:"by_category"`
}

// NeighbourhoodMeetings counts, for one neighbourhood, the meeting notices
// of the period addressed to it and the households that answered them.
type NeighbourhoodMeetings struct {
	Neighbourhood string `json:"neighbourhood"`
	// Households is the neighbourhood's number of households in the
	// settings: the base the law counts from.
	Households int `json:"households"`
	Meetings   int `json:"meetings"` // meeting notices addressed to it
	// Answered counts household answers, one per household and meeting (a
	// resident in no confirmed household counts as one); NotAnswered is
	// Meetings × Households − Answered, never below 0.
	Answered    int `json:"answered"`
	NotAnswered int `json:"not_answered"`
}

// NoticeSection are the figures of thông báo and thông báo họp created in
// the period.
type NoticeSection struct {
	Notices  int `json:"notices"`  // every notice, meetings included
	Meetings int `json:"meetings"` // meeting notices
	// Sent and Delivered count their messages to residents, and those
	// Telegram accepted.
	Sent            int                     `json:"sent"`
	Delivered       int                     `json:"delivered"`
	ByNeighbourhood []NeighbourhoodMeetings `json:"by_neighbourhood"`
}

// ConsultationTally counts consultations opened in the period, the
// comments made in the period and the summaries published in it.
type ConsultationTally struct {
	Held      int `json:"held"`
	Comments  int `json:"comments"`
	Summaries int `json:"summaries"`
}

// ConsultationSection are the figures of lấy ý kiến: all kinds, and the
// hương ước, quy ước drafts among them, with the conventions adopted by
// vote (a vote of matter convention that passed in the period).
type ConsultationSection struct {
	All                ConsultationTally `json:"all"`
	Conventions        ConsultationTally `json:"conventions"`
	ConventionsAdopted int               `json:"conventions_adopted"`
}

// VoteSection are the figures of biểu quyết closed in the period.
type VoteSection struct {
	Held int `json:"held"`
	// By form: Online for the matters voted through the bot; of the
	// others, Meeting when a meeting's ballots were recorded, Ballot when
	// only paper ballots were. A vote closed with no ballot is in none.
	Meeting int `json:"meeting"`
	Ballot  int `json:"ballot"`
	Online  int `json:"online"`
	// Households sums the households of the votes' neighbourhoods;
	// Turnout the households that took part (one ballot each).
	Households int `json:"households"`
	Turnout    int `json:"turnout"`
	Passed     int `json:"passed"`
	Failed     int `json:"failed"`
}

// NeighbourhoodResidents counts the people of one neighbourhood.
type NeighbourhoodResidents struct {
	Neighbourhood string `json:"neighbourhood"`
	Households    int    `json:"households"` // in the settings
	Registered    int    `json:"registered"` // residents registered before To
	New           int    `json:"new"`        // of them, registered in the period
	// Confirmed counts the households whose representative was confirmed
	// before To.
	Confirmed int `json:"confirmed"`
}

// ResidentSection are the figures of residents and households, per
// neighbourhood of the settings (then any other the data names).
type ResidentSection struct {
	Registered      int                      `json:"registered"`
	New             int                      `json:"new"`
	Confirmed       int                      `json:"confirmed"`
	ByNeighbourhood []NeighbourhoodResidents `json:"by_neighbourhood"`
}

// ReportFiguresService counts the figures of a report with aggregates in
// the database: no method loads one row per petition, resident or message.
// Each takes the period [from, to) and answers for it alone; the caller
// (package report) fills titles, zeros and the order of the settings.
// Every method returns EINVALID when to is not after from, the context's
// error when it ends, and EINTERNAL for a failure of the database.
type ReportFiguresService interface {
	// ReportPetitions counts the petitions received in [from, to) as they
	// stood at to (PetitionTally), by kind, field, neighbourhood and
	// channel, the AnswerDays groups (AverageWorkingDays left 0) and the
	// ratings given in [from, to). ByKind holds the kinds that have
	// petitions, ByField and the others the keys that have a count.
	ReportPetitions(ctx context.Context, from, to time.Time) (PetitionSection, error)
	// ReportReception counts the bookings whose slot starts in [from, to);
	// ByHost holds the hosts that have bookings, without titles.
	ReportReception(ctx context.Context, from, to time.Time) (ReceptionSection, error)
	// ReportDialogues counts the dialogues held in [from, to) and their
	// questions as they stood at to.
	ReportDialogues(ctx context.Context, from, to time.Time) (DialogueSection, error)
	// ReportDisclosures counts the disclosures published in [from, to) by
	// category key (the categories that have one, without titles).
	ReportDisclosures(ctx context.Context, from, to time.Time) (DisclosureSection, error)
	// ReportNotices counts the notices created in [from, to); for each
	// neighbourhood named, the meeting notices addressed to it (to all, or
	// to it by name) and the household answers to them (Households and
	// NotAnswered left 0).
	ReportNotices(ctx context.Context, from, to time.Time, neighbourhoods []string) (NoticeSection, error)
	// ReportConsultations counts consultations opened, comments made and
	// summaries published in [from, to), and conventions adopted by votes
	// closed then.
	ReportConsultations(ctx context.Context, from, to time.Time) (ConsultationSection, error)
	// ReportVotes counts the votes closed in [from, to).
	ReportVotes(ctx context.Context, from, to time.Time) (VoteSection, error)
	// ReportResidents counts residents and confirmed households per
	// neighbourhood at to (Households left 0).
	ReportResidents(ctx context.Context, from, to time.Time) (ResidentSection, error)
}
