package records_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/athenaq/athenaq/records"
)

// readEveryType returns the records of everyTypeSQL, retained, in batches
// of two rows so that the writers see more than one record.
func readEveryType(t *testing.T, mem memory.Allocator) (*arrow.Schema, []arrow.RecordBatch) {
	t.Helper()
	c, _ := open(t)
	r, err := records.Read(context.Background(), start(t, c, everyTypeSQL()), records.WithAllocator(mem), records.WithBatchSize(2))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Release()
	return r.Schema(), readAll(t, r)
}

// TestWriteParquet writes every type to Parquet and reads the file back
// with pqarrow: the same schema (intervals as their int64 storage) and the
// same values.
func TestWriteParquet(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	schema, recs := readEveryType(t, mem)
	defer release(recs)
	src, err := array.NewRecordReader(schema, recs)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Release()

	var buf bytes.Buffer
	if err := records.WriteParquet(&buf, src); err != nil {
		t.Fatal(err)
	}

	pf, err := file.NewParquetReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	if n := pf.NumRowGroups(); n != 2 {
		t.Errorf("%d row groups, want one per record (2)", n)
	}
	if cc, err := pf.MetaData().RowGroup(0).ColumnChunk(0); err != nil || cc.Compression() != compress.Codecs.Snappy {
		t.Errorf("column chunk %v (%v), want Snappy compression", cc, err)
	}
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{}, mem)
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()

	want := make([]arrow.Field, schema.NumFields())
	for i, f := range schema.Fields() {
		if f.Type.ID() == arrow.DURATION {
			f.Type = arrow.PrimitiveTypes.Int64 // Parquet has no interval types
		}
		want[i] = f
	}
	if got := withoutFieldIDs(tbl.Schema()); !got.Equal(arrow.NewSchema(want, nil)) {
		t.Fatalf("schema read back:\n%s\nwant:\n%s", got, arrow.NewSchema(want, nil))
	}
	if tbl.NumRows() != 3 {
		t.Fatalf("%d rows read back, want 3", tbl.NumRows())
	}
	for i, f := range schema.Fields() {
		orig, err := array.Concatenate(columnOf(recs, i), mem)
		if err != nil {
			t.Fatal(err)
		}
		back, err := array.Concatenate(tbl.Column(i).Data().Chunks(), mem)
		if err != nil {
			t.Fatal(err)
		}
		if d, ok := orig.(*array.Duration); ok {
			n := back.(*array.Int64)
			for j := range d.Len() {
				if d.IsNull(j) != n.IsNull(j) || d.Value(j) != arrow.Duration(n.Value(j)) {
					t.Errorf("%s row %d: %s read back as %s", f.Name, j, d.ValueStr(j), n.ValueStr(j))
				}
			}
		} else if !array.Equal(orig, back) {
			t.Errorf("%s read back as %s, want %s", f.Name, back, orig)
		}
		orig.Release()
		back.Release()
	}
}

// TestWriteIPC writes every type as an Arrow IPC stream and reads it back
// with ipc.NewReader: the same schema and records.
func TestWriteIPC(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	schema, recs := readEveryType(t, mem)
	defer release(recs)
	src, err := array.NewRecordReader(schema, recs)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Release()

	var buf bytes.Buffer
	if err := records.WriteIPC(&buf, src); err != nil {
		t.Fatal(err)
	}
	ir, err := ipc.NewReader(&buf, ipc.WithAllocator(mem))
	if err != nil {
		t.Fatal(err)
	}
	defer ir.Release()
	if !ir.Schema().Equal(schema) {
		t.Fatalf("schema read back:\n%s\nwant:\n%s", ir.Schema(), schema)
	}
	i := 0
	for ir.Next() {
		if i >= len(recs) {
			t.Fatalf("more than %d records read back", len(recs))
		}
		if !array.RecordEqual(ir.RecordBatch(), recs[i]) {
			t.Errorf("record %d read back as\n%v\nwant\n%v", i, ir.RecordBatch(), recs[i])
		}
		i++
	}
	if ir.Err() != nil || i != len(recs) {
		t.Errorf("read back %d records (err %v), want %d", i, ir.Err(), len(recs))
	}
}

