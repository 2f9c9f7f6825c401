package fakeslack

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
	"unicode/utf8"
)

// Limits of an options response to block_suggestion (Slack's external
// select reference).
const (
	maxSuggestOptions = 100
	maxOptionText     = 75
	maxOptionValue    = 150
	defaultMinQuery   = 3 // min_query_length when the element sets none
)

// SelectOption is one choice of a select menu, radio buttons or checkboxes.
type SelectOption struct {
	Text        string
	Value       string
	Description string // "" when none
}

// SelectOptionGroup is a labelled group of options, as option_groups holds them.
type SelectOptionGroup struct {
	Label   string
	Options []SelectOption
}

// BlockSuggestion is a user typing into an external_select or
// multi_external_select, which makes Slack ask the app for options.
type BlockSuggestion struct {
	UserID    string
	ViewID    string // the modal or Home tab holding the menu
	ChannelID string // or, with MessageTS, the message holding it
	MessageTS string
	ActionID  string
	BlockID   string // looked up in the view or message when ""
	Value     string // what the user typed so far
}

// Suggestion is the app's answer to a block_suggestion, decoded from its ack.
type Suggestion struct {
	Options      []SelectOption      // from "options"
	OptionGroups []SelectOptionGroup // from "option_groups"
	Latency      time.Duration       // from writing the envelope to reading the ack
	Ack          Ack
}

// All returns every option offered, those of groups included, in order.
func (g Suggestion) All() []SelectOption {
	out := append([]SelectOption(nil), g.Options...)
	for _, grp := range g.OptionGroups {
		out = append(out, grp.Options...)
	}
	return out
}

// BlockSuggestion delivers a block_suggestion envelope and returns the
// options the app answered in its ack. The element must be an external
// select shown in the view or message the fake holds, and Value must be at
// least its min_query_length long (Slack's default: 3), or Slack would not
// ask. The answer is checked as Slack checks it: at most 100 options (or
// groups, each of at most 100), plain_text texts and labels of 1 to 75
// characters, values of at most 150. An answer Slack would refuse is
// recorded as a Violation and returned as a *BlockError, along with what was
// decoded. The options offered are remembered, so a later ViewSubmission can
// select one of them by value.
func (s *Server) BlockSuggestion(ctx context.Context, bs BlockSuggestion) (Suggestion, error) {
	s.mu.Lock()
	env, key, err := s.suggestionEnvelopeLocked(bs)
	s.mu.Unlock()
	if err != nil {
		return Suggestion{}, err
	}
	ack, err := s.Send(ctx, env)
	if err != nil {
		return Suggestion{}, err
	}
	sg, berr := decodeSuggestion(ack)
	s.mu.Lock()
	if berr != nil {
		s.violationLocked("ack block_suggestion", berr)
	} else {
		s.ui.suggested[key] = sg.All()
	}
	s.mu.Unlock()
	if berr != nil {
		return sg, berr
	}
	return sg, nil
}

func (s *Server) suggestionEnvelopeLocked(bs BlockSuggestion) (Envelope, string, error) {
	u, ok := s.ws.users[bs.UserID]
	if !ok {
		return Envelope{}, "", fmt.Errorf("fakeslack: block suggestion: unknown user %q", bs.UserID)
	}
	p := s.interactionBaseLocked("block_suggestion", u)
	delete(p, "trigger_id") // Slack sends none with a suggestion request
	var blocks json.RawMessage
	var container string
	switch {
	case bs.ViewID != "":
		v, ok := s.ui.views[bs.ViewID]
		if !ok || v.UserID != u.ID || v.Closed {
			return Envelope{}, "", fmt.Errorf("fakeslack: block suggestion: no view %q shown to %s", bs.ViewID, u.ID)
		}
		blocks, container = v.Blocks, v.ID
		p["container"] = map[string]any{"type": "view", "view_id": v.ID}
		p["view"] = v.Raw
	case bs.ChannelID != "" && bs.MessageTS != "":
		m, ok := s.messageLocked(bs.ChannelID, bs.MessageTS)
		if !ok || (m.Ephemeral && m.User != u.ID) {
			return Envelope{}, "", fmt.Errorf("fakeslack: block suggestion: no message %s in %s shown to %s", bs.MessageTS, bs.ChannelID, u.ID)
		}
		blocks, container = m.Blocks, m.Channel+"/"+m.TS
		p["container"] = map[string]any{"type": "message", "message_ts": m.TS, "channel_id": m.Channel, "is_ephemeral": m.Ephemeral}
		p["channel"] = map[string]any{"id": m.Channel, "name": s.ws.channels[m.Channel].name}
		if !m.Ephemeral {
			p["message"] = s.wireMessageLocked(m)
		}
	default:
		return Envelope{}, "", fmt.Errorf("fakeslack: block suggestion: needs ViewID, or ChannelID and MessageTS")
	}
	e, ok := findRawElement(blocks, bs.ActionID, bs.BlockID)
	if !ok || (e.Type != "external_select" && e.Type != "multi_external_select") {
		return Envelope{}, "", fmt.Errorf("fakeslack: block suggestion: no external select with action_id %q (block_id %q) is shown", bs.ActionID, bs.BlockID)
	}
	var el struct {
		MinQueryLength *int `json:"min_query_length"`
	}
	_ = json.Unmarshal(e.Raw, &el)
	minQuery := defaultMinQuery
	if el.MinQueryLength != nil {
		minQuery = *el.MinQueryLength
	}
	if n := utf8.RuneCountInString(bs.Value); n < minQuery {
		return Envelope{}, "", fmt.Errorf("fakeslack: block suggestion: %d characters typed, Slack asks from min_query_length %d", n, minQuery)
	}
	p["action_id"], p["block_id"], p["value"] = e.ActionID, e.BlockID, bs.Value
	payload, _ := json.Marshal(p)
	return Envelope{Type: "interactive", AcceptsResponsePayload: true, Payload: payload},
		suggestionKey(container, e.BlockID, e.ActionID), nil
}

