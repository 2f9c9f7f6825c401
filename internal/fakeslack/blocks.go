package fakeslack

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// Block Kit limits Slack enforces (docs.slack.dev, reference/block-kit).
const (
	maxMessageBlocks  = 50
	maxViewBlocks     = 100
	maxMessageText    = 40000
	maxSectionText    = 3000
	maxSectionFields  = 10
	maxFieldText      = 2000
	maxHeaderText     = 150
	maxActionElements = 25
	maxContextElems   = 10
	maxButtonText     = 75
	maxButtonValue    = 2000
	maxURL            = 3000
	maxID             = 255 // block_id, action_id, callback_id, external_id
	maxMarkdownBlock  = 12000
	maxViewTitle      = 24
	maxPrivateMeta    = 3000
	maxViewBytes      = 250000
)

// BlockError is Slack's refusal of a message or view. Code is the error the
// Web API answers (invalid_blocks, msg_too_long, no_text, …); Detail names the
// limit and where it was broken.
type BlockError struct {
	Code   string
	Detail string
}

// Error returns the code and the detail, e.g. "invalid_blocks: blocks[3]…".
func (e *BlockError) Error() string { return e.Code + ": " + e.Detail }

// maxMessageBlockText is the undocumented cap on all the text of a
// message's blocks: past about 13,000 characters Slack answers
// msg_blocks_too_long (slackapi/bolt-js#2509).
const maxMessageBlockText = 13000

func refuse(code, format string, args ...any) *BlockError {
	return &BlockError{Code: code, Detail: fmt.Sprintf(format, args...)}
}

// ValidateMessage reports, as a *BlockError, whether Slack would refuse a
// message with this text and these blocks (a JSON array, or nil for none).
// Render tests can call it without a Server.
func ValidateMessage(text string, blocks json.RawMessage) error {
	if err := validateMessage(text, blocks, false); err != nil {
		return err
	}
	return nil
}

func validateMessage(text string, blocks json.RawMessage, hasAttachments bool) *BlockError {
	if n := utf8.RuneCountInString(text); n > maxMessageText {
		return refuse("msg_too_long", "text: %d characters, at most %d", n, maxMessageText)
	}
	n := 0
	if len(blocks) > 0 && string(blocks) != "null" {
		list, err := checkBlocks(blocks, maxMessageBlocks)
		if err != nil {
			return err
		}
		n = len(list)
		total := 0
		for _, t := range textsIn(blocks) {
			total += utf8.RuneCountInString(t)
		}
		if total > maxMessageBlockText {
			return refuse("msg_blocks_too_long", "blocks: %d characters of text in all, at most about %d", total, maxMessageBlockText)
		}
	}
	if text == "" && n == 0 && !hasAttachments {
		return refuse("no_text", "neither text nor blocks")
	}
	return nil
}

// ValidateView reports, as a *BlockError, whether Slack would refuse a view
// (a modal or Home tab) in views.open, views.publish or views.update.
func ValidateView(view json.RawMessage) error {
	if err := validateView(view); err != nil {
		return err
	}
	return nil
}

func validateView(raw json.RawMessage) *BlockError {
	if len(raw) > maxViewBytes {
		return refuse("view_too_large", "view: %d bytes, at most %d", len(raw), maxViewBytes)
	}
	var v map[string]json.RawMessage
	if err := json.Unmarshal(raw, &v); err != nil || v == nil {
		return refuse("invalid_arguments", "view: not a JSON object")
	}
	var typ, meta, callbackID, externalID string
	_ = json.Unmarshal(v["type"], &typ)
	_ = json.Unmarshal(v["private_metadata"], &meta)
	_ = json.Unmarshal(v["callback_id"], &callbackID)
	_ = json.Unmarshal(v["external_id"], &externalID)
	if typ != "modal" && typ != "home" {
		return refuse("invalid_arguments", "view.type: %q, want modal or home", typ)
	}
	if n := utf8.RuneCountInString(meta); n > maxPrivateMeta {
		return refuse("invalid_arguments", "view.private_metadata: %d characters, at most %d", n, maxPrivateMeta)
	}
	if len(callbackID) > maxID || len(externalID) > maxID {
		return refuse("invalid_arguments", "view.callback_id or external_id: over %d characters", maxID)
	}
	blocks, err := checkBlocks(v["blocks"], maxViewBlocks)
	if err != nil {
		return err
	}
	if typ == "home" {
		return nil
	}
	for _, name := range []string{"title", "submit", "close"} {
		if v[name] == nil && name != "title" {
			continue
		}
		var t any
		_ = json.Unmarshal(v[name], &t)
		if err := checkText("view."+name, t, maxViewTitle, true); err != nil {
			return refuse("invalid_arguments", "%s", err.Detail)
		}
	}
	for _, b := range blocks {
		if b["type"] == "input" && v["submit"] == nil {
			return refuse("invalid_arguments", "view.submit: required when the view has an input block")
		}
	}
	return nil
}

// checkBlocks parses a blocks array and checks every block in it.
func checkBlocks(raw json.RawMessage, max int) ([]map[string]any, *BlockError) {
	var blocks []map[string]any
	if err := json.Unmarshal(raw, &blocks); err != nil {
		return nil, refuse("invalid_blocks_format", "blocks: %v", err)
	}
	if len(blocks) > max {
		return nil, refuse("invalid_blocks", "blocks: %d blocks, at most %d", len(blocks), max)
	}
	blockIDs := map[string]bool{}
	for i, b := range blocks {
		path := fmt.Sprintf("blocks[%d]", i)
		if id, ok := b["block_id"].(string); ok {
			if len(id) > maxID || id == "" {
				return nil, refuse("invalid_blocks", "%s.block_id: %d characters, want 1 to %d", path, len(id), maxID)
			}
			if blockIDs[id] {
				return nil, refuse("invalid_blocks", "%s.block_id: %q is not unique", path, id)
			}
			blockIDs[id] = true
		}
		if err := checkBlock(path, b); err != nil {
			return nil, err
		}
	}
	return blocks, nil
}

