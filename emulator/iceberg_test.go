package emulator_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/athenaq/athenaq/athenatest"
)

// dml runs a write to an Iceberg table and checks its result: the
// UpdateCount, the `rows` column, the companion's size and key, and no
// manifest.
func (h *harness) dml(sql, substatement, ext string, count int64, meta int) *types.QueryExecution {
	h.t.Helper()
	qe := h.run(sql)
	id := aws.ToString(qe.QueryExecutionId)
	if qe.StatementType != types.StatementTypeDml || aws.ToString(qe.SubstatementType) != substatement {
		h.t.Errorf("%s: class %s/%s", sql, qe.StatementType, aws.ToString(qe.SubstatementType))
	}
	if got, want := aws.ToString(qe.ResultConfiguration.OutputLocation), "s3://"+athenatest.Bucket+"/results/"+id+ext; got != want {
		h.t.Errorf("%s: OutputLocation %q, want %q", sql, got, want)
	}
	res, err := h.ath.GetQueryResults(h.ctx, &athena.GetQueryResultsInput{QueryExecutionId: aws.String(id)})
	if err != nil {
		h.t.Fatalf("%s: GetQueryResults: %v", sql, err)
	}
	if res.UpdateCount == nil || *res.UpdateCount != count || len(res.ResultSet.Rows) != 0 {
		h.t.Errorf("%s: UpdateCount %v, %d rows; want %d", sql, res.UpdateCount, len(res.ResultSet.Rows), count)
	}
	if ci := res.ResultSet.ResultSetMetadata.ColumnInfo; len(ci) != 1 || aws.ToString(ci[0].Name) != "rows" || aws.ToString(ci[0].Type) != "bigint" {
		h.t.Errorf("%s: ColumnInfo %+v", sql, ci)
	}
	if c, err := h.object(athenatest.Bucket, "results/"+id+ext+".metadata"); err != nil || len(c) != meta {
		h.t.Errorf("%s: companion %d bytes, %v; want %d", sql, len(c), err, meta)
	}
	if _, err := h.object(athenatest.Bucket, "results/"+id+ext); err == nil {
		h.t.Errorf("%s: a result body exists", sql)
	}
	if keys := h.keysUnder("results/" + id + "-manifest"); len(keys) != 0 {
		h.t.Errorf("%s: manifest %q", sql, keys)
	}
	return qe
}

type pointer struct {
	Snapshot int64    `json:"snapshot"`
	Rows     int64    `json:"rows"`
	Files    []string `json:"files"`
}

func (h *harness) pointer(prefix string) pointer {
	h.t.Helper()
	body, err := h.object(athenatest.Bucket, prefix+"metadata/current.json")
	if err != nil {
		h.t.Fatalf("pointer: %v", err)
	}
	var p pointer
	if err := json.Unmarshal(body, &p); err != nil {
		h.t.Fatalf("pointer %q: %v", body, err)
	}
	return p
}

