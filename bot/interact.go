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
			if strings.HasPrefix(a.ActionID, "market_") {
				payload, ok = b.marketAction(ctx, key, cb, a)
			} else {
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
		if strings.HasPrefix(cb.View.CallbackID, "market_") {
			payload, ok = b.marketView(ctx, key, cb)
		} else {
			payload, ok = b.followView(ctx, key, cb)
		}
		if !ok {
			b.log.Warn("unknown view submitted", keyKind, cb.View.CallbackID)
		}
		return payload
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
	default:
		b.log.Debug("event ignored", keyKind, ev.InnerEvent.Type)
	}
}
