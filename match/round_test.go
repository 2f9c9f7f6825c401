package match

import (
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/tandem-dev/tandem"
)

// checkResult checks what must hold for every round: everyone placed
// exactly once or left out, sizes within 2..8, no avoid rule broken,
// scores equal to the sum of their reasons, reasons only about members.
func checkResult(t *testing.T, in Input, res Result) {
	t.Helper()
	avoid := map[[2]tandem.UserID]bool{}
	for _, p := range in.People {
		for _, o := range p.Avoid {
			avoid[[2]tandem.UserID{p.ID, o}] = true
			avoid[[2]tandem.UserID{o, p.ID}] = true
		}
	}
	seen := map[tandem.UserID]int{}
	total := 0
	for _, g := range res.Groups {
		if len(g.Members) < 2 || len(g.Members) > tandem.MaxGroupSize {
			t.Errorf("group of %d: %v", len(g.Members), g.Members)
		}
		if !slices.IsSorted(g.Members) {
			t.Errorf("members not sorted: %v", g.Members)
		}
		for i, a := range g.Members {
			seen[a]++
			for _, b := range g.Members[i+1:] {
				if avoid[[2]tandem.UserID{a, b}] {
					t.Errorf("%s and %s grouped despite an avoid rule", a, b)
				}
			}
		}
		sum := 0
		for _, r := range g.Reasons {
			sum += r.Points
			if !slices.Contains(g.Members, r.A) || !slices.Contains(g.Members, r.B) || r.A == r.B {
				t.Errorf("reason %v is not about two members of %v", r, g.Members)
			}
		}
		if sum != g.Score {
			t.Errorf("group %v scores %d, its reasons add up to %d", g.Members, g.Score, sum)
		}
		total += g.Score
	}
	if total != res.Score {
		t.Errorf("result score %d, groups add up to %d", res.Score, total)
	}
	if res.Bound < res.Score || res.Gap() < 0 || !slices.Contains([]Proof{ProofDuals, ProofPerPerson, ProofDegree, ProofTriangles, ProofExhaustive}, res.Proof) {
		t.Errorf("bound %d (%s) for a score of %d, gap %v", res.Bound, res.Proof, res.Score, res.Gap())
	}
	for _, lo := range res.LeftOut {
		seen[lo.User]++
		if lo.Code == "" {
			t.Errorf("left out without a reason: %+v", lo)
		}
	}
	for _, p := range in.People {
		if seen[p.ID] != 1 {
			t.Errorf("%s placed %d times", p.ID, seen[p.ID])
		}
	}
	if len(seen) != len(in.People) {
		t.Errorf("result names %d people, input has %d", len(seen), len(in.People))
	}
	if res.Seed != in.Seed {
		t.Errorf("seed %d, want %d", res.Seed, in.Seed)
	}
}

// Random rounds of every group size, with and without avoid rules and
// history: the invariants hold, sizes stay within GroupSizes' bounds when
// no avoid rule interferes, and nobody is left out then.
func TestRoundProperties(t *testing.T) {
	t.Parallel()
	r := newRNG(5, 5)
	rounds := 200
	if testing.Short() {
		rounds = 100
	}
	for i := range rounds {
		seed := int64(i)
		n := r.intn(70)
		g := 2 + r.intn(7)
		avoidFrac := []float64{0, 0, 0.1, 0.5}[r.intn(4)]
		in := instance(seed, n, g, r.intn(7), avoidFrac)
		res, err := Round(in)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(fmt.Sprintf("seed=%d,n=%d,g=%d,avoid=%v", seed, n, g, avoidFrac), func(t *testing.T) {
			checkResult(t, in, res)
			if avoidFrac > 0 {
				return
			}
			if n >= 2 && len(res.LeftOut) > 0 {
				t.Errorf("left out without avoid rules: %+v", res.LeftOut)
			}
			sizes := GroupSizes(n, g)
			lo, hi := 0, 0
			if len(sizes) > 0 {
				lo, hi = slices.Min(sizes), slices.Max(sizes)
			}
			if g == 2 {
				lo, hi = 2, 3
			}
			for _, gr := range res.Groups {
				if len(gr.Members) < lo || len(gr.Members) > hi {
					t.Errorf("group of %d, want %d..%d", len(gr.Members), lo, hi)
				}
			}
			if len(res.Groups) != len(sizes) {
				t.Errorf("%d groups, want %d", len(res.Groups), len(sizes))
			}
		})
	}
}

