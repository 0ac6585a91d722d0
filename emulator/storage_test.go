package emulator_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/emulator"
)

func TestDataDirKeepsCatalogAndObjectsAcrossRestarts(t *testing.T) {
	dir := t.TempDir()
	opts := emulator.Options{DataDir: dir}
	h := newHarness(t, athenatest.WithOptions(opts))
	h.put(athenatest.Bucket, "data/people/part-0.csv", []byte("1,ann\n2,bob\n"))
	h.run("CREATE DATABASE keep")
	h.run("CREATE EXTERNAL TABLE keep.people (id int, name string) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://athenaq-test/data/people/'")
	h.run("CREATE VIEW keep.names AS SELECT name FROM keep.people")
	if got := joinRows(h.query("SELECT name FROM keep.names ORDER BY name")); got != "ann\nbob" {
		t.Fatalf("before restart: %q", got)
	}
	if err := h.env.Server.Close(); err != nil {
		t.Fatal(err)
	}

	h2 := newHarness(t, athenatest.WithOptions(opts))
	if got := joinRows(h2.query("SELECT id, name FROM keep.people ORDER BY id")); got != "1|ann\n2|bob" {
		t.Errorf("table after restart: %q", got)
	}
	if got := joinRows(h2.query("SELECT name FROM keep.names ORDER BY name")); got != "ann\nbob" {
		t.Errorf("view after restart: %q", got)
	}
	body, err := h2.object(athenatest.Bucket, "data/people/part-0.csv")
	if err != nil || string(body) != "1,ann\n2,bob\n" {
		t.Errorf("object after restart: %q, %v", body, err)
	}
}

func TestExternalS3Endpoint(t *testing.T) {
	// A second emulator plays the external S3 server.
	ext := athenatest.Start(t)
	h := newHarness(t, athenatest.WithOptions(emulator.Options{S3Endpoint: ext.Config.Endpoint}))
	// Objects written through the emulator's address land in the external store.
	h.put(athenatest.Bucket, "data/t/x.csv", []byte("7\n8\n"))
	h.run("CREATE EXTERNAL TABLE t (n int) LOCATION 's3://athenaq-test/data/t/'")
	qe := h.run("SELECT sum(n) AS s FROM t")
	if got := joinRows(h.rows(aws.ToString(qe.QueryExecutionId))); got != "s\n15" {
		t.Errorf("rows = %q", got)
	}
	out, err := ext.S3().GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(athenatest.Bucket),
		Key: aws.String("results/" + aws.ToString(qe.QueryExecutionId) + ".csv")})
	if err != nil {
		t.Fatalf("result file not in the external store: %v", err)
	}
	out.Body.Close()
}

func TestTablesSeeNewObjectsAndCountScannedBytes(t *testing.T) {
	h := newHarness(t)
	first := []byte("1\n2\n")
	h.put(athenatest.Bucket, "data/nums/a.csv", first)
	h.run("CREATE EXTERNAL TABLE nums (n int) LOCATION 's3://athenaq-test/data/nums/'")
	qe := h.run("SELECT count(*) FROM nums")
	if got := joinRows(h.rows(aws.ToString(qe.QueryExecutionId))); got != "_col0\n2" {
		t.Errorf("rows = %q", got)
	}
	if got := aws.ToInt64(qe.Statistics.DataScannedInBytes); got != int64(len(first)) {
		t.Errorf("DataScannedInBytes = %d, want %d", got, len(first))
	}
	second := []byte("3\n4\n5\n")
	h.put(athenatest.Bucket, "data/nums/b.csv", second)
	h.put(athenatest.Bucket, "data/nums/_SUCCESS", []byte("ignored"))
	qe = h.run("SELECT count(*) FROM nums")
	if got := joinRows(h.rows(aws.ToString(qe.QueryExecutionId))); got != "_col0\n5" {
		t.Errorf("rows after a new object = %q", got)
	}
	if got := aws.ToInt64(qe.Statistics.DataScannedInBytes); got != int64(len(first)+len(second)) {
		t.Errorf("DataScannedInBytes = %d, want %d", got, len(first)+len(second))
	}
}

func TestDataDirStartsWithACleanTemporaryFolder(t *testing.T) {
	dir := t.TempDir()
	opts := emulator.Options{DataDir: dir}
	h := newHarness(t, athenatest.WithOptions(opts))
	h.put(athenatest.Bucket, "data/t/part-0.csv", []byte("1\n2\n"))
	h.run("CREATE EXTERNAL TABLE t (n int) LOCATION 's3://athenaq-test/data/t/'")
	if got := joinRows(h.query("SELECT sum(n) FROM t")); got != "3" {
		t.Fatalf("sum = %q", got)
	}
	if err := h.env.Server.Close(); err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(dir, "tmp")
	cached, _ := filepath.Glob(filepath.Join(tmp, "files", "*"))
	if len(cached) != 1 {
		t.Fatalf("table cache: %q, want one file", cached)
	}
	// What crashed runs leave: an export's files, a query's local result, the
	// engine's spill files, parts of uploads, a partial download, and copies
	// of objects since replaced.
	junk := []string{"export-123/part-0.parquet", "q-1.csv", "engine/duckdb_temp_storage-0.tmp", "uploads/abc/1",
		"files/dl-456", "files/0123456789abcdef0123456789abcdef.csv"}
	for _, j := range junk {
		p := filepath.Join(tmp, filepath.FromSlash(j))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, make([]byte, 1<<20), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	h2 := newHarness(t, athenatest.WithOptions(opts))
	var left []string
	filepath.WalkDir(tmp, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			left = append(left, p)
		}
		return nil
	})
	if !slices.Equal(left, cached) {
		t.Errorf("files in DataDir/tmp after a restart: %q, want only the table's cached file %q", left, cached)
	}
	if got := joinRows(h2.query("SELECT sum(n) FROM t")); got != "3" {
		t.Errorf("sum after the restart = %q", got)
	}
}
