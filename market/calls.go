package market

import (
	"context"
	"fmt"

	"github.com/tandem-dev/tandem"
)

// Call records a call for the program's open marketplace, then posts it and
// records its ts, so that votes and new topics can update it. key is the
// request's or the firing's: a repeated request posts nothing (the call is
// recorded before it is posted). by is the admin who asked, "" for the
// schedule.
func (mk *Market) Call(ctx context.Context, key tandem.Key, channel tandem.ChannelID, by tandem.UserID) (tandem.Marketplace, error) {
	if mk.locks != nil {
		release, ok, err := mk.locks.TryLock(ctx, "marketplace call "+string(channel))
		if err != nil {
			return tandem.Marketplace{}, err
		}
		if !ok {
			return tandem.Marketplace{}, tandem.Errorf(tandem.ECONFLICT, "A call for topics in <#%s> is being posted right now. Nothing changed; it will appear in a moment.", channel)
		}
		defer release()
	}
	return mk.call(ctx, key, channel, by)
}

func (mk *Market) call(ctx context.Context, key tandem.Key, channel tandem.ChannelID, by tandem.UserID) (tandem.Marketplace, error) {
	p, err := mk.store.Program(ctx, channel)
	if err != nil {
		return tandem.Marketplace{}, err
	}
	id, m, err := mk.store.StartCall(ctx, key, channel, by)
	if err != nil {
		return tandem.Marketplace{}, err
	}
	ts, err := mk.board.PostCall(ctx, p, m)
	if err != nil {
		return m, fmt.Errorf("posting the marketplace call in %s: %w", channel, err)
	}
	if err := mk.store.CallPosted(ctx, id, ts); err != nil {
		return m, err
	}
	mk.log.Info("marketplace call posted", "program", channel, "marketplace", m.Number, "count", len(m.Topics))
	return m, nil
}

// ScheduledCall is the marketplace job of a program's schedule: it posts
// the call for topics in the program channel, once per firing.
func (mk *Market) ScheduledCall(ctx context.Context, key tandem.Key, channel tandem.ChannelID) error {
	if mk.locks != nil {
		release, err := mk.locks.Lock(ctx, "marketplace call "+string(channel))
		if err != nil {
			return err
		}
		defer release()
	}
	_, err := mk.call(ctx, key, channel, "")
	return err
}

// ScheduledAgenda is the agenda job of a program's schedule: it closes the
// program's open marketplace and posts its topics in agenda order in the
// program channel (a short note when there are none). Topics raised from
// then on go to the next marketplace. The marketplace is closed before the
// agenda is posted: a post that fails is logged and returned, and the
// closed marketplace keeps no agenda ts, rather than a second firing
// posting the same agenda twice.
func (mk *Market) ScheduledAgenda(ctx context.Context, key tandem.Key, channel tandem.ChannelID) error {
	p, err := mk.store.Program(ctx, channel)
	if err != nil {
		return err
	}
	m, err := mk.store.CloseMarketplace(ctx, key, channel)
	if err != nil {
		return err
	}
	ts, err := mk.board.PostAgenda(ctx, p, m)
	if err != nil {
		return fmt.Errorf("posting the marketplace agenda in %s: %w", channel, err)
	}
	mk.log.Info("marketplace agenda posted", "program", channel, "marketplace", m.Number, "count", len(m.Topics))
	if m.ID == 0 {
		return nil
	}
	return mk.store.AgendaPosted(ctx, m.ID, tandem.MessageRef{Channel: channel, TS: ts})
}

// AddTopic saves a topic and brings the marketplace's newest call up to
// date, so the channel sees the list grow. The topic counts once it is
// saved: a call that cannot be updated is logged, not reported.
func (mk *Market) AddTopic(ctx context.Context, key tandem.Key, t tandem.Topic) (tandem.Topic, tandem.Marketplace, error) {
	t, m, err := mk.SaveTopic(ctx, key, t)
	if err == nil {
		mk.Refresh(ctx, m)
	}
	return t, m, err
}

// SaveTopic is AddTopic without the redraw, for a caller that must answer
// before it calls Slack (a modal's ack); it calls Refresh after.
func (mk *Market) SaveTopic(ctx context.Context, key tandem.Key, t tandem.Topic) (tandem.Topic, tandem.Marketplace, error) {
	t, m, err := mk.store.AddTopic(ctx, key, t)
	if err != nil {
		return t, m, err
	}
	mk.log.Info("topic added", "program", t.Program, "topic", t.ID, "urgent", t.Urgent)
	return t, m, nil
}

// Refresh redraws the newest call of m with its current topics and counts.
func (mk *Market) Refresh(ctx context.Context, m tandem.Marketplace) {
	mk.redraw(ctx, m, tandem.MessageRef{})
}

// redraw re-renders the newest call of m with its current topics and
// counts, unless it is skip (already updated by the caller).
func (mk *Market) redraw(ctx context.Context, m tandem.Marketplace, skip tandem.MessageRef) {
	if m.LastCall.IsZero() || m.LastCall == skip {
		return
	}
	if err := mk.showCall(ctx, m, m.LastCall); err != nil {
		mk.log.Warn("updating the marketplace call", "program", m.Program, "err", err)
	}
}

func (mk *Market) showCall(ctx context.Context, m tandem.Marketplace, msg tandem.MessageRef) error {
	p, err := mk.store.Program(ctx, m.Program)
	if err != nil {
		return err
	}
	return mk.board.ShowCall(ctx, p, m, msg)
}

// Withdraw redraws the channel messages that showed what a forgotten
// person wrote (posts, read before the store forgot them): the call and the
// agenda of each marketplace that listed their topics, and their asks'
// posts, replaced by a note that the request was withdrawn.
func (mk *Market) Withdraw(ctx context.Context, posts tandem.Posts) {
	for _, id := range posts.Marketplaces {
		m, err := mk.store.MarketplaceByID(ctx, id)
		if err != nil {
			mk.log.Warn("redrawing a marketplace after forget", "err", err)
			continue
		}
		if !m.LastCall.IsZero() {
			if err := mk.showCall(ctx, m, m.LastCall); err != nil {
				mk.log.Warn("redrawing a marketplace call after forget", "program", m.Program, "err", err)
			}
		}
		if err := mk.showAgenda(ctx, m); err != nil {
			mk.log.Warn("redrawing a marketplace agenda after forget", "program", m.Program, "err", err)
		}
	}
	for _, msg := range posts.Asks {
		if err := mk.board.WithdrawAsk(ctx, msg); err != nil {
			mk.log.Warn("withdrawing an ask after forget", "program", msg.Channel, "err", err)
		}
	}
}
