package emulator_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/athenaq/athenaq/athenatest"
)

// duckStep is one statement of a DuckDB work group's write scenario: the
// SubstatementType it reports, and the UpdateCount GetQueryResults gives
// (-1: none).
type duckStep struct {
	name, sql, sub string
	count          int64
}

// duckWrite runs a step in the duck work group and checks that it
// succeeded with the step's SubstatementType and UpdateCount.
func (h *harness) duckWrite(s duckStep) {
	h.t.Helper()
	qe := h.duckRun(s.sql)
	if qe.Status.State != types.QueryExecutionStateSucceeded {
		h.t.Fatalf("%s: %q ended %s: %s", s.name, s.sql, qe.Status.State, aws.ToString(qe.Status.StateChangeReason))
	}
	if got := aws.ToString(qe.SubstatementType); got != s.sub {
		h.t.Errorf("%s: SubstatementType %q, want %q", s.name, got, s.sub)
	}
	out, err := h.ath.GetQueryResults(h.ctx, &athena.GetQueryResultsInput{QueryExecutionId: qe.QueryExecutionId})
	if err != nil {
		h.t.Fatalf("%s: GetQueryResults: %v", s.name, err)
	}
	switch {
	case s.count < 0 && out.UpdateCount != nil && *out.UpdateCount != 0:
		h.t.Errorf("%s: UpdateCount %d, want none", s.name, *out.UpdateCount)
	case s.count >= 0 && (out.UpdateCount == nil || *out.UpdateCount != s.count):
		h.t.Errorf("%s: UpdateCount %v, want %d", s.name, out.UpdateCount, s.count)
	}
}

// bothEngines reads sql in the duck work group and in engine v3's primary
// work group and wants the rows given of each.
func (h *harness) bothEngines(name, sql string, duck, v3 [][]string) {
	h.t.Helper()
	if got := texts(h.duckQuery(sql)); !slices.EqualFunc(got, duck, slices.Equal) {
		h.t.Errorf("%s: DuckDB rows %q, want %q", name, got, duck)
	}
	if got := h.query(sql); !slices.EqualFunc(got, v3, slices.Equal) {
		h.t.Errorf("%s: engine v3 rows %q, want %q", name, got, v3)
	}
}

// TestDuckDBWriteIceberg creates an Iceberg table in a DuckDB work group,
// changes its rows and reads them from both engines.
func TestDuckDBWriteIceberg(t *testing.T) {
	h := newDuckHarness(t)
	h.duckWrite(duckStep{"schema", "CREATE SCHEMA dw", "CREATE_DATABASE", -1})
	steps := []struct {
		duckStep
		duck, v3 [][]string // the rows after the step, by id
	}{
		{duckStep{"create", "CREATE TABLE dw.ice (id INTEGER, name VARCHAR, price DECIMAL(10,2)) WITH (type = 'ICEBERG', location = 's3://" + athenatest.Bucket + "/ice/')", "CREATE_TABLE", -1},
			nil, nil},
		{duckStep{"insert values", "INSERT INTO dw.ice VALUES (1, 'a', 1.5), (2, 'b', 2.25), (3, 'c', NULL)", "INSERT", 3},
			[][]string{{"1", "a", "1.50"}, {"2", "b", "2.25"}, {"3", "c", "NULL"}},
			[][]string{{"1", "a", "1.50"}, {"2", "b", "2.25"}, {"3", "c", "NULL"}}},
		{duckStep{"insert columns from a query", "INSERT INTO dw.ice (name, id) SELECT 'd' || i, i FROM range(4, 6) t(i)", "INSERT", 2},
			[][]string{{"1", "a", "1.50"}, {"2", "b", "2.25"}, {"3", "c", "NULL"}, {"4", "d4", "NULL"}, {"5", "d5", "NULL"}},
			[][]string{{"1", "a", "1.50"}, {"2", "b", "2.25"}, {"3", "c", "NULL"}, {"4", "d4", "NULL"}, {"5", "d5", "NULL"}}},
		{duckStep{"update", "UPDATE dw.ice SET price = price * 2, name = upper(name) WHERE id <= 2", "UPDATE", 2},
			[][]string{{"1", "A", "3.00"}, {"2", "B", "4.50"}, {"3", "c", "NULL"}, {"4", "d4", "NULL"}, {"5", "d5", "NULL"}},
			[][]string{{"1", "A", "3.00"}, {"2", "B", "4.50"}, {"3", "c", "NULL"}, {"4", "d4", "NULL"}, {"5", "d5", "NULL"}}},
		{duckStep{"delete", "DELETE FROM dw.ice WHERE price IS NULL AND id > 3", "DELETE", 2},
			[][]string{{"1", "A", "3.00"}, {"2", "B", "4.50"}, {"3", "c", "NULL"}},
			[][]string{{"1", "A", "3.00"}, {"2", "B", "4.50"}, {"3", "c", "NULL"}}},
		{duckStep{"ctas", "CREATE TABLE dw.ice2 WITH (type = 'ICEBERG', location = 's3://" + athenatest.Bucket + "/ice2/') AS SELECT id, name FROM dw.ice WHERE id > 1", "CREATE_TABLE_AS_SELECT", 2},
			nil, nil},
		{duckStep{"delete everything", "DELETE FROM dw.ice2", "DELETE", 2}, nil, nil},
	}
	for _, s := range steps {
		h.duckWrite(s.duckStep)
		if s.duck != nil {
			h.bothEngines(s.name, "SELECT id, name, price FROM dw.ice ORDER BY id", s.duck, s.v3)
		}
	}
	h.bothEngines("emptied ctas", "SELECT count(*) FROM dw.ice2", [][]string{{"0"}}, [][]string{{"0"}})
	if got, want := columnsOf(h.tableMetadata("dw", "ice").Columns), []string{"id:int:", "name:string:", "price:decimal(10,2):"}; !slices.Equal(got, want) {
		t.Errorf("GetTableMetadata dw.ice columns %q, want %q", got, want)
	}
	tm := h.tableMetadata("dw", "ice2")
	if got, want := columnsOf(tm.Columns), []string{"id:int:", "name:string:"}; !slices.Equal(got, want) {
		t.Errorf("GetTableMetadata dw.ice2 columns %q, want %q", got, want)
	}
	if tm.Parameters["table_type"] != "ICEBERG" {
		t.Errorf("dw.ice2 parameters %v, want table_type ICEBERG", tm.Parameters)
	}
}

