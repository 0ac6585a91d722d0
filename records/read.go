package records

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/athenaq/athenaq"
)

// DefaultBatchSize is the number of rows in each record unless
// WithBatchSize says otherwise.
const DefaultBatchSize = 65536

// An Option configures Read and FromRows.
type Option func(*options)

type options struct {
	batch int
	mem   memory.Allocator
}

// WithBatchSize sets the number of rows in each record (the last one may
// hold fewer); n must be positive. The default is DefaultBatchSize. Memory
// stays bounded by one record and the rows' read-ahead.
func WithBatchSize(n int) Option {
	return func(o *options) { o.batch = n }
}

// WithAllocator sets the allocator of the records' buffers; the default is
// memory.DefaultAllocator.
func WithAllocator(mem memory.Allocator) Option {
	return func(o *options) { o.mem = mem }
}

func collect(opts []Option) (options, error) {
	o := options{batch: DefaultBatchSize, mem: memory.DefaultAllocator}
	for _, opt := range opts {
		opt(&o)
	}
	if o.batch < 1 {
		return o, fmt.Errorf("athenaq/records: WithBatchSize(%d): want a positive number of rows", o.batch)
	}
	if o.mem == nil {
		return o, fmt.Errorf("athenaq/records: WithAllocator(nil): want an allocator")
	}
	return o, nil
}

// Read waits for q to succeed and returns its result as Arrow records, in
// the schema that Schema gives for its columns.
//
// ctx governs the whole read, not only the wait: the reader fetches the
// result's pages with it, and when ctx ends the reader's Next returns false
// and its Err matches ctx's error under errors.Is. A query that fails or
// is cancelled returns its *athenaq.QueryError from Read.
//
// The reader builds one record at a time and releases it at the next call
// to Next or at Release, so memory stays bounded by WithBatchSize whatever
// the result's size. Release it when done: that also stops the reading of
// further pages. The reader is not safe for concurrent use.
func Read(ctx context.Context, q *athenaq.Query, opts ...Option) (array.RecordReader, error) {
	o, err := collect(opts)
	if err != nil {
		return nil, err
	}
	rows, err := q.Rows(ctx)
	if err != nil {
		return nil, err
	}
	return fromRows(rows, o)
}

// FromRows returns the records of rows already open, whatever transport
// they came through. It takes ownership of rows and closes them when the
// reader is released or reaches the end, and at once if it returns an
// error. Rows already read with Next are not part of the records.
func FromRows(rows *athenaq.Rows, opts ...Option) (array.RecordReader, error) {
	o, err := collect(opts)
	if err != nil {
		rows.Close()
		return nil, err
	}
	return fromRows(rows, o)
}

// fromRows is where every reader is made: the one place that learns how
// rows hold their result. Rows that hold Athena's text are converted
// column by column here; a transport that already holds Arrow records
// (UNLOAD's Parquet) passes them through from here.
func fromRows(rows *athenaq.Rows, o options) (array.RecordReader, error) {
	if r, ok := passThrough(rows, o); ok {
		return r, nil
	}
	r, err := newTextReader(rows, o)
	if err != nil {
		rows.Close()
		return nil, err
	}
	return r, nil
}

// textReader builds records from the text of each row's values.
type textReader struct {
	refs   atomic.Int64
	rows   *athenaq.Rows
	schema *arrow.Schema
	bld    *array.RecordBuilder // nil once failed or released
	cols   []*column
	batch  int
	cur    arrow.RecordBatch
	read   int64 // rows read so far, for error messages
	err    error
	done   bool
}

func newTextReader(rows *athenaq.Rows, o options) (*textReader, error) {
	cols := rows.Columns()
	schema, err := Schema(cols)
	if err != nil {
		return nil, err
	}
	r := &textReader{rows: rows, schema: schema, batch: o.batch, bld: array.NewRecordBuilder(o.mem, schema)}
	r.refs.Store(1)
	r.cols = make([]*column, len(cols))
	for i, c := range cols {
		t, err := columnType(c)
		if err == nil {
			r.cols[i], err = newColumn(c.Name, t, r.bld.Field(i))
		}
		if err != nil {
			r.bld.Release()
			return nil, err
		}
	}
	return r, nil
}

// Retain adds a reference to the reader.
func (r *textReader) Retain() { r.refs.Add(1) }

// Release drops a reference; the last one releases the current record and
// the builders and closes the rows.
func (r *textReader) Release() {
	if r.refs.Add(-1) != 0 {
		return
	}
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	r.stop()
}

// stop ends the read: it frees the builders and closes the rows.
func (r *textReader) stop() {
	r.done = true
	if r.bld != nil {
		r.bld.Release()
		r.bld = nil
	}
	r.rows.Close()
}

func (r *textReader) Schema() *arrow.Schema { return r.schema }

func (r *textReader) Next() bool {
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	if r.done {
		return false
	}
	n := 0
	for n < r.batch && r.rows.Next() {
		raw, err := r.rows.RawValues()
		if err == nil {
			err = r.appendRow(raw)
		}
		if err != nil {
			r.fail(err)
			return false
		}
		n++
	}
	if n < r.batch {
		if err := r.rows.Err(); err != nil {
			r.fail(err)
			return false
		}
		if n == 0 {
			r.stop()
			return false
		}
	}
	r.cur = r.bld.NewRecordBatch()
	return true
}

// appendRow appends one row's values, nil for NULL.
func (r *textReader) appendRow(raw []*string) error {
	r.read++
	for i, c := range r.cols {
		if i >= len(raw) || raw[i] == nil {
			c.appendNull()
			continue
		}
		if err := c.text(*raw[i]); err != nil {
			return fmt.Errorf("athenaq/records: row %d, column %q: %w", r.read, c.name, err)
		}
	}
	return nil
}

// fail ends the read with err. The rows of the unfinished record are
// dropped with the builders, which may hold a partial row.
func (r *textReader) fail(err error) {
	r.err = err
	r.stop()
}

func (r *textReader) RecordBatch() arrow.RecordBatch { return r.cur }

// Record is RecordBatch, for arrow-go's deprecated name.
func (r *textReader) Record() arrow.RecordBatch { return r.cur }

func (r *textReader) Err() error { return r.err }
