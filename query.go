package athenaq

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/athenaq/athenaq/internal/uuid"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"
)

// StartOptions override the Client's Config for one query.
type StartOptions struct {
	// WorkGroup runs the query in another work group.
	WorkGroup string
	// DetachOnCancel, when non-nil, replaces Config.DetachOnCancel for this
	// query's Wait.
	DetachOnCancel *bool
	// OnQueryID, when set, is called with the query id as soon as Athena
	// accepts the query, before Start returns.
	OnQueryID func(id string)
}

// Query is a handle on one Athena query execution. Its methods are safe for
// concurrent use.
type Query struct {
	c         *Client
	detach    bool // DetachOnCancel for this query
	id        string
	sql       string
	submitted time.Time
	done      chan struct{}
	release   func() // frees the MaxConcurrentQueries slot, once
	// tctx is the Tracer's context from TraceQueryStart: a tracing span
	// must outlive the Start call, so it is kept here (nil without Tracer).
	tctx context.Context

	mu     sync.Mutex // guards status, err, ended
	status Status
	err    error
	ended  bool
}

// Start submits sql with args bound to its '?' placeholders and returns as
// soon as Athena has accepted the query. Athena's status is then polled in
// the background; use Wait, Done or Rows.
//
// For SELECT, INSERT INTO, CTAS, UNLOAD and EXECUTE, args travel as
// ExecutionParameters, encoded as SQL literals (see athenatype.Literal).
// Other statements get them interpolated with the escaping of the grammar
// Athena reads them with: quotes doubled for Trino statements (CREATE VIEW,
// Iceberg CREATE TABLE, UPDATE, ...), athenatype.HiveString for Hive DDL.
//
// Start sends a ClientRequestToken that each retry reuses, so a retried
// Start never runs the query twice. If ctx ends while Start waits for
// Athena, the query, if Athena accepted it, is found by its token and
// stopped.
func (c *Client) Start(ctx context.Context, sql string, args ...any) (*Query, error) {
	return c.StartWith(ctx, StartOptions{}, sql, args...)
}

// StartWith is Start with per-query options.
func (c *Client) StartWith(ctx context.Context, opts StartOptions, sql string, args ...any) (*Query, error) {
	if err := c.acquire(ctx); err != nil {
		return nil, err
	}
	q, err := c.start(ctx, opts, sql, args)
	if err != nil {
		c.releaseSlot()
		return nil, err
	}
	return q, nil
}

func (c *Client) acquire(ctx context.Context) error {
	if c.isClosed() {
		return ErrClosed
	}
	if c.slots == nil {
		return nil
	}
	select {
	case c.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-c.bg.Done():
		return ErrClosed
	}
}

func (c *Client) releaseSlot() {
	if c.slots != nil {
		<-c.slots
	}
}

func (c *Client) isClosed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closed
}

func (c *Client) start(ctx context.Context, opts StartOptions, sql string, args []any) (*Query, error) {
	if c.cfg.CacheTTL > 0 && len(args) == 0 && opts.WorkGroup == "" {
		if id, ok := c.cached(ctx, sql); ok {
			q, err := c.Attach(ctx, id)
			if err == nil {
				// Attach's query holds no slot; this Start's slot is freed now.
				c.releaseSlot()
				q.applyOptions(opts)
				return q, nil
			}
		}
	}
	in, err := c.startInput(sql, args)
	if err != nil {
		return nil, err
	}
	if opts.WorkGroup != "" {
		in.WorkGroup = aws.String(opts.WorkGroup)
	}
	ctx = c.traceStart(ctx, sql, args)
	var out *athena.StartQueryExecutionOutput
	err = c.call(ctx, "StartQueryExecution", func(ctx context.Context) error {
		var err error
		out, err = c.api.StartQueryExecution(ctx, in)
		return err
	})
	if err != nil {
		if ctx.Err() != nil {
			// The request may have reached Athena: find the query by its
			// token and stop it, so that no orphan keeps running.
			c.stopOrphan(in)
			return nil, fmt.Errorf("athenaq: start query: %w", contextErr(ctx, err))
		}
		c.traceEnd(ctx, "", Status{}, err)
		return nil, fmt.Errorf("athenaq: start query: %w", err)
	}
	q := c.newQuery(aws.ToString(out.QueryExecutionId), sql, time.Now())
	q.applyOptions(opts)
	q.release = sync.OnceFunc(c.releaseSlot)
	if c.tracer != nil {
		q.tctx = traceContext(ctx)
	}
	if err := c.track(q); err != nil {
		q.release()
		return nil, err
	}
	c.poller.Add(q.id, q.submitted)
	return q, nil
}

