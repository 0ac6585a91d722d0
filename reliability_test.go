package athenaq_test

// The reliability suite: go test -race -run Reliability . ./stdlib
//
// Each test runs the client against the emulator under injected faults or
// load and checks every row it reads, in order. The figures (goroutines,
// heap, calls) are printed with t.Logf; run with -v to see them. The soak
// runs for -soak (default 5 s, 60 s when the CI environment variable is
// set); -soak=10m is the manual run. docs/ARCHITECTURE.md, "Reliability
// suite", lists the figures measured.

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/emulator"
)

var soak = flag.Duration("soak", 0, "how long TestReliabilitySoak runs (default 5s, or 60s when CI is set)")

// soakDuration is -soak, else 60 s in CI and 5 s otherwise.
func soakDuration() time.Duration {
	switch {
	case *soak > 0:
		return *soak
	case os.Getenv("CI") != "":
		return time.Minute
	}
	return 5 * time.Second
}

// loadLimits lift the client's API quotas, which the emulator does not
// enforce here, so that a load test measures the client rather than its
// token buckets.
var loadLimits = map[string]athenaq.Limit{
	"StartQueryExecution": {PerSecond: 2000, Burst: 2000}, "StopQueryExecution": {PerSecond: 2000, Burst: 2000},
	"GetQueryExecution": {PerSecond: 2000, Burst: 2000}, "BatchGetQueryExecution": {PerSecond: 500, Burst: 500},
	"GetQueryResults": {PerSecond: 2000, Burst: 2000},
}

// wideSequenceSQL returns n rows (n, 'row-n') in order.
func wideSequenceSQL(n int) string {
	return fmt.Sprintf("SELECT n, 'row-' || CAST(n AS varchar) AS s FROM unnest(sequence(1, %d)) AS t(n) ORDER BY n", n)
}

// readWideSequence checks that rows are exactly (1, 'row-1') .. (n,
// 'row-n'), in order.
func readWideSequence(rows *athenaq.Rows, n int) error {
	defer rows.Close()
	want := int64(1)
	for rows.Next() {
		var got int64
		var s string
		if err := rows.Scan(&got, &s); err != nil {
			return fmt.Errorf("row %d: %w", want, err)
		}
		if got != want || s != fmt.Sprintf("row-%d", want) {
			return fmt.Errorf("row %d holds (%d, %q): rows lost, duplicated or reordered", want, got, s)
		}
		want++
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("after %d rows: %w", want-1, err)
	}
	if want-1 != int64(n) {
		return fmt.Errorf("got %d rows, want %d", want-1, n)
	}
	return nil
}

// slowCalls is an APICallTracer that counts the requests that took at
// least min: the latency spikes that reached the client.
type slowCalls struct {
	min time.Duration
	n   atomic.Int64
}

func (s *slowCalls) TraceQueryStart(ctx context.Context, _ athenaq.TraceQueryStartData) context.Context {
	return ctx
}
func (s *slowCalls) TraceQueryPoll(context.Context, athenaq.TraceQueryPollData) {}
func (s *slowCalls) TraceQueryEnd(context.Context, athenaq.TraceQueryEndData)   {}
func (s *slowCalls) TraceAPICall(_ context.Context, d athenaq.TraceAPICallData) {
	if d.Duration >= s.min {
		s.n.Add(1)
	}
}

func sum(m map[string]int64) int64 {
	var n int64
	for _, v := range m {
		n += v
	}
	return n
}

var transports = []athenaq.ResultMode{athenaq.ResultAPI, athenaq.ResultCSV, athenaq.ResultUnload}

