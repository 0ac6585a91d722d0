package records

import (
	"fmt"
	"math/big"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal256"

	"github.com/athenaq/athenaq/athenatype"
)

// duckKindOf returns the storage kind of t, a type of a query that ran on
// Athena's DuckDB engine (see the package documentation, "DuckDB
// results").
func duckKindOf(t *athenatype.Type) kind {
	switch t.Name {
	case "BOOLEAN":
		return kindBool
	case "TINYINT":
		return kindInt8
	case "SMALLINT":
		return kindInt16
	case "INTEGER":
		return kindInt32
	case "BIGINT":
		return kindInt64
	case "UTINYINT":
		return kindUint8
	case "USMALLINT":
		return kindUint16
	case "UINTEGER":
		return kindUint32
	case "UBIGINT":
		return kindUint64
	case "HUGEINT", "UHUGEINT":
		return kindHugeInt
	case "FLOAT":
		return kindFloat32
	case "DOUBLE":
		return kindFloat64
	case "DECIMAL":
		return kindDecimal
	case "BLOB", "GEOMETRY": // GEOMETRY decodes to its WKB
		return kindBinary
	case "UUID":
		return kindUUID
	case "DATE":
		return kindDate
	case "TIME":
		return kindTime
	case "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS":
		return kindTimestamp
	case "TIMESTAMP WITH TIME ZONE":
		return kindTimestampZone
	case "INTERVAL":
		return kindInterval
	case "LIST":
		return kindList
	case "ARRAY":
		return kindFixedSizeList
	case "MAP":
		return kindMap
	case "STRUCT":
		return kindStruct
	}
	// VARCHAR, JSON, BIT, ENUM, UNION, VARIANT, BIGNUM (which
	// no Arrow number holds), TIME WITH TIME ZONE, NULL and names this
	// package does not know: their text.
	return kindString
}

// hugeIntType holds every HUGEINT and UHUGEINT: both have at most 39
// digits, one more than decimal128 allows.
var hugeIntType = &arrow.Decimal256Type{Precision: 39, Scale: 0}

// duckArrowType returns the Arrow type of the DuckDB kinds that engine v3
// lacks.
func duckArrowType(t *athenatype.Type, k kind) (arrow.DataType, error) {
	switch k {
	case kindUint8:
		return arrow.PrimitiveTypes.Uint8, nil
	case kindUint16:
		return arrow.PrimitiveTypes.Uint16, nil
	case kindUint32:
		return arrow.PrimitiveTypes.Uint32, nil
	case kindUint64:
		return arrow.PrimitiveTypes.Uint64, nil
	case kindHugeInt:
		return hugeIntType, nil
	case kindInterval:
		return arrow.FixedWidthTypes.MonthDayNanoInterval, nil
	case kindFixedSizeList:
		elem, err := arrowType(t.Elem, true)
		if err != nil {
			return nil, err
		}
		return arrow.FixedSizeListOfField(int32(t.Length), arrow.Field{Name: "element", Type: elem, Nullable: true}), nil
	}
	return nil, fmt.Errorf("no Arrow type for %s", t) // unreachable: arrowType passes only these kinds
}

// duckTimeUnit is the unit of DuckDB's times and timestamps: microseconds,
// but for TIMESTAMP_S, TIMESTAMP_MS and TIMESTAMP_NS.
func duckTimeUnit(t *athenatype.Type) arrow.TimeUnit {
	switch t.Name {
	case "TIMESTAMP_S":
		return arrow.Second
	case "TIMESTAMP_MS":
		return arrow.Millisecond
	case "TIMESTAMP_NS":
		return arrow.Nanosecond
	}
	return arrow.Microsecond
}

// duckTextAppender returns a function that appends a top-level value of
// the DuckDB type t from DuckDB's text: string kinds as the text itself,
// the others through athenatype's DuckDB decoder.
func duckTextAppender(t *athenatype.Type, b array.Builder) (func(string) error, error) {
	if kindOf(t, false) == kindString {
		sb := b.(*array.StringBuilder)
		return func(s string) error {
			sb.Append(s)
			return nil
		}, nil
	}
	dec, err := athenatype.NewDuckDBDecoder(t.String())
	if err != nil {
		return nil, err
	}
	return decodingAppender(dec, t, b)
}

// duckValueAppender returns the appender of a decoded value of the DuckDB
// kinds that engine v3 lacks.
func duckValueAppender(t *athenatype.Type, k kind, b array.Builder) (func(any) error, error) {
	switch k {
	case kindUint8:
		ub := b.(*array.Uint8Builder)
		return func(v any) error {
			x, ok := v.(uint8)
			if ok {
				ub.Append(x)
			}
			return wrongType(ok, v, t)
		}, nil
	case kindUint16:
		ub := b.(*array.Uint16Builder)
		return func(v any) error {
			x, ok := v.(uint16)
			if ok {
				ub.Append(x)
			}
			return wrongType(ok, v, t)
		}, nil
	case kindUint32:
		ub := b.(*array.Uint32Builder)
		return func(v any) error {
			x, ok := v.(uint32)
			if ok {
				ub.Append(x)
			}
			return wrongType(ok, v, t)
		}, nil
	case kindUint64:
		ub := b.(*array.Uint64Builder)
		return func(v any) error {
			x, ok := v.(uint64)
			if ok {
				ub.Append(x)
			}
			return wrongType(ok, v, t)
		}, nil
	case kindHugeInt:
		db := b.(*array.Decimal256Builder)
		return func(v any) error {
			x, ok := v.(*big.Int)
			if !ok || x == nil {
				return wrongType(false, v, t)
			}
			db.Append(decimal256.FromBigInt(x))
			return nil
		}, nil
	case kindInterval:
		ib := b.(*array.MonthDayNanoIntervalBuilder)
		return func(v any) error {
			x, ok := v.(athenatype.Interval)
			if ok {
				ib.Append(arrow.MonthDayNanoInterval{Months: x.Months, Days: x.Days, Nanoseconds: int64(x.Duration)})
			}
			return wrongType(ok, v, t)
		}, nil
	case kindFixedSizeList:
		lb := b.(*array.FixedSizeListBuilder)
		elem, err := valueAppender(t.Elem, true, lb.ValueBuilder())
		if err != nil {
			return nil, err
		}
		return func(v any) error {
			x, ok := v.([]any)
			if !ok {
				return wrongType(ok, v, t)
			}
			if len(x) != t.Length {
				return fmt.Errorf("array has %d elements, want %d for %s", len(x), t.Length, t)
			}
			lb.Append(true)
			for _, e := range x {
				if err := elem(e); err != nil {
					return err
				}
			}
			return nil
		}, nil
	}
	return nil, fmt.Errorf("no Arrow conversion for %s", t) // unreachable: valueAppender passes only these kinds
}

// duckTimeTZText writes a DuckDB TIME WITH TIME ZONE value as DuckDB
// prints it: 12:00:00.5+02.
func duckTimeTZText(x time.Time) string {
	s := x.Format("15:04:05.999999")
	_, off := x.Zone()
	sign := byte('+')
	if off < 0 {
		sign, off = '-', -off
	}
	s += fmt.Sprintf("%c%02d", sign, off/3600)
	if m, sec := off%3600/60, off%60; m != 0 || sec != 0 {
		s += fmt.Sprintf(":%02d", m)
		if sec != 0 {
			s += fmt.Sprintf(":%02d", sec)
		}
	}
	return s
}
