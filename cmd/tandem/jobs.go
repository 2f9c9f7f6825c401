package main

import (
	"context"
	"strings"
	"time"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/checkin"
	"github.com/tandem-dev/tandem/insight"
	"github.com/tandem-dev/tandem/market"
	"github.com/tandem-dev/tandem/review"
	"github.com/tandem-dev/tandem/round"
	"github.com/tandem-dev/tandem/scheduler"
)

// schedules keeps the scheduler's jobs in line with the programs: one job
// per program and kind (match, checkin, marketplace, agenda, review, digest), keyed
// "CHANNEL/kind" so the scheduler's ledger remembers firings across
// restarts. It implements bot.Schedules.
type schedules struct {
	sched    *scheduler.Scheduler
	rounds   *round.Runner
	checkins *checkin.Runner
	market   *market.Market
	reviews  *review.Runner
	insight  *insight.Service
	metrics  jobMetrics // nil counts nothing
}

// jobMetrics counts scheduled job runs; *metrics.Metrics implements it.
type jobMetrics interface {
	// JobRan counts one run of a job kind with its result: ok, error or panic.
	JobRan(job, result string)
}

// jobKind is one kind of a program's scheduled jobs: the setting that holds
// its spec, the use case it runs, and whether an interrupted firing runs
// again at start (a round and check-ins are saved under their firing's key,
// so a second run changes nothing if the first got that far; posts to a
// channel are not repeated).
type jobKind struct {
	kind   string
	spec   string
	run    func(ctx context.Context, key tandem.Key, channel tandem.ChannelID) error
	resume bool
}

func (s *schedules) kinds(p tandem.Program) []jobKind {
	return []jobKind{
		{"match", p.Match, s.rounds.Scheduled, true},
		{"checkin", p.Checkin, s.checkins.Scheduled, true},
		{"marketplace", p.Marketplace, s.market.ScheduledCall, false},
		{"agenda", p.Agenda, s.market.ScheduledAgenda, false},
		{"review", p.Review, s.reviews.Scheduled, true},
		// The digest is queued under its firing's key: a second run queues nothing.
		{"digest", p.Digest, s.insight.ScheduledDigest, true},
	}
}

// Apply sets the program's jobs, replacing earlier ones; a kind whose spec
// is empty is removed.
func (s *schedules) Apply(p tandem.Program) error {
	for _, k := range s.kinds(p) {
		key := string(p.Channel) + "/" + k.kind
		if k.spec == "" {
			s.sched.Remove(key)
			continue
		}
		run, ch := k.run, p.Channel
		err := s.sched.Set(scheduler.Job{
			Key:      key,
			Spec:     k.spec,
			Location: p.Location(),
			Since:    p.CreatedAt,
			Resume:   k.resume,
			// Each firing's primary effect is keyed by the job and the
			// scheduled instant, so running a firing again has its effect once.
			Run: s.counted(k.kind, func(ctx context.Context, at time.Time) error {
				return run(ctx, tandem.FiringKey(key, at), ch)
			}),
		})
		if err != nil {
			return err
		}
	}
	return nil
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

// Remove drops every job of the program's channel.
func (s *schedules) Remove(channel tandem.ChannelID) {
	for _, key := range s.sched.Keys() {
		if strings.HasPrefix(key, string(channel)+"/") {
			s.sched.Remove(key)
		}
	}
}
