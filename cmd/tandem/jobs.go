package main

import (
	"context"
	"time"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/bot"
	"github.com/tandem-dev/tandem/scheduler"
)

// schedules keeps the scheduler's jobs in line with the programs: one job
// per program and kind (match, checkin, marketplace, agenda), keyed
// "CHANNEL/kind" so the scheduler's ledger remembers firings across restarts.
type schedules struct {
	sched *scheduler.Scheduler
	bot   *bot.Bot
}

// jobKinds maps each kind of scheduled job to the program setting that
// holds its spec and the work it does.
func (s *schedules) jobKinds(p tandem.Program) []struct {
	kind string
	spec string
	run  func(ctx context.Context, at time.Time) error
} {
	ch := p.Channel
	return []struct {
		kind string
		spec string
		run  func(ctx context.Context, at time.Time) error
	}{
		{"match", p.Match, func(ctx context.Context, _ time.Time) error { return s.bot.RunScheduledRound(ctx, ch) }},
		{"checkin", p.Checkin, func(ctx context.Context, _ time.Time) error { return s.bot.RunCheckin(ctx, ch) }},
		{"marketplace", p.Marketplace, func(ctx context.Context, _ time.Time) error { return s.bot.PostMarketplaceCall(ctx, ch) }},
		{"agenda", p.Agenda, func(ctx context.Context, _ time.Time) error { return s.bot.PostAgenda(ctx, ch) }},
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
			Run:      k.run,
		})
		if err != nil {
			return err
		}
	}
	return nil
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
