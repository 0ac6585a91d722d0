package emulator_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/emulator"
)

// outcome starts sql (with params) and returns how it ended: the text of
// the rejection when StartQueryExecution refused it, else the terminal
// state and its reason.
func (h *harness) outcome(sql string, params ...string) (rejected bool, state types.QueryExecutionState, text string) {
	h.t.Helper()
	in := &athena.StartQueryExecutionInput{
		QueryString:         aws.String(sql),
		ResultConfiguration: &types.ResultConfiguration{OutputLocation: aws.String(h.env.Config.OutputLocation)},
	}
	if len(params) > 0 {
		in.ExecutionParameters = params
	}
	out, err := h.ath.StartQueryExecution(h.ctx, in)
	if err != nil {
		var ire *types.InvalidRequestException
		if !errors.As(err, &ire) {
			h.t.Fatalf("StartQueryExecution(%q): %v", sql, err)
		}
		return true, "", aws.ToString(ire.Message)
	}
	qe := h.wait(aws.ToString(out.QueryExecutionId))
	text = aws.ToString(qe.Status.StateChangeReason)
	if ae := qe.Status.AthenaError; ae != nil {
		text += "\n" + aws.ToString(ae.ErrorMessage)
	}
	return false, qe.Status.State, text
}

func TestSQLCannotReachTheHost(t *testing.T) {
	dir := t.TempDir()
	h := newHarness(t, athenatest.WithOptions(emulator.Options{DataDir: dir}))
	h.put(athenatest.Bucket, "data/people/1.csv", []byte("1,ann\n2,bob\n"))
	h.run("CREATE EXTERNAL TABLE people (id int, name string) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://" +
		athenatest.Bucket + "/data/people/'")
	loc := "s3://" + athenatest.Bucket + "/out/"
	cases := []struct {
		name, sql string
		params    []string
		reject    bool   // refused at start (400) rather than FAILED
		prefix    string // of the FAILED reason
	}{
		{"read_csv", "SELECT * FROM read_csv('/etc/passwd')", nil, false, "FUNCTION_NOT_FOUND: "},
		{"read_csv of shadow", "SELECT * FROM read_csv('/etc/shadow')", nil, false, "FUNCTION_NOT_FOUND: "},
		{"read_csv_auto", "SELECT * FROM read_csv_auto('/etc/passwd')", nil, false, "FUNCTION_NOT_FOUND: "},
		{"read_text", "SELECT * FROM read_text('/etc/hostname')", nil, false, "FUNCTION_NOT_FOUND: "},
		{"read_blob", "SELECT * FROM read_blob('/etc/hostname')", nil, false, "FUNCTION_NOT_FOUND: "},
		{"read_parquet", "SELECT * FROM read_parquet('/etc/x.parquet')", nil, false, "FUNCTION_NOT_FOUND: "},
		{"read_json", "SELECT * FROM read_json('/etc/x.json')", nil, false, "FUNCTION_NOT_FOUND: "},
		{"sniff_csv", "SELECT * FROM sniff_csv('/etc/passwd')", nil, false, "FUNCTION_NOT_FOUND: "},
		{"glob", "SELECT * FROM glob('/etc/*')", nil, false, "FUNCTION_NOT_FOUND: "},
		{"glob of the data dir", "SELECT * FROM glob('" + dir + "/*')", nil, false, "FUNCTION_NOT_FOUND: "},
		{"query", "SELECT * FROM query('SELECT 1')", nil, false, "FUNCTION_NOT_FOUND: "},
		{"query_table", "SELECT * FROM query_table('people')", nil, false, "FUNCTION_NOT_FOUND: "},
		{"duckdb_settings", "SELECT * FROM duckdb_settings()", nil, false, "FUNCTION_NOT_FOUND: "},
		{"duckdb_temporary_files", "SELECT * FROM duckdb_temporary_files()", nil, false, "FUNCTION_NOT_FOUND: "},
		{"duckdb_databases", "SELECT * FROM duckdb_databases()", nil, false, "FUNCTION_NOT_FOUND: "},
		{"pragma_database_size", "SELECT * FROM pragma_database_size()", nil, false, "FUNCTION_NOT_FOUND: "},
		{"current_setting", "SELECT current_setting('temp_directory')", nil, false, "FUNCTION_NOT_FOUND: "},
		{"current_setting of home", "SELECT current_setting('home_directory')", nil, false, "FUNCTION_NOT_FOUND: "},
		{"string as table", "SELECT * FROM '/etc/passwd'", nil, true, ""},
		{"string as table in a join", "SELECT * FROM people JOIN '/etc/passwd' ON true", nil, true, ""},
		{"quoted file name as table", `SELECT * FROM "/etc/passwd.csv"`, nil, false, ""},
		{"closing the engine's wrapper", "SELECT 1) AS q(c0)) TO '/tmp/athenaq-pwn.csv' (FORMAT csv) --", nil, true, ""},
		{"in EXPLAIN", "EXPLAIN SELECT * FROM read_csv('/etc/passwd')", nil, false, "FUNCTION_NOT_FOUND: "},
		{"in CTAS", "CREATE TABLE pwn WITH (external_location = '" + loc + "ctas/') AS SELECT * FROM read_text('/etc/hostname')", nil, false, "FUNCTION_NOT_FOUND: "},
		{"in INSERT", "INSERT INTO people SELECT 3, content FROM read_text('/etc/hostname')", nil, false, "FUNCTION_NOT_FOUND: "},
		{"in UNLOAD", "UNLOAD (SELECT * FROM glob('/etc/*')) TO '" + loc + "unload/' WITH (format = 'TEXTFILE')", nil, false, "FUNCTION_NOT_FOUND: "},
		{"in a view", "CREATE VIEW pwn AS SELECT * FROM read_csv('/etc/passwd')", nil, false, "FUNCTION_NOT_FOUND: "},
		{"in a parameter", "SELECT ?", []string{"current_setting('temp_directory')"}, false, "FUNCTION_NOT_FOUND: "},
		{"a table function in a parameter", "SELECT * FROM people WHERE name = ?", []string{"(SELECT content FROM read_text('/etc/hostname'))"}, false, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := *h
			h.t = t
			rejected, state, text := h.outcome(c.sql, c.params...)
			switch {
			case c.reject && !rejected:
				t.Errorf("started and ended %s (%s), want a rejection", state, text)
			case !c.reject && rejected:
				t.Errorf("rejected (%s), want FAILED", text)
			case !rejected && c.prefix == "" && state == types.QueryExecutionStateSucceeded:
				// A parameter bound as a string literal reads nothing.
				if c.params == nil {
					t.Errorf("SUCCEEDED, want FAILED")
				}
			case !rejected && state != types.QueryExecutionStateFailed && c.prefix != "":
				t.Errorf("ended %s, want FAILED", state)
			case !rejected && !strings.HasPrefix(text, c.prefix):
				t.Errorf("reason %q, want prefix %q", text, c.prefix)
			}
			for _, p := range []string{dir, os.TempDir() + "/athenaq-emulator-", filepath.Join(dir, "tmp")} {
				if strings.Contains(text, p) && !strings.Contains(c.sql, p) {
					t.Errorf("the answer names the host path %s: %s", p, text)
				}
			}
		})
	}
	if _, err := os.Stat("/tmp/athenaq-pwn.csv"); err == nil {
		t.Error("a statement wrote /tmp/athenaq-pwn.csv")
	}
	// Tables over S3 objects still read, from the engine's confined folder.
	if got := joinRows(h.query("SELECT id, name FROM people ORDER BY id")); got != "1|ann\n2|bob" {
		t.Errorf("people = %q", got)
	}
}

