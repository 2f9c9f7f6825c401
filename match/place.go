package match

import "slices"

// gain returns what adding x to g adds to the objective, and false if x
// may not join g (an avoid rule). skip, if not -1, is a member to leave
// out of the count, as if it had left g.
func (pr *problem) gain(x int32, g []int32, skip int32) (int64, bool) {
	var s int64
	for _, m := range g {
		if m == skip {
			continue
		}
		w, ok := pr.weight(x, m)
		if !ok {
			return 0, false
		}
		s += w
	}
	return s, true
}

// placeAll places the extra people in groups of 2..hi: each joins a group
// with room, or one where a member can move elsewhere to make room
// (placeExtras); those left form groups of their own where they may; who is
// still alone takes as partner a member of a group of 3 or more, the one
// whose leaving costs least. It returns who none of these steps places.
func (pr *problem) placeAll(groups [][]int32, extras []int32, hi int) ([][]int32, []int32) {
	groups, left := pr.placeExtras(groups, extras, hi)
	if len(left) == 0 {
		return groups, nil
	}
	// Leftovers group among themselves, largest cliques first.
	var rest []int32
	used := make([]bool, len(left))
	for i, x := range left {
		if used[i] {
			continue
		}
		g := []int32{x}
		for j := i + 1; j < len(left) && len(g) < hi; j++ {
			if used[j] {
				continue
			}
			if _, ok := pr.gain(left[j], g, -1); ok {
				g = append(g, left[j])
				used[j] = true
			}
		}
		used[i] = true
		if len(g) >= 2 {
			groups = append(groups, g)
		} else {
			rest = append(rest, x)
		}
	}
	// Who is still alone takes a partner from a group that can spare one
	// (it keeps at least 2, and lo unless it had more), the one it costs
	// least.
	var unplaced []int32
	for _, x := range rest {
		type take struct {
			g, a  int
			delta int64
		}
		best := take{g: -1}
		for gi, g := range groups {
			if len(g) <= 2 {
				continue
			}
			for ai, a := range g {
				w, ok := pr.weight(x, a)
				if !ok {
					continue
				}
				ga, _ := pr.gain(a, g, a)
				if d := w - ga; best.g < 0 || d > best.delta {
					best = take{gi, ai, d}
				}
			}
		}
		if best.g < 0 {
			unplaced = append(unplaced, x)
			continue
		}
		g := groups[best.g]
		a := g[best.a]
		groups[best.g] = slices.Delete(g, best.a, best.a+1)
		groups = append(groups, []int32{a, x})
	}
	return groups, unplaced
}

// placeExtras adds each extra person to the group with room (fewer than
// maxSize members) that gains most from them, as the odd person of a round
// of pairs joins the pair that gains most. If no group with room may take
// them, it makes room: a member of some group moves to another group with
// room, and the extra person takes their place, choosing the best such
// exchange. Who still cannot be placed is returned.
func (pr *problem) placeExtras(groups [][]int32, extras []int32, maxSize int) ([][]int32, []int32) {
	var unplaced []int32
	for _, x := range extras {
		if gi := pr.bestGroup(groups, x, maxSize, -1); gi >= 0 {
			groups[gi] = append(groups[gi], x)
			continue
		}
		if !pr.makeRoom(groups, x, maxSize) {
			unplaced = append(unplaced, x)
		}
	}
	return groups, unplaced
}

// bestGroup returns the index of the group with room that gains most from
// x, other than group not, or -1.
func (pr *problem) bestGroup(groups [][]int32, x int32, maxSize, not int) int {
	best, bestGain := -1, int64(0)
	for gi, g := range groups {
		if gi == not || len(g) >= maxSize {
			continue
		}
		if s, ok := pr.gain(x, g, -1); ok && (best < 0 || s > bestGain) {
			best, bestGain = gi, s
		}
	}
	return best
}

// makeRoom places x by moving one member a of some group G to another
// group H with room and putting x in a's place, if any such exchange
// exists; it picks the one that gains most.
func (pr *problem) makeRoom(groups [][]int32, x int32, maxSize int) bool {
	type move struct {
		g, a, h int
		delta   int64
	}
	best := move{g: -1}
	for gi, g := range groups {
		for ai, a := range g {
			gx, ok := pr.gain(x, g, a)
			if !ok {
				continue
			}
			ga, _ := pr.gain(a, g, a)
			hi := pr.bestGroup(groups, a, maxSize, gi)
			if hi < 0 {
				continue
			}
			gh, _ := pr.gain(a, groups[hi], -1)
			if d := gx - ga + gh; best.g < 0 || d > best.delta {
				best = move{gi, ai, hi, d}
			}
		}
	}
	if best.g < 0 {
		return false
	}
	a := groups[best.g][best.a]
	groups[best.g][best.a] = x
	groups[best.h] = append(groups[best.h], a)
	return true
}
