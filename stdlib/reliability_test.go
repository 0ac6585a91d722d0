package stdlib_test

// The database/sql part of the reliability suite (go test -race -run
// Reliability . ./stdlib): load through a pool, retries of failed queries
// configured by DSN, and a cancel storm. The figures are printed with
// t.Logf.

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/emulator"
	"github.com/athenaq/athenaq/stdlib"
)

// liftedLimits lift the client's API quotas, which the emulator does not
// enforce here, so that the load measures the driver, not token buckets.
var liftedLimits = map[string]athenaq.Limit{
	"StartQueryExecution": {PerSecond: 2000, Burst: 2000}, "StopQueryExecution": {PerSecond: 2000, Burst: 2000},
	"GetQueryExecution": {PerSecond: 2000, Burst: 2000}, "BatchGetQueryExecution": {PerSecond: 500, Burst: 500},
	"GetQueryResults": {PerSecond: 2000, Burst: 2000},
}

// driverGoroutines counts the goroutines that are neither the in-process
// emulator's, nor idle HTTP connections, nor the test's workers (whose
// stacks hold worker).
func driverGoroutines(worker string) int {
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
next:
	for _, g := range bytes.Split(buf, []byte("\n\n")) {
		for _, s := range []string{"athenaq/athenaq/emulator", "net/http.(*conn).serve", "duckdb", "net/http.(*persistConn)", worker} {
			if bytes.Contains(g, []byte(s)) {
				continue next
			}
		}
		count++
	}
	return count
}

func liveHeap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

func TestReliabilityLoadThroughAPoolOf50(t *testing.T) {
	const queries, pool, rowsEach = 2000, 50, 20
	db, env := openDB(t, athenaq.Config{APILimits: liftedLimits}, nil)
	db.SetMaxOpenConns(pool)
	db.SetMaxIdleConns(pool)
	ctx := context.Background()
	baseG, baseHeap := driverGoroutines("poolWorker"), liveHeap()
	var mu sync.Mutex
	peakG, peakHeap := 0, uint64(0)
	stop, sampled := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			g := driverGoroutines("poolWorker")
			mu.Lock()
			peakG, peakHeap = max(peakG, g), max(peakHeap, ms.HeapAlloc)
			mu.Unlock()
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	begun := time.Now()
	next := make(chan int)
	errs := make(chan error, queries)
	var wg sync.WaitGroup
	for range pool {
		wg.Go(func() { poolWorker(ctx, db, next, errs, rowsEach) })
	}
	for i := range queries {
		next <- i
	}
	close(next)
	wg.Wait()
	elapsed := time.Since(begun)
	close(stop)
	<-sampled
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	stats := db.Stats()
	db.Close()
	endG, endHeap := driverGoroutines("poolWorker"), liveHeap()
	st := env.Server.Stats()
	t.Logf("%d queries x %d rows through database/sql, pool of %d: %v (%.0f queries/s); pool: %d open at most, %d waits for a connection; "+
		"driver goroutines: %d before, peak %d, %d after Close; heap: %.1f MiB live before, peak %.1f MiB, %.1f MiB live after; "+
		"calls: %d Start, %d BatchGet, %d Get, %d GetQueryResults",
		queries, rowsEach, pool, elapsed.Round(time.Millisecond), float64(queries)/elapsed.Seconds(), stats.MaxOpenConnections,
		stats.WaitCount, baseG, peakG, endG, float64(baseHeap)/(1<<20), float64(peakHeap)/(1<<20), float64(endHeap)/(1<<20),
		st.Calls["StartQueryExecution"], st.Calls["BatchGetQueryExecution"], st.Calls["GetQueryExecution"], st.Calls["GetQueryResults"])
	if peakG > baseG+4*pool+100 {
		t.Errorf("driver goroutines peaked at %d (base %d)", peakG, baseG)
	}
	if endG > baseG+10 {
		t.Errorf("%d driver goroutines after Close, %d before", endG, baseG)
	}
	if endHeap > baseHeap+64<<20 {
		t.Errorf("live heap grew from %.1f to %.1f MiB", float64(baseHeap)/(1<<20), float64(endHeap)/(1<<20))
	}
	if st.Queries["SUCCEEDED"] != queries {
		t.Errorf("emulator: %v, want %d SUCCEEDED", st.Queries, queries)
	}
}

