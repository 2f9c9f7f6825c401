package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/render"
)

// Action IDs of buttons. They are the route keys of block_actions; the
// value carries the IDs ("group:42").
const (
	actionMet    = "tandem_met"
	actionSkip   = "tandem_skip"
	blockIntro   = "intro_actions"
	blockCheckin = "checkin_actions"
)

// introReply renders a group's introduction: who, why, a first step that
// fits where they work, and the We met / Skip buttons.
func (b *Bot) introReply(ctx context.Context, g tandem.Group) (render.Reply, error) {
	profiles, err := b.store.Profiles(ctx, g.Members)
	if err != nil {
		return render.Reply{}, err
	}
	who := render.Mentions(g.Members)
	title := fmt.Sprintf(":wave: %s: you are partners in <#%s> this round!", who, g.Program)
	var why strings.Builder
	for _, w := range g.Why {
		fmt.Fprintf(&why, "• %s\n", w)
	}
	if why.Len() == 0 {
		why.WriteString("• You had not been matched before: a good chance to meet someone new.\n")
	}
	blocks := []slack.Block{
		render.Section(title),
		render.Section("*Why you:*\n" + why.String()),
		render.Section("*First step:* " + firstStep(g, profiles, b.cfg.Command)),
		slack.NewActionBlock(blockIntro,
			render.Button(actionMet, "We met", groupValue(g.ID), slack.StylePrimary),
			render.Button(actionSkip, "Skip this round", groupValue(g.ID), ""),
		),
	}
	return render.Reply{Text: fmt.Sprintf("You are partners in tandem this round: %s", who), Blocks: blocks}, nil
}

// firstStep suggests how to meet: in person when everyone can meet in the
// same office, else a video call, and always how to log progress.
func firstStep(g tandem.Group, profiles map[tandem.UserID]tandem.Profile, cmd string) string {
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
		step = fmt.Sprintf("meet for a coffee in %s this week and agree on what each of you will show the other.", render.Esc(office))
	}
	return step + fmt.Sprintf(" Log what you learn together right here with `%s note ...`.", cmd)
}

func groupValue(id tandem.GroupID) string { return fmt.Sprintf("group:%d", id) }

// summaryReply tells the admin how a round went and who was left out.
func summaryReply(r tandem.Round, p tandem.OutboxProgress) render.Reply {
	var b strings.Builder
	fmt.Fprintf(&b, ":white_check_mark: *Round %d in <#%s> is out.* %d groups matched; %d of %d messages delivered.",
		r.ID, r.Program, len(r.Groups), p.Sent, p.Sent+p.Failed)
	if p.Failed > 0 {
		fmt.Fprintf(&b, " :warning: %d could not be delivered (see the logs: a deactivated user, or the bot lacks a scope).", p.Failed)
	}
	if lines := leftOutLines(r.LeftOut, "each was told why"); lines != "" {
		b.WriteString("\n" + lines)
	}
	return render.Text(b.String())
}

// leftOutLines lists the people a round left out, why, and what would
// place them, for admins; "" if nobody was left out.
func leftOutLines(l []tandem.LeftOut, note string) string {
	if len(l) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "*Left out* (%s):\n", note)
	for _, lo := range l {
		fmt.Fprintf(&b, "• %s: %s\n", render.Mention(lo.User), lo.Why)
		if lo.Loosen != "" {
			fmt.Fprintf(&b, "    _%s_\n", lo.Loosen)
		}
	}
	return b.String()
}
