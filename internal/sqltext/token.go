package sqltext

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind is the lexical class of a Token.
type Kind int

// The token kinds. Keyword and Ident together are the bare words; use
// Token.IsWord or Token.Upper to match them without caring which one the
// lexer picked.
const (
	// Other is a character the Trino lexer does not accept, such as '@', '#',
	// a non-ASCII symbol or a byte that is not valid UTF-8. Each is its own
	// token, so that the tokens still reproduce the input.
	Other Kind = iota
	// Whitespace is a run of spaces, tabs, line feeds, carriage returns,
	// form feeds and vertical tabs.
	Whitespace
	// Comment is a line comment ("-- ..." up to, not including, the line
	// feed) or a block comment ("/* ... */", not nested).
	Comment
	// Keyword is a bare word that Trino reserves (SELECT, FROM, CAST, ...).
	Keyword
	// Ident is any other bare word: an identifier or a non-reserved keyword
	// (DATE, LIMIT, TABLES, ...). The text keeps its case.
	Ident
	// QuotedIdent is a double-quoted identifier; "" inside stands for ".
	QuotedIdent
	// BacktickIdent is a Hive back-quoted identifier; `` inside stands for `.
	BacktickIdent
	// String is a string literal: 'it''s', and also the prefixed forms
	// U&'...' (Unicode escapes) and X'...' (varbinary), prefix included.
	String
	// Number is a numeric literal: 12, 1_000, 0x1F, 1.5, .5, 1., 1e3, 2.5E-3.
	Number
	// Operator is punctuation or an operator: ( ) , . ; [ ] { } and
	// + - * / % = < > <= >= <> != || -> => :: and the other ASCII symbols.
	Operator
	// Param is the positional parameter marker ?.
	Param
)

var kindNames = [...]string{
	Other: "Other", Whitespace: "Whitespace", Comment: "Comment", Keyword: "Keyword",
	Ident: "Ident", QuotedIdent: "QuotedIdent", BacktickIdent: "BacktickIdent",
	String: "String", Number: "Number", Operator: "Operator", Param: "Param",
}

// String returns the name of the kind, such as "Keyword".
func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Token is one lexical token of a SQL text. Concatenating the Text of every
// token that Tokenize returns gives back the input byte for byte.
type Token struct {
	Kind Kind
	Text string // the exact source text, quotes and prefixes included
	Pos  int    // byte offset of Text in the input
	Line int    // 1-based line of the first character
	Col  int    // 1-based column of the first character, counted in runes
}

// End returns the byte offset just after the token.
func (t Token) End() int { return t.Pos + len(t.Text) }

// Upper returns the text in upper case. It is meant for bare words
// (Keyword and Ident), which Trino matches case-insensitively.
func (t Token) Upper() string { return strings.ToUpper(t.Text) }

// IsWord reports whether the token is a bare word (Keyword or Ident) equal
// to word, ignoring case. IsWord("select") matches SELECT and Select.
func (t Token) IsWord(word string) bool {
	return (t.Kind == Keyword || t.Kind == Ident) && strings.EqualFold(t.Text, word)
}

// IsOp reports whether the token is the operator or punctuation op.
func (t Token) IsOp(op string) bool { return t.Kind == Operator && t.Text == op }

// IsTrivia reports whether the token is whitespace or a comment, which the
// grammar ignores.
func (t Token) IsTrivia() bool { return t.Kind == Whitespace || t.Kind == Comment }

// IsName reports whether the token can name a table or column: an Ident,
// QuotedIdent or BacktickIdent. Reserved keywords cannot.
func (t Token) IsName() bool {
	return t.Kind == Ident || t.Kind == QuotedIdent || t.Kind == BacktickIdent
}

