package bot

// `ask <skill>: <problem>` (the use case is market.Ask): the reply to the
// person who asked.

import (
	"context"

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
	v := req.v
	ch := render.Channel(p.Channel)
	place := v.T("ask.place", "Place", a.Marketplace.Place(a.Topic.ID), "Count", len(a.Marketplace.Topics))
	if a.PostErr != nil {
		return v.Text(v.T("ask.post_failed", "Program", ch, "Place", place)), nil
	}
	skill := "*" + render.Esc(cmd.Skill) + "*"
	if len(a.Helpers) == 0 {
		return v.Text(v.T("ask.nobody", "Program", ch, "Skill", skill, "Place", place)), nil
	}
	return v.Text(v.N("ask.asked", len(a.Helpers), "Program", ch, "Helpers", v.Mentions(a.Helpers), "Skill", skill, "Place", place)), nil
}
