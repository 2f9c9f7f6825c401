package match

import (
	"cmp"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The benchmarks measure the performance targets recorded in
// docs/benchmarks.md on their test population (see population). Quality is the sum of the
// scores people see (repeats included), compared within one run with:
//   - opt: the exact optimum (the exact blossom on the complete graph),
//     computed once outside the timed loop;
//   - shuffle: the mean of 20 seeded random groupings, what a bot that
//     shuffles gets; gap-closed = (ours − shuffle) / (opt − shuffle);
//   - greedy: pairs taken heaviest first (groups: one construction from the
//     hardest person, no local search); greedy2opt adds the same swap local
//     search the matcher uses;
//   - ub: an upper bound on any grouping (each person's best partners'
//     scores, halved), for sizes where the optimum is out of reach.
// docs/benchmarks.md records the figures.

// visibleScore is the score people see of a grouping: pair scores with
// repeat points, not the matcher's ranking of repeats first.
func visibleScore(pr *problem, groups [][]int32) int64 {
	var t int64
	for _, g := range groups {
		for i, a := range g {
			for _, b := range g[i+1:] {
				t += pr.base(a, b) + int64(pr.repeatOf(a, b).points)
			}
		}
	}
	return t
}

func countRepeats(pr *problem, groups [][]int32) int {
	n := 0
	for _, g := range groups {
		for i, a := range g {
			for _, b := range g[i+1:] {
				if pr.repeatOf(a, b).points != 0 {
					n++
				}
			}
		}
	}
	return n
}

// indexGroups turns a Result back into problem indices.
func indexGroups(pr *problem, res Result) [][]int32 {
	at := map[string]int32{}
	for i, id := range pr.ids {
		at[string(id)] = int32(i)
	}
	var out [][]int32
	for _, g := range res.Groups {
		var m []int32
		for _, id := range g.Members {
			m = append(m, at[string(id)])
		}
		out = append(out, m)
	}
	return out
}

// exactPairs returns the exact optimum pairs on the complete graph.
func exactPairs(pr *problem) [][]int32 {
	mate := blossomMatching(int32(pr.n), pr.completeEdges(allPeople(pr)), true)
	var out [][]int32
	for x, y := range mate {
		if int(y) > x {
			out = append(out, []int32{int32(x), y})
		}
	}
	return out
}

// greedyPairs takes candidate edges heaviest first (all edges when k ≥ n),
// then pairs whoever is left among themselves the same way.
func greedyPairs(pr *problem, k int) [][]int32 {
	vs := allPeople(pr)
	var edges []bedge
	if k >= pr.n-1 {
		edges = pr.completeEdges(vs)
	} else {
		edges = pr.candidates(vs, k).edges()
	}
	used := make([]bool, pr.n)
	var out [][]int32
	take := func(edges []bedge, vs []int32) {
		slices.SortStableFunc(edges, func(a, b bedge) int { return cmp.Compare(b.w, a.w) })
		for _, e := range edges {
			u, v := vs[e.u], vs[e.v]
			if !used[u] && !used[v] {
				used[u], used[v] = true, true
				out = append(out, []int32{u, v})
			}
		}
	}
	take(edges, vs)
	var left []int32
	for _, v := range vs {
		if !used[v] {
			left = append(left, v)
		}
	}
	if len(left) > 1 {
		take(pr.completeEdges(left), left)
	}
	return out
}

// twoOpt improves pairs with the matcher's swap local search, trying for
// each person the pairs of their k best candidates (all pairs if k ≥ n).
func twoOpt(pr *problem, pairs [][]int32, k int) [][]int32 {
	groups := make([][]int32, len(pairs))
	of := make([]int32, pr.n)
	for i := range of {
		of[i] = -1
	}
	for gi, p := range pairs {
		groups[gi] = slices.Clone(p)
		for _, m := range p {
			of[m] = int32(gi)
		}
	}
	var near func(p int32, try func(b int))
	if k < pr.n-1 {
		c := pr.candidates(allPeople(pr), k)
		near = func(p int32, try func(b int)) {
			ys, _ := c.of(int(p))
			for _, y := range ys {
				if b := of[y]; b >= 0 {
					try(int(b))
				}
			}
		}
	}
	pr.localSearch(groups, of, allPeople(pr), 2, 2, near)
	return groups
}

// upperBound bounds the visible score of any grouping with sizes lo..hi:
// each person gains at most the sum of their best s-1 partners' scores for
// the best s, and every pair is counted by both its people.
func upperBound(pr *problem, lo, hi int) float64 {
	var total float64
	row := make([]int64, pr.n)
	for i := range int32(pr.n) {
		for j := range int32(pr.n) {
			if j == i || pr.avoids(i, j) {
				row[j] = -1 << 40
				continue
			}
			row[j] = pr.base(i, j) + int64(pr.repeatOf(i, j).points)
		}
		// The hi-1 largest, by insertion into a short sorted list.
		top := make([]int64, 0, hi)
		for _, w := range row {
			if len(top) < hi-1 || w > top[len(top)-1] {
				at, _ := slices.BinarySearchFunc(top, w, func(a, b int64) int { return cmp.Compare(b, a) })
				top = slices.Insert(top, at, w)
				if len(top) > hi-1 {
					top = top[:hi-1]
				}
			}
		}
		best := int64(-1 << 62)
		var sum int64
		for s := 1; s < hi; s++ {
			sum += top[s-1]
			if s >= lo-1 {
				best = max(best, sum)
			}
		}
		total += float64(best)
	}
	return total / 2
}

// memSampler records the peak of the Go heap while it runs, sampling
// runtime/metrics every millisecond.
type memSampler struct {
	stop chan struct{}
	done chan struct{}
	peak uint64
}

func startMemSampler() *memSampler {
	s := &memSampler{stop: make(chan struct{}), done: make(chan struct{})}
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	go func() {
		defer close(s.done)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			s.peak = max(s.peak, sample[0].Value.Uint64())
			select {
			case <-s.stop:
				return
			case <-t.C:
			}
		}
	}()
	return s
}

