package engine

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestRenderMatchesAthenaText checks the text of every type against
// FACTS §5, through Query and the CSV it writes.
func TestRenderMatchesAthenaText(t *testing.T) {
	e := openTest(t)
	cases := []struct {
		name string
		expr string
		want string // the field text; "<NULL>" for an unquoted empty field
	}{
		{"boolean true", "true", "true"},
		{"boolean false", "1 > 2", "false"},
		{"tinyint", "CAST(-5 AS TINYINT)", "-5"},
		{"smallint", "CAST(300 AS SMALLINT)", "300"},
		{"integer", "42", "42"},
		{"bigint max", "9223372036854775807", "9223372036854775807"},
		{"hugeint sum", "sum(x) FROM (VALUES (1), (2)) AS v(x)", "3"},
		{"double 1.5", "1.5e0", "1.5"},
		{"double 0.25", "CAST(0.25 AS DOUBLE)", "0.25"},
		{"double sum", "0.1e0 + 0.2e0", "0.30000000000000004"},
		{"double 1e20", "1e20", "1.0E20"},
		{"double 1e-7", "1e-7", "1.0E-7"},
		{"double 100", "CAST(100 AS DOUBLE)", "100.0"},
		{"double 2", "2e0", "2.0"},
		{"double 1e7 boundary", "1e7", "1.0E7"},
		{"double below 1e7", "9999999.5e0", "9999999.5"},
		{"double 1e-3 boundary", "0.001e0", "0.001"},
		{"double below 1e-3", "0.00099e0", "9.9E-4"},
		{"double 1.2345e-5", "1.2345e-5", "1.2345E-5"},
		{"double negative big", "-1.5e300", "-1.5E300"},
		{"double zero", "0e0", "0.0"},
		{"double negative zero", "-0e0", "-0.0"},
		{"double max", "1.7976931348623157e308", "1.7976931348623157E308"},
		{"double NaN", "CAST('NaN' AS DOUBLE)", "NaN"},
		{"double Infinity", "CAST('Infinity' AS DOUBLE)", "Infinity"},
		{"double -Infinity", "CAST('-Infinity' AS DOUBLE)", "-Infinity"},
		{"real 0.5", "CAST(0.5 AS REAL)", "0.5"},
		{"real 0.1", "CAST(0.1 AS REAL)", "0.1"},
		{"real 1e10", "CAST(1e10 AS REAL)", "1.0E10"},
		{"real NaN", "CAST('NaN' AS REAL)", "NaN"},
		{"decimal(10,1)", "CAST(0.1 AS DECIMAL(10,1))", "0.1"},
		{"decimal(3,2)", "CAST(1.5 AS DECIMAL(3,2))", "1.50"},
		{"decimal negative", "CAST(-0.5 AS DECIMAL(5,2))", "-0.50"},
		{"varchar", "'it''s'", "it's"},
		{"varchar empty", "''", ""},
		{"varbinary", `from_hex('0102')`, "01 02"},
		{"varbinary ff", `from_hex('00FFab')`, "00 ff ab"},
		{"varbinary empty", `from_hex('')`, ""},
		{"date", "DATE '2026-09-17'", "2026-09-17"},
		{"time", "TIME '12:34:56.789'", "12:34:56.789"},
		{"time whole", "TIME '12:34:56'", "12:34:56.000"},
		{"time with time zone", "TIMETZ '12:34:56.789+00'", "12:34:56.789+00:00"},
		{"time with offset", "TIMETZ '01:02:03.456+05:30'", "01:02:03.456+05:30"},
		{"timestamp", "TIMESTAMP '2026-09-17 12:34:56.789'", "2026-09-17 12:34:56.789"},
		{"timestamp whole", "TIMESTAMP '2026-09-17 12:34:56'", "2026-09-17 12:34:56.000"},
		{"timestamp ns", "TIMESTAMP_NS '2026-09-17 12:34:56.789123456'", "2026-09-17 12:34:56.789"},
		{"timestamp with time zone", "TIMESTAMPTZ '2026-09-17 12:34:56.789+02'", "2026-09-17 10:34:56.789 UTC"},
		{"interval 1 day", "INTERVAL 1 DAY", "1 00:00:00.000"},
		{"interval 2 days", "INTERVAL 2 DAY", "2 00:00:00.000"},
		{"interval hms", "INTERVAL '1 day 2 hours 3 minutes 4.5 seconds'", "1 02:03:04.500"},
		{"interval 26 hours", "INTERVAL 26 HOUR", "1 02:00:00.000"},
		{"interval negative", "-INTERVAL 1 DAY", "-1 00:00:00.000"},
		{"interval year", "INTERVAL 1 YEAR", "1-0"},
		{"interval 3 months", "INTERVAL 3 MONTH", "0-3"},
		{"array", "ARRAY[1, 2, 3]", "[1, 2, 3]"},
		{"array strings null", "['a', NULL]", "[a, null]"},
		{"array nested", "[[1], [2, 3]]", "[[1], [2, 3]]"},
		{"array empty", "CAST([] AS INTEGER[])", "[]"},
		{"array ambiguous", "['a, b']", "[a, b]"},
		{"array of doubles", "[1e20, 1.5e0, NULL]", "[1.0E20, 1.5, null]"},
		{"array of timestamps", "[TIMESTAMP '2026-09-17 12:34:56.789']", "[2026-09-17 12:34:56.789]"},
		{"array fixed size", "CAST([1, 2] AS INTEGER[2])", "[1, 2]"},
		{"map", "MAP {'k': 1}", "{k=1}"},
		{"map numeric keys", "MAP([3, 1], [4, 2])", "{1=2, 3=4}"},
		{"map numeric order", "MAP([10, 9], ['b', 'a'])", "{9=a, 10=b}"},
		{"map string order", "MAP(['b', 'a', 'B'], [1, NULL, 3])", "{B=3, a=null, b=1}"},
		{"map empty", "MAP(CAST([] AS VARCHAR[]), CAST([] AS INTEGER[]))", "{}"},
		{"row named", "{'id': 1, 'name': 'x'}", "{id=1, name=x}"},
		{"row unnamed", "ROW(1, 'x')", "{1, x}"},
		{"row null field", "{'a': 1, 'b': NULL}", "{a=1, b=null}"},
		{"row nested", "{'a': {'b': [1, 2]}}", "{a={b=[1, 2]}}"},
		{"array of rows", "[{'name': 'John', 'age': 30}]", "[{name=John, age=30}]"},
		{"map of array of rows", "MAP {'k': [{'a': 1, 'b': NULL}], 'j': []}", "{j=[], k=[{a=1, b=null}]}"},
		{"array of maps", "[MAP {'z': 1, 'a': 2}, NULL]", "[{a=2, z=1}, null]"},
		{"json object", `json('{"a": 1,  "b": [1, 2]}')`, `{"a":1,"b":[1,2]}`},
		{"json string", `'"Hello Athena"'::JSON`, `"Hello Athena"`},
		{"json array", `'[1, 2]'::JSON`, `[1,2]`},
		{"uuid", "'12151fd2-7586-11e9-8f9e-2a86e4085a59'::UUID", "12151fd2-7586-11e9-8f9e-2a86e4085a59"},
		{"null integer", "CAST(NULL AS INTEGER)", "<NULL>"},
		{"null bare", "NULL", "<NULL>"},
		{"null array", "CAST(NULL AS INTEGER[])", "<NULL>"},
		{"null map", "CAST(NULL AS MAP(VARCHAR, INTEGER))", "<NULL>"},
		{"null row", "CAST(NULL AS STRUCT(a INTEGER))", "<NULL>"},
		{"null double", "CAST(NULL AS DOUBLE)", "<NULL>"},
		{"null timestamp", "CAST(NULL AS TIMESTAMP)", "<NULL>"},
		{"null varbinary", "CAST(NULL AS BLOB)", "<NULL>"},
		{"null interval", "CAST(NULL AS INTERVAL)", "<NULL>"},
		{"enum", "CAST('a' AS ENUM('a', 'b'))", "a"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, out := mustQuery(t, e, "", "SELECT "+tc.expr)
			want := `"` + strings.ReplaceAll(tc.want, `"`, `""`) + `"` + "\n"
			if tc.want == "<NULL>" {
				want = "\n"
			}
			if out != want {
				t.Errorf("SELECT %s: got %q, want %q", tc.expr, out, want)
			}
		})
	}
}

