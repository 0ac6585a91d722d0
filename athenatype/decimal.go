package athenatype

import (
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
)

// Decimal is an exact decimal number: an unscaled integer and a scale, the
// number of digits after the decimal point. It is how Athena's decimal(p,s)
// values decode; it never goes through a float.
//
// Decimal keeps its scale: 1.50 has scale 2 and prints as "1.50". Compare
// values with Cmp (1.5 and 1.50 are equal under Cmp but not under ==). The
// zero value is 0. A Decimal is immutable and safe for concurrent use.
type Decimal struct {
	small int64    // the unscaled value when big is nil
	big   *big.Int // the unscaled value when it does not fit in int64; never mutated
	scale int32    // always >= 0
}

// maxDecimalExponent bounds the exponent ParseDecimal accepts, so that a
// short text like "1e999999999" cannot ask for a huge number.
const maxDecimalExponent = 1000

// NewDecimal returns unscaled × 10^-scale. A negative scale multiplies:
// NewDecimal(15, -2) is 1500.
func NewDecimal(unscaled int64, scale int32) Decimal {
	if scale >= 0 {
		return Decimal{small: unscaled, scale: scale}
	}
	return NewDecimalFromBig(big.NewInt(unscaled), scale)
}

// NewDecimalFromBig returns unscaled × 10^-scale. It copies unscaled; a nil
// unscaled is 0.
func NewDecimalFromBig(unscaled *big.Int, scale int32) Decimal {
	u := new(big.Int)
	if unscaled != nil {
		u.Set(unscaled)
	}
	if scale < 0 {
		u.Mul(u, pow10(int64(-scale)))
		scale = 0
	}
	if u.IsInt64() {
		return Decimal{small: u.Int64(), scale: scale}
	}
	return Decimal{big: u, scale: scale}
}

// ParseDecimal parses a decimal number: an optional sign, digits with an
// optional decimal point, and an optional exponent ("1.50", "-0.05", "12",
// ".5", "1.5E3"). The scale is the number of fraction digits written, less
// the exponent, and never below zero: "1.50" has scale 2, "1.5E3" is 1500
// with scale 0.
func ParseDecimal(s string) (Decimal, error) {
	d, err := parseDecimal(s)
	if err != nil {
		return Decimal{}, fmt.Errorf("athenatype: decimal %q: %w", truncate(s), err)
	}
	return d, nil
}

// String returns the decimal in plain notation with exactly Scale fraction
// digits: "1.50", "-0.05", "12".
func (d Decimal) String() string {
	return string(d.appendText(nil))
}

// Scale returns the number of digits after the decimal point.
func (d Decimal) Scale() int32 { return d.scale }

// Unscaled returns the unscaled integer: 150 for 1.50.
func (d Decimal) Unscaled() *big.Int {
	if d.big != nil {
		return new(big.Int).Set(d.big)
	}
	return big.NewInt(d.small)
}

// Sign returns -1, 0 or +1.
func (d Decimal) Sign() int {
	if d.big != nil {
		return d.big.Sign()
	}
	switch {
	case d.small < 0:
		return -1
	case d.small > 0:
		return 1
	}
	return 0
}

// Cmp compares d and e numerically and returns -1, 0 or +1. Scale does not
// matter: 1.5 and 1.50 compare equal.
func (d Decimal) Cmp(e Decimal) int {
	if d.big == nil && e.big == nil {
		a, b := d.small, e.small
		ok := true
		switch {
		case d.scale < e.scale:
			a, ok = mulPow10(a, e.scale-d.scale)
		case d.scale > e.scale:
			b, ok = mulPow10(b, d.scale-e.scale)
		}
		if ok {
			switch {
			case a < b:
				return -1
			case a > b:
				return 1
			}
			return 0
		}
	}
	s := max(d.scale, e.scale)
	return d.unscaledAt(s).Cmp(e.unscaledAt(s))
}

// Rat returns the exact value as a big.Rat.
func (d Decimal) Rat() *big.Rat {
	return new(big.Rat).SetFrac(d.Unscaled(), pow10(int64(d.scale)))
}

// Float64 returns the float64 nearest to d (±Inf beyond float64's range).
func (d Decimal) Float64() float64 {
	f, _ := strconv.ParseFloat(d.String(), 64)
	return f
}

// MarshalText implements encoding.TextMarshaler with String's text.
func (d Decimal) MarshalText() ([]byte, error) {
	return d.appendText(nil), nil
}

// UnmarshalText implements encoding.TextUnmarshaler with ParseDecimal.
func (d *Decimal) UnmarshalText(text []byte) error {
	v, err := ParseDecimal(string(text))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalJSON encodes d as a JSON string ("1.50"), which keeps every digit
// and the scale for readers whose numbers are float64.
func (d Decimal) MarshalJSON() ([]byte, error) {
	b := append(make([]byte, 0, 24), '"')
	b = d.appendText(b)
	return append(b, '"'), nil
}

// UnmarshalJSON accepts a JSON string or number. JSON null leaves d
// unchanged.
func (d *Decimal) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		return nil
	}
	if len(data) > 0 && data[0] == '"' {
		var s string
		if err := json.Unmarshal(data, &s); err != nil {
			return fmt.Errorf("athenatype: decimal: %w", err)
		}
		return d.UnmarshalText([]byte(s))
	}
	return d.UnmarshalText(data)
}

