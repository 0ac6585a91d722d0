package emulator_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
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
