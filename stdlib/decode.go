package stdlib

import (
	"database/sql"
	"encoding/json"
	"fmt"
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

type decoder struct {
	dest      any
	signature string
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
		if _, known := naturalTypes[ev.Type().Elem()]; known || d.signature != "" {
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
		if sv := reflect.ValueOf(src); sv.Type().AssignableTo(ev.Type()) {
			ev.Set(sv)
			return nil
		}
		return fmt.Errorf("athenaq/stdlib: Decode cannot store %T in %s", src, ev.Type())
	}
	if d.dec == nil {
		typ := d.signature
		if typ == "" {
			var ok bool
			if typ, ok = naturalTypes[ev.Type()]; !ok {
				return fmt.Errorf("athenaq/stdlib: Decode has no Athena type for %s; use DecodeAs with the column's type", ev.Type())
			}
		}
		dec, err := athenatype.NewDecoder(typ, nil)
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
	if !vv.Type().AssignableTo(ev.Type()) {
		return fmt.Errorf("athenaq/stdlib: Decode: a %s value decodes to %T, which does not fit %s", d.dec.Type(), v, ev.Type())
	}
	ev.Set(vv)
	return nil
}