// Value returns what the token stands for. For a QuotedIdent or
// BacktickIdent it is the name without quotes and with doubled quotes
// collapsed; for a String it is the text between the quotes with each doubled quote collapsed
// (U&'...' escapes are not decoded and X'...' stays hex digits); for every
// other kind it is Text.
func (t Token) Value() string {
	switch t.Kind {
	case QuotedIdent:
		return unquote(t.Text, '"')
	case BacktickIdent:
		return unquote(t.Text, '`')
	case String:
		i := strings.IndexAny(t.Text, `'"`)
		if i < 0 {
			return t.Text
		}
		return unquote(t.Text[i:], t.Text[i])
	}
	return t.Text
}

// unquote strips the first and last byte of s and collapses doubled q.
func unquote(s string, q byte) string {
	if len(s) < 2 {
		return s
	}
	inner := s[1 : len(s)-1]
	pair := string([]byte{q, q})
	return strings.ReplaceAll(inner, pair, string(q))
}

// SyntaxError is a statement that Athena rejects at StartQueryExecution
// (FACTS §1.7). Error gives "line L:C: Msg", or Msg alone when Line is 0
// (Athena's message carries no position then).
type SyntaxError struct {
	Line, Col int    // 1-based; Col counts runes
	Msg       string // Athena's message without the "line L:C: " prefix
	Code      string // CodeMalformedQuery or CodeInvalidInput
}

// Error codes that a SyntaxError carries; Athena sends them as AthenaErrorCode.
const (
	CodeMalformedQuery = "MALFORMED_QUERY"
	CodeInvalidInput   = "INVALID_INPUT"
)

// Error returns the message as Athena words it.
func (e *SyntaxError) Error() string {
	if e.Line <= 0 {
		return e.Msg
	}
	return fmt.Sprintf("line %d:%d: %s", e.Line, e.Col, e.Msg)
}

// Tokenize splits sql into tokens, whitespace and comments included, so that
// concatenating their Text reproduces sql exactly. It fails with a
// *SyntaxError only for a string literal, quoted identifier or block comment
// that is not closed; every other byte sequence yields tokens. Tokenize never
// panics.
func Tokenize(sql string) ([]Token, error) {
	return tokenize(sql, false)
}

// TokenizeHive splits sql into tokens as Tokenize does, but reads string
// literals with the rules of Hive's lexer, which Athena's Hive DDL uses
// (CREATE EXTERNAL TABLE, ALTER TABLE, SHOW, ...): both '...' and "..." are
// String tokens, and inside them a backslash escapes the next character, so
// 'it\'s' is one literal and 'C:\' is not closed. There are no U&'...' or
// X'...' prefixes. Value does not decode the backslash escapes. Every other
// token is lexed as Tokenize lexes it. TokenizeHive never panics.
func TokenizeHive(sql string) ([]Token, error) {
	return tokenize(sql, true)
}

func tokenize(sql string, hive bool) ([]Token, error) {
	lx := lexer{src: sql, line: 1, col: 1, hive: hive}
	toks := make([]Token, 0, len(sql)/2+1)
	for lx.pos < len(sql) {
		start, line, col := lx.pos, lx.line, lx.col
		kind, end, err := lx.scan()
		if err != nil {
			return nil, err
		}
		if kind != Whitespace && kind != Comment {
			lx.seen = true
		}
		text := sql[start:end]
		toks = append(toks, Token{Kind: kind, Text: text, Pos: start, Line: line, Col: col})
		lx.advance(text)
	}
	return toks, nil
}

type lexer struct {
	src       string
	pos       int
	line, col int
	seen      bool // a token other than whitespace or a comment came before
	hive      bool // Hive's string literals (TokenizeHive)
}

// advance moves the position past text, keeping line and column. Only a
// line feed starts a new line, as in Trino's ANTLR lexer.
func (lx *lexer) advance(text string) {
	lx.pos += len(text)
	if i := strings.LastIndexByte(text, '\n'); i >= 0 {
		lx.line += strings.Count(text, "\n")
		lx.col = 1 + utf8.RuneCountInString(text[i+1:])
		return
	}
	lx.col += utf8.RuneCountInString(text)
}

func (lx *lexer) at(i int) byte {
	if i < len(lx.src) {
		return lx.src[i]
	}
	return 0
}

