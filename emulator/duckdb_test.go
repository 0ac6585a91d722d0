package emulator_test

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/emulator"
)

// duckGroups are the work groups of the DuckDB tests: one writing to the
// test bucket, one with managed query results.
var duckGroups = []emulator.WorkGroup{
	{Name: "duck", Engine: "DuckDB", OutputLocation: "s3://" + athenatest.Bucket + "/duck/"},
	{Name: "duck-managed", Engine: "DuckDB", ManagedResults: true},
}

func newDuckHarness(t *testing.T) *harness {
	return newHarness(t, athenatest.WithOptions(emulator.Options{WorkGroups: duckGroups}))
}

// duckRun runs sql in the duck work group and waits for its end.
func (h *harness) duckRun(sql string, params ...string) *types.QueryExecution {
	h.t.Helper()
	in := &athena.StartQueryExecutionInput{QueryString: aws.String(sql), WorkGroup: aws.String("duck")}
	if len(params) > 0 {
		in.ExecutionParameters = params
	}
	out, err := h.ath.StartQueryExecution(h.ctx, in)
	if err != nil {
		h.t.Fatalf("StartQueryExecution(%q) in duck: %v", sql, err)
	}
	return h.wait(aws.ToString(out.QueryExecutionId))
}

// duckQuery runs sql in the duck work group, wants it to succeed and
// returns its result set.
func (h *harness) duckQuery(sql string, params ...string) *types.ResultSet {
	h.t.Helper()
	qe := h.duckRun(sql, params...)
	if qe.Status.State != types.QueryExecutionStateSucceeded {
		h.t.Fatalf("%q ended %s: %s", sql, qe.Status.State, aws.ToString(qe.Status.StateChangeReason))
	}
	out, err := h.ath.GetQueryResults(h.ctx, &athena.GetQueryResultsInput{QueryExecutionId: qe.QueryExecutionId})
	if err != nil {
		h.t.Fatalf("GetQueryResults(%q): %v", sql, err)
	}
	return out.ResultSet
}

// duckFail runs sql in the duck work group, wants it to fail and returns
// its StateChangeReason.
func (h *harness) duckFail(sql string) string {
	h.t.Helper()
	qe := h.duckRun(sql)
	if qe.Status.State != types.QueryExecutionStateFailed {
		h.t.Fatalf("%q ended %s, want FAILED", sql, qe.Status.State)
	}
	reason := aws.ToString(qe.Status.StateChangeReason)
	if qe.Status.AthenaError == nil || aws.ToString(qe.Status.AthenaError.ErrorMessage) != reason {
		h.t.Errorf("%q: AthenaError %+v, want the reason %q as its message", sql, qe.Status.AthenaError, reason)
	}
	return reason
}

// texts returns a result set's data rows, "NULL" for a missing value.
func texts(rs *types.ResultSet) [][]string {
	var out [][]string
	for _, r := range rs.Rows[1:] {
		row := make([]string, len(r.Data))
		for i, d := range r.Data {
			row[i] = aws.ToString(d.VarCharValue)
			if d.VarCharValue == nil {
				row[i] = "NULL"
			}
		}
		out = append(out, row)
	}
	return out
}

