package emulator_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/emulator"
)

func TestSelectWritesAthenaResultFiles(t *testing.T) {
	h := newHarness(t)
	qe := h.run("SELECT 42 AS answer")
	id := aws.ToString(qe.QueryExecutionId)

	if got := qe.StatementType; got != "DML" {
		t.Errorf("StatementType = %q, want DML", got)
	}
	if got := aws.ToString(qe.SubstatementType); got != "SELECT" {
		t.Errorf("SubstatementType = %q, want SELECT", got)
	}
	wantLoc := h.env.Config.OutputLocation + id + ".csv"
	if got := aws.ToString(qe.ResultConfiguration.OutputLocation); got != wantLoc {
		t.Errorf("OutputLocation = %q, want %q", got, wantLoc)
	}
	if got := aws.ToString(qe.WorkGroup); got != "primary" {
		t.Errorf("WorkGroup = %q, want primary", got)
	}
	if qe.Status.CompletionDateTime == nil || qe.Status.SubmissionDateTime == nil {
		t.Errorf("Status times missing: %+v", qe.Status)
	}
	if qe.Statistics == nil || qe.Statistics.TotalExecutionTimeInMillis == nil || qe.Statistics.DataScannedInBytes == nil {
		t.Fatalf("Statistics incomplete: %+v", qe.Statistics)
	}
	if aws.ToString(qe.EngineVersion.EffectiveEngineVersion) != "Athena engine version 3" {
		t.Errorf("EngineVersion = %+v", qe.EngineVersion)
	}

	body, err := h.object(athenatest.Bucket, "results/"+id+".csv")
	if err != nil {
		t.Fatal(err)
	}
	if string(body) != "\"answer\"\n\"42\"\n" {
		t.Errorf("result CSV = %q", body)
	}
	if _, err := h.object(athenatest.Bucket, "results/"+id+".csv.metadata"); err != nil {
		t.Errorf("no .csv.metadata companion: %v", err)
	}

	res, err := h.ath.GetQueryResults(h.ctx, &athena.GetQueryResultsInput{QueryExecutionId: aws.String(id)})
	if err != nil {
		t.Fatal(err)
	}
	if got := joinRows(h.rows(id)); got != "answer\n42" {
		t.Errorf("rows = %q", got)
	}
	if aws.ToInt64(res.UpdateCount) != 0 || res.NextToken != nil {
		t.Errorf("UpdateCount = %v, NextToken = %v", res.UpdateCount, res.NextToken)
	}
	ci := res.ResultSet.ResultSetMetadata.ColumnInfo
	if len(ci) != 1 || aws.ToString(ci[0].Type) != "integer" || ci[0].Precision != 10 || aws.ToString(ci[0].CatalogName) != "hive" ||
		aws.ToString(ci[0].Label) != "answer" || ci[0].Nullable != types.ColumnNullableUnknown {
		t.Errorf("ColumnInfo = %+v", ci)
	}
}

func TestQueryStatesAdvanceThroughQueuedAndRunning(t *testing.T) {
	h := newHarness(t, athenatest.WithOptions(emulator.Options{QueueDelay: 500 * time.Millisecond, QueryDelay: time.Second}))
	id := h.start("SELECT 1")
	seen := map[types.QueryExecutionState]bool{}
	var order []types.QueryExecutionState
	for {
		out, err := h.ath.GetQueryExecution(h.ctx, &athena.GetQueryExecutionInput{QueryExecutionId: aws.String(id)})
		if err != nil {
			t.Fatal(err)
		}
		st := out.QueryExecution.Status.State
		if !seen[st] {
			seen[st] = true
			order = append(order, st)
		}
		if st == types.QueryExecutionStateSucceeded {
			break
		}
		if out.QueryExecution.Status.CompletionDateTime != nil {
			t.Errorf("CompletionDateTime set while %s", st)
		}
		time.Sleep(10 * time.Millisecond)
	}
	want := []types.QueryExecutionState{"QUEUED", "RUNNING", "SUCCEEDED"}
	if len(order) != 3 || order[0] != want[0] || order[1] != want[1] || order[2] != want[2] {
		t.Errorf("states seen = %v, want %v", order, want)
	}
	qe := h.wait(id)
	if q := aws.ToInt64(qe.Statistics.QueryQueueTimeInMillis); q < 500 {
		t.Errorf("QueryQueueTimeInMillis = %d, want >= 500", q)
	}
	if tot := aws.ToInt64(qe.Statistics.TotalExecutionTimeInMillis); tot < 1000 {
		t.Errorf("TotalExecutionTimeInMillis = %d, want >= 1000", tot)
	}
}

