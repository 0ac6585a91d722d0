package sqltext

import (
	"errors"
	"testing"
)

func TestNormalizeTrimsAsAthenaStoresQuery(t *testing.T) {
	tests := []struct{ name, sql, want string }{
		{"plain", "SELECT 1", "SELECT 1"},
		{"trailing semicolon", "SELECT 1;", "SELECT 1"},
		{"two trailing semicolons", "SELECT 1;;", "SELECT 1"},
		{"space before semicolon", "SELECT 1 ;", "SELECT 1"},
		{"surrounding whitespace", " \n\tSELECT 1 ; \n", "SELECT 1"},
		{"leading semicolon", "; SELECT 1", "SELECT 1"},
		{"comments kept", "-- c\nSELECT 1 /* x */ ;", "-- c\nSELECT 1 /* x */"},
		{"trailing comment kept", "SELECT 1 -- c", "SELECT 1 -- c"},
		{"semicolon in comment", "SELECT 1 -- c;", "SELECT 1 -- c;"},
		{"semicolon in string", "SELECT ';'", "SELECT ';'"},
		{"param after semicolon", "SELECT ?;", "SELECT ?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Normalize(tt.sql)
			if err != nil || got != tt.want {
				t.Errorf("Normalize(%q) = %q, %v; want %q", tt.sql, got, err, tt.want)
			}
		})
	}
}

func TestNormalizeRejectsWhatAthenaRejectsAtStart(t *testing.T) {
	eof := "mismatched input '<EOF>'. Expecting: " + statementStarts
	tests := []struct {
		name, sql string
		want      SyntaxError
		text      string // Error()
	}{
		{"line comment only", "-- only", SyntaxError{1, 8, eof, CodeMalformedQuery}, "line 1:8: " + eof},
		{"block comment only", "/* only */", SyntaxError{1, 11, eof, CodeMalformedQuery}, ""},
		{"comment only, surrounding whitespace", "\n  -- only\n", SyntaxError{1, 8, eof, CodeMalformedQuery}, ""},
		{"two comment lines", "-- a\n-- bc", SyntaxError{2, 6, eof, CodeMalformedQuery}, ""},
		{"two statements", "SELECT 1; SELECT 2", SyntaxError{0, 0, "Only one sql statement is allowed. Got: SELECT 1; SELECT 2", CodeMalformedQuery},
			"Only one sql statement is allowed. Got: SELECT 1; SELECT 2"},
		{"statement then comment", "SELECT 1; -- c", SyntaxError{0, 0, "Only one sql statement is allowed. Got: SELECT 1; -- c", CodeMalformedQuery}, ""},
		{"trailing whitespace trimmed in message", "SELECT 1;SELECT 2;  \n", SyntaxError{0, 0, "Only one sql statement is allowed. Got: SELECT 1;SELECT 2;", CodeMalformedQuery}, ""},
		{"only semicolon", ";", SyntaxError{0, 0, "Empty sql statement: ;", CodeMalformedQuery}, "Empty sql statement: ;"},
		{"semicolon and spaces", "  ; ", SyntaxError{0, 0, "Empty sql statement: ;", CodeMalformedQuery}, ""},
		{"empty", "", SyntaxError{1, 1, eof, CodeMalformedQuery}, ""},
		{"whitespace", " \n ", SyntaxError{1, 1, eof, CodeMalformedQuery}, ""},
		{"unclosed block comment", "/* c SELECT 1", SyntaxError{1, 1, "mismatched input '/'. Expecting: " + statementStarts, CodeMalformedQuery}, ""},
		{"unterminated string", "  SELECT 'a", SyntaxError{1, 8, "unterminated string literal", CodeMalformedQuery}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Normalize(tt.sql)
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Normalize(%q) = %q, %v; want *SyntaxError", tt.sql, got, err)
			}
			if *se != tt.want {
				t.Errorf("got %+v\nwant %+v", *se, tt.want)
			}
			if tt.text != "" && se.Error() != tt.text {
				t.Errorf("Error() = %q, want %q", se.Error(), tt.text)
			}
		})
	}
}
