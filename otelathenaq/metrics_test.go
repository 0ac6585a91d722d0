package otelathenaq_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/emulator"
	_ "github.com/athenaq/athenaq/records" // the UNLOAD transport's reader
)

// points returns the data points of a metric whose attributes include
// every key and value of match, with their attributes.
func points[N int64 | float64](t *testing.T, m metricdata.Metrics, match ...attribute.KeyValue) (sum N, count uint64, maxv N) {
	t.Helper()
	matches := func(set attribute.Set) bool {
		for _, kv := range match {
			if v, ok := set.Value(kv.Key); !ok || v != kv.Value {
				return false
			}
		}
		return true
	}
	switch d := m.Data.(type) {
	case metricdata.Sum[N]:
		for _, p := range d.DataPoints {
			if matches(p.Attributes) {
				sum += p.Value
				count++
			}
		}
	case metricdata.Histogram[N]:
		for _, p := range d.DataPoints {
			if matches(p.Attributes) {
				sum += p.Sum
				count += p.Count
				if v, ok := p.Max.Value(); ok {
					maxv = max(maxv, v)
				}
			}
		}
	default:
		t.Fatalf("metric %s: data %T", m.Name, m.Data)
	}
	return sum, count, maxv
}

// objectSize returns the size of an S3 object of the emulator.
func objectSize(t *testing.T, env *athenatest.Env, uri string) int64 {
	t.Helper()
	bucket, key, _ := strings.Cut(strings.TrimPrefix(uri, "s3://"), "/")
	head, err := env.S3().HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		t.Fatal(err)
	}
	return aws.ToInt64(head.ContentLength)
}

// billed is Athena's price for scanning n bytes at $5 per TB, computed
// apart from the package: 1 MB units, 10 MB at least.
func billed(n int64) float64 {
	if n == 0 {
		return 0
	}
	mb := math.Max(math.Ceil(float64(n)/(1<<20)), 10)
	return mb * 5 / (1 << 20)
}

