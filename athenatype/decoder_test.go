package athenatype

import (
	"encoding/json"
	"math"
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"time"
)

// sameValue compares decoded values: time.Time by instant and zone name,
// Decimal by text (scale included), everything else by reflect.DeepEqual.
func sameValue(got, want any) bool {
	switch w := want.(type) {
	case time.Time:
		g, ok := got.(time.Time)
		return ok && g.Equal(w) && g.Location().String() == w.Location().String() && g.Format(time.DateTime) == w.Format(time.DateTime)
	case Decimal:
		g, ok := got.(Decimal)
		return ok && g.String() == w.String()
	case float64:
		g, ok := got.(float64)
		return ok && (g == w || math.IsNaN(g) && math.IsNaN(w))
	case float32:
		g, ok := got.(float32)
		return ok && (g == w || g != g && w != w)
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) || g == nil {
			return false
		}
		for i := range w {
			if !sameValue(g[i], w[i]) {
				return false
			}
		}
		return true
	case Row:
		g, ok := got.(Row)
		if !ok || len(g) != len(w) || g == nil {
			return false
		}
		for i := range w {
			if g[i].Name != w[i].Name || !sameValue(g[i].Value, w[i].Value) {
				return false
			}
		}
		return true
	case Map:
		g, ok := got.(Map)
		if !ok || len(g) != len(w) || g == nil {
			return false
		}
		for i := range w {
			if !sameValue(g[i].Key, w[i].Key) || !sameValue(g[i].Value, w[i].Value) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(got, want)
}

func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Skipf("no zoneinfo for %s: %v", name, err)
	}
	return loc
}

