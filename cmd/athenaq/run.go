package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/athenaq/athenaq"
)

// runner runs statements and writes their results: the one path that
// query, results and the shell share.
type runner struct {
	client *athenaq.Client
	out    io.Writer // results
	errw   io.Writer // progress, summaries and notices
	format outputFormat
	mode   athenaq.ResultMode
	// database, when set, is the queries' default database instead of the
	// client's (the shell's .use).
	database string
	// progress draws the query's state on errw while it runs and prints a
	// summary line after it: errw is a terminal and --quiet is not set.
	progress bool
	// detach leaves the query running when the context ends (results of a
	// query that someone else started).
	detach bool
}

// run starts sql with args and then finishes it as finish does.
func (r *runner) run(ctx context.Context, sql string, args []any) error {
	start := time.Now()
	q, err := r.client.StartWith(ctx, athenaq.StartOptions{ResultMode: r.mode, Database: r.database}, sql, args...)
	if err != nil {
		if ctx.Err() != nil {
			// Start stops a query that Athena accepted after the context
			// ended; nothing is left running.
			fmt.Fprintln(r.errw, "athenaq: interrupted before Athena accepted the query")
			return fmt.Errorf("%w: %w", errInterrupted, err)
		}
		return err
	}
	return r.finish(ctx, q, start)
}

// finish waits for q with progress, writes its result and a summary. When
// ctx ends first it stops the query in Athena and waits for that to be
// confirmed (unless detach is set).
func (r *runner) finish(ctx context.Context, q *athenaq.Query, start time.Time) error {
	p := r.startProgress(q, start)
	_, err := q.Wait(ctx)
	p.stop()
	if ctx.Err() != nil {
		return r.interrupted(ctx, q)
	}
	if err != nil {
		return err
	}
	rows, err := q.Rows(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return r.interrupted(ctx, q)
		}
		return err
	}
	bw := bufio.NewWriterSize(r.out, 64<<10)
	n, err := writeResult(ctx, bw, r.format, rows)
	if ferr := bw.Flush(); err == nil && ferr != nil {
		err = fmt.Errorf("write the result: %w", ferr)
	}
	if err != nil {
		if ctx.Err() != nil {
			fmt.Fprintf(r.errw, "athenaq: interrupted while writing the result of query %s\n", q.ID())
			return fmt.Errorf("%w: %w", errInterrupted, err)
		}
		return err
	}
	if r.progress {
		fmt.Fprintln(r.errw, summaryLine(q.Status(), n, len(rows.Columns()) > 0, time.Since(start)))
	}
	return nil
}

// interrupted stops q after ctx ended the wait (Ctrl-C or --timeout), and
// says so.
func (r *runner) interrupted(ctx context.Context, q *athenaq.Query) error {
	why, result := "interrupted", errInterrupted
	if errors.Is(context.Cause(ctx), context.DeadlineExceeded) {
		why, result = "timed out", errTimeout
	}
	if r.detach {
		fmt.Fprintf(r.errw, "athenaq: %s; query %s keeps running in Athena\n", why, q.ID())
		return result
	}
	stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	if err := q.Cancel(stopCtx); err != nil && !errors.Is(err, context.Canceled) {
		fmt.Fprintf(r.errw, "athenaq: %s; stopping query %s failed: %v\n", why, q.ID(), err)
		return fmt.Errorf("%w: %w", result, err)
	}
	fmt.Fprintf(r.errw, "athenaq: %s; query %s is %s\n", why, q.ID(), q.Status().State)
	return result
}
