package engine

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/athenaq/athenaq/emulator/internal/athena"
)

// testDenied stands for the catalog's denied functions in the unit tests.
var testDenied = map[string]bool{"query": true, "read_sqlite": true, "duckdb_settings": true}

func TestParseDuckDB(t *testing.T) {
	for _, tc := range []struct {
		name, sql string
		kind      string
		refs      []S3Ref
		err       string // a part of the refusal
	}{
		{name: "select", sql: "SELECT 1;", kind: "SELECT"},
		{name: "from first", sql: "FROM t SELECT a", kind: "SELECT"},
		{name: "parenthesized", sql: "(SELECT 1) UNION (SELECT 2)", kind: "SELECT"},
		{name: "summarize", sql: "SUMMARIZE t", kind: "SELECT"},
		{name: "show tables", sql: "SHOW TABLES", kind: "SELECT"},
		{name: "show schemas", sql: "show schemas", kind: "SHOW SCHEMAS"},
		{name: "explain", sql: "EXPLAIN SELECT 1", kind: "EXPLAIN"},
		{name: "create schema", sql: "CREATE SCHEMA IF NOT EXISTS s", kind: "CREATE SCHEMA"},
		{name: "create or replace table", sql: "CREATE OR REPLACE TABLE t AS SELECT 1", kind: "CREATE TABLE"},
		{name: "insert", sql: "INSERT INTO t SELECT 1", kind: "INSERT"},
		{name: "unknown word runs as a query", sql: "SELEC 1", kind: "SELECT"},
		{name: "reader", sql: "SELECT * FROM read_csv('s3://b/k.csv', header = true)", kind: "SELECT",
			refs: []S3Ref{{Func: "read_csv", URLs: []string{"s3://b/k.csv"}, Start: 23, End: 37, CallStart: 14, CallEnd: 53}}},
		{name: "reader list", sql: "FROM read_parquet(['s3://b/1', 's3://b/2'])", kind: "SELECT",
			refs: []S3Ref{{Func: "read_parquet", URLs: []string{"s3://b/1", "s3://b/2"}, Start: 18, End: 42, CallStart: 5, CallEnd: 43}}},
		{name: "quoted reader name", sql: `SELECT * FROM "READ_JSON"('s3://b/''x''.json')`, kind: "SELECT",
			refs: []S3Ref{{Func: "read_json", URLs: []string{"s3://b/'x'.json"}, Start: 26, End: 45, CallStart: 14, CallEnd: 46}}},
		{name: "from string", sql: "SELECT * FROM 's3://b/k.parquet' AS t JOIN 's3://b/j.csv' USING (id)", kind: "SELECT",
			refs: []S3Ref{{URLs: []string{"s3://b/k.parquet"}, Start: 14, End: 32, CallStart: 14, CallEnd: 32},
				{URLs: []string{"s3://b/j.csv"}, Start: 43, End: 57, CallStart: 43, CallEnd: 57}}},
		{name: "string outside FROM is data", sql: "SELECT 's3://b/k' AS u, '/etc/passwd' AS p", kind: "SELECT"},
		{name: "subquery FROM", sql: "SELECT (SELECT count(*) FROM 's3://b/k.csv')", kind: "SELECT",
			refs: []S3Ref{{URLs: []string{"s3://b/k.csv"}, Start: 29, End: 43, CallStart: 29, CallEnd: 43}}},
		{name: "CTE named like a reader", sql: "WITH glob(a) AS (SELECT 1) SELECT * FROM glob", kind: "SELECT"},
		{name: "host file", sql: "SELECT * FROM read_csv('/etc/passwd')", err: "host files are not reachable (got '/etc/passwd')"},
		{name: "relative file", sql: "SELECT * FROM read_text('x.txt')", err: "read_text reads S3 only"},
		{name: "expression path", sql: "SELECT * FROM read_csv('s3://' || 'b/k')", err: "got an expression: 's3://' || 'b/k'"},
		{name: "escape string", sql: "SELECT * FROM read_csv(E's3://b/k')", err: "got E's3://b/k'"},
		{name: "no path", sql: "SELECT * FROM read_csv()", err: "got no path"},
		{name: "list with a host file", sql: "SELECT * FROM glob(['s3://b/1', 'file:///etc/x'])", err: "got 'file:///etc/x'"},
		{name: "from host file", sql: "FROM '/etc/passwd'", err: "FROM reads S3 only"},
		{name: "join host file", sql: "SELECT * FROM t JOIN 'x.csv' USING (a)", err: "got 'x.csv'"},
		{name: "from quoted path", sql: `SELECT * FROM "/etc/passwd"`, err: "host files are not reachable"},
		{name: "denied function", sql: "SELECT * FROM query('SELECT 1')", err: "Function with name query is not available"},
		{name: "denied function in a subquery", sql: "SELECT (SELECT 1 FROM duckdb_settings())", err: "duckdb_settings"},
		{name: "two statements", sql: "SELECT 1; DROP TABLE t", err: `a second statement starts at line 1:11 with "DROP"`},
		{name: "empty", sql: " ; ", err: "the query is empty"},
		{name: "install", sql: "INSTALL httpfs", err: "extensions are built in and fixed"},
		{name: "force install", sql: "FORCE INSTALL httpfs", err: "extensions are built in and fixed"},
		{name: "load", sql: "load 'x'", err: "LOAD is not supported"},
		{name: "set", sql: "SET threads = 1", err: "SET is not supported"},
		{name: "reset", sql: "RESET threads", err: "RESET is not supported"},
		{name: "pragma", sql: "PRAGMA version", err: "PRAGMA is not supported"},
		{name: "attach", sql: "ATTACH ':memory:' AS m", err: "ATTACH is not supported"},
		{name: "detach", sql: "DETACH m", err: "DETACH is not supported"},
		{name: "use", sql: "USE s", err: "USE is not supported"},
		{name: "prepare", sql: "PREPARE p AS SELECT ?", err: "use ExecutionParameters"},
		{name: "deallocate", sql: "DEALLOCATE p", err: "DEALLOCATE is not supported"},
		{name: "begin", sql: "BEGIN", err: "transactions are not supported"},
		{name: "commit", sql: "COMMIT", err: "transactions are not supported"},
		{name: "create secret", sql: "CREATE TEMP SECRET s (TYPE s3)", err: "CREATE SECRET is not supported"},
		{name: "create macro", sql: "CREATE OR REPLACE MACRO m(a) AS a", err: "CREATE MACRO is not supported"},
		{name: "create function", sql: "CREATE FUNCTION f(a) AS a", err: "CREATE FUNCTION is not supported"},
		{name: "call", sql: "CALL dbgen(sf = 1)", err: "CALL is not supported"},
		{name: "export", sql: "EXPORT DATABASE 'x'", err: "EXPORT DATABASE is not supported"},
		{name: "import", sql: "IMPORT DATABASE 'x'", err: "IMPORT DATABASE is not supported"},
		{name: "copy to host", sql: "COPY t TO '/tmp/x.csv'", err: "host files are not reachable"},
		{name: "copy from host", sql: "COPY t FROM 'x.csv'", err: "host files are not reachable"},
		{name: "copy from s3", sql: "COPY t FROM 's3://b/x.csv'", err: "COPY FROM is not supported"},
		{name: "copy to a computed target", sql: "COPY t TO 's3://b/' || 'x.csv'", err: "syntax error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, err := parseDuckDB(tc.sql, testDenied)
			if tc.err != "" {
				var qe *athena.QueryError
				if !errors.As(err, &qe) || !strings.Contains(qe.Error(), tc.err) {
					t.Fatalf("parseDuckDB(%q) = %+v, %v; want a refusal with %q", tc.sql, st, err, tc.err)
				}
				if qe.Category != 2 || qe.Name != "" {
					t.Errorf("refusal %+v: want USER with no error name", qe)
				}
				return
			}
			if err != nil {
				t.Fatalf("parseDuckDB(%q): %v", tc.sql, err)
			}
			if st.Kind != tc.kind {
				t.Errorf("Kind %q, want %q", st.Kind, tc.kind)
			}
			if !reflect.DeepEqual(st.S3, tc.refs) {
				t.Errorf("S3 refs\n got %+v\nwant %+v", st.S3, tc.refs)
			}
			for _, r := range st.S3 {
				if got := st.Body[r.Start:r.End]; !strings.Contains(got, "'") {
					t.Errorf("span %d..%d is %q, not a literal", r.Start, r.End, got)
				}
			}
		})
	}
}

