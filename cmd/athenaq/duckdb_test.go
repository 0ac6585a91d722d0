package main

import (
	"testing"
)

// TestLocalDuckDBWorkGroup runs DuckDB SQL in the local Athena's duckdb
// work group, beside engine v3 in primary, over the same sample database.
func TestLocalDuckDBWorkGroup(t *testing.T) {
	data := localData(t)
	local := []string{"--local", "--data-dir", data}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"division is DuckDB's", []string{"--workgroup", "duckdb", "--format", "csv", "SELECT 5/2 AS q"}, "q\n2.5\n"},
		{"division is Trino's in primary", []string{"--format", "csv", "SELECT 5/2 AS q"}, "q\n2\n"},
		{"json numbers and strings", []string{"--workgroup", "duckdb", "--format", "jsonl",
			"SELECT 18446744073709551615::UBIGINT AS u, 'inf'::DOUBLE AS i, 1.50::DECIMAL(5,2) AS d, true AS b, [1, NULL] AS l"},
			`{"u":18446744073709551615,"i":"inf","d":"1.50","b":true,"l":"[1, NULL]"}` + "\n"},
		{"the sample through DuckDB SQL", []string{"--workgroup", "duckdb", "--format", "csv",
			"SELECT count(*) > 100 AS many FROM sample.customers"}, "many\ntrue\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustRun(t, "", append(append([]string{"query"}, local...), tt.args...)...)
			if r.stdout != tt.want {
				t.Errorf("stdout %q, want %q", r.stdout, tt.want)
			}
		})
	}
}
