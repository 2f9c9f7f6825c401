package match

import (
	"fmt"
	"math"
	"slices"
)

// Edge is an undirected, weighted edge between vertices U and V.
type Edge struct {
	U, V   int
	Weight int64
}

// MaxEdgeWeight bounds the absolute weight of an edge given to
// MaxWeightMatching, so that no sum of duals can overflow.
const MaxEdgeWeight = 1 << 30

// MaxWeightMatching returns a maximum-weight matching of the graph with
// vertices 0..n-1 and the given edges: mate[v] is v's partner, or -1. With
// maxCardinality it returns, among the matchings with the most edges, one
// of maximum weight; negative edges are then used when that matches more
// vertices. Without it negative edges are never used.
//
// It is Edmonds' blossom algorithm with Galil's O(n³) primal-dual
// structure, after Joris van Rantwijk's reference implementation
// (mwmatching.py): exact for integer weights. Ties fall by edge and vertex
// order. It returns an error, and no matching, for a vertex out of range,
// an edge from a vertex to itself, or a weight beyond MaxEdgeWeight.
// Parallel edges are allowed.
func MaxWeightMatching(n int, edges []Edge, maxCardinality bool) ([]int, error) {
	if n < 0 || n > 1<<29 || len(edges) > 1<<29 {
		return nil, fmt.Errorf("match: max weight matching: graph of %d vertices and %d edges is out of range", n, len(edges))
	}
	es := make([]bedge, len(edges))
	for k, e := range edges {
		switch {
		case e.U < 0 || e.U >= n || e.V < 0 || e.V >= n:
			return nil, fmt.Errorf("match: max weight matching: edge %d (%d-%d) has a vertex outside 0..%d", k, e.U, e.V, n-1)
		case e.U == e.V:
			return nil, fmt.Errorf("match: max weight matching: edge %d is a loop on vertex %d", k, e.U)
		case e.Weight > MaxEdgeWeight || e.Weight < -MaxEdgeWeight:
			return nil, fmt.Errorf("match: max weight matching: edge %d weighs %d, beyond ±%d", k, e.Weight, int64(MaxEdgeWeight))
		}
		es[k] = bedge{int32(e.U), int32(e.V), int32(e.Weight)}
	}
	m := blossomMatching(int32(n), es, maxCardinality)
	out := make([]int, n)
	for v, w := range m {
		out[v] = int(w)
	}
	return out, nil
}

// bedge is an edge in the solver's compact form.
type bedge struct {
	u, v int32
	w    int32
}

// blossomSolver holds the state of one run. The names follow
// mwmatching.py. Vertices are 0..n-1, blossoms n..2n-1; an edge k has the
// endpoints 2k (its u) and 2k+1 (its v), so p^1 is the other end of p.
type blossomSolver struct {
	n        int32
	maxCard  bool
	edges    []bedge
	endpoint []int32
	nbStart  []int32 // neighbour endpoints of v: nbEnd[nbStart[v]:nbStart[v+1]]
	nbEnd    []int32
	nbTo     []int32 // endpoint[nbEnd[x]], kept beside it for the hot loop
	nbW2     []int64 // twice the weight of edge nbEnd[x]/2

	mate      []int32 // per vertex: the remote endpoint of its matched edge, or -1
	label     []int8  // per vertex and blossom: 0 free, 1 S, 2 T (5: breadcrumb)
	labelEnd  []int32 // the endpoint through which the label was reached
	inBlossom []int32 // per vertex: its top-level blossom
	parent    []int32 // per vertex and blossom: the blossom that contains it
	childs    [][]int32
	base      []int32
	endps     [][]int32
	bestEdge  []int32 // least-slack edge to an S-blossom or free vertex
	// bestKey[w], for a free vertex w, is the slack of bestEdge[w] plus
	// deltaSum minus w's dual, which no dual change of the stage alters:
	// the edge's S end loses every delta, and whatever w's dual does
	// cancels out. It saves computing that slack again at every compare.
	bestKey   []int64
	deltaSum  int64     // the sum of this stage's dual changes
	bestEdges [][]int32 // per blossom: least-slack edges to S-blossoms; nil: unknown
	// unknownBest marks S-blossoms whose bestEdge and bestEdges are yet to
	// be found (findBestEdges).
	unknownBest []bool
	// reachedV and reachedB list, each once, the vertices and blossoms
	// labelled in this stage, and freeBest the free vertices given a
	// bestEdge: a dual change looks only at them, not at every vertex and
	// blossom, which matters when the stage's trees are small. listed
	// holds, per vertex and blossom, the stage that listed it in reachedV
	// or reachedB, listedFree per vertex the stage that listed it in
	// freeBest.
	// scratch of augmentTight
	tightSeen  []int32 // per vertex: the last search that reached it
	tightStamp int32
	tightStack []tightOuter

	reachedV, reachedB, freeBest []int32
	listed, listedFree           []int32
	stage                        int32
	unused                       []int32
	dual                         []int64
	allow                        []bool
	queue                        []int32
	// zeroT holds blossoms labelled T with a zero dual in this stage, to be
	// expanded without a pass over the graph (see expandZeroT); some may no
	// longer be.
	zeroT []int32

	// scratch
	bestTo      []int32
	bestToSlack []int64 // the slack of bestTo, while addBlossom fills it
	touched     []int32
	tmp         []int32
	path        []int32
}

