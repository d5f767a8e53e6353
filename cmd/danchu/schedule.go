package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"danchu"
	"danchu/scheduler"
	"danchu/storage"
)

// scheduleRuns is how many next runs `danchu schedule` shows per job.
const scheduleRuns = 3

// schedule prints every job of the settings with its schedule, its catch-up
// window and its next runs in the unit's time zone (`danchu schedule`). It
// needs no database.
func (m *Main) schedule(_ context.Context) error {
	plans, err := scheduler.Upcoming(m.Settings, m.Now(), scheduleRuns)
	if err != nil {
		return err
	}
	var known []string
	for _, j := range programJobs(m, nil, nil) {
		known = append(known, j.Name())
	}
	loc := m.Settings.Location()
	fmt.Fprintf(m.Stdout, "Scheduled jobs of %s; times in %s.\n", m.Settings.Unit.Name, loc)
	tw := tabwriter.NewWriter(m.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "JOB\tSCHEDULE\tCATCH-UP\tNEXT RUNS")
	for _, p := range plans {
		var next []string
		for _, t := range p.Next {
			next = append(next, t.In(loc).Format("Mon 02/01/2006 15:04"))
		}
		name := p.Job
		if !slices.Contains(known, p.Job) {
			name += " (not in this version)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", name, p.Schedule, shortDuration(p.CatchUp), strings.Join(next, ", "))
	}
	return tw.Flush()
}

// shortDuration writes 72h rather than 72h0m0s, and "none" for 0.
func shortDuration(d time.Duration) string {
	if d == 0 {
		return "none"
	}
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// newScheduler is the scheduler of `danchu serve`: the calendar keeper's
// jobs on db and the timed work of the conversations, on clock (scheduler.WallClock(m.Now) when nil; a ManualClock in
// end-to-end tests), its runs counted by obs (may be nil). Run it in a
// goroutine the server owns; it returns once ctx ends and its run in
// progress has finished.
func newScheduler(m *Main, db *storage.DB, conv *conversations, log *slog.Logger, clock scheduler.Clock, obs scheduler.Observer) (*scheduler.Scheduler, error) {
	if clock == nil {
		clock = scheduler.WallClock(m.Now)
	}
	s := scheduler.New(scheduler.Config{Settings: m.Settings, Runs: db, Clock: clock, Logger: log, Observer: obs})
	if err := s.Register(programJobs(m, db, conv)...); err != nil {
		return nil, fmt.Errorf("scheduler: %w", err)
	}
	return s, nil
}

// programJobs lists every job of the program: the calendar keeper's and the
// timed steps of dân bàn and the reminders. db and conv may be nil to only
// name them.
func programJobs(m *Main, db *storage.DB, conv *conversations) []scheduler.Job {
	var stores scheduler.Stores
	if db != nil {
		stores = scheduler.Stores{Residents: db, Roles: db, Petitions: db, Deadlines: db, Figures: db, Runs: db}
	}
	return append(scheduler.Jobs(m.Settings, stores), danBanJob{conv}, remindersJob{conv})
}

// danBanJob opens and closes votes and consultations on time, reminds
// residents of their reception the day before and the chairman of late
// written answers. Its steps write their own outbox rows with dedup keys and
// change state only where it still needs changing, so a run made twice (by
// a replica after a lease) repeats nothing.
type danBanJob struct{ conv *conversations }

func (danBanJob) Name() string { return "dan_ban" }

func (j danBanJob) Run(ctx context.Context, r scheduler.Run) ([]*danchu.OutboxMessage, error) {
	return nil, j.conv.danBan.RunDanBanAt(ctx, r.Now)
}

// remindersJob reminds those concerned one day and one hour before
// meetings (notice.Area.RunRemindersAt), dialogues and reception bookings
// (danban.Area.RunRemindersAt).
// Each reminder's messages carry dedup keys and the reminder is marked done
// after them, so a run made twice, on two replicas or after a restart sends
// each once.
type remindersJob struct{ conv *conversations }

func (remindersJob) Name() string { return "reminders" }

func (j remindersJob) Run(ctx context.Context, r scheduler.Run) ([]*danchu.OutboxMessage, error) {
	return nil, errors.Join(j.conv.notices.RunRemindersAt(ctx, r.Now), j.conv.danBan.RunRemindersAt(ctx, r.Now))
}
