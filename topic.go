package tandem

import (
	"sort"
	"time"
)

// MarketplaceID identifies one marketplace (cycle) of a program.
type MarketplaceID int64

// TopicID identifies a topic.
type TopicID int64

// VoteBudget is how many `+1` votes one person may give in one marketplace:
// Lean Coffee's dots. A small budget makes the order show what matters most
// to everyone, not who clicks most.
const VoteBudget = 3

// Marketplace is one cycle of a program's discussion marketplace. Topics
// raised go to the program's open marketplace; the agenda closes it, and
// the next topic opens the next one. A program has at most one open
// marketplace.
type Marketplace struct {
	ID       MarketplaceID // 0 when the program has no open marketplace yet
	Program  ChannelID
	Number   int // 1 for the program's first marketplace
	Closed   bool
	OpenedAt time.Time
	ClosedAt time.Time // zero while open
	// Topics are the marketplace's topics in agenda order (see RankTopics).
	Topics []Topic
	// LastCall is the newest call message posted for this marketplace, so
	// it can be kept up to date; zero if none was posted.
	LastCall MessageRef
	// Agenda is the agenda message posted when the marketplace closed; zero
	// before. Its +1 buttons let the meeting reorder what it discusses next.
	Agenda MessageRef
}

// MessageRef names a Slack message by its conversation and timestamp.
type MessageRef struct {
	Channel ChannelID
	TS      string
}

// IsZero reports whether r names no message.
func (r MessageRef) IsZero() bool { return r.TS == "" }

// Place returns the 1-based position of topic in m's agenda order, or 0.
func (m Marketplace) Place(topic TopicID) int {
	for i, t := range m.Topics {
		if t.ID == topic {
			return i + 1
		}
	}
	return 0
}

// TopicStatus is where a topic stands.
type TopicStatus string

// The statuses of a topic.
const (
	TopicOpen      TopicStatus = "open"      // waiting for its marketplace's agenda
	TopicDiscussed TopicStatus = "discussed" // on an agenda that went out
)

// Topic is an item for a program's marketplace.
type Topic struct {
	ID          TopicID
	Marketplace MarketplaceID
	Program     ChannelID
	Author      UserID
	Text        string
	Urgent      bool
	Skill       string // for an `ask`: the normalised skill it needs; "" otherwise
	Votes       int
	Status      TopicStatus
	CreatedAt   time.Time
}

// RankTopics sorts topics in agenda order: urgent first, then by votes,
// then oldest first (the ID breaks ties between topics of one instant).
func RankTopics(ts []Topic) {
	sort.SliceStable(ts, func(i, j int) bool {
		a, b := ts[i], ts[j]
		switch {
		case a.Urgent != b.Urgent:
			return a.Urgent
		case a.Votes != b.Votes:
			return a.Votes > b.Votes
		case !a.CreatedAt.Equal(b.CreatedAt):
			return a.CreatedAt.Before(b.CreatedAt)
		}
		return a.ID < b.ID
	})
}

// VoteResult says what a `+1` did. Exactly one of Counted, Already and
// OverBudget is true.
type VoteResult struct {
	Topic      Topic // with its vote count after the click
	Counted    bool  // a new vote, now counted
	Already    bool  // the person had voted for this topic: nothing changed
	OverBudget bool  // the person had used all VoteBudget votes: nothing changed
	// Used is how many votes the person has given in the topic's
	// marketplace, this one included if counted.
	Used int
	// Mine are the topics the person voted for in that marketplace, in
	// agenda order, for explaining the budget.
	Mine []Topic
}

// Posts are the channel messages that show what one person wrote: the
// marketplaces whose call and agenda list their topics, and the channel
// posts of their urgent asks.
type Posts struct {
	Marketplaces []MarketplaceID
	Asks         []MessageRef
}
