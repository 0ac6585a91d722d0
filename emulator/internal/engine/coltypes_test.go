package engine

import (
	"context"
	"reflect"
	"testing"

	"github.com/athenaq/athenaq/emulator/internal/athena"
)

func TestColumnInfoForEachType(t *testing.T) {
	e := openTest(t)
	cases := []struct {
		expr  string
		want  athena.Column
		trino string
	}{
		{"true", athena.NewColumn("c", "boolean", 0, 0), "boolean"},
		{"CAST(1 AS TINYINT)", athena.NewColumn("c", "tinyint", 0, 0), "tinyint"},
		{"CAST(1 AS SMALLINT)", athena.NewColumn("c", "smallint", 0, 0), "smallint"},
		{"1", athena.NewColumn("c", "integer", 0, 0), "integer"},
		{"CAST(1 AS BIGINT)", athena.NewColumn("c", "bigint", 0, 0), "bigint"},
		{"CAST(1 AS HUGEINT)", athena.NewColumn("c", "bigint", 0, 0), "bigint"},
		{"CAST(1 AS UTINYINT)", athena.NewColumn("c", "smallint", 0, 0), "smallint"},
		{"CAST(1 AS USMALLINT)", athena.NewColumn("c", "integer", 0, 0), "integer"},
		{"CAST(1 AS UINTEGER)", athena.NewColumn("c", "bigint", 0, 0), "bigint"},
		{"CAST(1 AS UBIGINT)", athena.NewColumn("c", "bigint", 0, 0), "bigint"},
		{"CAST(1 AS REAL)", athena.NewColumn("c", "float", 0, 0), "real"},
		{"1.5e0", athena.NewColumn("c", "double", 0, 0), "double"},
		{"CAST(1 AS DECIMAL(10,2))", athena.NewColumn("c", "decimal", 10, 2), "decimal(10,2)"},
		{"'a'", athena.NewColumn("c", "varchar", 0, 0), "varchar"},
		{"from_hex('01')", athena.NewColumn("c", "varbinary", 0, 0), "varbinary"},
		{"DATE '2020-01-01'", athena.NewColumn("c", "date", 0, 0), "date"},
		{"TIME '01:02:03'", athena.NewColumn("c", "time", 0, 0), "time(3)"},
		{"TIMETZ '01:02:03+00'", athena.NewColumn("c", "time with time zone", 0, 0), "time(3) with time zone"},
		{"TIMESTAMP '2020-01-01'", athena.NewColumn("c", "timestamp", 0, 0), "timestamp(3)"},
		{"TIMESTAMP_MS '2020-01-01'", athena.NewColumn("c", "timestamp", 0, 0), "timestamp(3)"},
		{"TIMESTAMPTZ '2020-01-01 00:00:00+00'", athena.NewColumn("c", "timestamp with time zone", 0, 0), "timestamp(3) with time zone"},
		{"INTERVAL 1 DAY", athena.NewColumn("c", "interval day to second", 0, 0), "interval day to second"},
		{"[1, 2]", athena.NewColumn("c", "array", 0, 0), "array(integer)"},
		{"CAST([1, 2] AS INTEGER[2])", athena.NewColumn("c", "array", 0, 0), "array(integer)"},
		{"MAP {'a': [1]}", athena.NewColumn("c", "map", 0, 0), "map(varchar, array(integer))"},
		{"{'a': 1, 'b c': 'x'}", athena.NewColumn("c", "row", 0, 0), `row(a integer, "b c" varchar)`},
		{"ROW(1, 'x')", athena.NewColumn("c", "row", 0, 0), "row(integer, varchar)"},
		{"[{'a': TIMESTAMP '2020-01-01'}]", athena.NewColumn("c", "array", 0, 0), "array(row(a timestamp(3)))"},
		{"'{}'::JSON", athena.NewColumn("c", "json", 0, 0), "json"},
		{"uuid()", athena.NewColumn("c", "uuid", 0, 0), "uuid"},
		{"CAST('a' AS ENUM('a', 'b'))", athena.NewColumn("c", "varchar", 0, 0), "varchar"},
	}
	for _, tc := range cases {
		t.Run(tc.expr, func(t *testing.T) {
			cols, types, err := e.Describe(context.Background(), "", "SELECT "+tc.expr+" AS c")
			if err != nil {
				t.Fatal(err)
			}
			if len(cols) != 1 || cols[0] != tc.want {
				t.Errorf("Describe columns = %+v, want %+v", cols, tc.want)
			}
			if len(types) != 1 || types[0] != tc.trino {
				t.Errorf("Describe types = %q, want %q", types, tc.trino)
			}
			res, _ := mustQuery(t, e, "", "SELECT "+tc.expr+" AS c")
			if !reflect.DeepEqual(res.Columns, []athena.Column{tc.want}) {
				t.Errorf("Query columns = %+v, want %+v", res.Columns, tc.want)
			}
		})
	}
}

func TestUnnamedColumnsAreLabelledByPosition(t *testing.T) {
	e := openTest(t)
	res, out := mustQuery(t, e, "", `SELECT 1 AS "__unnamed_0", 2 AS x, 3 AS x, 'a' AS "__unnamed_3", 5 AS "A b"`)
	var labels []string
	for _, c := range res.Columns {
		labels = append(labels, c.Name)
	}
	if want := []string{"_col0", "x", "x", "_col3", "A b"}; !reflect.DeepEqual(labels, want) {
		t.Errorf("labels = %q, want %q", labels, want)
	}
	if out != `"1","2","3","a","5"`+"\n" {
		t.Errorf("rows = %q", out)
	}
}

func TestParseDuckType(t *testing.T) {
	for _, tc := range []struct {
		in, trino string
	}{
		{"INTEGER", "integer"},
		{"DECIMAL(38,10)", "decimal(38,10)"},
		{"VARCHAR[][]", "array(array(varchar))"},
		{"INTEGER[3]", "array(integer)"},
		{"MAP(VARCHAR, STRUCT(a INTEGER, \"b c\" DOUBLE)[])", `map(varchar, array(row(a integer, "b c" double)))`},
		{"STRUCT(INTEGER, VARCHAR)", "row(integer, varchar)"},
		{`STRUCT("c""d" INTEGER, "select" TIMESTAMP WITH TIME ZONE, X TIME)`, `row("c""d" integer, "select" timestamp(3) with time zone, "X" time(3))`},
		{"STRUCT(TIMESTAMP WITH TIME ZONE, DOUBLE)", "row(timestamp(3) with time zone, double)"},
		{"ENUM('a', 'b''c')", "varchar"},
		{"UNION(k INTEGER, s VARCHAR)", "varchar"},
		{"TIMESTAMP_NS", "timestamp(3)"},
		{"VARCHAR(10)", "varchar"},
	} {
		typ, err := parseDuckType(tc.in)
		if err != nil {
			t.Errorf("parseDuckType(%q): %v", tc.in, err)
			continue
		}
		if got := trinoType(typ); got != tc.trino {
			t.Errorf("trinoType(parseDuckType(%q)) = %q, want %q", tc.in, got, tc.trino)
		}
	}
	for _, bad := range []string{"", "MAP(INTEGER", "STRUCT(", "DECIMAL(x)", "INTEGER[", `STRUCT("a`} {
		if _, err := parseDuckType(bad); err == nil {
			t.Errorf("parseDuckType(%q): no error", bad)
		}
	}
}