func TestDecodeScalars(t *testing.T) {
	la := mustZone(t, "America/Los_Angeles")
	tests := []struct {
		typ  string
		text string
		want any
	}{
		{"boolean", "true", true},
		{"boolean", "false", false},
		{"tinyint", "-128", int8(-128)},
		{"tinyint", "127", int8(127)},
		{"smallint", "-32768", int16(-32768)},
		{"smallint", "32767", int16(32767)},
		{"integer", "-2147483648", int32(-2147483648)},
		{"integer", "2147483647", int32(2147483647)},
		{"int", "7", int32(7)},
		{"bigint", "-9223372036854775808", int64(math.MinInt64)},
		{"bigint", "9223372036854775807", int64(math.MaxInt64)},
		{"bigint", "0", int64(0)},
		{"float", "0.5", float32(0.5)},
		{"real", "1.0E20", float32(1e20)},
		{"real", "-Infinity", float32(math.Inf(-1))},
		{"double", "1.5", 1.5},
		{"double", "0.30000000000000004", 0.30000000000000004},
		{"double", "1.0E20", 1e20},
		{"double", "1.0E-7", 1e-7},
		{"double", "2.0", 2.0},
		{"double", "-0.0", math.Copysign(0, -1)},
		{"double", "NaN", math.NaN()},
		{"double", "Infinity", math.Inf(1)},
		{"double", "-Infinity", math.Inf(-1)},
		{"decimal", "1.50", mustDecimal(t, "1.50")},
		{"decimal", "0.1", mustDecimal(t, "0.1")},
		{"decimal", "-12345678901234567890123456789.123456789", mustDecimal(t, "-12345678901234567890123456789.123456789")},
		{"decimal(10,2)", "100.00", mustDecimal(t, "100.00")},
		{"varchar", "héllo, [world] {x=1} null", "héllo, [world] {x=1} null"},
		{"varchar", "", ""},
		{"char", "ab ", "ab "},
		{"string", "tab_name", "tab_name"},
		{"varbinary", "01 02 ff", []byte{1, 2, 0xff}},
		{"varbinary", "00", []byte{0}},
		{"varbinary", "", []byte{}},
		{"date", "2026-09-17", time.Date(2026, 9, 17, 0, 0, 0, 0, time.UTC)},
		{"date", "2024-02-29", time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)},
		{"time", "12:34:56.789", Time{12, 34, 56, 789000000}},
		{"time", "00:00:00", Time{}},
		{"time", "23:59:59.123456789", Time{23, 59, 59, 123456789}},
		{"time with time zone", "12:34:56.789+00:00", time.Date(0, 1, 1, 12, 34, 56, 789000000, time.FixedZone("+00:00", 0))},
		{"time with time zone", "01:02:03.456-08:00", time.Date(0, 1, 1, 1, 2, 3, 456000000, time.FixedZone("-08:00", -8*3600))},
		{"timestamp", "2026-09-17 12:34:56.789", time.Date(2026, 9, 17, 12, 34, 56, 789000000, time.UTC)},
		{"timestamp", "2026-09-17 12:34:56.000", time.Date(2026, 9, 17, 12, 34, 56, 0, time.UTC)},
		{"timestamp", "2026-09-17 12:34:56", time.Date(2026, 9, 17, 12, 34, 56, 0, time.UTC)},
		{"timestamp", "2026-09-17 12:34:56.7", time.Date(2026, 9, 17, 12, 34, 56, 700000000, time.UTC)},
		{"timestamp", "2026-09-17 12:34:56.789123", time.Date(2026, 9, 17, 12, 34, 56, 789123000, time.UTC)},
		{"timestamp", "2026-09-17 12:34:56.123456789", time.Date(2026, 9, 17, 12, 34, 56, 123456789, time.UTC)},
		{"timestamp", "2026-09-17 12:34:56.123456789012", time.Date(2026, 9, 17, 12, 34, 56, 123456789, time.UTC)},
		{"timestamp", "0001-01-01 00:00:00.000", time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"timestamp", "+12345-01-01 00:00:00.000", time.Date(12345, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"timestamp(6)", "1970-01-01 00:00:00.000001", time.Date(1970, 1, 1, 0, 0, 0, 1000, time.UTC)},
		{"timestamp with time zone", "2026-09-17 12:34:56.789 UTC", time.Date(2026, 9, 17, 12, 34, 56, 789000000, time.UTC)},
		{"timestamp with time zone", "2001-08-22 03:04:05.321 America/Los_Angeles", time.Date(2001, 8, 22, 3, 4, 5, 321000000, la)},
		{"timestamp with time zone", "2026-09-17 12:34:56.789 +05:30", time.Date(2026, 9, 17, 12, 34, 56, 789000000, time.FixedZone("+05:30", 5*3600+1800))},
		{"timestamp with time zone", "2026-09-17 12:34:56.789 -08:00", time.Date(2026, 9, 17, 12, 34, 56, 789000000, time.FixedZone("-08:00", -8*3600))},
		{"timestamp with time zone", "2026-09-17 12:34:56.789+05:30", time.Date(2026, 9, 17, 12, 34, 56, 789000000, time.FixedZone("+05:30", 5*3600+1800))},
		{"timestamp with time zone", "2026-09-17 12:34:56 UTC", time.Date(2026, 9, 17, 12, 34, 56, 0, time.UTC)},
		{"interval day to second", "1 00:00:00.000", 24 * time.Hour},
		{"interval day to second", "2 00:00:00.000", 48 * time.Hour},
		{"interval day to second", "1 02:03:04.567", 26*time.Hour + 3*time.Minute + 4567*time.Millisecond},
		{"interval day to second", "-1 02:03:04.567", -(26*time.Hour + 3*time.Minute + 4567*time.Millisecond)},
		{"interval day to second", "-0 00:00:01.500", -1500 * time.Millisecond},
		{"interval day to second", "106751 23:47:16.854", time.Duration(math.MaxInt64).Truncate(time.Millisecond)},
		{"interval year to month", "1-0", Months(12)},
		{"interval year to month", "0-3", Months(3)},
		{"interval year to month", "1-2", Months(14)},
		{"interval year to month", "-0-3", Months(-3)},
		{"interval year to month", "-2-11", Months(-35)},
		{"json", `{"a":1}`, json.RawMessage(`{"a":1}`)},
		{"json", `"Hello Athena"`, json.RawMessage(`"Hello Athena"`)},
		{"ipaddress", "10.0.0.1", netip.MustParseAddr("10.0.0.1")},
		{"ipaddress", "2001:db8::1", netip.MustParseAddr("2001:db8::1")},
		{"uuid", "12151fd2-7586-11e9-8f9e-2a86e4085a59", UUID{0x12, 0x15, 0x1f, 0xd2, 0x75, 0x86, 0x11, 0xe9, 0x8f, 0x9e, 0x2a, 0x86, 0xe4, 0x08, 0x5a, 0x59}},
		{"hyperloglog", "AgwBAIDm", "AgwBAIDm"},
		{"unknown", "x", "x"},
	}
	for _, tt := range tests {
		d, err := NewDecoder(tt.typ, nil)
		if err != nil {
			t.Errorf("NewDecoder(%q): %v", tt.typ, err)
			continue
		}
		got, err := d.Decode(tt.text)
		if err != nil {
			t.Errorf("%s: Decode(%q): %v", tt.typ, tt.text, err)
			continue
		}
		if !sameValue(got, tt.want) {
			t.Errorf("%s: Decode(%q) = %#v, want %#v", tt.typ, tt.text, got, tt.want)
		}
	}
}

