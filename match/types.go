package match

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// Profile types. Where a round has few distinct profiles (few skills, one
// office, one zone: the near-ties rounds), many people score alike against
// everyone: a pair's base score depends only on the two people's skills,
// mode, office and zone, their type. The candidate pass then scores each
// pair of types once instead of each pair of people, and walks a person's
// types from the best: only the types down to the weight at which the
// person has k candidates are offered, the pairs that history or avoid
// rules change (the exceptions) one by one. The result is the same as
// scoring every pair (TestCandidatesEqualFullScan).

// typeShare: the type pass is used when there are at most one type per
// typeShare people, and at most maxTypes types (their weights are a
// types × types table).
const (
	typeShare = 8
	maxTypes  = 2048
)

// profileTypes is the people vs grouped by type.
type profileTypes struct {
	of      []int32   // position in vs -> type
	members [][]int32 // type -> positions in vs, ascending
	w       []int32   // types × types base weights
	order   [][]int32 // type -> every type, by falling weight with it
}

// typesOf groups vs by type, or returns nil where they are too many for
// the type pass to pay.
func (pr *problem) typesOf(vs []int32) *profileTypes {
	m := len(vs)
	limit := min(maxTypes, m/typeShare)
	if limit < 2 {
		return nil
	}
	t := &profileTypes{of: make([]int32, m)}
	index := map[string]int32{}
	var key strings.Builder
	for x, i := range vs {
		key.Reset()
		p := &pr.ps[i]
		for _, v := range []uint64{p.teachMask, p.learnMask, p.teachHash, p.learnHash,
			uint64(uint32(p.office)), uint64(uint32(p.offset)), uint64(uint32(p.zone)), uint64(p.mode)} {
			key.WriteString(strconv.FormatUint(v, 36))
			key.WriteByte(',')
		}
		for _, list := range [][]int32{p.teachRare, p.learnRare} {
			for _, s := range list {
				key.WriteString(strconv.Itoa(int(s)))
				key.WriteByte(' ')
			}
			key.WriteByte(';')
		}
		ty, ok := index[key.String()]
		if !ok {
			if len(t.members) == limit {
				return nil
			}
			ty = int32(len(t.members))
			index[key.String()] = ty
			t.members = append(t.members, nil)
		}
		t.of[x] = ty
		t.members[ty] = append(t.members[ty], int32(x))
	}
	nt := len(t.members)
	t.w = make([]int32, nt*nt)
	t.order = make([][]int32, nt)
	for a := range nt {
		i := vs[t.members[a][0]]
		row := t.w[a*nt : (a+1)*nt]
		for b := range nt {
			row[b] = int32(pr.base(i, vs[t.members[b][0]]))
		}
		o := make([]int32, nt)
		for b := range o {
			o[b] = int32(b)
		}
		slices.SortStableFunc(o, func(x, y int32) int { return cmp.Compare(row[y], row[x]) })
		t.order[a] = o
	}
	return t
}

// candidates is the candidate pass over types: each person's k best
// eligible partners among vs, as pr.candidates finds them.
func (t *profileTypes) candidates(pr *problem, vs []int32, k int) *candidates {
	m := len(vs)
	c := newCandidates(m, k)
	pos := pr.positions(vs)
	nt := len(t.members)
	// Each row offers only into its own list: the cores share c.
	parallelRows(m, func(next func() (int, int, bool)) struct{} {
		mark := make([]int32, m) // row+1 where a position is an exception of row x
		for lo, hi, ok := next(); ok; lo, hi, ok = next() {
			for x := lo; x < hi; x++ {
				i := vs[x]
				stamp := int32(x + 1)
				mark[x] = stamp
				for _, j := range pr.avd[i] {
					if y := pos[j]; y >= 0 {
						mark[y] = stamp
					}
				}
				for _, r := range pr.hist[i] {
					if y := pos[r.other]; y >= 0 {
						mark[y] = stamp
					}
				}
				tx := t.of[x]
				row := t.w[int(tx)*nt : int(tx+1)*nt]
				count, level, found := 0, int32(0), false
				for _, ty := range t.order[tx] {
					w := row[ty]
					if found && w < level {
						break
					}
					for _, y := range t.members[ty] {
						if mark[y] != stamp {
							c.offer(x, y, w)
							count++
						}
					}
					if !found && count >= k {
						level, found = w, true
					}
				}
				// The repeats, scored as rowRange scores them; avoided
				// pairs and x itself are not candidates.
				for _, r := range pr.hist[i] {
					y := pos[r.other]
					if y < 0 || int(y) == x || pr.avoids(i, r.other) {
						continue
					}
					c.offer(x, y, row[t.of[y]]+r.units()*int32(pr.bigM))
				}
			}
		}
		return struct{}{}
	})
	c.sortEach()
	return c
}
