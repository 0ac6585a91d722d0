package engine

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/athenaq/athenaq/emulator/internal/athena"
)

// openConfined opens an engine confined to a folder of its own, with a
// 256 MiB memory limit, and returns it with that folder.
func openConfined(t *testing.T) (*Engine, string) {
	t.Helper()
	dir := t.TempDir()
	e, err := Open(Options{Threads: 2, TempDir: filepath.Join(dir, "spill"), Dirs: []string{filepath.Join(dir, "data")},
		MemoryLimit: 256 << 20, MaxTempSize: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := e.Close(); err != nil {
			t.Error(err)
		}
	})
	if err := os.MkdirAll(filepath.Join(dir, "data"), 0o755); err != nil {
		t.Fatal(err)
	}
	return e, dir
}

// confinedQuery runs sql on an engine from openConfined and returns what it
// wrote.
func confinedQuery(t *testing.T, e *Engine, dir, sql string) string {
	t.Helper()
	out := filepath.Join(dir, "data", "out.csv")
	if _, err := e.Query(context.Background(), Query{SQL: sql, OutFile: out}); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSandboxRefusesWhatAthenaCannotDo(t *testing.T) {
	e, dir := openConfined(t)
	cases := []struct {
		name, sql string
		want      string // error name; SYNTAX_ERROR for rejections
	}{
		{"read_csv", "SELECT * FROM read_csv('/etc/passwd')", "FUNCTION_NOT_FOUND"},
		{"read_csv_auto", "SELECT * FROM read_csv_auto('/etc/passwd')", "FUNCTION_NOT_FOUND"},
		{"read_text", "SELECT * FROM read_text('/etc/hostname')", "FUNCTION_NOT_FOUND"},
		{"read_blob", "SELECT content FROM read_blob('/etc/hostname')", "FUNCTION_NOT_FOUND"},
		{"read_parquet", "SELECT * FROM read_parquet('/x.parquet')", "FUNCTION_NOT_FOUND"},
		{"parquet_scan alias", "SELECT * FROM parquet_scan('/x.parquet')", "FUNCTION_NOT_FOUND"},
		{"read_json_objects", "SELECT * FROM read_json_objects('/etc/hostname')", "FUNCTION_NOT_FOUND"},
		{"sniff_csv", "SELECT * FROM sniff_csv('/etc/passwd')", "FUNCTION_NOT_FOUND"},
		{"glob", "SELECT * FROM glob('/etc/*')", "FUNCTION_NOT_FOUND"},
		{"glob of own folder", "SELECT * FROM glob(" + sqlString(dir+"/*") + ")", "FUNCTION_NOT_FOUND"},
		{"query", "SELECT * FROM query('SELECT 42')", "FUNCTION_NOT_FOUND"},
		{"query_table", "SELECT * FROM query_table('x')", "FUNCTION_NOT_FOUND"},
		{"duckdb_settings", "SELECT * FROM duckdb_settings()", "FUNCTION_NOT_FOUND"},
		{"duckdb_temporary_files", "SELECT * FROM duckdb_temporary_files()", "FUNCTION_NOT_FOUND"},
		{"duckdb_databases", "SELECT path FROM duckdb_databases()", "FUNCTION_NOT_FOUND"},
		{"pragma_database_size", "SELECT * FROM pragma_database_size()", "FUNCTION_NOT_FOUND"},
		{"pragma_version", "SELECT * FROM pragma_version()", "FUNCTION_NOT_FOUND"},
		{"current_setting", "SELECT current_setting('temp_directory')", "FUNCTION_NOT_FOUND"},
		{"current_setting chained", "SELECT 'temp_directory'.current_setting()", "FUNCTION_NOT_FOUND"},
		{"getvariable", "SELECT getvariable('x')", "FUNCTION_NOT_FOUND"},
		{"enable_logging", "SELECT * FROM enable_logging()", "FUNCTION_NOT_FOUND"},
		{"qualified", "SELECT * FROM system.main.read_csv('/etc/passwd')", "FUNCTION_NOT_FOUND"},
		{"quoted upper case", `SELECT * FROM "READ_CSV"('/etc/passwd')`, "FUNCTION_NOT_FOUND"},
		{"comment before parenthesis", "SELECT * FROM read_text /* x */ ('/etc/hostname')", "FUNCTION_NOT_FOUND"},
		{"in a subquery", "SELECT (SELECT count(*) FROM read_text('/etc/hostname'))", "FUNCTION_NOT_FOUND"},
		{"in a lateral join", "SELECT * FROM (VALUES 1) t(x), LATERAL read_text('/etc/hostname')", "FUNCTION_NOT_FOUND"},
		{"behind an escape string", `SELECT E'\'' || current_setting('temp_directory') || ''`, "FUNCTION_NOT_FOUND"},
		{"string as table", "SELECT * FROM '/etc/passwd'", "SYNTAX_ERROR"},
		{"string as table, FROM first", "FROM '/etc/passwd'", "SYNTAX_ERROR"},
		{"string after a comma", "SELECT * FROM (VALUES 1) t(x), '/etc/passwd'", "SYNTAX_ERROR"},
		{"string after JOIN", "SELECT * FROM (VALUES 1) t(x) JOIN '/etc/passwd' ON true", "SYNTAX_ERROR"},
		{"string in a subquery", "SELECT * FROM (SELECT * FROM '/etc/passwd')", "SYNTAX_ERROR"},
		{"closing the wrapper", "SELECT 1) AS q(c0)) TO '/tmp/pwn.csv' (FORMAT csv) --", "SYNTAX_ERROR"},
		{"NUL byte", "SELECT 'a\x00' FROM t", "SYNTAX_ERROR"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := runQuery(t, e, "", c.sql)
			var qe *athena.QueryError
			if !errors.As(err, &qe) || qe.Name != c.want {
				t.Fatalf("err = %v, want %s", err, c.want)
			}
			if strings.Contains(qe.Error(), dir) {
				t.Errorf("the error names the engine's folder: %v", qe)
			}
			if _, _, err := e.Describe(context.Background(), "", c.sql); !errors.As(err, &qe) || qe.Name != c.want {
				t.Errorf("Describe: err = %v, want %s", err, c.want)
			}
		})
	}
}