func TestDecodeTimestampsAreNeverLocal(t *testing.T) {
	for _, tt := range []struct{ typ, text string }{
		{"timestamp", "2026-09-17 12:34:56.789"},
		{"date", "2026-09-17"},
		{"timestamp with time zone", "2026-09-17 12:34:56.789 UTC"},
	} {
		d, _ := NewDecoder(tt.typ, nil)
		v, err := d.Decode(tt.text)
		if err != nil {
			t.Fatal(err)
		}
		if loc := v.(time.Time).Location(); loc != time.UTC {
			t.Errorf("%s %q: location %v, want UTC", tt.typ, tt.text, loc)
		}
	}
	d, _ := NewDecoder("timestamp with time zone", nil)
	if _, err := d.Decode("2026-09-17 12:34:56.789 Local"); err == nil {
		t.Error(`zone "Local" accepted`)
	}
}

func TestDecodeZonesAreCached(t *testing.T) {
	mustZone(t, "Europe/Paris")
	d, _ := NewDecoder("timestamp with time zone", nil)
	a, _ := d.Decode("2026-01-01 00:00:00.000 Europe/Paris")
	b, _ := d.Decode("2026-06-01 00:00:00.000 Europe/Paris")
	if a.(time.Time).Location() != b.(time.Time).Location() {
		t.Error("zone loaded twice")
	}
	allocs := testing.AllocsPerRun(100, func() {
		_, _ = d.Decode("2026-06-01 00:00:00.000 Europe/Paris")
	})
	if allocs > 1 {
		t.Errorf("%v allocations per zoned timestamp, want at most 1", allocs)
	}
}

