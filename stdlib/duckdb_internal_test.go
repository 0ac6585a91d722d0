package stdlib

import (
	"database/sql/driver"
	"encoding/json"
	"math"
	"math/big"
	"reflect"
	"testing"
	"time"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatype"
)

// duckColumn is the column that athenaq.Rows describe for a DuckDB
// query's ColumnInfo type typ.
func duckColumn(t *testing.T, typ string) column {
	t.Helper()
	sig, err := athenatype.ParseDuckDBType(typ)
	if err != nil {
		t.Fatal(err)
	}
	return newColumn(athenaq.Column{Name: "c", Type: typ, Nullable: "UNKNOWN", Signature: sig})
}

// TestDuckDBColumnTypes checks the ColumnType methods of DuckDB columns
// against the package documentation's table.
func TestDuckDBColumnTypes(t *testing.T) {
	tests := []struct {
		typ       string
		dbType    string
		scan      reflect.Type
		prec      int64
		scale     int64
		decimal   bool
		length    int64
		hasLength bool
	}{
		{"BOOLEAN", "BOOLEAN", reflect.TypeFor[bool](), 0, 0, false, 0, false},
		{"TINYINT", "TINYINT", reflect.TypeFor[int8](), 0, 0, false, 0, false},
		{"INTEGER", "INTEGER", reflect.TypeFor[int32](), 0, 0, false, 0, false},
		{"UTINYINT", "UTINYINT", reflect.TypeFor[uint8](), 0, 0, false, 0, false},
		{"UINTEGER", "UINTEGER", reflect.TypeFor[uint32](), 0, 0, false, 0, false},
		{"UBIGINT", "UBIGINT", reflect.TypeFor[uint64](), 0, 0, false, 0, false},
		{"HUGEINT", "HUGEINT", stringType, 0, 0, false, 0, false},
		{"UHUGEINT", "UHUGEINT", stringType, 0, 0, false, 0, false},
		{"FLOAT", "FLOAT", reflect.TypeFor[float32](), 0, 0, false, 0, false},
		{"DOUBLE", "DOUBLE", reflect.TypeFor[float64](), 0, 0, false, 0, false},
		{"DECIMAL(10,2)", "DECIMAL", reflect.TypeFor[athenatype.Decimal](), 10, 2, true, 0, false},
		{"DECIMAL(38,10)", "DECIMAL", reflect.TypeFor[athenatype.Decimal](), 38, 10, true, 0, false},
		{"VARCHAR", "VARCHAR", stringType, 0, 0, false, math.MaxInt64, true},
		{"BLOB", "BLOB", reflect.TypeFor[[]byte](), 0, 0, false, math.MaxInt64, true},
		{"GEOMETRY", "GEOMETRY", reflect.TypeFor[[]byte](), 0, 0, false, 0, false},
		{"UUID", "UUID", stringType, 0, 0, false, 0, false},
		{"DATE", "DATE", reflect.TypeFor[time.Time](), 0, 0, false, 0, false},
		{"TIME", "TIME", stringType, 0, 0, false, 0, false},
		{"TIMESTAMP_NS", "TIMESTAMP_NS", reflect.TypeFor[time.Time](), 0, 0, false, 0, false},
		{"TIMESTAMP WITH TIME ZONE", "TIMESTAMP WITH TIME ZONE", reflect.TypeFor[time.Time](), 0, 0, false, 0, false},
		{"INTERVAL", "INTERVAL", stringType, 0, 0, false, 0, false},
		{"JSON", "JSON", reflect.TypeFor[json.RawMessage](), 0, 0, false, 0, false},
		{"INTEGER[]", "LIST", stringType, 0, 0, false, 0, false},
		{"INTEGER[3]", "ARRAY", stringType, 0, 0, false, 0, false},
		{"STRUCT(id INTEGER, note VARCHAR)", "STRUCT", stringType, 0, 0, false, 0, false},
		{"MAP(VARCHAR, INTEGER[])", "MAP", stringType, 0, 0, false, 0, false},
		{"UNION(a INTEGER, b VARCHAR)", "UNION", stringType, 0, 0, false, 0, false},
		{"ENUM('x', 'y')", "ENUM", stringType, 0, 0, false, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.typ, func(t *testing.T) {
			r := &rows{cols: []column{duckColumn(t, tt.typ)}}
			if got := r.ColumnTypeDatabaseTypeName(0); got != tt.dbType {
				t.Errorf("DatabaseTypeName = %q, want %q", got, tt.dbType)
			}
			if got := r.ColumnTypeScanType(0); got != tt.scan {
				t.Errorf("ScanType = %v, want %v", got, tt.scan)
			}
			if p, s, ok := r.ColumnTypePrecisionScale(0); p != tt.prec || s != tt.scale || ok != tt.decimal {
				t.Errorf("DecimalSize = %d, %d, %v; want %d, %d, %v", p, s, ok, tt.prec, tt.scale, tt.decimal)
			}
			if n, ok := r.ColumnTypeLength(0); n != tt.length || ok != tt.hasLength {
				t.Errorf("Length = %d, %v; want %d, %v", n, ok, tt.length, tt.hasLength)
			}
		})
	}
}

