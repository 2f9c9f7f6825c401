package bot

// `report`: participation and progress per program, counts only.

import (
	"context"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/command"
	"github.com/tandem-dev/tandem/render"
)

// report is `report [#channel]`: participation and progress per program,
// counts only under the privacy rule (package insight), never a name or
// the content of notes, answers or avoid lists. One message per program,
// so a long report never breaks Slack's limits. `report skills` and
// `report trends` are in insight.go.
func (b *Bot) report(ctx context.Context, req request, cmd command.Command) (render.Reply, error) {
	if cmd.Sub != "" {
		return b.insightReport(ctx, req, cmd)
	}
	programs, err := b.reportPrograms(ctx, req, cmd)
	if err != nil || len(programs) == 0 {
		return b.noPrograms(req.v), err
	}
	var replies []render.Reply
	for _, p := range programs {
		r, err := b.insight.Report(ctx, p)
		if err != nil {
			return render.Reply{}, err
		}
		loop, err := b.store.LoopStats(ctx, p.Channel)
		if err != nil {
			return render.Reply{}, err
		}
		replies = append(replies, req.v.Report(r, req.v.LoopFigures(b.cfg.Privacy, loop)))
	}
	first := replies[0]
	first.More = replies[1:]
	return first, nil
}

// reportPrograms returns the program the command names, or every program.
func (b *Bot) reportPrograms(ctx context.Context, req request, cmd command.Command) ([]tandem.Program, error) {
	if !cmd.HasChannel() {
		return b.store.Programs(ctx)
	}
	ch, err := b.resolveProgram(ctx, req, cmd.Channel)
	if err != nil {
		return nil, err
	}
	p, err := b.store.Program(ctx, ch)
	if err != nil {
		return nil, err
	}
	return []tandem.Program{p}, nil
}

func (b *Bot) noPrograms(v render.Renderer) render.Reply {
	return render.Text(v.T("insight.no_programs"))
}
