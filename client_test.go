package athenaq_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"go.uber.org/goleak"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/emulator"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m,
		goleak.IgnoreTopFunction("internal/poll.runtime_pollWait"),
		goleak.IgnoreTopFunction("net/http.(*persistConn).writeLoop"),
		goleak.IgnoreTopFunction("net/http.(*persistConn).readLoop"),
	)
}

// open starts an emulator with opts and a client for it.
func open(t testing.TB, cfg athenaq.Config, opts ...athenatest.Option) (*athenaq.Client, *athenatest.Env) {
	t.Helper()
	env := athenatest.Start(t, opts...)
	base := env.ClientConfig()
	cfg.Endpoint, cfg.Region, cfg.AWS = base.Endpoint, base.Region, base.AWS
	if cfg.OutputLocation == "" {
		cfg.OutputLocation = base.OutputLocation
	}
	if cfg.PollInterval == 0 {
		cfg.PollInterval = 10 * time.Millisecond
	}
	c, err := athenaq.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c, env
}

// firstRow runs sql and returns the decoded values of its first row.
func firstRow(t *testing.T, c *athenaq.Client, sql string, args ...any) []any {
	t.Helper()
	rows, err := c.Query(context.Background(), sql, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if !rows.Next() {
		t.Fatalf("%s: no row: %v", sql, rows.Err())
	}
	vals, err := rows.Values()
	if err != nil {
		t.Fatal(err)
	}
	return vals
}

func TestStartWaitAndRows(t *testing.T) {
	c, _ := open(t, athenaq.Config{})
	ctx := context.Background()
	q, err := c.Start(ctx, "SELECT 42 AS answer, 'x' AS s, TIMESTAMP '2026-01-02 03:04:05.678' AS ts, CAST(NULL AS VARCHAR) AS n")
	if err != nil {
		t.Fatal(err)
	}
	if q.ID() == "" {
		t.Fatal("no query id")
	}
	st, err := q.Wait(ctx)
	if err != nil || st.State != athenaq.StateSucceeded || st.StatementType != "DML" {
		t.Fatalf("Wait = %+v, %v", st, err)
	}
	select {
	case <-q.Done():
	default:
		t.Error("Done not closed after Wait")
	}
	rows, err := q.Rows(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols := rows.Columns()
	if len(cols) != 4 || cols[0].Name != "answer" || cols[0].Type != "integer" || cols[0].Precision != 10 {
		t.Errorf("Columns = %+v", cols)
	}
	if !rows.Next() {
		t.Fatalf("no row: %v", rows.Err())
	}
	var n int64
	var s string
	var ts time.Time
	var null sql.NullString
	if err := rows.Scan(&n, &s, &ts, &null); err != nil {
		t.Fatal(err)
	}
	if n != 42 || s != "x" || !ts.Equal(time.Date(2026, 1, 2, 3, 4, 5, 678e6, time.UTC)) || ts.Location() != time.UTC || null.Valid {
		t.Errorf("Scan = %d %q %v %+v", n, s, ts, null)
	}
	if rows.Next() {
		t.Error("a second row")
	}
	if err := rows.Err(); err != nil {
		t.Error(err)
	}
}

func TestRowsStreamAcrossPages(t *testing.T) {
	c, _ := open(t, athenaq.Config{})
	rows, err := c.Query(context.Background(), "SELECT range AS x FROM range(2500) ORDER BY x")
	if err != nil {
		t.Fatal(err)
	}
	want := int64(0)
	for vals, err := range rows.All() {
		if err != nil {
			t.Fatal(err)
		}
		if vals[0] != want {
			t.Fatalf("row %d = %v (%T)", want, vals[0], vals[0])
		}
		want++
	}
	if want != 2500 {
		t.Errorf("%d rows, want 2500", want)
	}
}

func TestMapsAndUtilityRows(t *testing.T) {
	c, env := open(t, athenaq.Config{})
	ctx := context.Background()
	rows, err := c.Query(ctx, "SELECT 1 AS a, 'b' AS b")
	if err != nil {
		t.Fatal(err)
	}
	for m, err := range rows.Maps() {
		if err != nil || m["a"] != int32(1) || m["b"] != "b" {
			t.Errorf("Maps = %v, %v", m, err)
		}
	}
	env.Put(t, "data/t/a.csv", "1,x\n")
	if _, err := c.Exec(ctx, "CREATE EXTERNAL TABLE t (n int, s string) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://"+athenatest.Bucket+"/data/t/'"); err != nil {
		t.Fatal(err)
	}
	// DESCRIBE declares three columns but sends one TAB-joined datum per row.
	rows, err = c.Query(ctx, "DESCRIBE t")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for rows.Next() {
		var name, typ, comment string
		if err := rows.Scan(&name, &typ, &comment); err != nil {
			t.Fatal(err)
		}
		names = append(names, strings.TrimSpace(name)+":"+strings.TrimSpace(typ))
	}
	if strings.Join(names, ",") != "n:int,s:string" {
		t.Errorf("DESCRIBE rows = %v", names)
	}
}

func TestParametersBecomeExecutionParameters(t *testing.T) {
	c, _ := open(t, athenaq.Config{})
	ctx := context.Background()
	vals := firstRow(t, c, "SELECT ? AS a, ? AS b, ? AS c, ? AS d", int64(7), "it's \"quoted\"", 1.5, nil)
	if vals[0] != int64(7) && vals[0] != int32(7) || vals[1] != `it's "quoted"` || vals[2] != 1.5 || vals[3] != nil {
		t.Errorf("values = %#v", vals)
	}
	if _, err := c.Start(ctx, "SELECT ?", 1, 2); err == nil || !strings.Contains(err.Error(), "2 arguments for 1") {
		t.Errorf("argument count mismatch: %v", err)
	}
}

func TestFailedQueryReturnsQueryError(t *testing.T) {
	c, _ := open(t, athenaq.Config{})
	_, err := c.Exec(context.Background(), "SELECT * FROM no_such_table")
	var qe *athenaq.QueryError
	if !errors.As(err, &qe) || qe.State != athenaq.StateFailed || qe.ErrorType != 1301 || qe.ErrorCategory != 2 ||
		!strings.HasPrefix(qe.Message, "TABLE_NOT_FOUND") || qe.QueryID == "" {
		t.Errorf("err = %#v", err)
	}
}

const longQuery = "SELECT count(*) FROM range(100000000) a, range(100000) b"

func TestWaitStopsQueryWhenContextEnds(t *testing.T) {
	c, env := open(t, athenaq.Config{})
	q, err := c.Start(context.Background(), longQuery)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	st, err := q.Wait(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want DeadlineExceeded", err)
	}
	var qe *athenaq.QueryError
	if !errors.As(err, &qe) || qe.QueryID != q.ID() || !strings.Contains(err.Error(), q.ID()) {
		t.Errorf("err %v does not carry the query id", err)
	}
	if st.State.Terminal() {
		t.Errorf("Wait's state = %s, want the last state before the stop", st.State)
	}
	<-q.Done() // the client stops the query in the background
	if s := q.Status().State; s != athenaq.StateCancelled {
		t.Errorf("state after Done = %s, want CANCELLED", s)
	}
	if n := env.Server.Stats().Queries["CANCELLED"]; n != 1 {
		t.Errorf("emulator CANCELLED = %d", n)
	}
}

func TestDetachOnCancelLeavesTheQueryRunning(t *testing.T) {
	c, env := open(t, athenaq.Config{DetachOnCancel: true})
	q, err := c.Start(context.Background(), longQuery)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := q.Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if n := env.Server.Stats().Queries["CANCELLED"]; n != 0 {
		t.Errorf("a detached query was stopped")
	}
	// Cancel stops it on request.
	if err := q.Cancel(context.Background()); err != nil {
		t.Fatal(err)
	}
	if st := q.Status(); st.State != athenaq.StateCancelled {
		t.Errorf("after Cancel: %s", st.State)
	}
}

func TestAttach(t *testing.T) {
	c, _ := open(t, athenaq.Config{})
	ctx := context.Background()
	q, err := c.Start(ctx, "SELECT 5")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := q.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	other, _ := open(t, athenaq.Config{}) // another emulator: the id is unknown there
	if _, err := other.Attach(ctx, q.ID()); err == nil {
		t.Error("Attach of an unknown id succeeded")
	}
	c2, err := athenaq.Open(ctx, athenaq.Config{Endpoint: c.Config().Endpoint, Region: "us-east-1", OutputLocation: "s3://" + athenatest.Bucket + "/results/", AWS: c.Config().AWS})
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	a, err := c2.Attach(ctx, q.ID())
	if err != nil {
		t.Fatal(err)
	}
	rows, err := a.Rows(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if !rows.Next() {
		t.Fatal(rows.Err())
	}
	var v int
	if err := rows.Scan(&v); err != nil || v != 5 {
		t.Errorf("attached rows: %d, %v", v, err)
	}
}

func TestThrottlingStormsAreAbsorbed(t *testing.T) {
	c, env := open(t, athenaq.Config{}, athenatest.WithOptions(emulator.Options{AthenaQuotas: true,
		Faults: emulator.Faults{ThrottleRate: 0.3, Seed: 3}}))
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 60)
	for range 60 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Exec(ctx, "SELECT 1"); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	st := env.Server.Stats()
	if st.Queries["SUCCEEDED"] != 60 {
		t.Errorf("SUCCEEDED = %d, want 60", st.Queries["SUCCEEDED"])
	}
	var throttled int64
	for _, n := range st.Throttled {
		throttled += n
	}
	if throttled == 0 {
		t.Error("the storm throttled nothing: the test proves nothing")
	}
}

func TestMaxConcurrentQueriesBoundsInFlight(t *testing.T) {
	c, env := open(t, athenaq.Config{MaxConcurrentQueries: 3}, athenatest.WithOptions(emulator.Options{QueryDelay: 100 * time.Millisecond}))
	ctx := context.Background()
	var wg sync.WaitGroup
	var mu sync.Mutex
	peak := int64(0)
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			q := env.Server.Stats().Queries
			mu.Lock()
			peak = max(peak, q["QUEUED"]+q["RUNNING"])
			mu.Unlock()
			time.Sleep(5 * time.Millisecond)
		}
	}()
	for range 9 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Exec(ctx, "SELECT 1"); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	close(stop)
	mu.Lock()
	defer mu.Unlock()
	if peak > 3 || peak == 0 {
		t.Errorf("peak in flight = %d, want 1..3", peak)
	}
}