func suggestionKey(container, blockID, actionID string) string {
	return container + "/" + blockID + "/" + actionID
}

// wireOption is an option object as Block Kit writes it.
type wireOption struct {
	Text struct {
		Type string `json:"type"`
		Text string `json:"text"`
	} `json:"text"`
	Value       string `json:"value"`
	Description *struct {
		Text string `json:"text"`
	} `json:"description"`
}

func (o wireOption) option() SelectOption {
	opt := SelectOption{Text: o.Text.Text, Value: o.Value}
	if o.Description != nil {
		opt.Description = o.Description.Text
	}
	return opt
}

// decodeSuggestion decodes and checks an options response.
func decodeSuggestion(ack Ack) (Suggestion, *BlockError) {
	sg := Suggestion{Latency: ack.Latency, Ack: ack}
	if ack.Payload == nil {
		return sg, nil // Slack shows "no results"
	}
	var p struct {
		Options      *[]wireOption `json:"options"`
		OptionGroups *[]struct {
			Label struct {
				Type string `json:"type"`
				Text string `json:"text"`
			} `json:"label"`
			Options []wireOption `json:"options"`
		} `json:"option_groups"`
	}
	if err := json.Unmarshal(ack.Payload, &p); err != nil {
		return sg, refuse("invalid_options", "block_suggestion ack: %v", err)
	}
	if p.Options != nil && p.OptionGroups != nil {
		return sg, refuse("invalid_options", "block_suggestion ack: both options and option_groups")
	}
	var err *BlockError
	check := func(path string, list []wireOption) []SelectOption {
		if len(list) > maxSuggestOptions && err == nil {
			err = refuse("invalid_options", "%s: %d options, at most %d", path, len(list), maxSuggestOptions)
		}
		out := make([]SelectOption, 0, len(list))
		for i, o := range list {
			n, v := utf8.RuneCountInString(o.Text.Text), utf8.RuneCountInString(o.Value)
			switch {
			case err != nil:
			case o.Text.Type != "plain_text":
				err = refuse("invalid_options", "%s[%d].text.type: %q, want plain_text", path, i, o.Text.Type)
			case n == 0 || n > maxOptionText:
				err = refuse("invalid_options", "%s[%d].text: %d characters, want 1 to %d", path, i, n, maxOptionText)
			case v == 0 || v > maxOptionValue:
				err = refuse("invalid_options", "%s[%d].value: %d characters, want 1 to %d", path, i, v, maxOptionValue)
			case o.Description != nil && utf8.RuneCountInString(o.Description.Text) > maxOptionText:
				err = refuse("invalid_options", "%s[%d].description: over %d characters", path, i, maxOptionText)
			}
			out = append(out, o.option())
		}
		return out
	}
	if p.Options != nil {
		sg.Options = check("options", *p.Options)
	}
	if p.OptionGroups != nil {
		groups := *p.OptionGroups
		if len(groups) > maxSuggestOptions {
			err = refuse("invalid_options", "option_groups: %d groups, at most %d", len(groups), maxSuggestOptions)
		}
		for i, g := range groups {
			if n := utf8.RuneCountInString(g.Label.Text); err == nil && (g.Label.Type != "plain_text" || n == 0 || n > maxOptionText) {
				err = refuse("invalid_options", "option_groups[%d].label: %q text of %d characters, want plain_text of 1 to %d", i, g.Label.Type, n, maxOptionText)
			}
			sg.OptionGroups = append(sg.OptionGroups, SelectOptionGroup{Label: g.Label.Text,
				Options: check(fmt.Sprintf("option_groups[%d].options", i), g.Options)})
		}
	}
	return sg, err
}
