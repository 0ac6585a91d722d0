package athenaq

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"

	"github.com/athenaq/athenaq/internal/clientcore"
)

// The backoff before a retry of a FAILED query (Config.RetryFailedQueries):
// retryBackoff before the first, doubling up to maxRetryBackoff, each
// jittered down by up to a half.
const (
	retryBackoff    = 250 * time.Millisecond
	maxRetryBackoff = 5 * time.Second
)

// retry starts q again in the background if st is a retryable failure of
// its latest attempt and q has retries left (Config.RetryFailedQueries).
// It reports whether it did, with the state q had before; q's status is
// then QUEUED, under the failed attempt's id, until the next attempt is
// accepted.
func (c *Client) retry(q *Query, st Status) (State, bool) {
	if q.rerun == nil || st.State != StateFailed || st.Error == nil || !st.Error.Retryable {
		return "", false
	}
	q.mu.Lock()
	if q.ended || q.noRetry || st.QueryID != q.id || len(q.attempts) > c.cfg.RetryFailedQueries {
		q.mu.Unlock()
		return "", false
	}
	prev := q.status.State
	pending := st
	pending.State, pending.Completed = StateQueued, time.Time{}
	pending.StateReason = fmt.Sprintf("retrying (attempt %d of %d) after: %s", len(q.attempts)+1,
		c.cfg.RetryFailedQueries+1, failureMessage(st))
	q.status = pending
	n := len(q.attempts)
	q.mu.Unlock()
	if !c.goStop(func(ctx context.Context) { c.rerunQuery(ctx, q, st, n) }) {
		q.mu.Lock()
		q.status = st
		q.mu.Unlock()
		return "", false
	}
	return prev, true
}

// rerunQuery waits out the backoff before retry number n of q, whose
// latest attempt ended with failed, and starts it with a new token. If q
// is stopped meanwhile, the client closes or the new attempt cannot start,
// q ends with failed.
func (c *Client) rerunQuery(ctx context.Context, q *Query, failed Status, n int) {
	d := min(retryBackoff<<(n-1), maxRetryBackoff)
	t := time.NewTimer(d/2 + rand.N(d/2+1))
	select {
	case <-t.C:
	case <-q.wake:
	case <-ctx.Done():
	}
	t.Stop()
	q.mu.Lock()
	stop := q.noRetry
	q.mu.Unlock()
	if stop || ctx.Err() != nil || c.isClosed() {
		// A closing client starts nothing new.
		q.finish(failed, failed.err())
		return
	}
	in := *q.rerun
	in.ClientRequestToken = aws.String(newToken())
	if q.mode == ResultUnload {
		c.wrapUnload(ctx, q.sql, &in)
	}
	var out *athena.StartQueryExecutionOutput
	var sent clientcore.SendState
	err := c.call(ctx, "StartQueryExecution", func(ctx context.Context) error {
		var err error
		out, err = c.api.StartQueryExecution(sent.Watch(ctx), &in)
		sent.Settle(err, startUnsettled)
		return err
	})
	if err != nil {
		if ctx.Err() != nil && sent.MayHaveStarted() {
			c.stopOrphan(&in)
		}
		q.finish(failed, fmt.Errorf("%w (its retry did not start: %w)", failed.err(), contextErr(ctx, err)))
		return
	}
	id, now := aws.ToString(out.QueryExecutionId), time.Now()
	if err := c.track(id, q); err != nil {
		q.finish(failed, err)
		return
	}
	q.mu.Lock()
	q.id = id
	q.attempts = append(q.attempts, id)
	if !q.ended {
		q.status = Status{QueryID: id, Query: q.sql, State: StateQueued, Submitted: now}
	}
	stop = q.noRetry
	q.mu.Unlock()
	c.untrack(failed.QueryID)
	c.log.Info("athenaq: query failed with a retryable error; started it again", "failed", failed.QueryID,
		"query", id, "attempt", n+1, "reason", failureMessage(failed))
	c.poller.Add(id, now)
	if stop {
		// Stopped while the retry started: stop the new attempt too.
		if err := c.stopQuery(ctx, id); err != nil {
			c.log.Warn("athenaq: stop query", "query", id, "err", err)
		}
		c.poller.CheckSoon(id)
	}
}

// endRetries makes q's current attempt its last: a query being stopped is
// not started again, and a retry waiting out its backoff gives up at once.
func (q *Query) endRetries() {
	q.mu.Lock()
	q.noRetry = true
	q.mu.Unlock()
	if q.wake != nil {
		select {
		case q.wake <- struct{}{}:
		default:
		}
	}
}

// failureMessage is the reason Athena gave for a FAILED status.
func failureMessage(st Status) string {
	if st.StateReason != "" {
		return st.StateReason
	}
	if st.Error != nil {
		return st.Error.Message
	}
	return ""
}