func (s *memSampler) Stop() uint64 {
	close(s.stop)
	<-s.done
	return s.peak
}

// resetPeakRSS resets the kernel's peak-RSS mark of this process (Linux
// only) and reports whether it could.
func resetPeakRSS() bool {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// peakRSS returns the process's peak resident set (VmHWM) in bytes, or 0
// where /proc is not available.
func peakRSS() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb * 1024
		}
	}
	return 0
}

// pairFixture is one seeded instance with its baselines, computed once.
type pairFixture struct {
	in        Input
	pr        *problem
	opt       float64 // 0 when not computed
	shuffle   float64
	greedy    float64
	greedy2   float64
	ub        float64
	ours      float64
	repeats   int
	optRepeat int
}

var (
	fixturesMu sync.Mutex
	fixtures   = map[string]*pairFixture{}
)

// pairsFixture returns the fixture for n people and seed; exact says
// whether to compute the exact optimum.
func pairsFixture(b *testing.B, n int, seed int64, exact bool) *pairFixture {
	key := fmt.Sprint("pairs", n, seed)
	fixturesMu.Lock()
	defer fixturesMu.Unlock()
	if f, ok := fixtures[key]; ok {
		return f
	}
	f := &pairFixture{in: instance(seed, n, 2, 6, 0)}
	f.pr, _ = newProblem(&f.in)
	pr := f.pr
	k := pr.n // complete graph for the baselines up to 2000 people
	if n > 2000 {
		k = 30
	}
	res, err := Round(f.in)
	if err != nil {
		b.Fatal(err)
	}
	ours := indexGroups(pr, res)
	f.ours, f.repeats = float64(visibleScore(pr, ours)), countRepeats(pr, ours)
	f.shuffle = shuffleMean(pr, 2, 20, 12345, visibleScore)
	g := greedyPairs(pr, k)
	f.greedy = float64(visibleScore(pr, g))
	f.greedy2 = float64(visibleScore(pr, twoOpt(pr, g, k)))
	f.ub = upperBound(pr, 2, 2)
	if exact {
		opt := exactPairs(pr)
		f.opt, f.optRepeat = float64(visibleScore(pr, opt)), countRepeats(pr, opt)
	}
	fixtures[key] = f
	return f
}

// BenchmarkPairs times Round with group size 2 and reports its quality
// against the exact optimum (n ≤ 1000) and the baselines, each the mean
// (and worst) over the seeded instances the loop cycles through.
func BenchmarkPairs(b *testing.B) {
	for _, tc := range []struct {
		n     int
		seeds int
		exact bool
	}{
		{100, 5, true},
		{1000, 5, true},
		{2000, 1, true}, // the exact optimum takes about 20 s, once
		{10000, 1, false},
	} {
		b.Run(fmt.Sprint("n=", tc.n), func(b *testing.B) {
			fs := make([]*pairFixture, tc.seeds)
			for s := range fs {
				fs[s] = pairsFixture(b, tc.n, int64(s+1), tc.exact)
			}
			runtime.GC()
			rss := resetPeakRSS()
			sampler := startMemSampler()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				if _, err := Round(fs[i%len(fs)].in); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			peak := sampler.Stop()

			var m metricSet
			for _, f := range fs {
				m.add("vs-greedy", f.ours/f.greedy)
				m.add("vs-greedy2opt", f.ours/f.greedy2)
				m.add("ub-ratio", f.ours/f.ub)
				m.add("repeats", float64(f.repeats))
				if tc.exact {
					m.add("opt-ratio", f.ours/f.opt)
					m.add("gap-closed", (f.ours-f.shuffle)/(f.opt-f.shuffle))
					m.add("greedy-ratio", f.greedy/f.opt)
					m.add("greedy-gap-closed", (f.greedy-f.shuffle)/(f.opt-f.shuffle))
					m.add("greedy2opt-ratio", f.greedy2/f.opt)
					m.add("shuffle-ratio", f.shuffle/f.opt)
					m.add("opt-repeats", float64(f.optRepeat))
				}
			}
			m.report(b, "opt-ratio", "gap-closed")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			if rss {
				b.ReportMetric(float64(peakRSS())/(1<<20), "peak-RSS-MB")
			}
		})
	}
}

