package athenaq

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/athenaq/athenaq/athenatype"
)

// Column describes one result column.
type Column struct {
	Name string
	// Type is the type name that ColumnInfo reports. Engine v3 writes
	// Athena's type name without parameters: "integer", "varchar",
	// "decimal", "array", "row", "timestamp with time zone", ... The DuckDB
	// engine writes DuckDB's full type as typeof prints it: "INTEGER",
	// "DECIMAL(10,2)", "VARCHAR[]", "STRUCT(id INTEGER, note VARCHAR)".
	Type          string
	Precision     int
	Scale         int
	Nullable      string // "UNKNOWN": Athena does not report nullability
	CaseSensitive bool
	// Signature is the full type: from Config.TypeHints for engine v3
	// (nil without a hint), and Type parsed by athenatype.ParseDuckDBType
	// for a query that ran on the DuckDB engine (Signature.DuckDB is set).
	Signature *athenatype.Type
}

// Rows streams a query's result. It reads one page ahead of the caller, so
// memory stays bounded by two pages whatever the result size. Rows is not
// safe for concurrent use; Close it (or read it to the end) to release the
// read-ahead goroutine.
type Rows struct {
	q          *Query
	status     Status
	cols       []Column
	decoders   []*athenatype.Decoder
	split      bool // UTILITY rows carry all columns in one TAB-joined datum
	pages      chan page
	ctx        context.Context // the reader's; its error ends an unfinished read
	complete   atomic.Bool     // the reader handed over the last page
	cancel     context.CancelFunc
	wg         sync.WaitGroup
	page       []types.Row
	idx        int
	raw        []*string
	err        error
	closed     bool
	scratchRow []*string
	update     *int64
	// src, when set, is the transport that yields the rows (the S3 CSV
	// file or UNLOAD's Parquet files) instead of GetQueryResults pages;
	// hasRow reports that it is on a row.
	src    rowSource
	hasRow bool
	// n counts the rows handed out, npages the GetQueryResults pages
	// fetched (the read-ahead's count is read after it has stopped).
	n      int64
	npages int
	// trace is set when a TransportTracer or the Logger watches the read.
	trace *rowsTrace
}

// rowsTrace is what TraceTransportRead needs beyond the Rows' counts.
type rowsTrace struct {
	ctx   context.Context // the context Rows was opened with, for the tracer
	begun time.Time
}

// rowSource is a result transport other than GetQueryResults pages. Rows
// owns it and closes it.
type rowSource interface {
	// next moves to the next row, reporting false at the end or on an
	// error (err).
	next() bool
	// value decodes column i of the current row; NULL is nil.
	value(i int) (any, error)
	// stats returns the transport's S3 reads so far.
	stats() ReadStats
	// appendTexts appends the current row's values as Athena's text
	// (nil for NULL) to dst.
	appendTexts(dst []*string) ([]*string, error)
	err() error
	close() error
}

type page struct {
	rows []types.Row
	err  error
}

// readAhead is how many pages the background reader may hold ready.
const readAhead = 1

// Rows waits for the query to succeed and returns its result rows. The
// header row that Athena puts first in a SELECT result is skipped by
// statement type, never by comparing values.
func (q *Query) Rows(ctx context.Context) (*Rows, error) {
	st, err := q.Wait(ctx)
	if err != nil {
		return nil, err
	}
	return q.c.rowsFor(ctx, q, st)
}

