package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/command"
)

// userTTL is how long users.info answers are reused. Admin rights and
// timezones change rarely; a short expiry bounds how stale they get.
const userTTL = 5 * time.Minute

type cachedUser struct {
	user    *slack.User
	fetched time.Time
}

// user returns the Slack user, from a short-lived cache.
func (b *Bot) user(ctx context.Context, id tandem.UserID) (*slack.User, error) {
	b.usersMu.Lock()
	c, ok := b.users[id]
	b.usersMu.Unlock()
	if ok && b.now().Sub(c.fetched) < userTTL {
		return c.user, nil
	}
	u, err := b.api.GetUserInfoContext(ctx, string(id))
	if err != nil {
		return nil, fmt.Errorf("users.info %s: %w", id, err)
	}
	b.usersMu.Lock()
	b.users[id] = cachedUser{user: u, fetched: b.now()}
	b.usersMu.Unlock()
	return u, nil
}

// isAdmin reports whether id may run admin commands: listed in the config,
// or a workspace admin or owner.
func (b *Bot) isAdmin(ctx context.Context, id tandem.UserID) (bool, error) {
	if b.admins[id] {
		return true, nil
	}
	u, err := b.user(ctx, id)
	if err != nil {
		return false, err
	}
	return u.IsAdmin || u.IsOwner || u.IsPrimaryOwner, nil
}

func (b *Bot) requireAdmin(ctx context.Context, id tandem.UserID) error {
	ok, err := b.isAdmin(ctx, id)
	if err != nil {
		return err
	}
	if !ok {
		return tandem.Errorf(tandem.EFORBIDDEN, "Only tandem admins can do that. Admins are the people listed under `admins` in tandem's config, and Slack workspace admins and owners: ask one of them.")
	}
	return nil
}

// userZone returns the IANA zone Slack has for the user, UTC if unknown.
func (b *Bot) userZone(ctx context.Context, id tandem.UserID) *time.Location {
	u, err := b.user(ctx, id)
	if err != nil || u.TZ == "" {
		return time.UTC
	}
	loc, err := time.LoadLocation(u.TZ)
	if err != nil {
		return time.UTC
	}
	return loc
}

// resolveUser turns a mention into a user ID. A plain @name is looked up
// among the workspace's users by handle, display name or real name.
func (b *Bot) resolveUser(ctx context.Context, ref command.UserRef) (tandem.UserID, error) {
	if ref.ID != "" {
		return ref.ID, nil
	}
	p := b.api.GetUsersPaginated(slack.GetUsersOptionLimit(200))
	var err error
	for {
		p, err = p.Next(ctx)
		if p.Done(err) {
			break
		}
		if err != nil {
			return "", fmt.Errorf("users.list: %w", err)
		}
		for _, u := range p.Users {
			if u.Deleted {
				continue
			}
			for _, n := range []string{u.Name, u.Profile.DisplayName, u.RealName} {
				if n != "" && strings.EqualFold(n, ref.Name) {
					return tandem.UserID(u.ID), nil
				}
			}
		}
	}
	return "", tandem.Errorf(tandem.ENOTFOUND, "I could not find @%s. Pick the person from Slack's mention list so the name turns into a link.", ref.Name)
}
