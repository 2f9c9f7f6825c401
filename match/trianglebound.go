package match

import (
	"math"
	"slices"
	"sync/atomic"
)

// The triangle bound, for rounds of groups of sz = 3 to 8 people, and
// some of sz+1 where n is not a multiple (the sizes GroupSizes gives). For
// a round of trios only, the best grouping's score is the optimum of
//
//	max Σ w_T x_T  over trios T,  Σ_{T ∋ v} x_T = 1 for every person v,
//
// with x_T in {0, 1}. Dropping "each person once" but keeping "K = n/3
// trios" with a price u_v on every person gives, for any u,
//
//	L(u) = Σ u_v + the sum of the K largest w_T − u_a − u_b − u_c,
//
// an upper bound on that optimum (Lagrangian relaxation). Unlike the
// degree bound it knows that a group's pairs close into a triangle; its
// best value is the bound of the linear programme above.
//
// A group of sz is its C(sz,3) trios, each pair in sz−2 of them and each
// person in per = C(sz−1,2): with trio values w_T/(sz−2), the grouping is
// K·C(sz,3) distinct trios, each person in per, and L(u) takes per·Σu and
// that many best trios. A group of sz+1 is a group of sz and one person,
// who adds their scores with the sz others: at most extra, the largest sum
// of anyone's sz best scores. With such groups, L(u) plus extra for each
// bounds the grouping for prices u ≥ 0 (people in fewer than per trios,
// the added ones, may then only be rewarded, never charged).
//
// u starts from the degree bound's y for degree sz−1, as 2y/(sz−2) (where
// L is about the degree bound), and is improved by subgradient steps: a
// person in fewer than per of the best trios is priced down, one in more
// priced up, by Polyak's step towards the round's score, its factor halved
// after 5 steps that found no lower L. Every u gives a valid bound, so the
// smallest L seen is kept.
//
// The best trios are found without visiting all n³/6: a trio's value is
// at most w_ab − u_a − u_b + top_a + top_b, where top_v is the largest
// w_vc − u_c/2, so a pair whose bound is below the k-th best value so far
// is skipped whole. The first threshold is the smallest value of k
// distinct trios known before the step: the round's own (a larger group
// gives those of its best sz) at the first, then the previous step's best,
// which the small change of prices mostly keeps near the top.

// startPrices returns the triangle bound's first prices for groups of sz
// from the degree bound's y of degree sz-1: 2y/(sz-2), where L is about
// the degree bound.
func startPrices(y []int64, sz int) []float64 {
	u := make([]float64, len(y))
	for v := range y {
		u[v] = 2 * float64(y[v]) / float64(sz-2)
	}
	return u
}

// triangleBudget is what a round spends on the bound: 40 subgradient
// steps for up to 999 people (each visits 15 to 70 million trios there:
// 0.4 to 0.9 s in all on two cores), fewer above, as a step's cost grows
// with n³.
var triangleBudget = trioBudget{steps: 40, full: 999}

// trioBudget is the subgradient steps for rounds of up to full people.
// It counts steps, not time or trios visited, so that a round's bound is
// the same on every run.
type trioBudget struct {
	steps, full int
}

// stepsFor returns the steps for n people: steps·(full/n)³, at least 8.
func (b trioBudget) stepsFor(n int) int {
	if n <= b.full {
		return b.steps
	}
	r := float64(b.full) / float64(n)
	return max(8, int(float64(b.steps)*r*r*r))
}