// TestDuckDBTypes runs one SELECT of every DuckDB type in a DuckDB work
// group and checks each column's ColumnInfo and text: DuckDB's type name as
// typeof prints it and DuckDB's own cast to VARCHAR.
func TestDuckDBTypes(t *testing.T) {
	h := newDuckHarness(t)
	cases := []struct {
		name, expr, typ, text string
		precision, scale      int32
	}{
		{"boolean", "true", "BOOLEAN", "true", 0, 0},
		{"tinyint", "CAST(-128 AS TINYINT)", "TINYINT", "-128", 0, 0},
		{"smallint", "CAST(32767 AS SMALLINT)", "SMALLINT", "32767", 0, 0},
		{"integer", "CAST(-2147483648 AS INTEGER)", "INTEGER", "-2147483648", 0, 0},
		{"bigint", "CAST(9223372036854775807 AS BIGINT)", "BIGINT", "9223372036854775807", 0, 0},
		{"hugeint", "CAST('-170141183460469231731687303715884105728' AS HUGEINT)", "HUGEINT", "-170141183460469231731687303715884105728", 0, 0},
		{"utinyint", "CAST(255 AS UTINYINT)", "UTINYINT", "255", 0, 0},
		{"usmallint", "CAST(65535 AS USMALLINT)", "USMALLINT", "65535", 0, 0},
		{"uinteger", "CAST(4294967295 AS UINTEGER)", "UINTEGER", "4294967295", 0, 0},
		{"ubigint", "CAST('18446744073709551615' AS UBIGINT)", "UBIGINT", "18446744073709551615", 0, 0},
		{"uhugeint", "CAST('340282366920938463463374607431768211455' AS UHUGEINT)", "UHUGEINT", "340282366920938463463374607431768211455", 0, 0},
		{"float", "CAST(1.5 AS FLOAT)", "FLOAT", "1.5", 0, 0},
		{"double", "CAST(0.1 AS DOUBLE)", "DOUBLE", "0.1", 0, 0},
		{"double infinity", "CAST('inf' AS DOUBLE)", "DOUBLE", "inf", 0, 0},
		{"double negative infinity", "CAST('-inf' AS DOUBLE)", "DOUBLE", "-inf", 0, 0},
		{"double nan", "CAST('nan' AS DOUBLE)", "DOUBLE", "nan", 0, 0},
		{"decimal", "CAST(12.3 AS DECIMAL(10,2))", "DECIMAL(10,2)", "12.30", 10, 2},
		{"wide decimal", "CAST('-12345678901234567890.1234567890' AS DECIMAL(38,10))", "DECIMAL(38,10)", "-12345678901234567890.1234567890", 38, 10},
		{"varchar with quotes and commas", `'a "b", c''d'`, "VARCHAR", `a "b", c'd`, 0, 0},
		{"empty varchar", "''", "VARCHAR", "", 0, 0},
		{"blob", `CAST('\xAA\x00ab' AS BLOB)`, "BLOB", `\xAA\x00ab`, 0, 0},
		{"bit", "CAST('101' AS BIT)", "BIT", "101", 0, 0},
		{"uuid", "CAST('550e8400-e29b-41d4-a716-446655440000' AS UUID)", "UUID", "550e8400-e29b-41d4-a716-446655440000", 0, 0},
		{"date", "DATE '2026-12-05'", "DATE", "2026-12-05", 0, 0},
		{"time", "TIME '12:34:56.789'", "TIME", "12:34:56.789", 0, 0},
		{"time with time zone", "CAST('12:00:00+01' AS TIMETZ)", "TIME WITH TIME ZONE", "12:00:00+01", 0, 0},
		{"timestamp", "TIMESTAMP '2026-12-05 01:02:03.456789'", "TIMESTAMP", "2026-12-05 01:02:03.456789", 0, 0},
		{"timestamp_s", "CAST('2026-12-05 01:02:03' AS TIMESTAMP_S)", "TIMESTAMP_S", "2026-12-05 01:02:03", 0, 0},
		{"timestamp_ms", "CAST('2026-12-05 01:02:03.456' AS TIMESTAMP_MS)", "TIMESTAMP_MS", "2026-12-05 01:02:03.456", 0, 0},
		{"timestamp_ns", "CAST('2026-12-05 01:02:03.123456789' AS TIMESTAMP_NS)", "TIMESTAMP_NS", "2026-12-05 01:02:03.123456789", 0, 0},
		{"timestamp with time zone in UTC", "CAST('2026-10-01 12:00:00+02' AS TIMESTAMPTZ)", "TIMESTAMP WITH TIME ZONE", "2026-10-01 10:00:00+00", 0, 0},
		{"interval", "INTERVAL 1 YEAR + INTERVAL 2 DAY + INTERVAL 3 HOUR", "INTERVAL", "1 year 2 days 03:00:00", 0, 0},
		{"json", `CAST('{"a": [1, 2]}' AS JSON)`, "JSON", `{"a": [1, 2]}`, 0, 0},
		{"list with a null", "[1, NULL, 3]", "INTEGER[]", "[1, NULL, 3]", 0, 0},
		{"list of strings", "['a', 'b c']", "VARCHAR[]", "[a, b c]", 0, 0},
		{"fixed array", "CAST([1, 2, 3] AS INTEGER[3])", "INTEGER[3]", "[1, 2, 3]", 0, 0},
		{"struct", "{'id': 1, 'note': 'x'}", "STRUCT(id INTEGER, note VARCHAR)", "{'id': 1, 'note': x}", 0, 0},
		{"struct with a null", "{'a': CAST(NULL AS INTEGER)}", "STRUCT(a INTEGER)", "{'a': NULL}", 0, 0},
		{"nested", "[{'k': [1.5]}]", "STRUCT(k DECIMAL(2,1)[])[]", "[{'k': [1.5]}]", 0, 0},
		{"map", "MAP {'a': 1, 'b': 2}", "MAP(VARCHAR, INTEGER)", "{a=1, b=2}", 0, 0},
		{"union", "CAST(union_value(num := 2) AS UNION(num INTEGER, str VARCHAR))", "UNION(num INTEGER, str VARCHAR)", "2", 0, 0},
		{"enum", "CAST('b' AS ENUM('a', 'b'))", "ENUM('a', 'b')", "b", 0, 0},
		{"null", "NULL", "INTEGER", "NULL", 0, 0}, // DuckDB types a bare NULL column INTEGER
		{"typed null", "CAST(NULL AS INTEGER[])", "INTEGER[]", "NULL", 0, 0},
	}
	var sel []string
	for i, c := range cases {
		sel = append(sel, c.expr+" AS c"+strconv.Itoa(i))
	}
	rs := h.duckQuery("SELECT " + strings.Join(sel, ", "))
	info, rows := rs.ResultSetMetadata.ColumnInfo, texts(rs)
	if len(info) != len(cases) || len(rows) != 1 || len(rows[0]) != len(cases) {
		t.Fatalf("got %d columns and rows %q, want %d columns in one row", len(info), rows, len(cases))
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ci := info[i]
			if got := aws.ToString(ci.Type); got != c.typ {
				t.Errorf("Type = %q, want %q", got, c.typ)
			}
			if ci.Precision != c.precision || ci.Scale != c.scale {
				t.Errorf("Precision, Scale = %d, %d, want %d, %d", ci.Precision, ci.Scale, c.precision, c.scale)
			}
			if got := aws.ToString(ci.Name); got != "c"+strconv.Itoa(i) {
				t.Errorf("Name = %q", got)
			}
			if got := rows[0][i]; got != c.text {
				t.Errorf("text = %q, want %q", got, c.text)
			}
		})
	}
}

