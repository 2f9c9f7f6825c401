// Package bot is tandem's Slack edge: it decodes Socket Mode envelopes into
// commands, clicks and events, hands them to the use cases (round, market,
// checkin) and the store, and answers in Block Kit built by package render.
//
// Every envelope is acknowledged within Slack's 3 seconds. A slash command's
// reply travels in its ack when it is ready in time (the common case: one
// SQLite write); otherwise the ack says "working on it" and the reply follows
// through chat.postEphemeral or the response_url. Each write that is an
// envelope's primary effect is given the envelope's key, so a redelivered
// envelope has its effect once.
package bot

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/insight"
	"github.com/tandem-dev/tandem/lang"
	"github.com/tandem-dev/tandem/market"
	"github.com/tandem-dev/tandem/render"
	"github.com/tandem-dev/tandem/round"
	"github.com/tandem-dev/tandem/slackdir"
)

// Config is what a Bot needs. Store, API, Directory, Rounds and Market are
// required.
type Config struct {
	Store     Store
	API       *slack.Client
	Directory *slackdir.Directory
	Rounds    *round.Runner
	Market    *market.Market
	// Insight computes reports, the skills view and trends; Charts uploads
	// the trends chart.
	Insight *insight.Service
	Charts  Charts
	// Schedules keeps scheduled jobs in line with programs, so that a
	// program's new settings take effect without a restart.
	Schedules Schedules
	Views     render.Renderer
	// Languages picks the language of each reader (the config's
	// `language`, else their Slack locale).
	Languages lang.Picker
	Log       *slog.Logger
	Timezone  string // default timezone of new programs
	// CheckSpec validates schedules (the scheduler's rules).
	CheckSpec tandem.SpecChecker
	// Privacy is the rule for the figures of reports (privacy.min_group);
	// zero means tandem.DefaultMinGroup.
	Privacy tandem.Privacy
	// Workers bounds how many envelopes are handled at once.
	Workers int
	// AckWait is how long a slash command's reply may take to be ready
	// before the ack goes out alone and the reply follows. Slack allows 3 s.
	AckWait time.Duration
	// Now returns the current time; tests fix it.
	Now func() time.Time
	// Metrics is told what arrives over Socket Mode; nil counts nothing.
	Metrics Metrics
}

// Metrics counts envelopes and how long their acks took; *metrics.Metrics
// implements it. typ is the envelope's type (slash_commands, interactive,
// events_api), never an ID.
type Metrics interface {
	EnvelopeReceived(typ string)
	Acked(typ string, d time.Duration)
}

// noMetrics counts nothing.
type noMetrics struct{}

func (noMetrics) EnvelopeReceived(string)     {}
func (noMetrics) Acked(string, time.Duration) {}

// Bot serves tandem in one Slack workspace.
type Bot struct {
	cfg     Config
	store   Store
	api     *slack.Client
	dir     *slackdir.Directory
	rounds  *round.Runner
	market  *market.Market
	insight *insight.Service
	charts  Charts
	views   render.Renderer
	socket  *socketmode.Client
	log     *slog.Logger
	now     func() time.Time

	metrics   Metrics
	connected atomic.Bool  // the Socket Mode connection is up
	received  sync.Map     // envelope ID -> envelopeSeen, until acked
	handling  atomic.Int64 // envelopes taken for the workers and not yet handled
}

// New returns a Bot. Call Connect, then Serve.
func New(cfg Config) *Bot {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 64
	}
	if cfg.AckWait <= 0 {
		cfg.AckWait = 1500 * time.Millisecond
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Privacy.MinGroup == 0 {
		cfg.Privacy.MinGroup = tandem.DefaultMinGroup
	}
	if cfg.Timezone == "" {
		cfg.Timezone = "UTC"
	}
	if cfg.Views.Command == "" {
		cfg.Views.Command = "/tandem"
	}
	if cfg.Metrics == nil {
		cfg.Metrics = noMetrics{}
	}
	return &Bot{cfg: cfg, store: cfg.Store, api: cfg.API, dir: cfg.Directory, rounds: cfg.Rounds,
		market: cfg.Market, insight: cfg.Insight, charts: cfg.Charts, views: cfg.Views, log: slog.New(envelopeHandler{cfg.Log.Handler()}), now: cfg.Now,
		metrics: cfg.Metrics}
}

// Connect checks the bot token with auth.test and learns the bot's own user
// ID, which is never matched. A bad token is an error naming it.
func (b *Bot) Connect(ctx context.Context) error {
	team, err := b.dir.Connect(ctx)
	if err != nil {
		return err
	}
	b.log.Info("connected to Slack", keyTeam, team, keyUser, b.dir.Self())
	return nil
}

// Schedules keeps scheduled jobs in line with programs.
type Schedules interface {
	// Apply (re)schedules the program's jobs; it fails if a spec is refused.
	Apply(p tandem.Program) error
	// Remove unschedules every job of the program.
	Remove(channel tandem.ChannelID)
}

// slash is the configured slash command, for the words of replies.
func (b *Bot) slash() string { return b.views.Command }

// channelViews is the renderer of a program's channel posts: in the
// program's language, else the configured one, else English.
func (b *Bot) channelViews(p tandem.Program) render.Renderer {
	return b.views.In(b.cfg.Languages.Channel(lang.Tag(p.Language)))
}

// viewsFor is the renderer in the language of user.
func (b *Bot) viewsFor(ctx context.Context, user tandem.UserID) render.Renderer {
	return b.views.In(b.cfg.Languages.For(ctx, user))
}

// Log keys, so that every line names things the same way.
const (
	keyTeam     = "team"
	keyUser     = "user"
	keyChannel  = "channel"
	keyEnvelope = "envelope"
	keyVerb     = "command"
	keyErr      = "err"
	keyKind     = "kind" // an envelope's type, and nothing else: handler lines get it from the context
	keyProgram  = "program"
	keyGroup    = "group"
)
