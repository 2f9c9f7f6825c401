package bot

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
)

// Block Kit limits (docs.slack.dev, reference/block-kit): Slack refuses a
// message that breaks one, so every message is built inside them.
const (
	maxBlocks      = 50
	maxSectionText = 3000
	maxButtonText  = 75
)

// Reply is what a command answers: one message, ephemeral unless InChannel.
type Reply struct {
	Text   string        // notification fallback, and the whole message when Blocks is empty
	Blocks []slack.Block // at most maxBlocks
	// More are further messages sent after this one, for answers too long
	// for one message.
	More      []Reply
	InChannel bool
}

// textReply turns mrkdwn into a reply, split into sections that fit.
func textReply(md string) Reply {
	return Reply{Text: fallback(md), Blocks: sections(md)}
}

// errorReply turns an error into what the user sees: the domain message
// for a *tandem.Error, the text given back for a too-long one, and a
// generic sentence for anything else (which the caller logs).
func errorReply(err error) Reply {
	var tl *TooLongError
	if errors.As(err, &tl) {
		head := fmt.Sprintf(":warning: Your %s has %d characters; the limit is %d. Nothing was saved. Here is your text so you can shorten it:", tl.What, tl.Got, tl.Limit)
		return echoReply(head, tl.Text)
	}
	return textReply(":warning: " + tandem.ErrorMessage(err))
}

// maxMessageChars keeps the text of one message's blocks under the
// undocumented total Slack accepts (msg_blocks_too_long at about 13,000).
const maxMessageChars = 11000

// echoReply gives a person's text back in code blocks after head, escaped,
// split across as many messages as Slack's limits need, so that nothing
// they typed is lost.
func echoReply(head, text string) Reply {
	var msgs []Reply
	cur := Reply{Text: fallback(head), Blocks: sections(head)}
	size := len(head)
	for _, part := range escChunks(text, maxSectionText-8) {
		if size+len(part)+6 > maxMessageChars || len(cur.Blocks) >= maxBlocks {
			msgs = append(msgs, cur)
			cur = Reply{Text: "Your text, continued"}
			size = 0
		}
		cur.Blocks = append(cur.Blocks, section("```"+part+"```"))
		size += len(part) + 6
	}
	msgs = append(msgs, cur)
	first := msgs[0]
	first.More = msgs[1:]
	return first
}

// sections splits mrkdwn at line breaks into section blocks of at most
// maxSectionText characters, and at most maxBlocks of them.
func sections(md string) []slack.Block {
	var blocks []slack.Block
	for _, part := range chunk(md, maxSectionText) {
		if strings.TrimSpace(part) == "" {
			continue
		}
		if len(blocks) == maxBlocks-1 {
			blocks = append(blocks, contextBlock("…cut short: this message would be too long for Slack."))
			break
		}
		blocks = append(blocks, slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, part, false, true), nil, nil))
	}
	return blocks
}

// chunk splits s into pieces of at most n characters, preferring line breaks.
func chunk(s string, n int) []string {
	var out []string
	for utf8.RuneCountInString(s) > n {
		cut := len(string([]rune(s)[:n]))
		if i := strings.LastIndexByte(s[:cut], '\n'); i > cut/2 {
			cut = i + 1
		}
		out = append(out, s[:cut])
		s = s[cut:]
	}
	return append(out, s)
}

func contextBlock(md string) slack.Block {
	return slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType, md, false, true))
}

func section(md string) slack.Block {
	return slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, md, false, true), nil, nil)
}

func header(text string) slack.Block {
	return slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, truncate(text, 150), true, false))
}

// button returns a button whose label is cut to Slack's limit.
func button(actionID, label, value string, style slack.Style) *slack.ButtonBlockElement {
	b := slack.NewButtonBlockElement(actionID, value, slack.NewTextBlockObject(slack.PlainTextType, truncate(label, maxButtonText), true, false))
	if style != "" {
		b.Style = style
	}
	return b
}

// fallback is the notification text: the first line of mrkdwn, short.
func fallback(md string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(md), "\n")
	return truncate(line, 300)
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// esc escapes user text for mrkdwn, so that what someone typed is shown as
// typed and cannot ping a channel or forge a link.
func esc(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// payload is the JSON a slash-command ack or a response_url post carries.
func (r Reply) payload() map[string]any {
	p := map[string]any{"text": r.Text, "response_type": "ephemeral"}
	if r.InChannel {
		p["response_type"] = "in_channel"
	}
	if len(r.Blocks) > 0 {
		p["blocks"] = r.Blocks
	}
	return p
}

// postResponseURL posts r to a response_url, which a slash command or an
// interaction carries and which works in any conversation for 30 minutes:
// ephemeral unless r.InChannel, replacing the clicked message if replace.
func postResponseURL(ctx context.Context, url string, r Reply, replace bool) error {
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

// msgOptions renders the reply for chat.postMessage and friends.
func (r Reply) msgOptions() []slack.MsgOption {
	opts := []slack.MsgOption{slack.MsgOptionText(r.Text, false)}
	if len(r.Blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(r.Blocks...))
	}
	return opts
}