// triangleBound returns the triangle bound, within budget, for a round
// whose people vs are all in groups, of size sz (3 to 8) and some of
// sz+1, whose score is score, with s and elig as scoreMatrix gives them and
// u0 the starting prices (nil for 0; with groups of sz+1, prices below 0
// are raised to 0). ok is false when the bound does not apply: the groups
// are not such a grouping of all of vs, or vs is too many for the matrices
// (denseLimit). The caller makes sure that every grouping the rules allow
// has the same sizes (GroupSizes).
func (pr *problem) triangleBound(vs []int32, groups [][]int32, sz int, score int64, s []int64, elig []bool, u0 []float64, budget trioBudget) (bound int64, ok bool) {
	n := len(vs)
	if sz < 3 || n < 2*sz || n > denseLimit || len(groups) == 0 {
		return 0, false
	}
	// In a group of sz, each pair is in sz-2 of its trios and each person
	// in per of them.
	per, trios := (sz-1)*(sz-2)/2, sz*(sz-1)*(sz-2)/6
	pos := pr.positions(vs)
	// known holds k distinct trios: the round's own (a larger group gives
	// those of its best sz), then each step's best, whose values at the
	// next step's prices give its threshold.
	known := make([]trio, 0, len(groups)*trios)
	placed, larger := 0, 0
	for _, g := range groups {
		if len(g) != sz && len(g) != sz+1 {
			return 0, false
		}
		placed += len(g)
		at := make([]int, 0, len(g))
		for _, x := range g {
			at = append(at, int(pos[x]))
		}
		if len(g) > sz {
			larger++
			at = bestSubset(at, s, n)
		}
		slices.Sort(at)
		for i, a := range at {
			for j := i + 1; j < len(at); j++ {
				for _, c := range at[j+1:] {
					known = append(known, trio{at: int64((a*n+at[j])*n + c)})
				}
			}
		}
	}
	if placed != n {
		return 0, false
	}
	// extra: the most a person adds to a group of sz, with their sz best.
	var extra float64
	if larger > 0 {
		extra = math.Inf(-1)
		top := make([]int64, 0, sz+1)
		for v := range n {
			top = top[:0]
			for c := range n {
				if elig[v*n+c] {
					top = keepLargest(top, s[v*n+c], sz)
				}
			}
			if len(top) == sz {
				var sum int64
				for _, x := range top {
					sum += x
				}
				extra = max(extra, float64(sum))
			}
		}
		if math.IsInf(extra, -1) {
			return 0, false
		}
	}
	// A trio's pairs count 1/(sz-2) each: a group's trios add up to its
	// score.
	const never = -1e18
	w := make([]float64, n*n)
	for i := range w {
		w[i] = never
		if elig[i] {
			w[i] = float64(s[i]) / float64(sz-2)
		}
	}
	u := make([]float64, n)
	if u0 != nil {
		copy(u, u0)
	}
	floor := math.Inf(-1) // the lowest price allowed
	if larger > 0 {
		floor = 0
		for v := range u {
			u[v] = max(u[v], 0)
		}
	}
	k := len(groups) * trios
	best := math.Inf(1)
	theta, stale := 1.0, 0
	top := make([]float64, n)
	count := make([]int, n)
	for range budget.stepsFor(n) {
		// top_v = max_c w_vc − u_c/2.
		for v := range n {
			m := never
			for c, x := range w[v*n : (v+1)*n] {
				m = max(m, x-u[c]/2)
			}
			top[v] = m
		}
		thr := math.Inf(1)
		for _, t := range known {
			a, b, c := t.at3(n)
			thr = min(thr, w[a*n+b]+w[a*n+c]+w[b*n+c]-u[a]-u[b]-u[c])
		}
		// The threshold and the pruning add the same prices in different
		// orders: a little slack keeps a trio at the threshold from being
		// lost to rounding, and if one were lost anyway, the step runs
		// again without a threshold.
		best3 := bestTrios(w, u, top, thr-1e-9*(1+math.Abs(thr)), n, k)
		if len(best3) < k {
			best3 = bestTrios(w, u, top, math.Inf(-1), n, k)
		}
		known = best3
		l := float64(larger) * extra
		for v := range n {
			l += float64(per) * u[v]
			count[v] = 0
		}
		for _, tr := range best3 {
			l += tr.v
			a, b, c := tr.at3(n)
			count[a]++
			count[b]++
			count[c]++
		}
		if l < best {
			best, stale = l, 0
		} else if stale++; stale == 5 {
			theta, stale = theta/2, 0
		}
		var norm float64
		for _, c := range count {
			norm += float64((per - c) * (per - c))
		}
		if norm == 0 || best-float64(score) < 1e-4*math.Abs(best) || theta < 1e-3 {
			break
		}
		step := theta * (l - float64(score)) / norm
		for v, c := range count {
			u[v] = max(floor, u[v]-step*float64(per-c))
		}
	}
	// The sums are of integers below 2^40: a margin of a millionth covers
	// the rounding of the prices.
	return int64(math.Ceil(best + 1e-6*math.Abs(best))), true
}

