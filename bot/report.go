package bot

// `report`: participation and progress per program, counts only.

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/command"
	"github.com/tandem-dev/tandem/render"
)

// report is `report [#channel]`: participation and progress per program,
// counts only, never the content of notes, answers or avoid lists. One
// message per program, so a long report never breaks Slack's limits.
func (b *Bot) report(ctx context.Context, req request, cmd command.Command) (render.Reply, error) {
	var programs []tandem.Program
	if cmd.HasChannel() {
		ch, err := b.resolveProgram(ctx, req, cmd.Channel)
		if err != nil {
			return render.Reply{}, err
		}
		p, err := b.store.Program(ctx, ch)
		if err != nil {
			return render.Reply{}, err
		}
		programs = []tandem.Program{p}
	} else {
		var err error
		if programs, err = b.store.Programs(ctx); err != nil {
			return render.Reply{}, err
		}
	}
	if len(programs) == 0 {
		return render.Text(fmt.Sprintf("There are no programs to report on. Start one with `%s program add #channel`.", b.slash())), nil
	}
	var replies []render.Reply
	for _, p := range programs {
		r, err := b.programReport(ctx, p)
		if err != nil {
			return render.Reply{}, err
		}
		replies = append(replies, r)
	}
	first := replies[0]
	first.More = replies[1:]
	return first, nil
}

func (b *Bot) programReport(ctx context.Context, p tandem.Program) (render.Reply, error) {
	members, err := b.dir.Members(ctx, p.Channel)
	if err != nil {
		return render.Reply{}, err
	}
	ids := make([]tandem.UserID, len(members))
	for i, m := range members {
		ids[i] = m.ID
	}
	profiles, err := b.store.Profiles(ctx, ids)
	if err != nil {
		return render.Reply{}, err
	}
	optedOut, err := b.store.OptedOut(ctx, ids)
	if err != nil {
		return render.Reply{}, err
	}
	now := b.now()
	var paused []tandem.UserID
	participants, noSkills := 0, 0
	for _, id := range ids {
		prof := profiles[id]
		switch {
		case optedOut[id]:
		case prof.Paused(now):
			paused = append(paused, id)
		default:
			participants++
			if len(prof.Teach) == 0 && len(prof.Learn) == 0 {
				noSkills++
			}
		}
	}
	rounds, err := b.store.RoundCount(ctx, p.Channel)
	if err != nil {
		return render.Reply{}, err
	}
	ft, err := b.store.FollowThroughStats(ctx, p.Channel)
	if err != nil {
		return render.Reply{}, err
	}
	mk, err := b.store.MarketplaceStats(ctx, p.Channel)
	if err != nil {
		return render.Reply{}, err
	}

	blocks := []slack.Block{render.Header(fmt.Sprintf("Report: #%s", render.Truncate(programName(p), 100)))}
	var people strings.Builder
	fmt.Fprintf(&people, "*People:* %d taking part, %d paused", participants, len(paused))
	if len(paused) > 0 {
		fmt.Fprintf(&people, " (%s)", render.Mentions(capList(paused, 20)))
	}
	if noSkills > 0 {
		verb := "have"
		if noSkills == 1 {
			verb = "has"
		}
		fmt.Fprintf(&people, "\n:bulb: %d %s no skills in their profile yet: matched, but with no skills to give as reasons.", noSkills, verb)
	}
	if len(ft.Ghosts) > 0 {
		fmt.Fprintf(&people, "\n*Paused for not answering 3 rounds in a row:* %s", render.Mentions(capList(ft.Ghosts, 20)))
	}
	blocks = append(blocks, render.Section(people.String()))

	var rs strings.Builder
	fmt.Fprintf(&rs, "*Rounds run:* %d", rounds)
	if rounds > 0 {
		latest, err := b.store.LatestRound(ctx, p.Channel)
		if err != nil {
			return render.Reply{}, err
		}
		fmt.Fprintf(&rs, "\n*Latest round* (%s): %s, %d said they met (%s)",
			render.DateIn(latest.StartedAt, p.Location()), render.CountNoun(ft.Groups, "group", "groups"), ft.Met, render.Percent(ft.Met, ft.Groups))
		if len(latest.LeftOut) > 0 {
			rs.WriteString("\n*Left out last round:*")
			for _, lo := range capLeftOut(latest.LeftOut, 15) {
				fmt.Fprintf(&rs, "\n• %s: %s", render.Mention(lo.User), render.LeftOutForAdmin(lo.Code))
			}
		}
		if len(ft.NotesPerGroup) > 0 {
			rs.WriteString("\n*Notes per group* (counts only):")
			for _, g := range latestGroupsByID(ft.NotesPerGroup, 20) {
				fmt.Fprintf(&rs, " #%d: %d ·", g, ft.NotesPerGroup[g])
			}
			s := strings.TrimSuffix(rs.String(), " ·")
			rs.Reset()
			rs.WriteString(s)
		}
	}
	blocks = append(blocks, render.Section(render.Truncate(rs.String(), render.MaxSectionText)))
	blocks = append(blocks, render.Section(fmt.Sprintf("*Notes written:* %d\n*Quiz:* %s, %s, %s right\n*Marketplace:* %s raised (%d urgent), %d discussed, %d waiting; %s",
		ft.Notes, render.CountNoun(ft.Questions, "question", "questions"), render.CountNoun(ft.Answers, "answer", "answers"), render.Percent(ft.Correct, ft.Answers),
		render.CountNoun(mk.Raised, "topic", "topics"), mk.Urgent, mk.Discussed, mk.Open, render.CountNoun(mk.Votes, "vote", "votes"))))
	loop, err := b.store.LoopStats(ctx, p.Channel)
	if err != nil {
		return render.Reply{}, err
	}
	blocks = append(blocks, render.Section(render.LoopFigures(b.cfg.Privacy, loop)))
	blocks = append(blocks, render.Context(":lock: Reports count; they never show what people wrote."))
	return render.Reply{Text: "Report for #" + programName(p), Blocks: blocks}, nil
}

func programName(p tandem.Program) string {
	if p.Name != "" {
		return p.Name
	}
	return string(p.Channel)
}

func capList(ids []tandem.UserID, n int) []tandem.UserID {
	if len(ids) > n {
		return ids[:n]
	}
	return ids
}

func capLeftOut(l []tandem.LeftOut, n int) []tandem.LeftOut {
	if len(l) > n {
		return l[:n]
	}
	return l
}

func latestGroupsByID(m map[tandem.GroupID]int, n int) []tandem.GroupID {
	ids := make([]tandem.GroupID, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	if len(ids) > n {
		ids = ids[:n]
	}
	return ids
}