func TestSplice(t *testing.T) {
	for _, tc := range []struct {
		name, s string
		reps    []Replacement
		want    string
	}{
		{"none", "abc", nil, "abc"},
		{"one", "read_csv('s3://b/k')", []Replacement{{9, 19, "'/tmp/x'"}}, "read_csv('/tmp/x')"},
		{"out of order", "a b c", []Replacement{{4, 5, "C"}, {0, 1, "A"}}, "A b C"},
		{"overlap is skipped", "abcdef", []Replacement{{0, 3, "X"}, {2, 4, "Y"}}, "Xdef"},
		{"out of range is skipped", "abc", []Replacement{{2, 9, "X"}}, "abc"},
		{"insert", "ac", []Replacement{{1, 1, "b"}}, "abc"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Splice(tc.s, tc.reps); got != tc.want {
				t.Errorf("Splice = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestDuckDBKind(t *testing.T) {
	for sql, want := range map[string]string{
		"  select 1": "SELECT", "WITH x AS (SELECT 1) FROM x": "SELECT", "VALUES (1)": "SELECT",
		"DROP SCHEMA IF EXISTS s CASCADE": "DROP SCHEMA", "CREATE TEMP TABLE t(a INT)": "CREATE TABLE",
		"update t set a = 1": "UPDATE", "DELETE FROM t": "DELETE", "'unterminated": "SELECT", "": "SELECT",
		"SHOW DATABASES": "SHOW SCHEMAS", "DESCRIBE t": "SELECT", "PIVOT t ON a USING sum(b)": "SELECT",
	} {
		if got := DuckDBKind(sql); got != want {
			t.Errorf("DuckDBKind(%q) = %q, want %q", sql, got, want)
		}
	}
}

// FuzzParseDuckDB checks the S3-reference finder on any text: it never
// panics, refusals are *athena.QueryError values, every reference is an
// s3:// literal inside its call, and splicing each literal with itself
// gives the statement back.
func FuzzParseDuckDB(f *testing.F) {
	for _, s := range []string{
		"SELECT * FROM read_csv('s3://b/k.csv')",
		"FROM read_parquet(['s3://b/1', 's3://b/2'], filename = true) SELECT *",
		"SELECT * FROM 's3://b/*.csv' a, 's3://c/**' b",
		"SELECT * FROM glob('s3://b/x?')",
		"SELECT * FROM read_csv('/etc/passwd')",
		"SELECT 1; SELECT 2",
		"SELECT (SELECT * FROM read_json(E'x'))",
		`SELECT * FROM "read_text"('s3://b/''q''')`,
		"WITH read_csv(a) AS (SELECT 1) FROM read_csv",
		"SELECT $$s3://x$$ FROM read_blob($$s3://x$$)",
		"SELECT * FROM read_csv('s3://b/k' /* c */ )",
		"SELECT * FROM read_csv([])",
		"COPY t TO 's3://b/k'",
		"INSTALL x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		st, err := parseDuckDB(sql, testDenied)
		if err != nil {
			var qe *athena.QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("parseDuckDB(%q): %v is not a QueryError", sql, err)
			}
			return
		}
		reps := make([]Replacement, len(st.S3))
		for i, r := range st.S3 {
			if r.Start < 0 || r.Start > r.End || r.End > len(st.Body) || r.CallStart > r.Start || r.CallEnd < r.End || r.CallEnd > len(st.Body) {
				t.Fatalf("parseDuckDB(%q): bad spans %+v", sql, r)
			}
			if len(r.URLs) == 0 {
				t.Fatalf("parseDuckDB(%q): a reference without URLs: %+v", sql, r)
			}
			for _, u := range r.URLs {
				if !strings.HasPrefix(u, "s3://") {
					t.Fatalf("parseDuckDB(%q): URL %q", sql, u)
				}
			}
			reps[i] = Replacement{Start: r.Start, End: r.End, Text: st.Body[r.Start:r.End]}
		}
		if got := Splice(st.Body, reps); got != st.Body {
			t.Fatalf("Splice with the literals themselves changed %q into %q", st.Body, got)
		}
	})
}

// TestDuckDBCopyTarget checks what parseDuckDB reads of the COPY ... TO
// 's3://...' statements it admits.
func TestDuckDBCopyTarget(t *testing.T) {
	for _, tc := range []struct {
		name, sql string
		want      CopyTo
	}{
		{"query with options", "COPY (SELECT 1 AS a) TO 's3://b/k/x.parquet' (FORMAT parquet)",
			CopyTo{Query: "SELECT 1 AS a", URL: "s3://b/k/x.parquet", Options: "FORMAT parquet"}},
		{"table with WITH options", "copy db.t to 's3://b/x.csv' with (header, delimiter '|');",
			CopyTo{Query: "SELECT * FROM db.t", URL: "s3://b/x.csv", Options: "header, delimiter '|'"}},
		{"no options", "COPY (FROM read_csv('s3://b/in.csv')) TO 's3://b/out.json'",
			CopyTo{Query: "FROM read_csv('s3://b/in.csv')", URL: "s3://b/out.json"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, err := parseDuckDB(tc.sql, testDenied)
			if err != nil {
				t.Fatalf("parseDuckDB(%q): %v", tc.sql, err)
			}
			if st.Kind != "COPY" || st.Copy == nil || *st.Copy != tc.want {
				t.Errorf("parseDuckDB(%q): kind %q, copy %+v; want COPY %+v", tc.sql, st.Kind, st.Copy, tc.want)
			}
		})
	}
}
