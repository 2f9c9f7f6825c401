package match

import (
	"fmt"
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
	bestEdge  []int32   // least-slack edge to an S-blossom or free vertex
	bestEdges [][]int32 // per blossom: least-slack edges to S-blossoms; nil: unknown
	unused    []int32
	dual      []int64
	allow     []bool
	queue     []int32

	// scratch
	bestTo  []int32
	touched []int32
	tmp     []int32
	path    []int32
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
	s.bestEdges = make([][]int32, 2*n)
	s.dual = make([]int64, 2*n)
	s.allow = make([]bool, m)
	s.bestTo = make([]int32, 2*n)
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
		clear(s.allow)
		s.queue = s.queue[:0]
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
						if b := s.inBlossom[v]; s.bestEdge[b] == -1 || kslack < s.slack(s.bestEdge[b]) {
							s.bestEdge[b] = k
						}
					case s.label[w] == 0:
						// Remember the least-slack edge to a free vertex.
						if s.bestEdge[w] == -1 || kslack < s.slack(s.bestEdge[w]) {
							s.bestEdge[w] = k
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
			if s.adjustDuals() {
				break
			}
		}
		if !augmented {
			break
		}
		// End of stage: expand S-blossoms whose dual reached zero.
		for b := n; b < 2*n; b++ {
			if s.parent[b] == -1 && s.base[b] >= 0 && s.label[b] == 1 && s.dual[b] == 0 {
				s.expandBlossom(b, true)
			}
		}
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
	for v := int32(0); v < n; v++ {
		// Type 2: an edge from an S-vertex to a free vertex becomes tight.
		if s.label[s.inBlossom[v]] == 0 && s.bestEdge[v] != -1 {
			if d := s.slack(s.bestEdge[v]); deltaType == -1 || d < delta {
				delta, deltaType, deltaEdge = d, 2, s.bestEdge[v]
			}
		}
	}
	for b := int32(0); b < 2*n; b++ {
		// Type 3: an edge between two S-blossoms becomes tight. Its slack is
		// even because all S-vertices' duals moved together.
		if s.parent[b] == -1 && s.label[b] == 1 && s.bestEdge[b] != -1 {
			if d := s.slack(s.bestEdge[b]) / 2; deltaType == -1 || d < delta {
				delta, deltaType, deltaEdge = d, 3, s.bestEdge[b]
			}
		}
	}
	for b := n; b < 2*n; b++ {
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
	for v := int32(0); v < n; v++ {
		switch s.label[s.inBlossom[v]] {
		case 1:
			s.dual[v] -= delta
		case 2:
			s.dual[v] += delta
		}
	}
	for b := n; b < 2*n; b++ {
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
