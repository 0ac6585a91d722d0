package engine

import (
	"context"
	"path/filepath"
	"testing"
)

// benchSelect is a 1,000,000-row, 10-column SELECT: ints, doubles,
// varchars and timestamps.
const benchSelect = `SELECT range AS id,
  CAST(range % 1000 AS INTEGER) AS small,
  range * 7 AS big,
  range * 1.5e0 AS d1,
  range / 3.0e0 AS d2,
  sqrt(range) AS d3,
  'name_' || range AS s1,
  'tag "' || (range % 97) || '", ok' AS s2,
  TIMESTAMP '2026-01-01' + to_seconds(range) AS ts1,
  TIMESTAMP '2026-01-01 00:00:00.123' + to_milliseconds(range) AS ts2
FROM range(1000000)`

// BenchmarkQueryWrite1M measures Query: binding, Athena rendering and the
// CSV COPY. Compare with BenchmarkPlainCopy1M.
func BenchmarkQueryWrite1M(b *testing.B) {
	e := openTest(b)
	out := filepath.Join(b.TempDir(), "out.csv")
	ctx := context.Background()
	b.ReportAllocs()
	var bytes int64
	for b.Loop() {
		res, err := e.Query(ctx, Query{SQL: benchSelect, OutFile: out})
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
	stmt := "COPY (" + benchSelect + ") TO " + sqlString(out) + " (FORMAT csv, HEADER false)"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.db.ExecContext(ctx, stmt); err != nil {
			b.Fatal(err)
		}
	}
}
