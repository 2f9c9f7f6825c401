package fakeslack

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

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
		case "":
			if v != nil {
				v.Closed = true
			}
		case "clear": // closes the whole stack of the user's modals
			for _, m := range s.ui.views {
				if m.Type == "modal" && m.UserID == in.User.ID {
					m.Closed = true
				}
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
