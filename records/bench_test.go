package records_test

import (
	"context"
	"testing"
	"time"

	"github.com/athenaq/athenaq/records"
)

// BenchmarkReadAPI reads 200,000 rows of 10 mixed columns through Read:
// GetQueryResults pages from the emulator, decoded into Arrow records.
func BenchmarkReadAPI(b *testing.B) {
	c, _ := open(b)
	ctx := context.Background()
	const n = 200_000
	sql := `SELECT x AS id, CAST(x % 1000 AS INTEGER) AS small, CAST(x AS DOUBLE) / 3 AS ratio,
		'name-' || CAST(x AS VARCHAR) AS name, x % 2 = 0 AS even, CAST(x AS DECIMAL(12,2)) / 100 AS amount,
		date_add('day', x % 1000, DATE '2024-01-01') AS day,
		date_add('millisecond', x, TIMESTAMP '2024-01-01 00:00:00.000') AS at,
		NULLIF(x % 10, 0) AS sparse, CAST(x % 128 AS TINYINT) AS tiny
		FROM UNNEST(sequence(1, 200000)) AS t(x)`
	var elapsed time.Duration
	b.ReportAllocs()
	for b.Loop() {
		began := time.Now()
		q, err := c.Start(ctx, sql)
		if err != nil {
			b.Fatal(err)
		}
		r, err := records.Read(ctx, q)
		if err != nil {
			b.Fatal(err)
		}
		rows := int64(0)
		for r.Next() {
			rows += r.RecordBatch().NumRows()
		}
		if err := r.Err(); err != nil {
			b.Fatal(err)
		}
		r.Release()
		if rows != n {
			b.Fatalf("read %d rows, want %d", rows, n)
		}
		if r.Schema().NumFields() != 10 {
			b.Fatalf("%d columns, want 10", r.Schema().NumFields())
		}
		elapsed += time.Since(began)
	}
	b.ReportMetric(float64(n)*float64(b.N)/elapsed.Seconds(), "rows/s")
}