// blossomMatching solves a valid graph; mate[v] is a vertex or -1.
func blossomMatching(n int32, edges []bedge, maxCard bool) []int32 {
	mate := make([]int32, n)
	for i := range mate {
		mate[i] = -1
	}
	if len(edges) == 0 {
		return mate
	}
	s := newBlossomSolver(n, edges, maxCard)
	s.solve()
	for v := range mate {
		if s.mate[v] >= 0 {
			mate[v] = s.endpoint[s.mate[v]]
		}
	}
	return mate
}

func newBlossomSolver(n int32, edges []bedge, maxCard bool) *blossomSolver {
	s := &blossomSolver{n: n, maxCard: maxCard, edges: edges}
	m := int32(len(edges))
	s.endpoint = make([]int32, 2*m)
	s.nbStart = make([]int32, n+1)
	var maxW int64
	for k, e := range edges {
		s.endpoint[2*k], s.endpoint[2*k+1] = e.u, e.v
		s.nbStart[e.u+1]++
		s.nbStart[e.v+1]++
		maxW = max(maxW, int64(e.w))
	}
	for v := int32(0); v < n; v++ {
		s.nbStart[v+1] += s.nbStart[v]
	}
	s.nbEnd = make([]int32, 2*m)
	s.nbTo = make([]int32, 2*m)
	s.nbW2 = make([]int64, 2*m)
	fill := slices.Clone(s.nbStart[:n])
	for k, e := range edges {
		x := fill[e.u]
		s.nbEnd[x], s.nbTo[x], s.nbW2[x] = int32(2*k+1), e.v, 2*int64(e.w)
		fill[e.u]++
		x = fill[e.v]
		s.nbEnd[x], s.nbTo[x], s.nbW2[x] = int32(2*k), e.u, 2*int64(e.w)
		fill[e.v]++
	}
	s.mate = make([]int32, n)
	s.label = make([]int8, 2*n)
	s.labelEnd = make([]int32, 2*n)
	s.inBlossom = make([]int32, n)
	s.parent = make([]int32, 2*n)
	s.childs = make([][]int32, 2*n)
	s.base = make([]int32, 2*n)
	s.endps = make([][]int32, 2*n)
	s.bestEdge = make([]int32, 2*n)
	s.bestKey = make([]int64, n)
	s.listed = make([]int32, 2*n)
	s.listedFree = make([]int32, n)
	s.bestEdges = make([][]int32, 2*n)
	s.unknownBest = make([]bool, 2*n)
	s.dual = make([]int64, 2*n)
	s.allow = make([]bool, m)
	s.bestTo = make([]int32, 2*n)
	s.bestToSlack = make([]int64, 2*n)
	for v := int32(0); v < 2*n; v++ {
		s.labelEnd[v], s.parent[v], s.bestEdge[v], s.bestTo[v] = -1, -1, -1, -1
		if v < n {
			s.mate[v], s.inBlossom[v], s.base[v] = -1, v, v
			s.dual[v] = maxW
		} else {
			s.base[v] = -1
		}
	}
	for b := n; b < 2*n; b++ {
		s.unused = append(s.unused, b) // popped from the end, as in mwmatching.py
	}
	return s
}

