package sqltext

import (
	"errors"
	"testing"
)

func TestBindParametersFollowsAthena(t *testing.T) {
	tests := []struct {
		name, param, want string // want: the text that replaces ? in "SELECT ? AS v"
	}{
		// Expressions without column references go in as expressions.
		{"string literal", "'abc'", "('abc')"},
		{"arithmetic", "1 + 1", "(1 + 1)"},
		{"typed literal", "DATE '2020-01-01'", "(DATE '2020-01-01')"},
		{"null", "NULL", "(NULL)"},
		{"function call", "now()", "(now())"},
		{"true", "TRUE", "(TRUE)"},
		{"negative decimal", "-1.5", "(-1.5)"},
		{"cast", "CAST('1' AS integer)", "(CAST('1' AS integer))"},
		{"cast to parameterised type", "cast(1 as decimal(10, 2))", "(cast(1 as decimal(10, 2)))"},
		{"timestamp with zone", "TIMESTAMP '2020-01-01 00:00:00 UTC'", "(TIMESTAMP '2020-01-01 00:00:00 UTC')"},
		{"interval", "INTERVAL '1' DAY", "(INTERVAL '1' DAY)"},
		{"array", "ARRAY[1, 2]", "(ARRAY[1, 2])"},
		{"case", "CASE WHEN 1 > 0 THEN 'a' ELSE 'b' END", "(CASE WHEN 1 > 0 THEN 'a' ELSE 'b' END)"},
		{"current_date", "current_date", "(current_date)"},
		{"count star", "count(*)", "(count(*))"},
		{"unknown function still an expression", "nosuchfunc(1)", "(nosuchfunc(1))"},
		{"boolean expression", "1 OR 1=1", "(1 OR 1=1)"},
		{"in list", "1 IN (1, 2)", "(1 IN (1, 2))"},
		{"is not null", "NULL IS NOT NULL", "(NULL IS NOT NULL)"},
		{"between", "2 BETWEEN 1 AND 3", "(2 BETWEEN 1 AND 3)"},
		{"concat", "'a' || 'b'", "('a' || 'b')"},
		{"surrounding space trimmed", "  1  ", "(1)"},
		{"comment replaced", "1 -- one", "(1)"},
		{"block comment replaced", "1 /* x */ + 2", "(1   + 2)"},
		{"quote inside string expression", "'it''s'", "('it''s')"},
		// Text that does not parse becomes a string literal.
		{"two words", "abc def", "'abc def'"},
		{"unbalanced quote", "it's", "'it''s'"},
		{"bare uuid", "123e4567-e89b-12d3-a456-426614174000", "'123e4567-e89b-12d3-a456-426614174000'"},
		{"empty", "", "''"},
		{"spaces", "  ", "'  '"},
		{"two numbers", "1 2", "'1 2'"},
		{"unbalanced paren", "(1", "'(1'"},
		{"extra paren", "1)", "'1)'"},
		{"empty parens", "()", "'()'"},
		{"semicolon", "1; DROP TABLE t", "'1; DROP TABLE t'"},
		{"question mark", "?", "'?'"},
		{"subquery", "(SELECT 1)", "'(SELECT 1)'"},
		{"comment only", "-- x", "'-- x'"},
		{"closing comment attack", "1) -- ", "'1) -- '"},
		// Text with an identifier becomes a string literal.
		{"identifier", "abc", "'abc'"},
		{"identifier plus one", "x + 1", "'x + 1'"},
		{"dotted", "t.x", "'t.x'"},
		{"quoted identifier", `"x"`, `'"x"'`},
		{"function of a column", "upper(x)", "'upper(x)'"},
		{"lambda", "transform(ARRAY[1], x -> x)", "'transform(ARRAY[1], x -> x)'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := BindParameters("SELECT ? AS v", []string{tt.param})
			if want := "SELECT " + tt.want + " AS v"; err != nil || got != want {
				t.Errorf("BindParameters(%q) = %q, %v; want %q", tt.param, got, err, want)
			}
		})
	}
}

func TestBindParametersLeavesQuotedMarkersAlone(t *testing.T) {
	sql := "SELECT '?', \"?\", `?` /* ? */, ? -- ?\nFROM t WHERE a = ?;"
	got, err := BindParameters(sql, []string{"1", "x"})
	want := "SELECT '?', \"?\", `?` /* ? */, (1) -- ?\nFROM t WHERE a = 'x';"
	if err != nil || got != want {
		t.Errorf("got %q, %v\nwant %q", got, err, want)
	}
}

