package emulator_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/emulator"
)

// sparkLocation is the output location of the tests' Spark work group.
const sparkLocation = "s3://" + athenatest.Bucket + "/spark/"

// newSparkHarness starts an emulator with a Spark work group named "spark";
// adjust changes its options further.
func newSparkHarness(t testing.TB, adjust ...func(*emulator.Options)) *harness {
	t.Helper()
	return newHarness(t, func(o *emulator.Options) {
		o.WorkGroups = append(o.WorkGroups, emulator.WorkGroup{Name: "spark", Spark: true, OutputLocation: sparkLocation})
		for _, f := range adjust {
			f(o)
		}
	})
}

// startSession starts a session in the spark work group and waits until it
// is IDLE.
func (h *harness) startSession() string {
	h.t.Helper()
	out, err := h.ath.StartSession(h.ctx, &athena.StartSessionInput{
		WorkGroup:           aws.String("spark"),
		EngineConfiguration: &types.EngineConfiguration{MaxConcurrentDpus: aws.Int32(2)},
	})
	if err != nil {
		h.t.Fatalf("StartSession: %v", err)
	}
	id := aws.ToString(out.SessionId)
	h.waitSession(id, types.SessionStateIdle)
	return id
}

// waitSession polls until the session is in state and returns its status;
// a terminal state other than want fails the test.
func (h *harness) waitSession(id string, want types.SessionState) *types.SessionStatus {
	h.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		out, err := h.ath.GetSessionStatus(h.ctx, &athena.GetSessionStatusInput{SessionId: aws.String(id)})
		if err != nil {
			h.t.Fatalf("GetSessionStatus(%s): %v", id, err)
		}
		st := out.Status
		if st.State == want {
			return st
		}
		switch st.State {
		case types.SessionStateTerminated, types.SessionStateFailed, types.SessionStateDegraded:
			h.t.Fatalf("session %s is %s (%s), want %s", id, st.State, aws.ToString(st.StateChangeReason), want)
		}
		time.Sleep(5 * time.Millisecond)
	}
	h.t.Fatalf("session %s did not become %s in 30 s", id, want)
	return nil
}

// calculate starts a calculation and returns its id.
func (h *harness) calculate(session, code string) string {
	h.t.Helper()
	out, err := h.ath.StartCalculationExecution(h.ctx, &athena.StartCalculationExecutionInput{
		SessionId: aws.String(session), CodeBlock: aws.String(code),
	})
	if err != nil {
		h.t.Fatalf("StartCalculationExecution: %v", err)
	}
	return aws.ToString(out.CalculationExecutionId)
}

// waitCalculation polls until the calculation is terminal and returns it.
func (h *harness) waitCalculation(id string) *athena.GetCalculationExecutionOutput {
	h.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		st, err := h.ath.GetCalculationExecutionStatus(h.ctx, &athena.GetCalculationExecutionStatusInput{CalculationExecutionId: aws.String(id)})
		if err != nil {
			h.t.Fatalf("GetCalculationExecutionStatus(%s): %v", id, err)
		}
		switch st.Status.State {
		case types.CalculationExecutionStateCompleted, types.CalculationExecutionStateFailed, types.CalculationExecutionStateCanceled:
			out, err := h.ath.GetCalculationExecution(h.ctx, &athena.GetCalculationExecutionInput{CalculationExecutionId: aws.String(id)})
			if err != nil {
				h.t.Fatalf("GetCalculationExecution(%s): %v", id, err)
			}
			return out
		}
		time.Sleep(5 * time.Millisecond)
	}
	h.t.Fatalf("calculation %s did not finish in 60 s", id)
	return nil
}

// run runs code in session and returns the COMPLETED calculation.
func (h *harness) runCode(session, code string) *athena.GetCalculationExecutionOutput {
	h.t.Helper()
	c := h.waitCalculation(h.calculate(session, code))
	if c.Status.State != types.CalculationExecutionStateCompleted {
		h.t.Fatalf("calculation ended %s: %s\nstderr: %s", c.Status.State, aws.ToString(c.Status.StateChangeReason),
			h.uriText(aws.ToString(c.Result.StdErrorS3Uri)))
	}
	return c
}

