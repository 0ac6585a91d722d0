package records

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/extensions"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatype"
)

// AthenaTypeKey is the field metadata key that holds each column's Athena
// type, spelled as athenatype.Type.String writes it: "decimal(10,2)",
// "timestamp with time zone", "array(row(a integer, b varchar))", or
// "array" for a complex column whose inner types are unknown.
const AthenaTypeKey = "athena.type"

// Schema returns the Arrow schema of a result with columns cols: one
// nullable field per column, named as the column, with the column's Athena
// type under AthenaTypeKey in the field's metadata. See the package
// documentation for the type of each Athena type.
func Schema(cols []athenaq.Column) (*arrow.Schema, error) {
	fields := make([]arrow.Field, len(cols))
	for i, c := range cols {
		t, err := columnType(c)
		if err != nil {
			return nil, err
		}
		dt, err := arrowType(t, false)
		if err != nil {
			return nil, fmt.Errorf("athenaq/records: column %q: %w", c.Name, err)
		}
		fields[i] = arrow.Field{Name: c.Name, Type: dt, Nullable: true,
			Metadata: arrow.NewMetadata([]string{AthenaTypeKey}, []string{t.String()})}
	}
	return arrow.NewSchema(fields, nil), nil
}

// columnType returns the full Athena type of c: its TypeHints signature,
// else its ColumnInfo type with the precision, scale or length that
// ColumnInfo reports beside it.
func columnType(c athenaq.Column) (*athenatype.Type, error) {
	var t athenatype.Type
	if c.Signature != nil {
		t = *c.Signature // a copy: the caller's Column is left as it is
		if t.DuckDB {
			return &t, nil // a DuckDB query's column: its type is complete
		}
		if t.Name == "decimal" && t.Precision == 0 {
			t.Precision, t.Scale = c.Precision, c.Scale
		}
		return &t, nil
	}
	parsed, err := athenatype.ParseSignature(c.Type)
	if err != nil {
		return nil, fmt.Errorf("athenaq/records: column %q: %w", c.Name, err)
	}
	t = *parsed
	switch t.Name {
	case "decimal":
		t.Precision, t.Scale = c.Precision, c.Scale
	case "char":
		if c.Precision > 0 {
			t.Length = c.Precision
		}
	case "varchar":
		if c.Precision > 0 && c.Precision < unboundedVarchar {
			t.Length = c.Precision
		}
	case "time", "timestamp", "time with time zone", "timestamp with time zone":
		if c.Precision > 0 && c.Precision <= 12 {
			t.Precision = c.Precision
		}
	}
	return &t, nil
}

// unboundedVarchar is the Precision that ColumnInfo reports for varchar
// without a length (FACTS: ColumnInfo).
const unboundedVarchar = 2147483647

// kind is how one Athena type is stored in Arrow.
type kind uint8

const (
	kindString kind = iota // varchar, char, json, ipaddress, time with time zone, unknown types, untyped composites
	kindBool
	kindInt8
	kindInt16
	kindInt32
	kindInt64
	kindFloat32
	kindFloat64
	kindDecimal
	kindBinary
	kindDate
	kindTime
	kindTimestamp
	kindTimestampZone
	kindDuration
	kindMonths
	kindUUID
	kindList
	kindMap
	kindStruct
	// DuckDB's own kinds (duckdb.go).
	kindUint8
	kindUint16
	kindUint32
	kindUint64
	kindHugeInt       // HUGEINT, UHUGEINT: decimal256(39, 0)
	kindInterval      // INTERVAL: month_day_nano_interval
	kindFixedSizeList // ARRAY, T[n]
)

// kindOf returns the storage kind of t. nested is true for the element,
// key, value and field types of a composite: inside those, Athena prints
// varbinary as a Java object name ([B@1f2e3d), so it is a string there.
func kindOf(t *athenatype.Type, nested bool) kind {
	if t.DuckDB {
		return duckKindOf(t)
	}
	switch t.Name {
	case "boolean":
		return kindBool
	case "tinyint":
		return kindInt8
	case "smallint":
		return kindInt16
	case "integer":
		return kindInt32
	case "bigint":
		return kindInt64
	case "real":
		return kindFloat32
	case "double":
		return kindFloat64
	case "decimal":
		return kindDecimal
	case "varbinary":
		if nested {
			return kindString
		}
		return kindBinary
	case "date":
		return kindDate
	case "time":
		return kindTime
	case "timestamp":
		return kindTimestamp
	case "timestamp with time zone":
		return kindTimestampZone
	case "interval day to second":
		return kindDuration
	case "interval year to month":
		return kindMonths
	case "uuid":
		return kindUUID
	case "array", "map", "row":
		if !typed(t, 0) {
			return kindString
		}
		switch t.Name {
		case "array":
			return kindList
		case "map":
			return kindMap
		}
		return kindStruct
	}
	return kindString
}

