package athenatype

import (
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Date is a calendar date without a time or a zone. Decoding returns Athena
// dates as time.Time at UTC midnight (the form database/sql expects); Date
// exists so that a parameter can be sent as a DATE literal rather than a
// TIMESTAMP one: Literal(DateOf(t)) is "DATE '2026-01-02'".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate parses "YYYY-MM-DD".
func ParseDate(s string) (Date, error) {
	y, m, d, n, ok := parseDateText(s)
	if !ok || n != len(s) {
		return Date{}, fmt.Errorf("athenatype: date %q: want YYYY-MM-DD", truncate(s))
	}
	return Date{y, time.Month(m), d}, nil
}

// String returns "YYYY-MM-DD".
func (d Date) String() string {
	return string(appendDate(nil, d.Year, int(d.Month), d.Day))
}

// IsValid reports whether d is a real calendar date.
func (d Date) IsValid() bool {
	return d.Month >= time.January && d.Month <= time.December && d.Day >= 1 && d.Day <= daysIn(d.Year, int(d.Month))
}

// In returns midnight at the start of d in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// Time is a time of day with nanosecond precision and no zone: the Go value
// of Athena's time type.
type Time struct {
	Hour       int // 0-23
	Minute     int // 0-59
	Second     int // 0-59
	Nanosecond int // 0-999999999
}

// TimeOf returns the time of day of t in t's location.
func TimeOf(t time.Time) Time {
	return Time{t.Hour(), t.Minute(), t.Second(), t.Nanosecond()}
}

// ParseTime parses "HH:MM:SS" with an optional fraction of up to 9 digits
// ("12:34:56.789"); digits beyond nanoseconds (Trino's time(12)) are dropped.
func ParseTime(s string) (Time, error) {
	t, n, ok := parseClock(s, 0)
	if !ok || n != len(s) {
		return Time{}, fmt.Errorf("athenatype: time %q: want HH:MM:SS[.fffffffff]", truncate(s))
	}
	return t, nil
}

// String returns "HH:MM:SS" followed by the fraction with trailing zeros
// removed: "12:34:56.789", "08:00:00".
func (t Time) String() string {
	return string(appendClock(nil, t))
}

// IsValid reports whether every field is in range.
func (t Time) IsValid() bool {
	return t.Hour >= 0 && t.Hour < 24 && t.Minute >= 0 && t.Minute < 60 && t.Second >= 0 && t.Second < 60 &&
		t.Nanosecond >= 0 && t.Nanosecond < 1e9
}

// Zoned marks a time.Time to be encoded as a TIMESTAMP WITH TIME ZONE
// literal in its own location: Literal(Zoned(t)) is
// "TIMESTAMP '2026-01-02 03:04:05.123 America/New_York'". A plain time.Time
// encodes as a TIMESTAMP in UTC.
type Zoned time.Time

// parseDateText parses YYYY-MM-DD at the start of s: an optional sign and
// 4 to 9 year digits (Java prints years beyond 9999 with a '+', unverified
// for Athena), then a two-digit month and day. It returns the bytes read.
func parseDateText(s string) (year, month, day, n int, ok bool) {
	i := 0
	neg := false
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		neg = s[i] == '-'
		i++
	}
	start := i
	for i < len(s) && isDigit(s[i]) && i-start < 9 {
		year = year*10 + int(s[i]-'0')
		i++
	}
	if i-start < 4 {
		return 0, 0, 0, 0, false
	}
	if neg {
		year = -year
	}
	if len(s) < i+6 || s[i] != '-' || s[i+3] != '-' {
		return 0, 0, 0, 0, false
	}
	month, ok1 := twoDigits(s[i+1:])
	day, ok2 := twoDigits(s[i+4:])
	if !ok1 || !ok2 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) {
		return 0, 0, 0, 0, false
	}
	return year, month, day, i + 6, true
}

// parseClock parses HH:MM:SS[.f...] at s[i:] and returns the index after it.
func parseClock(s string, i int) (Time, int, bool) {
	if len(s) < i+8 || s[i+2] != ':' || s[i+5] != ':' {
		return Time{}, 0, false
	}
	h, ok1 := twoDigits(s[i:])
	m, ok2 := twoDigits(s[i+3:])
	sec, ok3 := twoDigits(s[i+6:])
	if !ok1 || !ok2 || !ok3 || h > 23 || m > 59 || sec > 59 {
		return Time{}, 0, false
	}
	i += 8
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
		if digits == 0 || digits > maxTimePrecision {
			return Time{}, 0, false
		}
		for d := digits; d < 9; d++ {
			ns *= 10
		}
	}
	return Time{h, m, sec, ns}, i, true
}