// BenchmarkGroups times Round with groups of 3 and reports its quality
// against the greedy and shuffle baselines and the upper bound.
func BenchmarkGroups(b *testing.B) {
	const n, g = 999, 3
	b.Run(fmt.Sprintf("g=%d,n=%d", g, n), func(b *testing.B) {
		fixturesMu.Lock()
		key := fmt.Sprint("groups", g, n)
		f, ok := fixtures[key]
		if !ok {
			f = &pairFixture{in: instance(1, n, g, 6, 0)}
			f.pr, _ = newProblem(&f.in)
			res, err := Round(f.in)
			if err != nil {
				b.Fatal(err)
			}
			ours := indexGroups(f.pr, res)
			f.ours, f.repeats = float64(visibleScore(f.pr, ours)), countRepeats(f.pr, ours)
			f.shuffle = shuffleMean(f.pr, g, 20, 12345, visibleScore)
			f.greedy = float64(greedyGroupsScore(f.pr, g))
			f.ub = upperBound(f.pr, g, g)
			fixtures[key] = f
		}
		fixturesMu.Unlock()
		runtime.GC()
		sampler := startMemSampler()
		b.ReportAllocs()
		b.ResetTimer()
		for b.Loop() {
			if _, err := Round(f.in); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		peak := sampler.Stop()
		b.ReportMetric(f.ours/f.greedy, "vs-greedy")
		b.ReportMetric(f.ours/f.ub, "ub-ratio")
		b.ReportMetric((f.ours-f.shuffle)/(f.ub-f.shuffle), "gap-closed-lb")
		b.ReportMetric((f.greedy-f.shuffle)/(f.ub-f.shuffle), "greedy-gap-closed-lb")
		b.ReportMetric(f.shuffle/f.ours, "shuffle-ratio")
		b.ReportMetric(float64(f.repeats), "repeats")
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	})
}

// greedyGroupsScore is the visible score of the greedy baseline.
func greedyGroupsScore(pr *problem, g int) int64 {
	vs := allPeople(pr)
	sizes := GroupSizes(len(vs), g)
	pr.buildDense()
	gs := &groupSearch{pr: pr, vs: vs, sizes: sizes, lo: slices.Min(sizes), hi: slices.Max(sizes)}
	gs.neigh = pr.candidates(vs, groupNeighbours)
	gs.hardness()
	return visibleScore(pr, gs.greedy(0, nil).groups)
}

// metricSet collects per-instance values and reports their mean, plus the
// worst of the named ones.
type metricSet struct {
	names []string
	vals  map[string][]float64
}

func (m *metricSet) add(name string, v float64) {
	if m.vals == nil {
		m.vals = map[string][]float64{}
	}
	if _, ok := m.vals[name]; !ok {
		m.names = append(m.names, name)
	}
	m.vals[name] = append(m.vals[name], v)
}

func (m *metricSet) report(b *testing.B, worst ...string) {
	for _, name := range m.names {
		vs := m.vals[name]
		var sum float64
		for _, v := range vs {
			sum += v
		}
		b.ReportMetric(sum/float64(len(vs)), name)
		if slices.Contains(worst, name) && len(vs) > 1 {
			b.ReportMetric(slices.Min(vs), name+"-worst")
		}
	}
}

// BenchmarkPairsMethod compares the two pair matchers on the same
// instances, to place ExactPairsLimit: the exact blossom on the complete
// graph, and the blossom on each person's pairK best candidates (metric
// vs-exact: its total weight over the exact one).
func BenchmarkPairsMethod(b *testing.B) {
	for _, n := range []int{200, 400, 700, 1000} {
		in := instance(1, n, 2, 6, 0)
		pr, _ := newProblem(&in)
		vs := allPeople(pr)
		weight := func(mate []int32) int64 {
			var t int64
			for x, y := range mate {
				if int(y) > x {
					w, _ := pr.weight(int32(x), y)
					t += w
				}
			}
			return t
		}
		exact := weight(blossomMatching(int32(n), pr.completeEdges(vs), true))
		b.Run(fmt.Sprintf("exact/n=%d", n), func(b *testing.B) {
			for b.Loop() {
				blossomMatching(int32(n), pr.completeEdges(vs), true)
			}
		})
		b.Run(fmt.Sprintf("sparse/n=%d", n), func(b *testing.B) {
			var mate []int32
			for b.Loop() {
				mate = blossomMatching(int32(n), pr.candidates(vs, pairK(n)).edges(), true)
			}
			b.ReportMetric(float64(weight(mate))/float64(exact), "vs-exact")
		})
	}
}