// scan returns the kind and end offset of the token that starts at lx.pos.
func (lx *lexer) scan() (Kind, int, error) {
	s, p := lx.src, lx.pos
	c := s[p]
	switch {
	case isSpace(c):
		e := p + 1
		for e < len(s) && isSpace(s[e]) {
			e++
		}
		return Whitespace, e, nil
	case c == '-' && lx.at(p+1) == '-':
		e := strings.IndexByte(s[p:], '\n')
		if e < 0 {
			return Comment, len(s), nil
		}
		return Comment, p + e, nil
	case c == '/' && lx.at(p+1) == '*':
		e := strings.Index(s[p+2:], "*/")
		if e < 0 {
			// Trino does not take an unclosed /* for a comment: it reads '/'
			// and fails there. Measured at the start of a statement:
			// "line 1:1: mismatched input '/'" (FACTS §7). Mid-statement the
			// wording is unverified.
			if !lx.seen {
				return 0, 0, lx.errorf("mismatched input '/'. Expecting: %s", statementStarts)
			}
			return 0, 0, lx.errorf("mismatched input '/'")
		}
		return Comment, p + 2 + e + 2, nil
	case lx.hive && (c == '\'' || c == '"'):
		return lx.hiveQuoted(p, c)
	case c == '\'':
		return lx.quoted(p, '\'', String, "string literal")
	case !lx.hive && (c == 'U' || c == 'u') && lx.at(p+1) == '&' && lx.at(p+2) == '\'':
		return lx.quoted(p+2, '\'', String, "string literal")
	case !lx.hive && (c == 'X' || c == 'x') && lx.at(p+1) == '\'':
		return lx.quoted(p+1, '\'', String, "binary literal")
	case c == '"':
		return lx.quoted(p, '"', QuotedIdent, "quoted identifier")
	case c == '`':
		return lx.quoted(p, '`', BacktickIdent, "quoted identifier")
	case isDigit(c) || (c == '.' && isDigit(lx.at(p+1))):
		return Number, lx.number(p), nil
	case c == '?':
		return Param, p + 1, nil
	case c < utf8.RuneSelf:
		if isWordStart(rune(c)) {
			return lx.word(p)
		}
		if c < 0x20 || c == 0x7f {
			return Other, p + 1, nil
		}
		if p+1 < len(s) {
			switch s[p : p+2] {
			case "->", "=>", "||", "<=", ">=", "<>", "!=", "::":
				return Operator, p + 2, nil
			}
		}
		switch c {
		case '@', '#', '$', '\\':
			return Other, p + 1, nil
		}
		return Operator, p + 1, nil
	}
	r, n := utf8.DecodeRuneInString(s[p:])
	if r == utf8.RuneError && n <= 1 {
		return Other, p + 1, nil
	}
	if isWordStart(r) {
		return lx.word(p)
	}
	return Other, p + n, nil
}

// quoted scans a literal whose opening quote q is at open; the token starts
// at lx.pos (which may be before open, for a prefix). A doubled q is an
// escaped quote.
func (lx *lexer) quoted(open int, q byte, kind Kind, what string) (Kind, int, error) {
	s := lx.src
	for i := open + 1; i < len(s); i++ {
		if s[i] != q {
			continue
		}
		if i+1 < len(s) && s[i+1] == q {
			i++
			continue
		}
		return kind, i + 1, nil
	}
	// The exact Athena wording for an unterminated literal is not in FACTS
	// (unverified); the position is the start of the literal.
	return 0, 0, lx.errorf("unterminated %s", what)
}

// hiveQuoted scans a Hive string literal whose opening quote q is at open:
// a backslash escapes the next byte, and the next unescaped q closes it.
func (lx *lexer) hiveQuoted(open int, q byte) (Kind, int, error) {
	s := lx.src
	for i := open + 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case q:
			return String, i + 1, nil
		}
	}
	return 0, 0, lx.errorf("unterminated string literal")
}

func (lx *lexer) errorf(format string, args ...any) *SyntaxError {
	return &SyntaxError{Line: lx.line, Col: lx.col, Msg: fmt.Sprintf(format, args...), Code: CodeMalformedQuery}
}

