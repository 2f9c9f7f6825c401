package main

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"time"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/bot"
	"github.com/tandem-dev/tandem/scheduler"
	"github.com/tandem-dev/tandem/store"
)

// schedules keeps the scheduler's jobs in line with the programs: one job
// per program and kind (match, checkin, marketplace, agenda), keyed
// "CHANNEL/kind" so the scheduler's ledger remembers firings across restarts.
type schedules struct {
	sched   *scheduler.Scheduler
	bot     *bot.Bot
	metrics jobMetrics
}

// jobMetrics counts scheduled job runs; *metrics.Metrics implements it.
type jobMetrics interface {
	// JobRan counts one run of a job kind with its result: ok, error or panic.
	JobRan(job, result string)
}

// jobKinds maps each kind of scheduled job to the program setting that
// holds its spec and the work it does.
func (s *schedules) jobKinds(p tandem.Program) []struct {
	kind string
	spec string
	run  func(ctx context.Context, key tandem.Key) error
} {
	ch := p.Channel
	return []struct {
		kind string
		spec string
		run  func(ctx context.Context, key tandem.Key) error
	}{
		{"match", p.Match, func(ctx context.Context, key tandem.Key) error { return s.bot.RunScheduledRound(ctx, key, ch) }},
		{"checkin", p.Checkin, func(ctx context.Context, key tandem.Key) error { return s.bot.RunCheckin(ctx, key, ch) }},
		{"marketplace", p.Marketplace, func(ctx context.Context, key tandem.Key) error { return s.bot.PostMarketplaceCall(ctx, key, ch) }},
		{"agenda", p.Agenda, func(ctx context.Context, key tandem.Key) error { return s.bot.PostAgenda(ctx, key, ch) }},
	}
}

// Apply sets the program's jobs, replacing earlier ones; a kind whose spec
// is empty is removed. It implements bot.Schedules.
func (s *schedules) Apply(p tandem.Program) error {
	for _, k := range s.jobKinds(p) {
		key := string(p.Channel) + "/" + k.kind
		if k.spec == "" {
			s.sched.Remove(key)
			continue
		}
		err := s.sched.Set(scheduler.Job{
			Key:      key,
			Spec:     k.spec,
			Location: p.Location(),
			Since:    p.CreatedAt,
			Run:      s.counted(k.kind, withFiringKey(key, k.run)),
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// withFiringKey gives each firing's primary effect an idempotency key made
// of the job and the scheduled instant, so that running a firing again (see
// resumeInterrupted) has its effect once.
func withFiringKey(job string, run func(context.Context, tandem.Key) error) func(context.Context, time.Time) error {
	return func(ctx context.Context, at time.Time) error {
		return run(ctx, tandem.FiringKey(job, at))
	}
}

// counted reports each run of a job of kind to the metrics, labelled by
// kind only: the program's channel never becomes a label.
func (s *schedules) counted(kind string, run func(context.Context, time.Time) error) func(context.Context, time.Time) error {
	if s.metrics == nil {
		return run
	}
	return func(ctx context.Context, at time.Time) (err error) {
		defer func() {
			if r := recover(); r != nil {
				s.metrics.JobRan(kind, "panic")
				panic(r) // the scheduler recovers and records it
			}
			if err != nil {
				s.metrics.JobRan(kind, "error")
			} else {
				s.metrics.JobRan(kind, "ok")
			}
		}()
		return run(ctx, at)
	}
}

// resumable are the job kinds whose interrupted firing is run again at
// start: a round and check-ins are saved under their firing's key, so a
// second run changes nothing if the first got that far. Posts to a channel
// (marketplace call, agenda) are not repeated.
var resumable = []string{"match", "checkin"}

// resumeInterrupted runs again, once, the newest match or check-in firing
// of each program that a crash left "running": this process holds the
// database lock, so nobody else is running it. A firing older than the
// grace window is only marked failed.
func (s *schedules) resumeInterrupted(ctx context.Context, db *store.DB, programs []tandem.Program, grace time.Duration, log *slog.Logger) {
	for _, p := range programs {
		for _, k := range s.jobKinds(p) {
			if !slices.Contains(resumable, k.kind) {
				continue
			}
			key := string(p.Channel) + "/" + k.kind
			last, err := db.Firings(ctx, key, 1)
			if err != nil || len(last) == 0 || last[0].Status != store.FiringRunning {
				continue
			}
			f := last[0]
			var runErr error
			if time.Since(f.At) > grace {
				runErr = errors.New("interrupted by a stop, and too old to run again")
			} else {
				log.Info("running again a firing a stop interrupted", "job", key, "scheduled", f.Local)
				runErr = s.counted(k.kind, withFiringKey(key, k.run))(ctx, f.At)
			}
			if err := db.FinishFiring(ctx, key, f.Local, runErr); err != nil {
				log.Error("recording a resumed firing", "job", key, "err", err)
			}
		}
	}
}

// Remove drops every job of the program's channel.
func (s *schedules) Remove(channel tandem.ChannelID) {
	prefix := string(channel) + "/"
	for _, key := range s.sched.Keys() {
		if len(key) > len(prefix) && key[:len(prefix)] == prefix {
			s.sched.Remove(key)
		}
	}
}
