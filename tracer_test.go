package athenaq_test

import (
	"context"
	"log/slog"
	"maps"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/emulator"
)

// countingTracer counts starts and ends, and pairs them through the
// context that TraceQueryStart returns.
type countingTracer struct {
	mu     sync.Mutex
	starts int
	ends   map[int]int // start number -> ends seen
	orphan int         // ends whose context carries no start
}

type spanKey struct{}

func (c *countingTracer) TraceQueryStart(ctx context.Context, _ athenaq.TraceQueryStartData) context.Context {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.starts++
	return context.WithValue(ctx, spanKey{}, c.starts)
}

func (c *countingTracer) TraceQueryPoll(context.Context, athenaq.TraceQueryPollData) {}

func (c *countingTracer) TraceQueryEnd(ctx context.Context, _ athenaq.TraceQueryEndData) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n, ok := ctx.Value(spanKey{}).(int)
	if !ok {
		c.orphan++
		return
	}
	if c.ends == nil {
		c.ends = map[int]int{}
	}
	c.ends[n]++
}

// check asserts that every start got exactly one end, and no end came
// without a start.
func (c *countingTracer) check(t *testing.T, wantStarts int) {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.starts != wantStarts || c.orphan != 0 {
		t.Errorf("starts = %d (want %d), ends without a start = %d", c.starts, wantStarts, c.orphan)
	}
	for i := 1; i <= c.starts; i++ {
		if c.ends[i] != 1 {
			t.Errorf("start %d got %d ends, want 1", i, c.ends[i])
		}
	}
}

func TestTracerGetsOneEndPerStart(t *testing.T) {
	ctx := context.Background()
	t.Run("start refused by Athena", func(t *testing.T) {
		tr := &countingTracer{}
		c, _ := open(t, athenaq.Config{Tracer: tr})
		if _, err := c.Start(ctx, "SELEC 1"); err == nil {
			t.Fatal("a syntax error was accepted")
		}
		tr.check(t, 1)
	})
	t.Run("start with an ended context", func(t *testing.T) {
		tr := &countingTracer{}
		c, _ := open(t, athenaq.Config{Tracer: tr})
		ended, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := c.Start(ended, "SELECT 1"); err == nil {
			t.Fatal("Start with an ended context succeeded")
		}
		tr.check(t, 1)
	})
	t.Run("cut off in flight", func(t *testing.T) {
		tr := &countingTracer{}
		c, _ := open(t, athenaq.Config{Tracer: tr}, athenatest.WithOptions(emulator.Options{APILatency: 200 * time.Millisecond}))
		short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
		defer cancel()
		if _, err := c.Start(short, "SELECT 1"); err == nil {
			t.Fatal("Start outlived its context")
		}
		c.Close()
		tr.check(t, 1)
	})
	t.Run("cache hit", func(t *testing.T) {
		tr := &countingTracer{}
		c, _ := open(t, athenaq.Config{Tracer: tr, CacheTTL: time.Hour})
		for range 2 {
			if _, err := c.Exec(ctx, "SELECT 1"); err != nil {
				t.Fatal(err)
			}
		}
		tr.check(t, 2)
	})
	t.Run("attach and failure", func(t *testing.T) {
		tr := &countingTracer{}
		c, _ := open(t, athenaq.Config{Tracer: tr})
		st, err := c.Exec(ctx, "SELECT 1")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Exec(ctx, "SELECT * FROM missing_table"); err == nil {
			t.Fatal("a query of a missing table succeeded")
		}
		q, err := c.Attach(ctx, st.QueryID) // no Start: no events
		if err != nil {
			t.Fatal(err)
		}
		<-q.Done()
		tr.check(t, 2)
	})
	t.Run("client closed with queries in flight", func(t *testing.T) {
		tr := &countingTracer{}
		c, _ := open(t, athenaq.Config{Tracer: tr}, athenatest.WithOptions(emulator.Options{QueryDelay: time.Hour}))
		if _, err := c.Start(ctx, "SELECT 1"); err != nil {
			t.Fatal(err)
		}
		c.Close()
		tr.check(t, 1)
	})
}

// hookRecorder records every hook of a Tracer and its optional interfaces.
type hookRecorder struct {
	mu     sync.Mutex
	starts []athenaq.TraceQueryStartData
	polls  []athenaq.TraceQueryPollData
	ends   []athenaq.TraceQueryEndData
	calls  []athenaq.TraceAPICallData
	// startCalls counts the StartQueryExecution requests whose context
	// carries TraceQueryStart's context.
	startCalls int
	batches    []athenaq.TracePollBatchData
	reads      []athenaq.TraceTransportReadData
}

