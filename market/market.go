// Package market runs the discussion marketplace of each program: topics
// and `+1` votes, the call for topics, the agenda, and the urgent `ask`.
//
// A program runs a sequence of marketplaces. Topics go to its open one; the
// agenda lists them, urgent first and then by votes, and closes it, so later
// topics go to the next. Each person has tandem.VoteBudget votes per
// marketplace, one per topic, their own topic included: a vote is a dot on
// a Lean Coffee board, and bringing a topic is no reason to lose a dot.
//
// The package knows neither Slack nor SQL: the channel messages go through
// a Board, the data through a Store, people through a Directory.
package market

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/tandem-dev/tandem"
)

// Store is what the marketplace needs from the database.
type Store interface {
	Program(ctx context.Context, channel tandem.ChannelID) (tandem.Program, error)
	Programs(ctx context.Context) ([]tandem.Program, error)
	Profiles(ctx context.Context, users []tandem.UserID) (map[tandem.UserID]tandem.Profile, error)
	Teachers(ctx context.Context, skill string) ([]tandem.UserID, error)
	AddTopic(ctx context.Context, key tandem.Key, t tandem.Topic) (tandem.Topic, tandem.Marketplace, error)
	Topic(ctx context.Context, id tandem.TopicID) (tandem.Topic, error)
	Vote(ctx context.Context, key tandem.Key, user tandem.UserID, topic tandem.TopicID, program tandem.ChannelID) (tandem.VoteResult, error)
	MarketplaceByID(ctx context.Context, id tandem.MarketplaceID) (tandem.Marketplace, error)
	OpenMarketplace(ctx context.Context, program tandem.ChannelID) (tandem.Marketplace, error)
	StartCall(ctx context.Context, key tandem.Key, program tandem.ChannelID, by tandem.UserID) (int64, tandem.Marketplace, error)
	CallPosted(ctx context.Context, call int64, ts string) error
	CloseMarketplace(ctx context.Context, key tandem.Key, program tandem.ChannelID) (tandem.Marketplace, error)
	AgendaPosted(ctx context.Context, id tandem.MarketplaceID, msg tandem.MessageRef) error
	AskPosted(ctx context.Context, topic tandem.TopicID, ts string) error
}

// Directory tells who is where.
type Directory interface {
	Members(ctx context.Context, channel tandem.ChannelID) ([]tandem.Member, error)
	Member(ctx context.Context, id tandem.UserID) (tandem.Member, error)
	MemberOf(ctx context.Context, channel tandem.ChannelID, user tandem.UserID) (bool, error)
	ProgramsOf(ctx context.Context, user tandem.UserID, programs []tandem.Program) ([]tandem.Program, error)
}

// Board posts and redraws the marketplace's messages in a program channel.
type Board interface {
	// PostCall posts the call for topics and returns its ts.
	PostCall(ctx context.Context, p tandem.Program, m tandem.Marketplace) (string, error)
	// PostAgenda posts the agenda of a closed marketplace and returns its ts.
	PostAgenda(ctx context.Context, p tandem.Program, m tandem.Marketplace) (string, error)
	// ShowCall and ShowAgenda redraw a posted call or agenda with m's state.
	ShowCall(ctx context.Context, p tandem.Program, m tandem.Marketplace, msg tandem.MessageRef) error
	ShowAgenda(ctx context.Context, p tandem.Program, m tandem.Marketplace, msg tandem.MessageRef) error
	// PostAsk posts an urgent problem, naming the helpers, and returns the
	// post's ts.
	PostAsk(ctx context.Context, t tandem.Topic, helpers []tandem.UserID) (string, error)
	// WithdrawAsk replaces the post of an ask whose author was forgotten.
	WithdrawAsk(ctx context.Context, msg tandem.MessageRef) error
}

// Market runs the marketplaces of every program.
type Market struct {
	store Store
	dir   Directory
	board Board
	log   *slog.Logger
	now   func() time.Time

	redrawMu sync.Mutex // marketplace messages are redrawn one at a time
	locks    Locks      // nil: calls are not guarded beyond their keys
}

// Locks guard work that must not run twice at once in any process serving
// the database (replicas). The store implements it.
type Locks interface {
	// TryLock takes the named lock if it is free; ok is false otherwise.
	TryLock(ctx context.Context, name string) (release func(), ok bool, err error)
	// Lock waits for the named lock until ctx ends.
	Lock(ctx context.Context, name string) (release func(), err error)
}

// UseLocks makes calls for topics of one program post one at a time,
// whichever replica serves them: two admins asking at once get one call.
func (mk *Market) UseLocks(l Locks) { mk.locks = l }

// New returns a Market. log and now may be nil.
func New(store Store, dir Directory, board Board, log *slog.Logger, now func() time.Time) *Market {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if now == nil {
		now = time.Now
	}
	return &Market{store: store, dir: dir, board: board, log: log, now: now}
}

// The errors of ProgramFor, which the Slack edge words for the person.
var (
	// ErrNoProgram: the person is in no program's channel.
	ErrNoProgram = errors.New("market: not in any program")
)

// AmbiguousError says a person is in several programs and did not say
// which one a marketplace command is for.
type AmbiguousError struct{ Programs []tandem.ChannelID }

func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("market: %d programs, which one?", len(e.Programs))
}

// NotMemberError refuses a vote or a topic from outside the program's channel.
type NotMemberError struct{ Program tandem.ChannelID }

func (e *NotMemberError) Error() string {
	return fmt.Sprintf("market: not a member of %s", e.Program)
}

// ProgramFor picks the program a marketplace command is for: the program
// whose channel it was typed in, else the person's only program. With none
// it returns ErrNoProgram, with several an *AmbiguousError.
func (mk *Market) ProgramFor(ctx context.Context, user tandem.UserID, typedIn tandem.ChannelID) (tandem.Program, error) {
	programs, err := mk.store.Programs(ctx)
	if err != nil {
		return tandem.Program{}, err
	}
	for _, p := range programs {
		if p.Channel == typedIn {
			return p, nil
		}
	}
	mine, err := mk.dir.ProgramsOf(ctx, user, programs)
	if err != nil {
		return tandem.Program{}, err
	}
	switch len(mine) {
	case 1:
		return mine[0], nil
	case 0:
		return tandem.Program{}, ErrNoProgram
	}
	amb := &AmbiguousError{}
	for _, p := range mine {
		amb.Programs = append(amb.Programs, p.Channel)
	}
	return tandem.Program{}, amb
}
