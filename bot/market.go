package bot

// The discussion marketplace's commands, buttons and modal: topics and
// `+1` votes (topics.go, marketplace_vote.go), the admin's call
// (marketplace_call.go), the add-a-topic modal (marketplace_modal.go) and
// the urgent `ask` (ask.go). The use cases are in package market, the
// messages in package render.
//
// Action IDs and callback IDs start "market_" so interact.go routes them
// here.

import (
	"context"
	"errors"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/market"
	"github.com/tandem-dev/tandem/render"
)

// marketStore is what the marketplace's commands read from the database;
// its writes go through package market.
type marketStore interface {
	OpenMarketplace(ctx context.Context, program tandem.ChannelID) (tandem.Marketplace, error)
	MarketplaceStats(ctx context.Context, program tandem.ChannelID) (tandem.MarketplaceStats, error)
}

// viewAddTopic is the callback ID of the add-a-topic modal; the buttons'
// action IDs are in package render.
const viewAddTopic = "market_topic"

// marketAction handles a click on a marketplace button.
func (b *Bot) marketAction(ctx context.Context, key tandem.Key, cb slack.InteractionCallback, a *slack.BlockAction) bool {
	switch a.ActionID {
	case render.ActionVote:
		b.vote(ctx, key, cb, a)
	case render.ActionAddTopic:
		b.openTopicModal(ctx, cb, a)
	default:
		return false
	}
	return true
}

// marketView handles a marketplace modal's submission.
func (b *Bot) marketView(ctx context.Context, key tandem.Key, cb slack.InteractionCallback) (payload any, after func(), ok bool) {
	if cb.View.CallbackID != viewAddTopic {
		return nil, nil, false
	}
	payload, after = b.submitTopicModal(ctx, key, cb)
	return payload, after, true
}

// marketProgram picks the program a marketplace command is for (see
// market.ProgramFor); with none or several it says what to do instead.
func (b *Bot) marketProgram(ctx context.Context, req request) (tandem.Program, error) {
	p, err := b.market.ProgramFor(ctx, req.user, req.channel)
	var amb *market.AmbiguousError
	switch {
	case errors.Is(err, market.ErrNoProgram):
		return p, tandem.Errorf(tandem.EINVALID, "You are not in any learning program's channel, so there is no marketplace to bring this to. Join a program channel and type the command there.")
	case errors.As(err, &amb):
		links := make([]string, len(amb.Programs))
		for i, ch := range amb.Programs {
			links[i] = render.Channel(ch)
		}
		return p, tandem.Errorf(tandem.EINVALID, "You are in %d programs: %s. Which marketplace is this for? Type the command in that program's channel.", len(links), render.JoinAnd(links))
	}
	return p, err
}
