package athenaq

import (
	"context"
	"errors"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/aws/smithy-go/middleware"
)

// Tracer receives a query's lifecycle events, in the style of pgx's
// tracers: TraceQueryStart may return a context carrying a span, which the
// client keeps for that query's later events.
//
// A Tracer may implement the optional interfaces APICallTracer, PollTracer
// and TransportTracer, and the spark package's spark.Tracer, to receive
// more events; the client checks for them once, in Open. The tracer's
// methods are called from the caller's goroutine or from the client's own
// (the poller's, a Rows' read-ahead), often concurrently, and must not
// block. Package otelathenaq implements all of them with OpenTelemetry.
type Tracer interface {
	// TraceQueryStart is called before StartQueryExecution.
	TraceQueryStart(ctx context.Context, data TraceQueryStartData) context.Context
	// TraceQueryPoll is called for each status the poller sees.
	TraceQueryPoll(ctx context.Context, data TraceQueryPollData)
	// TraceQueryEnd is called exactly once for each TraceQueryStart: when
	// Start fails (TraceQueryEndData.QueryID is then empty unless Athena
	// accepted the query), when Start reuses a cached result (at once), and
	// when the query ends or the client closes. Handles made by Attach were
	// not started by this client and produce no events.
	TraceQueryEnd(ctx context.Context, data TraceQueryEndData)
}

// TraceQueryStartData describes a query about to start.
type TraceQueryStartData struct {
	SQL  string
	Args []any
	// WorkGroup, Catalog and Database are the query's: those of its
	// StartOptions, else the Config's. Empty values are left to Athena
	// (the work group's own, AwsDataCatalog, default).
	WorkGroup string
	Catalog   string
	Database  string
}

// TraceQueryPollData is one status check of a query.
type TraceQueryPollData struct {
	QueryID string
	State   State
	Age     time.Duration
	// Status is the whole status the check returned.
	Status Status
}

// TraceQueryEndData is a query's outcome. QueryID is empty when Start
// failed.
type TraceQueryEndData struct {
	QueryID string
	Status  Status
	Err     error
	// Cached reports that Start answered from the client's cache
	// (Config.CacheTTL): Status is that of the earlier query, whose
	// statistics (data scanned, times) were counted when it ran.
	Cached bool
}

// APICallTracer is a Tracer that also sees every request the client sends
// to Athena: each attempt of each call, the SDK's retries of 5xx answers
// and connection errors and the client's retries of throttles included.
type APICallTracer interface {
	// TraceAPICall is called when a request's answer (or failure) has
	// arrived. ctx is the call's context, or for the requests of Start the
	// context that TraceQueryStart returned.
	TraceAPICall(ctx context.Context, data TraceAPICallData)
}

// TraceAPICallData is one request to Athena.
type TraceAPICallData struct {
	// Operation is the API operation, such as "StartQueryExecution".
	Operation string
	// Attempt is 1 for a call's first request and counts every retry: the
	// SDK's (5xx answers, connection errors) and the client's (throttles).
	// A request with Attempt above 1 is a retry.
	Attempt int
	// Throttled reports that Athena refused the request with a throttle
	// (ThrottlingException, or TooManyRequestsException for the
	// concurrent-query limit); the client retries it after a backoff
	// while the caller's context allows.
	Throttled bool
	// QuotaWait is how long the call waited for the client's token bucket
	// of the operation (Config.APILimits) before this request; zero for
	// the SDK's retries.
	QuotaWait time.Duration
	// Duration is the request's round trip, the answer's decoding
	// included.
	Duration time.Duration
	// Err is the request's error, nil on success.
	Err error
}

// PollTracer is a Tracer that also sees each status check of the poller,
// which batches the queries that are due into one call.
type PollTracer interface {
	// TracePollBatch is called after each status check of queries in
	// flight, and after each status check of the spark package's
	// sessions and calculations.
	TracePollBatch(ctx context.Context, data TracePollBatchData)
}

