package fakeslack

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// StateValue is the state of one input element in a submitted view. Set the
// field that matches the element's type:
//
//	plain_text_input, number_input,
//	email_text_input, url_text_input        Value
//	static_select, external_select,
//	radio_buttons                           SelectedOption (the option's value)
//	multi_static_select,
//	multi_external_select, checkboxes       SelectedOptions (the options' values)
//	users_select / multi_users_select       SelectedUser / SelectedUsers
//	conversations_select / multi_…          SelectedConversation / SelectedConversations
//	channels_select / multi_channels_select SelectedChannel / SelectedChannels
//	datepicker / timepicker                 SelectedDate (2026-01-31) / SelectedTime (14:30)
//
// Leaving them all zero submits the element empty.
type StateValue struct {
	Type                  string // the element's type; taken from the view when ""
	Value                 string
	SelectedOption        string
	SelectedOptions       []string
	SelectedUser          string
	SelectedUsers         []string
	SelectedConversation  string
	SelectedConversations []string
	SelectedChannel       string
	SelectedChannels      []string
	SelectedDate          string
	SelectedTime          string
}

// stateKinds maps an element type to the state field Slack sends for it.
var stateKinds = map[string]string{
	"plain_text_input": "value", "number_input": "value", "email_text_input": "value", "url_text_input": "value",
	"static_select": "selected_option", "external_select": "selected_option", "radio_buttons": "selected_option",
	"multi_static_select": "selected_options", "multi_external_select": "selected_options", "checkboxes": "selected_options",
	"users_select": "selected_user", "multi_users_select": "selected_users",
	"conversations_select": "selected_conversation", "multi_conversations_select": "selected_conversations",
	"channels_select": "selected_channel", "multi_channels_select": "selected_channels",
	"datepicker": "selected_date", "timepicker": "selected_time",
}

// set returns the state fields v sets, by their wire name.
func (v StateValue) set() map[string]any {
	m := map[string]any{}
	for name, val := range map[string]string{"value": v.Value, "selected_option": v.SelectedOption,
		"selected_user": v.SelectedUser, "selected_conversation": v.SelectedConversation,
		"selected_channel": v.SelectedChannel, "selected_date": v.SelectedDate, "selected_time": v.SelectedTime} {
		if val != "" {
			m[name] = val
		}
	}
	for name, val := range map[string][]string{"selected_options": v.SelectedOptions, "selected_users": v.SelectedUsers,
		"selected_conversations": v.SelectedConversations, "selected_channels": v.SelectedChannels} {
		if val != nil {
			m[name] = val
		}
	}
	return m
}

// legacyWire is the state of an element of unknown type, in a view the fake
// never saw: the one field set, options with their value as text.
func (v StateValue) legacyWire() map[string]any {
	m := map[string]any{"type": v.Type}
	set := v.set()
	if len(set) == 0 {
		m["value"] = nil // Slack sends null for an empty optional input
		return m
	}
	names := make([]string, 0, len(set))
	for name := range set {
		names = append(names, name)
	}
	sort.Strings(names)
	name := names[0]
	switch val := set[name].(type) {
	case string:
		if name == "selected_option" {
			m[name] = plainOption(val)
		} else {
			m[name] = val
		}
	case []string:
		if name == "selected_options" {
			opts := []any{}
			for _, o := range val {
				opts = append(opts, plainOption(o))
			}
			m[name] = opts
		} else {
			m[name] = val
		}
	}
	return m
}

func plainOption(value string) map[string]any {
	return map[string]any{"value": value, "text": map[string]any{"type": "plain_text", "text": value, "emoji": true}}
}

// ViewSubmission is a user submitting a modal.
type ViewSubmission struct {
	UserID          string
	ViewID          string                           // a modal opened with views.open; "" for one the fake never saw
	CallbackID      string                           // used when ViewID is ""
	PrivateMetadata string                           // used when ViewID is ""
	Values          map[string]map[string]StateValue // block_id -> action_id -> state
}

