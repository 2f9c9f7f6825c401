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
	return w1 > w2 || (w1 == w2 && tieKey(x, i1) < tieKey(x, i2))
}

// tieKey spreads the pairs (x, y) over 32 bits.
func tieKey(x int, y int32) uint32 {
	h := uint32(x)*0x9E3779B1 ^ uint32(y)*0x85EBCA77
	h ^= h >> 15
	h *= 0x2C1B3C6D
	return h ^ h>>13
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
// scores each of the len(vs)²/2 pairs once, the bulk of the work for large
// rounds.
func (pr *problem) candidates(vs []int32, k int) *candidates {
	m := len(vs)
	k = max(1, min(k, m-1))
	c := &candidates{k: k, cnt: make([]int32, m), idx: make([]int32, m*k), w: make([]int32, m*k)}
	pos := pr.positions(vs)
	out := make([]int32, m)
	for x, i := range vs {
		pr.rowFrom(i, vs, pos, x+1, out)
		for y := x + 1; y < m; y++ {
			if w := out[y]; w != ineligible {
				c.push(x, int32(y), w)
				c.push(y, int32(x), w)
			}
		}
	}
	return c
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
