package insight

import (
	"context"
	"time"

	"github.com/tandem-dev/tandem"
)

// Trends are a program's figures over its last TrendRounds rounds, oldest
// first.
type Trends struct {
	Program tandem.Program
	Privacy tandem.Privacy
	Rounds  []RoundTrend
}

// RoundTrend is one round of Trends. Number counts the program's rounds
// from 1, so the table and the chart can name a round without an ID.
type RoundTrend struct {
	Number        int
	Started       time.Time
	Participants  Figure
	Groups        Figure
	MetRate       Figure
	NotesPerGroup Figure
	Answers       Figure
	Accuracy      Figure
	Topics        Figure
	Votes         Figure
}

// Trends computes the trends of program p.
func (s *Service) Trends(ctx context.Context, p tandem.Program) (Trends, error) {
	figs, err := s.cfg.Store.RoundFigures(ctx, p.Channel, TrendRounds)
	if err != nil {
		return Trends{}, err
	}
	f, err := s.cfg.Store.ProgramFigures(ctx, p.Channel)
	if err != nil {
		return Trends{}, err
	}
	return TrendsOf(s.cfg.Privacy, p, f.Rounds, figs), nil
}

// TrendsOf applies the privacy rule pv to the counts of program p's last
// rounds (oldest first); total is how many rounds p has run, for their
// numbers.
func TrendsOf(pv tandem.Privacy, p tandem.Program, total int, figs []tandem.RoundFigures) Trends {
	t := Trends{Program: p, Privacy: pv, Rounds: make([]RoundTrend, len(figs))}
	first := total - len(figs) + 1
	for i, f := range figs {
		t.Rounds[i] = RoundTrend{
			Number:        first + i,
			Started:       f.StartedAt,
			Participants:  count(pv, f.Participants),
			Groups:        countOf(pv, f.Participants, f.Groups),
			MetRate:       splitShare(pv, f.MetPeople, f.Participants-f.MetPeople, f.Met, f.Groups),
			NotesPerGroup: ratio(pv, f.Participants, f.Notes, f.Groups),
			Answers:       countOf(pv, f.Answerers, f.Answers),
			Accuracy:      share(pv, f.Answerers, f.Correct, f.Answers),
			Topics:        countOf(pv, f.TopicAuthors, f.Topics),
			Votes:         countOf(pv, f.Voters, f.Votes),
		}
	}
	return t
}
