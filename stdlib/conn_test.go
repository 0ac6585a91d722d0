package stdlib_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/athenatype"
	"github.com/athenaq/athenaq/emulator"
	_ "github.com/athenaq/athenaq/records" // ResultUnload reads Parquet through records

	"github.com/athenaq/athenaq/stdlib"
)

func TestPoolRuns200ConcurrentQueries(t *testing.T) {
	// Athena's StartQueryExecution quota would spread 200 starts over ten
	// seconds; the limiter has tests of its own in athenaq.
	lim := athenaq.Limit{PerSecond: 10000, Burst: 10000}
	db, env := openDB(t, athenaq.Config{APILimits: map[string]athenaq.Limit{"StartQueryExecution": lim, "BatchGetQueryExecution": lim}}, nil)
	db.SetMaxOpenConns(20)
	var wg sync.WaitGroup
	errs := make(chan error, 200)
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rows, err := db.QueryContext(context.Background(), "SELECT ? AS i, 'row' AS s", i)
			if err != nil {
				errs <- err
				return
			}
			defer rows.Close()
			var got int
			var s string
			if !rows.Next() {
				errs <- fmt.Errorf("query %d: no row: %v", i, rows.Err())
				return
			}
			if err := rows.Scan(&got, &s); err != nil || got != i || s != "row" {
				errs <- fmt.Errorf("query %d: got %d %q, %v", i, got, s, err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := env.Server.Stats().Queries["SUCCEEDED"]; n != 200 {
		t.Errorf("SUCCEEDED = %d, want 200", n)
	}
	if st := db.Stats(); st.MaxOpenConnections != 20 || st.OpenConnections > 20 {
		t.Errorf("pool stats %+v", st)
	}
}

func TestQueryDeadlineCancelsTheQueryInAthena(t *testing.T) {
	db, env := openDB(t, athenaq.Config{}, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	var id string
	rows, err := db.QueryContext(stdlib.WithQueryIDCallback(ctx, func(q string) { id = q }), longQuery)
	if err == nil {
		rows.Close()
		t.Fatal("the long query returned rows")
	}
	if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, driver.ErrBadConn) {
		t.Fatalf("err = %v, want one that matches context.DeadlineExceeded", err)
	}
	var qe *athenaq.QueryError
	if !errors.As(err, &qe) || qe.QueryID != id {
		t.Errorf("err = %#v, want a QueryError for %s", err, id)
	}
	// The client stops the query in the background.
	waitCancelled(t, env, 1)
	// The connection stays usable.
	if err := db.QueryRow("SELECT 1").Scan(new(int)); err != nil {
		t.Errorf("query after the cancel: %v", err)
	}
}

func TestExecCancelledByContextStopsTheQuery(t *testing.T) {
	db, env := openDB(t, athenaq.Config{}, nil)
	ctx, cancel := context.WithCancel(context.Background())
	ctx = stdlib.WithQueryIDCallback(ctx, func(string) { cancel() })
	if _, err := db.ExecContext(ctx, longQuery); !errors.Is(err, context.Canceled) {
		t.Fatalf("Exec = %v, want context.Canceled", err)
	}
	waitCancelled(t, env, 1)
}

// waitCancelled waits until the emulator has n CANCELLED queries: the
// client stops a query whose context ended in the background.
func waitCancelled(t *testing.T, env *athenatest.Env, n int64) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if env.Server.Stats().Queries["CANCELLED"] == n {
			return
		}
	}
	t.Errorf("emulator CANCELLED = %d, want %d", env.Server.Stats().Queries["CANCELLED"], n)
}

func TestExecDDLAndResult(t *testing.T) {
	db, env := openDB(t, athenaq.Config{}, nil)
	ctx := context.Background()
	env.Put(t, "data/people/a.csv", "1,ann\n2,bob\n")
	res, err := db.ExecContext(ctx, "CREATE EXTERNAL TABLE people (id int, name string) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION ?",
		"s3://"+athenatest.Bucket+"/data/people/")
	if err != nil {
		t.Fatal(err)
	}
	if n, err := res.RowsAffected(); n != 0 || err != nil {
		t.Errorf("DDL RowsAffected = %d, %v; want 0", n, err)
	}
	if _, err := res.LastInsertId(); !errors.Is(err, stdlib.ErrNotSupported) || !strings.Contains(err.Error(), "LastInsertId") {
		t.Errorf("LastInsertId err = %v", err)
	}
	var names []string
	rows, err := db.QueryContext(ctx, "SELECT name FROM people WHERE id >= ? ORDER BY id", 1)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	if rows.Err() != nil || strings.Join(names, ",") != "ann,bob" {
		t.Errorf("names %v, %v", names, rows.Err())
	}
	res, err = db.ExecContext(ctx, "SELECT * FROM people")
	if n, _ := res.RowsAffected(); err != nil || n != 0 {
		t.Errorf("SELECT through Exec: %d, %v", n, err)
	}
	// A failed query is an *athenaq.QueryError.
	_, err = db.ExecContext(ctx, "SELECT * FROM no_such_table")
	var qe *athenaq.QueryError
	if !errors.As(err, &qe) || qe.State != athenaq.StateFailed {
		t.Errorf("failed query err = %v", err)
	}
}

