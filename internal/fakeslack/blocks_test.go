package fakeslack

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject("plain_text", s, false, false)
}
func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject("mrkdwn", s, false, false)
}
func section(s string) slack.Block { return slack.NewSectionBlock(mrkdwn(s), nil, nil) }
func button(actionID, label, value string) *slack.ButtonBlockElement {
	return slack.NewButtonBlockElement(actionID, value, plain(label))
}

func TestInvalidBlocksAreRefused(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	api, ctx := newAPI(s), ctxT(t)
	many := func(n int) []slack.Block {
		out := make([]slack.Block, n)
		for i := range out {
			out[i] = slack.NewDividerBlock()
		}
		return out
	}
	withID := func(id string) slack.Block {
		return slack.NewSectionBlock(mrkdwn("x"), nil, nil, slack.SectionBlockOptionBlockID(id))
	}
	tests := []struct {
		name string
		opts []slack.MsgOption
		want string // "" for accepted
	}{
		{"valid", []slack.MsgOption{slack.MsgOptionText("hi", false), slack.MsgOptionBlocks(section("hi"), slack.NewActionBlock("a", button("x", "Yes", "1"), button("y", "No", "2")))}, ""},
		{"50 blocks", []slack.MsgOption{slack.MsgOptionBlocks(many(50)...)}, ""},
		{"51 blocks", []slack.MsgOption{slack.MsgOptionBlocks(many(51)...)}, "invalid_blocks"},
		{"section text 3001", []slack.MsgOption{slack.MsgOptionBlocks(section(strings.Repeat("é", 3001)))}, "invalid_blocks"},
		{"section text 3000", []slack.MsgOption{slack.MsgOptionBlocks(section(strings.Repeat("é", 3000)))}, ""},
		{"header 151", []slack.MsgOption{slack.MsgOptionBlocks(slack.NewHeaderBlock(plain(strings.Repeat("h", 151))))}, "invalid_blocks"},
		{"empty text", []slack.MsgOption{slack.MsgOptionBlocks(section(""))}, "invalid_blocks"},
		{"button text 76", []slack.MsgOption{slack.MsgOptionBlocks(slack.NewActionBlock("a", button("x", strings.Repeat("b", 76), "1")))}, "invalid_blocks"},
		{"button value 2001", []slack.MsgOption{slack.MsgOptionBlocks(slack.NewActionBlock("a", button("x", "Go", strings.Repeat("v", 2001))))}, "invalid_blocks"},
		{"duplicate action_id", []slack.MsgOption{slack.MsgOptionBlocks(slack.NewActionBlock("a", button("x", "Yes", "1"), button("x", "No", "2")))}, "invalid_blocks"},
		{"same action_id in two blocks", []slack.MsgOption{slack.MsgOptionBlocks(slack.NewActionBlock("a", button("x", "Yes", "1")), slack.NewActionBlock("b", button("x", "No", "2")))}, ""},
		{"duplicate block_id", []slack.MsgOption{slack.MsgOptionBlocks(withID("b1"), withID("b1"))}, "invalid_blocks"},
		{"block_id 256", []slack.MsgOption{slack.MsgOptionBlocks(withID(strings.Repeat("i", 256)))}, "invalid_blocks"},
		{"text 40001", []slack.MsgOption{slack.MsgOptionText(strings.Repeat("t", 40001), false)}, "msg_too_long"},
		{"nothing", nil, "no_text"},
	}
	for _, tc := range tests {
		_, _, err := api.PostMessageContext(ctx, program, tc.opts...)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("%s: err = %q, want %q", tc.name, got, tc.want)
		}
	}
	var refused int
	for _, tc := range tests {
		if tc.want != "" {
			refused++
		}
	}
	if v := s.Violations(); len(v) != refused || v[0].Source != "chat.postMessage" || v[0].Detail == "" {
		t.Errorf("violations = %+v, want %d from chat.postMessage", v, refused)
	}
}