func TestReliabilityFaultsLoseNoRows(t *testing.T) {
	const rowsPerQuery, queriesPerMode = 10000, 3
	spikes := &slowCalls{min: 150 * time.Millisecond}
	cases := []struct {
		name   string
		faults emulator.Faults
		cfg    athenaq.Config
		fired  func(emulator.Stats) int64 // how often the fault struck; must be > 0
	}{
		{"throttling 30%", emulator.Faults{ThrottleRate: 0.3, Seed: 11}, athenaq.Config{},
			func(s emulator.Stats) int64 { return sum(s.Throttled) }},
		{"5xx 5%", emulator.Faults{ErrorRate: 0.05, Seed: 12}, athenaq.Config{},
			func(s emulator.Stats) int64 { return sum(s.Errors) }},
		{"latency spikes", emulator.Faults{SpikeRate: 0.1, Spike: 150 * time.Millisecond, Seed: 13}, athenaq.Config{Tracer: spikes},
			func(emulator.Stats) int64 { return spikes.n.Load() }},
		{"S3 connections cut", emulator.Faults{S3CutRate: 0.2, Seed: 14}, athenaq.Config{S3PartSize: 16 << 10},
			func(s emulator.Stats) int64 { return s.S3Cuts }},
		{"retryable FAILED", emulator.Faults{FailRate: 0.3, Seed: 15}, athenaq.Config{RetryFailedQueries: 10},
			func(s emulator.Stats) int64 { return s.Queries["FAILED"] }},
		{"all at once", emulator.Faults{ThrottleRate: 0.3, ErrorRate: 0.05, SpikeRate: 0.05, Spike: 100 * time.Millisecond,
			S3CutRate: 0.2, FailRate: 0.3, Seed: 16}, athenaq.Config{RetryFailedQueries: 10, S3PartSize: 16 << 10},
			func(s emulator.Stats) int64 {
				return min(sum(s.Throttled), sum(s.Errors), s.S3Cuts, s.Queries["FAILED"])
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			spikes.n.Store(0)
			cfg := tc.cfg
			cfg.APILimits = loadLimits
			c, env := open(t, cfg, athenatest.WithOptions(emulator.Options{Faults: tc.faults}))
			ctx := context.Background()
			var wg sync.WaitGroup
			errs := make(chan error, len(transports)*queriesPerMode)
			var attempts atomic.Int64
			for _, mode := range transports {
				for range queriesPerMode {
					wg.Go(func() {
						q, err := c.StartWith(ctx, athenaq.StartOptions{ResultMode: mode}, wideSequenceSQL(rowsPerQuery))
						if err != nil {
							errs <- fmt.Errorf("%s: %w", mode, err)
							return
						}
						rows, err := q.Rows(ctx)
						attempts.Add(int64(len(q.Attempts())))
						if err != nil {
							errs <- fmt.Errorf("%s: %w", mode, err)
							return
						}
						if err := readWideSequence(rows, rowsPerQuery); err != nil {
							errs <- fmt.Errorf("%s query %s: %w", mode, q.ID(), err)
						}
					})
				}
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
			st := env.Server.Stats()
			if tc.fired(st) == 0 {
				t.Errorf("the fault never struck: the test proves nothing (stats %+v)", st)
			}
			t.Logf("%d queries x %d rows, all in order; attempts %d; throttled %d, 5xx %d, slow calls %d, S3 cuts %d, FAILED %d, calls %d",
				len(transports)*queriesPerMode, rowsPerQuery, attempts.Load(), sum(st.Throttled), sum(st.Errors), spikes.n.Load(),
				st.S3Cuts, st.Queries["FAILED"], sum(st.Calls))
		})
	}
}

func TestReliabilityFaultsSurfaceClearErrors(t *testing.T) {
	cases := []struct {
		name    string
		faults  emulator.Faults
		cfg     athenaq.Config
		timeout time.Duration
		mode    athenaq.ResultMode
		want    []string // in the error's text
		is      error    // errors.Is target, if any
	}{
		{"every call 5xx", emulator.Faults{ErrorRate: 1}, athenaq.Config{}, time.Minute, athenaq.ResultAPI,
			[]string{"athenaq: start query", "StatusCode: 500", "InternalServerException"}, nil},
		{"every call throttled", emulator.Faults{ThrottleRate: 1}, athenaq.Config{}, time.Second, athenaq.ResultAPI,
			[]string{"athenaq: start query", "throttled until the context ended", "ThrottlingException: Rate exceeded"}, context.DeadlineExceeded},
		{"every S3 body cut", emulator.Faults{S3CutRate: 1}, athenaq.Config{}, time.Minute, athenaq.ResultCSV,
			[]string{"athenaq:"}, nil},
		{"every query FAILED", emulator.Faults{FailRate: 1}, athenaq.Config{RetryFailedQueries: 1}, time.Minute, athenaq.ResultAPI,
			[]string{"athenaq: query", "failed", "GENERIC_INTERNAL_ERROR"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, env := open(t, tc.cfg, athenatest.WithOptions(emulator.Options{Faults: tc.faults}))
			ctx, cancel := context.WithTimeout(context.Background(), tc.timeout)
			defer cancel()
			rows, err := c.Query(ctx, wideSequenceSQL(1000), athenaq.StartOptions{ResultMode: tc.mode})
			if err == nil {
				err = readWideSequence(rows, 1000)
			}
			if err == nil {
				t.Fatal("no error surfaced")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v does not match %v", err, tc.is)
			}
			// A refused Start leaves nothing behind to stop: nothing more
			// is sent once the error has surfaced.
			before := env.Server.Stats().Calls["StartQueryExecution"]
			c.Close()
			if after := env.Server.Stats().Calls["StartQueryExecution"]; after != before {
				t.Errorf("%d StartQueryExecution calls after the error", after-before)
			}
			t.Logf("surfaced: %v", err)
		})
	}
}

// clientGoroutines counts the goroutines that are not the in-process
// emulator's (its handlers, query runners and DuckDB's), nor idle HTTP
// connections, nor the test's own workers (whose stacks hold one of the
// |-separated worker names): what the client and the runtime hold.
func clientGoroutines(worker string) int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	count := 0
	skip := []string{"athenaq/athenaq/emulator", "net/http.(*conn).serve", "duckdb",
		// Idle HTTP connections, which the transport keeps for reuse.
		"net/http.(*persistConn)"}
	if worker != "" {
		skip = append(skip, strings.Split(worker, "|")...)
	}
next:
	for _, g := range bytes.Split(buf, []byte("\n\n")) {
		for _, s := range skip {
			if bytes.Contains(g, []byte(s)) {
				continue next
			}
		}
		count++
	}
	return count
}

