package match

import (
	"cmp"
	"slices"
)

// The pair matcher: an exact maximum-weight perfect matching on the
// complete graph of eligible pairs, found without handing that graph to
// the blossom. It solves the blossom on each person's best candidates,
// then prices every other pair with the duals (column generation): a pair
// whose weight exceeds what its ends' duals allow is added, and the
// blossom runs again from the previous duals, until no pair is left. The
// final duals are then feasible for every eligible pair, which proves the
// matching optimal on the complete graph (see blossomSolver.dualBound2).

// pairCandidates is how many best partners per person seed the pricing
// loop: enough that it rarely needs more than one more round.
const pairCandidates = 10

// completeLimit is the largest number of people matched on the complete
// graph directly, where scoring every pair into the solver costs less than
// pricing.
const completeLimit = 150

// indexShare sets when a pricing row asks the skill index: when its
// skills' lists hold at most 1/indexShare of the people. Above, the index
// costs more than the pairs it leaves out.
const indexShare = 4

// maxPricingRounds bounds the pricing loop; each round scores every pair
// once. It is far more than the 1 to 3 rounds the benchmarks need.
const maxPricingRounds = 12

// perRowAdded caps the violated pairs one person adds per pricing round:
// the most violated ones, enough to fix their dual. On near-ties the first
// round finds hundreds of violated pairs per person, and each added pair
// raises a dual and frees a matched pair for the re-solve: 4 costs a
// round more than 8 there but less in all (n=20,000: 10 s instead of 11 s).
const perRowAdded = 4

// pairMatching is the result of matchPerfect.
type pairMatching struct {
	mate []int32 // position in vs -> position of the partner, or -1
	// bound2 is twice an upper bound on the objective of any matching of
	// vs that leaves at most one person single (the odd one, for an odd
	// count), over every eligible pair; valid when proven.
	bound2 int64
	proven bool
	// y are the solver's vertex duals (doubled), feasible for every
	// eligible pair together with the blossom duals, for positions 0..m-1;
	// ydummy is the dummy vertex's for an odd count. blossom gives the sum
	// of the blossom duals around two positions.
	y       []int64
	ydummy  int64
	blossom func(x, y int32) int64
	// flat are blossom-free duals for positions 0..m-1, feasible for edges,
	// to warm-start a re-solve.
	flat  []int64
	posOf map[int32]int32 // problem index -> position, built on demand
	// top1 and top2 are each position's two heaviest eligible weights, or
	// ineligible.
	top1, top2 []int32
	weight     int64 // objective of the matching
	edges      []bedge
}

