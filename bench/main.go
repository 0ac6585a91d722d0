// Command bench compares athenaq's design (query handles on one client,
// with one batched status poller) with the blocking and thread-pool designs
// of other Athena clients, and measures its result transports and cancel
// path, against the emulator with realistic latency and Athena's quotas. It
// prints one table per scenario, with the physical limit of each and the
// ratio to it, and writes the figures as JSON (and charts with -svg).
//
//	go run ./bench -quick             # every scenario, small sizes, < 3 min
//	go run ./bench                    # full sizes (N = 100 and 1000; long)
//	go run ./bench -svg bench/charts  # also write a chart per scenario
//
// See bench/README.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"time"
)

func main() {
	if spec, ok := os.LookupEnv(childEnv); ok {
		os.Exit(runChild(spec))
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// options are the command line's settings.
type options struct {
	plan
	Quick bool
	JSON  string
	SVG   string
}

// parseFlags reads the command line into options; -quick picks the small
// sizes, which the size flags then override.
func parseFlags(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	quick := fs.Bool("quick", false, "run every scenario at a small size (under 3 minutes)")
	jsonPath := fs.String("json", "bench-results.json", "write the figures as JSON to `FILE` (empty: do not)")
	svg := fs.String("svg", "", "write a chart per scenario as SVG into `DIR`")
	scen := fs.String("scenarios", strings.Join(allScenarios, ","), "scenarios to run, comma-separated")
	des := fs.String("designs", strings.Join(designs, ","), "client designs to compare, comma-separated")
	ns := fs.String("n", "", "queries of the concurrency scenario, comma-separated (default 100,1000; -quick 10)")
	rows := fs.String("rows", "", "result sizes of the throughput scenario, comma-separated (default 100000,1000000,5000000; -quick 10000,40000)")
	latency := fs.Int("latency-queries", 0, "queries of the latency scenario (default 20; -quick 3)")
	cancel := fs.Int("cancel", 0, "queries of the cancel storm (default 500; -quick 50)")
	pool := fs.Int("pool", 10, "goroutines of the pool design (PyAthena's AsyncCursor default on 2 cores: 5 per core)")
	interval := fs.Duration("interval", time.Second, "status-loop interval of the blocking and pool designs")
	peers := fs.Bool("peers", true, "measure the peers that can run here (PyAthena with PYATHENA_SRC)")
	if err := fs.Parse(args); err != nil {
		return options{}, err
	}
	if fs.NArg() > 0 {
		return options{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	o := options{Quick: *quick, JSON: *jsonPath, SVG: *svg}
	p := &o.plan
	p.Pool, p.Interval, p.Peers, p.PyAthena = *pool, *interval, *peers, os.Getenv("PYATHENA_SRC")
	p.Latency, p.N, p.Rows, p.Cancel = 20, []int{100, 1000}, []int{100_000, 1_000_000, 5_000_000}, 500
	if *quick {
		p.Latency, p.N, p.Rows, p.Cancel = 3, []int{10}, []int{10_000, 40_000}, 50
	}
	var err error
	if p.Scenarios, err = names("-scenarios", *scen, allScenarios); err != nil {
		return o, err
	}
	if p.Designs, err = names("-designs", *des, designs); err != nil {
		return o, err
	}
	if *ns != "" {
		if p.N, err = ints("-n", *ns); err != nil {
			return o, err
		}
	}
	if *rows != "" {
		if p.Rows, err = ints("-rows", *rows); err != nil {
			return o, err
		}
	}
	if *latency > 0 {
		p.Latency = *latency
	}
	if *cancel > 0 {
		p.Cancel = *cancel
	}
	if p.Pool < 1 {
		return o, fmt.Errorf("-pool %d: want at least 1", p.Pool)
	}
	if p.Interval <= 0 {
		return o, fmt.Errorf("-interval %s: want a positive duration", p.Interval)
	}
	return o, nil
}

// names splits a comma-separated list and checks each name against known.
func names(flagName, list string, known []string) ([]string, error) {
	var out []string
	for f := range strings.SplitSeq(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !slices.Contains(known, f) {
			return nil, fmt.Errorf("%s: unknown %q (want some of %s)", flagName, f, strings.Join(known, ","))
		}
		out = append(out, f)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: empty list", flagName)
	}
	return out, nil
}

// ints parses a comma-separated list of positive integers.
func ints(flagName, list string) ([]int, error) {
	var out []int
	for f := range strings.SplitSeq(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%s: %q is not a positive integer", flagName, f)
		}
		out = append(out, n)
	}
	return out, nil
}

func run(args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "bench: %v\n", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	rep := runPlan(ctx, o.plan, o.Quick)
	rep.WriteTable(stdout)
	if o.JSON != "" {
		if err := rep.WriteJSON(o.JSON); err != nil {
			fmt.Fprintf(stderr, "bench: %v\n", err)
			return 1
		}
		fmt.Fprintf(stderr, "bench: wrote %s\n", o.JSON)
	}
	if o.SVG != "" {
		files, err := writeCharts(rep, o.SVG)
		if err != nil {
			fmt.Fprintf(stderr, "bench: %v\n", err)
			return 1
		}
		fmt.Fprintf(stderr, "bench: wrote %s\n", strings.Join(files, ", "))
	}
	for _, sc := range rep.Scenarios {
		for _, r := range sc.Rows {
			if r.Error != "" && !strings.HasPrefix(r.System, "PyAthena") {
				return 1
			}
		}
	}
	return 0
}

// runPlan runs the scenarios of p in order.
func runPlan(ctx context.Context, p plan, quick bool) *Report {
	rep := &Report{Date: time.Now().UTC().Format("2006-01-02 15:04 MST"), Machine: thisMachine(), Quick: quick,
		Settings: Settings{APILatency: dur(apiLatency), PageLatency: dur(pageLatency), QueryDelay: dur(shortQuery),
			AthenaQuotas: true, PoolSize: p.Pool, PollInterval: dur(p.Interval)}}
	if p.Peers {
		py := pyathenaPeer(p.PyAthena)
		if py.Status != "measured" {
			p.PyAthena = ""
		}
		rep.Peers = append(slices.Clone(goPeers), py)
	}
	for _, s := range p.Scenarios {
		if ctx.Err() != nil {
			break
		}
		switch s {
		case scLatency:
			rep.Scenarios = append(rep.Scenarios, latencyScenario(ctx, p))
		case scConcurrency:
			rep.Scenarios = append(rep.Scenarios, concurrencyScenario(ctx, p))
		case scThroughput:
			rep.Scenarios = append(rep.Scenarios, throughputScenario(ctx, p))
		case scCancel:
			rep.Scenarios = append(rep.Scenarios, cancelScenario(ctx, p))
		}
	}
	return rep
}
