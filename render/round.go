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
func Why(reasons []tandem.Reason) []string {
	type pair struct{ a, b tandem.UserID }
	teaches := map[pair][]string{}
	var order []pair
	var out, tandems, notes []string
	minHours, hoursSeen := 24, false
	offices := map[string]bool{}
	for _, r := range reasons {
		who := pair{r.A, r.B}
		switch r.Kind {
		case tandem.KindTeaches:
			if _, ok := teaches[who]; !ok {
				order = append(order, who)
			}
			teaches[who] = append(teaches[who], r.Skill)
		case tandem.KindTandem:
			tandems = append(tandems, fmt.Sprintf("%s and %s teach each other: a true tandem :handshake:", Mention(r.A), Mention(r.B)))
		case tandem.KindSameOffice:
			offices[r.Location] = true
		case tandem.KindHoursOverlap, tandem.KindLittleOverlap:
			hoursSeen = true
			minHours = min(minHours, r.Hours)
		case tandem.KindRepeat:
			if r.Met {
				notes = append(notes, fmt.Sprintf(":repeat: %s and %s met %s; nobody new fitted better this time.", Mention(r.A), Mention(r.B), roundsAgo(r.RoundsAgo)))
			} else {
				notes = append(notes, fmt.Sprintf(":repeat: %s and %s were matched %s but did not meet: here is a second chance.", Mention(r.A), Mention(r.B), roundsAgo(r.RoundsAgo)))
			}
		case tandem.KindDifferentOffices:
			notes = append(notes, fmt.Sprintf(":warning: %s (%s) and %s (%s) work in different offices: a video call will do.", Mention(r.A), Place(r.Location), Mention(r.B), Place(r.OtherLocation)))
		case tandem.KindModeMismatch:
			notes = append(notes, fmt.Sprintf(":warning: %s meets on-site only and %s remote only: agree on a way that works for both.", Mention(r.A), Mention(r.B)))
		}
	}
	for _, p := range order {
		skills := slices.Compact(slices.Sorted(slices.Values(teaches[p])))
		for i, s := range skills {
			skills[i] = "*" + Skill(s) + "*"
		}
		out = append(out, fmt.Sprintf("%s can teach %s %s", Mention(p.a), Mention(p.b), JoinAnd(skills)))
	}
	if len(out) == 0 {
		out = append(out, "Nobody in this round teaches what the other wants to learn, so tandem matched you for a fresh view: tell each other what you are working on and what you would like to get better at")
	}
	out = append(out, tandems...)
	for _, o := range sortedKeys(offices) {
		out = append(out, fmt.Sprintf("You can meet in person: both in %s", Place(o)))
	}
	if hoursSeen {
		switch {
		case minHours >= 2:
			out = append(out, fmt.Sprintf("Your working days overlap by at least %d hours", minHours))
		default:
			notes = append(notes, ":clock3: Your working hours barely overlap across timezones: pick a time early or late in the day.")
		}
	}
	return append(out, notes...)
}

// GroupWhy words why a group was matched: from its reasons, or, for a group
// saved before reasons were stored, the words saved with it.
func GroupWhy(g tandem.Group) []string {
	if len(g.Reasons) > 0 || len(g.Why) == 0 {
		return Why(g.Reasons)
	}
	out := make([]string, len(g.Why))
	for i, w := range g.Why {
		out[i] = WithoutForgotten(w)
	}
	return out
}

func roundsAgo(n int) string {
	if n == 1 {
		return "last round"
	}
	return fmt.Sprintf("%d rounds ago", n)
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
		return "You were the only participant this round, so there was no one to match you with."
	case tandem.LeftOwnAvoidList:
		return fmt.Sprintf("Your avoid list rules out everyone else in this round, so you were not matched. Use `%s unavoid @someone` to allow a partner.", r.Command)
	case tandem.LeftAvoided:
		return "No one in this round could be matched with you under the program's rules. You will be considered again next round."
	}
	return "Everyone you could be matched with was already in a full group this round. You will be considered again next round."
}

// LeftOutForAdmin tells an admin why someone was left out, in what an admin
// can act on: never whether an avoid list, theirs or anyone's, was involved.
func LeftOutForAdmin(code tandem.LeftOutCode) string {
	if code == tandem.LeftAlone {
		return "the only participant: invite more people to the program's channel, or resume paused participants."
	}
	return "could not be placed under this round's constraints: more participants or a larger `group_size` would help."
}

// LeftOutLines lists the people a round left out and what would place
// them, for admins; "" if nobody was left out.
func LeftOutLines(l []tandem.LeftOut, note string) string {
	if len(l) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "*Left out* (%s):\n", note)
	for _, lo := range l {
		fmt.Fprintf(&b, "• %s: %s\n", Mention(lo.User), LeftOutForAdmin(lo.Code))
	}
	return b.String()
}

// LeftOutDM is the DM to someone a round could not place.
func (r Renderer) LeftOutDM(program tandem.ChannelID, code tandem.LeftOutCode) Reply {
	return Text(fmt.Sprintf(":pensive: You were not matched in %s this round. %s\nYou take part in the next round automatically; nothing to do.", Channel(program), r.LeftOutForPerson(code)))
}