func TestRenderVarbinaryInsideComposites(t *testing.T) {
	e := openTest(t)
	_, out := mustQuery(t, e, "", `SELECT [from_hex('01'), from_hex('02')], {'b': from_hex('01')}`)
	re := regexp.MustCompile(`^"\[\[B@[0-9a-f]{1,8}, \[B@[0-9a-f]{1,8}\]","\{b=\[B@[0-9a-f]{1,8}\}"` + "\n$")
	if !re.MatchString(out) {
		t.Errorf("got %q", out)
	}
}

func TestJavaFloatText(t *testing.T) {
	for _, tc := range []struct {
		f    float64
		bits int
		want string
	}{
		{1.5, 64, "1.5"}, {100, 64, "100.0"}, {1e20, 64, "1.0E20"}, {1e-7, 64, "1.0E-7"},
		{1.0e7, 64, "1.0E7"}, {9999999, 64, "9999999.0"}, {0.001, 64, "0.001"}, {1.2345e-4, 64, "1.2345E-4"},
		{-2.5e-300, 64, "-2.5E-300"}, {float64(float32(1e10)), 32, "1.0E10"}, {float64(float32(0.1)), 32, "0.1"},
		{float64(float32(3.4e38)), 32, "3.4E38"},
		// The smallest subnormals, whose shortest forms have one digit.
		{math.SmallestNonzeroFloat64, 64, "4.9E-324"}, {-math.SmallestNonzeroFloat64, 64, "-4.9E-324"},
		{float64(math.SmallestNonzeroFloat32), 32, "1.4E-45"},
		{1e23, 64, "1.0E23"}, {-1e20, 64, "-1.0E20"}, {2e-10, 64, "2.0E-10"},
	} {
		if got := javaFloatText(tc.f, tc.bits); got != tc.want {
			t.Errorf("javaFloatText(%v, %d) = %q, want %q", tc.f, tc.bits, got, tc.want)
		}
	}
}

