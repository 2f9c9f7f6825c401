// Package outbound is everything tandem posts to Slack on its own, as
// opposed to answering a person: the outbox sender (intros, check-ins, DMs
// to people left out or paused, round summaries), paced to Slack's limits
// and retried through outages; and the marketplace's channel posts.
package outbound

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/lang"
	"github.com/tandem-dev/tandem/render"
)

// Store is what the sender needs from the database.
type Store interface {
	PendingOutbox(ctx context.Context, limit int) ([]tandem.OutboxItem, error)
	Group(ctx context.Context, id tandem.GroupID) (tandem.Group, error)
	Round(ctx context.Context, id tandem.RoundID) (tandem.Round, error)
	Profiles(ctx context.Context, users []tandem.UserID) (map[tandem.UserID]tandem.Profile, error)
	SetGroupDM(ctx context.Context, group tandem.GroupID, dm tandem.ChannelID) error
	MarkSent(ctx context.Context, item tandem.OutboxItem, ts string) error
	RetryLater(ctx context.Context, item tandem.OutboxItem, after time.Time, reason string) error
	MarkFailed(ctx context.Context, item tandem.OutboxItem, reason string) error
	RoundProgress(ctx context.Context, round tandem.RoundID) (tandem.OutboxProgress, error)
	// DueReview is the question most overdue for review by a person now;
	// ENOTFOUND if none, or if they are paused or stopped reminders.
	DueReview(ctx context.Context, user tandem.UserID) (tandem.Question, error)
}

// Config is what a Sender needs. Store, API and Views are required.
type Config struct {
	Store Store
	API   *slack.Client
	Views render.Renderer
	// Languages picks each recipient's language; the zero Picker is English.
	Languages lang.Picker
	Log       *slog.Logger
	// Digests computes the monthly digests; without it digests are not sent.
	Digests Digests
	// IntrosPerMinute paces conversations.open (Slack Tier 3: about 50 a minute).
	IntrosPerMinute int
	// Now returns the current time; tests fix it.
	Now func() time.Time
	// Metrics is told of each message Slack took; nil counts nothing.
	Metrics Metrics
	// Fence, if set, is asked right before each message is posted, and
	// must return nil only if this process may send now: with replicas,
	// only the leader sends, and a leader that lost its lock must not. A
	// refusal leaves the message queued, untouched, for the next leader.
	Fence func(ctx context.Context) error
}

// Metrics counts messages sent; *metrics.Metrics implements it. kind is
// the outbox kind (intro, left_out, summary, checkin, ghost).
type Metrics interface {
	MessageSent(kind string)
}

type noMetrics struct{}

func (noMetrics) MessageSent(string) {}

// Sender drains the outbox.
type Sender struct {
	store     Store
	api       *slack.Client
	views     render.Renderer
	langs     lang.Picker
	log       *slog.Logger
	digests   Digests
	now       func() time.Time
	perMinute int
	metrics   Metrics
	fence     func(ctx context.Context) error

	wake chan struct{} // the outbox has news
	// unrecorded holds the messages Slack took whose record the database
	// refused, by outbox ID, with their ts. Only Run's goroutine uses it.
	unrecorded map[int64]string
	paceMu     sync.Mutex
	nextOpen   time.Time // when the next conversations.open may go
}

// New returns a Sender; call Run to start it.
func New(cfg Config) *Sender {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.IntrosPerMinute <= 0 {
		cfg.IntrosPerMinute = 50
	}
	if cfg.Metrics == nil {
		cfg.Metrics = noMetrics{}
	}
	if cfg.Fence == nil {
		cfg.Fence = func(context.Context) error { return nil }
	}
	return &Sender{store: cfg.Store, api: cfg.API, views: cfg.Views, langs: cfg.Languages, log: cfg.Log, now: cfg.Now, digests: cfg.Digests,
		perMinute: cfg.IntrosPerMinute, metrics: cfg.Metrics, fence: cfg.Fence, wake: make(chan struct{}, 1), unrecorded: map[int64]string{}}
}
