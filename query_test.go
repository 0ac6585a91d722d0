package athenaq_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/smithy-go"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/emulator"
)

// databaseNames lists the emulator's databases through its own SDK client.
func databaseNames(t *testing.T, env *athenatest.Env) []string {
	t.Helper()
	out, err := env.Athena().ListDatabases(context.Background(), &athena.ListDatabasesInput{CatalogName: aws.String("AwsDataCatalog")})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range out.DatabaseList {
		names = append(names, aws.ToString(d.Name))
	}
	return names
}

// within runs fn and fails t if it has not returned after limit: a guard
// against hangs, not a measure of speed.
func within(t *testing.T, limit time.Duration, what string, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-time.After(limit):
		t.Fatalf("%s did not return within %v", what, limit)
	}
}

func TestStartCutOffLeavesNoOrphan(t *testing.T) {
	t.Run("context ended before Start sends nothing", func(t *testing.T) {
		env := athenatest.Start(t)
		c, err := athenaq.Open(context.Background(), withEnv(env, athenaq.Config{}))
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := c.Start(ctx, "CREATE DATABASE never_started"); !errors.Is(err, context.Canceled) {
			t.Fatalf("Start err = %v, want context.Canceled", err)
		}
		time.Sleep(300 * time.Millisecond) // room for a wrongly sent request to arrive
		c.Close()                          // waits for any stop the client might have sent
		if n := env.Server.Stats().Calls["StartQueryExecution"]; n != 0 {
			t.Errorf("StartQueryExecution calls = %d, want 0", n)
		}
		if dbs := databaseNames(t, env); slices.Contains(dbs, "never_started") {
			t.Errorf("the statement ran: databases %v", dbs)
		}
	})
	t.Run("context ended in the token bucket sends nothing", func(t *testing.T) {
		env := athenatest.Start(t)
		c, err := athenaq.Open(context.Background(), withEnv(env, athenaq.Config{
			APILimits: map[string]athenaq.Limit{"StartQueryExecution": {PerSecond: 0.01, Burst: 1}}}))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Start(context.Background(), "SELECT 1"); err != nil { // takes the only token
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		if _, err := c.Start(ctx, "CREATE DATABASE never_sent"); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Start err = %v, want DeadlineExceeded", err)
		}
		time.Sleep(300 * time.Millisecond)
		c.Close()
		if n := env.Server.Stats().Calls["StartQueryExecution"]; n != 1 {
			t.Errorf("StartQueryExecution calls = %d, want 1", n)
		}
		if dbs := databaseNames(t, env); slices.Contains(dbs, "never_sent") {
			t.Errorf("the statement ran: databases %v", dbs)
		}
	})
	t.Run("request in flight is found by its token and stopped", func(t *testing.T) {
		env := athenatest.Start(t, athenatest.WithOptions(emulator.Options{APILatency: 300 * time.Millisecond, QueryDelay: time.Hour}))
		c, err := athenaq.Open(context.Background(), withEnv(env, athenaq.Config{}))
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		if _, err := c.Start(ctx, "SELECT 1"); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Start err = %v, want DeadlineExceeded", err)
		}
		c.Close() // waits (bounded) for the background lookup and stop
		st := env.Server.Stats().Queries
		if st["CANCELLED"] != 1 || st["QUEUED"]+st["RUNNING"]+st["SUCCEEDED"] != 0 {
			t.Errorf("queries by state: %v, want exactly one, CANCELLED", st)
		}
	})
}

func TestCloseRacesCutOffStarts(t *testing.T) {
	env := athenatest.Start(t, athenatest.WithOptions(emulator.Options{APILatency: 100 * time.Millisecond, QueryDelay: time.Hour}))
	c, err := athenaq.Open(context.Background(), withEnv(env, athenaq.Config{}))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
			defer cancel()
			if _, err := c.Start(ctx, "SELECT 1"); err == nil {
				t.Error("a Start outlived its 30 ms context against 100 ms of latency")
			}
		}()
	}
	time.Sleep(40 * time.Millisecond)
	c.Close()
	wg.Wait()
	// goleak (TestMain) checks that no stop goroutine outlives Close.
}

