package match

import (
	"cmp"
	"slices"
)

// The pair matcher: an exact maximum-weight perfect matching on the
// complete graph of eligible pairs, found without handing that graph to
// the blossom. It solves the blossom on each person's best candidates,
// then prices every other pair with the duals (column generation): a pair
// whose weight exceeds what its ends' duals allow is added, and the
// blossom runs again from the previous duals, until no pair is left. The
// final duals are then feasible for every eligible pair, which proves the
// matching optimal on the complete graph (see blossomSolver.dualBound2).

// pairCandidates is how many best partners per person seed the pricing
// loop: enough that it rarely needs more than one more round.
const pairCandidates = 10

// completeLimit is the largest number of people matched on the complete
// graph directly, where scoring every pair into the solver costs less than
// pricing.
const completeLimit = 150

// maxPricingRounds bounds the pricing loop; each round scores every pair
// once. It is far more than the 1 to 3 rounds the benchmarks need.
const maxPricingRounds = 12

// perRowAdded caps the violated pairs one person adds per pricing round:
// the most violated ones, enough to fix their dual.
const perRowAdded = 8

// pairMatching is the result of matchPerfect.
type pairMatching struct {
	mate []int32 // position in vs -> position of the partner, or -1
	// bound2 is twice an upper bound on the objective of any matching of
	// vs that leaves at most one person single (the odd one, for an odd
	// count), over every eligible pair; valid when proven.
	bound2 int64
	proven bool
	// y are the solver's vertex duals (doubled), feasible for every
	// eligible pair together with the blossom duals, for positions 0..m-1;
	// ydummy is the dummy vertex's for an odd count. blossom gives the sum
	// of the blossom duals around two positions.
	y       []int64
	ydummy  int64
	blossom func(x, y int32) int64
	// flat are blossom-free duals for positions 0..m-1, feasible for edges,
	// to warm-start a re-solve.
	flat  []int64
	posOf map[int32]int32 // problem index -> position, built on demand
	// top1 and top2 are each position's two heaviest eligible weights, or
	// ineligible.
	top1, top2 []int32
	weight     int64 // objective of the matching
	edges      []bedge
}

