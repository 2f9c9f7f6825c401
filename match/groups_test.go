package match

import (
	"fmt"
	"math"
	"slices"
	"testing"
)

func TestGroupSizes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		n, g int
		want []int
	}{
		{0, 3, nil},
		{1, 3, nil},
		{2, 3, []int{2}},
		{3, 3, []int{3}},
		{4, 3, []int{4}},
		{5, 3, []int{3, 2}},
		{10, 3, []int{4, 3, 3}},
		{15, 3, []int{3, 3, 3, 3, 3}},
		{7, 2, []int{3, 2, 2}},
		{7, 5, []int{4, 3}},
		{16, 8, []int{8, 8}},
		{17, 8, []int{6, 6, 5}},
		{9, 8, []int{5, 4}},
		{14, 7, []int{7, 7}},
		{15, 7, []int{8, 7}},
		{20, 20, []int{7, 7, 6}}, // taken as 8
		{3, 0, []int{3}},         // taken as 2
	} {
		if got := GroupSizes(tc.n, tc.g); !slices.Equal(got, tc.want) {
			t.Errorf("GroupSizes(%d, %d) = %v, want %v", tc.n, tc.g, got, tc.want)
		}
	}
	// Every split is complete, even, within 2..8, and within g..g+1 when
	// the n/g groups can take the remainder.
	for g := 2; g <= 8; g++ {
		for n := 2; n < 200; n++ {
			sizes := GroupSizes(n, g)
			sum := 0
			for _, s := range sizes {
				sum += s
			}
			lo, hi := slices.Min(sizes), slices.Max(sizes)
			if sum != n || lo < 2 || hi > 8 || hi-lo > 1 {
				t.Fatalf("GroupSizes(%d, %d) = %v", n, g, sizes)
			}
			if k := n / g; k > 0 && n <= k*min(g+1, 8) && (lo < g || hi > g+1) {
				t.Fatalf("GroupSizes(%d, %d) = %v, want sizes %d..%d", n, g, sizes, g, g+1)
			}
		}
	}
}

// shuffleMean is the mean score of random partitions into groups of g, by
// score (the objective, or the score people see): the "random" end of the
// gap-closed measure.
func shuffleMean(pr *problem, g, samples int, seed int64, score func(*problem, [][]int32) int64) float64 {
	r := newRNG(seed, 77)
	vs := allPeople(pr)
	var sum float64
	for range samples {
		shuffle(r, vs)
		var groups [][]int32
		at := 0
		for _, s := range GroupSizes(len(vs), g) {
			groups = append(groups, vs[at:at+s])
			at += s
		}
		sum += float64(score(pr, groups))
	}
	return sum / float64(samples)
}

// Groups of 3 from 15 people come within 1% of the exhaustive optimum on
// average (gap closed between a random partition and the optimum; ≥ 97% in
// the worst case), and, where the optimum is positive, ≥ 99% of it.
func TestGroupsNearExhaustiveOptimum(t *testing.T) {
	t.Parallel()
	const instances = 40
	var gapSum, ratioSum float64
	worst := math.Inf(1)
	positive := 0
	for seed := range int64(instances) {
		in := instance(seed, 15, 3, 0, 0)
		pr, _ := newProblem(&in)
		opt, ok := exhaustiveGroups(pr, 3)
		if !ok {
			t.Fatal("no partition")
		}
		groups, unplaced, _ := pr.searchGroups(allPeople(pr), 3)
		if len(unplaced) > 0 {
			t.Fatalf("seed %d: %d unplaced", seed, len(unplaced))
		}
		got := pr.totalWeight(groups)
		if got > opt {
			t.Fatalf("seed %d: %d beats the exhaustive optimum %d", seed, got, opt)
		}
		rnd := shuffleMean(pr, 3, 200, seed, (*problem).totalWeight)
		gap := (float64(got) - rnd) / (float64(opt) - rnd)
		gapSum += gap
		worst = min(worst, gap)
		if opt > 0 {
			ratioSum += float64(got) / float64(opt)
			positive++
		}
	}
	mean := gapSum / instances
	ratio := ratioSum / float64(positive)
	t.Logf("gap closed: mean %.4f, worst %.4f; ratio to optimum %.4f over %d instances", mean, worst, ratio, positive)
	if mean < 0.99 || worst < 0.97 || ratio < 0.99 {
		t.Errorf("gap closed mean %.4f (want ≥ 0.99), worst %.4f (want ≥ 0.97), ratio %.4f (want ≥ 0.99)", mean, worst, ratio)
	}
}

// With history and avoid rules, groups never carry more repeat points
// than the exhaustive optimum: repeats are avoided whenever avoidable.
func TestGroupsRepeatsNoWorseThanOptimum(t *testing.T) {
	t.Parallel()
	checked, withRepeats := 0, 0
	defer func() { t.Logf("%d instances checked, %d whose optimum has repeats", checked, withRepeats) }()
	for seed := range int64(20) {
		in := instance(seed, 15, 3, 2+int(seed%5), 0.1)
		pr, _ := newProblem(&in)
		opt, ok := exhaustiveGroups(pr, 3)
		groups, unplaced, _ := pr.searchGroups(allPeople(pr), 3)
		if !ok {
			continue // avoid rules allow no partition into triples
		}
		if len(unplaced) > 0 || len(groups) != 5 {
			t.Errorf("seed %d: %d groups, %d unplaced, want 5 triples", seed, len(groups), len(unplaced))
			continue
		}
		checked++
		if repeatPart(pr, opt) != 0 {
			withRepeats++
		}
		got := pr.totalWeight(groups)
		if repeatPart(pr, got) != repeatPart(pr, opt) {
			t.Errorf("seed %d: repeat points %d, optimum %d", seed, repeatPart(pr, got), repeatPart(pr, opt))
		}
	}
}

// repeatPart returns the repeat points within an objective value: the
// rest is far smaller than bigM.
func repeatPart(pr *problem, obj int64) int64 {
	return int64(math.Round(float64(obj) / float64(pr.bigM)))
}

// Group sizes from 3 to 8 on a mid-sized round beat a single greedy pass
// and a random partition.
func TestGroupsBeatBaselines(t *testing.T) {
	t.Parallel()
	for g := 3; g <= 8; g++ {
		t.Run(fmt.Sprint("g=", g), func(t *testing.T) {
			in := instance(int64(g), 120, g, 0, 0)
			pr, _ := newProblem(&in)
			groups, _, _ := pr.searchGroups(allPeople(pr), g)
			got := pr.totalWeight(groups)
			greedy := greedyGroups(pr, g)
			rnd := shuffleMean(pr, g, 50, 1, (*problem).totalWeight)
			if float64(got) < float64(greedy) || float64(got) <= rnd {
				t.Errorf("total %d, greedy %d, random %.0f", got, greedy, rnd)
			}
		})
	}
}

// greedyGroups is the greedy baseline: one construction from the hardest
// person to place, without local search.
func greedyGroups(pr *problem, g int) int64 {
	vs := allPeople(pr)
	sizes := GroupSizes(len(vs), g)
	pr.buildDense()
	gs := &groupSearch{pr: pr, vs: vs, sizes: sizes, lo: slices.Min(sizes), hi: slices.Max(sizes)}
	gs.neigh = pr.candidates(vs, groupNeighbours)
	gs.hardness()
	return gs.greedy(0, nil).total
}
