package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/emulator"
)

// cliGolden compares got with testdata/cli/name (-update rewrites it).
func cliGolden(t *testing.T, name, got string) {
	t.Helper()
	golden(t, filepath.Join("testdata", "cli", name), "", []byte(got), *updateGolden)
}

const typesQuery = `SELECT * FROM (VALUES
  (1, 'plain', CAST(1.50 AS DECIMAL(5,2)), DATE '2024-02-29', TIMESTAMP '2024-02-29 12:34:56.789', true, 2.5E0, ARRAY[1,2], MAP(ARRAY['k'], ARRAY[1])),
  (2, 'a "quoted", comma', NULL, NULL, NULL, false, NULL, NULL, NULL),
  (3, '', CAST(-0.01 AS DECIMAL(5,2)), DATE '1970-01-01', TIMESTAMP '1970-01-01 00:00:00.000', NULL, -1E-3, ARRAY[], MAP()),
  (4, 'line
break	tab ünï', CAST(0 AS DECIMAL(5,2)), DATE '2000-12-31', TIMESTAMP '2000-12-31 23:59:59.999', true, 1E20, NULL, NULL)
) AS t(id, label, amount, day, ts, flag, x, list, dict) ORDER BY id`

func TestQueryEveryFormatByteForByte(t *testing.T) {
	env := athenatest.Start(t)
	for _, f := range []string{"table", "csv", "tsv", "json", "jsonl"} {
		t.Run(f, func(t *testing.T) {
			r := mustRun(t, "", append(serverFlags(env), "query", "--format", f, typesQuery)...)
			if r.stderr != "" {
				t.Errorf("stderr is not quiet when piped: %q", r.stderr)
			}
			cliGolden(t, "types."+f, r.stdout)
		})
	}
	for _, f := range []string{"parquet", "arrow"} {
		t.Run(f, func(t *testing.T) {
			r := mustRun(t, "", append(serverFlags(env), "query", "--format", f, typesQuery)...)
			magic := map[string]string{"parquet": "PAR1", "arrow": "ARROW1"}[f]
			if !strings.HasPrefix(r.stdout, magic) {
				t.Errorf("%s output starts %q, want %q", f, r.stdout[:min(len(r.stdout), 8)], magic)
			}
			dump, n := readBack(t, outputFormat(f), []byte(r.stdout))
			if n != 4 {
				t.Errorf("%s holds %d rows, want 4", f, n)
			}
			cliGolden(t, "types."+f+".dump", string(dump))
		})
	}
}

func TestQueryResultModesAgree(t *testing.T) {
	env := athenatest.Start(t)
	// Doubles are left out: UNLOAD prints them in Go's shortest form (2, not
	// 2.0), as the client documents.
	sql := "SELECT i, 'row ' || CAST(i AS varchar) AS label, DATE '2024-01-01' + i * INTERVAL '1' DAY AS day FROM UNNEST(sequence(1, 2500)) AS t(i) ORDER BY i"
	want := mustRun(t, "", append(serverFlags(env), "query", "--format", "csv", "--result-mode", "api", sql)...).stdout
	if n := strings.Count(want, "\n"); n != 2501 {
		t.Fatalf("api result has %d lines, want 2501", n)
	}
	for _, mode := range []string{"csv", "unload"} {
		got := mustRun(t, "", append(serverFlags(env), "query", "--format", "csv", "--result-mode", mode, sql)...).stdout
		if got != want {
			t.Errorf("--result-mode %s differs from api:\n%.300s\nwant\n%.300s", mode, got, want)
		}
	}
}

func TestQueryLocal(t *testing.T) {
	data := localData(t)
	r := mustRun(t, "", "query", "--local", "--data-dir", data, "SELECT 42 AS answer")
	if !regexp.MustCompile(`(?m)^\W*42\W*$`).MatchString(r.stdout) {
		t.Errorf("no 42 in\n%s", r.stdout)
	}
	if r.stderr != "" {
		t.Errorf("stderr %q, want nothing when piped", r.stderr)
	}
	// The sample database is there on first use, and data persists.
	mustRun(t, "", "query", "--local", "--data-dir", data, "CREATE TABLE kept AS SELECT 7 AS v")
	r = mustRun(t, "", "query", "--local", "--data-dir", data, "--format", "csv",
		"SELECT (SELECT count(*) FROM sample.customers) > 100 AS has_customers, (SELECT v FROM kept) AS v")
	if r.stdout != "has_customers,v\ntrue,7\n" {
		t.Errorf("output %q", r.stdout)
	}
	// Without --data-dir the data lives in the per-user data directory.
	home := t.TempDir()
	env := []string{"XDG_DATA_HOME=" + home}
	// (The binary without -race builds the sample here in a few seconds.)
	if r := cliWith(t, plainBinary(t), "", env, "query", "--local", "SELECT 1"); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(home, "athenaq", "local")); err != nil {
		t.Errorf("per-user data directory: %v", err)
	}
	// ATHENAQ_LOCAL and ATHENAQ_DATABASE work like the flags.
	r = cli(t, "", []string{"ATHENAQ_LOCAL=1", "ATHENAQ_DATABASE=sample", "XDG_DATA_HOME=" + home}, "query", "--format", "csv",
		"SELECT count(*) > 0 AS ok FROM customers")
	if r.code != 0 || r.stdout != "ok\ntrue\n" {
		t.Errorf("with ATHENAQ_LOCAL: exit %d, %q, %s", r.code, r.stdout, r.stderr)
	}
}