// matchPerfect pairs up the people vs: as many pairs as possible and among
// those the heaviest, proven optimal over every eligible pair when the
// result says so. With an odd count one person stays single; their
// partner in the solver is a dummy vertex joined to everyone by weight 0.
func (pr *problem) matchPerfect(vs []int32) pairMatching {
	m := len(vs)
	res := pairMatching{mate: make([]int32, m)}
	for i := range res.mate {
		res.mate[i] = -1
	}
	if m < 2 {
		return res
	}
	odd := m%2 == 1
	nv := int32(m)
	if odd {
		nv++
	}
	complete := m <= completeLimit
	var edges []bedge
	var c *candidates
	if complete {
		edges = pr.completeEdges(vs)
	} else {
		c = pr.candidates(vs, pairCandidates)
		edges = pr.backbone(vs, c.edges())
	}
	res.top1, res.top2 = make([]int32, m), make([]int32, m)
	for x := range m {
		res.top1[x], res.top2[x] = ineligible, ineligible
	}
	if complete {
		for _, e := range edges {
			res.addTop(e.u, e.w)
			res.addTop(e.v, e.w)
		}
	} else {
		for x := range m {
			_, ws := c.of(x)
			for _, w := range ws {
				res.addTop(int32(x), w)
			}
		}
	}
	if odd {
		for x := range int32(m) {
			edges = append(edges, bedge{x, nv - 1, 0})
		}
	}

	s := newBlossomSolver(nv, edges, true)
	s.greedyStart()
	s.solve()
	proven := s.perfect()
	if !proven {
		// Avoid rules leave no perfect matching: the warm start's duals
		// prove nothing then, so solve again from the textbook start,
		// which still gives a maximum-cardinality, maximum-weight
		// matching of these edges.
		s = newBlossomSolver(nv, edges, true)
		s.solve()
	}
	var cl *priceClasses
	var prevY []int64         // duals at the last pricing round
	var wasInBlossom []bool   // whether a blossom with a dual held a person then
	var dep [][2]int32        // pairs to check again in the next round
	rescan := make([]bool, m) // whether a person's row is scanned this round
	for round := 0; proven && !complete; round++ {
		if round == maxPricingRounds {
			proven = false
			break
		}
		// Price every pair: a pair can only be violated if twice an upper
		// bound on its weight exceeds the sum of their duals, which lets
		// each row skip most people (see priceClasses).
		y := s.dual
		if cl == nil {
			cl = pr.newPriceClasses(vs)
		}
		cl.sortBy(y)
		added := newCandidates(m, perRowAdded)
		// After the first round only some rows can hold a new violation:
		// a pair whose plain slack (without blossoms) was not negative
		// stays so while neither dual falls, so the rows to scan again
		// are those of people whose dual fell and, since a pair could
		// have needed a blossom's dual, of people who were inside a
		// blossom with a positive dual (blossoms of dual zero, which the
		// solver keeps, cover nothing). The violated pairs not added
		// (perRowAdded) are checked again too.
		for x := range m {
			rescan[x] = prevY == nil || y[x] < prevY[x] || wasInBlossom[x]
		}
		sums := s.newBlossomSums()
		violated, nextDep := pr.priceRound(vs, cl, s, sums, res.top1, rescan, dep, added)
		dep = nextDep
		prevY = append(prevY[:0], y[:m]...)
		if wasInBlossom == nil {
			wasInBlossom = make([]bool, m)
		}
		for x := range int32(m) {
			wasInBlossom[x] = sums.holds(x)
		}
		if violated == 0 {
			break
		}
		added.sortEach()
		for x := range m {
			zs, _ := added.of(x)
			for _, z := range zs {
				w, _ := pr.weight(vs[x], vs[z])
				edges = append(edges, bedge{int32(x), z, int32(w)})
			}
		}
		// Warm start from the previous duals, flattened and raised where a
		// new edge needs it; pairs still tight stay matched.
		flat := s.flatDuals()
		mate := s.partners()
		for _, e := range edges[len(edges)-countAdded(added):] {
			if d := 2*int64(e.w) - flat[e.u] - flat[e.v]; d > 0 {
				flat[e.u] += (d + 1) / 2
				flat[e.v] += d / 2
			}
		}
		s = newBlossomSolver(nv, edges, true)
		s.warmStart(flat, mate)
		s.solve()
		if !s.perfect() {
			s = newBlossomSolver(nv, edges, true)
			s.solve()
			proven = false
		}
	}
	mate := s.partners()
	for x := range m {
		if z := mate[x]; z >= 0 && z < int32(m) {
			res.mate[x] = z
			if int32(x) < z {
				w, _ := pr.weight(vs[x], vs[z])
				res.weight += w
			}
		}
	}
	res.proven = proven
	res.edges = edges
	if proven {
		res.bound2 = s.dualBound2()
		res.y = s.dual[:m]
		sums, last := s.newBlossomSums(), int32(-1)
		res.blossom = func(x, z int32) int64 {
			if x != last {
				sums.row(x)
				last = x
			}
			return sums.common(z)
		}
		res.flat = s.flatDuals()[:m]
		if odd {
			res.ydummy = s.dual[m]
		}
	}
	return res
}

