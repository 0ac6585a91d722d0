package athenatype

import (
	"testing"
	"time"
)

func TestMapGet(t *testing.T) {
	m := Map{
		{int32(1), "one"},
		{"k", "str"},
		{[]byte{1, 2}, "bytes"},
		{[]any{"a", int64(2)}, "array"},
		{mustDecimal(t, "1.50"), "decimal"},
		{time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), "time"},
		{Row{{"a", int8(1)}}, "row"},
		{Map{{"x", nil}}, "map"},
		{uint64(1 << 63), "big"},
	}
	tests := []struct {
		key  any
		want any
		ok   bool
	}{
		{1, "one", true},
		{int64(1), "one", true},
		{uint8(1), "one", true},
		{int32(2), nil, false},
		{"k", "str", true},
		{"K", nil, false},
		{[]byte{1, 2}, "bytes", true},
		{[]any{"a", 2}, "array", true},
		{mustDecimal(t, "1.5"), "decimal", true},
		{time.Date(2026, 1, 1, 1, 0, 0, 0, time.FixedZone("x", 3600)), "time", true},
		{Row{{"a", 1}}, "row", true},
		{Map{{"x", nil}}, "map", true},
		{uint64(1 << 63), "big", true},
		{int64(-1 << 63), nil, false},
		{nil, nil, false},
		{[]int{1}, nil, false},
		{struct{ s []int }{}, nil, false},
	}
	for _, tt := range tests {
		got, ok := m.Get(tt.key)
		if ok != tt.ok || got != tt.want {
			t.Errorf("Get(%#v) = %v, %v; want %v, %v", tt.key, got, ok, tt.want, tt.ok)
		}
	}
	if _, ok := (Map{{nil, 1}}).Get(nil); !ok {
		t.Error("Get(nil) on a nil key")
	}
}

func TestRowField(t *testing.T) {
	r := Row{{"id", int32(1)}, {"Name", "x"}, {"name", "y"}, {"", "unnamed"}}
	for _, tt := range []struct {
		name string
		want any
		ok   bool
	}{
		{"id", int32(1), true},
		{"ID", int32(1), true},
		{"name", "y", true},
		{"Name", "x", true},
		{"NAME", "x", true},
		{"missing", nil, false},
	} {
		got, ok := r.Field(tt.name)
		if ok != tt.ok || got != tt.want {
			t.Errorf("Field(%q) = %v, %v; want %v, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}