// TracePollBatchData is one status check of the poller.
type TracePollBatchData struct {
	// Operation is the call that checked: "BatchGetQueryExecution" for a
	// batch, "GetQueryExecution" for a single query (or when the batch
	// call is refused), "GetCalculationExecutionStatus" or
	// "GetSessionStatus" for the spark package (one call per id: Athena
	// has no batch call for them).
	Operation string
	// Size is the number of ids checked.
	Size int
	// Err is the error that made the poller back off, nil otherwise.
	Err error
}

// TransportTracer is a Tracer that also sees each read of a query's
// result, by whichever transport (Config.ResultMode).
type TransportTracer interface {
	// TraceTransportRead is called once per Rows, when it closes: at the
	// end of the rows, on an error, or when the caller closes it. ctx is
	// the one Rows was opened with.
	TraceTransportRead(ctx context.Context, data TraceTransportReadData)
}

// TraceTransportReadData is one read of a query's result.
type TraceTransportReadData struct {
	QueryID string
	// Mode is the transport that read: ResultAPI pages GetQueryResults,
	// ResultCSV reads the result file from S3, ResultUnload the Parquet
	// files of the UNLOAD.
	Mode ResultMode
	// Rows is the number of rows handed out.
	Rows int64
	// Pages is the number of GetQueryResults calls, the CSV transport's
	// call for the column types included.
	Pages int
	// ReadStats are the S3 reads of the CSV and UNLOAD transports.
	ReadStats
	// Duration is the time from opening the rows to closing them.
	Duration time.Duration
	// Err is the error that ended the read, nil when it reached the end or
	// the caller closed the rows.
	Err error
}

// ReadStats are the S3 reads of a result transport. A ResultSource that
// has a method ReadStats() ReadStats reports them to a TransportTracer;
// the records package's UNLOAD reader does.
type ReadStats struct {
	// Files is the number of S3 objects read: the result file, or the
	// UNLOAD's data files.
	Files int
	// Parts is the number of byte ranges the objects were split into to
	// download them in parallel.
	Parts int
	// Requests counts the GetObject calls, Retries those that resumed a
	// download after a failure.
	Requests int
	Retries  int
	// Bytes is the number of body bytes received.
	Bytes int64
}

type traceKey struct{}

// initTracing keeps the optional interfaces of cfg.Tracer. The client pays
// for tracing only when a Tracer or a Logger is set.
func (c *Client) initTracing() {
	c.tracer = c.cfg.Tracer
	c.apiTracer, _ = c.tracer.(APICallTracer)
	c.pollTracer, _ = c.tracer.(PollTracer)
	c.readTracer, _ = c.tracer.(TransportTracer)
}

// debug reports whether the Logger takes debug lines, so that the client
// builds none that it would drop.
func (c *Client) debug() bool {
	return c.cfg.Logger != nil && c.log.Enabled(context.Background(), slog.LevelDebug)
}

// traceStart calls the tracer and remembers its context for the query's
// later events.
func (c *Client) traceStart(ctx context.Context, sql string, args []any, wg, catalog, db string) context.Context {
	if c.tracer == nil {
		return ctx
	}
	tctx := c.tracer.TraceQueryStart(ctx, TraceQueryStartData{SQL: sql, Args: args, WorkGroup: wg, Catalog: catalog, Database: db})
	return context.WithValue(ctx, traceKey{}, tctx)
}

func traceContext(ctx context.Context) context.Context {
	if tctx, ok := ctx.Value(traceKey{}).(context.Context); ok {
		return tctx
	}
	return ctx
}

// traceAccepted logs that Athena accepted a query.
func (c *Client) traceAccepted(q *Query, wg string) {
	if c.debug() {
		c.log.Debug("athenaq: query started", "query", q.ID(), "workgroup", wg)
	}
}

