// Package checkin runs a program's check-ins: on the program's check-in
// schedule, each active partnership that has not said it met or skipped
// gets one reminder, queued through the outbox like intros, so that a crash
// or a rate limit loses none and repeats at most the one in flight. A
// partnership has at most one check-in waiting, and the sender looks at it
// again before posting: one that met or skipped meanwhile gets nothing.
package checkin

import (
	"context"
	"log/slog"

	"github.com/tandem-dev/tandem"
)

// Store is what check-ins need from the database.
type Store interface {
	QueueCheckins(ctx context.Context, key tandem.Key, program tandem.ChannelID) (int, error)
}

// Runner queues check-ins.
type Runner struct {
	store Store
	wake  func()
	log   *slog.Logger
}

// New returns a Runner; wake tells the outbox sender that messages are
// queued.
func New(store Store, wake func(), log *slog.Logger) *Runner {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if wake == nil {
		wake = func() {}
	}
	return &Runner{store: store, wake: wake, log: log}
}

// Scheduled is the check-in job of a program's schedule; key is the
// firing's, so running a firing again queues nothing more.
func (r *Runner) Scheduled(ctx context.Context, key tandem.Key, channel tandem.ChannelID) error {
	n, err := r.store.QueueCheckins(ctx, key, channel)
	if err != nil {
		return err
	}
	if n == 0 {
		r.log.Debug("no check-ins due", "program", channel)
		return nil
	}
	r.log.Info("check-ins queued", "program", channel, "count", n)
	r.wake()
	return nil
}
