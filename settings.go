package danchu

import (
	"bytes"
	_ "embed"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// DefaultSettingsYAML is the shipped settings file: thị trấn Hà Trung.
//
//go:embed settings.yaml
var DefaultSettingsYAML []byte

// Settings are the unit's own facts and the legal numbers it keeps. Every
// number of LAW.md lives here, never as a constant in code.
type Settings struct {
	Unit           UnitSettings     `yaml:"unit"`
	Neighbourhoods []Neighbourhood  `yaml:"neighbourhoods"`
	Fields         []string         `yaml:"fields"`
	Petitions      PetitionSettings `yaml:"petitions"`
	Reports        []ReportSetting  `yaml:"reports"`
	// ReportPeriods are the spans the yearly reports cover (figures.go).
	ReportPeriods ReportPeriodSettings `yaml:"report_periods"`
	Holidays      HolidaySettings      `yaml:"holidays"`
	Votes         VoteSettings         `yaml:"votes"`
	Consultations ConsultationConfig   `yaml:"consultations"`
	Meetings      MeetingSettings      `yaml:"meetings"`
	PersonalData  PersonalData         `yaml:"personal_data"`
	// Disclosures are the categories of công khai (disclosure.go).
	Disclosures DisclosureSettings `yaml:"disclosures"`
	// Reception is the calendar of tiếp công dân (reception.go).
	Reception ReceptionSettings `yaml:"reception"`
	// Jobs are the scheduled jobs by name (schedule.go).
	Jobs map[string]JobSetting `yaml:"jobs"`

	location *time.Location
}

// UnitSettings names the commune-level People's Committee.
type UnitSettings struct {
	Name               string `yaml:"name"`
	Committee          string `yaml:"committee"`
	Code               string `yaml:"code"`
	TimeZone           string `yaml:"time_zone"`
	Address            string `yaml:"address"`
	NeighbourhoodLevel string `yaml:"neighbourhood_level"`
}

// Neighbourhood is a tiểu khu (thôn, tổ dân phố) with its number of households.
type Neighbourhood struct {
	Name       string `yaml:"name"`
	Households int    `yaml:"households"`
}

// Period is a legal time limit in calendar or working days.
type Period struct {
	Days    int  `yaml:"days"`
	Working bool `yaml:"working"`
}

// PetitionSettings holds the four tracks' deadlines and the intake limits.
type PetitionSettings struct {
	Recommendation   TrackSettings     `yaml:"recommendation"`
	Report           TrackSettings     `yaml:"report"`
	Complaint        ComplaintTrack    `yaml:"complaint"`
	Denunciation     DenunciationTrack `yaml:"denunciation"`
	ReopenWithinDays int               `yaml:"reopen_within_days"`
	DailyLimit       int               `yaml:"daily_limit"`
	DraftReminder    time.Duration     `yaml:"draft_reminder_after"`
	DraftDrop        time.Duration     `yaml:"draft_drop_after"`
}

// TrackSettings are the deadlines of kiến nghị and phản ánh.
type TrackSettings struct {
	Accept  Period `yaml:"accept"`
	Resolve Period `yaml:"resolve"`
}

// ComplaintTrack are the deadlines of khiếu nại (Luật Khiếu nại 2011).
type ComplaintTrack struct {
	Accept               Period `yaml:"accept"`
	Resolve              Period `yaml:"resolve"`
	ResolveComplex       Period `yaml:"resolve_complex"`
	ResolveRemote        Period `yaml:"resolve_remote"`
	ResolveRemoteComplex Period `yaml:"resolve_remote_complex"`
	FilingLimitDays      int    `yaml:"filing_limit_days"`
	// RemoteArea: the unit is in a remote area (vùng sâu, vùng xa), so the
	// remote limits apply to every complaint (Điều 28).
	RemoteArea bool `yaml:"remote_area"`
}

// DenunciationTrack are the deadlines of tố cáo (Luật Tố cáo 2018).
type DenunciationTrack struct {
	Accept              Period `yaml:"accept"`
	AcceptSeveralPlaces Period `yaml:"accept_several_places"`
	NotifyParties       Period `yaml:"notify_parties"`
	Resolve             Period `yaml:"resolve"`
	Extension           Period `yaml:"extension"`
	MaxExtensions       int    `yaml:"max_extensions"`
}

// ReportSetting is a yearly reporting deadline, Due as "dd/mm".
type ReportSetting struct {
	Key   string `yaml:"key"`
	Title string `yaml:"title"`
	Due   string `yaml:"due"`
}

// HolidaySettings lists days off: fixed "dd/mm" every year, and per year the
// lunar holidays, substitutes and government swaps ("dd/mm"). A listed year
// replaces what Calendar would compute for it. ExtraWorkingDays are weekend
// days the government declared working days, per year.
type HolidaySettings struct {
	Fixed            []string         `yaml:"fixed"`
	Years            map[int][]string `yaml:"years"`
	ExtraWorkingDays map[int][]string `yaml:"extra_working_days"`
}

// VoteSettings are the thresholds of decisions by household.
type VoteSettings struct {
	PassPercent             float64 `yaml:"pass_percent"`
	QuorumPercent           float64 `yaml:"quorum_percent"`
	ResultWithinWorkingDays int     `yaml:"result_within_working_days"`
}

// ConsultationConfig holds the comment periods.
type ConsultationConfig struct {
	ConventionMinDays int `yaml:"convention_min_days"`
}

// MeetingSettings holds notice periods.
type MeetingSettings struct {
	NoticeDaysAhead int `yaml:"notice_days_ahead"`
}

// PersonalData holds the version of the notice residents consent to.
type PersonalData struct {
	NoticeVersion     string `yaml:"notice_version"`
	KeepAfterDeletion string `yaml:"keep_after_deletion"`
}

// Location returns the unit's time zone.
func (s *Settings) Location() *time.Location {
	if s.location == nil {
		return time.UTC
	}
	return s.location
}

// NeighbourhoodByName returns the neighbourhood with that exact name.
func (s *Settings) NeighbourhoodByName(name string) (Neighbourhood, bool) {
	for _, n := range s.Neighbourhoods {
		if n.Name == name {
			return n, true
		}
	}
	return Neighbourhood{}, false
}

// LoadSettingsFile reads and checks a settings file; "" means the default.
func LoadSettingsFile(path string) (*Settings, error) {
	if path == "" {
		return ParseSettings(DefaultSettingsYAML, "settings.yaml (built in)")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("settings: %w", err)
	}
	return ParseSettings(data, path)
}

// DefaultSettings returns the shipped settings; they are known to be valid.
func DefaultSettings() *Settings {
	s, err := ParseSettings(DefaultSettingsYAML, "settings.yaml (built in)")
	if err != nil {
		panic(err) // the embedded file is checked by a test
	}
	return s
}

// ParseSettings decodes and checks settings. An error names the file, the line
// and the reason, so a person can fix it.
func ParseSettings(data []byte, name string) (*Settings, error) {
	var s Settings
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("%s: %s", name, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	var root yaml.Node
	_ = yaml.Unmarshal(data, &root) // decoded once already, cannot fail
	if err := s.validate(); err != nil {
		if ve, ok := err.(*settingsError); ok {
			return nil, fmt.Errorf("%s: line %d: %s", name, lineOf(&root, ve.path...), ve.reason)
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &s, nil
}

// Marshal writes the settings as YAML, for `danchu settings print`.
func (s *Settings) Marshal() ([]byte, error) {
	return yaml.Marshal(s)
}

type settingsError struct {
	path   []string
	reason string
}

func (e *settingsError) Error() string { return strings.Join(e.path, ".") + ": " + e.reason }

func invalid(reason string, path ...string) error { return &settingsError{path: path, reason: reason} }

var (
	unitCode = regexp.MustCompile(`^[A-Z0-9]{1,8}$`)
	dayMonth = regexp.MustCompile(`^\d{2}/\d{2}$`)
)

func (s *Settings) validate() error {
	u := s.Unit
	if strings.TrimSpace(u.Name) == "" {
		return invalid("the unit needs a name", "unit", "name")
	}
	if !unitCode.MatchString(u.Code) {
		return invalid(fmt.Sprintf("code %q: use 1 to 8 capital letters or digits, for example HT", u.Code), "unit", "code")
	}
	if u.TimeZone == "" {
		u.TimeZone = "Asia/Ho_Chi_Minh"
		s.Unit.TimeZone = u.TimeZone
	}
	loc, err := time.LoadLocation(u.TimeZone)
	if err != nil {
		return invalid(fmt.Sprintf("unknown time zone %q", u.TimeZone), "unit", "time_zone")
	}
	s.location = loc
	if s.Unit.NeighbourhoodLevel == "" {
		s.Unit.NeighbourhoodLevel = "tiểu khu"
	}
	if len(s.Neighbourhoods) == 0 {
		return invalid("list at least one neighbourhood", "neighbourhoods")
	}
	seen := map[string]bool{}
	for i, n := range s.Neighbourhoods {
		idx := strconv.Itoa(i)
		if strings.TrimSpace(n.Name) == "" {
			return invalid("a neighbourhood needs a name", "neighbourhoods", idx)
		}
		if seen[n.Name] {
			return invalid(fmt.Sprintf("neighbourhood %q is listed twice", n.Name), "neighbourhoods", idx)
		}
		seen[n.Name] = true
		if n.Households <= 0 {
			return invalid(fmt.Sprintf("neighbourhood %q: households must be more than 0", n.Name), "neighbourhoods", idx, "households")
		}
	}
	if len(s.Fields) == 0 {
		return invalid("list at least one field (lĩnh vực)", "fields")
	}
	periods := map[string]Period{
		"recommendation.accept":  s.Petitions.Recommendation.Accept,
		"recommendation.resolve": s.Petitions.Recommendation.Resolve,
		"report.accept":          s.Petitions.Report.Accept,
		"report.resolve":         s.Petitions.Report.Resolve,
		"complaint.accept":       s.Petitions.Complaint.Accept,
		"complaint.resolve":      s.Petitions.Complaint.Resolve,
		"denunciation.accept":    s.Petitions.Denunciation.Accept,
		"denunciation.resolve":   s.Petitions.Denunciation.Resolve,
	}
	for key, p := range periods {
		if p.Days <= 0 {
			parts := append([]string{"petitions"}, strings.Split(key, ".")...)
			return invalid(fmt.Sprintf("petitions.%s: days must be more than 0", key), parts...)
		}
	}
	for i, r := range s.Reports {
		if r.Key == "" || !dayMonth.MatchString(r.Due) {
			return invalid(fmt.Sprintf("report %q: needs a key and a due date as dd/mm", r.Title), "reports", strconv.Itoa(i))
		}
		if _, err := time.Parse("02/01", r.Due); err != nil {
			return invalid(fmt.Sprintf("report %q: %q is not a day of the year", r.Key, r.Due), "reports", strconv.Itoa(i), "due")
		}
	}
	for i, d := range s.Holidays.Fixed {
		if _, err := time.Parse("02/01", d); err != nil || !dayMonth.MatchString(d) {
			return invalid(fmt.Sprintf("holiday %q: write it as dd/mm", d), "holidays", "fixed", strconv.Itoa(i))
		}
	}
	for year, days := range s.Holidays.Years {
		for i, d := range days {
			if _, err := time.Parse("02/01/2006", d+"/"+strconv.Itoa(year)); err != nil || !dayMonth.MatchString(d) {
				return invalid(fmt.Sprintf("holiday %q of %d: write it as dd/mm", d, year), "holidays", "years", strconv.Itoa(year), strconv.Itoa(i))
			}
		}
	}
	for year, days := range s.Holidays.ExtraWorkingDays {
		for i, d := range days {
			if _, err := time.Parse("02/01/2006", d+"/"+strconv.Itoa(year)); err != nil || !dayMonth.MatchString(d) {
				return invalid(fmt.Sprintf("extra working day %q of %d: write it as dd/mm", d, year), "holidays", "extra_working_days", strconv.Itoa(year), strconv.Itoa(i))
			}
		}
	}
	if s.ReportPeriods == (ReportPeriodSettings{}) {
		// A settings file written before the report periods existed
		// keeps loading: it gets the shipped spans, not numbers of code.
		s.ReportPeriods = shippedReportPeriods()
	}
	if err := s.ReportPeriods.validate(); err != nil {
		return err
	}
	if err := s.Petitions.validate(); err != nil {
		return err
	}
	if p := s.Votes.PassPercent; p <= 0 || p >= 100 {
		return invalid("votes.pass_percent must be between 0 and 100", "votes", "pass_percent")
	}
	if s.PersonalData.NoticeVersion == "" {
		return invalid("personal_data.notice_version is required", "personal_data", "notice_version")
	}
	if err := s.Disclosures.validate(); err != nil {
		return err
	}
	if err := s.Reception.validate(); err != nil {
		return err
	}
	return s.validateJobs()
}

// shippedReportPeriods reads the report periods of the shipped settings.
func shippedReportPeriods() ReportPeriodSettings {
	var v struct {
		ReportPeriods ReportPeriodSettings `yaml:"report_periods"`
	}
	_ = yaml.Unmarshal(DefaultSettingsYAML, &v) // the embedded file is checked by a test
	return v.ReportPeriods
}

// validate checks the limits that the deadlines need beyond those checked
// with the other periods.
func (p PetitionSettings) validate() error {
	c, d := p.Complaint, p.Denunciation
	more := map[string]Period{
		"complaint.resolve_complex":        c.ResolveComplex,
		"complaint.resolve_remote":         c.ResolveRemote,
		"complaint.resolve_remote_complex": c.ResolveRemoteComplex,
	}
	if d.MaxExtensions > 0 {
		more["denunciation.extension"] = d.Extension
	}
	for key, per := range more {
		if per.Days <= 0 {
			parts := append([]string{"petitions"}, strings.Split(key, ".")...)
			return invalid(fmt.Sprintf("petitions.%s: days must be more than 0", key), parts...)
		}
	}
	if p.ReopenWithinDays < 0 || c.FilingLimitDays < 0 || d.MaxExtensions < 0 {
		return invalid("petitions: reopen_within_days, filing_limit_days and max_extensions cannot be negative", "petitions")
	}
	return nil
}

// lineOf finds the line of the node at path (map keys and list indexes) in a
// parsed YAML document; it returns the deepest line found.
func lineOf(root *yaml.Node, path ...string) int {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := n.Line
	for _, p := range path {
		var next *yaml.Node
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == p {
					line = n.Content[i].Line
					next = n.Content[i+1]
					break
				}
			}
		case yaml.SequenceNode:
			if i, err := strconv.Atoi(p); err == nil && i < len(n.Content) {
				next = n.Content[i]
			}
		}
		if next == nil {
			return line
		}
		n = next
		line = n.Line
	}
	return line
}
