package match

import (
	"fmt"
	"math/bits"
	"slices"
	"testing"
)

// Brute-force references for small rounds, by dynamic programming over
// the set of people still to place.

const noValue = -1 << 62

// bruteGroupings returns the best objective of a partition of all n ≤ 16
// people into groups whose sizes, as a multiset, are sizes (each group
// pairwise eligible), and false if none exists. The lowest person left
// always starts the next group, so each partition is counted once.
func bruteGroupings(pr *problem, sizes []int) (int64, bool) {
	n := pr.n
	count := map[int]int{}
	for _, s := range sizes {
		count[s]++
	}
	var kinds []int
	for s := range count {
		kinds = append(kinds, s)
	}
	// State: the set placed so far and how many groups of each size are
	// used, packed as a small number (at most 8 sizes, counts ≤ 16).
	type key struct {
		mask int
		used uint64
	}
	memo := map[key]int64{}
	var solve func(mask int, used uint64) int64
	solve = func(mask int, used uint64) int64 {
		if mask == 1<<n-1 {
			return 0
		}
		k := key{mask, used}
		if v, ok := memo[k]; ok {
			return v
		}
		best := int64(noValue)
		i := int32(bits.TrailingZeros(uint(^mask)))
		for ki, s := range kinds {
			if int(used>>(4*ki)&15) == count[s] {
				continue
			}
			var pick func(from int32, chosen []int32, sub int, w int64)
			pick = func(from int32, chosen []int32, sub int, w int64) {
				if len(chosen) == s {
					if r := solve(mask|sub, used+1<<(4*ki)); r != noValue && r+w > best {
						best = r + w
					}
					return
				}
				for j := from; j < int32(n); j++ {
					if mask&(1<<j) != 0 {
						continue
					}
					add, ok := pr.gain(j, chosen, -1)
					if !ok {
						continue
					}
					pick(j+1, append(chosen, j), sub|1<<j, w+add)
				}
			}
			pick(i+1, []int32{i}, 1<<i, 0)
		}
		memo[k] = best
		return best
	}
	v := solve(0, 0)
	return v, v != noValue
}

// brutePlaced returns the most people of n ≤ 16 that groups of 2..hi
// (each pairwise eligible) can place, and for each person whether some
// grouping placing that many places them.
func brutePlaced(pr *problem, hi int) (int, []bool) {
	n := pr.n
	full := 1 << n
	// clique[sub] says whether sub is a group of 2..hi eligible people.
	clique := make([]bool, full)
	for sub := 1; sub < full; sub++ {
		c := bits.OnesCount(uint(sub))
		if c < 2 || c > hi {
			continue
		}
		ok := true
		for a := 0; a < n && ok; a++ {
			for b := a + 1; b < n && ok; b++ {
				if sub&(1<<a) != 0 && sub&(1<<b) != 0 && pr.avoids(int32(a), int32(b)) {
					ok = false
				}
			}
		}
		clique[sub] = ok
	}
	// most[mask] is the most people groups within mask can place; covers
	// [mask] the union of people placed by some best packing of mask.
	most := make([]int, full)
	covers := make([]int, full)
	for mask := 1; mask < full; mask++ {
		i := bits.TrailingZeros(uint(mask))
		rest := mask &^ (1 << i)
		most[mask], covers[mask] = most[rest], covers[rest] // i unplaced
		for sub := rest; ; sub = (sub - 1) & rest {
			g := sub | 1<<i
			if clique[g] {
				v := most[mask&^g] + bits.OnesCount(uint(g))
				switch {
				case v > most[mask]:
					most[mask], covers[mask] = v, covers[mask&^g]|g
				case v == most[mask]:
					covers[mask] |= covers[mask&^g] | g
				}
			}
			if sub == 0 {
				break
			}
		}
	}
	out := make([]bool, n)
	for i := range out {
		out[i] = covers[full-1]&(1<<i) != 0
	}
	return most[full-1], out
}

