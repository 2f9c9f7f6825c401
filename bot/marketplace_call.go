package bot

// The marketplace's channel posts: the call for topics (on the program's
// marketplace schedule, or `marketplace #channel` by an admin) and the
// agenda (on its agenda schedule), which closes the marketplace.

import (
	"context"
	"fmt"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/command"
	"github.com/tandem-dev/tandem/render"
)

// PostMarketplaceCall is the marketplace job of a program's schedule: it
// posts the call for topics in the program channel. Each firing posts one
// call; the scheduler's ledger keeps a firing from running twice.
func (b *Bot) PostMarketplaceCall(ctx context.Context, key tandem.Key, channel tandem.ChannelID) error {
	_, err := b.postCall(ctx, key, channel, "")
	return err
}

// marketplaceNow is `marketplace #channel`: post the call now. An admin may
// repeat it on purpose (a reminder); a redelivered command posts nothing,
// because the call is recorded under the envelope's idempotency key before
// it is posted.
func (b *Bot) marketplaceNow(ctx context.Context, req request, cmd command.Command) (render.Reply, error) {
	ch, err := b.resolveProgram(ctx, req, cmd.Channel)
	if err != nil {
		return render.Reply{}, err
	}
	m, err := b.postCall(ctx, req.key, ch, req.user)
	if err != nil {
		return render.Reply{}, err
	}
	return render.Text(fmt.Sprintf(":mega: Posted the marketplace call in <#%s>, with %s on the list so far.", ch, render.CountNoun(len(m.Topics), "topic", "topics"))), nil
}

// postCall records a call for the program's open marketplace, then posts
// it and records its ts, so that votes and new topics can update it.
func (b *Bot) postCall(ctx context.Context, key tandem.Key, channel tandem.ChannelID, by tandem.UserID) (tandem.Marketplace, error) {
	p, err := b.store.Program(ctx, channel)
	if err != nil {
		return tandem.Marketplace{}, err
	}
	id, m, err := b.store.StartCall(ctx, key, channel, by)
	if err != nil {
		return tandem.Marketplace{}, err
	}
	_, ts, err := b.api.PostMessageContext(ctx, string(channel), b.callReply(p, m).MsgOptions()...)
	if err != nil {
		return m, fmt.Errorf("posting the marketplace call in %s: %w", channel, err)
	}
	if err := b.store.CallPosted(ctx, id, ts); err != nil {
		return m, err
	}
	b.log.Info("marketplace call posted", keyProgram, channel, "marketplace", m.Number, keyCount, len(m.Topics))
	return m, nil
}

// PostAgenda is the agenda job of a program's schedule: it closes the
// program's open marketplace and posts its topics in agenda order in the
// program channel (a short note when there are none). Topics raised from
// then on go to the next marketplace. The marketplace is closed before the
// agenda is posted: a post that fails is logged and returned, and the
// closed marketplace keeps no agenda ts, rather than a second firing
// posting the same agenda twice.
func (b *Bot) PostAgenda(ctx context.Context, key tandem.Key, channel tandem.ChannelID) error {
	p, err := b.store.Program(ctx, channel)
	if err != nil {
		return err
	}
	m, err := b.store.CloseMarketplace(ctx, key, channel)
	if err != nil {
		return err
	}
	_, ts, err := b.api.PostMessageContext(ctx, string(channel), b.agendaReply(p, m).MsgOptions()...)
	if err != nil {
		return fmt.Errorf("posting the marketplace agenda in %s: %w", channel, err)
	}
	b.log.Info("marketplace agenda posted", keyProgram, channel, "marketplace", m.Number, keyCount, len(m.Topics))
	if m.ID == 0 {
		return nil
	}
	return b.store.AgendaPosted(ctx, m.ID, tandem.MessageRef{Channel: channel, TS: ts})
}
