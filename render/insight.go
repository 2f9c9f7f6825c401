package render

// HR insight: the report, the skills view, trends. Everything here is
// counts that package insight already put under the privacy rule; a hidden
// figure words itself ("fewer than 5", in the reader's language). Skill
// names are the only text people typed, and they are escaped.

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/insight"
	"github.com/tandem-dev/tandem/lang"
)

// Fig words a figure in r's language: "12", "50%", "1.5", "fewer than 5"
// or "n/a" (German: "50 %", "1,5", "weniger als 5", "k. A.").
func (r Renderer) Fig(f insight.Figure) string {
	switch {
	case f.Hidden():
		return r.T("insight.fewer", "Min", f.Min())
	case !f.Shown():
		return r.T("insight.na")
	}
	s := f.String()
	if r.Lang.Tag() == lang.German {
		s = strings.Replace(s, ".", ",", 1)
		if f.Percent() {
			s = strings.TrimSuffix(s, "%") + "\u00a0%"
		}
	}
	return s
}

// short is a figure in a table cell: a hidden one reads "<5" (escaped for
// mrkdwn), one not applicable "-".
func (r Renderer) short(f insight.Figure) string {
	switch {
	case f.Hidden():
		return fmt.Sprintf("&lt;%d", f.Min())
	case !f.Shown():
		return "-"
	}
	return strings.ReplaceAll(r.Fig(f), "\u00a0", "")
}

// privacyNote closes every insight message.
func (r Renderer) privacyNote(v interface{ Min() int }) slack.Block {
	return Context(r.T("insight.privacy", "Min", v.Min()))
}

// label is a program's name for a heading: "#learning", or "(unnamed
// program)" in r's language.
func (r Renderer) label(p tandem.Program) string {
	if p.Name == "" {
		return r.T("insight.unnamed")
	}
	return insight.Label(p)
}

// Report words a program's report in r's language.
// extra are further sections in mrkdwn, already under the privacy rule
// (the learning loop's figures), shown before the privacy note.
func (r Renderer) Report(rep insight.Report, extra ...string) Reply {
	label := r.label(rep.Program)
	blocks := []slack.Block{Header(Truncate(r.T("insight.report_heading", "Program", label), 150))}
	people := r.T("insight.people", "Taking", r.Fig(rep.TakingPart), "Paused", r.Fig(rep.Paused))
	if rep.NoSkills.Shown() && rep.NoSkills.Int() > 0 || rep.NoSkills.Hidden() {
		people += "\n" + r.T("insight.no_skills", "N", r.Fig(rep.NoSkills))
	}
	if rep.Ghosts.Hidden() || rep.Ghosts.Int() > 0 {
		people += "\n" + r.T("insight.ghosts", "N", r.Fig(rep.Ghosts))
	}
	blocks = append(blocks, Section(people))
	rs := r.T("insight.rounds_run", "N", rep.Rounds)
	if l := rep.Latest; l != nil {
		rs += "\n" + r.T("insight.latest", "Date", r.Lang.Date(l.Started.In(rep.Program.Location())), "Groups", r.Fig(l.Groups),
			"Met", r.Fig(l.Met), "Rate", r.Fig(l.MetRate), "Notes", r.Fig(l.NotesPerGroup))
		if l.LeftAlone.Hidden() || l.LeftAlone.Int() > 0 {
			rs += "\n" + r.T("insight.left_alone", "N", r.Fig(l.LeftAlone), "Why", r.LeftOutForAdmin("alone"))
		}
		if l.LeftConstraints.Hidden() || l.LeftConstraints.Int() > 0 {
			rs += "\n" + r.T("insight.left_rules", "N", r.Fig(l.LeftConstraints), "Why", r.LeftOutForAdmin("no_room"))
		}
	}
	blocks = append(blocks, Section(rs))
	blocks = append(blocks, Section(r.T("insight.activity", "Notes", r.Fig(rep.Notes), "Questions", r.Fig(rep.Questions),
		"Answers", r.Fig(rep.Answers), "Right", r.Fig(rep.Accuracy), "Topics", r.Fig(rep.Topics), "Urgent", r.Fig(rep.Urgent),
		"Discussed", r.Fig(rep.Discussed), "Open", r.Fig(rep.Open), "Votes", r.Fig(rep.Votes))))
	for _, md := range extra {
		blocks = append(blocks, Section(md))
	}
	blocks = append(blocks, r.privacyNote(rep.Privacy))
	return Reply{Text: r.T("insight.report_fallback", "Program", label), Blocks: blocks}
}

