package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Report is everything one run measured; it is written as JSON and printed
// as one table per scenario.
type Report struct {
	Date      string     `json:"date"`
	Machine   Machine    `json:"machine"`
	Quick     bool       `json:"quick"`
	Settings  Settings   `json:"settings"`
	Scenarios []Scenario `json:"scenarios"`
	Peers     []Peer     `json:"peers"`
}

// Machine describes where the run happened.
type Machine struct {
	OS, Arch  string
	CPUs      int
	GoVersion string `json:"goVersion"`
}

// Settings are the emulator's knobs during the run.
type Settings struct {
	APILatency   string `json:"apiLatency"`
	PageLatency  string `json:"pageLatency"`
	QueryDelay   string `json:"queryDelay"`
	AthenaQuotas bool   `json:"athenaQuotas"`
	PoolSize     int    `json:"poolSize"`
	PollInterval string `json:"pollInterval"`
}

// Scenario is one measured situation: the figure of each system and the
// physical limit it is measured against.
type Scenario struct {
	Name  string `json:"name"`
	Title string `json:"title"`
	// Limit explains the limit column in one line.
	Limit string `json:"limit"`
	Rows  []Row  `json:"rows"`
}

// Row is one system's figure in a scenario. Seconds is the observed time
// and LimitSeconds the least time the scenario allows (set by latency,
// quotas or the bytes to move); Ratio is Seconds / LimitSeconds, so 1.00
// is the physical limit and larger is slower. Zero fields do not apply.
type Row struct {
	System       string  `json:"system"`
	Size         string  `json:"size"` // N queries, or rows
	Seconds      float64 `json:"seconds"`
	LimitSeconds float64 `json:"limitSeconds"`
	Ratio        float64 `json:"ratio"`

	CallsPerQuery  float64 `json:"callsPerQuery,omitempty"`
	Throttled      int64   `json:"throttled,omitempty"`
	PeakGoroutines int     `json:"peakGoroutines,omitempty"`
	PeakHeapMiB    float64 `json:"peakHeapMiB,omitempty"`
	RowsPerSec     float64 `json:"rowsPerSec,omitempty"`
	MBPerSec       float64 `json:"mbPerSec,omitempty"`
	PeakRSSMiB     float64 `json:"peakRSSMiB,omitempty"`
	Error          string  `json:"error,omitempty"`
}

// Peer is a client from another project: measured (its rows are in the
// scenarios under its name) or not, with the reason.
type Peer struct {
	Name   string `json:"name"`
	Status string `json:"status"` // "measured" or "skipped"
	Reason string `json:"reason,omitempty"`
}

// ratio returns observed / limit, or 0 when either is unknown.
func ratio(observed, limit float64) float64 {
	if observed <= 0 || limit <= 0 || math.IsInf(observed, 0) || math.IsNaN(observed) {
		return 0
	}
	return observed / limit
}

// withRatio fills r.Ratio from its times.
func withRatio(r Row) Row {
	r.Ratio = ratio(r.Seconds, r.LimitSeconds)
	return r
}

// thisMachine describes the running machine.
func thisMachine() Machine {
	return Machine{OS: runtime.GOOS, Arch: runtime.GOARCH, CPUs: runtime.NumCPU(), GoVersion: runtime.Version()}
}

// column is one column of a scenario's table: shown only when some row has
// a value for it.
type column struct {
	head string
	cell func(Row) string
}

var columns = []column{
	{"system", func(r Row) string { return r.System }},
	{"size", func(r Row) string { return r.Size }},
	{"observed", func(r Row) string { return seconds(r.Seconds) }},
	{"limit", func(r Row) string { return seconds(r.LimitSeconds) }},
	{"ratio", func(r Row) string { return num(r.Ratio, "%.2fx") }},
	{"calls/query", func(r Row) string { return num(r.CallsPerQuery, "%.2f") }},
	{"throttled", func(r Row) string {
		if r.Throttled == 0 {
			return ""
		}
		return strconv.FormatInt(r.Throttled, 10)
	}},
	{"peak goroutines", func(r Row) string {
		if r.PeakGoroutines == 0 {
			return ""
		}
		return strconv.Itoa(r.PeakGoroutines)
	}},
	{"peak heap MiB", func(r Row) string { return num(r.PeakHeapMiB, "%.1f") }},
	{"rows/s", func(r Row) string { return num(r.RowsPerSec, "%.0f") }},
	{"MB/s", func(r Row) string { return num(r.MBPerSec, "%.1f") }},
	{"peak RSS MiB", func(r Row) string { return num(r.PeakRSSMiB, "%.1f") }},
	{"error", func(r Row) string { return r.Error }},
}

func num(v float64, format string) string {
	if v == 0 {
		return ""
	}
	return fmt.Sprintf(format, v)
}

func seconds(s float64) string {
	switch {
	case s == 0:
		return ""
	case s < 10:
		return fmt.Sprintf("%.3fs", s)
	default:
		return fmt.Sprintf("%.1fs", s)
	}
}

// WriteTable prints each scenario as a Markdown table, with only the
// columns some row fills, then the peers.
func (r *Report) WriteTable(w io.Writer) {
	fmt.Fprintf(w, "athenaq bench, %s, %s/%s, %d CPUs, %s", r.Date, r.Machine.OS, r.Machine.Arch, r.Machine.CPUs, r.Machine.GoVersion)
	if r.Quick {
		fmt.Fprint(w, ", -quick")
	}
	fmt.Fprintf(w, "\nemulator: API latency %s, GetQueryResults page %s, query %s, Athena quotas %v; pool %d, fixed loops %s\n",
		r.Settings.APILatency, r.Settings.PageLatency, r.Settings.QueryDelay, r.Settings.AthenaQuotas, r.Settings.PoolSize, r.Settings.PollInterval)
	for _, sc := range r.Scenarios {
		fmt.Fprintf(w, "\n### %s\n\nlimit: %s; ratio = observed / limit.\n\n", sc.Title, sc.Limit)
		var cols []column
		for _, c := range columns {
			for _, row := range sc.Rows {
				if c.cell(row) != "" {
					cols = append(cols, c)
					break
				}
			}
		}
		table := [][]string{make([]string, len(cols)), make([]string, len(cols))}
		for i, c := range cols {
			table[0][i] = c.head
		}
		for _, row := range sc.Rows {
			cells := make([]string, len(cols))
			for i, c := range cols {
				cells[i] = c.cell(row)
			}
			table = append(table, cells)
		}
		widths := make([]int, len(cols))
		for _, cells := range table {
			for i, cell := range cells {
				widths[i] = max(widths[i], len(cell))
			}
		}
		for i := range cols {
			table[1][i] = strings.Repeat("-", widths[i])
		}
		for _, cells := range table {
			for i, cell := range cells {
				fmt.Fprintf(w, "| %-*s ", widths[i], cell)
			}
			fmt.Fprintln(w, "|")
		}
	}
	if len(r.Peers) > 0 {
		fmt.Fprint(w, "\n### Peers\n\n")
		for _, p := range r.Peers {
			if p.Reason == "" {
				fmt.Fprintf(w, "- %s: %s\n", p.Name, p.Status)
			} else {
				fmt.Fprintf(w, "- %s: %s: %s\n", p.Name, p.Status, p.Reason)
			}
		}
	}
}

// WriteJSON writes the report, indented, to path.
func (r *Report) WriteJSON(path string) error {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

// dur formats a duration for Settings.
func dur(d time.Duration) string { return d.String() }
