package bot

// `topic [urgent] <text>` and `topics`.

import (
	"context"
	"fmt"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/command"
	"github.com/tandem-dev/tandem/render"
)

// topic is `topic [urgent] <text>`: add a topic to the program's open
// marketplace and say where it stands.
func (b *Bot) topic(ctx context.Context, req request, cmd command.Command) (render.Reply, error) {
	p, err := b.marketProgram(ctx, req)
	if err != nil {
		return render.Reply{}, err
	}
	t, m, err := b.addTopic(ctx, req.key, tandem.Topic{Program: p.Channel, Author: req.user, Text: cmd.Text, Urgent: cmd.Urgent})
	if err != nil {
		return render.Reply{}, err
	}
	return render.Text(b.topicAdded(p, t, m)), nil
}

// addTopic saves a topic and brings the marketplace's newest call up to
// date, so the channel sees the list grow. The topic counts once it is
// saved: a call that cannot be updated is logged, not reported.
func (b *Bot) addTopic(ctx context.Context, key tandem.Key, t tandem.Topic) (tandem.Topic, tandem.Marketplace, error) {
	t, m, err := b.store.AddTopic(ctx, key, t)
	if err != nil {
		return t, m, err
	}
	b.log.Info("topic added", keyProgram, t.Program, "topic", t.ID, "urgent", t.Urgent)
	b.refreshCall(ctx, m, tandem.MessageRef{})
	return t, m, nil
}

// topicAdded confirms a new topic with its place on the list.
func (b *Bot) topicAdded(p tandem.Program, t tandem.Topic, m tandem.Marketplace) string {
	kind := ":white_check_mark: Topic"
	if t.Urgent {
		kind = ":rotating_light: Urgent topic"
	}
	return fmt.Sprintf("%s added to the next marketplace of <#%s>: *#%d of %d* on the list (urgent topics come first, then the most votes).\n> %s\n%s See the list and vote with `%s topics`.",
		kind, p.Channel, m.Place(t.ID), len(m.Topics), render.UserText(render.OneLine(t.Text), maxTopicShown), b.meetingLine(p), b.cfg.Command)
}

// topics is `topics`: the open marketplace's topics with a `+1` button each.
func (b *Bot) topics(ctx context.Context, req request) (render.Reply, error) {
	p, err := b.marketProgram(ctx, req)
	if err != nil {
		return render.Reply{}, err
	}
	m, err := b.store.OpenMarketplace(ctx, p.Channel)
	if err != nil {
		return render.Reply{}, err
	}
	return b.topicsReply(p, m), nil
}

// refreshCall re-renders the newest call of marketplace m with its current
// topics and counts, unless it is skip (already updated by the caller).
func (b *Bot) refreshCall(ctx context.Context, m tandem.Marketplace, skip tandem.MessageRef) {
	if m.LastCall.IsZero() || m.LastCall == skip {
		return
	}
	if err := b.updateCall(ctx, m, m.LastCall); err != nil {
		b.log.Warn("updating the marketplace call", keyProgram, m.Program, keyErr, err)
	}
}

// updateAgenda redraws a closed marketplace's agenda message, if posted.
func (b *Bot) updateAgenda(ctx context.Context, m tandem.Marketplace) error {
	if m.Agenda.IsZero() {
		return nil
	}
	p, err := b.store.Program(ctx, m.Program)
	if err != nil {
		return err
	}
	return b.replaceMessage(ctx, m.Agenda, b.agendaReply(p, m))
}

// replaceMessage replaces a message the bot posted with r (chat.update).
func (b *Bot) replaceMessage(ctx context.Context, msg tandem.MessageRef, r render.Reply) error {
	if _, _, _, err := b.api.UpdateMessageContext(ctx, string(msg.Channel), msg.TS, r.MsgOptions()...); err != nil {
		return fmt.Errorf("chat.update %s %s: %w", msg.Channel, msg.TS, err)
	}
	return nil
}

// updateCall replaces the call message msg with m's current state.
func (b *Bot) updateCall(ctx context.Context, m tandem.Marketplace, msg tandem.MessageRef) error {
	p, err := b.store.Program(ctx, m.Program)
	if err != nil {
		return err
	}
	return b.replaceMessage(ctx, msg, b.callReply(p, m))
}
