package poll

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestIntervalIsAFifthOfTheAgeClamped(t *testing.T) {
	p := New(Options{Min: 50 * time.Millisecond, Max: 2 * time.Second, Fetch: func(context.Context, []string) ([]string, error) { return nil, nil }})
	defer p.Close()
	for age, want := range map[time.Duration]time.Duration{
		0: 50 * time.Millisecond, 100 * time.Millisecond: 50 * time.Millisecond, time.Second: 200 * time.Millisecond,
		5 * time.Second: time.Second, time.Minute: 2 * time.Second,
	} {
		if got := p.Interval(age); got != want {
			t.Errorf("Interval(%v) = %v, want %v", age, got, want)
		}
	}
}

// fakeService finishes each id at a set time and records calls.
type fakeService struct {
	mu      sync.Mutex
	finish  map[string]time.Time
	calls   int
	batches []int
	seen    map[string]time.Time // when Fetch first reported the id done
}

func (f *fakeService) fetch(_ context.Context, ids []string) ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	f.batches = append(f.batches, len(ids))
	var done []string
	now := time.Now()
	for _, id := range ids {
		if !now.Before(f.finish[id]) {
			done = append(done, id)
			if _, ok := f.seen[id]; !ok {
				f.seen[id] = now
			}
		}
	}
	return done, nil
}

func TestShortQueriesAreSeenQuicklyAndBatchesStayUnderTheLimit(t *testing.T) {
	f := &fakeService{finish: map[string]time.Time{}, seen: map[string]time.Time{}}
	p := New(Options{Min: 20 * time.Millisecond, Max: 200 * time.Millisecond, Batch: 50, Fetch: f.fetch})
	defer p.Close()
	start := time.Now()
	for i := range 120 {
		id := string(rune('a'+i%26)) + string(rune('A'+i/26))
		f.mu.Lock()
		f.finish[id] = start.Add(time.Duration(i%4) * 100 * time.Millisecond)
		f.mu.Unlock()
		p.Add(id, start)
	}
	deadline := time.Now().Add(10 * time.Second)
	for p.Len() > 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if p.Len() != 0 {
		t.Fatalf("%d ids still polled", p.Len())
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, n := range f.batches {
		if n > 50 {
			t.Errorf("a batch of %d ids", n)
		}
	}
	// 120 ids finishing over 300 ms: far fewer calls than one per id per check.
	if f.calls > 40 {
		t.Errorf("%d Fetch calls for 120 ids", f.calls)
	}
	// Each id is checked again within its interval (at most Max, 200 ms)
	// after it finishes; the bound is loose so that a loaded machine does
	// not fail the test. BenchmarkWaitAfterCompletion measures the latency.
	for id, at := range f.seen {
		if lag := at.Sub(f.finish[id]); lag > 2*time.Second {
			t.Errorf("%s seen %v after it finished", id, lag)
		}
	}
}

func TestFailedFetchBacksOff(t *testing.T) {
	var mu sync.Mutex
	var calls []time.Time
	p := New(Options{Min: 10 * time.Millisecond, Max: 10 * time.Millisecond, Backoff: 100 * time.Millisecond,
		Fetch: func(context.Context, []string) ([]string, error) {
			mu.Lock()
			defer mu.Unlock()
			calls = append(calls, time.Now())
			return nil, context.DeadlineExceeded
		}})
	p.Add("q", time.Now())
	time.Sleep(350 * time.Millisecond)
	p.Close()
	mu.Lock()
	defer mu.Unlock()
	if len(calls) < 2 || len(calls) > 5 {
		t.Errorf("%d calls in 350 ms with a 100 ms backoff", len(calls))
	}
}

func TestRemoveAndClose(t *testing.T) {
	calls := make(chan []string, 10)
	p := New(Options{Min: 10 * time.Millisecond, Fetch: func(_ context.Context, ids []string) ([]string, error) {
		calls <- ids
		return nil, nil
	}})
	p.Add("a", time.Now())
	p.Add("a", time.Now()) // no duplicate
	<-calls
	p.Remove("a")
	if p.Len() != 0 {
		t.Errorf("Len after Remove = %d", p.Len())
	}
	p.Close()
	p.Add("b", time.Now()) // after Close: ignored, no panic
}

func TestYoungQueryIsCheckedAtOnceOnlyWhenIdleAndThereIsRoom(t *testing.T) {
	for _, tc := range []struct {
		name  string
		room  bool
		eager []bool // per Add: whether it is fetched at once
	}{
		{"room", true, []bool{true, false}}, // the second joins the first's schedule
		{"no room", false, []bool{false, false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fetched := make(chan []string, 10)
			p := New(Options{Min: time.Hour, Max: time.Hour, Room: func() bool { return tc.room },
				Fetch: func(_ context.Context, ids []string) ([]string, error) {
					fetched <- ids
					return nil, nil
				}})
			defer p.Close()
			for i, want := range tc.eager {
				id := string(rune('a' + i))
				p.Add(id, time.Now())
				// With a Min of an hour, only an eager first check can come
				// before the timeout.
				select {
				case ids := <-fetched:
					if !want || len(ids) != 1 || ids[0] != id {
						t.Errorf("Add %s: fetched %v, want eager=%v", id, ids, want)
					}
				case <-time.After(300 * time.Millisecond):
					if want {
						t.Errorf("Add %s: not checked at once", id)
					}
				}
			}
		})
	}
}
