package bot

import (
	"context"
	"strings"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/tandem-dev/tandem"
)

// handleInteraction handles a button click, after its ack: what the
// person sees is a message updated in place, an ephemeral reply or a modal.
// Action IDs say whose button it is: "market_…" the marketplace's,
// "onboard_…" the welcome's and the App Home's, "admin_…" the admins';
// everything else is follow-through.
func (b *Bot) handleInteraction(ctx context.Context, envelopeID string, cb slack.InteractionCallback) {
	if cb.Type != slack.InteractionTypeBlockActions {
		b.log.DebugContext(ctx, "interaction ignored", "interaction", string(cb.Type))
		return
	}
	key := tandem.EnvelopeKey(envelopeID)
	for _, a := range cb.ActionCallback.BlockActions {
		var ok bool
		switch {
		case strings.HasPrefix(a.ActionID, "market_"):
			ok = b.marketAction(ctx, key, cb, a)
		case strings.HasPrefix(a.ActionID, "onboard_"):
			ok = b.onboardAction(ctx, key, cb, a)
		case strings.HasPrefix(a.ActionID, "admin_"):
			ok = b.adminAction(ctx, key, cb, a)
		default:
			ok = b.followAction(ctx, key, cb, a)
		}
		if !ok {
			b.log.WarnContext(ctx, "unknown action", "action", a.ActionID)
		}
	}
}

// handleSubmission handles a modal's submission: it checks and saves what
// was submitted and returns the ack payload (nil closes the modal; errors
// keep it open with a message beside each field at fault), and after, what
// to do once the ack is out: anything that calls Slack. The submission's
// key is its view's, so a form Slack shows as failed and the person submits
// again has its effect once.
func (b *Bot) handleSubmission(ctx context.Context, envelopeID string, cb slack.InteractionCallback) (payload any, after func()) {
	key := tandem.EnvelopeKey(envelopeID)
	if cb.View.ID != "" {
		key = tandem.Key("view:" + cb.View.ID)
	}
	ok := true
	switch {
	case strings.HasPrefix(cb.View.CallbackID, "market_"):
		payload, after, ok = b.marketView(ctx, key, cb)
	case cb.View.CallbackID == callbackProfile:
		payload, after = b.submitProfileForm(ctx, key, cb)
	case strings.HasPrefix(cb.View.CallbackID, "admin_"):
		payload, after, ok = b.adminView(ctx, key, cb)
	default:
		payload, after, ok = b.followView(ctx, key, cb)
	}
	if !ok {
		b.log.WarnContext(ctx, "unknown view submitted", "callback", cb.View.CallbackID)
	}
	if after == nil {
		after = func() {}
	}
	return payload, after
}

// handleEvent handles an Events API event after its ack.
func (b *Bot) handleEvent(ctx context.Context, ev slackevents.EventsAPIEvent) {
	switch e := ev.InnerEvent.Data.(type) {
	case *slackevents.AppHomeOpenedEvent:
		if e.Tab != "" && e.Tab != "home" {
			return
		}
		if err := b.publishHome(ctx, tandem.UserID(e.User)); err != nil {
			b.log.ErrorContext(ctx, "publishing the home tab", keyUser, e.User, keyErr, err)
		}
	case *slackevents.MemberJoinedChannelEvent:
		b.memberJoined(ctx, e)
	default:
		b.log.DebugContext(ctx, "event ignored", "event", ev.InnerEvent.Type)
	}
}
