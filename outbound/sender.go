package outbound

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
// round left out, summaries to admins, check-ins, DMs to ghosts. Each
// message is marked sent only after Slack took it, so a crash repeats at
// most the one message in flight, and loses none.
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

// Wake tells the sender that new messages are queued. It never blocks.
func (s *Sender) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run sends queued messages until ctx ends. A message being sent when ctx
// ends is finished and recorded first, so that a stop never sends one twice;
// Run returns after that.
func (s *Sender) Run(ctx context.Context) {
	ticker := time.NewTicker(senderPoll)
	defer ticker.Stop()
	for {
		for ctx.Err() == nil && s.sendBatch(ctx) > 0 {
		}
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		case <-ticker.C:
		}
	}
}

// sendBatch sends what is due and returns how many messages it handled.
// Once an item is started it runs to its end under a context that stop does
// not cancel: Slack may have taken the message, and only recording that
// keeps a restart from sending it again.
func (s *Sender) sendBatch(ctx context.Context) int {
	items, err := s.store.PendingOutbox(ctx, senderBatch)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Error("reading the outbox", "err", err)
		}
		return 0
	}
	work := context.WithoutCancel(ctx)
	handled := 0
	for _, it := range items {
		if ctx.Err() != nil {
			return 0
		}
		if ts, ok := s.unrecorded[it.ID]; ok {
			// Slack took it; only the record is missing. Never send it again.
			if s.record(work, it, ts) == nil {
				handled++
			}
			continue
		}
		err := s.sendItem(work, it)
		switch {
		case errors.Is(err, errFenced):
			s.log.Warn("not sending: this process is not the leader now", "kind", it.Kind, "err", err)
			return 0
		case errors.Is(err, errUnrecorded):
			continue // retried at the next batch, without sending
		case err != nil:
			s.deferItem(work, it, err)
			if isRateLimit(err) {
				// Everything after this one would hit the same limit.
				return handled + 1
			}
		}
		handled++
	}
	return handled
}

// errFenced says the fence refused a send: the message stays as it is.
var errFenced = errors.New("outbox: fenced")

// post asks the fence, then posts; every message goes through it.
func (s *Sender) post(ctx context.Context, channel tandem.ChannelID, opts ...slack.MsgOption) (string, string, error) {
	if err := s.fence(ctx); err != nil {
		return "", "", fmt.Errorf("%w: %w", errFenced, err)
	}
	return s.api.PostMessageContext(ctx, string(channel), opts...)
}

// errUnrecorded says Slack took a message whose sending could not be
// recorded: it sits in unrecorded until the database takes the record.
var errUnrecorded = errors.New("outbox: sent, not yet recorded")

// sent records that Slack took item (ts is the message's, "" if not kept)
// and counts it. If the database refuses, the item is remembered as sent, so
// that it is recorded later and never sent a second time while this process
// runs.
func (s *Sender) sent(ctx context.Context, it tandem.OutboxItem, ts string) error {
	s.metrics.MessageSent(string(it.Kind))
	if err := s.record(ctx, it, ts); err != nil {
		s.unrecorded[it.ID] = ts
		return errUnrecorded
	}
	return nil
}

func (s *Sender) record(ctx context.Context, it tandem.OutboxItem, ts string) error {
	if err := s.store.MarkSent(ctx, it, ts); err != nil {
		s.log.Warn("recording a sent message failed; will record it again, not send it again", "kind", it.Kind, "err", err)
		return err
	}
	delete(s.unrecorded, it.ID)
	return nil
}

func (s *Sender) sendItem(ctx context.Context, it tandem.OutboxItem) error {
	switch it.Kind {
	case tandem.OutboxIntro:
		return s.sendIntro(ctx, it)
	case tandem.OutboxLeftOut:
		return s.sendLeftOut(ctx, it)
	case tandem.OutboxSummary:
		return s.sendSummary(ctx, it)
	case tandem.OutboxCheckin:
		return s.sendCheckin(ctx, it)
	case tandem.OutboxGhost:
		return s.sendGhost(ctx, it)
	case tandem.OutboxReview:
		return s.sendReview(ctx, it)
	case tandem.OutboxDigest:
		return s.sendDigest(ctx, it)
	case tandem.OutboxDigestChart:
		return s.sendDigestChart(ctx, it)
	}
	return s.store.MarkFailed(ctx, it, "unknown kind "+string(it.Kind))
}

