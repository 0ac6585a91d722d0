package athenaq

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/athenaq/athenaq/internal/clientcore"
	"github.com/athenaq/athenaq/internal/uuid"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"
)

// StartOptions override the Client's Config for one query.
type StartOptions struct {
	// WorkGroup runs the query in another work group.
	WorkGroup string
	// Catalog and Database, when set, replace Config.Catalog and
	// Config.Database as the query's default catalog and database (what an
	// interactive "USE db" changes).
	Catalog  string
	Database string
	// DetachOnCancel, when non-nil, replaces Config.DetachOnCancel for this
	// query's Wait.
	DetachOnCancel *bool
	// OnQueryID, when set, is called with the query id as soon as Athena
	// accepts the query, before Start returns. It is not called for the
	// retries of Config.RetryFailedQueries: see Query.Attempts.
	OnQueryID func(id string)
	// ResultMode, when set, replaces Config.ResultMode for this query.
	ResultMode ResultMode
}

// Query is a handle on one Athena query execution. Its methods are safe for
// concurrent use.
type Query struct {
	c         *Client
	sql       string
	submitted time.Time
	done      chan struct{}
	release   func() // frees the MaxConcurrentQueries slot, once
	// tctx is the Tracer's context from TraceQueryStart: a tracing span
	// must outlive the Start call, so it is kept here. traced is set for
	// the queries whose TraceQueryStart this client called, which alone get
	// a TraceQueryEnd. Both are written before the query is shared.
	tctx   context.Context
	traced bool
	// key is the CacheTTL index key of a query this client started with
	// CacheTTL set; empty otherwise. Written before the query is shared.
	key cacheKey
	// mode is the result transport Rows uses. Written before the query is
	// shared.
	mode ResultMode
	// rerun is the request that a retry of this query starts again
	// (Config.RetryFailedQueries), without its token; nil when the query
	// is not retried. wake interrupts a retry's backoff when the query is
	// stopped. Both are written before the query is shared.
	rerun *athena.StartQueryExecutionInput
	wake  chan struct{}

	mu       sync.Mutex // guards id, attempts, status, err, ended, detach, stopping, noRetry
	id       string     // the latest attempt's id
	attempts []string   // every attempt's id, in order
	status   Status
	err      error
	ended    bool
	detach   bool // DetachOnCancel for this query
	stopping bool // a background stop is in flight
	noRetry  bool // the query is being stopped: a failure is final
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
	opts, args := splitOptions(args)
	return c.StartWith(ctx, opts, sql, args...)
}

// splitOptions takes a leading StartOptions (or *StartOptions) off args.
func splitOptions(args []any) (StartOptions, []any) {
	if len(args) > 0 {
		switch o := args[0].(type) {
		case StartOptions:
			return o, args[1:]
		case *StartOptions:
			if o != nil {
				return *o, args[1:]
			}
			return StartOptions{}, args[1:]
		}
	}
	return StartOptions{}, args
}

