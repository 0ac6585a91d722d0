package emulator_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/athenaq/athenaq/athenatest"
)

// keysUnder lists the object keys under prefix in the test bucket.
func (h *harness) keysUnder(prefix string) []string {
	h.t.Helper()
	out, err := h.s3.ListObjectsV2(h.ctx, &s3.ListObjectsV2Input{Bucket: aws.String(athenatest.Bucket), Prefix: aws.String(prefix)})
	if err != nil {
		h.t.Fatalf("ListObjectsV2 %s: %v", prefix, err)
	}
	var keys []string
	for _, o := range out.Contents {
		keys = append(keys, aws.ToString(o.Key))
	}
	return keys
}

// checkWrite checks a write statement's side effects: the manifest lists
// exactly the data files under dataPrefix, the companion has size meta
// (when > 0), UpdateCount and the `rows` column, and DATA_MANIFEST rows. It
// returns the data file keys.
// Files in skip (written earlier) are left out.
func (h *harness) checkWrite(qe *types.QueryExecution, resultKey, dataPrefix string, rows int64, meta int, skip ...string) []string {
	h.t.Helper()
	id := aws.ToString(qe.QueryExecutionId)
	manifestURI := "s3://" + athenatest.Bucket + "/" + resultKey + "-manifest.csv"
	if got := aws.ToString(qe.Statistics.DataManifestLocation); got != manifestURI {
		h.t.Errorf("DataManifestLocation = %q, want %q", got, manifestURI)
	}
	if got := aws.ToString(qe.ResultConfiguration.OutputLocation); got != "s3://"+athenatest.Bucket+"/"+resultKey {
		h.t.Errorf("OutputLocation = %q", got)
	}
	body, err := h.object(athenatest.Bucket, resultKey+"-manifest.csv")
	if err != nil {
		h.t.Fatalf("manifest: %v", err)
	}
	var lines []string
	if len(body) > 0 {
		lines = strings.Split(string(body), "\n")
	}
	files := slices.DeleteFunc(h.keysUnder(dataPrefix), func(k string) bool { return slices.Contains(skip, k) })
	var uris []string
	for _, k := range files {
		uris = append(uris, "s3://"+athenatest.Bucket+"/"+k)
	}
	sorted := slices.Clone(lines)
	slices.Sort(sorted)
	if !slices.Equal(sorted, uris) || len(files) == 0 {
		h.t.Errorf("manifest lines %q, data files %q", lines, uris)
	}
	if c, err := h.object(athenatest.Bucket, resultKey+".metadata"); err != nil || (meta > 0 && len(c) != meta) {
		h.t.Errorf("companion: %d bytes, %v; want %d", len(c), err, meta)
	}
	res, err := h.ath.GetQueryResults(h.ctx, &athena.GetQueryResultsInput{QueryExecutionId: aws.String(id)})
	if err != nil {
		h.t.Fatalf("GetQueryResults: %v", err)
	}
	if res.UpdateCount == nil || *res.UpdateCount != rows || len(res.ResultSet.Rows) != 0 {
		h.t.Errorf("UpdateCount = %v, rows %d; want %d", res.UpdateCount, len(res.ResultSet.Rows), rows)
	}
	if ci := res.ResultSet.ResultSetMetadata.ColumnInfo; len(ci) != 1 || aws.ToString(ci[0].Name) != "rows" || aws.ToString(ci[0].Type) != "bigint" {
		h.t.Errorf("ColumnInfo = %+v", ci)
	}
	man, err := h.ath.GetQueryResults(h.ctx, &athena.GetQueryResultsInput{QueryExecutionId: aws.String(id),
		QueryResultType: types.QueryResultTypeDataManifest})
	if err != nil {
		h.t.Fatalf("GetQueryResults DATA_MANIFEST: %v", err)
	}
	var got []string
	for _, r := range man.ResultSet.Rows {
		got = append(got, aws.ToString(r.Data[0].VarCharValue))
	}
	if !slices.Equal(got, lines) {
		h.t.Errorf("DATA_MANIFEST rows %q, manifest %q", got, lines)
	}
	return files
}