func TestNULInQueryStringIsBadRequest(t *testing.T) {
	h := newHarness(t)
	cases := []struct{ name, sql, want string }{
		{"in code", "SELECT 1\x00", `line 1:9: token recognition error at: '\u0000'`},
		{"in a string literal", "SELECT 'a\x00b'", `line 1:10: token recognition error at: '\u0000'`},
		{"on line 2", "SELECT 1,\n  \x00 2", `line 2:3: token recognition error at: '\u0000'`},
		{"in DDL", "CREATE EXTERNAL TABLE t\x00 (a int) LOCATION 's3://b/t/'", `line 1:24: token recognition error at: '\u0000'`},
		{"in a comment", "SELECT 1 -- \x00", `line 1:13: token recognition error at: '\u0000'`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := h.env.Server.Stats().Calls["StartQueryExecution"]
			_, err := h.ath.StartQueryExecution(h.ctx, &athena.StartQueryExecutionInput{
				QueryString:         aws.String(c.sql),
				ResultConfiguration: &types.ResultConfiguration{OutputLocation: aws.String(h.env.Config.OutputLocation)},
			}, func(o *athena.Options) { o.Retryer = aws.NopRetryer{} })
			var ire *types.InvalidRequestException
			if !errors.As(err, &ire) || aws.ToString(ire.AthenaErrorCode) != "MALFORMED_QUERY" || aws.ToString(ire.Message) != c.want {
				t.Errorf("err = %v; want InvalidRequestException MALFORMED_QUERY %q", err, c.want)
			}
			if n := h.env.Server.Stats().Calls["StartQueryExecution"] - before; n != 1 {
				t.Errorf("the emulator saw %d calls, want 1 (a 400 is not retried)", n)
			}
		})
	}
	// A parameter is bound at run time: the query ends FAILED, never
	// reaching the engine cut short.
	qe := h.wait(h.start("SELECT ?", "a\x00b"))
	if qe.Status.State != types.QueryExecutionStateFailed || !strings.HasPrefix(aws.ToString(qe.Status.StateChangeReason), "SYNTAX_ERROR: ") {
		t.Errorf("NUL in a parameter: %s %q", qe.Status.State, aws.ToString(qe.Status.StateChangeReason))
	}
	if n := h.env.Server.Stats().Queries; n["FAILED"] != 1 || len(n) != 1 {
		t.Errorf("queries = %v, want only the one with the parameter, FAILED", n)
	}
}