// StartWith is Start with per-query options. Start, Query, QueryRow, Exec
// and ExecBatch take the same options as a StartOptions value passed first
// among the arguments: c.Query(ctx, sql, athenaq.StartOptions{WorkGroup:
// "etl"}, 42).
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
	in, err := c.startInput(sql, args)
	if err != nil {
		return nil, err
	}
	if opts.WorkGroup != "" {
		in.WorkGroup = aws.String(opts.WorkGroup)
	}
	if opts.Catalog != "" {
		in.QueryExecutionContext.Catalog = aws.String(opts.Catalog)
	}
	if opts.Database != "" {
		in.QueryExecutionContext.Database = aws.String(opts.Database)
	}
	mode, err := c.modeFor(opts)
	if err != nil {
		return nil, err
	}
	var rerun *athena.StartQueryExecutionInput
	if c.cfg.RetryFailedQueries > 0 && readOnlyStatement(sql) {
		// Kept before UNLOAD wraps it: a retry writes to a target of its
		// own token.
		r := *in
		rerun = &r
	}
	if mode == ResultUnload && !c.wrapUnload(ctx, sql, in) {
		mode = ResultAPI
	}
	ctx = c.traceStart(ctx, sql, args, aws.ToString(in.WorkGroup), aws.ToString(in.QueryExecutionContext.Catalog),
		aws.ToString(in.QueryExecutionContext.Database))
	var key cacheKey
	if c.cache != nil && mode != ResultUnload {
		key = keyOf(in)
		if st, ok := c.cache.lookup(ctx, c, key, sql, len(args) > 0); ok {
			// A reused result: the handle is final at once and holds no
			// slot, so this Start's slot is freed now.
			c.releaseSlot()
			q := c.newQuery(st.QueryID, st.Query, st.Submitted)
			q.mode = mode
			q.applyOptions(opts)
			q.finish(st, nil)
			c.traceEnd(ctx, q.ID(), st, nil, true)
			return q, nil
		}
	}
	var out *athena.StartQueryExecutionOutput
	var sent clientcore.SendState
	err = c.call(ctx, "StartQueryExecution", func(ctx context.Context) error {
		var err error
		out, err = c.api.StartQueryExecution(sent.Watch(ctx), in)
		sent.Settle(err, startUnsettled)
		return err
	})
	if err != nil {
		err = fmt.Errorf("athenaq: start query: %w", contextErr(ctx, err))
		if ctx.Err() != nil && sent.MayHaveStarted() {
			// The request reached Athena but its answer was cut off: find
			// the query by its token and stop it, so that no orphan keeps
			// running. A request that was never written started nothing,
			// and nothing more is sent for it.
			c.stopOrphan(in)
		}
		c.traceEnd(ctx, "", Status{}, err, false)
		return nil, err
	}
	q := c.newQuery(aws.ToString(out.QueryExecutionId), sql, time.Now())
	q.release = sync.OnceFunc(c.releaseSlot)
	q.key = key
	q.mode = mode
	if rerun != nil {
		q.rerun, q.wake = rerun, make(chan struct{}, 1)
	}
	if c.tracer != nil {
		q.tctx, q.traced = traceContext(ctx), true
	}
	if err := c.track(q.id, q); err != nil {
		q.release()
		c.traceEnd(ctx, q.id, Status{}, err, false)
		return nil, err
	}
	q.applyOptions(opts)
	c.traceAccepted(q, aws.ToString(in.WorkGroup))
	c.poller.Add(q.id, q.submitted)
	return q, nil
}

func (c *Client) newQuery(id, sql string, submitted time.Time) *Query {
	return &Query{c: c, id: id, attempts: []string{id}, sql: sql, submitted: submitted, done: make(chan struct{}),
		release: func() {}, mode: c.cfg.ResultMode, detach: c.cfg.DetachOnCancel, status: Status{QueryID: id, State: StateQueued}}
}

