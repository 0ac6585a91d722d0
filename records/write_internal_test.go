package records

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// closeRecorder is a buffer that notes whether it was closed.
type closeRecorder struct {
	bytes.Buffer
	closed bool
}

func (c *closeRecorder) Close() error {
	c.closed = true
	return nil
}

// TestWriteParquetNestedIntervals writes intervals inside lists, maps and
// structs, which Parquet holds as their int64 and int32 storage, and leaves
// the writer it was given open.
func TestWriteParquetNestedIntervals(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "l", Type: arrow.ListOfField(arrow.Field{Name: "element", Type: arrow.FixedWidthTypes.MonthInterval, Nullable: true}), Nullable: true},
		{Name: "m", Type: arrow.MapOf(arrow.BinaryTypes.String, arrow.FixedWidthTypes.Duration_ms), Nullable: true},
		{Name: "s", Type: arrow.StructOf(arrow.Field{Name: "d", Type: arrow.FixedWidthTypes.Duration_ms, Nullable: true},
			arrow.Field{Name: "n", Type: arrow.PrimitiveTypes.Int32, Nullable: true}), Nullable: true},
	}, nil)
	rec, _, err := array.RecordFromJSON(mem, schema, strings.NewReader(`[
		{"l": [{"months": 14}, null], "m": [{"key": "a", "value": 1500}], "s": {"d": -1, "n": 7}},
		{"l": null, "m": null, "s": null},
		{"l": [], "m": [], "s": {"d": null, "n": null}}]`))
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Release()
	src, err := array.NewRecordReader(schema, []arrow.RecordBatch{rec})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Release()

	var out closeRecorder
	if err := WriteParquet(&out, src); err != nil {
		t.Fatal(err)
	}
	if out.closed {
		t.Error("WriteParquet closed its writer")
	}
	pf, err := file.NewParquetReader(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{}, mem)
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()

	wantSchema := arrow.NewSchema([]arrow.Field{
		{Name: "l", Type: arrow.ListOfField(arrow.Field{Name: "element", Type: arrow.PrimitiveTypes.Int32, Nullable: true}), Nullable: true},
		{Name: "m", Type: arrow.MapOf(arrow.BinaryTypes.String, arrow.PrimitiveTypes.Int64), Nullable: true},
		{Name: "s", Type: arrow.StructOf(arrow.Field{Name: "d", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
			arrow.Field{Name: "n", Type: arrow.PrimitiveTypes.Int32, Nullable: true}), Nullable: true},
	}, nil)
	want, _, err := array.RecordFromJSON(mem, wantSchema, strings.NewReader(`[
		{"l": [14, null], "m": [{"key": "a", "value": 1500}], "s": {"d": -1, "n": 7}},
		{"l": null, "m": null, "s": null},
		{"l": [], "m": [], "s": {"d": null, "n": null}}]`))
	if err != nil {
		t.Fatal(err)
	}
	defer want.Release()
	for i := range want.NumCols() {
		got := tbl.Column(int(i)).Data().Chunk(0)
		if !arrow.TypeEqual(got.DataType(), wantSchema.Field(int(i)).Type) || !array.Equal(got, want.Column(int(i))) {
			t.Errorf("%s read back as %s %s, want %s %s", schema.Field(int(i)).Name, got.DataType(), got,
				wantSchema.Field(int(i)).Type, want.Column(int(i)))
		}
	}
}

// TestWriteParquetDuckDBTypes writes the Arrow types of DuckDB results:
// unsigned integers, decimal256 and fixed-size lists as they are, and
// month_day_nano intervals, which pqarrow cannot write, as their 16 bytes,
// also inside a fixed-size list.
func TestWriteParquetDuckDBTypes(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	mdn := arrow.FixedWidthTypes.MonthDayNanoInterval
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "u", Type: arrow.PrimitiveTypes.Uint64, Nullable: true},
		{Name: "h", Type: hugeIntType, Nullable: true},
		{Name: "i", Type: mdn, Nullable: true},
		{Name: "a", Type: arrow.FixedSizeListOfField(2, arrow.Field{Name: "element", Type: mdn, Nullable: true}), Nullable: true},
	}, nil)
	rec, _, err := array.RecordFromJSON(mem, schema, strings.NewReader(`[
		{"u": "18446744073709551615", "h": "-170141183460469231731687303715884105728",
		 "i": {"months": 1, "days": 2, "nanoseconds": 3}, "a": [{"months": -1, "days": 0, "nanoseconds": 0}, null]},
		{"u": null, "h": null, "i": null, "a": null}]`))
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Release()
	src, err := array.NewRecordReader(schema, []arrow.RecordBatch{rec})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Release()
	var out bytes.Buffer
	if err := WriteParquet(&out, src); err != nil {
		t.Fatal(err)
	}
	pf, err := file.NewParquetReader(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{}, mem)
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()
	fsb := &arrow.FixedSizeBinaryType{ByteWidth: 16}
	wantTypes := []arrow.DataType{arrow.PrimitiveTypes.Uint64, hugeIntType, fsb,
		arrow.FixedSizeListOfField(2, arrow.Field{Name: "element", Type: fsb, Nullable: true})}
	for i, wt := range wantTypes {
		got := tbl.Column(i).Data().Chunk(0)
		if !arrow.TypeEqual(got.DataType(), wt) {
			t.Errorf("%s read back as %s, want %s", schema.Field(i).Name, got.DataType(), wt)
			continue
		}
		if i < 2 && !array.Equal(got, rec.Column(i)) {
			t.Errorf("%s read back as %s, want %s", schema.Field(i).Name, got, rec.Column(i))
		}
	}
	// The interval's bytes: months 1, days 2, nanoseconds 3, little-endian.
	iv := tbl.Column(2).Data().Chunk(0).(*array.FixedSizeBinary)
	want := []byte{1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0}
	if !bytes.Equal(iv.Value(0), want) || !iv.IsNull(1) {
		t.Errorf("interval bytes %x, null %v; want %x, true", iv.Value(0), iv.IsNull(1), want)
	}
}
