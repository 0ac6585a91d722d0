package athenaq

import (
	"context"
	"fmt"

	"golang.org/x/sync/errgroup"
)

// ExecBatch runs sql once per argument list, at most concurrency at a time
// (0 means 8), like executemany, and returns the final status of each run
// in the order of argsList. A StartOptions value first in an argument list
// sets that run's options (see StartWith).
//
// The first error ends the batch: no run is started after it, and the
// runs in flight are stopped in Athena, as Wait stops a query whose
// context ends, unless DetachOnCancel applies to them. Runs that were never
// started keep a zero Status. The error names the run that failed.
func (c *Client) ExecBatch(ctx context.Context, sql string, argsList [][]any, concurrency int) ([]Status, error) {
	if concurrency <= 0 {
		concurrency = 8
	}
	out := make([]Status, len(argsList))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(concurrency)
	for i, args := range argsList {
		if gctx.Err() != nil {
			break
		}
		// Go blocks for a free slot; a slot frees only after errgroup has
		// cancelled gctx for a failed run, so the check below sees it.
		g.Go(func() error {
			if gctx.Err() != nil {
				return nil
			}
			st, err := c.Exec(gctx, sql, args...)
			out[i] = st
			if err != nil {
				return fmt.Errorf("athenaq: batch run %d of %d: %w", i+1, len(argsList), err)
			}
			return nil
		})
	}
	return out, g.Wait()
}
