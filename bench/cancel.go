package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/athenaq/athenaq"
)

// refill is how long the cancel storm waits, idle, between starting its
// queries and cancelling them: long enough for the StartStop token bucket
// (shared by StartQueryExecution and StopQueryExecution) to fill again.
const refill = startBurst / startRate * float64(time.Second)

// runCancel starts spec.N never-ending queries on one client, lets the
// quota refill, then cancels them all at once and times how long until
// every one is confirmed CANCELLED (its Cancel returned).
func runCancel(ctx context.Context, spec childSpec) (childResult, error) {
	var res childResult
	c, err := openClient(ctx, spec.Endpoint, athenaq.ResultAPI)
	if err != nil {
		return res, err
	}
	defer c.Close()
	qs := make([]*athenaq.Query, 0, spec.N)
	for range spec.N {
		q, err := c.Start(ctx, benchSQL)
		if err != nil {
			return res, err
		}
		qs = append(qs, q)
	}
	time.Sleep(time.Duration(refill))
	begin := time.Now()
	errs := make([]error, len(qs))
	var wg sync.WaitGroup
	for i, q := range qs {
		wg.Go(func() { errs[i] = q.Cancel(ctx) })
	}
	wg.Wait()
	res.Seconds = time.Since(begin).Seconds()
	for i, q := range qs {
		if st := q.Status(); st.State != athenaq.StateCancelled && errs[i] == nil {
			errs[i] = fmt.Errorf("query %s is %s after Cancel", q.ID(), st.State)
		}
	}
	return res, errors.Join(errs...)
}
