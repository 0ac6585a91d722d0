package emulator_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"
	"github.com/aws/smithy-go"

	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/emulator"
)

func TestAthenaQuotasThrottleBeyondTheBurst(t *testing.T) {
	h := newHarness(t, athenatest.WithOptions(emulator.Options{AthenaQuotas: true}))
	id := aws.ToString(h.run("SELECT 1").QueryExecutionId)
	// ListQueryExecutions allows 5/s with a burst of 10.
	throttled := 0
	for range 30 {
		_, err := h.ath.ListQueryExecutions(h.ctx, &athena.ListQueryExecutionsInput{})
		var api smithy.APIError
		if errors.As(err, &api) && api.ErrorCode() == "ThrottlingException" {
			throttled++
		} else if err != nil {
			t.Fatal(err)
		}
	}
	if throttled < 15 {
		t.Errorf("throttled %d of 30 ListQueryExecutions calls, want at least 15", throttled)
	}
	st := h.env.Server.Stats()
	if st.Throttled["ListQueryExecutions"] != int64(throttled) || st.Calls["ListQueryExecutions"] != 30 {
		t.Errorf("stats: calls %d throttled %d, want 30 and %d", st.Calls["ListQueryExecutions"], st.Throttled["ListQueryExecutions"], throttled)
	}
	// GetQueryExecution has its own, larger bucket.
	if _, err := h.ath.GetQueryExecution(h.ctx, &athena.GetQueryExecutionInput{QueryExecutionId: aws.String(id)}); err != nil {
		t.Errorf("GetQueryExecution throttled by another family: %v", err)
	}
}

func TestInjectedFaults(t *testing.T) {
	t.Run("throttle", func(t *testing.T) {
		h := newHarness(t, athenatest.WithOptions(emulator.Options{Faults: emulator.Faults{ThrottleRate: 1}}))
		status, body, _ := h.raw("AmazonAthena.ListWorkGroups", jsonType, "{}")
		if status != 400 || body != `{"__type":"ThrottlingException","Message":"Rate exceeded"}` {
			t.Errorf("got %d %s", status, body)
		}
	})
	t.Run("5xx", func(t *testing.T) {
		h := newHarness(t, athenatest.WithOptions(emulator.Options{Faults: emulator.Faults{ErrorRate: 1}}))
		status, body, _ := h.raw("AmazonAthena.ListWorkGroups", jsonType, "{}")
		if status != 500 || body != `{"__type":"InternalServerException","Message":"Injected internal error (emulator error rate)"}` {
			t.Errorf("got %d %s", status, body)
		}
		if h.env.Server.Stats().Errors["ListWorkGroups"] != 1 {
			t.Errorf("stats: %+v", h.env.Server.Stats())
		}
	})
	t.Run("denied operation", func(t *testing.T) {
		h := newHarness(t, athenatest.WithOptions(emulator.Options{Faults: emulator.Faults{Deny: []string{"ListWorkGroups"}}}))
		status, body, _ := h.raw("AmazonAthena.ListWorkGroups", jsonType, "{}")
		if status != 400 || !strings.HasPrefix(body, `{"__type":"AccessDeniedException","Message":"User: `) ||
			!strings.Contains(body, "not authorized to perform: athena:ListWorkGroups") {
			t.Errorf("got %d %s", status, body)
		}
		if status, _, _ := h.raw("AmazonAthena.ListDataCatalogs", jsonType, "{}"); status != 200 {
			t.Errorf("an operation not denied got %d", status)
		}
	})
	t.Run("failed queries", func(t *testing.T) {
		h := newHarness(t, athenatest.WithOptions(emulator.Options{Faults: emulator.Faults{FailRate: 1}}))
		qe := h.fail("SELECT 1")
		if ae := qe.Status.AthenaError; ae == nil || !ae.Retryable || aws.ToInt32(ae.ErrorCategory) != 1 {
			t.Errorf("AthenaError = %+v, want a retryable system error", ae)
		}
	})
	t.Run("first queries fail", func(t *testing.T) {
		h := newHarness(t, athenatest.WithOptions(emulator.Options{Faults: emulator.Faults{FailFirst: 2}}))
		for i := range 2 {
			qe := h.fail("SELECT 1")
			if ae := qe.Status.AthenaError; ae == nil || !ae.Retryable {
				t.Errorf("query %d: AthenaError = %+v, want a retryable error", i, ae)
			}
		}
		if got := h.query("SELECT 1"); len(got) != 1 || got[0][0] != "1" {
			t.Errorf("third query returned %v, want [[1]]", got)
		}
	})
	t.Run("half throttled, seeded", func(t *testing.T) {
		h := newHarness(t, athenatest.WithOptions(emulator.Options{Faults: emulator.Faults{ThrottleRate: 0.5, Seed: 7}}))
		n := 0
		for range 200 {
			if status, _, _ := h.raw("AmazonAthena.ListWorkGroups", jsonType, "{}"); status == 400 {
				n++
			}
		}
		if n < 60 || n > 140 {
			t.Errorf("%d of 200 calls throttled at rate 0.5", n)
		}
	})
	t.Run("latency", func(t *testing.T) {
		h := newHarness(t, athenatest.WithOptions(emulator.Options{APILatency: 50 * time.Millisecond,
			Faults: emulator.Faults{SpikeRate: 1, Spike: 50 * time.Millisecond}}))
		start := time.Now()
		h.raw("AmazonAthena.ListWorkGroups", jsonType, "{}")
		if d := time.Since(start); d < 100*time.Millisecond {
			t.Errorf("call took %v, want at least 100ms of latency", d)
		}
	})
}

