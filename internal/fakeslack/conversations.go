package fakeslack

import (
	"slices"
	"strconv"
)

// maxGroupDMUsers is how many users conversations.open accepts besides the
// caller (Slack: "Needs at most 8 users to open").
const maxGroupDMUsers = 8

// conversationsOpenLocked opens a DM (one user) or a group DM (2 to 8 users,
// plus the bot). Opening the same set again returns the same conversation
// with already_open, which tandem relies on to find an existing group.
func (s *Server) conversationsOpenLocked(r *apiRequest) reply {
	if id := r.str("channel"); id != "" {
		c, ok := s.ws.channels[id]
		if !ok || !(c.im || c.mpim) {
			return errReply("channel_not_found")
		}
		return okReply(reply{"no_op": true, "already_open": true, "channel": s.wireChannelLocked(c, false)})
	}
	if !r.has("users") {
		return errReply("users_list_not_supplied")
	}
	var users []string
	for _, id := range splitList(r.str("users")) {
		if id != s.cfg.botUserID { // the caller is a member by implication
			users = addUnique(users, id)
		}
	}
	switch {
	case len(users) == 0:
		return errReply("not_enough_users")
	case len(users) > maxGroupDMUsers:
		return errReply("too_many_users")
	}
	for _, id := range users {
		u, ok := s.ws.users[id]
		if !ok {
			return errReply("user_not_found")
		}
		if u.Deleted {
			return errReply("user_disabled")
		}
	}
	var id string
	var created bool
	if len(users) == 1 {
		id, created = s.dmLocked(users[0])
	} else {
		id, created = s.groupLocked(users)
	}
	s.notifyLocked()
	return okReply(reply{"no_op": !created, "already_open": !created,
		"channel": s.wireChannelLocked(s.ws.channels[id], false)})
}

// conversationsMembersLocked pages through a conversation's members, bots and
// the app included, honouring limit and cursor as Slack does.
func (s *Server) conversationsMembersLocked(r *apiRequest) reply {
	c, ok := s.visibleLocked(r.str("channel"))
	if !ok {
		return errReply("channel_not_found")
	}
	limit, _ := strconv.Atoi(r.str("limit"))
	members, next, ok := page(c.members, r.str("cursor"), limit)
	if !ok {
		return errReply("invalid_cursor")
	}
	return okReply(reply{"members": members, "response_metadata": map[string]any{"next_cursor": next}})
}

func (s *Server) conversationsInfoLocked(r *apiRequest) reply {
	c, ok := s.visibleLocked(r.str("channel"))
	if !ok {
		return errReply("channel_not_found")
	}
	num, _ := strconv.ParseBool(r.str("include_num_members"))
	return okReply(reply{"channel": s.wireChannelLocked(c, num)})
}

// postTargetLocked resolves the channel argument of chat.* methods. A user ID
// posts to the bot's DM with that user, as Slack allows.
func (s *Server) postTargetLocked(id string) (*channel, bool) {
	if u, ok := s.ws.users[id]; ok && !u.IsBot {
		dm, _ := s.dmLocked(id)
		return s.ws.channels[dm], true
	}
	return s.visibleLocked(id)
}

func (c *channel) hasMember(userID string) bool { return slices.Contains(c.members, userID) }