func TestDuckDBInvalidSQLIsAcceptedThenFails(t *testing.T) {
	h := newDuckHarness(t)
	for _, tc := range []struct{ name, sql, reason string }{
		{"syntax", "SELEC 1", `Parser Error: syntax error at or near "SELEC"`},
		{"missing table", "SELECT * FROM nowhere", "Catalog Error: Table with name nowhere does not exist!"},
		{"two statements", "SELECT 1; SELECT 2", `Parser Error: a DuckDB work group runs one statement per query: a second statement starts at line 1:11 with "SELECT"`},
		{"unbalanced quote", "SELECT 'x", "Parser Error: unterminated quoted string"},
		{"bad cast", "SELECT CAST('x' AS INTEGER)", "Conversion Error: Could not convert string 'x' to INT32"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reason := h.duckFail(tc.sql)
			if !strings.HasPrefix(reason, tc.reason) {
				t.Errorf("reason %q, want it to start with %q", reason, tc.reason)
			}
		})
	}
}

func TestDuckDBAndEngineV3SideBySide(t *testing.T) {
	h := newDuckHarness(t)
	v3 := h.run("SELECT 5/2 AS q")
	if got := joinRows(h.rows(aws.ToString(v3.QueryExecutionId))); got != "q\n2" {
		t.Errorf("engine v3 5/2: %q, want q, 2", got)
	}
	duck := h.duckRun("SELECT 5/2 AS q")
	if got := joinRows(h.rows(aws.ToString(duck.QueryExecutionId))); got != "q\n2.5" {
		t.Errorf("DuckDB 5/2: %q, want q, 2.5", got)
	}
	out, err := h.ath.BatchGetQueryExecution(h.ctx, &athena.BatchGetQueryExecutionInput{
		QueryExecutionIds: []string{aws.ToString(v3.QueryExecutionId), aws.ToString(duck.QueryExecutionId)}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]string{
		aws.ToString(v3.QueryExecutionId):   {"AUTO", "Athena engine version 3"},
		aws.ToString(duck.QueryExecutionId): {"DuckDB", "DuckDB"},
	}
	for _, qe := range append(out.QueryExecutions, *v3, *duck) {
		w := want[aws.ToString(qe.QueryExecutionId)]
		if ev := qe.EngineVersion; ev == nil || aws.ToString(ev.SelectedEngineVersion) != w[0] || aws.ToString(ev.EffectiveEngineVersion) != w[1] {
			t.Errorf("%s: EngineVersion %+v, want %q", aws.ToString(qe.QueryExecutionId), ev, w)
		}
	}
	// The DuckDB query's CSV result file is laid out as engine v3's.
	body, err := h.object(athenatest.Bucket, "duck/"+aws.ToString(duck.QueryExecutionId)+".csv")
	if err != nil {
		t.Fatal(err)
	}
	if string(body) != "\"q\"\n\"2.5\"\n" {
		t.Errorf("CSV result %q", body)
	}
	nulls := h.duckRun("SELECT NULL AS a, 'x,\"y' AS b, [NULL] AS c")
	body, err = h.object(athenatest.Bucket, "duck/"+aws.ToString(nulls.QueryExecutionId)+".csv")
	if err != nil {
		t.Fatal(err)
	}
	if want := "\"a\",\"b\",\"c\"\n,\"x,\"\"y\",\"[NULL]\"\n"; string(body) != want {
		t.Errorf("CSV result %q, want %q", body, want)
	}
}

func TestDuckDBExecutionParameters(t *testing.T) {
	h := newDuckHarness(t)
	got := texts(h.duckQuery("SELECT ? + 1 AS n, ? AS s, 7/? AS d", "41", "'it''s'", "2"))
	if want := [][]string{{"42", "it's", "3.5"}}; joinRows(got) != joinRows(want) {
		t.Errorf("rows %q, want %q", got, want)
	}
}

func TestDuckDBRefusesResultReuse(t *testing.T) {
	h := newDuckHarness(t)
	_, err := h.ath.StartQueryExecution(h.ctx, &athena.StartQueryExecutionInput{QueryString: aws.String("SELECT 1"), WorkGroup: aws.String("duck"),
		ResultReuseConfiguration: &types.ResultReuseConfiguration{ResultReuseByAgeConfiguration: &types.ResultReuseByAgeConfiguration{Enabled: true}}})
	var ire *types.InvalidRequestException
	if !errors.As(err, &ire) || !strings.Contains(aws.ToString(ire.Message), "DuckDB") {
		t.Errorf("StartQueryExecution with result reuse: %v, want InvalidRequestException", err)
	}
}

// TestDuckDBReadsS3 reads objects put through the S3 API with DuckDB's
// readers; the local copies never show.
func TestDuckDBReadsS3(t *testing.T) {
	h := newDuckHarness(t)
	h.put(athenatest.Bucket, "data/a.csv", []byte("id,name\n1,a\n2,b\n"))
	h.put(athenatest.Bucket, "data/b.csv", []byte("id,name\n3,c\n"))
	h.put(athenatest.Bucket, "data/sub/c.csv", []byte("id,name\n4,d\n"))
	h.put(athenatest.Bucket, "data/x.json", []byte(`{"k": 1, "v": "one"}`+"\n"+`{"k": 2, "v": "two"}`+"\n"))
	h.run("UNLOAD (SELECT n, CAST(n AS varchar) AS s FROM (VALUES 1, 2, 3) AS v(n)) TO 's3://athenaq-test/pq/'")
	b := "s3://" + athenatest.Bucket
	for _, tc := range []struct{ name, sql, want string }{
		{"read_csv", "SELECT id, name FROM read_csv('" + b + "/data/a.csv') ORDER BY id", "1|a\n2|b"},
		{"read_csv list", "SELECT count(*) AS n FROM read_csv(['" + b + "/data/a.csv', '" + b + "/data/b.csv'])", "3"},
		{"read_csv glob", "SELECT sum(id) AS n FROM read_csv('" + b + "/data/*.csv')", "6"},
		{"read_csv recursive glob", "SELECT sum(id) AS n FROM read_csv('" + b + "/data/**/*.csv')", "10"},
		{"read_csv_auto", "SELECT max(name) AS m FROM read_csv_auto('" + b + "/data/b.csv')", "c"},
		{"FROM string", "SELECT name FROM '" + b + "/data/b.csv'", "c"},
		{"FROM string glob", "FROM '" + b + "/data/*.csv' SELECT count(*)", "3"},
		{"glob names S3 objects", "SELECT file FROM glob('" + b + "/data/*.csv') ORDER BY file", b + "/data/a.csv\n" + b + "/data/b.csv"},
		{"glob without matches", "SELECT count(*) FROM glob('" + b + "/none/*')", "0"},
		{"filename column", "SELECT DISTINCT filename FROM read_csv('" + b + "/data/b.csv', filename = true)", b + "/data/b.csv"},
		{"read_json", "SELECT v FROM read_json('" + b + "/data/x.json') ORDER BY k", "one\ntwo"},
		{"read_ndjson", "SELECT sum(k) FROM read_ndjson('" + b + "/data/x.json')", "3"},
		{"read_text", "SELECT filename, length(content) FROM read_text('" + b + "/data/b.csv')", b + "/data/b.csv|12"},
		{"read_parquet of an UNLOAD", "SELECT sum(n), max(s) FROM read_parquet('" + b + "/pq/*')", "6|3"},
		{"parquet_schema", "SELECT DISTINCT file_name FROM parquet_schema('" + b + "/pq/*')", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := joinRows(texts(h.duckQuery(tc.sql)))
			if tc.name == "parquet_schema" {
				if !strings.HasPrefix(got, b+"/pq/") || strings.Contains(got, "\n") {
					t.Errorf("rows %q, want the one S3 name of the UNLOAD's file", got)
				}
				return
			}
			if got != tc.want {
				t.Errorf("rows %q, want %q", got, tc.want)
			}
		})
	}
	reason := h.duckFail("SELECT * FROM read_csv('" + b + "/none/*.csv')")
	if want := `IO Error: No files found that match the pattern "` + b + `/none/*.csv"`; reason != want {
		t.Errorf("no match: %q, want %q", reason, want)
	}
}

