package match

import "math/bits"

// Small rounds of groups are solved exactly: a program of a dozen people
// is common, and there every grouping is weighed instead of searched, so
// the round is the best possible and says so.
// The work grows with 2^n and with the choices of a group: 20 people in
// fives, 18 in threes, 16 in eights are solved so; 16 in threes, which
// may also be four groups of four, are not.

// exactGroupsLimit is the most people a round may have to be solved
// exactly (its tables hold 2^n entries), and exactGroupsWork the most
// choices of a set's first group the search may weigh in all: 40 million,
// a few tenths of a second.
const (
	exactGroupsLimit = 20
	exactGroupsWork  = 40_000_000
)

// exactGroupsWorth reports whether n people in groups of lo..hi are solved
// exactly: small enough, and with one mix of sizes only (every grouping of
// sizes lo..hi has the sizes GroupSizes gives), so that keeping sizes in
// lo..hi keeps the round's sizes.
func exactGroupsWorth(n, lo, hi int) bool {
	if n > exactGroupsLimit || lo < 2 || n < lo {
		return false
	}
	mixes := 0 // group counts k with k·lo <= n <= k·hi
	for k := 1; k <= n/lo; k++ {
		if k*hi >= n {
			mixes++
		}
	}
	if mixes != 1 {
		return false
	}
	// The sets of c people, each with its first person's groups of s.
	work := 0.0
	for c := lo; c <= n; c++ {
		for s := lo; s <= min(hi, c); s++ {
			work += binomial(n, c) * binomial(c-1, s-1)
		}
	}
	return work <= exactGroupsWork
}

func binomial(n, k int) float64 {
	r := 1.0
	for i := range k {
		r = r * float64(n-i) / float64(i+1)
	}
	return r
}

// exactGroups returns the grouping of all of vs into groups of lo to hi
// people with the highest objective (repeats first, as the search ranks
// them), and that objective, by dynamic programming over the sets of
// people still to place; ok is false when the round is not worth solving
// so (exactGroupsWorth) or no such grouping exists.
func (pr *problem) exactGroups(vs []int32, lo, hi int) (groups [][]int32, obj int64, ok bool) {
	if !exactGroupsWorth(len(vs), lo, hi) {
		return nil, 0, false
	}
	return pr.solveGroups(vs, lo, hi)
}

// solveGroups is the dynamic programme of exactGroups, for any sizes lo..hi
// (lo >= 2) and at most exactGroupsLimit people.
func (pr *problem) solveGroups(vs []int32, lo, hi int) (groups [][]int32, obj int64, ok bool) {
	n := len(vs)
	if n < lo {
		return nil, 0, false
	}
	w := make([]int64, n*n)
	elig := make([]bool, n*n)
	for a := range n {
		for b := range n {
			if a != b {
				w[a*n+b], elig[a*n+b] = pr.weight(vs[a], vs[b])
			}
		}
	}
	// fits[c]: c people can be split into groups of lo..hi.
	fits := make([]bool, n+1)
	fits[0] = true
	for c := 1; c <= n; c++ {
		for s := lo; s <= min(hi, c); s++ {
			fits[c] = fits[c] || fits[c-s]
		}
	}
	const none = -1 << 62
	best := make([]int64, 1<<n)
	pick := make([]uint32, 1<<n) // the best group of the set's first person
	for mask := 1; mask < 1<<n; mask++ {
		best[mask] = none
		if !fits[bits.OnesCount(uint(mask))] {
			continue
		}
		first := bits.TrailingZeros(uint(mask))
		rest := mask &^ (1 << first)
		var grow func(from, size int, group int, gw int64)
		grow = func(from, size int, group int, gw int64) {
			if size >= lo {
				if b := best[mask&^group]; b != none && b+gw > best[mask] {
					best[mask], pick[mask] = b+gw, uint32(group)
				}
			}
			if size == hi {
				return
			}
			for j := from; j < n; j++ {
				if rest&(1<<j) == 0 {
					continue
				}
				add, ok := int64(0), true
				for g := group; g != 0 && ok; g &= g - 1 {
					m := bits.TrailingZeros(uint(g))
					ok = elig[j*n+m]
					add += w[j*n+m]
				}
				if ok {
					grow(j+1, size+1, group|1<<j, gw+add)
				}
			}
		}
		grow(first+1, 1, 1<<first, 0)
	}
	full := 1<<n - 1
	if best[full] == none {
		return nil, 0, false
	}
	for mask := full; mask != 0; mask &^= int(pick[mask]) {
		var g []int32
		for m := int(pick[mask]); m != 0; m &= m - 1 {
			g = append(g, vs[bits.TrailingZeros(uint(m))])
		}
		groups = append(groups, g)
	}
	return groups, best[full], true
}
