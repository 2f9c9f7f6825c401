package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/bot"
	"github.com/tandem-dev/tandem/checkin"
	"github.com/tandem-dev/tandem/config"
	"github.com/tandem-dev/tandem/insight"
	"github.com/tandem-dev/tandem/lang"
	"github.com/tandem-dev/tandem/market"
	"github.com/tandem-dev/tandem/metrics"
	"github.com/tandem-dev/tandem/ops"
	"github.com/tandem-dev/tandem/outbound"
	"github.com/tandem-dev/tandem/render"
	"github.com/tandem-dev/tandem/review"
	"github.com/tandem-dev/tandem/round"
	"github.com/tandem-dev/tandem/scheduler"
	"github.com/tandem-dev/tandem/slackdir"
	"github.com/tandem-dev/tandem/store"
)

// app is tandem wired together: the store, the Slack edge, the use cases
// and the scheduler. `run` serves it against Slack; `shell` serves it
// against a local demo workspace; both go through exactly this code.
type app struct {
	cfg     config.Config
	log     *slog.Logger
	db      *store.DB
	api     *slack.Client
	sender  *outbound.Sender
	bot     *bot.Bot
	sched   *scheduler.Scheduler
	sch     *schedules
	metrics *metrics.Metrics // nil when nobody scrapes them
	release func() error     // the database lock
}

// openDB opens the configured database. A SQLite file is locked first: one
// process serves it. PostgreSQL takes any number of replicas.
func openDB(ctx context.Context, cfg config.Config, opts ...store.Option) (db *store.DB, release func() error, err error) {
	if d := cfg.Database; d.Postgres() {
		db, err := store.OpenPostgres(ctx, d.URL, store.PostgresOptions{MaxConns: d.MaxConns, StatementTimeout: time.Duration(d.StatementTimeout)}, opts...)
		return db, func() error { return nil }, err
	}
	release, err = store.Lock(cfg.Database.Path)
	if errors.Is(err, store.ErrLocked) {
		return nil, nil, usageError{fmt.Errorf("database %s is in use by another tandem process; run one tandem per database file (or several on PostgreSQL: see docs/deploy.md)", cfg.Database.Path)}
	} else if err != nil {
		return nil, nil, err
	}
	db, err = store.Open(ctx, cfg.Database.Path, opts...)
	if err != nil {
		release()
		return nil, nil, err
	}
	return db, release, nil
}

