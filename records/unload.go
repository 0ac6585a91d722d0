package records

import (
	"context"
	"strings"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/internal/unload"
)

// Importing records gives athenaq's ResultUnload its Parquet reader: the
// core client does not link Arrow and Parquet itself.
func init() { athenaq.RegisterUnloadReader(openUnload) }

func openUnload(ctx context.Context, api *s3.Client, manifestURI, owner string) (athenaq.ResultSource, error) {
	rd, err := unload.Open(ctx, api, manifestURI, unload.Options{ExpectedBucketOwner: owner})
	if err != nil {
		return nil, err
	}
	fields := rd.Schema().Fields()
	cols := make([]athenaq.Column, len(fields))
	for i, f := range fields {
		cols[i] = columnOf(f)
	}
	return &unloadSource{rd: rd, cols: cols, row: -1}, nil
}

// columnOf describes a Parquet column in Athena's terms, as ColumnInfo
// would.
func columnOf(f arrow.Field) athenaq.Column {
	col := athenaq.Column{Name: f.Name, Type: athenaTypeName(f.Type), Nullable: "UNKNOWN"}
	if d, ok := f.Type.(arrow.DecimalType); ok {
		col.Precision, col.Scale = int(d.GetPrecision()), int(d.GetScale())
	}
	return col
}

// athenaTypeName names an Arrow type with Athena's ColumnInfo spelling.
func athenaTypeName(t arrow.DataType) string {
	switch t.ID() {
	case arrow.BOOL:
		return "boolean"
	case arrow.INT8:
		return "tinyint"
	case arrow.INT16:
		return "smallint"
	case arrow.INT32:
		return "integer"
	case arrow.INT64:
		return "bigint"
	case arrow.FLOAT32:
		return "float"
	case arrow.FLOAT64:
		return "double"
	case arrow.DECIMAL32, arrow.DECIMAL64, arrow.DECIMAL128, arrow.DECIMAL256:
		return "decimal"
	case arrow.STRING, arrow.LARGE_STRING, arrow.STRING_VIEW:
		return "varchar"
	case arrow.BINARY, arrow.LARGE_BINARY, arrow.BINARY_VIEW, arrow.FIXED_SIZE_BINARY:
		return "varbinary"
	case arrow.DATE32, arrow.DATE64:
		return "date"
	case arrow.TIMESTAMP:
		return "timestamp"
	case arrow.TIME32, arrow.TIME64:
		return "time"
	case arrow.LIST, arrow.LARGE_LIST, arrow.FIXED_SIZE_LIST, arrow.LIST_VIEW:
		return "array"
	case arrow.MAP:
		return "map"
	case arrow.STRUCT:
		return "row"
	}
	return strings.ToLower(t.Name())
}

// unloadSource is an UNLOAD result read row by row through athenaq.Rows,
// or handed to Read whole, record by record.
type unloadSource struct {
	rd      *unload.Reader
	cols    []athenaq.Column
	rec     arrow.RecordBatch
	row     int
	started bool // Next was called: the records are no longer whole
}

func (s *unloadSource) Columns() []athenaq.Column { return s.cols }

func (s *unloadSource) Next() bool {
	s.started = true
	s.row++
	for s.rec == nil || s.row >= int(s.rec.NumRows()) {
		if !s.rd.Next() {
			s.rec = nil
			return false
		}
		s.rec, s.row = s.rd.RecordBatch(), 0
	}
	return true
}

func (s *unloadSource) Value(i int) (any, error) { return unload.Value(s.rec.Column(i), s.row) }

func (s *unloadSource) Err() error { return s.rd.Err() }

func (s *unloadSource) Close() error { return s.rd.Close() }

// ReadStats reports the data files downloaded, for athenaq's
// TransportTracer: each whole, with one GetObject (the manifest's is not
// counted).
func (s *unloadSource) ReadStats() athenaq.ReadStats {
	files, n := s.rd.Downloaded()
	return athenaq.ReadStats{Files: files, Parts: files, Requests: files, Bytes: n}
}

// passThrough returns UNLOAD's records as the Parquet files hold them, cut
// to the batch size, when rows hold an UNLOAD result that nobody has read
// yet.
func passThrough(rows *athenaq.Rows, o options) (array.RecordReader, bool) {
	src, ok := rows.Source().(*unloadSource)
	if !ok || src.started {
		return nil, false
	}
	r := &sliceReader{rows: rows, rd: src.rd, batch: int64(o.batch)}
	r.refs.Store(1)
	return r, true
}

// sliceReader hands out an unload.Reader's records, sliced to at most
// batch rows.
type sliceReader struct {
	refs  atomic.Int64
	rows  *athenaq.Rows
	rd    *unload.Reader
	batch int64
	cur   arrow.RecordBatch // the file's record being sliced
	off   int64
	out   arrow.RecordBatch // the slice handed out
	done  bool
}

func (r *sliceReader) Retain() { r.refs.Add(1) }

func (r *sliceReader) Release() {
	if r.refs.Add(-1) == 0 {
		r.releaseOut()
		r.rows.Close()
	}
}

func (r *sliceReader) releaseOut() {
	if r.out != nil {
		r.out.Release()
		r.out = nil
	}
}

func (r *sliceReader) Schema() *arrow.Schema { return r.rd.Schema() }

func (r *sliceReader) Next() bool {
	r.releaseOut()
	if r.done {
		return false
	}
	for r.cur == nil || r.off >= r.cur.NumRows() {
		if !r.rd.Next() {
			r.done, r.cur = true, nil
			r.rows.Close()
			return false
		}
		r.cur, r.off = r.rd.RecordBatch(), 0
	}
	end := min(r.off+r.batch, r.cur.NumRows())
	r.out = r.cur.NewSlice(r.off, end)
	r.off = end
	return true
}

func (r *sliceReader) RecordBatch() arrow.RecordBatch { return r.out }

// Record is RecordBatch, by the name of arrow-go's older interface.
func (r *sliceReader) Record() arrow.RecordBatch { return r.out }

func (r *sliceReader) Err() error { return r.rd.Err() }