// figures samples the goroutines of the client and the Go heap while a load
// runs.
type figures struct {
	worker string // see clientGoroutines
	stop   chan struct{}
	done   chan struct{}

	mu         sync.Mutex // guards the fields below
	samples    []sample
	peakG      int
	peakClient int
	peakHeap   uint64
}

type sample struct {
	goroutines, client int
	heap               uint64 // HeapAlloc
}

// sampleFigures samples every interval until stop; with gc, each sample
// follows a garbage collection, so that heap is what is live.
func sampleFigures(interval time.Duration, worker string, gc bool) *figures {
	f := &figures{worker: worker, stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(f.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			f.take(gc)
			select {
			case <-f.stop:
				return
			case <-t.C:
			}
		}
	}()
	return f
}

func (f *figures) take(gc bool) {
	if gc {
		runtime.GC()
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	s := sample{goroutines: runtime.NumGoroutine(), client: clientGoroutines(f.worker), heap: ms.HeapAlloc}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.samples = append(f.samples, s)
	f.peakG, f.peakClient, f.peakHeap = max(f.peakG, s.goroutines), max(f.peakClient, s.client), max(f.peakHeap, s.heap)
}

// end stops the sampling.
func (f *figures) end() {
	close(f.stop)
	<-f.done
}

// thirds returns the mean client goroutines and heap of the first and the
// last third of the samples.
func (f *figures) thirds() (g0, g1 float64, h0, h1 float64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := len(f.samples) / 3
	mean := func(ss []sample) (float64, float64) {
		var g, h float64
		for _, s := range ss {
			g += float64(s.client)
			h += float64(s.heap)
		}
		return g / float64(len(ss)), h / float64(len(ss))
	}
	g0, h0 = mean(f.samples[:n])
	g1, h1 = mean(f.samples[len(f.samples)-n:])
	return
}

const mib = 1 << 20

// liveHeap returns the heap in use after a garbage collection.
func liveHeap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

func TestReliabilityLoadThroughOneClient(t *testing.T) {
	const queries, rowsEach, workers = 2000, 20, 100
	c, env := open(t, athenaq.Config{APILimits: loadLimits})
	ctx := context.Background()
	baseG, baseHeap := clientGoroutines("loadWorker"), liveHeap()
	f := sampleFigures(100*time.Millisecond, "loadWorker", false)
	begun := time.Now()
	var inFlight, peakInFlight atomic.Int64
	errs := make(chan error, queries)
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() { loadWorker(ctx, c, next, errs, rowsEach, &inFlight, &peakInFlight) })
	}
	for i := range queries {
		next <- i
	}
	close(next)
	wg.Wait()
	elapsed := time.Since(begun)
	f.end()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	c.Close()
	endG, endHeap := clientGoroutines("loadWorker"), liveHeap()
	st := env.Server.Stats()
	t.Logf("%d queries x %d rows through one Client from %d goroutines: %v (%.0f queries/s), up to %d in flight; "+
		"client goroutines: %d before, peak %d, %d after Close (all goroutines peak %d, the emulator's and the workers' included); "+
		"heap: %.1f MiB live before, peak %.1f MiB, %.1f MiB live after; calls: %d Start, %d BatchGet, %d Get, %d GetQueryResults",
		queries, rowsEach, workers, elapsed.Round(time.Millisecond), float64(queries)/elapsed.Seconds(), peakInFlight.Load(),
		baseG, f.peakClient, endG, f.peakG, float64(baseHeap)/mib, float64(f.peakHeap)/mib, float64(endHeap)/mib,
		st.Calls["StartQueryExecution"], st.Calls["BatchGetQueryExecution"], st.Calls["GetQueryExecution"], st.Calls["GetQueryResults"])
	// The client's goroutines do not grow with the queries in flight: a
	// poller, the open Rows' read-ahead and the HTTP requests in flight.
	if f.peakClient > baseG+2*workers+50 {
		t.Errorf("client goroutines peaked at %d (base %d) for %d queries in flight", f.peakClient, baseG, peakInFlight.Load())
	}
	if endG > baseG+10 {
		t.Errorf("%d client goroutines after Close, %d before", endG, baseG)
	}
	if endHeap > baseHeap+64*mib {
		t.Errorf("live heap grew from %.1f to %.1f MiB", float64(baseHeap)/mib, float64(endHeap)/mib)
	}
	if st.Queries["SUCCEEDED"] != queries {
		t.Errorf("emulator: %v, want %d SUCCEEDED", st.Queries, queries)
	}
}