func TestCTASDefaultParquet(t *testing.T) {
	h := newHarness(t)
	qe := h.run("CREATE TABLE nums AS SELECT n, CAST(n * 10 AS bigint) AS big, 'v' || CAST(n AS varchar) AS s FROM (VALUES 1, 2, 3) AS v(n)")
	if qe.StatementType != types.StatementTypeDdl || aws.ToString(qe.SubstatementType) != "CREATE_TABLE_AS_SELECT" {
		t.Errorf("class = %s/%s", qe.StatementType, aws.ToString(qe.SubstatementType))
	}
	id := aws.ToString(qe.QueryExecutionId)
	files := h.checkWrite(qe, "results/tables/"+id, "results/tables/"+id+"/", 3, 81)
	for _, f := range files {
		name := f[strings.LastIndex(f, "/")+1:]
		if len(name) != 27+1+36 || name[27] != '_' {
			t.Errorf("data file name %q, want <engine id>_<uuid>", name)
		}
	}
	if got := joinRows(h.query("SELECT n, big, s FROM nums ORDER BY n")); got != "1|10|v1\n2|20|v2\n3|30|v3" {
		t.Errorf("read back: %q", got)
	}
	desc := h.rows(aws.ToString(h.run("DESCRIBE nums").QueryExecutionId))
	if len(desc) != 3 || !strings.HasPrefix(desc[0][0], "n ") || !strings.Contains(desc[1][0], "bigint") || !strings.Contains(desc[2][0], "string") {
		t.Errorf("DESCRIBE = %q", desc)
	}
	// The table exists now.
	f := h.fail("CREATE TABLE nums AS SELECT 1 AS n")
	if !strings.Contains(aws.ToString(f.Status.StateChangeReason), "TABLE_ALREADY_EXISTS") {
		t.Errorf("second CTAS: %s", aws.ToString(f.Status.StateChangeReason))
	}
	h.run("CREATE TABLE IF NOT EXISTS nums AS SELECT 1 AS n")
}

func TestCTASFormats(t *testing.T) {
	h := newHarness(t)
	h.run("CREATE DATABASE w")
	for _, tc := range []struct{ name, with string }{
		{"pq", "format = 'PARQUET', write_compression = 'SNAPPY'"},
		{"js", "format = 'JSON'"},
		{"tx", "format = 'TEXTFILE', field_delimiter = ','"},
		{"tx2", "format = 'TEXTFILE', write_compression = 'NONE'"},
	} {
		prefix := "ext/" + tc.name + "/"
		qe := h.run("CREATE TABLE w." + tc.name + " WITH (" + tc.with + ", external_location = 's3://" + athenatest.Bucket + "/" + prefix +
			"') AS SELECT * FROM (VALUES (1, 'a', DATE '2024-01-02'), (2, NULL, NULL)) AS v(i, s, d)")
		id := aws.ToString(qe.QueryExecutionId)
		h.checkWrite(qe, "results/tables/"+id, prefix, 2, 81)
		if got := joinRows(h.query("SELECT i, s, d FROM w." + tc.name + " ORDER BY i")); got != "1|a|2024-01-02\n2|NULL|NULL" {
			t.Errorf("%s read back: %q", tc.name, got)
		}
	}
	// The location must be empty.
	f := h.fail("CREATE TABLE w.again WITH (external_location = 's3://" + athenatest.Bucket + "/ext/pq/') AS SELECT 1 AS n")
	if !strings.Contains(aws.ToString(f.Status.StateChangeReason), "HIVE_PATH_ALREADY_EXISTS") {
		t.Errorf("CTAS into a used location: %s", aws.ToString(f.Status.StateChangeReason))
	}
	f = h.fail("CREATE TABLE w.o WITH (format = 'ORC') AS SELECT 1 AS n")
	if f.Status.AthenaError == nil || aws.ToInt32(f.Status.AthenaError.ErrorType) != 1200 ||
		!strings.HasPrefix(aws.ToString(f.Status.StateChangeReason), "NOT_SUPPORTED: ") {
		t.Errorf("ORC CTAS: %s %+v", aws.ToString(f.Status.StateChangeReason), f.Status.AthenaError)
	}
}

func TestCTASPartitionedAndInsert(t *testing.T) {
	h := newHarness(t)
	qe := h.run("CREATE TABLE p WITH (partitioned_by = ARRAY['part'], bucketed_by = ARRAY['n'], bucket_count = 2) AS " +
		"SELECT * FROM (VALUES (1, 'x'), (2, 'y'), (3, 'x')) AS v(n, part)")
	id := aws.ToString(qe.QueryExecutionId)
	files := h.checkWrite(qe, "results/tables/"+id, "results/tables/"+id+"/", 3, 81)
	// part=x holds n = 1 and 3, which may land in one bucket or two.
	if len(files) < 2 || len(files) > 3 || !strings.Contains(files[0], "/part=x/") || !strings.Contains(files[len(files)-1], "/part=y/") {
		t.Errorf("partitioned files %q", files)
	}
	for _, f := range files {
		if !strings.Contains(f, "_bucket-0000") {
			t.Errorf("partitioned bucketed file %q has no bucket number", f)
		}
	}
	if got := joinRows(h.query("SELECT n, part FROM p ORDER BY n")); got != "1|x\n2|y\n3|x" {
		t.Errorf("read back: %q", got)
	}
	if got := joinRows(h.rows(aws.ToString(h.run("SHOW PARTITIONS p").QueryExecutionId))); got != "part=x\npart=y" {
		t.Errorf("SHOW PARTITIONS: %q", got)
	}

	// INSERT adds files to existing and new partitions.
	ins := h.run("INSERT INTO p SELECT 4, 'x' UNION ALL SELECT 5, 'z'")
	if ins.StatementType != types.StatementTypeDml || aws.ToString(ins.SubstatementType) != "INSERT" {
		t.Errorf("class = %s/%s", ins.StatementType, aws.ToString(ins.SubstatementType))
	}
	insID := aws.ToString(ins.QueryExecutionId)
	if added := h.checkWrite(ins, "results/"+insID, "results/tables/"+id+"/", 2, 75, files...); len(added) != 2 {
		t.Errorf("INSERT added %q", added)
	}
	if got := joinRows(h.query("SELECT n, part FROM p ORDER BY n")); got != "1|x\n2|y\n3|x\n4|x\n5|z" {
		t.Errorf("after INSERT: %q", got)
	}
}

