package match

import (
	"cmp"
	"slices"
)

// ExactPairsLimit was the largest round matched exactly. Every round of
// pairs is now matched exactly on the complete graph of eligible pairs (see
// matchPerfect); the constant stays for callers that print it.
const ExactPairsLimit = MaxPeople

// matchPairs pairs up the people vs: as many pairs as possible, and among
// those the highest total weight, exact over every eligible pair. It
// returns the pairs and the people left single, as problem indices.
func (pr *problem) matchPairs(vs []int32) (pairs [][2]int32, single []int32) {
	pm := pr.matchPerfect(vs)
	pairs, single = pm.pairs(vs)
	if !pm.proven && len(single) >= 2 && len(single) < len(vs) {
		// Avoid rules left several people single in the candidate graph:
		// they may still be able to pair with each other.
		more, rest := pr.matchPairs(single)
		pairs, single = append(pairs, more...), rest
	}
	return pairs, single
}

// pairs returns the matched pairs and the single people as problem indices.
func (pm *pairMatching) pairs(vs []int32) (pairs [][2]int32, single []int32) {
	for x, z := range pm.mate {
		switch {
		case z < 0:
			single = append(single, vs[x])
		case int(z) > x:
			pairs = append(pairs, [2]int32{vs[x], vs[z]})
		}
	}
	return pairs, single
}

// cert is what a group search can prove about its grouping.
type cert struct {
	// bound2, if ok, is twice an upper bound on the objective of every
	// grouping of the round's sizes that places at least as many people.
	bound2 int64
	ok     bool
	// exact says the bound is the optimum found by exhaustive search
	// (exactGroups), not the duals of a matching.
	exact bool
	// tops holds each position's heaviest weights, falling, for the
	// per-person bound; nil if not at hand.
	tops [][]int32
}

// pairGroups forms the groups of a round with group size 2: the exact
// matching, and for an odd count the best trio (oddTrio). Whoever is still
// single is placed by placeAll if any grouping can place them.
func (pr *problem) pairGroups(vs []int32) (groups [][]int32, unplaced []int32, c cert) {
	groups, unplaced, c = pr.pairGroupsExact(vs)
	// Repeats are proven as few as possible when the bound is within one
	// repeat unit of the grouping; otherwise anneal them away.
	obj := pr.totalWeight(groups)
	if pr.repeatUnits(groups) > 0 && (!c.ok || c.bound2-2*obj >= 2*pr.bigM) {
		groups = pr.clearRepeats(groups, 2, 3)
		pr.polish(groups, vs, 2, 3)
	}
	return groups, unplaced, c
}

// pairGroupsExact is pairGroups before the repeat phase.
func (pr *problem) pairGroupsExact(vs []int32) (groups [][]int32, unplaced []int32, c cert) {
	pm := pr.matchPerfect(vs)
	pairs, single := pm.pairs(vs)
	c.tops = make([][]int32, len(vs))
	for x := range vs {
		for _, w := range []int32{pm.top1[x], pm.top2[x]} {
			if w != ineligible {
				c.tops[x] = append(c.tops[x], w)
			}
		}
	}
	if pm.proven && len(single) == 1 {
		groups, unplaced, oc := pr.oddTrio(vs, &pm)
		oc.tops = c.tops
		return groups, unplaced, oc
	}
	if !pm.proven && len(single) >= 2 && len(single) < len(vs) {
		more, rest := pr.matchPairs(single)
		pairs, single = append(pairs, more...), rest
	}
	for _, p := range pairs {
		groups = append(groups, []int32{p[0], p[1]})
	}
	if pm.proven && len(single) == 0 {
		c.bound2, c.ok = pm.bound2, true
	}
	groups, unplaced = pr.placeAll(groups, single, 3)
	return groups, unplaced, c
}

// oddExactLimit is the largest odd count for which oddTrio lists every
// trio; above it, it lists those that each person's heaviest partners
// allow (see oddTrio).
const oddExactLimit = 61

// maxTrioTries bounds the trios whose best completion oddTrio computes
// above oddExactLimit; each costs a warm-started re-solve.
const maxTrioTries = 8

// maxTrioList bounds the trios oddTrio lists above oddExactLimit.
const maxTrioList = 200_000

// trioTry is a trio with an upper bound on the groupings that contain it.
type trioTry struct {
	t   [3]int32 // positions in vs
	ub2 int64    // twice the bound on the objective with this trio
}

