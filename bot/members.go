package bot

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
)

// channelMembers returns every member of a channel, all pages.
func (b *Bot) channelMembers(ctx context.Context, channel tandem.ChannelID) ([]tandem.UserID, error) {
	var out []tandem.UserID
	params := &slack.GetUsersInConversationParameters{ChannelID: string(channel), Limit: 200}
	for {
		ids, cursor, err := b.api.GetUsersInConversationContext(ctx, params)
		if err != nil {
			return nil, fmt.Errorf("conversations.members %s: %w", channel, err)
		}
		for _, id := range ids {
			out = append(out, tandem.UserID(id))
		}
		if cursor == "" {
			return out, nil
		}
		params.Cursor = cursor
	}
}

// humans returns the channel's members who can take part: not bots, not
// deleted, not tandem itself; with their Slack users, sorted by ID so a
// round is reproducible from its seed.
func (b *Bot) humans(ctx context.Context, channel tandem.ChannelID) ([]*slack.User, error) {
	ids, err := b.channelMembers(ctx, channel)
	if err != nil {
		return nil, err
	}
	if len(ids) > bulkUsers {
		if err := b.loadDirectory(ctx); err != nil {
			return nil, err
		}
	}
	var out []*slack.User
	for _, id := range ids {
		if id == b.self {
			continue
		}
		u, err := b.user(ctx, id)
		if err != nil {
			return nil, err
		}
		if u.IsBot || u.Deleted || u.ID == "USLACKBOT" || u.IsAppUser {
			continue
		}
		out = append(out, u)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// bulkUsers is the channel size above which one paged users.list (200 a
// call) beats a users.info per member (Tier 4: about 100 a minute).
const bulkUsers = 30

// loadDirectory fills the user cache from users.list, all pages.
func (b *Bot) loadDirectory(ctx context.Context) error {
	p := b.api.GetUsersPaginated(slack.GetUsersOptionLimit(200))
	var err error
	for {
		p, err = p.Next(ctx)
		if p.Done(err) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("users.list: %w", err)
		}
		now := b.now()
		b.usersMu.Lock()
		for i := range p.Users {
			u := p.Users[i]
			b.users[tandem.UserID(u.ID)] = cachedUser{user: &u, fetched: now}
		}
		b.usersMu.Unlock()
	}
}

// programsOf returns the programs among programs whose channel user is a
// member of.
func (b *Bot) programsOf(ctx context.Context, user tandem.UserID, programs []tandem.Program) ([]tandem.Program, error) {
	var mine []tandem.Program
	for _, p := range programs {
		ok, err := b.memberOf(ctx, p.Channel, user)
		if err != nil {
			return nil, err
		}
		if ok {
			mine = append(mine, p)
		}
	}
	return mine, nil
}

// membersTTL is how long memberOf trusts a channel's member list. Commands
// ask "which programs is this person in?" on the ack path; a short-lived
// list spares Slack a paged conversations.members per program per command.
// Rounds and `program add` always read the list fresh.
const membersTTL = 2 * time.Minute

type cachedMembers struct {
	ids     []tandem.UserID
	fetched time.Time
}

// memberOf reports whether user is a member of channel, from a list at
// most membersTTL old.
func (b *Bot) memberOf(ctx context.Context, channel tandem.ChannelID, user tandem.UserID) (bool, error) {
	b.membersMu.Lock()
	c, ok := b.members[channel]
	b.membersMu.Unlock()
	if !ok || b.now().Sub(c.fetched) >= membersTTL {
		ids, err := b.channelMembers(ctx, channel)
		if err != nil {
			return false, err
		}
		c = cachedMembers{ids: ids, fetched: b.now()}
		b.membersMu.Lock()
		b.members[channel] = c
		b.membersMu.Unlock()
	}
	return slices.Contains(c.ids, user), nil
}