func TestContextValuesChoosePerQuery(t *testing.T) {
	db, env := openDB(t, athenaq.Config{}, nil, athenatest.WithOptions(emulator.Options{WorkGroups: []emulator.WorkGroup{{Name: "etl"}}}))
	ctx := context.Background()

	var id string
	qctx := stdlib.WithWorkGroup(stdlib.WithQueryIDCallback(ctx, func(q string) { id = q }), "etl")
	if _, err := db.ExecContext(qctx, "SELECT 1"); err != nil {
		t.Fatal(err)
	}
	if id == "" {
		t.Fatal("the query id callback was not called")
	}
	out, err := env.Athena().GetQueryExecution(ctx, &athena.GetQueryExecutionInput{QueryExecutionId: aws.String(id)})
	if err != nil || aws.ToString(out.QueryExecution.WorkGroup) != "etl" {
		t.Errorf("work group of %s: %v, %v", id, out, err)
	}

	// Detached: the query keeps running when the context ends.
	dctx, cancel := context.WithTimeout(stdlib.WithQueryIDCallback(stdlib.WithDetachOnCancel(ctx, true), func(q string) { id = q }), 200*time.Millisecond)
	defer cancel()
	if _, err := db.QueryContext(dctx, longQuery); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("detached query err = %v", err)
	}
	if n := env.Server.Stats().Queries["RUNNING"]; n != 1 {
		t.Errorf("RUNNING = %d after a detached cancel, want 1", n)
	}
	if _, err := env.Athena().StopQueryExecution(ctx, &athena.StopQueryExecutionInput{QueryExecutionId: aws.String(id)}); err != nil {
		t.Fatal(err)
	}

	for _, mode := range []athenaq.ResultMode{athenaq.ResultAPI, athenaq.ResultCSV, athenaq.ResultUnload} {
		var s string
		var n int64
		if err := db.QueryRowContext(stdlib.WithResultMode(ctx, mode), "SELECT 'it''s', CAST(42 AS bigint)").Scan(&s, &n); err != nil || s != "it's" || n != 42 {
			t.Errorf("result mode %s: %q %d %v", mode, s, n, err)
		}
	}
	before := env.Server.Stats().Calls["StartQueryExecution"]
	if _, err := db.QueryContext(stdlib.WithResultMode(ctx, "parquet"), "SELECT 1"); err == nil || !strings.Contains(err.Error(), "parquet") {
		t.Errorf("result mode parquet: err = %v", err)
	}
	if after := env.Server.Stats().Calls["StartQueryExecution"]; after != before {
		t.Errorf("a query started under an unknown result mode")
	}
}

func TestLastQueryIDOnAConn(t *testing.T) {
	db, env := openDB(t, athenaq.Config{}, nil)
	ctx := context.Background()
	c, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if id, err := stdlib.LastQueryID(c); err != nil || id != "" {
		t.Errorf("before any query: %q, %v", id, err)
	}
	rows, err := c.QueryContext(ctx, "SELECT 7 AS n")
	if err != nil {
		t.Fatal(err)
	}
	id, err := stdlib.LastQueryID(c) // while the rows are open
	if err != nil || id == "" {
		t.Fatalf("LastQueryID = %q, %v", id, err)
	}
	rows.Close()
	out, err := env.Athena().GetQueryExecution(ctx, &athena.GetQueryExecutionInput{QueryExecutionId: aws.String(id)})
	if err != nil || aws.ToString(out.QueryExecution.Query) != "SELECT 7 AS n" {
		t.Errorf("query %s: %v, %v", id, out, err)
	}
	if _, err := c.ExecContext(ctx, "SELECT 8"); err != nil {
		t.Fatal(err)
	}
	if next, _ := stdlib.LastQueryID(c); next == id || next == "" {
		t.Errorf("LastQueryID after a second query = %q (first %q)", next, id)
	}
}

func TestPreparedStatementIsReusable(t *testing.T) {
	db, env := openDB(t, athenaq.Config{}, nil)
	db.SetMaxOpenConns(3)
	ctx := context.Background()
	stmt, err := db.PrepareContext(ctx, "SELECT ? + 1 AS n, ? AS s")
	if err != nil {
		t.Fatal(err)
	}
	defer stmt.Close()
	var wg sync.WaitGroup
	for i := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var n int
			var s string
			if err := stmt.QueryRowContext(ctx, i, fmt.Sprint("v", i)).Scan(&n, &s); err != nil || n != i+1 || s != fmt.Sprint("v", i) {
				t.Errorf("execution %d: %d %q %v", i, n, s, err)
			}
		}()
	}
	wg.Wait()
	if res, err := stmt.ExecContext(ctx, 1, "x"); err != nil {
		t.Error(err)
	} else if n, _ := res.RowsAffected(); n != 0 {
		t.Errorf("RowsAffected = %d", n)
	}
	if n := env.Server.Stats().Queries["SUCCEEDED"]; n != 11 {
		t.Errorf("SUCCEEDED = %d, want 11 (no PREPARE round trips)", n)
	}
	// The client checks the argument count at each execution.
	if _, err := stmt.ExecContext(ctx, 1); err == nil || !strings.Contains(err.Error(), "1 arguments for 2") {
		t.Errorf("too few arguments: %v", err)
	}
}

