// Package scheduler runs danchu's jobs on their cron schedules, in the
// unit's time zone, each run exactly once across replicas and restarts
// (ARCHITECTURE.md, scheduler).
//
// How a run happens exactly once:
//
//  1. Every scheduler (one per replica) computes the same planned times from
//     the settings with robfig/cron's parser.
//  2. Before running, it claims (job, planned) with an INSERT into job_runs,
//     whose key is that pair; the claim holds for a lease. Only the winner
//     runs the job; the others leave it.
//  3. The job computes its outbox messages (each with a DedupKey
//     "<job>:<planned>:<recipient>[:<item>]"), and the scheduler writes them
//     and marks the run done in ONE transaction, refused if the claim was
//     lost meanwhile. So a run's messages are written once or not at all.
//  4. A scheduler that dies between the claim and the finish leaves the run
//     not done: when the lease ends, a replica (or the same program after
//     its restart) claims it again and runs it from scratch. The DedupKey
//     is a second guard: the outbox skips a key it holds.
//
// Catch-up: on start, runs planned within the job's catch_up window before
// now are made (those already done are skipped by their claim); older ones
// are logged as missed. While running, a run late by less than MinCatchUp is
// made whatever the window.
//
// Other packages add their jobs (the reminders, opening and closing votes)
// by implementing Job and calling Register, with a schedule under "jobs" in
// the settings. A reminder "one hour before" is a job that runs often (every
// five minutes) and sends, in the run planned at t, the reminders of what
// starts in [t+1h, t+1h+5m): each planned run covers its own slice of time,
// so nothing is reminded twice or skipped.
package scheduler

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"danchu"
)

// Defaults of Config.
const (
	DefaultLease      = 5 * time.Minute
	DefaultRetryAfter = time.Minute
	// MinCatchUp is how late a run may be and still be made while the
	// scheduler runs, whatever the job's window: the loop's own delays and a
	// replica taking over a dead one's claim after its lease.
	MinCatchUp = 15 * time.Minute
)

// Config builds a Scheduler.
type Config struct {
	Settings *danchu.Settings
	Runs     danchu.JobRunService
	// Clock is WallClock(time.Now) when nil.
	Clock  Clock
	Logger *slog.Logger
	// Lease is how long a claim holds before another may take over a run
	// not done; DefaultLease when 0. A run's job must finish within it.
	Lease time.Duration
	// RetryAfter is the pause before a failed run is tried again (within
	// its window); DefaultRetryAfter when 0.
	RetryAfter time.Duration
	// Owner names this scheduler in job_runs; host, process and a random
	// part when "".
	Owner string
	// Observer, when set, hears of each run this scheduler makes.
	Observer Observer
}

// Observer hears how each run this scheduler made ended: "done", "failed"
// (tried again within the window), "taken_over" (another scheduler finished
// it after the lease) or "missed" (older than the window). took is real
// time, for metrics.
type Observer interface {
	JobRan(job, outcome string, took time.Duration)
}

// Scheduler runs the registered jobs. Register them, then call Run.
type Scheduler struct {
	cfg      Config
	clock    Clock
	log      *slog.Logger
	defaults map[string]danchu.JobSetting

	mu   sync.Mutex
	jobs map[string]*entry

	retries map[runKey]time.Time // runs to try again, and from when
}

type entry struct {
	job     Job
	name    string
	spec    string
	sched   cron.Schedule
	catchUp time.Duration
}

type runKey struct {
	job     string
	planned time.Time
}

// New returns a scheduler with no jobs.
func New(cfg Config) *Scheduler {
	if cfg.Clock == nil {
		cfg.Clock = WallClock(nil)
	}
	if cfg.Lease <= 0 {
		cfg.Lease = DefaultLease
	}
	if cfg.RetryAfter <= 0 {
		cfg.RetryAfter = DefaultRetryAfter
	}
	if cfg.Owner == "" {
		cfg.Owner = newOwner()
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Scheduler{cfg: cfg, clock: cfg.Clock, log: log.With("component", "scheduler"),
		defaults: danchu.DefaultSettings().Jobs, jobs: map[string]*entry{}, retries: map[runKey]time.Time{}}
}

func newOwner() string {
	host, _ := os.Hostname()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b))
}

