package athenaq_test

import (
	"context"
	"encoding/json"
	"math"
	"net/netip"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatype"
)

// TestDecodeEveryType reads one value of each Athena type the emulator can
// produce, plus NULL, through the whole path: emulator rendering,
// GetQueryResults, athenatype decoding.
func TestDecodeEveryType(t *testing.T) {
	c, _ := open(t, athenaq.Config{TypeHints: map[string]string{
		"nested": "array(map(varchar, array(integer)))", "r": "row(x integer, y varchar)",
	}})
	cases := []struct {
		expr string
		want any
	}{
		{"true", true},
		{"CAST(-128 AS TINYINT)", int8(-128)},
		{"CAST(32767 AS SMALLINT)", int16(32767)},
		{"2147483647", int32(2147483647)},
		{"CAST(-9223372036854775808 AS BIGINT)", int64(math.MinInt64)},
		{"CAST(0.5 AS REAL)", float32(0.5)},
		{"0.1 + 0.2", 0.30000000000000004},
		{"1e20", 1e20},
		{"'it''s'", "it's"},
		{"X'00ff'", []byte{0, 0xff}},
		{"DATE '2026-09-17'", time.Date(2026, 9, 17, 0, 0, 0, 0, time.UTC)},
		{"TIMESTAMP '2026-09-17 12:34:56.789'", time.Date(2026, 9, 17, 12, 34, 56, 789e6, time.UTC)},
		{"INTERVAL 2 DAY", 48 * time.Hour},
		{"JSON '{\"a\":1}'", json.RawMessage(`{"a":1}`)},
		{"CAST(NULL AS VARCHAR)", nil},
		{"[1, 2]", []any{"1", "2"}},
	}
	for _, tc := range cases {
		rows, err := c.Query(context.Background(), "SELECT "+tc.expr+" AS v")
		if err != nil {
			t.Fatalf("%s: %v", tc.expr, err)
		}
		if !rows.Next() {
			t.Fatalf("%s: %v", tc.expr, rows.Err())
		}
		vals, err := rows.Values()
		rows.Close()
		if err != nil {
			t.Errorf("%s: %v", tc.expr, err)
			continue
		}
		got := vals[0]
		if tm, ok := got.(time.Time); ok {
			if want := tc.want.(time.Time); !tm.Equal(want) || tm.Location() != time.UTC {
				t.Errorf("%s = %v (%v), want %v in UTC", tc.expr, tm, tm.Location(), want)
			}
			continue
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s = %#v, want %#v", tc.expr, got, tc.want)
		}
	}

	vals := firstRow(t, c, "SELECT DECIMAL '12.50' AS d, CAST('10.0.0.1' AS VARCHAR) AS ip, "+
		"[MAP(['k'], [[1, 2]]), NULL] AS nested, {'x': 1, 'y': 'a, b'} AS r")
	if d, ok := vals[0].(athenatype.Decimal); !ok || d.String() != "12.50" {
		t.Errorf("decimal = %#v", vals[0])
	}
	if ip, err := netip.ParseAddr(vals[1].(string)); err != nil || ip.String() != "10.0.0.1" {
		t.Errorf("ip = %#v", vals[1])
	}
	nested, ok := vals[2].([]any)
	if !ok || len(nested) != 2 || nested[1] != nil {
		t.Fatalf("nested = %#v", vals[2])
	}
	m := nested[0].(athenatype.Map)
	if v, _ := m.Get("k"); !reflect.DeepEqual(v, []any{int32(1), int32(2)}) {
		t.Errorf("nested[0][k] = %#v", v)
	}
	r := vals[3].(athenatype.Row)
	if y, _ := r.Field("y"); y != "a, b" {
		t.Errorf("row y = %#v (a hinted row keeps commas in varchar fields)", y)
	}
}

func TestThousandConcurrentQueries(t *testing.T) {
	// Athena's quotas would make this take a minute; the limiter is tested
	// elsewhere, so it is raised here.
	lim := athenaq.Limit{PerSecond: 10000, Burst: 10000}
	c, env := open(t, athenaq.Config{APILimits: map[string]athenaq.Limit{"StartQueryExecution": lim, "BatchGetQueryExecution": lim}})
	var wg sync.WaitGroup
	errs := make(chan error, 1000)
	for range 1000 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Exec(context.Background(), "SELECT 1"); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if n := env.Server.Stats().Queries["SUCCEEDED"]; n != 1000 {
		t.Errorf("SUCCEEDED = %d", n)
	}
}
