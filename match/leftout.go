package match

import (
	"slices"

	"github.com/tandem-dev/tandem"
)

// LeftOutCode says why a person could not be placed.
type LeftOutCode string

// The reasons a person is left out of a round.
const (
	// Alone: they were the only participant.
	Alone LeftOutCode = "alone"
	// OwnAvoidList: their own avoid list rules out everyone else.
	OwnAvoidList LeftOutCode = "own_avoid_list"
	// Avoided: avoid rules, at least one of them someone else's, rule out
	// everyone else. Their message does not say whose rules, since avoid
	// lists are private.
	Avoided LeftOutCode = "avoided"
	// NoRoom: everyone they may be grouped with is in a group that is full
	// or holds someone they may not be grouped with.
	NoRoom LeftOutCode = "no_room"
)

// LeftOut is a participant a round could not place.
type LeftOut struct {
	User tandem.UserID
	Code LeftOutCode
	// Message tells the person why, in words safe to show them: it never
	// reveals anyone else's avoid list.
	Message string
	// Loosen tells an admin what would let the person be placed, equally
	// without revealing whose avoid list is involved.
	Loosen string
}

// leftOutText holds the sentences for each code: to the person, to the admin.
var leftOutText = map[LeftOutCode][2]string{
	Alone: {
		"You were the only participant this round, so there was no one to match you with.",
		"They were the only participant: invite more people to the program's channel, or resume paused participants.",
	},
	OwnAvoidList: {
		"Your avoid list rules out everyone else in this round, so you were not matched. Use `/tandem unavoid @someone` to allow a partner.",
		"Avoid rules leave them no possible partner; more participants in the program would help.",
	},
	Avoided: {
		"No one in this round could be matched with you under the program's rules. You will be considered again next round.",
		"Avoid rules leave them no possible partner; more participants in the program would help.",
	},
	NoRoom: {
		"Everyone you could be matched with was already in a full group this round. You will be considered again next round.",
		"Every group they could join was full or held someone they may not be grouped with: a larger group_size or more participants would help.",
	},
}

func leftOut(id tandem.UserID, code LeftOutCode) LeftOut {
	t := leftOutText[code]
	return LeftOut{User: id, Code: code, Message: t[0], Loosen: t[1]}
}

// isolatedWhy explains why i, who has no eligible partner, is left out.
func (pr *problem) isolatedWhy(i int32) LeftOut {
	if pr.n == 1 {
		return leftOut(pr.ids[i], Alone)
	}
	own := pr.in.People[pr.src[i]].Avoid
	for j, id := range pr.ids {
		if int32(j) != i && !slices.Contains(own, id) {
			return leftOut(pr.ids[i], Avoided)
		}
	}
	return leftOut(pr.ids[i], OwnAvoidList)
}
