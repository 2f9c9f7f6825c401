package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/render"
)

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