// TestDuckDBWriteHive makes Hive tables in a DuckDB work group (CTAS,
// partitioned CTAS, CREATE TABLE and INSERT) and reads them from both
// engines and through GetTableMetadata.
func TestDuckDBWriteHive(t *testing.T) {
	h := newDuckHarness(t)
	h.duckWrite(duckStep{"schema", "CREATE SCHEMA dh", "CREATE_DATABASE", -1})
	loc := "s3://" + athenatest.Bucket + "/hive/"
	cases := []struct {
		duckStep
		read     string
		duck, v3 [][]string
		table    string
		columns  []string // GetTableMetadata: name:type:comment
	}{
		{duckStep{"ctas parquet", "CREATE TABLE dh.h WITH (format = 'PARQUET', location = '" + loc + "h/') AS " +
			"SELECT CAST(i AS INTEGER) AS id, 'x' || i AS s, [i, i + 1] AS l, CAST(i AS DOUBLE) / 2 AS half FROM range(3) t(i)", "CREATE_TABLE_AS_SELECT", 3},
			"SELECT id, s, l, half FROM dh.h ORDER BY id",
			[][]string{{"0", "x0", "[0, 1]", "0.0"}, {"1", "x1", "[1, 2]", "0.5"}, {"2", "x2", "[2, 3]", "1.0"}},
			[][]string{{"0", "x0", "[0, 1]", "0.0"}, {"1", "x1", "[1, 2]", "0.5"}, {"2", "x2", "[2, 3]", "1.0"}},
			"h", []string{"id:int:", "s:string:", "l:array<bigint>:", "half:double:"}},
		{duckStep{"insert into the ctas table", "INSERT INTO dh.h SELECT 10, 'y', [7], 2.5", "INSERT", 1},
			"SELECT id, s FROM dh.h WHERE id > 1 ORDER BY id",
			[][]string{{"2", "x2"}, {"10", "y"}}, [][]string{{"2", "x2"}, {"10", "y"}}, "", nil},
		{duckStep{"ctas at the default location", "CREATE TABLE dh.d AS SELECT 1 AS a, DATE '2026-12-05' AS day", "CREATE_TABLE_AS_SELECT", 1},
			"SELECT a, day FROM dh.d", [][]string{{"1", "2026-12-05"}}, [][]string{{"1", "2026-12-05"}},
			"d", []string{"a:int:", "day:date:"}},
		{duckStep{"partitioned ctas", "CREATE TABLE dh.p WITH (location = '" + loc + "p/', partitioned_by = ['part']) AS " +
			"SELECT CAST(i AS BIGINT) AS v, CAST(i % 2 AS VARCHAR) AS part FROM range(5) t(i)", "CREATE_TABLE_AS_SELECT", 5},
			"SELECT part, count(*), sum(v) FROM dh.p GROUP BY part ORDER BY part",
			[][]string{{"0", "3", "6"}, {"1", "2", "4"}}, [][]string{{"0", "3", "6"}, {"1", "2", "4"}},
			"p", []string{"v:bigint:", "part:string:"}},
		{duckStep{"create table", "CREATE TABLE IF NOT EXISTS dh.c (a INTEGER, b VARCHAR[], m MAP(VARCHAR, INTEGER), t TIMESTAMP, ok BOOLEAN, " +
			"bin BLOB, st STRUCT(x BIGINT, y DOUBLE), n UTINYINT, dec DECIMAL(5,1)) WITH (format = 'TEXTFILE', location = '" + loc + "c/')", "CREATE_TABLE", -1},
			"SELECT count(*) FROM dh.c", [][]string{{"0"}}, [][]string{{"0"}},
			"c", []string{"a:int:", "b:array<string>:", "m:map<string,int>:", "t:timestamp:", "ok:boolean:", "bin:binary:",
				"st:struct<x:bigint,y:double>:", "n:smallint:", "dec:decimal(5,1):"}},
		{duckStep{"insert listed columns into text", "INSERT INTO dh.c (ok, a, dec, n) VALUES (true, 7, 1.25, 200)", "INSERT", 1},
			"SELECT a, ok, dec, n, b FROM dh.c", [][]string{{"7", "true", "1.3", "200", "NULL"}}, [][]string{{"7", "true", "1.3", "200", "NULL"}}, "", nil},
		{duckStep{"create table again with if not exists", "CREATE TABLE IF NOT EXISTS dh.c (z INTEGER) WITH (location = '" + loc + "z/')", "CREATE_TABLE", -1},
			"SELECT count(*) FROM dh.c", [][]string{{"1"}}, [][]string{{"1"}}, "", nil},
	}
	for _, c := range cases {
		h.duckWrite(c.duckStep)
		h.bothEngines(c.name, c.read, c.duck, c.v3)
		if c.table == "" {
			continue
		}
		if got := columnsOf(append(h.tableMetadata("dh", c.table).Columns, h.tableMetadata("dh", c.table).PartitionKeys...)); !slices.Equal(got, c.columns) {
			t.Errorf("%s: GetTableMetadata columns %q, want %q", c.name, got, c.columns)
		}
	}
	keys := h.keysUnder("hive/p/")
	for _, want := range []string{"hive/p/part=0/", "hive/p/part=1/"} {
		if !slices.ContainsFunc(keys, func(k string) bool { return strings.HasPrefix(k, want) }) {
			t.Errorf("partitioned CTAS wrote %q, want files under %s", keys, want)
		}
	}
	h.duckWrite(duckStep{"drop", "DROP TABLE dh.d", "DROP_TABLE", -1})
	h.duckWrite(duckStep{"drop if exists", "DROP TABLE IF EXISTS dh.d", "DROP_TABLE", -1})
	if reason := h.duckFail("SELECT * FROM dh.d"); !strings.Contains(reason, "dh.d") && !strings.Contains(reason, "d does not exist") {
		t.Errorf("reading a dropped table: %q", reason)
	}
}