func TestQuerySQLSources(t *testing.T) {
	env := athenatest.Start(t)
	flags := append(serverFlags(env), "query", "--format", "csv")
	script := "-- two statements\nSELECT 1 AS a;\nSELECT 'x;y' AS b; -- the end\n"
	file := filepath.Join(t.TempDir(), "script.sql")
	if err := os.WriteFile(file, []byte(script), 0o600); err != nil {
		t.Fatal(err)
	}
	want := "a\n1\nb\nx;y\n"
	for name, r := range map[string]result{
		"-f FILE":     mustRun(t, "", append(flags, "-f", file)...),
		"-f -":        mustRun(t, script, append(flags, "-f", "-")...),
		"piped stdin": mustRun(t, script, flags...),
	} {
		if r.stdout != want {
			t.Errorf("%s: %q, want %q", name, r.stdout, want)
		}
	}
	// A failing statement stops the script.
	r := cli(t, "SELECT 1 AS a; SELECT * FROM nowhere; SELECT 3 AS c;", nil, flags...)
	if r.code != exitQuery || r.stdout != "a\n1\n" || !strings.Contains(r.stderr, "TABLE_NOT_FOUND") {
		t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

func TestQueryParams(t *testing.T) {
	env := athenatest.Start(t)
	r := mustRun(t, "", append(serverFlags(env), "query", "--format", "csv",
		"SELECT ? + 1 AS n, ? AS s, typeof(?) AS d, ? AS b, typeof(?) AS t",
		"--param", "41", "--param", "007", "--param", "2024-01-02", "--param", "true", "--param", "5",
		"--param-type", "auto", "--param-type", "auto", "--param-type", "date", "--param-type", "auto", "--param-type", "double")...)
	// The emulator spells typeof's answer in upper case.
	if want := "n,s,d,b,t\n42,007,date,true,double\n"; strings.ToLower(r.stdout) != want {
		t.Errorf("got %q, want %q", r.stdout, want)
	}
	r = cli(t, "", nil, append(serverFlags(env), "query", "SELECT ?", "--param", "x", "--param-type", "bigint")...)
	if r.code != exitUsage || !strings.Contains(r.stderr, `--param 1 ("x")`) {
		t.Errorf("bad typed param: exit %d, %q", r.code, r.stderr)
	}
}

func TestQueryOutputFile(t *testing.T) {
	env := athenatest.Start(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "result.csv")
	r := mustRun(t, "", append(serverFlags(env), "query", "--format", "csv", "-o", out, "SELECT 1 AS a UNION ALL SELECT 2")...)
	if r.stdout != "" {
		t.Errorf("stdout %q with --output", r.stdout)
	}
	if b, err := os.ReadFile(out); err != nil || (string(b) != "a\n1\n2\n" && string(b) != "a\n2\n1\n") {
		t.Errorf("file %q, %v", b, err)
	}
	// A failed query leaves no file behind, not even a temporary one.
	failed := filepath.Join(dir, "failed.csv")
	if r := cli(t, "", nil, append(serverFlags(env), "query", "-o", failed, "SELECT * FROM nowhere")...); r.code != exitQuery {
		t.Errorf("exit %d", r.code)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("files left: %v", entries)
	}
}

func TestExitCodes(t *testing.T) {
	env := athenatest.Start(t, athenatest.WithOptions(emulator.Options{Faults: emulator.Faults{Deny: []string{"ListDatabases"}}}))
	tests := []struct {
		name    string
		args    []string
		code    int
		message string
	}{
		{"unknown flag after the SQL", append(serverFlags(env), "query", "SELECT 1", "--bogus"), exitUsage, "unknown flag: --bogus"},
		{"bad format", append(serverFlags(env), "query", "--format", "xml", "SELECT 1"), exitUsage, "--format"},
		{"bad result mode", append(serverFlags(env), "query", "--result-mode", "fast", "SELECT 1"), exitUsage, "--result-mode"},
		{"two SQL arguments", append(serverFlags(env), "query", "SELECT 1", "SELECT 2"), exitUsage, "one argument"},
		{"no SQL", append(serverFlags(env), "query"), exitUsage, "no SQL"},
		{"unknown command", []string{"frobnicate"}, exitUsage, `unknown command "frobnicate"`},
		{"local with endpoint", []string{"query", "--local", "--endpoint", "http://x", "SELECT 1"}, exitUsage, "--local and --endpoint"},
		{"binary format to a file only", append(serverFlags(env), "query", "--format", "parquet", "SELECT 1; SELECT 2"), exitUsage, "one result"},
		{"query FAILED", append(serverFlags(env), "query", "SELECT * FROM missing_table"), exitQuery, "TABLE_NOT_FOUND"},
		{"malformed", append(serverFlags(env), "query", "SELEC 1"), exitQuery, "MALFORMED_QUERY"},
		{"unreachable", []string{"query", "--endpoint", "http://127.0.0.1:1", "--output-location", "s3://bucket-x/", "SELECT 1"}, exitAWS, "connection refused"},
		{"access denied", append(serverFlags(env), "databases"), exitAWS, "AccessDenied"},
		{"no credentials", []string{"query", "--region", "us-east-1", "--output-location", "s3://bucket-x/", "SELECT 1"}, exitAWS, "no AWS credentials"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cli(t, "", nil, tt.args...)
			if r.code != tt.code {
				t.Errorf("exit %d, want %d; stderr %s", r.code, tt.code, r.stderr)
			}
			if !strings.Contains(r.stderr, tt.message) {
				t.Errorf("stderr %q does not name %q", r.stderr, tt.message)
			}
			if tt.code == exitUsage && strings.Count(r.stderr, "\n") > 4 {
				t.Errorf("usage error prints more than the error:\n%s", r.stderr)
			}
			if strings.Contains(r.stderr, "SDK WARN") || strings.Contains(r.stderr, "falling back") {
				t.Errorf("SDK log lines without --verbose:\n%s", r.stderr)
			}
		})
	}
}

func TestCtrlCStopsTheQuery(t *testing.T) {
	env := athenatest.Start(t, athenatest.WithOptions(emulator.Options{QueryDelay: time.Minute}))
	cmd := command(t, append(serverFlags(env), "query", "SELECT 1 AS slow")...)
	var out, errOut syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	api := env.Athena()
	id := waitForQuery(t, api, types.QueryExecutionStateRunning)
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != exitInterrupted {
		t.Errorf("exit %d (%v), want 130; stderr %s", code, err, errOut.String())
	}
	got, err := api.GetQueryExecution(context.Background(), &athena.GetQueryExecutionInput{QueryExecutionId: aws.String(id)})
	if err != nil {
		t.Fatal(err)
	}
	if s := got.QueryExecution.Status.State; s != types.QueryExecutionStateCancelled {
		t.Errorf("query state %s after Ctrl-C, want CANCELLED", s)
	}
	if !strings.Contains(errOut.String(), id) || !strings.Contains(errOut.String(), "CANCELLED") {
		t.Errorf("stderr does not say the query was cancelled: %q", errOut.String())
	}
}

// waitForQuery waits until a query of env is in state and returns its id.
func waitForQuery(t *testing.T, api *athena.Client, state types.QueryExecutionState) string {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		list, err := api.ListQueryExecutions(context.Background(), &athena.ListQueryExecutionsInput{})
		if err == nil && len(list.QueryExecutionIds) > 0 {
			got, err := api.BatchGetQueryExecution(context.Background(), &athena.BatchGetQueryExecutionInput{QueryExecutionIds: list.QueryExecutionIds})
			if err == nil {
				for _, q := range got.QueryExecutions {
					if q.Status.State == state {
						return aws.ToString(q.QueryExecutionId)
					}
				}
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no query reached %s", state)
	return ""
}

func TestMetadataCommands(t *testing.T) {
	data := localData(t)
	local := []string{"--local", "--data-dir", data}
	r := mustRun(t, "", append([]string{"databases", "--format", "csv"}, local...)...)
	if !strings.Contains(r.stdout, "\nsample,") || !strings.HasPrefix(r.stdout, "database,description\n") {
		t.Errorf("databases:\n%s", r.stdout)
	}
	r = mustRun(t, "", append([]string{"tables", "sample", "--format", "csv"}, local...)...)
	if !strings.Contains(r.stdout, "\ncustomers,EXTERNAL_TABLE,") || !strings.Contains(r.stdout, "\norders,") {
		t.Errorf("tables:\n%s", r.stdout)
	}
	r = mustRun(t, "", append([]string{"describe", "sample.customers", "--format", "jsonl"}, local...)...)
	if !strings.Contains(r.stdout, `"column":"customer_id"`) {
		t.Errorf("describe:\n%s", r.stdout)
	}
	r = mustRun(t, "", append([]string{"describe", "sample.customers"}, local...)...)
	if !strings.Contains(r.stdout, "customer_id") || !strings.Contains(r.stdout, "s3://") {
		t.Errorf("describe table:\n%s", r.stdout)
	}
	mustRun(t, "", append([]string{"query", "SELECT 'remember me' AS s"}, local...)...)
	r = mustRun(t, "", append([]string{"history", "--format", "csv", "--limit", "5"}, local...)...)
	if !strings.Contains(r.stdout, "SUCCEEDED") || !strings.Contains(r.stdout, "remember me") {
		t.Errorf("history:\n%s", r.stdout)
	}
	if n := strings.Count(r.stdout, "\n"); n > 6 {
		t.Errorf("history --limit 5 printed %d lines", n)
	}
}

func TestStatusCancelResults(t *testing.T) {
	c, env := emulatorClient(t)
	ctx := context.Background()
	q, err := c.Start(ctx, "SELECT x, x * x AS square FROM UNNEST(sequence(1, 3)) AS t(x) ORDER BY x")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := q.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	r := mustRun(t, "", append(serverFlags(env), "status", q.ID(), "--format", "csv")...)
	for _, want := range []string{"state,SUCCEEDED", "query_id," + q.ID(), "statement_type,DML"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("status lacks %q:\n%s", want, r.stdout)
		}
	}
	for f, want := range map[string]string{
		"csv":   "x,square\n1,1\n2,4\n3,9\n",
		"jsonl": "{\"x\":1,\"square\":1}\n{\"x\":2,\"square\":4}\n{\"x\":3,\"square\":9}\n",
	} {
		if r := mustRun(t, "", append(serverFlags(env), "results", q.ID(), "--format", f)...); r.stdout != want {
			t.Errorf("results --format %s: %q, want %q", f, r.stdout, want)
		}
	}
	// cancel stops a running query; a finished one is left as it is.
	slow, err := c.Start(ctx, "SELECT count(*) FROM UNNEST(sequence(1, 3000)) a CROSS JOIN UNNEST(sequence(1, 3000)) b CROSS JOIN UNNEST(sequence(1, 300)) c")
	if err != nil {
		t.Fatal(err)
	}
	r = mustRun(t, "", append(serverFlags(env), "cancel", slow.ID())...)
	if r.stdout != slow.ID()+" CANCELLED\n" {
		t.Errorf("cancel printed %q", r.stdout)
	}
	if r := mustRun(t, "", append(serverFlags(env), "cancel", q.ID())...); r.stdout != q.ID()+" SUCCEEDED\n" {
		t.Errorf("cancel of a finished query printed %q", r.stdout)
	}
	if r := cli(t, "", nil, append(serverFlags(env), "status", "00000000-0000-0000-0000-000000000000")...); r.code == 0 {
		t.Errorf("status of an unknown id succeeded: %s", r.stdout)
	}
}

func TestHelpHasExamples(t *testing.T) {
	root := newRoot(streams{})
	for _, c := range root.Commands() {
		if c.Hidden || c.Name() == "help" || c.Name() == "completion" {
			continue
		}
		r := cliWith(t, plainBinary(t), "", nil, c.Name(), "--help")
		if !strings.Contains(r.stdout, "Examples:") {
			t.Errorf("athenaq %s --help has no examples:\n%s", c.Name(), r.stdout)
		}
	}
}

func TestCompletion(t *testing.T) {
	for shell, marker := range map[string]string{"bash": "__start_athenaq", "zsh": "#compdef athenaq", "fish": "complete -c athenaq"} {
		r := mustRun(t, "", "completion", shell)
		if !strings.Contains(r.stdout, marker) {
			t.Errorf("completion %s lacks %q", shell, marker)
		}
	}
}

func TestStreamMillionRowsCSVInBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 1,000,000 rows")
	}
	env := athenatest.Start(t)
	out := filepath.Join(t.TempDir(), "million.csv")
	sql := "SELECT i, 'customer-' || CAST(i AS varchar) AS name, i * 0.25E0 AS score, DATE '2024-01-01' + i % 365 * INTERVAL '1' DAY AS day FROM UNNEST(sequence(1, 1000000)) AS t(i)"
	for _, mode := range []string{"api", "csv"} {
		t.Run(mode, func(t *testing.T) {
			cmd := exec.Command(plainBinary(t), append(serverFlags(env), "query", "--format", "csv", "--result-mode", mode, "-o", out, sql)...)
			cmd.Env = cleanEnv(t)
			var errOut bytes.Buffer
			cmd.Stderr = &errOut
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			peak := watchPeakRSS(cmd.Process.Pid)
			if err := cmd.Wait(); err != nil {
				t.Fatalf("%v: %s", err, errOut.String())
			}
			peakKiB := peak()
			st, err := os.Stat(out)
			if err != nil {
				t.Fatal(err)
			}
			if lines := countLines(t, out); lines != 1_000_001 {
				t.Errorf("%d lines, want 1,000,001", lines)
			}
			t.Logf("--result-mode %s: 1,000,000 rows, %d bytes of CSV; the CLI's peak RSS %d KiB", mode, st.Size(), peakKiB)
			if peakKiB == 0 || peakKiB > 100<<10 {
				t.Errorf("peak RSS %d KiB, want under 100 MiB", peakKiB)
			}
		})
	}
}

