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
	"github.com/tandem-dev/tandem/render"
)

// vote handles a click on a `+1` button.
func (b *Bot) vote(ctx context.Context, key tandem.Key, cb slack.InteractionCallback, a *slack.BlockAction) {
	user := tandem.UserID(cb.User.ID)
	id, ok := parseTopicValue(a.Value)
	if !ok {
		b.log.Warn("vote button with a bad value", keyUser, user, keyKind, a.BlockID)
		b.marketNotice(ctx, cb, ":warning: That button does not name a topic; nothing was counted.")
		return
	}
	program, err := b.voteProgram(ctx, cb, user, id)
	var res tandem.VoteResult
	if err == nil {
		res, err = b.store.Vote(ctx, key, user, id, program)
	}
	switch {
	case errors.Is(err, tandem.ErrDuplicate):
		return // a redelivered click: its vote was handled the first time
	case err != nil:
		if tandem.ErrorCode(err) == tandem.EINTERNAL {
			b.log.Error("vote failed", keyUser, user, "topic", id, keyErr, err)
		}
		b.marketNotice(ctx, cb, ":warning: "+tandem.ErrorMessage(err))
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

// voteProgram is the program a click may vote in: the program whose
// channel holds the clicked message, or, for a list shown to one person
// elsewhere (`topics` in a DM), the topic's program if the voter is in
// its channel.
func (b *Bot) voteProgram(ctx context.Context, cb slack.InteractionCallback, user tandem.UserID, id tandem.TopicID) (tandem.ChannelID, error) {
	ch := tandem.ChannelID(cb.Container.ChannelID)
	if _, err := b.store.Program(ctx, ch); err == nil {
		return ch, nil
	} else if tandem.ErrorCode(err) != tandem.ENOTFOUND {
		return "", err
	}
	t, err := b.store.Topic(ctx, id)
	if err != nil {
		return "", err
	}
	in, err := b.memberOf(ctx, t.Program, user)
	if err != nil {
		return "", err
	}
	if !in {
		return "", tandem.Errorf(tandem.EFORBIDDEN, "Only members of <#%s> vote on its marketplace. Nothing changed.", t.Program)
	}
	return t.Program, nil
}

// showVote updates the clicked message and the newest call with the new
// count. A failure is logged: the vote is saved and the next update shows it.
func (b *Bot) showVote(ctx context.Context, cb slack.InteractionCallback, res tandem.VoteResult) {
	// One redraw at a time, each from the state read under the lock: two
	// votes racing would otherwise let the older snapshot land last.
	b.redrawMu.Lock()
	defer b.redrawMu.Unlock()
	m, err := b.store.MarketplaceByID(ctx, res.Topic.Marketplace)
	if err != nil {
		b.log.Error("loading a marketplace after a vote", keyProgram, res.Topic.Program, keyErr, err)
		return
	}
	clicked := tandem.MessageRef{Channel: tandem.ChannelID(cb.Container.ChannelID), TS: cb.Container.MessageTs}
	if m.Closed {
		// A vote on the agenda being discussed: redraw it in its new order.
		// A click can beat the recording of the agenda's ts by moments; then
		// the clicked channel message, not being the call, is the agenda.
		if m.Agenda.IsZero() && !cb.Container.IsEphemeral && clicked != m.LastCall {
			m.Agenda = clicked
		}
		if err := b.updateAgenda(ctx, m); err != nil {
			b.log.Warn("updating a marketplace agenda after a vote", keyProgram, m.Program, keyErr, err)
		}
		return
	}
	if cb.Container.IsEphemeral {
		p, err := b.store.Program(ctx, m.Program)
		if err == nil {
			err = postResponseURL(ctx, cb.ResponseURL, b.topicsReply(p, m), true)
		}
		if err != nil {
			b.log.Warn("updating a topics list after a vote", keyUser, cb.User.ID, keyErr, err)
		}
	} else if err := b.updateCall(ctx, m, clicked); err != nil {
		b.log.Warn("updating a marketplace call after a vote", keyProgram, m.Program, keyErr, err)
	}
	b.refreshCall(ctx, m, clicked)
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
		b.log.Warn("a notice to a voter was lost", keyUser, cb.User.ID, keyErr, errors.Join(err, perr))
	}
}