// TestDuckDBWriteFailures checks the writes that a DuckDB work group
// refuses, each by a part of its reason.
func TestDuckDBWriteFailures(t *testing.T) {
	h := newDuckHarness(t)
	loc := "s3://" + athenatest.Bucket + "/fail/"
	h.duckWrite(duckStep{"schema", "CREATE SCHEMA df", "CREATE_DATABASE", -1})
	h.duckWrite(duckStep{"hive table", "CREATE TABLE df.h (a INTEGER) WITH (location = '" + loc + "h/')", "CREATE_TABLE", -1})
	cases := []struct {
		name, sql string
		want      []string
	}{
		{"hugeint in a hive ctas", "CREATE TABLE df.f1 WITH (location = '" + loc + "f1/') AS SELECT 1 AS ok, CAST(1 AS HUGEINT) AS big",
			[]string{`column "big" of type HUGEINT cannot be stored in a Hive table`}},
		{"interval in a hive table", "CREATE TABLE df.f2 (a INTEGER, span INTERVAL) WITH (location = '" + loc + "f2/')",
			[]string{`column "span" of type INTERVAL cannot be stored in a Hive table`}},
		{"ubigint in an iceberg table", "CREATE TABLE df.f3 (id INTEGER, u UBIGINT) WITH (type = 'ICEBERG', location = '" + loc + "f3/')",
			[]string{`column "u" of type UBIGINT cannot be stored in an Iceberg table`}},
		{"json in an iceberg ctas", "CREATE TABLE df.f4 WITH (type = 'ICEBERG', location = '" + loc + "f4/') AS SELECT CAST('{}' AS JSON) AS doc",
			[]string{`column "doc" of type JSON cannot be stored in an Iceberg table`}},
		{"update on a hive table", "UPDATE df.h SET a = 2", []string{"Modifying Hive table rows is only supported for Iceberg tables"}},
		{"delete on a hive table", "DELETE FROM df.h WHERE a = 1", []string{"Modifying Hive table rows is only supported for Iceberg tables"}},
		{"ctas with a parser error", "CREATE TABLE df.f5 WITH (location = '" + loc + "f5/') AS SELEC 1", []string{"Parser Error: syntax error at or near"}},
		{"ctas with a binder error", "CREATE TABLE df.f6 WITH (location = '" + loc + "f6/') AS SELECT nope FROM range(2)",
			[]string{"Binder Error", `"nope"`}},
		{"iceberg table without a location", "CREATE TABLE df.f7 (a INTEGER) WITH (type = 'ICEBERG')", []string{"No location was specified for table"}},
		{"unknown table type", "CREATE TABLE df.f8 (a INTEGER) WITH (type = 'DELTA', location = '" + loc + "f8/')", []string{"unsupported table type"}},
		{"insert into a missing table", "INSERT INTO df.nope VALUES (1)", []string{"df.nope", "does not exist"}},
		{"table exists", "CREATE TABLE df.h (a INTEGER) WITH (location = '" + loc + "h/')", []string{"Table with name h already exists"}},
		{"create view", "CREATE VIEW df.v AS SELECT 1", []string{"CREATE VIEW is not supported"}},
		{"drop a missing table", "DROP TABLE df.nope", []string{"Table with name nope does not exist"}},
	}
	for _, c := range cases {
		reason := h.duckFail(c.sql)
		for _, w := range c.want {
			if !strings.Contains(reason, w) {
				t.Errorf("%s: reason %q, want it to hold %q", c.name, reason, w)
			}
		}
	}
	for _, name := range []string{"f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "v"} {
		_, err := h.ath.GetTableMetadata(h.ctx, &athena.GetTableMetadataInput{CatalogName: aws.String("AwsDataCatalog"),
			DatabaseName: aws.String("df"), TableName: aws.String(name)})
		if err == nil {
			t.Errorf("a failed statement left the table df.%s", name)
		}
	}
}

