package match

// ExactPairsLimit is the largest number of people that pairs are matched
// exactly on the complete graph of eligible pairs. Above it the matcher
// solves the same problem on each person's best candidates only, which is
// far faster and, as docs/benchmarks.md measures, within a fraction of a
// percent of the optimum.
const ExactPairsLimit = 400

// pairK returns how many candidates per person the sparse matcher keeps
// for m people: enough for near-optimal pairs, few enough to stay fast.
func pairK(m int) int {
	switch {
	case m <= 3000:
		return 30
	case m <= 6000:
		return 20
	default:
		return 12
	}
}

// matchPairs pairs up the people vs: as many pairs as possible, and among
// those the highest total weight. It returns the pairs and the people left
// single, as problem indices. The result is exact up to ExactPairsLimit
// people.
func (pr *problem) matchPairs(vs []int32) (pairs [][2]int32, single []int32) {
	m := len(vs)
	if m < 2 {
		return nil, vs
	}
	var edges []bedge
	if m <= ExactPairsLimit {
		edges = pr.completeEdges(vs)
	} else {
		edges = pr.candidates(vs, pairK(m)).edges()
	}
	mate := blossomMatching(int32(m), edges, true)
	for x, y := range mate {
		switch {
		case y < 0:
			single = append(single, vs[x])
		case int(y) > x:
			pairs = append(pairs, [2]int32{vs[x], vs[y]})
		}
	}
	if m > ExactPairsLimit && len(single) >= 2 && len(single) < m {
		// The candidate graph left some people single who may still be
		// able to pair with each other: match them among themselves.
		more, rest := pr.matchPairs(single)
		pairs, single = append(pairs, more...), rest
	}
	return pairs, single
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

// pairGroups forms the groups of a round with group size 2: pairs, and a
// trio for an odd person, who joins the pair that gains most from them
// (see placeExtras). A local search then lets the trio's members trade
// places with others while that helps, as the pairs were chosen before
// the trio.
func (pr *problem) pairGroups(vs []int32) (groups [][]int32, unplaced []int32) {
	pairs, single := pr.matchPairs(vs)
	groups = make([][]int32, len(pairs))
	for i, p := range pairs {
		groups[i] = []int32{p[0], p[1]}
	}
	groups, unplaced = pr.placeExtras(groups, single, 3)
	of := make([]int32, pr.n)
	for i := range of {
		of[i] = -1
	}
	for gi, g := range groups {
		for _, m := range g {
			of[m] = int32(gi)
		}
	}
	for range maxPasses {
		var inTrios []int32
		for _, g := range groups {
			if len(g) > 2 {
				inTrios = append(inTrios, g...)
			}
		}
		if len(inTrios) == 0 || pr.localSearch(groups, of, inTrios, 2, 3, nil) == 0 {
			break
		}
	}
	return groups, unplaced
}
