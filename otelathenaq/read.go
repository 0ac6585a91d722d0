package otelathenaq

import (
	"context"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/athenaq/athenaq"
)

// readSpanName names the span of a result read.
const readSpanName = "athena.read"

// The attributes of a result read.
const (
	resultModeKey   = attribute.Key("athena.result_mode")
	readPagesKey    = attribute.Key("athena.read.pages")
	readFilesKey    = attribute.Key("athena.read.files")
	readPartsKey    = attribute.Key("athena.read.parts")
	readRequestsKey = attribute.Key("athena.read.requests")
	readRetriesKey  = attribute.Key("athena.read.retries")
	readBytesKey    = attribute.Key("athena.read.bytes")
)

// TraceTransportRead records a read of a query's result: a span
// "athena.read", a child of the span in the context the rows were opened
// with, that covers the time from opening the rows to closing them, and
// the read metrics by transport.
func (t *Tracer) TraceTransportRead(ctx context.Context, data athenaq.TraceTransportReadData) {
	end := time.Now()
	mode := resultModeKey.String(string(data.Mode))
	_, span := t.tracer.Start(ctx, readSpanName, append(t.startOptions(trace.SpanKindClient,
		queryIDKey.String(data.QueryID), mode, semconv.DBResponseReturnedRows(int(data.Rows)),
		readPagesKey.Int(data.Pages), readFilesKey.Int(data.Files), readPartsKey.Int(data.Parts),
		readRequestsKey.Int(data.Requests), readRetriesKey.Int(data.Retries), readBytesKey.Int64(data.Bytes)),
		trace.WithTimestamp(end.Add(-data.Duration)))...)
	byMode := metric.WithAttributes(mode)
	if data.Err != nil {
		errType := semconv.ErrorTypeKey.String(errorType(data.Err))
		span.SetAttributes(errType)
		span.SetStatus(codes.Error, data.Err.Error())
		t.m.readDuration.Record(ctx, data.Duration.Seconds(), metric.WithAttributes(mode, errType))
	} else {
		t.m.readDuration.Record(ctx, data.Duration.Seconds(), byMode)
	}
	span.End(trace.WithTimestamp(end))
	t.m.readRows.Add(ctx, data.Rows, byMode)
	if data.Files > 0 {
		t.m.readFiles.Add(ctx, int64(data.Files), byMode)
		t.m.readParts.Add(ctx, int64(data.Parts), byMode)
		t.m.readBytes.Add(ctx, data.Bytes, byMode)
	}
}
