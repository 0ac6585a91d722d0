package sqltext

import "testing"

func TestNameUnnamedColumnsAliasesWhatAthenaCallsColN(t *testing.T) {
	u := func(k string) string { return ` AS "__unnamed_` + k + `"` }
	tests := []struct{ name, sql, want string }{
		{"literal", "SELECT 1", "SELECT 1" + u("0")},
		{"mixed list", "SELECT a, b+1, count(*) c FROM t", "SELECT a, b+1" + u("1") + ", count(*) c FROM t"},
		{"star then literal", "SELECT *, 1 FROM t", "SELECT *, 1" + u("1") + " FROM t"},
		{"with clause", "WITH x AS (SELECT 1) SELECT * , 2 FROM x", "WITH x AS (SELECT 1) SELECT * , 2" + u("1") + " FROM x"},
		{"with column list", "WITH x (a) AS (SELECT 1), y AS (SELECT 2) SELECT a + 1 FROM x", "WITH x (a) AS (SELECT 1), y AS (SELECT 2) SELECT a + 1" + u("0") + " FROM x"},
		{"union names first branch only", "SELECT 1 UNION ALL SELECT 2", "SELECT 1" + u("0") + " UNION ALL SELECT 2"},
		{"parenthesised union", "(SELECT 1, a FROM t) UNION (SELECT 2, b FROM u)", "(SELECT 1" + u("0") + ", a FROM t) UNION (SELECT 2, b FROM u)"},
		{"wrapped query", "(SELECT 1)", "(SELECT 1" + u("0") + ")"},
		{"doubly wrapped", "( ( SELECT 'a' ) )", "( ( SELECT 'a'" + u("0") + " ) )"},
		{"column references", `SELECT a, t.a, "A", t.a.b, ` + "`b`" + `, (a) FROM t`, `SELECT a, t.a, "A", t.a.b, ` + "`b`" + `, (a) FROM t`},
		{"qualified star", "SELECT t.*, s.x.* , 1 FROM t", "SELECT t.*, s.x.* , 1" + u("2") + " FROM t"},
		{"explicit aliases", `SELECT 1 AS n, 2 "m", 3 x FROM t`, `SELECT 1 AS n, 2 "m", 3 x FROM t`},
		{"distinct", "SELECT DISTINCT a, lower(b) FROM t", "SELECT DISTINCT a, lower(b)" + u("1") + " FROM t"},
		{"all", "SELECT ALL 1", "SELECT ALL 1" + u("0")},
		{"nested subquery", "SELECT (SELECT max(x) FROM u), a FROM t", "SELECT (SELECT max(x) FROM u)" + u("0") + ", a FROM t"},
		{"case", "SELECT CASE WHEN a THEN 1 ELSE 2 END, CASE a WHEN 1 THEN 2 END k FROM t", "SELECT CASE WHEN a THEN 1 ELSE 2 END" + u("0") + ", CASE a WHEN 1 THEN 2 END k FROM t"},
		{"cast", "SELECT CAST(a AS varchar) FROM t", "SELECT CAST(a AS varchar)" + u("0") + " FROM t"},
		{"window", "SELECT rank() OVER (PARTITION BY a ORDER BY b), row_number() OVER w FROM t WINDOW w AS (ORDER BY a)",
			"SELECT rank() OVER (PARTITION BY a ORDER BY b)" + u("0") + ", row_number() OVER w" + u("1") + " FROM t WINDOW w AS (ORDER BY a)"},
		{"is distinct from", "SELECT a IS DISTINCT FROM b FROM t", "SELECT a IS DISTINCT FROM b" + u("0") + " FROM t"},
		{"within group", "SELECT listagg(a, ',') WITHIN GROUP (ORDER BY a) FROM t GROUP BY b", "SELECT listagg(a, ',') WITHIN GROUP (ORDER BY a)" + u("0") + " FROM t GROUP BY b"},
		{"interval unit is no alias", "SELECT INTERVAL '1' DAY, INTERVAL '1' DAY d", "SELECT INTERVAL '1' DAY" + u("0") + ", INTERVAL '1' DAY d"},
		{"at time zone", "SELECT ts AT TIME ZONE zone FROM t", "SELECT ts AT TIME ZONE zone" + u("0") + " FROM t"},
		{"trailing clauses", "SELECT a + 1 FROM t WHERE a > 1 GROUP BY 1 HAVING count(*) > 1 ORDER BY 1 LIMIT 5", "SELECT a + 1" + u("0") + " FROM t WHERE a > 1 GROUP BY 1 HAVING count(*) > 1 ORDER BY 1 LIMIT 5"},
		{"limit without from", "SELECT 1 LIMIT 1", "SELECT 1" + u("0") + " LIMIT 1"},
		{"comment after item", "SELECT 1 -- one\n, 2 /* two */", "SELECT 1" + u("0") + " -- one\n, 2" + u("1") + " /* two */"},
		{"current_date", "SELECT current_date", "SELECT current_date" + u("0")},
		{"glued", "SELECT(1)", "SELECT(1)" + u("0")},
		{"struct literal", "SELECT {'x': 1, 'y': 'a'}, {'p': {'q': 2}} r", "SELECT {'x': 1, 'y': 'a'}" + u("0") + ", {'p': {'q': 2}} r"},
		{"negative", "SELECT -a FROM t", "SELECT -a" + u("0") + " FROM t"},
		{"subscript", "SELECT a[1] FROM t", "SELECT a[1]" + u("0") + " FROM t"},
		// VALUES and TABLE.
		{"values rows", "VALUES (1,'a'),(2,'b')", `SELECT * FROM (VALUES (1,'a'),(2,'b')) AS _v("_col0", "_col1")`},
		{"values scalar", "VALUES 1, 2", `SELECT * FROM (VALUES 1, 2) AS _v("_col0")`},
		{"values glued", "VALUES(1)", `SELECT * FROM (VALUES(1)) AS _v("_col0")`},
		{"values expression", "VALUES (1 + 2) * 3", `SELECT * FROM (VALUES (1 + 2) * 3) AS _v("_col0")`},
		{"values row constructor", "VALUES ROW(1, 2)", `SELECT * FROM (VALUES ROW(1, 2)) AS _v("_col0", "_col1")`},
		{"values nested", "VALUES (ARRAY[1, 2], map(ARRAY['a'], ARRAY[1]))", `SELECT * FROM (VALUES (ARRAY[1, 2], map(ARRAY['a'], ARRAY[1]))) AS _v("_col0", "_col1")`},
		{"values with trailing comment", "VALUES (1, 2) -- c", `SELECT * FROM (VALUES (1, 2)) AS _v("_col0", "_col1") -- c`},
		{"values in parentheses", "(VALUES 1) UNION SELECT 2", `(SELECT * FROM (VALUES 1) AS _v("_col0")) UNION SELECT 2`},
		{"values after with", "WITH x AS (SELECT 1) VALUES (1, 2)", `WITH x AS (SELECT 1) SELECT * FROM (VALUES (1, 2)) AS _v("_col0", "_col1")`},
		{"table", "TABLE t", "SELECT * FROM t"},
		{"table in parentheses", "(TABLE db.t)", "(SELECT * FROM db.t)"},
		// Left alone.
		{"all named", "SELECT a, b AS c FROM t", "SELECT a, b AS c FROM t"},
		{"not a query", "SHOW TABLES", "SHOW TABLES"},
		{"insert", "INSERT INTO t SELECT 1", "INSERT INTO t SELECT 1"},
		{"empty select list", "SELECT FROM t", "SELECT FROM t"},
		{"unbalanced", "SELECT (1 FROM t", "SELECT (1 FROM t"},
		{"untokenizable", "SELECT 'a", "SELECT 'a"},
		{"empty values row", "VALUES ()", "VALUES ()"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NameUnnamedColumns(tt.sql); got != tt.want {
				t.Errorf("NameUnnamedColumns(%q)\n got %q\nwant %q", tt.sql, got, tt.want)
			}
		})
	}
}
