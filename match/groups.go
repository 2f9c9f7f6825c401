package match

import (
	"cmp"
	"slices"

	"github.com/tandem-dev/tandem"
)

// GroupSizes returns the sizes of the groups a round forms for n people
// and the program's group size g, largest first; g is taken as 2 below 2
// and as tandem.MaxGroupSize above it. There are n/g groups and the
// remaining people join them one each, so sizes are g or g+1 (10 people in
// threes: 4, 3, 3). When that would exceed tandem.MaxGroupSize, or there
// are fewer than g people, the groups are instead one more and as even as
// possible (17 people in eights: 6, 6, 5; 2 people in threes: one pair).
// Fewer than 2 people form no group.
//
// With g = 2 the matcher itself forms pairs and, for an odd count, one
// trio, which these sizes describe too.
func GroupSizes(n, g int) []int {
	if n < 2 {
		return nil
	}
	g = min(max(g, tandem.MinGroupSize), tandem.MaxGroupSize)
	hi := min(g+1, tandem.MaxGroupSize)
	k := n / g
	if k == 0 || n > k*hi {
		k = (n + g - 1) / g
	}
	sizes := make([]int, k)
	for i := range sizes {
		sizes[i] = n / k
		if i < n%k {
			sizes[i]++
		}
	}
	return sizes
}

// groupStarts returns how many constructions the group search starts from
// for m people in groups of about g: one seeded with the hardest people to
// place, the rest with random ones. A start costs about m²·g steps. Small
// rounds get 64 starts (which found the optimum of 15 people every time in
// our tests); a round of 1,000 people in threes gets 15, and leaves the
// rest of its second to the assignment moves, which improve the best start
// far more than further starts would. Rounds of thousands get fewer, down
// to 3, so that they still take seconds, not minutes.
func groupStarts(m, g int) int {
	return max(3, min(64, 45_000_000/max(1, m*m*g)))
}

// groupNeighbours is how many best partners of a person the local search
// looks at: it only considers moving a person into a group that holds one
// of them.
const groupNeighbours = 16

// groupUp forms groups of about size g from vs. A small round is solved
// exactly (exactGroups); the others are searched (searchGroups).
func (pr *problem) groupUp(vs []int32, g int) (groups [][]int32, unplaced []int32, c cert) {
	sizes := GroupSizes(len(vs), g)
	if len(sizes) == 0 {
		return nil, vs, c
	}
	if ex, obj, ok := pr.exactGroups(vs, slices.Min(sizes), slices.Max(sizes)); ok {
		return ex, nil, cert{bound2: 2 * obj, ok: true, exact: true}
	}
	return pr.searchGroups(vs, g)
}

