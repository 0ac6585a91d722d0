package emulator_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"go.uber.org/goleak"

	"github.com/athenaq/athenaq/athenatest"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m,
		// The SDK's and net/http's idle keep-alive connections close on
		// their own after the test that used them.
		goleak.IgnoreTopFunction("internal/poll.runtime_pollWait"),
		goleak.IgnoreTopFunction("net/http.(*persistConn).writeLoop"),
		goleak.IgnoreTopFunction("net/http.(*persistConn).readLoop"),
	)
}

// harness wraps a running emulator with the SDK clients and small helpers
// the tests share.
type harness struct {
	t   testing.TB
	env *athenatest.Env
	ath *athena.Client
	s3  *s3.Client
	ctx context.Context
}

func newHarness(t testing.TB, opts ...athenatest.Option) *harness {
	t.Helper()
	env := athenatest.Start(t, opts...)
	return &harness{t: t, env: env, ath: env.Athena(), s3: env.S3(), ctx: context.Background()}
}

// start starts sql in the default database and returns the query id.
func (h *harness) start(sql string, params ...string) string {
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
		h.t.Fatalf("StartQueryExecution(%q): %v", sql, err)
	}
	return aws.ToString(out.QueryExecutionId)
}

// wait polls until the query is terminal and returns its execution.
func (h *harness) wait(id string) *types.QueryExecution {
	h.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		out, err := h.ath.GetQueryExecution(h.ctx, &athena.GetQueryExecutionInput{QueryExecutionId: aws.String(id)})
		if err != nil {
			h.t.Fatalf("GetQueryExecution(%s): %v", id, err)
		}
		switch out.QueryExecution.Status.State {
		case types.QueryExecutionStateSucceeded, types.QueryExecutionStateFailed, types.QueryExecutionStateCancelled:
			return out.QueryExecution
		}
		time.Sleep(5 * time.Millisecond)
	}
	h.t.Fatalf("query %s did not finish in 60 s", id)
	return nil
}

// run starts sql and waits for it to succeed.
func (h *harness) run(sql string, params ...string) *types.QueryExecution {
	h.t.Helper()
	qe := h.wait(h.start(sql, params...))
	if qe.Status.State != types.QueryExecutionStateSucceeded {
		h.t.Fatalf("%q ended %s: %s", sql, qe.Status.State, aws.ToString(qe.Status.StateChangeReason))
	}
	return qe
}

// fail starts sql and returns the AthenaError of its FAILED execution.
func (h *harness) fail(sql string) *types.QueryExecution {
	h.t.Helper()
	qe := h.wait(h.start(sql))
	if qe.Status.State != types.QueryExecutionStateFailed {
		h.t.Fatalf("%q ended %s, want FAILED", sql, qe.Status.State)
	}
	return qe
}

// rows reads every page of a query's results and returns the rows as
// strings, with "NULL" for a missing VarCharValue.
func (h *harness) rows(id string) [][]string {
	h.t.Helper()
	var out [][]string
	p := athena.NewGetQueryResultsPaginator(h.ath, &athena.GetQueryResultsInput{QueryExecutionId: aws.String(id)})
	for p.HasMorePages() {
		page, err := p.NextPage(h.ctx)
		if err != nil {
			h.t.Fatalf("GetQueryResults(%s): %v", id, err)
		}
		for _, r := range page.ResultSet.Rows {
			row := make([]string, len(r.Data))
			for i, d := range r.Data {
				if d.VarCharValue == nil {
					row[i] = "NULL"
				} else {
					row[i] = *d.VarCharValue
				}
			}
			out = append(out, row)
		}
	}
	return out
}

// query runs sql and returns its data rows (the header row dropped).
func (h *harness) query(sql string, params ...string) [][]string {
	h.t.Helper()
	qe := h.run(sql, params...)
	rows := h.rows(aws.ToString(qe.QueryExecutionId))
	if len(rows) == 0 {
		h.t.Fatalf("%q: no header row", sql)
	}
	return rows[1:]
}

// object reads an S3 object of the emulator.
func (h *harness) object(bucket, key string) ([]byte, error) {
	out, err := h.s3.GetObject(h.ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return nil, err
	}
	defer out.Body.Close()
	return io.ReadAll(out.Body)
}

// put writes an S3 object.
func (h *harness) put(bucket, key string, body []byte) {
	h.t.Helper()
	_, err := h.s3.PutObject(h.ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: bytes.NewReader(body)})
	if err != nil {
		h.t.Fatalf("PutObject %s/%s: %v", bucket, key, err)
	}
}

// raw sends an Athena request as raw HTTP and returns the status and body.
func (h *harness) raw(target, contentType, body string) (int, string, http.Header) {
	h.t.Helper()
	req, err := http.NewRequest(http.MethodPost, h.env.Config.Endpoint+"/", strings.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	if target != "" {
		req.Header.Set("X-Amz-Target", target)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

func joinRows(rows [][]string) string {
	lines := make([]string, len(rows))
	for i, r := range rows {
		lines[i] = strings.Join(r, "|")
	}
	return strings.Join(lines, "\n")
}
