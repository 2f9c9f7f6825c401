package match

import "math/bits"

// value is the quality of a matching: more edges first if the caller asks
// for maximum cardinality, then more weight.
type value struct {
	card   int
	weight int64
}

func (a value) less(b value, maxCard bool) bool {
	if maxCard && a.card != b.card {
		return a.card < b.card
	}
	return a.weight < b.weight
}

// bruteMatching returns the value of the best matching of a graph of n ≤ 22
// vertices, by dynamic programming over the subsets still to match. With
// maxCard it is the heaviest of the largest matchings; without it the
// heaviest of all. w reports an edge's weight and whether it exists.
func bruteMatching(n int, w func(i, j int) (int64, bool), maxCard bool) value {
	full := 1 << n
	best := make([]value, full)
	for rem := 1; rem < full; rem++ {
		i := bits.TrailingZeros(uint(rem))
		rest := rem &^ (1 << i)
		b := best[rest] // i stays single
		for r := rest; r != 0; r &= r - 1 {
			j := bits.TrailingZeros(uint(r))
			wt, ok := w(i, j)
			if !ok {
				continue
			}
			c := best[rest&^(1<<j)]
			c.card++
			c.weight += wt
			if b.less(c, maxCard) {
				b = c
			}
		}
		best[rem] = b
	}
	return best[full-1]
}

// same reports whether a and b are equally good.
func (a value) same(b value, maxCard bool) bool {
	return !a.less(b, maxCard) && !b.less(a, maxCard)
}

// matchingValue returns the value of mate under w, and false if mate is not
// a matching of existing edges.
func matchingValue(mate []int, w func(i, j int) (int64, bool)) (value, bool) {
	var v value
	for i, j := range mate {
		if j < 0 {
			continue
		}
		if j >= len(mate) || mate[j] != i || j == i {
			return v, false
		}
		if i < j {
			wt, ok := w(i, j)
			if !ok {
				return v, false
			}
			v.card++
			v.weight += wt
		}
	}
	return v, true
}