// Scan implements sql.Scanner. It accepts string and []byte (ParseDecimal),
// int64, float64 (its shortest exact decimal text) and Decimal. NULL is an
// error: scan into sql.Null[Decimal] or *Decimal for nullable columns.
func (d *Decimal) Scan(src any) error {
	switch v := src.(type) {
	case string:
		return d.UnmarshalText([]byte(v))
	case []byte:
		return d.UnmarshalText(v)
	case int64:
		*d = NewDecimal(v, 0)
		return nil
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("athenatype: cannot scan %v into Decimal", v)
		}
		return d.UnmarshalText(strconv.AppendFloat(nil, v, 'f', -1, 64))
	case Decimal:
		*d = v
		return nil
	case nil:
		return errors.New("athenatype: cannot scan NULL into Decimal; use sql.Null[athenatype.Decimal]")
	}
	return fmt.Errorf("athenatype: cannot scan %T into Decimal", src)
}

// Value implements driver.Valuer; the value is String's text.
func (d Decimal) Value() (driver.Value, error) {
	return d.String(), nil
}

func (d Decimal) appendText(b []byte) []byte {
	var digits []byte
	var buf [24]byte
	if d.big != nil {
		digits = d.big.Append(buf[:0], 10)
	} else {
		digits = strconv.AppendInt(buf[:0], d.small, 10)
	}
	if len(digits) > 0 && digits[0] == '-' {
		b = append(b, '-')
		digits = digits[1:]
	}
	scale := int(d.scale)
	if scale == 0 {
		return append(b, digits...)
	}
	if len(digits) <= scale {
		b = append(b, '0', '.')
		for range scale - len(digits) {
			b = append(b, '0')
		}
		return append(b, digits...)
	}
	b = append(b, digits[:len(digits)-scale]...)
	b = append(b, '.')
	return append(b, digits[len(digits)-scale:]...)
}

// unscaledAt returns the unscaled value for scale s >= d.scale.
func (d Decimal) unscaledAt(s int32) *big.Int {
	u := d.Unscaled()
	if s > d.scale {
		u.Mul(u, pow10(int64(s-d.scale)))
	}
	return u
}

func parseDecimal(s string) (Decimal, error) {
	i := 0
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	intDigits := s[start:i]
	var frac string
	if i < len(s) && s[i] == '.' {
		i++
		start = i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		frac = s[start:i]
	}
	if intDigits == "" && frac == "" {
		return Decimal{}, errors.New("no digits")
	}
	exp := 0
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		start = i
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		digits := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if digits == i {
			return Decimal{}, errors.New("no exponent digits")
		}
		e, err := strconv.Atoi(s[start:i])
		if err != nil || e < -maxDecimalExponent || e > maxDecimalExponent {
			return Decimal{}, fmt.Errorf("exponent out of range ±%d", maxDecimalExponent)
		}
		exp = e
	}
	if i != len(s) {
		return Decimal{}, fmt.Errorf("unexpected %q at offset %d", s[i:i+1], i)
	}
	scale := len(frac) - exp
	zeros := 0
	if scale < 0 {
		zeros, scale = -scale, 0
	}
	if scale > math.MaxInt32 {
		return Decimal{}, errors.New("scale out of range")
	}

	// Fast path: at most 18 significant digits fit in int64.
	var v int64
	sig := 0
	for _, part := range [...]string{intDigits, frac} {
		for j := 0; j < len(part) && sig <= 18; j++ {
			c := part[j]
			if sig == 0 && c == '0' {
				continue
			}
			sig++
			v = v*10 + int64(c-'0')
		}
	}
	if sig > 0 {
		sig += zeros
	}
	if sig <= 18 {
		for range zeros {
			v *= 10
		}
		if neg {
			v = -v
		}
		return Decimal{small: v, scale: int32(scale)}, nil
	}
	buf := make([]byte, 0, 1+len(intDigits)+len(frac)+zeros)
	if neg {
		buf = append(buf, '-')
	}
	buf = append(buf, intDigits...)
	buf = append(buf, frac...)
	for range zeros {
		buf = append(buf, '0')
	}
	u, ok := new(big.Int).SetString(string(buf), 10)
	if !ok {
		return Decimal{}, errors.New("invalid digits")
	}
	if u.IsInt64() {
		return Decimal{small: u.Int64(), scale: int32(scale)}, nil
	}
	return Decimal{big: u, scale: int32(scale)}, nil
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

var pow10Int64 = [...]int64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// mulPow10 returns v × 10^n and whether it fits in int64.
func mulPow10(v int64, n int32) (int64, bool) {
	if n < 0 || int(n) >= len(pow10Int64) {
		return 0, v == 0
	}
	p := pow10Int64[n]
	if v > math.MaxInt64/p || v < math.MinInt64/p {
		return 0, false
	}
	return v * p, true
}

func pow10(n int64) *big.Int {
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(n), nil)
}
