package unload

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"

	"github.com/athenaq/athenaq/athenatype"
)

// maxDepth bounds the nesting of arrays, maps and rows that Value follows,
// so that a hostile file cannot exhaust the stack.
const maxDepth = 100

// Value returns element i of col as the Go value that athenaq's API
// transport gives for the same Athena value (the table of the athenatype package):
//
//	bool, int8 .. int64          boolean, tinyint .. bigint
//	float32, float64             real, double
//	athenatype.Decimal           decimal (Arrow decimal32 .. decimal256)
//	string                       varchar, char
//	[]byte                       varbinary
//	time.Time at UTC midnight    date (date32, date64)
//	time.Time in UTC             timestamp, in the file's precision
//	athenatype.Time              time (time32, time64)
//	[]any                        array (never nil, even when empty)
//	athenatype.Map               map, entries sorted by key ascending as Athena prints them
//	athenatype.Row               row, named fields in order
//	nil                          NULL
//
// Strings and byte slices are copies: they stay valid after the record is
// released. Value returns an error for an Arrow type outside this table
// and for an index out of range.
func Value(col arrow.Array, i int) (any, error) {
	if i < 0 || i >= col.Len() {
		return nil, fmt.Errorf("unload: value %d of a column of %d", i, col.Len())
	}
	return value(col, i, 0)
}

func value(col arrow.Array, i, depth int) (any, error) {
	if col.IsNull(i) {
		return nil, nil
	}
	if depth > maxDepth {
		return nil, fmt.Errorf("unload: values nested more than %d deep", maxDepth)
	}
	switch a := col.(type) {
	case *array.Boolean:
		return a.Value(i), nil
	case *array.Int8:
		return a.Value(i), nil
	case *array.Int16:
		return a.Value(i), nil
	case *array.Int32:
		return a.Value(i), nil
	case *array.Int64:
		return a.Value(i), nil
	case *array.Uint8:
		return a.Value(i), nil
	case *array.Uint16:
		return a.Value(i), nil
	case *array.Uint32:
		return a.Value(i), nil
	case *array.Uint64:
		return a.Value(i), nil
	case *array.Float32:
		return a.Value(i), nil
	case *array.Float64:
		return a.Value(i), nil
	case *array.Decimal32:
		return athenatype.NewDecimal(int64(a.Value(i)), scaleOf(a)), nil
	case *array.Decimal64:
		return athenatype.NewDecimal(int64(a.Value(i)), scaleOf(a)), nil
	case *array.Decimal128:
		return decimalOf128(a.Value(i), scaleOf(a)), nil
	case *array.Decimal256:
		return athenatype.NewDecimalFromBig(a.Value(i).BigInt(), scaleOf(a)), nil
	case *array.String:
		return strings.Clone(a.Value(i)), nil
	case *array.LargeString:
		return strings.Clone(a.Value(i)), nil
	case *array.StringView:
		return strings.Clone(a.Value(i)), nil
	case *array.Binary:
		return cloneBytes(a.Value(i)), nil
	case *array.LargeBinary:
		return cloneBytes(a.Value(i)), nil
	case *array.BinaryView:
		return cloneBytes(a.Value(i)), nil
	case *array.FixedSizeBinary:
		return cloneBytes(a.Value(i)), nil
	case *array.Date32:
		return a.Value(i).ToTime(), nil
	case *array.Date64:
		return a.Value(i).ToTime(), nil
	case *array.Timestamp:
		// Athena's timestamp has no zone: its wall clock is read as UTC,
		// whether the file marks it adjusted to UTC or not.
		return a.Value(i).ToTime(a.DataType().(*arrow.TimestampType).Unit), nil
	case *array.Time32:
		return athenatype.TimeOf(a.Value(i).ToTime(a.DataType().(*arrow.Time32Type).Unit)), nil
	case *array.Time64:
		return athenatype.TimeOf(a.Value(i).ToTime(a.DataType().(*arrow.Time64Type).Unit)), nil
	case *array.Map:
		return mapValue(a, i, depth)
	case array.ListLike:
		start, end := a.ValueOffsets(i)
		return listValue(a.ListValues(), int(start), int(end), depth)
	case *array.Struct:
		st := a.DataType().(*arrow.StructType)
		row := make(athenatype.Row, a.NumField())
		for j := range row {
			v, err := value(a.Field(j), i, depth+1)
			if err != nil {
				return nil, err
			}
			row[j] = athenatype.RowField{Name: st.Field(j).Name, Value: v}
		}
		return row, nil
	case *array.Dictionary:
		return value(a.Dictionary(), a.GetValueIndex(i), depth+1)
	case array.ExtensionArray:
		return value(a.Storage(), i, depth+1)
	case *array.Null:
		return nil, nil
	}
	return nil, fmt.Errorf("unload: Arrow type %s has no Athena value", col.DataType())
}

