package match

import "slices"

// The steps of a stage of the blossom algorithm: labelling, finding and
// shrinking blossoms, expanding them, and augmenting the matching. Names
// and structure follow mwmatching.py, so that each step can be checked
// against it.

// assignLabel labels the top-level blossom of w with t (1 S, 2 T), reached
// through endpoint p. A T-blossom's mate gets label S in turn.
func (s *blossomSolver) assignLabel(w int32, t int8, p int32) {
	for {
		b := s.inBlossom[w]
		s.label[w], s.label[b] = t, t
		s.labelEnd[w], s.labelEnd[b] = p, p
		s.bestEdge[w], s.bestEdge[b] = -1, -1
		s.reachBlossom(b)
		if t == 1 {
			at := len(s.queue)
			s.queue = s.appendLeaves(s.queue, b)
			for _, v := range s.queue[at:] {
				s.reach(v)
			}
			return
		}
		s.noteT(b)
		s.tmp = s.appendLeaves(s.tmp[:0], b)
		for _, v := range s.tmp {
			s.reach(v)
		}
		m := s.mate[s.base[b]]
		w, t, p = s.endpoint[m], 1, m^1
	}
}

// scanBlossom traces back from v and w to find the base of a new blossom,
// or -1 if the two paths reach different roots (an augmenting path).
func (s *blossomSolver) scanBlossom(v, w int32) int32 {
	s.path = s.path[:0]
	base := int32(-1)
	for v != -1 || w != -1 {
		b := s.inBlossom[v]
		if s.label[b]&4 != 0 {
			base = s.base[b]
			break
		}
		s.path = append(s.path, b)
		s.label[b] = 5
		if s.labelEnd[b] == -1 {
			v = -1
		} else {
			v = s.endpoint[s.labelEnd[b]]
			b = s.inBlossom[v]
			v = s.endpoint[s.labelEnd[b]]
		}
		if w != -1 {
			v, w = w, v
		}
	}
	for _, b := range s.path {
		s.label[b] = 1
	}
	return base
}

// addBlossom makes a new S-blossom with the given base, closed by edge k.
func (s *blossomSolver) addBlossom(base, k int32) {
	v, w := s.edges[k].u, s.edges[k].v
	bb, bv, bw := s.inBlossom[base], s.inBlossom[v], s.inBlossom[w]
	b := s.unused[len(s.unused)-1]
	s.unused = s.unused[:len(s.unused)-1]
	s.base[b] = base
	s.parent[b] = -1
	s.parent[bb] = b
	var path, endps []int32
	for bv != bb {
		s.parent[bv] = b
		path = append(path, bv)
		endps = append(endps, s.labelEnd[bv])
		v = s.endpoint[s.labelEnd[bv]]
		bv = s.inBlossom[v]
	}
	path = append(path, bb)
	slices.Reverse(path)
	slices.Reverse(endps)
	endps = append(endps, 2*k)
	for bw != bb {
		s.parent[bw] = b
		path = append(path, bw)
		endps = append(endps, s.labelEnd[bw]^1)
		w = s.endpoint[s.labelEnd[bw]]
		bw = s.inBlossom[w]
	}
	s.childs[b], s.endps[b] = path, endps
	s.label[b] = 1
	s.labelEnd[b] = s.labelEnd[bb]
	s.dual[b] = 0
	s.reachBlossom(b)
	s.tmp = s.appendLeaves(s.tmp[:0], b)
	for _, v := range s.tmp {
		if s.label[s.inBlossom[v]] == 2 {
			// This T-vertex now belongs to an S-blossom: scan it.
			s.queue = append(s.queue, v)
		}
		s.inBlossom[v] = b
	}

	// b's least-slack edges to other S-blossoms are found only when a
	// dual change needs them (see findBestEdges): most blossoms of a stage
	// are merged into larger ones before that, and finding them for each
	// would cost the size of every level of a deep nest.
	s.bestEdge[b] = -1
	s.unknownBest[b] = true
}

