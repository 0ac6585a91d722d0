package stdlib

import (
	"context"
	"fmt"

	"github.com/athenaq/athenaq"
)

// The context values below choose, per query, what the Connector's Config
// chooses for all of them. They apply to QueryContext and ExecContext of a
// *sql.DB, *sql.Conn, *sql.Stmt or *sql.Tx.

type ctxKey int

const (
	workGroupKey ctxKey = iota
	queryIDKey
	detachKey
	resultModeKey
)

// WithWorkGroup returns a context under which queries run in work group
// wg instead of Config.WorkGroup.
func WithWorkGroup(ctx context.Context, wg string) context.Context {
	return context.WithValue(ctx, workGroupKey, wg)
}

// WithQueryIDCallback returns a context under which each query calls fn
// with its Athena query execution id as soon as Athena accepts the query,
// before QueryContext or ExecContext returns (and before the query
// finishes). fn runs on the caller's goroutine.
func WithQueryIDCallback(ctx context.Context, fn func(id string)) context.Context {
	return context.WithValue(ctx, queryIDKey, fn)
}

// WithDetachOnCancel returns a context that replaces
// Config.DetachOnCancel: when detach is true, a query whose context ends
// keeps running in Athena; when false, it is stopped (the default).
func WithDetachOnCancel(ctx context.Context, detach bool) context.Context {
	return context.WithValue(ctx, detachKey, detach)
}

// WithResultMode returns a context under which queries read their results
// with mode (athenaq.ResultAPI, ResultCSV or ResultUnload) instead of
// Config.ResultMode (the DSN's result_mode). All modes give the same rows.
func WithResultMode(ctx context.Context, mode athenaq.ResultMode) context.Context {
	return context.WithValue(ctx, resultModeKey, mode)
}

// startOptions reads the context values into the client's StartOptions.
func startOptions(ctx context.Context) (athenaq.StartOptions, error) {
	var opts athenaq.StartOptions
	if wg, ok := ctx.Value(workGroupKey).(string); ok {
		opts.WorkGroup = wg
	}
	if fn, ok := ctx.Value(queryIDKey).(func(string)); ok {
		opts.OnQueryID = fn
	}
	if detach, ok := ctx.Value(detachKey).(bool); ok {
		opts.DetachOnCancel = &detach
	}
	if mode, ok := ctx.Value(resultModeKey).(athenaq.ResultMode); ok {
		switch mode {
		case "":
		case athenaq.ResultAPI, athenaq.ResultCSV, athenaq.ResultUnload:
			opts.ResultMode = mode
		default:
			return opts, fmt.Errorf("athenaq/stdlib: result mode %q: want athenaq.ResultAPI, ResultCSV or ResultUnload", mode)
		}
	}
	return opts, nil
}