// ViewSubmission delivers a view_submission envelope and returns the ack,
// whose ResponseAction and Errors (or View) say what the bot asked Slack to
// do. For a known modal, every value must belong to one of its elements and
// suit its type: a selected option must be one the element offers (for an
// external select, one a BlockSuggestion offered; the value is its text when
// none did), users and conversations must exist. The state is then sent
// exactly as Slack sends it, view.state.values[block_id][action_id] with
// type and value, selected_option, selected_options, selected_user …; an
// input the submission leaves out carries its initial value, or null (an
// empty list for multi-selects). The ack is applied: an empty ack closes the
// modal, clear closes every modal of the user, update replaces it, push
// opens a new one on top, errors keeps it open.
func (s *Server) ViewSubmission(ctx context.Context, sub ViewSubmission) (Ack, error) {
	s.mu.Lock()
	env, err := s.viewSubmissionEnvelopeLocked(sub)
	s.mu.Unlock()
	if err != nil {
		return Ack{}, err
	}
	return s.Send(ctx, env)
}

// SubmitAgain delivers the same submission of a modal twice, as Slack does
// when the person clicks Submit again after Slack told them the app did
// not answer in time: two envelopes (two envelope IDs) carrying the same
// view, its ID and the values as they stood at the first click. It returns
// both acks; the second acts on the view as Slack left it after the first.
func (s *Server) SubmitAgain(ctx context.Context, sub ViewSubmission) (first, second Ack, err error) {
	s.mu.Lock()
	env, err := s.viewSubmissionEnvelopeLocked(sub)
	s.mu.Unlock()
	if err != nil {
		return Ack{}, Ack{}, err
	}
	if first, err = s.Send(ctx, env); err != nil {
		return first, Ack{}, err
	}
	env.EnvelopeID = ""
	second, err = s.Send(ctx, env)
	return first, second, err
}

func (s *Server) viewSubmissionEnvelopeLocked(sub ViewSubmission) (Envelope, error) {
	u, ok := s.ws.users[sub.UserID]
	if !ok {
		return Envelope{}, fmt.Errorf("fakeslack: view submission: unknown user %q", sub.UserID)
	}
	values := map[string]any{}
	view := map[string]any{}
	if sub.ViewID == "" {
		view = map[string]any{"id": s.idLocked("V"), "type": "modal", "team_id": s.cfg.teamID,
			"callback_id": sub.CallbackID, "private_metadata": sub.PrivateMetadata, "app_id": s.cfg.appID,
			"hash": fmt.Sprintf("%d.%08x", time.Now().Unix(), s.nextLocked())}
		for blockID, actions := range sub.Values {
			wired := map[string]any{}
			for actionID, val := range actions {
				wired[actionID] = val.legacyWire()
			}
			values[blockID] = wired
		}
	} else {
		v, ok := s.ui.views[sub.ViewID]
		if !ok || v.Type != "modal" || v.Closed || v.UserID != u.ID {
			return Envelope{}, fmt.Errorf("fakeslack: view submission: no open modal %q for %s", sub.ViewID, u.ID)
		}
		_ = json.Unmarshal(v.Raw, &view)
		given := map[string]bool{}
		for _, e := range rawElements(v.Blocks) {
			_, stateful := stateKinds[e.Type]
			val, ok := sub.Values[e.BlockID][e.ActionID]
			if !ok && (!stateful || e.BlockType != "input") {
				continue // Slack reports an untouched input, not an untouched menu elsewhere
			}
			if !stateful && e.BlockType != "input" {
				continue // a button or overflow menu has no state
			}
			given[e.BlockID+"/"+e.ActionID] = ok
			var wired map[string]any
			if stateful {
				var err error
				if wired, err = s.stateLocked(v.ID, e, val, ok); err != nil {
					return Envelope{}, fmt.Errorf("fakeslack: view submission: %s/%s: %w", e.BlockID, e.ActionID, err)
				}
			} else { // an input the fake does not model, such as rich_text_input
				val.Type = e.Type
				wired = val.legacyWire()
			}
			block, _ := values[e.BlockID].(map[string]any)
			if block == nil {
				block = map[string]any{}
				values[e.BlockID] = block
			}
			block[e.ActionID] = wired
		}
		for blockID, actions := range sub.Values {
			for actionID := range actions {
				if _, ok := given[blockID+"/"+actionID]; !ok {
					return Envelope{}, fmt.Errorf("fakeslack: view submission: modal %s has no input %s/%s", sub.ViewID, blockID, actionID)
				}
			}
		}
	}
	view["state"] = map[string]any{"values": values}
	p := s.interactionBaseLocked("view_submission", u)
	p["view"], p["response_urls"] = view, []any{}
	payload, _ := json.Marshal(p)
	return Envelope{Type: "interactive", AcceptsResponsePayload: true, Payload: payload}, nil
}

