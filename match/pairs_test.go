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

// The candidate pass, which skips pairs by skill and shares rows among
// goroutines, keeps exactly each person's k best partners (by weight, then
// the tie order of better) on every population, with avoid lists and
// history: the same lists a plain scan of every pair keeps.
func TestCandidatesEqualFullScan(t *testing.T) {
	t.Parallel()
	type tcase struct {
		k     popKind
		n     int
		typed bool // the pass goes by profile types (types.go)
	}
	cases := []tcase{{popCurrent, 1500, false}, {popSkewed, 1500, false}, {popWide, 1500, false}, {popTies, 1500, false}, {popTies, 6000, true}}
	for i, tc := range cases {
		k := tc.k
		in := instanceOf(k, int64(20+i), tc.n, 2, 6, 0.05)
		pr, _ := newProblem(&in)
		vs := allPeople(pr)
		if typed := pr.typesOf(vs) != nil; typed != tc.typed {
			t.Fatalf("%s, n=%d: by types %v, want %v", k, tc.n, typed, tc.typed)
		}
		const keep = 10
		c := pr.candidates(vs, keep)
		type cand struct{ y, w int32 }
		for x := range vs {
			var all []cand
			for y := range vs {
				if w, ok := pr.weight(int32(x), int32(y)); ok && x != y {
					all = append(all, cand{int32(y), int32(w)})
				}
			}
			order := func(a, b cand) int {
				switch {
				case better(x, a.w, a.y, b.w, b.y):
					return -1
				case better(x, b.w, b.y, a.w, a.y):
					return 1
				}
				return 0
			}
			slices.SortFunc(all, order)
			ys, ws := c.of(x)
			var got []cand
			for t, y := range ys {
				got = append(got, cand{y, ws[t]})
			}
			slices.SortFunc(got, order)
			if want := all[:min(keep, len(all))]; !slices.Equal(got, want) {
				t.Fatalf("%s, person %d: candidates %v, want %v", k, x, got, want)
			}
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

// The pricing loop proves the optimum of the complete graph, which it
// never builds: on every population, its matching weighs what the exact
// blossom on every eligible pair finds, and its bound equals that weight.
func TestPricingEqualsCompleteGraph(t *testing.T) {
	t.Parallel()
	for i, k := range append(popKinds, popKinds...) {
		n := 301 + 100*i
		in := instanceOf(k, int64(i+1), n, 2, 6, 0.01)
		pr, _ := newProblem(&in)
		vs := allPeople(pr)
		pm := pr.matchPerfect(vs)
		mate := blossomMatching(int32(n), pr.completeEdges(vs), true)
		var opt int64
		for x, y := range mate {
			if int(y) > x {
				w, _ := pr.weight(int32(x), y)
				opt += w
			}
		}
		if !pm.proven || pm.weight != opt || pm.bound2 != 2*opt {
			t.Errorf("%s n=%d: proven %v, weight %d, bound2 %d, complete-graph optimum %d", k, n, pm.proven, pm.weight, pm.bound2, opt)
		}
	}
}

// On larger rounds the certificate itself is checked: after the pricing
// loop no eligible pair, of the millions it never handed the blossom, has
// a negative slack under the final duals, and the bound is the matching's
// weight. Near-ties at 6,000 are priced by profile types (types.go).
func TestPricingLeavesNoViolatedPair(t *testing.T) {
	t.Parallel()
	for i, k := range append(popKinds, popTies) {
		n := 2500 + i
		if i == len(popKinds) {
			n = 6000
		}
		in := instanceOf(k, int64(i+7), n, 2, 6, 0.01)
		pr, _ := newProblem(&in)
		vs := allPeople(pr)
		if typed := pr.newPriceClasses(vs).types != nil; typed != (n == 6000) {
			t.Fatalf("%s n=%d: priced by types %v", k, n, typed)
		}
		pm := pr.matchPerfect(vs)
		violated := 0
		row := make([]int32, n)
		for x := range int32(n) {
			pr.rowFrom(x, vs, vs, int(x)+1, row)
			for z := x + 1; z < int32(n); z++ {
				if w := row[z]; w != ineligible {
					if sl := pm.y[x] + pm.y[z] - 2*int64(w); sl < 0 && sl+2*pm.blossom(x, z) < 0 {
						violated++
					}
				}
			}
		}
		if !pm.proven || violated > 0 || pm.bound2 != 2*pm.weight {
			t.Errorf("%s n=%d: proven %v, %d violated pairs, bound2 %d, weight %d", k, n, pm.proven, violated, pm.bound2, pm.weight)
		}
	}
}
