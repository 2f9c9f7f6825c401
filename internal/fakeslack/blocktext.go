package fakeslack

import (
	"bytes"
	"encoding/json"
	"strings"
)

// Element is an interactive element (button, select, overflow…) in a message
// or view, as a user could click it.
type Element struct {
	BlockID  string
	ActionID string
	Type     string
	Text     string // the button's label, "" for elements without one
	Value    string
	URL      string
}

// AllText returns the message's text and every text in its blocks (section
// text and fields, headers, context, button labels, options), one per line in
// document order, so tests can assert on what a user reads.
func (m Message) AllText() string { return allText(m.Text, m.Blocks) }

// Elements returns the message's interactive elements in document order.
func (m Message) Elements() []Element { return elements(m.Blocks) }

// AllText returns the view's title and every text in its blocks, one per
// line in document order.
func (v View) AllText() string { return allText(v.Title, v.Blocks) }

// Elements returns the view's interactive elements in document order.
func (v View) Elements() []Element { return elements(v.Blocks) }

func allText(text string, blocks json.RawMessage) string {
	parts := []string{}
	if text != "" {
		parts = append(parts, text)
	}
	parts = append(parts, textsIn(blocks)...)
	return strings.Join(parts, "\n")
}

// textsIn returns, in document order, every string value whose key is "text".
// It streams tokens rather than decoding into maps because maps lose the
// order in which a user reads the blocks.
func textsIn(raw json.RawMessage) []string {
	if len(raw) == 0 {
		return nil
	}
	type frame struct{ object, wantKey bool }
	var (
		out   []string
		stack []frame
		key   string
	)
	valueDone := func() {
		if n := len(stack); n > 0 && stack[n-1].object {
			stack[n-1].wantKey = true
		}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	for {
		tok, err := dec.Token()
		if err != nil {
			return out // io.EOF, or malformed JSON: keep what was read
		}
		top := len(stack) - 1
		switch t := tok.(type) {
		case json.Delim:
			if t == '{' || t == '[' {
				if top >= 0 && stack[top].object {
					stack[top].wantKey = false
				}
				stack = append(stack, frame{object: t == '{', wantKey: t == '{'})
				continue
			}
			stack = stack[:top]
			valueDone()
		case string:
			if top >= 0 && stack[top].object && stack[top].wantKey {
				key, stack[top].wantKey = t, false
				continue
			}
			if key == "text" && top >= 0 && stack[top].object && t != "" {
				out = append(out, t)
			}
			valueDone()
		default:
			valueDone()
		}
	}
}

func elements(raw json.RawMessage) []Element {
	var blocks []struct {
		BlockID   string            `json:"block_id"`
		Elements  []json.RawMessage `json:"elements"`
		Accessory json.RawMessage   `json:"accessory"`
		Element   json.RawMessage   `json:"element"`
	}
	if len(raw) == 0 || json.Unmarshal(raw, &blocks) != nil {
		return nil
	}
	var out []Element
	for _, b := range blocks {
		candidates := append(append([]json.RawMessage{}, b.Elements...), b.Accessory, b.Element)
		for _, c := range candidates {
			var e struct {
				Type     string `json:"type"`
				ActionID string `json:"action_id"`
				Value    string `json:"value"`
				URL      string `json:"url"`
				Text     struct {
					Text string `json:"text"`
				} `json:"text"`
			}
			if len(c) == 0 || json.Unmarshal(c, &e) != nil || e.ActionID == "" {
				continue
			}
			out = append(out, Element{BlockID: b.BlockID, ActionID: e.ActionID, Type: e.Type,
				Text: e.Text.Text, Value: e.Value, URL: e.URL})
		}
	}
	return out
}

// rawElement is an interactive element with its JSON, for the fields that
// Element leaves out (options, min_query_length, initial values).
type rawElement struct {
	BlockID, BlockType, ActionID, Type string
	Raw                                json.RawMessage
}

// rawElements returns the elements of blocks that carry an action_id, in
// document order, with the type of the block that holds each.
func rawElements(raw json.RawMessage) []rawElement {
	var blocks []struct {
		Type      string            `json:"type"`
		BlockID   string            `json:"block_id"`
		Elements  []json.RawMessage `json:"elements"`
		Accessory json.RawMessage   `json:"accessory"`
		Element   json.RawMessage   `json:"element"`
	}
	if len(raw) == 0 || json.Unmarshal(raw, &blocks) != nil {
		return nil
	}
	var out []rawElement
	for _, b := range blocks {
		for _, c := range append(append([]json.RawMessage{}, b.Elements...), b.Accessory, b.Element) {
			var e struct {
				Type     string `json:"type"`
				ActionID string `json:"action_id"`
			}
			if len(c) == 0 || json.Unmarshal(c, &e) != nil || e.ActionID == "" {
				continue
			}
			out = append(out, rawElement{BlockID: b.BlockID, BlockType: b.Type, ActionID: e.ActionID, Type: e.Type, Raw: c})
		}
	}
	return out
}

func findRawElement(blocks json.RawMessage, actionID, blockID string) (rawElement, bool) {
	for _, e := range rawElements(blocks) {
		if e.ActionID == actionID && (blockID == "" || e.BlockID == blockID) {
			return e, true
		}
	}
	return rawElement{}, false
}

// MarkdownText returns the texts of the message that Slack reads as mrkdwn,
// where a <…> token becomes a mention, a broadcast or a link: the fallback
// text and every mrkdwn text object, one per line. plain_text objects
// (headers, buttons, options, inputs) show a token as typed.
func (m Message) MarkdownText() string {
	return strings.Join(append([]string{m.Text}, markdownIn(m.Blocks)...), "\n")
}

// MarkdownText returns the view's mrkdwn texts; see Message.MarkdownText.
func (v View) MarkdownText() string { return strings.Join(markdownIn(v.Blocks), "\n") }

func markdownIn(raw json.RawMessage) []string {
	var tree any
	if len(raw) == 0 || json.Unmarshal(raw, &tree) != nil {
		return nil
	}
	var out []string
	var walk func(any)
	walk = func(n any) {
		switch n := n.(type) {
		case map[string]any:
			if n["type"] == "mrkdwn" {
				if s, ok := n["text"].(string); ok {
					out = append(out, s)
				}
			}
			for _, v := range n {
				walk(v)
			}
		case []any:
			for _, v := range n {
				walk(v)
			}
		}
	}
	walk(tree)
	return out
}
