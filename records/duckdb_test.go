package records

import (
	"testing"

	"github.com/athenaq/athenaq/athenatype"
)

// TestDuckDBColumnText converts DuckDB's text of every DuckDB type to the
// Arrow types of the package documentation's "DuckDB results" table.
func TestDuckDBColumnText(t *testing.T) {
	null := columnTextNull
	tests := []struct {
		name    string
		typ     string // the column's DuckDB type, as ColumnInfo reports it
		texts   []string
		arrow   string
		want    string
		wantErr string
	}{
		{name: "boolean", typ: "BOOLEAN", texts: []string{"true", "false", null}, arrow: "bool", want: `[true, false, null]`},
		{name: "tinyint", typ: "TINYINT", texts: []string{"-128", null}, arrow: "int8", want: `[-128, null]`},
		{name: "bigint", typ: "BIGINT", texts: []string{"-9223372036854775808"}, arrow: "int64", want: `["-9223372036854775808"]`},
		{name: "utinyint", typ: "UTINYINT", texts: []string{"255", null}, arrow: "uint8", want: `[255, null]`},
		{name: "usmallint", typ: "USMALLINT", texts: []string{"65535"}, arrow: "uint16", want: `[65535]`},
		{name: "uinteger", typ: "UINTEGER", texts: []string{"4294967295"}, arrow: "uint32", want: `[4294967295]`},
		{name: "ubigint", typ: "UBIGINT", texts: []string{"18446744073709551615", "0"}, arrow: "uint64",
			want: `["18446744073709551615", 0]`},
		{name: "hugeint", typ: "HUGEINT", texts: []string{"-170141183460469231731687303715884105728", null, "7"},
			arrow: "decimal256(39, 0)", want: `["-170141183460469231731687303715884105728", null, "7"]`},
		{name: "uhugeint", typ: "UHUGEINT", texts: []string{"340282366920938463463374607431768211455"},
			arrow: "decimal256(39, 0)", want: `["340282366920938463463374607431768211455"]`},
		{name: "bignum is text", typ: "BIGNUM", texts: []string{"-1234567890123456789012345678901234567890"},
			arrow: "utf8", want: `["-1234567890123456789012345678901234567890"]`},
		{name: "float", typ: "FLOAT", texts: []string{"0.5", "inf", "-inf"}, arrow: "float32", want: `[0.5, "+Inf", "-Inf"]`},
		{name: "double", typ: "DOUBLE", texts: []string{"1e+20", null}, arrow: "float64", want: `[1e20, null]`},
		{name: "decimal", typ: "DECIMAL(10,2)", texts: []string{"1.50", "-0.01", null}, arrow: "decimal(10, 2)",
			want: `["1.50", "-0.01", null]`},
		{name: "decimal(38,10)", typ: "DECIMAL(38,10)", texts: []string{"1234567890123456789012345678.0123456789"},
			arrow: "decimal(38, 10)", want: `["1234567890123456789012345678.0123456789"]`},
		{name: "varchar", typ: "VARCHAR", texts: []string{"it's", "", null}, arrow: "utf8", want: `["it's", "", null]`},
		{name: "blob", typ: "BLOB", texts: []string{`a\x00\xFF`, null}, arrow: "binary", want: `["YQD/", null]`},
		{name: "geometry is its WKB", typ: "GEOMETRY", texts: []string{"POINT (1 2)", null}, arrow: "binary",
			want: `["AQEAAAAAAAAAAADwPwAAAAAAAABA", null]`},
		{name: "uuid", typ: "UUID", texts: []string{"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"}, arrow: "extension<arrow.uuid>",
			want: `["a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"]`},
		{name: "date", typ: "DATE", texts: []string{"2024-02-29", "1969-12-31"}, arrow: "date32", want: `["2024-02-29", "1969-12-31"]`},
		{name: "time", typ: "TIME", texts: []string{"12:34:56.789012", null}, arrow: "time64[us]", want: `["12:34:56.789012", null]`},
		{name: "time with time zone is text", typ: "TIME WITH TIME ZONE", texts: []string{"12:00:00+02"}, arrow: "utf8",
			want: `["12:00:00+02"]`},
		{name: "timestamp", typ: "TIMESTAMP", texts: []string{"2024-01-02 03:04:05.123456"}, arrow: "timestamp[us]",
			want: `["2024-01-02T03:04:05.123456"]`},
		{name: "timestamp_s", typ: "TIMESTAMP_S", texts: []string{"2024-01-02 03:04:05"}, arrow: "timestamp[s]",
			want: `["2024-01-02T03:04:05"]`},
		{name: "timestamp_ms", typ: "TIMESTAMP_MS", texts: []string{"2024-01-02 03:04:05.123"}, arrow: "timestamp[ms]",
			want: `["2024-01-02T03:04:05.123"]`},
		{name: "timestamp_ns", typ: "TIMESTAMP_NS", texts: []string{"2024-01-02 03:04:05.123456789"}, arrow: "timestamp[ns]",
			want: `["2024-01-02T03:04:05.123456789"]`},
		{name: "timestamp with time zone", typ: "TIMESTAMP WITH TIME ZONE", texts: []string{"2026-10-01 12:00:00+00"},
			arrow: "timestamp[us, tz=UTC]", want: `["2026-10-01T12:00:00Z"]`},
		{name: "interval", typ: "INTERVAL", texts: []string{"1 year 2 months 3 days 04:05:06.5", null},
			arrow: "month_day_nano_interval", want: `[{"months": 14, "days": 3, "nanoseconds": 14706500000000}, null]`},
		{name: "json is text", typ: "JSON", texts: []string{`{"a": [1, 2]}`}, arrow: "utf8", want: `["{\"a\": [1, 2]}"]`},
		{name: "enum is text", typ: "ENUM('x', 'y')", texts: []string{"y"}, arrow: "utf8", want: `["y"]`},
		{name: "union is text", typ: "UNION(a INTEGER, b VARCHAR)", texts: []string{"hi"}, arrow: "utf8", want: `["hi"]`},
		{name: "list", typ: "INTEGER[]", texts: []string{"[1, NULL, 3]", "[]", null}, arrow: "list<element: int32, nullable>",
			want: `[[1, null, 3], [], null]`},
		{name: "fixed array", typ: "UBIGINT[2]", texts: []string{"[1, 18446744073709551615]", null},
			arrow: "fixed_size_list<element: uint64, nullable>[2]", want: `[[1, "18446744073709551615"], null]`},
		{name: "fixed array of the wrong length", typ: "INTEGER[2]", texts: []string{"[1, 2, 3]"}, wantErr: "want 2"},
		{name: "struct", typ: `STRUCT(id INTEGER, "b c" VARCHAR[], h HUGEINT)`,
			texts: []string{"{'id': 1, 'b c': [x, 'y, z'], 'h': -5}"},
			arrow: "struct<id: int32, b c: list<element: utf8, nullable>, h: decimal256(39, 0)>",
			want:  `[{"id": 1, "b c": ["x", "y, z"], "h": "-5"}]`},
		{name: "map", typ: "MAP(VARCHAR, INTERVAL)", texts: []string{"{a=1 day, b=NULL}"},
			arrow: "map<utf8, month_day_nano_interval, items_nullable>",
			want:  `[[{"key": "a", "value": {"months": 0, "days": 1, "nanoseconds": 0}}, {"key": "b", "value": null}]]`},
		{name: "nested bignum, blob and timetz", typ: "STRUCT(n BIGNUM, b BLOB, t TIME WITH TIME ZONE)",
			texts: []string{`{'n': 123456789012345678901234567890123456789012, 'b': '\\x01', 't': '12:00:00.5+05:30'}`},
			arrow: "struct<n: utf8, b: binary, t: utf8>",
			want:  `[{"n": "123456789012345678901234567890123456789012", "b": "AQ==", "t": "12:00:00.5+05:30"}]`},
		{name: "bad uinteger", typ: "UINTEGER", texts: []string{"-1"}, wantErr: "-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			typ, err := athenatype.ParseDuckDBType(tt.typ)
			if err != nil {
				t.Fatal(err)
			}
			checkColumnText(t, typ, tt.texts, tt.arrow, tt.want, tt.wantErr)
		})
	}
}
