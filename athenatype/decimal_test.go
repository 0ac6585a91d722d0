package athenatype

import (
	"database/sql"
	"encoding/json"
	"math"
	"math/big"
	"strings"
	"testing"
)

func TestParseDecimalKeepsScale(t *testing.T) {
	tests := []struct {
		in    string
		want  string
		scale int32
	}{
		{"0", "0", 0},
		{"1.50", "1.50", 2},
		{"0.1", "0.1", 1},
		{"-0.05", "-0.05", 2},
		{"12", "12", 0},
		{"+12.0", "12.0", 1},
		{"-0", "0", 0},
		{"-0.00", "0.00", 2},
		{".5", "0.5", 1},
		{"5.", "5", 0},
		{"007.10", "7.10", 2},
		{"1.5E3", "1500", 0},
		{"1.5e-3", "0.0015", 4},
		{"15e+1", "150", 0},
		{"9223372036854775807", "9223372036854775807", 0},
		{"-9223372036854775808", "-9223372036854775808", 0},
		{"9223372036854775808", "9223372036854775808", 0},
		{"99999999999999999999999999999999999999", "99999999999999999999999999999999999999", 0},
		{"-9999999999999999999999999999.9999999999", "-9999999999999999999999999999.9999999999", 10},
		{"0.00000000000000000000000000000000000001", "0.00000000000000000000000000000000000001", 38},
		{"123456789012345678.9", "123456789012345678.9", 1},
		{"1e20", "100000000000000000000", 0},
	}
	for _, tt := range tests {
		d, err := ParseDecimal(tt.in)
		if err != nil {
			t.Errorf("ParseDecimal(%q): %v", tt.in, err)
			continue
		}
		if d.String() != tt.want || d.Scale() != tt.scale {
			t.Errorf("ParseDecimal(%q) = %s (scale %d), want %s (scale %d)", tt.in, d, d.Scale(), tt.want, tt.scale)
		}
	}
}

func TestParseDecimalRejects(t *testing.T) {
	for _, in := range []string{"", "-", ".", "1.2.3", "1e", "1e+", "abc", "1 ", " 1", "1,5", "NaN", "Infinity", "1e1001", "0x10", "1_000"} {
		if d, err := ParseDecimal(in); err == nil {
			t.Errorf("ParseDecimal(%q) = %s, want an error", in, d)
		}
	}
	_, err := ParseDecimal("1.5x")
	if err == nil || err.Error() != `athenatype: decimal "1.5x": unexpected "x" at offset 3` {
		t.Errorf("error = %v", err)
	}
}

func TestDecimalCmp(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"1.5", "1.50", 0},
		{"1.5", "1.49", 1},
		{"-1.5", "-1.49", -1},
		{"0", "0.000", 0},
		{"99999999999999999999", "99999999999999999999.0", 0},
		{"99999999999999999999", "9.2", 1},
		{"9223372036854775807", "9223372036854775807.1", -1},
		{"0.000000000000000000001", "0", 1},
	}
	for _, tt := range tests {
		a, b := mustDecimal(t, tt.a), mustDecimal(t, tt.b)
		if got := a.Cmp(b); got != tt.want {
			t.Errorf("Cmp(%s, %s) = %d, want %d", a, b, got, tt.want)
		}
		if got := b.Cmp(a); got != -tt.want {
			t.Errorf("Cmp(%s, %s) = %d, want %d", b, a, got, -tt.want)
		}
	}
}

func TestDecimalConversions(t *testing.T) {
	d := mustDecimal(t, "-12.340")
	if r := d.Rat(); r.Cmp(big.NewRat(-1234, 100)) != 0 {
		t.Errorf("Rat = %v", r)
	}
	if f := d.Float64(); f != -12.34 {
		t.Errorf("Float64 = %v", f)
	}
	if d.Sign() != -1 || NewDecimal(0, 3).Sign() != 0 || mustDecimal(t, "1e30").Sign() != 1 {
		t.Error("Sign")
	}
	if u := d.Unscaled(); u.Int64() != -12340 {
		t.Errorf("Unscaled = %v", u)
	}
	if got := NewDecimal(15, -2).String(); got != "1500" {
		t.Errorf("NewDecimal(15, -2) = %s", got)
	}
	if got := NewDecimal(math.MaxInt64, -1).String(); got != "92233720368547758070" {
		t.Errorf("NewDecimal(MaxInt64, -1) = %s", got)
	}
	big38, _ := new(big.Int).SetString("-12345678901234567890123456789012345678", 10)
	if got := NewDecimalFromBig(big38, 4).String(); got != "-1234567890123456789012345678901234.5678" {
		t.Errorf("NewDecimalFromBig = %s", got)
	}
	if got := (Decimal{}).String(); got != "0" {
		t.Errorf("zero Decimal = %s", got)
	}
}

