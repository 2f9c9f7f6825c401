package bot

// `forget me`: the store deletes everything tandem holds about the person,
// and the channel posts that showed what they wrote are redrawn at once.

import (
	"context"
	"fmt"
	"sort"

	"github.com/tandem-dev/tandem/render"
)

// forget is `forget me`.
func (b *Bot) forget(ctx context.Context, req request) (render.Reply, error) {
	posts, err := b.store.Posts(ctx, req.user)
	if err != nil {
		return render.Reply{}, err
	}
	f, err := b.store.Forget(ctx, req.key, req.user)
	if err != nil {
		return render.Reply{}, err
	}
	// The channel messages that showed what they wrote lose it now, not at
	// some later redraw.
	b.market.Withdraw(ctx, posts)
	kinds := make([]string, 0, len(f))
	for k := range f {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	var parts []string
	for _, k := range kinds {
		parts = append(parts, render.CountKind(f[k], k))
	}
	deleted := "nothing: tandem held no data about you"
	if len(parts) > 0 {
		deleted = render.JoinAnd(parts)
	}
	b.dir.Forget(req.user)
	return render.Text(fmt.Sprintf(":wastebasket: Done. Deleted %s.\nYou are left out of future rounds. Past groups keep an anonymous member in your place, so your partners' history stays whole. To take part again, set up your profile: `%s teach ...`.", deleted, b.slash())), nil
}
