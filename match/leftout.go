package match

import (
	"slices"

	"github.com/tandem-dev/tandem"
)

// LeftOutCode says why a person could not be placed; see tandem.LeftOutCode.
type LeftOutCode = tandem.LeftOutCode

// The reasons a person is left out of a round, as in the domain.
const (
	Alone        = tandem.LeftAlone
	OwnAvoidList = tandem.LeftOwnAvoidList
	Avoided      = tandem.LeftAvoided
	NoRoom       = tandem.LeftNoRoom
)

// LeftOut is a participant a round could not place, and why.
type LeftOut struct {
	User tandem.UserID
	Code LeftOutCode
}

func leftOut(id tandem.UserID, code LeftOutCode) LeftOut {
	return LeftOut{User: id, Code: code}
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
