package match

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// parallelMin is the fewest rows worth sharing among goroutines.
const parallelMin = 512

// rowChunk is how many rows a goroutine takes at a time: rows differ in
// cost, so they are handed out in small chunks as goroutines become free.
const rowChunk = 32

// parallelRows runs work on one goroutine per core (one for fewer than
// parallelMin rows) and returns their results, in no set order of rows:
// each call of work takes chunks of the rows 0..n-1 from next until it
// reports none left. parallelRows returns when every goroutine has.
func parallelRows[T any](n int, work func(next func() (lo, hi int, ok bool)) T) []T {
	workers := 1
	if n >= parallelMin {
		workers = max(1, runtime.GOMAXPROCS(0))
	}
	var taken atomic.Int64
	next := func() (int, int, bool) {
		lo := int(taken.Add(rowChunk)) - rowChunk
		if lo >= n {
			return 0, 0, false
		}
		return lo, min(lo+rowChunk, n), true
	}
	out := make([]T, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[w] = work(next)
		}()
	}
	wg.Wait()
	return out
}
