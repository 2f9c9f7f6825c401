// Package insight is what HR reads about a program: the report, skill
// supply and demand, trends over the last rounds and the monthly digest,
// all as counts under the privacy rule (tandem.Privacy): a figure about
// fewer than privacy.min_group people is never computed into a view, only
// marked as hidden, and no view holds a name, an ID or text a person wrote.
// It knows neither Slack nor SQL: the store counts, this package decides
// what may be shown, package render words it, package chart draws it.
package insight

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/tandem-dev/tandem"
)

// TrendRounds is how many of a program's latest rounds trends cover.
const TrendRounds = 12

// Store is what insight needs from the database.
type Store interface {
	Program(ctx context.Context, channel tandem.ChannelID) (tandem.Program, error)
	Programs(ctx context.Context) ([]tandem.Program, error)
	Profiles(ctx context.Context, users []tandem.UserID) (map[tandem.UserID]tandem.Profile, error)
	OptedOut(ctx context.Context, users []tandem.UserID) (map[tandem.UserID]bool, error)
	ProgramFigures(ctx context.Context, program tandem.ChannelID) (tandem.ProgramFigures, error)
	SkillCounts(ctx context.Context, users []tandem.UserID) ([]tandem.SkillCount, error)
	RoundFigures(ctx context.Context, program tandem.ChannelID, n int) ([]tandem.RoundFigures, error)
	QueueDigest(ctx context.Context, key tandem.Key, program tandem.ChannelID, admins []tandem.UserID) error
}

// Directory tells who is in a program's channel.
type Directory interface {
	Members(ctx context.Context, channel tandem.ChannelID) ([]tandem.Member, error)
}

// Config is what a Service needs. Store and Directory are required.
type Config struct {
	Store     Store
	Directory Directory
	Privacy   tandem.Privacy
	// Admins receive the digest.
	Admins []tandem.UserID
	// Wake tells the outbox sender that messages are queued.
	Wake func()
	Log  *slog.Logger
	// Now is the clock; tests fix it.
	Now func() time.Time
}

// Service computes the views.
type Service struct {
	cfg Config
}

// New returns a Service.
func New(cfg Config) *Service {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Wake == nil {
		cfg.Wake = func() {}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{cfg: cfg}
}

// Privacy is the rule the views are computed under.
func (s *Service) Privacy() tandem.Privacy { return s.cfg.Privacy }

// Digest is what an admin receives each month about one program.
type Digest struct {
	Report Report
	Skills Skills
	Trends Trends
}

// Digest computes the digest of the program of channel.
func (s *Service) Digest(ctx context.Context, channel tandem.ChannelID) (Digest, error) {
	p, err := s.cfg.Store.Program(ctx, channel)
	if err != nil {
		return Digest{}, err
	}
	var d Digest
	if d.Report, err = s.Report(ctx, p); err != nil {
		return Digest{}, err
	}
	views, err := s.Skills(ctx, channel)
	if err != nil {
		return Digest{}, err
	}
	d.Skills = views[0]
	if d.Trends, err = s.Trends(ctx, p); err != nil {
		return Digest{}, err
	}
	return d, nil
}

// ScheduledDigest is the digest job of a program's schedule: it queues the
// digest for every admin through the outbox. key is the firing's, so
// running a firing again queues nothing more.
func (s *Service) ScheduledDigest(ctx context.Context, key tandem.Key, channel tandem.ChannelID) error {
	if len(s.cfg.Admins) == 0 {
		s.cfg.Log.Warn("digest not sent: the config names no admins", "program", channel)
		return nil
	}
	err := s.cfg.Store.QueueDigest(ctx, key, channel, s.cfg.Admins)
	if errors.Is(err, tandem.ErrDuplicate) {
		return nil // this firing queued it already
	} else if err != nil {
		return err
	}
	s.cfg.Log.Info("digest queued", "program", channel, "count", len(s.cfg.Admins))
	s.cfg.Wake()
	return nil
}

// members returns the IDs of the people in the program's channel.
func (s *Service) members(ctx context.Context, channel tandem.ChannelID) ([]tandem.UserID, error) {
	ms, err := s.cfg.Directory.Members(ctx, channel)
	if err != nil {
		return nil, err
	}
	ids := make([]tandem.UserID, len(ms))
	for i, m := range ms {
		ids[i] = m.ID
	}
	return ids, nil
}
