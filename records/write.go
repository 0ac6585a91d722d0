package records

import (
	"errors"
	"fmt"
	"io"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// WriteParquet reads r to the end and writes its records to w as one
// Parquet file: one row group per record, Snappy compression, and the Arrow
// schema stored in the file's metadata (so that pqarrow reads back the
// field metadata, the timestamp zones and the uuid extension type). props
// go after those defaults and can override them, for example
// parquet.WithCompression(compress.Codecs.Zstd).
//
// Parquet has no interval types: interval day to second columns are
// written as int64 milliseconds and interval year to month columns as
// int32 months, keeping their AthenaTypeKey metadata.
//
// WriteParquet neither releases r nor closes w. If r ends with an error,
// WriteParquet returns it and leaves the file without its footer, so that
// no reader takes a partial result for a whole one.
func WriteParquet(w io.Writer, r array.RecordReader, props ...parquet.WriterProperty) error {
	schema, retyped := parquetSchema(r.Schema())
	all := append([]parquet.WriterProperty{parquet.WithCompression(compress.Codecs.Snappy)}, props...)
	sink := &guard{w: w}
	fw, err := pqarrow.NewFileWriter(schema, sink, parquet.NewWriterProperties(all...),
		pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema()))
	if err != nil {
		return fmt.Errorf("athenaq/records: write Parquet: %w", err)
	}
	for r.Next() {
		rec := r.RecordBatch()
		if retyped {
			rec = retypeRecord(rec, schema)
			err = fw.Write(rec)
			rec.Release()
		} else {
			err = fw.Write(rec)
		}
		if err != nil {
			sink.abandon(fw)
			return fmt.Errorf("athenaq/records: write Parquet: %w", err)
		}
	}
	if err := r.Err(); err != nil {
		sink.abandon(fw)
		return err
	}
	if err := fw.Close(); err != nil {
		return fmt.Errorf("athenaq/records: write Parquet: %w", err)
	}
	return nil
}

// WriteIPC reads r to the end and writes its records to w in the Arrow IPC
// stream format (ipc.NewReader reads it back). It neither releases r nor
// closes w. If r ends with an error, WriteIPC returns it and leaves the
// stream without its end-of-stream marker.
func WriteIPC(w io.Writer, r array.RecordReader) error {
	sink := &guard{w: w}
	iw := ipc.NewWriter(sink, ipc.WithSchema(r.Schema()))
	for r.Next() {
		if err := iw.Write(r.RecordBatch()); err != nil {
			sink.abandon(iw)
			return fmt.Errorf("athenaq/records: write IPC: %w", err)
		}
	}
	if err := r.Err(); err != nil {
		sink.abandon(iw)
		return err
	}
	if err := iw.Close(); err != nil {
		return fmt.Errorf("athenaq/records: write IPC: %w", err)
	}
	return nil
}

// WriteIPCFile reads r to the end and writes its records to w in the Arrow
// IPC file format, the random-access form also known as Feather v2 (".arrow"
// files; ipc.NewFileReader, pyarrow.ipc.open_file and polars.read_ipc read
// it). w needs no Seek: the footer that indexes the records is written at
// the end. It neither releases r nor closes w. If r ends with an error,
// WriteIPCFile returns it and leaves the file without its footer, which
// readers reject.
func WriteIPCFile(w io.Writer, r array.RecordReader) error {
	sink := &guard{w: w}
	fw, err := ipc.NewFileWriter(sink, ipc.WithSchema(r.Schema()))
	if err != nil {
		return fmt.Errorf("athenaq/records: write IPC file: %w", err)
	}
	for r.Next() {
		if err := fw.Write(r.RecordBatch()); err != nil {
			sink.done = true
			return fmt.Errorf("athenaq/records: write IPC file: %w", err)
		}
	}
	if err := r.Err(); err != nil {
		sink.done = true
		return err
	}
	if err := fw.Close(); err != nil {
		return fmt.Errorf("athenaq/records: write IPC file: %w", err)
	}
	return nil
}

// guard passes writes on to w until it is abandoned, and then drops them.
// It hides w's Close from writers that would close it.
type guard struct {
	w    io.Writer
	done bool
}

var errAbandoned = errors.New("write abandoned")

