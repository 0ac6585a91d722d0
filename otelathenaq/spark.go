package otelathenaq

import (
	"context"
	"sync"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/athenaq/athenaq/spark"
)

// Span names of the Spark spans.
const (
	sessionSpanName     = "athena.spark.session"
	calculationSpanName = "athena.spark.calculation"
)

// The attributes of Spark sessions and calculations.
const (
	sessionIDKey     = attribute.Key("athena.spark.session.id")
	calculationIDKey = attribute.Key("athena.spark.calculation.id")
	codeKey          = attribute.Key("athena.spark.code")
	descriptionKey   = attribute.Key("athena.spark.description")
	dpuTimeKey       = attribute.Key("athena.spark.dpu_time_ms")
	progressKey      = attribute.Key("athena.spark.progress")
)

// sparkState is a session's or a calculation's span, kept in the context
// that the start hook returns.
type sparkState struct {
	span      trace.Span
	begun     time.Time
	workGroup string // of a session

	mu    sync.Mutex // guards state
	state string
}

type sparkKey struct{}

func sparkFrom(ctx context.Context) *sparkState {
	s, _ := ctx.Value(sparkKey{}).(*sparkState)
	return s
}

// changed records state and reports whether it differs from the last.
func (s *sparkState) changed(state string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if state == s.state {
		return false
	}
	s.state = state
	return true
}

// TraceSessionStart starts a span that lasts as long as the session, a
// child of the span in ctx, and counts the session as active.
func (t *Tracer) TraceSessionStart(ctx context.Context, data spark.TraceSessionStartData) context.Context {
	s := &sparkState{begun: time.Now(), workGroup: data.WorkGroup}
	ctx, s.span = t.tracer.Start(ctx, sessionSpanName, t.startOptions(trace.SpanKindClient, workGroupKey.String(data.WorkGroup))...)
	t.m.sessionActive.Add(ctx, 1, metric.WithAttributes(workGroupKey.String(data.WorkGroup)))
	return context.WithValue(ctx, sparkKey{}, s)
}

// TraceSessionPoll adds an event to the session's span when its state
// changes.
func (t *Tracer) TraceSessionPoll(ctx context.Context, data spark.TraceSessionPollData) {
	s := sparkFrom(ctx)
	if s == nil || !s.changed(string(data.State)) {
		return
	}
	s.span.SetAttributes(sessionIDKey.String(data.SessionID))
	s.span.AddEvent(stateEvent, trace.WithAttributes(stateKey.String(string(data.State))))
}

// TraceSessionEnd ends the session's span and records its lifetime.
func (t *Tracer) TraceSessionEnd(ctx context.Context, data spark.TraceSessionEndData) {
	s := sparkFrom(ctx)
	if s == nil {
		return
	}
	state := string(data.Status.State)
	if state != "" && s.changed(state) {
		s.span.AddEvent(stateEvent, trace.WithAttributes(stateKey.String(state)))
	}
	attrs := []attribute.KeyValue{workGroupKey.String(s.workGroup)}
	if state != "" {
		attrs = append(attrs, stateKey.String(state))
	}
	if data.SessionID != "" {
		s.span.SetAttributes(sessionIDKey.String(data.SessionID))
	}
	if data.Err != nil {
		errType := semconv.ErrorTypeKey.String(errorType(data.Err))
		attrs = append(attrs, errType)
		s.span.SetAttributes(errType)
		s.span.SetStatus(codes.Error, data.Err.Error())
	}
	s.span.SetAttributes(attrs...)
	s.span.End()
	t.m.sessionActive.Add(ctx, -1, metric.WithAttributes(workGroupKey.String(s.workGroup)))
	t.m.sessionD.Record(ctx, time.Since(s.begun).Seconds(), metric.WithAttributes(attrs...))
}

// TraceCalculationStart starts the calculation's span, a child of the span
// in ctx, and counts the calculation as active.
func (t *Tracer) TraceCalculationStart(ctx context.Context, data spark.TraceCalculationStartData) context.Context {
	c := &sparkState{begun: time.Now()}
	attrs := []attribute.KeyValue{sessionIDKey.String(data.SessionID)}
	if data.Description != "" {
		attrs = append(attrs, descriptionKey.String(data.Description))
	}
	if t.queryText {
		attrs = append(attrs, codeKey.String(data.Code))
	}
	ctx, c.span = t.tracer.Start(ctx, calculationSpanName, t.startOptions(trace.SpanKindClient, attrs...)...)
	t.m.calcActive.Add(ctx, 1)
	return context.WithValue(ctx, sparkKey{}, c)
}

// TraceCalculationPoll adds an event to the calculation's span when its
// state changes.
func (t *Tracer) TraceCalculationPoll(ctx context.Context, data spark.TraceCalculationPollData) {
	c := sparkFrom(ctx)
	if c == nil || !c.changed(string(data.State)) {
		return
	}
	c.span.SetAttributes(calculationIDKey.String(data.CalculationID))
	c.span.AddEvent(stateEvent, trace.WithAttributes(stateKey.String(string(data.State))))
}

// TraceCalculationEnd ends the calculation's span and records its
// duration and DPU time.
func (t *Tracer) TraceCalculationEnd(ctx context.Context, data spark.TraceCalculationEndData) {
	c := sparkFrom(ctx)
	if c == nil {
		return
	}
	st := data.Status
	state := string(st.State)
	if state != "" && c.changed(state) {
		c.span.AddEvent(stateEvent, trace.WithAttributes(stateKey.String(state)))
	}
	var attrs []attribute.KeyValue
	if state != "" {
		attrs = append(attrs, stateKey.String(state))
	}
	if data.Err != nil {
		errType := semconv.ErrorTypeKey.String(errorType(data.Err))
		attrs = append(attrs, errType)
		c.span.SetStatus(codes.Error, data.Err.Error())
	}
	if data.CalculationID != "" {
		c.span.SetAttributes(calculationIDKey.String(data.CalculationID))
	}
	if st.DPUTime > 0 {
		c.span.SetAttributes(dpuTimeKey.Int64(st.DPUTime.Milliseconds()))
		t.m.calcDPUSeconds.Add(ctx, st.DPUTime.Seconds())
	}
	if st.Progress != "" {
		c.span.SetAttributes(progressKey.String(st.Progress))
	}
	c.span.SetAttributes(attrs...)
	c.span.End()
	t.m.calcActive.Add(ctx, -1)
	t.m.calcD.Record(ctx, time.Since(c.begun).Seconds(), metric.WithAttributes(attrs...))
}
