package athenaq

import (
	"context"
	"time"
)

// Tracer receives a query's lifecycle events, in the style of pgx's
// tracers: TraceQueryStart may return a context carrying a span, which the
// client keeps for that query's later events.
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
}

// TraceQueryPollData is one status check of a query.
type TraceQueryPollData struct {
	QueryID string
	State   State
	Age     time.Duration
}

// TraceQueryEndData is a query's outcome. QueryID is empty when Start
// failed.
type TraceQueryEndData struct {
	QueryID string
	Status  Status
	Err     error
}

type traceKey struct{}

// traceStart calls the tracer and remembers its context for the query's
// later events.
func (c *Client) traceStart(ctx context.Context, sql string, args []any) context.Context {
	if c.tracer == nil {
		return ctx
	}
	tctx := c.tracer.TraceQueryStart(ctx, TraceQueryStartData{SQL: sql, Args: args})
	return context.WithValue(ctx, traceKey{}, tctx)
}

func traceContext(ctx context.Context) context.Context {
	if tctx, ok := ctx.Value(traceKey{}).(context.Context); ok {
		return tctx
	}
	return ctx
}

func (c *Client) tracePoll(q *Query, st Status) {
	if c.tracer == nil || !q.traced {
		return // only the queries this client started have a span
	}
	c.tracer.TraceQueryPoll(q.traceCtx(), TraceQueryPollData{QueryID: q.id, State: st.State, Age: time.Since(q.submitted)})
}

func (c *Client) traceEnd(ctx context.Context, id string, st Status, err error) {
	if c.tracer == nil {
		return
	}
	c.tracer.TraceQueryEnd(traceContext(ctx), TraceQueryEndData{QueryID: id, Status: st, Err: err})
}
