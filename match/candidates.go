package match

// candidates holds, for each of a list of people, up to k eligible partners
// with the highest weights, as positions in that list.
type candidates struct {
	k   int
	cnt []int32
	idx []int32 // person x's candidates are idx[x*k : x*k+cnt[x]]
	w   []int32
}

// of returns x's candidates and their weights, in no particular order.
func (c *candidates) of(x int) ([]int32, []int32) {
	lo := x * c.k
	hi := lo + int(c.cnt[x])
	return c.idx[lo:hi], c.w[lo:hi]
}

// better reports whether candidate (w1, i1) ranks above (w2, i2) for
// person x: higher weight, then by a hash of the pair, so that where many
// weights tie people do not all pick the same few candidates (earliest in
// the seeded order), which would leave the candidate graph without a
// perfect matching.
func better(x int, w1 int32, i1 int32, w2 int32, i2 int32) bool {
	if w1 != w2 {
		return w1 > w2
	}
	if k1, k2 := tieKey(x, i1), tieKey(x, i2); k1 != k2 {
		return k1 < k2
	}
	return i1 < i2 // a strict order, so that the k best do not depend on the order they come in
}

// tieKey spreads the pairs (x, y) over 32 bits.
func tieKey(x int, y int32) uint32 {
	h := uint32(x)*0x9E3779B1 ^ uint32(y)*0x85EBCA77
	h ^= h >> 15
	h *= 0x2C1B3C6D
	return h ^ h>>13
}

// offer is push with its commonest case inlined: a full list whose worst
// candidate weighs more than w refuses y at once.
func (c *candidates) offer(x int, y int32, w int32) {
	if int(c.cnt[x]) == c.k && w < c.w[x*c.k] {
		return
	}
	c.push(x, y, w)
}

// push offers y (with weight w) as a candidate of x. Each person's
// candidates form a heap whose root is the worst of them, so that most
// offers are refused with one comparison.
func (c *candidates) push(x int, y int32, w int32) {
	base := x * c.k
	h, hw := c.idx[base:base+c.k], c.w[base:base+c.k]
	n := int(c.cnt[x])
	if n < c.k {
		// Sift up.
		i := n
		for i > 0 {
			p := (i - 1) / 2
			if !better(x, hw[p], h[p], w, y) {
				break
			}
			h[i], hw[i] = h[p], hw[p]
			i = p
		}
		h[i], hw[i] = y, w
		c.cnt[x]++
		return
	}
	if !better(x, w, y, hw[0], h[0]) {
		return
	}
	// Replace the root and sift down.
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		if r := l + 1; r < n && better(x, hw[l], h[l], hw[r], h[r]) {
			l = r
		}
		if !better(x, w, y, hw[l], h[l]) {
			break
		}
		h[i], hw[i] = h[l], hw[l]
		i = l
	}
	h[i], hw[i] = y, w
}

// candidates returns each person's k best eligible partners among vs. It
// is the scoring pass of large rounds, and it avoids scoring most pairs
// where it can: someone whose skills are rare enough (see indexShare) is
// scored against their skill partners (skillIndex) first, and against
// everyone else only if their k best leave room for a pair that shares no
// skill, which scores at most maxNoSkill. Everyone else is scored against
// everyone, each pair among them once for both. Where people fall into
// few profile types, types are scored instead (types.go). The rows are
// shared among the cores; the result does not depend on how.
func (pr *problem) candidates(vs []int32, k int) *candidates {
	m := len(vs)
	k = max(1, min(k, m-1))
	if t := pr.typesOf(vs); t != nil {
		return t.candidates(pr, vs, k)
	}
	cs := &candidateScan{pr: pr, vs: vs, k: k, ix: pr.newSkillIndex(vs)}
	// order holds the short rows (asking the index), then the long ones.
	for x, i := range vs {
		if cs.ix.reach(&pr.ps[i]) <= m/indexShare {
			cs.order = append(cs.order, int32(x))
		}
	}
	cs.short = len(cs.order)
	for x, i := range vs {
		if cs.ix.reach(&pr.ps[i]) > m/indexShare {
			cs.order = append(cs.order, int32(x))
		}
	}
	cs.ovs = make([]int32, m)
	for r, x := range cs.order {
		cs.ovs[r] = vs[x]
	}
	cs.opos = pr.positions(cs.ovs)
	parts := parallelRows(m, func(next func() (int, int, bool)) *candidates {
		return cs.scan(next)
	})
	c := parts[0]
	for _, o := range parts[1:] {
		for x := range m {
			ys, ws := o.of(x)
			for t, y := range ys {
				c.push(x, y, ws[t])
			}
		}
	}
	c.sortEach()
	return c
}

