package athenaq_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/emulator"
	_ "github.com/athenaq/athenaq/records" // ResultUnload reads Parquet through records
)

// everyType selects one column of each Athena type that all three
// transports carry, over rows that hold ordinary values, edge values, NULLs
// and empty strings. Rows are ordered, since UNLOAD's files have no global
// order.
const everyType = `SELECT * FROM (VALUES
	(1, true, TINYINT '1', SMALLINT '2', 3, BIGINT '4', REAL '0.5', 1.25E0, DECIMAL '12.34', CAST('123456789.123456789' AS DECIMAL(38,9)),
	 'it''s', CAST('ab' AS CHAR(3)), X'0102', DATE '2026-01-02', TIMESTAMP '2026-01-02 03:04:05.678',
	 ARRAY[1, 2], MAP(ARRAY['k'], ARRAY[1]), CAST(ROW(1, 'x') AS ROW(a INTEGER, b VARCHAR))),
	(2, false, TINYINT '-128', SMALLINT '-32768', -2147483648, BIGINT '-9223372036854775808', REAL '-1.5', -2.5E-7, DECIMAL '-0.01', CAST('-0.000000001' AS DECIMAL(38,9)),
	 '', CAST('' AS CHAR(3)), X'', DATE '1970-01-01', TIMESTAMP '1970-01-01 00:00:00.000',
	 ARRAY[], MAP(ARRAY[], ARRAY[]), CAST(ROW(NULL, '') AS ROW(a INTEGER, b VARCHAR))),
	(3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	 NULL, NULL, NULL, NULL, NULL,
	 NULL, NULL, NULL),
	(4, true, TINYINT '127', SMALLINT '32767', 2147483647, BIGINT '9223372036854775807', REAL '3.25', 1.0E20, DECIMAL '99.99', CAST('99999999999999999999999999999.999999999' AS DECIMAL(38,9)),
	 'a,"b"' || chr(10) || 'c', CAST('xyz' AS CHAR(3)), X'00ff', DATE '2999-12-31', TIMESTAMP '2999-12-31 23:59:59.999',
	 ARRAY[NULL, 3], MAP(ARRAY['a', 'b'], ARRAY[NULL, 2]), CAST(ROW(7, NULL) AS ROW(a INTEGER, b VARCHAR)))
) AS t(id, bo, ti, si, i, bi, r, d, de, dl, s, c, vb, dt, ts, arr, m, rw) ORDER BY id`

// everyTypeHints give the complex columns their full types, which Athena's
// ColumnInfo leaves out and UNLOAD's Parquet carries.
var everyTypeHints = map[string]string{"arr": "array(integer)", "m": "map(varchar, integer)", "rw": "row(a integer, b varchar)"}

func collectValues(t *testing.T, c *athenaq.Client, mode athenaq.ResultMode, sql string) ([]string, [][]any) {
	t.Helper()
	rows, err := c.Query(context.Background(), sql, athenaq.StartOptions{ResultMode: mode})
	if err != nil {
		t.Fatalf("%s: %v", mode, err)
	}
	defer rows.Close()
	var names []string
	for _, col := range rows.Columns() {
		names = append(names, col.Name)
	}
	var out [][]any
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			t.Fatalf("%s: %v", mode, err)
		}
		out = append(out, vals)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", mode, err)
	}
	return names, out
}

func TestTransportsGiveIdenticalValues(t *testing.T) {
	c, _ := open(t, athenaq.Config{TypeHints: everyTypeHints})
	names, want := collectValues(t, c, athenaq.ResultAPI, everyType)
	if len(want) != 4 {
		t.Fatalf("API transport: %d rows, want 4", len(want))
	}
	for _, mode := range []athenaq.ResultMode{athenaq.ResultCSV, athenaq.ResultUnload} {
		t.Run(string(mode), func(t *testing.T) {
			gotNames, got := collectValues(t, c, mode, everyType)
			if !reflect.DeepEqual(gotNames, names) {
				t.Errorf("columns %v, want %v", gotNames, names)
			}
			if len(got) != len(want) {
				t.Fatalf("%d rows, want %d", len(got), len(want))
			}
			for i := range want {
				for j := range want[i] {
					if !reflect.DeepEqual(got[i][j], want[i][j]) {
						t.Errorf("row %d column %s: %#v (%T), want %#v (%T)", i, names[j], got[i][j], got[i][j], want[i][j], want[i][j])
					}
				}
			}
		})
	}
}

