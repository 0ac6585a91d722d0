package otelathenaq

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/smithy-go"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/spark"
)

// The attributes that are Athena's own.
const (
	queryIDKey        = attribute.Key("athena.query.id")
	workGroupKey      = attribute.Key("athena.work_group")
	stateKey          = attribute.Key("athena.state")
	statementTypeKey  = attribute.Key("athena.statement_type")
	engineVersionKey  = attribute.Key("athena.engine_version")
	errorCategoryKey  = attribute.Key("athena.error.category")
	errorTypeKey      = attribute.Key("athena.error.type")
	errorRetryableKey = attribute.Key("athena.error.retryable")
	scannedKey        = attribute.Key("athena.data_scanned_bytes")
	costKey           = attribute.Key("athena.cost.usd")
	queueTimeKey      = attribute.Key("athena.queue_time_ms")
	planningTimeKey   = attribute.Key("athena.planning_time_ms")
	engineTimeKey     = attribute.Key("athena.engine_time_ms")
	preprocessKey     = attribute.Key("athena.service_preprocessing_time_ms")
	processingKey     = attribute.Key("athena.service_processing_time_ms")
	totalTimeKey      = attribute.Key("athena.total_time_ms")
	dpuCountKey       = attribute.Key("athena.dpu_count")
	reusedKey         = attribute.Key("athena.result_reused")
	cachedKey         = attribute.Key("athena.client_cache_hit")
	operationKey      = attribute.Key("athena.operation")
	attemptKey        = attribute.Key("athena.attempt")
	throttledKey      = attribute.Key("athena.throttled")
)

// Event names.
const (
	stateEvent   = "athena.state_change"
	requestEvent = "athena.request_failed"
)

// queryState is a query's span and what the events after its start need.
// TraceQueryStart puts it in the context it returns.
type queryState struct {
	span      trace.Span
	begun     time.Time
	workGroup string
	namespace string

	mu    sync.Mutex // guards state, named
	state athenaq.State
	named bool // the span has its final name
}

type queryKey struct{}

func queryFrom(ctx context.Context) *queryState {
	q, _ := ctx.Value(queryKey{}).(*queryState)
	return q
}

// TraceQueryStart starts the query's span, a child of the span in ctx, and
// counts the query as active.
func (t *Tracer) TraceQueryStart(ctx context.Context, data athenaq.TraceQueryStartData) context.Context {
	q := &queryState{begun: time.Now(), workGroup: data.WorkGroup, namespace: namespace(data.Catalog, data.Database)}
	attrs := make([]attribute.KeyValue, 0, 3)
	if q.namespace != "" {
		attrs = append(attrs, semconv.DBNamespace(q.namespace))
	}
	if q.workGroup != "" {
		attrs = append(attrs, workGroupKey.String(q.workGroup))
	}
	if t.queryText {
		attrs = append(attrs, semconv.DBQueryText(data.SQL))
	}
	ctx, q.span = t.tracer.Start(ctx, SystemName, t.startOptions(trace.SpanKindClient, attrs...)...)
	t.m.queryActive.Add(ctx, 1, metric.WithAttributes(workGroupKey.String(q.workGroup)))
	return context.WithValue(ctx, queryKey{}, q)
}

// TraceQueryPoll adds an event to the query's span when its state changes,
// and names the span after the statement once Athena has classified it.
func (t *Tracer) TraceQueryPoll(ctx context.Context, data athenaq.TraceQueryPollData) {
	q := queryFrom(ctx)
	if q == nil {
		return
	}
	q.mu.Lock()
	changed := data.State != q.state
	q.state = data.State
	rename := !q.named && data.Status.SubstatementType != ""
	q.named = q.named || rename
	q.mu.Unlock()
	if rename {
		q.span.SetName(spanName(data.Status, q.namespace))
		q.span.SetAttributes(queryIDKey.String(data.QueryID))
	}
	if changed {
		q.span.AddEvent(stateEvent, trace.WithAttributes(stateKey.String(string(data.State))))
	}
}