// TestDuckDBSandbox checks what DuckDB SQL cannot do in a DuckDB work
// group: reach host files, run dynamic SQL, or change the session.
func TestDuckDBSandbox(t *testing.T) {
	h := newDuckHarness(t)
	for _, tc := range []struct{ name, sql, reason string }{
		{"host file", "SELECT * FROM read_csv('/etc/passwd')", "host files are not reachable (got '/etc/passwd')"},
		{"relative path", "SELECT * FROM read_csv('file.csv')", "host files are not reachable (got 'file.csv')"},
		{"expression", "SELECT * FROM read_csv(concat('s3://', 'b/x.csv'))", "host files are not reachable (got an expression: concat('s3://', 'b/x.csv'))"},
		{"list with a host file", "SELECT * FROM read_parquet(['s3://b/x', '/etc/x'])", "host files are not reachable (got '/etc/x')"},
		{"FROM host file", "SELECT * FROM '/etc/passwd'", "host files are not reachable (got '/etc/passwd')"},
		{"FROM quoted path", `SELECT * FROM "/etc/passwd"`, "host files are not reachable"},
		{"dynamic SQL", "SELECT * FROM query('SELECT 1')", "Function with name query is not available"},
		{"settings", "SELECT current_setting('threads')", "Function with name current_setting is not available"},
		{"catalog functions", "SELECT * FROM duckdb_settings()", "Function with name duckdb_settings is not available"},
		{"PREPARE", "PREPARE p AS SELECT 1", "PREPARE is not supported in a DuckDB work group"},
		{"EXECUTE", "EXECUTE p", "EXECUTE is not supported in a DuckDB work group"},
		{"INSTALL", "INSTALL httpfs", "extensions are built in and fixed"},
		{"LOAD", "LOAD httpfs", "extensions are built in and fixed"},
		{"SET", "SET threads = 1", "SET is not supported"},
		{"ATTACH", "ATTACH 'x.db'", "ATTACH is not supported"},
		{"COPY to a host file", "COPY (SELECT 1) TO '/tmp/x.csv'", "host files are not reachable"},
		{"CREATE SECRET", "CREATE SECRET (TYPE s3)", "CREATE SECRET is not supported"},
		{"BEGIN", "BEGIN TRANSACTION", "transactions are not supported"},
		{"CREATE MACRO", "CREATE MACRO m(a) AS a", "CREATE MACRO is not supported"},
		{"CALL", "CALL pragma_version()", "CALL is not supported"},
		{"EXPORT", "EXPORT DATABASE '/tmp/x'", "EXPORT DATABASE is not supported"},
		{"CREATE OR REPLACE TABLE", "CREATE OR REPLACE TABLE t AS SELECT 1", "Not implemented Error: this form of CREATE TABLE is not supported"},
		{"ALTER TABLE", "ALTER TABLE t ADD COLUMN x INTEGER", "Not implemented Error: ALTER statements in DuckDB work groups are not supported by the emulator"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reason := h.duckFail(tc.sql)
			if !strings.Contains(reason, tc.reason) {
				t.Errorf("reason %q, want it to contain %q", reason, tc.reason)
			}
			if strings.Contains(reason, os.TempDir()) {
				t.Errorf("reason %q shows a host path", reason)
			}
		})
	}
}

