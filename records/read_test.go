package records_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/emulator"
	"github.com/athenaq/athenaq/records"
)

// everyType is one column of everyTypeSQL: the SQL of its values in rows
// 1 to 3 (row 2 is all NULL), its Athena type in the field metadata, and
// the Arrow values expected, as array.FromJSON reads them.
type everyType struct {
	name       string
	row1, row3 string
	athena     string
	arrow      arrow.DataType
	want       string
}

var everyTypes = []everyType{
	{"c_boolean", "true", "false", "boolean", arrow.FixedWidthTypes.Boolean, `[true, null, false]`},
	{"c_tinyint", "CAST(-128 AS TINYINT)", "CAST(127 AS TINYINT)", "tinyint", arrow.PrimitiveTypes.Int8, `[-128, null, 127]`},
	{"c_smallint", "CAST(32767 AS SMALLINT)", "CAST(-32768 AS SMALLINT)", "smallint", arrow.PrimitiveTypes.Int16, `[32767, null, -32768]`},
	{"c_integer", "CAST(2147483647 AS INTEGER)", "CAST(-1 AS INTEGER)", "integer", arrow.PrimitiveTypes.Int32, `[2147483647, null, -1]`},
	{"c_bigint", "CAST(-9223372036854775808 AS BIGINT)", "CAST(0 AS BIGINT)", "bigint", arrow.PrimitiveTypes.Int64,
		`[-9223372036854775808, null, 0]`},
	{"c_real", "CAST(0.5 AS REAL)", "CAST(-1.25 AS REAL)", "real", arrow.PrimitiveTypes.Float32, `[0.5, null, -1.25]`},
	{"c_double", "0.1 + 0.2", "CAST(-1e300 AS DOUBLE)", "double", arrow.PrimitiveTypes.Float64,
		`[0.30000000000000004, null, -1e300]`},
	{"c_decimal10", "CAST(12.5 AS DECIMAL(10,2))", "CAST(-0.05 AS DECIMAL(10,2))", "decimal(10,2)",
		&arrow.Decimal128Type{Precision: 10, Scale: 2}, `["12.50", null, "-0.05"]`},
	{"c_decimal38", "CAST('12345678901234567890123456789.123456789' AS DECIMAL(38,9))", "CAST(0 AS DECIMAL(38,9))",
		"decimal(38,9)", &arrow.Decimal128Type{Precision: 38, Scale: 9},
		`["12345678901234567890123456789.123456789", null, "0"]`},
	{"c_varchar", "'it''s, {x}=[y]'", "''", "varchar", arrow.BinaryTypes.String, `["it's, {x}=[y]", null, ""]`},
	{"c_char", "CAST('ab' AS CHAR(3))", "CAST('xyz' AS CHAR(3))", "char(3)", arrow.BinaryTypes.String, `["ab", null, "xyz"]`},
	{"c_varbinary", "X'00ff10'", "X''", "varbinary", arrow.BinaryTypes.Binary, `["AP8Q", null, ""]`},
	{"c_date", "DATE '2024-02-29'", "DATE '1969-12-31'", "date", arrow.FixedWidthTypes.Date32, `["2024-02-29", null, "1969-12-31"]`},
	{"c_time", "TIME '12:34:56.789'", "TIME '00:00:00.000'", "time", arrow.FixedWidthTypes.Time32ms, `["12:34:56.789", null, "00:00:00"]`},
	{"c_timestamp", "TIMESTAMP '2024-02-29 12:34:56.789'", "TIMESTAMP '1969-12-31 23:59:59.999'", "timestamp",
		&arrow.TimestampType{Unit: arrow.Millisecond}, `["2024-02-29T12:34:56.789", null, "1969-12-31T23:59:59.999"]`},
	{"c_timestamptz", "TIMESTAMP '2024-02-29 12:34:56.789 America/New_York'", "TIMESTAMP '2024-01-01 00:00:00.000 +05:30'",
		"timestamp with time zone", &arrow.TimestampType{Unit: arrow.Millisecond, TimeZone: "UTC"},
		`["2024-02-29T17:34:56.789Z", null, "2023-12-31T18:30:00Z"]`},
	{"c_interval", "INTERVAL '2' DAY", "INTERVAL '-1.5' SECOND", "interval day to second", arrow.FixedWidthTypes.Duration_ms,
		`[172800000, null, -1500]`},
	{"c_array", "ARRAY[1, NULL, 3]", "CAST(ARRAY[] AS ARRAY(INTEGER))", "array(integer)",
		arrow.ListOfField(arrow.Field{Name: "element", Type: arrow.PrimitiveTypes.Int32, Nullable: true}), `[[1, null, 3], null, []]`},
	{"c_map", "MAP(ARRAY['a', 'b'], ARRAY[1, NULL])", "CAST(MAP() AS MAP(VARCHAR, INTEGER))", "map(varchar, integer)",
		arrow.MapOf(arrow.BinaryTypes.String, arrow.PrimitiveTypes.Int32),
		`[[{"key": "a", "value": 1}, {"key": "b", "value": null}], null, []]`},
	{"c_row", "CAST(ROW(1, 'x, y') AS ROW(a INTEGER, b VARCHAR))", "CAST(ROW(NULL, '') AS ROW(a INTEGER, b VARCHAR))",
		"row(a integer, b varchar)", arrow.StructOf(arrow.Field{Name: "a", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
			arrow.Field{Name: "b", Type: arrow.BinaryTypes.String, Nullable: true}),
		`[{"a": 1, "b": "x, y"}, null, {"a": null, "b": ""}]`},
	{"c_json", `JSON '{"a": [1, 2]}'`, `JSON '""'`, "json", arrow.BinaryTypes.String, `["{\"a\":[1,2]}", null, "\"\""]`},
	{"c_uuid", "UUID '12151fd2-7586-11e9-8f9e-2a86e4085a59'", "UUID '00000000-0000-0000-0000-000000000000'", "uuid",
		arrow.GetExtensionType("arrow.uuid"), `["12151fd2-7586-11e9-8f9e-2a86e4085a59", null, "00000000-0000-0000-0000-000000000000"]`},
	// Without a TypeHints entry only the outer type of a complex column is
	// known: it is kept as Athena's text.
	{"c_array_text", "ARRAY['a', 'b']", "CAST(ARRAY[] AS ARRAY(VARCHAR))", "array", arrow.BinaryTypes.String, `["[a, b]", null, "[]"]`},
}

// everyTypeSQL selects everyTypes in three rows, ordered.
func everyTypeSQL() string {
	var rows [3][]string
	for _, c := range everyTypes {
		rows[0] = append(rows[0], c.row1+" AS "+c.name)
		rows[1] = append(rows[1], "NULL")
		rows[2] = append(rows[2], c.row3)
	}
	var b strings.Builder
	b.WriteString("SELECT * FROM (")
	for i, r := range rows {
		if i > 0 {
			b.WriteString(" UNION ALL ")
		}
		fmt.Fprintf(&b, "SELECT %d AS id, %s", i+1, strings.Join(r, ", "))
	}
	b.WriteString(") ORDER BY id")
	return b.String()
}

// TestReadEveryType reads one table of every Athena type that the emulator
// can produce, with NULLs and empty values, through Read, and compares the
// schema and each value with the Arrow values expected.
func TestReadEveryType(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	c, _ := open(t)
	ctx := context.Background()

	r, err := records.Read(ctx, start(t, c, everyTypeSQL()), records.WithAllocator(mem))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Release()
	recs := readAll(t, r)
	defer release(recs)
	if len(recs) != 1 || recs[0].NumRows() != 3 {
		t.Fatalf("got %d records, want one of 3 rows", len(recs))
	}
	rec := recs[0]
	schema := r.Schema()
	if schema.NumFields() != len(everyTypes)+1 {
		t.Fatalf("schema has %d fields, want %d:\n%s", schema.NumFields(), len(everyTypes)+1, schema)
	}
	for i, want := range everyTypes {
		t.Run(want.name, func(t *testing.T) {
			f := schema.Field(i + 1)
			if f.Name != want.name || !arrow.TypeEqual(f.Type, want.arrow) || !f.Nullable {
				t.Errorf("field %s: %s (nullable %v), want %s: %s", f.Name, f.Type, f.Nullable, want.name, want.arrow)
			}
			if got, _ := f.Metadata.GetValue(records.AthenaTypeKey); got != want.athena {
				t.Errorf("%s = %q, want %q", records.AthenaTypeKey, got, want.athena)
			}
			expected, _, err := array.FromJSON(mem, want.arrow, strings.NewReader(want.want))
			if err != nil {
				t.Fatalf("expected values %s: %v", want.want, err)
			}
			defer expected.Release()
			if got := rec.Column(i + 1); !array.Equal(got, expected) {
				t.Errorf("values:\n got %s\nwant %s", got, expected)
			}
		})
	}
}

// TestReadBatches reads 3 x the batch size + 7 rows, which arrive in several
// GetQueryResults pages, as four records of full batches and a short one.
func TestReadBatches(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	c, env := open(t)
	const batch = 1500
	const n = 3*batch + 7

	pagesBefore := env.Server.Stats().Calls["GetQueryResults"]
	q := start(t, c, fmt.Sprintf("SELECT x, 'row ' || CAST(x AS VARCHAR) AS s FROM UNNEST(sequence(1, %d)) AS t(x) ORDER BY x", n))
	r, err := records.Read(context.Background(), q, records.WithBatchSize(batch), records.WithAllocator(mem))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Release()
	var sizes []int64
	next := int64(1)
	for r.Next() {
		rec := r.RecordBatch()
		sizes = append(sizes, rec.NumRows())
		xs := rec.Column(0).(*array.Int64)
		ss := rec.Column(1).(*array.String)
		for i := range int(rec.NumRows()) {
			if xs.IsNull(i) || xs.Value(i) != next || ss.Value(i) != fmt.Sprintf("row %d", next) {
				t.Fatalf("row %d: x = %v, s = %q", next, xs.ValueStr(i), ss.ValueStr(i))
			}
			next++
		}
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	if want := []int64{batch, batch, batch, 7}; fmt.Sprint(sizes) != fmt.Sprint(want) {
		t.Errorf("record sizes %v, want %v", sizes, want)
	}
	if pages := env.Server.Stats().Calls["GetQueryResults"] - pagesBefore; pages < n/1000 {
		t.Errorf("%d GetQueryResults calls for %d rows: the result should span several pages", pages, n)
	}
}

// TestReadFailedQuery: a query that fails returns its *athenaq.QueryError
// from Read.
func TestReadFailedQuery(t *testing.T) {
	c, _ := open(t)
	q := start(t, c, "SELECT CAST('x' AS INTEGER) AS v")
	r, err := records.Read(context.Background(), q)
	if err == nil {
		r.Release()
		t.Fatal("Read of a failing query returned no error")
	}
	var qe *athenaq.QueryError
	if !errors.As(err, &qe) || qe.QueryID != q.ID() || qe.State != "FAILED" {
		t.Errorf("err = %v (%T), want a FAILED *athenaq.QueryError for %s", err, err, q.ID())
	}
}

// TestReadContextCancelled: ending Read's context mid-read ends the
// reader with the context's error, and Release leaves no goroutine behind
// (TestMain checks).
func TestReadContextCancelled(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	c, _ := open(t, athenatest.WithOptions(emulator.Options{PageLatency: 50 * time.Millisecond}))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	q := start(t, c, "SELECT x FROM UNNEST(sequence(1, 5000)) AS t(x)")
	r, err := records.Read(ctx, q, records.WithBatchSize(100), records.WithAllocator(mem))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Release()
	if !r.Next() {
		t.Fatalf("no first record: %v", r.Err())
	}
	cancel()
	read := r.RecordBatch().NumRows()
	for r.Next() {
		read += r.RecordBatch().NumRows()
	}
	if !errors.Is(r.Err(), context.Canceled) {
		t.Errorf("Err() = %v, want context.Canceled", r.Err())
	}
	if read >= 5000 {
		t.Errorf("read all %d rows after the cancel", read)
	}
}

// TestReleaseStopsReading: releasing the reader before its end closes the
// rows and their read-ahead.
func TestReleaseStopsReading(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	c, _ := open(t)
	q := start(t, c, "SELECT x FROM UNNEST(sequence(1, 3000)) AS t(x)")
	r, err := records.Read(context.Background(), q, records.WithBatchSize(10), records.WithAllocator(mem))
	if err != nil {
		t.Fatal(err)
	}
	r.Retain()
	if !r.Next() {
		t.Fatalf("no first record: %v", r.Err())
	}
	r.Release() // one reference remains: the reader goes on
	if !r.Next() {
		t.Fatalf("no second record after releasing one of two references: %v", r.Err())
	}
	r.Release() // the last: frees the record and stops the read-ahead (goleak checks in TestMain)
}

// TestFromRows builds records from rows opened with Client.Query, after the
// caller has read a row itself.
func TestFromRows(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	c, _ := open(t)
	rows, err := c.Query(context.Background(), "SELECT x, CAST(x AS VARCHAR) AS s FROM UNNEST(sequence(1, 5)) AS t(x) ORDER BY x")
	if err != nil {
		t.Fatal(err)
	}
	if !rows.Next() {
		t.Fatal(rows.Err())
	}
	r, err := records.FromRows(rows, records.WithAllocator(mem))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Release()
	recs := readAll(t, r)
	defer release(recs)
	want, _, err := array.RecordFromJSON(mem, r.Schema(), strings.NewReader(
		`[{"x": 2, "s": "2"}, {"x": 3, "s": "3"}, {"x": 4, "s": "4"}, {"x": 5, "s": "5"}]`))
	if err != nil {
		t.Fatal(err)
	}
	defer want.Release()
	if len(recs) != 1 || !array.RecordEqual(recs[0], want) {
		t.Errorf("records %v, want %v", recs, want)
	}
}

func TestOptionsRejected(t *testing.T) {
	c, _ := open(t)
	cases := []struct {
		name string
		opt  records.Option
		want string
	}{
		{"zero batch", records.WithBatchSize(0), "WithBatchSize(0)"},
		{"negative batch", records.WithBatchSize(-1), "WithBatchSize(-1)"},
		{"nil allocator", records.WithAllocator(nil), "WithAllocator(nil)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := c.Query(context.Background(), "SELECT 1")
			if err != nil {
				t.Fatal(err)
			}
			r, err := records.FromRows(rows, tc.opt)
			if err == nil {
				r.Release()
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to name %s", err, tc.want)
			}
			if rows.Next() {
				t.Error("FromRows left the rows open after its error")
			}
		})
	}
}

// TestReadUnloadPassesParquetThrough: an UNLOAD result comes out as the
// Parquet files' records, cut to the batch size, without GetQueryResults.
func TestReadUnloadPassesParquetThrough(t *testing.T) {
	c, env := open(t)
	const n = 2500
	before := env.Server.Stats().Calls["GetQueryResults"]
	q, err := c.Start(context.Background(), fmt.Sprintf("SELECT x, CAST(x AS DECIMAL(10,2)) AS d FROM UNNEST(sequence(1, %d)) AS t(x) ORDER BY x", n),
		athenaq.StartOptions{ResultMode: athenaq.ResultUnload})
	if err != nil {
		t.Fatal(err)
	}
	r, err := records.Read(context.Background(), q, records.WithBatchSize(1000))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Release()
	if got := r.Schema().Field(1).Type; got.ID() != arrow.DECIMAL128 {
		t.Errorf("d is %s, want Parquet's decimal128", got)
	}
	var sizes []int64
	next := int64(1)
	for r.Next() {
		rec := r.RecordBatch()
		sizes = append(sizes, rec.NumRows())
		xs := rec.Column(0).(*array.Int64)
		for i := range int(rec.NumRows()) {
			if xs.Value(i) != next {
				t.Fatalf("row %d: x = %d", next, xs.Value(i))
			}
			next++
		}
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(sizes) != "[1000 1000 500]" {
		t.Errorf("record sizes %v, want [1000 1000 500]", sizes)
	}
	if calls := env.Server.Stats().Calls["GetQueryResults"] - before; calls != 0 {
		t.Errorf("%d GetQueryResults calls: UNLOAD's records should come from its Parquet files", calls)
	}
}
