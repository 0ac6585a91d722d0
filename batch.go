package athenaq

import (
	"context"

	"golang.org/x/sync/errgroup"
)

// ExecBatch runs sql once per argument list, at most concurrency at a time
// (0 means 8), like executemany. It returns the final status of each run in
// the order of argsList; the first error stops runs not yet started and is
// returned.
func (c *Client) ExecBatch(ctx context.Context, sql string, argsList [][]any, concurrency int) ([]Status, error) {
	if concurrency <= 0 {
		concurrency = 8
	}
	out := make([]Status, len(argsList))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(concurrency)
	for i, args := range argsList {
		g.Go(func() error {
			st, err := c.Exec(ctx, sql, args...)
			out[i] = st
			return err
		})
	}
	return out, g.Wait()
}
