package spark_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/emulator"
	"github.com/athenaq/athenaq/spark"
)

// sparkRecorder records the spark package's hooks (and ignores queries'),
// pairing each end with its start through the start's context.
type sparkRecorder struct {
	mu           sync.Mutex
	next         int
	sessionStart map[int]spark.TraceSessionStartData
	sessionPolls []spark.TraceSessionPollData
	sessionEnds  map[int][]spark.TraceSessionEndData
	calcStart    map[int]spark.TraceCalculationStartData
	calcPolls    []spark.TraceCalculationPollData
	calcEnds     map[int][]spark.TraceCalculationEndData
	batches      []athenaq.TracePollBatchData
	orphans      int // events whose context carries no start
}

var (
	_ spark.Tracer       = (*sparkRecorder)(nil)
	_ athenaq.PollTracer = (*sparkRecorder)(nil)
)

func newSparkRecorder() *sparkRecorder {
	return &sparkRecorder{sessionStart: map[int]spark.TraceSessionStartData{}, sessionEnds: map[int][]spark.TraceSessionEndData{},
		calcStart: map[int]spark.TraceCalculationStartData{}, calcEnds: map[int][]spark.TraceCalculationEndData{}}
}

type startNumber struct{}

func (r *sparkRecorder) number(ctx context.Context) int {
	n, ok := ctx.Value(startNumber{}).(int)
	if !ok {
		r.orphans++
	}
	return n
}

func (r *sparkRecorder) TraceQueryStart(ctx context.Context, _ athenaq.TraceQueryStartData) context.Context {
	return ctx
}
func (r *sparkRecorder) TraceQueryPoll(context.Context, athenaq.TraceQueryPollData) {}
func (r *sparkRecorder) TraceQueryEnd(context.Context, athenaq.TraceQueryEndData)   {}

func (r *sparkRecorder) TraceSessionStart(ctx context.Context, d spark.TraceSessionStartData) context.Context {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.next++
	r.sessionStart[r.next] = d
	return context.WithValue(ctx, startNumber{}, r.next)
}

func (r *sparkRecorder) TraceSessionPoll(ctx context.Context, d spark.TraceSessionPollData) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.number(ctx)
	r.sessionPolls = append(r.sessionPolls, d)
}

func (r *sparkRecorder) TraceSessionEnd(ctx context.Context, d spark.TraceSessionEndData) {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := r.number(ctx)
	r.sessionEnds[n] = append(r.sessionEnds[n], d)
}

func (r *sparkRecorder) TraceCalculationStart(ctx context.Context, d spark.TraceCalculationStartData) context.Context {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.next++
	r.calcStart[r.next] = d
	return context.WithValue(ctx, startNumber{}, r.next)
}

func (r *sparkRecorder) TraceCalculationPoll(ctx context.Context, d spark.TraceCalculationPollData) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.number(ctx)
	r.calcPolls = append(r.calcPolls, d)
}

func (r *sparkRecorder) TraceCalculationEnd(ctx context.Context, d spark.TraceCalculationEndData) {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := r.number(ctx)
	r.calcEnds[n] = append(r.calcEnds[n], d)
}

func (r *sparkRecorder) TracePollBatch(_ context.Context, d athenaq.TracePollBatchData) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.batches = append(r.batches, d)
}

// ends returns the one end of each start, failing t when a start has
// none or several.
func (r *sparkRecorder) ends(t *testing.T) (map[string]spark.TraceSessionEndData, map[string]spark.TraceCalculationEndData) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.orphans != 0 {
		t.Errorf("%d events without their start's context", r.orphans)
	}
	sessions, calcs := map[string]spark.TraceSessionEndData{}, map[string]spark.TraceCalculationEndData{}
	for n, start := range r.sessionStart {
		if len(r.sessionEnds[n]) != 1 {
			t.Fatalf("session start %d (%+v) got %d ends", n, start, len(r.sessionEnds[n]))
		}
		e := r.sessionEnds[n][0]
		sessions[e.SessionID] = e
	}
	for n, start := range r.calcStart {
		if len(r.calcEnds[n]) != 1 {
			t.Fatalf("calculation start %d (%+v) got %d ends", n, start, len(r.calcEnds[n]))
		}
		e := r.calcEnds[n][0]
		calcs[e.CalculationID] = e
	}
	return sessions, calcs
}