// An odd count in pairs: every round of 3 to 15 people is the best
// grouping of pairs plus one trio (brute force over all of them), with
// history and avoid rules, and its bound proves it.
func TestOddPairsOptimal(t *testing.T) {
	t.Parallel()
	checked := 0
	for n := 3; n <= 15; n += 2 {
		for seed := range int64(12) {
			k := popKinds[int(seed)%len(popKinds)]
			in := instanceOf(k, seed*31+int64(n), n, 2, int(seed%4)*2, []float64{0, 0.1, 0.3}[seed%3])
			pr, _ := newProblem(&in)
			res, err := Round(in)
			if err != nil {
				t.Fatal(err)
			}
			checkResult(t, in, res)
			sizes := GroupSizes(n, 2)
			want, ok := bruteGroupings(pr, sizes)
			if !ok {
				continue // avoid rules allow no such grouping
			}
			checked++
			got := pr.totalWeight(indexGroups(pr, res))
			if len(res.LeftOut) > 0 || got != want {
				t.Errorf("%s n=%d seed %d: objective %d with %d left out, brute force %d", k, n, seed, got, len(res.LeftOut), want)
			}
			if res.Bound < res.Score {
				t.Errorf("%s n=%d seed %d: bound %d below score %d", k, n, seed, res.Bound, res.Score)
			}
			if res.Gap() != 0 {
				t.Errorf("%s n=%d seed %d: optimal but gap %v (score %d, bound %d, %s)", k, n, seed, res.Gap(), res.Score, res.Bound, res.Proof)
			}
		}
	}
	t.Logf("%d rounds checked", checked)
	if checked < 60 {
		t.Errorf("only %d rounds had a grouping to compare with", checked)
	}
}

// Nobody is left out whom some grouping with group sizes 2 to the largest
// places, and every reason given for leaving someone out is true.
func TestLeftOutOnlyWhenNoGroupingPlacesThem(t *testing.T) {
	t.Parallel()
	r := newRNG(77, 77)
	for i := range 300 {
		n := 2 + r.intn(11)
		g := 2 + r.intn(7)
		in := instanceOf(popKinds[i%4], int64(i), n, g, r.intn(3), []float64{0.2, 0.4, 0.7}[i%3])
		t.Run(fmt.Sprintf("i=%d,n=%d,g=%d", i, n, g), func(t *testing.T) {
			pr, _ := newProblem(&in)
			res, err := Round(in)
			if err != nil {
				t.Fatal(err)
			}
			checkResult(t, in, res)
			hi := 3
			if g > 2 {
				hi = max(hi, GroupSizes(n, g)[0])
			}
			most, _ := brutePlaced(pr, hi)
			if placed := n - len(res.LeftOut); placed < most {
				t.Errorf("%d placed, but a grouping places %d; left out: %+v", placed, most, res.LeftOut)
			}
			index := map[string]int32{}
			for x, id := range pr.ids {
				index[string(id)] = int32(x)
			}
			for _, lo := range res.LeftOut {
				x := index[string(lo.User)]
				partners := 0
				own := true // their own list rules out everyone
				for y := range int32(n) {
					if y == x {
						continue
					}
					if !pr.avoids(x, y) {
						partners++
					}
					if !slices.Contains(in.People[pr.src[x]].Avoid, pr.ids[y]) {
						own = false
					}
				}
				switch lo.Code {
				case Alone:
					if n != 1 {
						t.Errorf("%s: alone among %d", lo.User, n)
					}
				case OwnAvoidList:
					if !own || partners > 0 {
						t.Errorf("%s: own avoid list, but %d partners (own %v)", lo.User, partners, own)
					}
				case Avoided:
					if own || partners > 0 {
						t.Errorf("%s: avoided, but %d partners (own %v)", lo.User, partners, own)
					}
				case NoRoom:
					if partners == 0 {
						t.Errorf("%s: no room, but they have no possible partner at all", lo.User)
					}
					// Placing them as well would take a grouping of
					// more people than the most that can be placed.
				}
			}
		})
	}
}

// repeatFreeExists reports whether some grouping of pr's people into
// groups of the given sizes repeats no pair of the window and breaks no
// avoid rule: exactly (brute force) up to 14 people, else by an
// independent search (minConflicts), which may miss one.
func repeatFreeExists(pr *problem, sizes []int, seed int64) bool {
	strict := *pr
	strict.dense = nil
	strict.avd = make([][]int32, pr.n)
	for i := range int32(pr.n) {
		strict.avd[i] = slices.Clone(pr.avd[i])
		for _, r := range pr.hist[i] {
			strict.avd[i] = append(strict.avd[i], r.other)
		}
		slices.Sort(strict.avd[i])
		strict.avd[i] = slices.Compact(strict.avd[i])
	}
	if pr.n <= 14 {
		_, ok := bruteGroupings(&strict, sizes)
		return ok
	}
	return minConflicts(&strict, sizes, seed)
}

