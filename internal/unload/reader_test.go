package unload_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/emulator"
	"github.com/athenaq/athenaq/internal/unload"
)

// ids returns column 0 of rows as int32s.
func ids(t testing.TB, rows [][]any) []int32 {
	t.Helper()
	out := make([]int32, len(rows))
	for i, r := range rows {
		v, ok := r[0].(int32)
		if !ok {
			t.Fatalf("row %d: id %#v", i, r[0])
		}
		out[i] = v
	}
	return out
}

// idsOfFile reads one data file alone, through a manifest that lists only
// it.
func idsOfFile(t testing.TB, env *athenatest.Env, uri, key string) []int32 {
	t.Helper()
	r, err := unload.Open(context.Background(), env.S3(), putManifest(t, env, key, uri), unload.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	rows, err := readAll(t, r)
	if err != nil {
		t.Fatal(err)
	}
	return ids(t, rows)
}

func TestOpenReadsFilesInManifestOrder(t *testing.T) {
	env := athenatest.Start(t, func(o *emulator.Options) { o.UnloadFileBytes = 256 << 10 })
	for _, tc := range []struct {
		name     string
		sql      string
		props    []string
		rows     int
		minFiles int
	}{
		// Hive-style partition folders: one file per value of p, which is
		// not in the files.
		{"partitioned", "SELECT CAST(n AS integer) AS id, CAST(n % 3 AS varchar) AS p FROM range(30) AS t(n)",
			[]string{"partitioned_by = ARRAY['p']"}, 30, 3},
		// A large result, which the emulator splits as Athena's parallel
		// writers do.
		{"large", "SELECT CAST(n AS integer) AS id, 'row ' || CAST(n AS varchar) AS s FROM range(300000) AS t(n) ORDER BY n",
			nil, 300000, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			manifest := unloadTo(t, env, tc.sql, "order-"+tc.name, tc.props...)
			r, err := unload.Open(context.Background(), env.S3(), manifest, unload.Options{Concurrency: 2, BatchSize: 1000})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			files := r.Files()
			if len(files) < tc.minFiles {
				t.Fatalf("%d files, want at least %d: %q", len(files), tc.minFiles, files)
			}
			var records int
			var got []int32
			for r.Next() {
				rec := r.RecordBatch()
				if rec.NumRows() > 1000 {
					t.Fatalf("record of %d rows, more than BatchSize", rec.NumRows())
				}
				records++
				for i := range int(rec.NumRows()) {
					v, _ := unload.Value(rec.Column(0), i)
					got = append(got, v.(int32))
				}
			}
			if err := r.Err(); err != nil {
				t.Fatal(err)
			}
			var want []int32
			for i, f := range files {
				ids := idsOfFile(t, env, f, fmt.Sprintf("manifests/%s-%d", tc.name, i))
				if !slices.IsSorted(ids) {
					t.Errorf("file %s: rows out of the SELECT's order", f)
				}
				want = append(want, ids...)
			}
			if len(got) != tc.rows || !slices.Equal(got, want) {
				t.Fatalf("read %d ids, want the %d of the files in manifest order", len(got), len(want))
			}
			if records < tc.rows/1000 {
				t.Errorf("%d records for %d rows", records, tc.rows)
			}
			var size int64
			for _, f := range files {
				bucket, key, _ := strings.Cut(strings.TrimPrefix(f, "s3://"), "/")
				head, err := env.S3().HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
				if err != nil {
					t.Fatal(err)
				}
				size += aws.ToInt64(head.ContentLength)
			}
			if n, b := r.Downloaded(); n != len(files) || b != size {
				t.Errorf("Downloaded() = %d files, %d bytes; want %d, %d", n, b, len(files), size)
			}
			// The rows of each file are in the SELECT's order; the files
			// are in no global order (FACTS §4.7), yet they hold every row.
			slices.Sort(got)
			for i, v := range got {
				if int(v) != i {
					t.Fatalf("sorted ids[%d] = %d", i, v)
				}
			}
		})
	}
}

