package otelathenaq

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/athenaq/athenaq"
)

// TraceAPICall counts a request to Athena by operation: every request,
// the throttled ones and the retries, with its round trip and the time the
// call waited for the client's token bucket. A failed request that a
// query's Start made adds an event to the query's span.
func (t *Tracer) TraceAPICall(ctx context.Context, data athenaq.TraceAPICallData) {
	op := operationKey.String(data.Operation)
	byOp := metric.WithAttributes(op)
	if data.Err != nil {
		errType := errorType(data.Err)
		t.m.requests.Add(ctx, 1, metric.WithAttributes(op, semconv.ErrorTypeKey.String(errType)))
		t.m.requestD.Record(ctx, data.Duration.Seconds(), metric.WithAttributes(op, semconv.ErrorTypeKey.String(errType)))
		if q := queryFrom(ctx); q != nil {
			q.span.AddEvent(requestEvent, trace.WithAttributes(op, attemptKey.Int(data.Attempt), throttledKey.Bool(data.Throttled),
				semconv.ErrorTypeKey.String(errType)))
		}
	} else {
		t.m.requests.Add(ctx, 1, byOp)
		t.m.requestD.Record(ctx, data.Duration.Seconds(), byOp)
	}
	if data.Throttled {
		t.m.throttles.Add(ctx, 1, byOp)
	}
	if data.Attempt > 1 {
		t.m.retries.Add(ctx, 1, byOp)
	}
	if data.QuotaWait > 0 {
		t.m.quotaWait.Add(ctx, data.QuotaWait.Seconds(), byOp)
	}
}

// TracePollBatch records the size of a status check of the poller, by
// operation.
func (t *Tracer) TracePollBatch(ctx context.Context, data athenaq.TracePollBatchData) {
	attrs := []attribute.KeyValue{operationKey.String(data.Operation)}
	if data.Err != nil {
		attrs = append(attrs, semconv.ErrorTypeKey.String(errorType(data.Err)))
	}
	t.m.pollBatch.Record(ctx, int64(data.Size), metric.WithAttributes(attrs...))
}
