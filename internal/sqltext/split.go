package sqltext

import "strings"

// Split cuts a script of several statements at each semicolon that is not
// inside a string, a quoted identifier or a comment, as a command line reads
// a SQL file. Each statement comes back without its semicolon and without
// the whitespace around it; pieces that hold nothing but whitespace and
// comments are dropped, so ";;" and a trailing comment yield nothing.
//
// A string, quoted identifier or block comment left open is a *SyntaxError
// that names its line and column. Hive DDL that escapes a quote with a
// backslash ('it\'s') is read with Trino's rules, where the backslash is an
// ordinary character.
func Split(script string) ([]string, error) {
	toks, err := Tokenize(script)
	if err != nil {
		return nil, err
	}
	var stmts []string
	start, meaningful := 0, false
	for _, t := range toks {
		switch {
		case t.Kind == Operator && t.Text == ";":
			if meaningful {
				stmts = append(stmts, trimSpace(script[start:t.Pos]))
			}
			start, meaningful = t.End(), false
		case t.Kind != Whitespace && t.Kind != Comment:
			meaningful = true
		}
	}
	if meaningful {
		stmts = append(stmts, trimSpace(script[start:]))
	}
	return stmts, nil
}

// Complete reports whether text, typed line by line at an interactive
// prompt, ends a statement: it holds at least one statement, and after its
// last semicolon outside strings, quoted identifiers and comments there is
// nothing but whitespace and line comments. Text with an open string,
// quoted identifier or block comment is not complete.
func Complete(text string) bool {
	toks, err := Tokenize(text)
	if err != nil {
		return false
	}
	ended, meaningful := false, false
	for _, t := range toks {
		switch {
		case t.Kind == Operator && t.Text == ";":
			ended = ended || meaningful
			meaningful = false
		case t.Kind != Whitespace && t.Kind != Comment:
			meaningful = true
		}
	}
	return ended && !meaningful
}

// trimSpace trims the characters that the lexer reads as Whitespace, and no
// others: a no-break space is a token of its own (Other) and stays.
func trimSpace(s string) string { return strings.Trim(s, " \t\n\r\f\v") }
