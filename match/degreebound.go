package match

import "slices"

// The degree bound for groups. In a grouping whose groups have at most hi
// people, every person shares a group with at most d = hi-1 others, and
// each pair is in at most one group: the grouping's pairs form a subgraph
// of degree at most d. Its score (the sum of its pairs' scores) is at most
// that of the best such subgraph, and by linear programming duality at most
//
//	d·Σ y_v + Σ over pairs uv of max(0, s_uv − y_u − y_v)
//
// for any y ≥ 0. Unlike the per-person bound, which lets every person
// count their d best partners whether or not those count them back, this
// makes each pair count once. It ignores that a group's pairs must close
// into cliques, so it stays above the optimum.
//
// y is improved one person at a time, each time to the value that
// minimises the bound for the others' y: the (d+1)-th largest of
// s_uv − y_u over their partners u (or 0). Every y gives a valid bound;
// the sweeps stop when one no longer lowers it by a thousandth.

// degreeSweeps bounds the coordinate descent.
const degreeSweeps = 40

// degreeDuals returns the degree bound for degree d on the n×n scores s
// (pairs allowed where elig, as scoreMatrix gives them), and the y that
// gives it: for groups of at most d+1 people.
func degreeDuals(s []int64, elig []bool, n, d int) (int64, []int64) {
	y := make([]int64, n)
	top := make([]int64, 0, d+1) // the d+1 largest reduced scores, falling
	// Start from half of each person's (d+1)-th best score: from zero, the
	// descent stalls far above the optimum on rounds where most pairs
	// score alike.
	for v := range n {
		top = top[:0]
		for u := range n {
			if elig[v*n+u] {
				top = keepLargest(top, s[v*n+u], d+1)
			}
		}
		if len(top) == d+1 {
			y[v] = max(0, top[d]/2)
		}
	}
	best, bestY := degreeValue(s, elig, y, d), slices.Clone(y)
	for range degreeSweeps {
		for v := range n {
			top = top[:0]
			row, ok := s[v*n:(v+1)*n], elig[v*n:(v+1)*n]
			for u := range n {
				if !ok[u] {
					continue
				}
				top = keepLargest(top, row[u]-y[u], d+1)
			}
			y[v] = 0
			if len(top) == d+1 {
				y[v] = max(0, top[d])
			}
		}
		b := degreeValue(s, elig, y, d)
		done := best-b < max(1, best/1000)
		if b < best {
			best, bestY = b, slices.Clone(y)
		}
		if done {
			break
		}
	}
	return best, bestY
}

// degreeValue is the bound for y.
func degreeValue(s []int64, elig []bool, y []int64, d int) int64 {
	n := len(y)
	var b int64
	for v := range n {
		b += int64(d) * y[v]
		for u := v + 1; u < n; u++ {
			if elig[v*n+u] {
				b += max(0, s[v*n+u]-y[v]-y[u])
			}
		}
	}
	return b
}

// scoreMatrix returns the scores people see (repeat penalties included) of
// every pair of vs, and whether each pair may be grouped, row by row.
func (pr *problem) scoreMatrix(vs []int32) ([]int64, []bool) {
	n := len(vs)
	s, elig := make([]int64, n*n), make([]bool, n*n)
	for a, i := range vs {
		for b, j := range vs {
			if a == b || pr.avoids(i, j) {
				continue
			}
			s[a*n+b] = pr.base(i, j) + int64(pr.repeatOf(i, j).points)
			elig[a*n+b] = true
		}
	}
	return s, elig
}

// keepLargest adds x to top, which holds at most k values, largest first.
func keepLargest(top []int64, x int64, k int) []int64 {
	if len(top) == k {
		if x <= top[k-1] {
			return top
		}
		top = top[:k-1]
	}
	i, _ := slices.BinarySearchFunc(top, x, func(a, b int64) int {
		switch {
		case a > b:
			return -1
		case a < b:
			return 1
		}
		return 0
	})
	return slices.Insert(top, i, x)
}