// typed reports whether every type inside t is known: arrays, maps and
// rows all have their parameters.
func typed(t *athenatype.Type, depth int) bool {
	if t == nil || depth > maxDepth {
		return false
	}
	if t.DuckDB {
		return true // DuckDB names every inner type
	}
	switch t.Name {
	case "array":
		return typed(t.Elem, depth+1)
	case "map":
		return typed(t.Key, depth+1) && typed(t.Value, depth+1)
	case "row":
		if len(t.Fields) == 0 {
			return false
		}
		for _, f := range t.Fields {
			if !typed(f.Type, depth+1) {
				return false
			}
		}
	}
	return true
}

// maxDepth bounds the nesting of composite types, as athenatype does.
const maxDepth = 64

// arrowType returns the Arrow type of the Athena type t.
func arrowType(t *athenatype.Type, nested bool) (arrow.DataType, error) {
	switch k := kindOf(t, nested); k {
	case kindBool:
		return arrow.FixedWidthTypes.Boolean, nil
	case kindInt8:
		return arrow.PrimitiveTypes.Int8, nil
	case kindInt16:
		return arrow.PrimitiveTypes.Int16, nil
	case kindInt32:
		return arrow.PrimitiveTypes.Int32, nil
	case kindInt64:
		return arrow.PrimitiveTypes.Int64, nil
	case kindFloat32:
		return arrow.PrimitiveTypes.Float32, nil
	case kindFloat64:
		return arrow.PrimitiveTypes.Float64, nil
	case kindDecimal:
		p, s, err := decimalParams(t)
		if err != nil {
			return nil, err
		}
		return &arrow.Decimal128Type{Precision: p, Scale: s}, nil
	case kindBinary:
		return arrow.BinaryTypes.Binary, nil
	case kindDate:
		return arrow.FixedWidthTypes.Date32, nil
	case kindTime:
		switch u := timeUnit(t); u {
		case arrow.Millisecond:
			return arrow.FixedWidthTypes.Time32ms, nil
		case arrow.Microsecond:
			return arrow.FixedWidthTypes.Time64us, nil
		default:
			return arrow.FixedWidthTypes.Time64ns, nil
		}
	case kindTimestamp:
		return &arrow.TimestampType{Unit: timeUnit(t)}, nil
	case kindTimestampZone:
		return &arrow.TimestampType{Unit: timeUnit(t), TimeZone: "UTC"}, nil
	case kindDuration:
		return arrow.FixedWidthTypes.Duration_ms, nil
	case kindMonths:
		return arrow.FixedWidthTypes.MonthInterval, nil
	case kindUUID:
		return extensions.NewUUIDType(), nil
	case kindList:
		elem, err := arrowType(t.Elem, true)
		if err != nil {
			return nil, err
		}
		return arrow.ListOfField(arrow.Field{Name: "element", Type: elem, Nullable: true}), nil
	case kindMap:
		key, err := arrowType(t.Key, true)
		if err != nil {
			return nil, err
		}
		value, err := arrowType(t.Value, true)
		if err != nil {
			return nil, err
		}
		return arrow.MapOf(key, value), nil
	case kindStruct:
		fields := make([]arrow.Field, len(t.Fields))
		for i, f := range t.Fields {
			ft, err := arrowType(f.Type, true)
			if err != nil {
				return nil, err
			}
			fields[i] = arrow.Field{Name: fieldName(f.Name, i), Type: ft, Nullable: true}
		}
		return arrow.StructOf(fields...), nil
	case kindUint8, kindUint16, kindUint32, kindUint64, kindHugeInt, kindInterval, kindFixedSizeList:
		return duckArrowType(t, k)
	}
	return arrow.BinaryTypes.String, nil
}

// fieldName names the fields of unnamed rows, as in row(integer, varchar),
// field0, field1, ... as Athena's older engines did.
func fieldName(name string, i int) string {
	if name != "" {
		return name
	}
	return fmt.Sprintf("field%d", i)
}

// decimalParams returns the precision and scale of a decimal type:
// decimal without parameters is Trino's decimal(38,0).
func decimalParams(t *athenatype.Type) (p, s int32, err error) {
	if t.Precision == 0 {
		return 38, 0, nil
	}
	if t.Precision < 1 || t.Precision > 38 || t.Scale < 0 || t.Scale > t.Precision {
		return 0, 0, fmt.Errorf("decimal(%d,%d): want a precision of 1 to 38 and a scale of 0 to the precision", t.Precision, t.Scale)
	}
	return int32(t.Precision), int32(t.Scale), nil
}

// timeUnit returns the Arrow unit that holds the fraction digits of a time
// or timestamp type: milliseconds up to 3 (Athena's default), micro- up
// to 6, nanoseconds beyond (Trino allows 12 digits; the decoder keeps 9).
func timeUnit(t *athenatype.Type) arrow.TimeUnit {
	if t.DuckDB {
		return duckTimeUnit(t)
	}
	switch {
	case t.Precision <= 3:
		return arrow.Millisecond
	case t.Precision <= 6:
		return arrow.Microsecond
	}
	return arrow.Nanosecond
}
