package main

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/athenaq/athenaq"
)

// progressInterval is how often the progress line is redrawn.
const progressInterval = 100 * time.Millisecond

// progress redraws one line on a terminal with a query's state, elapsed
// time, data scanned and cost, until stopped. Its goroutine belongs to the
// runner that started it, and stop ends it.
type progress struct {
	w     io.Writer
	q     *athenaq.Query
	start time.Time
	quit  chan struct{}
	done  chan struct{}
	once  sync.Once
}

// startProgress starts drawing q's progress on r.errw; it returns nil when
// r does not show progress. A nil *progress is a valid, silent one.
func (r *runner) startProgress(q *athenaq.Query, start time.Time) *progress {
	if !r.progress {
		return nil
	}
	p := &progress{w: r.errw, q: q, start: start, quit: make(chan struct{}), done: make(chan struct{})}
	go p.loop()
	return p
}

func (p *progress) loop() {
	defer close(p.done)
	t := time.NewTicker(progressInterval)
	defer t.Stop()
	for frame := 0; ; frame++ {
		fmt.Fprint(p.w, "\r\x1b[2K"+progressLine(p.q.Status(), time.Since(p.start), frame))
		select {
		case <-p.quit:
			fmt.Fprint(p.w, "\r\x1b[2K")
			return
		case <-p.q.Done():
			fmt.Fprint(p.w, "\r\x1b[2K")
			<-p.quit
			return
		case <-t.C:
		}
	}
}

// stop erases the line and waits for the goroutine to end.
func (p *progress) stop() {
	if p == nil {
		return
	}
	p.once.Do(func() { close(p.quit) })
	<-p.done
}

var spinner = [...]string{"|", "/", "-", "\\"}

// progressLine is one frame of the progress line.
func progressLine(st athenaq.Status, elapsed time.Duration, frame int) string {
	state := string(st.State)
	if state == "" {
		state = "SUBMITTED"
	}
	return fmt.Sprintf("%s %-9s %7s  %s scanned  %s  %s", spinner[frame%len(spinner)], state,
		formatElapsed(elapsed), formatBytes(st.Statistics.DataScannedBytes), formatCost(st.Statistics.DataScannedBytes), st.QueryID)
}

// summaryLine is printed after a query on a terminal:
// "SUCCEEDED in 1.2s, 1,000 rows, 10.5 MB scanned ($0.00005), query ID".
func summaryLine(st athenaq.Status, rows int64, hasColumns bool, elapsed time.Duration) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s in %s", st.State, formatElapsed(elapsed))
	if hasColumns {
		noun := "rows"
		if rows == 1 {
			noun = "row"
		}
		fmt.Fprintf(&b, ", %s %s", formatCount(rows), noun)
	}
	if st.HasUpdateCount {
		fmt.Fprintf(&b, ", %s rows written", formatCount(st.UpdateCount))
	}
	fmt.Fprintf(&b, ", %s scanned (%s), query %s", formatBytes(st.Statistics.DataScannedBytes),
		formatCost(st.Statistics.DataScannedBytes), st.QueryID)
	return b.String()
}

// formatElapsed prints 0.4s, 12.3s, 3m04s, 1h02m.
func formatElapsed(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%.1fs", d.Seconds())
	case d < time.Hour:
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	}
	return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
}

// formatBytes prints a byte count with binary multiples, as Athena's
// console does: 0 B, 512 B, 1.5 KB, 10.0 MB, 2.25 GB.
func formatBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return strconv.FormatInt(n, 10) + " B"
	}
	v, exp := float64(n), 0
	for v >= unit && exp < 5 {
		v /= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", v, "KMGTP"[exp-1])
}

// Athena's price for SQL queries: $5 per TB scanned, billed by the megabyte
// rounded up, at least 10 MB for a query that scans anything (statements
// that scan nothing, such as DDL, are free). TB and MB are binary
// multiples here, as in AWS billing.
const (
	dollarsPerTB   = 5.0
	minBilledBytes = 10 << 20
)

// formatCost prints what scanning n bytes costs.
func formatCost(n int64) string {
	if n <= 0 {
		return "$0"
	}
	billed := max((n+(1<<20)-1)>>20<<20, minBilledBytes)
	cost := float64(billed) / float64(int64(1)<<40) * dollarsPerTB
	if cost < 0.01 {
		// Two significant digits of the smallest amounts.
		digits := max(2, 1-int(math.Floor(math.Log10(cost))))
		return "$" + strconv.FormatFloat(cost, 'f', digits, 64)
	}
	return "$" + strconv.FormatFloat(cost, 'f', 2, 64)
}

// formatCount prints n with thousands separators.
func formatCount(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