// TestDuckDBReadsEngineV3Tables reads Hive (partitioned too) and Iceberg
// tables that engine v3 made, and shares databases as schemas.
func TestDuckDBReadsEngineV3Tables(t *testing.T) {
	h := newDuckHarness(t)
	h.run("CREATE DATABASE shared")
	h.run("CREATE TABLE shared.hive WITH (format = 'PARQUET') AS SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v(id, name)")
	h.run("CREATE TABLE shared.parts WITH (partitioned_by = ARRAY['p']) AS SELECT * FROM (VALUES (1, 'x'), (2, 'y')) AS v(id, p)")
	h.run("CREATE TABLE shared.ice WITH (table_type = 'ICEBERG', location = 's3://athenaq-test/ice/', is_external = false) AS SELECT 10 AS id")
	h.run("CREATE VIEW shared.v AS SELECT id FROM shared.hive")
	h.put(athenatest.Bucket, "csvtab/a.csv", []byte("5,e\n"))
	h.run("CREATE EXTERNAL TABLE shared.text (id int, name string) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://athenaq-test/csvtab/'")
	for _, tc := range []struct{ name, sql, want string }{
		// SHOW TABLES lists the tables no query has read yet.
		{"tables", "SELECT name FROM (SHOW ALL TABLES) WHERE schema = 'shared' ORDER BY name", "hive\nice\nparts\ntext"},
		// DESCRIBE and SUMMARIZE name tables where Trino has none.
		{"describe", "DESCRIBE shared.text", "id|INTEGER|YES|NULL|NULL|NULL\nname|VARCHAR|YES|NULL|NULL|NULL"},
		{"summarize", "SELECT column_name, max FROM (SUMMARIZE shared.hive) ORDER BY 1", "id|2\nname|b"},
		{"hive parquet", "SELECT id, name FROM shared.hive ORDER BY id", "1|a\n2|b"},
		{"partitioned", "SELECT p, id FROM shared.parts ORDER BY id", "x|1\ny|2"},
		{"iceberg", "SELECT id FROM shared.ice", "10"},
		{"text", "SELECT id + 1, name FROM shared.text", "6|e"},
		{"schemas", "SHOW SCHEMAS", "default\nshared"},
		{"FROM-first with the context database", "FROM shared.parts SELECT count(*)", "2"},
		{"three-part name", `SELECT count(*) FROM AwsDataCatalog.shared.hive JOIN "awsdatacatalog".shared.parts USING (id)`, "2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := joinRows(texts(h.duckQuery(tc.sql))); got != tc.want {
				t.Errorf("rows %q, want %q", got, tc.want)
			}
		})
	}
	// A change that engine v3 makes shows in DuckDB.
	h.run("INSERT INTO shared.hive VALUES (3, 'c')")
	if got := joinRows(texts(h.duckQuery("SELECT count(*) FROM shared.hive"))); got != "3" {
		t.Errorf("count after INSERT: %q, want 3", got)
	}
	if reason := h.duckFail("SELECT * FROM shared.v"); !strings.Contains(reason, "shared.v is a view of Athena engine version 3") {
		t.Errorf("view: %q", reason)
	}
	// Schemas made in DuckDB are engine v3's databases, and the reverse.
	h.duckQuery("CREATE SCHEMA IF NOT EXISTS made_in_duck")
	if got := joinRows(h.query("SHOW DATABASES")); !strings.Contains(got, "made_in_duck") {
		t.Errorf("engine v3 databases %q, want made_in_duck", got)
	}
	if reason := h.duckFail("CREATE SCHEMA made_in_duck"); !strings.Contains(reason, "already exists") {
		t.Errorf("CREATE SCHEMA again: %q", reason)
	}
	if reason := h.duckFail("DROP SCHEMA shared"); !strings.Contains(reason, "Dependency Error") {
		t.Errorf("DROP SCHEMA of a database with tables: %q", reason)
	}
	h.duckQuery("DROP SCHEMA made_in_duck")
	h.duckQuery("DROP SCHEMA IF EXISTS made_in_duck")
	if got := joinRows(h.query("SHOW DATABASES")); strings.Contains(got, "made_in_duck") {
		t.Errorf("engine v3 databases %q after DROP SCHEMA", got)
	}
	h.run("DROP TABLE shared.text")
	if reason := h.duckFail("SELECT * FROM shared.text"); !strings.Contains(reason, "does not exist") {
		t.Errorf("dropped table: %q", reason)
	}
}