// loadWorker runs the queries whose indexes come from next and checks
// their rows: 1..n in order, each with the query's own k.
func loadWorker(ctx context.Context, c *athenaq.Client, next <-chan int, errs chan<- error, n int, inFlight, peak *atomic.Int64) {
	for i := range next {
		q, err := c.Start(ctx, "SELECT n, ? AS k FROM unnest(sequence(1, "+fmt.Sprint(n)+")) AS t(n) ORDER BY n", int64(i))
		if err != nil {
			errs <- fmt.Errorf("query %d: %w", i, err)
			continue
		}
		now := inFlight.Add(1)
		for p := peak.Load(); now > p && !peak.CompareAndSwap(p, now); p = peak.Load() {
		}
		rows, err := q.Rows(ctx)
		inFlight.Add(-1)
		if err != nil {
			errs <- fmt.Errorf("query %d: %w", i, err)
			continue
		}
		want := int64(1)
		for rows.Next() {
			var got, k int64
			if err := rows.Scan(&got, &k); err != nil || got != want || k != int64(i) {
				errs <- fmt.Errorf("query %d row %d: (%d, %d), %v", i, want, got, k, err)
				break
			}
			want++
		}
		rows.Close()
		if err := rows.Err(); err != nil || want != int64(n)+1 {
			errs <- fmt.Errorf("query %d: %d rows, %v", i, want-1, err)
		}
	}
}
func TestReliabilityCancelStormLeavesNothingRunning(t *testing.T) {
	const queries, workers = 300, 30
	// Queries run for an hour unless stopped, and 20% of the calls,
	// stops included, are throttled.
	env := athenatest.Start(t, athenatest.WithOptions(emulator.Options{QueryDelay: time.Hour,
		Faults: emulator.Faults{ThrottleRate: 0.2, Seed: 31}}))
	leaks := goleak.IgnoreCurrent()
	cfg := env.ClientConfig()
	cfg.APILimits, cfg.PollInterval = loadLimits, 10*time.Millisecond
	c, err := athenaq.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var started, cutStarts atomic.Int64
	next := make(chan int)
	errs := make(chan error, queries)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				if err := cancelOne(c, i, &started, &cutStarts); err != nil {
					errs <- err
				}
			}
		})
	}
	for i := range queries {
		next <- i
	}
	close(next)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	// Close waits for the stops still in flight.
	c.Close()
	st := env.Server.Stats()
	total := sum(st.Queries)
	t.Logf("%d queries: %d started, %d Starts cut off; emulator: %v; %d stops sent, %d calls throttled",
		queries, started.Load(), cutStarts.Load(), st.Queries, st.Calls["StopQueryExecution"], sum(st.Throttled))
	if st.Queries["CANCELLED"] != total || total < started.Load() {
		t.Errorf("emulator holds %v, want all %d (at least the %d started) CANCELLED", st.Queries, total, started.Load())
	}
	if sum(st.Throttled) == 0 {
		t.Error("nothing was throttled: the storm was calm")
	}
	// A stopped query's goroutine ends on its own, but under load it may
	// still be setting up a DuckDB connection (which no context interrupts)
	// for longer than VerifyNone's second of retries: give it ten.
	opts := []goleak.Option{leaks, goleak.IgnoreTopFunction("internal/poll.runtime_pollWait"),
		goleak.IgnoreTopFunction("net/http.(*persistConn).writeLoop"), goleak.IgnoreTopFunction("net/http.(*persistConn).readLoop")}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		err := goleak.Find(opts...)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Error(err)
			break
		}
	}
}

