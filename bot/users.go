package bot

import (
	"context"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/command"
)

func (b *Bot) requireAdmin(ctx context.Context, id tandem.UserID) error {
	ok, err := b.dir.IsAdmin(ctx, id)
	if err != nil {
		return err
	}
	if !ok {
		return tandem.Errorf(tandem.EFORBIDDEN, "Only tandem admins can do that. Admins are the people listed under `admins` in tandem's config, and Slack workspace admins and owners: ask one of them.")
	}
	return nil
}

// resolveUser turns a mention into a user ID. A plain @name is looked up
// among the workspace's users by handle, display name or real name.
func (b *Bot) resolveUser(ctx context.Context, ref command.UserRef) (tandem.UserID, error) {
	if ref.ID != "" {
		return ref.ID, nil
	}
	id, ok, err := b.dir.Find(ctx, ref.Name)
	if err != nil || ok {
		return id, err
	}
	return "", tandem.Errorf(tandem.ENOTFOUND, "I could not find @%s. Pick the person from Slack's mention list so the name turns into a link.", ref.Name)
}
