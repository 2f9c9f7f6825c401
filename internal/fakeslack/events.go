package fakeslack

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// StateValue is the state of one input element in a submitted view.
type StateValue struct {
	Type           string // e.g. plain_text_input, static_select; taken from the view when ""
	Value          string // text inputs
	SelectedOption string // the chosen option's value, for selects and radio buttons
	SelectedUser   string
	SelectedUsers  []string
	SelectedDate   string
}

func (v StateValue) wire() map[string]any {
	m := map[string]any{"type": v.Type}
	switch {
	case v.SelectedOption != "":
		m["selected_option"] = map[string]any{"value": v.SelectedOption,
			"text": map[string]any{"type": "plain_text", "text": v.SelectedOption}}
	case v.SelectedUser != "":
		m["selected_user"] = v.SelectedUser
	case v.SelectedUsers != nil:
		m["selected_users"] = v.SelectedUsers
	case v.SelectedDate != "":
		m["selected_date"] = v.SelectedDate
	case v.Value != "":
		m["value"] = v.Value
	default:
		m["value"] = nil // Slack sends null for an empty optional input
	}
	return m
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
// whose ResponseAction and Errors say what the bot asked Slack to do. For a
// known modal, every value must belong to one of its input blocks, and the
// ack is applied: an empty or clear ack closes it, update replaces it.
func (s *Server) ViewSubmission(ctx context.Context, sub ViewSubmission) (Ack, error) {
	s.mu.Lock()
	env, err := s.viewSubmissionEnvelopeLocked(sub)
	s.mu.Unlock()
	if err != nil {
		return Ack{}, err
	}
	return s.Send(ctx, env)
}

func (s *Server) viewSubmissionEnvelopeLocked(sub ViewSubmission) (Envelope, error) {
	u, ok := s.ws.users[sub.UserID]
	if !ok {
		return Envelope{}, fmt.Errorf("fakeslack: view submission: unknown user %q", sub.UserID)
	}
	view := map[string]any{}
	inputs := map[string]string{} // block_id + "/" + action_id -> element type
	if sub.ViewID != "" {
		v, ok := s.ui.views[sub.ViewID]
		if !ok || v.Type != "modal" || v.Closed || v.UserID != u.ID {
			return Envelope{}, fmt.Errorf("fakeslack: view submission: no open modal %q for %s", sub.ViewID, u.ID)
		}
		_ = json.Unmarshal(v.Raw, &view)
		var blocks []struct {
			Type    string `json:"type"`
			BlockID string `json:"block_id"`
			Element struct {
				Type     string `json:"type"`
				ActionID string `json:"action_id"`
			} `json:"element"`
		}
		_ = json.Unmarshal(v.Blocks, &blocks)
		for _, b := range blocks {
			if b.Type == "input" && b.Element.ActionID != "" {
				inputs[b.BlockID+"/"+b.Element.ActionID] = b.Element.Type
			}
		}
	} else {
		view = map[string]any{"id": s.idLocked("V"), "type": "modal", "team_id": s.cfg.teamID,
			"callback_id": sub.CallbackID, "private_metadata": sub.PrivateMetadata, "app_id": s.cfg.appID,
			"hash": fmt.Sprintf("%d.%08x", time.Now().Unix(), s.nextLocked())}
	}
	values := map[string]any{}
	for blockID, actions := range sub.Values {
		wired := map[string]any{}
		for actionID, val := range actions {
			typ, ok := inputs[blockID+"/"+actionID]
			if sub.ViewID != "" && !ok {
				return Envelope{}, fmt.Errorf("fakeslack: view submission: modal %s has no input %s/%s", sub.ViewID, blockID, actionID)
			}
			if val.Type == "" {
				val.Type = typ
			}
			wired[actionID] = val.wire()
		}
		values[blockID] = wired
	}
	view["state"] = map[string]any{"values": values}
	p := s.interactionBaseLocked("view_submission", u)
	p["view"], p["response_urls"] = view, []any{}
	payload, _ := json.Marshal(p)
	return Envelope{Type: "interactive", AcceptsResponsePayload: true, Payload: payload}, nil
}

// AppHomeOpened delivers an app_home_opened event, as when a user opens the
// app's Home tab, and returns the ack. The event carries the user's current
// Home view, if the bot published one.
func (s *Server) AppHomeOpened(ctx context.Context, userID string) (Ack, error) {
	s.mu.Lock()
	if _, ok := s.ws.users[userID]; !ok {
		s.mu.Unlock()
		return Ack{}, fmt.Errorf("fakeslack: app_home_opened: unknown user %q", userID)
	}
	dm, _ := s.dmLocked(userID)
	event := map[string]any{"type": "app_home_opened", "user": userID, "channel": dm, "tab": "home",
		"event_ts": fmt.Sprintf("%d.%06d", time.Now().Unix(), s.nextLocked()%1000000)}
	if v, ok := s.ui.views[s.ui.homes[userID]]; ok {
		event["view"] = v.Raw
	}
	s.mu.Unlock()
	return s.EventCallback(ctx, event)
}

// EventCallback delivers any Events API event (the inner "event" object)
// wrapped in event_callback with a fresh event_id, and returns the ack.
func (s *Server) EventCallback(ctx context.Context, event any) (Ack, error) {
	s.mu.Lock()
	payload, err := json.Marshal(map[string]any{
		"token": verificationToken, "team_id": s.cfg.teamID, "api_app_id": s.cfg.appID,
		"type": "event_callback", "event_id": s.idLocked("Ev"), "event_time": time.Now().Unix(),
		"event": event,
		"authorizations": []any{map[string]any{"team_id": s.cfg.teamID, "user_id": s.cfg.botUserID,
			"is_bot": true, "is_enterprise_install": false}},
	})
	s.mu.Unlock()
	if err != nil {
		return Ack{}, fmt.Errorf("fakeslack: event callback: %w", err)
	}
	return s.Send(ctx, Envelope{Type: "events_api", Payload: payload})
}

// applyAckLocked does what Slack does with an ack's payload: it shows a slash
// command's reply and applies a view_submission's response_action. What Slack
// would refuse is recorded as a violation instead.
func (s *Server) applyAckLocked(env Envelope, ack Ack) {
	source := "ack " + env.Type
	var in struct {
		Type      string `json:"type"`
		ChannelID string `json:"channel_id"`
		UserID    string `json:"user_id"`
		User      struct{ ID string }
		View      struct{ ID string }
	}
	_ = json.Unmarshal(env.Payload, &in)
	switch {
	case env.Type == "slash_commands" && (ack.Text != "" || ack.Blocks != nil):
		if err := validateMessage(ack.Text, ack.Blocks, false); err != nil {
			s.violationLocked(source, err)
			return
		}
		p := responsePayload{Text: ack.Text, Blocks: ack.Blocks, ResponseType: ack.ResponseType}
		s.respondLocked(responseTarget{channel: in.ChannelID, user: in.UserID}, p, "ack")
	case env.Type == "interactive" && in.Type == "view_submission":
		v := s.ui.views[in.View.ID]
		switch ack.ResponseAction {
		case "", "clear":
			if v != nil {
				v.Closed = true
			}
		case "errors":
			if len(ack.Errors) == 0 {
				s.violationLocked(source, refuse("invalid_errors", "response_action errors with no errors"))
			}
			for blockID := range ack.Errors {
				if v != nil && !hasBlockID(v.Blocks, blockID) {
					s.violationLocked(source, refuse("invalid_errors", "errors: no block %q in view %s", blockID, v.ID))
				}
			}
		case "update", "push":
			if err := validateView(ack.View); err != nil {
				s.violationLocked(source, err)
				return
			}
			id := ""
			if v != nil && ack.ResponseAction == "update" {
				id = v.ID
			}
			if pushed := s.putViewLocked(ack.View, in.User.ID, id); id == "" {
				s.ui.modals = append(s.ui.modals, pushed.ID)
			}
		default:
			s.violationLocked(source, refuse("invalid_response_action", "response_action %q", ack.ResponseAction))
		}
	}
}

func hasBlockID(blocks json.RawMessage, id string) bool {
	var list []struct {
		BlockID string `json:"block_id"`
	}
	_ = json.Unmarshal(blocks, &list)
	for _, b := range list {
		if b.BlockID == id {
			return true
		}
	}
	return false
}
