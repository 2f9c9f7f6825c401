package insight

import (
	"cmp"
	"context"
	"slices"

	"github.com/tandem-dev/tandem"
)

// Skills is skill supply and demand over one program or all of them.
//
// A skill is named only when at least privacy.min_group people want to
// learn it, or, wanted by nobody, at least that many teach it; every other
// skill is counted under Other or UnwantedOther without its name, since a
// rare skill can point at the one person who typed it.
type Skills struct {
	// Program is the program counted; nil for all programs together.
	Program *tandem.Program
	Privacy tandem.Privacy
	People  Figure // people counted (the channels' members)
	// All lists every named skill, most wanted first.
	All []SkillFigures
	// Unmet are the wishes with no or too few teachers (fewer than
	// privacy.min_group), most wanted first.
	Unmet []SkillFigures
	// Busiest are the skills with enough teachers and learners to show,
	// most learners per teacher first.
	Busiest []SkillFigures
	// Unwanted are skills at least privacy.min_group people teach and
	// nobody wants to learn, most taught first.
	Unwanted []SkillFigures
	// UnwantedOther counts the skills taught, each by fewer than
	// privacy.min_group people, that nobody wants to learn.
	UnwantedOther int
	// Other counts the skills each wanted by fewer than privacy.min_group
	// people: how many wish for each is not shown, nor their names.
	Other       int
	Suggestions []Suggestion
}

// SkillFigures are one named skill's figures.
type SkillFigures struct {
	Skill      string
	Teach      Figure
	Learn      Figure
	PerTeacher Figure // learners per teacher
}

// SuggestionKind says what a suggestion is about.
type SuggestionKind string

// The kinds of suggestions.
const (
	// NoTeacher: people want a skill nobody in the program teaches.
	NoTeacher SuggestionKind = "no_teacher"
	// FewTeachers: many want a skill few teach.
	FewTeachers SuggestionKind = "few_teachers"
	// Busy: each teacher of a skill faces many learners.
	Busy SuggestionKind = "busy"
	// Unwanted: a skill many teach and nobody wants to learn.
	Unwanted SuggestionKind = "unwanted"
)

// Suggestion is a plain-words hint that follows from the numbers.
type Suggestion struct {
	Kind  SuggestionKind
	Skill SkillFigures
	// TaughtIn names other programs in which at least privacy.min_group
	// people teach the skill (for NoTeacher and FewTeachers).
	TaughtIn []string
}

// Thresholds of the suggestions.
const (
	busyPerTeacher  = 3.0 // learners per teacher at which teachers are asked too much
	maxSuggestions  = 5
	maxPerKindToTip = 2
)

// Skills computes the skills views: with channel "", one over all
// programs together followed by one per program; otherwise the one of
// that program. Suggestions may name other programs where a skill is
// taught.
func (s *Service) Skills(ctx context.Context, channel tandem.ChannelID) ([]Skills, error) {
	programs, err := s.cfg.Store.Programs(ctx)
	if err != nil {
		return nil, err
	}
	if channel != "" {
		p, err := s.cfg.Store.Program(ctx, channel)
		if err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(programs, func(q tandem.Program) bool { return q.Channel == channel }) {
			programs = append(programs, p)
		}
	}
	counts := make([]programCounts, 0, len(programs))
	union := map[tandem.UserID]bool{}
	var everyone []tandem.UserID
	for _, p := range programs {
		ids, err := s.members(ctx, p.Channel)
		if err != nil {
			return nil, err
		}
		c, err := s.cfg.Store.SkillCounts(ctx, ids)
		if err != nil {
			return nil, err
		}
		counts = append(counts, programCounts{program: p, people: len(ids), skills: c})
		for _, id := range ids {
			if !union[id] {
				union[id] = true
				everyone = append(everyone, id)
			}
		}
	}
	var out []Skills
	if channel == "" && len(programs) > 1 {
		c, err := s.cfg.Store.SkillCounts(ctx, everyone)
		if err != nil {
			return nil, err
		}
		out = append(out, skills(s.cfg.Privacy, nil, len(everyone), c, nil))
	}
	for i, pc := range counts {
		if channel != "" && pc.program.Channel != channel {
			continue
		}
		others := slices.Delete(slices.Clone(counts), i, i+1)
		p := pc.program
		out = append(out, skills(s.cfg.Privacy, &p, pc.people, pc.skills, others))
	}
	return out, nil
}

