package match

import (
	"cmp"
	"slices"

	"github.com/tandem-dev/tandem"
)

// Result is the outcome of one round.
type Result struct {
	// Groups are the groups formed, best score first. Everyone in
	// Input.People is in exactly one group or in LeftOut.
	Groups []Group
	// LeftOut are the people who could not be placed, by ID.
	LeftOut []LeftOut
	// Seed is Input.Seed, to be stored with the round.
	Seed int64
	// Score is the sum of the groups' scores.
	Score int
	// Bound is an upper bound on the Score of the best grouping of the same
	// input under the rules of the package comment: among the groupings that
	// place as many people, one with the fewest repeat points and then the
	// highest Score. Bound >= Score; Bound == Score proves this grouping the
	// best. Gap puts the difference as a fraction (the Slack edge words it);
	// Proof says how the bound was found.
	//
	// For pairs it comes from the duals of the exact matching, which bound
	// every perfect matching of the eligible pairs (see matchPerfect): Bound
	// is Score plus the difference between that dual bound and this
	// grouping's objective, so it is Score itself when the matching is
	// proven optimal. For an odd count it also bounds every choice of trio
	// (see oddTrio). For groups of 3 or more, and wherever avoid rules leave
	// no perfect matching, it is the lower of the degree bound (no one
	// shares a group with more than the largest size minus one, and each
	// pair is in one group at most: degreebound.go) and the per-person
	// bound (everyone gains at most their best partners' scores, each pair
	// counted by both its people); where the groups have the sizes
	// GroupSizes gives, also of the triangle bound (a price on each
	// person, and the best trios at those prices, which knows a group's
	// pairs close into triangles: trianglebound.go). A small round of
	// groups that places everyone (up to 20 people, see exactGroupsWorth)
	// is checked against every grouping of its sizes and becomes the best
	// of them: Bound is then Score.
	Bound int
	// Proof is how Bound was found: ProofDuals, ProofExhaustive,
	// ProofDegree, ProofTriangles or ProofPerPerson.
	Proof Proof
}

// Proof names how a Result's Bound was found.
type Proof string

const (
	// ProofDuals: the duals of the exact matching (pairs).
	ProofDuals Proof = "duals"
	// ProofPerPerson: each person's best partners (groups, or pairs that
	// avoid rules keep from a perfect matching).
	ProofPerPerson Proof = "per_person"
	// ProofDegree: the dual of the best subgraph in which no one has more
	// partners than a group allows (groups; rounds of up to 1,500 people).
	ProofDegree Proof = "degree"
	// ProofTriangles: the Lagrangian bound over every trio (groups of 3
	// or more with the sizes GroupSizes gives, up to 1,500 people:
	// trianglebound.go).
	ProofTriangles Proof = "triangles"
	// ProofExhaustive: every grouping was checked (small rounds of groups
	// that place everyone: exactgroups.go).
	ProofExhaustive Proof = "exhaustive"
)

// Gap returns how far Score may be from the best possible grouping, as a
// fraction of Bound: 0 when the grouping is proven the best, 0.001 when it
// is within 0.1% of the best possible.
func (r Result) Gap() float64 {
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

// Group is one group of a round.
type Group struct {
	// Members are 2..tandem.MaxGroupSize people, sorted by ID.
	Members []tandem.UserID
	// Score is the sum of the scores of every pair in the group.
	Score int
	// Reasons are the terms of those pair scores, ordered by kind (what
	// brought the group together first, what counts against it last). Their
	// Points add up to Score.
	Reasons []Reason
}

// Round forms the groups of one round of a program from in. See the
// package comment for how it chooses. It returns an EINVALID *tandem.Error,
// whose message names the setting, if in.GroupSize is outside 2..8,
// in.AvoidRepeats is negative, a person has no ID or appears twice, a
// UTCOffset is beyond a day, or there are more than MaxPeople people.
func Round(in Input) (Result, error) {
	pr, err := newProblem(&in)
	if err != nil {
		return Result{}, err
	}
	res := Result{Seed: in.Seed}
	var active, isolated []int32
	for i := range int32(pr.n) {
		if pr.hasPartner(i) {
			active = append(active, i)
		} else {
			isolated = append(isolated, i)
		}
	}
	var groups [][]int32
	var unplaced []int32
	var c cert
	if in.GroupSize == 2 {
		groups, unplaced, c = pr.pairGroups(active)
	} else {
		groups, unplaced, c = pr.groupUp(active, in.GroupSize)
	}

	for _, g := range groups {
		res.Groups = append(res.Groups, pr.group(g))
		res.Score += res.Groups[len(res.Groups)-1].Score
	}
	res.Bound, res.Proof = pr.bound(active, groups, in.GroupSize, res.Score, pr.totalWeight(groups), c)
	slices.SortStableFunc(res.Groups, func(a, b Group) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.Members[0], b.Members[0]))
	})
	for _, i := range isolated {
		res.LeftOut = append(res.LeftOut, pr.isolatedWhy(i))
	}
	for _, i := range unplaced {
		res.LeftOut = append(res.LeftOut, leftOut(pr.ids[i], NoRoom))
	}
	slices.SortFunc(res.LeftOut, func(a, b LeftOut) int { return cmp.Compare(a.User, b.User) })
	return res, nil
}

// group returns the Group of the problem indices g, with its score and
// reasons.
func (pr *problem) group(g []int32) Group {
	out := Group{Members: make([]tandem.UserID, len(g))}
	for i, m := range g {
		out.Members[i] = pr.ids[m]
	}
	slices.Sort(out.Members)
	for i, a := range g {
		for _, b := range g[i+1:] {
			out.Reasons = append(out.Reasons, pr.explain(a, b)...)
		}
	}
	sortReasons(out.Reasons)
	for _, r := range out.Reasons {
		out.Score += r.Points
	}
	return out
}
