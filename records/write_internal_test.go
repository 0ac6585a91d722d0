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
