package athenatype

import (
	"bytes"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/netip"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Literal returns v as Trino SQL literal text, the form Athena's
// ExecutionParameters take (each parameter is parsed on its own, as one
// expression):
//
//	nil, nil pointer, nil slice or map    NULL
//	bool                                  TRUE, FALSE
//	int, int8 ... uint64                  42, -7; beyond bigint, uint64 as DECIMAL '18446744073709551615';
//	                                      math.MinInt64 as BIGINT '-9223372036854775808'
//	float32                               REAL '0.5'; CAST(nan() AS REAL), CAST(infinity() AS REAL), ...
//	float64                               DOUBLE '1.5', DOUBLE '1e+20'; nan(), infinity(), -infinity()
//	string                                'it''s'
//	[]byte, [N]byte                       X'01FF'
//	time.Time                             TIMESTAMP '2026-01-02 03:04:05.123456' (in UTC)
//	Zoned                                 TIMESTAMP '2026-01-02 03:04:05.123 America/New_York'
//	Date                                  DATE '2026-01-02'
//	Time                                  TIME '12:34:56.789'
//	time.Duration                         INTERVAL '1 02:03:04.567' DAY TO SECOND
//	Months                                INTERVAL '1-2' YEAR TO MONTH
//	Decimal                               DECIMAL '1.50'
//	json.RawMessage                       JSON '{"a":1}'
//	netip.Addr                            IPADDRESS '10.0.0.1'
//	UUID                                  UUID '12151fd2-7586-11e9-8f9e-2a86e4085a59'
//	slices and arrays, []any              ARRAY[1, 2]
//	Map, Go maps                          MAP(ARRAY['a', 'b'], ARRAY[1, 2]) (Go maps sorted by key)
//	Row                                   ROW(1, 'x') (field names are not part of Trino's ROW())
//
// Pointers are dereferenced, types with a basic underlying kind encode as
// that kind, and a driver.Valuer is encoded as the value it returns.
//
// Fractions of times print without trailing zeros. Negative intervals
// carry the sign outside the string (INTERVAL -'0 00:00:01.000' DAY TO
// SECOND), as Trino's grammar has it. Errors, rather than a silent change,
// for: strings that are not valid UTF-8 or contain NUL (Athena's JSON API
// and the engine would alter them; send []byte instead), durations with
// sub-millisecond parts (Trino intervals hold milliseconds), years outside
// 1-9999, invalid JSON, zoned IP addresses, empty Rows and every other
// type.
func Literal(v any) (string, error) {
	b, err := appendLiteral(make([]byte, 0, 32), v, 0)
	if err != nil {
		return "", fmt.Errorf("athenatype: literal: %w", err)
	}
	return string(b), nil
}

// HiveString returns s as a single-quoted string literal of Athena's Hive
// DDL grammar (CREATE EXTERNAL TABLE, ALTER TABLE, LOCATION and
// TBLPROPERTIES values), where a backslash escapes the next character:
// every \ in s is written \\ and every ' is written \u0027, which Hive
// decodes to a quote. The literal holds no quote but its two delimiters, so
// it is also one string literal to a Trino lexer, which Athena runs over
// every statement before its Hive grammar (see FACTS §2.1); a \' escape
// would end the literal there. Invalid UTF-8 bytes become U+FFFD, as they
// would on the way through Athena's JSON API. Trino statements (CTAS,
// CREATE VIEW, SELECT) take Literal's doubling of quotes instead.
func HiveString(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	b := make([]byte, 0, len(s)+2)
	b = append(b, '\'')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			b = append(b, `\\`...)
		case '\'':
			b = append(b, `\u0027`...)
		default:
			b = append(b, c)
		}
	}
	return string(append(b, '\''))
}

const supportedKinds = "nil, bool, integers, floats, string, []byte, time.Time, time.Duration, json.RawMessage, " +
	"netip.Addr, athenatype.Date, Time, Zoned, Months, Decimal, UUID, Map, Row, slices, arrays, maps, " +
	"pointers and driver.Valuer"

