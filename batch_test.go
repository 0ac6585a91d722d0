package athenaq_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/emulator"
)

func TestExecBatch(t *testing.T) {
	c, _ := open(t, athenaq.Config{})
	sts, err := c.ExecBatch(context.Background(), "SELECT ?", [][]any{{1}, {2}, {3}, {4}}, 2)
	if err != nil {
		t.Fatal(err)
	}
	for i, st := range sts {
		if st.State != athenaq.StateSucceeded || st.QueryID == "" {
			t.Errorf("run %d: %s", i, st.State)
		}
	}
}

func TestExecBatchStartsNothingAfterAnError(t *testing.T) {
	env := athenatest.Start(t, athenatest.WithOptions(emulator.Options{Faults: emulator.Faults{FailRate: 1}}))
	c, err := athenaq.Open(context.Background(), withEnv(env, athenaq.Config{}))
	if err != nil {
		t.Fatal(err)
	}
	args := [][]any{{1}, {2}, {3}, {4}, {5}, {6}, {7}}
	sts, err := c.ExecBatch(context.Background(), "SELECT ?", args, 1)
	var qe *athenaq.QueryError
	if !errors.As(err, &qe) || qe.State != athenaq.StateFailed || !strings.Contains(err.Error(), "batch run 1 of 7") {
		t.Fatalf("err = %v, want run 1's FAILED QueryError", err)
	}
	c.Close()
	if n := env.Server.Stats().Calls["StartQueryExecution"]; n != 1 {
		t.Errorf("StartQueryExecution calls = %d, want 1: the batch went on after its first error", n)
	}
	for i, st := range sts[1:] {
		if st.QueryID != "" {
			t.Errorf("run %d has a query %s", i+2, st.QueryID)
		}
	}
}

func TestExecBatchStopsRunsInFlightAfterAnError(t *testing.T) {
	env := athenatest.Start(t)
	c, err := athenaq.Open(context.Background(), withEnv(env, athenaq.Config{}))
	if err != nil {
		t.Fatal(err)
	}
	// Run 1 fails at once (INVALID_CAST), but only once run 2, which runs
	// for minutes, has been accepted; runs 3 and 4 must never start.
	sql := "SELECT count(*) FROM range(CAST(? AS bigint)) a, range(100000) b"
	second := make(chan struct{})
	run1 := athenaq.StartOptions{OnQueryID: func(string) { <-second }}
	run2 := athenaq.StartOptions{OnQueryID: func(string) { close(second) }}
	sts, err := c.ExecBatch(context.Background(), sql, [][]any{{run1, "x"}, {run2, 100000000}, {100000000}, {100000000}}, 2)
	var qe *athenaq.QueryError
	if !errors.As(err, &qe) || qe.State != athenaq.StateFailed {
		t.Fatalf("err = %v, want run 1's FAILED QueryError", err)
	}
	c.Close() // waits for the background stop of run 2
	st := env.Server.Stats()
	if n := st.Calls["StartQueryExecution"]; n != 2 {
		t.Errorf("StartQueryExecution calls = %d, want 2", n)
	}
	if st.Queries["CANCELLED"] != 1 || st.Queries["RUNNING"]+st.Queries["QUEUED"] != 0 {
		t.Errorf("queries by state %v: want run 2 CANCELLED and nothing left running", st.Queries)
	}
	if sts[2].QueryID != "" || sts[3].QueryID != "" {
		t.Errorf("runs 3 and 4 started: %+v", sts[2:])
	}
}

func TestExecBatchLeavesDetachedRunsRunning(t *testing.T) {
	env := athenatest.Start(t, athenatest.WithOptions(emulator.Options{QueryDelay: time.Hour}))
	c, err := athenaq.Open(context.Background(), withEnv(env, athenaq.Config{DetachOnCancel: true}))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err = c.ExecBatch(ctx, "SELECT ?", [][]any{{1}, {2}}, 2)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want DeadlineExceeded", err)
	}
	c.Close()
	if st := env.Server.Stats().Queries; st["CANCELLED"] != 0 || st["QUEUED"]+st["RUNNING"] != 2 {
		t.Errorf("queries by state %v: want both detached runs still running", st)
	}
}