// findBestEdges finds, for the S-blossom b, the least-slack edge to each
// other S-blossom (bestEdges) and the least of those (bestEdge), from the
// lists of the sub-blossoms (at any depth) that have one and from the
// edges of the vertices that are in none. No dual changes meanwhile, so each best edge's slack is kept
// beside it (bestToSlack) rather than computed again at every comparison.
func (s *blossomSolver) findBestEdges(b int32) {
	s.touched = s.touched[:0]
	consider := func(k int32) {
		i, j := s.edges[k].u, s.edges[k].v
		if s.inBlossom[j] == b {
			j = i
		}
		bj := s.inBlossom[j]
		if bj == b || s.label[bj] != 1 {
			return
		}
		sl := s.slack(k)
		if s.bestTo[bj] == -1 {
			s.touched = append(s.touched, bj)
		} else if sl >= s.bestToSlack[bj] {
			return
		}
		s.bestTo[bj], s.bestToSlack[bj] = k, sl
	}
	// gather considers the edges out of bv, from the deepest lists known.
	var gather func(bv int32)
	gather = func(bv int32) {
		switch {
		case s.bestEdges[bv] != nil:
			for _, k := range s.bestEdges[bv] {
				consider(k)
			}
		case bv < s.n:
			for _, p := range s.nbEnd[s.nbStart[bv]:s.nbStart[bv+1]] {
				consider(p / 2)
			}
		default:
			for _, c := range s.childs[bv] {
				gather(c)
			}
		}
		s.bestEdges[bv] = nil
		s.bestEdge[bv] = -1
	}
	for _, bv := range s.childs[b] {
		gather(bv)
	}
	s.unknownBest[b] = false
	slices.Sort(s.touched)
	list := make([]int32, 0, len(s.touched))
	s.bestEdge[b] = -1
	var least int64
	for _, bj := range s.touched {
		k, sl := s.bestTo[bj], s.bestToSlack[bj]
		list = append(list, k)
		if s.bestEdge[b] == -1 || sl < least {
			s.bestEdge[b], least = k, sl
		}
		s.bestTo[bj] = -1
	}
	s.bestEdges[b] = list
}

// expandBlossom dissolves blossom b into its sub-blossoms. At the end of a
// stage it also dissolves sub-blossoms whose dual is zero; within a stage
// it relabels the sub-blossoms of a T-blossom.
func (s *blossomSolver) expandBlossom(b int32, endStage bool) {
	for _, c := range s.childs[b] {
		s.parent[c] = -1
		switch {
		case c < s.n:
			s.inBlossom[c] = c
		case endStage && s.dual[c] == 0:
			s.expandBlossom(c, endStage)
		default:
			s.tmp = s.appendLeaves(s.tmp[:0], c)
			for _, v := range s.tmp {
				s.inBlossom[v] = c
			}
		}
	}
	if !endStage && s.label[b] == 2 {
		childs, endps := s.childs[b], s.endps[b]
		entry := s.inBlossom[s.endpoint[s.labelEnd[b]^1]]
		j := slices.Index(childs, entry)
		var jstep int
		var trick int32
		if j&1 != 0 {
			// Odd start: go forward and wrap.
			j -= len(childs)
			jstep, trick = 1, 0
		} else {
			// Even start: go backward.
			jstep, trick = -1, 1
		}
		p := s.labelEnd[b]
		for j != 0 {
			// Relabel the T-sub-blossom.
			s.label[s.endpoint[p^1]] = 0
			s.label[s.endpoint[at(endps, j-int(trick))^trick^1]] = 0
			s.assignLabel(s.endpoint[p^1], 2, p)
			// Step to the next S-sub-blossom and note its forward endpoint.
			s.allow[at(endps, j-int(trick))/2] = true
			j += jstep
			p = at(endps, j-int(trick)) ^ trick
			// Step to the next T-sub-blossom.
			s.allow[p/2] = true
			j += jstep
		}
		// Relabel the base T-sub-blossom without stepping to its mate.
		bv := at(childs, j)
		s.label[s.endpoint[p^1]], s.label[bv] = 2, 2
		s.labelEnd[s.endpoint[p^1]], s.labelEnd[bv] = p, p
		s.bestEdge[bv] = -1
		s.noteT(bv)
		s.reachBlossom(bv)
		j += jstep
		for at(childs, j) != entry {
			bv := at(childs, j)
			if s.label[bv] == 1 {
				// It got label S through a neighbour meanwhile; leave it.
				j += jstep
				continue
			}
			s.tmp = s.appendLeaves(s.tmp[:0], bv)
			var v int32
			for _, v = range s.tmp {
				if s.label[v] != 0 {
					break
				}
			}
			// A reachable vertex inside makes the sub-blossom a T-blossom.
			if s.label[v] != 0 {
				s.label[v] = 0
				s.label[s.endpoint[s.mate[s.base[bv]]]] = 0
				s.assignLabel(v, 2, s.labelEnd[v])
			}
			j += jstep
		}
	}
	s.label[b], s.labelEnd[b] = -1, -1
	s.childs[b], s.endps[b] = nil, nil
	s.base[b] = -1
	s.bestEdges[b] = nil
	s.unknownBest[b] = false
	s.bestEdge[b] = -1
	s.unused = append(s.unused, b)
}