// parseTimestamp parses "YYYY-MM-DD HH:MM:SS[.f]" at the start of s and
// returns the index after it.
func parseTimestamp(s string) (Date, Time, int, bool) {
	y, mo, d, n, ok := parseDateText(s)
	if !ok || n >= len(s) || s[n] != ' ' {
		return Date{}, Time{}, 0, false
	}
	t, n, ok := parseClock(s, n+1)
	if !ok {
		return Date{}, Time{}, 0, false
	}
	return Date{y, time.Month(mo), d}, t, n, true
}

var errTimestamp = errors.New("want YYYY-MM-DD HH:MM:SS[.fffffffff]")

// decodeTimestamp decodes Athena's timestamp text as a time.Time in UTC.
func decodeTimestamp(s string) (any, error) {
	d, t, n, ok := parseTimestamp(s)
	if !ok || n != len(s) {
		return nil, errTimestamp
	}
	return time.Date(d.Year, d.Month, d.Day, t.Hour, t.Minute, t.Second, t.Nanosecond, time.UTC), nil
}

// decodeTimestampZone decodes "YYYY-MM-DD HH:MM:SS[.f] ZONE", where ZONE is
// a zone name (UTC, America/Los_Angeles) or an offset (+05:30), as a
// time.Time in that zone.
func decodeTimestampZone(s string) (any, error) {
	d, t, n, ok := parseTimestamp(s)
	if !ok {
		return nil, errTimestamp
	}
	loc, err := zoneAfter(s, n)
	if err != nil {
		return nil, err
	}
	return time.Date(d.Year, d.Month, d.Day, t.Hour, t.Minute, t.Second, t.Nanosecond, loc), nil
}

// decodeTimeZone decodes "HH:MM:SS[.f]+05:30" (engine v3) or
// "HH:MM:SS[.f] America/Los_Angeles" (older engines) as a time.Time on
// 0000-01-01 in that zone, the convention of Go's PostgreSQL drivers for
// time with time zone. With a zone name, the zone's offset on that date
// (often its local mean time) applies.
func decodeTimeZone(s string) (any, error) {
	t, n, ok := parseClock(s, 0)
	if !ok {
		return nil, errors.New("want HH:MM:SS[.fffffffff] and a zone")
	}
	loc, err := zoneAfter(s, n)
	if err != nil {
		return nil, err
	}
	return time.Date(0, time.January, 1, t.Hour, t.Minute, t.Second, t.Nanosecond, loc), nil
}

func decodeDate(s string) (any, error) {
	y, m, d, n, ok := parseDateText(s)
	if !ok || n != len(s) {
		return nil, errors.New("want YYYY-MM-DD")
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), nil
}

func decodeTime(s string) (any, error) {
	t, n, ok := parseClock(s, 0)
	if !ok || n != len(s) {
		return nil, errors.New("want HH:MM:SS[.fffffffff]")
	}
	return t, nil
}

func twoDigits(s string) (int, bool) {
	if len(s) < 2 || !isDigit(s[0]) || !isDigit(s[1]) {
		return 0, false
	}
	return int(s[0]-'0')*10 + int(s[1]-'0'), true
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func appendDate(b []byte, y, m, d int) []byte {
	if y < 0 {
		b = append(b, '-')
		y = -y
	}
	for p := 1000; p > 1 && y < p; p /= 10 {
		b = append(b, '0')
	}
	b = strconv.AppendInt(b, int64(y), 10)
	b = append(b, '-')
	b = appendTwo(b, m)
	b = append(b, '-')
	return appendTwo(b, d)
}

func appendClock(b []byte, t Time) []byte {
	b = appendTwo(b, t.Hour)
	b = append(b, ':')
	b = appendTwo(b, t.Minute)
	b = append(b, ':')
	b = appendTwo(b, t.Second)
	return appendFraction(b, t.Nanosecond)
}

// appendFraction appends ".fffffffff" with trailing zeros removed, nothing
// for 0.
func appendFraction(b []byte, ns int) []byte {
	if ns <= 0 {
		return b
	}
	var digits [9]byte
	for i := 8; i >= 0; i-- {
		digits[i] = byte('0' + ns%10)
		ns /= 10
	}
	n := 9
	for n > 0 && digits[n-1] == '0' {
		n--
	}
	b = append(b, '.')
	return append(b, digits[:n]...)
}

func appendTwo(b []byte, v int) []byte {
	if v < 10 && v >= 0 {
		b = append(b, '0')
	}
	return strconv.AppendInt(b, int64(v), 10)
}
