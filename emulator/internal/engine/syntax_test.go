package engine

import (
	"context"
	"errors"
	"testing"
)

func TestCheckSyntax(t *testing.T) {
	e := openTest(t)
	for _, tc := range []struct {
		name, sql string
		want      *SyntaxError // nil: accepted
	}{
		{"valid", "SELECT 1", nil},
		{"valid trailing semicolon", "SELECT 1;  -- done", nil},
		{"unknown table is not a syntax error", "SELECT * FROM nope", nil},
		{"unknown column is not a syntax error", "SELECT nope", nil},
		{"unknown function is not a syntax error", "SELECT foo(1)", nil},
		{"semicolon in a string", "SELECT ';' AS x", nil},
		{"semicolon in a comment", "SELECT 1 /* ; SELECT 2 */", nil},
		{"semicolon in an identifier", `SELECT 1 AS "a;b"`, nil},
		{"misspelt keyword", "SELECT 1 FORM t", &SyntaxError{Line: 1, Col: 15, Msg: "mismatched input 't'"}},
		{"second line", "SELECT 1\nFROM t WHERE", &SyntaxError{Line: 2, Col: 13, Msg: "mismatched input '<EOF>'"}},
		{"second statement", "SELECT 1;\nSELECT 2", &SyntaxError{Line: 2, Col: 1, Msg: "mismatched input 'SELECT'. Expecting: <EOF>"}},
		{"empty", "", &SyntaxError{Line: 1, Col: 1, Msg: "mismatched input '<EOF>'"}},
		{"comment only", "-- only", &SyntaxError{Line: 1, Col: 1, Msg: "mismatched input '<EOF>'"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := e.CheckSyntax(context.Background(), "", tc.sql)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("CheckSyntax(%q) = %v", tc.sql, err)
				}
				return
			}
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("CheckSyntax(%q) = %v, want a *SyntaxError", tc.sql, err)
			}
			if *se != *tc.want {
				t.Errorf("got %+v, want %+v", *se, *tc.want)
			}
		})
	}
}

func TestSingleStatement(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		err      bool
	}{
		{"SELECT 1", "SELECT 1", false},
		{"SELECT 1 ;\n\n", "SELECT 1", false},
		{"SELECT 'a;b' -- c;\n", "SELECT 'a;b' -- c;", false},
		{"SELECT $$x;y$$", "SELECT $$x;y$$", false},
		{"SELECT E'it\\'s;'", "SELECT E'it\\'s;'", false},
		{"SELECT 1; /* c */ -- d", "SELECT 1", false},
		{"SELECT 1; SELECT 2", "", true},
		{"/* /* nested */ ; */ SELECT 1", "/* /* nested */ ; */ SELECT 1", false},
		{";", "", true},
	} {
		got, err := singleStatement(tc.in)
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("singleStatement(%q) = %q, %v", tc.in, got, err)
		}
	}
}
