package render

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
)

// Why words a group's scored reasons as the lines of its intro: what each
// teaches whom, tandems, shared offices, shared hours, and, last, honest
// heads-ups (a repeat, an awkward timezone).
func (r Renderer) Why(reasons []tandem.Reason) []string {
	type pair struct{ a, b tandem.UserID }
	teaches := map[pair][]string{}
	var order []pair
	var out, tandems, notes []string
	minHours, hoursSeen := 24, false
	offices := map[string]bool{}
	for _, rs := range reasons {
		who := pair{rs.A, rs.B}
		a, b := r.Mention(rs.A), r.Mention(rs.B)
		switch rs.Kind {
		case tandem.KindTeaches:
			if _, ok := teaches[who]; !ok {
				order = append(order, who)
			}
			teaches[who] = append(teaches[who], rs.Skill)
		case tandem.KindTandem:
			tandems = append(tandems, r.T("why.tandem", "A", a, "B", b))
		case tandem.KindSameOffice:
			offices[rs.Location] = true
		case tandem.KindHoursOverlap, tandem.KindLittleOverlap:
			hoursSeen = true
			minHours = min(minHours, rs.Hours)
		case tandem.KindRepeat:
			id := "why.repeat_missed"
			if rs.Met {
				id = "why.repeat_met"
			}
			notes = append(notes, r.T(id, "A", a, "B", b, "When", r.roundsAgo(rs.RoundsAgo)))
		case tandem.KindDifferentOffices:
			notes = append(notes, r.T("why.different_offices", "A", a, "AOffice", Place(rs.Location), "B", b, "BOffice", Place(rs.OtherLocation)))
		case tandem.KindModeMismatch:
			notes = append(notes, r.T("why.mode_mismatch", "A", a, "B", b))
		}
	}
	for _, p := range order {
		skills := slices.Compact(slices.Sorted(slices.Values(teaches[p])))
		for i, s := range skills {
			skills[i] = "*" + Skill(s) + "*"
		}
		out = append(out, r.T("why.teaches", "A", r.Mention(p.a), "B", r.Mention(p.b), "Skills", r.Lang.JoinAnd(skills)))
	}
	if len(out) == 0 {
		out = append(out, r.T("why.fresh_view"))
	}
	out = append(out, tandems...)
	for _, o := range sortedKeys(offices) {
		out = append(out, r.T("why.same_office", "Office", Place(o)))
	}
	if hoursSeen {
		switch {
		case minHours >= 2:
			out = append(out, r.N("why.hours_overlap", minHours))
		default:
			notes = append(notes, r.T("why.little_overlap"))
		}
	}
	return append(out, notes...)
}

// GroupWhy words why a group was matched: from its reasons, or, for a group
// saved before reasons were stored, the words saved with it (in English:
// they were saved so).
func (r Renderer) GroupWhy(g tandem.Group) []string {
	if len(g.Reasons) > 0 || len(g.Why) == 0 {
		return r.Why(g.Reasons)
	}
	out := make([]string, len(g.Why))
	for i, w := range g.Why {
		out[i] = r.WithoutForgotten(w)
	}
	return out
}