// TraceQueryEnd sets the query's outcome on its span, ends the span and
// records the query's metrics.
func (t *Tracer) TraceQueryEnd(ctx context.Context, data athenaq.TraceQueryEndData) {
	q := queryFrom(ctx)
	if q == nil {
		return
	}
	st := data.Status
	// The names as the application gave them, as the semantic conventions
	// recommend (Athena echoes the catalog in lower case); Athena's when
	// the application left them to Athena's defaults.
	ns, wgName := q.namespace, q.workGroup
	if ns == "" {
		ns = namespace(st.Catalog, st.Database)
	}
	if wgName == "" {
		wgName = st.WorkGroup
	}
	q.mu.Lock()
	changed := st.State != "" && st.State != q.state
	q.state = st.State
	q.mu.Unlock()
	if changed {
		q.span.AddEvent(stateEvent, trace.WithAttributes(stateKey.String(string(st.State))))
	}
	if st.SubstatementType != "" {
		q.span.SetName(spanName(st, ns))
	}
	q.span.SetAttributes(t.statusAttributes(data.QueryID, wgName, ns, st, data.Cached)...)
	errType := ""
	if err := outcome(data); err != nil {
		errType = errorType(err)
		q.span.SetAttributes(semconv.ErrorTypeKey.String(errType))
		q.span.SetStatus(codes.Error, err.Error())
	}
	q.span.End()

	// The active count goes down with the attributes it went up with.
	t.m.queryActive.Add(ctx, -1, metric.WithAttributes(workGroupKey.String(q.workGroup)))
	wg := workGroupKey.String(wgName)
	if data.Cached {
		t.m.cached.Add(ctx, 1, metric.WithAttributes(wg))
		return // the earlier query's statistics were counted when it ran
	}
	attrs := []attribute.KeyValue{semconv.DBSystemNameKey.String(SystemName), wg}
	if ns != "" {
		attrs = append(attrs, semconv.DBNamespace(ns))
	}
	if op := operationName(st); op != "" {
		attrs = append(attrs, semconv.DBOperationName(op))
	}
	if st.State.Terminal() {
		attrs = append(attrs, stateKey.String(string(st.State)))
	}
	if errType != "" {
		attrs = append(attrs, semconv.ErrorTypeKey.String(errType))
	}
	t.m.queryDuration.Record(ctx, time.Since(q.begun).Seconds(), metric.WithAttributes(attrs...))
	if !st.State.Terminal() {
		return // no statistics
	}
	byState := metric.WithAttributes(wg, stateKey.String(string(st.State)))
	t.m.queueDuration.Record(ctx, st.Statistics.QueryQueue.Seconds(), byState)
	if n := st.Statistics.DataScannedBytes; n > 0 {
		t.m.scanned.Add(ctx, n, byState)
	}
	if c := cost(st, t.pricePerTB); c > 0 {
		t.m.cost.Add(ctx, c, byState)
	}
}

// statusAttributes are the attributes of a query's final status.
func (t *Tracer) statusAttributes(id, wg, ns string, st athenaq.Status, cached bool) []attribute.KeyValue {
	attrs := make([]attribute.KeyValue, 0, 24)
	if id != "" {
		attrs = append(attrs, queryIDKey.String(id))
	}
	if wg != "" {
		attrs = append(attrs, workGroupKey.String(wg))
	}
	if ns != "" {
		attrs = append(attrs, semconv.DBNamespace(ns))
	}
	if cached {
		attrs = append(attrs, cachedKey.Bool(true))
	}
	if st.State == "" {
		return attrs // Start failed, or the client closed before a status
	}
	attrs = append(attrs, stateKey.String(string(st.State)))
	if op := operationName(st); op != "" {
		attrs = append(attrs, semconv.DBOperationName(op))
	}
	if st.StatementType != "" {
		attrs = append(attrs, statementTypeKey.String(st.StatementType))
	}
	if st.EngineVersion != "" {
		attrs = append(attrs, engineVersionKey.String(st.EngineVersion))
	}
	if e := st.Error; e != nil {
		attrs = append(attrs, errorCategoryKey.Int(int(e.Category)), errorTypeKey.Int(int(e.Type)),
			errorRetryableKey.Bool(e.Retryable), semconv.DBResponseStatusCode(strconv.Itoa(int(e.Type))))
	}
	if !st.State.Terminal() {
		return attrs
	}
	s := st.Statistics
	attrs = append(attrs,
		scannedKey.Int64(s.DataScannedBytes),
		costKey.Float64(cost(st, t.pricePerTB)),
		queueTimeKey.Int64(s.QueryQueue.Milliseconds()),
		engineTimeKey.Int64(s.EngineExecution.Milliseconds()),
		preprocessKey.Int64(s.ServicePreprocess.Milliseconds()),
		processingKey.Int64(s.ServiceProcessing.Milliseconds()),
		totalTimeKey.Int64(s.TotalExecution.Milliseconds()),
		reusedKey.Bool(st.ReusedPreviousResult),
	)
	if s.HasQueryPlanning {
		attrs = append(attrs, planningTimeKey.Int64(s.QueryPlanning.Milliseconds()))
	}
	if s.DPUCount > 0 {
		attrs = append(attrs, dpuCountKey.Float64(s.DPUCount))
	}
	return attrs
}

