package s3read

import (
	"testing"
	"time"
)

func TestBackoffGrowsUpToItsCap(t *testing.T) {
	for _, tc := range []struct {
		name  string
		base  time.Duration
		retry int
		bound time.Duration
	}{
		{"first retry", 100 * time.Millisecond, 1, 100 * time.Millisecond},
		{"third retry", 100 * time.Millisecond, 3, 400 * time.Millisecond},
		{"capped", 100 * time.Millisecond, 10, maxBackoff},
		{"far beyond the cap", 100 * time.Millisecond, 1000, maxBackoff},
		{"base above the cap", time.Hour, 1, maxBackoff},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &Reader{opts: Options{Backoff: tc.base}}
			var longest time.Duration
			for range 2000 {
				d := r.backoff(tc.retry)
				if d < 0 || d > tc.bound {
					t.Fatalf("backoff(%d) = %v, want within [0, %v]", tc.retry, d, tc.bound)
				}
				longest = max(longest, d)
			}
			// Full jitter spreads the delays over the whole bound.
			if longest < tc.bound/2 {
				t.Errorf("longest of 2000 delays %v, want some above %v", longest, tc.bound/2)
			}
		})
	}
}