// maxNoSkill bounds the weight of a pair that shares no skill either way:
// no teaching, at best the same office and a full working day together.
const maxNoSkill = NoExchangePoints + SameOfficePoints + workLen/60

// candidateScan is the shared, read-only state of one candidates pass.
type candidateScan struct {
	pr    *problem
	vs    []int32
	k     int
	ix    *skillIndex
	order []int32 // positions in vs: the short rows first
	short int     // how many of order are short
	ovs   []int32 // vs in that order
	opos  []int32 // problem index -> index in ovs, -1 if absent
}

func newCandidates(m, k int) *candidates {
	return &candidates{k: k, cnt: make([]int32, m), idx: make([]int32, m*k), w: make([]int32, m*k)}
}

// scan scores the rows of order that next hands out into candidates of its
// own.
func (cs *candidateScan) scan(next func() (int, int, bool)) *candidates {
	m := len(cs.vs)
	c := newCandidates(m, cs.k)
	out := make([]int32, m)
	ix := cs.ix.clone() // its marks are per scan
	var part, idx []int32
	var ws []int32
	sc := newRowScorer(cs.pr.n)
	for {
		lo, hi, ok := next()
		if !ok {
			return c
		}
		for r := lo; r < hi; r++ {
			x := int(cs.order[r])
			i := cs.vs[x]
			if r >= cs.short {
				// A long row: the short rows for itself, the long rows
				// after it for both.
				cs.pr.rowRange(i, cs.ovs, cs.opos, 0, cs.short, out)
				cs.pr.rowRange(i, cs.ovs, cs.opos, r+1, m, out)
				for t := range cs.short {
					if w := out[t]; w != ineligible {
						c.offer(x, cs.order[t], w)
					}
				}
				for t := r + 1; t < m; t++ {
					if w := out[t]; w != ineligible {
						y := cs.order[t]
						c.offer(x, y, w)
						c.offer(int(y), int32(x), w)
					}
				}
				continue
			}
			// A short row: its skill partners, then, if there is room,
			// everyone else.
			part = ix.partners(part[:0], &cs.pr.ps[i])
			idx = idx[:0]
			for _, y := range part {
				if int(y) != x {
					idx = append(idx, cs.vs[y])
				}
			}
			ws = sc.score(cs.pr, i, idx, ws)
			t := 0
			for _, y := range part {
				if int(y) == x {
					continue
				}
				if w := ws[t]; w != ineligible {
					c.offer(x, y, w)
				}
				t++
			}
			if c.full(x) && c.worst(x) > maxNoSkill {
				continue
			}
			cs.pr.rowRange(i, cs.ovs, cs.opos, 0, m, out)
			for t, y := range cs.order {
				if w := out[t]; w != ineligible && int(y) != x && !ix.isPartner(y) {
					c.offer(x, y, w)
				}
			}
		}
	}
}

// full reports whether x has k candidates.
func (c *candidates) full(x int) bool { return int(c.cnt[x]) == c.k }

// worst returns the weight of x's worst candidate (the heap's root).
func (c *candidates) worst(x int) int32 { return c.w[x*c.k] }

// sortEach puts every person's candidates worst first, so that what is
// built from them does not depend on the order they were found in. A list
// sorted so is still a heap with the worst at its root, so push still
// works.
func (c *candidates) sortEach() {
	for x := range c.cnt {
		ys, ws := c.of(x)
		for a := 1; a < len(ys); a++ {
			for b := a; b > 0 && better(x, ws[b-1], ys[b-1], ws[b], ys[b]); b-- {
				ys[b], ys[b-1] = ys[b-1], ys[b]
				ws[b], ws[b-1] = ws[b-1], ws[b]
			}
		}
	}
}

// positions returns a table from person to position in vs, -1 if absent.
func (pr *problem) positions(vs []int32) []int32 {
	pos := make([]int32, pr.n)
	for i := range pos {
		pos[i] = -1
	}
	for x, i := range vs {
		pos[i] = int32(x)
	}
	return pos
}

// edges returns the union of everyone's candidate edges, each once, in the
// blossom's input form.
func (c *candidates) edges() []bedge {
	var out []bedge
	for x := range c.cnt {
		ys, ws := c.of(x)
		for t, y := range ys {
			if int(y) > x {
				out = append(out, bedge{int32(x), y, ws[t]})
				continue
			}
			// y < x: add it only if x is not among y's candidates, which
			// added it already.
			mine, _ := c.of(int(y))
			found := false
			for _, z := range mine {
				if int(z) == x {
					found = true
					break
				}
			}
			if !found {
				out = append(out, bedge{y, int32(x), ws[t]})
			}
		}
	}
	return out
}
