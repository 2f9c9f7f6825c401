package match

import (
	"math"
	"slices"
)

// The repeat phase: a grouping the search left with repeated pairs is
// annealed on its repeat cost alone, so that no round repeats a pair from
// the repeat window when some grouping of the same sizes avoids it. The
// local search cannot do this: it only takes steps that improve at once,
// and clearing a repeat often needs a chain of swaps through groups that
// hold none.

// repeatWork bounds the pair lookups of the repeat phase: a few tenths of a
// second, and far less for small rounds (repeatWorkPerPerson each). A step
// looks at every possible swap of one person.
const (
	repeatWork          = 30_000_000
	repeatWorkPerPerson = 150_000
)

// repeatSteps is the length of one run of the repeat search; the first
// run starts from the grouping found, the others, while repeatWork lasts
// (at least repeatRuns runs), from seeded random groupings of the same
// sizes.
const (
	repeatSteps = 2000
	repeatRuns  = 2
)

// repeatTenure is how many steps a person who just moved stays put.
const repeatTenure = 4

// avoidUnits is what a broken avoid rule costs the repeat search: more
// than every repeat of a grouping, so that a grouping the search returns
// breaks none.
const avoidUnits = 1 << 40

// pairRepeat is the cost of p and q in one group for the repeat search: 1
// for a repeat, whatever its points, since the search aims at none (it
// finds far more repeat-free groupings so than weighing met and unmet
// repeats); the result is kept only if its repeat points are lower.
func (pr *problem) pairRepeat(p, q int32) int64 {
	if pr.avoids(p, q) {
		return avoidUnits
	}
	if pr.repeatOf(p, q).points != 0 {
		return 1
	}
	return 0
}

// repeatCost returns the repeat search's cost between p and the members of
// g other than p and skip.
func (pr *problem) repeatCost(p int32, g []int32, skip int32) int64 {
	var c int64
	for _, q := range g {
		if q != p && q != skip {
			c += pr.pairRepeat(p, q)
		}
	}
	return c
}

// groupsRepeatCost returns the repeat search's cost of groups: the number
// of repeated pairs, and avoidUnits per broken avoid rule.
func (pr *problem) groupsRepeatCost(groups [][]int32) int64 {
	var c int64
	for _, g := range groups {
		for i, a := range g {
			for _, b := range g[i+1:] {
				c += pr.pairRepeat(a, b)
			}
		}
	}
	return c
}

// clearRepeats lowers the repeat cost of groups (sizes lo..hi) by a tabu
// search over swaps and moves: at each step a person in the costliest
// repeats (ties at random) makes the step that lowers the cost most, even
// if it raises it, and then stays put for a few steps. It starts from
// groups, then from random groupings of the same sizes. It returns the
// best grouping found if it repeats less and breaks no avoid rule, else
// groups unchanged. The caller then restores the score with the local
// search, which never trades a repeat back in.
func (pr *problem) clearRepeats(groups [][]int32, lo, hi int) [][]int32 {
	start := pr.groupsRepeatCost(groups)
	if start == 0 || len(groups) < 2 {
		return groups
	}
	var people []int32
	maxSize := 0
	for _, g := range groups {
		people = append(people, g...)
		maxSize = max(maxSize, len(g))
	}
	work := min(repeatWork, repeatWorkPerPerson*len(people))
	perStep := max(1, 4*len(people)*maxSize)
	steps := max(1, min(repeatSteps, work/(repeatRuns*perStep)))
	runs := max(repeatRuns, work/(steps*perStep))
	r := newRNG(pr.in.Seed, streamRepeats)
	best, bestCost := groups, start
	of := make([]int32, pr.n)
	tabu := make([]int, pr.n)
	var worst []int32
	type step struct {
		q int32 // -1 for a move
		b int
	}
	var cands []step
	for run := 0; run < runs && bestCost > 0; run++ {
		cur := clone2(groups)
		if run > 0 {
			perm := slices.Clone(people)
			shuffle(r, perm)
			at := 0
			for gi, g := range cur {
				copy(cur[gi], perm[at:at+len(g)])
				at += len(g)
			}
		}
		for gi, g := range cur {
			for _, p := range g {
				of[p] = int32(gi)
			}
		}
		clear(tabu)
		cost := pr.groupsRepeatCost(cur)
		for t := 1; t <= steps && bestCost > 0; t++ {
			worst = worst[:0]
			var most int64
			for _, p := range people {
				if tabu[p] >= t {
					continue
				}
				c := pr.repeatCost(p, cur[of[p]], -1)
				switch {
				case c > most:
					most, worst = c, append(worst[:0], p)
				case c == most && c > 0:
					worst = append(worst, p)
				}
			}
			if len(worst) == 0 {
				continue
			}
			p := worst[r.intn(len(worst))]
			a := int(of[p])
			A := cur[a]
			cpA := pr.repeatCost(p, A, -1)
			bestD := int64(math.MaxInt64)
			cands = cands[:0]
			consider := func(d int64, s step) {
				switch {
				case d < bestD:
					bestD, cands = d, append(cands[:0], s)
				case d == bestD:
					cands = append(cands, s)
				}
			}
			for b, B := range cur {
				if b == a {
					continue
				}
				if len(A) > lo && len(B) < hi {
					consider(pr.repeatCost(p, B, -1)-cpA, step{-1, b})
				}
				for _, q := range B {
					d := pr.repeatCost(p, B, q) + pr.repeatCost(q, A, p) - cpA - pr.repeatCost(q, B, -1)
					consider(d, step{q, b})
				}
			}
			tabu[p] = t + repeatTenure
			if len(cands) == 0 {
				continue
			}
			s := cands[r.intn(len(cands))]
			if s.q < 0 {
				cur[a] = removeMember(A, p)
				cur[s.b] = append(cur[s.b], p)
				of[p] = int32(s.b)
			} else {
				B := cur[s.b]
				A[slices.Index(A, p)] = s.q
				B[slices.Index(B, s.q)] = p
				of[p], of[s.q] = int32(s.b), int32(a)
				tabu[s.q] = t + repeatTenure
			}
			cost += bestD
			if cost < bestCost {
				best, bestCost = clone2(cur), cost
			}
		}
	}
	if pr.repeatUnits(best) < pr.repeatUnits(groups) {
		return best
	}
	return groups
}

// repeatUnits returns the repeat units of groups, made positive.
func (pr *problem) repeatUnits(groups [][]int32) int64 {
	var c int64
	for _, g := range groups {
		for i, a := range g {
			for _, b := range g[i+1:] {
				c -= int64(pr.repeatOf(a, b).units())
			}
		}
	}
	return c
}

func removeMember(g []int32, p int32) []int32 {
	for i, m := range g {
		if m == p {
			return append(g[:i], g[i+1:]...)
		}
	}
	return g
}

func clone2(gs [][]int32) [][]int32 {
	out := make([][]int32, len(gs))
	for i, g := range gs {
		out[i] = append([]int32(nil), g...)
	}
	return out
}

// polish runs the local search over groups (sizes lo..hi) until no step
// helps.
func (pr *problem) polish(groups [][]int32, vs []int32, lo, hi int) {
	of := make([]int32, pr.n)
	for i := range of {
		of[i] = -1
	}
	for gi, g := range groups {
		for _, m := range g {
			of[m] = int32(gi)
		}
	}
	pr.localSearch(groups, of, vs, lo, hi, nil)
}
