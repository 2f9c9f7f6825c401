package bot

// The discussion marketplace: topics and `+1` votes (topics.go,
// marketplace_vote.go), the call for topics and the agenda
// (marketplace_call.go), the add-a-topic modal (marketplace_modal.go), the
// urgent `ask` (ask.go) and how all of it looks (marketplace_render.go).
//
// A program runs a sequence of marketplaces. Topics go to its open one; the
// agenda lists them, urgent first and then by votes, and closes it, so later
// topics go to the next. Each person has tandem.VoteBudget votes per
// marketplace, one per topic, their own topic included: a vote is a dot on
// a Lean Coffee board, and bringing a topic is no reason to lose a dot.
//
// Action IDs and callback IDs start "market_" so interact.go routes them
// here.

import (
	"context"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/render"
)

// marketStore is what the marketplace needs from the database.
type marketStore interface {
	AddTopic(ctx context.Context, key tandem.Key, t tandem.Topic) (tandem.Topic, tandem.Marketplace, error)
	Topic(ctx context.Context, id tandem.TopicID) (tandem.Topic, error)
	Vote(ctx context.Context, key tandem.Key, user tandem.UserID, topic tandem.TopicID, program tandem.ChannelID) (tandem.VoteResult, error)
	OpenMarketplace(ctx context.Context, program tandem.ChannelID) (tandem.Marketplace, error)
	MarketplaceByID(ctx context.Context, id tandem.MarketplaceID) (tandem.Marketplace, error)
	StartCall(ctx context.Context, key tandem.Key, program tandem.ChannelID, by tandem.UserID) (int64, tandem.Marketplace, error)
	CallPosted(ctx context.Context, call int64, ts string) error
	CloseMarketplace(ctx context.Context, key tandem.Key, program tandem.ChannelID) (tandem.Marketplace, error)
	AgendaPosted(ctx context.Context, id tandem.MarketplaceID, msg tandem.MessageRef) error
	MarketplaceStats(ctx context.Context, program tandem.ChannelID) (tandem.MarketplaceStats, error)
}

// Route keys of the marketplace's buttons and modal. A vote button's value
// is "topic:ID"; the add button's value is "program:CHANNEL".
const (
	actionVote     = "market_vote"
	actionAddTopic = "market_add"
	viewAddTopic   = "market_topic"
)

// marketAction handles a click on a marketplace button.
func (b *Bot) marketAction(ctx context.Context, key tandem.Key, cb slack.InteractionCallback, a *slack.BlockAction) (payload any, ok bool) {
	switch a.ActionID {
	case actionVote:
		b.vote(ctx, key, cb, a)
	case actionAddTopic:
		b.openTopicModal(ctx, cb, a)
	default:
		return nil, false
	}
	return nil, true
}

// marketView handles a marketplace modal's submission.
func (b *Bot) marketView(ctx context.Context, key tandem.Key, cb slack.InteractionCallback) (payload any, ok bool) {
	if cb.View.CallbackID != viewAddTopic {
		return nil, false
	}
	return b.submitTopicModal(ctx, key, cb), true
}

// marketProgram picks the program a marketplace command is for: the program
// whose channel it is typed in, else the caller's only program (a program
// whose channel they are a member of). With none or several it says what to
// do instead.
func (b *Bot) marketProgram(ctx context.Context, req request) (tandem.Program, error) {
	programs, err := b.store.Programs(ctx)
	if err != nil {
		return tandem.Program{}, err
	}
	for _, p := range programs {
		if p.Channel == req.channel {
			return p, nil
		}
	}
	mine, err := b.programsOf(ctx, req.user, programs)
	if err != nil {
		return tandem.Program{}, err
	}
	switch len(mine) {
	case 1:
		return mine[0], nil
	case 0:
		return tandem.Program{}, tandem.Errorf(tandem.EINVALID, "You are not in any learning program's channel, so there is no marketplace to bring this to. Join a program channel and type the command there.")
	}
	links := make([]string, len(mine))
	for i, p := range mine {
		links[i] = fmt.Sprintf("<#%s>", p.Channel)
	}
	return tandem.Program{}, tandem.Errorf(tandem.EINVALID, "You are in %d programs: %s. Which marketplace is this for? Type the command in that program's channel.", len(mine), render.JoinAnd(links))
}

// parseRef reads a button value "prefix:rest".
func parseRef(value, prefix string) (string, bool) {
	rest, ok := strings.CutPrefix(value, prefix+":")
	return rest, ok && rest != ""
}
