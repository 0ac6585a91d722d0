package athenaq_test

import (
	"context"
	"errors"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/emulator"
)

// BenchmarkWaitAfterCompletion measures how soon Wait returns after a
// 300 ms query completes in the emulator: the median of 20 queries, as
// ms-after-completion (target: within 60 ms).
func BenchmarkWaitAfterCompletion(b *testing.B) {
	c, _ := open(b, athenaq.Config{PollInterval: 50 * time.Millisecond}, athenatest.WithOptions(emulator.Options{QueryDelay: 300 * time.Millisecond}))
	ctx := context.Background()
	var lags []float64
	for b.Loop() {
		for range 20 {
			q, err := c.Start(ctx, "SELECT 1")
			if err != nil {
				b.Fatal(err)
			}
			st, err := q.Wait(ctx)
			if err != nil {
				b.Fatal(err)
			}
			lags = append(lags, float64(time.Since(st.Completed))/float64(time.Millisecond))
		}
	}
	slices.Sort(lags)
	b.ReportMetric(lags[len(lags)/2], "ms-after-completion")
}

// BenchmarkShortQueryLatency runs an instant query end to end (Start, Wait,
// the rows read) against an emulator that adds 20 ms to every API call, and
// reports the median time per query (PyAthena 3.35's aio cursor measured
// 72 ms in the same setting) and the status calls per query. The floor is
// three calls: StartQueryExecution, one status check and GetQueryResults.
func BenchmarkShortQueryLatency(b *testing.B) {
	c, env := open(b, athenaq.Config{PollInterval: 50 * time.Millisecond}, athenatest.WithOptions(emulator.Options{APILatency: 20 * time.Millisecond}))
	ctx := context.Background()
	var times []float64
	queries := 0
	for b.Loop() {
		for range 20 {
			begin := time.Now()
			rows, err := c.Query(ctx, "SELECT 1")
			if err != nil {
				b.Fatal(err)
			}
			for rows.Next() {
			}
			if err := rows.Err(); err != nil {
				b.Fatal(err)
			}
			rows.Close()
			times = append(times, float64(time.Since(begin))/float64(time.Millisecond))
			queries++
		}
	}
	slices.Sort(times)
	calls := env.Server.Stats().Calls
	b.ReportMetric(times[len(times)/2], "ms/query")
	b.ReportMetric(times[len(times)/2]/(3*20), "x-floor")
	b.ReportMetric(float64(calls["GetQueryExecution"]+calls["BatchGetQueryExecution"])/float64(queries), "status-calls/query")
}

// BenchmarkThousandQueriesUnderQuotas keeps 1000 queries of 3 s in flight
// against an emulator that enforces Athena's API quotas, and reports the
// status calls per query (target: at most 1) and the throttled calls the
// emulator answered (all absorbed: the benchmark fails on any error).
func BenchmarkThousandQueriesUnderQuotas(b *testing.B) {
	for b.Loop() {
		c, env := open(b, athenaq.Config{}, athenatest.WithOptions(emulator.Options{AthenaQuotas: true, QueryDelay: 3 * time.Second}))
		ctx := context.Background()
		var wg sync.WaitGroup
		var failed atomic.Int64
		for range 1000 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := c.Exec(ctx, "SELECT 1"); err != nil {
					failed.Add(1)
					b.Error(err)
				}
			}()
		}
		wg.Wait()
		st := env.Server.Stats()
		if failed.Load() > 0 || st.Queries["SUCCEEDED"] != 1000 {
			b.Fatalf("%d errors, %d SUCCEEDED", failed.Load(), st.Queries["SUCCEEDED"])
		}
		polls := st.Calls["GetQueryExecution"] + st.Calls["BatchGetQueryExecution"]
		var throttled int64
		for _, n := range st.Throttled {
			throttled += n
		}
		b.ReportMetric(float64(polls)/1000, "status-calls/query")
		b.ReportMetric(float64(throttled), "throttled-calls")
		c.Close()
	}
}

// BenchmarkCancelFiveHundred cancels 500 in-flight queries through one
// context and reports how long it took for all of them to end CANCELLED.
// Athena's StopQueryExecution quota (20/s after a burst of 80) makes the
// floor about 21 s.
func BenchmarkCancelFiveHundred(b *testing.B) {
	for b.Loop() {
		c, env := open(b, athenaq.Config{}, athenatest.WithOptions(emulator.Options{QueryDelay: time.Hour}))
		ctx, cancel := context.WithCancel(context.Background())
		var started sync.WaitGroup
		var done sync.WaitGroup
		for range 500 {
			started.Add(1)
			done.Add(1)
			go func() {
				defer done.Done()
				q, err := c.Start(context.Background(), "SELECT 1")
				started.Done()
				if err != nil {
					b.Error(err)
					return
				}
				if _, err := q.Wait(ctx); !errors.Is(err, context.Canceled) {
					b.Errorf("Wait: %v", err)
				}
			}()
		}
		started.Wait()
		begin := time.Now()
		cancel()
		done.Wait()
		b.ReportMetric(time.Since(begin).Seconds(), "s-to-cancel-500")
		if n := env.Server.Stats().Queries["CANCELLED"]; n != 500 {
			b.Fatalf("CANCELLED = %d, want 500", n)
		}
		c.Close()
	}
}

// BenchmarkStreamFiveMillionRows streams 5,000,000 rows and reports the
// peak heap in use (target: under 64 MiB) and allocations per row.
func BenchmarkStreamFiveMillionRows(b *testing.B) {
	// On disk, so that the emulator's copy of the result is not in this
	// process's heap.
	c, _ := open(b, athenaq.Config{APILimits: map[string]athenaq.Limit{"GetQueryResults": {100000, 100000}}},
		athenatest.WithOptions(emulator.Options{DataDir: b.TempDir()}))
	ctx := context.Background()
	q, err := c.Start(ctx, "SELECT range AS id, range * 2 AS twice FROM range(5000000)")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := q.Wait(ctx); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		peak := samplePeakHeap()
		rows, err := q.Rows(ctx)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		var id, twice int64
		for rows.Next() {
			if err := rows.Scan(&id, &twice); err != nil {
				b.Fatal(err)
			}
			n++
		}
		peakMiB := peak()
		if err := rows.Err(); err != nil || n != 5_000_000 {
			b.Fatalf("%d rows, %v", n, err)
		}
		b.ReportMetric(peakMiB, "peak-heap-MiB")
	}
}

// samplePeakHeap collects garbage, then samples the heap in use every 20 ms
// until the returned function is called; that returns the peak in MiB.
func samplePeakHeap() func() float64 {
	runtime.GC()
	var peak atomic.Uint64
	stop := make(chan struct{})
	var sampler sync.WaitGroup
	sampler.Add(1)
	go func() {
		defer sampler.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return func() float64 {
		close(stop)
		sampler.Wait()
		return float64(peak.Load()) / (1 << 20)
	}
}
