package bot

// `ask <skill>: <problem>` (the use case is market.Ask): the reply to the
// person who asked.

import (
	"context"
	"fmt"

	"github.com/tandem-dev/tandem/command"
	"github.com/tandem-dev/tandem/render"
)

func (b *Bot) ask(ctx context.Context, req request, cmd command.Command) (render.Reply, error) {
	p, err := b.marketProgram(ctx, req)
	if err != nil {
		return render.Reply{}, err
	}
	a, err := b.market.Ask(ctx, req.key, p, req.user, cmd.Skill, cmd.Text)
	if err != nil {
		return render.Reply{}, err
	}
	ch := render.Channel(p.Channel)
	place := fmt.Sprintf("It is also on the next marketplace's list as an urgent topic (#%d of %d).", a.Marketplace.Place(a.Topic.ID), len(a.Marketplace.Topics))
	if a.PostErr != nil {
		return render.Text(fmt.Sprintf(":warning: I could not post your problem in %s (Slack refused it); please post it there yourself. %s", ch, place)), nil
	}
	skill := "*" + render.Esc(cmd.Skill) + "*"
	if len(a.Helpers) == 0 {
		return render.Text(fmt.Sprintf(":information_source: Nobody in %s lists %s under what they teach yet, so I named no one. I posted your problem in %s anyway, where anyone who knows can answer. %s The marketplace is where the team can take it up together.",
			ch, skill, ch, place)), nil
	}
	who := fmt.Sprintf("%s, who teaches %s", render.Mentions(a.Helpers), skill)
	if len(a.Helpers) > 1 {
		who = fmt.Sprintf("%s, who teach %s (closest working hours to yours first)", render.Mentions(a.Helpers), skill)
	}
	return render.Text(fmt.Sprintf(":white_check_mark: Posted your problem in %s and asked %s. Watch the thread for answers. %s", ch, who, place)), nil
}