func TestTracerSeesSessionsAndCalculations(t *testing.T) {
	rec := newSparkRecorder()
	c, _ := open(t, athenaq.Config{Tracer: rec}, func(o *emulator.Options) { o.Spark.SessionStartDelay = 50 * time.Millisecond })
	ctx := context.Background()
	s, err := spark.Start(ctx, c, spark.SessionConfig{})
	if err != nil {
		t.Fatal(err)
	}
	const code = "%%sql\nSELECT 1 AS one"
	ok, err := s.Run(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ok.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	bad, err := s.Run(ctx, "%%sql\nSELECT * FROM missing_table")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bad.Wait(ctx); err == nil {
		t.Fatal("a calculation on a missing table completed")
	}
	if err := s.Close(ctx); err != nil {
		t.Fatal(err)
	}

	sessions, calcs := rec.ends(t)
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if e := sessions[s.ID()]; e.Err != nil || e.Status.State != spark.SessionTerminated || e.WorkGroup != sparkGroup || e.Duration <= 0 {
		t.Errorf("session end %+v, want TERMINATED in %s", e, sparkGroup)
	}
	states := map[spark.SessionState]bool{}
	for _, p := range rec.sessionPolls {
		if p.SessionID != s.ID() {
			t.Errorf("session poll %+v", p)
		}
		states[p.State] = true
	}
	if !states[spark.SessionIdle] || !states[spark.SessionTerminated] {
		t.Errorf("session polls saw %v, want IDLE and TERMINATED", states)
	}
	if e := calcs[ok.ID()]; e.Err != nil || e.Status.State != spark.CalculationCompleted || e.SessionID != s.ID() {
		t.Errorf("completed calculation's end %+v", e)
	}
	var cerr *spark.CalculationError
	if e := calcs[bad.ID()]; !errors.As(e.Err, &cerr) || e.Status.State != spark.CalculationFailed || cerr.CalculationID != bad.ID() {
		t.Errorf("failed calculation's end %+v", e)
	}
	for _, start := range rec.calcStart {
		if start.SessionID != s.ID() || start.Code == "" {
			t.Errorf("calculation start %+v", start)
		}
	}
	for _, p := range rec.calcPolls {
		if (p.CalculationID != ok.ID() && p.CalculationID != bad.ID()) || p.Status.State != p.State || p.Age <= 0 {
			t.Errorf("calculation poll %+v", p)
		}
	}
	ops := map[string]int{}
	for _, b := range rec.batches {
		if b.Size < 1 || b.Size > 10 {
			t.Errorf("poll batch %+v", b)
		}
		ops[b.Operation] += b.Size
	}
	if ops["GetSessionStatus"] == 0 || ops["GetCalculationExecutionStatus"] == 0 {
		t.Errorf("poll batches by operation %v", ops)
	}
}

func TestTracerGetsOneEndPerSessionAndCalculationStart(t *testing.T) {
	ctx := context.Background()
	t.Run("session fails to start", func(t *testing.T) {
		rec := newSparkRecorder()
		c, _ := open(t, athenaq.Config{Tracer: rec}, func(o *emulator.Options) { o.Faults.SessionFailRate = 1 })
		if _, err := spark.Start(ctx, c, spark.SessionConfig{}); err == nil {
			t.Fatal("Start succeeded")
		}
		sessions, _ := rec.ends(t)
		for id, e := range sessions {
			var serr *spark.SessionError
			if id == "" || !errors.As(e.Err, &serr) || e.Status.State != spark.SessionFailed {
				t.Errorf("end %+v, want the FAILED session's *SessionError", e)
			}
		}
		if len(sessions) != 1 {
			t.Errorf("%d sessions ended", len(sessions))
		}
	})
	t.Run("StartSession refused", func(t *testing.T) {
		rec := newSparkRecorder()
		c, _ := open(t, athenaq.Config{Tracer: rec, WorkGroup: "primary"})
		if _, err := spark.Start(ctx, c, spark.SessionConfig{}); err == nil {
			t.Fatal("a session started in a SQL work group")
		}
		sessions, _ := rec.ends(t)
		if e, ok := sessions[""]; !ok || e.Err == nil || e.WorkGroup != "primary" {
			t.Errorf("ends %+v, want one without a session id", sessions)
		}
	})
	t.Run("client closes", func(t *testing.T) {
		rec := newSparkRecorder()
		c, env := open(t, athenaq.Config{Tracer: rec})
		s, err := spark.Start(ctx, c, spark.SessionConfig{})
		if err != nil {
			t.Fatal(err)
		}
		calc := running(t, s, spark.RunOptions{}, sleepCode)
		c.Close()
		sessions, calcs := rec.ends(t)
		if e := sessions[s.ID()]; !errors.Is(e.Err, athenaq.ErrClosed) {
			t.Errorf("session end %+v, want ErrClosed", e)
		}
		if e := calcs[calc.ID()]; !errors.Is(e.Err, athenaq.ErrClosed) || e.Status.State != spark.CalculationRunning {
			t.Errorf("calculation end %+v, want ErrClosed after RUNNING", e)
		}
		// The session keeps running in Athena; end it past the client.
		other := client(t, env, athenaq.Config{})
		shared, err := spark.Attach(ctx, other, s.ID())
		if err != nil {
			t.Fatal(err)
		}
		if err := shared.Terminate(ctx); err != nil {
			t.Fatal(err)
		}
	})
}
