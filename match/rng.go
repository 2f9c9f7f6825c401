package match

import "math/bits"

// rng is a small seeded generator (SplitMix64). The matcher carries its own
// so that a round can be recomputed from its seed with any Go release:
// math/rand does not promise the same sequence across releases for every
// method.
type rng struct{ state uint64 }

// Streams keep the random choices of separate steps independent, so that a
// change in how many numbers one step draws does not shift another's.
const (
	streamOrder uint64 = iota + 1
	streamGroups
	streamBackbone
	streamRepeats
	streamAssign
)

func newRNG(seed int64, stream uint64) *rng {
	r := &rng{state: uint64(seed) ^ stream*0xD1B54A32D192ED03}
	r.next()
	return r
}

func (r *rng) next() uint64 {
	r.state += 0x9E3779B97F4A7C15
	z := r.state
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

// intn returns a uniform number in [0, n) for n > 0 (Lemire's method, with
// rejection so that no value is favoured).
func (r *rng) intn(n int) int {
	if n <= 1 {
		return 0
	}
	bound := uint64(n)
	hi, lo := bits.Mul64(r.next(), bound)
	if lo < bound {
		threshold := -bound % bound
		for lo < threshold {
			hi, lo = bits.Mul64(r.next(), bound)
		}
	}
	return int(hi)
}

// shuffle permutes s uniformly (Fisher-Yates).
func shuffle[T any](r *rng, s []T) {
	for i := len(s) - 1; i > 0; i-- {
		j := r.intn(i + 1)
		s[i], s[j] = s[j], s[i]
	}
}