func TestCTASBucketed(t *testing.T) {
	h := newHarness(t)
	var vals []string
	var want []string
	for n := 1; n <= 20; n++ {
		vals = append(vals, fmt.Sprintf("(%d, %d)", n%5, n))
	}
	for n := 1; n <= 20; n++ {
		want = append(want, fmt.Sprintf("%d|%d", n%5, n))
	}
	slices.Sort(want)
	qe := h.run("CREATE TABLE b WITH (bucketed_by = ARRAY['K'], bucket_count = 4) AS SELECT * FROM (VALUES " +
		strings.Join(vals, ", ") + ") AS v(k, v)")
	id := aws.ToString(qe.QueryExecutionId)
	files := h.checkWrite(qe, "results/tables/"+id, "results/tables/"+id+"/", 20, 0)
	if len(files) < 1 || len(files) > 4 {
		t.Fatalf("bucketed files %q, want 1 to 4", files)
	}
	nameRE := regexp.MustCompile(`^[0-9]{8}_[0-9]{6}_[0-9]{5}_[a-z0-9]{5}_bucket-0000[0-3]$`)
	// Read every file back on its own: each key lands in exactly one file.
	owner := map[string]int{}
	total := 0
	for i, f := range files {
		name := f[strings.LastIndex(f, "/")+1:]
		if !nameRE.MatchString(name) {
			t.Errorf("bucket file name %q", name)
		}
		body, err := h.object(athenatest.Bucket, f)
		if err != nil {
			t.Fatalf("read %s: %v", f, err)
		}
		h.put(athenatest.Bucket, fmt.Sprintf("solo/%d/data", i), body)
		h.run(fmt.Sprintf("CREATE EXTERNAL TABLE solo%d (k int, v int) STORED AS PARQUET LOCATION 's3://%s/solo/%d/'", i, athenatest.Bucket, i))
		rows := h.query(fmt.Sprintf("SELECT k, v FROM solo%d", i))
		if len(rows) == 0 {
			t.Errorf("bucket file %s is empty", f)
		}
		total += len(rows)
		for _, r := range rows {
			if j, ok := owner[r[0]]; ok && j != i {
				t.Errorf("key %s is in files %d and %d", r[0], j, i)
			}
			owner[r[0]] = i
		}
	}
	if total != 20 || len(owner) != 5 {
		t.Errorf("files hold %d rows, %d keys; want 20, 5", total, len(owner))
	}
	rows := h.query("SELECT k, v FROM b")
	var got []string
	for _, r := range rows {
		got = append(got, r[0]+"|"+r[1])
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("read back %q, want %q", got, want)
	}

	for _, tc := range []struct{ with, want string }{
		{"bucketed_by = ARRAY['k']", "INVALID_TABLE_PROPERTY: bucket_count must be an integer of at least 1"},
		{"bucketed_by = ARRAY['k'], bucket_count = 0", "INVALID_TABLE_PROPERTY: bucket_count must be an integer of at least 1"},
		{"bucketed_by = ARRAY['nope'], bucket_count = 2", "INVALID_TABLE_PROPERTY: bucketed_by column 'nope' is not"},
	} {
		f := h.fail("CREATE TABLE bad WITH (" + tc.with + ") AS SELECT 1 AS k, 2 AS v")
		if !strings.HasPrefix(aws.ToString(f.Status.StateChangeReason), tc.want) {
			t.Errorf("%s: %s", tc.with, aws.ToString(f.Status.StateChangeReason))
		}
	}
}