func TestExecutionParametersCannotInject(t *testing.T) {
	h := newHarness(t)
	h.put(athenatest.Bucket, "data/people/1.csv", []byte("1,ann\n2,bob\n"))
	h.run("CREATE EXTERNAL TABLE people (id int, name string) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://" +
		athenatest.Bucket + "/data/people/'")
	const literal = "\x00literal" // the value is the payload itself
	cases := []struct{ name, param, want string }{
		{"quote and statement", `'; DROP TABLE people; --`, literal},
		{"second statement", `1; DROP TABLE people`, literal},
		{"quote and OR", `x' OR '1'='1`, literal},
		{"leading quote and OR", `' OR '1'='1`, literal},
		{"boolean expression", `1 OR 1=1`, "true"},
		{"closing parenthesis and UNION", `1) UNION ALL SELECT 2 --`, literal},
		{"comment end", `*/ SELECT 1 /*`, literal},
		{"line comment", `-- `, literal},
		{"comment start", `/*`, literal},
		{"backslash quote", `\'; DROP TABLE people; --`, literal},
		{"dollar quotes", `$$; DROP TABLE people; $$`, literal},
		{"escape string", `E'\''; DROP TABLE people; --`, literal},
		{"escape string around a call", `E'\'' || current_setting('temp_directory') || '`, literal},
		{"double quote", `"; DROP TABLE people; --`, literal},
		{"COPY after a parenthesis", `1); COPY (SELECT 1) TO '/tmp/athenaq-pwn.csv'; --`, literal},
		{"extra column", `NULL) AS v, (SELECT 1`, literal},
		{"subquery", `(SELECT name FROM people)`, literal},
		{"concatenated subquery", `'||(SELECT content FROM read_text('/etc/passwd'))||'`, literal},
		{"ATTACH", `ATTACH '/tmp/athenaq-pwn.db' AS x`, literal},
		{"host setting", `current_setting('temp_directory')`, "FUNCTION_NOT_FOUND"},
		{"host file", `read_text('/etc/passwd')`, "FUNCTION_NOT_FOUND"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := *h
			h.t = t
			qe := h.wait(h.start("SELECT ? AS v FROM people WHERE id = 1", c.param))
			if c.want == "FUNCTION_NOT_FOUND" {
				if reason := aws.ToString(qe.Status.StateChangeReason); !strings.HasPrefix(reason, "FUNCTION_NOT_FOUND: ") {
					t.Errorf("ended %s %q, want FUNCTION_NOT_FOUND", qe.Status.State, reason)
				}
				return
			}
			if qe.Status.State != types.QueryExecutionStateSucceeded {
				t.Fatalf("ended %s %q", qe.Status.State, aws.ToString(qe.Status.StateChangeReason))
			}
			want := c.want
			if want == literal {
				want = c.param
			}
			rows := h.rows(aws.ToString(qe.QueryExecutionId))
			if len(rows) != 2 || len(rows[1]) != 1 || rows[1][0] != want {
				t.Errorf("rows %q, want one value %q", rows, want)
			}
		})
	}
	// Nothing ran beside the queries: the table is whole and alone.
	if got := joinRows(h.query("SELECT id, name FROM people ORDER BY id")); got != "1|ann\n2|bob" {
		t.Errorf("people = %q", got)
	}
	tables, err := h.ath.ListTableMetadata(h.ctx, &athena.ListTableMetadataInput{CatalogName: aws.String("AwsDataCatalog"), DatabaseName: aws.String("default")})
	if err != nil || len(tables.TableMetadataList) != 1 {
		t.Errorf("tables after the payloads: %v %+v", err, tables)
	}
	for _, f := range []string{"/tmp/athenaq-pwn.csv", "/tmp/athenaq-pwn.db"} {
		if _, err := os.Stat(f); err == nil {
			t.Errorf("a payload wrote %s", f)
		}
	}
}

