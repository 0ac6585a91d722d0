package stdlib

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatype"
)

// rows streams a query's result through the native client's Rows, which
// read one page ahead: memory stays bounded by two pages whatever the
// result size.
type rows struct {
	r     *athenaq.Rows
	cols  []column
	names []string
}

var (
	_ driver.Rows                           = (*rows)(nil)
	_ driver.RowsColumnTypeDatabaseTypeName = (*rows)(nil)
	_ driver.RowsColumnTypeScanType         = (*rows)(nil)
	_ driver.RowsColumnTypeNullable         = (*rows)(nil)
	_ driver.RowsColumnTypePrecisionScale   = (*rows)(nil)
	_ driver.RowsColumnTypeLength           = (*rows)(nil)
)

// column is what rows know of one result column: how Next converts its
// text, and what the ColumnType methods report.
type column struct {
	athenaq.Column
	name string // the canonical Athena type name: "real" for ColumnInfo's "float", "varchar" for "string"
	kind valueKind
	dec  *athenatype.Decoder // for kinds that decode
	duck *athenatype.Type    // the DuckDB type of a DuckDB query's column; name is then its DuckDB name
}

// valueKind says which driver.Value a column's text becomes.
type valueKind uint8

const (
	textValue    valueKind = iota // string: the text as Athena sent it
	boolValue                     // bool
	intValue                      // int64, from tinyint to bigint
	realValue                     // float64 holding the float32's shortest decimal text
	doubleValue                   // float64
	decimalValue                  // string with the decimal's scale
	binaryValue                   // []byte
	timeValue                     // time.Time
	jsonValue                     // []byte, the JSON text
)

func newRows(r *athenaq.Rows) *rows {
	acols := r.Columns()
	out := &rows{r: r, cols: make([]column, len(acols)), names: make([]string, len(acols))}
	for i, c := range acols {
		out.names[i] = c.Name
		out.cols[i] = newColumn(c)
	}
	return out
}

func newColumn(c athenaq.Column) column {
	if c.Signature != nil && c.Signature.DuckDB {
		return newDuckColumn(c, c.Signature)
	}
	col := column{Column: c, name: strings.ToLower(c.Type)}
	if t, err := athenatype.ParseSignature(c.Type); err == nil {
		col.name = t.Name
	}
	switch col.name {
	case "boolean":
		col.kind = boolValue
	case "tinyint", "smallint", "integer", "bigint":
		col.kind = intValue
	case "real":
		col.kind = realValue
	case "double":
		col.kind = doubleValue
	case "decimal":
		col.kind = decimalValue
	case "varbinary":
		col.kind = binaryValue
	case "date", "timestamp", "timestamp with time zone", "time with time zone":
		col.kind = timeValue
	case "json":
		col.kind = jsonValue
	}
	switch col.kind {
	case textValue, jsonValue:
	default:
		// The column's own type name decodes these scalar types; a failure
		// leaves the column as text.
		if dec, err := athenatype.NewDecoder(col.name, nil); err == nil {
			col.dec = dec
		} else {
			col.kind = textValue
		}
	}
	return col
}

// Columns returns the column names.
func (r *rows) Columns() []string { return r.names }

// Close stops the read-ahead.
func (r *rows) Close() error { return r.r.Close() }

// Next converts the next row into driver.Value types only (see the
// package documentation for the table).
func (r *rows) Next(dest []driver.Value) error {
	if !r.r.Next() {
		if err := r.r.Err(); err != nil {
			return err
		}
		return io.EOF
	}
	raw, err := r.r.RawValues()
	if err != nil {
		return err
	}
	for i := range dest {
		if i >= len(raw) || i >= len(r.cols) || raw[i] == nil {
			dest[i] = nil
			continue
		}
		v, err := r.cols[i].value(*raw[i])
		if err != nil {
			return fmt.Errorf("athenaq/stdlib: column %q: %w", r.names[i], err)
		}
		dest[i] = v
	}
	return nil
}

// value converts one non-NULL text.
func (c *column) value(text string) (driver.Value, error) {
	switch c.kind {
	case textValue:
		return text, nil
	case jsonValue:
		return []byte(text), nil
	}
	v, err := c.dec.Decode(text)
	if err != nil {
		return nil, err
	}
	switch x := v.(type) {
	case int8:
		return int64(x), nil
	case int16:
		return int64(x), nil
	case int32:
		return int64(x), nil
	case uint8:
		return int64(x), nil
	case uint16:
		return int64(x), nil
	case uint32:
		return int64(x), nil
	case float32:
		// The float32's shortest text, read as a float64, so that 0.1
		// scans as 0.1 into *float64 and *string, and back into a float32
		// exactly.
		f, _ := strconv.ParseFloat(strconv.FormatFloat(float64(x), 'g', -1, 32), 64)
		return f, nil
	case athenatype.Decimal:
		return x.String(), nil
	case int64, float64, bool, []byte, time.Time:
		return x, nil
	}
	return nil, fmt.Errorf("decoded %T, which is not a driver.Value", v)
}