func TestMetadata(t *testing.T) {
	c, env := open(t, athenaq.Config{})
	ctx := context.Background()
	env.Put(t, "data/m/a.csv", "1\n")
	for _, sql := range []string{"CREATE DATABASE meta", "CREATE EXTERNAL TABLE meta.events (id int, tags array<string>) PARTITIONED BY (day string) LOCATION 's3://" + athenatest.Bucket + "/data/m/'",
		"CREATE EXTERNAL TABLE meta.other (x int) LOCATION 's3://" + athenatest.Bucket + "/data/o/'"} {
		if _, err := c.Exec(ctx, sql); err != nil {
			t.Fatal(err)
		}
	}
	dbs, err := c.Databases(ctx, "")
	if err != nil || len(dbs) != 2 || dbs[0].Name != "default" || dbs[1].Name != "meta" {
		t.Errorf("Databases = %+v, %v", dbs, err)
	}
	tables, err := c.Tables(ctx, "", "meta", "ev.*")
	if err != nil || len(tables) != 1 || tables[0].Name != "events" {
		t.Errorf("Tables = %+v, %v", tables, err)
	}
	tb, err := c.Table(ctx, "", "meta", "events")
	if err != nil || len(tb.Columns) != 2 || tb.Columns[1].Type != "array<string>" || len(tb.PartitionKeys) != 1 ||
		tb.Location != "s3://"+athenatest.Bucket+"/data/m" || tb.Type != "EXTERNAL_TABLE" {
		t.Errorf("Table = %+v, %v", tb, err)
	}
	if _, err := c.Table(ctx, "", "meta", "missing"); err == nil {
		t.Error("missing table found")
	}
	qs, err := c.Queries(ctx, "", 2)
	if err != nil || len(qs) != 2 || !strings.HasPrefix(qs[0].Query, "CREATE EXTERNAL TABLE meta.other") {
		t.Errorf("Queries = %+v, %v", qs, err)
	}
	wgs, err := c.WorkGroups(ctx)
	if err != nil || len(wgs) != 1 || wgs[0].Name != "primary" {
		t.Errorf("WorkGroups = %+v, %v", wgs, err)
	}
	cats, err := c.Catalogs(ctx)
	if err != nil || len(cats) != 1 || cats[0].Name != "AwsDataCatalog" {
		t.Errorf("Catalogs = %+v, %v", cats, err)
	}
	if err := c.Ping(ctx); err != nil {
		t.Error(err)
	}
}

