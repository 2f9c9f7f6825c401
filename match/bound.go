package match

import (
	"cmp"
	"slices"
)

// bound returns Result.Bound and how it was found, for the grouping of the
// people vs with the given score and objective and what the search proved
// about it.
//
// The dual bound is on the objective, which counts repeats bigM times over
// (obj = base + bigM·u for repeat units u <= 0, score = base + 10·u). The
// best grouping G* under the rules has no more repeat units than ours, so
// score(G*) = obj(G*) - (bigM-10)·u* <= D - (bigM-10)·u = score + (D - obj).
//
// For groups, the degree bound is tried where the score matrix fits, and
// the triangle bound, which starts from the degree bound's y, where the
// round has the sizes GroupSizes gives (of 3 people or more).
func (pr *problem) bound(vs []int32, groups [][]int32, g, score int, obj int64, c cert) (int, Proof) {
	per := pr.perPersonBound(vs, g, c.tops)
	if c.ok {
		if b := int64(score) + floorDiv(c.bound2-2*obj, 2); b <= per {
			if c.exact {
				return int(b), ProofExhaustive
			}
			return int(b), ProofDuals
		}
	}
	hi := largestGroup(len(vs), g)
	if len(vs) > denseLimit || hi < 3 {
		return int(per), ProofPerPerson
	}
	s, elig := pr.scoreMatrix(vs)
	d, y := degreeDuals(s, elig, len(vs), hi-1)
	best, proof := per, ProofPerPerson
	if d < best {
		best, proof = d, ProofDegree
	}
	if sizes := GroupSizes(len(vs), g); sameSizes(groups, sizes) && slices.Min(sizes) >= 3 {
		sz := slices.Min(sizes)
		if hi > sz {
			// Start from the degree bound of the smaller groups.
			_, y = degreeDuals(s, elig, len(vs), sz-1)
		}
		if t, ok := pr.triangleBound(vs, groups, sz, int64(score), s, elig, startPrices(y, sz), triangleBudget); ok && t < best {
			best, proof = t, ProofTriangles
		}
	}
	return int(best), proof
}

// largestGroup is the largest group a round of n people with group size g
// can form: a trio with pairs, else the largest of GroupSizes.
func largestGroup(n, g int) int {
	sizes := GroupSizes(n, g)
	if len(sizes) == 0 {
		return 0
	}
	if g == 2 {
		return 3
	}
	return slices.Max(sizes)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// perPersonBound bounds the score of any grouping of vs in groups of 2 up
// to the largest size GroupSizes gives for group size g: a person in a
// group of s gains at most the scores of their s-1 best partners, or
// nothing if left out, and each pair is counted by both its people. tops
// holds, per position, the heaviest objective weights in falling order (at
// least the largest size minus one of them, or all there are); nil means
// find them. A weight that holds no repeat is the score people see; each
// person's repeat partners are scored from the history.
func (pr *problem) perPersonBound(vs []int32, g int, tops [][]int32) int64 {
	hi := largestGroup(len(vs), g)
	if hi == 0 {
		return 0
	}
	if tops == nil {
		c := pr.candidates(vs, hi-1)
		tops = make([][]int32, len(vs))
		for x := range vs {
			_, ws := c.of(x)
			tops[x] = slices.Clone(ws)
			slices.SortFunc(tops[x], func(a, b int32) int { return cmp.Compare(b, a) })
		}
	}
	pos := pr.positions(vs)
	var total int64
	var vals []int64
	for x, i := range vs {
		vals = vals[:0]
		for _, w := range tops[x] {
			if int64(w) > -pr.bigM/2 { // no repeat: what people see
				vals = append(vals, int64(w))
			}
		}
		for _, r := range pr.hist[i] {
			if pos[r.other] >= 0 && !pr.avoids(i, r.other) {
				vals = append(vals, pr.base(i, r.other)+int64(r.points))
			}
		}
		slices.SortFunc(vals, func(a, b int64) int { return cmp.Compare(b, a) })
		var best, sum int64
		for s := 1; s < hi && s <= len(vals); s++ {
			sum += vals[s-1]
			best = max(best, sum)
		}
		total += best
	}
	// Half the sum, rounded up.
	return (total + 1) / 2
}

// sameSizes reports whether groups have the sizes sizes lists, in any
// order: then the rules allow no other sizes (rule 2), as the triangle
// bound assumes.
func sameSizes(groups [][]int32, sizes []int) bool {
	if len(groups) != len(sizes) {
		return false
	}
	count := map[int]int{}
	for _, s := range sizes {
		count[s]++
	}
	for _, g := range groups {
		count[len(g)]--
	}
	for _, c := range count {
		if c != 0 {
			return false
		}
	}
	return true
}