// deferItem schedules a retry for a failed send, or gives up on a message
// Slack will never take.
func (s *Sender) deferItem(ctx context.Context, it tandem.OutboxItem, err error) {
	var notYet errNotYet
	if errors.As(err, &notYet) {
		if err := s.store.RetryLater(ctx, it, s.now().Add(notYet.wait), "waiting"); err != nil {
			s.log.Error("outbox retry", "err", err)
		}
		return
	}
	if giveUp(it, err, s.now()) {
		s.log.Error("outbox message given up", "kind", it.Kind, "round", it.Round, "group", it.Group, "err", err)
		if err := s.store.MarkFailed(ctx, it, err.Error()); err != nil {
			s.log.Error("outbox mark failed", "err", err)
		}
		return
	}
	wait := retryWait(it.Attempts)
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		wait = rl.RetryAfter
	}
	s.log.Warn("outbox send failed; will retry", "kind", it.Kind, "group", it.Group, "retry_in", wait, "err", err)
	if err := s.store.RetryLater(ctx, it, s.now().Add(wait), err.Error()); err != nil {
		s.log.Error("outbox retry", "err", err)
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
func (s *Sender) pace(ctx context.Context) error {
	s.paceMu.Lock()
	defer s.paceMu.Unlock()
	interval := time.Minute / time.Duration(s.perMinute)
	wait := time.Until(s.nextOpen)
	if wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
	s.nextOpen = time.Now().Add(interval)
	return nil
}

// OpenDM opens (or reopens: Slack returns the same one) a DM with users.
func (s *Sender) OpenDM(ctx context.Context, users []tandem.UserID) (tandem.ChannelID, error) {
	if err := s.pace(ctx); err != nil {
		return "", err
	}
	ids := make([]string, len(users))
	for i, u := range users {
		ids[i] = string(u)
	}
	ch, _, _, err := s.api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: ids})
	if err != nil {
		return "", fmt.Errorf("conversations.open: %w", err)
	}
	return tandem.ChannelID(ch.ID), nil
}

func (s *Sender) sendIntro(ctx context.Context, it tandem.OutboxItem) error {
	g, err := s.store.Group(ctx, it.Group)
	if err != nil {
		return err
	}
	if g.DM == "" {
		if g.DM, err = s.OpenDM(ctx, g.Members); err != nil {
			return err
		}
		if err := s.store.SetGroupDM(ctx, g.ID, g.DM); err != nil {
			return err
		}
	}
	profiles, err := s.store.Profiles(ctx, g.Members)
	if err != nil {
		return err
	}
	_, ts, err := s.post(ctx, g.DM, s.groupMessage(ctx, g, func(v render.Renderer) render.Reply { return v.Intro(g, profiles) }).MsgOptions()...)
	if err != nil {
		return fmt.Errorf("chat.postMessage intro: %w", err)
	}
	s.log.Info("intro sent", "round", g.Round, "group", g.ID, "count", len(g.Members))
	return s.sent(ctx, it, ts)
}

func (s *Sender) sendLeftOut(ctx context.Context, it tandem.OutboxItem) error {
	r, err := s.store.Round(ctx, it.Round)
	if err != nil {
		return err
	}
	code := tandem.LeftNoRoom
	for _, lo := range r.LeftOut {
		if lo.User == it.User {
			code = lo.Code
		}
	}
	dm, err := s.OpenDM(ctx, []tandem.UserID{it.User})
	if err != nil {
		return err
	}
	_, _, err = s.post(ctx, dm, s.viewsFor(ctx, it.User).LeftOutDM(r.Program, code).MsgOptions()...)
	if err != nil {
		return fmt.Errorf("chat.postMessage left-out: %w", err)
	}
	return s.sent(ctx, it, "")
}