// searchGroups forms groups of about size g from vs: multi-start greedy
// construction, each start improved by swap local search, keeping the best,
// which assignment moves (assign.go) then improve further.
func (pr *problem) searchGroups(vs []int32, g int) (groups [][]int32, unplaced []int32, c cert) {
	sizes := GroupSizes(len(vs), g)
	if len(sizes) == 0 {
		return nil, vs, c
	}
	lo, hi := slices.Min(sizes), slices.Max(sizes)
	pr.buildDense()

	gs := &groupSearch{pr: pr, vs: vs, sizes: sizes, lo: lo, hi: hi}
	gs.neigh = pr.candidates(vs, groupNeighbours)
	gs.hardness()
	c.tops = make([][]int32, len(vs))
	for x := range vs {
		_, ws := gs.neigh.of(x)
		c.tops[x] = slices.Clone(ws)
		slices.SortFunc(c.tops[x], func(a, b int32) int { return cmp.Compare(b, a) })
	}
	r := newRNG(pr.in.Seed, streamGroups)
	var best *grouping
	for s := range groupStarts(len(vs), g) {
		cur := gs.greedy(s, r)
		cur.total += pr.localSearch(cur.groups, cur.of, gs.vs, gs.lo, gs.hi, gs.neighbourGroups(cur))
		if best == nil || cur.betterThan(best) {
			best = cur
		}
	}
	best.total += pr.assignMoves(best.groups, best.of, newRNG(pr.in.Seed, streamAssign))
	if pr.dense != nil {
		// A last pass over all groups, not only those of near partners:
		// about m²·g steps per pass, affordable while weights are in the
		// matrix.
		best.total += pr.localSearch(best.groups, best.of, vs, lo, hi, nil)
	}
	groups, extras := best.groups, best.extras
	// A group the construction could not fill past one person is no group.
	groups = slices.DeleteFunc(groups, func(g []int32) bool {
		if len(g) < 2 {
			extras = append(extras, g...)
			return true
		}
		return false
	})
	groups, unplaced = pr.placeAll(groups, extras, hi)
	if len(unplaced) > 0 {
		// Avoid rules defeat the construction: start instead from a
		// maximum matching, which places the most people pairs and trios
		// can, merge its groups towards the round's sizes, and keep that if
		// it places more.
		alt, altOut := pr.placementGroups(vs, lo, hi)
		if len(altOut) < len(unplaced) {
			groups, unplaced = alt, altOut
		}
	}
	if pr.repeatUnits(groups) > 0 {
		glo, ghi := hi, lo
		for _, g := range groups {
			glo, ghi = min(glo, len(g)), max(ghi, len(g))
		}
		groups = pr.clearRepeats(groups, glo, ghi)
		pr.polish(groups, vs, glo, ghi)
	}
	return groups, unplaced, c
}

// placementGroups groups vs so as to place as many people as it can: a
// maximum matching, its single people placed by placeAll, then groups
// merged while a merge fits in hi and breaks no avoid rule, the smallest
// groups first, improved by the local search with sizes 2..hi.
func (pr *problem) placementGroups(vs []int32, lo, hi int) ([][]int32, []int32) {
	pairs, single := pr.matchPairs(vs)
	groups := make([][]int32, 0, len(pairs))
	for _, p := range pairs {
		groups = append(groups, []int32{p[0], p[1]})
	}
	groups, unplaced := pr.placeAll(groups, single, hi)
	for {
		slices.SortStableFunc(groups, func(a, b []int32) int { return cmp.Compare(len(a), len(b)) })
		merged := false
		for a := 0; a < len(groups) && !merged; a++ {
			if len(groups[a]) >= lo {
				break
			}
			bi, bestGain := -1, int64(0)
			for b := range groups {
				if b == a || len(groups[a])+len(groups[b]) > hi {
					continue
				}
				var gain int64
				ok := true
				for _, x := range groups[a] {
					w, fits := pr.gain(x, groups[b], -1)
					ok = ok && fits
					gain += w
				}
				if ok && (bi < 0 || gain > bestGain) {
					bi, bestGain = b, gain
				}
			}
			if bi >= 0 {
				groups[bi] = append(groups[bi], groups[a]...)
				groups = slices.Delete(groups, a, a+1)
				merged = true
			}
		}
		if !merged {
			break
		}
	}
	of := make([]int32, pr.n)
	for i := range of {
		of[i] = -1
	}
	for gi, g := range groups {
		for _, m := range g {
			of[m] = int32(gi)
		}
	}
	pr.localSearch(groups, of, vs, 2, hi, nil)
	return groups, unplaced
}

// groupSearch is the shared, read-only part of a group search.
type groupSearch struct {
	pr     *problem
	vs     []int32
	sizes  []int
	lo, hi int
	neigh  *candidates // positions in vs
	hard   []int32     // vs sorted hardest to place first
}

// grouping is one candidate partition.
type grouping struct {
	groups [][]int32
	extras []int32 // people the construction could not place
	of     []int32 // group of each problem index, -1 if none
	total  int64
}

func (a *grouping) betterThan(b *grouping) bool {
	if len(a.extras) != len(b.extras) {
		return len(a.extras) < len(b.extras)
	}
	return a.total > b.total
}