func (q *Query) applyOptions(opts StartOptions) {
	if opts.DetachOnCancel != nil {
		q.mu.Lock()
		q.detach = *opts.DetachOnCancel
		q.mu.Unlock()
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

// stopOrphan resends the StartQueryExecution of a cancelled Start in the
// background: with the same token Athena answers with the query it
// accepted, which is then stopped. It is called only for a request that may
// have reached Athena (clientcore.SendState), since for one that did not, the resend
// would start the query.
func (c *Client) stopOrphan(in *athena.StartQueryExecutionInput) {
	started := c.goStop(func(ctx context.Context) {
		var out *athena.StartQueryExecutionOutput
		err := c.call(ctx, "StartQueryExecution", func(ctx context.Context) error {
			var err error
			out, err = c.api.StartQueryExecution(ctx, in)
			return err
		})
		if err != nil {
			c.log.Warn("athenaq: could not look up the query of a cancelled Start to stop it", "err", err)
			return
		}
		id := aws.ToString(out.QueryExecutionId)
		if err := c.stopQuery(ctx, id); err != nil {
			c.log.Warn("athenaq: stop the query of a cancelled Start", "query", id, "err", err)
		}
	})
	if !started {
		c.log.Warn("athenaq: client closed: the query of a cancelled Start may keep running")
	}
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
	if err := c.track(id, q); err != nil {
		return nil, err
	}
	c.poller.Add(id, st.Submitted)
	return q, nil
}

// Query runs sql (Start, Wait) and returns its rows. A StartOptions value
// first among args sets per-query options (see StartWith).
func (c *Client) Query(ctx context.Context, sql string, args ...any) (*Rows, error) {
	q, err := c.Start(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	return q.Rows(ctx)
}

// Exec runs sql (Start, Wait) and returns its final status. Use it for DDL
// and DML. For INSERT, CTAS, UPDATE, DELETE and MERGE the status carries
// the number of rows written in UpdateCount (HasUpdateCount is set), read
// from the first page of results as database/sql's RowsAffected is. A
// StartOptions value first among args sets per-query options (see
// StartWith).
func (c *Client) Exec(ctx context.Context, sql string, args ...any) (Status, error) {
	q, err := c.Start(ctx, sql, args...)
	if err != nil {
		return Status{}, err
	}
	st, err := q.Wait(ctx)
	if err != nil || !writesRows(st) {
		return st, err
	}
	page, err := c.resultsPage(ctx, q.ID(), nil, 1)
	if err != nil {
		return st, err
	}
	if page.UpdateCount != nil {
		st.UpdateCount, st.HasUpdateCount = *page.UpdateCount, true
	}
	return st, nil
}

// writesRows reports whether st is a statement whose result holds the
// number of rows it wrote (FACTS: UpdateCount by statement).
func writesRows(st Status) bool {
	switch st.SubstatementType {
	case "INSERT", "UPDATE", "DELETE", "MERGE", "CREATE_TABLE_AS_SELECT":
		return true
	}
	return false
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
// id, else one BatchGetQueryExecution for up to 50. It reports the ids
// whose polling is over; an error makes the poller back off and retry them.
func (c *Client) fetchStatuses(ctx context.Context, ids []string) (done []string, err error) {
	op := "BatchGetQueryExecution"
	if len(ids) == 1 || c.noBatch.Load() {
		op = "GetQueryExecution"
	}
	if c.pollTracer != nil || c.debug() {
		defer func() { c.tracePollBatch(ctx, op, len(ids), err) }()
	}
	if op == "GetQueryExecution" {
		return c.describeEach(ctx, ids)
	}
	var out *athena.BatchGetQueryExecutionOutput
	err = c.call(ctx, "BatchGetQueryExecution", func(ctx context.Context) error {
		var err error
		out, err = c.api.BatchGetQueryExecution(ctx, &athena.BatchGetQueryExecutionInput{QueryExecutionIds: ids})
		return err
	})
	if err != nil {
		if transientStatusError(err) {
			c.log.Debug("athenaq: status check failed, retrying", "queries", len(ids), "err", err)
			return nil, err
		}
		// A refusal of the batch call may concern one id, or the batch
		// operation alone (an IAM policy that allows GetQueryExecution
		// only): ask for each id on its own, so that only the queries
		// Athena refuses end with the refusal.
		if errorCode(err) == "AccessDeniedException" && c.noBatch.CompareAndSwap(false, true) {
			c.log.Warn("athenaq: BatchGetQueryExecution refused; checking statuses with GetQueryExecution", "err", err)
		}
		op = "GetQueryExecution"
		return c.describeEach(ctx, ids)
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
	for i := range out.QueryExecutions {
		if id, final := c.observe(statusFrom(&out.QueryExecutions[i])); final {
			done = append(done, id)
		}
	}
	return done, nil
}

// describeEach checks ids one GetQueryExecution at a time. A query whose
// check Athena refuses for good (access denied, not found, invalid) ends
// with that error; a transient failure of any id fails the whole call, so
// that the poller backs off.
func (c *Client) describeEach(ctx context.Context, ids []string) ([]string, error) {
	var done []string
	var transient error
	for _, id := range ids {
		st, err := c.describe(ctx, id)
		switch {
		case err == nil:
			if _, final := c.observe(st); final {
				done = append(done, id)
			}
		case transientStatusError(err):
			c.log.Debug("athenaq: status check failed, retrying", "query", id, "err", err)
			transient = err
		default:
			if q := c.lookup(id); q != nil {
				q.finish(Status{}, fmt.Errorf("athenaq: status check refused: %w", err))
			}
			done = append(done, id)
		}
	}
	if transient != nil && len(done) == 0 {
		return nil, transient
	}
	return done, nil
}

// observe hands a status to its query, and reports whether it is final.
func (c *Client) observe(st Status) (string, bool) {
	q := c.lookup(st.QueryID)
	if q == nil {
		return st.QueryID, true
	}
	if prev, ok := c.retry(q, st); ok {
		// The failed attempt's polling is over; the next attempt is
		// polled under its own id.
		c.tracePoll(q, st, prev)
		return st.QueryID, true
	}
	prev := q.setStatus(st)
	c.tracePoll(q, st, prev)
	if st.State.Terminal() {
		q.finish(st, st.err())
		return st.QueryID, true
	}
	return st.QueryID, false
}

// ID returns Athena's QueryExecutionId: that of the latest attempt when
// Config.RetryFailedQueries has started the query again.
func (q *Query) ID() string {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.id
}

// Attempts returns the ids of every execution of the query, in order: the
// first is the one Start returned, and each retry of
// Config.RetryFailedQueries adds one. Without retries it holds ID alone.
func (q *Query) Attempts() []string {
	q.mu.Lock()
	defer q.mu.Unlock()
	return slices.Clone(q.attempts)
}

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
// If ctx ends first, Wait returns at once with the last status seen and a
// *QueryError that names the query and matches ctx's error under
// errors.Is. Unless DetachOnCancel is set, the client then stops the query
// in Athena in the background (StopQueryExecution, within the API quota)
// and keeps polling it: Done is closed and Status shows CANCELLED once
// Athena confirms. Use Cancel to wait for that confirmation.
func (q *Query) Wait(ctx context.Context) (Status, error) {
	select {
	case <-q.done:
		return q.result()
	case <-ctx.Done():
	}
	// Both may be ready: a query that ended reports how it ended.
	select {
	case <-q.done:
		return q.result()
	default:
	}
	cause := ctx.Err()
	st := q.Status()
	if q.detached() {
		return st, &QueryError{QueryID: st.QueryID, State: st.State, Message: "left running (DetachOnCancel)", Cause: cause}
	}
	q.stopInBackground()
	return st, &QueryError{QueryID: st.QueryID, State: st.State, Message: "stopping", Cause: cause}
}

func (q *Query) detached() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.detach
}

// stopInBackground has the client send StopQueryExecution for q, once,
// without holding up the caller; the poller then confirms the end.
func (q *Query) stopInBackground() {
	q.mu.Lock()
	if q.stopping || q.ended {
		q.mu.Unlock()
		return
	}
	q.stopping = true
	q.mu.Unlock()
	q.endRetries()
	started := q.c.goStop(func(ctx context.Context) {
		id := q.ID()
		err := q.c.stopQuery(ctx, id)
		if err != nil {
			q.c.log.Warn("athenaq: stop query", "query", id, "err", err)
			q.mu.Lock()
			q.stopping = false // a later Wait or Cancel may try again
			q.mu.Unlock()
			return
		}
		q.c.poller.CheckSoon(id)
	})
	if !started {
		q.mu.Lock()
		q.stopping = false
		q.mu.Unlock()
	}
}

// stopQueueTimeout bounds how long a background stop may wait for the
// client's StopQueryExecution quota: at the default 20/s it covers 2,400
// stops.
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
	q.endRetries()
	id := q.ID()
	if err := q.c.stopQuery(ctx, id); err != nil {
		return q.Status(), err
	}
	// Confirm through the poller, which batches the confirmations of many
	// stops into few calls: Athena moves a stopped query to CANCELLED at
	// once, unless it finished first.
	q.c.poller.CheckSoon(id)
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

// setStatus records st, unless the query has ended, and returns the state
// seen before.
func (q *Query) setStatus(st Status) State {
	q.mu.Lock()
	defer q.mu.Unlock()
	prev := q.status.State
	if !q.ended {
		q.status = st
	}
	return prev
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
	final, id := q.status, q.id
	q.mu.Unlock()
	// The end event comes first, so that a tracer has seen it by the time
	// Wait returns.
	if q.traced {
		q.c.traceEnd(q.traceCtx(), id, final, err, false)
	} else {
		q.c.logEnd(id, final, err, false)
	}
	if q.key != (cacheKey{}) && err == nil {
		q.c.cache.remember(q.key, final)
	}
	close(q.done)
	q.release()
	q.c.untrack(id)
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