// watchPeakRSS samples the high-water mark of pid's resident set (VmHWM)
// until the process ends; the returned function stops and reports the last
// value in KiB. The rusage of a child is no measure here: on Linux a child
// that execs carries over the RSS of the parent it was cloned from, which
// for this test process includes a whole emulator.
func watchPeakRSS(pid int) func() int64 {
	var (
		mu   sync.Mutex
		peak int64
	)
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		path := fmt.Sprintf("/proc/%d/status", pid)
		for {
			if b, err := os.ReadFile(path); err == nil {
				for _, line := range strings.Split(string(b), "\n") {
					if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
						n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
						mu.Lock()
						peak = max(peak, n)
						mu.Unlock()
					}
				}
			}
			select {
			case <-done:
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	}()
	return func() int64 {
		close(done)
		<-stopped
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}

func countLines(t *testing.T, path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(string(b), "\n")
}

func TestServeAllowsPythonOnlyOnLoopback(t *testing.T) {
	tests := []struct {
		flag, addr string
		want       bool
	}{
		{"auto", "127.0.0.1:4566", true},
		{"auto", "[::1]:4566", true},
		{"auto", "localhost:0", true},
		{"auto", "0.0.0.0:4566", false},
		{"auto", ":4566", false},
		{"auto", "10.1.2.3:4566", false},
		{"on", "0.0.0.0:4566", true},
		{"off", "127.0.0.1:4566", false},
	}
	for _, tt := range tests {
		got, err := pythonAllowed(tt.flag, tt.addr)
		if err != nil || got != tt.want {
			t.Errorf("pythonAllowed(%q, %q) = %v, %v; want %v", tt.flag, tt.addr, got, err, tt.want)
		}
	}
	if _, err := pythonAllowed("maybe", "127.0.0.1:1"); err == nil || !strings.Contains(err.Error(), "--spark-python") {
		t.Errorf("bad flag value: %v", err)
	}
}

func TestLocalWaitsForAnotherUserOfItsData(t *testing.T) {
	data := localData(t)
	// A shell holds the data directory while it is open.
	shell := command(t, "shell", "--local", "--data-dir", data)
	stdin, err := shell.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	var out syncBuffer
	shell.Stdout, shell.Stderr = &out, &out
	if err := shell.Start(); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(stdin, "SELECT 1 AS ready;")
	deadline := time.Now().Add(time.Minute)
	for !strings.Contains(out.String(), "ready") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	// A query meanwhile waits a while, then names the holder and the fix.
	r := cli(t, "", nil, "query", "--local", "--data-dir", data, "SELECT 2")
	if r.code == 0 || !strings.Contains(r.stderr, "in use by another athenaq") || !strings.Contains(r.stderr, fmt.Sprint(shell.Process.Pid)) {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	// Once the shell ends, the next query gets the data.
	go func() {
		time.Sleep(time.Second)
		stdin.Close()
	}()
	r = cli(t, "", nil, "query", "--local", "--data-dir", data, "--format", "csv", "SELECT 2 AS two")
	if r.code != 0 || r.stdout != "two\n2\n" {
		t.Errorf("after the shell: exit %d, %q, %s", r.code, r.stdout, r.stderr)
	}
	shell.Wait()
}
