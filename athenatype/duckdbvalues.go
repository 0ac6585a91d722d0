package athenatype

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"time"
)

// Interval is the Go value of DuckDB's INTERVAL: months, days and a
// duration, kept apart as DuckDB keeps them (a month is not a fixed number
// of days, nor a day of hours across daylight saving changes). Each part
// has its own sign: "1 day -00:00:01" is Days 1, Duration -1s. DuckDB
// keeps microseconds in an int64, so its time part can exceed
// time.Duration's ±292 years; such intervals fail to decode.
type Interval struct {
	Months   int32
	Days     int32
	Duration time.Duration
}

// ErrInfinity is returned, wrapped, when a DuckDB date or timestamp is
// infinity or -infinity, which no time.Time can hold. Check it with
// errors.Is; select the column as VARCHAR to keep the text.
var ErrInfinity = errors.New("infinite date or timestamp")

// ParseInterval parses DuckDB's INTERVAL text: "1 year 2 months 3 days
// 04:05:06.789", "-1 day", "00:00:00", "1000000:00:00",
// "-1 year -2 months".
func ParseInterval(s string) (Interval, error) {
	iv, err := parseInterval(s)
	if err != nil {
		return Interval{}, fmt.Errorf("athenatype: interval %q: %w", truncate(s), err)
	}
	return iv, nil
}

// String returns the text DuckDB prints for the interval: "1 year 2 months
// 3 days 04:05:06.789", "-1 day", "00:00:00" for the zero interval.
// Fractions of a second print with up to nine digits, trailing zeros
// removed.
func (iv Interval) String() string {
	return string(iv.appendText(nil))
}

// MarshalText implements encoding.TextMarshaler with String's text.
func (iv Interval) MarshalText() ([]byte, error) {
	return iv.appendText(nil), nil
}

// UnmarshalText implements encoding.TextUnmarshaler with ParseInterval.
func (iv *Interval) UnmarshalText(text []byte) error {
	v, err := ParseInterval(string(text))
	if err != nil {
		return err
	}
	*iv = v
	return nil
}

func (iv Interval) appendText(b []byte) []byte {
	part := func(n int64, unit string) {
		if n == 0 {
			return
		}
		if len(b) > 0 {
			b = append(b, ' ')
		}
		b = strconv.AppendInt(b, n, 10)
		b = append(b, ' ')
		b = append(b, unit...)
		if n != 1 && n != -1 {
			b = append(b, 's')
		}
	}
	part(int64(iv.Months)/12, "year")
	part(int64(iv.Months)%12, "month")
	part(int64(iv.Days), "day")
	if iv.Duration == 0 && len(b) > 0 {
		return b
	}
	if len(b) > 0 {
		b = append(b, ' ')
	}
	d := uint64(iv.Duration)
	if iv.Duration < 0 {
		b = append(b, '-')
		d = -d
	}
	ns := d % 1e9
	secs := d / 1e9
	h := secs / 3600
	if h < 10 {
		b = append(b, '0')
	}
	b = strconv.AppendUint(b, h, 10)
	b = append(b, ':')
	b = appendTwo(b, int(secs/60%60))
	b = append(b, ':')
	b = appendTwo(b, int(secs%60))
	if ns != 0 {
		b = appendFraction(b, int(ns))
	}
	return b
}

var errInterval = errors.New(`want DuckDB interval text such as "1 year 2 months 3 days 04:05:06.789"`)