func TestDecimalJSONAndText(t *testing.T) {
	var v struct{ D Decimal }
	if err := json.Unmarshal([]byte(`{"D":"1.50"}`), &v); err != nil || v.D.String() != "1.50" {
		t.Fatalf("unmarshal string: %v %s", err, v.D)
	}
	if err := json.Unmarshal([]byte(`{"D":2.250}`), &v); err != nil || v.D.String() != "2.250" {
		t.Fatalf("unmarshal number: %v %s", err, v.D)
	}
	if err := json.Unmarshal([]byte(`{"D":null}`), &v); err != nil || v.D.String() != "2.250" {
		t.Fatalf("unmarshal null: %v %s", err, v.D)
	}
	if err := json.Unmarshal([]byte(`{"D":"x"}`), &v); err == nil {
		t.Fatal("unmarshal bad string: no error")
	}
	out, err := json.Marshal(v)
	if err != nil || string(out) != `{"D":"2.250"}` {
		t.Fatalf("marshal: %s %v", out, err)
	}
	text, _ := mustDecimal(t, "-0.5").MarshalText()
	var d Decimal
	if err := d.UnmarshalText(text); err != nil || d.String() != "-0.5" {
		t.Fatalf("text round trip: %s %v", d, err)
	}
}

func TestDecimalScanAndValue(t *testing.T) {
	tests := []struct {
		src  any
		want string
	}{
		{"1.50", "1.50"},
		{[]byte("-2.5"), "-2.5"},
		{int64(42), "42"},
		{0.1, "0.1"},
		{1e20, "100000000000000000000"},
		{mustDecimal(t, "3.000"), "3.000"},
	}
	for _, tt := range tests {
		var d Decimal
		if err := d.Scan(tt.src); err != nil || d.String() != tt.want {
			t.Errorf("Scan(%#v) = %s, %v; want %s", tt.src, d, err, tt.want)
		}
	}
	for _, src := range []any{nil, true, math.NaN(), "x"} {
		var d Decimal
		if err := d.Scan(src); err == nil {
			t.Errorf("Scan(%#v): no error", src)
		}
	}
	var n sql.Null[Decimal]
	if err := n.Scan(nil); err != nil || n.Valid {
		t.Errorf("sql.Null[Decimal].Scan(nil) = %v %v", n, err)
	}
	v, err := mustDecimal(t, "1.50").Value()
	if err != nil || v != "1.50" {
		t.Errorf("Value = %#v, %v", v, err)
	}
}

func mustDecimal(t testing.TB, s string) Decimal {
	t.Helper()
	d, err := ParseDecimal(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func FuzzDecimal(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDecimal(s)
		if err != nil {
			return
		}
		text := d.String()
		back, err := ParseDecimal(text)
		if err != nil {
			t.Fatalf("String() %q of %q does not parse: %v", text, s, err)
		}
		if back.String() != text || back.Scale() != d.Scale() || back.Cmp(d) != 0 {
			t.Fatalf("%q -> %q -> %q (scale %d, %d)", s, text, back, d.Scale(), back.Scale())
		}
		if strings.ContainsAny(text, "eE+") {
			t.Fatalf("String() %q is not plain notation", text)
		}
		// The exact value agrees with math/big's reading of the same text.
		if r, ok := new(big.Rat).SetString(text); !ok || r.Cmp(d.Rat()) != 0 {
			t.Fatalf("Rat of %q = %v, big.Rat reads %v", text, d.Rat(), r)
		}
	})
}
