// Package slackdir is the workspace's directory as tandem reads it from
// Slack: who is in a channel, who a person is (timezone, admin rights), and
// the bot's own user. It keeps short-lived caches so that the ack path of a
// slash command does not page through Slack on every command.
package slackdir

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
)

// userTTL is how long users.info answers are reused. Admin rights and
// timezones change rarely; a short expiry bounds how stale they get.
const userTTL = 5 * time.Minute

// membersTTL is how long MemberOf trusts a channel's member list. Commands
// ask "which programs is this person in?" on the ack path; a short-lived
// list spares Slack a paged conversations.members per program per command.
// Members (rounds) and `program add` always read the list fresh.
const membersTTL = 2 * time.Minute

// bulkUsers is the channel size above which one paged users.list (200 a
// call) beats a users.info per member (Tier 4: about 100 a minute).
const bulkUsers = 30

// Directory reads people and channels from Slack. It is safe for use by
// many goroutines.
type Directory struct {
	api    *slack.Client
	now    func() time.Time
	admins map[tandem.UserID]bool

	mu      sync.Mutex
	self    tandem.UserID
	users   map[tandem.UserID]cachedUser
	members map[tandem.ChannelID]cachedMembers
}

type cachedUser struct {
	user    *slack.User
	fetched time.Time
}

type cachedMembers struct {
	ids     []tandem.UserID
	fetched time.Time
}

// New returns a Directory over api. admins are the admins the config file
// names; now is the clock (nil for time.Now).
func New(api *slack.Client, admins []tandem.UserID, now func() time.Time) *Directory {
	if now == nil {
		now = time.Now
	}
	d := &Directory{api: api, now: now, admins: map[tandem.UserID]bool{},
		users: map[tandem.UserID]cachedUser{}, members: map[tandem.ChannelID]cachedMembers{}}
	for _, a := range admins {
		d.admins[a] = true
	}
	return d
}

// Connect checks the bot token with auth.test and learns the bot's own
// user, which is never a participant. It returns the team's name.
func (d *Directory) Connect(ctx context.Context) (team string, err error) {
	res, err := d.api.AuthTestContext(ctx)
	if err != nil {
		return "", fmt.Errorf("slack auth.test with the bot token: %w", err)
	}
	d.mu.Lock()
	d.self = tandem.UserID(res.UserID)
	d.mu.Unlock()
	return res.Team, nil
}

// Self is the bot's own user, once Connect succeeded.
func (d *Directory) Self() tandem.UserID {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.self
}

// ChannelMembers returns every member of a channel, all pages, fresh.
func (d *Directory) ChannelMembers(ctx context.Context, channel tandem.ChannelID) ([]tandem.UserID, error) {
	var out []tandem.UserID
	params := &slack.GetUsersInConversationParameters{ChannelID: string(channel), Limit: 200}
	for {
		ids, cursor, err := d.api.GetUsersInConversationContext(ctx, params)
		if err != nil {
			return nil, fmt.Errorf("conversations.members %s: %w", channel, err)
		}
		for _, id := range ids {
			out = append(out, tandem.UserID(id))
		}
		if cursor == "" {
			d.remember(channel, out)
			return out, nil
		}
		params.Cursor = cursor
	}
}

func (d *Directory) remember(channel tandem.ChannelID, ids []tandem.UserID) {
	d.mu.Lock()
	d.members[channel] = cachedMembers{ids: ids, fetched: d.now()}
	d.mu.Unlock()
}

