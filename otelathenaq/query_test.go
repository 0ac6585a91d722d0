package otelathenaq_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/emulator"
	"github.com/athenaq/athenaq/otelathenaq"
)

// states returns the states of a span's state-change events, in order.
func states(s sdktrace.ReadOnlySpan) []string {
	var out []string
	for _, e := range s.Events() {
		if e.Name != "athena.state_change" {
			continue
		}
		for _, kv := range e.Attributes {
			if kv.Key == "athena.state" {
				out = append(out, kv.Value.AsString())
			}
		}
	}
	return out
}

func TestQuerySpanCoversTheQueryUnderTheCallersSpan(t *testing.T) {
	for _, tc := range []struct {
		name string
		sql  string
		// run runs the query and returns its id and final state.
		run        func(ctx context.Context, c *athenaq.Client, sql string) (string, athenaq.State)
		state      string
		operation  string
		spanStatus codes.Code
		errorType  string
	}{
		{"succeeded", "SELECT n FROM range(10) AS t(n)", wait, "SUCCEEDED", "SELECT", codes.Unset, ""},
		{"failed", "SELECT * FROM missing", wait, "FAILED", "SELECT", codes.Error, ""},
		{"cancelled", "SELECT count(*) FROM range(100000000) a, range(100000) b", cancel, "CANCELLED", "SELECT", codes.Error, "CANCELLED"},
		{"DDL", "CREATE DATABASE traced", wait, "SUCCEEDED", "CREATE DATABASE", codes.Unset, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tel := newTelemetry(t)
			c, _ := open(t, tel, athenaq.Config{WorkGroup: "primary", Database: "default"})
			ctx, parent := tel.tp.Tracer("test").Start(context.Background(), "caller")
			id, st := tc.run(ctx, c, tc.sql)
			parent.End()
			if string(st) != tc.state {
				t.Fatalf("query ended %s, want %s", st, tc.state)
			}
			spans := tel.ended(tc.operation + " AwsDataCatalog|default")
			if len(spans) != 1 {
				t.Fatalf("%d spans %q; all: %v", len(spans), tc.operation+" AwsDataCatalog|default", names(tel))
			}
			s := spans[0]
			if s.Parent().SpanID() != parent.SpanContext().SpanID() || s.SpanContext().TraceID() != parent.SpanContext().TraceID() {
				t.Errorf("span's parent %v, want the caller's span %v", s.Parent().SpanID(), parent.SpanContext().SpanID())
			}
			if s.SpanKind() != trace.SpanKindClient {
				t.Errorf("span kind %v", s.SpanKind())
			}
			a := attrs(s)
			want := map[attribute.Key]string{"db.system.name": "aws.athena", "db.namespace": "AwsDataCatalog|default",
				"db.operation.name": tc.operation, "athena.query.id": id, "athena.work_group": "primary", "athena.state": tc.state}
			for k, v := range want {
				if got := a[k].String(); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			for _, k := range []attribute.Key{"athena.data_scanned_bytes", "athena.cost.usd", "athena.queue_time_ms",
				"athena.engine_time_ms", "athena.total_time_ms", "athena.result_reused", "athena.statement_type"} {
				if _, ok := a[k]; !ok {
					t.Errorf("no %s", k)
				}
			}
			if _, ok := a["db.query.text"]; ok {
				t.Error("the query text is recorded without WithQueryText")
			}
			if s.Status().Code != tc.spanStatus {
				t.Errorf("status %v %q, want %v", s.Status().Code, s.Status().Description, tc.spanStatus)
			}
			got := states(s)
			if len(got) == 0 || got[len(got)-1] != tc.state {
				t.Errorf("state events %v, want them to end with %s", got, tc.state)
			}
			for i := 1; i < len(got); i++ {
				if got[i] == got[i-1] {
					t.Errorf("state events %v repeat a state", got)
				}
			}
			switch tc.state {
			case "FAILED":
				if a["athena.error.type"].AsInt64() == 0 || a["athena.error.category"].AsInt64() == 0 ||
					a["error.type"].AsString() != a["db.response.status_code"].AsString() || a["error.type"].AsString() == "" {
					t.Errorf("FAILED query's error attributes: %v", a)
				}
				if !strings.Contains(s.Status().Description, "missing") {
					t.Errorf("status description %q does not give Athena's reason", s.Status().Description)
				}
				if a["athena.cost.usd"].AsFloat64() != 0 {
					t.Errorf("a FAILED query costs %v", a["athena.cost.usd"])
				}
			case "CANCELLED":
				if a["error.type"].AsString() != tc.errorType {
					t.Errorf("error.type %q, want %q", a["error.type"].AsString(), tc.errorType)
				}
			default:
				if _, ok := a["error.type"]; ok {
					t.Errorf("error.type %v on a query that succeeded", a["error.type"])
				}
			}
		})
	}
}

func wait(ctx context.Context, c *athenaq.Client, sql string) (string, athenaq.State) {
	q, err := c.Start(ctx, sql)
	if err != nil {
		panic(err)
	}
	st, _ := q.Wait(ctx)
	return q.ID(), st.State
}