func TestWriteIPCFile(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	schema, recs := readEveryType(t, mem)
	defer release(recs)
	src, err := array.NewRecordReader(schema, recs)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Release()

	var buf bytes.Buffer
	if err := records.WriteIPCFile(&buf, src); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("ARROW1")) || !bytes.HasSuffix(buf.Bytes(), []byte("ARROW1")) {
		t.Errorf("no ARROW1 magic at both ends")
	}
	fr, err := ipc.NewFileReader(bytes.NewReader(buf.Bytes()), ipc.WithAllocator(mem))
	if err != nil {
		t.Fatal(err)
	}
	defer fr.Close()
	if !fr.Schema().Equal(schema) {
		t.Fatalf("schema read back:\n%s\nwant:\n%s", fr.Schema(), schema)
	}
	if fr.NumRecords() != len(recs) {
		t.Fatalf("%d records read back, want %d", fr.NumRecords(), len(recs))
	}
	for i := range recs {
		rec, err := fr.RecordBatch(i)
		if err != nil {
			t.Fatal(err)
		}
		if !array.RecordEqual(rec, recs[i]) {
			t.Errorf("record %d read back as\n%v\nwant\n%v", i, rec, recs[i])
		}
	}
}

// TestWritersStopAtReadError: a reader that ends with an error makes the
// writers return that error, and leave a Parquet file without its footer
// and an IPC stream without its end-of-stream marker.
func TestWritersStopAtReadError(t *testing.T) {
	writers := []struct {
		name  string
		write func(*bytes.Buffer, array.RecordReader) error
		whole func([]byte) bool
	}{
		{"Parquet", func(b *bytes.Buffer, r array.RecordReader) error { return records.WriteParquet(b, r) },
			func(b []byte) bool {
				f, err := file.NewParquetReader(bytes.NewReader(b))
				if err == nil {
					f.Close()
				}
				return err == nil
			}},
		{"IPC", func(b *bytes.Buffer, r array.RecordReader) error { return records.WriteIPC(b, r) },
			func(b []byte) bool { return bytes.HasSuffix(b, []byte{0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0}) }},
		{"IPC file", func(b *bytes.Buffer, r array.RecordReader) error { return records.WriteIPCFile(b, r) },
			func(b []byte) bool {
				f, err := ipc.NewFileReader(bytes.NewReader(b))
				if err == nil {
					f.Close()
				}
				return err == nil
			}},
	}
	for _, w := range writers {
		t.Run(w.name, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			schema, recs := readEveryType(t, mem)
			defer release(recs)

			var whole bytes.Buffer
			all := mustReader(t, schema, recs)
			defer all.Release()
			if err := w.write(&whole, all); err != nil || !w.whole(whole.Bytes()) {
				t.Fatalf("a complete write (err %v) does not read as whole", err)
			}

			boom := errors.New("boom")
			src := &failingReader{RecordReader: mustReader(t, schema, recs), err: boom}
			defer src.Release()
			var buf bytes.Buffer
			if err := w.write(&buf, src); !errors.Is(err, boom) {
				t.Fatalf("err = %v, want the reader's", err)
			}
			if w.whole(buf.Bytes()) {
				t.Errorf("the %d bytes written after the error read as whole", buf.Len())
			}
		})
	}
}

// failingReader yields its records and then ends with err.
type failingReader struct {
	array.RecordReader
	err  error
	done bool
}

func (r *failingReader) Next() bool {
	if r.RecordReader.Next() {
		return true
	}
	r.done = true
	return false
}

func (r *failingReader) Err() error {
	if r.done {
		return r.err
	}
	return nil
}

func mustReader(t *testing.T, schema *arrow.Schema, recs []arrow.RecordBatch) array.RecordReader {
	t.Helper()
	r, err := array.NewRecordReader(schema, recs)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// columnOf returns column i of each record.
func columnOf(recs []arrow.RecordBatch, i int) []arrow.Array {
	out := make([]arrow.Array, len(recs))
	for j, r := range recs {
		out[j] = r.Column(i)
	}
	return out
}

// withoutFieldIDs drops the PARQUET:field_id metadata that pqarrow adds
// to the fields it reads.
func withoutFieldIDs(s *arrow.Schema) *arrow.Schema {
	fields := s.Fields()
	for i, f := range fields {
		var keys, values []string
		for j, k := range f.Metadata.Keys() {
			if k != "PARQUET:field_id" {
				keys = append(keys, k)
				values = append(values, f.Metadata.Values()[j])
			}
		}
		fields[i].Metadata = arrow.NewMetadata(keys, values)
		fields[i].Type = typeWithoutFieldIDs(f.Type)
	}
	return arrow.NewSchema(fields, nil)
}

func typeWithoutFieldIDs(t arrow.DataType) arrow.DataType {
	strip := func(f arrow.Field) arrow.Field {
		return withoutFieldIDs(arrow.NewSchema([]arrow.Field{f}, nil)).Field(0)
	}
	switch t := t.(type) {
	case *arrow.ListType:
		return arrow.ListOfField(strip(t.ElemField()))
	case *arrow.MapType:
		return arrow.MapOfFields(strip(t.KeyField()), strip(t.ItemField()))
	case *arrow.StructType:
		fields := t.Fields()
		for i := range fields {
			fields[i] = strip(fields[i])
		}
		return arrow.StructOf(fields...)
	}
	return t
}