func TestDecodeErrorsNameTypeAndText(t *testing.T) {
	tests := []struct {
		typ, text, want string
	}{
		{"boolean", "TRUE", `athenatype: cannot decode "TRUE" as boolean: want true or false`},
		{"tinyint", "128", `athenatype: cannot decode "128" as tinyint: out of range`},
		{"integer", "1.5", `athenatype: cannot decode "1.5" as integer: invalid syntax`},
		{"bigint", "", `athenatype: cannot decode "" as bigint: invalid syntax`},
		{"double", "1.0E400", `athenatype: cannot decode "1.0E400" as double: out of range`},
		{"decimal", "1,5", `athenatype: cannot decode "1,5" as decimal: unexpected "," at offset 1`},
		{"varbinary", "0102", `athenatype: cannot decode "0102" as varbinary: want hex bytes separated by spaces (01 ff)`},
		{"varbinary", "01 0g", `athenatype: cannot decode "01 0g" as varbinary: bad hex byte at offset 3`},
		{"date", "2026-02-30", `athenatype: cannot decode "2026-02-30" as date: want YYYY-MM-DD`},
		{"time", "24:00:00", `athenatype: cannot decode "24:00:00" as time: want HH:MM:SS[.fffffffff]`},
		{"timestamp", "2026-09-17T12:34:56", `athenatype: cannot decode "2026-09-17T12:34:56" as timestamp: want YYYY-MM-DD HH:MM:SS[.fffffffff]`},
		{"timestamp", "2026-09-17 12:34:56.789 UTC", `athenatype: cannot decode "2026-09-17 12:34:56.789 UTC" as timestamp: want YYYY-MM-DD HH:MM:SS[.fffffffff]`},
		{"timestamp", "2026-09-17 12:34:56.", `athenatype: cannot decode "2026-09-17 12:34:56." as timestamp: want YYYY-MM-DD HH:MM:SS[.fffffffff]`},
		{"timestamp with time zone", "2026-09-17 12:34:56.789", `athenatype: cannot decode "2026-09-17 12:34:56.789" as timestamp with time zone: missing time zone`},
		{"timestamp with time zone", "2026-09-17 12:34:56.789 +25:00", `athenatype: cannot decode "2026-09-17 12:34:56.789 +25:00" as timestamp with time zone: invalid zone offset "+25:00": want ±HH:MM`},
		{"interval day to second", "1 25:00:00.000", `athenatype: cannot decode "1 25:00:00.000" as interval day to second: want D HH:MM:SS.fff`},
		{"interval day to second", "106752 00:00:00.000", `athenatype: cannot decode "106752 00:00:00.000" as interval day to second: out of time.Duration's range`},
		{"interval year to month", "1-12", `athenatype: cannot decode "1-12" as interval year to month: month must be 0-11`},
		{"ipaddress", "10.0.0", `athenatype: cannot decode "10.0.0" as ipaddress: want an IPv4 or IPv6 address`},
		{"uuid", "12151fd2758611e98f9e2a86e4085a59", `athenatype: cannot decode "12151fd2758611e98f9e2a86e4085a59" as uuid: want xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`},
	}
	for _, tt := range tests {
		d, err := NewDecoder(tt.typ, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, err = d.Decode(tt.text)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: Decode(%q) error =\n\t%v\nwant\n\t%s", tt.typ, tt.text, err, tt.want)
		}
	}
	d, _ := NewDecoder("bigint", nil)
	_, err := d.Decode(strings.Repeat("9", 100))
	if err == nil || !strings.Contains(err.Error(), `"`+strings.Repeat("9", 64)+`…"`) {
		t.Errorf("long text not truncated: %v", err)
	}
}

func TestDecodeUnknownZoneErrorMentionsTZData(t *testing.T) {
	d, _ := NewDecoder("timestamp with time zone", nil)
	_, err := d.Decode("2026-09-17 12:34:56.789 Mars/Olympus_Mons")
	if err == nil || !strings.Contains(err.Error(), `unknown time zone "Mars/Olympus_Mons"`) || !strings.Contains(err.Error(), "time/tzdata") {
		t.Errorf("error = %v", err)
	}
}

func TestNewDecoderChecksHint(t *testing.T) {
	hint := func(s string) *Type {
		typ, err := ParseSignature(s)
		if err != nil {
			t.Fatal(err)
		}
		return typ
	}
	for _, ok := range []struct {
		col  string
		hint string
	}{
		{"array", "array(integer)"},
		{"row", "row(a integer)"},
		{"map", "map(varchar, array(integer))"},
		{"decimal", "decimal(10,2)"},
		{"varchar", "char(3)"},
		{"float", "real"},
		{"string", "varchar"},
		{"timestamp", "timestamp(6)"},
		{"unknown", "integer"},
		{"", "array(integer)"},
	} {
		if _, err := NewDecoder(ok.col, hint(ok.hint)); err != nil {
			t.Errorf("NewDecoder(%q, %s): %v", ok.col, ok.hint, err)
		}
	}
	_, err := NewDecoder("array", hint("map(varchar, integer)"))
	if err == nil || err.Error() != "athenatype: hint map(varchar, integer) does not match column type array" {
		t.Errorf("mismatch error = %v", err)
	}
	if _, err := NewDecoder("", nil); err == nil {
		t.Error("no type: no error")
	}
	if _, err := NewDecoder("array(", nil); err == nil {
		t.Error("bad column type: no error")
	}
	// A hand-built cyclic type is refused, not followed forever.
	cyclic := &Type{Name: "array"}
	cyclic.Elem = cyclic
	if _, err := NewDecoder("array", cyclic); err == nil || !strings.Contains(err.Error(), "nested deeper") {
		t.Errorf("cyclic hint: %v", err)
	}
}

