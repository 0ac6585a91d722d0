package athenaq

import (
	"context"
	"database/sql"
	"fmt"
)

// ErrNoRows is returned by Row.Scan and CollectOneRow when the result has
// no row. It matches sql.ErrNoRows under errors.Is, so code written for
// database/sql keeps working.
var ErrNoRows error = noRowsError{}

type noRowsError struct{}

func (noRowsError) Error() string { return "athenaq: no rows in result set" }

// Unwrap makes errors.Is(ErrNoRows, sql.ErrNoRows) hold.
func (noRowsError) Unwrap() error { return sql.ErrNoRows }

// Row is the first row of a query's result, as QueryRow returns it. It
// holds the decoded values, not a connection: a Row that is never scanned
// leaks nothing.
type Row struct {
	cols []Column
	vals []any
	err  error
}

// QueryRow runs sql (Start, Wait), reads the first row of its result and
// releases the rest: rows after the first are ignored. Errors are deferred
// to the returned Row's Scan, so that calls chain:
//
//	var n int64
//	err := client.QueryRow(ctx, "SELECT count(*) FROM t WHERE day = ?", day).Scan(&n)
//
// QueryRow blocks until the query ends or ctx ends, as Query does.
func (c *Client) QueryRow(ctx context.Context, sql string, args ...any) *Row {
	rows, err := c.Query(ctx, sql, args...)
	if err != nil {
		return &Row{err: err}
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return &Row{err: err}
		}
		return &Row{err: ErrNoRows}
	}
	vals, err := rows.Values()
	if err != nil {
		return &Row{err: err}
	}
	return &Row{cols: rows.Columns(), vals: vals}
}

// Scan copies the row into dest, with the conversions of Rows.Scan. It
// returns ErrNoRows when the result had no row, and the query's error (a
// failed start, a *QueryError for a query that failed or was cancelled, a
// context error) when there is no result. Scan may be called more than
// once.
func (r *Row) Scan(dest ...any) error {
	if r.err != nil {
		return r.err
	}
	if len(dest) != len(r.cols) {
		return fmt.Errorf("athenaq: Scan got %d destinations for %d columns", len(dest), len(r.cols))
	}
	for i, d := range dest {
		if err := convertAssign(d, r.vals[i]); err != nil {
			return fmt.Errorf("athenaq: Scan column %d (%q): %w", i, r.cols[i].Name, err)
		}
	}
	return nil
}
