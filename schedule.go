package danchu

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// JobSetting is when a scheduled job runs (settings.yaml, "jobs").
type JobSetting struct {
	// Schedule is a cron line in the unit's time zone: "minute hour day
	// month weekday", for example "0 8 * * *" for 08:00 every day.
	Schedule string `yaml:"schedule"`
	// CatchUp is how old a run missed while the service was down may be and
	// still be made up when it starts again; 0 makes up nothing.
	CatchUp time.Duration `yaml:"catch_up"`
}

var jobName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}$`)

// ParseCronSpec parses a job's cron line as the scheduler does: five fields,
// or a descriptor such as "@daily".
func ParseCronSpec(spec string) (cron.Schedule, error) {
	return cron.ParseStandard(spec)
}

// validateJobs checks the jobs section of the settings.
func (s *Settings) validateJobs() error {
	names := make([]string, 0, len(s.Jobs))
	for name := range s.Jobs {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		j := s.Jobs[name]
		if !jobName.MatchString(name) {
			return invalid(fmt.Sprintf("job %q: use lowercase letters, digits and _", name), "jobs", name)
		}
		if strings.Contains(j.Schedule, "TZ=") {
			return invalid(fmt.Sprintf("job %q: the schedule is in the unit's time zone; leave out TZ=", name), "jobs", name, "schedule")
		}
		if _, err := ParseCronSpec(j.Schedule); err != nil {
			return invalid(fmt.Sprintf("job %q: schedule %q: %v (write minute hour day month weekday, for example \"0 8 * * *\")", name, j.Schedule, err), "jobs", name, "schedule")
		}
		if j.CatchUp < 0 {
			return invalid(fmt.Sprintf("job %q: catch_up cannot be negative", name), "jobs", name, "catch_up")
		}
	}
	for i, r := range s.Reports {
		if r.Key == ReportKeyAdHoc || strings.ContainsAny(r.Key, ": ") || len(r.Key) > 24 {
			return invalid(fmt.Sprintf("report key %q: use at most 24 letters, digits or _, not %q", r.Key, ReportKeyAdHoc), "reports", strconv.Itoa(i), "key")
		}
	}
	return nil
}

// JobRun is one run of a scheduled job: the job's name and the time it was
// planned for. The pair is unique, so replicas and restarts run it once
// (ARCHITECTURE.md, scheduler).
type JobRun struct {
	Job     string    `json:"job"`
	Planned time.Time `json:"planned"`
	// Owner is the scheduler that claimed it last; LeaseUntil is when
	// another may take it over if it is still not done.
	Owner      string     `json:"owner"`
	ClaimedAt  time.Time  `json:"claimed_at"`
	LeaseUntil time.Time  `json:"lease_until"`
	Attempts   int        `json:"attempts"`
	DoneAt     *time.Time `json:"done_at,omitempty"`
	Sent       int        `json:"sent"` // outbox messages the run wrote
	LastError  string     `json:"last_error,omitempty"`
}

// JobRunService claims and completes job runs.
type JobRunService interface {
	// ClaimJobRun claims the run (job, planned) for owner until now+lease:
	// it stores the run, or takes over one that is not done and whose lease
	// ended at now. It returns whether owner holds the claim, and the run as
	// stored after the attempt (done, or held by someone else, when not).
	ClaimJobRun(ctx context.Context, job string, planned time.Time, owner string, now time.Time, lease time.Duration) (bool, *JobRun, error)
	// FinishJobRun stores msgs in the outbox (as OutboxService.Enqueue does:
	// a DedupKey already stored is skipped) and marks the run done at now,
	// in one transaction, if owner still holds the claim. ECONFLICT when it
	// does not (the run is done, or was taken over after the lease): nothing
	// is stored then. ENOTFOUND when the run was never claimed.
	FinishJobRun(ctx context.Context, job string, planned time.Time, owner string, now time.Time, msgs []*OutboxMessage) error
	// FailJobRun records that owner's attempt failed: the run stays not
	// done, and may be claimed again from retryAt. Nothing happens when
	// owner no longer holds it.
	FailJobRun(ctx context.Context, job string, planned time.Time, owner string, retryAt time.Time, reason string) error
	// JobRuns lists the runs of job planned in [from, to), oldest first.
	JobRuns(ctx context.Context, job string, from, to time.Time) ([]JobRun, error)
	// FirstJobRun returns the earliest planned time of job's runs; ENOTFOUND
	// when it never ran.
	FirstJobRun(ctx context.Context, job string) (time.Time, error)
}

// ReportKeyAdHoc is the key of ad hoc (đột xuất) report deadlines; their
// Period is their id.
const ReportKeyAdHoc = "adhoc"

// ReportDeadline is a report the unit owes (LAW.md, "Reporting deadlines"):
// a yearly one of Settings.Reports for one year, or an ad hoc one the
// chairman created. Key and Period name it: ("half_year", "2026"), or
// ("adhoc", "<id>").
type ReportDeadline struct {
	ID     int64  `json:"id"` // ad hoc only
	Key    string `json:"key"`
	Period string `json:"period"`
	Title  string `json:"title"`
	// Due is the last day to submit: midnight of that day in the unit's
	// time zone.
	Due time.Time `json:"due"`
	// From is the first day the report covers: its figures count from there.
	From time.Time `json:"from"`
	// Responsible are the residents reminded; empty means every official
	// and the chairman.
	Responsible []int64   `json:"responsible,omitempty"`
	CreatedBy   int64     `json:"created_by,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

