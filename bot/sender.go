package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/render"
)

// The sender drains the outbox: intros into group DMs, DMs to people a
// round left out, summaries to admins. Each message is marked sent only
// after Slack took it, so a crash repeats at most the one message in
// flight, and loses none.
const (
	senderBatch    = 20
	senderPoll     = 2 * time.Second
	firstRetryWait = 2 * time.Second
	maxRetryWait   = 5 * time.Minute
	// giveUpAfter is how long a message that keeps failing for reasons that
	// may pass (Slack down, the network) is retried: a Slack outage delays
	// intros, it does not lose them.
	giveUpAfter = 24 * time.Hour
)

// Wake tells the sender that new messages are queued.
func (b *Bot) Wake() {
	select {
	case b.wake <- struct{}{}:
	default:
	}
}

// RunSender sends queued messages until ctx ends.
func (b *Bot) RunSender(ctx context.Context) {
	ticker := time.NewTicker(senderPoll)
	defer ticker.Stop()
	for {
		for b.sendBatch(ctx) > 0 {
		}
		select {
		case <-ctx.Done():
			return
		case <-b.wake:
		case <-ticker.C:
		}
	}
}

// sendBatch sends what is due and returns how many messages it handled.
func (b *Bot) sendBatch(ctx context.Context) int {
	items, err := b.store.PendingOutbox(ctx, senderBatch)
	if err != nil {
		if ctx.Err() == nil {
			b.log.Error("reading the outbox", keyErr, err)
		}
		return 0
	}
	for i, it := range items {
		if ctx.Err() != nil {
			return 0
		}
		err := b.sendItem(ctx, it)
		if err == nil {
			b.metrics.MessageSent(string(it.Kind))
		}
		if err != nil {
			b.deferItem(ctx, it, err)
			if isRateLimit(err) {
				// Everything after this one would hit the same limit.
				return i + 1
			}
		}
	}
	return len(items)
}

func (b *Bot) sendItem(ctx context.Context, it tandem.OutboxItem) error {
	switch it.Kind {
	case tandem.OutboxIntro:
		return b.sendIntro(ctx, it)
	case tandem.OutboxLeftOut:
		return b.sendLeftOut(ctx, it)
	case tandem.OutboxSummary:
		return b.sendSummary(ctx, it)
	case tandem.OutboxCheckin:
		return b.sendCheckin(ctx, it)
	case tandem.OutboxGhost:
		return b.sendGhost(ctx, it)
	}
	return b.store.MarkFailed(ctx, it, "unknown kind "+string(it.Kind))
}

// deferItem schedules a retry for a failed send, or gives up on a message
// Slack will never take.
func (b *Bot) deferItem(ctx context.Context, it tandem.OutboxItem, err error) {
	var notYet errNotYet
	if errors.As(err, &notYet) {
		if err := b.store.RetryLater(ctx, it, b.now().Add(notYet.wait), "waiting"); err != nil {
			b.log.Error("outbox retry", keyErr, err)
		}
		return
	}
	if giveUp(it, err, b.now()) {
		b.log.Error("outbox message given up", keyKind, it.Kind, keyRound, it.Round, keyGroup, it.Group, keyErr, err)
		if err := b.store.MarkFailed(ctx, it, err.Error()); err != nil {
			b.log.Error("outbox mark failed", keyErr, err)
		}
		return
	}
	wait := retryWait(it.Attempts)
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		wait = rl.RetryAfter
	}
	b.log.Warn("outbox send failed; will retry", keyKind, it.Kind, keyGroup, it.Group, "retry_in", wait, keyErr, err)
	if err := b.store.RetryLater(ctx, it, b.now().Add(wait), err.Error()); err != nil {
		b.log.Error("outbox retry", keyErr, err)
	}
}

// giveUp reports whether a failed message is dropped: Slack refuses it for
// good, or it has failed for longer than giveUpAfter.
func giveUp(it tandem.OutboxItem, err error, now time.Time) bool {
	return permanent(err) || now.Sub(it.Created) > giveUpAfter
}

// retryWait doubles from firstRetryWait per attempt, up to maxRetryWait.
func retryWait(attempts int) time.Duration {
	return min(firstRetryWait<<min(attempts, 20), maxRetryWait)
}

// errNotYet holds a message back without counting a failure.
type errNotYet struct{ wait time.Duration }