// Members returns the channel's members who can take part: not bots, not
// deleted, not tandem itself; sorted by ID so a round is reproducible from
// its seed. The member list is read fresh.
func (d *Directory) Members(ctx context.Context, channel tandem.ChannelID) ([]tandem.Member, error) {
	ids, err := d.ChannelMembers(ctx, channel)
	if err != nil {
		return nil, err
	}
	if len(ids) > bulkUsers {
		if err := d.loadAll(ctx); err != nil {
			return nil, err
		}
	}
	self := d.Self()
	var out []tandem.Member
	for _, id := range ids {
		if id == self {
			continue
		}
		u, err := d.User(ctx, id)
		if err != nil {
			return nil, err
		}
		if u.IsBot || u.Deleted || u.ID == "USLACKBOT" || u.IsAppUser {
			continue
		}
		out = append(out, tandem.Member{ID: id, TZ: u.TZ, TZOffset: u.TZOffset})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// loadAll fills the user cache from users.list, all pages.
func (d *Directory) loadAll(ctx context.Context) error {
	p := d.api.GetUsersPaginated(slack.GetUsersOptionLimit(200))
	var err error
	for {
		p, err = p.Next(ctx)
		if p.Done(err) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("users.list: %w", err)
		}
		now := d.now()
		d.mu.Lock()
		for i := range p.Users {
			u := p.Users[i]
			d.users[tandem.UserID(u.ID)] = cachedUser{user: &u, fetched: now}
		}
		d.mu.Unlock()
	}
}

// MemberOf reports whether user is a member of channel, from a list at
// most membersTTL old.
func (d *Directory) MemberOf(ctx context.Context, channel tandem.ChannelID, user tandem.UserID) (bool, error) {
	d.mu.Lock()
	c, ok := d.members[channel]
	d.mu.Unlock()
	if !ok || d.now().Sub(c.fetched) >= membersTTL {
		ids, err := d.ChannelMembers(ctx, channel)
		if err != nil {
			return false, err
		}
		c.ids = ids
	}
	return slices.Contains(c.ids, user), nil
}

// ProgramsOf returns the programs among programs whose channel user is a
// member of.
func (d *Directory) ProgramsOf(ctx context.Context, user tandem.UserID, programs []tandem.Program) ([]tandem.Program, error) {
	var mine []tandem.Program
	for _, p := range programs {
		ok, err := d.MemberOf(ctx, p.Channel, user)
		if err != nil {
			return nil, err
		}
		if ok {
			mine = append(mine, p)
		}
	}
	return mine, nil
}

// User returns the Slack user, from a short-lived cache.
func (d *Directory) User(ctx context.Context, id tandem.UserID) (*slack.User, error) {
	d.mu.Lock()
	c, ok := d.users[id]
	d.mu.Unlock()
	if ok && d.now().Sub(c.fetched) < userTTL {
		return c.user, nil
	}
	u, err := d.api.GetUserInfoContext(ctx, string(id))
	if err != nil {
		return nil, fmt.Errorf("users.info %s: %w", id, err)
	}
	d.mu.Lock()
	d.users[id] = cachedUser{user: u, fetched: d.now()}
	d.mu.Unlock()
	return u, nil
}

// CachedLocale is the Slack locale of a person if the directory holds
// their users.info answer, however old (a locale rarely changes), and
// never asks Slack: for the ack of a slash command, which must not wait.
func (d *Directory) CachedLocale(id tandem.UserID) (string, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	c, ok := d.users[id]
	if !ok || c.user == nil {
		return "", false
	}
	return c.user.Locale, true
}

// Forget drops what the directory remembers about a user.
func (d *Directory) Forget(user tandem.UserID) {
	d.mu.Lock()
	delete(d.users, user)
	d.mu.Unlock()
}

// IsAdmin reports whether id may run admin commands: listed in the config,
// or a workspace admin or owner.
func (d *Directory) IsAdmin(ctx context.Context, id tandem.UserID) (bool, error) {
	if d.admins[id] {
		return true, nil
	}
	u, err := d.User(ctx, id)
	if err != nil {
		return false, err
	}
	return u.IsAdmin || u.IsOwner || u.IsPrimaryOwner, nil
}

// Admins returns the admins the config file names.
func (d *Directory) Admins() []tandem.UserID {
	out := make([]tandem.UserID, 0, len(d.admins))
	for a := range d.admins {
		out = append(out, a)
	}
	slices.Sort(out)
	return out
}

// Locale returns the locale Slack has for the user ("de-DE"), "" if
// unknown. It implements lang.Locales.
func (d *Directory) Locale(ctx context.Context, id tandem.UserID) string {
	u, err := d.User(ctx, id)
	if err != nil {
		return ""
	}
	return u.Locale
}

// Zone returns the IANA zone Slack has for the user, UTC if unknown.
func (d *Directory) Zone(ctx context.Context, id tandem.UserID) *time.Location {
	u, err := d.User(ctx, id)
	if err != nil || u.TZ == "" {
		return time.UTC
	}
	loc, err := time.LoadLocation(u.TZ)
	if err != nil {
		return time.UTC
	}
	return loc
}

// Find looks a plain @name up among the workspace's users by handle,
// display name or real name, case-insensitively.
func (d *Directory) Find(ctx context.Context, name string) (tandem.UserID, bool, error) {
	p := d.api.GetUsersPaginated(slack.GetUsersOptionLimit(200))
	var err error
	for {
		p, err = p.Next(ctx)
		if p.Done(err) {
			return "", false, nil
		}
		if err != nil {
			return "", false, fmt.Errorf("users.list: %w", err)
		}
		for _, u := range p.Users {
			if u.Deleted {
				continue
			}
			for _, n := range []string{u.Name, u.Profile.DisplayName, u.RealName} {
				if n != "" && strings.EqualFold(n, name) {
					return tandem.UserID(u.ID), true, nil
				}
			}
		}
	}
}

// Exists reports whether id is a user Slack knows (users.info answers).
func (d *Directory) Exists(ctx context.Context, id tandem.UserID) (bool, error) {
	_, err := d.User(ctx, id)
	var se slack.SlackErrorResponse
	if err != nil && errors.As(err, &se) && se.Err == "user_not_found" {
		return false, nil
	}
	return err == nil, err
}

// Member returns a user as a tandem.Member (timezone and offset).
func (d *Directory) Member(ctx context.Context, id tandem.UserID) (tandem.Member, error) {
	u, err := d.User(ctx, id)
	if err != nil {
		return tandem.Member{}, err
	}
	return tandem.Member{ID: id, TZ: u.TZ, TZOffset: u.TZOffset}, nil
}