// priceRound checks, against the duals of s (sums their blossoms), the
// pairs of the rows marked in rescan, on every core, and the pairs of dep
// whose rows are not. Each row's most violated pairs go to added. It
// returns how many pairs are violated, and which, to be checked again in
// the next round.
func (pr *problem) priceRound(vs []int32, cl *priceClasses, s *blossomSolver, sums *blossomSums, top1 []int32, rescan []bool, dep [][2]int32, added *candidates) (int, [][2]int32) {
	y := s.dual
	type found struct {
		violated int
		pairs    [][2]int32
	}
	// check looks at the pair (x, z), whose row x is that of sums; only
	// x's candidates in added change, so rows can be checked side by side.
	check := func(f *found, sums *blossomSums, x, z int32, w int32) {
		sl := y[x] + y[z] - 2*int64(w)
		if sl >= 0 {
			return
		}
		if sl += 2 * sums.common(z); sl >= 0 {
			return
		}
		f.violated++
		f.pairs = append(f.pairs, [2]int32{x, z})
		// Rank by how much the pair is violated: the candidate heap
		// keeps the highest "weight", here -slack.
		added.push(int(x), z, int32(min(-sl, 1<<31-1)))
	}
	parts := parallelRows(len(vs), func(next func() (int, int, bool)) found {
		var f found
		row := cl.newRow(pr.n)
		bs := sums.fork()
		for {
			lo, hi, ok := next()
			if !ok {
				return f
			}
			for x := int32(lo); x < int32(hi); x++ {
				if !rescan[x] {
					continue
				}
				bs.row(x)
				zs, ws := row.of(pr, vs, x, y, top1[x], rescan)
				for r, z := range zs {
					if w := ws[r]; w != ineligible {
						check(&f, bs, x, z, w)
					}
				}
			}
		}
	})
	var f found
	for _, p := range parts {
		f.violated += p.violated
		f.pairs = append(f.pairs, p.pairs...)
	}
	for _, d := range dep {
		if x, z := d[0], d[1]; !rescan[x] && !rescan[z] {
			sums.row(x)
			w, _ := pr.weight(vs[x], vs[z])
			check(&f, sums, x, z, int32(w))
		}
	}
	return f.violated, f.pairs
}

// backbone adds to edges a seeded random path through vs and a random
// pairing of it, where the pairs are eligible: however the candidates
// cluster, the graph then has a perfect matching whenever avoid rules
// leave one, and the pricing loop needs no cold start.
func (pr *problem) backbone(vs []int32, edges []bedge) []bedge {
	order := make([]int32, len(vs))
	for x := range order {
		order[x] = int32(x)
	}
	shuffle(newRNG(pr.in.Seed, streamBackbone), order)
	add := func(a, b int32) {
		if w, ok := pr.weight(vs[a], vs[b]); ok {
			edges = append(edges, bedge{a, b, int32(w)})
		}
	}
	for i := 0; i+1 < len(order); i++ {
		add(order[i], order[i+1])
	}
	for i := 0; i+3 < len(order); i += 2 {
		add(order[i], order[i+3])
	}
	return edges
}

// countAdded returns how many edges added holds.
func countAdded(c *candidates) int {
	n := 0
	for _, k := range c.cnt {
		n += int(k)
	}
	return n
}

// addTop records w as one of x's weights in top1, top2.
func (r *pairMatching) addTop(x int32, w int32) {
	switch {
	case w > r.top1[x]:
		r.top1[x], r.top2[x] = w, r.top1[x]
	case w > r.top2[x]:
		r.top2[x] = w
	}
}

// completeEdges returns every eligible pair among vs.
func (pr *problem) completeEdges(vs []int32) []bedge {
	pos := pr.positions(vs)
	out := make([]int32, len(vs))
	var edges []bedge
	for x, i := range vs {
		pr.rowFrom(i, vs, pos, x+1, out)
		for y := x + 1; y < len(vs); y++ {
			if out[y] != ineligible {
				edges = append(edges, bedge{int32(x), int32(y), out[y]})
			}
		}
	}
	return edges
}

// priceClasses groups people by what bounds a pair's weight before it is
// scored: mode and zone fix the hours term and bound the meeting term, and
// each person's skill counts bound the teaching terms. Within a class
// people are sorted by dual, so a row finds the partners that could be
// violated with one binary search per class. Where there are few places
// (zone and mode), classes are split by the teaching bound too, so that a
// row bounds each class by its own: on near-ties most pairs are left out
// so. Where a person's skills are
// rare enough, the skill index gives their skill partners, and everyone
// else is bounded with no teaching at all (NoExchangePoints), which leaves
// most of them out.
type priceClasses struct {
	// types, where people fall into few profile types (types.go), are the
	// classes: a class pair's bound is then their exact base weight, and
	// only the pairs that history or avoid rules change are scored.
	types   *profileTypes
	pos     []int32 // problem index -> position, with types
	skills  *skillIndex
	cls     []int32   // position -> class
	members [][]int32 // class -> positions, by dual
	ys      [][]int64 // class -> the duals of members
	bound   []int32   // place*np + place -> meeting and hours bound
	teach   []int32   // position -> bound on the teaching terms
	maxT    []int32   // class -> the largest teach of its members
	np      int       // places
	nt      int       // teaching bounds each place is split by: class = place*nt + t
}

