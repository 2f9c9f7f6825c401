package scheduler

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"sync"
	"time"
)

// DefaultGrace is how late a missed firing may be and still run at start:
// a Monday 09:00 round is still welcome at 14:00, but not the next day.
const DefaultGrace = 6 * time.Hour

// maxWait caps each sleep of the loop. Go timers follow the monotonic clock
// while schedules follow the wall clock, so after a suspend or a clock step
// the loop must look at the wall clock again soon.
const maxWait = time.Minute

// lateAfter is how late a firing must be to be logged as a catch-up.
const lateAfter = time.Minute

// Log attribute keys.
const (
	logJob       = "job"
	logScheduled = "scheduled" // the firing's local wall time
	logLate      = "late"
	logGrace     = "grace"
	logErr       = "err"
	logPanic     = "panic"
	logStack     = "stack"
	logTook      = "took"
)

// Job is work on a schedule.
type Job struct {
	// Key names the job uniquely and durably, e.g. "C0PROGRAM1/match": the
	// ledger remembers firings under it across restarts.
	Key string
	// Spec is a schedule Check accepts.
	Spec string
	// Location is the zone Spec is read in; nil means UTC.
	Location *time.Location
	// Since, if set, is when the job came to be (e.g. its program's
	// creation): firings before it are never caught up, and if the job has
	// never fired, a firing between Since and the start is. Zero means the
	// job catches up only from its last recorded firing.
	Since time.Time
	// Run does the work of the firing scheduled at the instant at. Its ctx
	// ends when the scheduler stops; Run should return soon after.
	Run func(ctx context.Context, at time.Time) error
	// Resume says that a firing a stop interrupted (recorded as running when
	// the scheduler starts) is run again, once, if it is within the grace
	// window; else it is recorded as failed. Only a job whose Run has its
	// effect once per firing may set it; a job that posts to a channel
	// should not.
	Resume bool
}

// Config configures a Scheduler.
type Config struct {
	Ledger Ledger        // required: where firings are recorded
	Logger *slog.Logger  // nil discards logs
	Clock  Clock         // nil means SystemClock()
	Grace  time.Duration // how late a missed firing may run at start; 0 means DefaultGrace
}

// errPanic is wrapped by the error recorded for a job that panicked.
var errPanic = errors.New("job panicked")

// Scheduler runs jobs on their schedules. Its methods are safe for
// concurrent use; Set and Remove take effect on a running scheduler at once.
type Scheduler struct {
	ledger Ledger
	log    *slog.Logger
	clock  Clock
	grace  time.Duration

	wake chan struct{} // tells the loop that the jobs changed; buffered 1

	mu      sync.Mutex
	jobs    map[string]*slot
	guards  map[string]*guard // per key, kept across Set and Remove so a replaced job still waits for its running self
	gen     uint64
	running bool

	inflight sync.WaitGroup // firings started by the loop
}

// slot is a job as last Set.
type slot struct {
	job   Job
	sched schedule
	gen   uint64 // which Set made it
	guard *guard
}