func TestCSVTransportReadsTheResultFile(t *testing.T) {
	c, env := open(t, athenaq.Config{ResultMode: athenaq.ResultCSV})
	ctx := context.Background()
	before := env.Server.Stats().Calls["GetQueryResults"]
	rows, err := c.Query(ctx, "SELECT range AS n, 'v' || CAST(range AS varchar) AS s FROM range(5000) ORDER BY n")
	if err != nil {
		t.Fatal(err)
	}
	n := int64(0)
	for rows.Next() {
		var got int64
		var s string
		if err := rows.Scan(&got, &s); err != nil {
			t.Fatal(err)
		}
		if got != n || s != fmt.Sprint("v", n) {
			t.Fatalf("row %d = %d %q", n, got, s)
		}
		n++
	}
	if err := rows.Err(); err != nil || n != 5000 {
		t.Fatalf("%d rows, %v", n, err)
	}
	// One GetQueryResults call for the column types; the rows came from S3.
	if calls := env.Server.Stats().Calls["GetQueryResults"] - before; calls != 1 {
		t.Errorf("GetQueryResults calls = %d, want 1", calls)
	}
	// Statements without a CSV result are read through the API.
	rows, err = c.Query(ctx, "SHOW DATABASES")
	if err != nil {
		t.Fatal(err)
	}
	var dbs []string
	for rows.Next() {
		var db string
		if err := rows.Scan(&db); err != nil {
			t.Fatal(err)
		}
		dbs = append(dbs, db)
	}
	if strings.Join(dbs, ",") != "default" || rows.Err() != nil {
		t.Errorf("SHOW DATABASES = %v, %v", dbs, rows.Err())
	}
}

func TestCSVTransportFallsBackForManagedResults(t *testing.T) {
	env := athenatest.Start(t, athenatest.WithOptions(emulator.Options{WorkGroups: []emulator.WorkGroup{{Name: "managed", ManagedResults: true}}}))
	log := &logCapture{}
	cfg := withEnv(env, athenaq.Config{ResultMode: athenaq.ResultCSV, WorkGroup: "managed", Logger: log.logger()})
	cfg.OutputLocation = ""
	c, err := athenaq.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var n int64
	if err := c.QueryRow(context.Background(), "SELECT count(*) FROM range(2500)").Scan(&n); err != nil || n != 2500 {
		t.Fatalf("count = %d, %v", n, err)
	}
	if !log.contains("managed query results") {
		t.Errorf("no warning about the fallback; log: %s", log.String())
	}
}

func TestUnloadTransport(t *testing.T) {
	c, env := open(t, athenaq.Config{ResultMode: athenaq.ResultUnload})
	ctx := context.Background()
	q, err := c.Start(ctx, "SELECT range AS n FROM range(3000) ORDER BY n -- a trailing comment")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := q.Rows(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sum := int64(0)
	count := 0
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		sum += n
		count++
	}
	if rows.Err() != nil || count != 3000 || sum != 3000*2999/2 {
		t.Fatalf("%d rows summing to %d, %v", count, sum, rows.Err())
	}
	st := rows.Status()
	if st.SubstatementType != "UNLOAD" || !strings.Contains(st.Query, "/unload/") || q.SQL() != "SELECT range AS n FROM range(3000) ORDER BY n -- a trailing comment" {
		t.Errorf("status %s %q, SQL %q", st.SubstatementType, st.Query, q.SQL())
	}
	files, err := q.Files(ctx)
	if err != nil || len(files) == 0 || !strings.HasPrefix(files[0], env.Config.OutputLocation+"unload/") {
		t.Errorf("Files = %v, %v", files, err)
	}
	// Statements that are not queries run as they are, read through the API.
	st2, err := c.Exec(ctx, "CREATE DATABASE unload_db")
	if err != nil || st2.SubstatementType != "CREATE_DATABASE" {
		t.Errorf("DDL in unload mode: %+v, %v", st2, err)
	}
}

