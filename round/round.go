// Package round runs one matching round of a program: it pauses the
// program's ghosts, gathers the participants, matches them and saves the
// round with one outbox message per intro, left-out person and summary, in
// one transaction. Sending those messages is someone else's job (the outbox
// sender); this package knows neither Slack nor SQL.
package round

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/match"
)

// Store is what a round needs from the database.
type Store interface {
	Program(ctx context.Context, channel tandem.ChannelID) (tandem.Program, error)
	PauseGhosts(ctx context.Context, key tandem.Key, program tandem.ChannelID) ([]tandem.UserID, error)
	Profiles(ctx context.Context, users []tandem.UserID) (map[tandem.UserID]tandem.Profile, error)
	OptedOut(ctx context.Context, users []tandem.UserID) (map[tandem.UserID]bool, error)
	RecentGroups(ctx context.Context, program tandem.ChannelID, n int) ([]tandem.PastGroup, error)
	CreateRound(ctx context.Context, key tandem.Key, r tandem.Round, summaryTo []tandem.UserID) (tandem.Round, error)

	SavePreview(ctx context.Context, key tandem.Key, p tandem.Preview) (tandem.Preview, error)
	Preview(ctx context.Context, id tandem.PreviewID) (tandem.Preview, error)
	SendPreview(ctx context.Context, p tandem.Preview, r tandem.Round, summaryTo []tandem.UserID) (tandem.Round, error)
}

// Directory tells who is in a program's channel.
type Directory interface {
	Members(ctx context.Context, channel tandem.ChannelID) ([]tandem.Member, error)
}

// Locks guard work that must not run twice at once, in this process or in
// any other serving the same database (replicas). The store implements it.
type Locks interface {
	// TryLock takes the named lock if it is free; ok is false otherwise.
	TryLock(ctx context.Context, name string) (release func(), ok bool, err error)
	// Lock waits for the named lock until ctx ends.
	Lock(ctx context.Context, name string) (release func(), err error)
}

// Config is what a Runner needs. Store and Directory are required.
type Config struct {
	Store     Store
	Directory Directory
	// Locks makes rounds of one program run one at a time; nil means
	// locks of this process only, right for one process per database.
	Locks Locks
	// Wake tells the outbox sender that messages are queued.
	Wake func()
	// Admins receive the summary of a scheduled round.
	Admins []tandem.UserID
	Log    *slog.Logger
	// Metrics is told of each round saved; nil counts nothing.
	Metrics Metrics
	// Now and Seed are the clock and the source of seeds; tests fix them.
	Now  func() time.Time
	Seed func() int64
}

// Metrics counts rounds; *metrics.Metrics implements it.
type Metrics interface {
	// RoundRun counts one saved round and the people it left out.
	RoundRun(leftOut int)
}

type noMetrics struct{}

func (noMetrics) RoundRun(int) {}

// Runner runs rounds, one at a time per program.
type Runner struct {
	cfg Config
}

// New returns a Runner.
func New(cfg Config) *Runner {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Seed == nil {
		cfg.Seed = NewSeed
	}
	if cfg.Wake == nil {
		cfg.Wake = func() {}
	}
	if cfg.Metrics == nil {
		cfg.Metrics = noMetrics{}
	}
	if cfg.Locks == nil {
		cfg.Locks = &MemoryLocks{}
	}
	return &Runner{cfg: cfg}
}

// ErrBusy is returned by Now when a round of the program is being matched.
var ErrBusy = errors.New("round: a round of this program is being matched")

// Now runs a round that admin asked for, under key (the request's). If a
// round of the program is being matched at this moment it returns ErrBusy
// and changes nothing.
func (r *Runner) Now(ctx context.Context, key tandem.Key, channel tandem.ChannelID, admin tandem.UserID) (tandem.Round, error) {
	release, ok, err := r.cfg.Locks.TryLock(ctx, lockName(channel))
	if err != nil {
		return tandem.Round{}, err
	}
	if !ok {
		return tandem.Round{}, ErrBusy
	}
	defer release()
	return r.run(ctx, key, channel, admin)
}

// Scheduled is the match job of a program's schedule; key is the firing's,
// so running the same firing again (after a crash) matches nothing more.
// It waits for a round in progress to finish first.
func (r *Runner) Scheduled(ctx context.Context, key tandem.Key, channel tandem.ChannelID) error {
	release, err := r.cfg.Locks.Lock(ctx, lockName(channel))
	if err != nil {
		return err
	}
	defer release()
	_, err = r.run(ctx, key, channel, "")
	if errors.Is(err, tandem.ErrDuplicate) {
		r.cfg.Log.Info("round of this firing already saved", "program", channel)
		return nil
	}
	return err
}

// lockName is the lock of a program's rounds.
func lockName(channel tandem.ChannelID) string { return "round " + string(channel) }

// MemoryLocks are Locks of this process only.
type MemoryLocks struct{ m sync.Map }

// TryLock implements Locks.
func (l *MemoryLocks) TryLock(_ context.Context, name string) (func(), bool, error) {
	v, _ := l.m.LoadOrStore(name, &sync.Mutex{})
	mu := v.(*sync.Mutex)
	if !mu.TryLock() {
		return nil, false, nil
	}
	return mu.Unlock, true, nil
}