func TestIcebergTable(t *testing.T) {
	h := newHarness(t)
	qe := h.run("CREATE TABLE ice (id int, name string, score double) PARTITIONED BY (bucket(4, id)) " +
		"LOCATION 's3://athenaq-test/ice/' TBLPROPERTIES ('table_type'='ICEBERG', 'format'='parquet')")
	if qe.StatementType != types.StatementTypeDdl || aws.ToString(qe.SubstatementType) != "CREATE_TABLE" {
		t.Errorf("CREATE class %s/%s", qe.StatementType, aws.ToString(qe.SubstatementType))
	}
	if p := h.pointer("ice/"); p.Snapshot != 0 || len(p.Files) != 0 {
		t.Errorf("pointer after CREATE: %+v", p)
	}
	if got := h.query("SELECT count(*) FROM ice"); joinRows(got) != "0" {
		t.Errorf("empty table: %q", got)
	}

	h.dml("INSERT INTO ice VALUES (1, 'a', 1.5), (2, 'b', 2.5), (3, 'c', 3.5)", "INSERT", "", 3, 75)
	h.dml("INSERT INTO ice (id, name) VALUES (4, 'd')", "INSERT", "", 1, 75)
	p := h.pointer("ice/")
	if p.Snapshot != 2 || len(p.Files) != 2 || p.Rows != 4 {
		t.Errorf("pointer after INSERTs: %+v", p)
	}
	for _, f := range p.Files {
		if !strings.HasPrefix(f, "s3://athenaq-test/ice/data/") {
			t.Errorf("snapshot file %q", f)
		}
		if _, err := h.object(athenatest.Bucket, strings.TrimPrefix(f, "s3://athenaq-test/")); err != nil {
			t.Errorf("snapshot file %s: %v", f, err)
		}
	}
	if got := joinRows(h.query("SELECT id, name, score FROM ice ORDER BY id")); got != "1|a|1.5\n2|b|2.5\n3|c|3.5\n4|d|NULL" {
		t.Errorf("after INSERT: %q", got)
	}

	h.dml("UPDATE ice SET score = score * 2, name = upper(name) WHERE id >= 2 AND score IS NOT NULL", "UPDATE", ".csv", 2, 75)
	if got := joinRows(h.query("SELECT id, name, score FROM ice ORDER BY id")); got != "1|a|1.5\n2|B|5.0\n3|C|7.0\n4|d|NULL" {
		t.Errorf("after UPDATE: %q", got)
	}
	h.dml("UPDATE ice SET score = 0", "UPDATE", ".csv", 4, 75)
	if got := joinRows(h.query("SELECT id, score FROM ice ORDER BY id")); got != "1|0.0\n2|0.0\n3|0.0\n4|0.0" {
		t.Errorf("after UPDATE without WHERE: %q", got)
	}
	if p := h.pointer("ice/"); p.Snapshot != 4 || len(p.Files) != 1 || p.Rows != 4 {
		t.Errorf("pointer after UPDATEs: %+v", p)
	}

	h.dml("DELETE FROM ice WHERE id = 4", "DELETE", ".csv", 1, 75)
	if got := joinRows(h.query("SELECT id FROM ice ORDER BY id")); got != "1\n2\n3" {
		t.Errorf("after DELETE: %q", got)
	}

	h.run("CREATE EXTERNAL TABLE src (id int, name string, op string) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://athenaq-test/src/'")
	h.put(athenatest.Bucket, "src/a.csv", []byte("1,x,upd\n2,y,del\n3,z,keep\n7,n,new\n"))
	h.dml(`MERGE INTO ice AS t USING src AS s ON t.id = s.id
		WHEN MATCHED AND s.op = 'del' THEN DELETE
		WHEN MATCHED AND s.op = 'upd' THEN UPDATE SET name = s.name, score = 9.5
		WHEN NOT MATCHED THEN INSERT (id, name) VALUES (s.id, s.name)`, "MERGE", ".csv", 3, 74)
	if got := joinRows(h.query("SELECT id, name, score FROM ice ORDER BY id")); got != "1|x|9.5\n3|C|0.0\n7|n|NULL" {
		t.Errorf("after MERGE: %q", got)
	}
	h.dml("MERGE INTO ice USING (SELECT 3 AS k) AS s ON ice.id = s.k WHEN MATCHED THEN UPDATE SET score = 1", "MERGE", ".csv", 1, 74)
	if got := joinRows(h.query("SELECT id, score FROM ice WHERE id = 3")); got != "3|1.0" {
		t.Errorf("after MERGE on a subquery: %q", got)
	}
	h.dml("DELETE FROM ice", "DELETE", ".csv", 3, 75)
	if got := joinRows(h.query("SELECT count(*) FROM ice")); got != "0" {
		t.Errorf("after DELETE without WHERE: %q", got)
	}

	// Time travel is out of scope.
	for _, sql := range []string{
		"SELECT * FROM ice FOR TIMESTAMP AS OF TIMESTAMP '2026-01-01 00:00:00 UTC'",
		"SELECT * FROM ice FOR VERSION AS OF 1",
	} {
		f := h.fail(sql)
		if r := aws.ToString(f.Status.StateChangeReason); !strings.HasPrefix(r, "NOT_SUPPORTED") || !strings.Contains(r, "out of scope") {
			t.Errorf("%s: %s", sql, r)
		}
	}
	// Hive tables cannot be updated.
	if r := aws.ToString(h.fail("DELETE FROM src WHERE id = 1").Status.StateChangeReason); !strings.HasPrefix(r, "NOT_SUPPORTED") {
		t.Errorf("DELETE on Hive: %s", r)
	}

	qe = h.run("DROP TABLE ice")
	id := aws.ToString(qe.QueryExecutionId)
	if body, err := h.object(athenatest.Bucket, "results/"+id+".txt"); err != nil || string(body) != "\n" {
		t.Errorf("DROP body %q, %v", body, err)
	}
	if c, err := h.object(athenatest.Bucket, "results/"+id+".txt.metadata"); err != nil || len(c) != 41 {
		t.Errorf("DROP companion %d bytes, %v", len(c), err)
	}
	if rows := h.rows(id); len(rows) != 2 || len(rows[0]) > 1 || len(rows[1]) > 1 {
		t.Errorf("DROP rows %q", rows)
	}
	if r := aws.ToString(h.fail("SELECT * FROM ice").Status.StateChangeReason); !strings.Contains(r, "TABLE_NOT_FOUND") {
		t.Errorf("after DROP: %s", r)
	}
	if len(h.keysUnder("ice/data/")) == 0 {
		t.Errorf("data removed by DROP")
	}
}

