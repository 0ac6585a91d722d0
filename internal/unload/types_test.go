package unload_test

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/athenatype"
	"github.com/athenaq/athenaq/internal/unload"
)

// apiRows runs sql through the athenaq client's API transport, with the
// type table's signatures as TypeHints so that complex values decode, and
// returns the column names and rows.
func apiRows(t *testing.T, env *athenatest.Env, sql string, hints map[string]string) ([]string, [][]any) {
	t.Helper()
	ctx := context.Background()
	cfg := env.ClientConfig()
	cfg.TypeHints = hints
	cfg.PollInterval = 10 * time.Millisecond
	c, err := athenaq.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	rows, err := c.Query(ctx, sql)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for _, col := range rows.Columns() {
		names = append(names, col.Name)
	}
	var out [][]any
	for vals, err := range rows.All() {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, vals)
	}
	return names, out
}

// unloadRows unloads sql and reads it back with Open and Value.
func unloadRows(t *testing.T, env *athenatest.Env, sql, dir string) ([]string, [][]any) {
	t.Helper()
	r, err := unload.Open(context.Background(), env.S3(), unloadTo(t, env, sql, dir), unload.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var names []string
	for _, f := range r.Schema().Fields() {
		names = append(names, f.Name)
	}
	rows, err := readAll(t, r)
	if err != nil {
		t.Fatal(err)
	}
	return names, rows
}

// TestValuesMatchAPITransport unloads a row of every Athena type that
// UNLOAD can write, a row of NULLs and a row of edge values (empty
// strings, arrays and maps, extreme numbers), and checks that Value gives
// what the API transport gives for the same SELECT.
func TestValuesMatchAPITransport(t *testing.T) {
	env := athenatest.Start(t)
	sql := typeSelect(typeColumns)
	hints := map[string]string{}
	for _, c := range typeColumns {
		hints[c.name] = c.typ
	}
	apiNames, want := apiRows(t, env, sql, hints)
	names, got := unloadRows(t, env, sql, "types")
	if !reflect.DeepEqual(names, apiNames) {
		t.Errorf("columns %q, API transport %q", names, apiNames)
	}
	if len(got) != len(want) {
		t.Fatalf("%d rows, API transport %d", len(got), len(want))
	}
	for i := range want {
		for j, c := range typeColumns {
			if !sameValue(got[i][j], want[i][j]) {
				t.Errorf("row %d %s %s: %#v, API transport %#v", i+1, c.name, c.typ, got[i][j], want[i][j])
			}
		}
	}
	if v := got[1][1]; v != nil {
		t.Errorf("NULL boolean = %#v", v)
	}
	if m, ok := got[0][18].(athenatype.Map); !ok || len(m) != 2 || m[0].Key != int32(9) {
		t.Errorf("map(integer, varchar) = %#v, want keys 9, 10 in numeric order", got[0][18])
	}
}

// TestUnloadDiffersFromAPITransport pins the known differences between the
// UNLOAD and API transports, the UNLOAD transport's documented
// limitations.
func TestUnloadDiffersFromAPITransport(t *testing.T) {
	env := athenatest.Start(t)
	for i, tc := range []struct {
		name                string
		sql                 string
		apiName, unloadName string
		hint                string
		api, unload         any
	}{
		// Hive lowercases column names; the API keeps the alias as written.
		{"column names", "SELECT 1 AS MixedCase", "MixedCase", "mixedcase", "integer", int32(1), int32(1)},
		// Athena prints varbinary inside composites as a Java object name
		// (FACTS §5); Parquet keeps the bytes.
		{"varbinary in array", "SELECT ARRAY[X'0102'] AS a", "a", "a", "array(varbinary)", "[B@", []any{[]byte{1, 2}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			apiNames, api := apiRows(t, env, tc.sql, map[string]string{tc.apiName: tc.hint})
			names, got := unloadRows(t, env, tc.sql, fmt.Sprint("diff", i))
			if apiNames[0] != tc.apiName || names[0] != tc.unloadName {
				t.Errorf("column %q, API transport %q; want %q and %q", names[0], apiNames[0], tc.unloadName, tc.apiName)
			}
			if !sameValue(got[0][0], tc.unload) {
				t.Errorf("UNLOAD value %#v, want %#v", got[0][0], tc.unload)
			}
			if s, ok := tc.api.(string); ok {
				a, _ := api[0][0].([]any)
				if len(a) != 1 || !strings.HasPrefix(fmt.Sprint(a[0]), s) {
					t.Errorf("API value %#v, want %s...", api[0][0], s)
				}
			} else if !sameValue(api[0][0], tc.api) {
				t.Errorf("API value %#v, want %#v", api[0][0], tc.api)
			}
		})
	}
}

// TestUnloadRejectsTypesHiveCannotStore: UNLOAD writes Hive types, so
// columns of these types fail the query, and the UNLOAD transport cannot
// carry them (CAST them to varchar first).
func TestUnloadRejectsTypesHiveCannotStore(t *testing.T) {
	env := athenatest.Start(t)
	for i, expr := range []string{
		`JSON '{"a":1}'`,
		"TIME '12:34:56.789'",
		"TIMESTAMP '2026-01-02 03:04:05.678 UTC'",
		"INTERVAL '2' DAY",
		"INTERVAL '3' MONTH",
		"UUID '12151fd2-7586-11e9-8f9e-2a86e4085a59'",
		"ROW(1, 'x')", // a row without field names
	} {
		t.Run(expr, func(t *testing.T) {
			_, err := tryRun(env, fmt.Sprintf("UNLOAD (SELECT %s AS v) TO 's3://%s/unload/reject%d/' WITH (format = 'PARQUET')",
				expr, athenatest.Bucket, i))
			if err == nil || !strings.Contains(err.Error(), "NOT_SUPPORTED") {
				t.Errorf("UNLOAD of %s: %v, want NOT_SUPPORTED", expr, err)
			}
		})
	}
}

// sameValue compares two decoded values: decimals by text (value and
// scale), times by instant and zone, composites element by element.
func sameValue(a, b any) bool {
	switch x := a.(type) {
	case athenatype.Decimal:
		y, ok := b.(athenatype.Decimal)
		return ok && x.String() == y.String()
	case time.Time:
		y, ok := b.(time.Time)
		return ok && x.Equal(y) && x.Location().String() == y.Location().String()
	case []byte:
		y, ok := b.([]byte)
		return ok && bytes.Equal(x, y) && (x == nil) == (y == nil)
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) || (x == nil) != (y == nil) {
			return false
		}
		for i := range x {
			if !sameValue(x[i], y[i]) {
				return false
			}
		}
		return true
	case athenatype.Map:
		y, ok := b.(athenatype.Map)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !sameValue(x[i].Key, y[i].Key) || !sameValue(x[i].Value, y[i].Value) {
				return false
			}
		}
		return true
	case athenatype.Row:
		y, ok := b.(athenatype.Row)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if x[i].Name != y[i].Name || !sameValue(x[i].Value, y[i].Value) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a, b)
}