func TestBindParametersKeepsLiteralsApart(t *testing.T) {
	tests := []struct{ sql, want string }{
		{"SELECT x?", "SELECT x 'a'"},   // not X'..', a binary literal
		{"SELECT U&?", "SELECT U& 'a'"}, // not U&'..'
		{"SELECT ??", "SELECT 'a' 'a'"}, // not 'a''a', one literal
		{"SELECT ?'b'", "SELECT 'a' 'b'"},
		{"SELECT 1-?", "SELECT 1-'a'"},
	}
	for _, tt := range tests {
		params := make([]string, 0, 2)
		for range 2 {
			params = append(params, "a")
		}
		toks, _ := Tokenize(tt.sql)
		n := 0
		for _, tk := range toks {
			if tk.Kind == Param {
				n++
			}
		}
		got, err := BindParameters(tt.sql, params[:n])
		if err != nil || got != tt.want {
			t.Errorf("BindParameters(%q) = %q, %v; want %q", tt.sql, got, err, tt.want)
		}
	}
	if got, _ := BindParameters("SELECT -?", []string{"-1"}); got != "SELECT -(-1)" {
		t.Errorf("negative parameter: %q", got) // not --1, a comment
	}
}

func TestBindParametersCountsMarkers(t *testing.T) {
	tests := []struct {
		name   string
		sql    string
		params []string
		want   string
		err    *ParameterCountError
	}{
		{"no markers ignores parameters", "SELECT 1", []string{"1", "2"}, "SELECT 1", nil},
		{"no markers, no parameters", "SELECT 1", nil, "SELECT 1", nil},
		{"too many", "SELECT ?", []string{"1", "2"}, "SELECT ?", &ParameterCountError{1, 2}},
		{"too few", "SELECT ?, ?", []string{"1"}, "SELECT ?, ?", &ParameterCountError{2, 1}},
		{"none given", "SELECT ?", nil, "SELECT ?", &ParameterCountError{1, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := BindParameters(tt.sql, tt.params)
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			var pe *ParameterCountError
			switch {
			case tt.err == nil && err != nil:
				t.Errorf("err = %v", err)
			case tt.err != nil && (!errors.As(err, &pe) || *pe != *tt.err):
				t.Errorf("err = %v, want %v", err, tt.err)
			}
		})
	}
	err := &ParameterCountError{Placeholders: 1, Values: 2}
	if err.Error() != "Incorrect number of parameters: expected 1 but found 2" {
		t.Errorf("Error() = %q", err.Error())
	}
	if _, err := BindParameters("SELECT '?", []string{"1"}); err == nil {
		t.Error("untokenizable SQL: no error")
	}
}

func FuzzBindParameters(f *testing.F) {
	f.Add("SELECT ? AS v", "'abc'", "x")
	f.Add("SELECT ?, ? FROM t WHERE a = 'it''s' -- ?", "it's", "1 + 1")
	f.Add("SELECT x?", "a'b", "")
	f.Add("SELECT U&?, ??", "'", "''")
	f.Add("SELECT -?", "-1", "/*")
	f.Add("SELECT ?", "1) -- ", "DATE '2020-01-01'")
	f.Add("SELECT ?, ?", "now()", "123e4567-e89b-12d3-a456-426614174000")
	f.Add("INSERT INTO t VALUES (?, ?)", "CAST('1' AS int)", "((((1))))")
	f.Fuzz(func(t *testing.T, sql, p1, p2 string) {
		orig, err := Tokenize(sql)
		if err != nil {
			return
		}
		var markers int
		for _, tk := range orig {
			if tk.Kind == Param {
				markers++
			}
		}
		params := []string{p1, p2}[:min(markers, 2)]
		out, err := BindParameters(sql, params)
		if markers == 0 || markers > 2 {
			if out != sql {
				t.Fatalf("changed %q to %q", sql, out)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		got, err := Tokenize(out)
		if err != nil {
			t.Fatalf("result %q does not tokenize: %v", out, err)
		}
		// Every significant token of sql comes back unchanged, in order, and
		// each ? becomes one string literal holding the parameter or a
		// parenthesised copy of the parameter's tokens.
		want := newCursor(orig).toks
		have := newCursor(got).toks
		k, h := 0, 0
		for _, w := range want {
			if w.Kind != Param {
				if h >= len(have) || have[h].Kind != w.Kind || have[h].Text != w.Text {
					t.Fatalf("token %+v lost in %q (from %q)", w, out, sql)
				}
				h++
				continue
			}
			p := params[k]
			k++
			if h < len(have) && have[h].Kind == String && have[h].Value() == p && have[h].Text[0] == '\'' {
				h++
				continue
			}
			ptoks, err := Tokenize(p)
			if err != nil {
				t.Fatalf("param %q bound in %q, but it does not tokenize", p, out)
			}
			psig := newCursor(ptoks).toks
			if h+len(psig)+2 > len(have) || !have[h].IsOp("(") || !have[h+len(psig)+1].IsOp(")") {
				t.Fatalf("param %q not bound as a literal or a group in %q", p, out)
			}
			for j, pt := range psig {
				if have[h+1+j].Kind != pt.Kind || have[h+1+j].Text != pt.Text {
					t.Fatalf("param %q changed in %q", p, out)
				}
			}
			h += len(psig) + 2
		}
		if h != len(have) {
			t.Fatalf("extra tokens in %q", out)
		}
	})
}
