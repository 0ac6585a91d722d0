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
