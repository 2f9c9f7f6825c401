package bot

// `report skills [#channel]` and `report trends [#channel]`.

import (
	"context"
	"errors"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/chart"
	"github.com/tandem-dev/tandem/command"
	"github.com/tandem-dev/tandem/insight"
	"github.com/tandem-dev/tandem/render"
)

// Charts uploads a trends chart to a person's DM (outbound.Sender does).
type Charts interface {
	SendChart(ctx context.Context, user tandem.UserID, t insight.Trends) error
}

// insightReport is `report skills` (skill supply and demand, across all
// programs and per program) and `report trends` (the last rounds as a
// table here, and as a chart in the admin's DM).
func (b *Bot) insightReport(ctx context.Context, req request, cmd command.Command) (render.Reply, error) {
	programs, err := b.reportPrograms(ctx, req, cmd)
	if err != nil || len(programs) == 0 {
		return b.noPrograms(req.v), err
	}
	var replies []render.Reply
	switch cmd.Sub {
	case "skills":
		var only tandem.ChannelID
		if cmd.HasChannel() {
			only = programs[0].Channel
		}
		views, err := b.insight.Skills(ctx, only)
		if err != nil {
			return render.Reply{}, err
		}
		for _, v := range views {
			replies = append(replies, req.v.Skills(v))
		}
	case "trends":
		for _, p := range programs {
			t, err := b.insight.Trends(ctx, p)
			if err != nil {
				return render.Reply{}, err
			}
			r := req.v.Trends(t)
			if err := b.charts.SendChart(ctx, req.user, t); errors.Is(err, chart.ErrNoRounds) {
				// The table says there are no rounds yet.
			} else if err != nil {
				b.log.WarnContext(ctx, "trends chart not uploaded", keyProgram, p.Channel, keyErr, err)
				why := req.v.T("insight.chart_refused")
				var se slack.SlackErrorResponse
				if errors.As(err, &se) {
					why = req.v.T("insight.chart_said", "Err", render.Esc(se.Err))
				}
				r.Blocks = append(r.Blocks, render.Context(req.v.T("insight.chart_failed", "Why", why)))
			}
			replies = append(replies, r)
		}
	}
	first := replies[0]
	first.More = replies[1:]
	return first, nil
}