// Quality says in words how close a round came to the best possible
// grouping of its people, from the proven bound: "the best possible
// grouping", "within 0.1% of the best possible grouping" (rounded up), or
// "" when the round has no certificate or no groups.
func Quality(r tandem.Round) string {
	g := r.Gap()
	switch {
	case g < 0 || len(r.Groups) == 0:
		return ""
	case g == 0:
		return "the best possible grouping"
	}
	return "within " + percentUp(g) + " of the best possible grouping"
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

// proven is the sentence of a round's certificate, "" without one.
func proven(r tandem.Round) string {
	if q := Quality(r); q != "" {
		return " Proven " + q + "."
	}
	return ""
}

// RoundStarted answers the admin who ran a round by hand.
func RoundStarted(r tandem.Round) Reply {
	var md strings.Builder
	fmt.Fprintf(&md, ":sparkles: *Round %d of %s:* %d groups matched (seed %d).%s Intros are on their way; I will DM you a summary when every one is delivered.\n",
		r.ID, Channel(r.Program), len(r.Groups), r.Seed, proven(r))
	for _, g := range r.Groups {
		fmt.Fprintf(&md, "• %s (score %d)\n", Mentions(g.Members), g.Score)
	}
	md.WriteString(LeftOutLines(r.LeftOut, "each gets a DM saying why"))
	return Text(md.String())
}

// Summary tells an admin how a round went and who was left out.
func Summary(r tandem.Round, p tandem.OutboxProgress) Reply {
	var b strings.Builder
	fmt.Fprintf(&b, ":white_check_mark: *Round %d in %s is out.* %d groups matched; %d of %d messages delivered.%s",
		r.ID, Channel(r.Program), len(r.Groups), p.Sent, p.Sent+p.Failed, proven(r))
	if p.Failed > 0 {
		fmt.Fprintf(&b, " :warning: %d could not be delivered (see the logs: a deactivated user, or the bot lacks a scope).", p.Failed)
	}
	if lines := LeftOutLines(r.LeftOut, "each was told why"); lines != "" {
		b.WriteString("\n" + lines)
	}
	return Text(b.String())
}

// Intro is a group's introduction: who, why, a first step that fits where
// they work, and the We met / Skip buttons.
func (r Renderer) Intro(g tandem.Group, profiles map[tandem.UserID]tandem.Profile) Reply {
	who := Mentions(g.Members)
	title := fmt.Sprintf(":wave: %s: you are partners in %s this round!", who, Channel(g.Program))
	var why strings.Builder
	for _, w := range GroupWhy(g) {
		fmt.Fprintf(&why, "• %s\n", w)
	}
	if why.Len() == 0 {
		why.WriteString("• You had not been matched before: a good chance to meet someone new.\n")
	}
	blocks := []slack.Block{
		Section(title),
		Section("*Why you:*\n" + why.String()),
		Section("*First step:* " + r.firstStep(g, profiles)),
		slack.NewActionBlock(BlockIntro,
			Button(ActionMet, "We met", GroupValue(g.ID), slack.StylePrimary),
			Button(ActionSkip, "Skip this round", GroupValue(g.ID), ""),
			Button(ActionGoalSet, "Set our goal", GroupValue(g.ID), ""),
		),
	}
	return Reply{Text: fmt.Sprintf("You are partners in tandem this round: %s", who), Blocks: blocks}
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
	step := "book a 30-minute video call this week and agree on what each of you will show the other."
	if inPerson && office != "" {
		step = fmt.Sprintf("meet for a coffee in %s this week and agree on what each of you will show the other.", Place(office))
	}
	return step + fmt.Sprintf(" Log what you learn together right here with `%s note ...`.", r.Command)
}

// Checkin asks a group whether it met, with the intro's buttons, and how
// its goal is going (or, without one, how to set it).
func (r Renderer) Checkin(g tandem.Group) Reply {
	blocks := []slack.Block{
		Section(fmt.Sprintf(":wave: Check-in for %s: how is your partnership in %s going? *Did you meet yet?*", Mentions(g.Members), Channel(g.Program))),
		Section(fmt.Sprintf(":memo: Log what you learned together, right here: `%s note we paired on ...`. Your partners read notes with `%s notes`.", r.Command, r.Command)),
		slack.NewActionBlock(BlockCheckin,
			Button(ActionMet, "We met", GroupValue(g.ID), slack.StylePrimary),
			Button(ActionSkip, "Skip this round", GroupValue(g.ID), ""),
		),
	}
	return Reply{Text: "Check-in: did you meet yet?", Blocks: append(blocks, r.goalCheck(g)...)}
}

// Ghost is the DM to someone paused for staying silent in g's program.
func (r Renderer) Ghost(g tandem.Group) Reply {
	return Reply{
		Text: "You are paused in tandem: keep you in?",
		Blocks: []slack.Block{
			Section(fmt.Sprintf(":zzz: You have been quiet in %s for %d rounds in a row: no *We met*, note or quiz answer. So I paused you, and you will not be matched until you come back. No hard feelings!",
				Channel(g.Program), tandem.GhostRounds)),
			Section(fmt.Sprintf("Want to keep learning with colleagues? Click *Keep me in*, or type `%s resume` any time.", r.Command)),
			slack.NewActionBlock(BlockGhost, Button(ActionKeep, "Keep me in", GroupValue(g.ID), slack.StylePrimary)),
		},
	}
}