func TestDecoderType(t *testing.T) {
	d, _ := NewDecoder("array", nil)
	if got := d.Type().String(); got != "array" {
		t.Errorf("Type() = %s", got)
	}
	h, _ := ParseSignature("array(bigint)")
	d, _ = NewDecoder("array", h)
	if d.Type() != h {
		t.Errorf("Type() = %s, want the hint", d.Type())
	}
}

// decodeBytesCases are texts for every type, valid and not; decodeBytesTypes
// pairs each column type with a hint ("" for none).
var (
	decodeBytesTypes = [][2]string{
		{"boolean", ""}, {"tinyint", ""}, {"smallint", ""}, {"integer", ""}, {"int", ""}, {"bigint", ""},
		{"real", ""}, {"float", ""}, {"double", ""}, {"decimal", ""}, {"decimal(10,2)", ""},
		{"varchar", ""}, {"char", ""}, {"string", ""}, {"varbinary", ""}, {"date", ""}, {"time", ""},
		{"time with time zone", ""}, {"timestamp", ""}, {"timestamp(6)", ""}, {"timestamp with time zone", ""},
		{"interval day to second", ""}, {"interval year to month", ""}, {"json", ""}, {"ipaddress", ""},
		{"uuid", ""}, {"hyperloglog", ""}, {"unknown", ""},
		{"array", ""}, {"array", "array(integer)"}, {"array", "array(varchar)"}, {"array", "array(timestamp with time zone)"},
		{"map", ""}, {"map", "map(varchar, decimal(10,2))"}, {"row", ""}, {"row", "row(a integer, b varchar)"},
	}
	decodeBytesCases = []struct{ typ, text string }{
		{"boolean", "true"}, {"boolean", "false"}, {"boolean", "TRUE"},
		{"tinyint", "-128"}, {"tinyint", "128"}, {"smallint", "32767"}, {"integer", "-2147483648"}, {"integer", "1.5"},
		{"bigint", "9223372036854775807"}, {"bigint", "9223372036854775808"}, {"bigint", "+1"}, {"bigint", "0x10"},
		{"real", "0.5"}, {"real", "NaN"}, {"real", "1.0E39"}, {"double", "0.30000000000000004"}, {"double", "1.0E-7"},
		{"double", "-Infinity"}, {"double", "NaN"}, {"double", "1.0E400"}, {"double", "1_000"},
		{"decimal", "1.50"}, {"decimal", "-12345678901234567890123456789.123456789"}, {"decimal", "1,5"},
		{"decimal", "1e1001"}, {"decimal", ".5"}, {"decimal", "-"},
		{"varchar", "héllo, [world] {x=1} null"}, {"varchar", "a\"b\nc"}, {"char", "ab "},
		{"varbinary", "01 02 ff"}, {"varbinary", "0102"}, {"varbinary", "01 0g"},
		{"date", "2026-09-17"}, {"date", "2024-02-29"}, {"date", "2026-02-30"}, {"date", "+12345-01-01"},
		{"time", "12:34:56.789"}, {"time", "24:00:00"}, {"time", "12:34:56.1234567890123"},
		{"time with time zone", "12:34:56.789+00:00"}, {"time with time zone", "01:02:03.456 America/Los_Angeles"},
		{"time with time zone", "01:02:03.456"},
		{"timestamp", "2026-09-17 12:34:56.789"}, {"timestamp", "2026-09-17T12:34:56"}, {"timestamp", "2026-09-17 12:34:56."},
		{"timestamp(6)", "1970-01-01 00:00:00.000001"},
		{"timestamp with time zone", "2026-09-17 12:34:56.789 UTC"},
		{"timestamp with time zone", "2001-08-22 03:04:05.321 America/Los_Angeles"},
		{"timestamp with time zone", "2026-09-17 12:34:56.789 +05:30"},
		{"timestamp with time zone", "2026-09-17 12:34:56.789 +25:00"},
		{"timestamp with time zone", "2026-09-17 12:34:56.789 Mars/Olympus_Mons"},
		{"timestamp with time zone", "2026-09-17 12:34:56.789 Local"},
		{"interval day to second", "1 02:03:04.567"}, {"interval day to second", "106752 00:00:00.000"},
		{"interval year to month", "-2-11"}, {"interval year to month", "1-12"},
		{"json", `{"a":1}`}, {"json", ""},
		{"ipaddress", "10.0.0.1"}, {"ipaddress", "fe80::1%eth0"}, {"ipaddress", "10.0.0"},
		{"uuid", "12151fd2-7586-11e9-8f9e-2a86e4085a59"}, {"uuid", "12151fd2758611e98f9e2a86e4085a59"},
		{"hyperloglog", "AgwBAIDm"},
		{"array", "[1, 2, 300]"}, {"array", "[a, null, [b, c]]"}, {"array", "[1, x]"},
		{"array", "[2026-01-01 00:00:00.000 Europe/Paris]"},
		{"map", "{k=1.50, j=2.00}"}, {"map", "{a=x, y, b=z}"}, {"row", "{a=1, b=x, y}"}, {"row", "{1, x}"}, {"row", "{"},
	}
	// Texts that every type meets: some valid for a few types, most not.
	decodeBytesAnyTexts = []string{"", " ", "0", "-1", "1.5", "null", "x", "[]", "{}", "\xff\xfe", strings.Repeat("7", 100)}
)

