package bot

// This file is the seam for the discussion marketplace (topics, votes, the
// call and the agenda, urgent `ask`). Its handlers are routed from
// command.go and interact.go; action IDs and callback IDs start "market_".

import (
	"context"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
)

// marketStore is what the marketplace needs from the database.
type marketStore interface{}

func (b *Bot) topic(ctx context.Context, req request, cmd Command) (Reply, error) {
	return Reply{}, errUnavailable
}

func (b *Bot) topics(ctx context.Context, req request) (Reply, error) { return Reply{}, errUnavailable }

func (b *Bot) ask(ctx context.Context, req request, cmd Command) (Reply, error) {
	return Reply{}, errUnavailable
}

func (b *Bot) marketplaceNow(ctx context.Context, req request, cmd Command) (Reply, error) {
	return Reply{}, errUnavailable
}

// PostMarketplaceCall is the marketplace job of a program's schedule.
func (b *Bot) PostMarketplaceCall(ctx context.Context, channel tandem.ChannelID) error { return nil }

// PostAgenda is the agenda job of a program's schedule.
func (b *Bot) PostAgenda(ctx context.Context, channel tandem.ChannelID) error { return nil }

// marketAction handles a click on a marketplace button.
func (b *Bot) marketAction(ctx context.Context, envelopeID string, cb slack.InteractionCallback, a *slack.BlockAction) (payload any, ok bool) {
	return nil, false
}

// marketView handles a marketplace modal's submission.
func (b *Bot) marketView(ctx context.Context, envelopeID string, cb slack.InteractionCallback) (payload any, ok bool) {
	return nil, false
}
