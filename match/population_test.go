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

// population returns n people drawn with seed.
func population(seed int64, n int) []Person {
	r := newRNG(seed, 1000)
	out := make([]Person, n)
	for i := range out {
		p := Person{
			ID:        tandem.UserID(fmt.Sprintf("U%05d", i)),
			Mode:      testModes[r.intn(len(testModes))],
			Location:  testOffices[r.intn(len(testOffices))],
			UTCOffset: testOffsets[r.intn(len(testOffsets))],
			KnownTZ:   true,
		}
		var used uint64
		draw := func() []string {
			var list []string
			for k := 1 + r.intn(3); len(list) < k; {
				s := zipfSkill(r)
				if used&(1<<s) == 0 {
					used |= 1 << s
					list = append(list, skillName(s))
				}
			}
			return list
		}
		p.Teach = draw()
		p.Learn = draw()
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
	people := population(seed, n)
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
				add, ok := pr.gain(int32(j), chosen, -1)
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