// greedyStart replaces the initial duals with those of a greedy matching,
// as Blossom V starts: each vertex's dual is first its heaviest edge, then
// matchTight lowers and matches. The duals stay feasible, so solve still
// finds the optimum, in far fewer stages. Only for maxCard, where duals may
// become negative: the result is optimal if it is perfect (see perfect).
func (s *blossomSolver) greedyStart() {
	n := s.n
	for v := range n {
		var y int64
		for x := s.nbStart[v]; x < s.nbStart[v+1]; x++ {
			y = max(y, s.nbW2[x]/2)
		}
		s.dual[v] = y
	}
	s.matchTight()
	s.evenFree()
}

// warmStart replaces the initial duals with dual (in the solver's doubled
// units: an edge's slack is dual[u] + dual[v] - 2w), which must leave no
// edge with negative slack, and matches each pair partner[v] = u that an
// edge joins tightly under them; matchTight then matches more. Like
// greedyStart, only for maxCard.
func (s *blossomSolver) warmStart(dual []int64, partner []int32) {
	copy(s.dual[:s.n], dual)
	for v := range s.n {
		u := partner[v]
		if u <= v || s.mate[v] != -1 || s.mate[u] != -1 {
			continue
		}
		if x := s.tightTo(v, u); x >= 0 {
			s.matchEdge(x)
		}
	}
	s.matchTight()
	s.evenFree()
}

// matchTight shrinks the work left to solve, keeping the duals feasible
// and every matched edge tight (no blossoms exist yet). Each stage of solve
// augments once, and a stage costs a pass over the graph, so every vertex
// matched here saves about half a stage. Vertex by vertex, a free vertex's
// dual is lowered until one of its edges is tight, and a tight edge to a
// free vertex is matched. Then each free vertex looks for a short
// alternating path of tight edges to another (augmentTight), which the
// first pass cannot see.
func (s *blossomSolver) matchTight() {
	for v := range s.n {
		if s.mate[v] != -1 || s.nbStart[v] == s.nbStart[v+1] {
			continue
		}
		d := int64(math.MaxInt64)
		for x := s.nbStart[v]; x < s.nbStart[v+1]; x++ {
			d = min(d, s.dual[v]+s.dual[s.nbTo[x]]-s.nbW2[x])
		}
		s.dual[v] -= d
		for x := s.nbStart[v]; x < s.nbStart[v+1]; x++ {
			if u := s.nbTo[x]; s.mate[u] == -1 && s.dual[v]+s.dual[u] == s.nbW2[x] {
				s.matchEdge(x)
				break
			}
		}
	}
	if s.tightSeen == nil {
		s.tightSeen = make([]int32, s.n)
	}
	for v := range s.n {
		if s.mate[v] == -1 {
			s.augmentTight(v)
		}
	}
}

// maxTightVisit bounds the matched pairs one augmentTight search visits,
// so that the warm start stays linear; solve finds the paths it misses.
const maxTightVisit = 64

