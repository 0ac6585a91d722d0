package athenatype

import (
	"bytes"
	"reflect"
	"strings"
	"time"
)

// Map is the Go value of an Athena map: its entries in the order Athena
// printed them (sorted by key). Keys can be of any type, including types
// that Go maps cannot hold, such as []byte and []any.
type Map []MapEntry

// MapEntry is one key and value of a Map.
type MapEntry struct {
	Key   any
	Value any
}

// Get returns the value of the first entry whose key equals key. Integers
// of any Go kind compare by value (Get(1) finds an int32 key 1), Decimals
// by Cmp, times by time.Time.Equal, and slices, Maps and Rows element by
// element.
func (m Map) Get(key any) (any, bool) {
	for _, e := range m {
		if equalValue(e.Key, key, 0) {
			return e.Value, true
		}
	}
	return nil, false
}

// Row is the Go value of an Athena row: its fields in declaration order.
// Fields of unnamed rows, as in row(integer, varchar), have empty names.
type Row []RowField

// RowField is one named value of a Row.
type RowField struct {
	Name  string
	Value any
}

// Field returns the value of the first field named name, matched exactly
// or else case-insensitively (Athena's field names are case-insensitive).
func (r Row) Field(name string) (any, bool) {
	for _, f := range r {
		if f.Name == name {
			return f.Value, true
		}
	}
	for _, f := range r {
		if strings.EqualFold(f.Name, name) {
			return f.Value, true
		}
	}
	return nil, false
}

// equalValue reports whether a and b are the same value in the sense of
// Map.Get. It never panics, whatever the dynamic types.
func equalValue(a, b any, depth int) bool {
	if depth > maxDepth {
		return false
	}
	if xn, xm, ok := asInteger(a); ok {
		yn, ym, ok := asInteger(b)
		return ok && xn == yn && xm == ym
	}
	switch x := a.(type) {
	case nil:
		return b == nil
	case []byte:
		y, ok := b.([]byte)
		return ok && bytes.Equal(x, y)
	case Decimal:
		y, ok := b.(Decimal)
		return ok && x.Cmp(y) == 0
	case time.Time:
		y, ok := b.(time.Time)
		return ok && x.Equal(y)
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !equalValue(x[i], y[i], depth+1) {
				return false
			}
		}
		return true
	case Map:
		y, ok := b.(Map)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !equalValue(x[i].Key, y[i].Key, depth+1) || !equalValue(x[i].Value, y[i].Value, depth+1) {
				return false
			}
		}
		return true
	case Row:
		y, ok := b.(Row)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if x[i].Name != y[i].Name || !equalValue(x[i].Value, y[i].Value, depth+1) {
				return false
			}
		}
		return true
	}
	if b == nil {
		return false
	}
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	if va.Type() != vb.Type() || !va.Comparable() {
		return false
	}
	return va.Equal(vb)
}

// asInteger returns the sign and magnitude of an integer of any built-in
// Go kind.
func asInteger(v any) (neg bool, mag uint64, ok bool) {
	var i int64
	switch x := v.(type) {
	case int:
		i = int64(x)
	case int8:
		i = int64(x)
	case int16:
		i = int64(x)
	case int32:
		i = int64(x)
	case int64:
		i = x
	case uint:
		return false, uint64(x), true
	case uint8:
		return false, uint64(x), true
	case uint16:
		return false, uint64(x), true
	case uint32:
		return false, uint64(x), true
	case uint64:
		return false, x, true
	default:
		return false, 0, false
	}
	if i < 0 {
		return true, uint64(-(i + 1)) + 1, true
	}
	return false, uint64(i), true
}