type recordingTracer struct {
	mu     sync.Mutex
	events []string
}

type traceKey struct{}

func (r *recordingTracer) add(e string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
}

func (r *recordingTracer) TraceQueryStart(ctx context.Context, d athenaq.TraceQueryStartData) context.Context {
	r.add("start " + d.SQL)
	return context.WithValue(ctx, traceKey{}, "span")
}

func (r *recordingTracer) TraceQueryPoll(ctx context.Context, d athenaq.TraceQueryPollData) {
	if ctx.Value(traceKey{}) == "span" {
		r.add("poll")
	}
}

func (r *recordingTracer) TraceQueryEnd(ctx context.Context, d athenaq.TraceQueryEndData) {
	if ctx.Value(traceKey{}) == "span" {
		r.add("end " + string(d.Status.State))
	}
}

func TestTracerSeesStartPollAndEnd(t *testing.T) {
	tr := &recordingTracer{}
	c, _ := open(t, athenaq.Config{Tracer: tr})
	if _, err := c.Exec(context.Background(), "SELECT 1"); err != nil {
		t.Fatal(err)
	}
	tr.mu.Lock()
	defer tr.mu.Unlock()
	got := strings.Join(tr.events, "|")
	if !strings.HasPrefix(got, "start SELECT 1|poll") || !strings.HasSuffix(got, "|end SUCCEEDED") {
		t.Errorf("events = %q", got)
	}
}