// augmentTight looks, depth first, for an alternating path of tight edges
// from the free vertex v to another free vertex, through at most
// maxTightVisit matched pairs, and swaps it, matching both ends. Only
// simple paths count: a path that would close an odd cycle, which needs a
// blossom, is left to solve.
func (s *blossomSolver) augmentTight(v int32) bool {
	s.tightStamp++
	s.tightSeen[v] = s.tightStamp
	// The stack is the path from v: outer vertices, each the mate of a
	// vertex reached from the one below it.
	stack := append(s.tightStack[:0], tightOuter{v: v, slot: -1, next: s.nbStart[v]})
	visited := 0
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		a := top.v
		if top.next == s.nbStart[a+1] {
			stack = stack[:len(stack)-1]
			continue
		}
		x := top.next
		top.next++
		u := s.nbTo[x]
		if s.tightSeen[u] == s.tightStamp || s.dual[a]+s.dual[u] != s.nbW2[x] {
			continue
		}
		s.tightSeen[u] = s.tightStamp
		if s.mate[u] == -1 {
			// Swap the path: each outer vertex takes the edge that left it.
			s.matchEdge(x)
			for i := len(stack) - 1; i > 0; i-- {
				s.matchEdge(stack[i].slot)
			}
			s.tightStack = stack
			return true
		}
		if visited == maxTightVisit {
			continue
		}
		visited++
		u2 := s.endpoint[s.mate[u]]
		s.tightSeen[u2] = s.tightStamp
		stack = append(stack, tightOuter{v: u2, slot: x, next: s.nbStart[u2]})
	}
	s.tightStack = stack
	return false
}

// tightOuter is an outer vertex of augmentTight's search: v, reached
// through the edge in slot (from the outer vertex below it on the stack to
// v's mate), with next the first of v's slots not yet looked at.
type tightOuter struct {
	v, slot, next int32
}

// tightTo returns the neighbour slot of an edge joining v and u tightly, or
// -1.
func (s *blossomSolver) tightTo(v, u int32) int32 {
	for x := s.nbStart[v]; x < s.nbStart[v+1]; x++ {
		if s.nbTo[x] == u && s.dual[v]+s.dual[u] == s.nbW2[x] {
			return x
		}
	}
	return -1
}

// matchEdge matches the edge in neighbour slot x (of either end), whose
// ends' mates, if any, are the caller's to have undone.
func (s *blossomSolver) matchEdge(x int32) {
	p := s.nbEnd[x] // the far end's endpoint
	v, u := s.endpoint[p^1], s.endpoint[p]
	s.mate[v], s.mate[u] = p, p^1
}

// evenFree raises the odd duals of free vertices by one, which keeps them
// feasible. The algorithm halves the slack of an edge between two
// S-vertices (a delta of type 3), so those slacks must be even: every
// vertex in a tree has the parity of the roots, the free vertices, as it
// joined by a tight edge and moves by the same deltas. The textbook start
// gives every vertex the same dual; a warm start must make the roots agree.
func (s *blossomSolver) evenFree() {
	for v := range s.n {
		if s.mate[v] == -1 && s.dual[v]%2 != 0 {
			s.dual[v]++
		}
	}
}

// perfect reports whether every vertex with an edge is matched.
func (s *blossomSolver) perfect() bool {
	for v := range s.n {
		if s.mate[v] == -1 && s.nbStart[v] < s.nbStart[v+1] {
			return false
		}
	}
	return true
}

// partners returns each vertex's partner, or -1.
func (s *blossomSolver) partners() []int32 {
	out := make([]int32, s.n)
	for v := range out {
		out[v] = -1
		if s.mate[v] >= 0 {
			out[v] = s.endpoint[s.mate[v]]
		}
	}
	return out
}

// dualBound2 returns the dual objective, twice the LP bound: the sum of
// the vertex duals plus, for each blossom B, its dual times |B|-1. If the
// duals are feasible for a graph (no edge of negative slack, counting the
// blossoms that hold both its ends), no perfect matching of that graph
// weighs more than half of it: an edge's weight is at most half its ends'
// duals plus the duals of the blossoms around it, and a matching has at
// most (|B|-1)/2 edges inside B.
func (s *blossomSolver) dualBound2() int64 {
	var t int64
	for v := range s.n {
		t += s.dual[v]
	}
	for b := s.n; b < 2*s.n; b++ {
		if s.base[b] >= 0 && s.dual[b] != 0 {
			s.tmp = s.appendLeaves(s.tmp[:0], b)
			t += s.dual[b] * int64(len(s.tmp)-1)
		}
	}
	return t
}