func TestRefusedStatusChecksEndWait(t *testing.T) {
	t.Run("both status operations denied", func(t *testing.T) {
		c, _ := open(t, athenaq.Config{}, athenatest.WithOptions(emulator.Options{QueryDelay: 200 * time.Millisecond,
			Faults: emulator.Faults{Deny: []string{"GetQueryExecution", "BatchGetQueryExecution"}}}))
		var qs []*athenaq.Query
		for range 3 {
			q, err := c.Start(context.Background(), "SELECT 1")
			if err != nil {
				t.Fatal(err)
			}
			qs = append(qs, q)
		}
		for _, q := range qs {
			var err error
			within(t, 30*time.Second, "Wait with a background context", func() { _, err = q.Wait(context.Background()) })
			var api smithy.APIError
			if !errors.As(err, &api) || api.ErrorCode() != "AccessDeniedException" {
				t.Errorf("Wait err = %v, want the AccessDeniedException", err)
			}
		}
	})
	t.Run("batch denied falls back to single checks", func(t *testing.T) {
		c, env := open(t, athenaq.Config{}, athenatest.WithOptions(emulator.Options{QueryDelay: 200 * time.Millisecond,
			Faults: emulator.Faults{Deny: []string{"BatchGetQueryExecution"}}}))
		var wg sync.WaitGroup
		for range 5 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := c.Exec(context.Background(), "SELECT 1"); err != nil {
					t.Error(err)
				}
			}()
		}
		within(t, 30*time.Second, "five queries", wg.Wait)
		if n := env.Server.Stats().Queries["SUCCEEDED"]; n != 5 {
			t.Errorf("SUCCEEDED = %d, want 5", n)
		}
	})
	t.Run("5xx answers are retried", func(t *testing.T) {
		c, _ := open(t, athenaq.Config{MaxPollInterval: 50 * time.Millisecond},
			athenatest.WithOptions(emulator.Options{QueryDelay: 100 * time.Millisecond, Faults: emulator.Faults{ErrorRate: 0.5, Seed: 11}}))
		for range 3 {
			// Start leaves 5xx to the SDK's 4 attempts, which a 50% rate
			// can exhaust; the status checks after it must never fail.
			var q *athenaq.Query
			for try := 0; q == nil && try < 20; try++ {
				q, _ = c.Start(context.Background(), "SELECT 1")
			}
			if q == nil {
				t.Fatal("no Start got through 20 tries at a 50% error rate")
			}
			if _, err := q.Wait(context.Background()); err != nil {
				t.Errorf("Wait under 50%% 5xx: %v", err)
			}
		}
	})
}

func TestWaitReturnsAtOnceWhenItsContextEnds(t *testing.T) {
	// StopQueryExecution's bucket holds one token, refilled every 5 s: the
	// second stop waits in the client for seconds.
	c, env := open(t, athenaq.Config{APILimits: map[string]athenaq.Limit{"StopQueryExecution": {PerSecond: 0.2, Burst: 1}}},
		athenatest.WithOptions(emulator.Options{QueryDelay: time.Hour}))
	ctx := context.Background()
	first, err := c.Start(ctx, "SELECT 1")
	if err != nil {
		t.Fatal(err)
	}
	if err := first.Cancel(ctx); err != nil { // takes the token
		t.Fatal(err)
	}
	q, err := c.Start(ctx, "SELECT 2")
	if err != nil {
		t.Fatal(err)
	}
	wctx, cancel := context.WithCancel(ctx)
	cancel()
	st, err := q.Wait(wctx)
	// Wait returned before its stop could leave the client.
	if n := env.Server.Stats().Calls["StopQueryExecution"]; n != 1 {
		t.Errorf("StopQueryExecution calls when Wait returned = %d, want 1 (Wait blocked on the stop)", n)
	}
	var qe *athenaq.QueryError
	if !errors.Is(err, context.Canceled) || !errors.As(err, &qe) || qe.QueryID != q.ID() || st.State.Terminal() {
		t.Fatalf("Wait = %+v, %v; want a non-final state and a QueryError matching context.Canceled", st, err)
	}
	// The client stops the query in the background; Done and Status show
	// Athena's confirmation.
	within(t, 30*time.Second, "Done after the background stop", func() { <-q.Done() })
	if s := q.Status().State; s != athenaq.StateCancelled {
		t.Errorf("Status after Done = %s, want CANCELLED", s)
	}
}

func TestCloseWaitsForStopsInFlight(t *testing.T) {
	env := athenatest.Start(t, athenatest.WithOptions(emulator.Options{QueryDelay: time.Hour}))
	c, err := athenaq.Open(context.Background(), withEnv(env, athenaq.Config{
		APILimits: map[string]athenaq.Limit{"StopQueryExecution": {PerSecond: 1, Burst: 1}}}))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var qs []*athenaq.Query
	for range 3 {
		q, err := c.Start(context.Background(), "SELECT 1")
		if err != nil {
			t.Fatal(err)
		}
		qs = append(qs, q)
	}
	cancel()
	for _, q := range qs {
		if _, err := q.Wait(ctx); !errors.Is(err, context.Canceled) {
			t.Fatalf("Wait: %v", err)
		}
	}
	c.Close() // the three stops need about 2 s of quota: within Close's grace
	if n := env.Server.Stats().Queries["CANCELLED"]; n != 3 {
		t.Errorf("CANCELLED after Close = %d, want 3", n)
	}
}

