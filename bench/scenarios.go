package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"time"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/emulator"
)

// The scenarios, in the order they run.
const (
	scLatency     = "latency"
	scConcurrency = "concurrency"
	scThroughput  = "throughput"
	scCancel      = "cancel"
)

var allScenarios = []string{scLatency, scConcurrency, scThroughput, scCancel}

// plan is what a run measures: the scenarios and their sizes.
type plan struct {
	Scenarios []string
	Designs   []string
	Latency   int   // sequential queries of the latency scenario
	N         []int // queries of the concurrency scenario
	Rows      []int // result sizes of the throughput scenario
	Cancel    int   // queries of the cancel storm
	Pool      int   // goroutines of the pool design
	Interval  time.Duration
	Peers     bool
	PyAthena  string // PYATHENA_SRC
}

// measure runs one child measurement against a fresh emulator with opts
// and returns its result with the emulator's statistics.
func measure(ctx context.Context, opts emulator.Options, spec childSpec) (childResult, emulator.Stats, error) {
	srv, err := startEmulator(opts)
	if err != nil {
		return childResult{}, emulator.Stats{}, err
	}
	defer srv.Close()
	spec.Endpoint = srv.URL()
	res, err := spawn(ctx, spec)
	return res, srv.Stats(), err
}

func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}

// shortIdeal is the least time of one short query end to end: Start, the
// query itself, one status check and one page of results.
const shortIdeal = apiLatency + shortQuery + apiLatency + apiLatency + pageLatency

// latencyScenario runs p.Latency short queries one after another through
// each design and reports the median time per query.
func latencyScenario(ctx context.Context, p plan) Scenario {
	sc := Scenario{Name: scLatency, Title: fmt.Sprintf("Short-query latency: a %s query, %d in a row (median per query)", shortQuery, p.Latency),
		Limit: fmt.Sprintf("Start + the query + one status call + one results page = %s", shortIdeal)}
	for _, d := range p.Designs {
		progress("latency: %s, %d queries", d, p.Latency)
		res, st, err := measure(ctx, realistic(shortQuery), childSpec{Kind: scLatency, Design: d, N: p.Latency, Pool: p.Pool, Interval: p.Interval})
		sc.Rows = append(sc.Rows, designRow(d, strconv.Itoa(p.Latency), median(res.Latencies), shortIdeal, p.Latency, res, st, err))
	}
	if p.Peers && p.PyAthena != "" {
		sc.Rows = append(sc.Rows, pyathenaRows(ctx, p, scLatency, p.Latency)...)
	}
	return sc
}

// concurrencyScenario runs N short queries at once through each design.
func concurrencyScenario(ctx context.Context, p plan) Scenario {
	sc := Scenario{Name: scConcurrency, Title: fmt.Sprintf("Concurrent queries: N queries of %s at once (wall time)", shortQuery),
		Limit: fmt.Sprintf("the StartQueryExecution quota (%g/s after a burst of %d) + one query end to end (%s)", startRate, startBurst, shortIdeal)}
	for _, n := range p.N {
		for _, d := range p.Designs {
			progress("concurrency: %s, N=%d", d, n)
			res, st, err := measure(ctx, realistic(shortQuery), childSpec{Kind: scConcurrency, Design: d, N: n, Pool: p.Pool, Interval: p.Interval})
			sc.Rows = append(sc.Rows, designRow(d, strconv.Itoa(n), res.Seconds, concurrencyIdeal(n), n, res, st, err))
		}
		if p.Peers && p.PyAthena != "" {
			sc.Rows = append(sc.Rows, pyathenaRows(ctx, p, scConcurrency, n)...)
		}
	}
	return sc
}

// concurrencyIdeal is the least wall time of n concurrent short queries.
func concurrencyIdeal(n int) time.Duration { return startBound(n) + shortIdeal }

func designRow(system, size string, observed float64, limit time.Duration, n int, res childResult, st emulator.Stats, err error) Row {
	calls, throttled := callsPerQuery(st, n)
	row := Row{System: system, Size: size, Seconds: observed, LimitSeconds: limit.Seconds(), CallsPerQuery: calls, Throttled: throttled,
		PeakGoroutines: res.PeakGoroutines, PeakHeapMiB: res.PeakHeapMiB, PeakRSSMiB: res.PeakRSSMiB}
	row.Error = errText(err, res.Error)
	return withRatio(row)
}

