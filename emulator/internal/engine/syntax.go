package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/athenaq/athenaq/emulator/internal/athena"
)

// SyntaxError is a statement that DuckDB's parser rejects. Line and Col
// are 1-based and count characters, as Trino's "line L:C" positions do.
type SyntaxError struct {
	Line, Col int
	Msg       string
}

// Error returns the text in Athena's form, "line 1:10: mismatched input 'x'".
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d:%d: %s", e.Line, e.Col, e.Msg)
}

// CheckSyntax parses query without binding it: it returns a *SyntaxError
// when DuckDB's parser rejects the text, when it holds more than one
// statement, or when it breaks the sandbox's syntax rules (a table named
// by a string literal, an unbalanced ")", a NUL byte), and nil otherwise. Unknown tables, columns and functions are
// not syntax errors: Athena accepts such queries and fails them later, which
// Query reports. schema is accepted for symmetry with Query; parsing does
// not depend on it.
//
// In the DuckDB dialect the sandbox is the DuckDB dialect's (ParseDuckDB,
// whose refusals are returned as they are, *athena.QueryError values), a
// string in a FROM list is allowed, and the message of a *SyntaxError is
// DuckDB's own ("Parser Error: syntax error at or near ...").
func (e *Engine) CheckSyntax(ctx context.Context, schema, query string) error {
	body, err := singleStatement(query)
	if err != nil {
		return err
	}
	if e.dialect == DialectDuckDB {
		st, err := parseDuckDB(body, e.denied)
		if err != nil {
			return err
		}
		body = st.Body
	} else {
		toks, err := sandboxTokens(body)
		if err != nil {
			return err
		}
		if err := checkShape(body, toks); err != nil {
			return err
		}
	}
	return e.run(ctx, func(ctx context.Context) error {
		var out string
		// json_serialize_sql parses only, and reports the byte offset of a
		// parser error, which the driver's error text does not carry.
		// It wants a constant argument, so the text goes in as a literal.
		err := e.db.QueryRowContext(ctx, "SELECT CAST(json_serialize_sql("+sqlString(body)+") AS VARCHAR)").Scan(&out)
		if err != nil {
			return mapError(ctx, err, source{schema: schema})
		}
		var res struct {
			Error     bool   `json:"error"`
			ErrorType string `json:"error_type"`
			Message   string `json:"error_message"`
			Position  string `json:"position"`
		}
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			return fmt.Errorf("engine: check syntax: %w", err)
		}
		if !res.Error || res.ErrorType != "parser" {
			// Not a parse error ("Only SELECT statements can be serialized"
			// and the like): the statement parsed.
			return nil
		}
		line, col := 1, 1
		if off, err := strconv.Atoi(res.Position); err == nil {
			line, col = lineCol(body, off)
		}
		if e.dialect == DialectDuckDB {
			return &SyntaxError{Line: line, Col: col, Msg: "Parser Error: " + res.Message}
		}
		return &SyntaxError{Line: line, Col: col, Msg: parserMessage(res.Message)}
	})
}

// parserMessage rewrites DuckDB's parser messages in Trino's words where
// they have an equivalent.
func parserMessage(msg string) string {
	if tok, ok := strings.CutPrefix(msg, "syntax error at or near "); ok {
		return "mismatched input '" + strings.Trim(tok, `"`) + "'"
	}
	if msg == "syntax error at end of input" {
		return "mismatched input '<EOF>'"
	}
	return msg
}

// syntaxQueryError turns a SyntaxError found at run time into the FAILED
// reason Athena reports.
func syntaxQueryError(err error) error {
	if se, ok := err.(*SyntaxError); ok {
		return athena.NewQueryError("SYNTAX_ERROR", se.Error())
	}
	return err
}

// lineCol converts a byte offset in s to a 1-based line and character
// column.
func lineCol(s string, off int) (line, col int) {
	off = max(0, min(off, len(s)))
	before := s[:off]
	line = 1 + strings.Count(before, "\n")
	start := strings.LastIndexByte(before, '\n') + 1
	return line, 1 + utf8.RuneCountInString(before[start:])
}