func parseInterval(s string) (Interval, error) {
	var iv Interval
	var months, days int64
	seen := 0 // 1 years, 2 months, 3 days, 4 clock: parts come in this order
	i := 0
	for i < len(s) {
		if i > 0 {
			if s[i] != ' ' {
				return Interval{}, errInterval
			}
			i++
		}
		neg := i < len(s) && s[i] == '-'
		j := i
		if neg {
			j++
		}
		start := j
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j == start || j-start > 19 {
			return Interval{}, errInterval
		}
		if j < len(s) && s[j] == ':' {
			if seen >= 4 {
				return Interval{}, errInterval
			}
			d, n, err := parseIntervalClock(s[start:])
			if err != nil {
				return Interval{}, err
			}
			if neg {
				d = -d
			}
			iv.Duration = d
			seen = 4
			i = start + n
			continue
		}
		n, err := strconv.ParseInt(s[start:j], 10, 64)
		if err != nil {
			return Interval{}, errors.New("out of range")
		}
		if neg {
			n = -n
		}
		if j >= len(s) || s[j] != ' ' {
			return Interval{}, errInterval
		}
		k := j + 1
		for k < len(s) && 'a' <= s[k] && s[k] <= 'z' {
			k++
		}
		var order int
		switch s[j+1 : k] {
		case "year", "years":
			order = 1
			n, err = mulCheck(n, 12)
			months = n
		case "month", "months":
			order = 2
			months, err = addCheck(months, n)
		case "day", "days":
			order = 3
			days = n
		default:
			return Interval{}, errInterval
		}
		if err != nil || order <= seen {
			return Interval{}, errInterval
		}
		seen = order
		i = k
	}
	if seen == 0 {
		return Interval{}, errInterval
	}
	if months < math.MinInt32 || months > math.MaxInt32 || days < math.MinInt32 || days > math.MaxInt32 {
		return Interval{}, errors.New("out of range")
	}
	iv.Months, iv.Days = int32(months), int32(days)
	return iv, nil
}

// parseIntervalClock reads H+:MM:SS[.f] at the start of s (no sign).
func parseIntervalClock(s string) (time.Duration, int, error) {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	if i == 0 || i > 10 || len(s) < i+6 || s[i] != ':' || s[i+3] != ':' {
		return 0, 0, errInterval
	}
	h, _ := strconv.ParseInt(s[:i], 10, 64)
	m, ok1 := twoDigits(s[i+1:])
	sec, ok2 := twoDigits(s[i+4:])
	if !ok1 || !ok2 || m > 59 || sec > 59 {
		return 0, 0, errInterval
	}
	i += 6
	ns := 0
	if i < len(s) && s[i] == '.' {
		i++
		start := i
		for i < len(s) && isDigit(s[i]) {
			if i-start < 9 {
				ns = ns*10 + int(s[i]-'0')
			}
			i++
		}
		digits := i - start
		if digits == 0 || digits > 9 {
			return 0, 0, errInterval
		}
		for d := digits; d < 9; d++ {
			ns *= 10
		}
	}
	const maxHours = int64(math.MaxInt64/time.Hour) - 1
	if h > maxHours {
		return 0, 0, errors.New("out of time.Duration's range")
	}
	d := time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec)*time.Second + time.Duration(ns)
	return d, i, nil
}

func mulCheck(a, b int64) (int64, error) {
	if a > math.MaxInt64/b || a < math.MinInt64/b {
		return 0, errors.New("out of range")
	}
	return a * b, nil
}

func addCheck(a, b int64) (int64, error) {
	c := a + b
	if (c > a) != (b > 0) {
		return 0, errors.New("out of range")
	}
	return c, nil
}

func decodeDuckInterval(s string) (any, error) {
	iv, err := parseInterval(s)
	if err != nil {
		return nil, err
	}
	return iv, nil
}

// duckLeafDecoder returns the decoder of a DuckDB leaf type's text.
func duckLeafDecoder(name string) func(string) (any, error) {
	switch name {
	case "BOOLEAN":
		return decodeBool
	case "TINYINT":
		return decodeTinyint
	case "SMALLINT":
		return decodeSmallint
	case "INTEGER":
		return decodeInteger
	case "BIGINT":
		return decodeBigint
	case "UTINYINT":
		return decodeUint(8)
	case "USMALLINT":
		return decodeUint(16)
	case "UINTEGER":
		return decodeUint(32)
	case "UBIGINT":
		return decodeUint(64)
	case "HUGEINT":
		return decodeBigInt(hugeMin, hugeMax)
	case "UHUGEINT":
		return decodeBigInt(new(big.Int), uhugeMax)
	case "BIGNUM":
		return decodeBigInt(nil, nil)
	case "FLOAT":
		return decodeReal
	case "DOUBLE":
		return decodeDouble
	case "DECIMAL":
		return decodeDecimal
	case "BLOB":
		return decodeDuckBlob
	case "UUID":
		return decodeUUID
	case "DATE":
		return decodeDuckDate
	case "TIME":
		return decodeDuckTime
	case "TIME WITH TIME ZONE":
		return decodeDuckTimeTZ
	case "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS":
		return decodeDuckTimestamp(false)
	case "TIMESTAMP WITH TIME ZONE":
		return decodeDuckTimestamp(true)
	case "INTERVAL":
		return decodeDuckInterval
	case "JSON":
		return decodeJSONCopy
	case "GEOMETRY":
		return decodeGeometry
	}
	// VARCHAR, BIT, ENUM, UNION, VARIANT, NULL and unknown
	// types.
	return decodeString
}

