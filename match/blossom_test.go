package match

import (
	"fmt"
	"slices"
	"testing"
)

// The reference cases of mwmatching.py (Van Rantwijk): each exercises one
// path of the algorithm. Vertex 0 is unused in most of them, as there.
var blossomCases = []struct {
	name    string
	edges   [][3]int64
	maxCard bool
	want    []int
}{
	{"empty", nil, false, nil},
	{"single edge", [][3]int64{{0, 1, 1}}, false, []int{1, 0}},
	{"two edges", [][3]int64{{1, 2, 10}, {2, 3, 11}}, false, []int{-1, -1, 3, 2}},
	{"three edges", [][3]int64{{1, 2, 5}, {2, 3, 11}, {3, 4, 5}}, false, []int{-1, -1, 3, 2, -1}},
	{"max cardinality", [][3]int64{{1, 2, 5}, {2, 3, 11}, {3, 4, 5}}, true, []int{-1, 2, 1, 4, 3}},
	{"negative weights", [][3]int64{{1, 2, 2}, {1, 3, -2}, {2, 3, 1}, {2, 4, -1}, {3, 4, -6}}, false, []int{-1, 2, 1, -1, -1}},
	{"negative weights, max cardinality", [][3]int64{{1, 2, 2}, {1, 3, -2}, {2, 3, 1}, {2, 4, -1}, {3, 4, -6}}, true, []int{-1, 3, 4, 1, 2}},
	{"S-blossom", [][3]int64{{1, 2, 8}, {1, 3, 9}, {2, 3, 10}, {3, 4, 7}}, false, []int{-1, 2, 1, 4, 3}},
	{"S-blossom, augment", [][3]int64{{1, 2, 8}, {1, 3, 9}, {2, 3, 10}, {3, 4, 7}, {1, 6, 5}, {4, 5, 6}}, false, []int{-1, 6, 3, 2, 5, 4, 1}},
	{"T-blossom", [][3]int64{{1, 2, 9}, {1, 3, 8}, {2, 3, 10}, {1, 4, 5}, {4, 5, 4}, {1, 6, 3}}, false, []int{-1, 6, 3, 2, 5, 4, 1}},
	{"T-blossom, other order", [][3]int64{{1, 2, 9}, {1, 3, 8}, {2, 3, 10}, {1, 4, 5}, {4, 5, 3}, {1, 6, 4}}, false, []int{-1, 6, 3, 2, 5, 4, 1}},
	{"T-blossom, augment", [][3]int64{{1, 2, 9}, {1, 3, 8}, {2, 3, 10}, {1, 4, 5}, {4, 5, 3}, {3, 6, 4}}, false, []int{-1, 2, 1, 6, 5, 4, 3}},
	{"nested S-blossom", [][3]int64{{1, 2, 9}, {1, 3, 9}, {2, 3, 10}, {2, 4, 8}, {3, 5, 8}, {4, 5, 10}, {5, 6, 6}}, false, []int{-1, 3, 4, 1, 2, 6, 5}},
	{"S-blossom relabeled as T, nested", [][3]int64{{1, 2, 10}, {1, 7, 10}, {2, 3, 12}, {3, 4, 20}, {3, 5, 20}, {4, 5, 25}, {5, 6, 10}, {6, 7, 10}, {7, 8, 8}}, false, []int{-1, 2, 1, 4, 3, 6, 5, 8, 7}},
	{"nested S-blossom, expand recursively", [][3]int64{{1, 2, 8}, {1, 3, 8}, {2, 3, 10}, {2, 4, 12}, {3, 5, 12}, {4, 5, 14}, {4, 6, 12}, {5, 7, 12}, {6, 7, 14}, {7, 8, 12}}, false, []int{-1, 2, 1, 5, 6, 3, 4, 8, 7}},
	{"S-blossom relabeled as T, expand", [][3]int64{{1, 2, 23}, {1, 5, 22}, {1, 6, 15}, {2, 3, 25}, {3, 4, 22}, {4, 5, 25}, {4, 8, 14}, {5, 7, 13}}, false, []int{-1, 6, 3, 2, 8, 7, 1, 5, 4}},
	{"nested S-blossom relabeled as T, expand", [][3]int64{{1, 2, 19}, {1, 3, 20}, {1, 8, 8}, {2, 3, 25}, {2, 4, 18}, {3, 5, 18}, {4, 5, 13}, {4, 7, 7}, {5, 6, 7}}, false, []int{-1, 8, 3, 2, 7, 6, 5, 4, 1}},
	{"nasty T-blossom expand", [][3]int64{{1, 2, 45}, {1, 5, 45}, {2, 3, 50}, {3, 4, 45}, {4, 5, 50}, {1, 6, 30}, {3, 9, 35}, {4, 8, 35}, {5, 7, 26}, {9, 10, 5}}, false, []int{-1, 6, 3, 2, 8, 7, 1, 5, 4, 10, 9}},
	{"nasty T-blossom expand, other order", [][3]int64{{1, 2, 45}, {1, 5, 45}, {2, 3, 50}, {3, 4, 45}, {4, 5, 50}, {1, 6, 30}, {3, 9, 35}, {4, 8, 26}, {5, 7, 40}, {9, 10, 5}}, false, []int{-1, 6, 3, 2, 8, 7, 1, 5, 4, 10, 9}},
	{"T-blossom expand, new least-slack edge", [][3]int64{{1, 2, 45}, {1, 5, 45}, {2, 3, 50}, {3, 4, 45}, {4, 5, 50}, {1, 6, 30}, {3, 9, 35}, {4, 8, 28}, {5, 7, 26}, {9, 10, 5}}, false, []int{-1, 6, 3, 2, 8, 7, 1, 5, 4, 10, 9}},
	{"nested T-blossom, relabel several ways", [][3]int64{{1, 2, 45}, {1, 7, 45}, {2, 3, 50}, {3, 4, 45}, {4, 5, 95}, {4, 6, 94}, {5, 6, 94}, {6, 7, 50}, {1, 8, 30}, {3, 11, 35}, {5, 9, 36}, {7, 10, 26}, {11, 12, 5}}, false, []int{-1, 8, 3, 2, 6, 9, 4, 10, 1, 5, 7, 12, 11}},
	{"nested S-blossom relabel, expand", [][3]int64{{1, 2, 40}, {1, 3, 40}, {2, 3, 60}, {2, 4, 55}, {3, 5, 55}, {4, 5, 50}, {1, 8, 15}, {5, 7, 30}, {7, 6, 10}, {8, 10, 10}, {4, 9, 30}}, false, []int{-1, 2, 1, 5, 9, 3, 7, 6, 10, 4, 8}},
}

