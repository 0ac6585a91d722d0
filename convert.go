package athenaq

import (
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"strconv"
	"time"

	"github.com/athenaq/athenaq/athenatype"
)

// convertAssign stores src, a decoded Athena value or nil, in dest, with
// database/sql's conversions: numbers and strings convert both ways with
// range checks, anything formats into *string, NULL needs a pointer, any or
// a Scanner.
func convertAssign(dest, src any) error {
	if sc, ok := dest.(sql.Scanner); ok {
		return sc.Scan(scannable(src))
	}
	switch d := dest.(type) {
	case *any:
		*d = src
		return nil
	case *string:
		if src == nil {
			return errors.New("NULL into *string: use *sql.NullString or **string")
		}
		*d = asString(src)
		return nil
	case *[]byte:
		switch s := src.(type) {
		case nil:
			*d = nil
		case []byte:
			*d = append([]byte(nil), s...)
		default:
			*d = []byte(asString(src))
		}
		return nil
	case *time.Time:
		t, ok := src.(time.Time)
		if !ok {
			return fmt.Errorf("cannot scan %T into *time.Time", src)
		}
		*d = t
		return nil
	case *big.Int:
		return assignBigInt(d, src)
	case *bool:
		switch s := src.(type) {
		case bool:
			*d = s
			return nil
		case string:
			b, err := strconv.ParseBool(s)
			if err != nil {
				return fmt.Errorf("cannot scan %q into *bool", s)
			}
			*d = b
			return nil
		}
		return fmt.Errorf("cannot scan %T into *bool", src)
	}
	dv := reflect.ValueOf(dest)
	if dv.Kind() != reflect.Pointer || dv.IsNil() {
		return fmt.Errorf("destination %T is not a non-nil pointer", dest)
	}
	ev := dv.Elem()
	if src == nil {
		// A pointer destination (e.g. **string) takes NULL as nil.
		if ev.Kind() == reflect.Pointer {
			ev.SetZero()
			return nil
		}
		return fmt.Errorf("NULL into %T: use a pointer or sql.Null type", dest)
	}
	if ev.Kind() == reflect.Pointer {
		p := reflect.New(ev.Type().Elem())
		if err := convertAssign(p.Interface(), src); err != nil {
			return err
		}
		ev.Set(p)
		return nil
	}
	sv := reflect.ValueOf(src)
	if sv.Type().AssignableTo(ev.Type()) {
		ev.Set(sv)
		return nil
	}
	switch ev.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := asInt(src)
		if err != nil {
			return err
		}
		if ev.OverflowInt(n) {
			return fmt.Errorf("value %d overflows %s", n, ev.Type())
		}
		ev.SetInt(n)
		return nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, err := asUint(src)
		if err != nil {
			return err
		}
		if ev.OverflowUint(n) {
			return fmt.Errorf("value %d overflows %s", n, ev.Type())
		}
		ev.SetUint(n)
		return nil
	case reflect.Float32, reflect.Float64:
		f, err := asFloat(src)
		if err != nil {
			return err
		}
		if ev.Kind() == reflect.Float32 && !math.IsInf(f, 0) && !math.IsNaN(f) && math.Abs(f) > math.MaxFloat32 {
			return fmt.Errorf("value %g overflows float32", f)
		}
		ev.SetFloat(f)
		return nil
	case reflect.String:
		ev.SetString(asString(src))
		return nil
	}
	return fmt.Errorf("cannot scan %T into %T", src, dest)
}

// scannable turns a decoded value into one of the types a sql.Scanner
// accepts (int64, float64, bool, []byte, string, time.Time, nil).
func scannable(v any) any {
	switch x := v.(type) {
	case nil, int64, float64, bool, []byte, string, time.Time:
		return x
	case int8:
		return int64(x)
	case int16:
		return int64(x)
	case int32:
		return int64(x)
	case float32:
		return float64(x)
	case uint8:
		return int64(x)
	case uint16:
		return int64(x)
	case uint32:
		return int64(x)
	case uint64:
		if x <= math.MaxInt64 {
			return int64(x)
		}
		return strconv.FormatUint(x, 10) // a Scanner such as sql.NullInt64 reports the overflow
	case driver.Valuer:
		if dv, err := x.Value(); err == nil {
			return dv
		}
	}
	return asString(v)
}

