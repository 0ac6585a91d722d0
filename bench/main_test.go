package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/athenaq/athenaq"
)

// TestMain lets the test binary serve as a measurement child, as the bench
// binary does: spawn re-executes os.Executable.
func TestMain(m *testing.M) {
	if spec, ok := os.LookupEnv(childEnv); ok {
		os.Exit(runChild(spec))
	}
	os.Exit(m.Run())
}

func TestRatio(t *testing.T) {
	tests := []struct {
		name            string
		observed, limit float64
		want            float64
	}{
		{"at the limit", 2, 2, 1},
		{"twice the limit", 3, 1.5, 2},
		{"no limit known", 1, 0, 0},
		{"nothing observed", 0, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ratio(tt.observed, tt.limit); got != tt.want {
				t.Errorf("ratio(%v, %v) = %v, want %v", tt.observed, tt.limit, got, tt.want)
			}
		})
	}
}

func TestBounds(t *testing.T) {
	tests := []struct {
		name string
		got  time.Duration
		want time.Duration
	}{
		{"starts within the burst", startBound(80), 0},
		{"1000 starts wait for 920 tokens at 20/s", startBound(1000), 46 * time.Second},
		{"1000 rows and the header are two pages", apiBound(1000), 2 * (apiLatency + pageLatency)},
		{"999 rows and the header are one page", apiBound(999), apiLatency + pageLatency},
		{"1000 concurrent queries", concurrencyIdeal(1000), 46*time.Second + shortIdeal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %s, want %s", tt.got, tt.want)
			}
		})
	}
}

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		check   func(o options) bool
		wantErr string
	}{
		{name: "full sizes by default", args: nil, check: func(o options) bool {
			return reflect.DeepEqual(o.N, []int{100, 1000}) && reflect.DeepEqual(o.Rows, []int{100_000, 1_000_000, 5_000_000}) &&
				o.Cancel == 500 && !o.Quick && reflect.DeepEqual(o.Scenarios, allScenarios)
		}},
		{name: "quick sizes", args: []string{"-quick"}, check: func(o options) bool {
			return reflect.DeepEqual(o.N, []int{10}) && o.Latency == 3 && o.Cancel == 50 && o.Quick
		}},
		{name: "sizes override quick", args: []string{"-quick", "-n", "5, 7", "-rows", "2000", "-cancel", "9"}, check: func(o options) bool {
			return reflect.DeepEqual(o.N, []int{5, 7}) && reflect.DeepEqual(o.Rows, []int{2000}) && o.Cancel == 9
		}},
		{name: "a subset of scenarios and designs", args: []string{"-scenarios", "cancel,latency", "-designs", "athenaq", "-svg", "out"}, check: func(o options) bool {
			return reflect.DeepEqual(o.Scenarios, []string{"cancel", "latency"}) && reflect.DeepEqual(o.Designs, []string{"athenaq"}) && o.SVG == "out"
		}},
		{name: "unknown scenario", args: []string{"-scenarios", "latency,speed"}, wantErr: `-scenarios: unknown "speed"`},
		{name: "unknown design", args: []string{"-designs", "fibers"}, wantErr: `-designs: unknown "fibers"`},
		{name: "size that is not a number", args: []string{"-n", "10,x"}, wantErr: `-n: "x" is not a positive integer`},
		{name: "zero rows", args: []string{"-rows", "0"}, wantErr: `-rows: "0" is not a positive integer`},
		{name: "empty pool", args: []string{"-pool", "0"}, wantErr: "-pool 0"},
		{name: "stray argument", args: []string{"now"}, wantErr: `unexpected argument "now"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := parseFlags(tt.args, io.Discard)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("parseFlags(%q) error = %v, want %q", tt.args, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(o) {
				t.Errorf("parseFlags(%q) = %+v", tt.args, o)
			}
		})
	}
}

func TestRowsLabel(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{{100_000, "1e5 rows"}, {5_000_000, "5e6 rows"}, {50_000, "5e4 rows"}, {1234, "1234 rows"}, {10, "10 rows"}, {12_000, "12000 rows"}}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := rowsLabel(tt.n); got != tt.want {
				t.Errorf("rowsLabel(%d) = %q, want %q", tt.n, got, tt.want)
			}
		})
	}
}

func sampleReport() *Report {
	return &Report{Date: "2026-12-05 07:00 UTC", Machine: Machine{OS: "linux", Arch: "amd64", CPUs: 2, GoVersion: "go1.26.8"},
		Settings: Settings{APILatency: "40ms", PageLatency: "150ms", QueryDelay: "300ms", AthenaQuotas: true, PoolSize: 10, PollInterval: "1s"},
		Scenarios: []Scenario{{Name: "latency", Title: "Short-query latency", Limit: "570ms", Rows: []Row{
			withRatio(Row{System: "blocking", Size: "3", Seconds: 1.33, LimitSeconds: 0.57, CallsPerQuery: 4}),
			withRatio(Row{System: "athenaq", Size: "3", Seconds: 0.6, LimitSeconds: 0.57, CallsPerQuery: 5.5, Error: "boom"}),
		}}},
		Peers: []Peer{{Name: "segmentio/go-athena", Status: "skipped", Reason: "not served by the module proxy here"}},
	}
}

func TestWriteTableShowsFilledColumnsOnly(t *testing.T) {
	var buf bytes.Buffer
	sampleReport().WriteTable(&buf)
	out := buf.String()
	for _, want := range []string{
		"| system   | size | observed | limit  | ratio | calls/query | error |",
		"| blocking | 3    | 1.330s   | 0.570s | 2.33x | 4.00        |       |",
		"| athenaq  | 3    | 0.600s   | 0.570s | 1.05x | 5.50        | boom  |",
		"- segmentio/go-athena: skipped: not served by the module proxy here",
		"2 CPUs, go1.26.8",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "rows/s") || strings.Contains(out, "peak RSS") {
		t.Errorf("table shows empty columns:\n%s", out)
	}
}

func TestWriteJSONRoundTrips(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bench.json")
	rep := sampleReport()
	if err := rep.WriteJSON(path); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&back, rep) {
		t.Errorf("round trip:\n got %+v\nwant %+v", back, *rep)
	}
	if !bytes.Contains(data, []byte(`"ratio": 2.3333`)) {
		t.Errorf("JSON lacks the ratio:\n%s", data)
	}
}

func TestChartSeriesGroupsBySizeAndSystem(t *testing.T) {
	sc := Scenario{Rows: []Row{
		{System: "pool", Size: "100", Ratio: 3}, {System: "athenaq", Size: "100", Ratio: 1.2}, {System: "athenaq", Size: "1000", Ratio: 1.1},
	}}
	sizes, systems, ratios := chartSeries(sc)
	if !reflect.DeepEqual(sizes, []string{"100", "1000"}) || !reflect.DeepEqual(systems, []string{"pool", "athenaq"}) {
		t.Fatalf("sizes %q, systems %q", sizes, systems)
	}
	want := map[string][]float64{"pool": {3, 0}, "athenaq": {1.2, 1.1}}
	if !reflect.DeepEqual(ratios, want) {
		t.Errorf("ratios = %v, want %v", ratios, want)
	}
}

func TestWriteChartsWritesOneSVGPerScenario(t *testing.T) {
	dir := t.TempDir()
	files, err := writeCharts(sampleReport(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || filepath.Base(files[0]) != "latency.svg" {
		t.Fatalf("files = %q", files)
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte("<svg")) || !bytes.Contains(data, []byte("athenaq")) {
		t.Errorf("chart is not an SVG naming the systems: %.200s", data)
	}
}

// TestSmokeScenarios runs a tiny latency scenario and a tiny CSV read end
// to end: emulator, child process, statistics. It checks what happened,
// not how fast.
func TestSmokeScenarios(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the emulator and child processes")
	}
	ctx := context.Background()
	sc := latencyScenario(ctx, plan{Designs: []string{designAthenaq}, Latency: 1, Pool: 1, Interval: time.Second})
	if len(sc.Rows) != 1 {
		t.Fatalf("rows = %+v", sc.Rows)
	}
	r := sc.Rows[0]
	if r.Error != "" {
		t.Fatal(r.Error)
	}
	// Start, at least one status check, one page of results.
	if r.Seconds <= 0 || r.CallsPerQuery < 3 || r.PeakGoroutines < 1 || r.Ratio <= 0 {
		t.Errorf("row = %+v", r)
	}

	opts := realistic(0)
	opts.APILatency, opts.PageLatency = 0, 0
	res, _, err := measure(ctx, opts, childSpec{Kind: scThroughput, Mode: string(athenaq.ResultCSV), SQL: throughputSQL(2500)})
	if err != nil {
		t.Fatal(err)
	}
	row := throughputRow(athenaq.ResultCSV, 2500, res, nil)
	if row.Error != "" || res.Rows != 2500 || res.Bytes == 0 || row.PeakRSSMiB <= 0 {
		t.Errorf("throughput row = %+v, result %+v", row, res)
	}
}

func TestPyAthenaPeerSaysWhyItIsSkipped(t *testing.T) {
	p := pyathenaPeer("")
	if p.Status != "skipped" || !strings.Contains(p.Reason, "PYATHENA_SRC is not set") {
		t.Errorf("pyathenaPeer(\"\") = %+v", p)
	}
}

func TestPythonEnvPointsBoto3AtTheEmulator(t *testing.T) {
	t.Setenv("PYTHONPATH", "/site")
	env := pythonEnv("/src/pyathena", "http://127.0.0.1:4566")
	for _, want := range []string{"PYTHONPATH=/src/pyathena" + string(os.PathListSeparator) + "/site",
		"AWS_ENDPOINT_URL=http://127.0.0.1:4566", "BENCH_OUTPUT=" + output, "AWS_ACCESS_KEY_ID=bench"} {
		if !slices.Contains(env, want) {
			t.Errorf("environment lacks %q", want)
		}
	}
}