// TestCSVBytesMatchAthena checks FACTS §4.2's example row byte for byte.
func TestCSVBytesMatchAthena(t *testing.T) {
	e := openTest(t)
	for _, tc := range []struct {
		name, sql, want string
	}{
		{"facts row", `SELECT 1 AS i, 'it''s' AS s, 'a"b' AS q, NULL AS n, '' AS empty, ARRAY[1,2] AS a, from_hex('0102') AS vb`,
			`"1","it's","a""b",,"","[1, 2]","01 02"` + "\n"},
		{"embedded newline comma tab", "SELECT 'x\ny' AS a, 'c,d' AS b, chr(9) AS c", "\"x\ny\",\"c,d\",\"\t\"\n"},
		{"zero rows", "SELECT 1 AS i WHERE false", ""},
		{"two rows", "SELECT * FROM (VALUES (1, 'a'), (NULL, NULL)) AS t(x, y)", "\"1\",\"a\"\n,\n"},
		{"order kept", "SELECT range AS r FROM range(3) ORDER BY r DESC", "\"2\"\n\"1\"\n\"0\"\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, out := mustQuery(t, e, "", tc.sql)
			if out != tc.want {
				t.Errorf("got %q, want %q", out, tc.want)
			}
			if res.Bytes != int64(len(tc.want)) {
				t.Errorf("Bytes = %d", res.Bytes)
			}
		})
	}
}

func TestLargeOrderedResultKeepsOrder(t *testing.T) {
	e := openTest(t)
	res, out := mustQuery(t, e, "", "SELECT range AS r FROM range(300000) ORDER BY r DESC")
	if res.Rows != 300000 {
		t.Fatalf("Rows = %d", res.Rows)
	}
	want := 299999
	for i := 0; i < len(out); {
		j := i
		for out[j] != '\n' {
			j++
		}
		if got := out[i+1 : j-1]; got != strconv.Itoa(want) {
			t.Fatalf("row %d: got %s", 299999-want, got)
		}
		want--
		i = j + 1
	}
}