func TestRoundDeterministic(t *testing.T) {
	t.Parallel()
	for _, g := range []int{2, 3, 5} {
		in := instance(42, 61, g, 4, 0.1)
		a, err := Round(in)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := Round(in)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("g=%d: two runs differ", g)
		}
		// The order of People does not matter, only the seed does.
		shuffled := in
		shuffled.People = slices.Clone(in.People)
		slices.Reverse(shuffled.People)
		c, _ := Round(shuffled)
		if !reflect.DeepEqual(a, c) {
			t.Errorf("g=%d: reversing People changed the result", g)
		}
	}
}

// repeats counts the repeat reasons of a result.
func repeats(res Result) int {
	n := 0
	for _, g := range res.Groups {
		for _, r := range g.Reasons {
			if r.Kind == KindRepeat {
				n++
			}
		}
	}
	return n
}

// pastGroups turns a result into history.
func pastGroups(res Result, ago int, met bool) []tandem.PastGroup {
	var out []tandem.PastGroup
	for _, g := range res.Groups {
		out = append(out, tandem.PastGroup{Members: g.Members, RoundsAgo: ago, Met: met})
	}
	return out
}

// Repeats are avoided whenever a repeat-free grouping exists, even when
// the earlier groups were the best fits. For pairs, history is the best
// matching, then the best avoiding it, then the best avoiding both: three
// perfect matchings, whose complement on n ≥ 8 people still has minimum
// degree n-4 ≥ n/2 and so (Dirac) a perfect matching. The exact matcher
// must find one.
func TestRoundAvoidsRepeatsPairs(t *testing.T) {
	t.Parallel()
	for _, n := range []int{8, 10, 20, 40, 100, 500} {
		in := instance(int64(n), n, 2, 0, 0)
		in.AvoidRepeats = 3
		for ago := range 3 {
			res, err := Round(in)
			if err != nil {
				t.Fatal(err)
			}
			// Shift the earlier rounds back and add this one as the latest.
			for i := range in.History {
				in.History[i].RoundsAgo++
			}
			in.History = append(in.History, pastGroups(res, 1, ago%2 == 0)...)
		}
		res, _ := Round(in)
		checkResult(t, in, res)
		if k := repeats(res); k > 0 {
			t.Errorf("n=%d: %d repeats, but a repeat-free matching exists", n, k)
		}
	}
}

// The same for odd counts (a trio) and groups of 3: the history is built
// around a fixed partition P0 that it never repeats, so P0 proves that a
// repeat-free grouping exists.
func TestRoundAvoidsRepeatsGroups(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ n, g, rounds int }{
		{9, 2, 2}, {21, 2, 4}, {41, 2, 6}, {15, 3, 3}, {30, 3, 6}, {60, 3, 6}, {40, 4, 4}, {41, 5, 3},
	} {
		t.Run(fmt.Sprintf("n=%d,g=%d", tc.n, tc.g), func(t *testing.T) {
			in := instance(int64(tc.n), tc.n, tc.g, 0, 0)
			in.AvoidRepeats = tc.rounds
			sizes := GroupSizes(tc.n, tc.g)
			if tc.g == 2 {
				sizes = GroupSizes(tc.n, 2)
			}
			p0 := map[tandem.UserID]int{}
			at := 0
			for gi, s := range sizes {
				for _, p := range in.People[at : at+s] {
					p0[p.ID] = gi
				}
				at += s
			}
			r := newRNG(int64(tc.n), 4000)
			for ago := 1; ago <= tc.rounds; ago++ {
				// A random grouping in which no two members share a P0 group.
				for {
					ids := make([]tandem.UserID, tc.n)
					for i, p := range in.People {
						ids[i] = p.ID
					}
					shuffle(r, ids)
					var round []tandem.PastGroup
					ok := true
					at := 0
					for _, s := range sizes {
						m := ids[at : at+s]
						at += s
						for i := range m {
							for j := i + 1; j < len(m); j++ {
								ok = ok && p0[m[i]] != p0[m[j]]
							}
						}
						round = append(round, tandem.PastGroup{Members: m, RoundsAgo: ago, Met: true})
					}
					if ok {
						in.History = append(in.History, round...)
						break
					}
				}
			}
			res, err := Round(in)
			if err != nil {
				t.Fatal(err)
			}
			checkResult(t, in, res)
			if k := repeats(res); k > 0 {
				t.Errorf("%d repeats, but a repeat-free grouping exists", k)
			}
		})
	}
}

