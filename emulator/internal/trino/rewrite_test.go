package trino

import (
	"errors"
	"testing"
)

func TestRewrite(t *testing.T) {
	tests := []rewriteCase{
		{"unchanged", "SELECT a, -- c\n b FROM t", "SELECT a, -- c\n b FROM t"},
		{"regexp_replace", "SELECT regexp_replace(s, 'a(b)', 'x$1')", `SELECT regexp_replace(s, 'a(b)', 'x\1', 'g')`},
		{"regexp_replace two args", "SELECT regexp_replace(s, 'a')", "SELECT regexp_replace(s, 'a', '', 'g')"},
		{"regexp_extract", "SELECT regexp_extract(s, 'z')", "SELECT trino_regexp_extract(s, 'z')"},
		{"date_diff", "SELECT date_diff('day', a, b)", "SELECT date_sub('day', a, b)"},
		{"date_add date", "SELECT date_add('day', 1, DATE '2026-01-01')",
			"SELECT CAST((DATE '2026-01-01' + INTERVAL (1) DAY) AS DATE)"},
		{"date_add duckdb", "SELECT date_add(d, INTERVAL 1 DAY)", "SELECT date_add(d, INTERVAL 1 DAY)"},
		{"element_at", "SELECT element_at(a, -1)", "SELECT trino_element_at(a, -1)"},
		{"date_format", "SELECT date_format(ts, '%Y-%m-%d %H:%i:%s')", "SELECT strftime(ts, '%Y-%m-%d %H:%M:%S')"},
		{"format_datetime", "SELECT format_datetime(ts, 'yyyy-MM-dd HH:mm')", "SELECT strftime(ts, '%Y-%m-%d %H:%M')"},
		{"transform", "SELECT transform(a, x -> x + 1)", "SELECT list_transform(a, lambda x: x + 1)"},
		{"reduce", "SELECT reduce(a, 0, (s, x) -> s + x, s -> s)", "SELECT list_reduce(a, lambda s, x: s + x, 0)"},
		{"any_match", "SELECT any_match(a, x -> x > 1)", "SELECT trino_any_match(list_transform(a, lambda x: x > 1))"},
		{"map_filter", "SELECT map_filter(m, (k, v) -> v > 1)",
			"SELECT map_from_entries(list_filter(map_entries(m), lambda trino_e: trino_e.value > 1))"},
		{"zip_with", "SELECT zip_with(a, b, (x, y) -> x + y)",
			"SELECT list_transform(list_zip(a, b), lambda trino_z: trino_z[1] + trino_z[2])"},
		{"cast array", "SELECT CAST(x AS array(integer))", "SELECT CAST(x AS INTEGER[])"},
		{"cast map row", "SELECT TRY_CAST(x AS map(varchar, row(a bigint, b array(double))))",
			"SELECT TRY_CAST(x AS MAP(VARCHAR, STRUCT(a BIGINT, b DOUBLE[])))"},
		{"cast plain", "SELECT CAST(x AS varchar)", "SELECT CAST(x AS varchar)"},
		{"cast legacy array", "SELECT CAST(x AS ARRAY<INTEGER>)", "SELECT CAST(x AS INTEGER[])"},
		{"cast legacy nested", "SELECT CAST(x AS ARRAY<MAP<VARCHAR,ARRAY<BIGINT>>>)", "SELECT CAST(x AS MAP(VARCHAR, BIGINT[])[])"},
		{"cast to json", "SELECT CAST(s AS JSON) FROM t", "SELECT to_json(s) FROM t"},
		{"try_cast to json", "SELECT TRY_CAST(s AS json)", "SELECT to_json(s)"},
		{"cast decimal literal", "SELECT CAST(1.25 AS DECIMAL(10,2))", "SELECT CAST(DECIMAL '1.25' AS DECIMAL(10,2))"},
		{"cast negative decimal literal", "SELECT CAST(-1.25 AS decimal(10, 2))", "SELECT CAST(DECIMAL '-1.25' AS decimal(10, 2))"},
		{"cast exponent to decimal", "SELECT CAST(1e3 AS DECIMAL(10,2))", "SELECT CAST(1e3 AS DECIMAL(10,2))"},
		{"listagg", "SELECT listagg(x, ',') WITHIN GROUP (ORDER BY x) FROM t", "SELECT string_agg(x, ',' ORDER BY x) FROM t"},
		{"tablesample", "SELECT * FROM t TABLESAMPLE BERNOULLI (50)", "SELECT * FROM t TABLESAMPLE BERNOULLI (50 PERCENT)"},
		{"unnest rows", "SELECT * FROM UNNEST(r) WITH ORDINALITY AS t(a, b, n)",
			"SELECT * FROM (SELECT unnest(r, max_depth := 2), unnest(range(1, len(r) + 1))) AS t(a, b, n)"},
		{"unnest plain", "SELECT * FROM UNNEST(r) AS t(a)", "SELECT * FROM UNNEST(r) AS t(a)"},
		{"at time zone", "SELECT ts AT TIME ZONE 'America/New_York'", "SELECT trino_at_timezone(ts, 'America/New_York')"},
		{"at time zone utc", "SELECT t.ts AT TIME ZONE 'UTC'", "SELECT CAST(t.ts AS TIMESTAMPTZ)"},
		{"try division", "SELECT try(a * b / c)", "SELECT try(divide(a * b, c))"},
		{"values", "SELECT * FROM (VALUES 1, 2) AS t(x)", "SELECT * FROM (VALUES (1), (2)) AS t(x)"},
		{"values rows", "SELECT * FROM (VALUES (1, 2)) AS t(x, y)", "SELECT * FROM (VALUES (1, 2)) AS t(x, y)"},
		{"extract dow", "SELECT extract(dow FROM d)", "SELECT extract(ISODOW FROM d)"},
		{"alias list kept", "WITH sequence(a) AS (SELECT 1) SELECT a FROM sequence", "WITH sequence(a) AS (SELECT 1) SELECT a FROM sequence"},
		{"filter clause kept", "SELECT count(*) FILTER (WHERE x) FROM t", "SELECT count(*) FILTER (WHERE x) FROM t"},
		{"comment in call", "SELECT cardinality(a -- n\n)", "SELECT trino_cardinality(a)"},
		{"timestamp with zone", "SELECT TIMESTAMP '2026-01-01 00:00 UTC'", "SELECT trino_timestamptz('2026-01-01 00:00 UTC')"},
	}
	checkRewrites(t, tests)
}

func TestRewriteUnsupported(t *testing.T) {
	for _, in := range []string{
		"SELECT date_format(ts, fmt)",
		"SELECT date_parse(s, '%D')",
		"SELECT format_datetime(ts, 'G')",
		"SELECT date_add(u, 1, d)",
		"SELECT array_sort(a, x -> 1)",
		"SELECT combinations(a, n)",
		"SELECT regexp_replace(s, p, x -> x[1])",
		"SELECT normalize(s, NFD)",
		"SELECT normalize(s, NFKD)",
	} {
		_, err := Rewrite(in)
		var u *UnsupportedError
		if !errors.As(err, &u) {
			t.Errorf("Rewrite(%q) error = %v, want *UnsupportedError", in, err)
		}
	}
}

func TestSetupDefinesMacros(t *testing.T) {
	if want := len(macros) + len(typeMacros) + len(strictMacros); len(Setup()) != want {
		t.Fatalf("Setup returned %d statements, want %d", len(Setup()), want)
	}
}

// rewriteCase is one statement and what Rewrite must make of it.
type rewriteCase struct{ name, in, want string }

// checkRewrites runs each case as a subtest.
func checkRewrites(t *testing.T, tests []rewriteCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Rewrite(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Rewrite(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}
