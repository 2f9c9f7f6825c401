package bot

import (
	"context"
	"strings"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/tandem-dev/tandem"
)

// handleInteraction handles a button click or a modal submission and
// returns the ack payload (nil for a plain ack). Marketplace actions and
// views are named "market_…"; everything else is follow-through.
func (b *Bot) handleInteraction(ctx context.Context, envelopeID string, cb slack.InteractionCallback) any {
	key := tandem.EnvelopeKey(envelopeID)
	switch cb.Type {
	case slack.InteractionTypeBlockActions:
		for _, a := range cb.ActionCallback.BlockActions {
			var payload any
			var ok bool
			switch {
			case strings.HasPrefix(a.ActionID, "market_"):
				payload, ok = b.marketAction(ctx, key, cb, a)
			case strings.HasPrefix(a.ActionID, "onboard_"):
				payload, ok = b.onboardAction(ctx, key, cb, a)
			case strings.HasPrefix(a.ActionID, "admin_"):
				payload, ok = b.adminAction(ctx, key, cb, a)
			default:
				payload, ok = b.followAction(ctx, key, cb, a)
			}
			if !ok {
				b.log.Warn("unknown action", keyKind, a.ActionID)
			}
			if payload != nil {
				return payload
			}
		}
	case slack.InteractionTypeViewSubmission:
		var payload any
		var ok bool
		switch {
		case strings.HasPrefix(cb.View.CallbackID, "market_"):
			payload, ok = b.marketView(ctx, key, cb)
		case cb.View.CallbackID == callbackProfile:
			payload, ok = b.submitProfileForm(ctx, key, cb), true
		case strings.HasPrefix(cb.View.CallbackID, "admin_"):
			payload, ok = b.adminView(ctx, key, cb)
		default:
			payload, ok = b.followView(ctx, key, cb)
		}
		if !ok {
			b.log.Warn("unknown view submitted", keyKind, cb.View.CallbackID)
		}
		return payload
	case slack.InteractionTypeBlockSuggestion:
		return b.suggest(ctx, cb)
	default:
		b.log.Debug("interaction ignored", keyKind, string(cb.Type))
	}
	return nil
}

// handleEvent handles an Events API event after its ack.
func (b *Bot) handleEvent(ctx context.Context, ev slackevents.EventsAPIEvent) {
	switch e := ev.InnerEvent.Data.(type) {
	case *slackevents.AppHomeOpenedEvent:
		if e.Tab != "" && e.Tab != "home" {
			return
		}
		if err := b.publishHome(ctx, tandem.UserID(e.User)); err != nil {
			b.log.Error("publishing the home tab", keyUser, e.User, keyErr, err)
		}
	case *slackevents.MemberJoinedChannelEvent:
		b.memberJoined(ctx, e)
	default:
		b.log.Debug("event ignored", keyKind, ev.InnerEvent.Type)
	}
}
