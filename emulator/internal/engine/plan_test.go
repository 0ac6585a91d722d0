package engine

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/athenaq/athenaq/emulator/internal/athena"
)

func TestTypingPassGivesTrinoTypes(t *testing.T) {
	e := openTest(t)
	if err := e.CreateSchema(context.Background(), "db"); err != nil {
		t.Fatal(err)
	}
	if err := e.DefineView(context.Background(), "db", "t",
		"SELECT CAST(d AS DECIMAL(5,2)) AS d, CAST(e AS DECIMAL(3,1)) AS e FROM (VALUES (10, 3), (-2, 3), (1, 0.3)) AS v(d, e)"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, schema, sql, rows string
		typ                     string
		precision, scale        int32
	}{
		{"decimal division", "", "SELECT CAST('10.00' AS DECIMAL(4,2)) / CAST('3' AS DECIMAL(1,0)) AS q",
			`"3.33"` + "\n", "decimal", 4, 2},
		{"decimal columns", "db", "SELECT d / e AS q FROM t",
			`"3.33"` + "\n" + `"-0.67"` + "\n" + `"3.33"` + "\n", "decimal", 6, 2},
		{"decimal by integer", "db", "SELECT sum(d / 2) AS q FROM t", `"4.50"` + "\n", "decimal", 38, 2},
		{"typeof", "", "SELECT typeof(CAST(1 AS DECIMAL(5,2))) AS q", `"decimal(5,2)"` + "\n", "varchar", 0, 0},
		{"typeof over division", "db", "SELECT DISTINCT typeof(d / e) AS q FROM t", `"decimal(6,2)"` + "\n", "varchar", 0, 0},
		{"typeof of a list", "", "SELECT typeof([1, 2]) AS q", `"array(integer)"` + "\n", "varchar", 0, 0},
		{"double division", "", "SELECT 1e0 / 0 AS q", `"Infinity"` + "\n", "double", 17, 0},
		{"nan equality", "", "SELECT CAST('NaN' AS DOUBLE) = CAST('NaN' AS DOUBLE) AS q", `"false"` + "\n", "boolean", 0, 0},
		{"json to varchar", "", `SELECT CAST('"txt"'::JSON AS VARCHAR) AS q`, `"txt"` + "\n", "varchar", 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, out := mustQuery(t, e, tc.schema, tc.sql)
			if out != tc.rows {
				t.Errorf("rows = %q, want %q", out, tc.rows)
			}
			c := res.Columns[0]
			if c.Type != tc.typ || tc.typ == "decimal" && (c.Precision != tc.precision || c.Scale != tc.scale) {
				t.Errorf("column = %s(%d,%d), want %s(%d,%d)", c.Type, c.Precision, c.Scale, tc.typ, tc.precision, tc.scale)
			}
		})
	}
}

func TestTypingPassTypesViews(t *testing.T) {
	e := openTest(t)
	ctx := context.Background()
	if err := e.CreateSchema(ctx, "db"); err != nil {
		t.Fatal(err)
	}
	if err := e.DefineView(ctx, "db", "v", "SELECT CAST('10.00' AS DECIMAL(4,2)) / CAST('3' AS DECIMAL(1,0)) AS q"); err != nil {
		t.Fatal(err)
	}
	_, types, err := e.Describe(ctx, "db", "SELECT q FROM v")
	if err != nil {
		t.Fatal(err)
	}
	if len(types) != 1 || types[0] != "decimal(4,2)" {
		t.Errorf("types = %q, want [decimal(4,2)]", types)
	}
}

func TestTypingPassKeepsEngineErrors(t *testing.T) {
	e := openTest(t)
	tests := []struct{ name, sql, wantName string }{
		{"missing table", "SELECT typeof(x) / 2 FROM missing", "TABLE_NOT_FOUND"},
		{"missing column", "SELECT typeof(nope) FROM (SELECT 1 AS x)", "COLUMN_NOT_FOUND"},
		{"decimal division by zero", "SELECT CAST(1 AS DECIMAL(3,1)) / CAST(0 AS DECIMAL(3,1))", "DIVISION_BY_ZERO"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := runQuery(t, e, "", tc.sql)
			var qe *athena.QueryError
			if !errors.As(err, &qe) || qe.Name != tc.wantName {
				t.Errorf("err = %v, want %s", err, tc.wantName)
			}
		})
	}
}

// BenchmarkTypingPass measures what the typing pass adds to a query: the
// json_serialize_plan rounds and trino.Retype, on a pinned connection.
// "skipped" is a statement the pass does not plan.
func BenchmarkTypingPass(b *testing.B) {
	e := openTest(b)
	ctx := context.Background()
	cases := []struct{ name, sql string }{
		{"skipped", "SELECT a + 1, b FROM (VALUES (1, 'x')) AS t(a, b) WHERE a > 0"},
		{"no change", "SELECT a // 2, b FROM (VALUES (7, 'x')) AS t(a, b) WHERE a > 0"},
		{"typeof", "SELECT typeof(a), b FROM (VALUES (1, 'x')) AS t(a, b)"},
		{"decimal division", "SELECT CAST(a AS DECIMAL(5,2)) / CAST(c AS DECIMAL(3,1)) FROM (VALUES (1, 'x', 3)) AS t(a, b, c)"},
		{"typeof over division", "SELECT typeof(CAST(a AS DECIMAL(5,2)) / 3) FROM (VALUES (1, 'x')) AS t(a, b)"},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			conn, err := e.db.Conn(ctx)
			if err != nil {
				b.Fatal(err)
			}
			defer conn.Close()
			b.ReportAllocs()
			for b.Loop() {
				e.retype(ctx, conn, c.sql)
			}
		})
	}
	b.Run("whole query", func(b *testing.B) {
		out := filepath.Join(b.TempDir(), "out.csv")
		b.ReportAllocs()
		for b.Loop() {
			if _, err := e.Query(ctx, Query{SQL: cases[3].sql, OutFile: out}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
