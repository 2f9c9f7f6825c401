package insight

import (
	"context"
	"time"

	"github.com/tandem-dev/tandem"
)

// Report is a program's participation and progress, counts only.
type Report struct {
	Program tandem.Program
	Privacy tandem.Privacy
	// People in the channel taking part now, paused, and taking part with
	// no skills in their profile; Ghosts are paused for not answering 3
	// rounds in a row.
	TakingPart, Paused, NoSkills, Ghosts Figure
	Rounds                               int
	Latest                               *Latest // nil before the first round
	Notes                                Figure  // notes written, all rounds
	Questions, Answers, Accuracy         Figure
	Topics, Urgent, Discussed, Open      Figure
	Votes                                Figure
}

// Latest are the figures of a program's latest round.
type Latest struct {
	Started time.Time
	Groups  Figure
	Met     Figure // groups that said they met
	MetRate Figure
	// NotesPerGroup is the notes written per partnership of the round.
	NotesPerGroup Figure
	// LeftAlone were left out as the only participant; LeftConstraints by
	// the round's rules (more participants or a larger group_size help).
	// Whose avoid list was involved is never part of a report.
	LeftAlone, LeftConstraints Figure
}

// Report computes the report of program p.
func (s *Service) Report(ctx context.Context, p tandem.Program) (Report, error) {
	ids, err := s.members(ctx, p.Channel)
	if err != nil {
		return Report{}, err
	}
	profiles, err := s.cfg.Store.Profiles(ctx, ids)
	if err != nil {
		return Report{}, err
	}
	optedOut, err := s.cfg.Store.OptedOut(ctx, ids)
	if err != nil {
		return Report{}, err
	}
	f, err := s.cfg.Store.ProgramFigures(ctx, p.Channel)
	if err != nil {
		return Report{}, err
	}
	now := s.cfg.Now()
	taking, paused, noSkills := 0, 0, 0
	for _, id := range ids {
		prof := profiles[id]
		switch {
		case optedOut[id]:
		case prof.Paused(now):
			paused++
		default:
			taking++
			if len(prof.Teach) == 0 && len(prof.Learn) == 0 {
				noSkills++
			}
		}
	}
	return report(s.cfg.Privacy, p, taking, paused, noSkills, f), nil
}

// report applies the privacy rule to a program's counts.
func report(pv tandem.Privacy, p tandem.Program, taking, paused, noSkills int, f tandem.ProgramFigures) Report {
	r := Report{
		Program:    p,
		Privacy:    pv,
		TakingPart: count(pv, taking),
		Paused:     count(pv, paused),
		NoSkills:   count(pv, noSkills),
		Ghosts:     count(pv, f.Ghosts),
		Rounds:     f.Rounds,
		Notes:      countOf(pv, f.NoteAuthors, f.Notes),
		Questions:  countOf(pv, f.QuestionAuthors, f.Questions),
		Answers:    countOf(pv, f.Answerers, f.Answers),
		Accuracy:   share(pv, f.Answerers, f.Correct, f.Answers),
		Topics:     countOf(pv, f.TopicAuthors, f.Topics),
		Urgent:     countOf(pv, f.TopicAuthors, f.Urgent),
		Discussed:  countOf(pv, f.TopicAuthors, f.Discussed),
		Open:       countOf(pv, f.TopicAuthors, f.Open),
		Votes:      countOf(pv, f.Voters, f.Votes),
	}
	if f.Rounds > 0 {
		r.Latest = &Latest{
			Started:         f.LatestStarted,
			Groups:          countOf(pv, f.LatestPlaced, f.LatestGroups),
			Met:             countOf(pv, f.LatestMetPeople, f.LatestMet),
			MetRate:         splitShare(pv, f.LatestMetPeople, f.LatestPlaced-f.LatestMetPeople, f.LatestMet, f.LatestGroups),
			NotesPerGroup:   ratio(pv, f.LatestPlaced, f.LatestNotes, f.LatestGroups),
			LeftAlone:       count(pv, f.LeftAlone),
			LeftConstraints: count(pv, f.LeftConstraints),
		}
	}
	return r
}