// uriText reads the object at an s3:// URI.
func (h *harness) uriText(uri string) string {
	h.t.Helper()
	bucket, key, ok := strings.Cut(strings.TrimPrefix(uri, "s3://"), "/")
	if !ok || !strings.HasPrefix(uri, "s3://") {
		h.t.Fatalf("not an S3 URI: %q", uri)
	}
	out, err := h.s3.GetObject(h.ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		h.t.Fatalf("GetObject %s: %v", uri, err)
	}
	defer out.Body.Close()
	b, err := io.ReadAll(out.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	return string(b)
}

func TestSparkSessionLifecycle(t *testing.T) {
	h := newSparkHarness(t, func(o *emulator.Options) { o.Spark.SessionStartDelay = 300 * time.Millisecond })
	out, err := h.ath.StartSession(h.ctx, &athena.StartSessionInput{
		WorkGroup:                   aws.String("spark"),
		Description:                 aws.String("lifecycle"),
		EngineConfiguration:         &types.EngineConfiguration{MaxConcurrentDpus: aws.Int32(4)},
		SessionIdleTimeoutInMinutes: aws.Int32(15),
	})
	if err != nil {
		t.Fatal(err)
	}
	id := aws.ToString(out.SessionId)
	if out.State != types.SessionStateCreating {
		t.Errorf("StartSession State = %s, want CREATING", out.State)
	}
	st, err := h.ath.GetSessionStatus(h.ctx, &athena.GetSessionStatusInput{SessionId: aws.String(id)})
	if err != nil {
		t.Fatal(err)
	}
	if st.Status.State != types.SessionStateCreating || st.Status.StartDateTime == nil {
		t.Errorf("status right after start = %s, StartDateTime %v; want CREATING with a start time", st.Status.State, st.Status.StartDateTime)
	}
	idle := h.waitSession(id, types.SessionStateIdle)
	if idle.IdleSinceDateTime == nil || idle.EndDateTime != nil {
		t.Errorf("IDLE status: IdleSince %v, End %v", idle.IdleSinceDateTime, idle.EndDateTime)
	}

	sess, err := h.ath.GetSession(h.ctx, &athena.GetSessionInput{SessionId: aws.String(id)})
	if err != nil {
		t.Fatal(err)
	}
	if got := aws.ToString(sess.WorkGroup); got != "spark" {
		t.Errorf("WorkGroup = %q", got)
	}
	if got := aws.ToString(sess.Description); got != "lifecycle" {
		t.Errorf("Description = %q", got)
	}
	if got := aws.ToString(sess.EngineVersion); got != "PySpark engine version 3" {
		t.Errorf("EngineVersion = %q", got)
	}
	if got := aws.ToInt32(sess.EngineConfiguration.MaxConcurrentDpus); got != 4 {
		t.Errorf("MaxConcurrentDpus = %d", got)
	}
	if got, want := aws.ToString(sess.SessionConfiguration.WorkingDirectory), sparkLocation+id+"/"; got != want {
		t.Errorf("WorkingDirectory = %q, want %q", got, want)
	}
	if got := aws.ToInt32(sess.SessionConfiguration.SessionIdleTimeoutInMinutes); got != 15 {
		t.Errorf("SessionIdleTimeoutInMinutes = %d", got)
	}

	busy := h.calculate(id, "import time\ntime.sleep(0.3)")
	h.waitSession(id, types.SessionStateBusy)
	h.waitCalculation(busy)
	h.waitSession(id, types.SessionStateIdle)

	term, err := h.ath.TerminateSession(h.ctx, &athena.TerminateSessionInput{SessionId: aws.String(id)})
	if err != nil {
		t.Fatal(err)
	}
	if term.State != types.SessionStateTerminating {
		t.Errorf("TerminateSession State = %s, want TERMINATING", term.State)
	}
	end := h.waitSession(id, types.SessionStateTerminated)
	if end.EndDateTime == nil {
		t.Error("TERMINATED without EndDateTime")
	}
	again, err := h.ath.TerminateSession(h.ctx, &athena.TerminateSessionInput{SessionId: aws.String(id)})
	if err != nil || again.State != types.SessionStateTerminated {
		t.Errorf("TerminateSession again = %v, %v; want TERMINATED, no error", again, err)
	}
	_, err = h.ath.StartCalculationExecution(h.ctx, &athena.StartCalculationExecutionInput{SessionId: aws.String(id), CodeBlock: aws.String("1")})
	var ire *types.InvalidRequestException
	if !errors.As(err, &ire) {
		t.Errorf("calculation on a TERMINATED session: err = %v, want InvalidRequestException", err)
	}
}

func TestSparkSQLCalculationWritesShowTable(t *testing.T) {
	h := newSparkHarness(t)
	session := h.startSession()
	c := h.runCode(session, "%%sql\nSELECT 1 AS n, 'a' AS s, CAST(NULL AS varchar) AS missing\nUNION ALL SELECT 22, 'a longer text value that is cut', 'x'")
	want := "" +
		"+---+--------------------+-------+\n" +
		"|  n|                   s|missing|\n" +
		"+---+--------------------+-------+\n" +
		"|  1|                   a|   null|\n" +
		"| 22|a longer text val...|      x|\n" +
		"+---+--------------------+-------+\n" +
		"\n"
	if got := h.uriText(aws.ToString(c.Result.StdOutS3Uri)); got != want {
		t.Errorf("stdout =\n%s\nwant\n%s", got, want)
	}
	if got := h.uriText(aws.ToString(c.Result.StdErrorS3Uri)); got != "" {
		t.Errorf("stderr = %q, want empty", got)
	}
	calc := aws.ToString(c.CalculationExecutionId)
	dir := sparkLocation + session + "/"
	if got := aws.ToString(c.WorkingDirectory); got != dir {
		t.Errorf("WorkingDirectory = %q, want %q", got, dir)
	}
	if got, want := aws.ToString(c.Result.StdOutS3Uri), dir+calc+"/stdout.txt"; got != want {
		t.Errorf("StdOutS3Uri = %q, want %q", got, want)
	}
	if got, want := aws.ToString(c.Result.ResultS3Uri), dir+calc+"/result/"; got != want {
		t.Errorf("ResultS3Uri = %q, want %q", got, want)
	}
	if got := aws.ToString(c.Result.ResultType); got != "text/csv" {
		t.Errorf("ResultType = %q", got)
	}
	if got, want := h.uriText(aws.ToString(c.Result.ResultS3Uri)+"result.csv"), "\"n\",\"s\",\"missing\"\n\"1\",\"a\",\n\"22\",\"a longer text value that is cut\",\"x\"\n"; got != want {
		t.Errorf("result.csv = %q, want %q", got, want)
	}
	if c.Status.SubmissionDateTime == nil || c.Status.CompletionDateTime == nil {
		t.Errorf("Status dates: %+v", c.Status)
	}
	code, err := h.ath.GetCalculationExecutionCode(h.ctx, &athena.GetCalculationExecutionCodeInput{CalculationExecutionId: aws.String(calc)})
	if err != nil || !strings.HasPrefix(aws.ToString(code.CodeBlock), "%%sql\nSELECT 1") {
		t.Errorf("GetCalculationExecutionCode = %v, %v", code, err)
	}
}

// needPython skips a test when the machine has no python3.
func needPython(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 is not installed")
	}
}