// augmentBlossom swaps matched and unmatched edges along the even path
// from vertex v to the base of blossom b, making v the new base.
func (s *blossomSolver) augmentBlossom(b, v int32) {
	t := v
	for s.parent[t] != b {
		t = s.parent[t]
	}
	if t >= s.n {
		s.augmentBlossom(t, v)
	}
	childs, endps := s.childs[b], s.endps[b]
	i := slices.Index(childs, t)
	j := i
	var jstep int
	var trick int32
	if i&1 != 0 {
		j -= len(childs)
		jstep, trick = 1, 0
	} else {
		jstep, trick = -1, 1
	}
	for j != 0 {
		j += jstep
		t = at(childs, j)
		p := at(endps, j-int(trick)) ^ trick
		if t >= s.n {
			s.augmentBlossom(t, s.endpoint[p])
		}
		j += jstep
		t = at(childs, j)
		if t >= s.n {
			s.augmentBlossom(t, s.endpoint[p^1])
		}
		s.mate[s.endpoint[p]] = p ^ 1
		s.mate[s.endpoint[p^1]] = p
	}
	rotateLeft(childs, i)
	rotateLeft(endps, i)
	s.base[b] = s.base[childs[0]]
}

// rotateLeft moves s[i:] to the front in place.
func rotateLeft(s []int32, i int) {
	slices.Reverse(s[:i])
	slices.Reverse(s[i:])
	slices.Reverse(s)
}

// augmentMatching augments along the path through edge k, between the
// roots of the two S-vertices it joins.
func (s *blossomSolver) augmentMatching(k int32) {
	e := s.edges[k]
	for _, start := range [2][2]int32{{e.u, 2*k + 1}, {e.v, 2 * k}} {
		v, p := start[0], start[1]
		for {
			bs := s.inBlossom[v]
			if bs >= s.n {
				s.augmentBlossom(bs, v)
			}
			s.mate[v] = p
			if s.labelEnd[bs] == -1 {
				break // reached a root
			}
			t := s.endpoint[s.labelEnd[bs]]
			bt := s.inBlossom[t]
			v = s.endpoint[s.labelEnd[bt]]
			j := s.endpoint[s.labelEnd[bt]^1]
			if bt >= s.n {
				s.augmentBlossom(bt, j)
			}
			s.mate[j] = s.labelEnd[bt]
			p = s.labelEnd[bt] ^ 1
		}
	}
}
