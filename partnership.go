package tandem

import "time"

// GroupID identifies a partnership.
type GroupID int64

// RoundID identifies one matching run of one program.
type RoundID int64

// Round is one matching run of one program: its groups, the people left
// out and why, and the seed that makes it reproducible.
type Round struct {
	ID        RoundID
	Program   ChannelID
	Seed      int64
	StartedAt time.Time
	// By is who asked for the round: an admin's user ID, or "" for the schedule.
	By      UserID
	Groups  []Group
	LeftOut []LeftOut
	// Score is the sum of the groups' scores, and Bound a proven upper
	// bound on the score of the best grouping of the same people (match's
	// certificate); Bound == Score proves the round the best possible. Both
	// are 0 for rounds saved before the certificate was stored.
	Score, Bound int
}

// Gap is how far the round may be from the best possible grouping, as a
// fraction: 0 when proven the best, 0.001 within 0.1%. It is -1 when the
// round has no certificate (saved before one was stored).
func (r Round) Gap() float64 {
	if r.Bound == 0 && r.Score == 0 {
		return -1
	}
	if r.Bound <= r.Score {
		return 0
	}
	return float64(r.Bound-r.Score) / float64(max(abs(r.Bound), abs(r.Score), 1))
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// Group is a partnership: 2..MaxGroupSize people matched in one round.
type Group struct {
	ID      GroupID
	Round   RoundID
	Program ChannelID
	Members []UserID
	Score   int
	// Reasons are the terms of the group's score, what brought it together
	// first; the intro says them in words.
	Reasons []Reason
	// Why is the intro's wording of the reasons of a group saved before
	// reasons were stored; empty for newer groups.
	Why []string
	// DM is the group DM, once opened.
	DM        ChannelID
	IntroTS   string // the intro message, once posted
	Status    GroupStatus
	MetAt     time.Time // zero until someone clicks "We met"
	MetBy     UserID
	CreatedAt time.Time
	// Goal is the partnership's shared goal, if it has one (loop.go).
	Goal Goal
}

// GroupStatus is where a partnership stands.
type GroupStatus string

// The statuses of a partnership.
const (
	GroupActive  GroupStatus = "active"  // current: matched in the program's latest round
	GroupSkipped GroupStatus = "skipped" // someone clicked "Skip this round"
	GroupEnded   GroupStatus = "ended"   // a later round replaced it
)

// Met reports whether the group said it met.
func (g Group) Met() bool { return !g.MetAt.IsZero() }

// Has reports whether user is a member of g.
func (g Group) Has(user UserID) bool {
	for _, m := range g.Members {
		if m == user {
			return true
		}
	}
	return false
}

// LeftOut is a participant a round could not place, and why.
type LeftOut struct {
	User UserID
	Code LeftOutCode
}

// LeftOutCode says why a person could not be placed. The Slack edge words
// it twice: for the person, and for an admin, who learns what setting would
// help but never whose avoid list is involved.
type LeftOutCode string

// The reasons a person is left out of a round.
const (
	// LeftAlone: they were the only participant.
	LeftAlone LeftOutCode = "alone"
	// LeftOwnAvoidList: their own avoid list rules out everyone else.
	LeftOwnAvoidList LeftOutCode = "own_avoid_list"
	// LeftAvoided: avoid rules, at least one of them someone else's, rule
	// out everyone else.
	LeftAvoided LeftOutCode = "avoided"
	// LeftNoRoom: everyone they may be grouped with is in a group that is
	// full or holds someone they may not be grouped with.
	LeftNoRoom LeftOutCode = "no_room"
)

// PastGroup is a group from an earlier round, as matching sees it.
type PastGroup struct {
	Members   []UserID
	RoundsAgo int  // 1 for the latest round
	Met       bool // someone clicked "We met"
}
