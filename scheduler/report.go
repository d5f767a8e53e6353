package scheduler

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"danchu"
)

// ReportJobName is the report deadlines' key in the settings' jobs.
const ReportJobName = "report_deadlines"

// ReminderDays are the days before the due day a report is reminded of
// (D-14, D-7, D-3, D-1 and D-0); after it, every day while overdue.
var ReminderDays = []int{14, 7, 3, 1, 0}

// ReportButtonData is the callback data of the "Đã nộp" button of a
// deadline; package flows answers it.
func ReportButtonData(d *danchu.ReportDeadline) string { return "rpt:done:" + d.Key + ":" + d.Period }

// ReportDeadlines reminds the responsible officials of the reports the
// unit owes (LAW.md, "Reporting deadlines"): the yearly ones of the
// settings and the ad hoc ones the chairman created. Each run is one day:
// on the days of ReminderDays before a due day, and every day after it, each
// responsible official gets a reminder with the period's figures and a
// "Đã nộp" button, until someone presses it; at D-1 the chairman is told
// when nobody has. A yearly deadline counts only when it is due on or after
// the job's first run, so a new installation does not nag about reports
// owed before it existed.
type ReportDeadlines struct {
	Settings  *danchu.Settings
	Deadlines danchu.ReportDeadlineService
	Figures   danchu.FiguresService
	Runs      danchu.JobRunService
	People    People
}

// Name is ReportJobName.
func (j *ReportDeadlines) Name() string { return ReportJobName }

// Run sends the reminders of the day of r.Planned.
func (j *ReportDeadlines) Run(ctx context.Context, r Run) ([]*danchu.OutboxMessage, error) {
	loc := j.Settings.Location()
	day := dayOf(r.Planned, loc)
	first, err := j.Runs.FirstJobRun(ctx, ReportJobName)
	if danchu.ErrorCode(err) == danchu.ENOTFOUND {
		first = r.Planned
	} else if err != nil {
		return nil, fmt.Errorf("scheduler: first run: %w", err)
	}
	firstDay := dayOf(first, loc)

	var deadlines []*danchu.ReportDeadline
	for y := day.Year() - 1; y <= day.Year()+1; y++ {
		for _, d := range j.Settings.YearlyReportDeadlines(y) {
			if !d.Due.Before(firstDay) {
				deadlines = append(deadlines, &d)
			}
		}
	}
	adhoc, err := j.Deadlines.ReportDeadlines(ctx, day.AddDate(-1, 0, 0), time.Time{})
	if err != nil {
		return nil, fmt.Errorf("scheduler: report deadlines: %w", err)
	}
	deadlines = append(deadlines, adhoc...)

	today := dayOf(r.Now, loc)
	var out []*danchu.OutboxMessage
	for _, d := range deadlines {
		left := daysBetween(day, dayOf(d.Due, loc))
		if !remindOn(left) {
			continue
		}
		if _, err := j.Deadlines.FindReportSubmission(ctx, d.Key, d.Period); err == nil {
			continue
		} else if danchu.ErrorCode(err) != danchu.ENOTFOUND {
			return nil, fmt.Errorf("scheduler: submission of %s: %w", d.Ref(), err)
		}
		// A run made up on a later day leaves the reminder to that day's
		// own run when it has one, so a restart after days down does not
		// send the same reminder once per missed day.
		if !today.After(day) || !remindOn(daysBetween(today, dayOf(d.Due, loc))) {
			msgs, err := j.remind(ctx, r, d)
			if err != nil {
				return nil, err
			}
			out = append(out, msgs...)
		}
		if left == 1 {
			msgs, err := j.alertChairman(ctx, r, d)
			if err != nil {
				return nil, err
			}
			out = append(out, msgs...)
		}
	}
	return out, nil
}

// remindOn reports whether a deadline left days ahead (negative: overdue)
// is reminded of that day.
func remindOn(left int) bool { return left < 0 || slices.Contains(ReminderDays, left) }

// responsible are the ids reminded of d: those named, or every official and
// the chairman.
func (j *ReportDeadlines) responsible(ctx context.Context, d *danchu.ReportDeadline) ([]int64, error) {
	if len(d.Responsible) > 0 {
		return d.Responsible, nil
	}
	return j.People.withRoles(ctx, danchu.RoleOfficial, danchu.RoleChairman)
}

