package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/athenaq/athenaq"
)

// The client designs compared on the same queries.
const (
	// designBlocking runs one query at a time, each in its own fixed status
	// loop: the sync cursor of most Athena drivers.
	designBlocking = "blocking"
	// designPool runs a bounded pool of goroutines, each blocking in its
	// own fixed status loop: the thread-pool cursor.
	designPool = "pool"
	// designAthenaq keeps every query as a handle on one athenaq.Client,
	// whose single poller batches the status checks.
	designAthenaq = "athenaq"
)

var designs = []string{designBlocking, designPool, designAthenaq}

// benchSQL is the query every design runs: one row, read to the end. Its
// duration is the emulator's QueryDelay.
const benchSQL = "SELECT 1 AS one"

// runDesign runs spec.N queries through spec.Design: one after another,
// timing each ("latency"), or all at once, timing the whole
// ("concurrency").
func runDesign(ctx context.Context, spec childSpec) (childResult, error) {
	var res childResult
	if spec.Design == designAthenaq {
		c, err := openClient(ctx, spec.Endpoint, athenaq.ResultAPI)
		if err != nil {
			return res, err
		}
		defer c.Close()
		if spec.Kind == "latency" {
			return sequential(spec.N, func() error { return athenaqQuery(ctx, c) })
		}
		begin := time.Now()
		err = athenaqConcurrent(ctx, c, spec.N)
		res.Seconds = time.Since(begin).Seconds()
		return res, err
	}
	api := sdkClient(spec.Endpoint)
	one := func() error { return loopQuery(ctx, api, spec.Interval) }
	if spec.Kind == "latency" {
		return sequential(spec.N, one)
	}
	workers := 1
	if spec.Design == designPool {
		workers = spec.Pool
	}
	begin := time.Now()
	err := pool(spec.N, workers, one)
	res.Seconds = time.Since(begin).Seconds()
	return res, err
}

// sequential runs n queries one after another and records each one's time.
func sequential(n int, query func() error) (childResult, error) {
	var res childResult
	begin := time.Now()
	for range n {
		t := time.Now()
		if err := query(); err != nil {
			return res, err
		}
		res.Latencies = append(res.Latencies, time.Since(t).Seconds())
	}
	res.Seconds = time.Since(begin).Seconds()
	return res, nil
}

// pool runs n queries on workers goroutines and returns the first error.
func pool(n, workers int, query func() error) error {
	jobs := make(chan struct{}, n)
	for range n {
		jobs <- struct{}{}
	}
	close(jobs)
	var wg sync.WaitGroup
	var mu sync.Mutex // guards first
	var first error
	for range min(workers, n) {
		wg.Go(func() {
			for range jobs {
				if err := query(); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	return first
}

// openClient opens an athenaq client on the emulator at endpoint.
func openClient(ctx context.Context, endpoint string, mode athenaq.ResultMode) (*athenaq.Client, error) {
	return athenaq.Open(ctx, athenaq.Config{Endpoint: endpoint, Region: region, OutputLocation: output, ResultMode: mode,
		AWS: &aws.Config{Region: region, Credentials: credentials.NewStaticCredentialsProvider("bench", "bench", "")}})
}

// athenaqQuery runs benchSQL and reads its rows.
func athenaqQuery(ctx context.Context, c *athenaq.Client) error {
	rows, err := c.Query(ctx, benchSQL)
	if err != nil {
		return err
	}
	return drain(rows)
}

// athenaqConcurrent starts n queries as handles on c and reads each one's
// rows. The caller needs no goroutine per query: sixteen starters hand the
// handles, in about the order the queries will end, to sixteen readers,
// which keep GetQueryResults near its quota (100 calls/s) when each page
// takes 190 ms. Start itself waits for the client's StartQueryExecution
// token bucket.
func athenaqConcurrent(ctx context.Context, c *athenaq.Client, n int) error {
	const starters, readers = 16, 16
	handles := make(chan *athenaq.Query, n)
	var next atomic.Int64
	errs := make([]error, starters+readers)
	var started, read sync.WaitGroup
	for i := range starters {
		started.Go(func() {
			for next.Add(1) <= int64(n) {
				q, err := c.Start(ctx, benchSQL)
				if err != nil {
					errs[i] = err
					return
				}
				handles <- q
			}
		})
	}
	for i := starters; i < starters+readers; i++ {
		read.Go(func() {
			for q := range handles {
				rows, err := q.Rows(ctx)
				if err == nil {
					err = drain(rows)
				}
				if err != nil && errs[i] == nil {
					errs[i] = err
				}
			}
		})
	}
	started.Wait()
	close(handles)
	read.Wait()
	return errors.Join(errs...)
}

// drain reads rows to the end, decoding every value, and closes them.
func drain(rows *athenaq.Rows) error {
	defer rows.Close()
	for rows.Next() {
		if _, err := rows.Values(); err != nil {
			return err
		}
	}
	return rows.Err()
}

// sdkClient is the plain aws-sdk-go-v2 Athena client of the blocking and
// pool designs. Like the SDK's default it retries throttles with backoff,
// but with enough attempts (and no retry quota) that a run under Athena's
// quotas does not fail.
func sdkClient(endpoint string) *athena.Client {
	return athena.New(athena.Options{
		Region: region, BaseEndpoint: aws.String(endpoint),
		Credentials: credentials.NewStaticCredentialsProvider("bench", "bench", ""),
		Retryer: retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = 20
			o.RateLimiter = ratelimit.None
		}),
	})
}

// loopQuery runs benchSQL the way a sync cursor does: start it, check its
// status, sleep interval, check again until it ends, then page through its
// results.
func loopQuery(ctx context.Context, api *athena.Client, interval time.Duration) error {
	out, err := api.StartQueryExecution(ctx, &athena.StartQueryExecutionInput{
		QueryString:         aws.String(benchSQL),
		ResultConfiguration: &types.ResultConfiguration{OutputLocation: aws.String(output)},
	})
	if err != nil {
		return fmt.Errorf("start: %w", err)
	}
	id := out.QueryExecutionId
	for {
		st, err := api.GetQueryExecution(ctx, &athena.GetQueryExecutionInput{QueryExecutionId: id})
		if err != nil {
			return fmt.Errorf("status: %w", err)
		}
		state := st.QueryExecution.Status.State
		if state == types.QueryExecutionStateSucceeded {
			break
		}
		if state == types.QueryExecutionStateFailed || state == types.QueryExecutionStateCancelled {
			return fmt.Errorf("query %s %s", aws.ToString(id), state)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(interval):
		}
	}
	var token *string
	for {
		page, err := api.GetQueryResults(ctx, &athena.GetQueryResultsInput{QueryExecutionId: id, NextToken: token,
			MaxResults: aws.Int32(1000)})
		if err != nil {
			return fmt.Errorf("results: %w", err)
		}
		if token = page.NextToken; token == nil {
			return nil
		}
	}
}