func decodeJSONCopy(s string) (any, error) {
	if !json.Valid([]byte(s)) {
		return nil, errors.New("invalid JSON")
	}
	return json.RawMessage(s), nil
}

func decodeUint(bits int) func(string) (any, error) {
	return func(s string) (any, error) {
		v, err := strconv.ParseUint(s, 10, bits)
		if err != nil {
			return nil, numError(err)
		}
		switch bits {
		case 8:
			return uint8(v), nil
		case 16:
			return uint16(v), nil
		case 32:
			return uint32(v), nil
		}
		return v, nil
	}
}

var (
	hugeMax  = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 127), big.NewInt(1))
	hugeMin  = new(big.Int).Neg(new(big.Int).Lsh(big.NewInt(1), 127))
	uhugeMax = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 128), big.NewInt(1))
)

// maxBignumDigits bounds the BIGNUM text this package converts, so that no
// input costs quadratic time. DuckDB's BIGNUM holds at most about 20,000
// digits; 100,000 is generous.
const maxBignumDigits = 100000

// decodeBigInt reads an optional '-' and decimal digits as a *big.Int in
// [lo, hi] (nil: unbounded).
func decodeBigInt(lo, hi *big.Int) func(string) (any, error) {
	return func(s string) (any, error) {
		digits := s
		if len(digits) > 0 && digits[0] == '-' {
			digits = digits[1:]
		}
		if !allDigits(digits) {
			return nil, errors.New("invalid syntax")
		}
		if len(digits) > maxBignumDigits {
			return nil, errors.New("too many digits")
		}
		v, ok := new(big.Int).SetString(s, 10)
		if !ok {
			return nil, errors.New("invalid syntax")
		}
		if lo != nil && v.Cmp(lo) < 0 || hi != nil && v.Cmp(hi) > 0 {
			return nil, errors.New("out of range")
		}
		return v, nil
	}
}

// decodeDuckBlob reads DuckDB's BLOB text: printable ASCII as itself, and
// every other byte, and also ", ' and \, as \xHH with upper-case hex.
func decodeDuckBlob(s string) (any, error) {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			b = append(b, c)
			continue
		}
		if i+3 >= len(s) || s[i+1] != 'x' {
			return nil, fmt.Errorf(`bad escape at offset %d: want \xHH`, i)
		}
		hi, ok1 := fromHex(s[i+2])
		lo, ok2 := fromHex(s[i+3])
		if !ok1 || !ok2 {
			return nil, fmt.Errorf(`bad escape at offset %d: want \xHH`, i)
		}
		b = append(b, hi<<4|lo)
		i += 3
	}
	return b, nil
}

// parseDuckDate reads DuckDB's date text at the start of s: YYYY-MM-DD with
// four or more year digits, and " (BC)" for years before 1. It returns
// the astronomical year (1 BC is year 0, 44 BC is -43).
func parseDuckDate(s string) (y, m, d, n int, err error) {
	if s == "infinity" || s == "-infinity" {
		return 0, 0, 0, 0, ErrInfinity
	}
	if len(s) > 0 && (s[0] == '-' || s[0] == '+') {
		return 0, 0, 0, 0, errors.New("want YYYY-MM-DD")
	}
	y, m, d, n, ok := parseDateText(s)
	if !ok {
		return 0, 0, 0, 0, errors.New("want YYYY-MM-DD")
	}
	if len(s) >= n+5 && s[n:n+5] == " (BC)" {
		if y == 0 {
			return 0, 0, 0, 0, errors.New("want YYYY-MM-DD")
		}
		y = 1 - y
		n += 5
		if d > daysIn(y, m) { // Feb 29 of a year that is a leap year only as AD
			return 0, 0, 0, 0, errors.New("want YYYY-MM-DD")
		}
	} else if y == 0 {
		return 0, 0, 0, 0, errors.New("year 0000 is written 0001 (BC)")
	}
	return y, m, d, n, nil
}

