package render

// HR insight: the report, the skills view, trends. Everything here is
// counts that package insight already put under the privacy rule; a hidden
// figure words itself ("fewer than 5"). Skill names are the only text
// people typed, and they are escaped.

import (
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem/insight"
)

// privacyNote closes every insight message.
func privacyNote(v interface{ Min() int }) slack.Block {
	return Context(fmt.Sprintf(":lock: Counts only: a figure about fewer than %d people reads \"fewer than %d\"; never a name or what anyone wrote.", v.Min(), v.Min()))
}

// Report words a program's report.
// extra are further sections in mrkdwn, already under the privacy rule
// (the learning loop's figures), shown before the privacy note.
func Report(r insight.Report, extra ...string) Reply {
	label := insight.Label(r.Program)
	blocks := []slack.Block{Header("Report: " + Truncate(label, 100))}
	people := fmt.Sprintf("*People:* %s taking part, %s paused", r.TakingPart, r.Paused)
	if r.NoSkills.Shown() && r.NoSkills.Int() > 0 || r.NoSkills.Hidden() {
		people += fmt.Sprintf("\n:bulb: %s have no skills in their profile yet: matched, but with no skills to give as reasons.", r.NoSkills)
	}
	if r.Ghosts.Hidden() || r.Ghosts.Int() > 0 {
		people += fmt.Sprintf("\n*Paused for not answering 3 rounds in a row:* %s", r.Ghosts)
	}
	blocks = append(blocks, Section(people))
	rs := fmt.Sprintf("*Rounds run:* %d", r.Rounds)
	if l := r.Latest; l != nil {
		rs += fmt.Sprintf("\n*Latest round* (%s): %s groups, %s said they met (%s), %s notes per group",
			DateIn(l.Started, r.Program.Location()), l.Groups, l.Met, l.MetRate, l.NotesPerGroup)
		if l.LeftAlone.Hidden() || l.LeftAlone.Int() > 0 {
			rs += fmt.Sprintf("\n*Left out last round:* %s as the only participant: %s", l.LeftAlone, Renderer{}.LeftOutForAdmin("alone"))
		}
		if l.LeftConstraints.Hidden() || l.LeftConstraints.Int() > 0 {
			rs += fmt.Sprintf("\n*Left out last round:* %s by the round's rules: %s", l.LeftConstraints, Renderer{}.LeftOutForAdmin("no_room"))
		}
	}
	blocks = append(blocks, Section(rs))
	blocks = append(blocks, Section(fmt.Sprintf("*Notes written:* %s\n*Quiz:* %s questions, %s answers, right: %s\n*Marketplace:* %s topics raised (%s urgent), %s discussed, %s waiting; %s votes",
		r.Notes, r.Questions, r.Answers, r.Accuracy, r.Topics, r.Urgent, r.Discussed, r.Open, r.Votes)))
	for _, md := range extra {
		blocks = append(blocks, Section(md))
	}
	blocks = append(blocks, privacyNote(r.Privacy))
	return Reply{Text: "Report for " + label, Blocks: blocks}
}

// Lists in the skills view are cut to these many lines.
const (
	maxSkillLines = 10
	maxTableSkill = 15
)

// Skills words one skills view.
func (r Renderer) Skills(v insight.Skills) Reply {
	title := "Skills across all programs"
	if v.Program != nil {
		title = "Skills in " + insight.Label(*v.Program)
	}
	blocks := []slack.Block{Header(Truncate(title, 150))}
	min := v.Privacy.Min()
	var b strings.Builder
	fmt.Fprintf(&b, "*%s people* counted (paused people are not).", v.People)
	if len(v.Unmet) > 0 {
		b.WriteString("\n\n*Top unmet wishes* (wanted, with no or too few teachers):")
		for _, f := range cut(v.Unmet, maxSkillLines) {
			fmt.Fprintf(&b, "\n• *%s*: %s want to learn, %s teach", Skill(f.Skill), f.Learn, f.Teach)
		}
	} else {
		b.WriteString("\n\n*Top unmet wishes:* none: every skill many want has teachers.")
	}
	if len(v.Busiest) > 0 {
		b.WriteString("\n\n*Most asked teachers* (learners per teacher):")
		for _, f := range cut(v.Busiest, 5) {
			fmt.Fprintf(&b, "\n• *%s*: %s per teacher (%s want to learn, %s teach)", Skill(f.Skill), f.PerTeacher, f.Learn, f.Teach)
		}
	}
	if len(v.Unwanted) > 0 || v.UnwantedOther > 0 {
		b.WriteString("\n\n*Taught, and nobody wants to learn:*")
		for _, f := range cut(v.Unwanted, maxSkillLines) {
			fmt.Fprintf(&b, "\n• *%s*: %s teach", Skill(f.Skill), f.Teach)
		}
		if v.UnwantedOther > 0 {
			fmt.Fprintf(&b, "\n• other: %s, each taught by fewer than %d people", CountNoun(v.UnwantedOther, "skill", "skills"), min)
		}
	}
	blocks = append(blocks, Section(Truncate(b.String(), MaxSectionText)))
	if len(v.All) > 0 || v.Other > 0 {
		blocks = append(blocks, Section(Truncate(skillTable(v), MaxSectionText)))
	}
	if len(v.Suggestions) > 0 {
		var s strings.Builder
		s.WriteString("*Suggestions*")
		for _, sg := range v.Suggestions {
			s.WriteString("\n• " + r.suggestion(sg, min))
		}
		blocks = append(blocks, Section(Truncate(s.String(), MaxSectionText)))
	}
	blocks = append(blocks, privacyNote(v.Privacy))
	return Reply{Text: title, Blocks: blocks}
}

