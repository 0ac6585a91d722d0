package stdlib

import (
	"context"
	"database/sql/driver"
	"fmt"
)

// BeginTx fails with an error that wraps ErrNotSupported, since Athena
// has no transactions, unless the Connector has WithNoopTransactions (DSN
// tx=noop): then it returns a transaction whose Commit and Rollback do
// nothing, whatever opts ask for.
func (cn *conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if !cn.connector.noopTx {
		return nil, fmt.Errorf("%w: transactions (Athena runs each statement on its own); "+
			"for tools that always begin one, the DSN key tx=noop or stdlib.WithNoopTransactions makes them no-ops", ErrNotSupported)
	}
	return noopTx{}, nil
}

// Begin is BeginTx with default options.
func (cn *conn) Begin() (driver.Tx, error) {
	return cn.BeginTx(context.Background(), driver.TxOptions{})
}

// noopTx is the transaction of WithNoopTransactions: statements run in it
// take effect at once, and Rollback undoes nothing.
type noopTx struct{}

func (noopTx) Commit() error   { return nil }
func (noopTx) Rollback() error { return nil }