func TestSandboxKeepsOrdinaryQueries(t *testing.T) {
	e, dir := openConfined(t)
	cases := []struct{ name, sql, want string }{
		{"unnest", "SELECT x FROM unnest([1, 2]) AS u(x)", "\"1\"\n\"2\"\n"},
		{"range as a list", "SELECT len(range(3))", "\"3\"\n"},
		{"generate_series", "SELECT count(*) FROM generate_series(1, 4)", "\"4\"\n"},
		{"string after FROM inside trim", "SELECT trim(BOTH 'x' FROM 'xax')", "\"a\"\n"},
		{"string after FROM inside extract", "SELECT extract(year FROM DATE '2020-01-02')", "\"2020\"\n"},
		{"string in IN list", "SELECT count(*) FROM (VALUES ('a')) t(s) WHERE s IN ('a', 'b')", "\"1\"\n"},
		{"string in ON", "SELECT count(*) FROM (VALUES ('a')) t(s) JOIN (VALUES ('a')) u(s) ON t.s = 'a'", "\"1\"\n"},
		{"alias named like a table function", "SELECT * FROM (VALUES (1)) AS query(x)", "\"1\"\n"},
		{"CTE named like a table function", "WITH query(x) AS (SELECT 1) SELECT x FROM query", "\"1\"\n"},
		{"column named like a setting", "SELECT 1 AS current_setting", "\"1\"\n"},
		{"function name in a string", "SELECT 'read_csv(''/etc/passwd'')'", "\"read_csv('/etc/passwd')\"\n"},
		{"escape string", `SELECT E'a\'b'`, "\"a'b\"\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if out := confinedQuery(t, e, dir, c.sql); out != c.want {
				t.Errorf("got %q, want %q", out, c.want)
			}
		})
	}
}

