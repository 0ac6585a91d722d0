package spark_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/emulator"
	"github.com/athenaq/athenaq/spark"
)

func TestRunReadsStdoutOfSQLAndPythonBlocks(t *testing.T) {
	c, _ := open(t, athenaq.Config{})
	s := start(t, c)
	ctx := context.Background()
	cases := []struct {
		name string
		code string
		want []string // lines of stdout, in order
	}{
		{"sql block", "%%sql\nSELECT 1 AS one, 'a' AS letter", []string{"+---+------+", "|one|letter|", "+---+------+", "|  1|     a|", "+---+------+"}},
		{"python print", "print('hello', 6 * 7)", []string{"hello 42"}},
		{"python spark.sql count", "df = spark.sql('SELECT * FROM (VALUES 1, 2, 3) AS t(x)')\nprint(df.count())", []string{"3"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			calc, err := s.Run(ctx, tc.code)
			if err != nil {
				t.Fatal(err)
			}
			st, err := calc.Wait(ctx)
			if err != nil || st.State != spark.CalculationCompleted || st.CalculationID != calc.ID() || st.SessionID != s.ID() ||
				st.DPUTime <= 0 || st.Completed.IsZero() || st != calc.Status() {
				t.Fatalf("Wait = %+v, %v; want COMPLETED with DPU time and a completion time, as Status says", st, err)
			}
			out, err := calc.Stdout(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Split(strings.TrimRight(out, "\n"), "\n"); strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Fatalf("stdout:\n%s\nwant:\n%s", out, strings.Join(tc.want, "\n"))
			}
			if stderr, err := calc.Stderr(ctx); err != nil || strings.Contains(stderr, "Traceback") {
				t.Fatalf("Stderr = %q, %v", stderr, err)
			}
		})
	}
}

func TestFailedCalculationErrorCarriesStderr(t *testing.T) {
	c, _ := open(t, athenaq.Config{})
	s := start(t, c)
	ctx := context.Background()
	calc, err := s.Run(ctx, "print('before')\nfoobar")
	if err != nil {
		t.Fatal(err)
	}
	st, err := calc.Wait(ctx)
	var cerr *spark.CalculationError
	if !errors.As(err, &cerr) || st.State != spark.CalculationFailed || cerr.State != spark.CalculationFailed {
		t.Fatalf("Wait = %+v, %v; want FAILED with a *CalculationError", st, err)
	}
	const want = "NameError: name 'foobar' is not defined"
	if !strings.Contains(cerr.Stderr, "line 2") || !strings.HasSuffix(strings.TrimSpace(cerr.Stderr), want) {
		t.Fatalf("Stderr = %q, want a traceback at line 2 ending in %q", cerr.Stderr, want)
	}
	if !strings.HasSuffix(err.Error(), want) || !strings.Contains(err.Error(), calc.ID()) {
		t.Fatalf("Error() = %q, want the calculation id and %q", err.Error(), want)
	}
	if out, err := calc.Stdout(ctx); err != nil || out != "before\n" {
		t.Fatalf("Stdout = %q, %v; want what was printed before the failure", out, err)
	}
}

func TestCancelConfirmsCanceled(t *testing.T) {
	c, env := open(t, athenaq.Config{})
	s := start(t, c)
	calc := running(t, s, spark.RunOptions{}, sleepCode)
	begun := time.Now()
	if err := calc.Cancel(context.Background()); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(begun); took > 10*time.Second {
		t.Fatalf("Cancel took %v", took)
	}
	select {
	case <-calc.Done():
	default:
		t.Fatal("Done is open after Cancel returned")
	}
	if st := calc.Status(); st.State != spark.CalculationCanceled {
		t.Fatalf("Status after Cancel = %+v, want CANCELED", st)
	}
	if got := calculationState(t, env, calc.ID()); got != spark.CalculationCanceled {
		t.Fatalf("the emulator says %s", got)
	}
	var cerr *spark.CalculationError
	if _, err := calc.Wait(context.Background()); !errors.As(err, &cerr) || cerr.State != spark.CalculationCanceled {
		t.Fatalf("Wait after Cancel = %v, want a CANCELED *CalculationError", err)
	}
}

