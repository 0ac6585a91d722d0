package protocol

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"time"
)

// Time is an Athena timestamp member (SubmissionDateTime, CreationTime, ...).
// On the wire it is a JSON number of epoch seconds with millisecond
// precision, written in Java double notation as Athena writes it:
// 1764025983.123 is sent as 1.764025983123E9 (FACTS §1.3).
//
// Output structs tag Time members omitzero, so the zero Time is left out.
type Time struct {
	time.Time
}

// NewTime returns t as a Time.
func NewTime(t time.Time) Time {
	return Time{t}
}

// MarshalJSON encodes t as epoch seconds, truncated to the millisecond, in
// Java Double.toString notation.
func (t Time) MarshalJSON() ([]byte, error) {
	secs := float64(t.UnixMilli()) / 1000
	return []byte(formatJavaDouble(secs)), nil
}

// UnmarshalJSON accepts any JSON number of epoch seconds, in exponent form
// (1.7E9) or plain (1700000000.123), rounded to the millisecond. null leaves
// t unchanged.
func (t *Time) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" {
		return nil
	}
	if s == "" || s[0] == '"' {
		return errors.New("protocol: timestamp: want a JSON number of epoch seconds")
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return errors.New("protocol: timestamp " + strconv.Quote(s) + ": want a JSON number of epoch seconds")
	}
	ms := math.Round(f * 1000)
	if math.IsInf(ms, 0) || math.IsNaN(ms) || math.Abs(ms) > 1<<62 {
		return errors.New("protocol: timestamp " + strconv.Quote(s) + ": out of range")
	}
	t.Time = time.UnixMilli(int64(ms)).UTC()
	return nil
}

// formatJavaDouble formats f as Java's Double.toString does: the shortest
// digits that round-trip, in plain notation for 1e-3 <= |f| < 1e7 (always
// with a fraction digit) and as d.dddE<n> otherwise (no '+' in the exponent).
func formatJavaDouble(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		if math.Signbit(f) {
			return "-0.0"
		}
		return "0.0"
	}
	if a := math.Abs(f); a >= 1e-3 && a < 1e7 {
		s := strconv.FormatFloat(f, 'f', -1, 64)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	s := strconv.FormatFloat(f, 'e', -1, 64) // e.g. 1.764025983123e+09
	mant, exp, _ := strings.Cut(s, "e")
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	n, _ := strconv.Atoi(exp) // drops '+' and leading zeros
	return mant + "E" + strconv.Itoa(n)
}