func (c *Client) rows(ctx context.Context, q *Query, st Status) (*Rows, error) {
	first, err := c.resultsPage(ctx, q.ID(), nil, 0)
	if err != nil {
		return nil, err
	}
	r, err := c.newRows(q, st, first)
	if err != nil {
		return nil, err
	}
	var rows []types.Row
	if first.ResultSet != nil {
		rows = first.ResultSet.Rows
	}
	if hasHeaderRow(st) && len(rows) > 0 {
		rows = rows[1:]
	}
	r.split = st.StatementType == "UTILITY" && len(r.cols) > 1
	r.npages = 1
	r.page = rows
	r.idx = -1
	r.pages = make(chan page, readAhead)
	rctx, cancel := context.WithCancel(ctx)
	r.ctx, r.cancel = rctx, cancel
	if first.NextToken == nil {
		r.complete.Store(true)
		close(r.pages)
		return r, nil
	}
	r.wg.Add(1)
	go r.readPages(rctx, c, first.NextToken)
	return r, nil
}

// newRows returns Rows with the columns and update count of a first page
// of GetQueryResults.
func (c *Client) newRows(q *Query, st Status, first *athena.GetQueryResultsOutput) (*Rows, error) {
	r := &Rows{q: q, status: st, update: first.UpdateCount}
	if md := first.ResultSet; md != nil && md.ResultSetMetadata != nil {
		if err := r.setColumns(st.EngineVersion, c.cfg.TypeHints, md.ResultSetMetadata.ColumnInfo); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// hasHeaderRow reports whether the first row of the first page holds the
// column labels: DML results, and SHOW FUNCTIONS (FACTS §2.4).
func hasHeaderRow(st Status) bool {
	return st.StatementType == "DML" || st.SubstatementType == "SHOW_FUNCTIONS"
}

// setColumns prepares the decoding of the columns info of a query that
// ran on engine. A DuckDB column's type is complete, so TypeHints, which
// are engine v3 signatures, apply to engine v3 columns only.
func (r *Rows) setColumns(engine string, hints map[string]string, info []types.ColumnInfo) error {
	r.cols = make([]Column, len(info))
	r.decoders = make([]*athenatype.Decoder, len(info))
	for i, ci := range info {
		col := Column{Name: aws.ToString(ci.Name), Type: aws.ToString(ci.Type), Precision: int(ci.Precision), Scale: int(ci.Scale),
			Nullable: string(ci.Nullable), CaseSensitive: ci.CaseSensitive}
		if engine == EngineDuckDB {
			dec, err := athenatype.NewDuckDBDecoder(col.Type)
			if err != nil {
				return fmt.Errorf("athenaq: column %q: %w", col.Name, err)
			}
			col.Signature = dec.Type()
			r.cols[i], r.decoders[i] = col, dec
			continue
		}
		hint, ok := hints[col.Name]
		if !ok {
			hint, ok = hints[fmt.Sprintf("#%d", i)]
		}
		if ok {
			sig, err := athenatype.ParseSignature(hint)
			if err != nil {
				return fmt.Errorf("athenaq: TypeHints[%q]: %w", col.Name, err)
			}
			col.Signature = sig
		}
		dec, err := athenatype.NewDecoder(col.Type, col.Signature)
		if err != nil {
			return fmt.Errorf("athenaq: column %q: %w", col.Name, err)
		}
		r.cols[i], r.decoders[i] = col, dec
	}
	return nil
}

// readPages fetches the pages after the first, one ahead of the reader.
func (r *Rows) readPages(ctx context.Context, c *Client, token *string) {
	defer r.wg.Done()
	defer close(r.pages)
	for token != nil {
		out, err := c.resultsPage(ctx, r.q.ID(), token, 0)
		if ctx.Err() != nil {
			return // a page that finished arriving after the end is dropped
		}
		var p page
		if err != nil {
			p.err = err
		} else if out.ResultSet != nil {
			p.rows = out.ResultSet.Rows
		}
		r.npages++
		select {
		case r.pages <- p:
		case <-ctx.Done():
			return
		}
		if err != nil {
			return
		}
		token = out.NextToken
	}
	r.complete.Store(true)
}

// resultsPage is one GetQueryResults call; maxRows 0 asks for Athena's
// largest page.
func (c *Client) resultsPage(ctx context.Context, id string, token *string, maxRows int32) (*athena.GetQueryResultsOutput, error) {
	var out *athena.GetQueryResultsOutput
	in := &athena.GetQueryResultsInput{QueryExecutionId: aws.String(id), NextToken: token}
	if maxRows > 0 {
		in.MaxResults = aws.Int32(maxRows)
	}
	err := c.call(ctx, "GetQueryResults", func(ctx context.Context) error {
		var err error
		out, err = c.api.GetQueryResults(ctx, in)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("athenaq: results of %s: %w", id, contextErr(ctx, err))
	}
	return out, nil
}

// Columns describes the result's columns. The slice is the caller's own
// copy.
func (r *Rows) Columns() []Column { return slices.Clone(r.cols) }

// Status is the final status of the query that produced the rows.
func (r *Rows) Status() Status { return r.status }

// UpdateCount is the number of rows an INSERT, CTAS, UPDATE, DELETE or
// MERGE wrote, as GetQueryResults reports it; ok is false when Athena sent
// none (DDL, EXPLAIN). SELECT results report 0.
func (r *Rows) UpdateCount() (n int64, ok bool) {
	if r.update == nil {
		return 0, false
	}
	return *r.update, true
}

// QueryID is the id of the query that produced the rows.
func (r *Rows) QueryID() string { return r.q.ID() }

// Next advances to the next row, reporting false at the end or on an error
// (see Err).
func (r *Rows) Next() bool {
	if r.closed || r.err != nil {
		return false
	}
	if r.src != nil {
		if r.hasRow = r.src.next(); !r.hasRow {
			r.err = r.src.err()
			r.Close()
			return false
		}
		r.n++
		return true
	}
	for {
		r.idx++
		if r.idx < len(r.page) {
			r.raw = r.rawRow(r.page[r.idx])
			r.n++
			return true
		}
		p, ok := <-r.pages
		if !ok {
			if !r.complete.Load() {
				r.err = r.ctx.Err() // the reader stopped early: the context ended
			}
			r.Close()
			return false
		}
		if p.err != nil {
			r.err = p.err
			r.Close()
			return false
		}
		r.page, r.idx = p.rows, -1
	}
}

// rawRow returns the row's texts, nil for NULL, one per column.
func (r *Rows) rawRow(row types.Row) []*string {
	raw := r.scratchRow[:0]
	if r.split && len(row.Data) == 1 && row.Data[0].VarCharValue != nil {
		parts := strings.SplitN(*row.Data[0].VarCharValue, "\t", len(r.cols))
		for i := range parts {
			raw = append(raw, &parts[i])
		}
	} else {
		for _, d := range row.Data {
			raw = append(raw, d.VarCharValue)
		}
	}
	for len(raw) < len(r.cols) {
		raw = append(raw, nil)
	}
	r.scratchRow = raw
	return raw
}

// Values decodes the current row into Go values (see athenatype for the
// mapping); NULL is nil.
func (r *Rows) Values() ([]any, error) {
	if !r.onRow() {
		return nil, errors.New("athenaq: Values called without a successful Next")
	}
	out := make([]any, len(r.cols))
	for i := range r.cols {
		v, err := r.value(i)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// onRow reports whether a successful Next left the rows on a row.
func (r *Rows) onRow() bool {
	if r.src != nil {
		return r.hasRow && !r.closed
	}
	return r.raw != nil
}

func (r *Rows) value(i int) (any, error) {
	if r.src != nil {
		v, err := r.src.value(i)
		if err != nil {
			return nil, fmt.Errorf("athenaq: column %q: %w", r.cols[i].Name, err)
		}
		return v, nil
	}
	if i >= len(r.raw) || r.raw[i] == nil {
		return nil, nil
	}
	v, err := r.decoders[i].Decode(*r.raw[i])
	if err != nil {
		return nil, fmt.Errorf("athenaq: column %q: %w", r.cols[i].Name, err)
	}
	return v, nil
}

// RawValues returns the current row as Athena sent it, before decoding: one
// text per column, nil for NULL. The slice is reused by the next call to
// Next. The database/sql driver passes the text of types that have no
// driver.Value counterpart (arrays, maps, rows, uuid, ...) on as it is.
func (r *Rows) RawValues() ([]*string, error) {
	if !r.onRow() {
		return nil, errors.New("athenaq: RawValues called without a successful Next")
	}
	if r.src != nil {
		raw, err := r.src.appendTexts(r.scratchRow[:0])
		r.scratchRow = raw
		return raw, err
	}
	return r.raw, nil
}

// Scan copies the current row into dest, converting as database/sql does:
// into *string, *int64, *float64, *bool, *time.Time, *[]byte, *any, an
// sql.Scanner such as *sql.NullString, and the athenatype value types.
func (r *Rows) Scan(dest ...any) error {
	if !r.onRow() {
		return errors.New("athenaq: Scan called without a successful Next")
	}
	if len(dest) != len(r.cols) {
		return fmt.Errorf("athenaq: Scan got %d destinations for %d columns", len(dest), len(r.cols))
	}
	for i, d := range dest {
		v, err := r.value(i)
		if err != nil {
			return err
		}
		if err := convertAssign(d, v); err != nil {
			return fmt.Errorf("athenaq: Scan column %d (%q): %w", i, r.cols[i].Name, err)
		}
	}
	return nil
}

// Err returns the error that ended the iteration, if any.
func (r *Rows) Err() error { return r.err }

// Close stops the read-ahead and releases the rows. A page that is already
// arriving is let finish, for up to a second, so that its connection stays
// usable. It is safe to call more than once.
func (r *Rows) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	r.raw = nil
	r.hasRow = false
	if r.cancel != nil {
		r.cancel() // the reader gives up a page it could not hand over
	}
	r.wg.Wait()
	var err error
	if r.src != nil {
		err = r.src.close()
	}
	if r.trace != nil {
		r.q.c.traceRead(r)
	}
	return err
}

// traceRead reports a finished read of r to the TransportTracer and the
// Logger.
func (c *Client) traceRead(r *Rows) {
	data := TraceTransportReadData{QueryID: r.q.ID(), Mode: ResultAPI, Rows: r.n, Pages: r.npages,
		Duration: time.Since(r.trace.begun), Err: r.err}
	if r.src != nil {
		data.Mode, data.ReadStats = ResultCSV, r.src.stats()
		if _, ok := r.src.(*pluggedSource); ok {
			data.Mode = ResultUnload
		}
	}
	if c.debug() {
		c.log.Debug("athenaq: result read", "query", data.QueryID, "mode", data.Mode, "rows", data.Rows, "pages", data.Pages,
			"files", data.Files, "bytes", data.Bytes, "duration", data.Duration, "err", data.Err)
	}
	if c.readTracer != nil {
		c.readTracer.TraceTransportRead(r.trace.ctx, data)
	}
}

// All iterates over the rows as decoded values. Iteration stops at the
// first error, which is yielded with nil values; Rows is closed at the end.
func (r *Rows) All() iter.Seq2[[]any, error] {
	return func(yield func([]any, error) bool) {
		defer r.Close()
		for r.Next() {
			vals, err := r.Values()
			if !yield(vals, err) || err != nil {
				return
			}
		}
		if r.err != nil {
			yield(nil, r.err)
		}
	}
}

// Maps iterates over the rows as column name to value maps (the dict
// cursor). Duplicate column names keep the last value.
func (r *Rows) Maps() iter.Seq2[map[string]any, error] {
	return func(yield func(map[string]any, error) bool) {
		for vals, err := range r.All() {
			if err != nil {
				yield(nil, err)
				return
			}
			m := make(map[string]any, len(vals))
			for i, v := range vals {
				m[r.cols[i].Name] = v
			}
			if !yield(m, nil) {
				return
			}
		}
	}
}
