package emulator

import (
	"math/rand/v2"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limits holds the per-operation token buckets and the fault dice.
type limits struct {
	buckets map[string]*rate.Limiter // by operation; operations of one family share a limiter
	faults  Faults

	mu        sync.Mutex // guards rng and failFirst
	rng       *rand.Rand
	failFirst int // Faults.FailFirst failures still to inject
}

func newLimits(opts Options) *limits {
	l := &limits{buckets: map[string]*rate.Limiter{}, faults: opts.Faults, failFirst: opts.Faults.FailFirst}
	if opts.AthenaQuotas {
		families := map[string]*rate.Limiter{}
		for op, q := range defaultQuotas {
			lim, ok := families[q.family]
			if !ok {
				lim = rate.NewLimiter(rate.Limit(q.rate.PerSecond), q.rate.Burst)
				families[q.family] = lim
			}
			l.buckets[op] = lim
		}
	}
	for op, r := range opts.Quotas {
		l.buckets[op] = rate.NewLimiter(rate.Limit(r.PerSecond), r.Burst)
	}
	seed := opts.Faults.Seed
	if seed == 0 {
		seed = rand.Uint64()
	}
	l.rng = rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	return l
}

// allow takes a token for op, reporting false when the call must be
// throttled.
func (l *limits) allow(op string) bool {
	lim, ok := l.buckets[op]
	if !ok {
		return true
	}
	return lim.Allow()
}

// roll reports whether an event with probability p happens.
func (l *limits) roll(p float64) bool {
	if p <= 0 {
		return false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.rng.Float64() < p
}

// failQuery reports whether a query that the engine finished must end
// FAILED instead: one of the first Faults.FailFirst, or by Faults.FailRate.
func (l *limits) failQuery() bool {
	l.mu.Lock()
	if l.failFirst > 0 {
		l.failFirst--
		l.mu.Unlock()
		return true
	}
	l.mu.Unlock()
	return l.roll(l.faults.FailRate)
}

// cutPoint decides whether a GetObject body of n bytes is cut
// (Faults.S3CutRate) and, if so, after how many bytes: from 0 to n-1.
func (l *limits) cutPoint(n int64) (int64, bool) {
	if l.faults.S3CutRate <= 0 || n <= 0 {
		return 0, false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.rng.Float64() >= l.faults.S3CutRate {
		return 0, false
	}
	return l.rng.Int64N(n), true
}

// spike returns the injected extra latency for one call, or 0.
func (l *limits) spike() time.Duration {
	if l.faults.Spike > 0 && l.roll(l.faults.SpikeRate) {
		return l.faults.Spike
	}
	return 0
}