// minConflicts looks for a partition into the given sizes with no pair
// that strict.avoids, by min-conflicts swaps with random restarts: a
// person in most conflicts trades places with whoever lowers the count
// most (ties at random, recent movers barred for a few steps). It shares
// no code with the matcher's repeat phase but the problem's lookups.
func minConflicts(strict *problem, sizes []int, seed int64) bool {
	n := strict.n
	r := newRNG(seed, 9090)
	perm := make([]int32, n)
	group := make([]int, n)
	members := make([][]int32, len(sizes))
	conf := func(p int32, g int, skip int32) int {
		c := 0
		for _, q := range members[g] {
			if q != p && q != skip && strict.avoids(p, q) {
				c++
			}
		}
		return c
	}
	for restart := 0; restart < 12; restart++ {
		for i := range perm {
			perm[i] = int32(i)
		}
		shuffle(r, perm)
		at := 0
		for gi, s := range sizes {
			members[gi] = slices.Clone(perm[at : at+s])
			for _, p := range perm[at : at+s] {
				group[p] = gi
			}
			at += s
		}
		tabu := make([]int, n)
		for step := 1; step <= 1500; step++ {
			total := 0
			var worst []int32
			most := 0
			for p := range int32(n) {
				c := conf(p, group[p], -1)
				total += c
				if tabu[p] >= step || c == 0 {
					continue
				}
				if c > most {
					most, worst = c, []int32{p}
				} else if c == most {
					worst = append(worst, p)
				}
			}
			if total == 0 {
				return true
			}
			if len(worst) == 0 {
				continue
			}
			p := worst[r.intn(len(worst))]
			bestD, choice := 1<<30, []int32(nil)
			for q := range int32(n) {
				if group[q] == group[p] {
					continue
				}
				d := conf(p, group[q], q) + conf(q, group[p], p) - conf(p, group[p], -1) - conf(q, group[q], -1)
				if d < bestD {
					bestD, choice = d, []int32{q}
				} else if d == bestD {
					choice = append(choice, q)
				}
			}
			q := choice[r.intn(len(choice))]
			gp, gq := group[p], group[q]
			members[gp][slices.Index(members[gp], p)] = q
			members[gq][slices.Index(members[gq], q)] = p
			group[p], group[q] = gq, gp
			tabu[p], tabu[q] = step+3, step+3
		}
	}
	return false
}

// Over ten consecutive rounds, each with the earlier ones as history, no
// round repeats a pair from the window when a grouping of the same sizes
// avoids it, for every group size: checked by brute force up to 14 people
// and by an independent search up to 80.
func TestNoAvoidableRepeatsOverTenRounds(t *testing.T) {
	t.Parallel()
	for g := 2; g <= 8; g++ {
		for _, n := range []int{9, 14, 40, 80} {
			if n < g {
				continue
			}
			t.Run(fmt.Sprintf("g=%d,n=%d", g, n), func(t *testing.T) {
				t.Parallel()
				in := instanceOf(popKinds[(g+n)%4], int64(g*100+n), n, g, 0, 0)
				in.AvoidRepeats = 6
				if g >= 5 {
					in.AvoidRepeats = 3
				}
				avoidable := 0
				for round := 1; round <= 10; round++ {
					in.Seed = int64(round)
					res, err := Round(in)
					if err != nil {
						t.Fatal(err)
					}
					pr, _ := newProblem(&in)
					got := indexGroups(pr, res)
					if countRepeats(pr, got) > 0 {
						var sizes []int
						for _, gr := range got {
							sizes = append(sizes, len(gr))
						}
						if repeatFreeExists(pr, sizes, int64(round)) {
							t.Errorf("round %d: %d repeated pairs, but a grouping of sizes %v repeats none", round, countRepeats(pr, got), sizes)
						}
					} else {
						avoidable++
					}
					for i := range in.History {
						in.History[i].RoundsAgo++
					}
					in.History = append(in.History, pastGroups(res, 1, round%3 != 0)...)
				}
				t.Logf("%d of 10 rounds without repeats", avoidable)
			})
		}
	}
}
