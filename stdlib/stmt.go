package stdlib

import (
	"context"
	"database/sql/driver"
)

// stmt is a prepared statement, kept on the client side: the text, bound
// anew at each execution (see the package documentation for why Athena's
// PREPARE is not used).
type stmt struct {
	cn    *conn
	query string
}

var (
	_ driver.Stmt              = (*stmt)(nil)
	_ driver.StmtQueryContext  = (*stmt)(nil)
	_ driver.StmtExecContext   = (*stmt)(nil)
	_ driver.NamedValueChecker = (*stmt)(nil)
)

// Close releases nothing: the statement holds no server resource.
func (s *stmt) Close() error { return nil }

// NumInput is -1: the client counts the '?' placeholders (outside strings,
// quoted identifiers and comments) at each execution and reports a
// mismatch there.
func (s *stmt) NumInput() int { return -1 }

// QueryContext runs the statement with args, as conn.QueryContext.
func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	return s.cn.QueryContext(ctx, s.query, args)
}

// ExecContext runs the statement with args, as conn.ExecContext.
func (s *stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	return s.cn.ExecContext(ctx, s.query, args)
}

// Query is QueryContext without a context.
func (s *stmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.QueryContext(context.Background(), named(args))
}

// Exec is ExecContext without a context.
func (s *stmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.ExecContext(context.Background(), named(args))
}

// CheckNamedValue implements driver.NamedValueChecker (see
// checkNamedValue).
func (s *stmt) CheckNamedValue(nv *driver.NamedValue) error { return checkNamedValue(nv) }
