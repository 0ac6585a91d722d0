package athenaq_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/athenatype"
	"github.com/athenaq/athenaq/emulator"
)

func TestTypeHintsDecodeComplexValues(t *testing.T) {
	c, _ := open(t, athenaq.Config{TypeHints: map[string]string{"items": "array(row(a integer, b varchar))", "#1": "map(varchar, bigint)"}})
	vals := firstRow(t, c, "SELECT [{'a': 1, 'b': 'x'}, {'a': 2, 'b': 'y'}] AS items, MAP(['k'], [CAST(7 AS BIGINT)]) AS m, [1, 2] AS plain")
	items, ok := vals[0].([]any)
	if !ok || len(items) != 2 {
		t.Fatalf("items = %#v", vals[0])
	}
	first, ok := items[0].(athenatype.Row)
	if !ok {
		t.Fatalf("items[0] = %#v", items[0])
	}
	if a, _ := first.Field("a"); a != int32(1) {
		t.Errorf("items[0].a = %#v", a)
	}
	if b, _ := first.Field("b"); b != "x" {
		t.Errorf("items[0].b = %#v", b)
	}
	m, ok := vals[1].(athenatype.Map)
	if !ok {
		t.Fatalf("m = %#v", vals[1])
	}
	if v, _ := m.Get("k"); v != int64(7) {
		t.Errorf("m[k] = %#v", v)
	}
	// Without a hint, inner values stay strings.
	plain, ok := vals[2].([]any)
	if !ok || len(plain) != 2 || plain[0] != "1" {
		t.Errorf("plain = %#v", vals[2])
	}
	rows, err := c.Query(context.Background(), "SELECT [{'a': 1, 'b': 'x'}] AS items")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if sig := rows.Columns()[0].Signature; sig == nil || sig.String() != "array(row(a integer, b varchar))" {
		t.Errorf("Signature = %v", sig)
	}
}

func TestScanConversions(t *testing.T) {
	c, _ := open(t, athenaq.Config{})
	rows, err := c.Query(context.Background(), "SELECT CAST(5 AS TINYINT) AS t, 7 AS i, 1.5e0 AS d, true AS b, DECIMAL '12.50' AS dec, CAST(NULL AS BIGINT) AS n, DATE '2026-03-04' AS dt")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if !rows.Next() {
		t.Fatal(rows.Err())
	}
	var (
		tiny  int64
		i     string
		d     float32
		b     bool
		dec   athenatype.Decimal
		n     sql.NullInt64
		dt    time.Time
		nAny  any
		nPtr  *int64
		asStr string
	)
	if err := rows.Scan(&tiny, &i, &d, &b, &dec, &n, &dt); err != nil {
		t.Fatal(err)
	}
	if tiny != 5 || i != "7" || d != 1.5 || !b || dec.String() != "12.50" || n.Valid || !dt.Equal(time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("scanned %v %q %v %v %v %+v %v", tiny, i, d, b, dec, n, dt)
	}
	if err := rows.Scan(&asStr, &i, &d, &b, &asStr, &nAny, &dt); err != nil || nAny != nil || asStr != "12.50" {
		t.Errorf("scan into any/string: %v %v %q", err, nAny, asStr)
	}
	if err := rows.Scan(&tiny, &i, &d, &b, &dec, &nPtr, &dt); err != nil || nPtr != nil {
		t.Errorf("NULL into **int64: %v %v", err, nPtr)
	}
	var small int8
	if err := rows.Scan(&small, &i, &d, &b, &dec, &asStr, &dt); err == nil {
		t.Error("NULL into *string accepted")
	}
	if err := rows.Scan(&tiny); err == nil {
		t.Error("wrong destination count accepted")
	}
}

func TestRowsContextCancelStopsReading(t *testing.T) {
	c, _ := open(t, athenaq.Config{}, athenatest.WithOptions(emulator.Options{PageLatency: 50 * time.Millisecond}))
	q, err := c.Start(context.Background(), "SELECT range FROM range(5000)")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := q.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rows, err := q.Rows(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		n++
		if n == 1500 {
			cancel()
		}
	}
	if !errors.Is(rows.Err(), context.Canceled) || n >= 5000 {
		t.Errorf("after %d rows: err %v, want context.Canceled", n, rows.Err())
	}
	rows.Close()
}

func TestResultReuseAndClientCache(t *testing.T) {
	c, env := open(t, athenaq.Config{ResultReuse: 10 * time.Minute})
	ctx := context.Background()
	if _, err := c.Exec(ctx, "SELECT 41 + 1"); err != nil {
		t.Fatal(err)
	}
	st, err := c.Exec(ctx, "SELECT 41 + 1")
	if err != nil || !st.ReusedPreviousResult {
		t.Errorf("second run: reused %v, %v", st.ReusedPreviousResult, err)
	}

	cached, err := athenaq.Open(ctx, withEnv(env, athenaq.Config{CacheTTL: time.Minute}))
	if err != nil {
		t.Fatal(err)
	}
	defer cached.Close()
	before := env.Server.Stats().Calls["StartQueryExecution"]
	q, err := cached.Start(ctx, "SELECT 41 + 1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := q.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	if after := env.Server.Stats().Calls["StartQueryExecution"]; after != before {
		t.Errorf("the client cache started a query (%d -> %d StartQueryExecution calls)", before, after)
	}
	rows, err := q.Rows(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var v int
	if !rows.Next() || rows.Scan(&v) != nil || v != 42 {
		t.Errorf("cached rows: %d, %v", v, rows.Err())
	}
}

// withEnv fills a Config with the emulator's endpoint and credentials.
func withEnv(env *athenatest.Env, cfg athenaq.Config) athenaq.Config {
	base := env.ClientConfig()
	cfg.Endpoint, cfg.Region, cfg.AWS, cfg.OutputLocation = base.Endpoint, base.Region, base.AWS, base.OutputLocation
	return cfg
}

func TestCloseEndsWaitersAndGoroutines(t *testing.T) {
	env := athenatest.Start(t, athenatest.WithOptions(emulator.Options{QueryDelay: time.Hour}))
	c, err := athenaq.Open(context.Background(), withEnv(env, athenaq.Config{}))
	if err != nil {
		t.Fatal(err)
	}
	q, err := c.Start(context.Background(), "SELECT 1")
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	if _, err := q.Wait(context.Background()); !errors.Is(err, athenaq.ErrClosed) {
		t.Errorf("Wait after Close = %v, want ErrClosed", err)
	}
	if _, err := c.Start(context.Background(), "SELECT 1"); !errors.Is(err, athenaq.ErrClosed) {
		t.Errorf("Start after Close = %v, want ErrClosed", err)
	}
}

func TestRawValuesAreAthenasText(t *testing.T) {
	c, _ := open(t, athenaq.Config{})
	rows, err := c.Query(context.Background(), "SELECT ARRAY[1, 2] AS a, DECIMAL '1.50' AS d, CAST(NULL AS VARCHAR) AS n")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if _, err := rows.RawValues(); err == nil {
		t.Error("RawValues before Next succeeded")
	}
	if !rows.Next() {
		t.Fatal(rows.Err())
	}
	raw, err := rows.RawValues()
	if err != nil || len(raw) != 3 || raw[0] == nil || *raw[0] != "[1, 2]" || raw[1] == nil || *raw[1] != "1.50" || raw[2] != nil {
		t.Errorf("RawValues = %v, %v", raw, err)
	}
}