func cancel(ctx context.Context, c *athenaq.Client, sql string) (string, athenaq.State) {
	q, err := c.Start(ctx, sql)
	if err != nil {
		panic(err)
	}
	for q.Status().State != athenaq.StateRunning {
		time.Sleep(5 * time.Millisecond)
	}
	if err := q.Cancel(ctx); err != nil {
		panic(err)
	}
	return q.ID(), q.Status().State
}

func names(tel *telemetry) []string {
	var out []string
	for _, s := range tel.spans.Ended() {
		out = append(out, s.Name())
	}
	return out
}

func TestQueryTextIsRecordedOnlyWhenAsked(t *testing.T) {
	const sql = "SELECT ? AS secret"
	for _, on := range []bool{false, true} {
		tel := newTelemetry(t, otelathenaq.WithQueryText(on))
		c, _ := open(t, tel, athenaq.Config{})
		if _, err := c.Exec(context.Background(), sql, "s3cr3t"); err != nil {
			t.Fatal(err)
		}
		spans := tel.ended("SELECT AwsDataCatalog|default")
		if len(spans) != 1 {
			t.Fatalf("spans %v", names(tel))
		}
		text, ok := attrs(spans[0])["db.query.text"]
		if ok != on || on && text.AsString() != sql {
			t.Errorf("WithQueryText(%v): db.query.text %q, present %v", on, text.AsString(), ok)
		}
		for _, kv := range spans[0].Attributes() {
			if strings.Contains(kv.Value.String(), "s3cr3t") {
				t.Errorf("an argument is recorded in %s", kv.Key)
			}
		}
	}
}

func TestStartFailureEndsTheSpanWithTheAPIError(t *testing.T) {
	tel := newTelemetry(t, otelathenaq.WithAttributes(attribute.String("cloud.region", "us-east-1")))
	c, _ := open(t, tel, athenaq.Config{})
	ctx, parent := tel.tp.Tracer("test").Start(context.Background(), "caller")
	_, err := c.Start(ctx, "SELEC 1")
	parent.End()
	if err == nil {
		t.Fatal("a syntax error was accepted")
	}
	spans := tel.ended(otelathenaq.SystemName)
	if len(spans) != 1 {
		t.Fatalf("spans %v", names(tel))
	}
	s := spans[0]
	a := attrs(s)
	if s.Status().Code != codes.Error || a["error.type"].AsString() != "InvalidRequestException" || s.Parent().SpanID() != parent.SpanContext().SpanID() {
		t.Errorf("span status %v, error.type %q, parent %v", s.Status(), a["error.type"].AsString(), s.Parent().SpanID())
	}
	if _, ok := a["athena.query.id"]; ok || a["cloud.region"].AsString() != "us-east-1" {
		t.Errorf("attributes %v: want no query id, and the Tracer's own attributes", a)
	}
	var found bool
	for _, e := range s.Events() {
		found = found || e.Name == "athena.request_failed"
	}
	if !found {
		t.Errorf("no event for the refused StartQueryExecution: %v", s.Events())
	}
}

func TestThrottledStartAddsEventsToTheQuerySpan(t *testing.T) {
	tel := newTelemetry(t)
	c, env := open(t, tel, athenaq.Config{}, athenatest.WithOptions(emulator.Options{
		Quotas: map[string]emulator.Rate{"StartQueryExecution": {PerSecond: 10, Burst: 1}}}))
	ctx := context.Background()
	// The client's own bucket would keep the Starts under the quota.
	c.Close()
	cfg := c.Config()
	cfg.APILimits = map[string]athenaq.Limit{"StartQueryExecution": {PerSecond: 1000, Burst: 1000}}
	c, err := athenaq.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	errs := make(chan error, 5)
	for range 5 {
		go func() {
			_, err := c.Exec(ctx, "SELECT 1")
			errs <- err
		}()
	}
	for range 5 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	throttled := env.Server.Stats().Throttled["StartQueryExecution"]
	var events int64
	for _, s := range tel.ended("SELECT AwsDataCatalog|default") {
		for _, e := range s.Events() {
			if e.Name != "athena.request_failed" {
				continue
			}
			a := map[attribute.Key]attribute.Value{}
			for _, kv := range e.Attributes {
				a[kv.Key] = kv.Value
			}
			if a["athena.operation"].AsString() != "StartQueryExecution" || !a["athena.throttled"].AsBool() ||
				a["error.type"].AsString() != "ThrottlingException" {
				t.Errorf("event %v", e.Attributes)
			}
			events++
		}
	}
	if throttled == 0 || events != throttled {
		t.Errorf("%d throttle events on the query spans, the emulator throttled %d Starts", events, throttled)
	}
}

func TestClientCloseEndsTheSpanOfAQueryInFlight(t *testing.T) {
	tel := newTelemetry(t)
	c, _ := open(t, tel, athenaq.Config{}, athenatest.WithOptions(emulator.Options{QueryDelay: time.Hour}))
	if _, err := c.Start(context.Background(), "SELECT 1"); err != nil {
		t.Fatal(err)
	}
	c.Close()
	spans := tel.spans.Ended()
	if len(spans) != 1 {
		t.Fatalf("spans %v", names(tel))
	}
	if a := attrs(spans[0]); spans[0].Status().Code != codes.Error || a["error.type"].AsString() != "athenaq.ErrClosed" {
		t.Errorf("status %v, error.type %q", spans[0].Status(), a["error.type"].AsString())
	}
}