// TestIcebergCTAS creates an Iceberg table with CREATE TABLE AS SELECT
// (table_type, location and is_external = false in WITH) and writes it with
// INSERT, UPDATE, DELETE and MERGE afterwards.
func TestIcebergCTAS(t *testing.T) {
	h := newHarness(t)
	h.run("CREATE EXTERNAL TABLE src (id int, name string, flag boolean) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://athenaq-test/src/'")
	h.put(athenatest.Bucket, "src/a.csv", []byte("1,a,true\n2,b,false\n3,c,true\n"))

	qe := h.run(`CREATE TABLE ct WITH (table_type = 'ICEBERG', location = 's3://athenaq-test/ct/', is_external = false,
		format = 'PARQUET', partitioning = ARRAY['flag']) AS SELECT id, name, flag, CAST(id AS DOUBLE) / 2 AS half FROM src WHERE id < 3`)
	id := aws.ToString(qe.QueryExecutionId)
	if qe.StatementType != types.StatementTypeDdl || aws.ToString(qe.SubstatementType) != "CREATE_TABLE_AS_SELECT" {
		t.Errorf("CTAS class %s/%s", qe.StatementType, aws.ToString(qe.SubstatementType))
	}
	res, err := h.ath.GetQueryResults(h.ctx, &athena.GetQueryResultsInput{QueryExecutionId: aws.String(id)})
	if err != nil {
		t.Fatal(err)
	}
	if res.UpdateCount == nil || *res.UpdateCount != 2 {
		t.Errorf("CTAS UpdateCount %v, want 2", res.UpdateCount)
	}
	if _, err := h.object(athenatest.Bucket, "results/tables/"+id+".metadata"); err != nil {
		t.Errorf("CTAS companion: %v", err)
	}
	if keys := h.keysUnder("results/tables/" + id + "-manifest"); len(keys) != 0 {
		t.Errorf("Iceberg CTAS wrote a manifest: %q", keys)
	}
	if p := h.pointer("ct/"); p.Snapshot != 1 || p.Rows != 2 || len(p.Files) != 1 || !strings.HasPrefix(p.Files[0], "s3://athenaq-test/ct/data/") {
		t.Errorf("pointer after CTAS: %+v", p)
	}
	meta, err := h.ath.GetTableMetadata(h.ctx, &athena.GetTableMetadataInput{CatalogName: aws.String("AwsDataCatalog"),
		DatabaseName: aws.String("default"), TableName: aws.String("ct")})
	if err != nil {
		t.Fatal(err)
	}
	if tt := meta.TableMetadata.Parameters["table_type"]; tt != "ICEBERG" {
		t.Errorf("table_type %q, want ICEBERG (parameters %v)", tt, meta.TableMetadata.Parameters)
	}
	var cols []string
	for _, c := range meta.TableMetadata.Columns {
		cols = append(cols, aws.ToString(c.Name)+" "+aws.ToString(c.Type))
	}
	if got := strings.Join(cols, ", "); got != "id int, name string, flag boolean, half double" {
		t.Errorf("columns %s", got)
	}
	if got := joinRows(h.query("SELECT * FROM ct ORDER BY id")); got != "1|a|true|0.5\n2|b|false|1.0" {
		t.Errorf("after CTAS: %q", got)
	}

	h.dml("INSERT INTO ct SELECT id, name, flag, 9.0 FROM src WHERE id = 3", "INSERT", "", 1, 75)
	h.dml("UPDATE ct SET name = upper(name) WHERE flag", "UPDATE", ".csv", 2, 75)
	h.dml("DELETE FROM ct WHERE NOT flag", "DELETE", ".csv", 1, 75)
	h.dml(`MERGE INTO ct USING src AS s ON ct.id = s.id
		WHEN MATCHED THEN UPDATE SET half = 0
		WHEN NOT MATCHED THEN INSERT (id, name, flag, half) VALUES (s.id, s.name, s.flag, -1)`, "MERGE", ".csv", 3, 74)
	if got := joinRows(h.query("SELECT * FROM ct ORDER BY id")); got != "1|A|true|0.0\n2|b|false|-1.0\n3|C|true|0.0" {
		t.Errorf("after DML: %q", got)
	}

	for _, c := range []struct {
		name, sql, reason string
	}{
		{"existing table", "CREATE TABLE ct WITH (table_type = 'ICEBERG', location = 's3://athenaq-test/ct2/', is_external = false) AS SELECT 1 AS x",
			"TABLE_ALREADY_EXISTS"},
		{"external", "CREATE TABLE ext WITH (table_type = 'ICEBERG', location = 's3://athenaq-test/ext/', is_external = true) AS SELECT 1 AS x",
			"INVALID_TABLE_PROPERTY"},
		{"no location", "CREATE TABLE noloc WITH (table_type = 'ICEBERG', is_external = false) AS SELECT 1 AS x",
			"INVALID_TABLE_PROPERTY"},
		{"not parquet", "CREATE TABLE orc WITH (table_type = 'ICEBERG', location = 's3://athenaq-test/orc/', format = 'AVRO') AS SELECT 1 AS x",
			"NOT_SUPPORTED"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := &harness{t: t, env: h.env, ath: h.ath, s3: h.s3, ctx: h.ctx}
			if r := aws.ToString(h.fail(c.sql).Status.StateChangeReason); !strings.HasPrefix(r, c.reason) {
				t.Errorf("reason %q, want %s", r, c.reason)
			}
		})
	}
	if got := joinRows(h.rows(aws.ToString(h.run("SHOW TABLES").QueryExecutionId))); got != "ct\nsrc" {
		t.Errorf("tables after the failed CTAS: %q", got)
	}
}

