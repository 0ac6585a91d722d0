package engine

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/athenaq/athenaq/emulator/internal/athena"
)

// Query is one SELECT to run and write.
type Query struct {
	// Schema is the current database; "" leaves DuckDB's main schema.
	Schema string
	// SQL is DuckDB-ready SELECT, WITH or VALUES text: one statement, a
	// trailing semicolon allowed.
	SQL string
	// OutFile is the local path the data rows are written to.
	OutFile string
	// ResolveS3 fetches the objects of the S3 references of a DuckDB-dialect
	// statement (see S3Ref); nil makes such statements fail. The Trino
	// dialect ignores it.
	ResolveS3 S3Resolver
}

// Result describes a query that ran to completion.
type Result struct {
	// Columns are the output columns as Athena's ColumnInfo describes them.
	Columns []athena.Column
	// Rows is the number of data rows written.
	Rows int64
	// Bytes is the size of OutFile.
	Bytes int64
}

// unnamedPrefix marks output columns that the SQL rewriter aliased because
// the query left them unnamed; Athena labels them _col<position>.
const unnamedPrefix = "__unnamed_"

// Query runs q and writes its rows to q.OutFile as the data rows of
// Athena's CSV result, without the header line (FACTS §4.2): every non-NULL
// field double-quoted with quotes doubled, NULL as an empty unquoted field,
// LF line ends, an empty file for zero rows. Values are rendered as Athena
// renders them (FACTS §5); in the DuckDB dialect, as DuckDB's cast to
// VARCHAR, with DuckDB's type names in Result.Columns (see DuckDBColumn).
//
// Query blocks until the query ends. When ctx ends first, DuckDB is
// interrupted and the error matches ctx.Err() under errors.Is. A query that
// fails returns an *athena.QueryError; OutFile may then hold partial data.
func (e *Engine) Query(ctx context.Context, q Query) (*Result, error) {
	if q.OutFile == "" {
		return nil, errors.New("engine: Query.OutFile is empty: want a local file path")
	}
	if e.dialect == DialectDuckDB {
		return e.queryDuckDB(ctx, q)
	}
	body, err := e.statement(q.SQL)
	if err != nil {
		return nil, err
	}
	var res *Result
	err = e.run(ctx, func(ctx context.Context) error {
		return e.withConn(ctx, q.Schema, func(conn *sql.Conn) error {
			body, cols, err := e.typedDescribe(ctx, conn, body, q.Schema)
			if err != nil {
				return err
			}
			stmt := copyStatement(body, cols, q.OutFile)
			r, err := conn.ExecContext(ctx, stmt)
			if err != nil {
				return mapError(ctx, err, source{text: body, lineOffset: 1, schema: q.Schema})
			}
			n, err := r.RowsAffected()
			if err != nil {
				return fmt.Errorf("engine: query: %w", err)
			}
			st, err := os.Stat(q.OutFile)
			if err != nil {
				return fmt.Errorf("engine: query: %w", err)
			}
			res = &Result{Columns: athenaColumns(cols), Rows: n, Bytes: st.Size()}
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// Describe returns the output columns of query, run with schema as the
// current schema, without running it: Athena's ColumnInfo for each, and the
// column type in Trino's spelling (integer, varchar, array(integer),
// row(a integer)). Errors are those Query would report at bind time.
//
// In the DuckDB dialect the columns are DuckDB's (see DuckDBColumn) and
// the types DuckDB's names as typeof prints them (INTEGER, VARCHAR[],
// STRUCT(a INTEGER)); a query with S3 references needs DescribeQuery.
func (e *Engine) Describe(ctx context.Context, schema, query string) ([]athena.Column, []string, error) {
	if e.dialect == DialectDuckDB {
		return e.DescribeQuery(ctx, Query{Schema: schema, SQL: query})
	}
	body, err := e.statement(query)
	if err != nil {
		return nil, nil, err
	}
	var cols []outColumn
	err = e.run(ctx, func(ctx context.Context) error {
		return e.withConn(ctx, schema, func(conn *sql.Conn) error {
			_, cols, err = e.typedDescribe(ctx, conn, body, schema)
			return err
		})
	})
	if err != nil {
		return nil, nil, err
	}
	types := make([]string, len(cols))
	for i, c := range cols {
		types[i] = trinoType(c.typ)
	}
	return athenaColumns(cols), types, nil
}

// Explain returns DuckDB's plan for query, run with schema as the current
// schema, as text.
func (e *Engine) Explain(ctx context.Context, schema, query string) (string, error) {
	body, err := e.statement(query)
	if err != nil {
		return "", err
	}
	var plan strings.Builder
	err = e.run(ctx, func(ctx context.Context) error {
		return e.withConn(ctx, schema, func(conn *sql.Conn) error {
			rows, err := conn.QueryContext(ctx, "EXPLAIN\n"+body)
			if err != nil {
				return mapError(ctx, err, source{text: body, lineOffset: 1, schema: schema})
			}
			defer rows.Close()
			for rows.Next() {
				var key, value sql.NullString
				if err := rows.Scan(&key, &value); err != nil {
					return fmt.Errorf("engine: explain: %w", err)
				}
				plan.WriteString(value.String)
			}
			if err := rows.Err(); err != nil {
				return mapError(ctx, err, source{text: body, lineOffset: 1, schema: schema})
			}
			return nil
		})
	})
	if err != nil {
		return "", err
	}
	return plan.String(), nil
}

// typedDescribe runs the typing pass on body and describes the result. When
// DuckDB rejects the retyped text, body is described as it came, so that
// the pass never turns a statement that binds into one that does not.
func (e *Engine) typedDescribe(ctx context.Context, conn *sql.Conn, body, schema string) (string, []outColumn, error) {
	typed := e.retype(ctx, conn, body)
	if typed != body {
		cols, err := describe(ctx, conn, typed, schema)
		if err == nil {
			return typed, cols, nil
		}
		e.log.Debug("engine: typed statement does not bind; running it untyped", "err", err)
	}
	cols, err := describe(ctx, conn, body, schema)
	return body, cols, err
}

// typed runs the typing pass on body for a statement that is not described
// (a view's body, an export): the retyped text when it binds, else body.
func (e *Engine) typed(ctx context.Context, conn *sql.Conn, body, schema string) string {
	typed := e.retype(ctx, conn, body)
	if typed == body {
		return body
	}
	if _, err := describe(ctx, conn, typed, schema); err != nil {
		e.log.Debug("engine: typed statement does not bind; running it untyped", "err", err)
		return body
	}
	return typed
}

// outColumn is one output column of a query as DuckDB binds it.
type outColumn struct {
	label string // Athena's label: the name, or _col<i> for unnamed expressions
	typ   *duckType
}

// describe binds body on conn (DESCRIBE runs nothing) and returns its
// output columns with Athena labels.
func describe(ctx context.Context, conn *sql.Conn, body, schema string) ([]outColumn, error) {
	src := source{text: body, lineOffset: 1, schema: schema}
	// The newline keeps DuckDB's LINE numbers one off from the caller's and
	// its columns unchanged.
	rows, err := conn.QueryContext(ctx, "DESCRIBE\n"+body)
	if err != nil {
		return nil, mapError(ctx, err, src)
	}
	defer rows.Close()
	var cols []outColumn
	for rows.Next() {
		var name, typ string
		var null, key, def, extra sql.NullString
		if err := rows.Scan(&name, &typ, &null, &key, &def, &extra); err != nil {
			return nil, fmt.Errorf("engine: describe: %w", err)
		}
		t, err := parseDuckType(typ)
		if err != nil {
			return nil, err
		}
		if strings.HasPrefix(name, unnamedPrefix) {
			name = "_col" + strconv.Itoa(len(cols))
		}
		cols = append(cols, outColumn{label: name, typ: t})
	}
	if err := rows.Err(); err != nil {
		return nil, mapError(ctx, err, src)
	}
	return cols, nil
}

func athenaColumns(cols []outColumn) []athena.Column {
	out := make([]athena.Column, len(cols))
	for i, c := range cols {
		out[i] = athenaColumn(c.label, c.typ)
	}
	return out
}

// copyStatement wraps body in a COPY that renders every column to text and
// writes Athena's CSV data rows. The subquery's columns are renamed by
// position, so duplicate or odd labels never reach DuckDB's naming rules.
func copyStatement(body string, cols []outColumn, outFile string) string {
	var b strings.Builder
	b.WriteString("COPY (SELECT ")
	for i, c := range cols {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(renderExpr("__athenaq_q.c"+strconv.Itoa(i), c.typ))
	}
	b.WriteString(" FROM (\n")
	b.WriteString(body)
	b.WriteString("\n) AS __athenaq_q(")
	for i := range cols {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("c" + strconv.Itoa(i))
	}
	b.WriteString(")) TO ")
	b.WriteString(sqlString(outFile))
	b.WriteString(" (FORMAT csv, HEADER false, FORCE_QUOTE *, NULL '', DELIMITER ',', QUOTE '\"', ESCAPE '\"', COMPRESSION 'none')")
	return b.String()
}