// skillTable is every named skill's supply and demand, most wanted first,
// and the skills under "other".
func skillTable(v insight.Skills) string {
	var b strings.Builder
	b.WriteString("*Supply and demand*\n```\n")
	fmt.Fprintf(&b, "%-24s %14s %14s\n", "skill", "want to learn", "teach")
	for _, f := range cut(v.All, maxTableSkill) {
		fmt.Fprintf(&b, "%-24s %14s %14s\n", Esc(Truncate(f.Skill, 24)), f.Learn, f.Teach)
	}
	if n := len(v.All) - maxTableSkill; n > 0 {
		fmt.Fprintf(&b, "… %s more (tandem export -aggregates has them all)\n", CountNoun(n, "skill", "skills"))
	}
	if v.Other > 0 {
		fmt.Fprintf(&b, "%-24s %14s\n", fmt.Sprintf("other (%s)", CountNoun(v.Other, "skill", "skills")), v.FewerEach())
	}
	b.WriteString("```")
	return b.String()
}

func (r Renderer) suggestion(s insight.Suggestion, min int) string {
	skill := "*" + Skill(s.Skill.Skill) + "*"
	elsewhere := ""
	if len(s.TaughtIn) > 0 {
		names := make([]string, len(s.TaughtIn))
		for i, n := range s.TaughtIn {
			names[i] = "#" + UserText(n, 100)
		}
		elsewhere = fmt.Sprintf(" %s %s it: consider inviting its teachers from there to the program, or a training.", JoinAnd(names), Plural(len(names), "teaches", "teach"))
	}
	switch s.Kind {
	case insight.NoTeacher:
		if elsewhere == "" {
			elsewhere = " Consider inviting a team that knows it to the program, or a training."
		}
		return fmt.Sprintf("No one here teaches %s, and %s want to learn it.%s", skill, s.Skill.Learn, elsewhere)
	case insight.FewTeachers:
		if elsewhere == "" {
			elsewhere = " A training or an outside mentor would help more of them."
		}
		return fmt.Sprintf("%s has %s teachers for %s learners.%s", skill, s.Skill.Teach, s.Skill.Learn, elsewhere)
	case insight.Busy:
		return fmt.Sprintf("Each teacher of %s faces %s learners: groups of 3 (`%s program set #channel group_size=3`) let one teacher help two at once.", skill, s.Skill.PerTeacher, r.Command)
	case insight.Unwanted:
		return fmt.Sprintf("%s teach %s and nobody wants to learn it: its teachers could offer a session at the marketplace to spark interest.", s.Skill.Teach, skill)
	}
	return ""
}

func cut[T any](s []T, n int) []T {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// Trends words a program's trends as a compact table, one line per round.
func Trends(t insight.Trends) Reply {
	label := insight.Label(t.Program)
	title := fmt.Sprintf("Trends: %s, last %s", label, CountNoun(len(t.Rounds), "round", "rounds"))
	if len(t.Rounds) == 0 {
		return Reply{Text: title, Blocks: []slack.Block{Section(fmt.Sprintf("*Trends of %s:* no rounds yet.", UserText(label, 200)))}}
	}
	var b strings.Builder
	b.WriteString("```\n")
	fmt.Fprintf(&b, "%-5s %-6s %7s %6s %5s %6s %7s %5s %6s %5s\n", "round", "date", "people", "groups", "met", "notes", "answers", "right", "topics", "votes")
	loc := t.Program.Location()
	for _, r := range t.Rounds {
		fmt.Fprintf(&b, "%-5d %-6s %7s %6s %5s %6s %7s %5s %6s %5s\n", r.Number, r.Started.In(loc).Format("Jan 2"),
			short(r.Participants), short(r.Groups), short(r.MetRate), short(r.NotesPerGroup), short(r.Answers), short(r.Accuracy), short(r.Topics), short(r.Votes))
	}
	b.WriteString("```")
	min := t.Privacy.Min()
	blocks := []slack.Block{
		Header(Truncate(title, 150)),
		Section(Truncate(b.String(), MaxSectionText)),
		Context(fmt.Sprintf("notes: per group · right: share of quiz answers · <%d: a figure about fewer than %d people, not shown · the chart is in your DM", min, min)),
		privacyNote(t.Privacy),
	}
	return Reply{Text: title, Blocks: blocks}
}

// short is a figure in a table cell: a hidden one reads "<5".
func short(f insight.Figure) string {
	s := f.String()
	if n, ok := strings.CutPrefix(s, "fewer than "); ok {
		return "<" + n
	}
	return s
}

// ChartFile names the trends chart of a program for an upload: no channel
// ID, no person, only the program's name and the date.
func ChartFile(t insight.Trends, now time.Time) (name, title string) {
	slug := "program"
	if t.Program.Name != "" {
		slug = strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
				return r
			}
			return '-'
		}, strings.ToLower(t.Program.Name))
	}
	return fmt.Sprintf("tandem-trends-%s-%s.png", slug, now.Format("2006-01-02")),
		fmt.Sprintf("Trends: %s, last %s", insight.Label(t.Program), CountNoun(len(t.Rounds), "round", "rounds"))
}