func appendLiteral(b []byte, v any, depth int) ([]byte, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("value nested deeper than %d levels", maxDepth)
	}
	switch x := v.(type) {
	case nil:
		return append(b, "NULL"...), nil
	case bool:
		if x {
			return append(b, "TRUE"...), nil
		}
		return append(b, "FALSE"...), nil
	case string:
		return appendString(b, x)
	case int:
		return appendInt(b, int64(x)), nil
	case int8:
		return appendInt(b, int64(x)), nil
	case int16:
		return appendInt(b, int64(x)), nil
	case int32:
		return appendInt(b, int64(x)), nil
	case int64:
		return appendInt(b, x), nil
	case uint:
		return appendUint(b, uint64(x)), nil
	case uint8:
		return appendUint(b, uint64(x)), nil
	case uint16:
		return appendUint(b, uint64(x)), nil
	case uint32:
		return appendUint(b, uint64(x)), nil
	case uint64:
		return appendUint(b, x), nil
	case float32:
		return appendReal(b, x), nil
	case float64:
		return appendDouble(b, x), nil
	case json.RawMessage:
		if x == nil {
			return append(b, "NULL"...), nil
		}
		if !json.Valid(x) {
			return nil, errors.New("json.RawMessage is not valid JSON")
		}
		b = append(b, "JSON "...)
		return appendString(b, string(x))
	case []byte:
		if x == nil {
			return append(b, "NULL"...), nil
		}
		return appendBinary(b, x), nil
	case time.Time:
		return appendTimestamp(b, x.UTC(), "")
	case Zoned:
		return appendZoned(b, time.Time(x))
	case Date:
		if !x.IsValid() || x.Year < 1 || x.Year > 9999 {
			return nil, fmt.Errorf("invalid Date %d-%d-%d", x.Year, x.Month, x.Day)
		}
		b = append(b, "DATE '"...)
		b = appendDate(b, x.Year, int(x.Month), x.Day)
		return append(b, '\''), nil
	case Time:
		if !x.IsValid() {
			return nil, fmt.Errorf("invalid Time %d:%d:%d.%d", x.Hour, x.Minute, x.Second, x.Nanosecond)
		}
		b = append(b, "TIME '"...)
		b = appendClock(b, x)
		return append(b, '\''), nil
	case time.Duration:
		if x%time.Millisecond != 0 {
			return nil, fmt.Errorf("time.Duration %v has a sub-millisecond part; INTERVAL DAY TO SECOND holds milliseconds", x)
		}
		b = append(b, "INTERVAL "...)
		if x < 0 {
			b = append(b, '-')
			// -x overflows only for math.MinInt64, which is not whole
			// milliseconds.
			x = -x
		}
		b = append(b, '\'')
		b = appendDayToSecond(b, x)
		return append(b, "' DAY TO SECOND"...), nil
	case Months:
		b = append(b, "INTERVAL "...)
		m := int64(x)
		if m < 0 {
			b = append(b, '-')
			m = -m
		}
		b = append(b, '\'')
		b = strconv.AppendInt(b, m/12, 10)
		b = append(b, '-')
		b = strconv.AppendInt(b, m%12, 10)
		return append(b, "' YEAR TO MONTH"...), nil
	case Decimal:
		b = append(b, "DECIMAL '"...)
		b = x.appendText(b)
		return append(b, '\''), nil
	case UUID:
		b = append(b, "UUID '"...)
		b = x.appendText(b)
		return append(b, '\''), nil
	case netip.Addr:
		if !x.IsValid() {
			return nil, errors.New("invalid (zero) netip.Addr")
		}
		if x.Zone() != "" {
			return nil, fmt.Errorf("netip.Addr %v has a zone, which IPADDRESS cannot hold", x)
		}
		b = append(b, "IPADDRESS '"...)
		b = x.AppendTo(b)
		return append(b, '\''), nil
	case Map:
		if x == nil {
			return append(b, "NULL"...), nil
		}
		keys := make([]any, len(x))
		vals := make([]any, len(x))
		for i, e := range x {
			keys[i], vals[i] = e.Key, e.Value
		}
		return appendMap(b, keys, vals, depth)
	case Row:
		if x == nil {
			return append(b, "NULL"...), nil
		}
		if len(x) == 0 {
			return nil, errors.New("empty Row: Trino rows have at least one field")
		}
		b = append(b, "ROW("...)
		for i, f := range x {
			if i > 0 {
				b = append(b, ", "...)
			}
			var err error
			if b, err = appendLiteral(b, f.Value, depth+1); err != nil {
				return nil, err
			}
		}
		return append(b, ')'), nil
	case []any:
		if x == nil {
			return append(b, "NULL"...), nil
		}
		return appendArray(b, len(x), func(i int) any { return x[i] }, depth)
	}
	rv := reflect.ValueOf(v)
	valuer, isValuer := v.(driver.Valuer)
	if rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return append(b, "NULL"...), nil
		}
		// Dereference first, so that *Decimal encodes as a Decimal, unless
		// only the pointer has the Value method.
		elem := rv.Elem().Interface()
		if _, ok := elem.(driver.Valuer); ok || !isValuer {
			return appendLiteral(b, elem, depth+1)
		}
	}
	if isValuer {
		dv, err := valuer.Value()
		if err != nil {
			return nil, fmt.Errorf("%T.Value: %w", v, err)
		}
		return appendLiteral(b, dv, depth+1)
	}
	switch rv.Kind() {
	case reflect.Bool:
		return appendLiteral(b, rv.Bool(), depth+1)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return appendInt(b, rv.Int()), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return appendUint(b, rv.Uint()), nil
	case reflect.Float32:
		return appendReal(b, float32(rv.Float())), nil
	case reflect.Float64:
		return appendDouble(b, rv.Float()), nil
	case reflect.String:
		return appendString(b, rv.String())
	case reflect.Slice:
		if rv.IsNil() {
			return append(b, "NULL"...), nil
		}
		if rv.Type().Elem().Kind() == reflect.Uint8 {
			return appendBinary(b, rv.Bytes()), nil
		}
		return appendArray(b, rv.Len(), func(i int) any { return rv.Index(i).Interface() }, depth)
	case reflect.Array:
		if rv.Type().Elem().Kind() == reflect.Uint8 {
			bs := make([]byte, rv.Len())
			reflect.Copy(reflect.ValueOf(bs), rv)
			return appendBinary(b, bs), nil
		}
		return appendArray(b, rv.Len(), func(i int) any { return rv.Index(i).Interface() }, depth)
	case reflect.Map:
		if rv.IsNil() {
			return append(b, "NULL"...), nil
		}
		return appendGoMap(b, rv, depth)
	}
	return nil, fmt.Errorf("cannot encode %T (supported: %s)", v, supportedKinds)
}