func TestFilesListsTheDataOfCTASAndInsert(t *testing.T) {
	c, _ := open(t, athenaq.Config{})
	ctx := context.Background()
	q, err := c.Start(ctx, "CREATE TABLE filed WITH (format = 'PARQUET') AS SELECT range AS x FROM range(10)")
	if err != nil {
		t.Fatal(err)
	}
	files, err := q.Files(ctx)
	if err != nil || len(files) == 0 || !strings.HasPrefix(files[0], "s3://") {
		t.Fatalf("CTAS Files = %v, %v", files, err)
	}
	q, err = c.Start(ctx, "INSERT INTO filed SELECT 99")
	if err != nil {
		t.Fatal(err)
	}
	if files, err := q.Files(ctx); err != nil || len(files) != 1 {
		t.Errorf("INSERT Files = %v, %v", files, err)
	}
	q, err = c.Start(ctx, "SELECT 1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := q.Files(ctx); err == nil || !strings.Contains(err.Error(), "only CTAS, INSERT INTO and UNLOAD") {
		t.Errorf("SELECT Files err = %v", err)
	}
}

// logCapture collects a client's log lines.
type logCapture struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logCapture) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logCapture) logger() *slog.Logger { return slog.New(slog.NewTextHandler(l, nil)) }

func (l *logCapture) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func (l *logCapture) contains(s string) bool { return strings.Contains(l.String(), s) }

func TestCSVTransportReadsThroughS3Endpoint(t *testing.T) {
	env := athenatest.Start(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name, s3Endpoint string
		ok               bool
	}{
		{"same address", env.Config.Endpoint, true},
		{"closed port", "http://127.0.0.1:1", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := athenaq.Open(ctx, withEnv(env, athenaq.Config{ResultMode: athenaq.ResultCSV, S3Endpoint: tc.s3Endpoint}))
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			var n int64
			err = c.QueryRow(ctx, "SELECT 7").Scan(&n)
			if tc.ok && (err != nil || n != 7) {
				t.Errorf("QueryRow = %d, %v", n, err)
			}
			if !tc.ok && (err == nil || !strings.Contains(err.Error(), "127.0.0.1:1")) {
				t.Errorf("err = %v, want a failure to reach S3Endpoint", err)
			}
		})
	}
}

// textTypes are types that the API and CSV transports carry as Athena's
// text, beyond what Parquet holds.
const textTypes = `SELECT * FROM (VALUES
	(1, TIME '12:34:56.789', TIMESTAMP '2026-01-02 03:04:05.678 UTC', INTERVAL '2' DAY, JSON '{"a":[1,2]}',
	 CAST('12151fd2-7586-11e9-8f9e-2a86e4085a59' AS UUID), 'tab	and
newline', ARRAY['a, b', NULL]),
	(2, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
) AS t(id, tm, tz, iv, js, u, s, arr) ORDER BY id`

func TestCSVAndAPITransportsAgreeOnTextTypes(t *testing.T) {
	c, _ := open(t, athenaq.Config{})
	names, want := collectValues(t, c, athenaq.ResultAPI, textTypes)
	_, got := collectValues(t, c, athenaq.ResultCSV, textTypes)
	if len(got) != 2 || len(want) != 2 {
		t.Fatalf("%d and %d rows, want 2", len(got), len(want))
	}
	for i := range want {
		for j := range want[i] {
			if !reflect.DeepEqual(got[i][j], want[i][j]) {
				t.Errorf("row %d column %s: CSV %#v, API %#v", i, names[j], got[i][j], want[i][j])
			}
		}
	}
	if want[0][1] == nil || want[1][1] != nil {
		t.Errorf("API values %v: the table proves nothing", want)
	}
}