// remind writes the reminder of d to each responsible official.
func (j *ReportDeadlines) remind(ctx context.Context, r Run, d *danchu.ReportDeadline) ([]*danchu.OutboxMessage, error) {
	ids, err := j.responsible(ctx, d)
	if err != nil {
		return nil, err
	}
	fig, err := j.Figures.PetitionFigures(ctx, d.From, r.Now)
	if err != nil {
		return nil, fmt.Errorf("scheduler: figures of %s: %w", d.Ref(), err)
	}
	x := texts{j.Settings}
	loc := j.Settings.Location()
	left := daysBetween(dayOf(r.Now, loc), dayOf(d.Due, loc))
	var out []*danchu.OutboxMessage
	for _, id := range ids {
		res, err := j.People.reachable(ctx, id)
		if err != nil {
			return nil, err
		}
		if res == nil {
			continue
		}
		lang := res.Language
		body := x.t(lang, txtReportReminder, map[string]any{
			"Title": j.title(lang, d), "Due": danchu.Date(d.Due, loc), "Left": leftText(x, lang, left),
			"From": danchu.Date(d.From, loc), "Received": fig.Received, "Answered": fig.Answered, "Overdue": fig.Overdue,
		})
		button := [][]danchu.OutboxButton{{{Text: x.t(lang, txtReportButtonDone, nil), Data: ReportButtonData(d)}}}
		out = append(out, message(r, res, "report.reminder", d.Ref(), body, button))
	}
	return out, nil
}

// alertChairman tells each chairman that nobody has confirmed d the day
// before it is due (or later, when that run is made up).
func (j *ReportDeadlines) alertChairman(ctx context.Context, r Run, d *danchu.ReportDeadline) ([]*danchu.OutboxMessage, error) {
	chairmen, err := j.People.withRoles(ctx, danchu.RoleChairman)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, id := range d.Responsible {
		res, err := j.People.reachable(ctx, id)
		if err != nil {
			return nil, err
		}
		if res != nil && res.FullName != "" {
			names = append(names, res.FullName)
		}
	}
	x := texts{j.Settings}
	var out []*danchu.OutboxMessage
	for _, id := range chairmen {
		res, err := j.People.reachable(ctx, id)
		if err != nil {
			return nil, err
		}
		if res == nil {
			continue
		}
		lang := res.Language
		who := strings.Join(names, ", ")
		if len(d.Responsible) == 0 || who == "" {
			who = x.t(lang, txtReportEveryone, nil)
		}
		loc := j.Settings.Location()
		body := x.t(lang, txtReportUnconfirmed, map[string]any{"Title": j.title(lang, d), "Due": danchu.Date(d.Due, loc),
			"Left": leftText(x, lang, daysBetween(dayOf(r.Now, loc), dayOf(d.Due, loc))), "Names": who})
		button := [][]danchu.OutboxButton{{{Text: x.t(lang, txtReportButtonDone, nil), Data: ReportButtonData(d)}}}
		out = append(out, message(r, res, "report.unconfirmed", "unconfirmed:"+d.Ref(), body, button))
	}
	return out, nil
}

// title is the deadline's title, with the year for a yearly one ("Báo cáo
// năm 2026"); the titles are the settings' own words in either language.
func (j *ReportDeadlines) title(_ string, d *danchu.ReportDeadline) string {
	if d.Key == danchu.ReportKeyAdHoc {
		return d.Title
	}
	return d.Title + " " + d.Period
}

func leftText(x texts, lang string, left int) string {
	switch {
	case left > 0:
		return x.t(lang, txtReportLeftDays, map[string]any{"Days": left})
	case left == 0:
		return x.t(lang, txtReportLeftToday, nil)
	}
	return x.t(lang, txtReportLeftOverdue, map[string]any{"Days": -left})
}

// dayOf is midnight of t's day in loc.
func dayOf(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
}

// daysBetween counts the calendar days from day a to day b (both
// midnights), negative when b is before a.
func daysBetween(a, b time.Time) int {
	// Through UTC dates, so a day is always 24 hours long.
	ua := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
	ub := time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, time.UTC)
	return int(ub.Sub(ua).Hours() / 24)
}
