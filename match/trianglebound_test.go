package match

import (
	"runtime"
	"slices"
	"testing"
)

// The triangle bound is never below the best grouping of the round's
// sizes (trios, and one or two groups of four when n is not a multiple of
// 3), from the round's prices or from zero, and is tighter than the degree
// bound on most rounds. The best grouping is found by exhaustive search
// (n a multiple of 3) or by listing every partition.
func TestTriangleBoundHolds(t *testing.T) {
	tighter, checked := 0, 0
	for seed := range int64(64) {
		k := popKinds[int(seed)%len(popKinds)]
		n := []int{7, 8, 9, 10, 11, 12, 15, 18}[seed/4%8]
		in := instanceOf(k, seed, n, 3, int(seed%3)*2, []float64{0, 0.1, 0.25}[seed%3])
		pr, _ := newProblem(&in)
		vs := allPeople(pr)
		s, elig := pr.scoreMatrix(vs)
		var opt int64
		var ok bool
		if n%3 == 0 {
			opt, ok = exhaustiveScore(pr, 3)
		} else {
			opt, ok = bestPartitionBy(pr, 3, 4, n/3, func(x, y int32) (int64, bool) { return s[int(x)*n+int(y)], elig[int(x)*n+int(y)] })
		}
		if !ok {
			continue
		}
		res, err := Round(in)
		if err != nil {
			t.Fatal(err)
		}
		groups := indexGroups(pr, res)
		if len(res.LeftOut) > 0 || len(groups) != n/3 {
			t.Fatalf("%s n=%d seed %d: a grouping of the round's sizes exists, Round gave %d groups, %d left out", k, n, seed, len(groups), len(res.LeftOut))
		}
		checked++
		_, y := degreeDuals(s, elig, n, 2)
		d, _ := degreeDuals(s, elig, n, largestGroup(n, 3)-1)
		for _, u := range [][]float64{startPrices(y), nil} {
			tb, ok := pr.triangleBound(vs, groups, int64(res.Score), s, elig, u, triangleBudget)
			if !ok || tb < opt {
				t.Fatalf("%s n=%d seed %d: triangle bound %d (%v, from zero prices %v) below the best score %d", k, n, seed, tb, ok, u == nil, opt)
			}
			if u != nil && tb < d {
				tighter++
			}
			if u != nil && int64(res.Bound) > min(tb, d) {
				t.Fatalf("%s n=%d seed %d: Result.Bound %d (%s), triangle %d, degree %d", k, n, seed, res.Bound, res.Proof, tb, d)
			}
		}
		checkBoundAgainst(t, pr, in, res, opt)
	}
	if checked < 50 || tighter < checked/2 {
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