func TestOpenSkipsFilesWithoutRows(t *testing.T) {
	env := athenatest.Start(t)
	first := manifestFiles(t, env.S3(), unloadTo(t, env, "SELECT CAST(n AS integer) AS id FROM range(1, 4) AS t(n) ORDER BY n", "skip-a"))
	none := manifestFiles(t, env.S3(), unloadTo(t, env, "SELECT CAST(n AS integer) AS id FROM range(1, 4) AS t(n) WHERE false", "skip-none"))
	last := manifestFiles(t, env.S3(), unloadTo(t, env, "SELECT CAST(n AS integer) AS id FROM range(4, 7) AS t(n) ORDER BY n", "skip-b"))
	env.Put(t, "skip/zero-bytes", "")
	zero := "s3://" + athenatest.Bucket + "/skip/zero-bytes"
	for _, tc := range []struct {
		name  string
		files []string
		want  []int32
	}{
		{"empty file between", slices.Concat(first, none, last), []int32{1, 2, 3, 4, 5, 6}},
		{"empty file first", slices.Concat(none, last, first), []int32{4, 5, 6, 1, 2, 3}},
		{"0-byte object first", slices.Concat([]string{zero}, first, []string{zero}, last), []int32{1, 2, 3, 4, 5, 6}},
		{"only an empty file", none, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := unload.Open(context.Background(), env.S3(), putManifest(t, env, "skip/"+tc.name, tc.files...), unload.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if r.Schema().NumFields() != 1 || r.Schema().Field(0).Name != "id" {
				t.Errorf("schema %s", r.Schema())
			}
			rows, err := readAll(t, r)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(t, rows); !slices.Equal(got, tc.want) {
				t.Errorf("ids %v, want %v", got, tc.want)
			}
		})
	}
}

func TestOpenEmptyManifestHasNoColumns(t *testing.T) {
	env := athenatest.Start(t)
	for _, body := range []string{"", "\n", "\r\n\n"} {
		env.Put(t, "empty/manifest.csv", body)
		r, err := unload.Open(context.Background(), env.S3(), "s3://"+athenatest.Bucket+"/empty/manifest.csv", unload.Options{})
		if err != nil {
			t.Fatalf("%q: %v", body, err)
		}
		if r.Schema().NumFields() != 0 || len(r.Files()) != 0 || r.Next() || r.Err() != nil || r.RecordBatch() != nil {
			t.Errorf("%q: schema %s, files %q, err %v", body, r.Schema(), r.Files(), r.Err())
		}
		r.Close()
	}
}

func TestOpenErrorsNameTheObject(t *testing.T) {
	env := athenatest.Start(t)
	good := manifestFiles(t, env.S3(), unloadTo(t, env, "SELECT CAST(n AS integer) AS id FROM range(3) AS t(n)", "errs-a"))
	other := manifestFiles(t, env.S3(), unloadTo(t, env, "SELECT 'x' AS id", "errs-b"))
	missing := "s3://" + athenatest.Bucket + "/unload/errs-a/no-such-file"
	env.Put(t, "errs/not-parquet", "id\n1\n")
	notParquet := "s3://" + athenatest.Bucket + "/errs/not-parquet"
	for _, tc := range []struct {
		name     string
		manifest func(key string) string // returns the manifest URI
		atOpen   bool                    // Open fails, not Next
		mention  []string
		noSuch   bool // wraps s3's NoSuchKey
	}{
		{"missing manifest", func(string) string { return "s3://" + athenatest.Bucket + "/errs/no-manifest.csv" }, true,
			[]string{"manifest", "s3://athenaq-test/errs/no-manifest.csv"}, true},
		{"manifest URI", func(string) string { return "https://example.com/m.csv" }, true, []string{"https://example.com/m.csv"}, false},
		{"manifest line", func(k string) string { return putManifest(t, env, k, good[0], "bucket/key") }, true,
			[]string{"manifest", k("manifest line"), "line 2", `"bucket/key"`}, false},
		{"missing first file", func(k string) string { return putManifest(t, env, k, missing, good[0]) }, true, []string{missing}, true},
		{"missing later file", func(k string) string { return putManifest(t, env, k, good[0], missing) }, false, []string{missing}, true},
		{"not Parquet", func(k string) string { return putManifest(t, env, k, good[0], notParquet) }, false, []string{notParquet}, false},
		{"schema differs", func(k string) string { return putManifest(t, env, k, good[0], other[0]) }, false,
			[]string{other[0], good[0], "id utf8", "id int32"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := unload.Open(context.Background(), env.S3(), tc.manifest(k(tc.name)), unload.Options{})
			if err == nil {
				if tc.atOpen {
					r.Close()
					t.Fatal("Open succeeded")
				}
				_, err = readAll(t, r)
				r.Close()
			} else if !tc.atOpen {
				t.Fatalf("Open: %v", err)
			}
			if err == nil {
				t.Fatal("no error")
			}
			for _, s := range tc.mention {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not mention %q", err, s)
				}
			}
			var noSuch *s3types.NoSuchKey
			if errors.As(err, &noSuch) != tc.noSuch {
				t.Errorf("error %v: wraps NoSuchKey = %v, want %v", err, !tc.noSuch, tc.noSuch)
			}
		})
	}
}

