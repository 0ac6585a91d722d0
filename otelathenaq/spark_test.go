package otelathenaq_test

import (
	"context"
	"slices"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/emulator"
	"github.com/athenaq/athenaq/spark"
)

func TestSparkSessionAndCalculationSpans(t *testing.T) {
	tel := newTelemetry(t)
	c, _ := open(t, tel, athenaq.Config{WorkGroup: "spark"}, athenatest.WithOptions(emulator.Options{
		WorkGroups: []emulator.WorkGroup{{Name: "spark", Spark: true, OutputLocation: "s3://" + athenatest.Bucket + "/spark/"}}}))
	ctx, parent := tel.tp.Tracer("test").Start(context.Background(), "caller")
	s, err := spark.Start(ctx, c, spark.SessionConfig{})
	if err != nil {
		t.Fatal(err)
	}
	ok, err := s.Run(ctx, "%%sql\nSELECT 1 AS one")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ok.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	bad, err := s.Run(ctx, "%%sql\nSELECT * FROM missing")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bad.Wait(ctx); err == nil {
		t.Fatal("a calculation on a missing table completed")
	}
	if err := s.Close(ctx); err != nil {
		t.Fatal(err)
	}
	parent.End()

	sessions := tel.ended("athena.spark.session")
	if len(sessions) != 1 {
		t.Fatalf("spans %v", names(tel))
	}
	ss := sessions[0]
	a := attrs(ss)
	if ss.Parent().SpanID() != parent.SpanContext().SpanID() || a["athena.spark.session.id"].AsString() != s.ID() ||
		a["athena.work_group"].AsString() != "spark" || a["athena.state"].AsString() != "TERMINATED" || ss.Status().Code != codes.Unset {
		t.Errorf("session span: parent %v, attributes %v, status %v", ss.Parent().SpanID(), a, ss.Status())
	}
	if got := states(ss); len(got) < 2 || got[len(got)-1] != "TERMINATED" || !slices.Contains(got, "IDLE") {
		t.Errorf("session state events %v, want IDLE ... TERMINATED", got)
	}

	calcs := map[string]sdktrace.ReadOnlySpan{}
	for _, cs := range tel.ended("athena.spark.calculation") {
		calcs[attrs(cs)["athena.spark.calculation.id"].AsString()] = cs
		if cs.Parent().SpanID() != parent.SpanContext().SpanID() || attrs(cs)["athena.spark.session.id"].AsString() != s.ID() {
			t.Errorf("calculation span: parent %v, attributes %v", cs.Parent().SpanID(), attrs(cs))
		}
		if _, ok := attrs(cs)["athena.spark.code"]; ok {
			t.Error("the code is recorded without WithQueryText")
		}
	}
	if cs := calcs[ok.ID()]; cs == nil || attrs(cs)["athena.state"].AsString() != "COMPLETED" || cs.Status().Code != codes.Unset {
		t.Errorf("completed calculation's span %v", cs)
	}
	if cs := calcs[bad.ID()]; cs == nil || attrs(cs)["athena.state"].AsString() != "FAILED" || cs.Status().Code != codes.Error {
		t.Errorf("failed calculation's span %v", cs)
	}

	m := tel.metrics(t)
	for _, name := range []string{"athena.spark.session.active", "athena.spark.calculation.active"} {
		if sum, n, _ := points[int64](t, m[name]); sum != 0 || n == 0 {
			t.Errorf("%s = %d after every session and calculation ended", name, sum)
		}
	}
	if _, n, _ := points[float64](t, m["athena.spark.session.duration"], attribute.String("athena.state", "TERMINATED"),
		attribute.String("athena.work_group", "spark")); n != 1 {
		t.Errorf("%d session durations, want 1", n)
	}
	for _, state := range []string{"COMPLETED", "FAILED"} {
		if _, n, _ := points[float64](t, m["athena.spark.calculation.duration"], attribute.String("athena.state", state)); n != 1 {
			t.Errorf("%d durations of %s calculations, want 1", n, state)
		}
	}
	if sum, _, _ := points[int64](t, m["athena.api.requests"], attribute.String("athena.operation", "StartCalculationExecution")); sum < 2 {
		t.Errorf("%d StartCalculationExecution requests counted, want 2 or more", sum)
	}
	if _, n, _ := points[int64](t, m["athena.poll.batch.size"], attribute.String("athena.operation", "GetCalculationExecutionStatus")); n == 0 {
		t.Error("no poll batch of calculations")
	}
}