var (
	_ athenaq.APICallTracer   = (*hookRecorder)(nil)
	_ athenaq.PollTracer      = (*hookRecorder)(nil)
	_ athenaq.TransportTracer = (*hookRecorder)(nil)
)

type startKey struct{}

func (h *hookRecorder) TraceQueryStart(ctx context.Context, d athenaq.TraceQueryStartData) context.Context {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.starts = append(h.starts, d)
	return context.WithValue(ctx, startKey{}, true)
}

func (h *hookRecorder) TraceQueryPoll(_ context.Context, d athenaq.TraceQueryPollData) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.polls = append(h.polls, d)
}

func (h *hookRecorder) TraceQueryEnd(_ context.Context, d athenaq.TraceQueryEndData) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.ends = append(h.ends, d)
}

func (h *hookRecorder) TraceAPICall(ctx context.Context, d athenaq.TraceAPICallData) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.calls = append(h.calls, d)
	if d.Operation == "StartQueryExecution" && ctx.Value(startKey{}) != nil {
		h.startCalls++
	}
}

func (h *hookRecorder) TracePollBatch(_ context.Context, d athenaq.TracePollBatchData) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.batches = append(h.batches, d)
}

func (h *hookRecorder) TraceTransportRead(_ context.Context, d athenaq.TraceTransportReadData) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.reads = append(h.reads, d)
}

// logRecorder is a slog.Handler that keeps every record.
type logRecorder struct {
	mu      sync.Mutex
	records []slog.Record
}

func (l *logRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (l *logRecorder) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l *logRecorder) WithGroup(string) slog.Handler            { return l }
func (l *logRecorder) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.records = append(l.records, r.Clone())
	return nil
}

// attr returns the value of r's attribute key, or "".
func attr(r slog.Record, key string) string {
	var v string
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == key {
			v = a.Value.String()
			return false
		}
		return true
	})
	return v
}

