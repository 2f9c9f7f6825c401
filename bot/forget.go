package bot

// `forget me`: the store deletes everything tandem holds about the person,
// and the channel posts that showed what they wrote are redrawn at once.

import (
	"context"
	"sort"
	"strings"

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
		parts = append(parts, forgotten(req.v, k, f[k]))
	}
	deleted := req.v.T("forget.nothing")
	if len(parts) > 0 {
		deleted = req.v.Lang.JoinAnd(parts)
	}
	b.dir.Forget(req.user)
	return req.v.Text(req.v.T("forget.done", "Deleted", deleted)), nil
}

// forgotten words how many things of a kind `forget me` deleted: "2
// notes", in the reader's language where the catalog has the kind.
func forgotten(v render.Renderer, kind string, n int) string {
	id := "forget.kind_" + strings.ReplaceAll(kind, " ", "_")
	if v.Lang.Has(id) {
		return v.N(id, n)
	}
	return render.CountKind(n, kind)
}
