package match

import (
	"fmt"
	"math/bits"

	"github.com/tandem-dev/tandem"
)

// The test population of the performance targets (docs/benchmarks.md): 40 skills
// with Zipf-like popularity, 1-3 taught and 1-3 wanted each, 3 modes,
// 5 offices, 10 time zones.
var (
	testOffices = []string{"Berlin", "Paris", "London", "Lisbon", "Warsaw"}
	testOffsets = []int{-480, -300, -240, 0, 60, 120, 180, 330, 480, 540}
	testModes   = []tandem.Mode{tandem.ModeAny, tandem.ModeOnsite, tandem.ModeRemote}
	zipfTotal   float64
)

const testSkills = 40

func init() {
	for i := range testSkills {
		zipfTotal += 1 / float64(i+1)
	}
}

// zipfSkill draws skill i with probability proportional to 1/(i+1).
func zipfSkill(r *rng) int {
	u := float64(r.next()>>11) / (1 << 53) * zipfTotal
	for i := range testSkills {
		u -= 1 / float64(i+1)
		if u <= 0 {
			return i
		}
	}
	return testSkills - 1
}

func skillName(i int) string { return fmt.Sprintf("skill%02d", i) }

// population returns n people of the current population drawn with seed.
func population(seed int64, n int) []Person { return drawPopulation(popCurrent, seed, n) }

// popKind names one of the benchmark populations.
type popKind string

// The populations of the benchmarks and the quality tests:
//   - current: the population of the original targets (see above);
//   - skewed: demand piles onto a few scarce skills: 60% of people want one
//     of 5 skills that only 5% teach;
//   - wide: 400 skills, 40 offices, 30 zones (some half-hour ones), and a
//     fifth of people with an unknown office, an unknown zone or no mode;
//   - ties: one office, one zone, 5 skills: many groupings score the same.
const (
	popCurrent popKind = "current"
	popSkewed  popKind = "skewed"
	popWide    popKind = "wide"
	popTies    popKind = "ties"
)

var popKinds = []popKind{popCurrent, popSkewed, popWide, popTies}

// drawPopulation returns n people of kind k drawn with seed.
func drawPopulation(k popKind, seed int64, n int) []Person {
	r := newRNG(seed, 1000)
	out := make([]Person, n)
	for i := range out {
		p := Person{ID: tandem.UserID(fmt.Sprintf("U%05d", i)), KnownTZ: true}
		var used map[int]bool
		draw := func(pick func() int) []string {
			var list []string
			for k := 1 + r.intn(3); len(list) < k; {
				if s := pick(); !used[s] {
					used[s] = true
					list = append(list, skillName(s))
				}
			}
			return list
		}
		used = map[int]bool{}
		switch k {
		case popCurrent, popSkewed:
			p.Mode = testModes[r.intn(len(testModes))]
			p.Location = testOffices[r.intn(len(testOffices))]
			p.UTCOffset = testOffsets[r.intn(len(testOffsets))]
			if k == popSkewed {
				// Skills 0-4 are the scarce ones; the rest follow Zipf.
				zipfRest := func() int { return 5 + zipfSkill(r)%(testSkills-5) }
				hot := func(percent int) []string {
					if h := r.intn(5); r.intn(100) < percent && !used[h] {
						used[h] = true
						return []string{skillName(h)}
					}
					return nil
				}
				p.Teach = append(hot(5), draw(zipfRest)...)
				p.Learn = append(hot(60), draw(zipfRest)...)
			} else {
				p.Teach = draw(func() int { return zipfSkill(r) })
				p.Learn = draw(func() int { return zipfSkill(r) })
			}
		case popWide:
			p.Mode = testModes[r.intn(len(testModes))]
			if r.intn(5) == 0 {
				p.Mode = ""
			}
			if r.intn(5) > 0 {
				p.Location = fmt.Sprintf("Office %d", r.intn(40))
			}
			p.UTCOffset = -600 + 60*r.intn(26)
			if r.intn(6) == 0 {
				p.UTCOffset += 30
			}
			p.KnownTZ = r.intn(5) > 0
			p.Teach = draw(func() int { return r.intn(400) })
			p.Learn = draw(func() int { return r.intn(400) })
		case popTies:
			p.Location = "Berlin"
			p.UTCOffset = 60
			p.Teach = draw(func() int { return r.intn(5) })
			used = map[int]bool{} // 5 skills leave too few to keep the lists apart
			p.Learn = draw(func() int { return r.intn(5) })
		}
		out[i] = p
	}
	return out
}

