package records

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/extensions"

	"github.com/athenaq/athenaq/athenatype"
)

// A column appends one result column's values, as Athena's text, to the
// Arrow builder of its field.
type column struct {
	name string
	b    array.Builder
	// text appends a non-NULL value from its text.
	text func(s string) error
}

// appendNull appends a NULL.
func (c *column) appendNull() { c.b.AppendNull() }

// newColumn prepares the appending of values of type t to b, a builder of
// arrowType(t, false).
func newColumn(name string, t *athenatype.Type, b array.Builder) (*column, error) {
	text, err := textAppender(t, b)
	if err != nil {
		return nil, fmt.Errorf("athenaq/records: column %q: %w", name, err)
	}
	return &column{name: name, b: b, text: text}, nil
}

// textAppender returns a function that appends a top-level value of type t
// from its text. Common types are parsed straight into the builder; the
// others go through athenatype's decoder and valueAppender.
func textAppender(t *athenatype.Type, b array.Builder) (func(string) error, error) {
	if t.DuckDB {
		return duckTextAppender(t, b)
	}
	switch kindOf(t, false) {
	case kindBool:
		bb := b.(*array.BooleanBuilder)
		return func(s string) error {
			switch s {
			case "true":
				bb.Append(true)
			case "false":
				bb.Append(false)
			default:
				return fmt.Errorf("cannot decode %q as boolean", truncate(s))
			}
			return nil
		}, nil
	case kindInt8:
		ib := b.(*array.Int8Builder)
		return func(s string) error {
			v, err := parseInt(s, 8)
			if err != nil {
				return err
			}
			ib.Append(int8(v))
			return nil
		}, nil
	case kindInt16:
		ib := b.(*array.Int16Builder)
		return func(s string) error {
			v, err := parseInt(s, 16)
			if err != nil {
				return err
			}
			ib.Append(int16(v))
			return nil
		}, nil
	case kindInt32:
		ib := b.(*array.Int32Builder)
		return func(s string) error {
			v, err := parseInt(s, 32)
			if err != nil {
				return err
			}
			ib.Append(int32(v))
			return nil
		}, nil
	case kindInt64:
		ib := b.(*array.Int64Builder)
		return func(s string) error {
			v, err := parseInt(s, 64)
			if err != nil {
				return err
			}
			ib.Append(v)
			return nil
		}, nil
	case kindFloat32:
		fb := b.(*array.Float32Builder)
		return func(s string) error {
			// Java's Float.toString text: 1.5, 1.0E20, NaN, Infinity.
			v, err := strconv.ParseFloat(s, 32)
			if err != nil {
				return fmt.Errorf("cannot decode %q as real", truncate(s))
			}
			fb.Append(float32(v))
			return nil
		}, nil
	case kindFloat64:
		fb := b.(*array.Float64Builder)
		return func(s string) error {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return fmt.Errorf("cannot decode %q as double", truncate(s))
			}
			fb.Append(v)
			return nil
		}, nil
	case kindDecimal:
		db := b.(*array.Decimal128Builder)
		dt := db.Type().(*arrow.Decimal128Type)
		return func(s string) error {
			n, err := decimalFromText(s, dt.Precision, dt.Scale)
			if err != nil {
				return err
			}
			db.Append(n)
			return nil
		}, nil
	case kindBinary:
		bb := b.(*array.BinaryBuilder)
		var scratch []byte
		return func(s string) error {
			var err error
			scratch, err = appendHex(scratch[:0], s)
			if err != nil {
				return err
			}
			bb.Append(scratch)
			return nil
		}, nil
	case kindDate:
		db := b.(*array.Date32Builder)
		return func(s string) error {
			d, err := athenatype.ParseDate(s)
			if err != nil {
				return err
			}
			days, err := epochDays(d.In(time.UTC))
			if err != nil {
				return err
			}
			db.Append(arrow.Date32(days))
			return nil
		}, nil
	case kindTime:
		put := timeAppender(t, b)
		return func(s string) error {
			x, err := athenatype.ParseTime(s)
			if err != nil {
				return err
			}
			return put(x)
		}, nil
	case kindTimestamp:
		// "YYYY-MM-DD HH:MM:SS.fff", read without boxing a time.Time.
		put := timestampAppender(t, b)
		return func(s string) error {
			day, clock, ok := strings.Cut(s, " ")
			d, err := athenatype.ParseDate(day)
			if err == nil && ok {
				var c athenatype.Time
				if c, err = athenatype.ParseTime(clock); err == nil {
					return put(time.Date(d.Year, d.Month, d.Day, c.Hour, c.Minute, c.Second, c.Nanosecond, time.UTC))
				}
			}
			return fmt.Errorf("cannot decode %q as %s: want YYYY-MM-DD HH:MM:SS[.fffffffff]", truncate(s), t)
		}, nil
	case kindUUID:
		ub := b.(*extensions.UUIDBuilder)
		return func(s string) error {
			u, err := athenatype.ParseUUID(s)
			if err != nil {
				return err
			}
			ub.AppendBytes([16]byte(u))
			return nil
		}, nil
	case kindString:
		sb := b.(*array.StringBuilder)
		if t.Name != "ipaddress" {
			// The text itself: varchar, char, json, time with time zone,
			// types this package does not know, and arrays, maps and rows
			// whose inner types are unknown.
			return func(s string) error {
				sb.Append(s)
				return nil
			}, nil
		}
		var scratch []byte
		return func(s string) error {
			a, err := netip.ParseAddr(s)
			if err != nil {
				return fmt.Errorf("cannot decode %q as ipaddress", truncate(s))
			}
			scratch = a.AppendTo(scratch[:0])
			sb.BinaryBuilder.Append(scratch)
			return nil
		}, nil
	}
	dec, err := athenatype.NewDecoder("", t)
	if err != nil {
		return nil, err
	}
	return decodingAppender(dec, t, b)
}

