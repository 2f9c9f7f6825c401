package bot

// `+1` clicks: one vote per person per topic, tandem.VoteBudget per person
// per marketplace. A counted vote updates the clicked message in place
// (chat.update for a call in the channel, the response_url for someone's
// own `topics` list) and the marketplace's newest call; everything else is
// said to the voter alone.

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/market"
	"github.com/tandem-dev/tandem/render"
)

// vote handles a click on a `+1` button.
func (b *Bot) vote(ctx context.Context, key tandem.Key, cb slack.InteractionCallback, a *slack.BlockAction) {
	user := tandem.UserID(cb.User.ID)
	id, ok := render.ParseTopicValue(a.Value)
	if !ok {
		b.log.WarnContext(ctx, "vote button with a bad value", keyUser, user, "block", a.BlockID)
		b.marketNotice(ctx, cb, ":warning: That button does not name a topic; nothing was counted.")
		return
	}
	res, err := b.market.Vote(ctx, key, user, id, tandem.ChannelID(cb.Container.ChannelID))
	var notMember *market.NotMemberError
	if errors.As(err, &notMember) {
		err = tandem.Errorf(tandem.EFORBIDDEN, "Only members of %s vote on its marketplace. Nothing changed.", render.Channel(notMember.Program))
	}
	switch {
	case errors.Is(err, tandem.ErrDuplicate):
		return // a redelivered click: its vote was handled the first time
	case err != nil:
		if tandem.ErrorCode(err) == tandem.EINTERNAL {
			b.log.ErrorContext(ctx, "vote failed", keyUser, user, "topic", id, keyErr, err)
		}
		b.marketNotice(ctx, cb, ":warning: "+render.Defang(tandem.ErrorMessage(err)))
		return
	}
	switch {
	case res.Already:
		b.marketNotice(ctx, cb, ":ballot_box_with_check: You already gave this topic your +1. One vote per topic, so it still counts once.")
	case res.OverBudget:
		b.marketNotice(ctx, cb, budgetSpent(res))
	case res.Counted:
		b.showVote(ctx, cb, res)
		b.marketNotice(ctx, cb, fmt.Sprintf(":ballot_box_with_check: Your +1 counts: that topic has %s now. You have %s left in this marketplace.",
			render.CountNoun(res.Topic.Votes, "vote", "votes"), render.CountNoun(tandem.VoteBudget-res.Used, "vote", "votes")))
	}
}

// showVote redraws what a counted vote changes (market.ShowVote); a list
// shown to the voter alone is redrawn through the click's response_url.
func (b *Bot) showVote(ctx context.Context, cb slack.InteractionCallback, res tandem.VoteResult) {
	at := market.Clicked{
		Msg:       tandem.MessageRef{Channel: tandem.ChannelID(cb.Container.ChannelID), TS: cb.Container.MessageTs},
		Ephemeral: cb.Container.IsEphemeral,
	}
	b.market.ShowVote(ctx, res, at, func(p tandem.Program, m tandem.Marketplace) error {
		return postResponseURL(ctx, cb.ResponseURL, b.views.Topics(p, m), true)
	})
}

// budgetSpent explains a refused vote: the budget, and where the votes went.
func budgetSpent(res tandem.VoteResult) string {
	var md strings.Builder
	fmt.Fprintf(&md, ":raised_hand: You have used all %d of your votes in this marketplace, on:", tandem.VoteBudget)
	for _, t := range res.Mine {
		fmt.Fprintf(&md, "\n• %s (%s)", render.UserText(render.OneLine(t.Text), 80), render.CountNoun(t.Votes, "vote", "votes"))
	}
	md.WriteString("\nLike the dots on a Lean Coffee board, a small budget keeps the list honest: it shows what matters most to everyone, not who clicks most. Votes stay where you put them, so nothing changed.")
	return md.String()
}

// marketNotice tells the person who clicked something, and only them.
func (b *Bot) marketNotice(ctx context.Context, cb slack.InteractionCallback, md string) {
	err := postResponseURL(ctx, cb.ResponseURL, render.Text(md), false)
	if err == nil {
		return
	}
	ch := cb.Container.ChannelID
	if ch == "" {
		ch = cb.Channel.ID
	}
	r := render.Text(md)
	if _, perr := b.api.PostEphemeralContext(ctx, ch, cb.User.ID, r.MsgOptions()...); perr != nil {
		b.log.WarnContext(ctx, "a notice to a voter was lost", keyUser, cb.User.ID, keyErr, errors.Join(err, perr))
	}
}
