package engine

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/athenaq/athenaq/emulator/internal/athena"
)

// The SQL sandbox. confine already keeps DuckDB away from the host's files
// and the network; checkSandbox adds what Athena's SQL cannot do at all, so
// that such queries fail as they would in Athena instead of reaching DuckDB:
//
//   - DuckDB's table functions (read_csv, read_text, glob, query,
//     duckdb_settings, pragma_*, ...) and the functions that show the
//     host's settings (current_setting) fail with FUNCTION_NOT_FOUND,
//     as any function Athena does not know;
//   - a string literal where a table belongs (FROM '/path/file') is a
//     syntax error, as in Trino's grammar;
//   - a ")" that closes more than the statement opened is a syntax error:
//     it would end the wrapper the engine puts around the statement
//     (COPY, DESCRIBE, EXPLAIN);
//   - a NUL byte is a syntax error: DuckDB's C API would cut the text
//     there.

// allowedTableFunctions are DuckDB table functions that the SQL rewriter's
// output calls (UNNEST) or that are scalar functions too.
var allowedTableFunctions = map[string]bool{"unnest": true}

// deniedScalars are functions other than table functions that a query must
// not call: they show or change the host's settings or write logs.
var deniedScalars = []string{"current_setting", "getvariable", "write_log"}

// deniedFunctions reads DuckDB's catalog for the functions that checkSandbox
// refuses: every table function (and table macro) that is not also a
// scalar, aggregate or macro, every function named duckdb_* or pragma_*, and
// deniedScalars.
func deniedFunctions(ctx context.Context, conn *sql.Conn) (map[string]bool, error) {
	rows, err := conn.QueryContext(ctx, `SELECT DISTINCT lower(function_name) FROM duckdb_functions()
WHERE (function_type IN ('table', 'table_macro') AND lower(function_name) NOT IN (
    SELECT lower(function_name) FROM duckdb_functions() WHERE function_type IN ('scalar', 'aggregate', 'macro')))
  OR starts_with(lower(function_name), 'duckdb_') OR starts_with(lower(function_name), 'pragma_')`)
	if err != nil {
		return nil, fmt.Errorf("list table functions: %w", err)
	}
	defer rows.Close()
	denied := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, fmt.Errorf("list table functions: %w", err)
		}
		if !allowedTableFunctions[name] {
			denied[name] = true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list table functions: %w", err)
	}
	for _, name := range deniedScalars {
		denied[name] = true
	}
	return denied, nil
}

// statement returns the caller's statement as the engine runs it (see
// singleStatement) once the sandbox has passed it. Errors are
// *athena.QueryError values: SYNTAX_ERROR or FUNCTION_NOT_FOUND.
func (e *Engine) statement(query string) (string, error) {
	body, err := singleStatement(query)
	if err == nil {
		err = e.checkSandbox(body)
	}
	if err != nil {
		return "", syntaxQueryError(err)
	}
	return body, nil
}

// checkSandbox applies the sandbox to body, the caller's statement: nil, a
// *SyntaxError, or an *athena.QueryError (FUNCTION_NOT_FOUND).
func (e *Engine) checkSandbox(body string) error {
	toks, err := sandboxTokens(body)
	if err != nil {
		return err
	}
	if err := checkShape(body, toks); err != nil {
		return err
	}
	for i, t := range toks {
		if t.kind != tokWord && t.kind != tokQuoted || i+1 >= len(toks) || !toks[i+1].is("(") {
			continue
		}
		name := strings.ToLower(t.name())
		if !e.denied[name] || definesName(toks, i) {
			continue
		}
		line, col := lineCol(body, t.off)
		return athena.NewQueryError("FUNCTION_NOT_FOUND", fmt.Sprintf("line %d:%d: Function '%s' not registered", line, col, name))
	}
	return nil
}

// checkShape reports the syntax errors of the sandbox: a ")" that closes
// more than body opened, and a string literal in a FROM list.
func checkShape(body string, toks []sqlTok) error {
	table, unbalanced := tablePositions(toks)
	for i, t := range toks {
		switch {
		case i == unbalanced:
			line, col := lineCol(body, t.off)
			return &SyntaxError{Line: line, Col: col, Msg: "mismatched input ')'. Expecting: <EOF>"}
		case table[i] && t.kind == tokString:
			line, col := lineCol(body, t.off)
			return &SyntaxError{Line: line, Col: col,
				Msg: "mismatched input '" + t.text + "'. Expecting: '(', 'LATERAL', 'UNNEST', <identifier>"}
		}
	}
	return nil
}

// tablePositions marks the tokens that stand where a table belongs in a
// query: the first token after FROM, JOIN, LATERAL or a comma of a FROM
// list, outside the parentheses of expressions and argument lists. It also
// returns the index of the first ")" that closes more than toks opened, or
// -1.
func tablePositions(toks []sqlTok) (table []bool, unbalanced int) {
	// One frame per open parenthesis: whether it holds a query, whether
	// its FROM list is being read, and whether a table comes next.
	type frame struct{ query, from, table bool }
	stack := []frame{{query: true}}
	table = make([]bool, len(toks))
	unbalanced = -1
	for i, t := range toks {
		f := &stack[len(stack)-1]
		switch {
		case t.is("("):
			stack = append(stack, frame{query: i+1 < len(toks) && startsQuery(toks[i+1])})
			continue
		case t.is(")"):
			if len(stack) > 1 {
				stack = stack[:len(stack)-1]
			} else if unbalanced < 0 {
				unbalanced = i
			}
			stack[len(stack)-1].table = false
			continue
		}
		if !f.query {
			continue
		}
		table[i] = f.table
		expect := false
		switch {
		case t.word("FROM"):
			f.from, expect = true, true
		case t.word("JOIN") || t.word("LATERAL") || t.is(",") && f.from:
			expect = f.from
		case t.kind == tokWord && endsFrom[strings.ToUpper(t.text)]:
			f.from = false
		}
		f.table = expect
	}
	return table, unbalanced
}