func scaleOf(a arrow.Array) int32 { return a.DataType().(arrow.DecimalType).GetScale() }

// decimalOf128 avoids big.Int for the values that fit in an int64, which
// are most of them.
func decimalOf128(n decimal128.Num, scale int32) athenatype.Decimal {
	hi, lo := n.HighBits(), n.LowBits()
	if hi == 0 && lo>>63 == 0 || hi == -1 && lo>>63 == 1 {
		return athenatype.NewDecimal(int64(lo), scale)
	}
	return athenatype.NewDecimalFromBig(n.BigInt(), scale)
}

// cloneBytes copies b; an empty value is an empty, non-nil slice, as the
// API transport gives for X”.
func cloneBytes(b []byte) []byte { return append([]byte{}, b...) }

func listValue(values arrow.Array, start, end, depth int) ([]any, error) {
	if start < 0 || end > values.Len() || start > end {
		return nil, fmt.Errorf("unload: list offsets %d..%d outside %d values", start, end, values.Len())
	}
	out := make([]any, end-start)
	for j := range out {
		v, err := value(values, start+j, depth+1)
		if err != nil {
			return nil, err
		}
		out[j] = v
	}
	return out, nil
}

// mapValue returns map i with its entries sorted by key: Parquet keeps
// whatever order the writer had, while Athena prints maps sorted by key
// (FACTS §5), which is the order the API transport gives.
func mapValue(a *array.Map, i, depth int) (athenatype.Map, error) {
	start, end := a.ValueOffsets(i)
	keys, items := a.Keys(), a.Items()
	if start < 0 || int(end) > keys.Len() || int(end) > items.Len() || start > end {
		return nil, fmt.Errorf("unload: map offsets %d..%d outside %d entries", start, end, keys.Len())
	}
	m := make(athenatype.Map, end-start)
	for j := range m {
		k, err := value(keys, int(start)+j, depth+1)
		if err != nil {
			return nil, err
		}
		v, err := value(items, int(start)+j, depth+1)
		if err != nil {
			return nil, err
		}
		m[j] = athenatype.MapEntry{Key: k, Value: v}
	}
	slices.SortStableFunc(m, func(x, y athenatype.MapEntry) int { return compareKeys(x.Key, y.Key) })
	return m, nil
}

// compareKeys orders two map keys of one type: numbers by value, strings
// and bytes lexically, times by instant, false before true. Keys of other
// types, and keys of differing types (a NULL key), keep the file's order.
func compareKeys(x, y any) int {
	switch a := x.(type) {
	case bool:
		b, ok := y.(bool)
		switch {
		case !ok || a == b:
			return 0
		case !a:
			return -1
		}
		return 1
	case int8:
		return compareAs(a, y)
	case int16:
		return compareAs(a, y)
	case int32:
		return compareAs(a, y)
	case int64:
		return compareAs(a, y)
	case uint8:
		return compareAs(a, y)
	case uint16:
		return compareAs(a, y)
	case uint32:
		return compareAs(a, y)
	case uint64:
		return compareAs(a, y)
	case float32:
		return compareAs(a, y)
	case float64:
		return compareAs(a, y)
	case string:
		return compareAs(a, y)
	case []byte:
		if b, ok := y.([]byte); ok {
			return bytes.Compare(a, b)
		}
	case athenatype.Decimal:
		if b, ok := y.(athenatype.Decimal); ok {
			return a.Cmp(b)
		}
	case time.Time:
		if b, ok := y.(time.Time); ok {
			return a.Compare(b)
		}
	}
	return 0
}

func compareAs[T cmp.Ordered](a T, y any) int {
	b, ok := y.(T)
	if !ok {
		return 0
	}
	return cmp.Compare(a, b)
}
