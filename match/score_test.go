package match

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/tandem-dev/tandem"
)

func TestOverlapMinutes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ a, b, want int }{
		{0, 0, 480},
		{60, 0, 420},
		{0, 60, 420},
		{120, -300, 60},  // Berlin summer vs New York: 1 h
		{330, 0, 150},    // India vs UTC: 2.5 h
		{540, -480, 60},  // Tokyo vs California: their 17:00 is its 9:00 next day
		{-720, 720, 480}, // the same wall clock, a day apart
		{840, -600, 480}, // Kiribati vs Hawaii: also the same wall clock
		{0, 720, 0},
	} {
		if got := overlapMinutes(tc.a, tc.b); got != tc.want {
			t.Errorf("overlapMinutes(%d, %d) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestPairScore(t *testing.T) {
	t.Parallel()
	base := func(id string) Person {
		return Person{ID: tandem.UserID(id), Mode: tandem.ModeAny, UTCOffset: 60, KnownTZ: true}
	}
	with := func(p Person, f func(*Person)) Person { f(&p); return p }
	ana := with(base("A"), func(p *Person) { p.Teach, p.Learn, p.Location = []string{"Go"}, []string{"SQL"}, "Berlin" })
	bob := with(base("B"), func(p *Person) { p.Teach, p.Learn, p.Location = []string{"sql"}, []string{"golang"}, " BERLIN" })
	for _, tc := range []struct {
		name  string
		a, b  Person
		score int
		kinds []ReasonKind
	}{
		{"tandem in one office and zone", ana, bob, 10 + 10 + 15 + 5 + 8,
			[]ReasonKind{KindTeaches, KindTeaches, KindTandem, KindSameOffice, KindHoursOverlap}},
		{"one way only", ana, with(bob, func(p *Person) { p.Learn = nil }), 10 + 5 + 8,
			[]ReasonKind{KindTeaches, KindSameOffice, KindHoursOverlap}},
		{"nothing to exchange", base("A"), base("B"), -5 + 8,
			[]ReasonKind{KindHoursOverlap, KindNoExchange}},
		{"at most two skills count each way",
			with(base("A"), func(p *Person) { p.Teach = []string{"a", "b", "c"} }),
			with(base("B"), func(p *Person) { p.Learn = []string{"c", "b", "a"} }), 20 + 8,
			[]ReasonKind{KindTeaches, KindTeaches, KindHoursOverlap}},
		{"on-site only in different offices",
			with(ana, func(p *Person) { p.Mode = tandem.ModeOnsite }),
			with(bob, func(p *Person) { p.Location = "Paris" }), 10 + 10 + 15 - 40 + 8,
			[]ReasonKind{KindTeaches, KindTeaches, KindTandem, KindHoursOverlap, KindDifferentOffices}},
		{"on-site only with unknown office",
			with(ana, func(p *Person) { p.Mode = tandem.ModeOnsite }),
			with(bob, func(p *Person) { p.Location = "" }), 10 + 10 + 15 + 8,
			[]ReasonKind{KindTeaches, KindTeaches, KindTandem, KindHoursOverlap}},
		{"on-site only with remote only",
			with(ana, func(p *Person) { p.Mode = tandem.ModeOnsite }),
			with(bob, func(p *Person) { p.Mode = tandem.ModeRemote }), 10 + 10 + 15 - 40 + 8,
			[]ReasonKind{KindTeaches, KindTeaches, KindTandem, KindHoursOverlap, KindModeMismatch}},
		{"remote only in one office: no office bonus",
			ana, with(bob, func(p *Person) { p.Mode = tandem.ModeRemote }), 10 + 10 + 15 + 8,
			[]ReasonKind{KindTeaches, KindTeaches, KindTandem, KindHoursOverlap}},
		{"little overlap",
			base("A"), with(base("B"), func(p *Person) { p.UTCOffset = -300 }), -5 + 2,
			[]ReasonKind{KindHoursOverlap, KindNoExchange}},
		{"under two hours",
			base("A"), with(base("B"), func(p *Person) { p.UTCOffset = -360 }), -5 + 1 - 20,
			[]ReasonKind{KindNoExchange, KindLittleOverlap}},
		{"unknown zone",
			base("A"), with(base("B"), func(p *Person) { p.KnownTZ = false; p.UTCOffset = 600 }), -5,
			[]ReasonKind{KindNoExchange}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			score, rs := PairScore(tc.a, tc.b)
			if score != tc.score {
				t.Errorf("score %d, want %d: %v", score, tc.score, rs)
			}
			var kinds []ReasonKind
			sum := 0
			for _, r := range rs {
				kinds = append(kinds, r.Kind)
				sum += r.Points
			}
			sortReasons(rs)
			sorted := make([]ReasonKind, len(rs))
			for i, r := range rs {
				sorted[i] = r.Kind
			}
			if !slices.Equal(sorted, tc.kinds) {
				t.Errorf("reasons %v, want kinds %v", kinds, tc.kinds)
			}
			if sum != score {
				t.Errorf("reasons add up to %d, score %d", sum, score)
			}
			// The score does not depend on the order of the two.
			if s2, _ := PairScore(tc.b, tc.a); s2 != score {
				t.Errorf("reversed score %d", s2)
			}
		})
	}
}

// The reasons of a tandem say who teaches whom what, in the skills'
// canonical names.
func TestPairScoreReasons(t *testing.T) {
	t.Parallel()
	a := Person{ID: "UANA", Teach: []string{"Go"}, Learn: []string{"K8s", "SQL"}, Location: "Berlin", UTCOffset: 60, KnownTZ: true}
	b := Person{ID: "UBOB", Teach: []string{"kubernetes", "sql"}, Learn: []string{"golang"}, Location: "berlin", UTCOffset: -240, KnownTZ: true}
	_, rs := PairScore(a, b)
	sortReasons(rs)
	var got []string
	for _, r := range rs {
		got = append(got, r.String())
	}
	want := []string{
		"UANA teaches UBOB go (+10)",
		"UBOB teaches UANA kubernetes (+10)",
		"UBOB teaches UANA sql (+10)",
		"UANA and UBOB teach each other: a tandem (+15)",
		"UANA and UBOB are both in Berlin (+5)",
		"UANA and UBOB share 3 h of working hours (+3)",
	}
	if !slices.Equal(got, want) {
		t.Errorf("reasons:\n%s\nwant:\n%s", fmt.Sprint(got), fmt.Sprint(want))
	}
}

// A repeat's reason says how long ago and whether the group met; the
// costliest earlier group counts.
func TestRepeatReason(t *testing.T) {
	t.Parallel()
	in := Input{
		People:    []Person{{ID: "A"}, {ID: "B"}},
		GroupSize: 2,
		History: []tandem.PastGroup{
			{Members: []tandem.UserID{"A", "B"}, RoundsAgo: 1, Met: false},
			{Members: []tandem.UserID{"B", "A", "X"}, RoundsAgo: 3, Met: true},
			{Members: []tandem.UserID{"A", "B"}, RoundsAgo: 5, Met: true}, // outside the window
		},
		AvoidRepeats: 4,
	}
	res, err := Round(in)
	if err != nil {
		t.Fatal(err)
	}
	want := Reason{Kind: KindRepeat, A: "A", B: "B", Met: true, RoundsAgo: 3, Points: RepeatMetPoints}
	if len(res.Groups) != 1 || !slices.Contains(res.Groups[0].Reasons, want) {
		t.Errorf("groups %+v, want a reason %+v", res.Groups, want)
	}
	in.AvoidRepeats = 2
	res, _ = Round(in)
	want = Reason{Kind: KindRepeat, A: "A", B: "B", RoundsAgo: 1, Points: RepeatUnmetPoints}
	if !slices.Contains(res.Groups[0].Reasons, want) {
		t.Errorf("groups %+v, want a reason %+v", res.Groups, want)
	}
	in.AvoidRepeats = 0
	res, _ = Round(in)
	if repeats(res) != 0 {
		t.Errorf("repeat counted with the window off: %+v", res.Groups)
	}
}

func TestPersonFromProfile(t *testing.T) {
	t.Parallel()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no zone database:", err)
	}
	p := tandem.Profile{User: "U1", Teach: []string{"go"}, Mode: tandem.ModeOnsite, Location: " Berlin ", Avoid: []tandem.UserID{"U2"}}
	for _, tc := range []struct {
		at   time.Time
		want int
	}{
		{time.Date(2026, 1, 15, 8, 0, 0, 0, time.UTC), 60},
		{time.Date(2026, 7, 1, 8, 0, 0, 0, time.UTC), 120},
		// The night of the change: noon local time is already summer time.
		{time.Date(2026, 3, 29, 0, 30, 0, 0, time.UTC), 120},
	} {
		got := PersonFromProfile(p, berlin, tc.at)
		if !got.KnownTZ || got.UTCOffset != tc.want || got.Location != "Berlin" || got.ID != "U1" || len(got.Avoid) != 1 {
			t.Errorf("at %v: %+v, want offset %d", tc.at, got, tc.want)
		}
	}
	if got := PersonFromProfile(p, nil, time.Now()); got.KnownTZ {
		t.Errorf("nil zone: %+v", got)
	}
}