func (s *Sender) sendSummary(ctx context.Context, it tandem.OutboxItem) error {
	progress, err := s.store.RoundProgress(ctx, it.Round)
	if err != nil {
		return err
	}
	if progress.Pending > 0 {
		return errNotYet{wait: senderPoll}
	}
	r, err := s.store.Round(ctx, it.Round)
	if err != nil {
		return err
	}
	dm, err := s.OpenDM(ctx, []tandem.UserID{it.User})
	if err != nil {
		return err
	}
	_, _, err = s.post(ctx, dm, s.viewsFor(ctx, it.User).Summary(r, progress).MsgOptions()...)
	if err != nil {
		return fmt.Errorf("chat.postMessage summary: %w", err)
	}
	s.log.Info("round done", "round", r.ID, "program", r.Program, "groups", len(r.Groups), "left_out", len(r.LeftOut), "failed", progress.Failed)
	return s.sent(ctx, it, "")
}

// sendCheckin posts a queued check-in in its group's DM, unless the group
// met, skipped or ended since it was queued.
func (s *Sender) sendCheckin(ctx context.Context, it tandem.OutboxItem) error {
	g, err := s.store.Group(ctx, it.Group)
	if tandem.ErrorCode(err) == tandem.ENOTFOUND {
		return s.store.MarkFailed(ctx, it, "the group no longer exists")
	} else if err != nil {
		return err
	}
	if g.Status != tandem.GroupActive || g.Met() || g.DM == "" {
		return s.store.MarkSent(ctx, it, "")
	}
	_, ts, err := s.post(ctx, g.DM, s.groupMessage(ctx, g, func(v render.Renderer) render.Reply { return v.Checkin(g) }).MsgOptions()...)
	if err != nil {
		return fmt.Errorf("chat.postMessage check-in: %w", err)
	}
	s.log.Info("check-in sent", "program", g.Program, "group", g.ID)
	return s.sent(ctx, it, ts)
}

// sendGhost tells someone they were paused for staying silent, with a
// Keep me in button.
func (s *Sender) sendGhost(ctx context.Context, it tandem.OutboxItem) error {
	g, err := s.store.Group(ctx, it.Group)
	if tandem.ErrorCode(err) == tandem.ENOTFOUND {
		return s.store.MarkFailed(ctx, it, "the group no longer exists")
	} else if err != nil {
		return err
	}
	dm, err := s.OpenDM(ctx, []tandem.UserID{it.User})
	if err != nil {
		return err
	}
	if _, _, err := s.post(ctx, dm, s.viewsFor(ctx, it.User).Ghost(g).MsgOptions()...); err != nil {
		return fmt.Errorf("chat.postMessage ghost: %w", err)
	}
	s.log.Info("ghost told", "program", g.Program, "user", it.User)
	return s.sent(ctx, it, "")
}

// sendReview DMs someone the question most overdue for review, queued for
// their working hours. If nothing is due any more (they answered it through
// `quiz` meanwhile), or they paused or stopped reminders, it sends nothing.
func (s *Sender) sendReview(ctx context.Context, it tandem.OutboxItem) error {
	q, err := s.store.DueReview(ctx, it.User)
	if tandem.ErrorCode(err) == tandem.ENOTFOUND {
		return s.store.MarkSent(ctx, it, "")
	} else if err != nil {
		return err
	}
	dm, err := s.OpenDM(ctx, []tandem.UserID{it.User})
	if err != nil {
		return err
	}
	if _, _, err := s.post(ctx, dm, s.viewsFor(ctx, it.User).ReviewDM(q).MsgOptions()...); err != nil {
		return fmt.Errorf("chat.postMessage review: %w", err)
	}
	s.log.Info("review sent", "user", it.User, "question", q.ID)
	return s.sent(ctx, it, "")
}

// viewsFor is the renderer in the language of one recipient.
func (s *Sender) viewsFor(ctx context.Context, user tandem.UserID) render.Renderer {
	return s.views.In(s.langs.For(ctx, user))
}

// groupMessage renders a message to a partnership's group DM in the
// language its members share; when they read different ones, in English
// with a line saying that each gets answers in their own.
func (s *Sender) groupMessage(ctx context.Context, g tandem.Group, msg func(render.Renderer) render.Reply) render.Reply {
	l, shared := s.langs.Shared(ctx, g.Members)
	v := s.views.In(l)
	r := msg(v)
	if !shared && len(r.Blocks) < render.MaxBlocks {
		r.Blocks = append(r.Blocks, v.Hint())
	}
	return r
}