// hardness orders people hardest to place first: fewest eligible partners
// (avoid rules), then the lowest sum of their g-1 best weights.
func (gs *groupSearch) hardness() {
	type key struct {
		x     int32
		cnt   int
		score int64
	}
	keys := make([]key, len(gs.vs))
	want := gs.sizes[len(gs.sizes)-1] - 1
	for x := range gs.vs {
		_, ws := gs.neigh.of(x)
		top := slices.Clone(ws)
		slices.SortFunc(top, func(a, b int32) int { return cmp.Compare(b, a) })
		var s int64
		for _, w := range top[:min(want, len(top))] {
			s += int64(w)
		}
		keys[x] = key{int32(x), len(gs.vs) - 1 - len(gs.pr.avd[gs.vs[x]]), s}
	}
	slices.SortStableFunc(keys, func(a, b key) int {
		return cmp.Or(cmp.Compare(a.cnt, b.cnt), cmp.Compare(a.score, b.score))
	})
	gs.hard = make([]int32, len(keys))
	for i, k := range keys {
		gs.hard[i] = gs.vs[k.x]
	}
}

// greedy builds one grouping: each group starts from a seed person (start 0:
// the hardest to place; other starts: a random one) and repeatedly adds
// the person who gains it most.
func (gs *groupSearch) greedy(start int, r *rng) *grouping {
	pr := gs.pr
	left := slices.Clone(gs.hard) // people not placed yet, hardest first
	gain := make([]int64, len(left))
	conflict := make([]bool, len(left))
	out := &grouping{of: make([]int32, pr.n)}
	for i := range out.of {
		out.of[i] = -1
	}
	remove := func(i int) int32 {
		x := left[i]
		// Keep the order, so that ties fall the same way every time.
		left = slices.Delete(left, i, i+1)
		gain = slices.Delete(gain, i, i+1)
		conflict = slices.Delete(conflict, i, i+1)
		return x
	}
	for _, size := range gs.sizes {
		if len(left) == 0 {
			break
		}
		si := 0
		if start > 0 {
			si = r.intn(len(left))
		}
		seed := remove(si)
		members := []int32{seed}
		for i, p := range left {
			gain[i], conflict[i] = 0, false
			gs.add(p, seed, &gain[i], &conflict[i])
		}
		for len(members) < size {
			bi := -1
			for i := range left {
				if !conflict[i] && (bi < 0 || gain[i] > gain[bi]) {
					bi = i
				}
			}
			if bi < 0 {
				break // everyone left clashes with someone in the group
			}
			p := remove(bi)
			members = append(members, p)
			for i, q := range left {
				gs.add(q, p, &gain[i], &conflict[i])
			}
		}
		gi := int32(len(out.groups))
		for _, m := range members {
			out.of[m] = gi
		}
		out.groups = append(out.groups, members)
	}
	out.extras = left
	out.total = pr.totalWeight(out.groups)
	return out
}

// neighbourGroups returns, for the local search, the groups worth trying
// for a person: those holding one of their best partners, or all groups if
// there are few.
func (gs *groupSearch) neighbourGroups(gr *grouping) func(p int32, try func(b int)) {
	if len(gr.groups) <= 2*groupNeighbours {
		return nil
	}
	pos := gs.pr.positions(gs.vs)
	return func(p int32, try func(b int)) {
		ys, _ := gs.neigh.of(int(pos[p]))
		for _, y := range ys {
			if b := gr.of[gs.vs[y]]; b >= 0 {
				try(int(b))
			}
		}
	}
}

// add adds the weight between q and the new member p to q's gain.
func (gs *groupSearch) add(q, p int32, gain *int64, conflict *bool) {
	if w, ok := gs.pr.weight(q, p); ok {
		*gain += w
	} else {
		*conflict = true
	}
}

// totalWeight returns the objective of a set of groups, counting only
// eligible pairs.
func (pr *problem) totalWeight(groups [][]int32) int64 {
	var t int64
	for _, g := range groups {
		for i, a := range g {
			for _, b := range g[i+1:] {
				if w, ok := pr.weight(a, b); ok {
					t += w
				}
			}
		}
	}
	return t
}