// Ref is "key:period", as callback data and audit subjects name it.
func (d *ReportDeadline) Ref() string { return d.Key + ":" + d.Period }

// MayConfirm reports whether a may record that the report was submitted:
// the chairman, or one of the responsible officials (any official when none
// is named).
func (d *ReportDeadline) MayConfirm(a Actor) bool {
	if a.ResidentID == 0 {
		return false
	}
	if a.Has(RoleChairman) {
		return true
	}
	if len(d.Responsible) == 0 {
		return a.Has(RoleOfficial)
	}
	return slices.Contains(d.Responsible, a.ResidentID) && a.Has(RoleOfficial)
}

// YearlyReportDeadlines are the deadlines of Settings.Reports in year. Each
// covers the year from 1 January to its due day.
func (s *Settings) YearlyReportDeadlines(year int) []ReportDeadline {
	loc := s.Location()
	out := make([]ReportDeadline, 0, len(s.Reports))
	for _, r := range s.Reports {
		md, err := time.Parse("02/01", r.Due)
		if err != nil {
			continue // refused when the settings were parsed
		}
		out = append(out, ReportDeadline{
			Key: r.Key, Period: strconv.Itoa(year), Title: r.Title,
			Due:  time.Date(year, md.Month(), md.Day(), 0, 0, 0, 0, loc),
			From: time.Date(year, time.January, 1, 0, 0, 0, 0, loc),
		})
	}
	return out
}

// FindReportDeadline returns the deadline named by key and period: a yearly
// one of the settings, or an ad hoc one from store. ENOTFOUND otherwise.
func FindReportDeadline(ctx context.Context, s *Settings, store ReportDeadlineService, key, period string) (*ReportDeadline, error) {
	if key == ReportKeyAdHoc {
		id, err := strconv.ParseInt(period, 10, 64)
		if err != nil || id <= 0 {
			return nil, Errorf(ENOTFOUND, "no such report deadline")
		}
		return store.FindReportDeadline(ctx, id)
	}
	year, err := strconv.Atoi(period)
	if err != nil || year < 2000 || year > 2200 || strconv.Itoa(year) != period {
		return nil, Errorf(ENOTFOUND, "no such report deadline")
	}
	for _, d := range s.YearlyReportDeadlines(year) {
		if d.Key == key {
			return &d, nil
		}
	}
	return nil, Errorf(ENOTFOUND, "no such report deadline")
}

// ReportSubmission records who confirmed that a report was submitted, and
// when: the reminders of its period stop.
type ReportSubmission struct {
	Key         string    `json:"key"`
	Period      string    `json:"period"`
	ResidentID  int64     `json:"resident_id"`
	SubmittedAt time.Time `json:"submitted_at"`
}

// ReportDeadlineService stores ad hoc report deadlines and the submissions
// of every report.
type ReportDeadlineService interface {
	// CreateReportDeadline stores an ad hoc deadline, setting ID, Key
	// (ReportKeyAdHoc), Period (the id) and CreatedAt (when zero). EINVALID
	// without a title or a due day.
	CreateReportDeadline(ctx context.Context, d *ReportDeadline) error
	// FindReportDeadline returns an ad hoc deadline; ENOTFOUND when absent.
	FindReportDeadline(ctx context.Context, id int64) (*ReportDeadline, error)
	// ReportDeadlines lists the ad hoc deadlines due in [from, to), by due
	// day then id; a zero bound is open.
	ReportDeadlines(ctx context.Context, from, to time.Time) ([]*ReportDeadline, error)
	// SubmitReport records s and, in the same transaction, an audit entry
	// (action "report.submitted", subject "report:<key>:<period>", actor
	// s.ResidentID). The first submission of a period wins: when one is
	// stored already it is returned with created false, and nothing changes.
	SubmitReport(ctx context.Context, s ReportSubmission) (first *ReportSubmission, created bool, err error)
	// FindReportSubmission returns ENOTFOUND when the period was not
	// submitted.
	FindReportSubmission(ctx context.Context, key, period string) (*ReportSubmission, error)
}

// PetitionFigures are what a reminder or a digest counts, without a single
// personal detail.
type PetitionFigures struct {
	Received int         `json:"received"` // received in the period
	Answered int         `json:"answered"` // answered in the period
	Overdue  int         `json:"overdue"`  // pending and late at the period's end, as they stand now
	Ratings  RatingStats `json:"ratings"`  // given in the period
}

// FiguresService counts petitions for reminders and digests.
type FiguresService interface {
	// PetitionFigures counts the petitions received and answered in
	// [from, to), the ratings given then, and the petitions pending now
	// whose due date (Petition.Due) is before to.
	PetitionFigures(ctx context.Context, from, to time.Time) (PetitionFigures, error)
}