// stateLocked returns the wire state of element e of view viewID: what val
// sets, or, when the submission left it out (given false), its initial
// value.
func (s *Server) stateLocked(viewID string, e rawElement, val StateValue, given bool) (map[string]any, error) {
	if val.Type != "" && val.Type != e.Type {
		return nil, fmt.Errorf("the element is a %s, not a %s", e.Type, val.Type)
	}
	kind := stateKinds[e.Type]
	var el map[string]json.RawMessage
	_ = json.Unmarshal(e.Raw, &el)
	out := map[string]any{"type": e.Type}
	if !given {
		initial := map[string]string{"value": "initial_value", "selected_option": "initial_option",
			"selected_options": "initial_options", "selected_user": "initial_user", "selected_users": "initial_users",
			"selected_conversation": "initial_conversation", "selected_conversations": "initial_conversations",
			"selected_channel": "initial_channel", "selected_channels": "initial_channels",
			"selected_date": "initial_date", "selected_time": "initial_time"}[kind]
		switch raw := el[initial]; {
		case raw != nil:
			out[kind] = raw
		case strings.HasSuffix(kind, "s"):
			out[kind] = []any{}
		default:
			out[kind] = nil
		}
		return out, nil
	}
	set := val.set()
	for name := range set {
		if name != kind {
			return nil, fmt.Errorf("a %s sends %s, not %s", e.Type, kind, name)
		}
	}
	switch kind {
	case "value", "selected_date", "selected_time":
		str, _ := set[kind].(string)
		if err := checkStateString(kind, str); err != nil {
			return nil, err
		}
		if str == "" {
			out[kind] = nil
		} else {
			out[kind] = str
		}
	case "selected_option":
		out[kind] = nil
		if val.SelectedOption != "" {
			o, err := s.optionLocked(viewID, e, el, val.SelectedOption)
			if err != nil {
				return nil, err
			}
			out[kind] = o
		}
	case "selected_options":
		opts := []any{}
		for _, value := range val.SelectedOptions {
			o, err := s.optionLocked(viewID, e, el, value)
			if err != nil {
				return nil, err
			}
			opts = append(opts, o)
		}
		out[kind] = opts
	default: // users, conversations, channels
		one, _ := set[kind].(string)
		many, _ := set[kind].([]string)
		for _, id := range append(slices.Clone(many), one) {
			if id == "" {
				continue
			}
			if err := s.checkPickLocked(kind, id); err != nil {
				return nil, err
			}
		}
		switch {
		case strings.HasSuffix(kind, "s"):
			out[kind] = append([]string{}, many...)
		case one != "":
			out[kind] = one
		default:
			out[kind] = nil
		}
	}
	return out, nil
}

func checkStateString(kind, s string) error {
	if s == "" {
		return nil
	}
	layout := map[string]string{"selected_date": "2006-01-02", "selected_time": "15:04"}[kind]
	if layout == "" {
		return nil
	}
	if _, err := time.Parse(layout, s); err != nil {
		return fmt.Errorf("%s %q: a picker sends %s", kind, s, layout)
	}
	return nil
}

