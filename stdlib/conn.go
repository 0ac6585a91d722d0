package stdlib

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"sync"

	"github.com/athenaq/athenaq"
)

// ErrNotSupported is wrapped by the errors of what Athena cannot do:
// transactions (see WithNoopTransactions) and LastInsertId.
var ErrNotSupported = errors.New("athenaq/stdlib: not supported by Athena")

// LastQueryID returns the Athena query execution id of the last query
// started on c (by QueryContext or ExecContext, directly or through a
// statement), or "" if none was. Hold a *sql.Conn to know which query that
// is; with a *sql.DB, use WithQueryIDCallback instead.
func LastQueryID(c *sql.Conn) (string, error) {
	var id string
	err := c.Raw(func(dc any) error {
		cn, ok := dc.(*conn)
		if !ok {
			return fmt.Errorf("athenaq/stdlib: LastQueryID: %T is not a connection of the athena driver", dc)
		}
		id = cn.lastQueryID()
		return nil
	})
	return id, err
}

// conn is a database/sql connection: a view of the Connector's shared
// Client. database/sql uses a conn from one goroutine at a time.
type conn struct {
	connector *Connector
	client    *athenaq.Client
	owner     *Connector // closed with the conn (Driver.Open)

	mu     sync.Mutex // guards lastID
	lastID string
}

var (
	_ driver.Conn               = (*conn)(nil)
	_ driver.ConnPrepareContext = (*conn)(nil)
	_ driver.ConnBeginTx        = (*conn)(nil)
	_ driver.QueryerContext     = (*conn)(nil)
	_ driver.ExecerContext      = (*conn)(nil)
	_ driver.NamedValueChecker  = (*conn)(nil)
	_ driver.Pinger             = (*conn)(nil)
	_ driver.Validator          = (*conn)(nil)
)

// QueryContext starts the query, waits for it and returns its rows, which
// stream. When ctx ends first, the query is stopped in Athena (unless
// detached, see WithDetachOnCancel) and the error matches ctx's error
// under errors.Is.
func (cn *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	q, err := cn.start(ctx, query, args)
	if err != nil {
		return nil, err
	}
	r, err := q.Rows(ctx)
	// A retry (Config.RetryFailedQueries) gives the query a new id.
	cn.setLastQueryID(q.ID())
	if err != nil {
		return nil, err
	}
	return newRows(r), nil
}

// ExecContext runs the statement to its end. RowsAffected is the count
// Athena reports for INSERT, CTAS, UPDATE, DELETE and MERGE, and 0 for
// statements without one (DDL, SELECT).
func (cn *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	q, err := cn.start(ctx, query, args)
	if err != nil {
		return nil, err
	}
	// The update count comes with the first page of results.
	r, err := q.Rows(ctx)
	cn.setLastQueryID(q.ID())
	if err != nil {
		return nil, err
	}
	n, _ := r.UpdateCount()
	r.Close()
	return result{rowsAffected: n}, nil
}

func (cn *conn) start(ctx context.Context, query string, args []driver.NamedValue) (*athenaq.Query, error) {
	vals, err := positional(args)
	if err != nil {
		return nil, err
	}
	opts, err := startOptions(ctx)
	if err != nil {
		return nil, err
	}
	callback := opts.OnQueryID
	opts.OnQueryID = func(id string) {
		cn.setLastQueryID(id)
		if callback != nil {
			callback(id)
		}
	}
	return cn.client.StartWith(ctx, opts, query, vals...)
}

func (cn *conn) setLastQueryID(id string) {
	cn.mu.Lock()
	cn.lastID = id
	cn.mu.Unlock()
}

func (cn *conn) lastQueryID() string {
	cn.mu.Lock()
	defer cn.mu.Unlock()
	return cn.lastID
}

// PrepareContext returns a client-side statement (see the package
// documentation): it keeps the text, and each execution binds its
// arguments as ExecutionParameters.
func (cn *conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return &stmt{cn: cn, query: query}, nil
}

// Prepare is PrepareContext without a context.
func (cn *conn) Prepare(query string) (driver.Stmt, error) {
	return cn.PrepareContext(context.Background(), query)
}

// CheckNamedValue implements driver.NamedValueChecker (see
// checkNamedValue).
func (cn *conn) CheckNamedValue(nv *driver.NamedValue) error { return checkNamedValue(nv) }

// Ping checks that Athena answers and that Config.WorkGroup exists
// (GetWorkGroup).
func (cn *conn) Ping(ctx context.Context) error {
	return cn.client.Ping(ctx)
}

// IsValid reports whether the connection's Client is still open, so that
// database/sql drops connections of a closed Connector.
func (cn *conn) IsValid() bool { return !cn.connector.isClosed() }

// Close releases the connection. The shared Client stays open; a
// connection made by Driver.Open closes its own.
func (cn *conn) Close() error {
	if cn.owner != nil {
		return cn.owner.Close()
	}
	return nil
}

// result is ExecContext's driver.Result.
type result struct {
	rowsAffected int64
}

// LastInsertId is not supported: Athena has no generated keys.
func (result) LastInsertId() (int64, error) {
	return 0, fmt.Errorf("%w: LastInsertId (Athena has no generated keys)", ErrNotSupported)
}

// RowsAffected is Athena's UpdateCount, 0 when it reports none.
func (r result) RowsAffected() (int64, error) { return r.rowsAffected, nil }
