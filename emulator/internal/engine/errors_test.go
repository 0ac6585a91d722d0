package engine

import (
	"context"
	"errors"
	"testing"

	"github.com/athenaq/athenaq/emulator/internal/athena"
)

func TestQueryErrorsMapToAthena(t *testing.T) {
	e := openTest(t)
	ctx := context.Background()
	must(t, e.CreateSchema(ctx, "db"))
	must(t, e.DefineView(ctx, "db", "t", "SELECT 1 AS x, 2147483647 AS big, 'abc' AS s"))
	cases := []struct {
		name, schema, sql string
		wantName, wantMsg string
	}{
		{"missing table", "db", "SELECT * FROM nope", "TABLE_NOT_FOUND", "line 1:15: Table 'awsdatacatalog.db.nope' does not exist"},
		{"missing qualified table", "", "SELECT * FROM db.Nope", "TABLE_NOT_FOUND", "line 1:15: Table 'awsdatacatalog.db.nope' does not exist"},
		{"missing table no schema", "", "SELECT * FROM nope", "TABLE_NOT_FOUND", "line 1:15: Table 'awsdatacatalog.default.nope' does not exist"},
		{"missing table line 2", "db", "SELECT *\nFROM t JOIN nope ON true", "TABLE_NOT_FOUND", "line 2:13: Table 'awsdatacatalog.db.nope' does not exist"},
		{"missing schema in name", "db", "SELECT * FROM nodb.t", "SCHEMA_NOT_FOUND", "line 1:15: Schema 'nodb' does not exist"},
		{"missing current schema", "nodb", "SELECT 1", "SCHEMA_NOT_FOUND", "Schema 'nodb' does not exist"},
		{"missing column", "db", "SELECT y FROM t", "COLUMN_NOT_FOUND", "line 1:8: Column 'y' cannot be resolved"},
		{"missing column upper", "db", "SELECT x, Yy FROM t", "COLUMN_NOT_FOUND", "line 1:11: Column 'yy' cannot be resolved"},
		{"missing column line 3", "db", "SELECT x,\n  x,\n    nosuch FROM t", "COLUMN_NOT_FOUND", "line 3:5: Column 'nosuch' cannot be resolved"},
		{"missing column far right", "db", "SELECT x AS aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, x AS bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb, x AS ccccccccccccccccccccccccc FROM t WHERE zz = 1",
			"COLUMN_NOT_FOUND", "line 1:137: Column 'zz' cannot be resolved"},
		{"unknown function", "", "SELECT foo(1)", "FUNCTION_NOT_FOUND", "line 1:8: Function 'foo' not registered"},
		{"bad cast", "", "SELECT CAST('abc' AS INTEGER)", "INVALID_CAST_ARGUMENT", "Cannot cast 'abc' to INT"},
		{"bad cast column", "db", "SELECT CAST(s AS BIGINT) FROM t", "INVALID_CAST_ARGUMENT", "Cannot cast 'abc' to BIGINT"},
		{"bad cast double", "db", "SELECT CAST(s AS DOUBLE) FROM t", "INVALID_CAST_ARGUMENT", "Cannot cast 'abc' to DOUBLE"},
		{"bad cast date", "db", "SELECT CAST(s AS DATE) FROM t", "INVALID_CAST_ARGUMENT", "Value cannot be cast to date: abc"},
		{"cast out of range", "", "SELECT CAST(3000000000 AS INTEGER)", "NUMERIC_VALUE_OUT_OF_RANGE", "Out of range for integer: 3000000000"},
		{"integer overflow", "db", "SELECT big + 1 FROM t", "NUMERIC_VALUE_OUT_OF_RANGE", "integer addition overflow: 2147483647 + 1"},
		{"bigint overflow", "", "SELECT 9223372036854775807 * 2", "NUMERIC_VALUE_OUT_OF_RANGE", "bigint multiplication overflow: 9223372036854775807 * 2"},
		{"division by zero literal", "", "SELECT 1/0", "DIVISION_BY_ZERO", "Division by zero"},
		{"division by zero column", "db", "SELECT x / (x - 1) FROM t", "DIVISION_BY_ZERO", "Division by zero"},
		{"decimal division by zero", "", "SELECT CAST(1.5 AS DECIMAL(3,1)) / CAST(0 AS DECIMAL(3,1))", "DIVISION_BY_ZERO", "Division by zero"},
		{"modulo by zero", "db", "SELECT x % 0 FROM t", "DIVISION_BY_ZERO", "Division by zero"},
		{"syntax error", "", "SELECT 1 FORM t", "SYNTAX_ERROR", "line 1:15: mismatched input 't'"},
		{"two statements", "", "SELECT 1; SELECT 2", "SYNTAX_ERROR", "line 1:11: mismatched input 'SELECT'. Expecting: <EOF>"},
		{"empty", "", " -- nothing\n", "SYNTAX_ERROR", "line 1:1: mismatched input '<EOF>'"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := runQuery(t, e, tc.schema, tc.sql)
			var qe *athena.QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("err = %v (%T), want *athena.QueryError", err, err)
			}
			if qe.Name != tc.wantName || qe.Message != tc.wantMsg {
				t.Errorf("got %s: %s\nwant %s: %s", qe.Name, qe.Message, tc.wantName, tc.wantMsg)
			}
		})
	}
}

func TestDivisionKeepsTrinoTypes(t *testing.T) {
	e := openTest(t)
	res, out := mustQuery(t, e, "", "SELECT 7/2 AS a, -7/2 AS b, 7 % 3 AS c, CAST(7 AS BIGINT) / 2 AS d, 7.0e0 / 2 AS e, 1e0 / 0e0 AS f")
	if out != `"3","-3","1","3","3.5","Infinity"`+"\n" {
		t.Errorf("rows = %q", out)
	}
	want := []string{"integer", "integer", "integer", "bigint", "double", "double"}
	for i, c := range res.Columns {
		if c.Type != want[i] {
			t.Errorf("column %d type %s, want %s", i, c.Type, want[i])
		}
	}
}

func TestDescribeReportsBindErrors(t *testing.T) {
	e := openTest(t)
	_, _, err := e.Describe(context.Background(), "", "SELECT * FROM nope")
	var qe *athena.QueryError
	if !errors.As(err, &qe) || qe.Name != "TABLE_NOT_FOUND" {
		t.Errorf("err = %v", err)
	}
}