func TestInsert(t *testing.T) {
	h := newHarness(t)
	h.put(athenatest.Bucket, "data/t/a.csv", []byte("1,one\n"))
	h.run("CREATE EXTERNAL TABLE t (id int, name string) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://athenaq-test/data/t/'")
	qe := h.run("INSERT INTO t VALUES (2, 'two'), (3, NULL)")
	id := aws.ToString(qe.QueryExecutionId)
	// The manifest lists the new file only.
	body, err := h.object(athenatest.Bucket, "results/"+id+"-manifest.csv")
	if err != nil || strings.Count(string(body), "s3://") != 1 || !strings.HasPrefix(string(body), "s3://athenaq-test/data/t/") ||
		strings.Contains(string(body), "a.csv") {
		t.Fatalf("manifest %q, %v", body, err)
	}
	if got := aws.ToString(qe.Statistics.DataManifestLocation); got != "s3://athenaq-test/results/"+id+"-manifest.csv" {
		t.Errorf("DataManifestLocation = %q", got)
	}
	if c, err := h.object(athenatest.Bucket, "results/"+id+".metadata"); err != nil || len(c) != 75 {
		t.Errorf("companion %d bytes, %v", len(c), err)
	}
	h.run("INSERT INTO t (name) SELECT 'anon'")
	if got := joinRows(h.query("SELECT id, name FROM t ORDER BY id NULLS LAST, name")); got != "1|one\n2|two\n3|NULL\nNULL|anon" {
		t.Errorf("after INSERT: %q", got)
	}
	res, err := h.ath.GetQueryResults(h.ctx, &athena.GetQueryResultsInput{QueryExecutionId: qe.QueryExecutionId})
	if err != nil || aws.ToInt64(res.UpdateCount) != 2 {
		t.Errorf("UpdateCount = %v, %v", res.UpdateCount, err)
	}
	f := h.fail("INSERT INTO missing SELECT 1")
	if !strings.Contains(aws.ToString(f.Status.StateChangeReason), "TABLE_NOT_FOUND") {
		t.Errorf("INSERT into a missing table: %s", aws.ToString(f.Status.StateChangeReason))
	}
	// DATA_MANIFEST is refused for a SELECT.
	sel := h.run("SELECT 1")
	if _, err := h.ath.GetQueryResults(h.ctx, &athena.GetQueryResultsInput{QueryExecutionId: sel.QueryExecutionId,
		QueryResultType: types.QueryResultTypeDataManifest}); err == nil {
		t.Error("DATA_MANIFEST of a SELECT succeeded")
	}
}

func TestUnload(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct{ name, with string }{
		{"pq", ""},
		{"js", " WITH (format = 'JSON', compression = 'NONE')"},
		{"tx", " WITH (format = 'TEXTFILE', field_delimiter = '|', partitioned_by = ARRAY['g'])"},
	} {
		prefix := "unload/" + tc.name + "/"
		qe := h.run("UNLOAD (SELECT n, n % 2 AS g FROM (VALUES 1, 2, 3) AS v(n)) TO 's3://athenaq-test/" + prefix + "'" + tc.with)
		if qe.StatementType != types.StatementTypeDml || aws.ToString(qe.SubstatementType) != "UNLOAD" {
			t.Errorf("class = %s/%s", qe.StatementType, aws.ToString(qe.SubstatementType))
		}
		id := aws.ToString(qe.QueryExecutionId)
		files := h.checkWrite(qe, "results/"+id, prefix, 3, 0)
		if tc.name == "tx" && (len(files) != 2 || !strings.HasPrefix(files[0], prefix+"g=0/")) {
			t.Errorf("partitioned UNLOAD files %q", files)
		}
		if tc.name == "js" {
			body, _ := h.object(athenatest.Bucket, files[0])
			if got := string(body); got != "{\"n\":1,\"g\":1}\n{\"n\":2,\"g\":0}\n{\"n\":3,\"g\":1}\n" {
				t.Errorf("JSON body %q", got)
			}
		}
	}
	f := h.fail("UNLOAD (SELECT 1 AS n) TO 's3://athenaq-test/unload/pq/'")
	if !strings.Contains(aws.ToString(f.Status.StateChangeReason), "HIVE_PATH_ALREADY_EXISTS") {
		t.Errorf("UNLOAD to a non-empty prefix: %s", aws.ToString(f.Status.StateChangeReason))
	}
	f = h.fail("UNLOAD (SELECT 1 AS n) TO 's3://athenaq-test/unload/orc/' WITH (format = 'ORC')")
	if !strings.HasPrefix(aws.ToString(f.Status.StateChangeReason), "NOT_SUPPORTED: ") {
		t.Errorf("ORC UNLOAD: %s", aws.ToString(f.Status.StateChangeReason))
	}
	if keys := h.keysUnder("unload/orc/"); len(keys) != 0 {
		t.Errorf("ORC UNLOAD wrote %q", keys)
	}
}
