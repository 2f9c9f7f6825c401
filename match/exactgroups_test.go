package match

import (
	"slices"
	"testing"
)

// checkBoundAgainst checks a round's Bound against opt, the highest score
// of any grouping of the round's sizes: a bound from duals,
// degrees or trios is at least opt; an exhaustive one is the score of the
// best grouping under the rules, which ranks fewer repeats first and may
// so score less than opt, and the round is that grouping.
func checkBoundAgainst(t *testing.T, pr *problem, in Input, res Result, opt int64) {
	t.Helper()
	if res.Bound < res.Score {
		t.Fatalf("n=%d g=%d: bound %d (%s) below the score %d", len(in.People), in.GroupSize, res.Bound, res.Proof, res.Score)
	}
	if res.Proof != ProofExhaustive {
		if int64(res.Bound) < opt {
			t.Fatalf("n=%d g=%d: bound %d (%s) below the best score %d", len(in.People), in.GroupSize, res.Bound, res.Proof, opt)
		}
		return
	}
	var best int64
	var ok bool
	if sizes := GroupSizes(pr.n, in.GroupSize); pr.n%in.GroupSize == 0 {
		best, ok = exhaustiveGroups(pr, in.GroupSize)
	} else {
		best, ok = bestPartitionBy(pr, slices.Min(sizes), slices.Max(sizes), len(sizes), pr.weight)
	}
	if got := pr.totalWeight(indexGroups(pr, res)); !ok || got != best || res.Bound != res.Score {
		t.Fatalf("n=%d g=%d: proven best (bound %d, score %d) with objective %d, the best is %d (%v)", len(in.People), in.GroupSize, res.Bound, res.Score, got, best, ok)
	}
}

// bestPartition returns the highest objective of any grouping of all of
// the problem's people into groups of lo..hi, by listing every partition
// of the set (n ≤ 13), and false if there is none.
func bestPartition(pr *problem, lo, hi int) (int64, bool) {
	return bestPartitionBy(pr, lo, hi, 0, pr.weight)
}

// bestPartitionBy is bestPartition for the pair values w, and for
// groupings of exactly k groups (any number for k = 0).
func bestPartitionBy(pr *problem, lo, hi, k int, w func(x, y int32) (int64, bool)) (int64, bool) {
	n := int32(pr.n)
	best, found := int64(0), false
	var groups [][]int32
	var place func(i int32)
	place = func(i int32) {
		if i == n {
			if k > 0 && len(groups) != k {
				return
			}
			var total int64
			for _, g := range groups {
				if len(g) < lo || len(g) > hi {
					return
				}
				for a, x := range g {
					for _, y := range g[a+1:] {
						v, ok := w(x, y)
						if !ok {
							return
						}
						total += v
					}
				}
			}
			if !found || total > best {
				best, found = total, true
			}
			return
		}
		for g := range groups {
			if len(groups[g]) < hi {
				groups[g] = append(groups[g], i)
				place(i + 1)
				groups[g] = groups[g][:len(groups[g])-1]
			}
		}
		if k == 0 || len(groups) < k {
			groups = append(groups, []int32{i})
			place(i + 1)
			groups = groups[:len(groups)-1]
		}
	}
	place(0)
	return best, found
}

// Every round of groups solved exactly has one mix of sizes within
// GroupSizes' bounds: the sizes GroupSizes gives. So the exact search,
// which keeps sizes within the bounds, keeps those sizes.
func TestExactRoundsHaveOneMixOfSizes(t *testing.T) {
	solved := 0
	for n := 2; n <= exactGroupsLimit; n++ {
		for g := 3; g <= 8; g++ {
			sizes := GroupSizes(n, g)
			lo, hi := slices.Min(sizes), slices.Max(sizes)
			if !exactGroupsWorth(n, lo, hi) {
				continue
			}
			solved++
			mixes := 0
			var count func(left, from int)
			count = func(left, from int) {
				if left == 0 {
					mixes++
				}
				for s := from; s <= min(hi, left); s++ {
					count(left-s, s)
				}
			}
			count(n, lo)
			if mixes != 1 {
				t.Errorf("n=%d g=%d: %d mixes of sizes %d..%d, GroupSizes gives %v", n, g, mixes, lo, hi, sizes)
			}
		}
	}
	if solved < 60 {
		t.Errorf("only %d of the rounds of up to %d people are solved exactly", solved, exactGroupsLimit)
	}
}

// A round of groups small enough to check every grouping is the best one
// under the rules, says so, and keeps its sizes within GroupSizes: checked
// against every partition of the people, with history and avoid rules.
func TestSmallGroupRoundsAreProvenBest(t *testing.T) {
	proven := 0
	for seed := range int64(120) {
		r := newRNG(seed, 77)
		n := 3 + r.intn(8)
		g := 3 + r.intn(6)
		in := instanceOf(popKinds[seed%4], seed, n, g, r.intn(4), []float64{0, 0.15, 0.4}[seed%3])
		pr, _ := newProblem(&in)
		res, err := Round(in)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.LeftOut) > 0 {
			continue
		}
		sizes := GroupSizes(n, g)
		lo, hi := slices.Min(sizes), slices.Max(sizes)
		best, ok := bestPartition(pr, lo, hi)
		if !ok {
			continue // everyone placed only with sizes 2..hi
		}
		ours := indexGroups(pr, res)
		for _, grp := range ours {
			if len(grp) < lo || len(grp) > hi {
				t.Fatalf("seed %d, n=%d g=%d: a group of %d, sizes are %d..%d", seed, n, g, len(grp), lo, hi)
			}
		}
		if got := pr.totalWeight(ours); got != best || res.Proof != ProofExhaustive || res.Bound != res.Score {
			t.Fatalf("seed %d, n=%d g=%d: objective %d, best %d; bound %d (%s), score %d", seed, n, g, got, best, res.Bound, res.Proof, res.Score)
		}
		proven++
	}
	if proven < 60 {
		t.Errorf("only %d of 120 small rounds placed everyone within their sizes", proven)
	}
}

// The exact search finds the best grouping of every size range, as
// listing every partition does, and returns a grouping that is what it
// says.
func TestExactGroupsEqualsEveryPartition(t *testing.T) {
	for seed := range int64(60) {
		r := newRNG(seed, 78)
		n := 2 + r.intn(9)
		in := instanceOf(popKinds[seed%4], seed, n, 3, r.intn(4), []float64{0, 0.2, 0.5}[seed%3])
		pr, _ := newProblem(&in)
		vs := allPeople(pr)
		for lo := 2; lo <= 4; lo++ {
			for hi := lo; hi <= lo+2; hi++ {
				want, wantOK := bestPartition(pr, lo, hi)
				groups, obj, ok := pr.solveGroups(vs, lo, hi)
				if ok != wantOK || ok && obj != want {
					t.Fatalf("seed %d, n=%d, sizes %d..%d: %d (%v), every partition says %d (%v)", seed, n, lo, hi, obj, ok, want, wantOK)
				}
				if !ok {
					continue
				}
				seen := map[int32]bool{}
				for _, g := range groups {
					if len(g) < lo || len(g) > hi {
						t.Fatalf("seed %d: a group of %d for sizes %d..%d", seed, len(g), lo, hi)
					}
					for _, x := range g {
						seen[x] = true
					}
				}
				if len(seen) != n || pr.totalWeight(groups) != obj {
					t.Fatalf("seed %d: %d of %d people placed, objective %d, said %d", seed, len(seen), n, pr.totalWeight(groups), obj)
				}
			}
		}
	}
}