// outcome returns why a query did not succeed, or nil: the end's error, or
// a FAILED or CANCELLED status.
func outcome(data athenaq.TraceQueryEndData) error {
	if data.Err != nil {
		return data.Err
	}
	switch data.Status.State {
	case athenaq.StateFailed, athenaq.StateCancelled:
		return &athenaq.QueryError{QueryID: data.QueryID, State: data.Status.State, Message: data.Status.StateReason}
	}
	return nil
}

// errorType is the error.type of err, low in cardinality: Athena's error
// type number of a FAILED query, the state of a CANCELLED one (or of a
// FAILED one without a type) and of a failed Spark session or
// calculation, the API's error code of a refused call, the
// sentinel's name of a closed client or an ended context, and else what
// semconv.ErrorType derives from err's type.
func errorType(err error) string {
	var qe *athenaq.QueryError
	var ce *spark.CalculationError
	var se *spark.SessionError
	var api smithy.APIError
	switch {
	case errors.As(err, &qe) && qe.Cause == nil:
		if qe.State == athenaq.StateFailed && qe.ErrorType != 0 {
			return strconv.Itoa(int(qe.ErrorType))
		}
		return string(qe.State)
	case errors.As(err, &ce) && ce.Cause == nil:
		return string(ce.State)
	case errors.As(err, &se) && se.Cause == nil:
		return string(se.State)
	case errors.Is(err, athenaq.ErrClosed):
		return "athenaq.ErrClosed"
	case errors.Is(err, context.Canceled):
		return "context.Canceled"
	case errors.Is(err, context.DeadlineExceeded):
		return "context.DeadlineExceeded"
	case errors.As(err, &api):
		return api.ErrorCode()
	}
	return semconv.ErrorType(err).Value.AsString()
}

// namespace is db.namespace: the catalog and the database, separated by
// "|" as the semantic conventions ask of namespaces with several parts.
func namespace(catalog, database string) string {
	switch {
	case catalog == "":
		return database
	case database == "":
		return catalog
	}
	return catalog + "|" + database
}

// operationName is db.operation.name: Athena's SubstatementType with
// spaces, such as "SELECT" or "CREATE TABLE AS SELECT".
func operationName(st athenaq.Status) string {
	return strings.ReplaceAll(st.SubstatementType, "_", " ")
}

// spanName is "{db.operation.name} {db.namespace}", as the semantic
// conventions name database spans.
func spanName(st athenaq.Status, ns string) string {
	op := operationName(st)
	if ns == "" {
		return op
	}
	return op + " " + ns
}

// Athena bills the data scanned by the megabyte, rounded up, and at least
// 10 MB for a query that scans anything; FAILED queries are free (DDL
// scans nothing). MB and TB are binary multiples, as in AWS billing and in
// the athenaq command's cost line.
const (
	billingUnit    = 1 << 20
	minBilledBytes = 10 << 20
	bytesPerTB     = 1 << 40
)

// cost is what st's data scanned costs at pricePerTB.
func cost(st athenaq.Status, pricePerTB float64) float64 {
	n := st.Statistics.DataScannedBytes
	if n <= 0 || st.State == athenaq.StateFailed {
		return 0
	}
	billed := max((n+billingUnit-1)/billingUnit*billingUnit, minBilledBytes)
	return float64(billed) / bytesPerTB * pricePerTB
}
