package trino

import (
	"strconv"
	"strings"
	"testing"

	"github.com/athenaq/athenaq/internal/sqltext"
)

func TestRetypeLeavesTextOnBadPlans(t *testing.T) {
	tests := []struct {
		name, plan string
		wantErr    bool
	}{
		{"not json", "{", true},
		{"bind error", `{"error":true,"error_type":"binder","error_message":"no such column"}`, true},
		{"no expressions", `{"error":false,"plans":[]}`, false},
		{"location past the text", `{"error":false,"plans":[{"expressions":[{"expression_class":"BOUND_CONSTANT",
			"query_location":9999,"value":{"type":{"id":"VARCHAR"},"value":"INTEGER"}}]}]}`, false},
		{"location on another token", `{"error":false,"plans":[{"expressions":[{"expression_class":"BOUND_CONSTANT",
			"query_location":0,"value":{"type":{"id":"VARCHAR"},"value":"INTEGER"}}]}]}`, false},
		{"division without types", `{"error":false,"plans":[{"expressions":[{"expression_class":"BOUND_FUNCTION",
			"name":"/","query_location":9,"children":[{},{}]}]}]}`, false},
	}
	const sql = "SELECT a / b, typeof(c) FROM t"
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, changed, err := Retype(sql, tc.plan, func(string) (string, bool) { return "integer", true })
			if (err != nil) != tc.wantErr {
				t.Errorf("err = %v, want error %v", err, tc.wantErr)
			}
			if got != sql || changed {
				t.Errorf("Retype = %q, %v; want the text unchanged", got, changed)
			}
		})
	}
}

func TestRetypeRewritesFromPlanTypes(t *testing.T) {
	dec := func(w, s int) string {
		return `{"id":"DECIMAL","type_info":{"type":"DECIMAL_TYPE_INFO","width":` + itoa(w) + `,"scale":` + itoa(s) + `}}`
	}
	cast := func(to, from string) string {
		return `{"expression_class":"BOUND_CAST","query_location":18446744073709551615,"return_type":` + to +
			`,"child":{"expression_class":"BOUND_REF","query_location":18446744073709551615,"return_type":` + from + `}}`
	}
	double := `{"id":"DOUBLE","type_info":null}`
	division := func(loc int, a, b string) string {
		return `{"expression_class":"BOUND_FUNCTION","name":"/","query_location":` + itoa(loc) +
			`,"return_type":` + double + `,"children":[` + a + `,` + b + `]}`
	}
	plan := func(exprs ...string) string {
		return `{"error":false,"plans":[{"expressions":[` + strings.Join(exprs, ",") + `]}]}`
	}
	tests := []struct{ name, sql, plan, want string }{
		{"decimal division", "SELECT d / e FROM t",
			plan(division(9, cast(double, dec(5, 2)), cast(double, dec(10, 4)))),
			"SELECT CAST(CAST(trino_decimal_divide(CAST((d) * CAST('100' AS HUGEINT) AS HUGEINT), " +
				"CAST((e) * CAST('10000' AS HUGEINT) AS HUGEINT), CAST('10000000' AS HUGEINT)) AS DECIMAL(38,0)) " +
				"* 0.0001 AS DECIMAL(11,4)) FROM t"},
		{"decimal by integer", "SELECT -t.d / 2 + 1 FROM t",
			plan(division(12, cast(double, dec(3, 1)), cast(double, `{"id":"INTEGER"}`))),
			"SELECT CAST(CAST(trino_decimal_divide(CAST((-t.d) * CAST('10' AS HUGEINT) AS HUGEINT), " +
				"CAST((2) * CAST('1' AS HUGEINT) AS HUGEINT), CAST('10' AS HUGEINT)) AS DECIMAL(38,0)) " +
				"* 0.1 AS DECIMAL(3,1)) + 1 FROM t"},
		{"product chain", "SELECT a * f(b) / c[1] FROM t",
			plan(division(16, cast(double, dec(4, 0)), cast(double, dec(4, 0)))),
			"SELECT CAST(CAST(trino_decimal_divide(CAST((a * f(b)) * CAST('1' AS HUGEINT) AS HUGEINT), " +
				"CAST((c[1]) * CAST('1' AS HUGEINT) AS HUGEINT), CAST('10' AS HUGEINT)) AS DECIMAL(38,0)) " +
				"AS DECIMAL(4,0)) FROM t"},
		{"doubles stay", "SELECT d / e FROM t",
			plan(division(9, `{"expression_class":"BOUND_REF","return_type":`+double+`}`, cast(double, dec(5, 2)))),
			"SELECT d / e FROM t"},
		{"window operand left alone", "SELECT sum(d) OVER () / e FROM t",
			plan(division(22, cast(double, dec(5, 2)), cast(double, dec(5, 2)))),
			"SELECT sum(d) OVER () / e FROM t"},
		{"typeof", "SELECT typeof(x) FROM t",
			plan(`{"expression_class":"BOUND_CONSTANT","query_location":7,"value":{"type":{"id":"VARCHAR"},"value":"INTEGER"}}`),
			"SELECT 'integer' FROM t"},
		{"typeof string literal", "SELECT typeof('cat')",
			plan(`{"expression_class":"BOUND_CONSTANT","query_location":7,"value":{"type":{"id":"VARCHAR"},"value":"VARCHAR"}}`),
			"SELECT 'varchar(3)'"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, _, err := Retype(tc.sql, tc.plan, func(d string) (string, bool) { return strings.ToLower(d), true })
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("Retype(%q)\n got %q\nwant %q", tc.sql, got, tc.want)
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// FuzzRetype checks that Retype never reaches its panic guard, returns the text unchanged
// with an error, and keeps text that tokenizes tokenizable.
func FuzzRetype(f *testing.F) {
	division := `{"error":false,"plans":[{"expressions":[{"expression_class":"BOUND_FUNCTION","name":"/",` +
		`"query_location":9,"children":[{"expression_class":"BOUND_CAST","return_type":{"id":"DOUBLE"},` +
		`"child":{"return_type":{"id":"DECIMAL","type_info":{"width":5,"scale":2}}}},` +
		`{"return_type":{"id":"INTEGER"}}]}]}]}`
	typeOf := `{"error":false,"plans":[{"expressions":[{"expression_class":"BOUND_CONSTANT",` +
		`"query_location":7,"value":{"type":{"id":"VARCHAR"},"value":"INTEGER"}}]}]}`
	f.Add("SELECT d / 2 FROM t", division)
	f.Add("SELECT ((d / ", division)
	f.Add("SELECT typeof(x) FROM t", typeOf)
	f.Add("SELECT typeof(", typeOf)
	f.Add("SELECT 1", "{")
	f.Fuzz(func(t *testing.T, sql, plan string) {
		out, _, err := Retype(sql, plan, func(d string) (string, bool) { return strings.ToLower(d), true })
		if err != nil && strings.Contains(err.Error(), "internal error") {
			t.Fatalf("Retype(%q) panicked: %v", sql, err)
		}
		if err != nil && out != sql {
			t.Fatalf("Retype failed (%v) but changed the text: %q", err, out)
		}
		if _, terr := sqltext.Tokenize(sql); terr == nil {
			if _, terr := sqltext.Tokenize(out); terr != nil {
				t.Fatalf("Retype(%q) = %q, which does not tokenize: %v", sql, out, terr)
			}
		}
	})
}