// maxPriceClasses bounds the classes a row looks at one by one.
const maxPriceClasses = 300

// placeBound returns the meeting and hours bound between classes ka, kb.
func (c *priceClasses) placeBound(ka, kb int) int32 {
	return c.bound[(ka/c.nt)*c.np+kb/c.nt]
}

// priceRow is the scratch space of one goroutine's pricing rows.
type priceRow struct {
	c       *priceClasses
	mark    []int32     // with types: x+1 at the positions of x's exceptions
	skills  *skillIndex // the classes' index, with marks of its own
	part    []int32     // the row's skill partners
	zs, idx []int32
	ws      []int32
	scorer  *rowScorer
}

// newRow returns scratch space for rows over n people.
func (c *priceClasses) newRow(n int) *priceRow {
	if c.types != nil {
		return &priceRow{c: c, mark: make([]int32, len(c.cls))}
	}
	return &priceRow{c: c, skills: c.skills.clone(), scorer: newRowScorer(n)}
}

func (pr *problem) newPriceClasses(vs []int32) *priceClasses {
	if t := pr.typesOf(vs); t != nil {
		c := &priceClasses{types: t, pos: pr.positions(vs), cls: t.of,
			members: make([][]int32, len(t.members)), ys: make([][]int64, len(t.members))}
		for k, ms := range t.members {
			c.members[k] = slices.Clone(ms)
		}
		return c
	}
	zones := pr.zones
	if pr.zonePts == nil {
		zones = 0 // hours are then bounded by a full overlap
	}
	np := (zones + 1) * 3
	placeOf := func(p *person) int {
		z := 0
		if zones > 0 && p.zone >= 0 {
			z = int(p.zone) + 1
		}
		return z*3 + int(p.mode)
	}
	teach := make([]int32, len(vs))
	for x, i := range vs {
		p := &pr.ps[i]
		nt, nl := min(len(p.teach), TeachCap), min(len(p.learn), TeachCap)
		t := int32(TeachPoints * (nt + nl))
		switch {
		case nt > 0 && nl > 0:
			t += TandemPoints
		case nt == 0 && nl == 0:
			t += NoExchangePoints
		}
		teach[x] = t
	}
	ts := slices.Compact(slices.Sorted(slices.Values(teach)))
	nt := len(ts)
	if np*nt > maxPriceClasses {
		nt = 1
	}
	nc := np * nt
	c := &priceClasses{np: np, nt: nt, cls: make([]int32, len(vs)), teach: teach,
		members: make([][]int32, nc), ys: make([][]int64, nc), maxT: make([]int32, nc),
		skills: pr.newSkillIndex(vs)}
	for k := range c.maxT {
		c.maxT[k] = -1 << 30
	}
	for x, i := range vs {
		k := placeOf(&pr.ps[i]) * nt
		if nt > 1 {
			t, _ := slices.BinarySearch(ts, teach[x])
			k += t
		}
		c.cls[x] = int32(k)
		c.members[k] = append(c.members[k], int32(x))
		c.maxT[k] = max(c.maxT[k], teach[x])
	}
	// The meeting term's best case over offices, for each pair of modes.
	var meet [3][3]int32
	for a := range mode(3) {
		for b := range mode(3) {
			best := int32(-1 << 30)
			for _, oa := range []int32{-1, 0} {
				for _, ob := range []int32{-1, 0, 1} {
					pa, pb := person{mode: a, office: oa}, person{mode: b, office: ob}
					best = max(best, meetingPoints(meetingOf(&pa, &pb)))
				}
			}
			meet[a][b] = best
		}
	}
	c.bound = make([]int32, np*np)
	for ka := range np {
		for kb := range np {
			za, zb := ka/3-1, kb/3-1
			h := int32(0)
			switch {
			case zones == 0:
				h = workLen / 60
			case za >= 0 && zb >= 0:
				h = int32(pr.zonePts[za*pr.zones+zb])
			}
			c.bound[ka*np+kb] = meet[ka%3][kb%3] + h
		}
	}
	return c
}

