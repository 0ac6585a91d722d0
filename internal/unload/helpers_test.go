package unload_test

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"go.uber.org/goleak"

	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/internal/unload"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m,
		goleak.IgnoreTopFunction("internal/poll.runtime_pollWait"),
		goleak.IgnoreTopFunction("net/http.(*persistConn).writeLoop"),
		goleak.IgnoreTopFunction("net/http.(*persistConn).readLoop"),
	)
}

// run executes sql through the raw SDK, waits for it to end and returns its
// QueryExecution; it fails t unless the query SUCCEEDED.
func run(t testing.TB, env *athenatest.Env, sql string) *types.QueryExecution {
	t.Helper()
	qe, err := tryRun(env, sql)
	if err != nil {
		t.Fatal(err)
	}
	return qe
}

// tryRun executes sql and returns an error unless it SUCCEEDED.
func tryRun(env *athenatest.Env, sql string) (*types.QueryExecution, error) {
	ctx := context.Background()
	a := env.Athena()
	out, err := a.StartQueryExecution(ctx, &athena.StartQueryExecutionInput{QueryString: aws.String(sql),
		ResultConfiguration: &types.ResultConfiguration{OutputLocation: aws.String(env.Config.OutputLocation)}})
	if err != nil {
		return nil, fmt.Errorf("start %s: %w", sql, err)
	}
	for {
		g, err := a.GetQueryExecution(ctx, &athena.GetQueryExecutionInput{QueryExecutionId: out.QueryExecutionId})
		if err != nil {
			return nil, err
		}
		qe := g.QueryExecution
		switch qe.Status.State {
		case types.QueryExecutionStateSucceeded:
			return qe, nil
		case types.QueryExecutionStateFailed, types.QueryExecutionStateCancelled:
			return nil, fmt.Errorf("%s: %s: %s", sql, qe.Status.State, aws.ToString(qe.Status.StateChangeReason))
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// unloadTo runs UNLOAD (sql) TO 's3://athenaq-test/unload/<dir>/' as Parquet
// with SNAPPY and returns its data manifest's URI.
func unloadTo(t testing.TB, env *athenatest.Env, sql, dir string, props ...string) string {
	t.Helper()
	with := "format = 'PARQUET', compression = 'SNAPPY'"
	for _, p := range props {
		with += ", " + p
	}
	qe := run(t, env, "UNLOAD ("+sql+") TO 's3://"+athenatest.Bucket+"/unload/"+dir+"/' WITH ("+with+")")
	m := aws.ToString(qe.Statistics.DataManifestLocation)
	if m == "" {
		t.Fatalf("UNLOAD %s: no DataManifestLocation", sql)
	}
	return m
}

// putManifest writes a manifest listing uris under key and returns its URI.
func putManifest(t testing.TB, env *athenatest.Env, key string, uris ...string) string {
	t.Helper()
	env.Put(t, key, strings.Join(uris, "\n"))
	return "s3://" + athenatest.Bucket + "/" + key
}

// recordingAPI wraps an S3 client: it records every GetObject input,
// counts the GETs in flight (until their body is closed) and can delay or
// hold data-file GETs.
type recordingAPI struct {
	api   unload.API
	delay time.Duration
	// hold, when set, blocks GETs of keys it reports true for until
	// their context ends.
	hold func(key string) bool

	mu       sync.Mutex
	inputs   []s3.GetObjectInput
	inFlight int
	maxIn    int
}

func (a *recordingAPI) GetObject(ctx context.Context, in *s3.GetObjectInput, opts ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
	a.mu.Lock()
	a.inputs = append(a.inputs, *in)
	a.inFlight++
	a.maxIn = max(a.maxIn, a.inFlight)
	a.mu.Unlock()
	done := func() {
		a.mu.Lock()
		a.inFlight--
		a.mu.Unlock()
	}
	if a.hold != nil && a.hold(aws.ToString(in.Key)) {
		<-ctx.Done()
		done()
		return nil, ctx.Err()
	}
	if a.delay > 0 {
		select {
		case <-time.After(a.delay):
		case <-ctx.Done():
			done()
			return nil, ctx.Err()
		}
	}
	out, err := a.api.GetObject(ctx, in, opts...)
	if err != nil {
		done()
		return nil, err
	}
	out.Body = &closeHook{ReadCloser: out.Body, onClose: sync.OnceFunc(done)}
	return out, nil
}

// gets returns the keys requested so far, in order.
func (a *recordingAPI) gets() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	var keys []string
	for _, in := range a.inputs {
		keys = append(keys, aws.ToString(in.Key))
	}
	return keys
}

type closeHook struct {
	io.ReadCloser
	onClose func()
}

func (c *closeHook) Close() error {
	c.onClose()
	return c.ReadCloser.Close()
}

// readAll reads every record of r and returns the values of its rows, and
// r's error.
func readAll(t testing.TB, r *unload.Reader) ([][]any, error) {
	t.Helper()
	var rows [][]any
	for r.Next() {
		rec := r.RecordBatch()
		for i := range int(rec.NumRows()) {
			row := make([]any, rec.NumCols())
			for j := range row {
				v, err := unload.Value(rec.Column(j), i)
				if err != nil {
					t.Fatalf("column %s row %d: %v", rec.ColumnName(j), i, err)
				}
				row[j] = v
			}
			rows = append(rows, row)
		}
	}
	return rows, r.Err()
}