// Lists in the skills view are cut to these many lines.
const (
	maxSkillLines = 10
	maxTableSkill = 15
)

// Skills words one skills view in r's language.
func (r Renderer) Skills(v insight.Skills) Reply {
	title := r.T("insight.skills_all")
	if v.Program != nil {
		title = r.T("insight.skills_in", "Program", r.label(*v.Program))
	}
	blocks := []slack.Block{Header(Truncate(title, 150))}
	min := v.Privacy.Min()
	var b strings.Builder
	b.WriteString(r.T("insight.counted", "N", r.Fig(v.People)))
	if len(v.Unmet) > 0 {
		b.WriteString("\n\n" + r.T("insight.unmet_head"))
		for _, f := range cut(v.Unmet, maxSkillLines) {
			b.WriteString("\n• " + r.T("insight.unmet_line", "Skill", Skill(f.Skill), "Learn", r.Fig(f.Learn), "Teach", r.Fig(f.Teach)))
		}
	} else {
		b.WriteString("\n\n" + r.T("insight.unmet_none"))
	}
	if len(v.Busiest) > 0 {
		b.WriteString("\n\n" + r.T("insight.busiest_head"))
		for _, f := range cut(v.Busiest, 5) {
			b.WriteString("\n• " + r.T("insight.busiest_line", "Skill", Skill(f.Skill), "Per", r.Fig(f.PerTeacher), "Learn", r.Fig(f.Learn), "Teach", r.Fig(f.Teach)))
		}
	}
	if len(v.Unwanted) > 0 || v.UnwantedOther > 0 {
		b.WriteString("\n\n" + r.T("insight.unwanted_head"))
		for _, f := range cut(v.Unwanted, maxSkillLines) {
			b.WriteString("\n• " + r.T("insight.unwanted_line", "Skill", Skill(f.Skill), "Teach", r.Fig(f.Teach)))
		}
		if v.UnwantedOther > 0 {
			b.WriteString("\n• " + r.T("insight.unwanted_other", "Skills", r.N("insight.skills_n", v.UnwantedOther), "Min", min))
		}
	}
	blocks = append(blocks, Section(Truncate(b.String(), MaxSectionText)))
	if len(v.All) > 0 || v.Other > 0 {
		blocks = append(blocks, Section(Truncate(r.skillTable(v), MaxSectionText)))
	}
	if len(v.Suggestions) > 0 {
		var s strings.Builder
		s.WriteString("*" + r.T("insight.suggestions") + "*")
		for _, sg := range v.Suggestions {
			s.WriteString("\n• " + r.suggestion(sg))
		}
		blocks = append(blocks, Section(Truncate(s.String(), MaxSectionText)))
	}
	blocks = append(blocks, r.privacyNote(v.Privacy))
	return Reply{Text: title, Blocks: blocks}
}

// width is how many characters s takes in a fixed-width font, an escaped
// "&lt;" one.
func width(s string) int {
	return utf8.RuneCountInString(strings.ReplaceAll(s, "&lt;", "<"))
}

// pad pads s with spaces to n characters (as the table is read in a
// fixed-width font), on the left if right is set.
func pad(s string, n int, right bool) string {
	if k := n - width(s); k > 0 {
		if right {
			return strings.Repeat(" ", k) + s
		}
		return s + strings.Repeat(" ", k)
	}
	return s
}

// skillTable is every named skill's supply and demand, most wanted first,
// and the skills under "other".
func (r Renderer) skillTable(v insight.Skills) string {
	var b strings.Builder
	b.WriteString("*" + r.T("insight.table_head") + "*\n```\n")
	row := func(skill, learn, teach string) {
		b.WriteString(pad(skill, 24, false) + " " + pad(learn, 14, true) + " " + pad(teach, 14, true) + "\n")
	}
	row(r.T("insight.col_skill"), r.T("insight.col_learn"), r.T("insight.col_teach"))
	for _, f := range cut(v.All, maxTableSkill) {
		row(Esc(Truncate(f.Skill, 24)), r.Fig(f.Learn), r.Fig(f.Teach))
	}
	if n := len(v.All) - maxTableSkill; n > 0 {
		b.WriteString(r.T("insight.table_more", "Skills", r.N("insight.skills_n", n)) + "\n")
	}
	if v.Other > 0 {
		b.WriteString(pad(r.T("insight.table_other", "Skills", r.N("insight.skills_n", v.Other)), 24, false) + " " +
			pad(r.T("insight.fewer_each", "Min", v.Privacy.Min()), 14, true) + "\n")
	}
	b.WriteString("```")
	return b.String()
}