// TestDuckDBColumnValues checks what Next makes of DuckDB's text: only
// driver.Value types.
func TestDuckDBColumnValues(t *testing.T) {
	tests := []struct {
		typ, text string
		want      driver.Value
	}{
		{"BOOLEAN", "true", true},
		{"TINYINT", "-128", int64(-128)},
		{"UTINYINT", "255", int64(255)},
		{"USMALLINT", "65535", int64(65535)},
		{"UINTEGER", "4294967295", int64(4294967295)},
		{"UBIGINT", "18446744073709551615", "18446744073709551615"},
		{"HUGEINT", "-170141183460469231731687303715884105728", "-170141183460469231731687303715884105728"},
		{"FLOAT", "0.1", 0.1},
		{"FLOAT", "inf", math.Inf(1)},
		{"DOUBLE", "1e+20", 1e20},
		{"DECIMAL(10,2)", "1.50", "1.50"},
		{"BLOB", `a\x00\xFF`, []byte{'a', 0, 0xff}},
		{"GEOMETRY", "POINT (1 2)", []byte{1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0, 0, 0, 0, 0, 0, 0, 0x40}},
		{"DATE", "2024-02-29", time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)},
		{"TIMESTAMP_NS", "2024-01-02 03:04:05.123456789", time.Date(2024, 1, 2, 3, 4, 5, 123456789, time.UTC)},
		{"TIMESTAMP WITH TIME ZONE", "2026-10-01 12:00:00+00", time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC)},
		{"JSON", `{"a": 1}`, []byte(`{"a": 1}`)},
		{"INTERVAL", "1 year 2 days 03:00:00", "1 year 2 days 03:00:00"},
		{"STRUCT(id INTEGER)", "{'id': 1}", "{'id': 1}"},
		{"UUID", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
	}
	for _, tt := range tests {
		t.Run(tt.typ+" "+tt.text, func(t *testing.T) {
			c := duckColumn(t, tt.typ)
			got, err := c.value(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("value(%q) = %#v, want %#v", tt.text, got, tt.want)
			}
			if !driver.IsValue(got) {
				t.Fatalf("value(%q) = %T, not a driver.Value", tt.text, got)
			}
		})
	}
}

// TestDecodeDuckDBValues checks the scan destinations for DuckDB's text:
// Decode into big.Int and Interval, DecodeDuckDB for nested types.
func TestDecodeDuckDBValues(t *testing.T) {
	t.Run("big.Int", func(t *testing.T) {
		var n big.Int
		if err := Decode(&n).Scan("-170141183460469231731687303715884105728"); err != nil {
			t.Fatal(err)
		}
		if n.String() != "-170141183460469231731687303715884105728" {
			t.Fatalf("got %v", &n)
		}
	})
	t.Run("*big.Int NULL and value", func(t *testing.T) {
		p := big.NewInt(9)
		s := Decode(&p)
		if err := s.Scan(nil); err != nil || p != nil {
			t.Fatalf("NULL: %v, %v", p, err)
		}
		if err := s.Scan("18446744073709551616"); err != nil || p.String() != "18446744073709551616" {
			t.Fatalf("got %v, %v", p, err)
		}
	})
	t.Run("big.Int from int64", func(t *testing.T) {
		var n big.Int
		if err := Decode(&n).Scan(int64(-3)); err != nil || n.Int64() != -3 {
			t.Fatalf("got %v, %v", &n, err)
		}
	})
	t.Run("Interval", func(t *testing.T) {
		var iv athenatype.Interval
		if err := Decode(&iv).Scan("1 year 2 months 3 days 04:05:06.5"); err != nil {
			t.Fatal(err)
		}
		want := athenatype.Interval{Months: 14, Days: 3, Duration: 4*time.Hour + 5*time.Minute + 6500*time.Millisecond}
		if iv != want {
			t.Fatalf("got %+v, want %+v", iv, want)
		}
	})
	t.Run("struct", func(t *testing.T) {
		var row athenatype.Row
		if err := DecodeDuckDB(&row, "STRUCT(id INTEGER, tags VARCHAR[])").Scan("{'id': 1, 'tags': [a, 'b, c']}"); err != nil {
			t.Fatal(err)
		}
		want := athenatype.Row{{Name: "id", Value: int32(1)}, {Name: "tags", Value: []any{"a", "b, c"}}}
		if !reflect.DeepEqual(row, want) {
			t.Fatalf("got %#v, want %#v", row, want)
		}
	})
	t.Run("map into any", func(t *testing.T) {
		var v any
		if err := DecodeDuckDB(&v, "MAP(VARCHAR, INTEGER)").Scan([]byte("{a=1, b=NULL}")); err != nil {
			t.Fatal(err)
		}
		want := athenatype.Map{{Key: "a", Value: int32(1)}, {Key: "b", Value: nil}}
		if !reflect.DeepEqual(v, want) {
			t.Fatalf("got %#v, want %#v", v, want)
		}
	})
	t.Run("bad type", func(t *testing.T) {
		var v any
		if err := DecodeDuckDB(&v, "STRUCT(").Scan("{}"); err == nil {
			t.Fatal("no error for a bad DuckDB type")
		}
	})
}
