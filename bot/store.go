package bot

import (
	"context"

	"github.com/tandem-dev/tandem"
)

// Store is what the bot needs from the database; *store.DB provides it.
// Each feature declares its own part beside its handlers.
type Store interface {
	followStore
	loopStore
	marketStore
	adminStore
	onboardStore

	Profile(ctx context.Context, user tandem.UserID) (tandem.Profile, error)
	UpdateProfile(ctx context.Context, key tandem.Key, user tandem.UserID, fn func(*tandem.Profile) error) (tandem.Profile, error)
	Profiles(ctx context.Context, users []tandem.UserID) (map[tandem.UserID]tandem.Profile, error)

	CreateProgram(ctx context.Context, key tandem.Key, p tandem.Program) error
	UpdateProgram(ctx context.Context, key tandem.Key, channel tandem.ChannelID, fn func(*tandem.Program) error) (tandem.Program, error)
	Program(ctx context.Context, channel tandem.ChannelID) (tandem.Program, error)
	Programs(ctx context.Context) ([]tandem.Program, error)
	DeleteProgram(ctx context.Context, key tandem.Key, channel tandem.ChannelID) error

	Group(ctx context.Context, id tandem.GroupID) (tandem.Group, error)
	GroupByDM(ctx context.Context, dm tandem.ChannelID) (tandem.Group, error)
	UserGroups(ctx context.Context, user tandem.UserID, statuses ...tandem.GroupStatus) ([]tandem.Group, error)
}
