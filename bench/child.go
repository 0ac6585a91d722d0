package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// childEnv names the environment variable that turns the bench binary into
// a measurement child: it holds a childSpec as JSON. Each measurement runs
// in its own process, so that the client's goroutines, heap and RSS are
// not mixed with the emulator's (which stays in the parent) or with
// another measurement's high-water mark.
const childEnv = "ATHENAQ_BENCH_CHILD"

// childSpec is one measurement for a child process.
type childSpec struct {
	Kind     string        `json:"kind"` // "latency", "concurrency", "throughput", "cancel"
	Endpoint string        `json:"endpoint"`
	Design   string        `json:"design,omitempty"` // blocking, pool, athenaq
	N        int           `json:"n,omitempty"`
	Pool     int           `json:"pool,omitempty"`
	Interval time.Duration `json:"interval,omitempty"`
	SQL      string        `json:"sql,omitempty"`
	Mode     string        `json:"mode,omitempty"` // result transport
}

// childResult is what a child measured, printed as JSON on its stdout.
type childResult struct {
	Seconds        float64   `json:"seconds"`
	Latencies      []float64 `json:"latencies,omitempty"` // per query, seconds
	PeakGoroutines int       `json:"peakGoroutines"`
	PeakHeapMiB    float64   `json:"peakHeapMiB"`
	PeakRSSMiB     float64   `json:"peakRSSMiB"`
	Rows           int64     `json:"rows,omitempty"`
	Bytes          int64     `json:"bytes,omitempty"`
	RawSeconds     float64   `json:"rawSeconds,omitempty"` // fetching the result's bytes alone
	Error          string    `json:"error,omitempty"`
}

// runChild runs the measurement in spec and writes its result to stdout.
func runChild(specJSON string) int {
	var spec childSpec
	if err := json.Unmarshal([]byte(specJSON), &spec); err != nil {
		fmt.Fprintf(os.Stderr, "bench child: %v\n", err)
		return 2
	}
	res := measureChild(context.Background(), spec)
	res.PeakRSSMiB = vmHWM()
	if err := json.NewEncoder(os.Stdout).Encode(res); err != nil {
		return 1
	}
	return 0
}

func measureChild(ctx context.Context, spec childSpec) childResult {
	peak := samplePeaks()
	var res childResult
	var err error
	switch spec.Kind {
	case "latency", "concurrency":
		res, err = runDesign(ctx, spec)
	case "throughput":
		res, err = runThroughput(ctx, spec)
	case "cancel":
		res, err = runCancel(ctx, spec)
	default:
		err = fmt.Errorf("unknown kind %q", spec.Kind)
	}
	res.PeakGoroutines, res.PeakHeapMiB = peak()
	if err != nil {
		res.Error = err.Error()
	}
	return res
}

// spawn runs spec in a child process (a copy of this binary) and returns
// its result.
func spawn(ctx context.Context, spec childSpec) (childResult, error) {
	exe, err := os.Executable()
	if err != nil {
		return childResult{}, err
	}
	data, err := json.Marshal(spec)
	if err != nil {
		return childResult{}, err
	}
	cmd := exec.CommandContext(ctx, exe)
	cmd.Env = append(os.Environ(), childEnv+"="+string(data))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return childResult{}, fmt.Errorf("child %s: %w: %s", spec.Kind, err, lastLine(stderr.String()))
	}
	var res childResult
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		return childResult{}, fmt.Errorf("child %s: %w: %q", spec.Kind, err, lastLine(stdout.String()))
	}
	return res, nil
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// samplePeaks samples the goroutine count and the heap in use every 10 ms
// until the returned function is called, which returns their peaks.
func samplePeaks() func() (int, float64) {
	runtime.GC()
	var goroutines atomic.Int64
	var heap atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			// The sampler itself is one goroutine.
			if n := int64(runtime.NumGoroutine() - 1); n > goroutines.Load() {
				goroutines.Store(n)
			}
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > heap.Load() {
				heap.Store(ms.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	return func() (int, float64) {
		close(stop)
		wg.Wait()
		return int(goroutines.Load()), float64(heap.Load()) / (1 << 20)
	}
}

// vmHWM returns this process's peak resident set (VmHWM), in MiB; 0 where
// /proc is missing. Unlike getrusage's maxrss it does not inherit the
// parent's high-water mark across exec.
func vmHWM() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 64)
			if err != nil {
				return 0
			}
			return kb / 1024
		}
	}
	return 0
}