func TestValidateView(t *testing.T) {
	t.Parallel()
	blocks := func(n int) string {
		return "[" + strings.TrimSuffix(strings.Repeat(`{"type":"divider"},`, n), ",") + "]"
	}
	title := `"title":{"type":"plain_text","text":"Quiz"}`
	for _, tc := range []struct{ name, view, want string }{
		{"home 100 blocks", `{"type":"home","blocks":` + blocks(100) + `}`, ""},
		{"home 101 blocks", `{"type":"home","blocks":` + blocks(101) + `}`, "invalid_blocks"},
		{"modal", `{"type":"modal",` + title + `,"blocks":[]}`, ""},
		{"modal without title", `{"type":"modal","blocks":[]}`, "invalid_arguments"},
		{"title 25", `{"type":"modal","title":{"type":"plain_text","text":"` + strings.Repeat("t", 25) + `"},"blocks":[]}`, "invalid_arguments"},
		{"input without submit", `{"type":"modal",` + title + `,"blocks":[{"type":"input","label":{"type":"plain_text","text":"Q"},"element":{"type":"plain_text_input","action_id":"q"}}]}`, "invalid_arguments"},
		{"unknown block", `{"type":"home","blocks":[{"type":"banner"}]}`, "invalid_blocks"},
	} {
		err := ValidateView(json.RawMessage(tc.view))
		var be *BlockError
		got := ""
		if errors.As(err, &be) {
			got = be.Code
		} else if err != nil {
			got = "not a *BlockError: " + err.Error()
		}
		if got != tc.want {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestAckAndResponseURLBlocksAreChecked(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	var blocks []slack.Block
	for range 51 {
		blocks = append(blocks, section("row"))
	}
	urls := make(chan string, 1)
	b := startBot(t, s, func(evt socketmode.Event) (any, bool) {
		urls <- evt.Data.(slack.SlashCommand).ResponseURL
		return map[string]any{"text": "too much", "blocks": blocks}, true
	})
	ctx := ctxT(t)
	if _, err := s.SlashCommand(ctx, SlashCommand{UserID: ana, ChannelID: program, Text: "report"}); err != nil {
		t.Fatal(err)
	}
	v := s.Violations()
	if len(v) != 1 || v[0].Source != "ack slash_commands" || v[0].Code != "invalid_blocks" {
		t.Fatalf("violations = %+v", v)
	}
	if len(s.Messages(program)) != 0 {
		t.Error("a refused ack reply was shown")
	}

	// The response_url refuses what Slack refuses, and takes five good posts.
	resp, cmdURL := b.api, <-urls
	if _, _, err := resp.PostMessageContext(ctx, "", slack.MsgOptionResponseURL(cmdURL, "in_channel"), slack.MsgOptionBlocks(section(""))); err == nil || err.Error() != "invalid_blocks" {
		t.Errorf("invalid response_url post: %v", err)
	}
	for i := range 5 {
		if _, _, err := resp.PostMessageContext(ctx, "", slack.MsgOptionResponseURL(cmdURL, "in_channel"), slack.MsgOptionText("ok", false)); err != nil {
			t.Fatalf("use %d: %v", i+2, err)
		}
	}
	_, _, err := resp.PostMessageContext(ctx, "", slack.MsgOptionResponseURL(cmdURL, "in_channel"), slack.MsgOptionText("ok", false))
	if err == nil || err.Error() != "used_url" {
		t.Errorf("sixth use: %v, want used_url", err)
	}
	if p := s.ResponseURLPosts(); len(p) != 7 || p[0].Error != "invalid_blocks" || p[1].ResponseType != "in_channel" {
		t.Errorf("response posts = %+v", p)
	}
	if m := s.Messages(program); len(m) != 5 || m[0].Ephemeral || m[0].Via != ResponseURLMethod {
		t.Errorf("messages = %+v, want 5 in-channel replies", m)
	}
	if v := s.Violations(); len(v) != 2 || v[1].Source != ResponseURLMethod {
		t.Errorf("violations = %+v", v)
	}
}

func TestAllTextAndElements(t *testing.T) {
	t.Parallel()
	blocks, _ := json.Marshal([]slack.Block{
		slack.NewHeaderBlock(plain("Weekly round")),
		slack.NewSectionBlock(mrkdwn("You are matched with *Bob*"), []*slack.TextBlockObject{mrkdwn("Topic: Go")},
			slack.NewAccessory(button("tandem_skip", "Skip", "g:1")), slack.SectionBlockOptionBlockID("intro")),
		slack.NewContextBlock("", mrkdwn("Reply by Friday")),
	})
	m := Message{Text: "fallback", Blocks: blocks}
	want := "fallback\nWeekly round\nYou are matched with *Bob*\nTopic: Go\nSkip\nReply by Friday"
	if got := m.AllText(); got != want {
		t.Errorf("AllText = %q, want %q", got, want)
	}
	e := m.Elements()
	if len(e) != 1 || e[0] != (Element{BlockID: "intro", ActionID: "tandem_skip", Type: "button", Text: "Skip", Value: "g:1"}) {
		t.Errorf("Elements = %+v", e)
	}
}

func TestMarkdownTextLeavesPlainTextOut(t *testing.T) {
	t.Parallel()
	m := Message{Text: "fallback <!here>", Blocks: json.RawMessage(`[
		{"type":"header","text":{"type":"plain_text","text":"<!channel> header"}},
		{"type":"section","text":{"type":"mrkdwn","text":"hi <@U1>"},
		 "accessory":{"type":"button","action_id":"a","text":{"type":"plain_text","text":"<@U2> button"}}}]`)}
	got := m.MarkdownText()
	if got != "fallback <!here>\nhi <@U1>" {
		t.Errorf("MarkdownText = %q", got)
	}
}