func TestConcurrentQueryLimitIsRetried(t *testing.T) {
	c, env := open(t, athenaq.Config{}, athenatest.WithOptions(emulator.Options{MaxActiveQueries: 2, QueryDelay: 150 * time.Millisecond}))
	var wg sync.WaitGroup
	for range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Exec(context.Background(), "SELECT 1"); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	st := env.Server.Stats()
	if st.Queries["SUCCEEDED"] != 6 || st.Throttled["StartQueryExecution"] == 0 {
		t.Errorf("SUCCEEDED %d, TooManyRequests answers %d: want 6 and some", st.Queries["SUCCEEDED"], st.Throttled["StartQueryExecution"])
	}
}

func TestEncryptionAndOwnerReachAthena(t *testing.T) {
	c, env := open(t, athenaq.Config{Encryption: "SSE_KMS", KMSKey: "arn:aws:kms:us-east-1:123456789012:key/k", ExpectedBucketOwner: "123456789012"})
	st, err := c.Exec(context.Background(), "SELECT 1")
	if err != nil {
		t.Fatal(err)
	}
	out, err := env.Athena().GetQueryExecution(context.Background(), &athena.GetQueryExecutionInput{QueryExecutionId: &st.QueryID})
	if err != nil {
		t.Fatal(err)
	}
	rc := out.QueryExecution.ResultConfiguration
	if rc.EncryptionConfiguration == nil || rc.EncryptionConfiguration.EncryptionOption != "SSE_KMS" ||
		*rc.EncryptionConfiguration.KmsKey != "arn:aws:kms:us-east-1:123456789012:key/k" || *rc.ExpectedBucketOwner != "123456789012" {
		t.Errorf("ResultConfiguration = %+v", rc)
	}
}