func TestTracerHooksSeeEveryRequestPollAndRead(t *testing.T) {
	const queries = 6
	rec := &hookRecorder{}
	logs := &logRecorder{}
	c, env := open(t, athenaq.Config{Tracer: rec, Logger: slog.New(logs), ResultMode: athenaq.ResultCSV, S3PartSize: 16 << 10,
		// A bucket of one token makes the concurrent Starts queue.
		APILimits: map[string]athenaq.Limit{"StartQueryExecution": {PerSecond: 20, Burst: 1}}},
		athenatest.WithOptions(emulator.Options{QueryDelay: 300 * time.Millisecond,
			Faults: emulator.Faults{ThrottleRate: 0.3, ErrorRate: 0.1, Seed: 17}}))
	ctx := context.Background()
	const sql = "SELECT n, 'row ' || CAST(n AS varchar) AS s FROM range(5000) AS t(n)"
	var wg sync.WaitGroup
	ids := make([]string, queries)
	for i := range queries {
		wg.Go(func() {
			q, err := c.Start(ctx, sql)
			if err != nil {
				t.Error(err)
				return
			}
			rows, err := q.Rows(ctx)
			if err != nil {
				t.Error(err)
				return
			}
			for rows.Next() {
			}
			if err := rows.Err(); err != nil {
				t.Error(err)
			}
			ids[i] = q.ID()
		})
	}
	wg.Wait()
	// One more, read through the API.
	rows, err := c.Query(ctx, "SELECT 1 AS one", athenaq.StartOptions{ResultMode: athenaq.ResultAPI})
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
	}
	if t.Failed() {
		return
	}
	stats := env.Server.Stats()
	rec.mu.Lock()
	defer rec.mu.Unlock()

	t.Run("API calls", func(t *testing.T) {
		calls, throttled, failed := map[string]int64{}, map[string]int64{}, map[string]int64{}
		var retries int
		var waited time.Duration
		for _, d := range rec.calls {
			calls[d.Operation]++
			switch {
			case d.Throttled:
				throttled[d.Operation]++
			case d.Err != nil:
				failed[d.Operation]++
			}
			if d.Attempt > 1 {
				retries++
			}
			if d.Attempt < 1 || d.Duration <= 0 || d.Throttled && d.Err == nil {
				t.Errorf("request %+v", d)
			}
			if d.Operation == "StartQueryExecution" {
				waited = max(waited, d.QuotaWait)
			}
		}
		// Every request reached the emulator, and the emulator saw no
		// other.
		for _, m := range []struct {
			name      string
			got, want map[string]int64
		}{{"requests", calls, stats.Calls}, {"throttles", throttled, stats.Throttled}, {"5xx answers", failed, stats.Errors}} {
			if !maps.Equal(m.got, m.want) {
				t.Errorf("%s by operation: traced %v, the emulator counted %v", m.name, m.got, m.want)
			}
		}
		if len(stats.Throttled) == 0 || len(stats.Errors) == 0 || retries == 0 {
			t.Errorf("the workload saw %v throttles, %v 5xx answers and %d retries: too few to test",
				stats.Throttled, stats.Errors, retries)
		}
		if rec.startCalls != int(calls["StartQueryExecution"]) {
			t.Errorf("%d of %d StartQueryExecution requests carry TraceQueryStart's context", rec.startCalls, calls["StartQueryExecution"])
		}
		if waited < 10*time.Millisecond {
			t.Errorf("longest wait for the StartQueryExecution bucket %v; six Starts share one token at 20/s", waited)
		}
	})
	t.Run("poll batches", func(t *testing.T) {
		var batched, checked int
		for _, b := range rec.batches {
			checked += b.Size
			switch {
			case b.Size < 1 || b.Size > 50:
				t.Errorf("batch %+v", b)
			case b.Size == 1 && b.Operation != "GetQueryExecution", b.Size > 1 && b.Operation != "BatchGetQueryExecution":
				t.Errorf("batch of %d checked with %s", b.Size, b.Operation)
			case b.Size > 1:
				batched++
			}
		}
		if batched == 0 || checked < queries+1 {
			t.Errorf("%d batches of several queries, %d ids checked in all", batched, checked)
		}
	})
	t.Run("query events", func(t *testing.T) {
		if len(rec.starts) != queries+1 || len(rec.ends) != queries+1 {
			t.Fatalf("%d starts, %d ends", len(rec.starts), len(rec.ends))
		}
		for _, s := range rec.starts {
			if s.WorkGroup != "primary" || s.Database != "default" || s.SQL == "" {
				t.Errorf("start %+v", s)
			}
		}
		for _, e := range rec.ends {
			if e.Err != nil || e.Status.State != athenaq.StateSucceeded || e.QueryID != e.Status.QueryID || e.Cached {
				t.Errorf("end %+v", e)
			}
		}
		for _, p := range rec.polls {
			if p.QueryID == "" || p.Status.QueryID != p.QueryID || p.State != p.Status.State || p.Age <= 0 {
				t.Errorf("poll %+v", p)
			}
		}
	})
	t.Run("transport reads", func(t *testing.T) {
		if len(rec.reads) != queries+1 {
			t.Fatalf("%d reads, want %d", len(rec.reads), queries+1)
		}
		for _, r := range rec.reads {
			if r.QueryID == "" || r.Err != nil || r.Duration <= 0 {
				t.Errorf("read %+v", r)
			}
			if r.Mode == athenaq.ResultAPI {
				if r.Rows != 1 || r.Pages != 1 || r.Files != 0 || r.Bytes != 0 {
					t.Errorf("API read %+v", r)
				}
				continue
			}
			head, err := env.S3().HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(athenatest.Bucket),
				Key: aws.String("results/" + r.QueryID + ".csv")})
			if err != nil {
				t.Fatal(err)
			}
			size := aws.ToInt64(head.ContentLength)
			parts := int((size + 16<<10 - 1) / (16 << 10))
			if r.Mode != athenaq.ResultCSV || r.Rows != 5000 || r.Pages != 1 || r.Files != 1 || r.Bytes != size ||
				r.Parts != parts || r.Requests < parts {
				t.Errorf("CSV read %+v; the file has %d bytes, %d parts", r, size, parts)
			}
		}
	})
	t.Run("log lines", func(t *testing.T) {
		logs.mu.Lock()
		defer logs.mu.Unlock()
		seen := map[string]int{}
		for _, r := range logs.records {
			if !strings.HasPrefix(r.Message, "athenaq: query ") && !strings.HasPrefix(r.Message, "athenaq: result ") {
				continue
			}
			if r.Level != slog.LevelDebug || attr(r, "query") == "" {
				t.Errorf("%s line %q without a query id", r.Level, r.Message)
			}
			seen[r.Message]++
		}
		for _, msg := range []string{"athenaq: query started", "athenaq: query ended", "athenaq: result read"} {
			if seen[msg] != queries+1 {
				t.Errorf("%d lines %q, want %d", seen[msg], msg, queries+1)
			}
		}
		if seen["athenaq: query state"] < queries {
			t.Errorf("%d state lines for %d queries that went QUEUED, RUNNING, SUCCEEDED", seen["athenaq: query state"], queries)
		}
	})
}