// openApp locks and opens the database, creates the programs the config
// declares and builds the bot. It does not talk to Slack yet. m, if not
// nil, is told what the app does.
func openApp(ctx context.Context, cfg config.Config, log *slog.Logger, m *metrics.Metrics) (*app, error) {
	var opts []store.Option
	if m != nil {
		opts = append(opts, store.WithWriteObserver(m))
	}
	db, release, err := openDB(ctx, cfg, opts...)
	if err != nil {
		return nil, err
	}
	a := &app{cfg: cfg, log: log, db: db, metrics: m, release: release}
	if err := a.ensurePrograms(ctx); err != nil {
		a.close()
		return nil, err
	}
	a.api = slack.New(cfg.Slack.BotToken,
		slack.OptionAPIURL(cfg.Slack.APIURL),
		slack.OptionAppLevelToken(cfg.Slack.AppToken),
		slack.OptionHTTPClient(&http.Client{Timeout: 15 * time.Second, Transport: m.SlackTransport(cfg.Slack.APIURL, nil)}),
		// Retry 429s after their Retry-After; slack-go does not by default.
		slack.OptionRetryConfig(slack.RetryConfig{
			MaxRetries:         5,
			RetryAfterDuration: 30 * time.Second,
			RetryAfterJitter:   200 * time.Millisecond,
		}),
	)
	admins := make([]tandem.UserID, len(cfg.Admins))
	for i, id := range cfg.Admins {
		admins[i] = tandem.UserID(id)
	}
	// Each use case gets a nil interface, not a nil *Metrics, when metrics
	// are off: nothing at all to call.
	var (
		botMetrics    bot.Metrics
		senderMetrics outbound.Metrics
		roundMetrics  round.Metrics
		jobCounter    jobMetrics
	)
	if m != nil {
		botMetrics, senderMetrics, roundMetrics, jobCounter = m, m, m, m
	}
	views := render.Renderer{Command: cfg.Slack.Command, NextRun: scheduler.Next}
	dir := slackdir.New(a.api, admins, nil)
	fixed, err := lang.Parse(cfg.Language)
	if err == nil {
		err = lang.Check()
	}
	if err != nil {
		a.close()
		return nil, err
	}
	langs := lang.Picker{Fixed: fixed, Locales: dir}
	insights := insight.New(insight.Config{Store: db, Directory: dir, Privacy: tandem.Privacy{MinGroup: cfg.Privacy.MinGroup},
		Admins: admins, Wake: func() { a.sender.Wake() }, Log: log})
	a.sender = outbound.New(outbound.Config{Store: db, API: a.api, Views: views, Languages: langs, Log: log, IntrosPerMinute: cfg.Slack.IntrosPerMinute,
		Digests: insights, Fence: db.Fence, Metrics: senderMetrics})
	rounds := round.New(round.Config{Store: db, Directory: dir, Wake: a.sender.Wake, Admins: admins, Log: log, Locks: db, Metrics: roundMetrics})
	mk := market.New(db, dir, outbound.Board{API: a.api, Views: views, Languages: langs, Programs: db}, log, nil)
	mk.UseLocks(db)
	a.sched, err = scheduler.New(scheduler.Config{
		Ledger: db,
		Logger: log,
		Grace:  time.Duration(cfg.Scheduler.CatchUp),
	})
	if err != nil {
		a.close()
		return nil, err
	}
	sch := &schedules{sched: a.sched, rounds: rounds, checkins: checkin.New(db, a.sender.Wake, log), market: mk,
		reviews: review.New(db, dir, a.sender.Wake, log, nil), insight: insights, metrics: jobCounter}
	a.sch = sch
	a.bot = bot.New(bot.Config{
		Store:     db,
		API:       a.api,
		Directory: dir,
		Rounds:    rounds,
		Market:    mk,
		Insight:   insights,
		Charts:    a.sender,
		Schedules: sch,
		Views:     views,
		Languages: langs,
		Log:       log,
		Timezone:  cfg.Timezone,
		CheckSpec: scheduler.Check,
		Privacy:   tandem.Privacy{MinGroup: cfg.Privacy.MinGroup},
		Metrics:   botMetrics,
	})
	programs, err := db.Programs(ctx)
	if err != nil {
		a.close()
		return nil, err
	}
	m.WatchOutbox(db, log)
	for _, p := range programs {
		if err := sch.Apply(p); err != nil {
			// A schedule stored by an older version that this one refuses:
			// keep serving the other programs and say which one to fix.
			log.Error("program schedule refused; fix it with `program set`", "program", p.Channel, "err", err)
		}
	}
	return a, nil
}

// ensurePrograms creates the config file's programs that the database does
// not have yet. After that the database holds the truth.
func (a *app) ensurePrograms(ctx context.Context) error {
	for _, pc := range a.cfg.Programs {
		p, err := a.cfg.Program(pc, scheduler.Check)
		if err != nil {
			return err
		}
		if _, err := a.db.Program(ctx, p.Channel); err == nil {
			continue
		} else if tandem.ErrorCode(err) != tandem.ENOTFOUND {
			return err
		}
		if err := a.db.CreateProgram(ctx, "", p); err != nil {
			return err
		}
		a.log.Info("program created from the config file", "program", p.Channel)
	}
	return nil
}

// serve connects to Slack and serves until ctx ends. It owns the order of
// shutdown: stop taking envelopes and finish those in flight (bot.Serve),
// then stop the scheduler and wait for its running jobs, then let the
// sender finish the message it is sending; the store closes after serve
// returns (close).
func (a *app) serve(ctx context.Context) error {
	if err := a.bot.Connect(ctx); err != nil {
		return usageError{fmt.Errorf("slack.bot_token: %w", err)}
	}
	a.bot.NameUnnamedPrograms(ctx)
	background, stopBackground := context.WithCancel(context.WithoutCancel(ctx))
	defer stopBackground()
	var leading sync.WaitGroup
	leading.Go(func() { a.db.Lead(background, a.log, a.lead) })
	err := a.bot.Serve(ctx, socketmode.New(a.api))
	stopBackground()
	leading.Wait()
	if err != nil {
		return usageError{err}
	}
	return nil
}