// tracePoll reports a status the poller saw; prev is the state seen
// before it.
func (c *Client) tracePoll(q *Query, st Status, prev State) {
	if c.debug() && st.State != prev {
		c.log.Debug("athenaq: query state", "query", q.ID(), "state", st.State, "age", time.Since(q.submitted).Round(time.Millisecond))
	}
	if c.tracer == nil || !q.traced {
		return // only the queries this client started have a span
	}
	c.tracer.TraceQueryPoll(q.traceCtx(), TraceQueryPollData{QueryID: q.ID(), State: st.State, Age: time.Since(q.submitted), Status: st})
}

// traceEnd reports the end of a query whose TraceQueryStart was called.
func (c *Client) traceEnd(ctx context.Context, id string, st Status, err error, cached bool) {
	c.logEnd(id, st, err, cached)
	if c.tracer == nil {
		return
	}
	c.tracer.TraceQueryEnd(traceContext(ctx), TraceQueryEndData{QueryID: id, Status: st, Err: err, Cached: cached})
}

// logEnd logs the end of a query.
func (c *Client) logEnd(id string, st Status, err error, cached bool) {
	if !c.debug() {
		return
	}
	s := st.Statistics
	c.log.Debug("athenaq: query ended", "query", id, "state", st.State, "cached", cached, "scanned", s.DataScannedBytes,
		"queue", s.QueryQueue, "engine", s.EngineExecution, "total", s.TotalExecution, "err", err)
}

// tracePollBatch reports one status check of the poller.
func (c *Client) tracePollBatch(ctx context.Context, op string, size int, err error) {
	if c.debug() {
		c.log.Debug("athenaq: status check", "op", op, "queries", size, "err", err)
	}
	if c.pollTracer != nil {
		c.pollTracer.TracePollBatch(ctx, TracePollBatchData{Operation: op, Size: size, Err: err})
	}
}

// callState is one call's requests, kept in the call's context while a
// tracer or a logger watches them.
type callState struct {
	attempts  atomic.Int64
	quotaWait atomic.Int64 // time.Duration before the next request
}

type callStateKey struct{}

// traceCalls adds the middlewares that report every request to the
// APICallTracer and the Logger: one makes sure that the operation's
// context has a callState (a call made through Client.call has one
// already), the other, which runs once per attempt after the SDK's retry
// loop, counts and reports each request.
func (c *Client) traceCalls(stack *middleware.Stack) error {
	err := stack.Initialize.Add(middleware.InitializeMiddlewareFunc("athenaq.callState",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			if _, ok := ctx.Value(callStateKey{}).(*callState); !ok {
				ctx = context.WithValue(ctx, callStateKey{}, &callState{})
			}
			return next.HandleInitialize(ctx, in)
		}), middleware.Before)
	if err != nil {
		return err
	}
	return stack.Finalize.Insert(middleware.FinalizeMiddlewareFunc("athenaq.traceAttempt",
		func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			start := time.Now()
			out, md, err := next.HandleFinalize(ctx, in)
			c.traceAttempt(ctx, middleware.GetOperationName(ctx), time.Since(start), err)
			return out, md, err
		}), "Retry", middleware.After)
}

// traceAttempt reports one request to Athena.
func (c *Client) traceAttempt(ctx context.Context, op string, d time.Duration, err error) {
	state, _ := ctx.Value(callStateKey{}).(*callState)
	if state == nil {
		return // a stack without the initialize step: nothing to count with
	}
	_, throttled := throttleClass(err)
	data := TraceAPICallData{Operation: op, Attempt: int(state.attempts.Add(1)), Throttled: throttled,
		QuotaWait: time.Duration(state.quotaWait.Swap(0)), Duration: d, Err: err}
	if err != nil && !throttled && !errors.Is(err, context.Canceled) && c.debug() {
		// Throttles have a line of their own, with the backoff (call).
		c.log.Debug("athenaq: request failed", "op", op, "attempt", data.Attempt, "err", err)
	}
	if c.apiTracer != nil {
		c.apiTracer.TraceAPICall(traceContext(ctx), data)
	}
}