// appendString appends s as a Trino string literal: quotes doubled, nothing
// else escaped (Trino has no backslash escapes).
func appendString(b []byte, s string) ([]byte, error) {
	if !utf8.ValidString(s) {
		i := 0
		for i < len(s) {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			i += size
		}
		return nil, fmt.Errorf("string is not valid UTF-8 (byte %d); send binary data as []byte", i)
	}
	if i := strings.IndexByte(s, 0); i >= 0 {
		return nil, fmt.Errorf("string contains a NUL byte (byte %d), which Athena's engine does not keep; "+
			"send binary data as []byte", i)
	}
	b = append(b, '\'')
	for {
		i := strings.IndexByte(s, '\'')
		if i < 0 {
			break
		}
		b = append(b, s[:i+1]...)
		b = append(b, '\'')
		s = s[i+1:]
	}
	b = append(b, s...)
	return append(b, '\''), nil
}

func appendInt(b []byte, v int64) []byte {
	if v == math.MinInt64 {
		// Trino reads -9223372036854775808 as the negation of
		// 9223372036854775808, which is beyond bigint (unverified for
		// Athena); a typed literal leaves no doubt.
		return append(b, "BIGINT '-9223372036854775808'"...)
	}
	return strconv.AppendInt(b, v, 10)
}

func appendUint(b []byte, v uint64) []byte {
	if v > math.MaxInt64 {
		// Beyond bigint: a decimal(20,0) keeps the value exact.
		b = append(b, "DECIMAL '"...)
		b = strconv.AppendUint(b, v, 10)
		return append(b, '\'')
	}
	return strconv.AppendUint(b, v, 10)
}

func appendReal(b []byte, f float32) []byte {
	switch {
	case f != f:
		return append(b, "CAST(nan() AS REAL)"...)
	case math.IsInf(float64(f), 1):
		return append(b, "CAST(infinity() AS REAL)"...)
	case math.IsInf(float64(f), -1):
		return append(b, "CAST(-infinity() AS REAL)"...)
	}
	b = append(b, "REAL '"...)
	b = strconv.AppendFloat(b, float64(f), 'g', -1, 32)
	return append(b, '\'')
}

