package engine

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"runtime"
	"strconv"
	"sync"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/athenaq/athenaq/emulator/internal/trino"
)

// Options configures an Engine.
type Options struct {
	// Threads is the number of DuckDB worker threads; 0 means
	// runtime.NumCPU().
	Threads int
	// TempDir is a scratch directory where DuckDB may spill intermediate
	// results; empty leaves DuckDB's default.
	TempDir string
	// Dirs are the folders, besides TempDir, whose files the engine may
	// read and write: the table files that DefineTable names and the files
	// that Query and ExportFiles write. SQL cannot reach any other file,
	// nor the network (see Open).
	Dirs []string
	// MemoryLimit bounds the memory DuckDB uses, in bytes; beyond it
	// queries spill to TempDir or fail. 0 means a quarter of the machine's
	// memory (as DuckDB detects it, container limits included).
	MemoryLimit int64
	// MaxTempSize bounds the spill files in TempDir, in bytes. 0 means a
	// quarter of the space free in TempDir's file system when the engine
	// opens (DuckDB's own default, 90%, where that cannot be read).
	MaxTempSize int64
	// Logger receives the engine's diagnostics, such as a typing pass that
	// falls back to the untyped rewrite; nil discards them.
	Logger *slog.Logger
	// Dialect is the SQL the engine runs: Trino SQL rewritten for DuckDB
	// with Athena engine version 3's semantics (the zero value), or
	// DuckDB's own SQL for DuckDB work groups (see dialect.go).
	Dialect Dialect
}

// Dialect is the SQL dialect of an Engine.
type Dialect int

// The dialects an Engine runs.
const (
	// DialectTrino runs Athena engine version 3's SQL: integer division,
	// Trino's macros and functions, Athena's value text and types.
	DialectTrino Dialect = iota
	// DialectDuckDB runs DuckDB SQL as Athena's DuckDB engine does: "/"
	// divides as DuckDB does (5/2 = 2.5), values are DuckDB's own text and
	// columns carry DuckDB's type names. Its sandbox admits S3 readers over
	// s3:// literals only (sandboxduck.go). Query, ParseDuckDB, DefineTable
	// and the schema calls serve it; Describe, Explain, DefineView,
	// CheckSyntax and ExportFiles speak Trino's dialect and are not for it.
	DialectDuckDB
)

// Engine is one in-memory DuckDB database that executes the emulator's SQL
// with Athena's semantics. It is safe for concurrent use: queries run in
// parallel on pooled connections, and catalog changes are serialized.
type Engine struct {
	db      *sql.DB
	dialect Dialect
	// setups are the connections being set up, which Close ends.
	setups *connSetups
	// denied are the DuckDB functions that SQL may not call (see
	// checkSandbox); dirs are the folders whose paths errors never show.
	denied map[string]bool
	dirs   []string
	log    *slog.Logger
	// life ends when Close starts; it cancels the calls in flight.
	life     context.Context
	stopLife context.CancelFunc

	// ddl serializes catalog changes (schemas and views), so that two
	// concurrent definitions of one relation never conflict in DuckDB.
	ddl sync.Mutex

	mu       sync.Mutex
	closed   bool           // guarded by mu
	inFlight sync.WaitGroup // calls in flight; Add under mu while !closed

	closeOnce sync.Once
	closeErr  error // set inside closeOnce
}

// ErrClosed is returned by calls on a closed Engine.
var ErrClosed = errors.New("engine: closed")

// globalSQL sets the database-wide settings that every connection inherits
// (FACTS §5 and the research notes on DuckDB). They are global rather
// than per connection because the configuration is locked once the engine
// is open (see confine):
//   - integer_division makes 5/2 = 2, as in Trino;
//   - TimeZone UTC makes TIMESTAMP WITH TIME ZONE arithmetic and casts
//     independent of the host.
const globalSQL = `SET GLOBAL integer_division = true;
SET GLOBAL TimeZone = 'UTC';`