func errText(err error, childErr string) string {
	switch {
	case err != nil:
		return err.Error()
	default:
		return childErr
	}
}

// throughputScenario reads results of each size through each transport.
func throughputScenario(ctx context.Context, p plan) Scenario {
	sc := Scenario{Name: scThroughput, Title: "Result throughput per transport (every value decoded)",
		Limit: fmt.Sprintf("api: one %s page call per 1000 rows; csv: one page call (the column types) and fetching the CSV file "+
			"from S3 without decoding; unload: fetching the Parquet files without decoding", apiLatency+pageLatency)}
	for _, n := range p.Rows {
		for _, mode := range transports {
			progress("throughput: %s, %d rows", mode, n)
			opts := realistic(0)
			dir, err := os.MkdirTemp("", "athenaq-bench-*")
			if err != nil {
				sc.Rows = append(sc.Rows, Row{System: string(mode), Size: rowsLabel(n), Error: err.Error()})
				continue
			}
			// On disk, so that the emulator holds no result in memory.
			opts.DataDir = dir
			res, _, err := measure(ctx, opts, childSpec{Kind: scThroughput, Mode: string(mode), SQL: throughputSQL(n)})
			os.RemoveAll(dir)
			sc.Rows = append(sc.Rows, throughputRow(mode, n, res, err))
		}
	}
	return sc
}

func throughputRow(mode athenaq.ResultMode, n int, res childResult, err error) Row {
	row := Row{System: string(mode), Size: rowsLabel(n), Seconds: res.Seconds, PeakRSSMiB: res.PeakRSSMiB, PeakHeapMiB: res.PeakHeapMiB}
	switch mode {
	case athenaq.ResultAPI:
		row.LimitSeconds = apiBound(n).Seconds()
	case athenaq.ResultCSV:
		// The CSV file has no types: one GetQueryResults call gives them.
		row.LimitSeconds = (apiLatency + pageLatency).Seconds() + res.RawSeconds
	default:
		row.LimitSeconds = res.RawSeconds
	}
	if res.Seconds > 0 {
		row.RowsPerSec = float64(res.Rows) / res.Seconds
		row.MBPerSec = float64(res.Bytes) / 1e6 / res.Seconds
	}
	if err == nil && res.Error == "" && res.Rows != int64(n) {
		res.Error = fmt.Sprintf("read %d rows, want %d", res.Rows, n)
	}
	row.Error = errText(err, res.Error)
	return withRatio(row)
}

// rowsLabel writes a row count as 1e5, 5e6, or plainly.
func rowsLabel(n int) string {
	for e, p := 0, 1; p <= n; e, p = e+1, p*10 {
		if n%p == 0 && n/p < 10 && e >= 3 {
			return fmt.Sprintf("%de%d rows", n/p, e)
		}
	}
	return strconv.Itoa(n) + " rows"
}

// cancelScenario starts N never-ending queries and cancels them at once.
func cancelScenario(ctx context.Context, p plan) Scenario {
	limit := startBound(p.Cancel) + 2*apiLatency
	sc := Scenario{Name: scCancel, Title: "Cancel storm: time until every query is CANCELLED",
		Limit: fmt.Sprintf("the StopQueryExecution quota (%g/s after a burst of %d) + a stop and a status call", startRate, startBurst)}
	progress("cancel: athenaq, N=%d", p.Cancel)
	res, st, err := measure(ctx, realistic(time.Hour), childSpec{Kind: scCancel, N: p.Cancel})
	if err == nil && res.Error == "" && st.Queries["CANCELLED"] != int64(p.Cancel) {
		res.Error = fmt.Sprintf("emulator: %d CANCELLED, want %d", st.Queries["CANCELLED"], p.Cancel)
	}
	_, throttled := callsPerQuery(st, p.Cancel)
	row := Row{System: designAthenaq, Size: strconv.Itoa(p.Cancel), Seconds: res.Seconds, LimitSeconds: limit.Seconds(),
		Throttled: throttled, PeakGoroutines: res.PeakGoroutines, PeakHeapMiB: res.PeakHeapMiB, Error: errText(err, res.Error)}
	sc.Rows = append(sc.Rows, withRatio(row))
	return sc
}

// median returns the middle value of xs (0 for none).
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(xs))
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