// poolWorker runs the queries whose indexes come from next and checks
// their rows: 1..n in order, each with the query's own k.
func poolWorker(ctx context.Context, db *sql.DB, next <-chan int, errs chan<- error, n int) {
	for i := range next {
		rows, err := db.QueryContext(ctx, fmt.Sprintf("SELECT n, ? AS k FROM unnest(sequence(1, %d)) AS t(n) ORDER BY n", n), i)
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

func TestReliabilityRetryFailedQueriesThroughADSN(t *testing.T) {
	for _, tc := range []struct {
		name    string
		extra   string
		retried bool
	}{
		{"retry_failed_queries=3", "retry_failed_queries=3", true},
		{"off by default", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := athenatest.Start(t, athenatest.WithOptions(emulator.Options{Faults: emulator.Faults{FailFirst: 2}}))
			db, err := sql.Open("athena", dsn(env, tc.extra))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			ctx := context.Background()
			conn, err := db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			var first string
			qctx := stdlib.WithQueryIDCallback(ctx, func(id string) { first = id })
			rows, err := conn.QueryContext(qctx, "SELECT n FROM unnest(sequence(1, 3000)) AS t(n) ORDER BY n")
			last, lerr := stdlib.LastQueryID(conn)
			if lerr != nil {
				t.Fatal(lerr)
			}
			if !tc.retried {
				var qe *athenaq.QueryError
				if !errors.As(err, &qe) || !qe.Retryable || last != first {
					t.Fatalf("QueryContext = %v, last id %s (first %s); want the retryable failure of the first attempt", err, last, first)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := 1
			for rows.Next() {
				var n int
				if err := rows.Scan(&n); err != nil || n != want {
					t.Fatalf("row %d: %d, %v", want, n, err)
				}
				want++
			}
			rows.Close()
			if err := rows.Err(); err != nil || want != 3001 {
				t.Fatalf("%d rows, %v", want-1, err)
			}
			if first == "" || last == first {
				t.Errorf("LastQueryID %s, first attempt %s: want the third attempt", last, first)
			}
			if st := env.Server.Stats().Queries; st["FAILED"] != 2 || st["SUCCEEDED"] != 1 {
				t.Errorf("emulator: %v, want 2 FAILED and 1 SUCCEEDED", st)
			}
		})
	}
}

func TestReliabilityCancelStormThroughAPool(t *testing.T) {
	const queries, pool = 150, 30
	env := athenatest.Start(t, athenatest.WithOptions(emulator.Options{QueryDelay: time.Hour,
		Faults: emulator.Faults{ThrottleRate: 0.2, Seed: 61}}))
	leaks := goleak.IgnoreCurrent()
	db := stdlib.OpenDB(withEnv(env, athenaq.Config{APILimits: liftedLimits}))
	db.SetMaxOpenConns(pool)
	next := make(chan int)
	errs := make(chan error, queries)
	var wg sync.WaitGroup
	for range pool {
		wg.Go(func() {
			for i := range next {
				ctx, cancel := context.WithTimeout(context.Background(), time.Duration(20+rand.IntN(30))*time.Millisecond)
				_, err := db.QueryContext(ctx, "SELECT ?", i)
				cancel()
				if !errors.Is(err, context.DeadlineExceeded) {
					errs <- fmt.Errorf("query %d: %v, want the deadline", i, err)
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
	db.Close() // closes the Client, which waits for the stops in flight
	st := env.Server.Stats()
	var total int64
	for _, n := range st.Queries {
		total += n
	}
	t.Logf("%d queries through a pool of %d, each cut off by its deadline: emulator %v, %d stops sent", queries, pool,
		st.Queries, st.Calls["StopQueryExecution"])
	if st.Queries["CANCELLED"] != total {
		t.Errorf("emulator holds %v, want every query CANCELLED", st.Queries)
	}
	goleak.VerifyNone(t, leaks, goleak.IgnoreTopFunction("internal/poll.runtime_pollWait"),
		goleak.IgnoreTopFunction("net/http.(*persistConn).writeLoop"), goleak.IgnoreTopFunction("net/http.(*persistConn).readLoop"))
}
