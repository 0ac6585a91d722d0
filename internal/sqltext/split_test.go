package sqltext

import (
	"errors"
	"slices"
	"testing"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name   string
		script string
		want   []string
	}{
		{"one without semicolon", "SELECT 1", []string{"SELECT 1"}},
		{"one with semicolon", "SELECT 1;\n", []string{"SELECT 1"}},
		{"two", "SELECT 1; SELECT 2;", []string{"SELECT 1", "SELECT 2"}},
		{"empty pieces dropped", ";; SELECT 1 ;;", []string{"SELECT 1"}},
		{"comment-only piece dropped", "SELECT 1; -- done\n", []string{"SELECT 1"}},
		{"block comment piece dropped", "SELECT 1; /* ; */", []string{"SELECT 1"}},
		{"semicolon in string", "SELECT 'a;b'; SELECT 2", []string{"SELECT 'a;b'", "SELECT 2"}},
		{"semicolon in quoted identifier", `SELECT 1 AS "x;y"`, []string{`SELECT 1 AS "x;y"`}},
		{"semicolon in line comment", "SELECT 1 -- a;b\n, 2;", []string{"SELECT 1 -- a;b\n, 2"}},
		{"comment kept inside statement", "/* head */ SELECT 1;", []string{"/* head */ SELECT 1"}},
		{"multi-line", "SELECT\n  1\n  , 2\n;\nSHOW TABLES", []string{"SELECT\n  1\n  , 2", "SHOW TABLES"}},
		{"nothing", "  \n -- x\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Split(tt.script)
			if err != nil {
				t.Fatalf("Split(%q): %v", tt.script, err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Split(%q) = %q, want %q", tt.script, got, tt.want)
			}
		})
	}
}

func TestSplitUnclosed(t *testing.T) {
	for _, script := range []string{"SELECT 'abc", `SELECT "x`, "SELECT 1 /* open"} {
		_, err := Split(script)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Split(%q) error = %v, want a *SyntaxError", script, err)
		}
	}
}

func TestComplete(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"SELECT 1;", true},
		{"SELECT 1;  \n", true},
		{"SELECT 1; -- trailing note", true},
		{"SELECT 1", false},
		{"SELECT\n1\n", false},
		{"SELECT 'a;", false},
		{"SELECT 'a;';", true},
		{"SELECT 1 /* ; */", false},
		{"SELECT 1; SELECT", false},
		{"SELECT 1; SELECT 2;", true},
		{";", false},
		{"", false},
		{"-- only a comment;", false},
	}
	for _, tt := range tests {
		if got := Complete(tt.text); got != tt.want {
			t.Errorf("Complete(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{"SELECT 1; SELECT 2", "SELECT 'a;b';", "-- c\n;", `"a;"`, "/* x */;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, script string) {
		stmts, err := Split(script)
		complete := Complete(script)
		if err != nil {
			if complete {
				t.Fatalf("Complete(%q) = true but Split fails: %v", script, err)
			}
			return
		}
		for _, s := range stmts {
			if s == "" || s != trimSpace(s) {
				t.Fatalf("Split(%q) gave untrimmed or empty statement %q", script, s)
			}
			// Each statement is whole on its own: splitting it again gives it back.
			again, err := Split(s)
			if err != nil || len(again) != 1 || again[0] != s {
				t.Fatalf("Split(%q) = %q; re-splitting %q gave %q, %v", script, stmts, s, again, err)
			}
		}
		if complete && len(stmts) == 0 {
			t.Fatalf("Complete(%q) = true but Split found no statement", script)
		}
	})
}