// cancelOne starts query i and ends it one of three ways: Wait's context
// ends (the client stops it in the background), Cancel, or Start's own
// context ends while Start waits for Athena.
func cancelOne(c *athenaq.Client, i int, started, cutStarts *atomic.Int64) error {
	ctx := context.Background()
	switch i % 3 {
	case 0:
		q, err := c.Start(ctx, "SELECT ?", int64(i))
		if err != nil {
			return err
		}
		started.Add(1)
		wctx, cancel := context.WithTimeout(ctx, time.Duration(rand.IntN(30))*time.Millisecond)
		defer cancel()
		_, err = q.Wait(wctx)
		if !errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("query %d: Wait = %v, want the deadline", i, err)
		}
	case 1:
		q, err := c.Start(ctx, "SELECT ?", int64(i))
		if err != nil {
			return err
		}
		started.Add(1)
		if err := q.Cancel(ctx); err != nil {
			return fmt.Errorf("query %d: Cancel: %w", i, err)
		}
		if st := q.Status(); st.State != athenaq.StateCancelled {
			return fmt.Errorf("query %d: %s after Cancel", i, st.State)
		}
	case 2:
		sctx, cancel := context.WithTimeout(ctx, time.Duration(rand.IntN(15))*time.Millisecond)
		defer cancel()
		q, err := c.Start(sctx, "SELECT ?", int64(i))
		if err != nil {
			if !errors.Is(err, context.DeadlineExceeded) {
				return fmt.Errorf("query %d: Start = %v, want the deadline", i, err)
			}
			cutStarts.Add(1)
			return nil
		}
		started.Add(1)
		if _, err := q.Wait(sctx); !errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("query %d: Wait = %v, want the deadline", i, err)
		}
	}
	return nil
}

