package athenatype

import (
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

type myInt int16
type myString string
type myFloat float32
type celsius float64

func (c celsius) Value() (driver.Value, error) { return fmt.Sprintf("%.1f°C", float64(c)), nil }

type failingValuer struct{}

func (failingValuer) Value() (driver.Value, error) { return nil, errors.New("boom") }

type ptrValuer struct{ s string }

func (p *ptrValuer) Value() (driver.Value, error) { return "ptr:" + p.s, nil }

func TestLiteral(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no zoneinfo:", err)
	}
	s := "x"
	var nilPtr *string
	var nilSlice []int
	var nilMap map[string]int
	tests := []struct {
		name string
		in   any
		want string
	}{
		{"nil", nil, "NULL"},
		{"true", true, "TRUE"},
		{"false", false, "FALSE"},
		{"int", 42, "42"},
		{"negative int", -7, "-7"},
		{"int8", int8(-128), "-128"},
		{"int16", int16(32767), "32767"},
		{"int32", int32(-2147483648), "-2147483648"},
		{"int64 max", int64(math.MaxInt64), "9223372036854775807"},
		{"int64 min", int64(math.MinInt64), "BIGINT '-9223372036854775808'"},
		{"uint", uint(7), "7"},
		{"uint8", uint8(255), "255"},
		{"uint64 max int64", uint64(math.MaxInt64), "9223372036854775807"},
		{"uint64 beyond bigint", uint64(math.MaxUint64), "DECIMAL '18446744073709551615'"},
		{"float32", float32(0.5), "REAL '0.5'"},
		{"float32 shortest", float32(0.1), "REAL '0.1'"},
		{"float32 NaN", float32(math.NaN()), "CAST(nan() AS REAL)"},
		{"float32 -Inf", float32(math.Inf(-1)), "CAST(-infinity() AS REAL)"},
		{"float64", 1.5, "DOUBLE '1.5'"},
		{"float64 big", 1e20, "DOUBLE '1e+20'"},
		{"float64 small", 1e-7, "DOUBLE '1e-07'"},
		{"float64 negative zero", math.Copysign(0, -1), "DOUBLE '-0'"},
		{"NaN", math.NaN(), "nan()"},
		{"+Inf", math.Inf(1), "infinity()"},
		{"-Inf", math.Inf(-1), "-infinity()"},
		{"string", "abc", "'abc'"},
		{"empty string", "", "''"},
		{"quote", "it's", "'it''s'"},
		{"quotes only", "''", "''''''"},
		{"injection", "x'; DROP TABLE t; --", "'x''; DROP TABLE t; --'"},
		{"backslash is plain in Trino", `a\'b`, `'a\''b'`},
		{"newline and unicode", "a\nb ü 😀", "'a\nb ü 😀'"},
		{"bytes", []byte{1, 2, 0xab}, "X'0102AB'"},
		{"empty bytes", []byte{}, "X''"},
		{"nil bytes", []byte(nil), "NULL"},
		{"byte array", [3]byte{0, 1, 2}, "X'000102'"},
		{"timestamp", time.Date(2026, 1, 2, 3, 4, 5, 123456000, time.UTC), "TIMESTAMP '2026-01-02 03:04:05.123456'"},
		{"timestamp whole", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), "TIMESTAMP '2026-01-02 03:04:05'"},
		{"timestamp nanos", time.Date(2026, 1, 2, 3, 4, 5, 1, time.UTC), "TIMESTAMP '2026-01-02 03:04:05.000000001'"},
		{"timestamp converted to UTC", time.Date(2026, 1, 2, 3, 4, 5, 0, ny), "TIMESTAMP '2026-01-02 08:04:05'"},
		{"zoned", Zoned(time.Date(2026, 1, 2, 3, 4, 5, 123000000, ny)), "TIMESTAMP '2026-01-02 03:04:05.123 America/New_York'"},
		{"zoned UTC", Zoned(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)), "TIMESTAMP '2026-01-02 03:04:05 UTC'"},
		{"zoned offset", Zoned(time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("IST", 19800))), "TIMESTAMP '2026-01-02 03:04:05 +05:30'"},
		{"zoned hostile zone name", Zoned(time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("a/b'; --", -3600))), "TIMESTAMP '2026-01-02 03:04:05 -01:00'"},
		{"zoned seconds offset", Zoned(time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("LMT", -17762))), "TIMESTAMP '2026-01-02 08:00:07 UTC'"},
		{"date", Date{2026, time.January, 2}, "DATE '2026-01-02'"},
		{"date year 1", Date{1, time.March, 4}, "DATE '0001-03-04'"},
		{"time", Time{12, 34, 56, 789000000}, "TIME '12:34:56.789'"},
		{"time whole", Time{8, 0, 0, 0}, "TIME '08:00:00'"},
		{"duration", 26*time.Hour + 3*time.Minute + 4567*time.Millisecond, "INTERVAL '1 02:03:04.567' DAY TO SECOND"},
		{"zero duration", time.Duration(0), "INTERVAL '0 00:00:00.000' DAY TO SECOND"},
		{"negative duration", -1500 * time.Millisecond, "INTERVAL -'0 00:00:01.500' DAY TO SECOND"},
		{"months", Months(14), "INTERVAL '1-2' YEAR TO MONTH"},
		{"negative months", Months(-3), "INTERVAL -'0-3' YEAR TO MONTH"},
		{"decimal", mustDecimal(t, "1.50"), "DECIMAL '1.50'"},
		{"negative decimal", mustDecimal(t, "-0.05"), "DECIMAL '-0.05'"},
		{"decimal pointer", func() *Decimal { d := mustDecimal(t, "2"); return &d }(), "DECIMAL '2'"},
		{"json", json.RawMessage(`{"a":"it's"}`), `JSON '{"a":"it''s"}'`},
		{"nil json", json.RawMessage(nil), "NULL"},
		{"ipv4", netip.MustParseAddr("10.0.0.1"), "IPADDRESS '10.0.0.1'"},
		{"ipv6", netip.MustParseAddr("2001:db8::1"), "IPADDRESS '2001:db8::1'"},
		{"uuid", UUID{0x12, 0x15, 0x1f, 0xd2, 0x75, 0x86, 0x11, 0xe9, 0x8f, 0x9e, 0x2a, 0x86, 0xe4, 0x08, 0x5a, 0x59}, "UUID '12151fd2-7586-11e9-8f9e-2a86e4085a59'"},
		{"int slice", []int{1, 2}, "ARRAY[1, 2]"},
		{"empty slice", []int{}, "ARRAY[]"},
		{"nil slice", nilSlice, "NULL"},
		{"string slice", []string{"a", "b'c"}, "ARRAY['a', 'b''c']"},
		{"array", [2]float64{1, 2}, "ARRAY[DOUBLE '1', DOUBLE '2']"},
		{"nested slices", [][]int{{1}, {}, nil}, "ARRAY[ARRAY[1], ARRAY[], NULL]"},
		{"any slice", []any{1, "a", nil, true}, "ARRAY[1, 'a', NULL, TRUE]"},
		{"slice of bytes", [][]byte{{1}, nil}, "ARRAY[X'01', NULL]"},
		{"map", Map{{"a", 1}, {"b", nil}}, "MAP(ARRAY['a', 'b'], ARRAY[1, NULL])"},
		{"empty map", Map{}, "MAP(ARRAY[], ARRAY[])"},
		{"nil map", Map(nil), "NULL"},
		{"go map sorted", map[string]int{"b": 2, "a": 1, "c": 3}, "MAP(ARRAY['a', 'b', 'c'], ARRAY[1, 2, 3])"},
		{"nil go map", nilMap, "NULL"},
		{"row", Row{{"a", 1}, {"b", "x"}}, "ROW(1, 'x')"},
		{"nested row", Row{{"a", Row{{"", []int{1}}}}}, "ROW(ROW(ARRAY[1]))"},
		{"nil row", Row(nil), "NULL"},
		{"pointer", &s, "'x'"},
		{"nil pointer", nilPtr, "NULL"},
		{"named int", myInt(3), "3"},
		{"named string", myString("it's"), "'it''s'"},
		{"named float", myFloat(0.25), "REAL '0.25'"},
		{"valuer before kind", celsius(21.5), "'21.5°C'"},
		{"sql.NullString", sql.NullString{String: "a", Valid: true}, "'a'"},
		{"invalid sql.NullString", sql.NullString{String: "a"}, "NULL"},
		{"sql.Null[int64]", sql.Null[int64]{V: 5, Valid: true}, "5"},
		{"pointer valuer", &ptrValuer{"q"}, "'ptr:q'"},
		{"nil pointer valuer", (*ptrValuer)(nil), "NULL"},
	}
	for _, tt := range tests {
		got, err := Literal(tt.in)
		if err != nil {
			t.Errorf("%s: Literal(%#v): %v", tt.name, tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("%s: Literal(%#v) = %s, want %s", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestLiteralErrors(t *testing.T) {
	cyclic := []any{nil}
	cyclic[0] = cyclic
	tests := []struct {
		name string
		in   any
		want string
	}{
		{"invalid UTF-8", "a\xffb", "athenatype: literal: string is not valid UTF-8 (byte 1); send binary data as []byte"},
		{"NUL", "a\x00b", "athenatype: literal: string contains a NUL byte (byte 1), which Athena's engine does not keep; send binary data as []byte"},
		{"NUL in array", []string{"ok", "\x00"}, "athenatype: literal: string contains a NUL byte (byte 0), which Athena's engine does not keep; send binary data as []byte"},
		{"sub-millisecond duration", 1500 * time.Microsecond, "athenatype: literal: time.Duration 1.5ms has a sub-millisecond part; INTERVAL DAY TO SECOND holds milliseconds"},
		{"year 0", time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC), "athenatype: literal: time 0000-01-01 00:00:00 +0000 UTC: year outside 1-9999"},
		{"year 10000", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), "athenatype: literal: time 10000-01-01 00:00:00 +0000 UTC: year outside 1-9999"},
		{"invalid date", Date{2026, 2, 30}, "athenatype: literal: invalid Date 2026-2-30"},
		{"invalid time", Time{Hour: 24}, "athenatype: literal: invalid Time 24:0:0.0"},
		{"invalid JSON", json.RawMessage(`{`), "athenatype: literal: json.RawMessage is not valid JSON"},
		{"zero addr", netip.Addr{}, "athenatype: literal: invalid (zero) netip.Addr"},
		{"zoned addr", netip.MustParseAddr("fe80::1%eth0"), "athenatype: literal: netip.Addr fe80::1%eth0 has a zone, which IPADDRESS cannot hold"},
		{"empty row", Row{}, "athenatype: literal: empty Row: Trino rows have at least one field"},
		{"struct", struct{ A int }{1}, "athenatype: literal: cannot encode struct { A int } (supported: " + supportedKinds + ")"},
		{"chan", make(chan int), "athenatype: literal: cannot encode chan int (supported: " + supportedKinds + ")"},
		{"complex", complex(1, 2), "athenatype: literal: cannot encode complex128 (supported: " + supportedKinds + ")"},
		{"failing valuer", failingValuer{}, "athenatype: literal: athenatype.failingValuer.Value: boom"},
		{"cyclic", cyclic, "athenatype: literal: value nested deeper than 64 levels"},
	}
	for _, tt := range tests {
		got, err := Literal(tt.in)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: Literal = %q, error =\n\t%v\nwant\n\t%s", tt.name, got, err, tt.want)
		}
	}
}

func TestHiveString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", `''`},
		{"abc", `'abc'`},
		{"it's", `'it\u0027s'`},
		{`a\b`, `'a\\b'`},
		{`\'`, `'\\\u0027'`},
		{`\u0027`, `'\\u0027'`},
		{`x\`, `'x\\'`},
		{"s3://bucket/prefix/", `'s3://bucket/prefix/'`},
		{"a\xffb", "'a\uFFFDb'"},
		{"line\nbreak", "'line\nbreak'"},
	}
	for _, tt := range tests {
		if got := HiveString(tt.in); got != tt.want {
			t.Errorf("HiveString(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// undoubleTrino reads a Trino string literal: ' ... ' with every interior '
// doubled. It fails if a lone quote would end the literal early.
func undoubleTrino(lit string) (string, bool) {
	if len(lit) < 2 || lit[0] != '\'' || lit[len(lit)-1] != '\'' {
		return "", false
	}
	var b strings.Builder
	body := lit[1 : len(lit)-1]
	for i := 0; i < len(body); i++ {
		if body[i] == '\'' {
			if i+1 >= len(body) || body[i+1] != '\'' {
				return "", false
			}
			i++
		}
		b.WriteByte(body[i])
	}
	return b.String(), true
}

// unescapeHive reads a Hive string literal: ' ... ' where \uXXXX is a
// character and \ escapes any other next byte. It fails if an unescaped
// quote would end the literal early.
func unescapeHive(lit string) (string, bool) {
	if len(lit) < 2 || lit[0] != '\'' || lit[len(lit)-1] != '\'' {
		return "", false
	}
	var b strings.Builder
	body := lit[1 : len(lit)-1]
	for i := 0; i < len(body); i++ {
		switch body[i] {
		case '\\':
			if i+1 >= len(body) {
				return "", false // the closing quote would be escaped
			}
			if body[i+1] == 'u' && i+5 < len(body) {
				if r, err := strconv.ParseUint(body[i+2:i+6], 16, 32); err == nil {
					b.WriteRune(rune(r))
					i += 5
					continue
				}
			}
			i++
		case '\'':
			return "", false
		}
		b.WriteByte(body[i])
	}
	return b.String(), true
}

func FuzzLiteral(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		lit, err := Literal(s)
		if err != nil {
			if utf8.ValidString(s) && !strings.Contains(s, "\x00") {
				t.Fatalf("Literal(%q): %v", s, err)
			}
		} else {
			back, ok := undoubleTrino(lit)
			if !ok || back != s {
				t.Fatalf("Literal(%q) = %s is not a single literal of s (read back %q, %v)", s, lit, back, ok)
			}
			arr, err := Literal([]string{s, s})
			if err != nil || arr != "ARRAY["+lit+", "+lit+"]" {
				t.Fatalf("Literal([]string{%q, %q}) = %s, %v", s, s, arr, err)
			}
		}

		hive := HiveString(s)
		back, ok := unescapeHive(hive)
		if !ok || back != strings.ToValidUTF8(s, "\uFFFD") {
			t.Fatalf("HiveString(%q) = %s is not a single literal of s (read back %q, %v)", s, hive, back, ok)
		}
		// A Trino lexer, which Athena runs first, reads it as one literal too.
		if _, ok := undoubleTrino(hive); !ok {
			t.Fatalf("HiveString(%q) = %s is not a single Trino string literal", s, hive)
		}
	})
}