// blossomSums answers commonBlossomDual for many pairs that share one end,
// as the pricing loop asks: cum[b] is the sum of the duals of b and the
// blossoms around it, and for the current row the nodes met on the way up
// remember the answer, so that a row costs at most one visit per blossom.
type blossomSums struct {
	s     *blossomSolver
	cum   []int64
	stamp []int32
	memo  []int64
	now   int32
	path  []int32
}

func (s *blossomSolver) newBlossomSums() *blossomSums {
	bs := &blossomSums{s: s, cum: make([]int64, 2*s.n), stamp: make([]int32, 2*s.n), memo: make([]int64, 2*s.n)}
	var fill func(b int32) int64
	done := make([]bool, 2*s.n)
	fill = func(b int32) int64 {
		if b == -1 {
			return 0
		}
		if !done[b] {
			bs.cum[b] = s.dual[b] + fill(s.parent[b])
			done[b] = true
		}
		return bs.cum[b]
	}
	for b := s.n; b < 2*s.n; b++ {
		if s.base[b] >= 0 {
			fill(b)
		}
	}
	return bs
}

// fork returns sums that share the table of bs but answer rows of their
// own, for another goroutine.
func (bs *blossomSums) fork() *blossomSums {
	return &blossomSums{s: bs.s, cum: bs.cum, stamp: make([]int32, len(bs.stamp)), memo: make([]int64, len(bs.memo))}
}

// row makes x the shared end of the next queries.
func (bs *blossomSums) row(x int32) {
	bs.now++
	for b := bs.s.parent[x]; b != -1; b = bs.s.parent[b] {
		bs.stamp[b], bs.memo[b] = bs.now, bs.cum[b]
	}
}

// holds reports whether a blossom with a positive dual holds x.
func (bs *blossomSums) holds(x int32) bool {
	b := bs.s.parent[x]
	return b != -1 && bs.cum[b] > 0
}

// common returns the sum of the duals of the blossoms holding both the
// row's vertex and z.
func (bs *blossomSums) common(z int32) int64 {
	bs.path = bs.path[:0]
	var v int64
	for b := bs.s.parent[z]; b != -1; b = bs.s.parent[b] {
		if bs.stamp[b] == bs.now {
			v = bs.memo[b]
			break
		}
		bs.path = append(bs.path, b)
	}
	for _, b := range bs.path {
		bs.stamp[b], bs.memo[b] = bs.now, v
	}
	return v
}

// flatDuals returns vertex duals without blossoms: each vertex's dual plus
// those of the blossoms around it. They are feasible wherever the duals
// with blossoms are, so they can warm-start a solver on more edges.
func (s *blossomSolver) flatDuals() []int64 {
	out := make([]int64, s.n)
	for v := range s.n {
		y := s.dual[v]
		for b := s.parent[v]; b != -1; b = s.parent[b] {
			y += s.dual[b]
		}
		out[v] = y
	}
	return out
}

func (s *blossomSolver) slack(k int32) int64 {
	e := &s.edges[k]
	return s.dual[e.u] + s.dual[e.v] - 2*int64(e.w)
}

// appendLeaves appends the vertices of blossom b to out.
func (s *blossomSolver) appendLeaves(out []int32, b int32) []int32 {
	if b < s.n {
		return append(out, b)
	}
	for _, t := range s.childs[b] {
		if t < s.n {
			out = append(out, t)
		} else {
			out = s.appendLeaves(out, t)
		}
	}
	return out
}

// at indexes a blossom's cyclic child or endpoint list with j in (-len, len).
func at(list []int32, j int) int32 {
	if j < 0 {
		j += len(list)
	}
	return list[j]
}

