package catalog

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// tokenKind is the kind of a lexical token of Athena's DDL.
type tokenKind int

const (
	tokEOF      tokenKind = iota
	tokWord               // a bare identifier, keyword or number: [A-Za-z0-9_]+
	tokBacktick           // `identifier`; val holds the name with `` undoubled
	tokString             // 'text'; val holds the unescaped text
	tokDString            // "text": a string in Hive, an identifier in Trino
	tokPunct              // any other single character
)

// token is one lexical token. pos and end are byte offsets into the source;
// line and col (1-based, col counted in characters) locate pos for error
// messages.
type token struct {
	kind      tokenKind
	text      string // source text
	val       string
	pos, end  int
	line, col int
	// commentBefore records that a /* */ comment directly precedes the token.
	commentBefore bool
}

// display is the token as Athena quotes it in syntax errors.
func (t token) display() string {
	if t.kind == tokEOF {
		return "<EOF>"
	}
	return t.text
}

// lexer splits SQL text into tokens. It skips whitespace, "--" comments to
// the end of the line and "/* */" comments. An unclosed "/*" is not a
// comment: it lexes as the characters "/" and "*", which then fail to parse,
// as in Athena (FACTS §7).
type lexer struct {
	src       string
	pos       int
	line, col int
	comment   bool
}

func (lx *lexer) next() (token, error) {
	lx.comment = false
	lx.skipSpace()
	t := token{pos: lx.pos, line: lx.line, col: lx.col, commentBefore: lx.comment}
	if lx.pos >= len(lx.src) {
		t.kind, t.end = tokEOF, lx.pos
		return t, nil
	}
	c := lx.src[lx.pos]
	switch {
	case isWordByte(c):
		for lx.pos < len(lx.src) && isWordByte(lx.src[lx.pos]) {
			lx.advance()
		}
		t.kind = tokWord
	case c == '`':
		name, err := lx.quoted('`')
		if err != nil {
			return t, lx.recognitionError(t)
		}
		t.kind, t.val = tokBacktick, name
	case c == '\'' || c == '"':
		raw, err := lx.quoted(c)
		if err != nil {
			return t, lx.recognitionError(t)
		}
		t.kind = tokString
		if c == '"' {
			t.kind = tokDString
		}
		t.val = unescapeHive(raw)
	default:
		lx.advance()
		t.kind = tokPunct
	}
	t.end = lx.pos
	t.text = lx.src[t.pos:t.end]
	if t.kind == tokWord {
		t.val = t.text
	}
	return t, nil
}

// quoted reads a quoted token starting at the opening quote q and returns its
// raw content. A doubled quote character stands for itself in backtick
// identifiers; in strings a backslash escapes the next character, as in
// Hive's lexer.
func (lx *lexer) quoted(q byte) (string, error) {
	lx.advance()
	var b strings.Builder
	for lx.pos < len(lx.src) {
		c := lx.src[lx.pos]
		switch {
		case c == q && q == '`':
			if lx.pos+1 < len(lx.src) && lx.src[lx.pos+1] == '`' {
				b.WriteByte('`')
				lx.advance()
				lx.advance()
				continue
			}
			lx.advance()
			return b.String(), nil
		case c == q:
			lx.advance()
			return b.String(), nil
		case c == '\\' && q != '`' && lx.pos+1 < len(lx.src):
			b.WriteByte(c)
			lx.advance()
			start := lx.pos
			lx.advance()
			b.WriteString(lx.src[start:lx.pos])
			continue
		}
		start := lx.pos
		lx.advance()
		b.WriteString(lx.src[start:lx.pos])
	}
	return "", fmt.Errorf("unterminated")
}

func (lx *lexer) recognitionError(t token) error {
	return &RejectError{Code: MalformedQuery, Message: fmt.Sprintf("line %d:%d: token recognition error at: '%s'", t.line, t.col, lx.src[t.pos:])}
}

func (lx *lexer) skipSpace() {
	for lx.pos < len(lx.src) {
		c := lx.src[lx.pos]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			lx.advance()
		case strings.HasPrefix(lx.src[lx.pos:], "--"):
			for lx.pos < len(lx.src) && lx.src[lx.pos] != '\n' {
				lx.advance()
			}
		case strings.HasPrefix(lx.src[lx.pos:], "/*"):
			end := strings.Index(lx.src[lx.pos+2:], "*/")
			if end < 0 {
				return
			}
			stop := lx.pos + 2 + end + 2
			for lx.pos < stop {
				lx.advance()
			}
			lx.comment = true
		default:
			return
		}
	}
}

// advance moves past one character (a whole UTF-8 sequence), keeping line
// and column.
func (lx *lexer) advance() {
	if lx.src[lx.pos] == '\n' {
		lx.line++
		lx.col = 1
		lx.pos++
		return
	}
	_, n := utf8.DecodeRuneInString(lx.src[lx.pos:])
	lx.pos += n
	lx.col++
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// unescapeHive decodes the backslash escapes of a Hive string literal the
// way Hive's unescapeSQLString does: \ooo octal bytes (\001), \uXXXX, the
// usual \t \n \r \b \0, \Z for ^Z, and any other escaped character standing
// for itself; \% and \_ keep their backslash (they matter to LIKE).
func unescapeHive(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		if i+3 < len(s) && isOctal(s[i+1]) && s[i+1] <= '3' && isOctal(s[i+2]) && isOctal(s[i+3]) {
			v, _ := strconv.ParseUint(s[i+1:i+4], 8, 8)
			b.WriteRune(rune(v))
			i += 3
			continue
		}
		if s[i+1] == 'u' && i+5 < len(s) {
			if v, err := strconv.ParseUint(s[i+2:i+6], 16, 32); err == nil {
				b.WriteRune(rune(v))
				i += 5
				continue
			}
		}
		i++
		switch n := s[i]; n {
		case '0':
			b.WriteByte(0)
		case 'b':
			b.WriteByte('\b')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'Z':
			b.WriteByte(0x1a)
		case '%', '_':
			b.WriteByte('\\')
			b.WriteByte(n)
		default:
			b.WriteByte(n)
		}
	}
	return b.String()
}

func isOctal(c byte) bool { return c >= '0' && c <= '7' }

// quoteHive returns s as a single-quoted Hive string literal that
// unescapeHive reads back as s. It escapes backslashes, quotes and control
// characters the way Java's escapeJava does ('\t', '\n', '\u0001'), which is
// how Athena's SHOW CREATE TABLE prints delimiters; other characters are
// written as they are.
func quoteHive(s string) string {
	var b strings.Builder
	b.WriteByte('\'')
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			// Not UTF-8: keep the byte as it is, so that the text reads
			// back unchanged.
			b.WriteByte(s[i])
			i++
			continue
		}
		i += n
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case '\'':
			b.WriteString(`\'`)
		case '"':
			b.WriteString(`\"`)
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\b':
			b.WriteString(`\b`)
		case '%', '_':
			// Plain; the unescaper only keeps a backslash before them.
			b.WriteRune(r)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
				continue
			}
			b.WriteRune(r)
		}
	}
	b.WriteByte('\'')
	return b.String()
}

// quoteIdent returns name in backticks, doubling any backtick inside.
func quoteIdent(name string) string {
	return "`" + strings.ReplaceAll(name, "`", "``") + "`"
}