// decodeDuckDate returns a DuckDB DATE as time.Time at UTC midnight, as for
// engine v3.
func decodeDuckDate(s string) (any, error) {
	y, m, d, n, err := parseDuckDate(s)
	if err != nil {
		return nil, err
	}
	if n != len(s) {
		return nil, errors.New("want YYYY-MM-DD")
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), nil
}

// decodeDuckTime returns a DuckDB TIME as a Time. DuckDB's end of day,
// 24:00:00, is Time{Hour: 24}.
func decodeDuckTime(s string) (any, error) {
	if s == "24:00:00" {
		return Time{Hour: 24}, nil
	}
	t, n, ok := parseClock(s, 0)
	if !ok || n != len(s) {
		return nil, errors.New("want HH:MM:SS[.ffffff]")
	}
	return t, nil
}

// decodeDuckTimeTZ returns DuckDB's TIME WITH TIME ZONE ("12:00:00+02",
// "12:00:00.5-05:30", "12:00:00+15:59:59") as a time.Time on 0000-01-01 in
// a fixed zone of that offset, as for engine v3.
func decodeDuckTimeTZ(s string) (any, error) {
	var t Time
	var n int
	if len(s) >= 8 && s[:8] == "24:00:00" {
		t, n = Time{Hour: 24}, 8
	} else {
		var ok bool
		if t, n, ok = parseClock(s, 0); !ok {
			return nil, errors.New("want HH:MM:SS[.ffffff]±HH[:MM[:SS]]")
		}
	}
	off, ok := parseDuckOffset(s[n:])
	if !ok {
		return nil, errors.New("want HH:MM:SS[.ffffff]±HH[:MM[:SS]]")
	}
	return time.Date(0, time.January, 1, t.Hour, t.Minute, t.Second, t.Nanosecond, duckZone(off)), nil
}

// parseDuckOffset reads ±HH[:MM[:SS]], the whole of s, as seconds east of
// UTC.
func parseDuckOffset(s string) (int, bool) {
	if len(s) < 3 || s[0] != '+' && s[0] != '-' {
		return 0, false
	}
	sign := 1
	if s[0] == '-' {
		sign = -1
	}
	secs := 0
	for k, unit := range []int{3600, 60, 1} {
		v, ok := twoDigits(s[1:])
		if !ok || k > 0 && v > 59 || k == 0 && v > 23 {
			return 0, false
		}
		secs += v * unit
		s = s[3:]
		if s == "" {
			return sign * secs, true
		}
		if s[0] != ':' || len(s) < 3 {
			return 0, false
		}
	}
	return 0, false
}

// duckZone returns UTC for offset 0, else a fixed zone named as Go names
// offsets ("+02:00").
func duckZone(secs int) *time.Location {
	if secs == 0 {
		return time.UTC
	}
	return time.FixedZone("", secs)
}

// decodeDuckTimestamp reads "YYYY-MM-DD[ (BC)] HH:MM:SS[.f]", with a
// trailing offset ("+00") when zoned, as a time.Time in UTC (or in a fixed
// zone for an offset other than +00).
func decodeDuckTimestamp(zoned bool) func(string) (any, error) {
	return func(s string) (any, error) {
		y, m, d, n, err := parseDuckDate(s)
		if err != nil {
			return nil, err
		}
		if n >= len(s) || s[n] != ' ' {
			return nil, errTimestamp
		}
		t, k, ok := parseClock(s, n+1)
		if !ok {
			return nil, errTimestamp
		}
		loc := time.UTC
		if zoned {
			off, ok := parseDuckOffset(s[k:])
			if !ok {
				return nil, errors.New("want YYYY-MM-DD HH:MM:SS[.ffffff]±HH[:MM[:SS]]")
			}
			loc = duckZone(off)
		} else if k != len(s) {
			return nil, errTimestamp
		}
		return time.Date(y, time.Month(m), d, t.Hour, t.Minute, t.Second, t.Nanosecond, loc), nil
	}
}