// programCounts are one program's raw skill counts.
type programCounts struct {
	program tandem.Program
	people  int
	skills  []tandem.SkillCount
}

// skills applies the privacy rule to the counts of one scope and derives
// its lists and suggestions; others are the other programs' counts, for
// suggestions of where a skill is taught.
func skills(pv tandem.Privacy, p *tandem.Program, n int, counts []tandem.SkillCount, others []programCounts) Skills {
	min := pv.Min()
	v := Skills{Program: p, Privacy: pv, People: count(pv, n)}
	for _, c := range counts {
		switch {
		case c.Learn >= min, c.Learn == 0 && c.Teach >= min:
		case c.Learn > 0:
			v.Other++
			continue
		default:
			v.UnwantedOther++
			continue
		}
		f := SkillFigures{Skill: c.Skill, Teach: count(pv, c.Teach), Learn: count(pv, c.Learn)}
		if c.Learn >= min && c.Teach >= min {
			f.PerTeacher = ratio(pv, c.Teach, c.Learn, c.Teach)
		} else {
			f.PerTeacher = Figure{state: none, unit: unitRatio}
		}
		v.All = append(v.All, f)
		switch {
		case c.Learn == 0:
			v.Unwanted = append(v.Unwanted, f)
		case c.Teach < min:
			v.Unmet = append(v.Unmet, f)
		default:
			v.Busiest = append(v.Busiest, f)
		}
	}
	byLearn := func(a, b SkillFigures) int {
		return cmp.Or(cmp.Compare(b.Learn.Value(), a.Learn.Value()), cmp.Compare(a.Teach.Value(), b.Teach.Value()), cmp.Compare(a.Skill, b.Skill))
	}
	slices.SortFunc(v.All, byLearn)
	slices.SortFunc(v.Unmet, byLearn)
	slices.SortFunc(v.Busiest, func(a, b SkillFigures) int {
		return cmp.Or(cmp.Compare(b.PerTeacher.Value(), a.PerTeacher.Value()), cmp.Compare(a.Skill, b.Skill))
	})
	slices.SortFunc(v.Unwanted, func(a, b SkillFigures) int {
		return cmp.Or(cmp.Compare(b.Teach.Value(), a.Teach.Value()), cmp.Compare(a.Skill, b.Skill))
	})
	v.Suggestions = suggest(v, min, others)
	return v
}

// suggest derives at most maxSuggestions hints: the biggest unmet wishes
// first, then overloaded teachers, then skills nobody wants.
func suggest(v Skills, min int, others []programCounts) []Suggestion {
	var out []Suggestion
	for _, f := range v.Unmet {
		if len(out) >= maxPerKindToTip {
			break
		}
		kind := NoTeacher
		if f.Teach.Hidden() {
			kind = FewTeachers
		}
		out = append(out, Suggestion{Kind: kind, Skill: f, TaughtIn: taughtIn(f.Skill, min, others)})
	}
	busy := 0
	for _, f := range v.Busiest {
		if busy >= maxPerKindToTip || f.PerTeacher.Value() < busyPerTeacher {
			break
		}
		out = append(out, Suggestion{Kind: Busy, Skill: f})
		busy++
	}
	if len(v.Unwanted) > 0 {
		out = append(out, Suggestion{Kind: Unwanted, Skill: v.Unwanted[0]})
	}
	if len(out) > maxSuggestions {
		out = out[:maxSuggestions]
	}
	return out
}

// taughtIn names the other programs in which at least min people teach
// skill.
func taughtIn(skill string, min int, others []programCounts) []string {
	var out []string
	for _, o := range others {
		i, ok := slices.BinarySearchFunc(o.skills, skill, func(c tandem.SkillCount, s string) int { return cmp.Compare(c.Skill, s) })
		if ok && o.skills[i].Teach >= min && o.program.Name != "" {
			out = append(out, o.program.Name)
		}
	}
	return out
}
