package stdlib

import (
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/athenaq/athenaq"
)

// TestColumnMetadata covers ColumnInfo that the emulator does not
// produce: bounded varchar and char lengths, Hive type spellings, and
// nullability other than UNKNOWN.
func TestColumnMetadata(t *testing.T) {
	cases := []struct {
		col             athenaq.Column
		dbType          string
		scan            reflect.Type
		length          int64
		hasLength       bool
		nullable, known bool
	}{
		{athenaq.Column{Type: "varchar", Precision: 10, Nullable: "UNKNOWN"}, "VARCHAR", stringType, 10, true, true, false},
		{athenaq.Column{Type: "varchar", Precision: 2147483647, Nullable: "NULLABLE"}, "VARCHAR", stringType, math.MaxInt64, true, true, true},
		{athenaq.Column{Type: "char", Precision: 3, Nullable: "NOT_NULL"}, "CHAR", stringType, 3, true, false, true},
		{athenaq.Column{Type: "string"}, "VARCHAR", stringType, math.MaxInt64, true, true, false},
		{athenaq.Column{Type: "float", Precision: 17}, "REAL", reflect.TypeFor[float32](), 0, false, true, false},
		{athenaq.Column{Type: "int", Precision: 10}, "INTEGER", reflect.TypeFor[int32](), 0, false, true, false},
		{athenaq.Column{Type: "varbinary", Precision: 1073741824}, "VARBINARY", reflect.TypeFor[[]byte](), math.MaxInt64, true, true, false},
		{athenaq.Column{Type: "hyperloglog"}, "HYPERLOGLOG", stringType, 0, false, true, false},
		{athenaq.Column{Type: "not a (type"}, "NOT A (TYPE", stringType, 0, false, true, false},
		{athenaq.Column{Type: "timestamp with time zone", Precision: 3}, "TIMESTAMP WITH TIME ZONE", reflect.TypeFor[time.Time](), 0, false, true, false},
	}
	for _, tc := range cases {
		r := &rows{cols: []column{newColumn(tc.col)}}
		if got := r.ColumnTypeDatabaseTypeName(0); got != tc.dbType {
			t.Errorf("%q: DatabaseTypeName = %q, want %q", tc.col.Type, got, tc.dbType)
		}
		if got := r.ColumnTypeScanType(0); got != tc.scan {
			t.Errorf("%q: ScanType = %v, want %v", tc.col.Type, got, tc.scan)
		}
		if n, ok := r.ColumnTypeLength(0); n != tc.length || ok != tc.hasLength {
			t.Errorf("%q: Length = %d, %v; want %d, %v", tc.col.Type, n, ok, tc.length, tc.hasLength)
		}
		if n, ok := r.ColumnTypeNullable(0); n != tc.nullable || ok != tc.known {
			t.Errorf("%q: Nullable = %v, %v; want %v, %v", tc.col.Type, n, ok, tc.nullable, tc.known)
		}
	}
}

func TestColumnValues(t *testing.T) {
	cases := []struct {
		typ, text string
		want      any
	}{
		{"tinyint", "-5", int64(-5)},
		{"float", "0.1", 0.1},
		{"real", "NaN", math.NaN()},
		{"double", "1.0E20", 1e20},
		{"decimal", "1.50", "1.50"},
		{"boolean", "true", true},
		{"varbinary", "01 ff", []byte{1, 0xff}},
		{"json", `{"a":1}`, []byte(`{"a":1}`)},
		{"array", "[1, 2]", "[1, 2]"},
		{"ipaddress", "10.0.0.1", "10.0.0.1"},
	}
	for _, tc := range cases {
		c := newColumn(athenaq.Column{Type: tc.typ})
		got, err := c.value(tc.text)
		if err != nil {
			t.Errorf("%s %q: %v", tc.typ, tc.text, err)
			continue
		}
		if f, ok := tc.want.(float64); ok && math.IsNaN(f) {
			if g, ok := got.(float64); !ok || !math.IsNaN(g) {
				t.Errorf("%s %q = %#v, want NaN", tc.typ, tc.text, got)
			}
			continue
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s %q = %#v, want %#v", tc.typ, tc.text, got, tc.want)
		}
	}
	c := newColumn(athenaq.Column{Type: "integer"})
	if _, err := c.value("x"); err == nil {
		t.Error("integer column accepted x")
	}
}