// A round with hundreds of skills and zones takes the slow paths of
// scoring (rare skills, zones computed per pair); they agree with the fast
// paths that a two-person round takes.
func TestBaseSlowPathsAgree(t *testing.T) {
	t.Parallel()
	r := newRNG(1, 1)
	var people []Person
	for i := range 300 {
		p := Person{ID: tandem.UserID(fmt.Sprint("U", i)), UTCOffset: i*5 - 720, KnownTZ: r.intn(10) > 0,
			Mode: testModes[r.intn(3)], Location: testOffices[r.intn(5)]}
		for range 1 + r.intn(4) {
			p.Teach = append(p.Teach, fmt.Sprint("s", r.intn(200)))
			p.Learn = append(p.Learn, fmt.Sprint("s", r.intn(200)))
		}
		people = append(people, p)
	}
	pr := buildProblem(&Input{People: people, GroupSize: 2})
	if pr.zonePts != nil {
		t.Fatal("expected too many zones for the table")
	}
	for range 5000 {
		i, j := int32(r.intn(300)), int32(r.intn(300))
		if i == j {
			continue
		}
		want, _ := PairScore(pr.in.People[pr.src[i]], pr.in.People[pr.src[j]])
		if got := pr.base(i, j); got != int64(want) {
			t.Fatalf("base(%d, %d) = %d, PairScore %d", i, j, got, want)
		}
	}
}

