package emulator_test

import (
	"errors"
	"io"
	"strings"
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