func TestSparkPythonCalculationRunsSQLAndPrints(t *testing.T) {
	needPython(t)
	h := newSparkHarness(t)
	h.run("CREATE TABLE nums AS SELECT * FROM (VALUES (1, 'one'), (2, 'two'), (3, NULL)) AS t(n, word)")
	session := h.startSession()
	c := h.runCode(session, `
df = spark.sql("SELECT n, word FROM nums ORDER BY n")
print("count:", df.count())
rows = df.collect()
print(rows[0].n + rows[1].n, rows[1].word, rows[2]["word"], rows[0])
print(df.columns, df)
df.show()
df.show(2, truncate=False)
`)
	want := "count: 3\n" +
		"3 two None Row(n=1, word='one')\n" +
		"['n', 'word'] DataFrame[n: int, word: string]\n" +
		"+---+----+\n" +
		"|  n|word|\n" +
		"+---+----+\n" +
		"|  1| one|\n" +
		"|  2| two|\n" +
		"|  3|null|\n" +
		"+---+----+\n" +
		"\n" +
		"+---+----+\n" +
		"|n  |word|\n" +
		"+---+----+\n" +
		"|1  |one |\n" +
		"|2  |two |\n" +
		"+---+----+\n" +
		"only showing top 2 rows\n" +
		"\n"
	if got := h.uriText(aws.ToString(c.Result.StdOutS3Uri)); got != want {
		t.Errorf("stdout =\n%s\nwant\n%s", got, want)
	}
	if got := h.uriText(aws.ToString(c.Result.StdErrorS3Uri)); got != "" {
		t.Errorf("stderr = %q", got)
	}
	// The block ends with a statement: the result is an empty text.
	if got := aws.ToString(c.Result.ResultType); got != "text/plain" {
		t.Errorf("ResultType = %q", got)
	}
	if got := h.uriText(aws.ToString(c.Result.ResultS3Uri) + "result.txt"); got != "" {
		t.Errorf("result.txt = %q, want empty", got)
	}

	// A block that ends with an expression keeps its value as the result;
	// names defined in one calculation are not seen by the next (each runs
	// in its own process).
	v := h.runCode(session, "x = 6\nx * 7")
	if got := h.uriText(aws.ToString(v.Result.ResultS3Uri) + "result.txt"); got != "42" {
		t.Errorf("result.txt = %q, want 42", got)
	}
	d := h.runCode(session, `spark.sql("SELECT 'b' AS letter")`)
	if got := aws.ToString(d.Result.ResultType); got != "text/csv" {
		t.Errorf("DataFrame result type = %q, want text/csv", got)
	}
	if got := h.uriText(aws.ToString(d.Result.ResultS3Uri) + "result.csv"); got != "\"letter\"\n\"b\"\n" {
		t.Errorf("result.csv = %q", got)
	}
}

func TestSparkFailingPythonCalculation(t *testing.T) {
	needPython(t)
	h := newSparkHarness(t)
	session := h.startSession()
	tests := []struct {
		name       string
		code       string
		wantStderr string
		wantReason string
	}{
		{"name error", "\nfoobar\n", "  File \"<stdin>\", line 2, in <module>\nNameError: name 'foobar' is not defined\n",
			"NameError: name 'foobar' is not defined"},
		{"raise in a function", "def f():\n    raise ValueError('bad value')\nprint('before')\nf()",
			"  File \"<stdin>\", line 4, in <module>\n  File \"<stdin>\", line 2, in f\nValueError: bad value\n",
			"ValueError: bad value"},
		{"SQL error", "spark.sql('SELECT * FROM no_such_table')",
			"  File \"<stdin>\", line 1, in <module>\nAnalysisException: TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.default.no_such_table' does not exist\n",
			"AnalysisException: TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.default.no_such_table' does not exist"},
		{"syntax error", "print(", "  File \"<stdin>\", line 1\n    print(\n         ^\nSyntaxError: '(' was never closed\n",
			"SyntaxError: '(' was never closed"},
		{"exit status", "import sys\nsys.exit(3)", "SystemExit: 3\n", "SystemExit: 3"},
		{"unknown cell magic", "%%configure\n{}", "UsageError: Cell magic `%%configure` not found.\n",
			"UsageError: Cell magic `%%configure` not found."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := h.waitCalculation(h.calculate(session, tt.code))
			if c.Status.State != types.CalculationExecutionStateFailed {
				t.Fatalf("state = %s, want FAILED", c.Status.State)
			}
			if got := aws.ToString(c.Status.StateChangeReason); got != tt.wantReason {
				t.Errorf("StateChangeReason = %q, want %q", got, tt.wantReason)
			}
			if got := h.uriText(aws.ToString(c.Result.StdErrorS3Uri)); got != tt.wantStderr {
				t.Errorf("stderr =\n%s\nwant\n%s", got, tt.wantStderr)
			}
			if c.Result.ResultS3Uri != nil || c.Status.CompletionDateTime == nil {
				t.Errorf("ResultS3Uri = %v, CompletionDateTime = %v; want none and set", c.Result.ResultS3Uri, c.Status.CompletionDateTime)
			}
		})
	}
	if got := h.uriText(aws.ToString(h.waitCalculation(h.calculate(session, "print('before')\nboom()")).Result.StdOutS3Uri)); got != "before\n" {
		t.Errorf("stdout of a failed calculation = %q, want what it printed", got)
	}
}