func TestListEngineVersions(t *testing.T) {
	h := newDuckHarness(t)
	out, err := h.ath.ListEngineVersions(h.ctx, &athena.ListEngineVersionsInput{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ev := range out.EngineVersions {
		got = append(got, aws.ToString(ev.SelectedEngineVersion)+"="+aws.ToString(ev.EffectiveEngineVersion))
	}
	if want := "AUTO=Athena engine version 3,Athena engine version 3=Athena engine version 3,DuckDB=DuckDB"; strings.Join(got, ",") != want {
		t.Errorf("engine versions %q, want %q", got, want)
	}
	page, err := h.ath.ListEngineVersions(h.ctx, &athena.ListEngineVersionsInput{MaxResults: aws.Int32(2)})
	if err != nil || len(page.EngineVersions) != 2 || page.NextToken == nil {
		t.Fatalf("first page of 2: %+v, %v", page, err)
	}
	rest, err := h.ath.ListEngineVersions(h.ctx, &athena.ListEngineVersionsInput{MaxResults: aws.Int32(2), NextToken: page.NextToken})
	if err != nil || len(rest.EngineVersions) != 1 || aws.ToString(rest.EngineVersions[0].SelectedEngineVersion) != "DuckDB" {
		t.Errorf("second page: %+v, %v", rest, err)
	}
}

func TestDuckDBWorkGroupThroughTheAPI(t *testing.T) {
	h := newDuckHarness(t)
	_, err := h.ath.CreateWorkGroup(h.ctx, &athena.CreateWorkGroupInput{Name: aws.String("made"), Configuration: &types.WorkGroupConfiguration{
		EngineVersion:                    &types.EngineVersion{SelectedEngineVersion: aws.String("DuckDB")},
		ManagedQueryResultsConfiguration: &types.ManagedQueryResultsConfiguration{Enabled: true}}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := h.ath.GetWorkGroup(h.ctx, &athena.GetWorkGroupInput{WorkGroup: aws.String("made")})
	if err != nil {
		t.Fatal(err)
	}
	if ev := got.WorkGroup.Configuration.EngineVersion; aws.ToString(ev.SelectedEngineVersion) != "DuckDB" || aws.ToString(ev.EffectiveEngineVersion) != "DuckDB" {
		t.Errorf("EngineVersion %+v", ev)
	}
	qe := h.runIn("made", "SELECT 1/2 AS h")
	if got := joinRows(h.rows(aws.ToString(qe.QueryExecutionId))); got != "h\n0.5" {
		t.Errorf("rows %q", got)
	}
	// The engine name is matched exactly.
	_, err = h.ath.CreateWorkGroup(h.ctx, &athena.CreateWorkGroupInput{Name: aws.String("lower"), Configuration: &types.WorkGroupConfiguration{
		EngineVersion: &types.EngineVersion{SelectedEngineVersion: aws.String("duckdb")}}})
	var ire *types.InvalidRequestException
	if !errors.As(err, &ire) {
		t.Errorf("CreateWorkGroup with engine duckdb: %v, want InvalidRequestException", err)
	}
	// UpdateWorkGroup turns engine v3's primary into a DuckDB work group.
	_, err = h.ath.UpdateWorkGroup(h.ctx, &athena.UpdateWorkGroupInput{WorkGroup: aws.String("primary"), ConfigurationUpdates: &types.WorkGroupConfigurationUpdates{
		EngineVersion: &types.EngineVersion{SelectedEngineVersion: aws.String("DuckDB")}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := joinRows(h.query("SELECT 1/2 AS h")); got != "0.5" {
		t.Errorf("primary after the update: %q", got)
	}
}

func TestDuckDBManagedResultsExpire(t *testing.T) {
	const ttl = 2 * time.Second
	h := newHarness(t, athenatest.WithOptions(emulator.Options{ManagedResultsTTL: ttl, WorkGroups: duckGroups}))
	qe := h.runIn("duck-managed", "SELECT 42 AS answer, [1] AS l")
	if qe.ResultConfiguration != nil && qe.ResultConfiguration.OutputLocation != nil {
		t.Errorf("OutputLocation %q of a managed query", aws.ToString(qe.ResultConfiguration.OutputLocation))
	}
	done := time.Now()
	if got := joinRows(h.rows(aws.ToString(qe.QueryExecutionId))); got != "answer|l\n42|[1]" {
		t.Errorf("rows %q", got)
	}
	time.Sleep(time.Until(done.Add(ttl)))
	_, err := h.ath.GetQueryResults(h.ctx, &athena.GetQueryResultsInput{QueryExecutionId: qe.QueryExecutionId})
	var ire *types.InvalidRequestException
	if !errors.As(err, &ire) || aws.ToString(ire.AthenaErrorCode) != "RESULT_NOT_FOUND" {
		t.Errorf("GetQueryResults after expiry: %v, want RESULT_NOT_FOUND", err)
	}
}

func TestDuckDBQueriesSurviveRestart(t *testing.T) {
	opts := emulator.Options{DataDir: t.TempDir(), WorkGroups: duckGroups}
	h := newHarness(t, athenatest.WithOptions(opts))
	id := aws.ToString(h.duckRun("SELECT 1.5::DECIMAL(4,1) AS d").QueryExecutionId)
	if err := h.env.Server.Close(); err != nil {
		t.Fatal(err)
	}
	h2 := newHarness(t, athenatest.WithOptions(opts))
	qe := h2.wait(id)
	if ev := qe.EngineVersion; ev == nil || aws.ToString(ev.EffectiveEngineVersion) != "DuckDB" || aws.ToString(ev.SelectedEngineVersion) != "DuckDB" {
		t.Errorf("EngineVersion after a restart: %+v", ev)
	}
	out, err := h2.ath.GetQueryResults(h2.ctx, &athena.GetQueryResultsInput{QueryExecutionId: aws.String(id)})
	if err != nil {
		t.Fatal(err)
	}
	if ci := out.ResultSet.ResultSetMetadata.ColumnInfo; len(ci) != 1 || aws.ToString(ci[0].Type) != "DECIMAL(4,1)" {
		t.Errorf("ColumnInfo after a restart: %+v", ci)
	}
	if got := joinRows(texts(out.ResultSet)); got != "1.5" {
		t.Errorf("rows after a restart: %q", got)
	}
}

// TestDuckDBStatementShapes runs each kind of DuckDB statement that
// returns rows.
func TestDuckDBStatementShapes(t *testing.T) {
	h := newDuckHarness(t)
	h.run("CREATE TABLE sales WITH (format = 'PARQUET') AS SELECT * FROM (VALUES ('a', 2024, 1), ('a', 2025, 2), ('b', 2025, 3)) AS v(k, y, n)")
	for _, tc := range []struct{ name, sql, header, want string }{
		{"values", "VALUES (1, 'x'), (2, 'y')", "col0|col1", "1|x\n2|y"},
		{"table", "TABLE sales ORDER BY n", "k|y|n", "a|2024|1\na|2025|2\nb|2025|3"},
		{"with", "WITH t AS (SELECT 1 AS a) SELECT a + 1 AS b FROM t", "b", "2"},
		{"parenthesized", "(SELECT 1 AS a) UNION ALL (SELECT 2) ORDER BY a", "a", "1\n2"},
		{"group by all", "SELECT k, sum(n) AS s FROM sales GROUP BY ALL ORDER BY s DESC, k", "k|s", "a|3\nb|3"},
		{"qualify", "SELECT k, n FROM sales QUALIFY row_number() OVER (PARTITION BY k ORDER BY n DESC) = 1 ORDER BY k", "k|n", "a|2\nb|3"},
		{"pivot", "PIVOT sales ON y IN (2024, 2025) USING sum(n) GROUP BY k ORDER BY k", "k|2024|2025", "a|1|2\nb|NULL|3"},
		{"unpivot", "UNPIVOT (SELECT 1 AS a, 2 AS b) ON a, b INTO NAME col VALUE v", "col|v", "a|1\nb|2"},
		{"summarize", "SELECT column_name, min, max FROM (SUMMARIZE sales) ORDER BY 1", "column_name|min|max", "k|a|b\nn|1|3\ny|2024|2025"},
		{"lambda and list comprehension", "SELECT [x * 2 FOR x IN [1, 2]] AS l, list_transform([1], lambda x: x + 1) AS m", "l|m", "[2, 4]|[2]"},
		{"try_cast and ::", "SELECT TRY_CAST('x' AS INTEGER) AS a, '7'::INTEGER AS b", "a|b", "NULL|7"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rs := h.duckQuery(tc.sql)
			var labels []string
			for _, c := range rs.ResultSetMetadata.ColumnInfo {
				labels = append(labels, aws.ToString(c.Name))
			}
			if got := strings.Join(labels, "|"); got != tc.header {
				t.Errorf("columns %q, want %q", got, tc.header)
			}
			if got := joinRows(texts(rs)); got != tc.want {
				t.Errorf("rows %q, want %q", got, tc.want)
			}
		})
	}
	rs := h.duckQuery("EXPLAIN SELECT count(*) FROM sales")
	if ci := rs.ResultSetMetadata.ColumnInfo; len(ci) != 2 || aws.ToString(ci[1].Name) != "explain_value" || aws.ToString(ci[1].Type) != "VARCHAR" {
		t.Errorf("EXPLAIN columns %+v", ci)
	}
	if rows := texts(rs); len(rows) == 0 || rows[0][0] != "physical_plan" || !strings.Contains(rows[0][1], "┌") {
		t.Errorf("EXPLAIN rows %q", rows)
	}
}

func TestDuckDBMissingContextDatabase(t *testing.T) {
	h := newDuckHarness(t)
	out, err := h.ath.StartQueryExecution(h.ctx, &athena.StartQueryExecutionInput{QueryString: aws.String("SELECT 1"), WorkGroup: aws.String("duck"),
		QueryExecutionContext: &types.QueryExecutionContext{Database: aws.String("nowhere")}})
	if err != nil {
		t.Fatal(err)
	}
	qe := h.wait(aws.ToString(out.QueryExecutionId))
	if reason := aws.ToString(qe.Status.StateChangeReason); qe.Status.State != types.QueryExecutionStateFailed || !strings.HasPrefix(reason, "Catalog Error:") || !strings.Contains(reason, "nowhere") {
		t.Errorf("ended %s: %q, want DuckDB's catalog error naming the schema", qe.Status.State, reason)
	}
}