func checkBlock(path string, b map[string]any) *BlockError {
	actionIDs := map[string]bool{}
	switch typ, _ := b["type"].(string); typ {
	case "section":
		fields, hasFields := b["fields"].([]any)
		if b["text"] == nil && !hasFields {
			return refuse("invalid_blocks", "%s: a section needs text or fields", path)
		}
		if b["text"] != nil {
			if err := checkText(path+".text", b["text"], maxSectionText, false); err != nil {
				return err
			}
		}
		if len(fields) > maxSectionFields {
			return refuse("invalid_blocks", "%s.fields: %d fields, at most %d", path, len(fields), maxSectionFields)
		}
		for i, f := range fields {
			if err := checkText(fmt.Sprintf("%s.fields[%d]", path, i), f, maxFieldText, false); err != nil {
				return err
			}
		}
		if acc, ok := b["accessory"]; ok {
			return checkElement(path+".accessory", acc, actionIDs)
		}
	case "header":
		return checkText(path+".text", b["text"], maxHeaderText, true)
	case "actions", "context":
		elems, _ := b["elements"].([]any)
		max := map[string]int{"actions": maxActionElements, "context": maxContextElems}[typ]
		if len(elems) == 0 || len(elems) > max {
			return refuse("invalid_blocks", "%s.elements: %d elements, want 1 to %d", path, len(elems), max)
		}
		for i, e := range elems {
			p := fmt.Sprintf("%s.elements[%d]", path, i)
			if m, _ := e.(map[string]any); typ == "context" && (m["type"] == "plain_text" || m["type"] == "mrkdwn") {
				if err := checkText(p, e, maxSectionText, false); err != nil {
					return err
				}
			} else if err := checkElement(p, e, actionIDs); err != nil {
				return err
			}
		}
	case "input":
		if err := checkText(path+".label", b["label"], maxFieldText, true); err != nil {
			return err
		}
		if b["hint"] != nil {
			if err := checkText(path+".hint", b["hint"], maxFieldText, true); err != nil {
				return err
			}
		}
		return checkElement(path+".element", b["element"], actionIDs)
	case "markdown":
		s, _ := b["text"].(string)
		if n := utf8.RuneCountInString(s); n == 0 || n > maxMarkdownBlock {
			return refuse("invalid_blocks", "%s.text: %d characters, want 1 to %d", path, n, maxMarkdownBlock)
		}
	case "divider", "image", "file", "rich_text", "video", "table", "call":
	default:
		return refuse("invalid_blocks", "%s.type: unknown block type %q", path, typ)
	}
	return nil
}

func checkElement(path string, v any, actionIDs map[string]bool) *BlockError {
	e, ok := v.(map[string]any)
	if !ok || e["type"] == nil {
		return refuse("invalid_blocks", "%s: not a block element", path)
	}
	if id, ok := e["action_id"].(string); ok {
		if len(id) > maxID || id == "" {
			return refuse("invalid_blocks", "%s.action_id: %d characters, want 1 to %d", path, len(id), maxID)
		}
		if actionIDs[id] {
			return refuse("invalid_blocks", "%s.action_id: %q is not unique in its block", path, id)
		}
		actionIDs[id] = true
	}
	if e["placeholder"] != nil {
		if err := checkText(path+".placeholder", e["placeholder"], 150, true); err != nil {
			return err
		}
	}
	options, _ := e["options"].([]any)
	for i, o := range options {
		m, _ := o.(map[string]any)
		if err := checkText(fmt.Sprintf("%s.options[%d].text", path, i), m["text"], maxButtonText, false); err != nil {
			return err
		}
	}
	if e["type"] != "button" {
		return nil
	}
	if err := checkText(path+".text", e["text"], maxButtonText, true); err != nil {
		return err
	}
	if s, _ := e["value"].(string); utf8.RuneCountInString(s) > maxButtonValue {
		return refuse("invalid_blocks", "%s.value: %d characters, at most %d", path, utf8.RuneCountInString(s), maxButtonValue)
	}
	if s, _ := e["url"].(string); len(s) > maxURL {
		return refuse("invalid_blocks", "%s.url: %d characters, at most %d", path, len(s), maxURL)
	}
	return nil
}

// checkText checks a text object: a known type, non-empty text (Slack
// refuses an empty one), and at most max characters.
func checkText(path string, v any, max int, plainOnly bool) *BlockError {
	t, ok := v.(map[string]any)
	if !ok {
		return refuse("invalid_blocks", "%s: missing text object", path)
	}
	typ, _ := t["type"].(string)
	if typ != "plain_text" && (plainOnly || typ != "mrkdwn") {
		return refuse("invalid_blocks", "%s.type: %q is not allowed here", path, typ)
	}
	s, _ := t["text"].(string)
	n := utf8.RuneCountInString(s)
	if n == 0 {
		return refuse("invalid_blocks", "%s.text: must be more than 0 characters", path)
	}
	if n > max {
		return refuse("invalid_blocks", "%s.text: %d characters, at most %d", path, n, max)
	}
	return nil
}