func TestNamedArgumentsAreRejected(t *testing.T) {
	db, env := openDB(t, athenaq.Config{}, nil)
	_, err := db.Query("SELECT ? AS n", sql.Named("n", 1))
	if err == nil || !strings.Contains(err.Error(), `named argument "n"`) || !strings.Contains(err.Error(), "positional") {
		t.Errorf("sql.Named: %v", err)
	}
	if n := env.Server.Stats().Calls["StartQueryExecution"]; n != 0 {
		t.Errorf("%d queries started", n)
	}
	if _, err := db.Query("SELECT ?", make(chan int)); err == nil || !strings.Contains(err.Error(), "cannot encode chan int") {
		t.Errorf("a channel argument: %v", err)
	}
}

// celsius is a driver.Valuer.
type celsius float64

func (c celsius) Value() (driver.Value, error) { return fmt.Sprintf("%.1f C", float64(c)), nil }

func TestArgumentsOfEveryEncodedType(t *testing.T) {
	db, _ := openDB(t, athenaq.Config{}, nil)
	when := time.Date(2026, 3, 4, 5, 6, 7, 890e6, time.UTC)
	dec := athenatype.NewDecimal(1250, 2)
	cases := []struct {
		arg  any
		want string // the value scanned into a string
	}{
		{int8(-8), "-8"},
		{int16(16), "16"},
		{int32(32), "32"},
		{int64(math.MaxInt64), "9223372036854775807"},
		{uint32(7), "7"},
		{float32(0.5), "0.5"},
		{2.25, "2.25"},
		{true, "true"},
		{"it's", "it's"},
		{[]byte{0, 0xff}, "\x00\xff"},
		{when, "2026-03-04T05:06:07.89Z"},
		{athenatype.DateOf(when), "2026-03-04T00:00:00Z"},
		{dec, "12.50"},
		{&dec, "12.50"},
		{celsius(21.5), "21.5 C"},
		{[]int{1, 2}, "[1, 2]"},
		{nil, ""},
	}
	for _, tc := range cases {
		var got sql.NullString
		if err := db.QueryRow("SELECT ? AS v", tc.arg).Scan(&got); err != nil {
			t.Errorf("%T %v: %v", tc.arg, tc.arg, err)
			continue
		}
		if got.String != tc.want || got.Valid != (tc.arg != nil) {
			t.Errorf("%T %v came back as %+v, want %q", tc.arg, tc.arg, got, tc.want)
		}
	}
}

func TestRowsAffectedIsUpdateCount(t *testing.T) {
	db, _ := openDB(t, athenaq.Config{}, nil)
	ctx := context.Background()
	res, err := db.ExecContext(ctx, "CREATE TABLE counted WITH (format = 'PARQUET') AS SELECT * FROM (VALUES (1), (2), (3)) AS t(a)")
	if err != nil {
		t.Fatal(err)
	}
	if n, err := res.RowsAffected(); n != 3 || err != nil {
		t.Errorf("CTAS RowsAffected = %d, %v; want 3", n, err)
	}
	res, err = db.ExecContext(ctx, "INSERT INTO counted VALUES (?), (?)", 4, 5)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := res.RowsAffected(); n != 2 || err != nil {
		t.Errorf("INSERT RowsAffected = %d, %v; want 2", n, err)
	}
	var total int64
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM counted").Scan(&total); err != nil || total != 5 {
		t.Errorf("count = %d, %v; want 5", total, err)
	}
}

func TestDSNResultModeChoosesTheTransport(t *testing.T) {
	env := athenatest.Start(t)
	for _, mode := range []string{"csv", "unload"} {
		t.Run(mode, func(t *testing.T) {
			db, err := sql.Open("athena", dsn(env, "result_mode="+mode))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			rows, err := db.Query("SELECT range AS n, CAST(range AS varchar) AS s FROM range(2500) ORDER BY n")
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			n := 0
			for rows.Next() {
				var got int64
				var s string
				if err := rows.Scan(&got, &s); err != nil {
					t.Fatal(err)
				}
				if got != int64(n) || s != strconv.Itoa(n) {
					t.Fatalf("row %d = %d %q", n, got, s)
				}
				n++
			}
			if err := rows.Err(); err != nil || n != 2500 {
				t.Fatalf("%d rows, %v", n, err)
			}
		})
	}
}
