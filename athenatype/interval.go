package athenatype

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"
)

// Months is an interval year to month, counted in months: Months(14) is one
// year and two months. Athena's interval day to second decodes as
// time.Duration instead.
type Months int32

// ParseMonths parses Athena's interval year to month text, "Y-M" with an
// optional leading minus that negates the whole interval: "1-2" is 14
// months, "-0-3" is -3.
func ParseMonths(s string) (Months, error) {
	m, err := parseMonths(s)
	if err != nil {
		return 0, fmt.Errorf("athenatype: interval year to month %q: %w", truncate(s), err)
	}
	return m, nil
}

// String returns the "Y-M" text Athena prints: "1-2", "-0-3".
func (m Months) String() string {
	return string(appendMonths(nil, m))
}

func appendMonths(b []byte, m Months) []byte {
	v := int64(m)
	if v < 0 {
		b = append(b, '-')
		v = -v
	}
	b = strconv.AppendInt(b, v/12, 10)
	b = append(b, '-')
	return strconv.AppendInt(b, v%12, 10)
}

func parseMonths(s string) (Months, error) {
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	ys, ms, ok := cutByte(s, '-')
	if !ok || !allDigits(ys) || !allDigits(ms) || len(ys) > 10 || len(ms) > 2 {
		return 0, errors.New("want Y-M")
	}
	y, _ := strconv.ParseInt(ys, 10, 64)
	mo, _ := strconv.ParseInt(ms, 10, 64)
	if mo > 11 {
		return 0, errors.New("month must be 0-11")
	}
	total := y*12 + mo
	if neg {
		total = -total
	}
	if total < math.MinInt32 || total > math.MaxInt32 {
		return 0, errors.New("out of range")
	}
	return Months(total), nil
}

func decodeMonths(s string) (any, error) {
	m, err := parseMonths(s)
	if err != nil {
		return nil, err
	}
	return m, nil
}

// decodeDayToSecond decodes Athena's interval day to second text,
// "D HH:MM:SS.fff" with an optional leading minus that negates the whole
// interval ("-0 00:00:01.500" is -1.5s), as a time.Duration.
func decodeDayToSecond(s string) (any, error) {
	d, err := parseDayToSecond(s)
	if err != nil {
		return nil, err
	}
	return d, nil
}

func parseDayToSecond(s string) (time.Duration, error) {
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	ds, clock, ok := cutByte(s, ' ')
	if !ok || !allDigits(ds) || len(ds) > 7 {
		return 0, errors.New("want D HH:MM:SS.fff")
	}
	days, _ := strconv.ParseInt(ds, 10, 64)
	t, n, ok := parseClock(clock, 0)
	if !ok || n != len(clock) {
		return 0, errors.New("want D HH:MM:SS.fff")
	}
	const maxDays = math.MaxInt64 / int64(24*time.Hour)
	if days > maxDays {
		return 0, errors.New("out of time.Duration's range")
	}
	d := time.Duration(days)*24*time.Hour + time.Duration(t.Hour)*time.Hour + time.Duration(t.Minute)*time.Minute +
		time.Duration(t.Second)*time.Second + time.Duration(t.Nanosecond)
	if d < 0 {
		return 0, errors.New("out of time.Duration's range")
	}
	if neg {
		d = -d
	}
	return d, nil
}

// appendDayToSecond formats d as "D HH:MM:SS.fff" with a leading minus for
// negative durations. d must be a whole number of milliseconds.
func appendDayToSecond(b []byte, d time.Duration) []byte {
	ms := uint64(d / time.Millisecond)
	if d < 0 {
		b = append(b, '-')
		ms = uint64(-(d / time.Millisecond))
	}
	const msPerDay = 24 * 3600 * 1000
	b = strconv.AppendUint(b, ms/msPerDay, 10)
	b = append(b, ' ')
	b = appendTwo(b, int(ms/3600000%24))
	b = append(b, ':')
	b = appendTwo(b, int(ms/60000%60))
	b = append(b, ':')
	b = appendTwo(b, int(ms/1000%60))
	b = append(b, '.')
	frac := ms % 1000
	b = append(b, byte('0'+frac/100), byte('0'+frac/10%10), byte('0'+frac%10))
	return b
}

func cutByte(s string, c byte) (before, after string, ok bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}
