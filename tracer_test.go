package athenaq_test

import (
	"context"
	"sync"
	"testing"
	"time"

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
