package match

import (
	"runtime"
	"slices"
	"testing"
)

// The triangle bound is never below the best grouping of the round's
// sizes (groups of 3 to 8, and some one larger where n is not a multiple
// of the group size), from the round's prices or from zero, and is
// tighter than the degree bound on most rounds. The best grouping is found
// by exhaustive search (groups of one size) or by listing every partition.
func TestTriangleBoundHolds(t *testing.T) {
	type tcase struct{ g, n int }
	cases := []tcase{{3, 7}, {3, 8}, {3, 9}, {3, 10}, {3, 11}, {3, 12}, {3, 15},
		{4, 8}, {4, 9}, {4, 12}, {4, 13}, {5, 10}, {5, 11}, {6, 12}, {6, 13}, {7, 14}, {8, 16}}
	tighter, checked := 0, 0
	for seed := range int64(4 * len(cases)) {
		tc := cases[seed/4]
		k := popKinds[int(seed)%len(popKinds)]
		n, g := tc.n, tc.g
		in := instanceOf(k, seed, n, g, int(seed%3)*2, []float64{0, 0.1, 0.25}[seed%3])
		pr, _ := newProblem(&in)
		vs := allPeople(pr)
		s, elig := pr.scoreMatrix(vs)
		sizes := GroupSizes(n, g)
		sz, hi := slices.Min(sizes), slices.Max(sizes)
		var opt int64
		var ok bool
		if sz == hi {
			opt, ok = exhaustiveScore(pr, sz)
		} else {
			opt, ok = bestPartitionBy(pr, sz, hi, len(sizes), func(x, y int32) (int64, bool) { return s[int(x)*n+int(y)], elig[int(x)*n+int(y)] })
		}
		if !ok {
			continue
		}
		res, err := Round(in)
		if err != nil {
			t.Fatal(err)
		}
		groups := indexGroups(pr, res)
		if len(res.LeftOut) > 0 || !sameSizes(groups, sizes) {
			t.Fatalf("%s n=%d g=%d seed %d: a grouping of sizes %v exists, Round gave %d groups, %d left out", k, n, g, seed, sizes, len(groups), len(res.LeftOut))
		}
		checked++
		_, y := degreeDuals(s, elig, n, sz-1)
		d, _ := degreeDuals(s, elig, n, hi-1)
		for _, u := range [][]float64{startPrices(y, sz), nil} {
			tb, ok := pr.triangleBound(vs, groups, sz, int64(res.Score), s, elig, u, triangleBudget)
			if !ok || tb < opt {
				t.Fatalf("%s n=%d g=%d seed %d: triangle bound %d (%v, from zero prices %v) below the best score %d", k, n, g, seed, tb, ok, u == nil, opt)
			}
			if u != nil && tb < d {
				tighter++
			}
			if u != nil && int64(res.Bound) > min(tb, d) {
				t.Fatalf("%s n=%d g=%d seed %d: Result.Bound %d (%s), triangle %d, degree %d", k, n, g, seed, res.Bound, res.Proof, tb, d)
			}
		}
		checkBoundAgainst(t, pr, in, res, opt)
	}
	if checked < 3*len(cases) || tighter < checked/2 {
		t.Errorf("checked %d rounds, triangle bound tighter than the degree bound on %d", checked, tighter)
	}
	// A round of 1,000 in threes has one group of four: the triangle
	// bound applies.
	res, err := Round(instanceOf(popCurrent, 2, 1000, 3, 4, 0))
	if err != nil {
		t.Fatal(err)
	}
	if res.Proof != ProofTriangles || res.Gap() > 0.1 {
		t.Errorf("1,000 in threes: proof %q, gap %.3f", res.Proof, res.Gap())
	}
}

// The bound of a round does not depend on how its trios were shared among
// the cores: the same input gives the same bound, one core or two.
func TestTriangleBoundIsRepeatable(t *testing.T) {
	in := instanceOf(popTies, 3, 600, 3, 4, 0)
	first, err := Round(in)
	if err != nil {
		t.Fatal(err)
	}
	if first.Proof != ProofTriangles {
		t.Fatalf("a round of 600 in threes gave proof %q, want %q", first.Proof, ProofTriangles)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	again, err := Round(in)
	if err != nil {
		t.Fatal(err)
	}
	if again.Bound != first.Bound || again.Score != first.Score {
		t.Errorf("one core: score %d bound %d; two: score %d bound %d", again.Score, again.Bound, first.Score, first.Bound)
	}
}

// A round of pairs priced by profile types, whose passes share their rows
// among the cores, is the same on one core as on two.
func TestTypedPairsAreRepeatable(t *testing.T) {
	in := instanceOf(popTies, 5, 6000, 2, 4, 0.01)
	if pr, _ := newProblem(&in); pr.typesOf(allPeople(pr)) == nil {
		t.Fatal("near-ties of 6,000 are not grouped by profile type")
	}
	first, err := Round(in)
	if err != nil {
		t.Fatal(err)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	again, err := Round(in)
	if err != nil {
		t.Fatal(err)
	}
	if again.Score != first.Score || again.Bound != first.Bound || !slices.EqualFunc(again.Groups, first.Groups, func(a, b Group) bool { return slices.Equal(a.Members, b.Members) }) {
		t.Errorf("one core: score %d bound %d; two: score %d bound %d", again.Score, again.Bound, first.Score, first.Bound)
	}
}