func TestStopQueryExecutionInterruptsALongQuery(t *testing.T) {
	h := newHarness(t)
	id := h.start("SELECT count(*) FROM range(100000000) a, range(100000) b")
	// Wait until it runs in the engine.
	for {
		out, err := h.ath.GetQueryExecution(h.ctx, &athena.GetQueryExecutionInput{QueryExecutionId: aws.String(id)})
		if err != nil {
			t.Fatal(err)
		}
		if out.QueryExecution.Status.State == types.QueryExecutionStateRunning {
			break
		}
		if s := out.QueryExecution.Status.State; s != types.QueryExecutionStateQueued {
			t.Fatalf("state %s before stop", s)
		}
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	start := time.Now()
	if _, err := h.ath.StopQueryExecution(h.ctx, &athena.StopQueryExecutionInput{QueryExecutionId: aws.String(id)}); err != nil {
		t.Fatal(err)
	}
	qe := h.wait(id)
	if qe.Status.State != types.QueryExecutionStateCancelled {
		t.Fatalf("state = %s, want CANCELLED", qe.Status.State)
	}
	if got := aws.ToString(qe.Status.StateChangeReason); got != "Query cancelled by user" {
		t.Errorf("StateChangeReason = %q", got)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("cancel took %v", d)
	}
	// The engine stops too: the emulator's running slots free up, so a new
	// query completes at once.
	h.run("SELECT 1")
	if _, err := h.object(athenatest.Bucket, "results/"+id+".csv"); err == nil {
		t.Errorf("a cancelled query left a result file")
	}
	_, err := h.ath.GetQueryResults(h.ctx, &athena.GetQueryResultsInput{QueryExecutionId: aws.String(id)})
	var ire *types.InvalidRequestException
	if !errors.As(err, &ire) || aws.ToString(ire.AthenaErrorCode) != "RESULT_NOT_FOUND" {
		t.Errorf("GetQueryResults of a cancelled query: %v", err)
	}
	// Stopping a finished query changes nothing.
	if _, err := h.ath.StopQueryExecution(h.ctx, &athena.StopQueryExecutionInput{QueryExecutionId: aws.String(id)}); err != nil {
		t.Errorf("second stop: %v", err)
	}
}

func TestClientRequestTokenIsIdempotent(t *testing.T) {
	h := newHarness(t)
	token := strings.Repeat("t", 40)
	start := func(sql string, db *string) (string, error) {
		in := &athena.StartQueryExecutionInput{QueryString: aws.String(sql), ClientRequestToken: aws.String(token),
			ResultConfiguration: &types.ResultConfiguration{OutputLocation: aws.String(h.env.Config.OutputLocation)}}
		if db != nil {
			in.QueryExecutionContext = &types.QueryExecutionContext{Database: db}
		}
		out, err := h.ath.StartQueryExecution(h.ctx, in)
		if err != nil {
			return "", err
		}
		return aws.ToString(out.QueryExecutionId), nil
	}
	first, err := start("SELECT 1", nil)
	if err != nil {
		t.Fatal(err)
	}
	h.wait(first)
	again, err := start("SELECT 1", nil)
	if err != nil || again != first {
		t.Fatalf("same token and parameters: id %q err %v, want %q", again, err, first)
	}
	for name, call := range map[string]func() (string, error){
		"other query text":    func() (string, error) { return start("SELECT 2", nil) },
		"explicit database":   func() (string, error) { return start("SELECT 1", aws.String("default")) },
		"trailing whitespace": func() (string, error) { return start("SELECT 1 ", nil) },
	} {
		_, err := call()
		var ire *types.InvalidRequestException
		if !errors.As(err, &ire) || aws.ToString(ire.AthenaErrorCode) != "IDEMPOTENT_PARAMETER_MISMATCH" ||
			aws.ToString(ire.Message) != "Idempotent parameters do not match" {
			t.Errorf("%s: err = %v, want IDEMPOTENT_PARAMETER_MISMATCH", name, err)
		}
	}
	// A start rejected by validation does not use up its token.
	token2 := strings.Repeat("u", 40)
	_, err = h.ath.StartQueryExecution(h.ctx, &athena.StartQueryExecutionInput{QueryString: aws.String("SELEC 1"),
		ClientRequestToken: aws.String(token2), ResultConfiguration: &types.ResultConfiguration{OutputLocation: aws.String(h.env.Config.OutputLocation)}})
	if err == nil {
		t.Fatal("syntax error accepted")
	}
	out, err := h.ath.StartQueryExecution(h.ctx, &athena.StartQueryExecutionInput{QueryString: aws.String("SELECT 3"),
		ClientRequestToken: aws.String(token2), ResultConfiguration: &types.ResultConfiguration{OutputLocation: aws.String(h.env.Config.OutputLocation)}})
	if err != nil {
		t.Fatalf("token after a rejected start: %v", err)
	}
	h.wait(aws.ToString(out.QueryExecutionId))
}

func TestConcurrentStartsWithOneTokenMakeOneQuery(t *testing.T) {
	h := newHarness(t)
	token := strings.Repeat("c", 36)
	var wg sync.WaitGroup
	ids := make([]string, 16)
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, err := h.ath.StartQueryExecution(h.ctx, &athena.StartQueryExecutionInput{QueryString: aws.String("SELECT 7"),
				ClientRequestToken: aws.String(token), ResultConfiguration: &types.ResultConfiguration{OutputLocation: aws.String(h.env.Config.OutputLocation)}})
			if err != nil {
				t.Error(err)
				return
			}
			ids[i] = aws.ToString(out.QueryExecutionId)
		}()
	}
	wg.Wait()
	for _, id := range ids {
		if id != ids[0] {
			t.Fatalf("ids differ: %v", ids)
		}
	}
	h.wait(ids[0])
	if n := h.env.Server.Stats().Queries["SUCCEEDED"]; n != 1 {
		t.Errorf("SUCCEEDED queries = %d, want 1", n)
	}
}

func TestSecondServerOnOneDataDirFails(t *testing.T) {
	dir := t.TempDir()
	first, err := emulator.New(emulator.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	// Whatever the first server acknowledged must stay its own.
	second, err := emulator.New(emulator.Options{DataDir: dir})
	var inUse *emulator.DataDirInUseError
	if !errors.As(err, &inUse) || inUse.PID != os.Getpid() || inUse.Dir != dir {
		if second != nil {
			second.Close()
		}
		t.Fatalf("second New: %v, want DataDirInUseError naming process %d", err, os.Getpid())
	}
	if want := fmt.Sprintf("emulator: DataDir %s is in use by another server (process %d)", dir, os.Getpid()); err.Error() != want {
		t.Errorf("error text %q, want %q", err, want)
	}
	// A server without DataDir, or on another one, is not affected.
	other, err := emulator.New(emulator.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatalf("a server on another DataDir: %v", err)
	}
	other.Close()
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	third, err := emulator.New(emulator.Options{DataDir: dir})
	if err != nil {
		t.Fatalf("New after the first server closed: %v", err)
	}
	if err := third.Close(); err != nil {
		t.Fatal(err)
	}
}