func (c *Client) newQuery(id, sql string, submitted time.Time) *Query {
	return &Query{c: c, id: id, sql: sql, submitted: submitted, done: make(chan struct{}), release: func() {},
		detach: c.cfg.DetachOnCancel, status: Status{QueryID: id, State: StateQueued}}
}

func (q *Query) applyOptions(opts StartOptions) {
	if opts.DetachOnCancel != nil {
		q.detach = *opts.DetachOnCancel
	}
	if opts.OnQueryID != nil {
		opts.OnQueryID(q.id)
	}
}

// startInput builds the StartQueryExecution request, with a fresh token.
func (c *Client) startInput(sql string, args []any) (*athena.StartQueryExecutionInput, error) {
	in := &athena.StartQueryExecutionInput{
		QueryString:           aws.String(sql),
		ClientRequestToken:    aws.String(newToken()),
		WorkGroup:             aws.String(c.cfg.WorkGroup),
		QueryExecutionContext: &types.QueryExecutionContext{Catalog: aws.String(c.cfg.Catalog), Database: aws.String(c.cfg.Database)},
	}
	rc := &types.ResultConfiguration{}
	if c.cfg.OutputLocation != "" {
		rc.OutputLocation = aws.String(c.cfg.OutputLocation)
	}
	if c.cfg.Encryption != "" {
		rc.EncryptionConfiguration = &types.EncryptionConfiguration{EncryptionOption: types.EncryptionOption(c.cfg.Encryption)}
		if c.cfg.KMSKey != "" {
			rc.EncryptionConfiguration.KmsKey = aws.String(c.cfg.KMSKey)
		}
	}
	if c.cfg.ExpectedBucketOwner != "" {
		rc.ExpectedBucketOwner = aws.String(c.cfg.ExpectedBucketOwner)
	}
	in.ResultConfiguration = rc
	if c.cfg.ResultReuse > 0 {
		in.ResultReuseConfiguration = &types.ResultReuseConfiguration{ResultReuseByAgeConfiguration: &types.ResultReuseByAgeConfiguration{
			Enabled: true, MaxAgeInMinutes: aws.Int32(int32(max(1, c.cfg.ResultReuse/time.Minute)))}}
	}
	if len(args) > 0 {
		text, params, err := bind(sql, args)
		if err != nil {
			return nil, err
		}
		in.QueryString = aws.String(text)
		in.ExecutionParameters = params
	}
	return in, nil
}

// stopOrphan resends the StartQueryExecution of a cancelled Start, on a
// detached context: with the same token Athena answers with the query it
// accepted (or starts it now), and the query is then stopped.
func (c *Client) stopOrphan(in *athena.StartQueryExecutionInput) {
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		ctx, cancel := context.WithTimeout(c.bg, 30*time.Second)
		defer cancel()
		var out *athena.StartQueryExecutionOutput
		err := c.call(ctx, "StartQueryExecution", func(ctx context.Context) error {
			var err error
			out, err = c.api.StartQueryExecution(ctx, in)
			return err
		})
		if err != nil {
			c.log.Debug("athenaq: no orphan to stop", "err", err)
			return
		}
		id := aws.ToString(out.QueryExecutionId)
		if err := c.stopQuery(ctx, id); err != nil {
			c.log.Warn("athenaq: stop the query of a cancelled Start", "query", id, "err", err)
		}
	}()
}

// Attach returns a handle on a query started elsewhere (another process, or
// Athena's console), after checking that it exists.
func (c *Client) Attach(ctx context.Context, id string) (*Query, error) {
	if q := c.lookup(id); q != nil {
		return q, nil
	}
	st, err := c.describe(ctx, id)
	if err != nil {
		return nil, err
	}
	q := c.newQuery(id, st.Query, st.Submitted)
	q.setStatus(st)
	if st.State.Terminal() {
		q.finish(st, st.err())
		return q, nil
	}
	if err := c.track(q); err != nil {
		return nil, err
	}
	c.poller.Add(id, st.Submitted)
	return q, nil
}