// Two people who teach each other what the other wants, in one office and
// one zone, end up together however many distractors surround them.
func TestRoundTandemTogether(t *testing.T) {
	t.Parallel()
	for _, g := range []int{2, 3, 4} {
		for _, n := range []int{10, 51, 400} {
			people := population(int64(n), n)
			ana := Person{ID: "UANA", Teach: []string{"Go"}, Learn: []string{"SQL"}, Location: "Berlin", UTCOffset: 60, KnownTZ: true}
			bob := Person{ID: "UBOB", Teach: []string{"sql"}, Learn: []string{"golang"}, Location: "berlin ", UTCOffset: 60, KnownTZ: true}
			people = append(people, ana, bob)
			in := Input{People: people, GroupSize: g, Seed: int64(n)}
			res, err := Round(in)
			if err != nil {
				t.Fatal(err)
			}
			var found bool
			for _, gr := range res.Groups {
				if slices.Contains(gr.Members, "UANA") {
					found = slices.Contains(gr.Members, "UBOB")
					if !found {
						t.Errorf("g=%d n=%d: Ana is with %v", g, n, gr.Members)
					}
					var tandemWhy, office bool
					for _, r := range gr.Reasons {
						tandemWhy = tandemWhy || r.Kind == KindTandem && r.A == "UANA" && r.B == "UBOB"
						office = office || r.Kind == KindSameOffice && r.Location == "Berlin"
					}
					if found && (!tandemWhy || !office) {
						t.Errorf("g=%d n=%d: reasons lack the tandem or the office: %v", g, n, gr.Reasons)
					}
				}
			}
		}
	}
}

func TestRoundSmall(t *testing.T) {
	t.Parallel()
	p := func(id string, avoid ...tandem.UserID) Person {
		return Person{ID: tandem.UserID(id), Avoid: avoid}
	}
	// teach gives p a skill to teach and one to learn.
	teach := func(p Person, t, l string) Person {
		p.Teach, p.Learn = []string{t}, []string{l}
		return p
	}
	for _, tc := range []struct {
		name    string
		g       int
		people  []Person
		groups  [][]tandem.UserID // nil: any valid grouping of everyone
		leftOut map[tandem.UserID]LeftOutCode
	}{
		{"nobody", 2, nil, nil, nil},
		{"alone", 2, []Person{p("A")}, nil, map[tandem.UserID]LeftOutCode{"A": Alone}},
		{"a pair", 2, []Person{p("A"), p("B")}, [][]tandem.UserID{{"A", "B"}}, nil},
		{"three in pairs make a trio", 2, []Person{p("A"), p("B"), p("C")}, [][]tandem.UserID{{"A", "B", "C"}}, nil},
		{"two in threes make a pair", 3, []Person{p("A"), p("B")}, [][]tandem.UserID{{"A", "B"}}, nil},
		{"own avoid list", 2, []Person{p("A", "B"), p("B")}, nil,
			map[tandem.UserID]LeftOutCode{"A": OwnAvoidList, "B": Avoided}},
		{"the odd one avoids one of the pair", 2, []Person{teach(p("A"), "x", "y"), teach(p("B"), "y", "x"), p("C", "B")}, [][]tandem.UserID{{"A", "B"}},
			map[tandem.UserID]LeftOutCode{"C": NoRoom}},
		// E avoids one member of each tandem pair, so cannot join either
		// as a third; someone moves to make room.
		{"avoid rules make room elsewhere", 2, []Person{
			teach(p("A"), "x", "y"), teach(p("B"), "y", "x"), teach(p("C"), "v", "w"), teach(p("D"), "w", "v"), p("E", "A", "C"),
		}, nil, nil},
		{"avoiding oneself and strangers is harmless", 2, []Person{p("A", "A", "Z"), p("B")}, [][]tandem.UserID{{"A", "B"}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := Input{People: tc.people, GroupSize: tc.g, Seed: 1}
			res, err := Round(in)
			if err != nil {
				t.Fatal(err)
			}
			checkResult(t, in, res)
			var groups [][]tandem.UserID
			for _, g := range res.Groups {
				groups = append(groups, g.Members)
			}
			slices.SortFunc(groups, func(a, b []tandem.UserID) int { return slices.Compare(a, b) })
			if tc.groups != nil && !reflect.DeepEqual(groups, tc.groups) {
				t.Errorf("groups %v, want %v", groups, tc.groups)
			}
			got := map[tandem.UserID]LeftOutCode{}
			for _, lo := range res.LeftOut {
				got[lo.User] = lo.Code
			}
			if len(got) == 0 {
				got = nil
			}
			if !reflect.DeepEqual(got, tc.leftOut) {
				t.Errorf("left out %v, want %v", got, tc.leftOut)
			}
		})
	}
}

