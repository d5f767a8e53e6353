package scheduler

import (
	"slices"
	"time"

	"danchu"
)

// Plan is a job's schedule and its next runs, for `danchu schedule`.
type Plan struct {
	Job      string
	Schedule string
	CatchUp  time.Duration
	Next     []time.Time // in the unit's time zone
}

// Upcoming lists every job of the settings, by name, with its next n runs
// after from.
func Upcoming(s *danchu.Settings, from time.Time, n int) ([]Plan, error) {
	names := make([]string, 0, len(s.Jobs))
	for name := range s.Jobs {
		names = append(names, name)
	}
	slices.Sort(names)
	loc := s.Location()
	out := make([]Plan, 0, len(names))
	for _, name := range names {
		j := s.Jobs[name]
		sched, err := danchu.ParseCronSpec(j.Schedule)
		if err != nil {
			return nil, danchu.Errorf(danchu.EINVALID, "job %q: schedule %q: %v", name, j.Schedule, err)
		}
		p := Plan{Job: name, Schedule: j.Schedule, CatchUp: j.CatchUp}
		t := from.In(loc)
		for range n {
			t = sched.Next(t)
			if t.IsZero() {
				break
			}
			p.Next = append(p.Next, t)
		}
		out = append(out, p)
	}
	return out, nil
}
