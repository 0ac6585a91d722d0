package unload_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/internal/s3read"
	"github.com/athenaq/athenaq/internal/unload"
)

// benchSelect is 1,000,000 rows of 10 mixed columns. range() is DuckDB's
// table function, which the emulator passes through.
const benchSelect = `SELECT n AS id, CAST(n % 100000 AS integer) AS i, CAST(n AS double) / 7 AS d, CAST(n AS real) / 3 AS r,
	CAST(CAST(n AS double) / 100 AS decimal(12,2)) AS dec, 'user-' || CAST(n AS varchar) AS s, CAST(n % 10 AS varchar) AS cat,
	n % 3 = 0 AS b, date_add('day', n % 3650, DATE '2000-01-01') AS dt, date_add('second', n, TIMESTAMP '2020-01-01 00:00:00') AS ts
	FROM range(1000000) AS t(n)`

// BenchmarkReadUnload reads a 1,000,000-row UNLOAD (10 columns, split by
// the emulator into a few files) with Open, and the same Parquet files
// from memory with pqarrow alone: the speed of decoding, which Open, that
// also downloads the files, should approach (its target is 70%). Each
// iteration times both, one after the other, so that the noise of a shared
// machine hits both alike. It reports each one's rows/s, Open's speed as a
// percentage of pqarrow's and the time Open takes to return (the first
// file's download).
func BenchmarkReadUnload(b *testing.B) {
	env := athenatest.Start(b)
	ctx := context.Background()
	s3c := env.S3()
	manifest := unloadTo(b, env, benchSelect, "bench")
	var files [][]byte
	for _, uri := range manifestFiles(b, s3c, manifest) {
		files = append(files, getObject(b, s3c, uri))
	}
	b.ReportAllocs()
	var rows, localRows int64
	var openTime, localTime, openLat time.Duration
	for b.Loop() {
		start := time.Now()
		for _, data := range files {
			localRows += readLocal(b, data)
		}
		localTime += time.Since(start)

		start = time.Now()
		r, err := unload.Open(ctx, s3c, manifest, unload.Options{})
		if err != nil {
			b.Fatal(err)
		}
		openLat += time.Since(start)
		for r.Next() {
			rows += r.RecordBatch().NumRows()
		}
		if err := r.Err(); err != nil {
			b.Fatal(err)
		}
		r.Close()
		openTime += time.Since(start)
	}
	if rows != localRows {
		b.Fatalf("Open read %d rows, pqarrow %d", rows, localRows)
	}
	open, local := float64(rows)/openTime.Seconds(), float64(localRows)/localTime.Seconds()
	b.ReportMetric(open, "open-rows/s")
	b.ReportMetric(local, "pqarrow-rows/s")
	b.ReportMetric(100*open/local, "%pqarrow")
	b.ReportMetric(float64(len(files)), "files")
	b.ReportMetric(float64(openLat.Microseconds())/1000/float64(b.N), "open-ms")
}

// readLocal reads one Parquet file from memory as Open does and returns
// its row count.
func readLocal(b *testing.B, data []byte) int64 {
	pf, err := file.NewParquetReader(bytes.NewReader(data))
	if err != nil {
		b.Fatal(err)
	}
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: unload.DefaultBatchSize}, memory.DefaultAllocator)
	if err != nil {
		b.Fatal(err)
	}
	rr, err := fr.GetRecordReader(context.Background(), nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer rr.Release()
	var rows int64
	for rr.Next() {
		rows += rr.RecordBatch().NumRows()
	}
	if err := rr.Err(); err != nil {
		b.Fatal(err)
	}
	return rows
}

// manifestFiles returns the URIs that the manifest at uri lists.
func manifestFiles(t testing.TB, s3c *s3.Client, uri string) []string {
	t.Helper()
	files, err := s3read.ParseManifest(string(getObject(t, s3c, uri)))
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// getObject reads the object at an s3:// URI.
func getObject(t testing.TB, s3c *s3.Client, uri string) []byte {
	t.Helper()
	bucket, key, _ := strings.Cut(strings.TrimPrefix(uri, "s3://"), "/")
	out, err := s3c.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		t.Fatalf("get %s: %v", uri, err)
	}
	defer out.Body.Close()
	data, err := io.ReadAll(out.Body)
	if err != nil {
		t.Fatalf("get %s: %v", uri, err)
	}
	return data
}
