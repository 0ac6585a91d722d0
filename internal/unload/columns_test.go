package unload_test

import "strings"

// typeColumn is one column of the type table: its name, Athena type and a
// value for each of the three rows (id 1: typical, 2: NULL, 3: edge).
type typeColumn struct {
	name, typ string
	vals      [3]string
}

var typeColumns = []typeColumn{
	{"id", "integer", [3]string{"1", "2", "3"}},
	{"b", "boolean", [3]string{"true", "NULL", "false"}},
	{"ti", "tinyint", [3]string{"-8", "NULL", "127"}},
	{"si", "smallint", [3]string{"300", "NULL", "-32768"}},
	{"i", "integer", [3]string{"70000", "NULL", "0"}},
	{"bi", "bigint", [3]string{"9223372036854775807", "NULL", "-9223372036854775808"}},
	{"r", "real", [3]string{"1.5", "NULL", "-0.25"}},
	{"d", "double", [3]string{"0.1", "NULL", "1e20"}},
	{"dec", "decimal(10,2)", [3]string{"12345678.91", "NULL", "-0.05"}},
	{"dec38", "decimal(38,9)", [3]string{"'12345678901234567890123456789.123456789'", "NULL", "'0'"}},
	{"vc", "varchar", [3]string{"'héllo, \"x\"'", "NULL", "''"}},
	{"ch", "char(3)", [3]string{"'ab'", "NULL", "''"}},
	{"vb", "varbinary", [3]string{"X'00ff10'", "NULL", "X''"}},
	{"dt", "date", [3]string{"DATE '2026-09-17'", "NULL", "DATE '1970-01-01'"}},
	{"ts", "timestamp", [3]string{"TIMESTAMP '2026-09-17 12:34:56.789'", "NULL", "TIMESTAMP '1969-12-31 23:59:59.999'"}},
	{"ai", "array(integer)", [3]string{"ARRAY[1, NULL, 3]", "NULL", "ARRAY[]"}},
	{"av", "array(varchar)", [3]string{"ARRAY['a', NULL, '']", "NULL", "ARRAY[]"}},
	{"m", "map(varchar,integer)", [3]string{"MAP(ARRAY['b', 'a'], ARRAY[2, NULL])", "NULL", "MAP()"}},
	{"mi", "map(integer,varchar)", [3]string{"MAP(ARRAY[10, 9], ARRAY['b', 'a'])", "NULL", "MAP()"}},
	{"rw", "row(a integer,b varchar)", [3]string{"ROW(1, 'x')", "NULL", "ROW(NULL, NULL)"}},
	{"ar", "array(row(a integer,b varchar))", [3]string{"ARRAY[ROW(1, 'x'), NULL]", "NULL", "ARRAY[]"}},
	{"aa", "array(array(integer))", [3]string{"ARRAY[ARRAY[1], ARRAY[]]", "NULL", "ARRAY[]"}},
}

// typeSelect returns a SELECT of the three rows of cols, ordered by id.
func typeSelect(cols []typeColumn) string {
	var rows []string
	for r := range 3 {
		var exprs []string
		for _, c := range cols {
			exprs = append(exprs, "CAST("+c.vals[r]+" AS "+c.typ+") AS "+c.name)
		}
		rows = append(rows, "SELECT "+strings.Join(exprs, ", "))
	}
	return "SELECT * FROM (" + strings.Join(rows, " UNION ALL ") + ") ORDER BY id"
}
