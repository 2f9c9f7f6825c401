package bot

// `topic [urgent] <text>` and `topics`.

import (
	"context"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/command"
	"github.com/tandem-dev/tandem/render"
)

// topic is `topic [urgent] <text>`: add a topic to the program's open
// marketplace and say where it stands.
func (b *Bot) topic(ctx context.Context, req request, cmd command.Command) (render.Reply, error) {
	p, err := b.marketProgram(ctx, req)
	if err != nil {
		return render.Reply{}, err
	}
	t, m, err := b.market.AddTopic(ctx, req.key, tandem.Topic{Program: p.Channel, Author: req.user, Text: cmd.Text, Urgent: cmd.Urgent})
	if err != nil {
		return render.Reply{}, err
	}
	return req.v.Text(req.v.TopicAdded(p, t, m)), nil
}

// topics is `topics`: the open marketplace's topics with a `+1` button each.
func (b *Bot) topics(ctx context.Context, req request) (render.Reply, error) {
	p, err := b.marketProgram(ctx, req)
	if err != nil {
		return render.Reply{}, err
	}
	m, err := b.store.OpenMarketplace(ctx, p.Channel)
	if err != nil {
		return render.Reply{}, err
	}
	return req.v.Topics(p, m), nil
}
