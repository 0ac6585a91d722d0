package records

import (
	"fmt"
	"math"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/athenaq/athenaq/athenatype"
)

// timeAppender returns a function that appends a time of day to b, a
// builder of the time type of t.
func timeAppender(t *athenatype.Type, b array.Builder) func(athenatype.Time) error {
	unit := timeUnit(t)
	return func(x athenatype.Time) error {
		ns := ((int64(x.Hour)*60+int64(x.Minute))*60+int64(x.Second))*1e9 + int64(x.Nanosecond)
		n, err := inUnit(ns, unit, t)
		if err != nil {
			return err
		}
		if unit == arrow.Millisecond {
			b.(*array.Time32Builder).Append(arrow.Time32(n))
		} else {
			b.(*array.Time64Builder).Append(arrow.Time64(n))
		}
		return nil
	}
}

// timestampAppender returns a function that appends an instant to b, a
// builder of the timestamp type of t.
func timestampAppender(t *athenatype.Type, b array.Builder) func(time.Time) error {
	tb := b.(*array.TimestampBuilder)
	unit := timeUnit(t)
	return func(x time.Time) error {
		n, err := timestampIn(x, unit, t)
		if err != nil {
			return err
		}
		tb.Append(arrow.Timestamp(n))
		return nil
	}
}

// epochDays returns the days from 1970-01-01 to t's date.
func epochDays(t time.Time) (int32, error) {
	y, m, d := t.Date()
	secs := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()
	days := secs / 86400 // exact: midnight UTC is a whole number of days
	if days < math.MinInt32 || days > math.MaxInt32 {
		return 0, fmt.Errorf("date %04d-%02d-%02d is out of date32's range", y, m, d)
	}
	return int32(days), nil
}

// unitNanos is the length of one unit in nanoseconds.
func unitNanos(u arrow.TimeUnit) int64 {
	switch u {
	case arrow.Second:
		return 1e9
	case arrow.Millisecond:
		return 1e6
	case arrow.Microsecond:
		return 1e3
	}
	return 1
}

// inUnit converts a count of nanoseconds to unit, refusing to drop digits:
// a value finer than its column's precision says the precision was wrong.
func inUnit(ns int64, unit arrow.TimeUnit, t *athenatype.Type) (int64, error) {
	per := unitNanos(unit)
	if ns%per != 0 {
		return 0, fmt.Errorf("value has more fraction digits than %s holds; give the column a TypeHints entry with its precision, such as %s(6)",
			t, t.Name)
	}
	return ns / per, nil
}

// timestampIn returns the instant t as a count of unit since the Unix
// epoch.
func timestampIn(t time.Time, unit arrow.TimeUnit, typ *athenatype.Type) (int64, error) {
	sec, nsec := t.Unix(), int64(t.Nanosecond())
	frac, err := inUnit(nsec, unit, typ)
	if err != nil {
		return 0, err
	}
	perSec := 1e9 / unitNanos(unit)
	if sec > math.MaxInt64/perSec-1 || sec < math.MinInt64/perSec+1 {
		return 0, fmt.Errorf("timestamp %s is out of the range of timestamp[%s]", t.Format(time.RFC3339Nano), unit)
	}
	return sec*perSec + frac, nil
}
