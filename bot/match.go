package bot

// `match #channel`: an admin runs a round now (the use case is round.Runner).

import (
	"context"
	"errors"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/command"
	"github.com/tandem-dev/tandem/render"
	"github.com/tandem-dev/tandem/round"
)

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
	return req.v.RoundStarted(r), nil
}
