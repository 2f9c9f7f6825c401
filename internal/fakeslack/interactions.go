package fakeslack

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// verificationToken is the deprecated token Slack still puts in payloads.
const verificationToken = "fakeverificationtoken"

// SlashCommand is a user typing a slash command.
type SlashCommand struct {
	UserID    string
	ChannelID string // "" for the user's DM with the app
	Text      string // as Slack sends it, e.g. "match <#C0PROGRAM1|learning>"
	Command   string // "/tandem" when ""
}

// SlashCommand delivers a slash_commands envelope, with a response_url and a
// trigger_id the fake will honour, and returns the ack. A reply in the ack is
// validated and shown in the channel like Slack shows it (ephemeral unless
// response_type is in_channel).
func (s *Server) SlashCommand(ctx context.Context, cmd SlashCommand) (Ack, error) {
	s.mu.Lock()
	env, err := s.slashEnvelopeLocked(cmd)
	s.mu.Unlock()
	if err != nil {
		return Ack{}, err
	}
	return s.Send(ctx, env)
}

func (s *Server) slashEnvelopeLocked(cmd SlashCommand) (Envelope, error) {
	u, ok := s.ws.users[cmd.UserID]
	if !ok {
		return Envelope{}, fmt.Errorf("fakeslack: slash command: unknown user %q (AddUser first)", cmd.UserID)
	}
	if cmd.ChannelID == "" {
		cmd.ChannelID, _ = s.dmLocked(u.ID)
	}
	c, ok := s.ws.channels[cmd.ChannelID]
	if !ok {
		return Envelope{}, fmt.Errorf("fakeslack: slash command: unknown channel %q (AddChannel first)", cmd.ChannelID)
	}
	if cmd.Command == "" {
		cmd.Command = "/tandem"
	}
	name := c.name
	if c.im {
		name = "directmessage"
	}
	payload, _ := json.Marshal(map[string]string{ // Socket Mode sends every field as a string
		"token": verificationToken, "team_id": s.cfg.teamID, "team_domain": s.cfg.teamDomain,
		"channel_id": c.id, "channel_name": name, "user_id": u.ID, "user_name": u.Name,
		"command": cmd.Command, "text": cmd.Text, "api_app_id": s.cfg.appID,
		"is_enterprise_install": "false",
		"response_url":          s.responseURLLocked(responseTarget{channel: c.id, user: u.ID}),
		"trigger_id":            s.triggerLocked(u.ID),
	})
	return Envelope{Type: "slash_commands", AcceptsResponsePayload: true, Payload: payload}, nil
}

// BlockAction is a user clicking an interactive element (a button, a select)
// in a message or in a view.
type BlockAction struct {
	UserID    string
	ChannelID string // with MessageTS: the message holding the element
	MessageTS string
	ViewID    string // instead of a message: the Home tab or modal holding it
	ActionID  string
	BlockID   string // looked up in the message or view when ""
	Value     string // the element's value when ""; the chosen option for a select
	Type      string // the element's type when ""; "button" for unknown messages
}

// BlockAction delivers a block_actions envelope and returns the ack. When the
// fake holds the message or view, the element must be in it, as a user can
// only click what is shown, and its block_id, type and value are filled in.
func (s *Server) BlockAction(ctx context.Context, a BlockAction) (Ack, error) {
	s.mu.Lock()
	env, err := s.blockActionEnvelopeLocked(a)
	s.mu.Unlock()
	if err != nil {
		return Ack{}, err
	}
	return s.Send(ctx, env)
}

func (s *Server) interactionBaseLocked(typ string, u *User) map[string]any {
	return map[string]any{
		"type": typ, "token": verificationToken, "api_app_id": s.cfg.appID,
		"team":       map[string]any{"id": s.cfg.teamID, "domain": s.cfg.teamDomain},
		"user":       map[string]any{"id": u.ID, "username": u.Name, "name": u.Name, "team_id": s.cfg.teamID},
		"trigger_id": s.triggerLocked(u.ID), "is_enterprise_install": false,
	}
}