func appendDouble(b []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(b, "nan()"...)
	case math.IsInf(f, 1):
		return append(b, "infinity()"...)
	case math.IsInf(f, -1):
		return append(b, "-infinity()"...)
	}
	b = append(b, "DOUBLE '"...)
	b = strconv.AppendFloat(b, f, 'g', -1, 64)
	return append(b, '\'')
}

func appendBinary(b []byte, x []byte) []byte {
	const upper = "0123456789ABCDEF"
	b = append(b, "X'"...)
	for _, c := range x {
		b = append(b, upper[c>>4], upper[c&0xf])
	}
	return append(b, '\'')
}

// appendTimestamp appends TIMESTAMP '<wall time of t>[ zone]'.
func appendTimestamp(b []byte, t time.Time, zone string) ([]byte, error) {
	if y := t.Year(); y < 1 || y > 9999 {
		return nil, fmt.Errorf("time %v: year outside 1-9999", t)
	}
	y, m, d := t.Date()
	b = append(b, "TIMESTAMP '"...)
	b = appendDate(b, y, int(m), d)
	b = append(b, ' ')
	b = appendClock(b, TimeOf(t))
	if zone != "" {
		b = append(b, ' ')
		b = append(b, zone...)
	}
	return append(b, '\''), nil
}

// appendZoned appends a timestamp with time zone: the zone's IANA name when
// t's location has one, else its offset at t (+05:30). Offsets with
// seconds (local mean time) cannot be written; such times go as UTC.
func appendZoned(b []byte, t time.Time) ([]byte, error) {
	name := t.Location().String()
	if name == "UTC" || isZoneName(name) {
		return appendTimestamp(b, t, name)
	}
	_, secs := t.Zone()
	if secs%60 != 0 {
		return appendTimestamp(b, t.UTC(), "UTC")
	}
	return appendTimestamp(b, t, formatOffset(secs))
}

// isZoneName reports whether name looks like an IANA zone name
// (Area/Location). "Local", fixed zones such as "EST" or "+05:30", and
// anything with other characters are written as offsets instead.
func isZoneName(name string) bool {
	if !strings.Contains(name, "/") {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(isIdentByte(c) || c == '/' || c == '-' || c == '+') {
			return false
		}
	}
	return true
}

func appendArray(b []byte, n int, at func(int) any, depth int) ([]byte, error) {
	b = append(b, "ARRAY["...)
	for i := range n {
		if i > 0 {
			b = append(b, ", "...)
		}
		var err error
		if b, err = appendLiteral(b, at(i), depth+1); err != nil {
			return nil, err
		}
	}
	return append(b, ']'), nil
}

func appendMap(b []byte, keys, vals []any, depth int) ([]byte, error) {
	b = append(b, "MAP("...)
	var err error
	if b, err = appendArray(b, len(keys), func(i int) any { return keys[i] }, depth+1); err != nil {
		return nil, err
	}
	b = append(b, ", "...)
	if b, err = appendArray(b, len(vals), func(i int) any { return vals[i] }, depth+1); err != nil {
		return nil, err
	}
	return append(b, ')'), nil
}

// appendGoMap appends a Go map with its entries sorted by the key's
// literal text, so that the same map always gives the same statement.
func appendGoMap(b []byte, rv reflect.Value, depth int) ([]byte, error) {
	type entry struct {
		key []byte
		val any
	}
	entries := make([]entry, 0, rv.Len())
	iter := rv.MapRange()
	for iter.Next() {
		k, err := appendLiteral(nil, iter.Key().Interface(), depth+2)
		if err != nil {
			return nil, err
		}
		entries = append(entries, entry{k, iter.Value().Interface()})
	}
	slices.SortFunc(entries, func(x, y entry) int { return bytes.Compare(x.key, y.key) })
	b = append(b, "MAP(ARRAY["...)
	for i, e := range entries {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, e.key...)
	}
	b = append(b, "], ARRAY["...)
	for i, e := range entries {
		if i > 0 {
			b = append(b, ", "...)
		}
		var err error
		if b, err = appendLiteral(b, e.val, depth+2); err != nil {
			return nil, err
		}
	}
	return append(b, "])"...), nil
}