func TestSparkPythonNamesCarryOverWithinASession(t *testing.T) {
	needPython(t)
	h := newSparkHarness(t)
	session := h.startSession()
	h.runCode(session, "import os\nx = 41\npid = os.getpid()")
	expect := func(session, code, stdout, failure string) {
		t.Helper()
		c := h.waitCalculation(h.calculate(session, code))
		if failure != "" {
			if c.Status.State != types.CalculationExecutionStateFailed || aws.ToString(c.Status.StateChangeReason) != failure {
				t.Errorf("%q ended %s (%q), want FAILED with %q", code, c.Status.State, aws.ToString(c.Status.StateChangeReason), failure)
			}
			return
		}
		if c.Status.State != types.CalculationExecutionStateCompleted {
			t.Fatalf("%q ended %s: %s", code, c.Status.State, aws.ToString(c.Status.StateChangeReason))
		}
		if got := h.uriText(aws.ToString(c.Result.StdOutS3Uri)); got != stdout {
			t.Errorf("%q printed %q, want %q", code, got, stdout)
		}
	}
	expect(session, "print(x + 1, pid == os.getpid())", "42 True\n", "")
	// The output files of the block are not in the code's directory.
	expect(session, "print(os.listdir('.'))", "[]\n", "")
	// A failing calculation keeps what it defined before it failed.
	expect(session, "x = 1\nraise ValueError('no')", "", "ValueError: no")
	expect(session, "print(x)", "1\n", "")
	// Another session has a namespace of its own.
	other := h.startSession()
	expect(other, "x", "", "NameError: name 'x' is not defined")
	// A stopped calculation ends the process: the next block starts afresh.
	id := h.calculate(session, "import time\ntime.sleep(60)")
	deadline := time.Now().Add(20 * time.Second)
	for {
		st, err := h.ath.GetCalculationExecutionStatus(h.ctx, &athena.GetCalculationExecutionStatusInput{CalculationExecutionId: aws.String(id)})
		if err != nil {
			t.Fatal(err)
		}
		if st.Status.State == types.CalculationExecutionStateRunning {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the sleeping calculation is %s, never RUNNING", st.Status.State)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if _, err := h.ath.StopCalculationExecution(h.ctx, &athena.StopCalculationExecutionInput{CalculationExecutionId: aws.String(id)}); err != nil {
		t.Fatal(err)
	}
	if c := h.waitCalculation(id); c.Status.State != types.CalculationExecutionStateCanceled {
		t.Errorf("stopped calculation ended %s", c.Status.State)
	}
	expect(session, "x", "", "NameError: name 'x' is not defined")
}

func TestSparkPythonMissingFailsClearly(t *testing.T) {
	h := newSparkHarness(t, func(o *emulator.Options) { o.Spark.Python = filepath.Join(t.TempDir(), "no-python3") })
	session := h.startSession()
	c := h.waitCalculation(h.calculate(session, "print(1)"))
	if c.Status.State != types.CalculationExecutionStateFailed {
		t.Fatalf("state = %s, want FAILED", c.Status.State)
	}
	reason := aws.ToString(c.Status.StateChangeReason)
	if !strings.Contains(reason, "no-python3 is not available on the emulator's machine") {
		t.Errorf("StateChangeReason = %q", reason)
	}
	if got := h.uriText(aws.ToString(c.Result.StdErrorS3Uri)); got != reason+"\n" {
		t.Errorf("stderr = %q, want the reason", got)
	}
	// %%sql blocks do not need Python.
	h.runCode(session, "%%sql\nSELECT 1")
}

func TestSparkCalculationsQueueWithinASession(t *testing.T) {
	needPython(t)
	h := newSparkHarness(t)
	session := h.startSession()
	first := h.calculate(session, "import time\ntime.sleep(0.5)\nprint('first')")
	second := h.calculate(session, "print('second')")
	third := h.calculate(session, "print('third')")
	// The second waits while the first runs.
	deadline := time.Now().Add(10 * time.Second)
	for {
		st, err := h.ath.GetCalculationExecutionStatus(h.ctx, &athena.GetCalculationExecutionStatusInput{CalculationExecutionId: aws.String(first)})
		if err != nil {
			t.Fatal(err)
		}
		if st.Status.State == types.CalculationExecutionStateRunning {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("first calculation is %s, never RUNNING", st.Status.State)
		}
		time.Sleep(5 * time.Millisecond)
	}
	st, err := h.ath.GetCalculationExecutionStatus(h.ctx, &athena.GetCalculationExecutionStatusInput{CalculationExecutionId: aws.String(second)})
	if err != nil || st.Status.State != types.CalculationExecutionStateQueued {
		t.Errorf("second while the first runs = %v, %v; want QUEUED", st.Status, err)
	}
	// A queued calculation is canceled at once.
	stop, err := h.ath.StopCalculationExecution(h.ctx, &athena.StopCalculationExecutionInput{CalculationExecutionId: aws.String(third)})
	if err != nil || stop.State != types.CalculationExecutionStateCanceled {
		t.Errorf("stop of a queued calculation = %v, %v; want CANCELED", stop, err)
	}
	a, b := h.waitCalculation(first), h.waitCalculation(second)
	if b.Status.State != types.CalculationExecutionStateCompleted || !b.Status.SubmissionDateTime.Before(*a.Status.CompletionDateTime) {
		t.Errorf("second: %s", b.Status.State)
	}
	// One Python process runs both: the second may finish in the same millisecond.
	if a.Status.CompletionDateTime.After(*b.Status.CompletionDateTime) {
		t.Errorf("second completed at %v, before the first at %v", b.Status.CompletionDateTime, a.Status.CompletionDateTime)
	}
	if got := h.uriText(aws.ToString(b.Result.StdOutS3Uri)); got != "second\n" {
		t.Errorf("second stdout = %q", got)
	}
	c := h.waitCalculation(third)
	if c.Status.State != types.CalculationExecutionStateCanceled || c.Result != nil {
		t.Errorf("third = %s with result %v; want CANCELED without a result", c.Status.State, c.Result)
	}

	list, err := h.ath.ListCalculationExecutions(h.ctx, &athena.ListCalculationExecutionsInput{SessionId: aws.String(session)})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range list.Calculations {
		ids = append(ids, aws.ToString(s.CalculationExecutionId))
	}
	if want := []string{third, second, first}; strings.Join(ids, ",") != strings.Join(want, ",") {
		t.Errorf("ListCalculationExecutions = %v, want newest first %v", ids, want)
	}
	page, err := h.ath.ListCalculationExecutions(h.ctx, &athena.ListCalculationExecutionsInput{SessionId: aws.String(session),
		StateFilter: types.CalculationExecutionStateCompleted, MaxResults: aws.Int32(1)})
	if err != nil || len(page.Calculations) != 1 || aws.ToString(page.Calculations[0].CalculationExecutionId) != second || page.NextToken == nil {
		t.Fatalf("filtered first page = %+v, %v", page, err)
	}
	next, err := h.ath.ListCalculationExecutions(h.ctx, &athena.ListCalculationExecutionsInput{SessionId: aws.String(session),
		StateFilter: types.CalculationExecutionStateCompleted, MaxResults: aws.Int32(1), NextToken: page.NextToken})
	if err != nil || len(next.Calculations) != 1 || aws.ToString(next.Calculations[0].CalculationExecutionId) != first || next.NextToken != nil {
		t.Errorf("filtered second page = %+v, %v", next, err)
	}
}

func TestSparkTerminateSessionStopsRunningCalculation(t *testing.T) {
	needPython(t)
	h := newSparkHarness(t)
	session := h.startSession()
	running := h.calculate(session, "import time\nprint('working')\ntime.sleep(60)")
	queued := h.calculate(session, "print('never')")
	h.waitSession(session, types.SessionStateBusy)
	for {
		st, err := h.ath.GetCalculationExecutionStatus(h.ctx, &athena.GetCalculationExecutionStatusInput{CalculationExecutionId: aws.String(running)})
		if err != nil {
			t.Fatal(err)
		}
		if st.Status.State == types.CalculationExecutionStateRunning {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	start := time.Now()
	if _, err := h.ath.TerminateSession(h.ctx, &athena.TerminateSessionInput{SessionId: aws.String(session)}); err != nil {
		t.Fatal(err)
	}
	h.waitSession(session, types.SessionStateTerminated)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("TERMINATED %v after TerminateSession", d)
	}
	r := h.waitCalculation(running)
	if r.Status.State != types.CalculationExecutionStateFailed || aws.ToString(r.Status.StateChangeReason) == "" {
		t.Errorf("running calculation = %s (%q), want FAILED with a reason", r.Status.State, aws.ToString(r.Status.StateChangeReason))
	}
	if q := h.waitCalculation(queued); q.Status.State != types.CalculationExecutionStateCanceled {
		t.Errorf("queued calculation = %s, want CANCELED", q.Status.State)
	}
	list, err := h.ath.ListSessions(h.ctx, &athena.ListSessionsInput{WorkGroup: aws.String("spark"), StateFilter: types.SessionStateTerminated})
	if err != nil || len(list.Sessions) != 1 || aws.ToString(list.Sessions[0].SessionId) != session {
		t.Errorf("ListSessions TERMINATED = %+v, %v", list, err)
	}
}

func TestSparkIdempotentTokens(t *testing.T) {
	h := newSparkHarness(t)
	token := strings.Repeat("s", 32)
	start := func(desc string) (*athena.StartSessionOutput, error) {
		return h.ath.StartSession(h.ctx, &athena.StartSessionInput{
			WorkGroup: aws.String("spark"), Description: aws.String(desc), ClientRequestToken: aws.String(token),
			EngineConfiguration: &types.EngineConfiguration{MaxConcurrentDpus: aws.Int32(2)},
		})
	}
	a, err := start("one")
	if err != nil {
		t.Fatal(err)
	}
	b, err := start("one")
	if err != nil || aws.ToString(b.SessionId) != aws.ToString(a.SessionId) {
		t.Errorf("repeated StartSession = %v, %v; want session %s", b, err, aws.ToString(a.SessionId))
	}
	if _, err := start("two"); err == nil || !strings.Contains(err.Error(), "Idempotent parameters do not match") {
		t.Errorf("StartSession with the token and another description: %v, want IDEMPOTENT_PARAMETER_MISMATCH", err)
	}
	session := aws.ToString(a.SessionId)
	h.waitSession(session, types.SessionStateIdle)

	calc := func(code string) (*athena.StartCalculationExecutionOutput, error) {
		return h.ath.StartCalculationExecution(h.ctx, &athena.StartCalculationExecutionInput{
			SessionId: aws.String(session), CodeBlock: aws.String(code), ClientRequestToken: aws.String(token),
		})
	}
	c1, err := calc("%%sql\nSELECT 1")
	if err != nil {
		t.Fatal(err)
	}
	c2, err := calc("%%sql\nSELECT 1")
	if err != nil || aws.ToString(c2.CalculationExecutionId) != aws.ToString(c1.CalculationExecutionId) {
		t.Errorf("repeated StartCalculationExecution = %v, %v; want %s", c2, err, aws.ToString(c1.CalculationExecutionId))
	}
	if _, err := calc("%%sql\nSELECT 2"); err == nil || !strings.Contains(err.Error(), "Idempotent parameters do not match") {
		t.Errorf("StartCalculationExecution with the token and other code: %v, want IDEMPOTENT_PARAMETER_MISMATCH", err)
	}
	h.waitCalculation(aws.ToString(c1.CalculationExecutionId))
	list, err := h.ath.ListCalculationExecutions(h.ctx, &athena.ListCalculationExecutionsInput{SessionId: aws.String(session)})
	if err != nil || len(list.Calculations) != 1 {
		t.Errorf("calculations = %+v, %v; want one", list, err)
	}
}

func TestSparkRequestErrors(t *testing.T) {
	h := newSparkHarness(t)
	session := h.startSession()
	unknown := "5f0c9a3e-0000-4000-8000-000000000000"
	invalid := func(msg string) string {
		return `{"__type":"InvalidRequestException","AthenaErrorCode":"INVALID_INPUT","ErrorCode":"INVALID_INPUT","Message":"` + msg + `"}`
	}
	validation := func(msg string) string { return invalid("1 validation error detected: " + msg) }
	tests := []struct {
		name string
		op   string
		body string
		want string
	}{
		{"StartSession without members", "StartSession", `{}`,
			invalid("2 validation errors detected: Value null at 'workGroup' failed to satisfy constraint: Member must not be null; " +
				"Value null at 'engineConfiguration' failed to satisfy constraint: Member must not be null")},
		{"idle timeout above 480", "StartSession", `{"WorkGroup":"spark","EngineConfiguration":{},"SessionIdleTimeoutInMinutes":481}`,
			validation("Value at 'sessionIdleTimeoutInMinutes' failed to satisfy constraint: Member must have value less than or equal to 480")},
		{"idle timeout 0", "StartSession", `{"WorkGroup":"spark","EngineConfiguration":{},"SessionIdleTimeoutInMinutes":0}`,
			validation("Value at 'sessionIdleTimeoutInMinutes' failed to satisfy constraint: Member must have value greater than or equal to 1")},
		{"one DPU", "StartSession", `{"WorkGroup":"spark","EngineConfiguration":{"MaxConcurrentDpus":1}}`,
			validation("Value at 'engineConfiguration.maxConcurrentDpus' failed to satisfy constraint: Member must have value greater than or equal to 2")},
		{"short token", "StartSession", `{"WorkGroup":"spark","EngineConfiguration":{},"ClientRequestToken":"abc"}`,
			validation("Value at 'clientRequestToken' failed to satisfy constraint: Member must have length greater than or equal to 32")},
		{"spark properties not strings", "StartSession", `{"WorkGroup":"spark","EngineConfiguration":{"SparkProperties":{"a":1}}}`,
			`{"__type":"SerializationException","Message":"NUMBER_VALUE can not be converted to a String"}`},
		{"SQL work group", "StartSession", `{"WorkGroup":"primary","EngineConfiguration":{}}`,
			invalid("Sessions are not supported in workgroup primary: its engine is not Apache Spark. Start sessions in a workgroup with PySpark engine version 3.")},
		{"unknown work group", "StartSession", `{"WorkGroup":"nope","EngineConfiguration":{}}`, invalid("WorkGroup is not found.")},
		{"code block too long", "StartCalculationExecution", `{"SessionId":"` + session + `","CodeBlock":"` + strings.Repeat("x", 68001) + `"}`,
			validation("Value at 'codeBlock' failed to satisfy constraint: Member must have length less than or equal to 68000")},
		{"no session id", "StartCalculationExecution", `{"CodeBlock":"1"}`,
			validation("Value null at 'sessionId' failed to satisfy constraint: Member must not be null")},
		{"two code blocks", "StartCalculationExecution", `{"SessionId":"` + session + `","CodeBlock":"1","CalculationConfiguration":{"CodeBlock":"2"}}`,
			invalid("Only one of CodeBlock or CalculationConfiguration can be set.")},
		{"no code block", "StartCalculationExecution", `{"SessionId":"` + session + `"}`,
			invalid("CodeBlock is required: set CodeBlock (or the deprecated CalculationConfiguration.CodeBlock).")},
		{"unknown session", "StartCalculationExecution", `{"SessionId":"` + unknown + `","CodeBlock":"1"}`,
			`{"__type":"ResourceNotFoundException","Message":"Session ` + unknown + ` was not found","ResourceName":"` + unknown + `"}`},
		{"GetSession of an unknown session", "GetSession", `{"SessionId":"` + unknown + `"}`,
			`{"__type":"ResourceNotFoundException","Message":"Session ` + unknown + ` was not found","ResourceName":"` + unknown + `"}`},
		{"unknown calculation", "GetCalculationExecution", `{"CalculationExecutionId":"` + unknown + `"}`,
			`{"__type":"ResourceNotFoundException","Message":"Calculation ` + unknown + ` was not found","ResourceName":"` + unknown + `"}`},
		{"calculation id too long", "StopCalculationExecution", `{"CalculationExecutionId":"` + unknown + `x"}`,
			validation("Value at 'calculationExecutionId' failed to satisfy constraint: Member must have length less than or equal to 36")},
		{"ListSessions page too large", "ListSessions", `{"WorkGroup":"spark","MaxResults":101}`,
			validation("Value at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100")},
		{"ListSessions bad state", "ListSessions", `{"WorkGroup":"spark","StateFilter":"RUNNING"}`,
			validation("Value at 'stateFilter' failed to satisfy constraint: Member must satisfy enum value set: [CREATING, CREATED, IDLE, BUSY, TERMINATING, TERMINATED, DEGRADED, FAILED]")},
		{"ListCalculationExecutions bad token", "ListCalculationExecutions", `{"SessionId":"` + session + `","NextToken":"zz"}`,
			invalid("The nextPageToken is malformed: zz")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body, _ := h.raw("AmazonAthena."+tt.op, jsonType, tt.body)
			if status != 400 || body != tt.want {
				t.Errorf("got %d %s\nwant 400 %s", status, body, tt.want)
			}
		})
	}
}

func TestSparkIdleSessionTimesOut(t *testing.T) {
	needPython(t)
	// A minute lasts 100 ms here: the session times out after 200 ms idle.
	h := newSparkHarness(t, func(o *emulator.Options) { o.Spark.Minute = 100 * time.Millisecond })
	out, err := h.ath.StartSession(h.ctx, &athena.StartSessionInput{
		WorkGroup: aws.String("spark"), SessionIdleTimeoutInMinutes: aws.Int32(2),
		EngineConfiguration: &types.EngineConfiguration{MaxConcurrentDpus: aws.Int32(2)},
	})
	if err != nil {
		t.Fatal(err)
	}
	session := aws.ToString(out.SessionId)
	// A calculation longer than the timeout keeps the session: it is BUSY.
	c := h.runCode(session, "import time\ntime.sleep(0.5)\nprint('done')")
	if got := h.uriText(aws.ToString(c.Result.StdOutS3Uri)); got != "done\n" {
		t.Errorf("stdout = %q", got)
	}
	st := h.waitSession(session, types.SessionStateTerminated)
	idle := st.EndDateTime.Sub(*c.Status.CompletionDateTime)
	if idle < 150*time.Millisecond || idle > 5*time.Second {
		t.Errorf("terminated %v after the calculation, want about 200ms", idle)
	}
	if got := aws.ToString(st.StateChangeReason); got != "Session terminated after being idle for 2 minutes (SessionIdleTimeoutInMinutes)." {
		t.Errorf("StateChangeReason = %q", got)
	}
}

func TestSparkFaultsQuotasAndStats(t *testing.T) {
	t.Run("failed sessions", func(t *testing.T) {
		h := newSparkHarness(t, func(o *emulator.Options) { o.Faults.SessionFailRate = 1 })
		out, err := h.ath.StartSession(h.ctx, &athena.StartSessionInput{WorkGroup: aws.String("spark"), EngineConfiguration: &types.EngineConfiguration{}})
		if err != nil {
			t.Fatal(err)
		}
		id := aws.ToString(out.SessionId)
		for {
			st, err := h.ath.GetSessionStatus(h.ctx, &athena.GetSessionStatusInput{SessionId: aws.String(id)})
			if err != nil {
				t.Fatal(err)
			}
			if st.Status.State == types.SessionStateFailed {
				if !strings.Contains(aws.ToString(st.Status.StateChangeReason), "injected failure") || st.Status.EndDateTime == nil {
					t.Errorf("FAILED status = %+v", st.Status)
				}
				break
			}
			if st.Status.State != types.SessionStateCreating {
				t.Fatalf("state = %s, want CREATING then FAILED", st.Status.State)
			}
			time.Sleep(5 * time.Millisecond)
		}
		if term, err := h.ath.TerminateSession(h.ctx, &athena.TerminateSessionInput{SessionId: aws.String(id)}); err != nil || term.State != types.SessionStateFailed {
			t.Errorf("TerminateSession of a FAILED session = %v, %v; want FAILED", term, err)
		}
		if got := h.env.Server.Stats().Sessions["FAILED"]; got != 1 {
			t.Errorf("Stats().Sessions = %v", h.env.Server.Stats().Sessions)
		}
	})
	t.Run("failed calculations", func(t *testing.T) {
		h := newSparkHarness(t, func(o *emulator.Options) { o.Faults.FailRate = 1 })
		c := h.waitCalculation(h.calculate(h.startSession(), "%%sql\nSELECT 1"))
		if c.Status.State != types.CalculationExecutionStateFailed || aws.ToString(c.Status.StateChangeReason) != "Injected failure (emulator fail rate)" {
			t.Errorf("calculation = %s %q", c.Status.State, aws.ToString(c.Status.StateChangeReason))
		}
		if got := h.env.Server.Stats().Calculations["FAILED"]; got != 1 {
			t.Errorf("Stats().Calculations = %v", h.env.Server.Stats().Calculations)
		}
	})
	t.Run("quota and denial", func(t *testing.T) {
		h := newSparkHarness(t, func(o *emulator.Options) {
			o.Quotas = map[string]emulator.Rate{"StartCalculationExecution": {PerSecond: 0.001, Burst: 1}}
			o.Faults.Deny = []string{"ListSessions"}
		})
		session := h.startSession()
		h.calculate(session, "%%sql\nSELECT 1")
		status, body, _ := h.raw("AmazonAthena.StartCalculationExecution", jsonType, `{"SessionId":"`+session+`","CodeBlock":"1"}`)
		if status != 400 || body != `{"__type":"ThrottlingException","Message":"Rate exceeded"}` {
			t.Errorf("second StartCalculationExecution: %d %s", status, body)
		}
		if status, body, _ := h.raw("AmazonAthena.ListSessions", jsonType, `{"WorkGroup":"spark"}`); status != 400 ||
			!strings.Contains(body, "not authorized to perform: athena:ListSessions") {
			t.Errorf("denied ListSessions: %d %s", status, body)
		}
		if got := h.env.Server.Stats().Throttled["StartCalculationExecution"]; got != 1 {
			t.Errorf("Stats().Throttled = %v", h.env.Server.Stats().Throttled)
		}
	})
	t.Run("delays", func(t *testing.T) {
		h := newSparkHarness(t, func(o *emulator.Options) { o.QueueDelay, o.QueryDelay = 200*time.Millisecond, 400*time.Millisecond })
		session := h.startSession()
		c := h.waitCalculation(h.calculate(session, "%%sql\nSELECT 1"))
		if d := c.Status.CompletionDateTime.Sub(*c.Status.SubmissionDateTime); d < 400*time.Millisecond {
			t.Errorf("calculation took %v, want at least the query delay", d)
		}
	})
}

func TestSparkWorkGroupDescribesItsEngine(t *testing.T) {
	h := newSparkHarness(t)
	wg, err := h.ath.GetWorkGroup(h.ctx, &athena.GetWorkGroupInput{WorkGroup: aws.String("spark")})
	if err != nil {
		t.Fatal(err)
	}
	if got := aws.ToString(wg.WorkGroup.Configuration.EngineVersion.EffectiveEngineVersion); got != "PySpark engine version 3" {
		t.Errorf("spark EngineVersion = %q", got)
	}
	primary, err := h.ath.GetWorkGroup(h.ctx, &athena.GetWorkGroupInput{WorkGroup: aws.String("primary")})
	if err != nil {
		t.Fatal(err)
	}
	if got := aws.ToString(primary.WorkGroup.Configuration.EngineVersion.EffectiveEngineVersion); got != "Athena engine version 3" {
		t.Errorf("primary EngineVersion = %q", got)
	}
}

func TestSparkManyCalculationsAcrossSessions(t *testing.T) {
	needPython(t)
	h := newSparkHarness(t)
	const sessions, perSession = 4, 6
	ids := make([]string, sessions)
	for i := range ids {
		ids[i] = h.startSession()
	}
	type started struct{ id, want string }
	results := make(chan started, sessions*perSession)
	var wg sync.WaitGroup
	for i, session := range ids {
		for j := range perSession {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n := i*100 + j
				code := fmt.Sprintf("print(spark.sql('SELECT %d AS n').collect()[0].n)", n)
				want := fmt.Sprintf("%d\n", n)
				if j%2 == 1 {
					code = fmt.Sprintf("%%%%sql\nSELECT %d AS n", n)
					want = fmt.Sprintf("+---+\n|  n|\n+---+\n|%3d|\n+---+\n\n", n)
				}
				out, err := h.ath.StartCalculationExecution(context.Background(), &athena.StartCalculationExecutionInput{
					SessionId: aws.String(session), CodeBlock: aws.String(code),
				})
				if err != nil {
					t.Errorf("StartCalculationExecution: %v", err)
					return
				}
				results <- started{aws.ToString(out.CalculationExecutionId), want}
			}()
		}
	}
	wg.Wait()
	close(results)
	for r := range results {
		c := h.waitCalculation(r.id)
		if c.Status.State != types.CalculationExecutionStateCompleted {
			t.Errorf("calculation %s ended %s: %s", r.id, c.Status.State, aws.ToString(c.Status.StateChangeReason))
			continue
		}
		if got := h.uriText(aws.ToString(c.Result.StdOutS3Uri)); got != r.want {
			t.Errorf("stdout = %q, want %q", got, r.want)
		}
	}
	for _, session := range ids {
		if _, err := h.ath.TerminateSession(h.ctx, &athena.TerminateSessionInput{SessionId: aws.String(session)}); err != nil {
			t.Fatal(err)
		}
		h.waitSession(session, types.SessionStateTerminated)
	}
	if got := h.env.Server.Stats().Calculations["COMPLETED"]; got != sessions*perSession {
		t.Errorf("COMPLETED calculations = %d, want %d", got, sessions*perSession)
	}
}

