package blazesim

import (
	"hash/fnv"
	"math/rand/v2"
	"strings"
)

// Random streams. Every subject and every study-level decision draws from its own stream,
// seeded from Config.Seed, the study number and a stream label, so that changing one subject
// or one study leaves all others byte-identical.
const (
	streamSubject   uint64 = 1 << 32 // + subject index
	streamIDs       uint64 = 1
	streamWrong     uint64 = 2
	streamDuplicate uint64 = 3
	streamStudy     uint64 = 4
)

// rng is a deterministic random source with the helpers the generator needs.
type rng struct{ *rand.Rand }

func newRNG(seed int64, study string, stream uint64) *rng {
	h := fnv.New64a()
	h.Write([]byte(strings.ToLower(study)))
	return &rng{rand.New(rand.NewPCG(uint64(seed)^h.Sum64(), stream))}
}

// between returns a uniform float in [lo, hi).
func (r *rng) between(lo, hi float64) float64 { return lo + r.Float64()*(hi-lo) }

// intBetween returns a uniform int in [lo, hi].
func (r *rng) intBetween(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + r.IntN(hi-lo+1)
}

// chance returns true with probability p.
func (r *rng) chance(p float64) bool { return r.Float64() < p }

// noise returns a normal deviate with standard deviation sd, clipped to ±clip.
func (r *rng) noise(sd, clip float64) float64 {
	v := r.NormFloat64() * sd
	return min(max(v, -clip), clip)
}

// weighted returns an index drawn with the given relative weights.
func (r *rng) weighted(weights []float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := r.Float64() * total
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// shareOf maps (seed, key) to a stable number in [0, 1), for per-resource quirks that must not
// depend on generation order.
func shareOf(seed int64, key string) float64 {
	h := fnv.New64a()
	h.Write([]byte(key))
	x := h.Sum64() ^ uint64(seed)*0x9e3779b97f4a7c15
	x ^= x >> 31
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 29
	return float64(x>>11) / (1 << 53)
}