// TestDuckDBCopy writes files to S3 with COPY ... TO in a DuckDB work group
// and reads them back, as objects and through DuckDB's readers.
func TestDuckDBCopy(t *testing.T) {
	h := newDuckHarness(t)
	h.duckWrite(duckStep{"schema", "CREATE SCHEMA dc", "CREATE_DATABASE", -1})
	h.duckWrite(duckStep{"table", "CREATE TABLE dc.t WITH (location = 's3://" + athenatest.Bucket + "/copy/t/') AS SELECT 7 AS x", "CREATE_TABLE_AS_SELECT", 1})
	url := "s3://" + athenatest.Bucket + "/copy/"
	cases := []struct {
		duckStep
		key, body  string // the object written, and its text ("" for binary files)
		read, want string // a query of the object, and its one value
	}{
		{duckStep{"parquet", "COPY (SELECT i AS n FROM range(4) t(i)) TO '" + url + "a.parquet' (FORMAT parquet)", "UNLOAD", 4},
			"copy/a.parquet", "", "SELECT sum(n) FROM '" + url + "a.parquet'", "6"},
		{duckStep{"csv with a header", "COPY (SELECT 1 AS a, 'x y' AS b) TO '" + url + "b.csv' (FORMAT csv, HEADER)", "UNLOAD", 1},
			"copy/b.csv", "a,b\n1,x y\n", "SELECT b FROM read_csv('" + url + "b.csv')", "x y"},
		{duckStep{"json by the extension", "COPY (SELECT 2 AS a) TO '" + url + "c.json'", "UNLOAD", 1},
			"copy/c.json", "{\"a\":2}\n", "SELECT a FROM read_json('" + url + "c.json')", "2"},
		{duckStep{"a catalog table", "COPY dc.t TO '" + url + "d.csv' WITH (HEADER false)", "UNLOAD", 1},
			"copy/d.csv", "7\n", "SELECT count(*) FROM read_csv('" + url + "d.csv')", "1"},
	}
	for _, c := range cases {
		h.duckWrite(c.duckStep)
		body, err := h.object(athenatest.Bucket, c.key)
		if err != nil {
			t.Errorf("%s: object %s: %v", c.name, c.key, err)
			continue
		}
		if c.body != "" && string(body) != c.body {
			t.Errorf("%s: object %s = %q, want %q", c.name, c.key, body, c.body)
		}
		if got := texts(h.duckQuery(c.read)); len(got) != 1 || len(got[0]) != 1 || got[0][0] != c.want {
			t.Errorf("%s: %s = %q, want %q", c.name, c.read, got, c.want)
		}
	}
	if reason := h.duckFail("COPY (SELECT 1) TO '" + url + "e.csv' (FORMAT nope)"); !strings.Contains(reason, "nope") || strings.Contains(reason, "/tmp") {
		t.Errorf("COPY with an unknown format: %q, want DuckDB's error naming it and no local path", reason)
	}
}

