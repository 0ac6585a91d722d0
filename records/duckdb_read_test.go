package records_test

import (
	"context"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/extensions"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/emulator"
	"github.com/athenaq/athenaq/records"
)

// TestReadDuckDB reads a DuckDB work group's result as Arrow records: the
// types of the package documentation's DuckDB table, values and NULLs.
func TestReadDuckDB(t *testing.T) {
	env := athenatest.Start(t, func(o *emulator.Options) {
		o.WorkGroups = append(o.WorkGroups, emulator.WorkGroup{Name: "duck", Engine: athenaq.EngineDuckDB})
	})
	cfg := env.ClientConfig()
	cfg.WorkGroup = "duck"
	c, err := athenaq.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	cols := []struct {
		name, expr, null string // null: the column's NULL
		typ              arrow.DataType
		athenaType       string
	}{
		{"ut", "255::UTINYINT", "NULL::UTINYINT", arrow.PrimitiveTypes.Uint8, "UTINYINT"},
		{"ub", "18446744073709551615::UBIGINT", "NULL::UBIGINT", arrow.PrimitiveTypes.Uint64, "UBIGINT"},
		{"h", "'-170141183460469231731687303715884105728'::HUGEINT", "NULL::HUGEINT", &arrow.Decimal256Type{Precision: 39}, "HUGEINT"},
		{"bn", "'123456789012345678901234567890123456789012'::BIGNUM", "NULL::BIGNUM", arrow.BinaryTypes.String, "BIGNUM"},
		{"d", "1.5::DECIMAL(10,2)", "NULL::DECIMAL(10,2)", &arrow.Decimal128Type{Precision: 10, Scale: 2}, "DECIMAL(10,2)"},
		{"b", `'a\x00'::BLOB`, "NULL::BLOB", arrow.BinaryTypes.Binary, "BLOB"},
		{"u", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::UUID", "NULL::UUID", extensions.NewUUIDType(), "UUID"},
		{"tm", "TIME '12:34:56.789012'", "NULL::TIME", arrow.FixedWidthTypes.Time64us, "TIME"},
		{"ts", "TIMESTAMP '2024-01-02 03:04:05.123456'", "NULL::TIMESTAMP", &arrow.TimestampType{Unit: arrow.Microsecond}, "TIMESTAMP"},
		{"tsn", "TIMESTAMP_NS '2024-01-02 03:04:05.123456789'", "NULL::TIMESTAMP_NS", &arrow.TimestampType{Unit: arrow.Nanosecond}, "TIMESTAMP_NS"},
		{"tz", "'2026-10-01 14:00:00+02'::TIMESTAMPTZ", "NULL::TIMESTAMPTZ", &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"},
			"TIMESTAMP WITH TIME ZONE"},
		{"iv", "INTERVAL '1 month 2 days 00:00:03'", "NULL::INTERVAL", arrow.FixedWidthTypes.MonthDayNanoInterval, "INTERVAL"},
		{"l", "[1, NULL]", "NULL::INTEGER[]", arrow.ListOfField(arrow.Field{Name: "element", Type: arrow.PrimitiveTypes.Int32, Nullable: true}),
			"INTEGER[]"},
		{"a", "[1, 2]::UBIGINT[2]", "NULL::UBIGINT[2]",
			arrow.FixedSizeListOfField(2, arrow.Field{Name: "element", Type: arrow.PrimitiveTypes.Uint64, Nullable: true}), "UBIGINT[2]"},
		{"s", "{'id': 1, 'tags': ['x']}", "NULL::STRUCT(id INTEGER, tags VARCHAR[])",
			arrow.StructOf(arrow.Field{Name: "id", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
				arrow.Field{Name: "tags", Type: arrow.ListOfField(arrow.Field{Name: "element", Type: arrow.BinaryTypes.String, Nullable: true}), Nullable: true}),
			"STRUCT(id INTEGER, tags VARCHAR[])"},
		{"m", "MAP {'k': INTERVAL '1 day'}", "NULL::MAP(VARCHAR, INTERVAL)", arrow.MapOf(arrow.BinaryTypes.String, arrow.FixedWidthTypes.MonthDayNanoInterval),
			"MAP(VARCHAR, INTERVAL)"},
		{"e", "'y'::ENUM('x', 'y')", "NULL::ENUM('x', 'y')", arrow.BinaryTypes.String, "ENUM('x', 'y')"},
	}
	wantJSON := []string{
		`[255, null]`,
		`["18446744073709551615", null]`,
		`["-170141183460469231731687303715884105728", null]`,
		`["123456789012345678901234567890123456789012", null]`,
		`["1.50", null]`,
		`["YQA=", null]`,
		`["a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", null]`,
		`["12:34:56.789012", null]`,
		`["2024-01-02T03:04:05.123456", null]`,
		`["2024-01-02T03:04:05.123456789", null]`,
		`["2026-10-01T12:00:00Z", null]`,
		`[{"months": 1, "days": 2, "nanoseconds": 3000000000}, null]`,
		`[[1, null], null]`,
		`[["1", "2"], null]`,
		`[{"id": 1, "tags": ["x"]}, null]`,
		`[[{"key": "k", "value": {"months": 0, "days": 1, "nanoseconds": 0}}], null]`,
		`["y", null]`,
	}
	var vals, nulls []string
	for _, col := range cols {
		vals = append(vals, col.expr+" AS "+col.name)
		nulls = append(nulls, col.null)
	}
	q := start(t, c, "SELECT * EXCLUDE (k) FROM (SELECT 1 AS k, "+strings.Join(vals, ", ")+" UNION ALL SELECT 2, "+strings.Join(nulls, ", ")+") ORDER BY k")
	r, err := records.Read(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Release()
	recs := readAll(t, r)
	defer release(recs)
	if len(recs) != 1 || recs[0].NumRows() != 2 {
		t.Fatalf("%d records, want 1 of 2 rows", len(recs))
	}
	rec := recs[0]
	mem := memory.NewGoAllocator()
	for i, col := range cols {
		t.Run(col.name, func(t *testing.T) {
			f := rec.Schema().Field(i)
			if f.Name != col.name || !arrow.TypeEqual(f.Type, col.typ) {
				t.Fatalf("field %s %s, want %s %s", f.Name, f.Type, col.name, col.typ)
			}
			if at, _ := f.Metadata.GetValue(records.AthenaTypeKey); at != col.athenaType {
				t.Errorf("%s = %q, want %q", records.AthenaTypeKey, at, col.athenaType)
			}
			want, _, err := array.FromJSON(mem, col.typ, strings.NewReader(wantJSON[i]))
			if err != nil {
				t.Fatal(err)
			}
			defer want.Release()
			if !array.Equal(rec.Column(i), want) {
				t.Errorf("values %s, want %s", rec.Column(i), want)
			}
		})
	}
}