func TestTooManyRequestsBeyondActiveQueries(t *testing.T) {
	h := newHarness(t, athenatest.WithOptions(emulator.Options{MaxActiveQueries: 2, QueryDelay: time.Second}))
	h.start("SELECT 1")
	h.start("SELECT 2")
	_, err := h.ath.StartQueryExecution(h.ctx, &athena.StartQueryExecutionInput{QueryString: aws.String("SELECT 3"),
		ResultConfiguration: &types.ResultConfiguration{OutputLocation: aws.String(h.env.Config.OutputLocation)}})
	var tmr *types.TooManyRequestsException
	if !errors.As(err, &tmr) || tmr.Reason != types.ThrottleReasonConcurrentQueryLimitExceeded {
		t.Errorf("third query: %v, want TooManyRequestsException", err)
	}
}

func TestStatsEndpoint(t *testing.T) {
	h := newHarness(t)
	h.run("SELECT 1")
	resp, err := http.Get(h.env.Config.Endpoint + "/_emulator/stats")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var st struct {
		Calls     map[string]int64 `json:"calls"`
		Throttled map[string]int64 `json:"throttled"`
		Queries   map[string]int64 `json:"queries"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		t.Fatal(err)
	}
	if st.Calls["StartQueryExecution"] != 1 || st.Queries["SUCCEEDED"] != 1 || st.Calls["GetQueryExecution"] < 1 || st.Throttled == nil {
		t.Errorf("stats = %+v", st)
	}
}

func TestManyConcurrentQueries(t *testing.T) {
	h := newHarness(t, athenatest.WithOptions(emulator.Options{QueryDelay: 200 * time.Millisecond}))
	var wg sync.WaitGroup
	ids := make(chan string, 200)
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, err := h.ath.StartQueryExecution(h.ctx, &athena.StartQueryExecutionInput{
				QueryString:         aws.String("SELECT " + string(rune('0'+i%10))),
				ResultConfiguration: &types.ResultConfiguration{OutputLocation: aws.String(h.env.Config.OutputLocation)}})
			if err != nil {
				t.Error(err)
				return
			}
			ids <- aws.ToString(out.QueryExecutionId)
		}()
	}
	wg.Wait()
	close(ids)
	var all []string
	for id := range ids {
		all = append(all, id)
	}
	for start := 0; start < len(all); start += 50 {
		batch := all[start:min(start+50, len(all))]
		for {
			out, err := h.ath.BatchGetQueryExecution(h.ctx, &athena.BatchGetQueryExecutionInput{QueryExecutionIds: batch})
			if err != nil {
				t.Fatal(err)
			}
			done := 0
			for _, qe := range out.QueryExecutions {
				if qe.Status.State == types.QueryExecutionStateSucceeded {
					done++
				}
			}
			if done == len(batch) {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	if n := h.env.Server.Stats().Queries["SUCCEEDED"]; n != 200 {
		t.Errorf("SUCCEEDED = %d, want 200", n)
	}
}

func TestQueryTimeoutFailsTheQuery(t *testing.T) {
	h := newHarness(t, athenatest.WithOptions(emulator.Options{QueryTimeout: 300 * time.Millisecond}))
	start := time.Now()
	qe := h.wait(h.start("SELECT count(*) FROM range(100000000) a, range(100000) b"))
	took := time.Since(start)
	reason := aws.ToString(qe.Status.StateChangeReason)
	ae := qe.Status.AthenaError
	if qe.Status.State != types.QueryExecutionStateFailed || reason != "EXCEEDED_TIME_LIMIT: Query exceeded maximum time limit of 300.00ms" ||
		ae == nil || aws.ToInt32(ae.ErrorCategory) != 1 || aws.ToInt32(ae.ErrorType) != 206 || ae.Retryable {
		t.Fatalf("ended %s %q %+v, want FAILED with EXCEEDED_TIME_LIMIT (1/206)", qe.Status.State, reason, ae)
	}
	if took > 10*time.Second {
		t.Errorf("the query ended %v after it started, want soon after 300ms", took)
	}
	// Short queries are unaffected, and the engine is free again.
	if got := joinRows(h.query("SELECT 42")); got != "42" {
		t.Errorf("SELECT 42 after a timeout: %q", got)
	}
	// Stopping a query still cancels it rather than timing it out.
	long := newHarness(t, athenatest.WithOptions(emulator.Options{QueryTimeout: time.Minute}))
	id := long.start("SELECT count(*) FROM range(100000000) a, range(100000) b")
	time.Sleep(100 * time.Millisecond)
	if _, err := long.ath.StopQueryExecution(long.ctx, &athena.StopQueryExecutionInput{QueryExecutionId: aws.String(id)}); err != nil {
		t.Fatal(err)
	}
	if qe := long.wait(id); qe.Status.State != types.QueryExecutionStateCancelled {
		t.Errorf("stopped query ended %s", qe.Status.State)
	}
}

// rssMiB returns the resident memory of this process, or -1 where
// /proc/self/status cannot tell.
func rssMiB() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				if kb, err := strconv.ParseInt(f[0], 10, 64); err == nil {
					return kb / 1024
				}
			}
		}
	}
	return -1
}

func TestMemoryReturnsAfterATimeout(t *testing.T) {
	if rssMiB() < 0 {
		t.Skip("resident memory is read from /proc")
	}
	h := newHarness(t, athenatest.WithOptions(emulator.Options{QueryTimeout: 6 * time.Second}))
	h.run("SELECT 1")
	before := rssMiB()
	// A hash table of 10^10 distinct values: gigabytes if it ran on, in
	// many small blocks that the allocator keeps unless it is told to
	// give them back.
	id := h.start("SELECT count(DISTINCT a.x * 1000003 + b.x) FROM UNNEST(sequence(1, 100000)) a(x), UNNEST(sequence(1, 100000)) b(x)")
	var peak atomic.Int64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			if r := rssMiB(); r > peak.Load() {
				peak.Store(r)
			}
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	qe := h.wait(id)
	close(stop)
	<-sampled
	if reason := aws.ToString(qe.Status.StateChangeReason); !strings.HasPrefix(reason, "EXCEEDED_TIME_LIMIT: ") {
		t.Fatalf("ended %s %q, want EXCEEDED_TIME_LIMIT", qe.Status.State, reason)
	}
	if peak.Load() < before+200 {
		// A machine busy with other work gives the query too little CPU
		// to grow much before the timeout; there is nothing to measure.
		t.Skipf("the query peaked at %d MiB from %d MiB: too light to show memory coming back", peak.Load(), before)
	}
	after := rssMiB()
	for deadline := time.Now().Add(10 * time.Second); after > before+50 && time.Now().Before(deadline); after = rssMiB() {
		time.Sleep(200 * time.Millisecond)
	}
	t.Logf("RSS %d MiB before, %d MiB at the peak, %d MiB after the timeout", before, peak.Load(), after)
	if after > before+100 {
		t.Errorf("RSS stayed at %d MiB after the timeout (%d MiB before, %d MiB at the peak)", after, before, peak.Load())
	}
}

// openFDs counts this process's open file descriptors, or -1 where
// /proc/self/fd cannot tell.
func openFDs() int {
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return -1
	}
	return len(fds)
}

func TestTwoThousandConcurrentQueries(t *testing.T) {
	if testing.Short() {
		t.Skip("2000 queries")
	}
	h := newHarness(t)
	// A client of its own, whose idle connections the test can close.
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	ath := athena.New(h.ath.Options(), func(o *athena.Options) { o.HTTPClient = &http.Client{Transport: tr} })
	h.run("SELECT 1")
	before := openFDs()
	const n = 2000
	ids := make([]string, n)
	var wg sync.WaitGroup
	var failed atomic.Int64
	for i := range n {
		wg.Go(func() {
			out, err := ath.StartQueryExecution(h.ctx, &athena.StartQueryExecutionInput{
				QueryString:         aws.String("SELECT " + strconv.Itoa(i)),
				ResultConfiguration: &types.ResultConfiguration{OutputLocation: aws.String(h.env.Config.OutputLocation)}})
			if err != nil {
				if failed.Add(1) <= 5 {
					t.Error(err)
				}
				return
			}
			ids[i] = aws.ToString(out.QueryExecutionId)
		})
	}
	wg.Wait()
	if failed.Load() > 0 {
		t.Fatalf("%d of %d starts failed", failed.Load(), n)
	}
	for start := 0; start < n; start += 50 {
		batch := ids[start : start+50]
		for deadline := time.Now().Add(2 * time.Minute); ; {
			out, err := ath.BatchGetQueryExecution(h.ctx, &athena.BatchGetQueryExecutionInput{QueryExecutionIds: batch})
			if err != nil {
				t.Fatal(err)
			}
			done := 0
			for _, qe := range out.QueryExecutions {
				switch qe.Status.State {
				case types.QueryExecutionStateSucceeded:
					done++
				case types.QueryExecutionStateFailed, types.QueryExecutionStateCancelled:
					t.Fatalf("query %s ended %s: %s", aws.ToString(qe.QueryExecutionId), qe.Status.State, aws.ToString(qe.Status.StateChangeReason))
				}
			}
			if done == len(batch) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("queries %d.. did not finish", start)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	// A sample of the results reads back right.
	for _, i := range []int{0, 999, n - 1} {
		if got := joinRows(h.rows(ids[i])[1:]); got != strconv.Itoa(i) {
			t.Errorf("query %d returned %q", i, got)
		}
	}
	if before < 0 {
		return
	}
	tr.CloseIdleConnections()
	after := openFDs()
	for deadline := time.Now().Add(10 * time.Second); after > before+10 && time.Now().Before(deadline); after = openFDs() {
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("%d queries; open files %d before, %d after", n, before, after)
	if after > before+10 {
		t.Errorf("open files went from %d to %d and stayed", before, after)
	}
}