func TestConfinementHoldsBelowTheSandbox(t *testing.T) {
	e, dir := openConfined(t)
	ctx := context.Background()
	inside := filepath.Join(dir, "data", "in.csv")
	if err := os.WriteFile(inside, []byte("1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(t.TempDir(), "out.csv")
	if err := os.WriteFile(outside, []byte("1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Straight to DuckDB, past the sandbox: only the engine's folders.
	cases := []struct {
		name, sql string
		ok        bool
	}{
		{"read inside", "SELECT count(*) FROM read_csv(" + sqlString(inside) + ")", true},
		{"read outside", "SELECT count(*) FROM read_csv(" + sqlString(outside) + ")", false},
		{"read outside through ..", "SELECT count(*) FROM read_csv(" + sqlString(filepath.Join(dir, "data", "..", "..", filepath.Base(filepath.Dir(outside)), "out.csv")) + ")", false},
		{"read a system file", "SELECT count(*) FROM read_text('/etc/hostname')", false},
		{"read the network", "SELECT count(*) FROM read_csv('https://example.com/x.csv')", false},
		{"write outside", "COPY (SELECT 1) TO " + sqlString(filepath.Join(filepath.Dir(outside), "w.csv")), false},
		{"attach a file outside", "ATTACH " + sqlString(filepath.Join(filepath.Dir(outside), "x.db")) + " AS x", false},
		{"install", "INSTALL httpfs", false},
		{"load", "LOAD httpfs", false},
		{"unlock", "SET lock_configuration = false", false},
		{"open access", "SET enable_external_access = true", false},
		{"widen the folders", "SET allowed_directories = ['/']", false},
		{"raise the memory limit", "SET memory_limit = '100GB'", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := e.db.ExecContext(ctx, c.sql)
			if c.ok && err != nil || !c.ok && err == nil {
				t.Errorf("err = %v, want ok=%v", err, c.ok)
			}
		})
	}
	var mem, spill string
	if err := e.db.QueryRowContext(ctx, "SELECT current_setting('memory_limit'), current_setting('max_temp_directory_size')").Scan(&mem, &spill); err != nil {
		t.Fatal(err)
	}
	if mem != "256.0 MiB" || spill != "1.0 GiB" {
		t.Errorf("memory_limit %q, max_temp_directory_size %q; want 256.0 MiB and 1.0 GiB", mem, spill)
	}
	// Connections opened after the lock still divide as Trino does.
	e.db.SetMaxIdleConns(0)
	if out := confinedQuery(t, e, dir, "SELECT 5/2, current_setting IS NULL FROM (SELECT NULL AS current_setting)"); out != "\"2\",\"true\"\n" {
		t.Errorf("5/2 on a new connection: %q", out)
	}
}

func TestDefaultMemoryLimitIsAQuarterOfTheMachine(t *testing.T) {
	// DuckDB's own default is 80% of the memory it detects.
	connector, err := duckdb.NewConnector("", nil)
	if err != nil {
		t.Fatal(err)
	}
	raw := sql.OpenDB(connector)
	defer raw.Close()
	e := openTest(t)
	var duckText, ourText string
	if err := raw.QueryRow("SELECT current_setting('memory_limit')").Scan(&duckText); err != nil {
		t.Fatal(err)
	}
	if err := e.db.QueryRow("SELECT current_setting('memory_limit')").Scan(&ourText); err != nil {
		t.Fatal(err)
	}
	duck, ok1 := parseDuckSize(duckText)
	ours, ok2 := parseDuckSize(ourText)
	if !ok1 || !ok2 {
		t.Fatalf("memory_limit %q, %q do not parse", duckText, ourText)
	}
	machine := float64(duck) / 0.8
	if share := float64(ours) / machine; share < 0.24 || share > 0.26 {
		t.Errorf("memory_limit %s is %.3f of the machine (DuckDB's default %s), want 0.25", ourText, share, duckText)
	}
}

func TestParseDuckSize(t *testing.T) {
	cases := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"512 bytes", 512, true},
		{"1.0 KiB", 1024, true},
		{"1.5 GiB", 3 << 29, true},
		{"2 GB", 2e9, true},
		{"90% of available disk space", 0, false},
		{"", 0, false},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got, ok := parseDuckSize(c.in)
			if got != c.want || ok != c.ok {
				t.Errorf("parseDuckSize(%q) = %d, %v; want %d, %v", c.in, got, ok, c.want, c.ok)
			}
		})
	}
}

func TestErrorsNameNoHostPath(t *testing.T) {
	e, dir := openConfined(t)
	ctx := context.Background()
	bad := filepath.Join(dir, "data", "bad.parquet")
	if err := os.WriteFile(bad, []byte("not parquet"), 0o644); err != nil {
		t.Fatal(err)
	}
	must(t, e.CreateSchema(ctx, "db"))
	err := e.DefineTable(ctx, TableSource{Schema: "db", Name: "t", Format: FormatParquet, Files: []string{bad},
		Columns: columns(t, "a int")})
	if err == nil {
		_, err = e.Query(ctx, Query{Schema: "db", SQL: "SELECT * FROM t", OutFile: filepath.Join(dir, "data", "out.csv")})
	}
	if err == nil {
		t.Fatal("reading a broken Parquet file succeeded")
	}
	if strings.Contains(err.Error(), dir) || !strings.Contains(err.Error(), "bad.parquet") {
		t.Errorf("err = %v; want the file named without %s", err, dir)
	}
}

func TestRedact(t *testing.T) {
	dirs := []string{"/srv/athena/tmp/engine", "/srv/athena/tmp"}
	cases := []struct{ in, want string }{
		{`Cannot open file "/srv/athena/tmp/files/ab.csv": x`, `Cannot open file "files/ab.csv": x`},
		{`spill to /srv/athena/tmp/engine/duckdb_temp_1.block`, `spill to duckdb_temp_1.block`},
		{`folder /srv/athena/tmp is full`, `folder . is full`},
		{`/etc/passwd`, `/etc/passwd`},
		{"LINE 1: SELECT * FROM read_parquet(['/srv/athena/tm...", "LINE 1: SELECT * FROM read_parquet(['..."},
	}
	for _, c := range cases {
		if got := redact(c.in, dirs); got != c.want {
			t.Errorf("redact(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