// Query runs sql (Start, Wait) and returns its rows.
func (c *Client) Query(ctx context.Context, sql string, args ...any) (*Rows, error) {
	q, err := c.Start(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	return q.Rows(ctx)
}

// Exec runs sql (Start, Wait) and returns its final status, whose
// UpdateCount-like facts (statistics, manifest) describe what it did. Use it
// for DDL and DML.
func (c *Client) Exec(ctx context.Context, sql string, args ...any) (Status, error) {
	q, err := c.Start(ctx, sql, args...)
	if err != nil {
		return Status{}, err
	}
	return q.Wait(ctx)
}

// describe is GetQueryExecution.
func (c *Client) describe(ctx context.Context, id string) (Status, error) {
	var out *athena.GetQueryExecutionOutput
	err := c.call(ctx, "GetQueryExecution", func(ctx context.Context) error {
		var err error
		out, err = c.api.GetQueryExecution(ctx, &athena.GetQueryExecutionInput{QueryExecutionId: aws.String(id)})
		return err
	})
	if err != nil {
		return Status{}, fmt.Errorf("athenaq: query %s: %w", id, err)
	}
	return statusFrom(out.QueryExecution), nil
}

// fetchStatuses is the poller's Fetch: one GetQueryExecution for a single
// id, else one BatchGetQueryExecution for up to 50.
func (c *Client) fetchStatuses(ctx context.Context, ids []string) ([]string, error) {
	var statuses []Status
	var done []string
	if len(ids) == 1 {
		st, err := c.describe(ctx, ids[0])
		if err != nil {
			return c.fetchFailed(ids, err)
		}
		statuses = []Status{st}
	} else {
		var out *athena.BatchGetQueryExecutionOutput
		err := c.call(ctx, "BatchGetQueryExecution", func(ctx context.Context) error {
			var err error
			out, err = c.api.BatchGetQueryExecution(ctx, &athena.BatchGetQueryExecutionInput{QueryExecutionIds: ids})
			return err
		})
		if err != nil {
			return c.fetchFailed(ids, err)
		}
		for i := range out.QueryExecutions {
			statuses = append(statuses, statusFrom(&out.QueryExecutions[i]))
		}
		for _, u := range out.UnprocessedQueryExecutionIds {
			id, code := aws.ToString(u.QueryExecutionId), aws.ToString(u.ErrorCode)
			if !strings.Contains(code, "NOT_FOUND") {
				// A transient failure: the id stays scheduled.
				c.log.Warn("athenaq: status not returned", "query", id, "code", code)
				continue
			}
			if q := c.lookup(id); q != nil {
				q.finish(Status{}, fmt.Errorf("athenaq: query %s: %s: %s", id, code, aws.ToString(u.ErrorMessage)))
			}
			done = append(done, id)
		}
	}
	for _, st := range statuses {
		q := c.lookup(st.QueryID)
		if q == nil {
			done = append(done, st.QueryID)
			continue
		}
		q.setStatus(st)
		c.tracePoll(q, st)
		if st.State.Terminal() {
			done = append(done, st.QueryID)
			q.finish(st, st.err())
		}
	}
	return done, nil
}

// fetchFailed handles a failed status call: a query that Athena says does
// not exist ends with that error; anything else is retried by the poller.
func (c *Client) fetchFailed(ids []string, err error) ([]string, error) {
	var ire *types.InvalidRequestException
	if errors.As(err, &ire) && aws.ToString(ire.AthenaErrorCode) == "QUERY_EXECUTION_NOT_FOUND" && len(ids) == 1 {
		if q := c.lookup(ids[0]); q != nil {
			q.finish(Status{}, err)
		}
		return ids, nil
	}
	c.log.Debug("athenaq: status check failed", "queries", len(ids), "err", err)
	return nil, err
}

// ID returns Athena's QueryExecutionId.
func (q *Query) ID() string { return q.id }

// SQL returns the query text as submitted.
func (q *Query) SQL() string { return q.sql }

// Done returns a channel that is closed when the query reaches a final
// state (or the client closes), for select loops.
func (q *Query) Done() <-chan struct{} { return q.done }

// Status returns the last status the poller saw, without calling Athena.
func (q *Query) Status() Status {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.status
}

// Wait blocks until the query reaches a final state and returns its status:
// nil error for SUCCEEDED, a *QueryError for FAILED and CANCELLED.
//
// If ctx ends first, Wait stops the query in Athena (unless
// Config.DetachOnCancel), waits briefly for CANCELLED, and returns a
// *QueryError that matches ctx's error under errors.Is and names the query.
func (q *Query) Wait(ctx context.Context) (Status, error) {
	select {
	case <-q.done:
		return q.result()
	case <-ctx.Done():
	}
	cause := ctx.Err()
	if q.detach {
		return q.Status(), &QueryError{QueryID: q.id, State: q.Status().State, Message: "detached", Cause: cause}
	}
	// The stop may queue behind StopQueryExecution's quota (20/s after a
	// burst of 80), so the detached context allows for the queue; each
	// call itself has a short timeout (stopQuery).
	stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), stopQueueTimeout)
	defer cancel()
	st, err := q.cancel(stopCtx)
	if err != nil {
		return st, &QueryError{QueryID: q.id, State: st.State, Message: err.Error(), Cause: errors.Join(cause, err)}
	}
	return st, &QueryError{QueryID: q.id, State: st.State, Message: st.StateReason, Cause: cause}
}