// checkDecodeBytes compares DecodeBytes with Decode for one text and checks
// that the result does not change when the bytes are overwritten.
func checkDecodeBytes(t *testing.T, d *Decoder, text string) {
	t.Helper()
	// The text sits inside a larger buffer, as a CSV field does.
	buf := []byte("\"" + text + "\"")
	field := buf[1 : 1+len(text)]
	got, gotErr := d.DecodeBytes(field)
	for i := range buf {
		buf[i] = 'Z'
	}
	want, wantErr := d.Decode(text)
	switch {
	case (gotErr == nil) != (wantErr == nil):
		t.Errorf("%s %q: DecodeBytes error %v, Decode error %v", d.Type(), text, gotErr, wantErr)
	case gotErr != nil && gotErr.Error() != wantErr.Error():
		t.Errorf("%s %q: DecodeBytes error\n\t%v\nDecode error\n\t%v", d.Type(), text, gotErr, wantErr)
	case gotErr == nil && !sameValue(got, want):
		t.Errorf("%s %q: DecodeBytes = %#v (after overwriting the bytes), Decode = %#v", d.Type(), text, got, want)
	}
}

func TestDecodeBytesMatchesDecode(t *testing.T) {
	for _, tc := range decodeBytesCases {
		t.Run(tc.typ+"/"+tc.text, func(t *testing.T) {
			d, err := NewDecoder(tc.typ, nil)
			if err != nil {
				t.Fatal(err)
			}
			checkDecodeBytes(t, d, tc.text)
		})
	}
	for _, typ := range decodeBytesTypes {
		t.Run("any/"+typ[0]+"/"+typ[1], func(t *testing.T) {
			var hint *Type
			if typ[1] != "" {
				hint, _ = ParseSignature(typ[1])
			}
			d, err := NewDecoder(typ[0], hint)
			if err != nil {
				t.Fatal(err)
			}
			for _, text := range decodeBytesAnyTexts {
				checkDecodeBytes(t, d, text)
			}
		})
	}
}