// TestIcebergVacuumAndOptimize runs the Iceberg maintenance statements:
// they succeed on Iceberg tables, leave the rows as they are and fail with
// NOT_SUPPORTED on Hive tables.
func TestIcebergVacuumAndOptimize(t *testing.T) {
	h := newHarness(t)
	h.run("CREATE TABLE ice (id int, name string) LOCATION 's3://athenaq-test/ice/' TBLPROPERTIES ('table_type'='ICEBERG')")
	h.run("INSERT INTO ice VALUES (1, 'a'), (2, 'b')")
	h.run("INSERT INTO ice VALUES (3, 'c')")
	h.run("CREATE EXTERNAL TABLE hive (id int) LOCATION 's3://athenaq-test/hive/'")
	before := h.pointer("ice/")

	for _, c := range []struct {
		name, sql, statementType, substatement, ext string
	}{
		{"vacuum", "VACUUM ice", "DML", "VACUUM_TABLE", ".csv"},
		{"optimize", "OPTIMIZE ice REWRITE DATA USING BIN_PACK", "DDL", "CREATE_TABLE_AS_SELECT", ""},
		{"optimize where", "OPTIMIZE default.ice REWRITE DATA USING BIN_PACK WHERE id > 1 AND name <> 'x'", "DDL", "CREATE_TABLE_AS_SELECT", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := &harness{t: t, env: h.env, ath: h.ath, s3: h.s3, ctx: h.ctx}
			qe := h.run(c.sql)
			id := aws.ToString(qe.QueryExecutionId)
			if string(qe.StatementType) != c.statementType || aws.ToString(qe.SubstatementType) != c.substatement {
				t.Errorf("class %s/%s, want %s/%s", qe.StatementType, aws.ToString(qe.SubstatementType), c.statementType, c.substatement)
			}
			want := "s3://" + athenatest.Bucket + "/results/" + id + c.ext
			if c.statementType == "DDL" {
				want = "s3://" + athenatest.Bucket + "/results/tables/" + id
			}
			if got := aws.ToString(qe.ResultConfiguration.OutputLocation); got != want {
				t.Errorf("OutputLocation %q, want %q", got, want)
			}
			if _, err := h.ath.GetQueryResults(h.ctx, &athena.GetQueryResultsInput{QueryExecutionId: aws.String(id)}); err != nil {
				t.Errorf("GetQueryResults: %v", err)
			}
			if got := joinRows(h.query("SELECT id, name FROM ice ORDER BY id")); got != "1|a\n2|b\n3|c" {
				t.Errorf("rows after %s: %q", c.sql, got)
			}
			if p := h.pointer("ice/"); p.Snapshot != before.Snapshot || !slices.Equal(p.Files, before.Files) {
				t.Errorf("pointer after %s: %+v, before %+v", c.sql, p, before)
			}
		})
	}

	for _, c := range []struct {
		name, sql, reason string
	}{
		{"vacuum hive", "VACUUM hive", "NOT_SUPPORTED: VACUUM is only supported for Iceberg tables"},
		{"optimize hive", "OPTIMIZE hive REWRITE DATA USING BIN_PACK", "NOT_SUPPORTED: OPTIMIZE is only supported for Iceberg tables"},
		{"vacuum missing", "VACUUM nosuch", "TABLE_NOT_FOUND"},
		{"optimize missing", "OPTIMIZE nosuch REWRITE DATA USING BIN_PACK", "TABLE_NOT_FOUND"},
		{"optimize unknown column", "OPTIMIZE ice REWRITE DATA USING BIN_PACK WHERE nosuch = 1", "COLUMN_NOT_FOUND"},
		{"optimize other strategy", "OPTIMIZE ice REWRITE DATA USING SORT", "SYNTAX_ERROR"},
		{"vacuum trailing words", "VACUUM ice RETAIN 7 DAYS", "SYNTAX_ERROR"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := &harness{t: t, env: h.env, ath: h.ath, s3: h.s3, ctx: h.ctx}
			if r := aws.ToString(h.fail(c.sql).Status.StateChangeReason); !strings.HasPrefix(r, c.reason) {
				t.Errorf("reason %q, want prefix %q", r, c.reason)
			}
		})
	}
}
