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
}

// Group is a partnership: 2..MaxGroupSize people matched in one round.
type Group struct {
	ID      GroupID
	Round   RoundID
	Program ChannelID
	Members []UserID
	Score   int
	// Why lists the reasons the group was matched, in the words of the intro.
	Why []string
	// DM is the group DM, once opened.
	DM        ChannelID
	IntroTS   string // the intro message, once posted
	Status    GroupStatus
	MetAt     time.Time // zero until someone clicks "We met"
	MetBy     UserID
	CreatedAt time.Time
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
	Why  string // told to the person
	// Loosen tells an admin which setting to change so the person is placed
	// next time. Neither text reveals anyone's avoid list.
	Loosen string
}

// PastGroup is a group from an earlier round, as matching sees it.
type PastGroup struct {
	Members   []UserID
	RoundsAgo int  // 1 for the latest round
	Met       bool // someone clicked "We met"
}
