package trino_test

import (
	"strings"
	"testing"
)

// TestEndToEnd runs one statement per construct of the Athena SQL
// compatibility issue on DuckDB through the engine and checks Trino's
// documented result.
func TestEndToEnd(t *testing.T) {
	e := openEngine(t)
	tests := []struct{ name, sql, want string }{
		{"regexp_replace all matches and $1", "SELECT regexp_replace('abab', 'a(b)', 'x$1')", "xbxb"},
		{"regexp_extract no match", "SELECT regexp_extract('abc', 'z') IS NULL", "true"},
		{"date_diff whole units", "SELECT date_diff('day', TIMESTAMP '2026-01-01 23:00', TIMESTAMP '2026-01-02 01:00')", "0"},
		{"element_at negative", "SELECT element_at(ARRAY[1,2,3], -1)", "3"},
		{"element_at out of range", "SELECT element_at(ARRAY[1], 5) IS NULL", "true"},
		{"date_format", "SELECT date_format(TIMESTAMP '2026-01-02 03:04:05', '%Y-%m-%d %H:%i:%s')", "2026-01-02 03:04:05"},
		{"date_parse", "SELECT date_parse('2026-01-02 03:04', '%Y-%m-%d %H:%i')", "2026-01-02 03:04:00.000"},
		{"format_datetime", "SELECT format_datetime(TIMESTAMP '2026-01-02 03:04:05', 'yyyy-MM-dd HH:mm')", "2026-01-02 03:04"},
		{"parse_datetime", "SELECT parse_datetime('2026-01-02', 'yyyy-MM-dd')", "2026-01-02 00:00:00.000 UTC"},
		{"transform", "SELECT transform(ARRAY[1,2], x -> x * 2)", "[2, 4]"},
		{"filter", "SELECT filter(ARRAY[1,2,3], x -> x > 1)", "[2, 3]"},
		{"reduce", "SELECT reduce(ARRAY[1,2,3], 0, (s, x) -> s + x, s -> s * 10)", "60"},
		{"any_match", "SELECT any_match(ARRAY[1,2], x -> x = 2)", "true"},
		{"all_match", "SELECT all_match(ARRAY[1,2], x -> x = 2)", "false"},
		{"none_match", "SELECT none_match(ARRAY[1,2], x -> x = 3)", "true"},
		{"map_filter", "SELECT map_filter(MAP(ARRAY['a','b'], ARRAY[1,2]), (k, v) -> v > 1)", "{b=2}"},
		{"zip_with", "SELECT zip_with(ARRAY[1,2], ARRAY[3,4], (x, y) -> x * y)", "[3, 8]"},
		{"transform_values", "SELECT transform_values(MAP(ARRAY['a'], ARRAY[1]), (k, v) -> v + 1)", "{a=2}"},
		{"row", "SELECT ROW(1, 'a')", "{1, a}"},
		{"cast row", "SELECT CAST(ROW(1, 'a') AS ROW(x integer, y varchar))", "{x=1, y=a}"},
		{"array type", "SELECT CAST(ARRAY['1'] AS array(integer))", "[1]"},
		{"map type", "SELECT CAST(MAP(ARRAY['a'], ARRAY[1]) AS map(varchar, bigint))", "{a=1}"},
		{"row type", "SELECT TRY_CAST(ROW(1) AS row(a integer))", "{a=1}"},
		{"listagg", "SELECT listagg(x, ',') WITHIN GROUP (ORDER BY x) FROM (VALUES 'b', 'a') AS t(x)", "a,b"},
		{"tablesample bernoulli", "SELECT count(*) FROM (VALUES 1, 2) AS t(x) TABLESAMPLE BERNOULLI (100)", "2"},
		{"tablesample system", "SELECT count(*) FROM (VALUES 1, 2) AS t(x) TABLESAMPLE SYSTEM (100)", "2"},
		{"unnest ordinality", "SELECT x, n FROM UNNEST(ARRAY['a']) WITH ORDINALITY AS t(x, n)", "a | 1"},
		{"unnest rows ordinality", "SELECT a, b, n FROM UNNEST(ARRAY[ROW(1, 'x')]) WITH ORDINALITY AS t(a, b, n)", "1 | x | 1"},
		{"at time zone", "SELECT hour(TIMESTAMP '2026-01-01 00:00' AT TIME ZONE 'Asia/Tokyo')", "9"},
		{"with_timezone", "SELECT to_unixtime(with_timezone(TIMESTAMP '1970-01-01 09:00', 'Asia/Tokyo'))", "0.0"},
		{"try", "SELECT try(1 / 0)", "NULL"},
		{"try_cast", "SELECT try_cast('x' AS integer)", "NULL"},
		{"integer overflow", "SELECT 2147483647 + 1", "ERROR overflow"},
		{"bigint overflow", "SELECT 9223372036854775807 * 2", "ERROR overflow"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := runTrino(t, e, tt.sql)
			if want, ok := strings.CutPrefix(tt.want, "ERROR "); ok {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Fatalf("%s: error %v, want one containing %q (rows %q)", tt.sql, err, want, formatRows(rows))
				}
				return
			}
			if err != nil {
				t.Fatalf("%s: %v", tt.sql, err)
			}
			if got := formatRows(rows); got != tt.want {
				t.Errorf("%s: got %q, want %q", tt.sql, got, tt.want)
			}
		})
	}
}
