package unload_test

import (
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/athenaq/athenaq/athenatype"
	"github.com/athenaq/athenaq/internal/unload"
)

// TestValueOfArrowTypes covers the Arrow types that other Parquet writers
// than the emulator's produce: INT96 and other timestamp units, wide
// decimals, large and fixed-size lists, dictionaries, maps of other key
// types.
func TestValueOfArrowTypes(t *testing.T) {
	big38, _ := new(big.Int).SetString("-12345678901234567890123456789123456789", 10)
	for _, tc := range []struct {
		name string
		typ  arrow.DataType
		json string
		want []any
	}{
		{"decimal128 beyond int64", &arrow.Decimal128Type{Precision: 38, Scale: 9}, `["-12345678901234567890123456789.123456789", "0.000000001", null]`,
			[]any{athenatype.NewDecimalFromBig(big38, 9), athenatype.NewDecimal(1, 9), nil}},
		{"decimal256", &arrow.Decimal256Type{Precision: 40, Scale: 2}, `["1.50", "-0.05"]`,
			[]any{athenatype.NewDecimal(150, 2), athenatype.NewDecimal(-5, 2)}},
		{"timestamp ns (INT96)", &arrow.TimestampType{Unit: arrow.Nanosecond}, `["2026-01-02T03:04:05.678000001"]`,
			[]any{time.Date(2026, 1, 2, 3, 4, 5, 678000001, time.UTC)}},
		{"timestamp ms adjusted to UTC", &arrow.TimestampType{Unit: arrow.Millisecond, TimeZone: "UTC"}, `[1767323045678]`,
			[]any{time.Date(2026, 1, 2, 3, 4, 5, 678000000, time.UTC)}},
		{"timestamp s before 1970", &arrow.TimestampType{Unit: arrow.Second}, `[-1]`,
			[]any{time.Date(1969, 12, 31, 23, 59, 59, 0, time.UTC)}},
		{"date64", arrow.FixedWidthTypes.Date64, `[1767312000000]`, []any{time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)}},
		{"time32 ms", arrow.FixedWidthTypes.Time32ms, `[45296789]`, []any{athenatype.Time{Hour: 12, Minute: 34, Second: 56, Nanosecond: 789000000}}},
		{"time64 us", arrow.FixedWidthTypes.Time64us, `[1000001]`, []any{athenatype.Time{Second: 1, Nanosecond: 1000}}},
		{"large string", arrow.BinaryTypes.LargeString, `["a", ""]`, []any{"a", ""}},
		{"fixed size binary", &arrow.FixedSizeBinaryType{ByteWidth: 2}, `["AQI="]`, []any{[]byte{1, 2}}},
		{"uint32", arrow.PrimitiveTypes.Uint32, `[4294967295]`, []any{uint32(4294967295)}},
		{"large list", arrow.LargeListOf(arrow.PrimitiveTypes.Int64), `[[1, null], [], null]`, []any{[]any{int64(1), nil}, []any{}, nil}},
		{"fixed size list", arrow.FixedSizeListOf(2, arrow.PrimitiveTypes.Int16), `[[1, 2]]`, []any{[]any{int16(1), int16(2)}}},
		{"map with integer keys", arrow.MapOf(arrow.PrimitiveTypes.Int32, arrow.BinaryTypes.String),
			`[[{"key": 10, "value": "b"}, {"key": 9, "value": "a"}, {"key": -1, "value": null}]]`,
			[]any{athenatype.Map{{Key: int32(-1), Value: nil}, {Key: int32(9), Value: "a"}, {Key: int32(10), Value: "b"}}}},
		{"map with double keys", arrow.MapOf(arrow.PrimitiveTypes.Float64, arrow.PrimitiveTypes.Int8),
			`[[{"key": 2.5, "value": 1}, {"key": -0.5, "value": 2}], []]`,
			[]any{athenatype.Map{{Key: -0.5, Value: int8(2)}, {Key: 2.5, Value: int8(1)}}, athenatype.Map{}}},
		{"map with varbinary keys", arrow.MapOf(arrow.BinaryTypes.Binary, arrow.FixedWidthTypes.Boolean),
			`[[{"key": "Ag==", "value": true}, {"key": "AQ==", "value": false}]]`,
			[]any{athenatype.Map{{Key: []byte{1}, Value: false}, {Key: []byte{2}, Value: true}}}},
		{"map with date keys", arrow.MapOf(arrow.FixedWidthTypes.Date32, arrow.PrimitiveTypes.Int8),
			`[[{"key": 2, "value": 2}, {"key": 1, "value": 1}]]`,
			[]any{athenatype.Map{{Key: time.Date(1970, 1, 2, 0, 0, 0, 0, time.UTC), Value: int8(1)}, {Key: time.Date(1970, 1, 3, 0, 0, 0, 0, time.UTC), Value: int8(2)}}}},
		{"struct with NULLs", arrow.StructOf(arrow.Field{Name: "a", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
			arrow.Field{Name: "B", Type: arrow.ListOf(arrow.BinaryTypes.String), Nullable: true}),
			`[{"a": 1, "B": ["x"]}, null, {"a": null, "B": null}]`,
			[]any{athenatype.Row{{Name: "a", Value: int32(1)}, {Name: "B", Value: []any{"x"}}}, nil,
				athenatype.Row{{Name: "a", Value: nil}, {Name: "B", Value: nil}}}},
		{"null", arrow.Null, `[null, null]`, []any{nil, nil}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			arr, _, err := array.FromJSON(mem, tc.typ, strings.NewReader(tc.json))
			if err != nil {
				t.Fatal(err)
			}
			defer arr.Release()
			if arr.Len() != len(tc.want) {
				t.Fatalf("%d values, want %d", arr.Len(), len(tc.want))
			}
			for i, want := range tc.want {
				got, err := unload.Value(arr, i)
				if err != nil {
					t.Fatalf("value %d: %v", i, err)
				}
				if !sameValue(got, want) {
					t.Errorf("value %d = %#v, want %#v", i, got, want)
				}
			}
		})
	}
}

