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
	v := req.v
	if len(groups) == 0 {
		return v.Text(v.T("partners.none")), nil
	}
	blocks := []slack.Block{render.Header(v.T("partners.header"))}
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
		fmt.Fprintf(&md, "*%s:* %s", render.Channel(g.Program), v.Mentions(others))
		if g.Met() {
			md.WriteString(" " + v.T("partners.met"))
		}
		if g.DM != "" {
			fmt.Fprintf(&md, " · <#%s|%s>", g.DM, v.T("partners.group_dm"))
		}
		if line := v.GoalLine(g.Goal); line != "" {
			md.WriteString("\n" + line)
		} else {
			md.WriteString("\n" + v.T("partners.no_goal"))
		}
		for _, w := range v.GroupWhy(g) {
			fmt.Fprintf(&md, "\n• %s", w)
		}
		blocks = append(blocks, render.Section(render.Truncate(md.String(), render.MaxSectionText)))
	}
	return render.Reply{Text: v.T("partners.header"), Blocks: blocks}, nil
}
