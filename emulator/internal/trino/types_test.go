package trino

import (
	"testing"
)

func TestRewriteKeepsTrinoTypes(t *testing.T) {
	tests := []rewriteCase{
		{"floor", "SELECT floor(x)", "SELECT trino_floor(x)"},
		{"ceiling", "SELECT ceiling(x), ceil(y)", "SELECT trino_ceil(x), trino_ceil(y)"},
		{"round", "SELECT round(x), round(x, 2)", "SELECT trino_round(x), trino_round(x, 2)"},
		{"sign", "SELECT sign(x)", "SELECT trino_sign(x)"},
		{"sum", "SELECT sum(x) FROM t", "SELECT trino_sum(x) FROM t"},
		{"sum distinct", "SELECT sum(DISTINCT x) FROM t", "SELECT sum(DISTINCT x) FROM t"},
		{"sum window", "SELECT sum(x) OVER (ORDER BY y) FROM t", "SELECT sum(x) OVER (ORDER BY y) FROM t"},
		{"sum filter", "SELECT sum(x) FILTER (WHERE y) FROM t", "SELECT sum(x) FILTER (WHERE y) FROM t"},
		{"cast to integer", "SELECT CAST(x AS integer)", "SELECT CAST(trino_to_int(x) AS integer)"},
		{"try_cast to bigint", "SELECT TRY_CAST(x + 1 AS bigint)", "SELECT TRY_CAST(trino_to_int(x + 1) AS bigint)"},
		{"cast to double", "SELECT CAST(x AS double)", "SELECT CAST(x AS double)"},
		{"date plus interval", "SELECT d + INTERVAL '2' DAY FROM t", "SELECT trino_date_plus(d, INTERVAL '2' DAY) FROM t"},
		{"date minus interval", "SELECT DATE '2026-01-01' - INTERVAL '1' MONTH",
			"SELECT trino_date_minus(DATE '2026-01-01', INTERVAL '1' MONTH)"},
		{"interval chain", "SELECT d + INTERVAL '1' DAY + INTERVAL '2' HOUR",
			"SELECT trino_date_plus(trino_date_plus(d, INTERVAL '1' DAY), INTERVAL '2' HOUR)"},
		{"interval after product", "SELECT a * b + INTERVAL '1' DAY", "SELECT a * b + INTERVAL '1' DAY"},
		{"year to month", "SELECT INTERVAL '1-2' YEAR TO MONTH", "SELECT INTERVAL '1 years 2 months'"},
		{"negative year to month", "SELECT INTERVAL '-1-2' YEAR TO MONTH", "SELECT (- INTERVAL '1 years 2 months')"},
		{"day to second", "SELECT INTERVAL '1 12:30:00' DAY TO SECOND", "SELECT INTERVAL '1 days 12:30:00'"},
		{"hour to second", "SELECT INTERVAL '12:30:05' HOUR TO SECOND", "SELECT INTERVAL '12:30:05'"},
		{"bad year to month", "SELECT INTERVAL 'x' YEAR TO MONTH", "SELECT INTERVAL 'x' YEAR TO MONTH"},
		{"ln and sqrt", "SELECT ln(x), sqrt(y)", "SELECT trino_ln(x), trino_sqrt(y)"},
	}
	checkRewrites(t, tests)
}