// bestSubset returns the sz = len(at)-1 of the positions at whose pairs
// score the most in s (n×n): a larger group's best part.
func bestSubset(at []int, s []int64, n int) []int {
	best, bestV := at[1:], int64(math.MinInt64)
	for skip := range at {
		var v int64
		for i, a := range at {
			for _, b := range at[i+1:] {
				if a != at[skip] && b != at[skip] {
					v += s[a*n+b]
				}
			}
		}
		if v > bestV {
			best, bestV = slices.Delete(slices.Clone(at), skip, skip+1), v
		}
	}
	return best
}

// bestTrios returns the k trios of largest value w_ab+w_ac+w_bc−u_a−u_b−u_c
// on the n×n scores w, the ties broken by the trio's index, given top as
// above and thr, a value that k distinct trios reach. The rows a (the
// trio's first person) are shared among the cores; each keeps its own k
// best, and they share the highest k-th value so far, since a trio below
// any core's k-th value is in no one's answer. The answer is the same
// whatever the cores' timing.
func bestTrios(w, u, top []float64, thr float64, n, k int) []trio {
	var shared atomic.Uint64
	shared.Store(math.Float64bits(thr))
	parts := parallelRows(n, func(next func() (lo, hi int, ok bool)) []trio {
		t := &trioTop{k: k}
		row := make([]float64, n)
		thr := thr
		for lo, hi, ok := next(); ok; lo, hi, ok = next() {
			thr = max(thr, math.Float64frombits(shared.Load()))
			for a := lo; a < hi; a++ {
				wa := w[a*n : (a+1)*n]
				for c := a + 1; c < n; c++ {
					row[c] = wa[c] - u[c]
				}
				for b := a + 1; b < n-1; b++ {
					p := wa[b] - u[a] - u[b]
					if p+top[a]+top[b] < thr {
						continue
					}
					wb := w[b*n : (b+1)*n]
					lim := thr - p
					for c := b + 1; c < n; c++ {
						if x := row[c] + wb[c]; x >= lim {
							if t.add(trio{p + x, int64((a*n+b)*n + c)}) {
								thr = max(thr, t.h[0].v)
								lim = thr - p
							}
						}
					}
				}
			}
			if len(t.h) == k {
				for {
					old := shared.Load()
					if math.Float64frombits(old) >= thr || shared.CompareAndSwap(old, math.Float64bits(thr)) {
						break
					}
				}
			}
		}
		return t.h
	})
	all := slices.Concat(parts...)
	slices.SortFunc(all, func(x, y trio) int {
		if x.less(y) {
			return 1
		}
		if y.less(x) {
			return -1
		}
		return 0
	})
	return all[:min(k, len(all))]
}

// trio is a trio's value and index (a·n+b)·n+c, a < b < c.
type trio struct {
	v  float64
	at int64
}

func (t trio) at3(n int) (a, b, c int) {
	i := int(t.at)
	return i / (n * n), i / n % n, i % n
}

// less orders trios by value, then the higher index first: the k largest
// under it are unique.
func (t trio) less(o trio) bool {
	return t.v < o.v || t.v == o.v && t.at > o.at
}

// trioTop keeps the k largest trios offered, as a min-heap.
type trioTop struct {
	k int
	h []trio
}

// add offers x and reports whether the heap is full, so that h[0].v is
// the value a trio must reach.
func (t *trioTop) add(x trio) bool {
	if len(t.h) < t.k {
		t.h = append(t.h, x)
		for i := len(t.h) - 1; i > 0; {
			p := (i - 1) / 2
			if !t.h[i].less(t.h[p]) {
				break
			}
			t.h[p], t.h[i] = t.h[i], t.h[p]
			i = p
		}
		return len(t.h) == t.k
	}
	if !t.h[0].less(x) {
		return true
	}
	t.h[0] = x
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(t.h) && t.h[l].less(t.h[m]) {
			m = l
		}
		if r < len(t.h) && t.h[r].less(t.h[m]) {
			m = r
		}
		if m == i {
			break
		}
		t.h[i], t.h[m] = t.h[m], t.h[i]
		i = m
	}
	return true
}
