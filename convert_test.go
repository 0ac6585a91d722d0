package athenaq

import (
	"database/sql"
	"math"
	"math/big"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/athenaq/athenaq/athenatype"
)

func bigInt(s string) *big.Int {
	n, ok := new(big.Int).SetString(s, 10)
	if !ok {
		panic(s)
	}
	return n
}

func mustDecimal(s string) athenatype.Decimal {
	d, err := athenatype.ParseDecimal(s)
	if err != nil {
		panic(err)
	}
	return d
}

// TestConvertAssignDuckDBValues covers the Go values that only DuckDB
// results hold (unsigned integers, *big.Int, Interval) in Scan's
// conversions.
func TestConvertAssignDuckDBValues(t *testing.T) {
	iv := athenatype.Interval{Months: 14, Days: 3, Duration: 4*time.Hour + 5*time.Second}
	tests := []struct {
		name    string
		src     any
		dest    func() any // a fresh destination
		want    any        // what dest points to afterwards
		wantErr string
	}{
		{"uint8 into int", uint8(200), func() any { return new(int) }, 200, ""},
		{"uint8 into int8 overflows", uint8(200), func() any { return new(int8) }, nil, "overflows int8"},
		{"uint16 into uint16", uint16(65535), func() any { return new(uint16) }, uint16(65535), ""},
		{"uint32 into int64", uint32(math.MaxUint32), func() any { return new(int64) }, int64(math.MaxUint32), ""},
		{"max uint64 into uint64", uint64(math.MaxUint64), func() any { return new(uint64) }, uint64(math.MaxUint64), ""},
		{"max uint64 into int64 overflows", uint64(math.MaxUint64), func() any { return new(int64) }, nil, "overflows int64"},
		{"max uint64 into float64", uint64(math.MaxUint64), func() any { return new(float64) }, float64(math.MaxUint64), ""},
		{"max uint64 into string", uint64(math.MaxUint64), func() any { return new(string) }, "18446744073709551615", ""},
		{"max uint64 into big.Int", uint64(math.MaxUint64), func() any { return new(big.Int) }, *bigInt("18446744073709551615"), ""},
		{"int64 into uint64 negative", int64(-1), func() any { return new(uint64) }, nil, "overflows uint64"},
		{"int32 into big.Int", int32(-7), func() any { return new(big.Int) }, *bigInt("-7"), ""},
		{"hugeint into big.Int", bigInt("-170141183460469231731687303715884105728"), func() any { return new(big.Int) },
			*bigInt("-170141183460469231731687303715884105728"), ""},
		{"hugeint into **big.Int", bigInt("123"), func() any { return new(*big.Int) }, bigInt("123"), ""},
		{"NULL into **big.Int", nil, func() any { p := bigInt("1"); return &p }, (*big.Int)(nil), ""},
		{"NULL into big.Int", nil, func() any { return new(big.Int) }, nil, "NULL into *big.Int"},
		{"hugeint into int64", bigInt("-5"), func() any { return new(int64) }, int64(-5), ""},
		{"hugeint into int64 overflows", bigInt("9223372036854775808"), func() any { return new(int64) }, nil, "overflows int64"},
		{"uhugeint into uint64", bigInt("18446744073709551615"), func() any { return new(uint64) }, uint64(math.MaxUint64), ""},
		{"uhugeint into uint64 overflows", bigInt("18446744073709551616"), func() any { return new(uint64) }, nil, "overflows uint64"},
		{"hugeint into string", bigInt("-170141183460469231731687303715884105728"), func() any { return new(string) },
			"-170141183460469231731687303715884105728", ""},
		{"hugeint into float64", bigInt("1000000000000000000000"), func() any { return new(float64) }, 1e21, ""},
		{"decimal into big.Int", mustDecimal("12345678901234567890"), func() any { return new(big.Int) },
			*bigInt("12345678901234567890"), ""},
		{"decimal with fraction into big.Int", mustDecimal("1.5"), func() any { return new(big.Int) }, nil, "fraction"},
		{"string into big.Int", "42", func() any { return new(big.Int) }, *bigInt("42"), ""},
		{"interval into Interval", iv, func() any { return new(athenatype.Interval) }, iv, ""},
		{"interval into *Interval", iv, func() any { return new(*athenatype.Interval) }, &iv, ""},
		{"interval into string", iv, func() any { return new(string) }, iv.String(), ""},
		{"uint64 into NullInt64", uint64(7), func() any { return new(sql.NullInt64) }, sql.NullInt64{Int64: 7, Valid: true}, ""},
		{"max uint64 into NullInt64 fails", uint64(math.MaxUint64), func() any { return new(sql.NullInt64) }, nil, "out of range"},
		{"hugeint into NullString", bigInt("-1"), func() any { return new(sql.NullString) }, sql.NullString{String: "-1", Valid: true}, ""},
		{"interval into NullString", iv, func() any { return new(sql.NullString) }, sql.NullString{String: iv.String(), Valid: true}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dest := tt.dest()
			err := convertAssign(dest, tt.src)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("convertAssign(%T, %v) = %v, want an error containing %q", dest, tt.src, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("convertAssign(%T, %v): %v", dest, tt.src, err)
			}
			got := reflect.ValueOf(dest).Elem().Interface()
			if gb, ok := got.(big.Int); ok {
				wb := tt.want.(big.Int)
				if gb.Cmp(&wb) != 0 {
					t.Fatalf("got %v, want %v", &gb, &wb)
				}
				return
			}
			if gp, ok := got.(*big.Int); ok && gp != nil {
				if gp.Cmp(tt.want.(*big.Int)) != 0 {
					t.Fatalf("got %v, want %v", gp, tt.want)
				}
				return
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

// TestSetColumnsChoosesDecoderByEngine checks that the same ColumnInfo
// decodes as DuckDB's text in a DuckDB query and as Trino's otherwise,
// and that TypeHints apply to engine v3 columns only.
func TestSetColumnsChoosesDecoderByEngine(t *testing.T) {
	col := func(name, typ string) types.ColumnInfo {
		return types.ColumnInfo{Name: aws.String(name), Type: aws.String(typ)}
	}
	tests := []struct {
		name    string
		engine  string
		hints   map[string]string
		info    types.ColumnInfo
		text    string
		want    any
		wantSig string // Column.Signature.String(), "" for nil
	}{
		{"v3 integer", EngineV3, nil, col("a", "integer"), "5", int32(5), ""},
		{"empty engine is v3", "", nil, col("a", "integer"), "5", int32(5), ""},
		{"duckdb integer", EngineDuckDB, nil, col("a", "INTEGER"), "5", int32(5), "INTEGER"},
		{"duckdb ubigint", EngineDuckDB, nil, col("a", "UBIGINT"), "18446744073709551615", uint64(math.MaxUint64), "UBIGINT"},
		{"duckdb list", EngineDuckDB, nil, col("a", "INTEGER[]"), "[1, NULL]", []any{int32(1), nil}, "INTEGER[]"},
		{"duckdb struct", EngineDuckDB, nil, col("a", "STRUCT(id INTEGER, note VARCHAR)"), "{'id': 1, 'note': x}",
			athenatype.Row{{Name: "id", Value: int32(1)}, {Name: "note", Value: "x"}}, "STRUCT(id INTEGER, note VARCHAR)"},
		{"v3 hint applies", EngineV3, map[string]string{"a": "array(integer)"}, col("a", "array"), "[1, 2]",
			[]any{int32(1), int32(2)}, "array(integer)"},
		{"duckdb ignores v3 hint", EngineDuckDB, map[string]string{"a": "array(varchar)"}, col("a", "BIGINT[]"), "[1, 2]",
			[]any{int64(1), int64(2)}, "BIGINT[]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r Rows
			if err := r.setColumns(tt.engine, tt.hints, []types.ColumnInfo{tt.info}); err != nil {
				t.Fatal(err)
			}
			got, err := r.decoders[0].Decode(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Decode(%q) = %#v, want %#v", tt.text, got, tt.want)
			}
			sig := ""
			if s := r.cols[0].Signature; s != nil {
				sig = s.String()
			}
			if sig != tt.wantSig {
				t.Fatalf("Signature %q, want %q", sig, tt.wantSig)
			}
			if r.cols[0].Type != aws.ToString(tt.info.Type) {
				t.Fatalf("Type %q, want ColumnInfo's %q", r.cols[0].Type, aws.ToString(tt.info.Type))
			}
		})
	}
}

// TestSetColumnsRejectsBadDuckDBType checks that a DuckDB type name that
// does not parse fails the read with the column's name.
func TestSetColumnsRejectsBadDuckDBType(t *testing.T) {
	var r Rows
	err := r.setColumns(EngineDuckDB, nil, []types.ColumnInfo{{Name: aws.String("broken"), Type: aws.String("STRUCT(a")}})
	if err == nil || !strings.Contains(err.Error(), `column "broken"`) {
		t.Fatalf("setColumns = %v, want an error naming the column", err)
	}
}