// randomHistory returns rounds earlier rounds of random groups of size g
// (with GroupSizes' remainder rule), each group met with probability 0.7.
func randomHistory(seed int64, people []Person, rounds, g int) []tandem.PastGroup {
	r := newRNG(seed, 2000)
	var out []tandem.PastGroup
	ids := make([]tandem.UserID, len(people))
	for i, p := range people {
		ids[i] = p.ID
	}
	for ago := 1; ago <= rounds; ago++ {
		shuffle(r, ids)
		at := 0
		for _, size := range GroupSizes(len(ids), g) {
			m := append([]tandem.UserID(nil), ids[at:at+size]...)
			at += size
			out = append(out, tandem.PastGroup{Members: m, RoundsAgo: ago, Met: r.intn(10) < 7})
		}
	}
	return out
}

// randomAvoid gives about frac of people an avoid list of 1-3 others.
func randomAvoid(seed int64, people []Person, frac float64) {
	r := newRNG(seed, 3000)
	for i := range people {
		if float64(r.intn(1000)) < frac*1000 {
			for range 1 + r.intn(3) {
				people[i].Avoid = append(people[i].Avoid, people[r.intn(len(people))].ID)
			}
		}
	}
}

// instance returns a full Input for tests: population, history, avoid.
func instance(seed int64, n, g, rounds int, avoidFrac float64) Input {
	return instanceOf(popCurrent, seed, n, g, rounds, avoidFrac)
}

// instanceOf is instance for a population of kind k.
func instanceOf(k popKind, seed int64, n, g, rounds int, avoidFrac float64) Input {
	people := drawPopulation(k, seed, n)
	randomAvoid(seed, people, avoidFrac)
	return Input{
		People:       people,
		GroupSize:    g,
		History:      randomHistory(seed, people, rounds, g),
		AvoidRepeats: rounds,
		Seed:         seed,
	}
}

// exhaustiveGroups returns the best objective of a partition of the
// problem's n ≤ 18 people into groups of exactly g (n a multiple of g), by
// dynamic programming over the set of people still to place, and false if
// avoid rules allow none.
func exhaustiveGroups(pr *problem, g int) (int64, bool) {
	return exhaustiveBy(pr, g, func(j int32, chosen []int32) (int64, bool) { return pr.gain(j, chosen, -1) })
}

// exhaustiveScore is exhaustiveGroups for the score people see (repeat
// penalties as they are, not bigM times over).
func exhaustiveScore(pr *problem, g int) (int64, bool) {
	return exhaustiveBy(pr, g, func(j int32, chosen []int32) (int64, bool) {
		var sum int64
		for _, c := range chosen {
			if pr.avoids(j, c) {
				return 0, false
			}
			sum += pr.base(j, c) + int64(pr.repeatOf(j, c).points)
		}
		return sum, true
	})
}

// exhaustiveBy is the dynamic programme of exhaustiveGroups, with gain
// saying what j adds to a group of chosen people, if it may join.
func exhaustiveBy(pr *problem, g int, gain func(j int32, chosen []int32) (int64, bool)) (int64, bool) {
	n := pr.n
	const none = -1 << 62
	best := make([]int64, 1<<n)
	for mask := 1; mask < 1<<n; mask++ {
		best[mask] = none
		if bits.OnesCount(uint(mask))%g != 0 {
			continue
		}
		i := int32(bits.TrailingZeros(uint(mask)))
		rest := mask &^ (1 << i)
		var pick func(from int, chosen []int32, sub int, w int64)
		pick = func(from int, chosen []int32, sub int, w int64) {
			if len(chosen) == g {
				if b := best[rest&^sub]; b != none && b+w > best[mask] {
					best[mask] = b + w
				}
				return
			}
			for j := from; j < n; j++ {
				if rest&(1<<j) == 0 {
					continue
				}
				add, ok := gain(int32(j), chosen)
				if !ok {
					continue
				}
				pick(j+1, append(chosen, int32(j)), sub|1<<j, w+add)
			}
		}
		pick(int(i)+1, []int32{i}, 0, 0)
	}
	return best[1<<n-1], best[1<<n-1] != none
}
