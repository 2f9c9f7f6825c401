package outbound

import (
	"context"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/lang"
	"github.com/tandem-dev/tandem/render"
)

// Board posts and redraws the marketplace's messages in program channels.
// It implements market.Board. A channel has no locale of its own: posts are
// in the program's language (its `language` setting), else the configured
// one, else English.
type Board struct {
	API       *slack.Client
	Views     render.Renderer
	Languages lang.Picker
	// Programs, if set, gives the program of a channel, for the language
	// of posts that are not given their program (asks).
	Programs interface {
		Program(ctx context.Context, channel tandem.ChannelID) (tandem.Program, error)
	}
}

// views is the renderer of p's channel posts.
func (b Board) views(p tandem.Program) render.Renderer {
	return b.Views.In(b.Languages.Channel(lang.Tag(p.Language)))
}

// viewsOf is the renderer of the posts in a channel, by its program.
func (b Board) viewsOf(ctx context.Context, channel tandem.ChannelID) render.Renderer {
	p := tandem.Program{Channel: channel}
	if b.Programs != nil {
		if got, err := b.Programs.Program(ctx, channel); err == nil {
			p = got
		}
	}
	return b.views(p)
}

// PostCall posts the call for topics and returns its ts.
func (b Board) PostCall(ctx context.Context, p tandem.Program, m tandem.Marketplace) (string, error) {
	return b.post(ctx, p.Channel, b.views(p).Call(p, m))
}

// PostAgenda posts the agenda of a closed marketplace and returns its ts.
func (b Board) PostAgenda(ctx context.Context, p tandem.Program, m tandem.Marketplace) (string, error) {
	return b.post(ctx, p.Channel, b.views(p).Agenda(p, m))
}

// ShowCall redraws a posted call with m's state.
func (b Board) ShowCall(ctx context.Context, p tandem.Program, m tandem.Marketplace, msg tandem.MessageRef) error {
	return Replace(ctx, b.API, msg, b.views(p).Call(p, m))
}

// ShowAgenda redraws a posted agenda with m's state.
func (b Board) ShowAgenda(ctx context.Context, p tandem.Program, m tandem.Marketplace, msg tandem.MessageRef) error {
	return Replace(ctx, b.API, msg, b.views(p).Agenda(p, m))
}

// PostAsk posts an urgent problem in its program's channel, naming helpers.
func (b Board) PostAsk(ctx context.Context, t tandem.Topic, helpers []tandem.UserID) (string, error) {
	return b.post(ctx, t.Program, b.viewsOf(ctx, t.Program).AskPost(t, helpers))
}

// WithdrawAsk replaces the post of an ask whose author was forgotten.
func (b Board) WithdrawAsk(ctx context.Context, msg tandem.MessageRef) error {
	return Replace(ctx, b.API, msg, b.viewsOf(ctx, msg.Channel).AskWithdrawn())
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
