package match

import (
	"slices"
	"testing"
)

// TestHungarianIsOptimal compares the assignment with every permutation of
// small random matrices, ineligible entries included.
func TestHungarianIsOptimal(t *testing.T) {
	t.Parallel()
	r := newRNG(7, 1)
	for trial := range 300 {
		k := 1 + trial%7
		w := make([]int64, k*k)
		for i := range w {
			w[i] = int64(r.intn(41)) - 20
			if r.intn(6) == 0 {
				w[i] = assignIneligible
			}
		}
		for a := range k { // the identity is always allowed, as in a move
			w[a*k+a] = int64(r.intn(41)) - 20
		}
		to := hungarian(w, k)
		seen := make([]bool, k)
		var got int64
		for a, b := range to {
			if seen[b] {
				t.Fatalf("k=%d: column %d taken twice: %v", k, b, to)
			}
			seen[b] = true
			got += w[a*k+b]
		}
		best := int64(-1 << 62)
		perm := make([]int, k)
		for i := range perm {
			perm[i] = i
		}
		for {
			var s int64
			for a, b := range perm {
				s += w[a*k+b]
			}
			best = max(best, s)
			if !nextPermutation(perm) {
				break
			}
		}
		if got != best {
			t.Fatalf("k=%d: assignment worth %d, best permutation %d (%v)", k, got, best, w)
		}
	}
}

func nextPermutation(p []int) bool {
	i := len(p) - 2
	for i >= 0 && p[i] >= p[i+1] {
		i--
	}
	if i < 0 {
		return false
	}
	j := len(p) - 1
	for p[j] <= p[i] {
		j--
	}
	p[i], p[j] = p[j], p[i]
	slices.Reverse(p[i+1:])
	return true
}

// TestAssignMovesOnlyImprove: on rounds with history and avoid rules,
// assignment moves never lower the objective, report exactly the gain they
// made, keep every group's size and the groups' people, never group two
// people who avoid each other, and keep of up to date.
func TestAssignMovesOnlyImprove(t *testing.T) {
	t.Parallel()
	improved := 0
	for seed := range int64(24) {
		k := popKinds[int(seed)%len(popKinds)]
		g := 3 + int(seed%3)
		in := instanceOf(k, seed, 60+int(seed)*7, g, 4, 0.1)
		pr, _ := newProblem(&in)
		pr.buildDense()
		vs := allPeople(pr)
		gs := &groupSearch{pr: pr, vs: vs, sizes: GroupSizes(len(vs), g)}
		gs.lo, gs.hi = slices.Min(gs.sizes), slices.Max(gs.sizes)
		gs.neigh = pr.candidates(vs, groupNeighbours)
		gs.hardness()
		cur := gs.greedy(0, nil)
		before := pr.totalWeight(cur.groups)
		var sizes []int
		var people []int32
		for _, grp := range cur.groups {
			sizes = append(sizes, len(grp))
			people = append(people, grp...)
		}
		gain := pr.assignMoves(cur.groups, cur.of, newRNG(seed, streamAssign))
		after := pr.totalWeight(cur.groups)
		if gain < 0 || after != before+gain {
			t.Fatalf("seed %d: objective %d -> %d, reported gain %d", seed, before, after, gain)
		}
		if gain > 0 {
			improved++
		}
		var now []int32
		for gi, grp := range cur.groups {
			if len(grp) != sizes[gi] {
				t.Fatalf("seed %d: group %d has %d people, had %d", seed, gi, len(grp), sizes[gi])
			}
			for i, a := range grp {
				if cur.of[a] != int32(gi) {
					t.Fatalf("seed %d: of[%d] = %d, but they are in group %d", seed, a, cur.of[a], gi)
				}
				for _, b := range grp[i+1:] {
					if pr.avoids(a, b) {
						t.Fatalf("seed %d: %d and %d avoid each other but share group %d", seed, a, b, gi)
					}
				}
			}
			now = append(now, grp...)
		}
		slices.Sort(people)
		slices.Sort(now)
		if !slices.Equal(people, now) {
			t.Fatalf("seed %d: the moves lost or duplicated people", seed)
		}
	}
	if improved < 20 {
		t.Errorf("assignment moves improved only %d of 24 greedy groupings", improved)
	}
}

// TestDegreeBoundHolds: on small rounds with history and avoid rules the
// degree bound is never below the best score of any grouping, found by
// exhaustive search, and it is tighter than the per-person bound on most.
func TestDegreeBoundHolds(t *testing.T) {
	t.Parallel()
	tighter, checked := 0, 0
	for seed := range int64(40) {
		k := popKinds[int(seed)%len(popKinds)]
		g := 3 + int(seed%2)
		n := []int{9, 12, 15, 12}[seed%4]
		if g == 4 {
			n = []int{8, 12, 16, 12}[seed%4]
		}
		in := instanceOf(k, seed, n, g, int(seed%3)*2, []float64{0, 0.1, 0.2}[seed%3])
		pr, _ := newProblem(&in)
		opt, ok := exhaustiveScore(pr, g)
		if !ok {
			continue
		}
		checked++
		vs := allPeople(pr)
		s, elig := pr.scoreMatrix(vs)
		d, _ := degreeDuals(s, elig, n, g-1)
		if d < opt {
			t.Fatalf("%s n=%d g=%d seed %d: degree bound %d below the best score %d", k, n, g, seed, d, opt)
		}
		if d < pr.perPersonBound(vs, g, nil) {
			tighter++
		}
		res, err := Round(in)
		if err != nil {
			t.Fatal(err)
		}
		checkBoundAgainst(t, pr, in, res, opt)
	}
	if checked < 30 || tighter < checked/2 {
		t.Errorf("checked %d rounds, degree bound tighter on %d", checked, tighter)
	}
}