// New returns a scheduler with no jobs. It fails if cfg has no Ledger or a
// negative Grace.
func New(cfg Config) (*Scheduler, error) {
	if cfg.Ledger == nil {
		return nil, errors.New("scheduler: new: no ledger")
	}
	if cfg.Grace < 0 {
		return nil, fmt.Errorf("scheduler: new: negative grace %s", cfg.Grace)
	}
	s := &Scheduler{
		ledger: cfg.Ledger,
		log:    cfg.Logger,
		clock:  cfg.Clock,
		grace:  cfg.Grace,
		wake:   make(chan struct{}, 1),
		jobs:   map[string]*slot{},
		guards: map[string]*guard{},
	}
	if s.log == nil {
		s.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if s.clock == nil {
		s.clock = SystemClock()
	}
	if s.grace == 0 {
		s.grace = DefaultGrace
	}
	return s, nil
}

// Set adds job, or replaces the job with the same key. On a running
// scheduler it takes effect at once: a new key catches up on a firing it
// missed (see Job.Since); a changed spec or zone fires from now on by the
// new schedule; an unchanged one keeps its place. It fails, changing
// nothing, if the key is empty, Run is nil, or Check refuses the spec (the
// error then wraps a *SpecError).
func (s *Scheduler) Set(job Job) error {
	if job.Key == "" {
		return errors.New("scheduler: set: empty job key")
	}
	if job.Run == nil {
		return fmt.Errorf("scheduler: set %s: no Run func", job.Key)
	}
	if job.Location == nil {
		job.Location = time.UTC
	}
	sched, err := parse(job.Spec, job.Location)
	if err != nil {
		return fmt.Errorf("scheduler: set %s: %w", job.Key, err)
	}
	s.mu.Lock()
	s.gen++
	g := s.guards[job.Key]
	if g == nil {
		g = &guard{}
		s.guards[job.Key] = g
	}
	s.jobs[job.Key] = &slot{job: job, sched: sched, gen: s.gen, guard: g}
	s.mu.Unlock()
	s.poke()
	return nil
}

// Remove stops scheduling the job with key and reports whether there was
// one. A run already in flight finishes.
func (s *Scheduler) Remove(key string) bool {
	s.mu.Lock()
	_, ok := s.jobs[key]
	delete(s.jobs, key)
	s.mu.Unlock()
	if ok {
		s.poke()
	}
	return ok
}

// Keys returns the keys of the scheduled jobs, sorted.
func (s *Scheduler) Keys() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	keys := make([]string, 0, len(s.jobs))
	for k := range s.jobs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func (s *Scheduler) poke() {
	select {
	case s.wake <- struct{}{}:
	default: // a wake-up is already pending; the loop rereads all jobs
	}
}

// entry is the loop's view of one job.
type entry struct {
	slot  *slot
	after time.Time // firings at or before this instant are done with
	due   firing    // the first firing after it
}

// Run fires jobs until ctx ends, then waits for the runs in flight (their
// ctx ends too) and returns nil. At start, and for each job Set later, it
// catches up on a missed firing. It returns an error at once if the
// scheduler is already running.
func (s *Scheduler) Run(ctx context.Context) error {
	s.mu.Lock()
	if s.running {
		s.mu.Unlock()
		return errors.New("scheduler: run: already running")
	}
	s.running = true
	s.mu.Unlock()
	defer func() {
		s.inflight.Wait()
		s.mu.Lock()
		s.running = false
		s.mu.Unlock()
	}()

	// The first pass reads every job, so a wake-up from a Set before Run is
	// already served.
	select {
	case <-s.wake:
	default:
	}
	entries := map[string]*entry{}
	s.resumeInterrupted(ctx)
	for ctx.Err() == nil {
		now := s.clock.Now()
		// Due firings go before job changes, so a Set that lands as a
		// firing comes due does not drop that firing.
		for _, key := range sortedKeys(entries) {
			s.fireDue(ctx, entries[key], now)
		}
		s.syncJobs(ctx, entries, now)

		t := s.clock.NewTimer(s.untilNext(entries, now))
		select {
		case <-ctx.Done():
		case <-t.C():
		case <-s.wake:
		}
		t.Stop()
	}
	return nil
}

// syncJobs brings entries in line with the jobs as Set and Removed.
func (s *Scheduler) syncJobs(ctx context.Context, entries map[string]*entry, now time.Time) {
	s.mu.Lock()
	jobs := make(map[string]*slot, len(s.jobs))
	for k, sl := range s.jobs {
		jobs[k] = sl
	}
	s.mu.Unlock()

	for key := range entries {
		if jobs[key] == nil {
			delete(entries, key)
		}
	}
	for _, key := range sortedKeys(jobs) {
		sl := jobs[key]
		e := entries[key]
		switch {
		case e == nil:
			e = &entry{slot: sl, after: s.startingPoint(ctx, sl.job, now)}
			entries[key] = e
			s.fireDue(ctx, e, now)
		case e.slot.gen != sl.gen:
			old := e.slot.job
			e.slot = sl
			if old.Spec != sl.job.Spec || old.Location.String() != sl.job.Location.String() {
				// A new schedule starts now: firings it would have had
				// before were not missed, they did not exist.
				if e.after.Before(now) {
					e.after = now
				}
				e.due = sl.sched.next(e.after)
			}
		}
	}
}

// startingPoint returns the instant after which job's firings are due: its
// last recorded firing, else job.Since, else now.
func (s *Scheduler) startingPoint(ctx context.Context, job Job, now time.Time) time.Time {
	last, ok, err := s.ledger.LastFiring(ctx, job.Key)
	if err != nil {
		// Without the ledger we cannot tell a missed firing from a done
		// one; not catching up is the safe side.
		s.log.Error("cannot read the last firing; not catching up", logJob, job.Key, logErr, err)
		return now
	}
	after := now
	if ok {
		after = last
	}
	// Since bounds the catch-up from below: a job re-created under an old
	// key does not run a firing of its previous life.
	if !job.Since.IsZero() && (!ok || job.Since.After(after)) && job.Since.Before(now) {
		after = job.Since
	}
	return after
}

// fireDue starts e's firing if one is due by now. If several are due (the
// process was down or suspended), only the newest counts: it runs if it is
// within the grace window and is recorded as skipped otherwise.
func (s *Scheduler) fireDue(ctx context.Context, e *entry, now time.Time) {
	if e.due.isZero() || !e.due.at.After(e.after) {
		e.due = e.slot.sched.next(e.after)
	}
	if e.due.isZero() || e.due.at.After(now) {
		return
	}
	f := latestDue(e.slot.sched, e.after, now)
	if f.isZero() {
		f = e.due
	}
	e.after = f.at
	e.due = e.slot.sched.next(e.after)

	key := e.slot.job.Key
	late := now.Sub(f.at)
	if late > s.grace {
		s.log.Warn("missed firing not run: it is later than the grace window",
			logJob, key, logScheduled, f.local, logLate, late.Round(time.Second), logGrace, s.grace)
		s.start(func() {
			s.recordSkip(ctx, key, f, fmt.Sprintf("missed by %s, more than the %s grace window", late.Round(time.Second), s.grace))
		})
		return
	}
	if late > lateAfter {
		s.log.Info("running a missed firing", logJob, key, logScheduled, f.local, logLate, late.Round(time.Second))
	}
	sl := e.slot
	s.start(func() { s.fire(ctx, sl, f) })
}

func (s *Scheduler) start(fn func()) {
	s.inflight.Add(1)
	go func() {
		defer s.inflight.Done()
		fn()
	}()
}

// untilNext returns how long the loop may sleep.
func (s *Scheduler) untilNext(entries map[string]*entry, now time.Time) time.Duration {
	wait := maxWait
	for _, e := range entries {
		if e.due.isZero() {
			continue
		}
		if d := e.due.at.Sub(now); d < wait {
			wait = d
		}
	}
	return max(wait, 0)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
