package bot

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem/command"
	"github.com/tandem-dev/tandem/render"
)

// errorReply turns an error into what the user sees: the domain message
// for a *tandem.Error, the text given back for a too-long one, and a
// generic sentence for anything else (which the caller logs).
func errorReply(v render.Renderer, err error) render.Reply {
	var tl *command.TooLongError
	if errors.As(err, &tl) {
		head := v.T("reply.too_long_"+tl.What, "Got", tl.Got, "Limit", tl.Limit)
		return v.Echo(head, tl.Text)
	}
	return v.Text(":warning: " + v.ErrorText(err))
}

// sorryIn is what a person reads when handling their request failed in a
// way tandem did not expect.
func sorryIn(v render.Renderer) render.Reply { return v.Text(v.T("reply.sorry")) }

// postResponseURL posts r to a response_url, which a slash command or an
// interaction carries and which works in any conversation for 30 minutes:
// ephemeral unless r.InChannel, replacing the clicked message if replace.
func postResponseURL(ctx context.Context, url string, r render.Reply, replace bool) error {
	if url == "" {
		return errors.New("no response_url")
	}
	msg := &slack.WebhookMessage{Text: r.Text, ResponseType: "ephemeral", ReplaceOriginal: replace}
	if r.InChannel {
		msg.ResponseType = "in_channel"
	}
	if len(r.Blocks) > 0 {
		msg.Blocks = &slack.Blocks{BlockSet: r.Blocks}
	}
	client := &http.Client{Timeout: 15 * time.Second}
	if err := slack.PostWebhookCustomHTTPContext(ctx, url, client, msg); err != nil {
		return fmt.Errorf("response_url: %w", err)
	}
	return nil
}