func TestValueOfDictionary(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	dict, _, err := array.FromJSON(mem, arrow.BinaryTypes.String, strings.NewReader(`["x", "y"]`))
	if err != nil {
		t.Fatal(err)
	}
	defer dict.Release()
	idx, _, err := array.FromJSON(mem, arrow.PrimitiveTypes.Int8, strings.NewReader(`[1, 0, null, 1]`))
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Release()
	arr := array.NewDictionaryArray(&arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int8, ValueType: arrow.BinaryTypes.String}, idx, dict)
	defer arr.Release()
	var got []any
	for i := range arr.Len() {
		v, err := unload.Value(arr, i)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, v)
	}
	if !sameValue(got, []any{"y", "x", nil, "y"}) {
		t.Errorf("values %#v", got)
	}
}

func TestValueErrors(t *testing.T) {
	mem := memory.NewGoAllocator()
	f16, _, err := array.FromJSON(mem, arrow.FixedWidthTypes.Float16, strings.NewReader(`[1.5]`))
	if err != nil {
		t.Fatal(err)
	}
	defer f16.Release()
	ints, _, err := array.FromJSON(mem, arrow.PrimitiveTypes.Int32, strings.NewReader(`[1]`))
	if err != nil {
		t.Fatal(err)
	}
	defer ints.Release()
	for _, tc := range []struct {
		name string
		arr  arrow.Array
		i    int
		want string
	}{
		{"type without an Athena value", f16, 0, "float16"},
		{"index past the end", ints, 1, "value 1 of a column of 1"},
		{"negative index", ints, -1, "value -1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := unload.Value(tc.arr, tc.i)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Value = %#v, %v; want an error mentioning %q", v, err, tc.want)
			}
		})
	}
}
