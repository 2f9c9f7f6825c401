package match

import "math/bits"

// Small rounds of groups are solved exactly: a program of a dozen people
// is common, and there the search's best is checked against every
// grouping, so the round can say it is the best possible, or becomes it.

// exactGroupsLimit is the largest round solved exactly: 2^14 sets of
// people, each split by its first person's group (at most 1,716 choices,
// for groups of 7), about 30 million steps at worst.
const exactGroupsLimit = 14

// exactGroups returns the grouping of all of vs into groups of lo to hi
// people with the highest objective (repeats first, as the search ranks
// them), and that objective, by dynamic programming over the sets of
// people still to place; ok is false when vs is too large or no such
// grouping exists.
func (pr *problem) exactGroups(vs []int32, lo, hi int) (groups [][]int32, obj int64, ok bool) {
	n := len(vs)
	if n > exactGroupsLimit || n < lo || lo < 2 {
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
	pick := make([]uint16, 1<<n) // the best group of the set's first person
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
					best[mask], pick[mask] = b+gw, uint16(group)
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