func TestWaitStopsCalculationWhenContextEnds(t *testing.T) {
	c, env := open(t, athenaq.Config{})
	s := start(t, c)
	calc := running(t, s, spark.RunOptions{}, sleepCode)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := calc.Wait(ctx)
	var cerr *spark.CalculationError
	if !errors.Is(err, context.DeadlineExceeded) || !errors.As(err, &cerr) || cerr.Reason != "stopping" {
		t.Fatalf("Wait = %v, want DeadlineExceeded while stopping", err)
	}
	select {
	case <-calc.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("the stopped calculation never ended")
	}
	if st := calc.Status(); st.State != spark.CalculationCanceled {
		t.Fatalf("Status = %+v, want CANCELED", st)
	}
	if got := calculationState(t, env, calc.ID()); got != spark.CalculationCanceled {
		t.Fatalf("the emulator says %s", got)
	}
}

func TestWaitLeavesDetachedCalculationRunning(t *testing.T) {
	detach := true
	cases := []struct {
		name string
		cfg  athenaq.Config
		opts spark.RunOptions
	}{
		{"client option", athenaq.Config{DetachOnCancel: true}, spark.RunOptions{}},
		{"run option", athenaq.Config{}, spark.RunOptions{DetachOnCancel: &detach}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, env := open(t, tc.cfg)
			s := start(t, c)
			calc := running(t, s, tc.opts, sleepCode)
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			defer cancel()
			_, err := calc.Wait(ctx)
			var cerr *spark.CalculationError
			if !errors.Is(err, context.DeadlineExceeded) || !errors.As(err, &cerr) || cerr.Reason != "left running (DetachOnCancel)" {
				t.Fatalf("Wait = %v, want DeadlineExceeded, left running", err)
			}
			time.Sleep(300 * time.Millisecond)
			if got := calculationState(t, env, calc.ID()); got != spark.CalculationRunning {
				t.Fatalf("the detached calculation is %s, want RUNNING", got)
			}
			if err := calc.Cancel(context.Background()); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestClientCloseEndsWaitsWithErrClosed(t *testing.T) {
	c, env := open(t, athenaq.Config{})
	s := start(t, c)
	calc := running(t, s, spark.RunOptions{}, sleepCode)
	waited := make(chan error, 1)
	go func() {
		_, err := calc.Wait(context.Background())
		waited <- err
	}()
	c.Close()
	select {
	case err := <-waited:
		if !errors.Is(err, athenaq.ErrClosed) {
			t.Fatalf("Wait = %v, want ErrClosed", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Wait did not return after Client.Close")
	}
	// The calculation keeps running in Athena; stop it past the client.
	other := client(t, env, athenaq.Config{})
	shared, err := spark.Attach(context.Background(), other, s.ID())
	if err != nil {
		t.Fatal(err)
	}
	if err := shared.Terminate(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestManyCalculationsAcrossSessions(t *testing.T) {
	c, env := open(t, athenaq.Config{})
	const sessions, perSession = 3, 6
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, sessions*perSession)
	for i := range sessions {
		s := start(t, c)
		for j := range perSession {
			wg.Go(func() {
				want := fmt.Sprintf("%d-%d", i, j)
				calc, err := s.Run(ctx, fmt.Sprintf("print('%s')", want))
				if err != nil {
					errs <- err
					return
				}
				if _, err := calc.Wait(ctx); err != nil {
					errs <- err
					return
				}
				out, err := calc.Stdout(ctx)
				if err != nil {
					errs <- err
				} else if out != want+"\n" {
					errs <- fmt.Errorf("calculation %s printed %q, want %q", calc.ID(), out, want)
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := env.Server.Stats().Calls["StartCalculationExecution"]; n != sessions*perSession {
		t.Errorf("%d StartCalculationExecution calls, want %d", n, sessions*perSession)
	}
}

func TestRunRejectsOversizedCodeBlock(t *testing.T) {
	c, env := open(t, athenaq.Config{})
	s := start(t, c)
	code := "#" + strings.Repeat("é", spark.MaxCodeBlock)
	if _, err := s.Run(context.Background(), code); err == nil || !strings.Contains(err.Error(), "68000") {
		t.Fatalf("Run = %v, want an error naming the 68000-character limit", err)
	}
	if n := env.Server.Stats().Calls["StartCalculationExecution"]; n != 0 {
		t.Fatalf("%d StartCalculationExecution calls, want 0", n)
	}
}

func TestRunStopsCalculationWhoseAnswerWasCutOff(t *testing.T) {
	c, env := open(t, athenaq.Config{}, func(o *emulator.Options) { o.APILatency = 300 * time.Millisecond })
	s := start(t, c)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if calc, err := s.Run(ctx, sleepCode); calc != nil || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Run = %v, %v; want DeadlineExceeded", calc, err)
	}
	// The client resends the request with its token in the background and
	// stops the calculation that Athena answers with: still one.
	eventually(t, "the calculation of the cut-off Run to be CANCELED", func() bool {
		out, err := env.Athena().ListCalculationExecutions(context.Background(),
			&athena.ListCalculationExecutionsInput{SessionId: aws.String(s.ID())})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Calculations) > 1 {
			t.Fatalf("%d calculations, want 1: the resend started another", len(out.Calculations))
		}
		return len(out.Calculations) == 1 && out.Calculations[0].Status.State == types.CalculationExecutionStateCanceled
	})
}

func TestSparkCallsUseTheClientsLimitsAndRetries(t *testing.T) {
	const rate = 5 // GetCalculationExecutionStatus calls per second
	c, env := open(t, athenaq.Config{PollInterval: time.Millisecond, MaxPollInterval: time.Millisecond,
		APILimits: map[string]athenaq.Limit{"GetCalculationExecutionStatus": {PerSecond: rate, Burst: 1}}},
		func(o *emulator.Options) { o.Faults.ThrottleRate, o.Faults.Seed = 0.3, 7 })
	s := start(t, c)
	calc, err := s.Run(context.Background(), "import time\ntime.sleep(1)\nprint('done')")
	if err != nil {
		t.Fatal(err)
	}
	begun := time.Now()
	if _, err := calc.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	took := time.Since(begun)
	stats := env.Server.Stats()
	// With a 1 ms poll interval only the client's bucket holds the checks
	// back; throttled calls are retried, and count too.
	calls := stats.Calls["GetCalculationExecutionStatus"]
	if most := int64(took.Seconds()*rate) + 2; calls > most {
		t.Errorf("%d GetCalculationExecutionStatus calls in %v, more than the limit of %d/s allows (%d)", calls, took, rate, most)
	}
	t.Logf("%d GetCalculationExecutionStatus calls in %v; throttled %v", calls, took, stats.Throttled)
	var throttled int64
	for _, op := range []string{"StartSession", "GetSessionStatus", "StartCalculationExecution", "GetCalculationExecutionStatus"} {
		throttled += stats.Throttled[op]
	}
	if throttled == 0 {
		t.Errorf("no Spark call was throttled (stats %+v): the test injects nothing", stats.Throttled)
	}
}

func TestResultListsAndReadsTheResultFolder(t *testing.T) {
	c, _ := open(t, athenaq.Config{})
	s := start(t, c)
	ctx := context.Background()
	cases := []struct {
		name, code     string
		typ, file, out string
	}{
		{"sql block", "%%sql\nSELECT 1 AS one, 'a' AS letter", "text/csv", "result.csv", "\"one\",\"letter\"\n\"1\",\"a\"\n"},
		{"python value", "x = 6\nx * 7", "text/plain", "result.txt", "42"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			calc, err := s.Run(ctx, tc.code)
			if err != nil {
				t.Fatal(err)
			}
			res, err := calc.Result(ctx) // waits for the end
			if err != nil {
				t.Fatal(err)
			}
			if res.Type != tc.typ || !strings.HasPrefix(res.Location, "s3://") || len(res.Files) != 1 ||
				res.Files[0] != res.Location+tc.file {
				t.Fatalf("Result = %+v, want type %s and one file %s", res, tc.typ, tc.file)
			}
			b, err := calc.ReadFile(ctx, res.Files[0])
			if err != nil || string(b) != tc.out {
				t.Fatalf("ReadFile = %q, %v; want %q", b, err, tc.out)
			}
		})
	}
}