// lead is the leader's work: the scheduler, housekeeping and the outbox
// sender, until ctx ends (stop, or leadership lost). Every replica answers
// Slack; only the leader runs these. On SQLite the one process leads.
// It stops the scheduler and waits for its running jobs, then lets the
// sender finish the message it is sending.
func (a *app) lead(ctx context.Context) {
	a.metrics.SetLeader(true)
	defer a.metrics.SetLeader(false)
	if a.db.Backend() == "postgres" {
		// Before the scheduler's first pass: another replica may have
		// changed a schedule, and a firing missed while nobody led is caught
		// up by the schedule as it stands now, not as this replica last saw it.
		a.syncSchedules(ctx)
	}
	var jobs, sender sync.WaitGroup
	sender.Go(func() { a.sender.Run(ctx) })
	jobs.Go(func() { a.housekeeping(ctx) })
	jobs.Go(func() {
		if err := a.sched.Run(ctx); err != nil {
			a.log.Error("scheduler stopped", "err", err)
		}
	})
	if a.db.Backend() == "postgres" {
		jobs.Go(func() { a.followPrograms(ctx) })
	}
	jobs.Wait()
	sender.Wait()
}

// programsPoll is how often a leader among replicas rereads the programs:
// an admin's `program set` served by another replica changed the database,
// not this replica's scheduler.
const programsPoll = 5 * time.Second

// followPrograms keeps the scheduler's jobs in line with the programs in
// the database, every programsPoll while this replica leads (lead syncs
// them once before the scheduler starts).
func (a *app) followPrograms(ctx context.Context) {
	tick := time.NewTicker(programsPoll)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		a.syncSchedules(ctx)
	}
}

// syncSchedules applies every program's schedules and removes the jobs of
// programs that are gone. A job whose spec did not change keeps its place.
func (a *app) syncSchedules(ctx context.Context) {
	programs, err := a.db.Programs(ctx)
	if err != nil {
		if ctx.Err() == nil {
			a.log.Warn("rereading the programs", "err", err)
		}
		return
	}
	known := map[string]bool{}
	for _, p := range programs {
		known[string(p.Channel)] = true
		if err := a.sch.Apply(p); err != nil {
			a.log.Error("program schedule refused; fix it with `program set`", "program", p.Channel, "err", err)
		}
	}
	for _, key := range a.sched.Keys() {
		if ch, _, _ := strings.Cut(key, "/"); !known[ch] {
			a.sched.Remove(key)
		}
	}
}

// housekeeping prunes bookkeeping that only needs to live a while: the
// envelope keys that make redeliveries harmless (Slack redelivers within
// minutes) and old scheduler firings. It runs at start and then hourly.
func (a *app) housekeeping(ctx context.Context) {
	tick := time.NewTicker(time.Hour)
	defer tick.Stop()
	for {
		now := time.Now()
		if err := a.db.PruneProcessed(ctx, now.Add(-24*time.Hour)); err != nil && ctx.Err() == nil {
			a.log.Warn("pruning processed envelopes", "err", err)
		}
		if _, err := a.db.PruneFirings(ctx, now.AddDate(0, 0, -90)); err != nil && ctx.Err() == nil {
			a.log.Warn("pruning old firings", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

func (a *app) close() {
	if err := a.db.Close(); err != nil {
		a.log.Warn("closing the database", "err", err)
	}
	a.release()
}

// newLogger builds the process logger from the config.
func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.Log.Level)) // validated by config
	opts := &slog.HandlerOptions{Level: level}
	if cfg.Log.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// readiness is what /readyz checks: the Socket Mode connection is up and
// the database answers.
func (a *app) readiness() []ops.Check {
	return []ops.Check{
		{Name: "socket", Down: "not connected to Slack (Socket Mode)", Probe: func(context.Context) error {
			if !a.bot.Connected() {
				return errors.New("the Socket Mode connection is down")
			}
			return nil
		}},
		{Name: "database", Down: "not answering", Probe: a.db.Ping},
	}
}