// Lock implements Locks.
func (l *MemoryLocks) Lock(_ context.Context, name string) (func(), error) {
	v, _ := l.m.LoadOrStore(name, &sync.Mutex{})
	mu := v.(*sync.Mutex)
	mu.Lock()
	return mu.Unlock, nil
}

// run matches the program's participants and queues the messages. by is
// the admin who asked, or "" for the schedule.
func (r *Runner) run(ctx context.Context, key tandem.Key, channel tandem.ChannelID, by tandem.UserID) (tandem.Round, error) {
	st := r.cfg.Store
	p, err := st.Program(ctx, channel)
	if err != nil {
		return tandem.Round{}, err
	}
	r.pauseGhosts(ctx, key.Sub("ghosts"), channel) // before the profiles are read, so that ghosts sit this round out
	members, err := r.cfg.Directory.Members(ctx, channel)
	if err != nil {
		return tandem.Round{}, err
	}
	people, _, err := r.participants(ctx, members)
	if err != nil {
		return tandem.Round{}, err
	}
	history, err := st.RecentGroups(ctx, channel, p.AvoidRepeats)
	if err != nil {
		return tandem.Round{}, err
	}
	res, err := match.Round(match.Input{
		People:       people,
		GroupSize:    p.GroupSize,
		History:      history,
		AvoidRepeats: p.AvoidRepeats,
		Seed:         r.cfg.Seed(),
	})
	if err != nil {
		return tandem.Round{}, err
	}
	rd := tandem.Round{Program: channel, Seed: res.Seed, StartedAt: r.cfg.Now(), By: by, Score: res.Score}
	for _, g := range res.Groups {
		rd.Groups = append(rd.Groups, tandem.Group{Members: g.Members, Score: g.Score, Reasons: g.Reasons})
	}
	for _, lo := range res.LeftOut {
		rd.LeftOut = append(rd.LeftOut, tandem.LeftOut{User: lo.User, Code: lo.Code})
	}
	summaryTo := []tandem.UserID{by}
	if by == "" {
		summaryTo = r.cfg.Admins
	}
	rd, err = st.CreateRound(ctx, key, rd, summaryTo)
	if err != nil {
		return tandem.Round{}, err
	}
	r.cfg.Metrics.RoundRun(len(rd.LeftOut))
	r.cfg.Log.Info("round matched", "program", channel, "round", rd.ID, "seed", rd.Seed,
		"participants", len(people), "groups", len(rd.Groups), "left_out", len(rd.LeftOut), "score", res.Score)
	r.cfg.Wake()
	return rd, nil
}

// participants turns the channel's members into the people a round
// matches: not opted out, not paused, each with their profile; and into
// the basis of a preview: each of them with the version of their profile.
func (r *Runner) participants(ctx context.Context, members []tandem.Member) ([]match.Person, []tandem.PreviewBasis, error) {
	ids := make([]tandem.UserID, len(members))
	for i, m := range members {
		ids[i] = m.ID
	}
	profiles, err := r.cfg.Store.Profiles(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	optedOut, err := r.cfg.Store.OptedOut(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	now := r.cfg.Now()
	var people []match.Person
	var basis []tandem.PreviewBasis
	for _, m := range members {
		if optedOut[m.ID] {
			continue
		}
		prof, ok := profiles[m.ID]
		if !ok {
			prof = tandem.Profile{User: m.ID, Mode: tandem.ModeAny}
		}
		if prof.Paused(now) {
			continue
		}
		var loc *time.Location
		if m.TZ != "" {
			loc, _ = time.LoadLocation(m.TZ) // an unknown zone counts as unknown
		}
		people = append(people, match.PersonFromProfile(prof, loc, now))
		basis = append(basis, tandem.PreviewBasis{User: m.ID, Profile: prof.UpdatedAt})
	}
	return people, basis, nil
}

// pauseGhosts pauses the program's ghosts and queues their DMs. A failure
// is logged and the round goes on: the ghosts are found at the next one.
//
// Ghosts are looked for right before a program's round is matched: that is
// when "silent for the last 3 rounds" is complete, and a ghost paused then
// is left out of the very round that would otherwise pair someone with
// them.
func (r *Runner) pauseGhosts(ctx context.Context, key tandem.Key, channel tandem.ChannelID) {
	ghosts, err := r.cfg.Store.PauseGhosts(ctx, key, channel)
	if errors.Is(err, tandem.ErrDuplicate) {
		return // this request paused them already
	}
	if err != nil {
		r.cfg.Log.Error("looking for ghosts", "program", channel, "err", err)
		return
	}
	if len(ghosts) > 0 {
		r.cfg.Log.Info("ghosts paused", "program", channel, "count", len(ghosts))
		r.cfg.Wake()
	}
}

// NewSeed draws a round's seed. It is stored with the round, so the round
// can be recomputed.
func NewSeed() int64 {
	var buf [8]byte
	_, _ = rand.Read(buf[:]) // crypto/rand.Read never fails on supported platforms
	return int64(binary.LittleEndian.Uint64(buf[:]) >> 1)
}
