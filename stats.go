package tandem

import "strings"

// FollowThroughStats are a program's counts of what partners did after
// being matched: meetings, notes, quiz answers. Counts only, never content.
type FollowThroughStats struct {
	Groups        int             // partnerships of the program's latest round
	Met           int             // of those, how many said they met
	Notes         int             // notes written in the program, all rounds
	NotesPerGroup map[GroupID]int // notes per partnership of the latest round
	Questions     int             // quiz questions in the program
	Answers       int             // quiz answers given
	Correct       int             // of those, right
	Ghosts        []UserID        // people paused for not answering three rounds in a row
}

// MarketplaceStats are a program's counts of marketplace topics.
type MarketplaceStats struct {
	Raised    int // topics raised, all marketplaces
	Urgent    int // of those, urgent (including `ask`)
	Discussed int // topics closed by an agenda
	Open      int // topics waiting for the next agenda
	Votes     int
}

// Forgotten counts what `forget me` deleted, by what it was ("notes",
// "topics", ...), for the confirmation message.
type Forgotten map[string]int

// ForgottenPrefix starts the ID that stands in for a person who asked to be
// forgotten, in the groups they were part of.
const ForgottenPrefix = "forgotten-"

// IsForgotten reports whether id stands in for a forgotten person.
func IsForgotten(id UserID) bool { return strings.HasPrefix(string(id), ForgottenPrefix) }
