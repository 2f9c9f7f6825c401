// Package bot is tandem's Slack edge: it decodes Socket Mode envelopes into
// commands, clicks and events, hands them to the domain and the store, and
// renders the answers as Block Kit.
//
// Every envelope is acknowledged within Slack's 3 seconds. A slash command's
// reply travels in its ack when it is ready in time (the common case: one
// SQLite write); otherwise the ack says "working on it" and the reply follows
// through chat.postEphemeral or the response_url. Writes carry the envelope
// ID as an idempotency key, so a redelivered envelope has its effect once.
package bot

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/tandem-dev/tandem"
)

// Config is what a Bot needs. Store and API are required.
type Config struct {
	Store    Store
	API      *slack.Client
	Log      *slog.Logger
	Command  string          // the slash command, e.g. /tandem
	Admins   []tandem.UserID // admins from the config file
	Timezone string          // default timezone of new programs
	// CheckSpec validates schedules (the scheduler's rules).
	CheckSpec tandem.SpecChecker
	// Workers bounds how many envelopes are handled at once.
	Workers int
	// AckWait is how long a slash command's reply may take to be ready
	// before the ack goes out alone and the reply follows. Slack allows 3 s.
	AckWait time.Duration
	// NextRun returns the next firing of a schedule after an instant (the
	// scheduler's rules), for messages that say when something happens next.
	NextRun func(spec string, loc *time.Location, after time.Time) (time.Time, error)
	// IntrosPerMinute paces conversations.open (Slack Tier 3: about 50 a minute).
	IntrosPerMinute int
	// Now returns the current time; tests fix it.
	Now func() time.Time
	// Metrics is told what the bot does; nil counts nothing.
	Metrics Metrics
}

// Metrics counts what the bot does; *metrics.Metrics implements it. Its
// arguments are code names (envelope types, outbox kinds), never IDs.
type Metrics interface {
	EnvelopeReceived(typ string)
	Acked(typ string, d time.Duration)
	MessageSent(kind string)
	RoundRun(leftOut int)
}

// noMetrics counts nothing.
type noMetrics struct{}

func (noMetrics) EnvelopeReceived(string)     {}
func (noMetrics) Acked(string, time.Duration) {}
func (noMetrics) MessageSent(string)          {}
func (noMetrics) RoundRun(int)                {}

// Bot serves tandem in one Slack workspace.
type Bot struct {
	cfg    Config
	store  Store
	api    *slack.Client
	socket *socketmode.Client
	log    *slog.Logger
	now    func() time.Time
	admins map[tandem.UserID]bool

	self      tandem.UserID // the bot's own user, from auth.test
	metrics   Metrics
	connected atomic.Bool // the Socket Mode connection is up
	received  sync.Map    // envelope ID -> envelopeSeen, until acked
	schedules Schedules

	usersMu sync.Mutex
	users   map[tandem.UserID]cachedUser

	membersMu sync.Mutex
	members   map[tandem.ChannelID]cachedMembers

	roundsMu sync.Mutex
	rounds   map[tandem.ChannelID]*sync.Mutex // one round at a time per program

	redrawMu sync.Mutex // marketplace messages are redrawn one at a time

	wake     chan struct{} // the outbox has news
	paceMu   sync.Mutex
	nextOpen time.Time // when the next conversations.open may go
}

// New returns a Bot. Call Connect, then Serve.
func New(cfg Config) *Bot {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Command == "" {
		cfg.Command = "/tandem"
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
	if cfg.IntrosPerMinute <= 0 {
		cfg.IntrosPerMinute = 50
	}
	if cfg.Timezone == "" {
		cfg.Timezone = "UTC"
	}
	if cfg.Metrics == nil {
		cfg.Metrics = noMetrics{}
	}
	b := &Bot{
		cfg:     cfg,
		store:   cfg.Store,
		api:     cfg.API,
		log:     cfg.Log,
		now:     cfg.Now,
		admins:  map[tandem.UserID]bool{},
		users:   map[tandem.UserID]cachedUser{},
		members: map[tandem.ChannelID]cachedMembers{},
		wake:    make(chan struct{}, 1),
		rounds:  map[tandem.ChannelID]*sync.Mutex{},
		metrics: cfg.Metrics,
	}
	for _, a := range cfg.Admins {
		b.admins[a] = true
	}
	return b
}

// Connect checks the bot token with auth.test and learns the bot's own user
// ID, which is never matched. A bad token is an error naming it.
func (b *Bot) Connect(ctx context.Context) error {
	res, err := b.api.AuthTestContext(ctx)
	if err != nil {
		return fmt.Errorf("slack auth.test with the bot token: %w", err)
	}
	b.self = tandem.UserID(res.UserID)
	b.log.Info("connected to Slack", keyTeam, res.Team, keyUser, res.UserID)
	return nil
}

// Schedules keeps scheduled jobs in line with programs.
type Schedules interface {
	// Apply (re)schedules the program's jobs; it fails if a spec is refused.
	Apply(p tandem.Program) error
	// Remove unschedules every job of the program.
	Remove(channel tandem.ChannelID)
}

// UseSchedules tells the bot whom to tell when an admin changes a program,
// so that a new schedule takes effect without a restart.
func (b *Bot) UseSchedules(s Schedules) { b.schedules = s }

// Log keys, so that every line names things the same way.
const (
	keyTeam     = "team"
	keyUser     = "user"
	keyChannel  = "channel"
	keyEnvelope = "envelope"
	keyType     = "type" // of an envelope: slash_commands, interactive, events_api
	keyVerb     = "command"
	keyErr      = "err"
	keyKind     = "kind"
	keyElapsed  = "elapsed"
	keyProgram  = "program"
	keyGroup    = "group"
	keyRound    = "round"
	keyCount    = "count"
)