// checkPickLocked checks a picked user, conversation or channel exists, as a
// user can only pick what the workspace holds.
func (s *Server) checkPickLocked(kind, id string) error {
	if strings.HasPrefix(kind, "selected_user") {
		if _, ok := s.ws.users[id]; !ok {
			return fmt.Errorf("no user %q in the workspace", id)
		}
		return nil
	}
	c, ok := s.ws.channels[id]
	if !ok || (strings.HasPrefix(kind, "selected_channel") && (c.im || c.mpim || c.private)) {
		return fmt.Errorf("no %s %q in the workspace", strings.TrimPrefix(strings.TrimSuffix(kind, "s"), "selected_"), id)
	}
	return nil
}

// optionLocked returns the option object with this value as Slack echoes
// it: as the element (or, for an external select, the last BlockSuggestion
// answer) defines it.
func (s *Server) optionLocked(viewID string, e rawElement, el map[string]json.RawMessage, value string) (json.RawMessage, error) {
	var candidates []json.RawMessage
	var list []json.RawMessage
	_ = json.Unmarshal(el["options"], &list)
	candidates = append(candidates, list...)
	var groups []struct {
		Options []json.RawMessage `json:"options"`
	}
	_ = json.Unmarshal(el["option_groups"], &groups)
	for _, g := range groups {
		candidates = append(candidates, g.Options...)
	}
	if el["initial_option"] != nil {
		candidates = append(candidates, el["initial_option"])
	}
	var initial []json.RawMessage
	_ = json.Unmarshal(el["initial_options"], &initial)
	candidates = append(candidates, initial...)
	for _, c := range candidates {
		var o struct{ Value string }
		if json.Unmarshal(c, &o) == nil && o.Value == value {
			return c, nil
		}
	}
	external := e.Type == "external_select" || e.Type == "multi_external_select"
	if !external {
		return nil, fmt.Errorf("the %s offers no option with value %q", e.Type, value)
	}
	offered, asked := s.ui.suggested[suggestionKey(viewID, e.BlockID, e.ActionID)]
	for _, o := range offered {
		if o.Value == value {
			raw, _ := json.Marshal(map[string]any{"value": o.Value, "text": map[string]any{"type": "plain_text", "text": o.Text, "emoji": true}})
			return raw, nil
		}
	}
	if asked {
		return nil, fmt.Errorf("the app offered no option with value %q to the %s", value, e.Type)
	}
	raw, _ := json.Marshal(plainOption(value))
	return raw, nil
}

// ViewClosed closes a user's open modal, as the user does with its Close
// button, and delivers the view_closed envelope Slack sends for it, returning
// the ack. Slack sends view_closed only for a modal opened with
// notify_on_close: true; for any other modal ViewClosed is an error and
// changes nothing, since the app could not observe the close.
func (s *Server) ViewClosed(ctx context.Context, userID, viewID string) (Ack, error) {
	s.mu.Lock()
	u, okUser := s.ws.users[userID]
	v, ok := s.ui.views[viewID]
	switch {
	case !okUser || !ok || v.Type != "modal" || v.Closed || v.UserID != userID:
		s.mu.Unlock()
		return Ack{}, fmt.Errorf("fakeslack: view closed: no open modal %q for %s", viewID, userID)
	case !v.NotifyOnClose:
		s.mu.Unlock()
		return Ack{}, fmt.Errorf("fakeslack: view closed: modal %s has no notify_on_close, so Slack would not tell the app", viewID)
	}
	v.Closed = true
	s.notifyLocked()
	p := s.interactionBaseLocked("view_closed", u)
	delete(p, "trigger_id")
	p["view"], p["is_cleared"] = v.Raw, false
	payload, _ := json.Marshal(p)
	s.mu.Unlock()
	return s.Send(ctx, Envelope{Type: "interactive", Payload: payload})
}