// Owner is the name this scheduler claims runs under.
func (s *Scheduler) Owner() string { return s.cfg.Owner }

// Register adds jobs. A job's schedule comes from the settings' "jobs"
// section, or from the shipped settings when a town's file predates the
// job. EINVALID when neither has it, ECONFLICT for a name registered twice.
func (s *Scheduler) Register(jobs ...Job) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, j := range jobs {
		name := j.Name()
		setting, ok := s.cfg.Settings.Jobs[name]
		if !ok {
			if setting, ok = s.defaults[name]; ok {
				s.log.Warn("job has no schedule in the settings: using the shipped one", "job", name, "schedule", setting.Schedule)
			}
		}
		if !ok {
			return danchu.Errorf(danchu.EINVALID, "job %q has no schedule: add it under jobs: in the settings", name)
		}
		if _, dup := s.jobs[name]; dup {
			return danchu.Errorf(danchu.ECONFLICT, "job %q is registered twice", name)
		}
		sched, err := danchu.ParseCronSpec(setting.Schedule)
		if err != nil {
			return danchu.Errorf(danchu.EINVALID, "job %q: schedule %q: %v", name, setting.Schedule, err)
		}
		s.jobs[name] = &entry{job: j, name: name, spec: setting.Schedule, sched: sched, catchUp: setting.CatchUp}
	}
	return nil
}

// next is the first planned time of e strictly after t, in the unit's time
// zone.
func (s *Scheduler) next(e *entry, t time.Time) time.Time {
	return e.sched.Next(t.In(s.cfg.Settings.Location()))
}

// window is how late a run of e may be made while the scheduler runs.
func (e *entry) window() time.Duration { return max(e.catchUp, MinCatchUp) }

// Run makes the runs of the registered jobs until ctx is done, then returns
// nil once the run in progress (if any) has finished. On start it makes up
// the runs missed within each job's catch-up window.
func (s *Scheduler) Run(ctx context.Context) error {
	s.mu.Lock()
	entries := make([]*entry, 0, len(s.jobs))
	for _, e := range s.jobs {
		entries = append(entries, e)
	}
	s.mu.Unlock()
	slices.SortFunc(entries, func(a, b *entry) int { return cmp.Compare(a.name, b.name) })
	for name := range s.cfg.Settings.Jobs {
		if !slices.ContainsFunc(entries, func(e *entry) bool { return e.name == name }) {
			s.log.Info("job in the settings is not part of this program: not run", "job", name)
		}
	}

	start := s.clock.Now()
	cursor := make(map[string]time.Time, len(entries)) // the last planned time handled, per job
	for _, e := range entries {
		cursor[e.name] = start.Add(-e.catchUp)
	}
	for {
		if ctx.Err() != nil {
			return nil
		}
		now := s.clock.Now()
		s.runDue(ctx, entries, cursor, now)
		wake := time.Time{}
		for _, e := range entries {
			if t := s.next(e, cursor[e.name]); !t.IsZero() && (wake.IsZero() || t.Before(wake)) {
				wake = t
			}
		}
		for _, at := range s.retries {
			if wake.IsZero() || at.Before(wake) {
				wake = at
			}
		}
		if wake.IsZero() { // no job, or none that will ever run: wait for the end
			<-ctx.Done()
			return nil
		}
		if err := s.clock.SleepUntil(ctx, wake); err != nil {
			return nil
		}
	}
}

