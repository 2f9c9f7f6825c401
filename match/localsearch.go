package match

import "slices"

// contrib returns the sum of p's weights with the members of g other than
// p, and how many of them p may not be grouped with.
func (pr *problem) contrib(p int32, g []int32) (sum int64, clashes int) {
	if row := pr.denseRow(p); row != nil { // the search's inner loop: no call per pair
		for _, m := range g {
			if w := row[m]; m != p && w != ineligible {
				sum += int64(w)
			} else if m != p {
				clashes++
			}
		}
		return sum, clashes
	}
	for _, m := range g {
		if m == p {
			continue
		}
		if w, ok := pr.weight(p, m); ok {
			sum += w
		} else {
			clashes++
		}
	}
	return sum, clashes
}

// maxPasses bounds the local search; it stops earlier, as soon as a pass
// finds no improving step.
const maxPasses = 100

// localSearch improves groups in place until no single step helps, and
// returns the total gain. A step is a move (one person to another group,
// sizes staying within lo..hi) or a swap (two people of different groups
// trade places); no step ever puts two people who may not be grouped
// together. of maps each person to their group index and is kept up to
// date. For each person of people it tries the groups that near yields,
// or every group if near is nil, and makes the best step found.
func (pr *problem) localSearch(groups [][]int32, of []int32, people []int32, lo, hi int, near func(p int32, try func(b int))) int64 {
	seen := make([]int, len(groups)) // stamp per group: tried for this person
	stamp := 0
	var total int64
	for range maxPasses {
		improved := false
		for _, p := range people {
			a := int(of[p])
			if a < 0 {
				continue
			}
			A := groups[a]
			cpA, _ := pr.contrib(p, A)
			stamp++
			seen[a] = stamp
			var best struct {
				delta int64
				b, q  int // q is -1 for a move
			}
			try := func(b int) {
				if seen[b] == stamp {
					return
				}
				seen[b] = stamp
				B := groups[b]
				cpB, clB := pr.contrib(p, B)
				if len(A) > lo && len(B) < hi && clB == 0 {
					if d := cpB - cpA; d > best.delta {
						best.delta, best.b, best.q = d, b, -1
					}
				}
				for qi, q := range B {
					wpq, ok := pr.weight(p, q)
					clash := 0
					if !ok {
						wpq, clash = 0, 1
					}
					if clB-clash != 0 {
						continue // p clashes with someone else in B
					}
					cqA, clqA := pr.contrib(q, A)
					if clqA-clash != 0 {
						continue // q clashes with someone else in A
					}
					cqB, _ := pr.contrib(q, B)
					if d := cqA - wpq - cpA + cpB - wpq - cqB; d > best.delta {
						best.delta, best.b, best.q = d, b, qi
					}
				}
			}
			if near == nil {
				for b := range groups {
					try(b)
				}
			} else {
				near(p, try)
			}
			if best.delta <= 0 {
				continue
			}
			improved = true
			total += best.delta
			ai := slices.Index(A, p)
			B := groups[best.b]
			if best.q < 0 {
				groups[a] = slices.Delete(A, ai, ai+1)
				groups[best.b] = append(B, p)
			} else {
				q := B[best.q]
				A[ai], B[best.q] = q, p
				of[q] = int32(a)
			}
			of[p] = int32(best.b)
		}
		if !improved {
			return total
		}
	}
	return total
}