// sessionSQL runs on every new DuckDB connection:
//   - the macros make integer and decimal division and modulo by zero raise
//     "Division by zero" as Trino does, where DuckDB returns NULL. With
//     integer_division every "/" is parsed as "//", so shadowing "//" and
//     "%" covers the operators. Temporary macros come first on DuckDB's
//     search path whatever schema the connection USEs.
//   - "//" has typed overloads (DuckDB picks one by the operands' bound
//     types): integers divide with truncation in their own type, doubles
//     and reals divide as IEEE numbers (1e0/0 is Infinity, 0e0/0 NaN).
//     Decimals reach the DOUBLE overload here; the typing pass rewrites
//     their division to Trino's decimal result (trino.Retype,
//     docs/ARCHITECTURE.md "Trino types on DuckDB").
const sessionSQL = `CREATE OR REPLACE TEMP MACRO "//"
  (a TINYINT, b TINYINT) AS CASE WHEN b = 0 THEN error('Division by zero') ELSE divide(a, b) END,
  (a SMALLINT, b SMALLINT) AS CASE WHEN b = 0 THEN error('Division by zero') ELSE divide(a, b) END,
  (a INTEGER, b INTEGER) AS CASE WHEN b = 0 THEN error('Division by zero') ELSE divide(a, b) END,
  (a BIGINT, b BIGINT) AS CASE WHEN b = 0 THEN error('Division by zero') ELSE divide(a, b) END,
  (a HUGEINT, b HUGEINT) AS CASE WHEN b = 0 THEN error('Division by zero') ELSE divide(a, b) END,
  (a FLOAT, b FLOAT) AS "/"(a, b),
  (a DOUBLE, b DOUBLE) AS "/"(a, b),
  (a, b) AS CASE WHEN b = 0 THEN error('Division by zero') ELSE divide(a, b) END;
CREATE OR REPLACE TEMP MACRO "%"(a, b) AS
  CASE WHEN b = 0 AND typeof(a) NOT IN ('DOUBLE', 'FLOAT') AND typeof(b) NOT IN ('DOUBLE', 'FLOAT')
  THEN error('Division by zero') ELSE mod(a, b) END;`