// k is the key of a test's manifest.
func k(name string) string { return "errs/" + strings.ReplaceAll(name, " ", "-") + ".csv" }

func TestReaderBoundsDownloadsAndFilesHeld(t *testing.T) {
	env := athenatest.Start(t)
	file := manifestFiles(t, env.S3(), unloadTo(t, env, "SELECT CAST(n AS integer) AS id FROM range(10) AS t(n)", "bounds"))[0]
	const n, conc = 8, 2
	manifest := putManifest(t, env, "bounds/manifest.csv", slices.Repeat([]string{file}, n)...)
	api := &recordingAPI{api: env.S3(), delay: 20 * time.Millisecond}
	r, err := unload.Open(context.Background(), api, manifest, unload.Options{Concurrency: conc, ExpectedBucketOwner: "123456789012"})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if !r.Next() {
		t.Fatal(r.Err())
	}
	// Reading file 0: files 1 and 2 may be fetched ahead, no more.
	deadline := time.Now().Add(2 * time.Second)
	for len(api.gets()) < 1+conc+1 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	if got := len(api.gets()) - 1; got != conc+1 {
		t.Errorf("%d files fetched while the first is read, want %d (Concurrency+1)", got, conc+1)
	}
	rows := int(r.RecordBatch().NumRows())
	for r.Next() {
		rows += int(r.RecordBatch().NumRows())
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	if rows != 10*n {
		t.Errorf("%d rows, want %d", rows, 10*n)
	}
	api.mu.Lock()
	defer api.mu.Unlock()
	if api.maxIn > conc { // the manifest's GET ends before the files' begin
		t.Errorf("%d GETs in flight at once, want at most %d", api.maxIn, conc)
	}
	if len(api.inputs) != n+1 {
		t.Errorf("%d GETs, want %d", len(api.inputs), n+1)
	}
	for _, in := range api.inputs {
		if in.ExpectedBucketOwner == nil || *in.ExpectedBucketOwner != "123456789012" {
			t.Errorf("GET %s without ExpectedBucketOwner", *in.Key)
		}
	}
}

func TestReaderEndsWithContextError(t *testing.T) {
	env := athenatest.Start(t)
	file := manifestFiles(t, env.S3(), unloadTo(t, env, "SELECT CAST(n AS integer) AS id FROM range(10) AS t(n)", "cancel"))[0]
	held := "s3://" + athenatest.Bucket + "/cancel/held" // never answered
	for _, tc := range []struct {
		name  string
		files []string
		// cancelAfter cancels the context once this many records were
		// read; -1 cancels while Next waits for the held file.
		cancelAfter int
	}{
		{"between records", []string{file, file, file}, 1},
		{"while a file downloads", []string{file, held, file}, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			api := &recordingAPI{api: env.S3(), hold: func(key string) bool { return key == "cancel/held" }}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			r, err := unload.Open(ctx, api, putManifest(t, env, "cancel/"+tc.name, tc.files...), unload.Options{BatchSize: 5})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if tc.cancelAfter < 0 {
				time.AfterFunc(50*time.Millisecond, cancel)
			}
			records := 0
			for r.Next() {
				records++
				if records == tc.cancelAfter {
					cancel()
				}
			}
			if !errors.Is(r.Err(), context.Canceled) {
				t.Errorf("Err() = %v after %d records, want context.Canceled", r.Err(), records)
			}
			if tc.cancelAfter > 0 && records != tc.cancelAfter {
				t.Errorf("%d records, want %d", records, tc.cancelAfter)
			}
			if r.Next() {
				t.Error("Next after the error")
			}
		})
	}
}

