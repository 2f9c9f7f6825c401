package fakeslack

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// MemberJoined adds userID to a channel's members and delivers the
// member_joined_channel event Slack sends for it, returning the ack. The user
// may be a person, another bot (a User with IsBot) or the app's own bot user,
// for which Slack sends the event when someone invites the app; a private
// channel becomes visible to the bot that way. inviterID is "" for a user who
// joined on their own, and otherwise the member who added them.
//
// The membership changes even when the delivery fails (no connection, no
// ack), as it does in Slack whether or not the app is listening. Unknown
// users and channels, DMs, group DMs and users who are already members are
// errors and change nothing.
func (s *Server) MemberJoined(ctx context.Context, userID, channelID, inviterID string) (Ack, error) {
	s.mu.Lock()
	event, err := s.memberEventLocked("member_joined_channel", userID, channelID)
	if err == nil && inviterID != "" {
		if _, ok := s.ws.users[inviterID]; !ok {
			err = fmt.Errorf("fakeslack: member_joined_channel: unknown inviter %q", inviterID)
		}
		event["inviter"] = inviterID
	}
	if err == nil {
		c := s.ws.channels[channelID]
		if c.hasMember(userID) {
			err = fmt.Errorf("fakeslack: member_joined_channel: %s is already in %s", userID, channelID)
		} else {
			c.members = append(c.members, userID)
			s.notifyLocked()
		}
	}
	s.mu.Unlock()
	if err != nil {
		return Ack{}, err
	}
	return s.EventCallback(ctx, event)
}

// MemberLeft removes userID from a channel's members and delivers the
// member_left_channel event, returning the ack. Slack sends it when a member
// leaves or is removed; for the app's own bot user the channel's messages and
// (for a private channel) the channel itself are then out of the bot's reach.
// A user who is not a member is an error and changes nothing.
func (s *Server) MemberLeft(ctx context.Context, userID, channelID string) (Ack, error) {
	s.mu.Lock()
	event, err := s.memberEventLocked("member_left_channel", userID, channelID)
	if err == nil {
		c := s.ws.channels[channelID]
		if !c.hasMember(userID) {
			err = fmt.Errorf("fakeslack: member_left_channel: %s is not in %s", userID, channelID)
		} else {
			c.members = slices.DeleteFunc(c.members, func(m string) bool { return m == userID })
			s.notifyLocked()
		}
	}
	s.mu.Unlock()
	if err != nil {
		return Ack{}, err
	}
	return s.EventCallback(ctx, event)
}

// memberEventLocked builds a member_joined_channel or member_left_channel
// event. channel_type is "C" for a public and "G" for a private channel, as
// Slack sends it.
func (s *Server) memberEventLocked(typ, userID, channelID string) (map[string]any, error) {
	if _, ok := s.ws.users[userID]; !ok {
		return nil, fmt.Errorf("fakeslack: %s: unknown user %q (AddUser first)", typ, userID)
	}
	c, ok := s.ws.channels[channelID]
	if !ok || c.im || c.mpim {
		return nil, fmt.Errorf("fakeslack: %s: no channel %q (AddChannel first; DMs have no joins)", typ, channelID)
	}
	channelType := "C"
	if c.private {
		channelType = "G"
	}
	return map[string]any{"type": typ, "user": userID, "channel": c.id, "channel_type": channelType,
		"team": s.cfg.teamID, "event_ts": fmt.Sprintf("%d.%06d", time.Now().Unix(), s.nextLocked()%1000000)}, nil
}