func TestSparkPythonRowValuesHavePythonTypes(t *testing.T) {
	needPython(t)
	h := newSparkHarness(t)
	session := h.startSession()
	c := h.runCode(session, `
row = spark.sql("""SELECT 1 AS i, BIGINT '9007199254740993' AS big, 1.5E0 AS d, DECIMAL '12.30' AS dec, true AS b,
  DATE '2026-09-17' AS day, TIMESTAMP '2026-09-17 12:34:56.789' AS ts, X'010A' AS bin, 'text' AS s, CAST(NULL AS integer) AS nothing""").first()
for name in ["i", "big", "d", "dec", "b", "day", "ts", "bin", "s", "nothing"]:
    print(name, type(row[name]).__name__, repr(row[name]))
print(row.asDict()["big"] + 1)
`)
	want := "i int 1\n" +
		"big int 9007199254740993\n" +
		"d float 1.5\n" +
		"dec Decimal Decimal('12.30')\n" +
		"b bool True\n" +
		"day date datetime.date(2026, 9, 17)\n" +
		"ts datetime datetime.datetime(2026, 9, 17, 12, 34, 56, 789000)\n" +
		"bin bytearray bytearray(b'\\x01\\n')\n" +
		"s str 'text'\n" +
		"nothing NoneType None\n" +
		"9007199254740994\n"
	if got := h.uriText(aws.ToString(c.Result.StdOutS3Uri)); got != want {
		t.Errorf("stdout =\n%s\nwant\n%s", got, want)
	}
}