// ColumnTypeDatabaseTypeName returns the Athena type name, upper-cased and
// without parameters: "VARCHAR", "INTEGER", "DECIMAL", "ARRAY",
// "TIMESTAMP WITH TIME ZONE". ColumnInfo's Hive spellings read as Athena's
// names: "float" is REAL, "string" (SHOW and DESCRIBE columns) VARCHAR.
// A DuckDB query's columns report DuckDB's base name: "INTEGER",
// "HUGEINT", "DECIMAL", "LIST" (for T[]), "ARRAY" (for T[n]), "STRUCT",
// "MAP", "TIMESTAMP WITH TIME ZONE".
func (r *rows) ColumnTypeDatabaseTypeName(i int) string {
	return strings.ToUpper(r.cols[i].name)
}

// Scan types, by Athena type: the types the native client decodes to,
// where database/sql can scan Next's value into them.
var (
	scanTypes = map[string]reflect.Type{
		"boolean":                  reflect.TypeFor[bool](),
		"tinyint":                  reflect.TypeFor[int8](),
		"smallint":                 reflect.TypeFor[int16](),
		"integer":                  reflect.TypeFor[int32](),
		"bigint":                   reflect.TypeFor[int64](),
		"real":                     reflect.TypeFor[float32](),
		"double":                   reflect.TypeFor[float64](),
		"decimal":                  reflect.TypeFor[athenatype.Decimal](),
		"varbinary":                reflect.TypeFor[[]byte](),
		"date":                     reflect.TypeFor[time.Time](),
		"timestamp":                reflect.TypeFor[time.Time](),
		"timestamp with time zone": reflect.TypeFor[time.Time](),
		"time with time zone":      reflect.TypeFor[time.Time](),
		"json":                     reflect.TypeFor[json.RawMessage](),
	}
	stringType = reflect.TypeFor[string]()
)

// ColumnTypeScanType returns the Go type a column scans into: int8, int16,
// int32 and int64 for tinyint to bigint, float32 for real, float64 for
// double, athenatype.Decimal for decimal (through its Scan method),
// []byte for varbinary, time.Time for date and the timestamps,
// json.RawMessage for json, bool for boolean, and string for varchar,
// char and the types that arrive as their text (array, map, row, time,
// intervals, uuid, ipaddress); use Decode to scan those into their Go
// types.
//
// A DuckDB query's columns scan as the package documentation's "DuckDB
// results" table says.
func (r *rows) ColumnTypeScanType(i int) reflect.Type {
	if r.cols[i].duck != nil {
		return r.cols[i].duckScanType()
	}
	if t, ok := scanTypes[r.cols[i].name]; ok && r.cols[i].kind != textValue {
		return t
	}
	return stringType
}

// ColumnTypeNullable reports ok false: Athena reports the nullability of
// every column as UNKNOWN. Should it report NULLABLE or NOT_NULL, that is
// passed on.
func (r *rows) ColumnTypeNullable(i int) (nullable, ok bool) {
	switch r.cols[i].Nullable {
	case "NOT_NULL":
		return false, true
	case "NULLABLE":
		return true, true
	}
	return true, false
}

// ColumnTypePrecisionScale returns a decimal column's precision and scale.
func (r *rows) ColumnTypePrecisionScale(i int) (precision, scale int64, ok bool) {
	c := r.cols[i]
	if c.duck != nil && c.name == "DECIMAL" {
		return int64(c.duck.Precision), int64(c.duck.Scale), true
	}
	if c.name != "decimal" {
		return 0, 0, false
	}
	return int64(c.Precision), int64(c.Scale), true
}

// unboundedVarchar is the length Athena reports for varchar without a
// length.
const unboundedVarchar = math.MaxInt32

// ColumnTypeLength returns the length of varchar(n) and char(n) columns.
// Unbounded types, varchar without a length (which Athena reports as
// 2147483647), varbinary and the Hive string of SHOW and DESCRIBE columns,
// report math.MaxInt64, as database/sql documents. So do a DuckDB query's
// VARCHAR and BLOB columns.
func (r *rows) ColumnTypeLength(i int) (length int64, ok bool) {
	c := r.cols[i]
	if c.duck != nil {
		return c.duckLength()
	}
	switch c.name {
	case "varchar":
		if c.Precision <= 0 || c.Precision >= unboundedVarchar {
			return math.MaxInt64, true
		}
		return int64(c.Precision), true
	case "char":
		return int64(max(c.Precision, 1)), true // char is char(1)
	case "varbinary":
		return math.MaxInt64, true
	}
	return 0, false
}