func (r Renderer) roundsAgo(n int) string {
	return r.N("why.rounds_ago", n)
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// LeftOutForPerson tells someone why a round could not place them. It never
// says whose avoid list is involved.
func (r Renderer) LeftOutForPerson(code tandem.LeftOutCode) string {
	switch code {
	case tandem.LeftAlone:
		return r.T("leftout.person_alone")
	case tandem.LeftOwnAvoidList:
		return r.T("leftout.person_own_avoid")
	case tandem.LeftAvoided:
		return r.T("leftout.person_avoided")
	}
	return r.T("leftout.person_no_room")
}

// LeftOutForAdmin tells an admin why someone was left out, in what an admin
// can act on: never whether an avoid list, theirs or anyone's, was involved.
func (r Renderer) LeftOutForAdmin(code tandem.LeftOutCode) string {
	if code == tandem.LeftAlone {
		return r.T("leftout.admin_alone")
	}
	return r.T("leftout.admin_no_room")
}

// LeftOutLines lists the people a round left out and what would place
// them, for admins; "" if nobody was left out. note says what they are
// told (a leftout.note_* message).
func (r Renderer) LeftOutLines(l []tandem.LeftOut, note string) string {
	if len(l) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(r.T("leftout.head", "Note", note) + "\n")
	for _, lo := range l {
		fmt.Fprintf(&b, "• %s: %s\n", r.Mention(lo.User), r.LeftOutForAdmin(lo.Code))
	}
	return b.String()
}

// LeftOutDM is the DM to someone a round could not place.
func (r Renderer) LeftOutDM(program tandem.ChannelID, code tandem.LeftOutCode) Reply {
	return r.Text(r.T("leftout.dm", "Program", Channel(program), "Why", r.LeftOutForPerson(code)))
}

// percentUp formats the fraction f > 0 as a percentage rounded up to two
// significant digits, never shown as 0% (at least 0.01%): 0.00037 is
// "0.037%", 0.0123 "1.3%".
func percentUp(f float64) string {
	p := f * 100
	if p <= 0.01 {
		return "0.01%"
	}
	scale := 1.0
	for p*scale < 10 {
		scale *= 10
	}
	for p*scale >= 100 {
		scale /= 10
	}
	v := math.Ceil(p*scale-1e-9) / scale
	return strconv.FormatFloat(v, 'f', -1, 64) + "%"
}

// proven is the sentence of a round's certificate, with a space before
// it: how close the round came to the best possible grouping of its people,
// from the proven bound ("Proven the best possible grouping.", "Proven
// within 0.1% of ...", the gap rounded up); "" when the round has no
// certificate or no groups.
func (r Renderer) proven(rd tandem.Round) string {
	g := rd.Gap()
	switch {
	case g < 0 || len(rd.Groups) == 0:
		return ""
	case g == 0:
		return " " + r.T("round.proven_best")
	}
	return " " + r.T("round.proven_within", "Gap", percentUp(g))
}

// RoundStarted answers the admin who ran a round by hand.
func (r Renderer) RoundStarted(rd tandem.Round) Reply {
	var md strings.Builder
	md.WriteString(r.N("round.started", len(rd.Groups), "ID", rd.ID, "Program", Channel(rd.Program), "Seed", rd.Seed, "Proven", r.proven(rd)) + "\n")
	for _, g := range rd.Groups {
		md.WriteString(r.T("round.group_line", "Members", r.Mentions(g.Members), "Score", g.Score) + "\n")
	}
	md.WriteString(r.LeftOutLines(rd.LeftOut, r.T("leftout.note_will_tell")))
	return r.Text(md.String())
}

// Summary tells an admin how a round went and who was left out.
func (r Renderer) Summary(rd tandem.Round, p tandem.OutboxProgress) Reply {
	var b strings.Builder
	b.WriteString(r.N("round.summary", len(rd.Groups), "ID", rd.ID, "Program", Channel(rd.Program), "Sent", p.Sent, "Total", p.Sent+p.Failed, "Proven", r.proven(rd)))
	if p.Failed > 0 {
		b.WriteString(" " + r.N("round.summary_failed", p.Failed))
	}
	if lines := r.LeftOutLines(rd.LeftOut, r.T("leftout.note_told")); lines != "" {
		b.WriteString("\n" + lines)
	}
	return r.Text(b.String())
}

// Hint is the line a group DM gets when its members read different
// languages: it says each can use the slash command in their own.
func (r Renderer) Hint() slack.Block {
	return Context(r.T("intro.mixed_languages"))
}

// introWhyChars bounds the reasons an intro lists, so that the whole
// message stays well under MaxMessageChars whatever skills people named.
const introWhyChars = 6000

// Intro is a group's introduction: who, why, a first step that fits where
// they work, and the We met / Skip buttons.
func (r Renderer) Intro(g tandem.Group, profiles map[tandem.UserID]tandem.Profile) Reply {
	who := r.Mentions(g.Members)
	title := r.T("intro.head", "Who", who, "Program", Channel(g.Program))
	var why strings.Builder
	lines := r.GroupWhy(g)
	for i, w := range lines {
		if why.Len()+len(w) > introWhyChars {
			why.WriteString("• " + r.N("intro.more_reasons", len(lines)-i) + "\n")
			break
		}
		fmt.Fprintf(&why, "• %s\n", w)
	}
	if why.Len() == 0 {
		why.WriteString("• " + r.T("intro.new_people") + "\n")
	}
	blocks := []slack.Block{Section(title)}
	blocks = append(blocks, r.Sections(r.T("intro.why")+"\n"+why.String())...)
	blocks = append(blocks,
		Section(r.T("intro.first_step", "Step", r.firstStep(g, profiles))),
		slack.NewActionBlock(BlockIntro,
			Button(ActionMet, r.T("button.met"), GroupValue(g.ID), slack.StylePrimary),
			Button(ActionSkip, r.T("button.skip"), GroupValue(g.ID), ""),
			Button(ActionGoalSet, r.T("button.set_goal"), GroupValue(g.ID), ""),
		))
	return Reply{Text: r.T("intro.fallback", "Who", who), Blocks: blocks}
}

// firstStep suggests how to meet: in person when everyone can meet in the
// same office, else a video call, and always how to log progress.
func (r Renderer) firstStep(g tandem.Group, profiles map[tandem.UserID]tandem.Profile) string {
	office := ""
	inPerson := true
	for _, m := range g.Members {
		p := profiles[m]
		if p.Mode == tandem.ModeRemote || p.Location == "" {
			inPerson = false
			break
		}
		if office == "" {
			office = p.Location
		} else if !strings.EqualFold(office, p.Location) {
			inPerson = false
			break
		}
	}
	if inPerson && office != "" {
		return r.T("intro.step_in_person", "Office", Place(office))
	}
	return r.T("intro.step_video")
}

// Checkin asks a group whether it met, with the intro's buttons, and how
// its goal is going (or, without one, how to set it).
func (r Renderer) Checkin(g tandem.Group) Reply {
	blocks := []slack.Block{
		Section(r.T("checkin.ask", "Who", r.Mentions(g.Members), "Program", Channel(g.Program))),
		Section(r.T("checkin.log")),
		slack.NewActionBlock(BlockCheckin,
			Button(ActionMet, r.T("button.met"), GroupValue(g.ID), slack.StylePrimary),
			Button(ActionSkip, r.T("button.skip"), GroupValue(g.ID), ""),
		),
	}
	return Reply{Text: r.T("checkin.fallback"), Blocks: append(blocks, r.goalCheck(g)...)}
}

// Ghost is the DM to someone paused for staying silent in g's program.
func (r Renderer) Ghost(g tandem.Group) Reply {
	return Reply{
		Text: r.T("ghost.fallback"),
		Blocks: []slack.Block{
			Section(r.T("ghost.paused", "Program", Channel(g.Program), "Rounds", tandem.GhostRounds)),
			Section(r.T("ghost.come_back")),
			slack.NewActionBlock(BlockGhost, Button(ActionKeep, r.T("button.keep"), GroupValue(g.ID), slack.StylePrimary)),
		},
	}
}