func TestMetricsAfterAKnownWorkload(t *testing.T) {
	tel := newTelemetry(t)
	c, env := open(t, tel, athenaq.Config{ResultMode: athenaq.ResultCSV, S3PartSize: 8 << 10, CacheTTL: 1 << 40},
		athenatest.WithOptions(emulator.Options{Faults: emulator.Faults{ThrottleRate: 0.3, Seed: 3}}))
	ctx := context.Background()
	var data strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&data, "%d,name %d\n", i, i)
	}
	env.Put(t, "data/t/part.csv", data.String())

	// The workload: one DDL statement, four SELECTs read through the CSV
	// transport, at once, one read through UNLOAD, one FAILED query, and
	// one Start answered from the cache.
	var succeeded []athenaq.Status
	st, err := c.Exec(ctx, "CREATE EXTERNAL TABLE t (n int, s string) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://"+
		athenatest.Bucket+"/data/t/'")
	if err != nil {
		t.Fatal(err)
	}
	succeeded = append(succeeded, st)
	var mu sync.Mutex
	var wg sync.WaitGroup
	var csvBytes, csvRows int64
	for i := range 4 {
		wg.Go(func() {
			rows, err := c.Query(ctx, fmt.Sprintf("SELECT n, s FROM t WHERE n >= %d", i*100))
			if err != nil {
				t.Error(err)
				return
			}
			var n int64
			for rows.Next() {
				n++
			}
			if err := rows.Err(); err != nil {
				t.Error(err)
			}
			size := objectSize(t, env, rows.Status().OutputLocation)
			mu.Lock()
			defer mu.Unlock()
			succeeded = append(succeeded, rows.Status())
			csvRows += n
			csvBytes += size
		})
	}
	wg.Wait()
	q, err := c.Start(ctx, "SELECT n FROM t WHERE n < 1000", athenaq.StartOptions{ResultMode: athenaq.ResultUnload})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := q.Rows(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var unloadRows int64
	for rows.Next() {
		unloadRows++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	succeeded = append(succeeded, q.Status())
	files, err := q.Files(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var unloadBytes int64
	for _, f := range files {
		unloadBytes += objectSize(t, env, f)
	}
	if _, err := c.Exec(ctx, "SELECT * FROM missing"); err == nil {
		t.Fatal("a query of a missing table succeeded")
	}
	if st, err := c.Exec(ctx, "SELECT n, s FROM t WHERE n >= 0"); err != nil || st.QueryID != succeeded[1].QueryID && st.QueryID != succeeded[2].QueryID &&
		st.QueryID != succeeded[3].QueryID && st.QueryID != succeeded[4].QueryID {
		t.Fatalf("the repeated SELECT = %s, %v; want the cached earlier query", st.QueryID, err)
	}
	if t.Failed() {
		return
	}
	stats := env.Server.Stats()
	m := tel.metrics(t)
	get := func(name string) metricdata.Metrics {
		t.Helper()
		mt, ok := m[name]
		if !ok {
			t.Fatalf("no metric %s", name)
		}
		return mt
	}
	succ, failed := attribute.String("athena.state", "SUCCEEDED"), attribute.String("athena.state", "FAILED")
	wgPrimary := attribute.String("athena.work_group", "primary")

	if sum, n, _ := points[int64](t, get("athena.query.active")); sum != 0 || n == 0 {
		t.Errorf("athena.query.active = %d (%d points) after every query ended", sum, n)
	}
	if _, n, _ := points[float64](t, get("db.client.operation.duration"), succ, wgPrimary,
		attribute.String("db.system.name", "aws.athena")); n != uint64(len(succeeded)) {
		t.Errorf("%d durations of SUCCEEDED queries, want %d", n, len(succeeded))
	}
	if _, n, _ := points[float64](t, get("db.client.operation.duration"), failed, attribute.String("db.operation.name", "SELECT")); n != 1 {
		t.Errorf("%d durations of FAILED queries, want 1", n)
	}
	if _, n, _ := points[float64](t, get("athena.query.queue.duration")); n != uint64(len(succeeded)+1) {
		t.Errorf("%d queue times, want %d", n, len(succeeded)+1)
	}
	var scanned int64
	var cost float64
	for _, st := range succeeded {
		scanned += st.Statistics.DataScannedBytes
		cost += billed(st.Statistics.DataScannedBytes)
	}
	if sum, _, _ := points[int64](t, get("athena.query.data_scanned"), succ); sum != scanned || scanned == 0 {
		t.Errorf("athena.query.data_scanned = %d, the statuses say %d", sum, scanned)
	}
	if sum, _, _ := points[float64](t, get("athena.query.cost")); math.Abs(sum-cost) > 1e-12 || cost == 0 {
		t.Errorf("athena.query.cost = %g, want %g", sum, cost)
	}
	if sum, _, _ := points[int64](t, get("athena.query.cached"), wgPrimary); sum != 1 {
		t.Errorf("athena.query.cached = %d, want 1", sum)
	}

	var throttledAll, retriesAll int64
	for op, calls := range stats.Calls {
		byOp := attribute.String("athena.operation", op)
		if sum, _, _ := points[int64](t, get("athena.api.requests"), byOp); sum != calls {
			t.Errorf("athena.api.requests{%s} = %d, the emulator counted %d", op, sum, calls)
		}
		throttled, _, _ := points[int64](t, get("athena.api.throttles"), byOp)
		if throttled != stats.Throttled[op] {
			t.Errorf("athena.api.throttles{%s} = %d, the emulator throttled %d", op, throttled, stats.Throttled[op])
		}
		// Each throttle is retried, since the workload's contexts never
		// end; but not the cache's scan of recent queries, which gives up
		// rather than slow Start down.
		retries, _, _ := points[int64](t, get("athena.api.retries"), byOp)
		if retries < throttled && op != "ListQueryExecutions" {
			t.Errorf("athena.api.retries{%s} = %d for %d throttles", op, retries, throttled)
		}
		if _, n, _ := points[float64](t, get("athena.api.duration"), byOp); n != uint64(calls) {
			t.Errorf("%d durations of %s requests, want %d", n, op, calls)
		}
		throttledAll += throttled
		retriesAll += retries
	}
	if throttledAll == 0 || retriesAll == 0 {
		t.Errorf("the emulator throttled %d requests, %d retries: too few to test", throttledAll, retriesAll)
	}
	if sum, n, largest := points[int64](t, get("athena.poll.batch.size")); n == 0 || largest > 50 || sum < int64(len(succeeded)) {
		t.Errorf("poll batches: %d ids in %d batches, the largest %d", sum, n, largest)
	}

	csv, unload := attribute.String("athena.result_mode", "csv"), attribute.String("athena.result_mode", "unload")
	for _, tc := range []struct {
		metric string
		mode   attribute.KeyValue
		want   int64
	}{
		{"athena.read.files", csv, 4}, {"athena.read.bytes", csv, csvBytes}, {"athena.read.rows", csv, csvRows},
		{"athena.read.files", unload, int64(len(files))}, {"athena.read.bytes", unload, unloadBytes},
		{"athena.read.rows", unload, unloadRows},
	} {
		if sum, _, _ := points[int64](t, get(tc.metric), tc.mode); sum != tc.want || tc.want == 0 {
			t.Errorf("%s{%s} = %d, want %d", tc.metric, tc.mode.Value.AsString(), sum, tc.want)
		}
	}
	// The CSV files are larger than a part: they are read in several.
	if parts, _, _ := points[int64](t, get("athena.read.parts"), csv); parts <= 4 {
		t.Errorf("athena.read.parts{csv} = %d for four files of %d bytes in 8 KiB parts", parts, csvBytes)
	}
}