// oddTrio forms pairs and one trio from an odd count, choosing the trio by
// what is best for the whole grouping: with the duals y of the matching,
// no grouping with trio T weighs more than half of
//
//	Y + Z - y(T) + 2w(T)
//
// (Y the sum of all vertex duals, Z the blossom term, w(T) the trio's three
// pairs), since the pairs of the rest form a perfect matching of everyone
// outside T. It starts from the natural trio (the single person joins the
// pair that gains most, whose bound is its value), lists the trios whose
// bound is higher, and computes the best grouping for them, highest bound
// first, until the best found reaches the bound of every trio not yet
// computed. Up to oddExactLimit people it lists every trio. Above, it uses
// that 2w(T) - y(T) <= 2(w(ad) + w(bd)) - y(d) + 2Zmax for any member d
// of T = {a, b, d} (Zmax the largest sum of blossom duals around one
// person): it lists, for each person d whose two heaviest partners could
// beat the best, the trios of d with partners heavy enough, and bounds the
// rest. The result's cert bounds every grouping of pairs and one trio.
func (pr *problem) oddTrio(vs []int32, pm *pairMatching) (groups [][]int32, unplaced []int32, c cert) {
	m := int32(len(vs))
	// base2 is Y + Z: the matching's bound without the dummy vertex's dual.
	base2 := pm.bound2 - pm.ydummy
	w := func(a, b int32) (int32, bool) {
		wt, ok := pr.weight(vs[a], vs[b])
		return int32(wt), ok
	}
	ub2 := func(t [3]int32) (int64, bool) {
		var s int64
		for i := range 3 {
			for j := i + 1; j < 3; j++ {
				wt, ok := w(t[i], t[j])
				if !ok {
					return 0, false
				}
				s += 2 * int64(wt)
			}
			s -= pm.y[t[i]]
		}
		return base2 + s, true
	}

	// The natural trio costs no re-solve.
	var best struct {
		obj    int64
		groups [][]int32
		ok     bool
	}
	pairs, _ := pm.pairs(vs)
	u := int32(slices.Index(pm.mate, -1))
	bestPair := -1
	for gi, p := range pairs {
		wa, ok1 := w(u, pm.pos(vs, p[0]))
		wb, ok2 := w(u, pm.pos(vs, p[1]))
		if obj := pm.weight + int64(wa) + int64(wb); ok1 && ok2 && (!best.ok || obj > best.obj) {
			best.obj, best.ok, bestPair = obj, true, gi
		}
	}
	if best.ok {
		for gi, q := range pairs {
			g := []int32{q[0], q[1]}
			if gi == bestPair {
				g = append(g, vs[u])
			}
			best.groups = append(best.groups, g)
		}
	}
	floor2 := int64(-1 << 62) // trios whose bound is at most this need no look
	if best.ok {
		floor2 = 2 * best.obj
	}

	var tries []trioTry
	rest2 := int64(-1 << 62) // bounds every trio not in tries
	if m <= oddExactLimit {
		for a := range m {
			for b := a + 1; b < m; b++ {
				if _, ok := w(a, b); !ok {
					continue
				}
				for d := b + 1; d < m; d++ {
					t := [3]int32{a, b, d}
					if ub, ok := ub2(t); ok && ub > floor2 {
						tries = append(tries, trioTry{t, ub})
					}
				}
			}
		}
	} else {
		var zmax int64
		for x := range m {
			zmax = max(zmax, pm.blossom(x, x))
		}
		type lead struct {
			d  int32
			r2 int64
		}
		var leads []lead
		for d := range m {
			if pm.top2[d] != ineligible {
				r := base2 + 2*(int64(pm.top1[d])+int64(pm.top2[d])) - pm.y[d] + 2*zmax
				if r > floor2 {
					leads = append(leads, lead{d, r})
				}
			}
		}
		slices.SortFunc(leads, func(a, b lead) int { return cmp.Or(cmp.Compare(b.r2, a.r2), cmp.Compare(a.d, b.d)) })
		seen := map[[3]int32]bool{}
		pos := pr.positions(vs)
		row := make([]int32, m)
		type partner struct {
			x int32
			w int32
		}
		var ps []partner
	leadLoop:
		for _, l := range leads {
			d := l.d
			pr.rowFrom(vs[d], vs, pos, 0, row)
			ps = ps[:0]
			for x, wt := range row {
				if wt != ineligible {
					ps = append(ps, partner{int32(x), wt})
				}
			}
			slices.SortFunc(ps, func(a, b partner) int { return cmp.Or(cmp.Compare(b.w, a.w), cmp.Compare(a.x, b.x)) })
			lim := func(i, j int) int64 {
				return base2 + 2*(int64(ps[i].w)+int64(ps[j].w)) - pm.y[d] + 2*zmax
			}
			for i := 0; i+1 < len(ps) && lim(i, i+1) > floor2; i++ {
				for j := i + 1; j < len(ps) && lim(i, j) > floor2; j++ {
					if len(tries) == maxTrioList {
						// Stop listing: what is left of this lead and
						// the leads after it are bounded by this.
						rest2 = max(rest2, lim(i, j))
						break leadLoop
					}
					t := [3]int32{d, ps[i].x, ps[j].x}
					slices.Sort(t[:])
					if seen[t] {
						continue
					}
					seen[t] = true
					if ub, ok := ub2(t); ok && ub > floor2 {
						tries = append(tries, trioTry{t, ub})
					}
				}
			}
		}
	}
	slices.SortFunc(tries, func(a, b trioTry) int {
		return cmp.Or(cmp.Compare(b.ub2, a.ub2), slices.Compare(a.t[:], b.t[:]))
	})
	limit := len(tries)
	if m > oddExactLimit {
		limit = min(limit, maxTrioTries)
	}
	for i, t := range tries {
		if best.ok && t.ub2 <= 2*best.obj {
			break // every trio left is bounded by what we have
		}
		if i == limit {
			rest2 = max(rest2, t.ub2)
			break
		}
		obj, gs, ok := pr.withTrio(vs, pm, t.t)
		if ok && (!best.ok || obj > best.obj) {
			best.obj, best.groups, best.ok = obj, gs, true
		}
	}
	if !best.ok {
		// No trio can be completed: place the single person as any grouping
		// can.
		var gs [][]int32
		for _, p := range pairs {
			gs = append(gs, []int32{p[0], p[1]})
		}
		gs, unplaced = pr.placeAll(gs, []int32{vs[u]}, 3)
		return gs, unplaced, cert{}
	}
	return best.groups, nil, cert{bound2: max(2*best.obj, rest2), ok: true}
}

