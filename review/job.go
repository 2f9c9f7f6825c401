package review

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/tandem-dev/tandem"
)

// Store is what the review job needs from the database.
type Store interface {
	ReviewCandidates(ctx context.Context, program tandem.ChannelID, at time.Time) ([]tandem.UserID, error)
	QueueReviews(ctx context.Context, key tandem.Key, dms []tandem.ReviewDM) (int, error)
}

// Zones tells a person's time zone (Slack's, through the directory).
type Zones interface {
	Zone(ctx context.Context, user tandem.UserID) *time.Location
}

// Runner queues review DMs.
type Runner struct {
	store Store
	zones Zones
	wake  func()
	log   *slog.Logger
	now   func() time.Time
}

// New returns a Runner. wake tells the outbox sender that messages are
// queued; now is the clock (nil: time.Now).
func New(s Store, zones Zones, wake func(), log *slog.Logger, now func() time.Time) *Runner {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if wake == nil {
		wake = func() {}
	}
	if now == nil {
		now = time.Now
	}
	return &Runner{store: s, zones: zones, wake: wake, log: log, now: now}
}

// Scheduled is the review job of a program's schedule: each person with a
// question of the program due now, not paused and not opted out, gets one
// DM queued for their own next working-hours slot, at most one per local
// day. key is the firing's, so running a firing again queues nothing more.
func (r *Runner) Scheduled(ctx context.Context, key tandem.Key, channel tandem.ChannelID) error {
	now := r.now()
	users, err := r.store.ReviewCandidates(ctx, channel, now)
	if err != nil {
		return fmt.Errorf("review: %s: %w", channel, err)
	}
	if len(users) == 0 {
		r.log.Debug("no reviews due", "program", channel)
		return nil
	}
	dms := make([]tandem.ReviewDM, len(users))
	for i, u := range users {
		dms[i] = Plan(u, now, r.zones.Zone(ctx, u))
	}
	n, err := r.store.QueueReviews(ctx, key, dms)
	if errors.Is(err, tandem.ErrDuplicate) {
		r.log.Debug("review firing ran before", "program", channel)
		return nil
	}
	if err != nil {
		return fmt.Errorf("review: %s: %w", channel, err)
	}
	r.log.Info("review DMs queued", "program", channel, "count", n)
	if n > 0 {
		r.wake()
	}
	return nil
}

// Plan is the DM to user for a firing at now: at their next working-hours
// slot in loc, counted against that slot's local day.
func Plan(user tandem.UserID, now time.Time, loc *time.Location) tandem.ReviewDM {
	if loc == nil {
		loc = time.UTC
	}
	slot := Slot(now, loc)
	return tandem.ReviewDM{User: user, NotBefore: slot.UTC(), Day: slot.In(loc).Format(time.DateOnly)}
}