// TestDecodeBytesCachesZoneNamesByValue decodes zones that nothing else
// decodes, so the first sight of each goes through DecodeBytes: the zone
// cache must keep a copy of the name, not the caller's buffer.
func TestDecodeBytesCachesZoneNamesByValue(t *testing.T) {
	mustZone(t, "Pacific/Chatham")
	for _, tc := range []struct{ typ, text, zone string }{
		{"timestamp with time zone", "2026-09-17 12:34:56.789 Pacific/Chatham", "Pacific/Chatham"},
		{"timestamp with time zone", "2026-09-17 12:34:56.789 -03:17", "-03:17"},
		{"time with time zone", "12:34:56.789+11:43", "+11:43"},
	} {
		d, _ := NewDecoder(tc.typ, nil)
		buf := []byte(tc.text)
		v, err := d.DecodeBytes(buf)
		if err != nil {
			t.Fatal(err)
		}
		copy(buf, strings.Repeat("9", len(buf)))
		if got := v.(time.Time).Location().String(); got != tc.zone {
			t.Errorf("%q: zone %q after the buffer changed, want %q", tc.text, got, tc.zone)
		}
		w, err := d.Decode(tc.text) // now from the cache
		if err != nil || !sameValue(w, v) {
			t.Errorf("%q: cached decode = %v, %v; want %v", tc.text, w, err, v)
		}
	}
}

func TestDecodeBytesAllocations(t *testing.T) {
	tests := []struct {
		typ, text string
		max       float64 // the boxing of the result in an any
	}{
		{"boolean", "true", 0},
		{"integer", "123456", 1},
		{"bigint", "9223372036854775807", 1},
		{"double", "0.30000000000000004", 1},
		{"real", "0.5", 1},
		{"decimal(10,2)", "12345678.90", 1},
		{"date", "2026-09-17", 1},
		{"time", "12:34:56.789", 1},
		{"timestamp", "2026-09-17 12:34:56.789", 1},
		{"timestamp with time zone", "2026-09-17 12:34:56.789 UTC", 1},
		{"interval day to second", "1 02:03:04.567", 1},
		{"interval year to month", "1-2", 1},
		{"uuid", "12151fd2-7586-11e9-8f9e-2a86e4085a59", 1},
		{"ipaddress", "10.0.0.1", 1},
	}
	for _, tt := range tests {
		d, err := NewDecoder(tt.typ, nil)
		if err != nil {
			t.Fatal(err)
		}
		b := []byte(tt.text)
		if _, err := d.DecodeBytes(b); err != nil {
			t.Fatalf("%s %q: %v", tt.typ, tt.text, err)
		}
		if n := testing.AllocsPerRun(100, func() { _, _ = d.DecodeBytes(b) }); n > tt.max {
			t.Errorf("%s: DecodeBytes(%q) makes %v allocations, want at most %v", tt.typ, tt.text, n, tt.max)
		}
	}
}

func FuzzDecodeBytesMatchesDecode(f *testing.F) {
	index := func(typ, hint string) uint8 {
		for i, th := range decodeBytesTypes {
			if th[0] == typ && th[1] == hint {
				return uint8(i)
			}
		}
		panic("no type " + typ)
	}
	for _, tc := range decodeBytesCases {
		f.Add(index(tc.typ, ""), tc.text)
	}
	f.Add(index("array", "array(timestamp with time zone)"), "[2026-01-01 00:00:00.000 Asia/Tokyo, null]")
	f.Add(index("map", "map(varchar, decimal(10,2))"), "{a=1.00, b=null}")
	decoders := make([]*Decoder, len(decodeBytesTypes))
	for i, th := range decodeBytesTypes {
		var hint *Type
		if th[1] != "" {
			hint, _ = ParseSignature(th[1])
		}
		d, err := NewDecoder(th[0], hint)
		if err != nil {
			f.Fatal(err)
		}
		decoders[i] = d
	}
	f.Fuzz(func(t *testing.T, typeIndex uint8, text string) {
		checkDecodeBytes(t, decoders[int(typeIndex)%len(decoders)], text)
	})
}
