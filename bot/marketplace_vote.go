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
	v := b.viewsFor(ctx, user)
	id, ok := render.ParseTopicValue(a.Value)
	if !ok {
		b.log.WarnContext(ctx, "vote button with a bad value", keyUser, user, "block", a.BlockID)
		b.marketNotice(ctx, cb, v.T("vote.bad_button"))
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
		b.marketNotice(ctx, cb, ":warning: "+v.ErrorText(err))
		return
	}
	switch {
	case res.Already:
		b.marketNotice(ctx, cb, v.T("vote.already"))
	case res.OverBudget:
		b.marketNotice(ctx, cb, budgetSpent(v, res))
	case res.Counted:
		b.showVote(ctx, v, cb, res)
		left := v.N("vote.left", tandem.VoteBudget-res.Used)
		if res.Used >= tandem.VoteBudget {
			left = v.T("vote.none_left")
		}
		b.marketNotice(ctx, cb, v.N("vote.counted", res.Topic.Votes)+" "+left)
	}
}

// showVote redraws what a counted vote changes (market.ShowVote); a list
// shown to the voter alone is redrawn through the click's response_url.
func (b *Bot) showVote(ctx context.Context, v render.Renderer, cb slack.InteractionCallback, res tandem.VoteResult) {
	at := market.Clicked{
		Msg:       tandem.MessageRef{Channel: tandem.ChannelID(cb.Container.ChannelID), TS: cb.Container.MessageTs},
		Ephemeral: cb.Container.IsEphemeral,
	}
	b.market.ShowVote(ctx, res, at, func(p tandem.Program, m tandem.Marketplace) error {
		return postResponseURL(ctx, cb.ResponseURL, v.Topics(p, m), true)
	})
}

// budgetSpent explains a refused vote: the budget, and where the votes went.
func budgetSpent(v render.Renderer, res tandem.VoteResult) string {
	var md strings.Builder
	md.WriteString(v.T("vote.spent", "Budget", tandem.VoteBudget))
	for _, t := range res.Mine {
		fmt.Fprintf(&md, "\n• %s (%s)", render.UserText(render.OneLine(t.Text), 80), v.N("vote.votes", t.Votes))
	}
	md.WriteString("\n" + v.T("vote.why_budget"))
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
