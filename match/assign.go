package match

import "slices"

// Assignment moves. The swap search (localSearch) changes one or two
// people at a time and stops where no such step helps, which in large
// rounds leaves much on the table. An assignment move changes many groups
// at once, exactly: take k groups, lift one member out of each, and put
// the k people back, one per group, in the best of all k! ways (an
// assignment problem, solved by the Hungarian method in k³ steps). Putting
// everyone back where they were is one of the ways, so a move never makes
// the grouping worse, and sizes and avoid rules hold. Repeated with random
// members (and, in large rounds, random sets of groups) it climbs well past
// the swap search's local optimum (groups of 3 at n=999: 2-10% more score
// on the benchmark's populations).

const (
	// assignGroups is how many groups one move takes: every group of a
	// round of about 1,000 people in threes, so that anyone may move
	// anywhere; larger rounds take random sets of that many.
	assignGroups = 340
	// assignVisits is how many moves, at most, each group takes part in
	// on average, and assignWork bounds the moves' total work (k³ each);
	// the moves stop sooner once assignIdle in a row found nothing.
	assignVisits = 30
	assignWork   = 1_200_000_000
	assignIdle   = 3
	// assignIneligible stands for a person a group may not take (an avoid
	// rule): far below any real gain, so never chosen while a placement
	// that keeps every rule exists, and the identity always is one.
	assignIneligible = -(int64(1) << 50)
)

// assignMoves improves groups in place by assignment moves and returns
// the total gain; of, each person's group, is kept up to date.
func (pr *problem) assignMoves(groups [][]int32, of []int32, r *rng) int64 {
	m := len(groups)
	if m < 2 {
		return 0
	}
	k := min(m, assignGroups)
	moves := max(1, min(assignVisits*m/k, assignWork/(k*k*k)))
	order := make([]int, m)
	for i := range order {
		order[i] = i
	}
	lifted := make([]int32, k)
	w := make([]int64, k*k)
	var total int64
	idle := 0 // moves in a row that found nothing
	for range moves {
		if idle == assignIdle {
			break
		}
		// k distinct groups, by a partial shuffle.
		for i := range k {
			j := i + r.intn(m-i)
			order[i], order[j] = order[j], order[i]
		}
		set := order[:k]
		for a, gi := range set {
			g := groups[gi]
			lifted[a] = g[r.intn(len(g))]
		}
		// w[a][b]: what lifted[a] gains in group set[b] without its own
		// lifted member.
		var before int64
		for a, p := range lifted {
			for b, gi := range set {
				w[a*k+b] = pr.joinGain(p, groups[gi], lifted[b])
			}
			before += w[a*k+a]
		}
		to := hungarian(w, k)
		var after int64
		for a, b := range to {
			after += w[a*k+b]
		}
		if after <= before {
			idle++
			continue // the identity is as good: keep the groups as they are
		}
		idle = 0
		total += after - before
		for a, b := range to {
			g := groups[set[b]]
			g[slices.Index(g, lifted[b])] = lifted[a]
			of[lifted[a]] = int32(set[b])
		}
	}
	return total
}

// joinGain is p's gain in g with skip taken out: the sum of p's weights
// with the others, or assignIneligible if p may not join one of them.
func (pr *problem) joinGain(p int32, g []int32, skip int32) int64 {
	var sum int64
	for _, q := range g {
		if q == skip || q == p {
			continue
		}
		w, ok := pr.weight(p, q)
		if !ok {
			return assignIneligible
		}
		sum += w
	}
	return sum
}

// hungarian returns a maximum-weight perfect assignment of the k×k matrix w
// (row a goes to column to[a]), by the Hungarian method with potentials in
// O(k³).
func hungarian(w []int64, k int) (to []int) {
	const inf = int64(1) << 62
	// Minimises the cost -w; rows and columns are 1-based, 0 is a sentinel.
	u, v := make([]int64, k+1), make([]int64, k+1)
	rowOf, way := make([]int, k+1), make([]int, k+1)
	minv, used := make([]int64, k+1), make([]bool, k+1)
	for row := 1; row <= k; row++ {
		rowOf[0] = row
		col := 0
		for j := range minv {
			minv[j], used[j] = inf, false
		}
		for {
			used[col] = true
			r, delta, next := rowOf[col], inf, 0
			for j := 1; j <= k; j++ {
				if used[j] {
					continue
				}
				if c := -w[(r-1)*k+j-1] - u[r] - v[j]; c < minv[j] {
					minv[j], way[j] = c, col
				}
				if minv[j] < delta {
					delta, next = minv[j], j
				}
			}
			for j := 0; j <= k; j++ {
				if used[j] {
					u[rowOf[j]] += delta
					v[j] -= delta
				} else {
					minv[j] -= delta
				}
			}
			col = next
			if rowOf[col] == 0 {
				break
			}
		}
		for col != 0 {
			prev := way[col]
			rowOf[col] = rowOf[prev]
			col = prev
		}
	}
	to = make([]int, k)
	for j := 1; j <= k; j++ {
		to[rowOf[j]-1] = j - 1
	}
	return to
}