func (e errNotYet) Error() string { return fmt.Sprintf("not yet: retry in %s", e.wait) }

func isRateLimit(err error) bool {
	var rl *slack.RateLimitedError
	return errors.As(err, &rl)
}

// permanent reports whether Slack will refuse the message whatever we do.
func permanent(err error) bool {
	var se slack.SlackErrorResponse
	if !errors.As(err, &se) {
		return false
	}
	switch se.Err {
	case "user_not_found", "user_disabled", "users_not_found", "channel_not_found", "is_archived",
		"too_many_users", "not_enough_users", "invalid_blocks", "msg_too_long", "no_text", "cannot_dm_bot":
		return true
	}
	return false
}

// pace waits until another conversations.open fits the configured rate
// (Slack's Tier 3 allows about 50 a minute).
func (b *Bot) pace(ctx context.Context) error {
	b.paceMu.Lock()
	defer b.paceMu.Unlock()
	interval := time.Minute / time.Duration(b.cfg.IntrosPerMinute)
	wait := time.Until(b.nextOpen)
	if wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
	b.nextOpen = time.Now().Add(interval)
	return nil
}

// openDM opens (or reopens: Slack returns the same one) a DM with users.
func (b *Bot) openDM(ctx context.Context, users []tandem.UserID) (tandem.ChannelID, error) {
	if err := b.pace(ctx); err != nil {
		return "", err
	}
	ids := make([]string, len(users))
	for i, u := range users {
		ids[i] = string(u)
	}
	ch, _, _, err := b.api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: ids})
	if err != nil {
		return "", fmt.Errorf("conversations.open: %w", err)
	}
	return tandem.ChannelID(ch.ID), nil
}

func (b *Bot) sendIntro(ctx context.Context, it tandem.OutboxItem) error {
	g, err := b.store.Group(ctx, it.Group)
	if err != nil {
		return err
	}
	if g.DM == "" {
		if g.DM, err = b.openDM(ctx, g.Members); err != nil {
			return err
		}
		if err := b.store.SetGroupDM(ctx, g.ID, g.DM); err != nil {
			return err
		}
	}
	r, err := b.introReply(ctx, g)
	if err != nil {
		return err
	}
	_, ts, err := b.api.PostMessageContext(ctx, string(g.DM), r.MsgOptions()...)
	if err != nil {
		return fmt.Errorf("chat.postMessage intro: %w", err)
	}
	b.log.Info("intro sent", keyRound, g.Round, keyGroup, g.ID, keyCount, len(g.Members))
	return b.store.MarkSent(ctx, it, ts)
}

func (b *Bot) sendLeftOut(ctx context.Context, it tandem.OutboxItem) error {
	r, err := b.store.Round(ctx, it.Round)
	if err != nil {
		return err
	}
	why := "There was nobody left to match you with."
	for _, lo := range r.LeftOut {
		if lo.User == it.User {
			why = lo.Why
		}
	}
	dm, err := b.openDM(ctx, []tandem.UserID{it.User})
	if err != nil {
		return err
	}
	md := fmt.Sprintf(":pensive: You were not matched in <#%s> this round. %s\nYou take part in the next round automatically; nothing to do.", r.Program, why)
	_, _, err = b.api.PostMessageContext(ctx, string(dm), render.Text(md).MsgOptions()...)
	if err != nil {
		return fmt.Errorf("chat.postMessage left-out: %w", err)
	}
	return b.store.MarkSent(ctx, it, "")
}

func (b *Bot) sendSummary(ctx context.Context, it tandem.OutboxItem) error {
	progress, err := b.store.RoundProgress(ctx, it.Round)
	if err != nil {
		return err
	}
	if progress.Pending > 0 {
		return errNotYet{wait: senderPoll}
	}
	r, err := b.store.Round(ctx, it.Round)
	if err != nil {
		return err
	}
	dm, err := b.openDM(ctx, []tandem.UserID{it.User})
	if err != nil {
		return err
	}
	_, _, err = b.api.PostMessageContext(ctx, string(dm), summaryReply(r, progress).MsgOptions()...)
	if err != nil {
		return fmt.Errorf("chat.postMessage summary: %w", err)
	}
	b.log.Info("round done", keyRound, r.ID, keyProgram, r.Program, "groups", len(r.Groups), "left_out", len(r.LeftOut), "failed", progress.Failed)
	return b.store.MarkSent(ctx, it, "")
}