// solve runs stages until no augmenting path improves the matching. Each
// stage grows alternating trees from the free vertices, adjusting duals,
// until it augments once.
func (s *blossomSolver) solve() {
	n := s.n
	for range n {
		clear(s.label)
		for i := range s.bestEdge {
			s.bestEdge[i] = -1
		}
		for b := n; b < 2*n; b++ {
			s.bestEdges[b] = nil
		}
		clear(s.unknownBest)
		clear(s.allow)
		s.queue = s.queue[:0]
		s.deltaSum = 0
		s.stage++
		s.reachedV, s.reachedB, s.freeBest = s.reachedV[:0], s.reachedB[:0], s.freeBest[:0]
		s.zeroT = s.zeroT[:0]
		for v := int32(0); v < n; v++ {
			if s.mate[v] == -1 && s.label[s.inBlossom[v]] == 0 {
				s.assignLabel(v, 1, -1)
			}
		}
		augmented := false
		for {
			for len(s.queue) > 0 && !augmented {
				v := s.queue[len(s.queue)-1]
				s.queue = s.queue[:len(s.queue)-1]
				for x := s.nbStart[v]; x < s.nbStart[v+1]; x++ {
					p, w := s.nbEnd[x], s.nbTo[x]
					k := p / 2
					if s.inBlossom[v] == s.inBlossom[w] {
						continue // an edge inside a blossom
					}
					var kslack int64
					if !s.allow[k] {
						kslack = s.dual[v] + s.dual[w] - s.nbW2[x]
						if kslack <= 0 {
							s.allow[k] = true
						}
					}
					switch bw := s.inBlossom[w]; {
					case s.allow[k] && s.label[bw] == 0:
						// w is free: label it T, its mate S.
						s.assignLabel(w, 2, p^1)
					case s.allow[k] && s.label[bw] == 1:
						// Two S-vertices: a new blossom or an augmenting path.
						if base := s.scanBlossom(v, w); base >= 0 {
							s.addBlossom(base, k)
						} else {
							s.augmentMatching(k)
							augmented = true
						}
					case s.allow[k]:
						if s.label[w] == 0 {
							// w is inside a T-blossom but not yet reached.
							s.label[w] = 2
							s.labelEnd[w] = p ^ 1
						}
					case s.label[bw] == 1:
						// Remember the least-slack edge to another S-blossom.
						if b := s.inBlossom[v]; !s.unknownBest[b] && (s.bestEdge[b] == -1 || kslack < s.slack(s.bestEdge[b])) {
							s.bestEdge[b] = k
						}
					case s.label[w] == 0:
						// Remember the least-slack edge to a free vertex.
						if key := kslack + s.deltaSum - s.dual[w]; s.bestEdge[w] == -1 || key < s.bestKey[w] {
							s.bestEdge[w], s.bestKey[w] = k, key
							if s.listedFree[w] != s.stage {
								s.listedFree[w] = s.stage
								s.freeBest = append(s.freeBest, w)
							}
						}
					}
					if augmented {
						break
					}
				}
			}
			if augmented {
				break
			}
			if s.expandZeroT() {
				continue
			}
			if s.adjustDuals() {
				break
			}
		}
		if !augmented {
			break
		}
		// Blossoms stay as they are for the next stage, also S-blossoms
		// whose dual is zero, which mwmatching.py expands here. Keeping
		// them is sound: a zero dual adds nothing to any slack, and a
		// blossom that turns T with it is expanded at once (expandZeroT).
		// On near-ties most blossoms keep a zero dual, and expanding them
		// meant building the same deep nest again in every stage, at a cost
		// of its size per level.
	}
}

// expandZeroT expands a top-level T-blossom whose dual is zero, if
// zeroT holds one, and reports whether it did. It is the step that
// adjustDuals would take with a delta of zero, without its pass over every
// vertex and blossom, which matters where many blossoms keep a zero dual
// from stage to stage.
func (s *blossomSolver) expandZeroT() bool {
	for len(s.zeroT) > 0 {
		b := s.zeroT[len(s.zeroT)-1]
		s.zeroT = s.zeroT[:len(s.zeroT)-1]
		if s.base[b] >= 0 && s.parent[b] == -1 && s.label[b] == 2 && s.dual[b] == 0 {
			s.expandBlossom(b, false)
			return true
		}
	}
	return false
}