func TestReliabilitySoak(t *testing.T) {
	d := soakDuration()
	const workers = 8
	c, env := open(t, athenaq.Config{APILimits: loadLimits, RetryFailedQueries: 3, S3PartSize: 16 << 10},
		athenatest.WithOptions(emulator.Options{DataDir: t.TempDir(), // results on disk, not in the heap
			Faults: emulator.Faults{ThrottleRate: 0.1, ErrorRate: 0.02, S3CutRate: 0.05, FailRate: 0.05, Seed: 41}}))
	f := sampleFigures(min(max(d/40, 100*time.Millisecond), 2*time.Second), "soakWorker", true)
	deadline := time.Now().Add(d)
	var ops [4]atomic.Int64
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			if err := soakWorker(c, w, deadline, &ops); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	f.end()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	g0, g1, h0, h1 := f.thirds()
	st := env.Server.Stats()
	t.Logf("soak of %v, %d workers: %d reads (every row checked), %d cancels, %d deadlines, %d parameter round trips; "+
		"%d samples; client goroutines %.1f first third, %.1f last third, peak %d; live heap %.1f MiB first third, %.1f MiB last third, peak %.1f MiB; "+
		"emulator: %v, throttled %d, 5xx %d, S3 cuts %d",
		d, workers, ops[0].Load(), ops[1].Load(), ops[2].Load(), ops[3].Load(), len(f.samples), g0, g1, f.peakClient,
		h0/mib, h1/mib, float64(f.peakHeap)/mib, st.Queries, sum(st.Throttled), sum(st.Errors), st.S3Cuts)
	if g1 > g0*1.5+20 {
		t.Errorf("client goroutines grew from %.1f to %.1f", g0, g1)
	}
	// The heap is the in-process emulator's too, and its history keeps up
	// to 10,000 finished queries: a few KiB each are allowed for.
	history := float64(min(sum(st.Queries), 10000)) * 4096
	if h1 > h0*1.5+24*mib+history {
		t.Errorf("live heap grew from %.1f to %.1f MiB (%.1f MiB allowed for the emulator's history)", h0/mib, h1/mib, history/mib)
	}
}

// soakWorker runs a mix of reads, cancels, deadlines and parameter round
// trips until deadline, counting each in ops.
func soakWorker(c *athenaq.Client, w int, deadline time.Time, ops *[4]atomic.Int64) error {
	ctx := context.Background()
	for i := 0; time.Now().Before(deadline); i++ {
		switch op := (w + i) % 4; op {
		case 0:
			mode := transports[i%len(transports)]
			rows, err := c.Query(ctx, wideSequenceSQL(2000), athenaq.StartOptions{ResultMode: mode})
			if err == nil {
				err = readWideSequence(rows, 2000)
			}
			if err != nil {
				return fmt.Errorf("worker %d read %d (%s): %w", w, i, mode, err)
			}
		case 1:
			q, err := c.Start(ctx, "SELECT count(*) FROM unnest(sequence(1, 100000)) AS t(n)")
			if err != nil {
				return fmt.Errorf("worker %d cancel %d: %w", w, i, err)
			}
			if err := q.Cancel(ctx); err != nil {
				return fmt.Errorf("worker %d cancel %d: %w", w, i, err)
			}
		case 2:
			dctx, cancel := context.WithTimeout(ctx, time.Duration(rand.IntN(20))*time.Millisecond)
			_, err := c.Exec(dctx, "SELECT 1")
			cancel()
			if err != nil && !errors.Is(err, context.DeadlineExceeded) {
				return fmt.Errorf("worker %d deadline %d: %w", w, i, err)
			}
		case 3:
			want := fmt.Sprintf("w%d-i%d-'quoted'", w, i)
			var got string
			if err := c.QueryRow(ctx, "SELECT ?", want).Scan(&got); err != nil || got != want {
				return fmt.Errorf("worker %d round trip %d: %q, %v", w, i, got, err)
			}
		}
		ops[(w+i)%4].Add(1)
	}
	return nil
}