// number scans a numeric literal starting at p and returns its end.
func (lx *lexer) number(p int) int {
	s := lx.src
	if s[p] == '0' && p+2 < len(s) {
		var ok func(byte) bool
		switch s[p+1] {
		case 'x', 'X':
			ok = isHexDigit
		case 'b', 'B':
			ok = func(c byte) bool { return c == '0' || c == '1' }
		case 'o', 'O':
			ok = func(c byte) bool { return c >= '0' && c <= '7' }
		}
		if ok != nil && ok(s[p+2]) {
			return digitsWith(s, p+3, ok)
		}
	}
	e := p
	if s[e] != '.' {
		e = digitsWith(s, e+1, isDigit)
	}
	if e < len(s) && s[e] == '.' {
		e++
		if e < len(s) && isDigit(s[e]) {
			e = digitsWith(s, e+1, isDigit)
		}
	}
	if e < len(s) && (s[e] == 'e' || s[e] == 'E') {
		x := e + 1
		if x < len(s) && (s[x] == '+' || s[x] == '-') {
			x++
		}
		if x < len(s) && isDigit(s[x]) {
			e = digitsWith(s, x+1, isDigit)
		}
	}
	return e
}

// digitsWith scans digits accepted by ok from i, allowing single underscores
// between digits (1_000), and returns the end.
func digitsWith(s string, i int, ok func(byte) bool) int {
	for i < len(s) {
		if ok(s[i]) {
			i++
			continue
		}
		if s[i] == '_' && i+1 < len(s) && ok(s[i+1]) {
			i += 2
			continue
		}
		break
	}
	return i
}

// word scans a bare word starting at p.
func (lx *lexer) word(p int) (Kind, int, error) {
	s := lx.src
	e := p
	for e < len(s) {
		r, n := rune(s[e]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[e:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
		}
		if !isWordPart(r) {
			break
		}
		e += n
	}
	if isReserved(s[p:e]) {
		return Keyword, e, nil
	}
	return Ident, e, nil
}

// isReserved reports whether w is a reserved keyword, in any case, without
// allocating.
func isReserved(w string) bool {
	var buf [24]byte
	if len(w) > len(buf) {
		return false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		buf[i] = c
	}
	return reserved[string(buf[:len(w)])]
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}
func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isHexDigit(c byte) bool {
	return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}
func isWordStart(r rune) bool {
	return r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= utf8.RuneSelf && unicode.IsLetter(r))
}
func isWordPart(r rune) bool {
	return isWordStart(r) || (r >= '0' && r <= '9') || (r >= utf8.RuneSelf && (unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)))
}

// reserved holds Trino's reserved keywords (Trino documentation, "Keywords
// and identifiers"). Any other bare word lexes as Ident.
var reserved = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`ALTER AND AS BETWEEN BY CASE CAST CONSTRAINT CREATE CROSS CUBE
		CURRENT_CATALOG CURRENT_DATE CURRENT_PATH CURRENT_ROLE CURRENT_SCHEMA CURRENT_TIME
		CURRENT_TIMESTAMP CURRENT_USER DEALLOCATE DELETE DESCRIBE DISTINCT DROP ELSE END ESCAPE
		EXCEPT EXECUTE EXISTS EXTRACT FALSE FOR FROM FULL GROUP GROUPING HAVING IN INNER INSERT
		INTERSECT INTO IS JOIN JSON_ARRAY JSON_EXISTS JSON_OBJECT JSON_QUERY JSON_TABLE JSON_VALUE
		LEFT LIKE LISTAGG LOCALTIME LOCALTIMESTAMP NATURAL NORMALIZE NOT NULL ON OR ORDER OUTER
		PREPARE RECURSIVE RIGHT ROLLUP SELECT SKIP TABLE THEN TRIM TRUE UESCAPE UNION UNNEST USING
		VALUES WHEN WHERE WITH`) {
		reserved[w] = true
	}
}
