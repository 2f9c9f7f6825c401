package match

import (
	"cmp"
	"slices"

	"github.com/tandem-dev/tandem"
)

// maxPastGroup is the largest earlier group that counts for repeats: no
// round forms bigger ones, and a corrupt record of thousands would
// otherwise cost millions of pairs.
const maxPastGroup = 2 * tandem.MaxGroupSize

// buildHistory records, for each pair that shared a group within the
// window, the costliest such group: one that met before one that did not,
// then the most recent.
func (pr *problem) buildHistory(index map[tandem.UserID]int32) {
	in := pr.in
	pr.hist = make([][]repeat, pr.n)
	seen := map[uint64]repeat{}
	var members []int32
	for _, g := range in.History {
		if g.RoundsAgo < 1 || g.RoundsAgo > in.AvoidRepeats || len(g.Members) > maxPastGroup {
			continue
		}
		members = members[:0]
		for _, id := range g.Members {
			if i, ok := index[id]; ok {
				members = append(members, i)
			}
		}
		slices.Sort(members)
		members = slices.Compact(members)
		r := repeat{points: RepeatUnmetPoints, roundsAgo: int32(g.RoundsAgo), met: g.Met}
		if g.Met {
			r.points = RepeatMetPoints
		}
		for x, a := range members {
			for _, b := range members[x+1:] {
				key := uint64(a)<<32 | uint64(b)
				old, ok := seen[key]
				if !ok || r.points < old.points || (r.points == old.points && r.roundsAgo < old.roundsAgo) {
					seen[key] = r
				}
			}
		}
	}
	for key, r := range seen {
		a, b := int32(key>>32), int32(key&0xffffffff)
		r.other = b
		pr.hist[a] = append(pr.hist[a], r)
		r.other = a
		pr.hist[b] = append(pr.hist[b], r)
	}
	pr.histSig = make([]uint64, pr.n)
	for i := range pr.hist {
		slices.SortFunc(pr.hist[i], func(x, y repeat) int { return cmp.Compare(x.other, y.other) })
		for _, r := range pr.hist[i] {
			pr.histSig[i] |= 1 << (r.other & 63)
		}
	}
}

// units returns the repeat's cost in repeat units (0 for none).
func (r repeat) units() int32 { return r.points / repeatUnit }

// repeatOf returns the repeat of the pair (i, j); its points are 0 if none.
func (pr *problem) repeatOf(i, j int32) repeat {
	if pr.histSig[i]&(1<<(j&63)) == 0 {
		return repeat{}
	}
	for _, r := range pr.hist[i] {
		if r.other >= j {
			if r.other == j {
				return r
			}
			break
		}
	}
	return repeat{}
}
