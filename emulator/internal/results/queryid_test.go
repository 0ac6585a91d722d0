package results

import (
	"regexp"
	"sync"
	"testing"
	"time"
)

var engineIDPattern = regexp.MustCompile(`^\d{8}_\d{6}_\d{5}_[a-z0-9]{5}$`)

func TestEngineQueryIDLooksLikeTrinos(t *testing.T) {
	at := time.Date(2026, 9, 17, 17, 53, 44, 999, time.FixedZone("JST", 9*3600))
	a, b := EngineQueryID(at), EngineQueryID(at)
	for _, id := range []string{a, b} {
		if len(id) != 27 || !engineIDPattern.MatchString(id) {
			t.Fatalf("id %q does not look like 20260917_085344_00007_k6s5b", id)
		}
		if id[:16] != "20260917_085344_" {
			t.Errorf("id %q: want the UTC time 20260917_085344", id)
		}
	}
	if a[16:21] == b[16:21] {
		t.Errorf("consecutive ids %q and %q share a counter", a, b)
	}
}

func TestEngineQueryIDKeepsItsLengthForOddYears(t *testing.T) {
	for _, y := range []int{1, 999, 10000, -5} {
		if id := EngineQueryID(time.Date(y, 1, 2, 3, 4, 5, 0, time.UTC)); !engineIDPattern.MatchString(id) {
			t.Errorf("year %d: id %q", y, id)
		}
	}
}

func TestEngineQueryIDIsUniqueAcrossGoroutines(t *testing.T) {
	const goroutines, each = 8, 1000
	now := time.Now()
	ids := make(chan string, goroutines*each)
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			for range each {
				ids <- EngineQueryID(now)
			}
		})
	}
	wg.Wait()
	close(ids)
	seen := make(map[string]bool)
	for id := range ids {
		if seen[id] {
			t.Fatalf("duplicate id %q", id)
		}
		seen[id] = true
	}
}
