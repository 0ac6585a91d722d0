package athenaq_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/athenatype"
	"github.com/athenaq/athenaq/emulator"
	"github.com/athenaq/athenaq/internal/csvresult"
	"github.com/athenaq/athenaq/records"
)

// bench1M is the 1,000,000-row, 10-column mixed-type SELECT that the
// emulator's benchmarks use too.
func bench1M(b *testing.B) string {
	sql, err := os.ReadFile("emulator/internal/engine/testdata/bench1m.sql")
	if err != nil {
		b.Fatal(err)
	}
	return string(sql)
}

// readAll reads rows to the end, decoding every value, and returns the
// count.
func readAll(b *testing.B, rows *athenaq.Rows) int {
	n := 0
	for rows.Next() {
		if _, err := rows.Values(); err != nil {
			b.Fatal(err)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	rows.Close()
	return n
}

// getObject reads a whole S3 object into memory.
func getObject(b *testing.B, env *athenatest.Env, uri string) []byte {
	bucket, key, _ := strings.Cut(strings.TrimPrefix(uri, "s3://"), "/")
	out, err := env.S3().GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		b.Fatal(err)
	}
	defer out.Body.Close()
	data, err := io.ReadAll(out.Body)
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// objectFile copies an S3 object into a temporary file, read once so that
// it sits in the page cache, and returns it open at its start.
func objectFile(b *testing.B, env *athenatest.Env, uri string) *os.File {
	bucket, key, _ := strings.Cut(strings.TrimPrefix(uri, "s3://"), "/")
	out, err := env.S3().GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		b.Fatal(err)
	}
	defer out.Body.Close()
	f, err := os.CreateTemp(b.TempDir(), "result-*.csv")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(f, out.Body); err != nil {
		b.Fatal(err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(io.Discard, f); err != nil {
		b.Fatal(err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		b.Fatal(err)
	}
	return f
}

// BenchmarkTransports reads the same 1,000,000-row, 10-column result
// through each transport and reports rows/s against the limits they are
// measured by: the CSV transport (Next and Values) against decoding the
// same CSV bytes from the page cache into a fresh []any per row (csv/limit,
// target 0.7), the UNLOAD transport into Arrow
// (records.Read) against reading the same Parquet files from memory with
// pqarrow (unload/limit, target 0.7), and both against the API transport
// with 20 ms of API latency (target 5x). The API transport's rate is
// measured on the first 100,000 rows: its cost is per page.
func BenchmarkTransports(b *testing.B) {
	sql := bench1M(b)
	c, env := open(b, athenaq.Config{APILimits: map[string]athenaq.Limit{"GetQueryResults": {PerSecond: 1e6, Burst: 1000}}},
		athenatest.WithOptions(emulator.Options{DataDir: b.TempDir()}))
	slow, _ := open(b, athenaq.Config{}, athenatest.WithOptions(emulator.Options{APILatency: 20 * time.Millisecond}))
	ctx := context.Background()
	rate := func(n int, d time.Duration) float64 { return float64(n) / d.Seconds() }
	for b.Loop() {
		// CSV transport.
		q, err := c.Start(ctx, sql, athenaq.StartOptions{ResultMode: athenaq.ResultCSV})
		if err != nil {
			b.Fatal(err)
		}
		st, err := q.Wait(ctx)
		if err != nil {
			b.Fatal(err)
		}
		begin := time.Now()
		rows, err := q.Rows(ctx)
		if err != nil {
			b.Fatal(err)
		}
		csvRate := rate(readAll(b, rows), time.Since(begin))

		// Its limit: the same bytes decoded from memory into typed values.
		// They wait in a file (in the page cache) rather than in the heap:
		// a 156 MB blob on the heap changes the garbage collector's pace,
		// and so the comparison.
		data := objectFile(b, env, st.OutputLocation)
		rows, err = c.Query(ctx, "SELECT * FROM ("+sql+") LIMIT 1")
		if err != nil {
			b.Fatal(err)
		}
		decs := make([]*athenatype.Decoder, len(rows.Columns()))
		for i, col := range rows.Columns() {
			if decs[i], err = athenatype.NewDecoder(col.Type, nil); err != nil {
				b.Fatal(err)
			}
		}
		rows.Close()
		begin = time.Now()
		rd := csvresult.NewReader(data)
		n := 0
		for {
			vals := make([]any, len(decs)) // a row's values, as Rows.Values returns them
			fields, err := rd.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			for i, f := range fields {
				if f != nil {
					if vals[i], err = decs[i].DecodeBytes(f); err != nil {
						b.Fatal(err)
					}
				}
			}
			n++
		}
		csvLimit := rate(n, time.Since(begin))

		data.Close()

		// UNLOAD transport into Arrow; the limit's Parquet files are
		// fetched first, for the same reason.
		q, err = c.Start(ctx, sql, athenaq.StartOptions{ResultMode: athenaq.ResultUnload})
		if err != nil {
			b.Fatal(err)
		}
		if _, err = q.Wait(ctx); err != nil {
			b.Fatal(err)
		}
		files, err := q.Files(ctx)
		if err != nil {
			b.Fatal(err)
		}
		var blobs [][]byte
		for _, f := range files {
			blobs = append(blobs, getObject(b, env, f))
		}
		begin = time.Now()
		recs, err := records.Read(ctx, q)
		if err != nil {
			b.Fatal(err)
		}
		n = 0
		for recs.Next() {
			n += int(recs.RecordBatch().NumRows())
		}
		if err := recs.Err(); err != nil {
			b.Fatal(err)
		}
		recs.Release()
		unloadRate := rate(n, time.Since(begin))

		// Its limit: the same Parquet files read from memory with pqarrow.
		begin = time.Now()
		n = 0
		for _, blob := range blobs {
			pf, err := file.NewParquetReader(bytes.NewReader(blob))
			if err != nil {
				b.Fatal(err)
			}
			fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: 64 << 10}, memory.DefaultAllocator)
			if err != nil {
				b.Fatal(err)
			}
			rr, err := fr.GetRecordReader(ctx, nil, nil)
			if err != nil {
				b.Fatal(err)
			}
			for rr.Next() {
				n += int(rr.RecordBatch().NumRows())
			}
			rr.Release()
			pf.Close()
		}
		unloadLimit := rate(n, time.Since(begin))

		// The API transport with 20 ms of latency per call.
		rows, err = slow.Query(ctx, "SELECT * FROM ("+sql+") LIMIT 100000")
		if err != nil {
			b.Fatal(err)
		}
		begin = time.Now()
		apiRate := rate(readAll(b, rows), time.Since(begin))

		b.ReportMetric(csvRate, "csv-rows/s")
		b.ReportMetric(csvLimit, "csv-limit-rows/s")
		b.ReportMetric(csvRate/csvLimit, "csv/limit")
		b.ReportMetric(unloadRate, "unload-rows/s")
		b.ReportMetric(unloadLimit, "unload-limit-rows/s")
		b.ReportMetric(unloadRate/unloadLimit, "unload/limit")
		b.ReportMetric(apiRate, "api20ms-rows/s")
		b.ReportMetric(csvRate/apiRate, "csv/api20ms")
		b.ReportMetric(unloadRate/apiRate, "unload/api20ms")
	}
}

// BenchmarkStreamFiveMillionRowsCSV streams 5,000,000 rows through the
// CSV transport and reports the peak heap in use (target: under 96 MiB).
func BenchmarkStreamFiveMillionRowsCSV(b *testing.B) {
	c, _ := open(b, athenaq.Config{ResultMode: athenaq.ResultCSV}, athenatest.WithOptions(emulator.Options{DataDir: b.TempDir()}))
	ctx := context.Background()
	q, err := c.Start(ctx, "SELECT range AS id, range * 2 AS twice, 'row ' || CAST(range AS varchar) AS s FROM range(5000000)")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := q.Wait(ctx); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		peak := samplePeakHeap()
		begin := time.Now()
		rows, err := q.Rows(ctx)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		var id, twice int64
		var s string
		for rows.Next() {
			if err := rows.Scan(&id, &twice, &s); err != nil {
				b.Fatal(err)
			}
			n++
		}
		peakMiB := peak()
		if err := rows.Err(); err != nil || n != 5_000_000 {
			b.Fatalf("%d rows, %v", n, err)
		}
		b.ReportMetric(float64(n)/time.Since(begin).Seconds(), "rows/s")
		b.ReportMetric(peakMiB, "peak-heap-MiB")
	}
}
