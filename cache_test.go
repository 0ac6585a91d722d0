package athenaq_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/emulator"
)

func TestCacheTTLReusesOnlyReadOnlyStatements(t *testing.T) {
	c, env := open(t, athenaq.Config{CacheTTL: time.Hour})
	ctx := context.Background()
	if _, err := c.Exec(ctx, "CREATE TABLE cached WITH (format = 'PARQUET') AS SELECT 1 AS x"); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := c.Exec(ctx, "INSERT INTO cached SELECT 2"); err != nil {
			t.Fatal(err)
		}
	}
	var n int64
	if err := c.QueryRow(ctx, "SELECT count(*) FROM cached WHERE x = 2").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Errorf("three identical INSERTs wrote %d rows, want 3", n)
	}
	// A SELECT is reused, from the client's own index: no new query and no
	// ListQueryExecutions call.
	before := env.Server.Stats().Calls
	first, err := c.Exec(ctx, "SELECT max(x) FROM cached")
	if err != nil {
		t.Fatal(err)
	}
	second, err := c.Exec(ctx, "SELECT max(x) FROM cached ;")
	if err != nil {
		t.Fatal(err)
	}
	after := env.Server.Stats().Calls
	if second.QueryID != first.QueryID {
		t.Errorf("the repeated SELECT ran again: %s then %s", first.QueryID, second.QueryID)
	}
	if d := after["StartQueryExecution"] - before["StartQueryExecution"]; d != 1 {
		t.Errorf("StartQueryExecution calls for two identical SELECTs = %d, want 1", d)
	}
	// Every statement kind that writes runs each time.
	for _, sql := range []string{
		"CREATE TABLE IF NOT EXISTS cached2 WITH (format = 'PARQUET') AS SELECT 1 AS x",
		"CREATE DATABASE IF NOT EXISTS cachedb",
		"UNLOAD (SELECT 1) TO 's3://" + athenatest.Bucket + "/unload/' WITH (format = 'PARQUET')",
	} {
		a, err := c.Exec(ctx, sql)
		if err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		// The second run may fail (UNLOAD's target exists now): it ran.
		b, err := c.Start(ctx, sql)
		if err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		if a.QueryID == b.ID() {
			t.Errorf("%s was reused", sql)
		}
		b.Wait(ctx)
	}
}

func TestCacheTTLFindsAnotherClientsQuery(t *testing.T) {
	c, env := open(t, athenaq.Config{})
	ctx := context.Background()
	st, err := c.Exec(ctx, "SELECT 40 + 2")
	if err != nil {
		t.Fatal(err)
	}
	other, err := athenaq.Open(ctx, withEnv(env, athenaq.Config{CacheTTL: time.Hour}))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	q, err := other.Start(ctx, "SELECT 40 + 2")
	if err != nil {
		t.Fatal(err)
	}
	if q.ID() != st.QueryID {
		t.Errorf("the other client ran the query again (%s), want reuse of %s", q.ID(), st.QueryID)
	}
	var v int32
	if err := other.QueryRow(ctx, "SELECT 40 + 2").Scan(&v); err != nil || v != 42 {
		t.Errorf("reused rows: %d, %v", v, err)
	}
}

// BenchmarkStartWithCacheTTL compares the rate of Starts of distinct
// SELECTs (cache misses) with and without CacheTTL, against an emulator
// that enforces Athena's quotas. A cache that asked ListQueryExecutions (5
// calls/s) on every Start would cap Starts at 5/s, a quarter of their own
// quota (20/s): the ratio shows that it does not.
func BenchmarkStartWithCacheTTL(b *testing.B) {
	const n = 120 // past StartQueryExecution's burst of 80
	rate := func(cfg athenaq.Config) (float64, int64) {
		c, env := open(b, cfg, athenatest.WithOptions(emulator.Options{AthenaQuotas: true}))
		defer c.Close()
		ctx := context.Background()
		begin := time.Now()
		for i := range n {
			if _, err := c.Start(ctx, fmt.Sprintf("SELECT %d", i)); err != nil {
				b.Fatal(err)
			}
		}
		return n / time.Since(begin).Seconds(), env.Server.Stats().Calls["ListQueryExecutions"]
	}
	for b.Loop() {
		plain, _ := rate(athenaq.Config{})
		cached, lists := rate(athenaq.Config{CacheTTL: time.Hour})
		b.ReportMetric(plain, "starts/s-plain")
		b.ReportMetric(cached, "starts/s-cached")
		b.ReportMetric(cached/plain, "cached/plain")
		b.ReportMetric(float64(lists)/n, "list-calls/start")
	}
}
