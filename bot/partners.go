package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/command"
	"github.com/tandem-dev/tandem/render"
	"github.com/tandem-dev/tandem/round"
)

// resolveProgram turns a channel mention into a program's channel. A plain
// #name is matched against the channel the command was typed in and the
// programs' names.
func (b *Bot) resolveProgram(ctx context.Context, req request, ref command.ChannelRef) (tandem.ChannelID, error) {
	if ref.ID != "" {
		return ref.ID, nil
	}
	if strings.EqualFold(ref.Name, req.channelName) && req.channel != "" {
		return req.channel, nil
	}
	programs, err := b.store.Programs(ctx)
	if err != nil {
		return "", err
	}
	for _, p := range programs {
		if strings.EqualFold(p.Name, ref.Name) {
			return p.Channel, nil
		}
	}
	return "", tandem.Errorf(tandem.ENOTFOUND, "I don't know a program called #%s. Pick the channel from Slack's list so it turns into a link, or see `%s program list`.", ref.Name, b.slash())
}

// matchNow is `match #channel`: run a round now.
func (b *Bot) matchNow(ctx context.Context, req request, cmd command.Command) (render.Reply, error) {
	ch, err := b.resolveProgram(ctx, req, cmd.Channel)
	if err != nil {
		return render.Reply{}, err
	}
	r, err := b.rounds.Now(ctx, req.key, ch, req.user)
	if errors.Is(err, round.ErrBusy) {
		return render.Reply{}, tandem.Errorf(tandem.ECONFLICT, "A round of %s is being matched right now. Its summary will follow.", render.Channel(ch))
	}
	if err != nil {
		return render.Reply{}, err
	}
	return render.RoundStarted(r), nil
}

// partners is `partners`: the caller's current partners and why.
func (b *Bot) partners(ctx context.Context, req request) (render.Reply, error) {
	groups, err := b.store.UserGroups(ctx, req.user, tandem.GroupActive)
	if err != nil {
		return render.Reply{}, err
	}
	if len(groups) == 0 {
		return render.Text(fmt.Sprintf(":seedling: You have no partners right now. You are matched at the next round of each program channel you are in; make sure your profile says what you teach and learn (`%s profile`).", b.slash())), nil
	}
	blocks := []slack.Block{render.Header("Your partners")}
	for _, g := range groups {
		if len(blocks) >= render.MaxBlocks-1 {
			break
		}
		var others []tandem.UserID
		for _, m := range g.Members {
			if m != req.user {
				others = append(others, m)
			}
		}
		var md strings.Builder
		fmt.Fprintf(&md, "*<#%s>:* %s", g.Program, render.Mentions(others))
		if g.Met() {
			md.WriteString(" :white_check_mark: met")
		}
		if g.DM != "" {
			fmt.Fprintf(&md, " · <#%s|group DM>", g.DM)
		}
		if line := render.GoalLine(g.Goal); line != "" {
			md.WriteString("\n" + line)
		} else {
			fmt.Fprintf(&md, "\n:dart: No shared goal yet: `%s goal ...` in your group DM sets one.", b.slash())
		}
		for _, w := range render.GroupWhy(g) {
			fmt.Fprintf(&md, "\n• %s", w)
		}
		blocks = append(blocks, render.Section(render.Truncate(md.String(), render.MaxSectionText)))
	}
	return render.Reply{Text: "Your partners", Blocks: blocks}, nil
}