// The column-wise scoring loop of large rounds gives every pair the score
// base gives it, on every population (the wide one has 400 skills, so rare
// skills share hashed mask bits).
// Both loops are checked: by place (buildPlaces: every population here
// but wide, whose places are too many) and without; near-ties once more
// with a fifth of people of unknown office and zone.
func TestBaseRowEqualsBase(t *testing.T) {
	for c, k := range append(popKinds, popTies) {
		in := instanceOf(k, 3, 400, 2, 6, 0.1)
		if c == len(popKinds) {
			for i := range in.People {
				if i%5 == 0 {
					in.People[i].Location, in.People[i].KnownTZ = "", false
				}
			}
		}
		pr, _ := newProblem(&in)
		if byPlace := pr.colPlace != nil; byPlace != (k != popWide) {
			t.Fatalf("%s: scored by place %v", k, byPlace)
		}
		for _, places := range []bool{true, false} {
			if !places {
				pr.colPlace = nil
			}
			vs := allPeople(pr)
			out := make([]int32, pr.n)
			for i := range vs {
				pr.baseRow(int32(i), vs, 0, out)
				for j := range vs {
					if want := pr.base(int32(i), int32(j)); i != j && int64(out[j]) != want {
						t.Fatalf("%s (by place %v): pair %d-%d scores %d in the loop, %d by base", k, places, i, j, out[j], want)
					}
				}
			}
		}
	}
}
