package bot

// Check-ins and ghosts. Both go through the outbox, like intros: the
// reminder or the DM is queued in the same transaction as the decision,
// and marked sent only once Slack took it. So a crash or a rate limit
// loses nothing, and repeats at most the one message in flight. A group
// has at most one check-in waiting, and the sender looks at the group again
// before posting: one that met or skipped meanwhile gets nothing.
//
// Ghosts are looked for right before a program's round is matched (see
// RunRound): that is when "silent for the last 3 rounds" is complete, and
// a ghost paused then is left out of the very round that would otherwise
// pair someone with them.

import (
	"context"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/render"
)

// RunCheckin is the check-in job of a program's schedule: it queues a
// reminder for each active group of the program that has not said it met
// or skipped, and wakes the sender.
func (b *Bot) RunCheckin(ctx context.Context, key tandem.Key, channel tandem.ChannelID) error {
	n, err := b.store.QueueCheckins(ctx, key, channel)
	if err != nil {
		return err
	}
	if n == 0 {
		b.log.Debug("no check-ins due", keyProgram, channel)
		return nil
	}
	b.log.Info("check-ins queued", keyProgram, channel, keyCount, n)
	b.Wake()
	return nil
}

// pauseGhosts pauses the program's ghosts and queues their DMs. A failure
// is logged and the round goes on: the ghosts are found at the next one.
func (b *Bot) pauseGhosts(ctx context.Context, key tandem.Key, channel tandem.ChannelID) {
	ghosts, err := b.store.PauseGhosts(ctx, key, channel)
	if err != nil {
		b.log.Error("looking for ghosts", keyProgram, channel, keyErr, err)
		return
	}
	if len(ghosts) > 0 {
		b.log.Info("ghosts paused", keyProgram, channel, keyCount, len(ghosts))
		b.Wake()
	}
}

// sendCheckin posts a queued check-in in its group's DM, unless the group
// met, skipped or ended since it was queued.
func (b *Bot) sendCheckin(ctx context.Context, it tandem.OutboxItem) error {
	g, err := b.store.Group(ctx, it.Group)
	if tandem.ErrorCode(err) == tandem.ENOTFOUND {
		return b.store.MarkFailed(ctx, it, "the group no longer exists")
	} else if err != nil {
		return err
	}
	if g.Status != tandem.GroupActive || g.Met() || g.DM == "" {
		return b.store.MarkSent(ctx, it, "")
	}
	_, ts, err := b.api.PostMessageContext(ctx, string(g.DM), b.checkinReply(g).MsgOptions()...)
	if err != nil {
		return fmt.Errorf("chat.postMessage check-in: %w", err)
	}
	b.log.Info("check-in sent", keyProgram, g.Program, keyGroup, g.ID)
	return b.store.MarkSent(ctx, it, ts)
}

// checkinReply asks a group whether it met, with the intro's buttons.
func (b *Bot) checkinReply(g tandem.Group) render.Reply {
	return render.Reply{
		Text: "Check-in: did you meet yet?",
		Blocks: []slack.Block{
			render.Section(fmt.Sprintf(":wave: Check-in for %s: how is your partnership in <#%s> going? *Did you meet yet?*", render.Mentions(g.Members), g.Program)),
			render.Section(fmt.Sprintf(":memo: Log what you learned together, right here: `%s note we paired on ...`. Your partners read notes with `%s notes`.", b.cfg.Command, b.cfg.Command)),
			slack.NewActionBlock(blockCheckin,
				render.Button(actionMet, "We met", groupValue(g.ID), slack.StylePrimary),
				render.Button(actionSkip, "Skip this round", groupValue(g.ID), ""),
			),
		},
	}
}

// sendGhost tells someone they were paused for staying silent, with a
// Keep me in button.
func (b *Bot) sendGhost(ctx context.Context, it tandem.OutboxItem) error {
	g, err := b.store.Group(ctx, it.Group)
	if tandem.ErrorCode(err) == tandem.ENOTFOUND {
		return b.store.MarkFailed(ctx, it, "the group no longer exists")
	} else if err != nil {
		return err
	}
	dm, err := b.openDM(ctx, []tandem.UserID{it.User})
	if err != nil {
		return err
	}
	if _, _, err := b.api.PostMessageContext(ctx, string(dm), b.ghostReply(g).MsgOptions()...); err != nil {
		return fmt.Errorf("chat.postMessage ghost: %w", err)
	}
	b.log.Info("ghost told", keyProgram, g.Program, keyUser, it.User)
	return b.store.MarkSent(ctx, it, "")
}

// ghostReply is the DM to someone paused for staying silent in g's program.
func (b *Bot) ghostReply(g tandem.Group) render.Reply {
	return render.Reply{
		Text: "You are paused in tandem: keep you in?",
		Blocks: []slack.Block{
			render.Section(fmt.Sprintf(":zzz: You have been quiet in <#%s> for %d rounds in a row: no *We met*, note or quiz answer. So I paused you, and you will not be matched until you come back. No hard feelings!",
				g.Program, tandem.GhostRounds)),
			render.Section(fmt.Sprintf("Want to keep learning with colleagues? Click *Keep me in*, or type `%s resume` any time.", b.cfg.Command)),
			slack.NewActionBlock(blockGhost, render.Button(actionKeep, "Keep me in", groupValue(g.ID), slack.StylePrimary)),
		},
	}
}
