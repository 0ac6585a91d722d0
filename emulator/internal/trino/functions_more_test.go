package trino

import "testing"

func TestRewriteMoreForms(t *testing.T) {
	tests := []rewriteCase{
		{"ignore nulls", "SELECT last_value(x) IGNORE NULLS OVER (ORDER BY t)",
			"SELECT last_value(x IGNORE NULLS) OVER (ORDER BY t)"},
		{"respect nulls lag", "SELECT lag(x, 2) respect nulls OVER (ORDER BY t)",
			"SELECT lag(x, 2 RESPECT NULLS) OVER (ORDER BY t)"},
		{"with ties", "SELECT x FROM t ORDER BY x DESC FETCH FIRST 2 ROWS WITH TIES",
			"SELECT x FROM t QUALIFY rank() OVER (ORDER BY x DESC) <= 2 ORDER BY x DESC"},
		{"with ties one row", "SELECT x FROM t ORDER BY x FETCH NEXT ROW WITH TIES",
			"SELECT x FROM t QUALIFY rank() OVER (ORDER BY x) <= 1 ORDER BY x"},
		{"fetch without ties", "SELECT x FROM t ORDER BY x FETCH FIRST 2 ROWS ONLY",
			"SELECT x FROM t ORDER BY x FETCH FIRST 2 ROWS ONLY"},
		{"unicode literal", `SELECT U&'\0041\+01F600'`, "SELECT 'A😀'"},
		{"unicode literal quote", `SELECT U&'it''s \00E9'`, "SELECT 'it''s é'"},
		{"normalize nfd", `SELECT normalize(U&'\00E9', NFD)`, "SELECT 'e\u0301'"},
		{"bracket path", `SELECT json_extract_scalar(j, '$["a"]["b c"][0]')`,
			`SELECT trino_json_extract_scalar(j, '$."a"."b c"[0]')`},
		{"split limit", "SELECT split(s, ',', 2)", "SELECT trino_split(s, ',', 2)"},
		{"split plain", "SELECT split(s, ',')", "SELECT split(s, ',')"},
		{"strpos instance", "SELECT strpos(s, 'a', -1)", "SELECT trino_strpos(s, 'a', -1)"},
		{"replace two", "SELECT replace(s, 'a')", "SELECT replace(s, 'a', '')"},
		{"reverse array", "SELECT reverse(ARRAY[1, 2])", "SELECT list_reverse(ARRAY[1, 2])"},
		{"reverse string", "SELECT reverse(s)", "SELECT reverse(s)"},
		{"length binary", "SELECT length(to_utf8(s))", "SELECT CAST(octet_length(encode(s)) AS BIGINT)"},
		{"sequence down", "SELECT sequence(5, 1)", "SELECT trino_sequence(5, 1)"},
		{"sequence dates", "SELECT sequence(DATE '2026-01-01', d)", "SELECT trino_date_sequence(DATE '2026-01-01', d)"},
		{"combinations", "SELECT combinations(a, 2)", "SELECT trino_combinations2(a)"},
		{"bitwise_not", "SELECT bitwise_not(x)", "SELECT (~(x))"},
		{"e", "SELECT e() * 2", "SELECT exp(1) * 2"},
		{"array concat element", "SELECT ARRAY[1] || 2, 'x' || ARRAY['y'], 'a' || 'b'",
			"SELECT ARRAY[1] || [2], ['x'] || ARRAY['y'], 'a' || 'b'"},
		{"unnest map", "SELECT k FROM UNNEST(MAP(a, b)) AS t(k, v)",
			"SELECT k FROM (SELECT unnest(map_entries(MAP(a, b)), max_depth := 2)) AS t(k, v)"},
	}
	checkRewrites(t, tests)
}

func TestCountGroups(t *testing.T) {
	tests := []struct {
		pattern string
		want    int
	}{
		{`(\w)(\w*)`, 2},
		{`\(x\)`, 0},
		{`[(](a)`, 1},
		{`(?:a)(?P<n>b)(?<m>c)(?<=d)`, 2},
		{`((a)b)`, 2},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			if got := countGroups(tt.pattern); got != tt.want {
				t.Errorf("countGroups(%q) = %d, want %d", tt.pattern, got, tt.want)
			}
		})
	}
}

func TestDecodeUnicode(t *testing.T) {
	tests := []struct {
		name, in, want string
		ok             bool
	}{
		{"four digits", `'\0041'`, "A", true},
		{"six digits", `'\+01F600'`, "😀", true},
		{"backslash", `'a\\b'`, `a\b`, true},
		{"short", `'\00'`, "", false},
		{"surrogate", `'\D800'`, "", false},
		{"not hex", `'\zzzz'`, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := decodeUnicode(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("decodeUnicode(%q) = %q, %v, want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestTeradataPattern(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"yyyy/mm/dd hh24:mi:ss", "%Y/%m/%d %H:%M:%S", true},
		{"YYYY-MM-DD hh12", "%Y-%m-%d %I", true},
		{"yy%", "%y%%", true},
		{"dy", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := teradataPattern(tt.in)
			if (err == nil) != tt.ok || got != tt.want {
				t.Errorf("teradataPattern(%q) = %q, %v, want %q (ok %v)", tt.in, got, err, tt.want, tt.ok)
			}
		})
	}
}