func TestReaderReleasesEveryBuffer(t *testing.T) {
	env := athenatest.Start(t)
	sql := "SELECT CAST(n AS integer) AS id, 'v' || CAST(n AS varchar) AS s, ARRAY[n, n + 1] AS a, MAP(ARRAY['k'], ARRAY[n]) AS m " +
		"FROM range(5000) AS t(n)"
	file := manifestFiles(t, env.S3(), unloadTo(t, env, sql, "mem"))[0]
	manifest := putManifest(t, env, "mem/manifest.csv", file, file, file, file)
	for _, tc := range []struct {
		name    string
		records int // records read before Close; -1 reads all
		retain  bool
	}{
		{"read all", -1, false},
		{"close mid-file", 2, false},
		{"close after first", 1, false},
		{"release by refcount", 3, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			r, err := unload.Open(context.Background(), env.S3(), manifest, unload.Options{Mem: mem, BatchSize: 1000})
			if err != nil {
				t.Fatal(err)
			}
			if tc.retain {
				r.Retain()
			}
			for i := 0; tc.records < 0 || i < tc.records; i++ {
				if !r.Next() {
					break
				}
				if _, err := unload.Value(r.RecordBatch().Column(3), 0); err != nil {
					t.Fatal(err)
				}
			}
			if err := r.Err(); err != nil {
				t.Fatal(err)
			}
			if tc.retain {
				r.Release() // one reference left: still open
				if !r.Next() {
					t.Fatalf("Next after Release of an extra reference: %v", r.Err())
				}
				r.Release()
				if r.Next() {
					t.Error("Next after the last Release")
				}
			} else {
				r.Close()
				r.Close()
			}
			mem.AssertSize(t, 0)
		})
	}
}

// TestRetainedRecordsOutliveTheirFile: the buffers of consumed files are
// reused for the next files, so records must not refer to them.
func TestRetainedRecordsOutliveTheirFile(t *testing.T) {
	env := athenatest.Start(t)
	// Files of a few MB, which the buffer pool keeps.
	sql := func(from int) string {
		return fmt.Sprintf("SELECT CAST(n AS integer) AS id, 'value ' || CAST(n * 7919 %% 1000003 AS varchar) AS s "+
			"FROM range(%d, %d) AS t(n) ORDER BY n", from, from+300000)
	}
	a := manifestFiles(t, env.S3(), unloadTo(t, env, sql(0), "retain-a"))
	b := manifestFiles(t, env.S3(), unloadTo(t, env, sql(1000000), "retain-b"))
	r, err := unload.Open(context.Background(), env.S3(), putManifest(t, env, "retain/manifest", slices.Concat(a, b, a, b)...),
		unload.Options{Concurrency: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if !r.Next() {
		t.Fatal(r.Err())
	}
	first := r.RecordBatch()
	first.Retain()
	defer first.Release()
	want, _ := readRecord(t, first)
	for r.Next() {
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	got, _ := readRecord(t, first)
	if !sameValue(got, want) || len(got) == 0 {
		t.Fatalf("a retained record changed once its file was consumed")
	}
	for _, row := range got {
		id, s := row.([]any)[0].(int32), row.([]any)[1]
		if s != fmt.Sprintf("value %d", int(id)*7919%1000003) {
			t.Fatalf("row %v of a retained record", row)
		}
	}
}

// readRecord returns the rows of rec as []any values.
func readRecord(t *testing.T, rec interface {
	NumRows() int64
	NumCols() int64
	Column(int) arrow.Array
}) ([]any, error) {
	t.Helper()
	var rows []any
	for i := range int(rec.NumRows()) {
		row := make([]any, rec.NumCols())
		for j := range row {
			v, err := unload.Value(rec.Column(j), i)
			if err != nil {
				return nil, err
			}
			row[j] = v
		}
		rows = append(rows, row)
	}
	return rows, nil
}

func TestOpenResumesDownloadsThatBreakOff(t *testing.T) {
	for _, tc := range []struct {
		name    string
		cutRate float64
		want    string // in the error; "" wants every row
	}{
		{"some cut", 0.5, ""},
		{"every one cut", 1, "gave up after 6 attempts"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := athenatest.Start(t, func(o *emulator.Options) {
				o.UnloadFileBytes = 64 << 10
				o.Faults = emulator.Faults{S3CutRate: tc.cutRate, Seed: 21}
			})
			manifest := unloadTo(t, env, "SELECT CAST(n AS integer) AS id FROM range(50000) AS t(n) ORDER BY n", "cut")
			r, err := unload.Open(context.Background(), env.S3(), manifest, unload.Options{Concurrency: 2})
			var rows [][]any
			if err == nil {
				rows, err = readAll(t, r)
				r.Close()
			}
			if tc.want != "" {
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("error %v, want one saying %q", err, tc.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			ids := make([]int, 0, len(rows))
			for _, row := range rows {
				ids = append(ids, int(row[0].(int32)))
			}
			slices.Sort(ids)
			for i, id := range ids {
				if id != i {
					t.Fatalf("sorted ids[%d] = %d of %d rows: rows lost or duplicated", i, id, len(ids))
				}
			}
			if len(ids) != 50000 {
				t.Fatalf("%d rows, want 50000", len(ids))
			}
			if env.Server.Stats().S3Cuts == 0 {
				t.Error("no download was cut: the test proves nothing")
			}
		})
	}
}