func asString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	case time.Time:
		return x.Format(time.RFC3339Nano)
	case json.RawMessage:
		return string(x)
	case float32:
		return strconv.FormatFloat(float64(x), 'g', -1, 32)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(v)
}

func asInt(v any) (int64, error) {
	switch x := v.(type) {
	case int8:
		return int64(x), nil
	case int16:
		return int64(x), nil
	case int32:
		return int64(x), nil
	case int64:
		return x, nil
	case uint8:
		return int64(x), nil
	case uint16:
		return int64(x), nil
	case uint32:
		return int64(x), nil
	case uint64:
		if x > math.MaxInt64 {
			return 0, fmt.Errorf("value %d overflows int64", x)
		}
		return int64(x), nil
	case *big.Int:
		if x == nil || !x.IsInt64() {
			return 0, fmt.Errorf("value %v overflows int64", x)
		}
		return x.Int64(), nil
	case string:
		n, err := strconv.ParseInt(x, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("cannot convert %q to an integer", x)
		}
		return n, nil
	case athenatype.Decimal:
		return asInt(x.String())
	}
	return 0, fmt.Errorf("cannot convert %T to an integer", v)
}

// asUint converts v to an unsigned integer, refusing negative values.
func asUint(v any) (uint64, error) {
	switch x := v.(type) {
	case uint8:
		return uint64(x), nil
	case uint16:
		return uint64(x), nil
	case uint32:
		return uint64(x), nil
	case uint64:
		return x, nil
	case *big.Int:
		if x == nil || !x.IsUint64() {
			return 0, fmt.Errorf("value %v overflows uint64", x)
		}
		return x.Uint64(), nil
	case string:
		n, err := strconv.ParseUint(x, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("cannot convert %q to an unsigned integer", x)
		}
		return n, nil
	}
	n, err := asInt(v)
	if err != nil {
		return 0, err
	}
	if n < 0 {
		return 0, fmt.Errorf("value %d overflows uint64", n)
	}
	return uint64(n), nil
}

// assignBigInt stores an integer value, or its decimal text, in d.
func assignBigInt(d *big.Int, src any) error {
	switch s := src.(type) {
	case nil:
		return errors.New("NULL into *big.Int: use **big.Int")
	case *big.Int:
		d.Set(s)
		return nil
	case uint64:
		d.SetUint64(s)
		return nil
	case string:
		if _, ok := d.SetString(s, 10); !ok {
			return fmt.Errorf("cannot convert %q to an integer", s)
		}
		return nil
	case athenatype.Decimal:
		if _, ok := d.SetString(s.String(), 10); !ok {
			return fmt.Errorf("cannot scan decimal %s into *big.Int: it has a fraction", s)
		}
		return nil
	}
	if u, err := asUint(src); err == nil {
		d.SetUint64(u)
		return nil
	}
	n, err := asInt(src)
	if err != nil {
		return fmt.Errorf("cannot scan %T into *big.Int", src)
	}
	d.SetInt64(n)
	return nil
}

func asFloat(v any) (float64, error) {
	switch x := v.(type) {
	case uint64:
		return float64(x), nil
	case *big.Int:
		if x == nil {
			return 0, errors.New("cannot convert a nil *big.Int to a float")
		}
		f, _ := new(big.Float).SetInt(x).Float64()
		return f, nil
	case float32:
		return float64(x), nil
	case float64:
		return x, nil
	case string:
		f, err := strconv.ParseFloat(x, 64)
		if err != nil {
			return 0, fmt.Errorf("cannot convert %q to a float", x)
		}
		return f, nil
	case athenatype.Decimal:
		return x.Float64(), nil
	}
	if n, err := asInt(v); err == nil {
		return float64(n), nil
	}
	return 0, fmt.Errorf("cannot convert %T to a float", v)
}