// endsFrom are the words after which a query's FROM list is over.
var endsFrom = map[string]bool{
	"WHERE": true, "GROUP": true, "HAVING": true, "WINDOW": true, "QUALIFY": true, "ORDER": true, "LIMIT": true,
	"OFFSET": true, "FETCH": true, "UNION": true, "INTERSECT": true, "EXCEPT": true, "SELECT": true,
}

// startsQuery reports whether a parenthesis whose first token is t holds a
// query rather than an expression or an argument list.
func startsQuery(t sqlTok) bool {
	for _, w := range []string{"SELECT", "WITH", "FROM", "VALUES", "TABLE", "PIVOT", "UNPIVOT", "SUMMARIZE"} {
		if t.word(w) {
			return true
		}
	}
	return false
}

// definesName reports whether the name at toks[i], followed by "(", is
// not a call: an alias with a column list (AS name(a, b)) or a common table
// expression (name(a, b) AS (...)).
func definesName(toks []sqlTok, i int) bool {
	if i > 0 && toks[i-1].word("AS") {
		return true
	}
	depth := 0
	for j := i + 1; j < len(toks); j++ {
		switch {
		case toks[j].is("("):
			depth++
		case toks[j].is(")"):
			depth--
			if depth == 0 {
				return j+2 < len(toks) && toks[j+1].word("AS") &&
					(toks[j+2].is("(") || toks[j+2].word("MATERIALIZED") || toks[j+2].word("NOT"))
			}
		}
	}
	return false
}

// sqlTok is a token of DuckDB SQL, as far as the sandbox needs to tell
// them apart. Whitespace and comments are dropped.
type sqlTok struct {
	kind tokKind
	text string
	off  int // byte offset in the statement
}

type tokKind int

const (
	tokOther  tokKind = iota // numbers, operators and punctuation
	tokWord                  // a bare word: keyword or identifier
	tokQuoted                // a "quoted" identifier
	tokString                // a string literal: 'x', E'x', $$x$$
)

func (t sqlTok) is(op string) bool  { return t.kind == tokOther && t.text == op }
func (t sqlTok) word(w string) bool { return t.kind == tokWord && strings.EqualFold(t.text, w) }
func (t sqlTok) name() string {
	if t.kind == tokQuoted {
		return strings.ReplaceAll(strings.TrimSuffix(strings.TrimPrefix(t.text, `"`), `"`), `""`, `"`)
	}
	return t.text
}

// sandboxTokens splits DuckDB SQL into tokens with DuckDB's lexical rules
// (nested block comments, E” strings with backslash escapes, dollar
// quotes). A NUL byte is a *SyntaxError.
func sandboxTokens(s string) ([]sqlTok, error) {
	if i := strings.IndexByte(s, 0); i >= 0 {
		line, col := lineCol(s, i)
		// Trino's lexer reports a character it does not accept this way
		// (unverified for NUL in Athena).
		return nil, &SyntaxError{Line: line, Col: col, Msg: `token recognition error at: '\u0000'`}
	}
	var toks []sqlTok
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			i++
		case c == '-' && i+1 < len(s) && s[i+1] == '-':
			j := strings.IndexByte(s[i:], '\n')
			if j < 0 {
				return toks, nil
			}
			i += j
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			i = skipBlockComment(s, i)
		case c == '\'':
			j := skipQuoted(s, i, '\'', false)
			toks = append(toks, sqlTok{kind: tokString, text: s[i:j], off: i})
			i = j
		case c == '"':
			j := skipQuoted(s, i, '"', false)
			toks = append(toks, sqlTok{kind: tokQuoted, text: s[i:j], off: i})
			i = j
		case c == '$':
			j := skipDollar(s, i)
			kind := tokOther
			if j > i+1 {
				kind = tokString
			}
			toks = append(toks, sqlTok{kind: kind, text: s[i:j], off: i})
			i = j
		case isWordStart(c):
			j := i + 1
			for j < len(s) && (isWordStart(s[j]) || s[j] >= '0' && s[j] <= '9' || s[j] == '$') {
				j++
			}
			if j < len(s) && s[j] == '\'' {
				// A prefixed string: E'...' (backslash escapes), X'...',
				// B'...', U&'...' is not DuckDB's.
				k := skipQuoted(s, j, '\'', j == i+1 && (c == 'E' || c == 'e'))
				toks = append(toks, sqlTok{kind: tokString, text: s[i:k], off: i})
				i = k
				continue
			}
			toks = append(toks, sqlTok{kind: tokWord, text: s[i:j], off: i})
			i = j
		case c >= '0' && c <= '9':
			j := i + 1
			for j < len(s) && (isWordStart(s[j]) || s[j] >= '0' && s[j] <= '9' || s[j] == '.') {
				j++
			}
			toks = append(toks, sqlTok{kind: tokOther, text: s[i:j], off: i})
			i = j
		default:
			toks = append(toks, sqlTok{kind: tokOther, text: s[i : i+1], off: i})
			i++
		}
	}
	return toks, nil
}

func isWordStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}