// runDue makes, oldest first, every run planned at or before now that
// follows the cursors, and the retries due at now.
func (s *Scheduler) runDue(ctx context.Context, entries []*entry, cursor map[string]time.Time, now time.Time) {
	type due struct {
		e       *entry
		planned time.Time
	}
	var list []due
	for _, e := range entries {
		for t := s.next(e, cursor[e.name]); !t.IsZero() && !t.After(now); t = s.next(e, t) {
			list = append(list, due{e, t})
			cursor[e.name] = t
		}
	}
	for k, at := range s.retries {
		if !at.After(now) {
			delete(s.retries, k)
			list = append(list, due{s.jobs[k.job], k.planned})
		}
	}
	slices.SortFunc(list, func(a, b due) int {
		return cmp.Or(a.planned.Compare(b.planned), cmp.Compare(a.e.name, b.e.name))
	})
	for _, d := range list {
		if ctx.Err() != nil {
			return
		}
		s.runOnce(ctx, d.e, d.planned)
	}
}

// runOnce claims, runs and finishes one run. A run held by someone else is
// looked at again when their lease ends; a failed one is tried again after
// RetryAfter; both only within the job's window.
func (s *Scheduler) runOnce(ctx context.Context, e *entry, planned time.Time) {
	now := s.clock.Now()
	log := s.log.With("job", e.name, "planned", planned.Format(time.RFC3339))
	if late := now.Sub(planned); late > e.window() {
		log.Warn("run missed: older than the job's catch-up window", "late", late.String())
		s.observe(e.name, "missed", 0)
		return
	}
	began := time.Now() // real time, for the metrics only
	// A run in progress finishes even when shutdown begins: its context
	// ends only with the lease.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.Lease)
	defer cancel()
	claimed, run, err := s.cfg.Runs.ClaimJobRun(rctx, e.name, planned, s.cfg.Owner, now, s.cfg.Lease)
	if err != nil {
		log.Error("claim a run", "err", err)
		s.retry(e, planned, now.Add(s.cfg.RetryAfter))
		return
	}
	if !claimed {
		if run.DoneAt == nil { // another scheduler holds it: it may die
			s.retry(e, planned, run.LeaseUntil)
		}
		return
	}
	r := Run{Job: e.name, Planned: planned.In(s.cfg.Settings.Location()), Now: now}
	msgs, err := e.job.Run(rctx, r)
	if err == nil {
		for i, m := range msgs {
			if m.DedupKey == "" {
				m.DedupKey = r.DedupKey(m.ResidentID, fmt.Sprintf("msg%d", i))
			}
		}
		err = s.cfg.Runs.FinishJobRun(rctx, e.name, planned, s.cfg.Owner, s.clock.Now(), msgs)
		if danchu.ErrorCode(err) == danchu.ECONFLICT {
			log.Warn("run taken over by another scheduler after the lease: its messages were not written")
			s.observe(e.name, "taken_over", time.Since(began))
			return
		}
	}
	if err != nil {
		log.Error("run failed", "err", err, "attempt", run.Attempts)
		retryAt := s.clock.Now().Add(s.cfg.RetryAfter)
		if ferr := s.cfg.Runs.FailJobRun(rctx, e.name, planned, s.cfg.Owner, retryAt, err.Error()); ferr != nil {
			log.Error("record a failed run", "err", ferr)
		}
		s.retry(e, planned, retryAt)
		s.observe(e.name, "failed", time.Since(began))
		return
	}
	s.observe(e.name, "done", time.Since(began))
	sent := 0
	for _, m := range msgs {
		if m.ID != 0 {
			sent++
		}
	}
	level := slog.LevelInfo
	if sent == 0 {
		level = slog.LevelDebug // a frequent job with nothing to do is not news
	}
	log.Log(context.Background(), level, "run done", "messages", sent, "late", now.Sub(planned).String())
}

func (s *Scheduler) observe(job, outcome string, took time.Duration) {
	if s.cfg.Observer != nil {
		s.cfg.Observer.JobRan(job, outcome, took)
	}
}

// retry looks at a run again at at, unless that is past its window.
func (s *Scheduler) retry(e *entry, planned, at time.Time) {
	if at.Sub(planned) > e.window() {
		s.log.Warn("run given up: its window has passed", "job", e.name, "planned", planned.Format(time.RFC3339))
		return
	}
	s.retries[runKey{e.name, planned}] = at
}
