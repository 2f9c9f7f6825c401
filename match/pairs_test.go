package match

import (
	"slices"
	"testing"
)

// allPeople returns 0..n-1.
func allPeople(pr *problem) []int32 {
	vs := make([]int32, pr.n)
	for i := range vs {
		vs[i] = int32(i)
	}
	return vs
}

// pairsValue returns the value of a set of pairs under the problem's
// objective.
func pairsValue(pr *problem, pairs [][2]int32) value {
	var v value
	for _, p := range pairs {
		w, ok := pr.weight(p[0], p[1])
		if !ok {
			panic("ineligible pair")
		}
		v.card++
		v.weight += w
	}
	return v
}

// The pair matcher is optimal: on 100 seeded instances of 2 to 20 people,
// even and odd, with avoid rules and six rounds of history, it places as
// many pairs as the brute-force optimum, with the same total weight.
func TestMatchPairsEqualsBruteForce(t *testing.T) {
	t.Parallel()
	for seed := range int64(100) {
		n := 2 + int(seed%19)
		in := instance(seed, n, 2, 6, 0.3)
		pr, err := newProblem(&in)
		if err != nil {
			t.Fatal(err)
		}
		pairs, single := pr.matchPairs(allPeople(pr))
		got := pairsValue(pr, pairs)
		want := bruteMatching(n, func(i, j int) (int64, bool) { return pr.weight(int32(i), int32(j)) }, true)
		if got != want {
			t.Errorf("seed %d, n=%d: matched %+v, brute force %+v", seed, n, got, want)
		}
		if 2*len(pairs)+len(single) != n {
			t.Errorf("seed %d: %d pairs and %d single for %d people", seed, len(pairs), len(single), n)
		}
	}
}

// The candidate lists hold each person's true best partners.
func TestCandidatesAreTheBest(t *testing.T) {
	t.Parallel()
	in := instance(3, 60, 2, 6, 0.2)
	pr, _ := newProblem(&in)
	vs := allPeople(pr)
	const k = 5
	c := pr.candidates(vs, k)
	for x := range vs {
		var all []int32
		for y := range vs {
			if w, ok := pr.weight(int32(x), int32(y)); ok && x != y {
				all = append(all, int32(w))
			}
		}
		slices.Sort(all)
		slices.Reverse(all)
		_, ws := c.of(x)
		got := slices.Clone(ws)
		slices.Sort(got)
		slices.Reverse(got)
		if !slices.Equal(got, all[:min(k, len(all))]) {
			t.Fatalf("person %d: candidates %v, best %v", x, got, all[:k])
		}
	}
}

// Above ExactPairsLimit the candidate graph gives near-optimal pairs and
// leaves no one single who could pair.
func TestMatchPairsSparse(t *testing.T) {
	t.Parallel()
	n := 501 // odd, above completeLimit
	in := instance(11, n, 2, 6, 0.01)
	pr, _ := newProblem(&in)
	pairs, single := pr.matchPairs(allPeople(pr))
	if len(single) != 1 {
		t.Errorf("%d people single, want 1", len(single))
	}
	got := pairsValue(pr, pairs)
	mate := blossomMatching(int32(n), pr.completeEdges(allPeople(pr)), true)
	var opt value
	for x, y := range mate {
		if int(y) > x {
			w, _ := pr.weight(int32(x), y)
			opt.card++
			opt.weight += w
		}
	}
	if got.card != opt.card || float64(got.weight) < 0.995*float64(opt.weight) {
		t.Errorf("sparse %+v, exact %+v", got, opt)
	}
}