// decodingAppender returns a function that decodes a value's text with dec
// and appends the value, of type t, to b.
func decodingAppender(dec *athenatype.Decoder, t *athenatype.Type, b array.Builder) (func(string) error, error) {
	value, err := valueAppender(t, false, b)
	if err != nil {
		return nil, err
	}
	return func(s string) error {
		v, err := dec.Decode(s)
		if err != nil {
			return err
		}
		return value(v)
	}, nil
}

// valueAppender returns a function that appends a value of type t, as
// athenatype decodes it (see its package documentation), to b; nil appends
// NULL.
func valueAppender(t *athenatype.Type, nested bool, b array.Builder) (func(any) error, error) {
	k := kindOf(t, nested)
	var appendValue func(any) error
	switch k {
	case kindBool:
		bb := b.(*array.BooleanBuilder)
		appendValue = func(v any) error {
			x, ok := v.(bool)
			if ok {
				bb.Append(x)
			}
			return wrongType(ok, v, t)
		}
	case kindInt8:
		ib := b.(*array.Int8Builder)
		appendValue = func(v any) error {
			x, ok := v.(int8)
			if ok {
				ib.Append(x)
			}
			return wrongType(ok, v, t)
		}
	case kindInt16:
		ib := b.(*array.Int16Builder)
		appendValue = func(v any) error {
			x, ok := v.(int16)
			if ok {
				ib.Append(x)
			}
			return wrongType(ok, v, t)
		}
	case kindInt32:
		ib := b.(*array.Int32Builder)
		appendValue = func(v any) error {
			x, ok := v.(int32)
			if ok {
				ib.Append(x)
			}
			return wrongType(ok, v, t)
		}
	case kindInt64:
		ib := b.(*array.Int64Builder)
		appendValue = func(v any) error {
			x, ok := v.(int64)
			if ok {
				ib.Append(x)
			}
			return wrongType(ok, v, t)
		}
	case kindFloat32:
		fb := b.(*array.Float32Builder)
		appendValue = func(v any) error {
			x, ok := v.(float32)
			if ok {
				fb.Append(x)
			}
			return wrongType(ok, v, t)
		}
	case kindFloat64:
		fb := b.(*array.Float64Builder)
		appendValue = func(v any) error {
			x, ok := v.(float64)
			if ok {
				fb.Append(x)
			}
			return wrongType(ok, v, t)
		}
	case kindDecimal:
		db := b.(*array.Decimal128Builder)
		dt := db.Type().(*arrow.Decimal128Type)
		appendValue = func(v any) error {
			x, ok := v.(athenatype.Decimal)
			if !ok {
				return wrongType(ok, v, t)
			}
			n, err := decimalFromText(x.String(), dt.Precision, dt.Scale)
			if err != nil {
				return err
			}
			db.Append(n)
			return nil
		}
	case kindBinary:
		bb := b.(*array.BinaryBuilder)
		appendValue = func(v any) error {
			x, ok := v.([]byte)
			if ok {
				bb.Append(x)
			}
			return wrongType(ok, v, t)
		}
	case kindString:
		sb := b.(*array.StringBuilder)
		appendValue = func(v any) error {
			switch x := v.(type) {
			case string:
				sb.Append(x)
			case json.RawMessage:
				sb.BinaryBuilder.Append(x)
			case netip.Addr:
				sb.Append(x.String())
			case time.Time: // time with time zone
				if t.DuckDB {
					sb.Append(duckTimeTZText(x))
				} else {
					sb.Append(x.Format("15:04:05.000-07:00"))
				}
			case *big.Int: // DuckDB's BIGNUM
				sb.Append(x.String())
			default:
				return wrongType(false, v, t)
			}
			return nil
		}
	case kindDate:
		db := b.(*array.Date32Builder)
		appendValue = func(v any) error {
			x, ok := v.(time.Time)
			if !ok {
				return wrongType(ok, v, t)
			}
			days, err := epochDays(x)
			if err != nil {
				return err
			}
			db.Append(arrow.Date32(days))
			return nil
		}
	case kindTime:
		put := timeAppender(t, b)
		appendValue = func(v any) error {
			x, ok := v.(athenatype.Time)
			if !ok {
				return wrongType(ok, v, t)
			}
			return put(x)
		}
	case kindTimestamp, kindTimestampZone:
		put := timestampAppender(t, b)
		appendValue = func(v any) error {
			x, ok := v.(time.Time)
			if !ok {
				return wrongType(ok, v, t)
			}
			return put(x)
		}
	case kindDuration:
		db := b.(*array.DurationBuilder)
		appendValue = func(v any) error {
			x, ok := v.(time.Duration)
			if !ok {
				return wrongType(ok, v, t)
			}
			if x%time.Millisecond != 0 {
				return fmt.Errorf("interval %v has a fraction finer than milliseconds", x)
			}
			db.Append(arrow.Duration(x / time.Millisecond))
			return nil
		}
	case kindMonths:
		mb := b.(*array.MonthIntervalBuilder)
		appendValue = func(v any) error {
			x, ok := v.(athenatype.Months)
			if ok {
				mb.Append(arrow.MonthInterval(x))
			}
			return wrongType(ok, v, t)
		}
	case kindUUID:
		ub := b.(*extensions.UUIDBuilder)
		appendValue = func(v any) error {
			x, ok := v.(athenatype.UUID)
			if ok {
				ub.AppendBytes([16]byte(x))
			}
			return wrongType(ok, v, t)
		}
	case kindList:
		lb := b.(*array.ListBuilder)
		elem, err := valueAppender(t.Elem, true, lb.ValueBuilder())
		if err != nil {
			return nil, err
		}
		appendValue = func(v any) error {
			x, ok := v.([]any)
			if !ok {
				return wrongType(ok, v, t)
			}
			lb.Append(true)
			for _, e := range x {
				if err := elem(e); err != nil {
					return err
				}
			}
			return nil
		}
	case kindMap:
		mb := b.(*array.MapBuilder)
		key, err := valueAppender(t.Key, true, mb.KeyBuilder())
		if err != nil {
			return nil, err
		}
		item, err := valueAppender(t.Value, true, mb.ItemBuilder())
		if err != nil {
			return nil, err
		}
		appendValue = func(v any) error {
			x, ok := v.(athenatype.Map)
			if !ok {
				return wrongType(ok, v, t)
			}
			mb.Append(true)
			for _, e := range x {
				if e.Key == nil {
					return errors.New("map key is null") // Arrow map keys cannot be
				}
				if err := key(e.Key); err != nil {
					return err
				}
				if err := item(e.Value); err != nil {
					return err
				}
			}
			return nil
		}
	case kindStruct:
		sb := b.(*array.StructBuilder)
		fields := make([]func(any) error, len(t.Fields))
		for i, f := range t.Fields {
			var err error
			if fields[i], err = valueAppender(f.Type, true, sb.FieldBuilder(i)); err != nil {
				return nil, err
			}
		}
		appendValue = func(v any) error {
			x, ok := v.(athenatype.Row)
			if !ok {
				return wrongType(ok, v, t)
			}
			if len(x) != len(fields) {
				return fmt.Errorf("row has %d fields, want %d for %s", len(x), len(fields), t)
			}
			sb.Append(true)
			for i, f := range x {
				if err := fields[i](f.Value); err != nil {
					return err
				}
			}
			return nil
		}
	case kindUint8, kindUint16, kindUint32, kindUint64, kindHugeInt, kindInterval, kindFixedSizeList:
		var err error
		if appendValue, err = duckValueAppender(t, k, b); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("no Arrow conversion for %s", t) // unreachable: kindOf covers every kind above
	}
	return func(v any) error {
		if v == nil {
			b.AppendNull()
			return nil
		}
		return appendValue(v)
	}, nil
}