func (s *Server) blockActionEnvelopeLocked(a BlockAction) (Envelope, error) {
	u, ok := s.ws.users[a.UserID]
	if !ok {
		return Envelope{}, fmt.Errorf("fakeslack: block action: unknown user %q", a.UserID)
	}
	p := s.interactionBaseLocked("block_actions", u)
	p["state"] = map[string]any{"values": map[string]any{}}
	var blocks json.RawMessage
	known := false
	switch {
	case a.ViewID != "":
		v, ok := s.ui.views[a.ViewID]
		if !ok || v.UserID != u.ID {
			return Envelope{}, fmt.Errorf("fakeslack: block action: no view %q shown to %s", a.ViewID, u.ID)
		}
		blocks, known = v.Blocks, true
		p["container"] = map[string]any{"type": "view", "view_id": v.ID}
		p["view"] = v.Raw
	case a.ChannelID != "" && a.MessageTS != "":
		c, ok := s.ws.channels[a.ChannelID]
		if !ok {
			return Envelope{}, fmt.Errorf("fakeslack: block action: unknown channel %q", a.ChannelID)
		}
		m, found := s.messageLocked(c.id, a.MessageTS)
		if found && m.Ephemeral && m.User != u.ID {
			return Envelope{}, fmt.Errorf("fakeslack: block action: %s cannot see ephemeral message %s", u.ID, m.TS)
		}
		if found {
			blocks, known = m.Blocks, true
			if !m.Ephemeral {
				p["message"] = s.wireMessageLocked(m)
			}
		}
		p["container"] = map[string]any{"type": "message", "message_ts": a.MessageTS, "channel_id": c.id,
			"is_ephemeral": found && m.Ephemeral}
		p["channel"] = map[string]any{"id": c.id, "name": c.name}
		p["response_url"] = s.responseURLLocked(responseTarget{channel: c.id, user: u.ID, messageTS: a.MessageTS})
	default:
		return Envelope{}, fmt.Errorf("fakeslack: block action: needs ChannelID and MessageTS, or ViewID")
	}
	text := ""
	if known {
		e, ok := findElement(blocks, a.ActionID, a.BlockID)
		if !ok {
			return Envelope{}, fmt.Errorf("fakeslack: block action: no element with action_id %q (block_id %q) is shown", a.ActionID, a.BlockID)
		}
		a.BlockID, text = e.BlockID, e.Text
		if a.Value == "" {
			a.Value = e.Value
		}
		if a.Type == "" {
			a.Type = e.Type
		}
	}
	if a.BlockID == "" {
		return Envelope{}, fmt.Errorf("fakeslack: block action: BlockID is required for an element the fake has not seen")
	}
	if a.Type == "" {
		a.Type = "button"
	}
	action := map[string]any{"type": a.Type, "action_id": a.ActionID, "block_id": a.BlockID,
		"action_ts": fmt.Sprintf("%d.%06d", time.Now().Unix(), s.nextLocked()%1000000)}
	if a.Type == "button" {
		action["value"] = a.Value
		if text != "" {
			action["text"] = map[string]any{"type": "plain_text", "text": text}
		}
	} else if a.Value != "" {
		action["selected_option"] = map[string]any{"value": a.Value, "text": map[string]any{"type": "plain_text", "text": a.Value}}
	}
	p["actions"] = []any{action}
	payload, _ := json.Marshal(p)
	return Envelope{Type: "interactive", Payload: payload}, nil
}

func findElement(blocks json.RawMessage, actionID, blockID string) (Element, bool) {
	for _, e := range elements(blocks) {
		if e.ActionID == actionID && (blockID == "" || e.BlockID == blockID) {
			return e, true
		}
	}
	return Element{}, false
}
