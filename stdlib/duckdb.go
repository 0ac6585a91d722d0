package stdlib

import (
	"encoding/json"
	"math"
	"reflect"
	"time"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatype"
)

// newDuckColumn prepares a column of a query that ran on Athena's DuckDB
// engine: t is its DuckDB type (athenaq.Column.Signature). The values
// follow the engine v3 table where the types match; the types that have
// no driver.Value counterpart arrive as DuckDB's text (see the package
// documentation, "DuckDB results").
func newDuckColumn(c athenaq.Column, t *athenatype.Type) column {
	col := column{Column: c, name: t.Name, duck: t}
	switch t.Name {
	case "BOOLEAN":
		col.kind = boolValue
	case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER":
		col.kind = intValue
	case "FLOAT":
		col.kind = realValue
	case "DOUBLE":
		col.kind = doubleValue
	case "DECIMAL":
		col.kind = decimalValue
	case "BLOB", "GEOMETRY": // GEOMETRY: its WKB
		col.kind = binaryValue
	case "DATE", "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMP WITH TIME ZONE", "TIME WITH TIME ZONE":
		col.kind = timeValue
	case "JSON":
		col.kind = jsonValue
	}
	switch col.kind {
	case textValue, jsonValue:
	default:
		if dec, err := athenatype.NewDuckDBDecoder(t.String()); err == nil {
			col.dec = dec
		} else {
			col.kind = textValue
		}
	}
	return col
}

// duckScanTypes are the scan types of DuckDB columns, by DuckDB type name;
// the others scan into string.
var duckScanTypes = map[string]reflect.Type{
	"BOOLEAN":                  reflect.TypeFor[bool](),
	"TINYINT":                  reflect.TypeFor[int8](),
	"SMALLINT":                 reflect.TypeFor[int16](),
	"INTEGER":                  reflect.TypeFor[int32](),
	"BIGINT":                   reflect.TypeFor[int64](),
	"UTINYINT":                 reflect.TypeFor[uint8](),
	"USMALLINT":                reflect.TypeFor[uint16](),
	"UINTEGER":                 reflect.TypeFor[uint32](),
	"UBIGINT":                  reflect.TypeFor[uint64](),
	"FLOAT":                    reflect.TypeFor[float32](),
	"DOUBLE":                   reflect.TypeFor[float64](),
	"DECIMAL":                  reflect.TypeFor[athenatype.Decimal](),
	"BLOB":                     reflect.TypeFor[[]byte](),
	"GEOMETRY":                 reflect.TypeFor[[]byte](),
	"DATE":                     reflect.TypeFor[time.Time](),
	"TIMESTAMP":                reflect.TypeFor[time.Time](),
	"TIMESTAMP_S":              reflect.TypeFor[time.Time](),
	"TIMESTAMP_MS":             reflect.TypeFor[time.Time](),
	"TIMESTAMP_NS":             reflect.TypeFor[time.Time](),
	"TIMESTAMP WITH TIME ZONE": reflect.TypeFor[time.Time](),
	"TIME WITH TIME ZONE":      reflect.TypeFor[time.Time](),
	"JSON":                     reflect.TypeFor[json.RawMessage](),
}

// duckScanType returns the scan type of a DuckDB column.
func (c *column) duckScanType() reflect.Type {
	if c.name == "UBIGINT" {
		return duckScanTypes[c.name] // its text scans into *uint64
	}
	if t, ok := duckScanTypes[c.name]; ok && c.kind != textValue {
		return t
	}
	return stringType
}

// duckLength returns the length of VARCHAR and BLOB columns: DuckDB's are
// unbounded.
func (c *column) duckLength() (int64, bool) {
	switch c.name {
	case "VARCHAR", "BLOB":
		return math.MaxInt64, true
	}
	return 0, false
}
