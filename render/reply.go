package render

import (
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"
)

// Block Kit limits (docs.slack.dev, reference/block-kit): Slack refuses a
// message that breaks one, so every message is built inside them.
const (
	MaxBlocks      = 50
	MaxSectionText = 3000
	MaxButtonText  = 75
	// MaxTitle is the longest title, submit or close text of a modal.
	MaxTitle = 24
	// MaxMessageChars keeps the text of one message's blocks under the
	// undocumented total Slack accepts (msg_blocks_too_long at about 13,000).
	MaxMessageChars = 11000
)

// Reply is one message: ephemeral unless InChannel.
type Reply struct {
	Text   string        // notification fallback, and the whole message when Blocks is empty
	Blocks []slack.Block // at most MaxBlocks
	// More are further messages sent after this one, for answers too long
	// for one message.
	More      []Reply
	InChannel bool
}

// Text turns mrkdwn into a reply, split into sections that fit.
func Text(md string) Reply { return Renderer{}.Text(md) }

// Text turns mrkdwn into a reply, split into sections that fit, in r's
// language.
func (r Renderer) Text(md string) Reply {
	return Reply{Text: Fallback(md), Blocks: r.Sections(md)}
}

// Echo gives a person's text back in code blocks after head, escaped,
// split across as many messages as Slack's limits need, so that nothing
// they typed is lost.
func (r Renderer) Echo(head, text string) Reply {
	var msgs []Reply
	cur := Reply{Text: Fallback(head), Blocks: r.Sections(head)}
	size := len(head)
	for _, part := range EscChunks(text, MaxSectionText-8) {
		if size+len(part)+6 > MaxMessageChars || len(cur.Blocks) >= MaxBlocks {
			msgs = append(msgs, cur)
			cur = Reply{Text: r.T("reply.text_continued")}
			size = 0
		}
		cur.Blocks = append(cur.Blocks, Section("```"+part+"```"))
		size += len(part) + 6
	}
	msgs = append(msgs, cur)
	first := msgs[0]
	first.More = msgs[1:]
	return first
}

// Sections splits mrkdwn at line breaks into section blocks of at most
// MaxSectionText characters, and at most MaxBlocks of them.
func Sections(md string) []slack.Block { return Renderer{}.Sections(md) }

// Sections is Sections with the note on a cut message in r's language.
func (r Renderer) Sections(md string) []slack.Block {
	var blocks []slack.Block
	for _, part := range chunk(md, MaxSectionText) {
		if strings.TrimSpace(part) == "" {
			continue
		}
		if len(blocks) == MaxBlocks-1 {
			blocks = append(blocks, Context(r.T("reply.cut_short")))
			break
		}
		blocks = append(blocks, Section(part))
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

// Payload is the JSON a slash-command ack or a response_url post carries.
func (r Reply) Payload() map[string]any {
	p := map[string]any{"text": r.Text, "response_type": "ephemeral"}
	if r.InChannel {
		p["response_type"] = "in_channel"
	}
	if len(r.Blocks) > 0 {
		p["blocks"] = r.Blocks
	}
	return p
}

// MsgOptions renders the reply for chat.postMessage and friends.
func (r Reply) MsgOptions() []slack.MsgOption {
	opts := []slack.MsgOption{slack.MsgOptionText(r.Text, false)}
	if len(r.Blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(r.Blocks...))
	}
	return opts
}

// Settle replaces a message's buttons with a line saying what happened.
func Settle(r Reply, status string) Reply {
	var blocks []slack.Block
	for _, bl := range r.Blocks {
		if _, ok := bl.(*slack.ActionBlock); !ok {
			blocks = append(blocks, bl)
		}
	}
	r.Blocks = append(blocks, Context(status))
	return r
}