func TestStatementsAthenaLacksAreRefused(t *testing.T) {
	dir := t.TempDir()
	h := newHarness(t, athenatest.WithOptions(emulator.Options{DataDir: dir}))
	cases := []struct{ name, sql string }{
		{"COPY TO", "COPY (SELECT 1) TO '/tmp/athenaq-pwn.csv'"},
		{"COPY FROM", "COPY people FROM '/etc/passwd'"},
		{"ATTACH", "ATTACH '/tmp/athenaq-pwn.db' AS pwn"},
		{"DETACH", "DETACH memory"},
		{"INSTALL", "INSTALL httpfs"},
		{"LOAD", "LOAD httpfs"},
		{"FORCE INSTALL", "FORCE INSTALL httpfs FROM 'http://127.0.0.1:1/'"},
		{"PRAGMA", "PRAGMA database_list"},
		{"SET", "SET enable_external_access = true"},
		{"SET GLOBAL", "SET GLOBAL lock_configuration = false"},
		{"RESET", "RESET memory_limit"},
		{"CALL", "CALL pragma_version()"},
		{"CHECKPOINT", "CHECKPOINT"},
		{"EXPORT DATABASE", "EXPORT DATABASE '/tmp/athenaq-pwn'"},
		{"IMPORT DATABASE", "IMPORT DATABASE '/tmp'"},
		{"CREATE SECRET", "CREATE SECRET s (TYPE s3, KEY_ID 'a', SECRET 'b')"},
		{"SUMMARIZE", "SUMMARIZE SELECT 1"},
		{"two statements", "SELECT 1; SELECT 2"},
		{"a statement after a comment", "SELECT 1 /* x */; DROP TABLE people"},
		{"a statement after a semicolon in a string", "SELECT ';'; COPY (SELECT 1) TO '/tmp/athenaq-pwn.csv'"},
		{"UNLOAD to a file URI", "UNLOAD (SELECT 1) TO 'file:///tmp/athenaq-pwn/'"},
		{"UNLOAD to a path", "UNLOAD (SELECT 1) TO '/tmp/athenaq-pwn/'"},
		{"UNLOAD to HTTP", "UNLOAD (SELECT 1) TO 'http://127.0.0.1:1/x/'"},
		{"CTAS to a path", "CREATE TABLE pwn WITH (external_location = '/tmp/athenaq-pwn/') AS SELECT 1 AS a"},
		{"external table on a path", "CREATE EXTERNAL TABLE pwn (a string) LOCATION '/etc/'"},
		{"external table on a file URI", "CREATE EXTERNAL TABLE pwn (a string) LOCATION 'file:///etc/'"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := *h
			h.t = t
			rejected, state, text := h.outcome(c.sql)
			if !rejected && state != types.QueryExecutionStateFailed {
				t.Errorf("ended %s %q, want a rejection or FAILED", state, text)
			}
			if strings.Contains(text, dir) {
				t.Errorf("the answer names the data dir: %s", text)
			}
		})
	}
	for _, f := range []string{"/tmp/athenaq-pwn.csv", "/tmp/athenaq-pwn.db", "/tmp/athenaq-pwn"} {
		if _, err := os.Stat(f); err == nil {
			t.Errorf("a statement wrote %s", f)
		}
	}
}