// Open starts an in-memory DuckDB database. Extensions are never installed
// or loaded from the network: only the statically linked ones (json,
// parquet, icu) are available.
//
// Once set up, the database is confined: its SQL reaches no file outside
// opts.TempDir and opts.Dirs and no network address, its memory and spill
// space are bounded, and its configuration is locked, so that no statement
// can undo any of this (docs/ARCHITECTURE.md, "Emulator security").
func Open(opts Options) (*Engine, error) {
	threads := opts.Threads
	if threads <= 0 {
		threads = runtime.NumCPU()
	}
	q := url.Values{}
	q.Set("autoinstall_known_extensions", "false")
	q.Set("autoload_known_extensions", "false")
	q.Set("threads", strconv.Itoa(threads))
	if opts.TempDir != "" {
		q.Set("temp_directory", opts.TempDir)
	}
	setups := newConnSetups()
	connector, err := duckdb.NewConnector("?"+q.Encode(), func(ex driver.ExecerContext) error {
		if opts.Dialect == DialectDuckDB {
			return nil // DuckDB's SQL as it is: no Trino macros
		}
		ctx, ok := setups.begin()
		if !ok {
			return ErrClosed
		}
		defer setups.end()
		_, err := ex.ExecContext(ctx, sessionSQL, nil)
		if err != nil {
			return err
		}
		// The macros that trino.Rewrite's output calls.
		for _, stmt := range trino.Setup() {
			if _, err := ex.ExecContext(ctx, stmt, nil); err != nil {
				return fmt.Errorf("trino setup: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("engine: open: %w", err)
	}
	db := sql.OpenDB(connector)
	db.SetMaxIdleConns(2 * threads)
	e := &Engine{db: db, setups: setups, dialect: opts.Dialect, dirs: redactedDirs(opts), log: opts.Logger}
	if e.log == nil {
		e.log = discardLogger
	}
	if err := e.setUp(context.Background(), opts); err != nil {
		db.Close()
		setups.close()
		return nil, fmt.Errorf("engine: open: %w", err)
	}
	e.life, e.stopLife = context.WithCancel(context.Background())
	return e, nil
}

// Dialect returns the SQL dialect the engine runs.
func (e *Engine) Dialect() Dialect { return e.dialect }

// setUp registers what every connection shares, then confines the
// database.
func (e *Engine) setUp(ctx context.Context, opts Options) error {
	conn, err := e.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if e.dialect == DialectDuckDB {
		if _, err := conn.ExecContext(ctx, duckGlobalSQL); err != nil {
			return err
		}
		if e.denied, err = deniedDuckFunctions(ctx, conn); err != nil {
			return err
		}
		return confine(ctx, conn, opts)
	}
	if _, err := conn.ExecContext(ctx, globalSQL); err != nil {
		return err
	}
	if err := registerUDFs(ctx, conn); err != nil {
		return err
	}
	if e.denied, err = deniedFunctions(ctx, conn); err != nil {
		return err
	}
	return confine(ctx, conn, opts)
}

// Close interrupts the calls in flight (they return ErrClosed), waits for
// them to return and closes the database. Later calls return ErrClosed;
// calling Close again returns the first result.
func (e *Engine) Close() error {
	e.closeOnce.Do(func() {
		e.mu.Lock()
		e.closed = true
		e.mu.Unlock()
		e.stopLife()
		e.inFlight.Wait()
		e.closeErr = e.db.Close()
		// The pool may still be setting a connection up on a goroutine of
		// its own: end it before the Engine is gone.
		e.setups.close()
	})
	return e.closeErr
}

// run runs fn as a call in flight: with a context that Close cancels, and
// counted so that Close can wait for it. Its errors have host paths
// removed (see redact).
func (e *Engine) run(ctx context.Context, fn func(ctx context.Context) error) error {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return ErrClosed
	}
	e.inFlight.Add(1)
	e.mu.Unlock()
	defer e.inFlight.Done()
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := context.AfterFunc(e.life, cancel)
	defer stop()
	err := fn(runCtx)
	if err != nil && ctx.Err() == nil && e.life.Err() != nil {
		return ErrClosed
	}
	// Errors name no host path: DuckDB quotes the files it reads and
	// writes, all of which lie in the engine's folders.
	return redactError(err, e.dirs)
}

// CreateSchema creates the schema that holds an Athena database's tables
// and views. An existing schema is left as it is.
func (e *Engine) CreateSchema(ctx context.Context, name string) error {
	return e.exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+sqlIdent(name))
}

// DropSchema drops a schema with every relation in it. A missing schema is
// not an error.
func (e *Engine) DropSchema(ctx context.Context, name string) error {
	return e.exec(ctx, "DROP SCHEMA IF EXISTS "+sqlIdent(name)+" CASCADE")
}

// DropRelation drops the table or view schema.name. A missing relation is
// not an error.
func (e *Engine) DropRelation(ctx context.Context, schema, name string) error {
	return e.exec(ctx, "DROP VIEW IF EXISTS "+qualified(schema, name))
}

// DefineView creates or replaces the view schema.name over query, which
// must be DuckDB-ready SQL. Unqualified names in query resolve in schema, as
// in an Athena view. A query DuckDB rejects yields an *athena.QueryError.
func (e *Engine) DefineView(ctx context.Context, schema, name, query string) error {
	body, err := e.statement(query)
	if err != nil {
		return err
	}
	return e.run(ctx, func(ctx context.Context) error {
		e.ddl.Lock()
		defer e.ddl.Unlock()
		return e.withConn(ctx, schema, func(conn *sql.Conn) error {
			body := e.typed(ctx, conn, body, schema)
			_, err := conn.ExecContext(ctx, "CREATE OR REPLACE VIEW "+qualified(schema, name)+" AS\n"+body)
			if err != nil {
				return mapError(ctx, err, source{text: body, lineOffset: 1, schema: schema})
			}
			return nil
		})
	})
}

// exec runs a catalog statement under the DDL lock.
func (e *Engine) exec(ctx context.Context, stmt string) error {
	return e.run(ctx, func(ctx context.Context) error {
		e.ddl.Lock()
		defer e.ddl.Unlock()
		if _, err := e.db.ExecContext(ctx, stmt); err != nil {
			if ctxErr := ctx.Err(); ctxErr != nil {
				return fmt.Errorf("engine: %w", ctxErr)
			}
			return fmt.Errorf("engine: %s: %w", stmt, err)
		}
		return nil
	})
}

// withConn runs fn on a connection pinned for the call, with schema as the
// current schema ("" means DuckDB's main schema). Pinning keeps per-query
// state (USE) on one connection; every caller sets it again.
func (e *Engine) withConn(ctx context.Context, schema string, fn func(conn *sql.Conn) error) error {
	conn, err := e.db.Conn(ctx)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return fmt.Errorf("engine: %w", ctxErr)
		}
		return fmt.Errorf("engine: %w", err)
	}
	defer conn.Close()
	use := "USE memory.main"
	if schema != "" {
		use = "USE memory." + sqlIdent(schema)
	}
	if _, err := conn.ExecContext(ctx, use); err != nil {
		if e.dialect == DialectDuckDB {
			return duckQueryError(ctx, err)
		}
		return mapError(ctx, err, source{schema: schema, use: true})
	}
	return fn(conn)
}

// qualified spells schema.name as quoted SQL identifiers.
func qualified(schema, name string) string {
	return sqlIdent(schema) + "." + sqlIdent(name)
}
