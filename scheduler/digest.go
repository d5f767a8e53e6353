package scheduler

import (
	"context"
	"fmt"

	"danchu"
)

// Job names of the digests in the settings' jobs.
const (
	WeeklyDigestJobName  = "weekly_digest"
	MonthlyDigestJobName = "monthly_digest"
)

// Digest sends figures of petitions, without any personal data: weekly to
// the chairman (the seven days before the run's day: new, answered,
// overdue, average rating), or monthly to the supervisors (the calendar
// month before the run's).
type Digest struct {
	Settings *danchu.Settings
	Figures  danchu.FiguresService
	People   People
	// Monthly: the month before, to the supervisors; else the week before,
	// to the chairman.
	Monthly bool
}

// Name is WeeklyDigestJobName or MonthlyDigestJobName.
func (j *Digest) Name() string {
	if j.Monthly {
		return MonthlyDigestJobName
	}
	return WeeklyDigestJobName
}

// Run sends the digest of the period before r.Planned's day.
func (j *Digest) Run(ctx context.Context, r Run) ([]*danchu.OutboxMessage, error) {
	loc := j.Settings.Location()
	to := dayOf(r.Planned, loc)
	from, role, id, kind := to.AddDate(0, 0, -7), danchu.RoleChairman, txtDigestWeekly, "digest.weekly"
	if j.Monthly {
		to = to.AddDate(0, 0, 1-to.Day())
		from, role, id, kind = to.AddDate(0, -1, 0), danchu.RoleSupervisor, txtDigestMonthly, "digest.monthly"
	}
	fig, err := j.Figures.PetitionFigures(ctx, from, to)
	if err != nil {
		return nil, fmt.Errorf("scheduler: digest figures: %w", err)
	}
	ids, err := j.People.withRoles(ctx, role)
	if err != nil {
		return nil, err
	}
	x := texts{j.Settings}
	var out []*danchu.OutboxMessage
	for _, rid := range ids {
		res, err := j.People.reachable(ctx, rid)
		if err != nil {
			return nil, err
		}
		if res == nil {
			continue
		}
		lang := res.Language
		rating := x.t(lang, txtDigestNoRating, nil)
		if fig.Ratings.Count > 0 {
			rating = x.t(lang, txtDigestRating, map[string]any{"Average": decimal(lang, fig.Ratings.Average()), "Count": fig.Ratings.Count})
		}
		body := x.t(lang, id, map[string]any{
			"From": danchu.Date(from, loc), "To": danchu.Date(to.AddDate(0, 0, -1), loc),
			"Month": from.Format("01/2006"), "Received": fig.Received, "Answered": fig.Answered,
			"Overdue": fig.Overdue, "Rating": rating})
		out = append(out, message(r, res, kind, "", body, nil))
	}
	return out, nil
}