// sortBy orders each class's members by the duals y.
func (c *priceClasses) sortBy(y []int64) {
	for k, ms := range c.members {
		slices.SortFunc(ms, func(a, b int32) int { return cmp.Or(cmp.Compare(y[a], y[b]), cmp.Compare(a, b)) })
		c.ys[k] = c.ys[k][:0]
		for _, x := range ms {
			c.ys[k] = append(c.ys[k], y[x])
		}
	}
}

// of returns the positions whose pair with x could be violated under the
// duals y, and the pairs' weights (ineligible for pairs that may not be
// grouped). top1 is x's heaviest weight. It leaves out x itself and the
// people before x whose rows are scanned too (rescan), which hold the pair
// already, before scoring them.
func (r *priceRow) of(pr *problem, vs []int32, x int32, y []int64, top1 int32, rescan []bool) ([]int32, []int32) {
	c := r.c
	r.zs, r.idx = r.zs[:0], r.idx[:0]
	if c.types != nil {
		return r.ofTypes(pr, vs, x, y, top1, rescan)
	}
	ka := int(c.cls[x])
	p := &pr.ps[vs[x]]
	skip := func(z int32) bool { return z == x || z < x && rescan[z] }
	// A pair can be violated only if twice a bound on its weight exceeds
	// the sum of the duals.
	add := func(z int32) {
		r.zs = append(r.zs, z)
		r.idx = append(r.idx, vs[z])
	}
	indexed := r.skills.reach(p) <= len(c.cls)/indexShare
	if indexed {
		r.part = r.skills.partners(r.part[:0], p)
		for _, z := range r.part {
			b := min(int64(top1), int64(min(c.teach[x], c.teach[z])+c.placeBound(ka, int(c.cls[z]))))
			if !skip(z) && y[z] < 2*b-y[x] {
				add(z)
			}
		}
	}
	for kb, ys := range c.ys {
		if len(ys) == 0 {
			continue
		}
		t := min(c.teach[x], c.maxT[kb])
		if indexed {
			t = NoExchangePoints // the skill partners are done
		}
		b := min(int64(top1), int64(t+c.placeBound(ka, kb)))
		n, _ := slices.BinarySearch(ys, 2*b-y[x])
		for _, z := range c.members[kb][:n] {
			if !skip(z) && !(indexed && r.skills.isPartner(z)) {
				add(z)
			}
		}
	}
	r.ws = r.scorer.score(pr, vs[x], r.idx, r.ws)
	return r.zs, r.ws
}

// ofTypes is of where the classes are profile types: each type's bound is
// the exact base weight of x's type with it, which is each member's weight
// but for x's exceptions (history and avoid rules), which are scored.
func (r *priceRow) ofTypes(pr *problem, vs []int32, x int32, y []int64, top1 int32, rescan []bool) ([]int32, []int32) {
	c, t := r.c, r.c.types
	i, stamp := vs[x], x+1
	for _, j := range pr.avd[i] {
		if z := c.pos[j]; z >= 0 {
			r.mark[z] = stamp
		}
	}
	for _, h := range pr.hist[i] {
		if z := c.pos[h.other]; z >= 0 {
			r.mark[z] = stamp
		}
	}
	nt := len(t.members)
	row := t.w[int(t.of[x])*nt : int(t.of[x]+1)*nt]
	r.ws = r.ws[:0]
	for kb, ys := range c.ys {
		w := row[kb]
		b := min(int64(top1), int64(w))
		n, _ := slices.BinarySearch(ys, 2*b-y[x])
		for _, z := range c.members[kb][:n] {
			if z == x || z < x && rescan[z] {
				continue
			}
			wz := w
			if r.mark[z] == stamp {
				wz = ineligible
				if v, ok := pr.weight(i, vs[z]); ok {
					wz = int32(v)
				}
			}
			r.zs = append(r.zs, z)
			r.ws = append(r.ws, wz)
		}
	}
	return r.zs, r.ws
}
