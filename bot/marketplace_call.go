package bot

// `marketplace #channel`: an admin posts the call for topics now (the use
// case is market.Call; the schedule's call and agenda run there too).

import (
	"context"

	"github.com/tandem-dev/tandem/command"
	"github.com/tandem-dev/tandem/render"
)

// marketplaceNow is `marketplace #channel`: post the call now. An admin may
// repeat it on purpose (a reminder); a redelivered command posts nothing,
// because the call is recorded under the envelope's idempotency key before
// it is posted.
func (b *Bot) marketplaceNow(ctx context.Context, req request, cmd command.Command) (render.Reply, error) {
	ch, err := b.resolveProgram(ctx, req, cmd.Channel)
	if err != nil {
		return render.Reply{}, err
	}
	m, err := b.market.Call(ctx, req.key, ch, req.user)
	if err != nil {
		return render.Reply{}, err
	}
	return req.v.Text(req.v.N("market.call_posted", len(m.Topics), "Program", render.Channel(ch))), nil
}