// stopQueueTimeout bounds how long a stop may wait for the client's
// StopQueryExecution quota: at the default 20/s it covers 2,400 stops.
const stopQueueTimeout = 2 * time.Minute

// stopCallTimeout bounds one StopQueryExecution request.
const stopCallTimeout = 10 * time.Second

// result returns the final status and error.
func (q *Query) result() (Status, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.status, q.err
}

// Cancel stops the query in Athena and waits until Athena reports it
// final. A query that already finished is left as it is.
func (q *Query) Cancel(ctx context.Context) error {
	_, err := q.cancel(ctx)
	return err
}

func (q *Query) cancel(ctx context.Context) (Status, error) {
	select {
	case <-q.done:
		return q.Status(), nil
	default:
	}
	if err := q.c.stopQuery(ctx, q.id); err != nil {
		return q.Status(), err
	}
	// Confirm through the poller, which batches the confirmations of many
	// stops into few calls: Athena moves a stopped query to CANCELLED at
	// once, unless it finished first.
	q.c.poller.CheckSoon(q.id)
	select {
	case <-q.done:
		st, _ := q.result() // CANCELLED, or the state it finished in
		return st, nil
	case <-ctx.Done():
		return q.Status(), ctx.Err()
	}
}

// stopQuery is StopQueryExecution.
func (c *Client) stopQuery(ctx context.Context, id string) error {
	err := c.call(ctx, "StopQueryExecution", func(ctx context.Context) error {
		ctx, cancel := context.WithTimeout(ctx, stopCallTimeout)
		defer cancel()
		_, err := c.api.StopQueryExecution(ctx, &athena.StopQueryExecutionInput{QueryExecutionId: aws.String(id)})
		return err
	})
	if err != nil {
		return fmt.Errorf("athenaq: stop query %s: %w", id, err)
	}
	return nil
}

func (q *Query) setStatus(st Status) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.ended {
		q.status = st
	}
}

// finish records the final status once, closes Done and frees the query's
// slot.
func (q *Query) finish(st Status, err error) {
	q.mu.Lock()
	if q.ended {
		q.mu.Unlock()
		return
	}
	q.ended = true
	if st.QueryID != "" {
		q.status = st
	}
	q.err = err
	q.mu.Unlock()
	// The end event comes first, so that a tracer has seen it by the time
	// Wait returns.
	q.c.traceEnd(q.traceCtx(), q.id, st, err)
	close(q.done)
	q.release()
	q.c.untrack(q.id)
}

func (q *Query) traceCtx() context.Context {
	if q.tctx != nil {
		return q.tctx
	}
	return context.Background()
}

// newToken returns a ClientRequestToken: a UUID v4 (36 characters, within
// Athena's 32 to 128).
func newToken() string { return uuid.NewV4() }