func (g *guard) Write(p []byte) (int, error) {
	if g.done {
		return 0, errAbandoned
	}
	return g.w.Write(p)
}

// abandon closes c, a writer over g, to free what it holds, without
// letting the end of its file reach w.
func (g *guard) abandon(c io.Closer) {
	g.done = true
	c.Close() // its error is errAbandoned, or the one already returned
}

// parquetSchema returns s with the types that Parquet cannot hold replaced
// by their storage: duration by int64, month_interval by int32. retyped
// reports whether any field changed.
func parquetSchema(s *arrow.Schema) (out *arrow.Schema, retyped bool) {
	fields := s.Fields()
	for i, f := range fields {
		if t, ok := parquetType(f.Type); ok {
			fields[i].Type = t
			retyped = true
		}
	}
	if !retyped {
		return s, false
	}
	md := s.Metadata()
	return arrow.NewSchema(fields, &md), true
}

// parquetType returns t with durations and month intervals replaced, and
// whether anything changed. The replacements have the same memory layout.
func parquetType(t arrow.DataType) (arrow.DataType, bool) {
	switch t := t.(type) {
	case *arrow.DurationType:
		return arrow.PrimitiveTypes.Int64, true
	case *arrow.MonthIntervalType:
		return arrow.PrimitiveTypes.Int32, true
	case *arrow.MonthDayNanoIntervalType:
		// pqarrow cannot write it; its 16 bytes (months, days and
		// nanoseconds, little-endian int32, int32, int64) are kept as they are.
		return &arrow.FixedSizeBinaryType{ByteWidth: arrow.MonthDayNanoIntervalSizeBytes}, true
	case *arrow.FixedSizeListType:
		f := t.ElemField()
		if et, ok := parquetType(f.Type); ok {
			f.Type = et
			return arrow.FixedSizeListOfField(t.Len(), f), true
		}
	case *arrow.ListType:
		f := t.ElemField()
		if et, ok := parquetType(f.Type); ok {
			f.Type = et
			return arrow.ListOfField(f), true
		}
	case *arrow.MapType:
		k, v := t.KeyField(), t.ItemField()
		kt, kok := parquetType(k.Type)
		vt, vok := parquetType(v.Type)
		if kok || vok {
			k.Type, v.Type = kt, vt
			return arrow.MapOfFields(k, v), true
		}
	case *arrow.StructType:
		fields := t.Fields()
		changed := false
		for i, f := range fields {
			if ft, ok := parquetType(f.Type); ok {
				fields[i].Type = ft
				changed = true
			}
		}
		if changed {
			return arrow.StructOf(fields...), true
		}
	}
	return t, false
}

// retypeRecord returns rec's columns under schema, whose types have the
// same memory layout (see parquetSchema); the buffers are shared.
func retypeRecord(rec arrow.RecordBatch, schema *arrow.Schema) arrow.RecordBatch {
	cols := make([]arrow.Array, rec.NumCols())
	for i := range cols {
		data := retypeData(rec.Column(i).Data(), schema.Field(i).Type)
		cols[i] = array.MakeFromData(data)
		data.Release()
	}
	out := array.NewRecordBatch(schema, cols, rec.NumRows())
	for _, c := range cols {
		c.Release()
	}
	return out
}

// retypeData returns data viewed as type t.
func retypeData(data arrow.ArrayData, t arrow.DataType) arrow.ArrayData {
	var childTypes []arrow.DataType
	switch t := t.(type) {
	case *arrow.ListType:
		childTypes = []arrow.DataType{t.Elem()}
	case *arrow.FixedSizeListType:
		childTypes = []arrow.DataType{t.Elem()}
	case *arrow.MapType:
		childTypes = []arrow.DataType{t.Elem()}
	case *arrow.StructType:
		for _, f := range t.Fields() {
			childTypes = append(childTypes, f.Type)
		}
	}
	children := make([]arrow.ArrayData, len(data.Children()))
	for i, c := range data.Children() {
		if i < len(childTypes) {
			children[i] = retypeData(c, childTypes[i])
		} else {
			c.Retain()
			children[i] = c
		}
	}
	out := array.NewData(t, data.Len(), data.Buffers(), children, data.NullN(), data.Offset())
	for _, c := range children {
		c.Release()
	}
	return out
}