// pos returns the position of problem index i in vs.
func (pm *pairMatching) pos(vs []int32, i int32) int32 {
	if pm.posOf == nil {
		pm.posOf = make(map[int32]int32, len(vs))
		for x, v := range vs {
			pm.posOf[v] = int32(x)
		}
	}
	return pm.posOf[i]
}

// withTrio returns the best grouping with trio t (positions in vs) that
// the matching's edges allow: the trio plus an optimal perfect matching of
// everyone else, re-solved from the matching's duals.
func (pr *problem) withTrio(vs []int32, pm *pairMatching, t [3]int32) (int64, [][]int32, bool) {
	m := int32(len(vs))
	in := func(x int32) bool { return x == t[0] || x == t[1] || x == t[2] || x >= m }
	var edges []bedge
	for _, e := range pm.edges {
		if !in(e.u) && !in(e.v) {
			edges = append(edges, e)
		}
	}
	s := newBlossomSolver(m, edges, true)
	flat := make([]int64, m)
	copy(flat, pm.flat)
	partner := slices.Clone(pm.mate)
	for _, x := range t {
		if z := partner[x]; z >= 0 {
			partner[z] = -1
		}
		partner[x] = -1
	}
	s.warmStart(flat, partner)
	s.solve()
	if !s.perfect() {
		s = newBlossomSolver(m, edges, true)
		s.solve()
	}
	mate := s.partners()
	var obj int64
	var groups [][]int32
	for x := range m {
		if in(x) {
			continue
		}
		z := mate[x]
		if z < 0 {
			return 0, nil, false // the others cannot all be paired
		}
		if x < z {
			wt, _ := pr.weight(vs[x], vs[z])
			obj += wt
			groups = append(groups, []int32{vs[x], vs[z]})
		}
	}
	var tw int64
	for i := range 3 {
		for j := i + 1; j < 3; j++ {
			wt, _ := pr.weight(vs[t[i]], vs[t[j]])
			tw += wt
		}
	}
	groups = append(groups, []int32{vs[t[0]], vs[t[1]], vs[t[2]]})
	return obj + tw, groups, true
}