func TestMaxWeightMatchingReference(t *testing.T) {
	t.Parallel()
	for _, tc := range blossomCases {
		t.Run(tc.name, func(t *testing.T) {
			n := 0
			edges := make([]Edge, len(tc.edges))
			for k, e := range tc.edges {
				edges[k] = Edge{int(e[0]), int(e[1]), e[2]}
				n = max(n, int(e[0])+1, int(e[1])+1)
			}
			got, err := MaxWeightMatching(n, edges, tc.maxCard)
			if err != nil {
				t.Fatal(err)
			}
			if len(tc.want) == 0 && len(got) == 0 {
				return
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("mate = %v, want %v", got, tc.want)
			}
			// The expected answers are themselves optimal.
			w := edgeWeights(n, edges)
			want := bruteMatching(n, w, tc.maxCard)
			if v, ok := matchingValue(got, w); !ok || !v.same(want, tc.maxCard) {
				t.Errorf("value = %+v (valid %v), brute force %+v", v, ok, want)
			}
		})
	}
}

// edgeWeights returns a lookup for the heaviest edge between two vertices.
func edgeWeights(n int, edges []Edge) func(i, j int) (int64, bool) {
	type cell struct {
		w  int64
		ok bool
	}
	m := make([]cell, n*n)
	for _, e := range edges {
		for _, k := range []int{e.U*n + e.V, e.V*n + e.U} {
			if !m[k].ok || e.Weight > m[k].w {
				m[k] = cell{e.Weight, true}
			}
		}
	}
	return func(i, j int) (int64, bool) { c := m[i*n+j]; return c.w, c.ok }
}

// Random graphs of every density, with negative and tied weights, against
// the brute-force optimum, in both modes.
func TestMaxWeightMatchingBruteForce(t *testing.T) {
	t.Parallel()
	r := newRNG(7, 99)
	for inst := range 600 {
		n := 1 + r.intn(14)
		density := 1 + r.intn(10)
		spread := []int{3, 20, 1000}[r.intn(3)]
		var edges []Edge
		for i := range n {
			for j := i + 1; j < n; j++ {
				if r.intn(10) < density {
					edges = append(edges, Edge{i, j, int64(r.intn(2*spread+1) - spread/2)})
				}
			}
		}
		shuffle(r, edges)
		maxCard := inst%2 == 1
		got, err := MaxWeightMatching(n, edges, maxCard)
		if err != nil {
			t.Fatal(err)
		}
		w := edgeWeights(n, edges)
		want := bruteMatching(n, w, maxCard)
		v, ok := matchingValue(got, w)
		if !ok || !v.same(want, maxCard) {
			t.Fatalf("instance %d (n=%d maxCard=%v): value %+v (valid %v), want %+v\nedges %v", inst, n, maxCard, v, ok, want, edges)
		}
	}
}

func TestMaxWeightMatchingErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		n     int
		edges []Edge
	}{
		{-1, nil},
		{2, []Edge{{0, 2, 1}}},
		{2, []Edge{{-1, 1, 1}}},
		{2, []Edge{{1, 1, 1}}},
		{2, []Edge{{0, 1, MaxEdgeWeight + 1}}},
		{2, []Edge{{0, 1, -MaxEdgeWeight - 1}}},
	} {
		t.Run(fmt.Sprint(tc.n, tc.edges), func(t *testing.T) {
			if m, err := MaxWeightMatching(tc.n, tc.edges, true); err == nil {
				t.Errorf("got %v and no error", m)
			}
		})
	}
	// Isolated vertices and parallel edges are fine.
	m, err := MaxWeightMatching(4, []Edge{{0, 1, 3}, {1, 0, 5}, {0, 1, -2}}, false)
	if err != nil || !slices.Equal(m, []int{1, 0, -1, -1}) {
		t.Errorf("parallel edges: %v, %v", m, err)
	}
}
