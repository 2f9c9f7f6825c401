package fakeslack

import (
	"slices"
	"sort"
	"strings"
	"time"
)

// User is a workspace member as users.info reports it. An empty TZ means
// America/Los_Angeles, Slack's default; a zero TZOffset is computed from TZ
// (for now, so it follows daylight saving time as Slack's does). An empty
// Locale means en-US; users.info reports it only with include_locale=true.
type User struct {
	ID       string
	Name     string
	RealName string
	TZ       string // IANA name, e.g. Europe/Berlin
	TZOffset int    // seconds east of UTC
	Locale   string // e.g. de-DE
	IsAdmin  bool
	IsOwner  bool
	IsBot    bool
	Deleted  bool
}

// channel is a conversation: a channel, a DM (is_im) or a group DM (is_mpim).
type channel struct {
	id, name string
	private  bool
	im, mpim bool
	user     string // the other party of a DM
	members  []string
	created  int64
}

// workspace is the directory the Server serves. It is guarded by Server.mu.
type workspace struct {
	users     map[string]*User
	userOrder []string
	channels  map[string]*channel
	dms       map[string]string // user ID -> DM channel ID
	groups    map[string]string // sorted, comma-joined user set -> group DM ID
}

func newWorkspace() workspace {
	return workspace{
		users:    map[string]*User{},
		channels: map[string]*channel{},
		dms:      map[string]string{},
		groups:   map[string]string{},
	}
}

func (w *workspace) addUser(u User) {
	if u.TZ == "" {
		u.TZ = "America/Los_Angeles"
	}
	if u.TZOffset == 0 {
		if loc, err := time.LoadLocation(u.TZ); err == nil {
			_, u.TZOffset = time.Now().In(loc).Zone()
		}
	}
	if u.RealName == "" {
		u.RealName = u.Name
	}
	if u.Locale == "" {
		u.Locale = "en-US"
	}
	if _, ok := w.users[u.ID]; !ok {
		w.userOrder = append(w.userOrder, u.ID)
	}
	w.users[u.ID] = &u
}

// AddUser adds or replaces a workspace member.
func (s *Server) AddUser(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ws.addUser(u)
	s.notifyLocked()
}

// AddChannel adds a public channel with the given members. The bot is added
// as a member too, as it must have been invited for tandem to use the channel,
// and conversations.members lists it like any member, as Slack does.
func (s *Server) AddChannel(id, name string, members ...string) {
	s.addChannel(&channel{id: id, name: name}, append(slices.Clone(members), s.cfg.botUserID))
}

// AddChannelWithoutBot adds a public channel the bot was never invited to:
// conversations.info reports is_member false, conversations.members still
// lists the members, and chat.postMessage answers not_in_channel unless the
// token has chat:write.public, as in Slack.
func (s *Server) AddChannelWithoutBot(id, name string, members ...string) {
	s.addChannel(&channel{id: id, name: name}, slices.DeleteFunc(slices.Clone(members), func(m string) bool { return m == s.cfg.botUserID }))
}

// AddPrivateChannel adds a private channel with exactly the given members.
// Without the bot among them, the bot cannot see it (channel_not_found).
func (s *Server) AddPrivateChannel(id, name string, members ...string) {
	s.addChannel(&channel{id: id, name: name, private: true}, members)
}

func (s *Server) addChannel(c *channel, members []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c.created = time.Now().Unix()
	c.members = addUnique(nil, members...)
	s.ws.channels[c.id] = c
	s.notifyLocked()
}

// RemoveMember removes a user from a channel, as if they left it.
func (s *Server) RemoveMember(channelID, userID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.ws.channels[channelID]; ok {
		c.members = slices.DeleteFunc(c.members, func(m string) bool { return m == userID })
		s.notifyLocked()
	}
}

// Members returns a channel's members in the order they were added, bots
// included, or nil for an unknown channel.
func (s *Server) Members(channelID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.ws.channels[channelID]; ok {
		return slices.Clone(c.members)
	}
	return nil
}

// DMChannel returns the ID of the DM between the bot and a user, opening it
// if needed, as a user's first message to the app would.
func (s *Server) DMChannel(userID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, _ := s.dmLocked(userID)
	return id
}

func addUnique(list []string, more ...string) []string {
	for _, m := range more {
		if m != "" && !slices.Contains(list, m) {
			list = append(list, m)
		}
	}
	return list
}

// dmLocked returns the DM with userID, creating it; created reports whether
// it is new.
func (s *Server) dmLocked(userID string) (id string, created bool) {
	if id, ok := s.ws.dms[userID]; ok {
		return id, false
	}
	id = s.idLocked("D")
	s.ws.channels[id] = &channel{id: id, im: true, private: true, user: userID,
		members: []string{userID, s.cfg.botUserID}, created: time.Now().Unix()}
	s.ws.dms[userID] = id
	return id, true
}

// groupLocked returns the group DM of users plus the bot. The same set, in any
// order, always gives the same conversation, as in Slack.
func (s *Server) groupLocked(users []string) (id string, created bool) {
	sorted := slices.Clone(users)
	sort.Strings(sorted)
	key := strings.Join(sorted, ",")
	if id, ok := s.ws.groups[key]; ok {
		return id, false
	}
	id = s.idLocked("C")
	names := make([]string, 0, len(users)+1)
	for _, u := range users {
		names = append(names, s.ws.users[u].Name)
	}
	names = append(names, s.cfg.botName)
	s.ws.channels[id] = &channel{id: id, mpim: true, private: true,
		name:    "mpdm-" + strings.Join(names, "--") + "-1",
		members: addUnique(slices.Clone(users), s.cfg.botUserID), created: time.Now().Unix()}
	s.ws.groups[key] = id
	return id, true
}

// visibleLocked returns a conversation the bot can see: any public channel,
// and private ones only when the bot is a member.
func (s *Server) visibleLocked(id string) (*channel, bool) {
	c, ok := s.ws.channels[id]
	if !ok || (c.private && !slices.Contains(c.members, s.cfg.botUserID)) {
		return nil, false
	}
	return c, true
}

func (s *Server) wireChannelLocked(c *channel, numMembers bool) map[string]any {
	m := map[string]any{
		"id": c.id, "name": c.name, "created": c.created, "creator": s.cfg.botUserID,
		"is_channel": !c.im && !c.mpim, "is_group": false, "is_im": c.im, "is_mpim": c.mpim,
		"is_private": c.private, "is_archived": false, "is_open": true,
		"is_member": slices.Contains(c.members, s.cfg.botUserID),
	}
	if c.im {
		m["user"] = c.user
		delete(m, "name")
	}
	if numMembers {
		m["num_members"] = len(c.members)
	}
	return m
}

func (s *Server) wireUserLocked(u *User, locale bool) map[string]any {
	m := map[string]any{
		"id": u.ID, "team_id": s.cfg.teamID, "name": u.Name, "deleted": u.Deleted,
		"real_name": u.RealName, "tz": u.TZ, "tz_label": u.TZ, "tz_offset": u.TZOffset,
		"is_admin": u.IsAdmin, "is_owner": u.IsOwner, "is_primary_owner": false,
		"is_bot": u.IsBot, "is_app_user": false, "updated": time.Now().Unix(),
		"profile": map[string]any{"real_name": u.RealName, "display_name": u.Name},
	}
	if u.IsBot && u.ID == s.cfg.botUserID {
		m["profile"].(map[string]any)["bot_id"] = s.cfg.botID
	}
	if locale {
		m["locale"] = u.Locale
	}
	return m
}