func (r Renderer) suggestion(s insight.Suggestion) string {
	skill := "*" + Skill(s.Skill.Skill) + "*"
	elsewhere := ""
	if len(s.TaughtIn) > 0 {
		names := make([]string, len(s.TaughtIn))
		for i, n := range s.TaughtIn {
			names[i] = "#" + UserText(n, 100)
		}
		elsewhere = " " + r.N("insight.taught_elsewhere", len(names), "Programs", r.Lang.JoinAnd(names))
	}
	switch s.Kind {
	case insight.NoTeacher:
		if elsewhere == "" {
			elsewhere = " " + r.T("insight.invite_team")
		}
		return r.T("insight.no_teacher", "Skill", skill, "Learn", r.Fig(s.Skill.Learn)) + elsewhere
	case insight.FewTeachers:
		if elsewhere == "" {
			elsewhere = " " + r.T("insight.training")
		}
		return r.T("insight.few_teachers", "Skill", skill, "Teach", r.Fig(s.Skill.Teach), "Learn", r.Fig(s.Skill.Learn)) + elsewhere
	case insight.Busy:
		return r.T("insight.busy", "Skill", skill, "Per", r.Fig(s.Skill.PerTeacher))
	case insight.Unwanted:
		return r.T("insight.unwanted", "Skill", skill, "Teach", r.Fig(s.Skill.Teach))
	}
	return ""
}

func cut[T any](s []T, n int) []T {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// TrendsTitle heads a program's trends and its chart: "Trends: #learning,
// last 6 rounds".
func (r Renderer) TrendsTitle(t insight.Trends) string {
	return r.N("insight.trends_heading", len(t.Rounds), "Program", r.label(t.Program))
}

// Trends words a program's trends as a compact table, one line per round,
// in r's language.
func (r Renderer) Trends(t insight.Trends) Reply {
	title := r.TrendsTitle(t)
	if len(t.Rounds) == 0 {
		return Reply{Text: title, Blocks: []slack.Block{Section(r.T("insight.trends_none", "Program", UserText(r.label(t.Program), 200)))}}
	}
	cols := strings.Fields(r.T("insight.trends_cols"))
	if len(cols) != 10 {
		cols = strings.Fields("round date people groups met notes answers right topics votes")
	}
	rows := [][]string{cols}
	loc := t.Program.Location()
	for _, rt := range t.Rounds {
		rows = append(rows, []string{fmt.Sprint(rt.Number), r.Lang.MonthDay(rt.Started.In(loc)),
			r.short(rt.Participants), r.short(rt.Groups), r.short(rt.MetRate), r.short(rt.NotesPerGroup), r.short(rt.Answers), r.short(rt.Accuracy), r.short(rt.Topics), r.short(rt.Votes)})
	}
	widths := make([]int, len(cols))
	for _, row := range rows {
		for i, c := range row {
			widths[i] = max(widths[i], width(c))
		}
	}
	var b strings.Builder
	b.WriteString("```\n")
	for _, row := range rows {
		for i, c := range row {
			row[i] = pad(c, widths[i], i >= 2)
		}
		b.WriteString(strings.TrimRight(strings.Join(row, " "), " ") + "\n")
	}
	b.WriteString("```")
	min := t.Privacy.Min()
	blocks := []slack.Block{
		Header(Truncate(title, 150)),
		Section(Truncate(b.String(), MaxSectionText)),
		Context(r.T("insight.trends_legend", "Min", min)),
		r.privacyNote(t.Privacy),
	}
	return Reply{Text: title, Blocks: blocks}
}

// ChartFile names the trends chart of a program for an upload: no channel
// ID, no person, only the program's name and the date; the title is in
// r's language.
func (r Renderer) ChartFile(t insight.Trends, now time.Time) (name, title string) {
	slug := "program"
	if t.Program.Name != "" {
		slug = strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
				return r
			}
			return '-'
		}, strings.ToLower(t.Program.Name))
	}
	return fmt.Sprintf("tandem-trends-%s-%s.png", slug, now.Format("2006-01-02")), r.TrendsTitle(t)
}
