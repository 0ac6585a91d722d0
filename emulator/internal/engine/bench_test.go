package engine

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchSelectFile holds the 1,000,000-row, 10-column SELECT (ints,
// doubles, varchars, timestamps) that the emulator's result-writing
// benchmark also runs, so that both measure the same rows.
const benchSelectFile = "testdata/bench1m.sql"

func benchSelect(b *testing.B) string {
	b.Helper()
	sql, err := os.ReadFile(benchSelectFile)
	if err != nil {
		b.Fatal(err)
	}
	return strings.TrimSpace(string(sql))
}

// BenchmarkQueryWrite1M measures Query: binding, Athena rendering and the
// CSV COPY. Compare with BenchmarkPlainCopy1M.
func BenchmarkQueryWrite1M(b *testing.B) {
	e := openTest(b)
	sel := benchSelect(b)
	out := filepath.Join(b.TempDir(), "out.csv")
	ctx := context.Background()
	b.ReportAllocs()
	var bytes int64
	for b.Loop() {
		res, err := e.Query(ctx, Query{SQL: sel, OutFile: out})
		if err != nil {
			b.Fatal(err)
		}
		if res.Rows != 1_000_000 {
			b.Fatalf("rows = %d", res.Rows)
		}
		bytes = res.Bytes
	}
	b.SetBytes(bytes)
}

// BenchmarkPlainCopy1M measures DuckDB's own COPY of the same SELECT to a
// CSV file, with DuckDB's default text for every value.
func BenchmarkPlainCopy1M(b *testing.B) {
	e := openTest(b)
	out := filepath.Join(b.TempDir(), "out.csv")
	ctx := context.Background()
	stmt := "COPY (" + benchSelect(b) + ") TO " + sqlString(out) + " (FORMAT csv, HEADER false)"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.db.ExecContext(ctx, stmt); err != nil {
			b.Fatal(err)
		}
	}
}