// matchPerfect pairs up the people vs: as many pairs as possible and among
// those the heaviest, proven optimal over every eligible pair when the
// result says so. With an odd count one person stays single; their
// partner in the solver is a dummy vertex joined to everyone by weight 0.
func (pr *problem) matchPerfect(vs []int32) pairMatching {
	m := len(vs)
	res := pairMatching{mate: make([]int32, m)}
	for i := range res.mate {
		res.mate[i] = -1
	}
	if m < 2 {
		return res
	}
	odd := m%2 == 1
	nv := int32(m)
	if odd {
		nv++
	}
	complete := m <= completeLimit
	var edges []bedge
	var c *candidates
	if complete {
		edges = pr.completeEdges(vs)
	} else {
		c = pr.candidates(vs, pairCandidates)
		edges = pr.backbone(vs, c.edges())
	}
	res.top1, res.top2 = make([]int32, m), make([]int32, m)
	for x := range m {
		res.top1[x], res.top2[x] = ineligible, ineligible
	}
	if complete {
		for _, e := range edges {
			res.addTop(e.u, e.w)
			res.addTop(e.v, e.w)
		}
	} else {
		for x := range m {
			_, ws := c.of(x)
			for _, w := range ws {
				res.addTop(int32(x), w)
			}
		}
	}
	if odd {
		for x := range int32(m) {
			edges = append(edges, bedge{x, nv - 1, 0})
		}
	}

	s := newBlossomSolver(nv, edges, true)
	s.greedyStart()
	s.solve()
	proven := s.perfect()
	if !proven {
		// Avoid rules leave no perfect matching: the warm start's duals
		// prove nothing then, so solve again from the textbook start,
		// which still gives a maximum-cardinality, maximum-weight
		// matching of these edges.
		s = newBlossomSolver(nv, edges, true)
		s.solve()
	}
	var order, posOrd []int32
	var vsOrd []int32
	var prevY []int64           // duals at the last pricing round
	var wasInBlossom []bool     // whether a person was inside a blossom then
	var dep, nextDep [][2]int32 // pairs to check again in the next round
	row := make([]int32, m)
	for round := 0; proven && !complete; round++ {
		if round == maxPricingRounds {
			proven = false
			break
		}
		// Price every pair. A pair can only be violated if twice its
		// weight, at most twice the lighter of its ends' heaviest, exceeds
		// the sum of their duals; people sorted by dual let each row stop
		// early.
		y := s.dual
		if order == nil {
			order, posOrd, vsOrd = make([]int32, m), make([]int32, pr.n), make([]int32, m)
		}
		for x := range order {
			order[x] = int32(x)
		}
		slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(y[a], y[b]) })
		for i := range posOrd {
			posOrd[i] = -1
		}
		for r, x := range order {
			posOrd[vs[x]] = int32(r)
			vsOrd[r] = vs[x]
		}
		added := &candidates{k: perRowAdded, cnt: make([]int32, m), idx: make([]int32, m*perRowAdded), w: make([]int32, m*perRowAdded)}
		violated := 0
		sums := s.newBlossomSums()
		// After the first round only some rows can hold a new violation:
		// a pair whose plain slack (without blossoms) was not negative
		// stays so while neither dual falls, so the rows to scan again
		// are those of people whose dual fell and, since a pair could
		// have needed a blossom's dual, of people who were inside a
		// blossom. The violated pairs not added (perRowAdded) are
		// checked again too.
		fell := func(x int32) bool { return prevY == nil || y[x] < prevY[x] || wasInBlossom[x] }
		check := func(x, z int32, w int32) {
			sl := y[x] + y[z] - 2*int64(w)
			if sl >= 0 {
				return
			}
			if sl += 2 * sums.common(z); sl >= 0 {
				return
			}
			violated++
			nextDep = append(nextDep, [2]int32{x, z})
			// Rank by how much the pair is violated: the candidate heap
			// keeps the highest "weight", here -slack.
			added.push(int(x), z, int32(min(-sl, 1<<31-1)))
		}
		nextDep = nextDep[:0]
		for x := range int32(m) {
			if !fell(x) {
				continue
			}
			sums.row(x)
			theta := 2*int64(res.top1[x]) - y[x]
			cnt, _ := slices.BinarySearchFunc(order, theta, func(o int32, t int64) int {
				return cmp.Compare(y[o], t)
			})
			if cnt == 0 {
				continue
			}
			pr.rowFrom(vs[x], vsOrd[:cnt], posOrd, 0, row)
			for r := range cnt {
				z := order[r]
				w := row[r]
				if z == x || w == ineligible || (z < x && fell(z)) {
					continue
				}
				check(x, z, w)
			}
		}
		for _, d := range dep {
			if x, z := d[0], d[1]; !fell(x) && !fell(z) {
				sums.row(x)
				w, _ := pr.weight(vs[x], vs[z])
				check(x, z, int32(w))
			}
		}
		dep, nextDep = nextDep, dep
		prevY = append(prevY[:0], y[:m]...)
		if wasInBlossom == nil {
			wasInBlossom = make([]bool, m)
		}
		for x := range int32(m) {
			wasInBlossom[x] = s.inBlossom[x] != x
		}
		if violated == 0 {
			break
		}
		for x := range m {
			zs, _ := added.of(x)
			for _, z := range zs {
				w, _ := pr.weight(vs[x], vs[z])
				edges = append(edges, bedge{int32(x), z, int32(w)})
			}
		}
		// Warm start from the previous duals, flattened and raised where a
		// new edge needs it; pairs still tight stay matched.
		flat := s.flatDuals()
		mate := s.partners()
		for _, e := range edges[len(edges)-countAdded(added):] {
			if d := 2*int64(e.w) - flat[e.u] - flat[e.v]; d > 0 {
				flat[e.u] += (d + 1) / 2
				flat[e.v] += d / 2
			}
		}
		s = newBlossomSolver(nv, edges, true)
		s.warmStart(flat, mate)
		s.solve()
		if !s.perfect() {
			s = newBlossomSolver(nv, edges, true)
			s.solve()
			proven = false
		}
	}
	mate := s.partners()
	for x := range m {
		if z := mate[x]; z >= 0 && z < int32(m) {
			res.mate[x] = z
			if int32(x) < z {
				w, _ := pr.weight(vs[x], vs[z])
				res.weight += w
			}
		}
	}
	res.proven = proven
	res.edges = edges
	if proven {
		res.bound2 = s.dualBound2()
		res.y = s.dual[:m]
		sums, last := s.newBlossomSums(), int32(-1)
		res.blossom = func(x, z int32) int64 {
			if x != last {
				sums.row(x)
				last = x
			}
			return sums.common(z)
		}
		res.flat = s.flatDuals()[:m]
		if odd {
			res.ydummy = s.dual[m]
		}
	}
	return res
}

// backbone adds to edges a seeded random path through vs and a random
// pairing of it, where the pairs are eligible: however the candidates
// cluster, the graph then has a perfect matching whenever avoid rules
// leave one, and the pricing loop needs no cold start.
func (pr *problem) backbone(vs []int32, edges []bedge) []bedge {
	order := make([]int32, len(vs))
	for x := range order {
		order[x] = int32(x)
	}
	shuffle(newRNG(pr.in.Seed, streamBackbone), order)
	add := func(a, b int32) {
		if w, ok := pr.weight(vs[a], vs[b]); ok {
			edges = append(edges, bedge{a, b, int32(w)})
		}
	}
	for i := 0; i+1 < len(order); i++ {
		add(order[i], order[i+1])
	}
	for i := 0; i+3 < len(order); i += 2 {
		add(order[i], order[i+3])
	}
	return edges
}

// countAdded returns how many edges added holds.
func countAdded(c *candidates) int {
	n := 0
	for _, k := range c.cnt {
		n += int(k)
	}
	return n
}

// addTop records w as one of x's weights in top1, top2.
func (r *pairMatching) addTop(x int32, w int32) {
	switch {
	case w > r.top1[x]:
		r.top1[x], r.top2[x] = w, r.top1[x]
	case w > r.top2[x]:
		r.top2[x] = w
	}
}

// completeEdges returns every eligible pair among vs.
func (pr *problem) completeEdges(vs []int32) []bedge {
	pos := pr.positions(vs)
	out := make([]int32, len(vs))
	var edges []bedge
	for x, i := range vs {
		pr.rowFrom(i, vs, pos, x+1, out)
		for y := x + 1; y < len(vs); y++ {
			if out[y] != ineligible {
				edges = append(edges, bedge{int32(x), int32(y), out[y]})
			}
		}
	}
	return edges
}