func TestStartWithOptions(t *testing.T) {
	c, env := open(t, athenaq.Config{}, athenatest.WithOptions(emulator.Options{WorkGroups: []emulator.WorkGroup{{Name: "other"}}}))
	ctx := context.Background()
	var seen string
	detach := true
	q, err := c.StartWith(ctx, athenaq.StartOptions{WorkGroup: "other", DetachOnCancel: &detach, OnQueryID: func(id string) { seen = id }}, longQuery)
	if err != nil {
		t.Fatal(err)
	}
	if seen != q.ID() {
		t.Errorf("OnQueryID saw %q, query %q", seen, q.ID())
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := q.Wait(cctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Wait: %v", err)
	}
	if n := env.Server.Stats().Queries["CANCELLED"]; n != 0 {
		t.Error("per-query DetachOnCancel ignored")
	}
	out, err := env.Athena().GetQueryExecution(ctx, &athena.GetQueryExecutionInput{QueryExecutionId: aws.String(q.ID())})
	if err != nil || aws.ToString(out.QueryExecution.WorkGroup) != "other" {
		t.Errorf("work group: %v, %v", out, err)
	}
	if err := q.Cancel(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestStartWithDatabase(t *testing.T) {
	c, _ := open(t, athenaq.Config{})
	ctx := context.Background()
	if _, err := c.Exec(ctx, "CREATE DATABASE elsewhere"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Exec(ctx, "CREATE TABLE elsewhere.only_here AS SELECT 7 AS v"); err != nil {
		t.Fatal(err)
	}
	// Unqualified, the table is found only in the database the options name.
	if _, err := c.Query(ctx, "SELECT v FROM only_here"); err == nil {
		t.Fatal("only_here found in the default database")
	}
	q, err := c.StartWith(ctx, athenaq.StartOptions{Database: "elsewhere", Catalog: "AwsDataCatalog"}, "SELECT v FROM only_here")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := q.Rows(ctx)
	if err != nil {
		t.Fatal(err)
	}
	vals, err := athenaq.CollectRows(rows, athenaq.RowTo[int32])
	if err != nil || len(vals) != 1 || vals[0] != 7 {
		t.Errorf("rows = %v, %v; want [7]", vals, err)
	}
	if st := q.Status(); st.Database != "elsewhere" || !strings.EqualFold(st.Catalog, "AwsDataCatalog") {
		t.Errorf("status database %q catalog %q", st.Database, st.Catalog)
	}
}

func TestUpdateCount(t *testing.T) {
	c, _ := open(t, athenaq.Config{})
	ctx := context.Background()
	rows, err := c.Query(ctx, "SELECT 1")
	if err != nil {
		t.Fatal(err)
	}
	if n, ok := rows.UpdateCount(); !ok || n != 0 {
		t.Errorf("SELECT UpdateCount = %d, %v", n, ok)
	}
	rows.Close()
	rows, err = c.Query(ctx, "CREATE DATABASE counted")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := rows.UpdateCount(); ok {
		t.Error("DDL reported an UpdateCount")
	}
	if rows.Next() || len(rows.Columns()) != 0 {
		t.Error("DDL has rows or columns")
	}
	rows.Close()
}

func TestQueriesThatAthenaForgotEndWithAnError(t *testing.T) {
	// An emulator that restarts without its query history stands in for a
	// query id that Athena no longer knows.
	srv, err := emulator.New(emulator.Options{QueryDelay: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	url := srv.URL()
	cfg := withEnv(&athenatest.Env{Config: athenatest.Config{Endpoint: url, Region: "us-east-1", OutputLocation: "s3://" + athenatest.Bucket + "/r/",
		AccessKeyID: "test", SecretAccessKey: "test"}}, athenaq.Config{MaxPollInterval: 100 * time.Millisecond})
	c, err := athenaq.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var qs []*athenaq.Query
	for range 2 {
		q, err := c.Start(context.Background(), "SELECT 1")
		if err != nil {
			t.Fatal(err)
		}
		qs = append(qs, q)
	}
	srv.Close()
	srv2, err := emulator.New(emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv2.Close()
	if err := srv2.Start(strings.TrimPrefix(url, "http://")); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for _, q := range qs {
		_, err := q.Wait(ctx)
		// BatchGetQueryExecution says QUERY_EXECUTION_NOT_FOUND, GetQueryExecution "was not found".
		if err == nil || !strings.Contains(strings.ReplaceAll(strings.ToLower(err.Error()), "_", " "), "not found") || errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Wait = %v, want a not-found error", err)
		}
	}
}