// wrongType returns nil if ok, else an error naming v's Go type: a
// decoder that returns another type than its table says is a bug, not bad
// input, but it must not panic.
func wrongType(ok bool, v any, t *athenatype.Type) error {
	if ok {
		return nil
	}
	return fmt.Errorf("unexpected %T for %s", v, t)
}

// parseInt parses a decimal integer of the given bit size.
func parseInt(s string, bits int) (int64, error) {
	v, err := strconv.ParseInt(s, 10, bits)
	if err != nil {
		return 0, fmt.Errorf("cannot decode %q as a %d-bit integer", truncate(s), bits)
	}
	return v, nil
}

// appendHex appends the bytes of Athena's varbinary text, lowercase hex
// pairs separated by single spaces ("01 ff"), to b.
func appendHex(b []byte, s string) ([]byte, error) {
	if s == "" {
		return b, nil
	}
	if len(s)%3 != 2 {
		return b, fmt.Errorf("cannot decode %q as varbinary: want hex bytes separated by spaces (01 ff)", truncate(s))
	}
	for i := 0; i < len(s); i += 3 {
		hi, ok1 := fromHex(s[i])
		lo, ok2 := fromHex(s[i+1])
		if !ok1 || !ok2 || i+2 < len(s) && s[i+2] != ' ' {
			return b, fmt.Errorf("cannot decode %q as varbinary: bad hex byte at offset %d", truncate(s), i)
		}
		b = append(b, hi<<4|lo)
	}
	return b, nil
}

func fromHex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// truncate shortens text quoted in error messages.
func truncate(s string) string {
	const limit = 64
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > limit-4 && s[cut]&0xc0 == 0x80 {
		cut-- // do not split a UTF-8 sequence
	}
	return s[:cut] + "…"
}
