package match

import "math/bits"

// The weights of a pair's score. All are integers so that the exact matcher
// stays exact. A pair scores:
//
//   - TeachPoints for each skill one teaches that the other wants to learn,
//     counting at most TeachCap skills in each direction;
//   - TandemPoints more when teaching runs both ways, NoExchangePoints when
//     it runs neither way;
//   - SameOfficePoints when they can meet in person: the same known
//     Location (case-insensitive) and neither meets only remotely;
//   - CannotMeetPoints when they have no way to meet: one meets only on-site
//     and the other only remotely, or one meets only on-site and their known
//     offices differ. An unknown office is given the benefit of the doubt;
//   - one point per whole hour that their 9:00-17:00 local working days
//     overlap (0 to 8), and LittleOverlapPoints more when that is under
//     MinOverlapHours. A person without a known zone gets neither;
//   - RepeatMetPoints when they shared a group in the repeat window and that
//     group met, RepeatUnmetPoints when it never met.
//
// The score shown to people is that sum. The matcher ranks repeats before
// everything else (see the package comment): it maximises
// scoreWithoutRepeat + repeatPoints × a factor larger than any possible
// difference in the rest, so a grouping with fewer repeat points always wins.
const (
	TeachPoints         = 10
	TeachCap            = 2
	TandemPoints        = 15
	NoExchangePoints    = -5
	SameOfficePoints    = 5
	CannotMeetPoints    = -40
	LittleOverlapPoints = -20
	MinOverlapHours     = 2
	RepeatMetPoints     = -100
	RepeatUnmetPoints   = -30
)

// Working hours assumed for everyone, in minutes after local midnight.
const (
	workStart = 9 * 60
	workEnd   = 17 * 60
	workLen   = workEnd - workStart
)

// Bounds of a pair's score without its repeat term, used to size the
// factor that makes repeats rank first.
const (
	maxBase = 2*TeachCap*TeachPoints + TandemPoints + SameOfficePoints + workLen/60
	minBase = NoExchangePoints + CannotMeetPoints + LittleOverlapPoints
)

// overlapMinutes returns how many minutes two 9:00-17:00 local working days
// share, given the two UTC offsets in minutes. Both days have the same
// length, so the overlap is that length minus their circular distance.
func overlapMinutes(a, b int) int {
	d := (a - b) % 1440
	if d < 0 {
		d = -d
	}
	if d > 720 {
		d = 1440 - d
	}
	if d >= workLen {
		return 0
	}
	return workLen - d
}

// countCommon counts the values two sorted lists share, stopping at limit.
func countCommon(a, b []int32, limit int) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) && n < limit {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

// shared counts the skills two lists share, up to TeachCap, from their
// masks, looking at the rare skills only when their hashes meet.
func shared(t, l, th, lh uint64, tRare, lRare []int32) int {
	n := bits.OnesCount64(t & l)
	if n < TeachCap && th&lh != 0 {
		n += countCommon(tRare, lRare, TeachCap-n)
	}
	return min(n, TeachCap)
}

// hoursPoints returns the working-hours term of a pair with the given UTC
// offsets.
func hoursPoints(a, b int) int64 {
	m := overlapMinutes(a, b)
	s := m / 60
	if m < MinOverlapHours*60 {
		s += LittleOverlapPoints
	}
	return int64(s)
}

// base returns the score of the pair (i, j) without its repeat term.
func (pr *problem) base(i, j int32) int64 {
	a, b := &pr.ps[i], &pr.ps[j]
	ab := shared(a.teachMask, b.learnMask, a.teachHash, b.learnHash, a.teachRare, b.learnRare)
	ba := shared(b.teachMask, a.learnMask, b.teachHash, a.learnHash, b.teachRare, a.learnRare)
	s := int64(TeachPoints * (ab + ba))
	switch {
	case ab > 0 && ba > 0:
		s += TandemPoints
	case ab == 0 && ba == 0:
		s += NoExchangePoints
	}
	s += int64(meetingPoints(meetingOf(a, b)))
	if a.zone >= 0 && b.zone >= 0 {
		if pr.zonePts != nil {
			s += pr.zonePts[int(a.zone)*pr.zones+int(b.zone)]
		} else {
			s += hoursPoints(int(a.offset), int(b.offset))
		}
	}
	return s
}

// meeting says how two people can meet, as far as the score cares.
type meeting uint8

const (
	meetNeutral          meeting = iota // remotely, or unknown
	meetSameOffice                      // in person at their shared office
	meetDifferentOffices                // not at all: on-site only, offices differ
	meetModeMismatch                    // not at all: on-site only vs remote only
)

// meetingPoints returns the score term of a meeting.
func meetingPoints(m meeting) int32 {
	switch m {
	case meetSameOffice:
		return SameOfficePoints
	case meetDifferentOffices, meetModeMismatch:
		return CannotMeetPoints
	}
	return 0
}

func meetingOf(a, b *person) meeting {
	same := a.office >= 0 && a.office == b.office
	if same && a.mode != modeRemote && b.mode != modeRemote {
		return meetSameOffice
	}
	if a.mode != modeOnsite && b.mode != modeOnsite {
		return meetNeutral // a video call works
	}
	if a.mode == modeRemote || b.mode == modeRemote {
		return meetModeMismatch
	}
	if a.office >= 0 && b.office >= 0 {
		return meetDifferentOffices
	}
	return meetNeutral
}

// weight returns the matcher's objective for the pair (i, j) and whether
// they may be grouped at all.
func (pr *problem) weight(i, j int32) (int64, bool) {
	if pr.dense != nil {
		w := pr.dense[int(i)*pr.n+int(j)]
		return int64(w), w != ineligible
	}
	if pr.avoids(i, j) {
		return 0, false
	}
	return pr.base(i, j) + int64(pr.repeatOf(i, j).units())*pr.bigM, true
}

// PairScore returns the score of a and b as a pair with no history, and the
// reasons that make it up (their Points add up to the score). It applies
// the same weights as Round; an Avoid rule between them does not change the
// score.
func PairScore(a, b Person) (int, []Reason) {
	a.Avoid, b.Avoid = nil, nil
	pr := buildProblem(&Input{People: []Person{a, b}, GroupSize: 2})
	rs := pr.explain(0, 1)
	s := 0
	for _, r := range rs {
		s += r.Points
	}
	return s, rs
}