func TestSparkListTokensAreSigned(t *testing.T) {
	h := newSparkHarness(t)
	for range 3 {
		h.startSession()
	}
	page, err := h.ath.ListSessions(h.ctx, &athena.ListSessionsInput{WorkGroup: aws.String("spark"), MaxResults: aws.Int32(1)})
	if err != nil || page.NextToken == nil || len(page.Sessions) != 1 {
		t.Fatalf("first page: %+v, %v", page, err)
	}
	next, err := h.ath.ListSessions(h.ctx, &athena.ListSessionsInput{WorkGroup: aws.String("spark"), MaxResults: aws.Int32(1), NextToken: page.NextToken})
	if err != nil || len(next.Sessions) != 1 || aws.ToString(next.Sessions[0].SessionId) == aws.ToString(page.Sessions[0].SessionId) {
		t.Fatalf("second page: %+v, %v", next, err)
	}
	// A token made up by the caller, or one for another listing, is refused.
	for _, forged := range []string{"c2Vzc2lvbnM6MQ", aws.ToString(page.NextToken) + "x"} {
		_, err := h.ath.ListSessions(h.ctx, &athena.ListSessionsInput{WorkGroup: aws.String("spark"), NextToken: aws.String(forged)})
		var ire *types.InvalidRequestException
		if !errors.As(err, &ire) {
			t.Errorf("forged token %q: %v, want InvalidRequestException", forged, err)
		}
	}
	_, err = h.ath.ListCalculationExecutions(h.ctx, &athena.ListCalculationExecutionsInput{SessionId: page.Sessions[0].SessionId, NextToken: page.NextToken})
	var ire *types.InvalidRequestException
	if !errors.As(err, &ire) {
		t.Errorf("a sessions token for calculations: %v, want InvalidRequestException", err)
	}
}