// offsetOf converts a 1-based line and character column back to a byte
// offset in s, or -1.
func offsetOf(s string, line, col int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := strings.IndexByte(s[off:], '\n')
		if i < 0 {
			return -1
		}
		off += i + 1
	}
	for c := 1; c < col && off < len(s); c++ {
		_, n := utf8.DecodeRuneInString(s[off:])
		off += n
	}
	return off
}

// singleStatement returns query without its trailing semicolons and
// whitespace. Text after a top-level semicolon other than whitespace and
// comments is a second statement, which Athena rejects and which the engine
// must never run: that yields a *SyntaxError.
func singleStatement(query string) (string, error) {
	end := -1 // offset of the first top-level ';'
	s := query
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '-' && i+1 < len(s) && s[i+1] == '-':
			j := strings.IndexByte(s[i:], '\n')
			if j < 0 {
				i = len(s)
			} else {
				i += j
			}
			continue
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			i = skipBlockComment(s, i)
			continue
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			i++
			continue
		}
		if end >= 0 {
			line, col := lineCol(s, i)
			return "", &SyntaxError{Line: line, Col: col, Msg: "mismatched input '" + token(s[i:]) + "'. Expecting: <EOF>"}
		}
		switch {
		case c == ';':
			end = i
			i++
			continue
		case c == '\'':
			i = skipQuoted(s, i, '\'', (i > 0 && (s[i-1] == 'E' || s[i-1] == 'e')))
		case c == '"':
			i = skipQuoted(s, i, '"', false)
		case c == '$':
			i = skipDollar(s, i)
		default:
			i++
		}
	}
	if end < 0 {
		end = len(s)
	}
	body := strings.TrimRight(s[:end], " \t\r\n\f")
	if strings.TrimSpace(stripComments(body)) == "" {
		return "", &SyntaxError{Line: 1, Col: 1, Msg: "mismatched input '<EOF>'"}
	}
	return body, nil
}

// token returns the first word or character of s, for error messages.
func token(s string) string {
	for i, r := range s {
		if !(r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			if i == 0 {
				return string(r)
			}
			return s[:i]
		}
	}
	return s
}

// stripComments removes comments outside string literals, to tell an empty
// statement from one that has code.
func stripComments(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		switch {
		case s[i] == '-' && i+1 < len(s) && s[i+1] == '-':
			j := strings.IndexByte(s[i:], '\n')
			if j < 0 {
				return b.String()
			}
			i += j
		case s[i] == '/' && i+1 < len(s) && s[i+1] == '*':
			i = skipBlockComment(s, i)
		case s[i] == '\'' || s[i] == '"':
			j := skipQuoted(s, i, s[i], false)
			b.WriteString(s[i:j])
			i = j
		default:
			b.WriteByte(s[i])
			i++
		}
	}
	return b.String()
}

// skipQuoted returns the offset after the literal or identifier quoted by q
// that starts at i. Doubled quotes stay inside; backslash escapes too when
// backslash is set (E'...' strings).
func skipQuoted(s string, i int, q byte, backslash bool) int {
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			if backslash {
				j++
			}
		case q:
			if j+1 < len(s) && s[j+1] == q {
				j++
				continue
			}
			return j + 1
		}
	}
	return len(s)
}

// skipBlockComment returns the offset after the /* */ comment at i, which
// may nest as in PostgreSQL and DuckDB.
func skipBlockComment(s string, i int) int {
	depth := 0
	for j := i; j+1 < len(s); {
		switch {
		case s[j] == '/' && s[j+1] == '*':
			depth++
			j += 2
		case s[j] == '*' && s[j+1] == '/':
			depth--
			j += 2
			if depth == 0 {
				return j
			}
		default:
			j++
		}
	}
	return len(s)
}

// skipDollar returns the offset after a $tag$...$tag$ string at i, or i+1
// when i starts no such string ($1 parameters).
func skipDollar(s string, i int) int {
	j := i + 1
	for j < len(s) && (s[j] == '_' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z' || s[j] >= '0' && s[j] <= '9' && j > i+1) {
		j++
	}
	if j >= len(s) || s[j] != '$' {
		return i + 1
	}
	tag := s[i : j+1]
	end := strings.Index(s[j+1:], tag)
	if end < 0 {
		return len(s)
	}
	return j + 1 + end + len(tag)
}
