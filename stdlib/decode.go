package stdlib

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"math/big"
	"net/netip"
	"reflect"
	"time"

	"github.com/athenaq/athenaq/athenatype"
)

// Decode returns a scan destination that decodes a column's text into
// dest, the Go value the native client gives for the column's type. It
// serves the types that reach database/sql as their text (arrays, maps,
// rows, time, intervals, uuid, ipaddress):
//
//	var tags []any
//	var attrs athenatype.Map
//	err := rows.Scan(stdlib.Decode(&tags), stdlib.Decode(&attrs))
//
// It also decodes the text of the DuckDB engine's HUGEINT, UHUGEINT,
// BIGNUM and UBIGINT into a big.Int (dest *big.Int or **big.Int), and of
// its INTERVAL into an athenatype.Interval. A DuckDB column's lists,
// structs and maps need DecodeDuckDB: their text is not Trino's.
//
// dest is one of *[]any (array), *athenatype.Map, *athenatype.Row,
// *athenatype.UUID, *netip.Addr, *athenatype.Time, *time.Duration
// (interval day to second), *athenatype.Months, *json.RawMessage and
// *athenatype.Decimal, or a pointer to a pointer to one of them. NULL
// stores the zero value (nil for a pointer, a slice, Map or Row). The
// inner values of arrays, maps and rows are strings; DecodeAs keeps their
// types. The scanner can be reused for every row.
func Decode(dest any) sql.Scanner {
	return &decoder{dest: dest}
}

// DecodeDuckDB is DecodeAs for a column of a query that ran on Athena's
// DuckDB engine: columnType is the column's full DuckDB type as ColumnInfo
// reports it ("INTEGER[]", "STRUCT(id INTEGER, note VARCHAR)",
// "MAP(VARCHAR, INTEGER)", "UNION(a INTEGER, b VARCHAR)"; see
// athenatype.ParseDuckDBType), and the column's text decodes as
// athenatype.NewDuckDBDecoder decodes it: []any for lists and arrays,
// athenatype.Row for structs, athenatype.Map for maps, *big.Int for
// HUGEINT, athenatype.Interval for INTERVAL, and so on. dest is a pointer
// to a variable of that Go type (a big.Int for *big.Int), to a pointer to
// one, or *any.
func DecodeDuckDB(dest any, columnType string) sql.Scanner {
	return &decoder{dest: dest, signature: columnType, duck: true}
}

// DecodeAs is Decode with the column's full type, a signature such as
// "array(row(a integer, b varchar))" (see athenatype.ParseSignature), so
// that the inner values of arrays, maps and rows decode to their Go types,
// as athenaq.Config.TypeHints make them for the native client. dest may
// also be *any.
func DecodeAs(dest any, signature string) sql.Scanner {
	return &decoder{dest: dest, signature: signature}
}

// naturalTypes are the Athena types Decode infers from the destination.
var naturalTypes = map[reflect.Type]string{
	reflect.TypeFor[[]any]():              "array",
	reflect.TypeFor[athenatype.Map]():     "map",
	reflect.TypeFor[athenatype.Row]():     "row",
	reflect.TypeFor[athenatype.UUID]():    "uuid",
	reflect.TypeFor[netip.Addr]():         "ipaddress",
	reflect.TypeFor[athenatype.Time]():    "time",
	reflect.TypeFor[time.Duration]():      "interval day to second",
	reflect.TypeFor[athenatype.Months]():  "interval year to month",
	reflect.TypeFor[json.RawMessage]():    "json",
	reflect.TypeFor[athenatype.Decimal](): "decimal",
}

// duckNaturalTypes are the DuckDB types Decode infers from the
// destination: values only DuckDB's engine has.
var duckNaturalTypes = map[reflect.Type]string{
	bigIntType:                             "BIGNUM",
	reflect.TypeFor[athenatype.Interval](): "INTERVAL",
}

var bigIntType = reflect.TypeFor[big.Int]()

// natural reports whether Decode knows the Athena or DuckDB type of Go
// type t.
func natural(t reflect.Type) bool {
	_, v3 := naturalTypes[t]
	_, duck := duckNaturalTypes[t]
	return v3 || duck
}

type decoder struct {
	dest      any
	signature string
	duck      bool                // signature is a DuckDB type name
	dec       *athenatype.Decoder // built at the first non-NULL value
}

// Scan implements sql.Scanner.
func (d *decoder) Scan(src any) error {
	dv := reflect.ValueOf(d.dest)
	if dv.Kind() != reflect.Pointer || dv.IsNil() {
		return fmt.Errorf("athenaq/stdlib: Decode destination %T is not a non-nil pointer", d.dest)
	}
	ev := dv.Elem()
	if src == nil {
		ev.SetZero()
		return nil
	}
	if ev.Kind() == reflect.Pointer {
		if natural(ev.Type().Elem()) || d.signature != "" {
			p := reflect.New(ev.Type().Elem())
			if err := d.store(p.Elem(), src); err != nil {
				return err
			}
			ev.Set(p)
			return nil
		}
	}
	return d.store(ev, src)
}

func (d *decoder) store(ev reflect.Value, src any) error {
	var text string
	switch s := src.(type) {
	case string:
		text = s
	case []byte:
		text = string(s)
	default:
		// A value that database/sql received already decoded, such as a
		// time.Time.
		if ev.Type() == bigIntType {
			// An integer column's int64 into a big.Int.
			if n, ok := src.(int64); ok {
				ev.Addr().Interface().(*big.Int).SetInt64(n)
				return nil
			}
		}
		if sv := reflect.ValueOf(src); sv.Type().AssignableTo(ev.Type()) {
			ev.Set(sv)
			return nil
		}
		return fmt.Errorf("athenaq/stdlib: Decode cannot store %T in %s", src, ev.Type())
	}
	if d.dec == nil {
		typ, duck := d.signature, d.duck
		if typ == "" {
			var ok bool
			if typ, ok = naturalTypes[ev.Type()]; !ok {
				if typ, duck = duckNaturalTypes[ev.Type()]; !duck {
					return fmt.Errorf("athenaq/stdlib: Decode has no Athena type for %s; use DecodeAs with the column's type", ev.Type())
				}
			}
		}
		var dec *athenatype.Decoder
		var err error
		if duck {
			dec, err = athenatype.NewDuckDBDecoder(typ)
		} else {
			dec, err = athenatype.NewDecoder(typ, nil)
		}
		if err != nil {
			return fmt.Errorf("athenaq/stdlib: DecodeAs: %w", err)
		}
		d.dec = dec
	}
	v, err := d.dec.Decode(text)
	if err != nil {
		return fmt.Errorf("athenaq/stdlib: %w", err)
	}
	vv := reflect.ValueOf(v)
	if !vv.IsValid() {
		ev.SetZero()
		return nil
	}
	if b, ok := v.(*big.Int); ok && ev.Type() == bigIntType {
		ev.Addr().Interface().(*big.Int).Set(b) // big.Int must not be copied by value
		return nil
	}
	if !vv.Type().AssignableTo(ev.Type()) {
		return fmt.Errorf("athenaq/stdlib: Decode: a %s value decodes to %T, which does not fit %s", d.dec.Type(), v, ev.Type())
	}
	ev.Set(vv)
	return nil
}