func TestWaitPrefersTheFinalStatusOverAnEndedContext(t *testing.T) {
	c, _ := open(t, athenaq.Config{})
	q, err := c.Start(context.Background(), "SELECT 1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := q.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	ended, cancel := context.WithCancel(context.Background())
	cancel()
	// Both of Wait's cases are ready; a random choice fails about half of
	// these.
	for i := range 64 {
		if st, err := q.Wait(ended); err != nil || st.State != athenaq.StateSucceeded {
			t.Fatalf("try %d: Wait = %s, %v; want SUCCEEDED", i, st.State, err)
		}
	}
}

func TestColumnsReturnsACopy(t *testing.T) {
	c, _ := open(t, athenaq.Config{})
	rows, err := c.Query(context.Background(), "SELECT 1 AS a")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols := rows.Columns()
	cols[0].Name = "changed"
	if got := rows.Columns()[0].Name; got != "a" {
		t.Errorf("Columns()[0].Name = %q after the caller changed its slice", got)
	}
}

func TestExecReportsTheUpdateCount(t *testing.T) {
	c, _ := open(t, athenaq.Config{})
	ctx := context.Background()
	for _, tc := range []struct {
		sql  string
		want int64
		has  bool
	}{
		{"CREATE TABLE counted WITH (format = 'PARQUET') AS SELECT * FROM (VALUES 1, 2, 3) AS t(x)", 3, true},
		{"INSERT INTO counted SELECT * FROM (VALUES 4, 5) AS t(x)", 2, true},
		{"INSERT INTO counted SELECT x FROM counted WHERE x > 100", 0, true},
		{"SELECT count(*) FROM counted", 0, false},
		{"CREATE DATABASE counted_db", 0, false},
	} {
		st, err := c.Exec(ctx, tc.sql)
		if err != nil {
			t.Fatalf("%s: %v", tc.sql, err)
		}
		if st.UpdateCount != tc.want || st.HasUpdateCount != tc.has {
			t.Errorf("%s: UpdateCount = %d (has %v), want %d (has %v)", tc.sql, st.UpdateCount, st.HasUpdateCount, tc.want, tc.has)
		}
	}
}

func TestPerQueryOptionsReachQueryAndExec(t *testing.T) {
	c, env := open(t, athenaq.Config{}, athenatest.WithOptions(emulator.Options{WorkGroups: []emulator.WorkGroup{{Name: "other"}}}))
	ctx := context.Background()
	opts := athenaq.StartOptions{WorkGroup: "other"}
	var ids []string
	rows, err := c.Query(ctx, "SELECT ?", opts, 7)
	if err != nil {
		t.Fatal(err)
	}
	ids = append(ids, rows.QueryID())
	rows.Close()
	st, err := c.Exec(ctx, "SELECT 1", &opts)
	if err != nil {
		t.Fatal(err)
	}
	ids = append(ids, st.QueryID)
	for _, id := range ids {
		out, err := env.Athena().GetQueryExecution(ctx, &athena.GetQueryExecutionInput{QueryExecutionId: aws.String(id)})
		if err != nil || aws.ToString(out.QueryExecution.WorkGroup) != "other" {
			t.Errorf("query %s ran in %v (%v), want work group other", id, out, err)
		}
	}
}

func TestOpenKeepsTheRetryerOfConfigAWS(t *testing.T) {
	env := athenatest.Start(t, athenatest.WithOptions(emulator.Options{Faults: emulator.Faults{ErrorRate: 1}}))
	for _, tc := range []struct {
		name    string
		retryer func() aws.Retryer
		want    int64 // ListWorkGroups calls for one failing WorkGroups
	}{
		{"client's own retryer", nil, 4},
		{"caller's retryer", func() aws.Retryer { return retry.AddWithMaxAttempts(retry.NewStandard(), 2) }, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := withEnv(env, athenaq.Config{})
			awsCfg := cfg.AWS.Copy()
			awsCfg.Retryer = tc.retryer
			cfg.AWS = &awsCfg
			c, err := athenaq.Open(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			before := env.Server.Stats().Calls["ListWorkGroups"]
			if _, err := c.WorkGroups(context.Background()); err == nil {
				t.Fatal("WorkGroups succeeded against 100% 5xx")
			}
			if n := env.Server.Stats().Calls["ListWorkGroups"] - before; n != tc.want {
				t.Errorf("attempts = %d, want %d", n, tc.want)
			}
		})
	}
}
