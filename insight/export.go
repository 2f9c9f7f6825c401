package insight

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/tandem-dev/tandem"
)

// Aggregates are every view of every program, for `tandem export
// -aggregates`.
type Aggregates struct {
	Reports []Report
	Skills  []Skills
	Trends  []Trends
}

// Aggregates computes every view of every program.
func (s *Service) Aggregates(ctx context.Context) (Aggregates, error) {
	var a Aggregates
	programs, err := s.cfg.Store.Programs(ctx)
	if err != nil {
		return a, err
	}
	for _, p := range programs {
		r, err := s.Report(ctx, p)
		if err != nil {
			return a, err
		}
		t, err := s.Trends(ctx, p)
		if err != nil {
			return a, err
		}
		a.Reports, a.Trends = append(a.Reports, r), append(a.Trends, t)
	}
	if a.Skills, err = s.Skills(ctx, ""); err != nil {
		return a, err
	}
	return a, nil
}

// Label names a program for HR without its channel ID: "#name", or
// "(unnamed program)" while Slack has not told its name.
func Label(p tandem.Program) string {
	if p.Name == "" {
		return "(unnamed program)"
	}
	return "#" + p.Name
}

func scope(p *tandem.Program) string {
	if p == nil {
		return "all programs"
	}
	return Label(*p)
}

// WriteCSV writes the aggregates into dir (created if needed, mode 0700),
// one CSV file per view, readable by the owner only, and returns the
// paths. A hidden figure reads "fewer than N", as everywhere else.
func (a Aggregates) WriteCSV(dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("insight: export: %w", err)
	}
	files := []struct {
		name string
		rows [][]string
	}{
		{"report.csv", a.reportRows()},
		{"skills.csv", a.skillRows()},
		{"skill_suggestions.csv", a.suggestionRows()},
		{"trends.csv", a.trendRows()},
	}
	var paths []string
	for _, f := range files {
		path := filepath.Join(dir, f.name)
		if err := writeRows(path, f.rows); err != nil {
			return nil, fmt.Errorf("insight: export %s: %w", f.name, err)
		}
		paths = append(paths, path)
	}
	return paths, nil
}

func (a Aggregates) reportRows() [][]string {
	rows := [][]string{{"program", "taking_part", "paused", "no_skills", "paused_as_ghosts", "rounds",
		"latest_round", "latest_groups", "latest_met", "latest_met_rate", "latest_notes_per_group", "latest_left_out_alone", "latest_left_out_by_rules",
		"notes", "quiz_questions", "quiz_answers", "quiz_accuracy", "topics", "urgent_topics", "discussed_topics", "open_topics", "votes"}}
	for _, r := range a.Reports {
		latest := []string{"", "", "", "", "", "", ""}
		if l := r.Latest; l != nil {
			latest = []string{l.Started.UTC().Format("2006-01-02"), l.Groups.String(), l.Met.String(), l.MetRate.String(),
				l.NotesPerGroup.String(), l.LeftAlone.String(), l.LeftConstraints.String()}
		}
		row := []string{Label(r.Program), r.TakingPart.String(), r.Paused.String(), r.NoSkills.String(), r.Ghosts.String(), strconv.Itoa(r.Rounds)}
		row = append(row, latest...)
		row = append(row, r.Notes.String(), r.Questions.String(), r.Answers.String(), r.Accuracy.String(),
			r.Topics.String(), r.Urgent.String(), r.Discussed.String(), r.Open.String(), r.Votes.String())
		rows = append(rows, row)
	}
	return rows
}

func (a Aggregates) skillRows() [][]string {
	rows := [][]string{{"scope", "skill", "teach", "want_to_learn", "learners_per_teacher"}}
	for _, v := range a.Skills {
		for _, f := range v.All {
			rows = append(rows, []string{scope(v.Program), cell(f.Skill), f.Teach.String(), f.Learn.String(), f.PerTeacher.String()})
		}
		if v.Other > 0 {
			rows = append(rows, []string{scope(v.Program), "other (" + skillCount(v.Other) + ")", "", v.FewerEach(), ""})
		}
		if v.UnwantedOther > 0 {
			rows = append(rows, []string{scope(v.Program), "other taught (" + skillCount(v.UnwantedOther) + ")", v.FewerEach(), "0", ""})
		}
	}
	return rows
}

// FewerEach is how a group of skills each about fewer than
// privacy.min_group people reads: "fewer than 5 each".
func (v Skills) FewerEach() string { return fmt.Sprintf("fewer than %d each", v.Privacy.Min()) }

func (a Aggregates) suggestionRows() [][]string {
	rows := [][]string{{"scope", "kind", "skill", "teach", "want_to_learn", "learners_per_teacher", "taught_in"}}
	for _, v := range a.Skills {
		for _, s := range v.Suggestions {
			taught := ""
			for i, p := range s.TaughtIn {
				if i > 0 {
					taught += " "
				}
				taught += "#" + p
			}
			rows = append(rows, []string{scope(v.Program), string(s.Kind), cell(s.Skill.Skill), s.Skill.Teach.String(), s.Skill.Learn.String(), s.Skill.PerTeacher.String(), taught})
		}
	}
	return rows
}

func (a Aggregates) trendRows() [][]string {
	rows := [][]string{{"program", "round", "started", "participants", "groups", "met_rate", "notes_per_group", "quiz_answers", "quiz_accuracy", "topics", "votes"}}
	for _, t := range a.Trends {
		for _, r := range t.Rounds {
			rows = append(rows, []string{Label(t.Program), strconv.Itoa(r.Number), r.Started.UTC().Format("2006-01-02"),
				r.Participants.String(), r.Groups.String(), r.MetRate.String(), r.NotesPerGroup.String(),
				r.Answers.String(), r.Accuracy.String(), r.Topics.String(), r.Votes.String()})
		}
	}
	return rows
}

func writeRows(path string, rows [][]string) (err error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	if err := f.Chmod(0o600); err != nil {
		return err
	}
	w := csv.NewWriter(f)
	if err := w.WriteAll(rows); err != nil {
		return err
	}
	return w.Error()
}

// cell keeps text a person typed (a skill's name) from being read as a
// formula by a spreadsheet: a leading =, +, - or @ gets a quote before it.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}

func skillCount(n int) string {
	if n == 1 {
		return "1 skill"
	}
	return fmt.Sprintf("%d skills", n)
}
