package sqltext

import "testing"

func TestDoubleLiteralsTypesDecimalsAsDouble(t *testing.T) {
	tests := []struct{ sql, want string }{
		{"SELECT 1.5", "SELECT CAST(1.5 AS DOUBLE)"},
		{"SELECT 0.1 + 0.2", "SELECT CAST(0.1 AS DOUBLE) + CAST(0.2 AS DOUBLE)"},
		{"SELECT .5, 1., 1e3, 2.5E-3", "SELECT CAST(.5 AS DOUBLE), CAST(1. AS DOUBLE), CAST(1e3 AS DOUBLE), CAST(2.5E-3 AS DOUBLE)"},
		{"SELECT -1.5", "SELECT -CAST(1.5 AS DOUBLE)"},
		{"SELECT 1, 0x1E, 1_000", "SELECT 1, 0x1E, 1_000"},
		{"SELECT DECIMAL '1.5', '2.5', \"3.5\"", "SELECT CAST('1.5' AS DECIMAL(2,1)), '2.5', \"3.5\""},
		{"SELECT CAST(1.5 AS DECIMAL(3,1))", "SELECT CAST(CAST(1.5 AS DOUBLE) AS DECIMAL(3,1))"},
		{"SELECT * FROM t TABLESAMPLE BERNOULLI (12.5) WHERE x > 1.5", "SELECT * FROM t TABLESAMPLE BERNOULLI (12.5) WHERE x > CAST(1.5 AS DOUBLE)"},
		{"SELECT 1.5 -- 2.5", "SELECT CAST(1.5 AS DOUBLE) -- 2.5"},
		{"SELECT x FROM t", "SELECT x FROM t"},
		{"SELECT '1.5", "SELECT '1.5"},
		{"SELECT X'0102', x'ff', 'X''00'", "SELECT unhex('0102'), unhex('ff'), 'X''00'"},
		{"SELECT DECIMAL '12.50', decimal '-0.5', DECIMAL '7', DECIMAL 'x'", "SELECT CAST('12.50' AS DECIMAL(4,2)), CAST('-0.5' AS DECIMAL(1,1)), CAST('7' AS DECIMAL(1,0)), DECIMAL 'x'"},
	}
	for _, tt := range tests {
		if got := DoubleLiterals(tt.sql); got != tt.want {
			t.Errorf("DoubleLiterals(%q)\n got %q\nwant %q", tt.sql, got, tt.want)
		}
	}
}
