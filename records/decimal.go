package records

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow/decimal128"

	"github.com/athenaq/athenaq/athenatype"
)

// decimalFromText parses a decimal's plain text ("-12.50", as Athena
// prints decimals) as an Arrow decimal at scale s within precision p. A
// value with more fraction digits than s is refused unless they are zeros;
// text in another form (an exponent) goes through athenatype.ParseDecimal.
func decimalFromText(text string, p, s int32) (decimal128.Num, error) {
	n, ok, err := parsePlainDecimal(text, p, s)
	if ok || err != nil {
		return n, err
	}
	d, err := athenatype.ParseDecimal(text)
	if err != nil {
		return decimal128.Num{}, err
	}
	n, ok, err = parsePlainDecimal(d.String(), p, s)
	if !ok && err == nil {
		err = fmt.Errorf("cannot decode %q as decimal(%d,%d)", truncate(text), p, s)
	}
	return n, err
}

// parsePlainDecimal parses [+-]digits[.digits]; ok is false when text has
// another form.
func parsePlainDecimal(text string, p, s int32) (n decimal128.Num, ok bool, err error) {
	i, neg := 0, false
	if len(text) > 0 && (text[0] == '-' || text[0] == '+') {
		neg = text[0] == '-'
		i++
	}
	ten := decimal128.FromU64(10)
	var digits, frac int32 // significant digits kept; digits after the point
	dot, seen := false, false
	for ; i < len(text); i++ {
		c := text[i]
		if c == '.' && !dot {
			dot = true
			continue
		}
		if c < '0' || c > '9' {
			return decimal128.Num{}, false, nil
		}
		seen = true
		if dot {
			if frac == s {
				if c != '0' {
					return decimal128.Num{}, true, fmt.Errorf("decimal %q has more than %d fraction digits", truncate(text), s)
				}
				continue
			}
			frac++
		}
		if digits == 0 && c == '0' {
			continue
		}
		if digits == 38 {
			return decimal128.Num{}, true, fmt.Errorf("decimal %q does not fit in decimal(%d,%d)", truncate(text), p, s)
		}
		n = n.Mul(ten).Add(decimal128.FromU64(uint64(c - '0')))
		digits++
	}
	if !seen {
		return decimal128.Num{}, false, nil
	}
	if digits > 0 && digits+s-frac > p {
		return decimal128.Num{}, true, fmt.Errorf("decimal %q does not fit in decimal(%d,%d)", truncate(text), p, s)
	}
	if frac < s {
		n = n.Mul(decimal128.GetScaleMultiplier(int(s - frac)))
	}
	if neg {
		n = n.Negate()
	}
	return n, true, nil
}
