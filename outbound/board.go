package outbound

import (
	"context"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/render"
)

// Board posts and redraws the marketplace's messages in program channels.
// It implements market.Board.
type Board struct {
	API   *slack.Client
	Views render.Renderer
}

// PostCall posts the call for topics and returns its ts.
func (b Board) PostCall(ctx context.Context, p tandem.Program, m tandem.Marketplace) (string, error) {
	return b.post(ctx, p.Channel, b.Views.Call(p, m))
}

// PostAgenda posts the agenda of a closed marketplace and returns its ts.
func (b Board) PostAgenda(ctx context.Context, p tandem.Program, m tandem.Marketplace) (string, error) {
	return b.post(ctx, p.Channel, b.Views.Agenda(p, m))
}

// ShowCall redraws a posted call with m's state.
func (b Board) ShowCall(ctx context.Context, p tandem.Program, m tandem.Marketplace, msg tandem.MessageRef) error {
	return Replace(ctx, b.API, msg, b.Views.Call(p, m))
}

// ShowAgenda redraws a posted agenda with m's state.
func (b Board) ShowAgenda(ctx context.Context, p tandem.Program, m tandem.Marketplace, msg tandem.MessageRef) error {
	return Replace(ctx, b.API, msg, b.Views.Agenda(p, m))
}

// PostAsk posts an urgent problem in its program's channel, naming helpers.
func (b Board) PostAsk(ctx context.Context, t tandem.Topic, helpers []tandem.UserID) (string, error) {
	return b.post(ctx, t.Program, render.AskPost(t, helpers))
}

// WithdrawAsk replaces the post of an ask whose author was forgotten.
func (b Board) WithdrawAsk(ctx context.Context, msg tandem.MessageRef) error {
	return Replace(ctx, b.API, msg, render.AskWithdrawn())
}

func (b Board) post(ctx context.Context, channel tandem.ChannelID, r render.Reply) (string, error) {
	_, ts, err := b.API.PostMessageContext(ctx, string(channel), r.MsgOptions()...)
	if err != nil {
		return "", fmt.Errorf("chat.postMessage %s: %w", channel, err)
	}
	return ts, nil
}

// Replace replaces a message the bot posted with r (chat.update).
func Replace(ctx context.Context, api *slack.Client, msg tandem.MessageRef, r render.Reply) error {
	if _, _, _, err := api.UpdateMessageContext(ctx, string(msg.Channel), msg.TS, r.MsgOptions()...); err != nil {
		return fmt.Errorf("chat.update %s %s: %w", msg.Channel, msg.TS, err)
	}
	return nil
}