func TestRoundErrors(t *testing.T) {
	t.Parallel()
	ok := []Person{{ID: "A"}, {ID: "B"}}
	for _, tc := range []struct {
		name string
		in   Input
	}{
		{"group size 1", Input{People: ok, GroupSize: 1}},
		{"group size 9", Input{People: ok, GroupSize: 9}},
		{"negative window", Input{People: ok, GroupSize: 2, AvoidRepeats: -1}},
		{"no ID", Input{People: []Person{{ID: "A"}, {}}, GroupSize: 2}},
		{"duplicate", Input{People: []Person{{ID: "A"}, {ID: "A"}}, GroupSize: 2}},
		{"offset", Input{People: []Person{{ID: "A", UTCOffset: 24 * 60, KnownTZ: true}}, GroupSize: 2}},
		{"too many", Input{People: make([]Person, MaxPeople+1), GroupSize: 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Round(tc.in)
			if tandem.ErrorCode(err) != tandem.EINVALID {
				t.Errorf("error %v, want an EINVALID error", err)
			}
		})
	}
}

// Odd and broken inputs neither panic nor break the invariants.
func TestRoundOddInputs(t *testing.T) {
	t.Parallel()
	r := newRNG(9, 9)
	ids := func(k int) []tandem.UserID {
		out := make([]tandem.UserID, k)
		for i := range out {
			out[i] = tandem.UserID(fmt.Sprint("U", r.intn(40)))
		}
		return out
	}
	for i := range 300 {
		n := r.intn(30)
		var people []Person
		for j := range n {
			people = append(people, Person{
				ID:        tandem.UserID(fmt.Sprint("U", j)),
				Teach:     []string{"", "Go", "go", " GO ", "#", "c++"}[:r.intn(7)%7],
				Learn:     []string{"golang", "", "C++", "x"}[:r.intn(5)%5],
				Mode:      []tandem.Mode{"", "weird", tandem.ModeOnsite, tandem.ModeRemote, tandem.ModeAny}[r.intn(5)],
				Location:  []string{"", " ", "Berlin", "BERLIN", "Paris"}[r.intn(5)],
				UTCOffset: r.intn(2*maxOffset-1) - maxOffset + 1,
				KnownTZ:   r.intn(2) == 0,
				Avoid:     ids(r.intn(4) * r.intn(4)),
			})
		}
		var history []tandem.PastGroup
		for range r.intn(10) {
			history = append(history, tandem.PastGroup{Members: ids(r.intn(30)), RoundsAgo: r.intn(8) - 2, Met: r.intn(2) == 0})
		}
		in := Input{People: people, GroupSize: 2 + r.intn(7), History: history, AvoidRepeats: r.intn(5), Seed: int64(i)}
		res, err := Round(in)
		if err != nil {
			t.Fatalf("input %d: %v", i, err)
		}
		checkResult(t, in, res)
	}
	// Everyone avoids everyone: everyone is left out, and told it is their
	// own list.
	var people []Person
	for j := range 5 {
		p := Person{ID: tandem.UserID(fmt.Sprint("U", j))}
		for k := range 5 {
			p.Avoid = append(p.Avoid, tandem.UserID(fmt.Sprint("U", k)))
		}
		people = append(people, p)
	}
	res, err := Round(Input{People: people, GroupSize: 3})
	if err != nil || len(res.Groups) != 0 || len(res.LeftOut) != 5 || res.LeftOut[0].Code != OwnAvoidList {
		t.Errorf("everyone avoids everyone: %+v, %v", res, err)
	}
}

// Rounds of pairs carry a proof that they are the best grouping: the
// bound from the duals equals the score. For an odd count above
// oddExactLimit, where only the likeliest trios are computed, the bound is
// within 0.1%.
func TestRoundPairsProvenOptimal(t *testing.T) {
	t.Parallel()
	for i, k := range popKinds {
		for _, n := range []int{40, 301, 1000} {
			in := instanceOf(k, int64(i+n), n, 2, 6, 0.02)
			res, err := Round(in)
			if err != nil {
				t.Fatal(err)
			}
			checkResult(t, in, res)
			want := 0.0
			if n%2 == 1 && n > oddExactLimit {
				want = 0.001
			}
			if res.Gap() > want || res.Proof != ProofDuals {
				t.Errorf("%s n=%d: score %d, bound %d (%s): %s", k, n, res.Score, res.Bound, res.Proof, fmt.Sprintf("gap %.5f", res.Gap()))
			}
		}
	}
}