// TestDuckDBWriteManaged writes tables from a DuckDB work group with
// managed query results: Iceberg tables and Hive tables with a location
// work, a Hive CTAS without one fails as in engine v3.
func TestDuckDBWriteManaged(t *testing.T) {
	h := newDuckHarness(t)
	run := func(sql string) *types.QueryExecution {
		t.Helper()
		out, err := h.ath.StartQueryExecution(h.ctx, &athena.StartQueryExecutionInput{QueryString: aws.String(sql), WorkGroup: aws.String("duck-managed")})
		if err != nil {
			t.Fatalf("StartQueryExecution(%q): %v", sql, err)
		}
		return h.wait(aws.ToString(out.QueryExecutionId))
	}
	loc := "s3://" + athenatest.Bucket + "/managed/"
	cases := []struct {
		name, sql string
		count     int64  // UpdateCount of a statement that succeeds, -1 for none
		fail      string // a part of the reason of one that fails
	}{
		{"schema", "CREATE SCHEMA dm", -1, ""},
		{"iceberg ctas", "CREATE TABLE dm.i WITH (type = 'ICEBERG', location = '" + loc + "i/') AS SELECT 1 AS a UNION ALL SELECT 2", 2, ""},
		{"iceberg update", "UPDATE dm.i SET a = a + 10 WHERE a = 2", 1, ""},
		{"hive ctas with a location", "CREATE TABLE dm.h WITH (location = '" + loc + "h/') AS SELECT 'x' AS s", 1, ""},
		{"hive insert", "INSERT INTO dm.h VALUES ('y')", 1, ""},
		{"hive ctas without a location", "CREATE TABLE dm.n AS SELECT 1 AS a", 0, "external_location is required"},
	}
	for _, c := range cases {
		qe := run(c.sql)
		reason := aws.ToString(qe.Status.StateChangeReason)
		if c.fail != "" {
			if qe.Status.State != types.QueryExecutionStateFailed || !strings.Contains(reason, c.fail) {
				t.Errorf("%s: %s %q, want FAILED with %q", c.name, qe.Status.State, reason, c.fail)
			}
			continue
		}
		if qe.Status.State != types.QueryExecutionStateSucceeded {
			t.Fatalf("%s: %s %q", c.name, qe.Status.State, reason)
		}
		res, err := h.ath.GetQueryResults(h.ctx, &athena.GetQueryResultsInput{QueryExecutionId: qe.QueryExecutionId})
		if err != nil {
			t.Fatalf("%s: GetQueryResults: %v", c.name, err)
		}
		if c.count >= 0 && (res.UpdateCount == nil || *res.UpdateCount != c.count) {
			t.Errorf("%s: UpdateCount %v, want %d", c.name, res.UpdateCount, c.count)
		}
	}
	h.bothEngines("managed iceberg", "SELECT a FROM dm.i ORDER BY a", [][]string{{"1"}, {"12"}}, [][]string{{"1"}, {"12"}})
	h.bothEngines("managed hive", "SELECT s FROM dm.h ORDER BY s", [][]string{{"x"}, {"y"}}, [][]string{{"x"}, {"y"}})
}
