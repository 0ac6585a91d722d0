package engine

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/athenaq/athenaq/emulator/internal/athena"
)

// openDuckDB opens a DuckDB-dialect engine confined to a folder of its own
// and returns it with that folder's data directory.
func openDuckDB(t *testing.T) (*Engine, string) {
	t.Helper()
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if err := os.MkdirAll(data, 0o755); err != nil {
		t.Fatal(err)
	}
	e, err := Open(Options{Threads: 2, TempDir: filepath.Join(dir, "spill"), Dirs: []string{data}, MemoryLimit: 256 << 20,
		MaxTempSize: 1 << 30, Dialect: DialectDuckDB})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := e.Close(); err != nil {
			t.Error(err)
		}
	})
	return e, data
}

// duckQuery runs sql on e with resolve and returns the CSV it wrote, or
// the error.
func duckQuery(t *testing.T, e *Engine, dir, sql string, resolve S3Resolver) (*Result, string, error) {
	t.Helper()
	out := filepath.Join(dir, "out.csv")
	res, err := e.Query(context.Background(), Query{SQL: sql, OutFile: out, ResolveS3: resolve})
	if err != nil {
		return nil, "", err
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b), nil
}

func TestDuckDBDialectQuery(t *testing.T) {
	e, dir := openDuckDB(t)
	if err := os.WriteFile(filepath.Join(dir, "a.csv"), []byte("id,name\n1,x\n2,y\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	files := map[string][]S3File{
		"s3://b/a.csv": {{URL: "s3://b/a.csv", Local: filepath.Join(dir, "a.csv")}},
		"s3://b/*.csv": {{URL: "s3://b/a.csv", Local: filepath.Join(dir, "a.csv")}},
	}
	resolve := func(_ context.Context, url string) ([]S3File, error) { return files[url], nil }
	for _, tc := range []struct {
		name, sql, csv string
		cols           []athena.Column
	}{
		{"DuckDB division", "SELECT 5/2 AS q, 5//2 AS i", "\"2.5\",\"2\"\n",
			[]athena.Column{{Name: "q", Type: "DOUBLE"}, {Name: "i", Type: "INTEGER"}}},
		{"UTC session", "SELECT CAST(TIMESTAMPTZ '2026-01-01 00:00:00+05' AS VARCHAR) AS t", "\"2025-12-31 19:00:00+00\"\n",
			[]athena.Column{{Name: "t", Type: "VARCHAR", CaseSensitive: true}}},
		{"names as DuckDB gives them", "SELECT 1, 1, 2 + 3", "\"1\",\"1\",\"5\"\n",
			[]athena.Column{{Name: "1", Type: "INTEGER"}, {Name: "1", Type: "INTEGER"}, {Name: "(2 + 3)", Type: "INTEGER"}}},
		{"decimal", "SELECT 1.50::DECIMAL(5,2) AS d, NULL::VARCHAR AS n", "\"1.50\",\n",
			[]athena.Column{{Name: "d", Type: "DECIMAL(5,2)", Precision: 5, Scale: 2}, {Name: "n", Type: "VARCHAR", CaseSensitive: true}}},
		{"S3 reader", "SELECT name FROM read_csv('s3://b/a.csv') ORDER BY id", "\"x\"\n\"y\"\n",
			[]athena.Column{{Name: "name", Type: "VARCHAR", CaseSensitive: true}}},
		{"filename maps back", "SELECT DISTINCT filename FROM read_csv('s3://b/*.csv', filename = true)", "\"s3://b/a.csv\"\n",
			[]athena.Column{{Name: "filename", Type: "VARCHAR", CaseSensitive: true}}},
		{"glob names S3", "SELECT * FROM glob('s3://b/*.csv')", "\"s3://b/a.csv\"\n",
			[]athena.Column{{Name: "file", Type: "VARCHAR", CaseSensitive: true}}},
		{"FROM string", "FROM 's3://b/a.csv' SELECT count(*) AS n", "\"2\"\n",
			[]athena.Column{{Name: "n", Type: "BIGINT"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, csv, err := duckQuery(t, e, dir, tc.sql, resolve)
			if err != nil {
				t.Fatal(err)
			}
			if csv != tc.csv {
				t.Errorf("CSV %q, want %q", csv, tc.csv)
			}
			if len(res.Columns) != len(tc.cols) {
				t.Fatalf("columns %+v, want %+v", res.Columns, tc.cols)
			}
			for i, c := range res.Columns {
				if c != tc.cols[i] {
					t.Errorf("column %d: %+v, want %+v", i, c, tc.cols[i])
				}
			}
		})
	}
}

func TestDuckDBDialectErrors(t *testing.T) {
	e, dir := openDuckDB(t)
	if err := os.WriteFile(filepath.Join(dir, "a.csv"), []byte("not parquet\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	resolve := func(_ context.Context, url string) ([]S3File, error) {
		if url == "s3://b/a.parquet" {
			return []S3File{{URL: url, Local: filepath.Join(dir, "a.csv")}}, nil
		}
		return nil, nil
	}
	for _, tc := range []struct {
		name, sql, msg string
		typ            int32
	}{
		{"parser", "SELECT FROM WHERE", `Parser Error: syntax error at or near "WHERE"`, 1006},
		{"catalog", "SELECT * FROM missing", "Catalog Error: Table with name missing does not exist!", 1301},
		{"conversion", "SELECT 'x'::INTEGER", "Conversion Error: Could not convert string 'x' to INT32", 1100},
		{"no Trino macros", "SELECT from_iso8601_timestamp('2020-01-01')", "Catalog Error: Scalar Function with name from_iso8601_timestamp does not exist!", 1301},
		{"no match", "SELECT * FROM read_csv('s3://b/none*.csv')", `IO Error: No files found that match the pattern "s3://b/none*.csv"`, 1000},
		{"local copy named by its URL", "SELECT * FROM read_parquet('s3://b/a.parquet')", "s3://b/a.parquet", 0},
		{"not a query", "CREATE TABLE t (a INT)", "Not implemented Error: CREATE TABLE statements do not return rows", 1000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := duckQuery(t, e, dir, tc.sql, resolve)
			var qe *athena.QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("error %v, want a QueryError", err)
			}
			if !strings.HasPrefix(qe.Error(), tc.msg) && !(tc.typ == 0 && strings.Contains(qe.Error(), tc.msg)) {
				t.Errorf("message %q, want %q", qe.Error(), tc.msg)
			}
			if tc.typ != 0 && qe.Type != tc.typ {
				t.Errorf("type %d, want %d", qe.Type, tc.typ)
			}
			if strings.Contains(qe.Error(), dir) {
				t.Errorf("message %q shows the host path %s", qe.Error(), dir)
			}
		})
	}
}

// TestDuckDBDialectWrites checks the DuckDB paths of Describe,
// DescribeQuery, ExportFiles and CheckSyntax: DuckDB's types and messages,
// S3 references resolved, the dialect's sandbox applied.
func TestDuckDBDialectWrites(t *testing.T) {
	e, dir := openDuckDB(t)
	ctx := context.Background()
	if err := os.WriteFile(filepath.Join(dir, "a.csv"), []byte("id,name\n1,x\n2,y\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	resolve := func(_ context.Context, url string) ([]S3File, error) {
		return []S3File{{URL: url, Local: filepath.Join(dir, "a.csv")}}, nil
	}
	describe := []struct {
		name, sql string
		resolve   S3Resolver
		types     []string
		err       string
	}{
		{"types", "SELECT 5/2 AS q, [1] AS l, {'a': 'x'} AS s, CAST(1 AS HUGEINT) AS h", nil,
			[]string{"DOUBLE", "INTEGER[]", "STRUCT(a VARCHAR)", "HUGEINT"}, ""},
		{"s3 reader", "SELECT id, name FROM read_csv('s3://b/a.csv')", resolve, []string{"BIGINT", "VARCHAR"}, ""},
		{"s3 without a resolver", "FROM 's3://b/a.csv'", nil, nil, "S3 is not reachable"},
		{"binder error", "SELECT nope", nil, nil, `Binder Error: Referenced column "nope"`},
		{"host file", "SELECT * FROM read_csv('/etc/passwd')", nil, nil, "host files are not reachable"},
		{"not a query", "DELETE FROM t", nil, nil, "do not return rows"},
	}
	for _, c := range describe {
		t.Run("describe "+c.name, func(t *testing.T) {
			_, types, err := e.DescribeQuery(ctx, Query{SQL: c.sql, ResolveS3: c.resolve})
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("DescribeQuery(%q) = %q, %v; want an error with %q", c.sql, types, err, c.err)
				}
				return
			}
			if err != nil || strings.Join(types, "|") != strings.Join(c.types, "|") {
				t.Fatalf("DescribeQuery(%q) = %q, %v; want %q", c.sql, types, err, c.types)
			}
		})
	}
	out := filepath.Join(dir, "export")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	files, rows, err := e.ExportFiles(ctx, Export{SQL: "SELECT id, name FROM read_csv('s3://b/a.csv') WHERE id / 2 > 0.4", Dir: out,
		Prefix: "p", Format: "json", Compression: "none", ResolveS3: resolve})
	if err != nil || len(files) != 1 || rows != 2 {
		t.Fatalf("ExportFiles = %q, %d, %v; want one file of 2 rows (DuckDB's division)", files, rows, err)
	}
	if _, _, err := e.ExportFiles(ctx, Export{SQL: "SELECT x FROM read_csv('s3://b/a.csv')", Dir: out, Prefix: "q", Format: "json",
		ResolveS3: resolve}); err == nil || !strings.Contains(err.Error(), "Binder Error") || strings.Contains(err.Error(), dir) {
		t.Errorf("ExportFiles of a bad column: %v, want DuckDB's Binder Error naming no local path", err)
	}
	syntax := []struct{ name, sql, err string }{
		{"valid", "FROM 's3://b/a.csv' SELECT 1", ""},
		{"parser error", "SELEC 1", "Parser Error: syntax error at or near"},
		{"sandbox", "SELECT * FROM read_csv('/etc/passwd')", "host files are not reachable"},
	}
	for _, c := range syntax {
		err := e.CheckSyntax(ctx, "", c.sql)
		if c.err == "" && err != nil || c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)) {
			t.Errorf("CheckSyntax %s (%q) = %v, want %q", c.name, c.sql, err, c.err)
		}
	}
}