// reach lists v, a vertex, and b, its top-level blossom, as labelled in
// this stage (see reachedV).
func (s *blossomSolver) reach(v int32) {
	if s.listed[v] != s.stage {
		s.listed[v] = s.stage
		s.reachedV = append(s.reachedV, v)
	}
}

// reachBlossom lists the blossom b (not a vertex) as labelled in this
// stage; its vertices are listed by reach.
func (s *blossomSolver) reachBlossom(b int32) {
	if b >= s.n && s.listed[b] != s.stage {
		s.listed[b] = s.stage
		s.reachedB = append(s.reachedB, b)
	}
}

// noteT records that blossom b was labelled T, for expandZeroT.
func (s *blossomSolver) noteT(b int32) {
	if b >= s.n && s.dual[b] == 0 {
		s.zeroT = append(s.zeroT, b)
	}
}

// adjustDuals makes the smallest dual change that allows progress and
// reports whether the stage is over (no augmenting path remains).
func (s *blossomSolver) adjustDuals() bool {
	n := s.n
	deltaType := -1
	var delta int64
	var deltaEdge, deltaBlossom int32 = -1, -1
	if !s.maxCard {
		// Type 1: a free vertex's dual reaches zero.
		deltaType = 1
		delta = slices.Min(s.dual[:n])
	}
	for _, v := range s.freeBest {
		// Type 2: an edge from an S-vertex to a free vertex becomes tight.
		if s.label[s.inBlossom[v]] == 0 && s.bestEdge[v] != -1 {
			if d := s.bestKey[v] - s.deltaSum + s.dual[v]; deltaType == -1 || d < delta {
				delta, deltaType, deltaEdge = d, 2, s.bestEdge[v]
			}
		}
	}
	// Type 3: an edge between two S-blossoms becomes tight. Its slack is
	// even because all S-vertices' duals moved together.
	type3 := func(b int32) {
		if s.parent[b] != -1 || s.label[b] != 1 {
			return
		}
		if s.unknownBest[b] {
			s.findBestEdges(b)
		}
		if s.bestEdge[b] != -1 {
			if d := s.slack(s.bestEdge[b]) / 2; deltaType == -1 || d < delta {
				delta, deltaType, deltaEdge = d, 3, s.bestEdge[b]
			}
		}
	}
	for _, v := range s.reachedV {
		type3(v)
	}
	for _, b := range s.reachedB {
		if s.base[b] >= 0 {
			type3(b)
		}
	}
	for _, b := range s.reachedB {
		// Type 4: a T-blossom's dual reaches zero, so it can be expanded.
		if s.base[b] >= 0 && s.parent[b] == -1 && s.label[b] == 2 && (deltaType == -1 || s.dual[b] < delta) {
			delta, deltaType, deltaBlossom = s.dual[b], 4, b
		}
	}
	if deltaType == -1 {
		// Maximum cardinality reached: nothing more can be matched. A last
		// update keeps the duals verifiable.
		deltaType = 1
		delta = max(0, slices.Min(s.dual[:n]))
	}
	s.deltaSum += delta
	for _, v := range s.reachedV {
		switch s.label[s.inBlossom[v]] {
		case 1:
			s.dual[v] -= delta
		case 2:
			s.dual[v] += delta
		}
	}
	for _, b := range s.reachedB {
		if s.base[b] >= 0 && s.parent[b] == -1 {
			switch s.label[b] {
			case 1:
				s.dual[b] += delta
			case 2:
				s.dual[b] -= delta
			}
		}
	}
	switch deltaType {
	case 1:
		return true
	case 2:
		s.allow[deltaEdge] = true
		i, j := s.edges[deltaEdge].u, s.edges[deltaEdge].v
		if s.label[s.inBlossom[i]] == 0 {
			i = j
		}
		s.queue = append(s.queue, i)
	case 3:
		s.allow[deltaEdge] = true
		s.queue = append(s.queue, s.edges[deltaEdge].u)
	case 4:
		s.expandBlossom(deltaBlossom, false)
	}
	return false
}
