package stdlib_test

import (
	"encoding/json"
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/athenaq/athenaq/athenatype"
	"github.com/athenaq/athenaq/stdlib"
)

func TestDecode(t *testing.T) {
	var (
		arr   []any
		m     athenatype.Map
		row   athenatype.Row
		id    athenatype.UUID
		ip    netip.Addr
		tm    athenatype.Time
		dur   time.Duration
		mon   athenatype.Months
		js    json.RawMessage
		dec   athenatype.Decimal
		ptr   *time.Duration
		typed any
	)
	cases := []struct {
		name string
		dest any
		src  any
		get  func() any
		want any
	}{
		{"array", stdlib.Decode(&arr), "[a, null, [b]]", func() any { return arr }, []any{"a", nil, []any{"b"}}},
		{"map", stdlib.Decode(&m), "{k=v}", func() any { return m }, athenatype.Map{{Key: "k", Value: "v"}}},
		{"row", stdlib.Decode(&row), "{a=1, b=x}", func() any { return row }, athenatype.Row{{Name: "a", Value: "1"}, {Name: "b", Value: "x"}}},
		{"uuid", stdlib.Decode(&id), "12151fd2-7586-11e9-8f9e-2a86e4085a59", func() any { return id.String() }, "12151fd2-7586-11e9-8f9e-2a86e4085a59"},
		{"ipaddress", stdlib.Decode(&ip), "10.0.0.1", func() any { return ip }, netip.MustParseAddr("10.0.0.1")},
		{"time", stdlib.Decode(&tm), "01:02:03.5", func() any { return tm }, athenatype.Time{Hour: 1, Minute: 2, Second: 3, Nanosecond: 5e8}},
		{"interval day to second", stdlib.Decode(&dur), "1 02:00:00.000", func() any { return dur }, 26 * time.Hour},
		{"interval year to month", stdlib.Decode(&mon), "1-2", func() any { return mon }, athenatype.Months(14)},
		{"json bytes", stdlib.Decode(&js), []byte(`[1]`), func() any { return js }, json.RawMessage(`[1]`)},
		{"decimal", stdlib.Decode(&dec), "0.50", func() any { return dec.String() }, "0.50"},
		{"pointer", stdlib.Decode(&ptr), "0 00:00:01.000", func() any { return *ptr }, time.Second},
		{"pointer NULL", stdlib.Decode(&ptr), nil, func() any { return ptr }, (*time.Duration)(nil)},
		{"NULL", stdlib.Decode(&arr), nil, func() any { return arr }, []any(nil)},
		{"any with a signature", stdlib.DecodeAs(&typed, "map(varchar, array(bigint))"), "{k=[1, 2]}", func() any { return typed },
			athenatype.Map{{Key: "k", Value: []any{int64(1), int64(2)}}}},
	}
	for _, tc := range cases {
		if err := tc.dest.(interface{ Scan(any) error }).Scan(tc.src); err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got := tc.get(); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s = %#v, want %#v", tc.name, got, tc.want)
		}
	}

	errCases := []struct {
		name string
		dest interface{ Scan(any) error }
		src  any
		want string
	}{
		{"no type for the destination", stdlib.Decode(new(int)), "1", "DecodeAs"},
		{"any without a signature", stdlib.Decode(&typed), "[1]", "DecodeAs"},
		{"bad signature", stdlib.DecodeAs(&typed, "array("), "[1]", "DecodeAs"},
		{"not a pointer", stdlib.Decode(arr), "[1]", "not a non-nil pointer"},
		{"bad text", stdlib.Decode(&id), "not-a-uuid", "uuid"},
		{"type mismatch", stdlib.DecodeAs(&arr, "map(varchar, varchar)"), "{a=b}", "does not fit"},
		{"unexpected source", stdlib.Decode(&arr), int64(1), "cannot store int64"},
	}
	for _, tc := range errCases {
		if err := tc.dest.Scan(tc.src); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want one that mentions %q", tc.name, err, tc.want)
		}
	}
}
