package athenatype

import (
	"fmt"
	"strconv"
	"strings"
)

// Type is a parsed Athena type signature such as
// "array(row(a integer, b varchar))".
//
// Name is the lowercase base name as Athena's ColumnInfo reports it:
// "boolean", "tinyint", "smallint", "integer", "bigint", "real", "double",
// "decimal", "varchar", "char", "varbinary", "date", "time",
// "time with time zone", "timestamp", "timestamp with time zone",
// "interval day to second", "interval year to month", "json", "ipaddress",
// "uuid", "array", "map" and "row". Any other identifier is kept as its
// lowercase name; values of such types decode as strings.
//
// A composite type written without parameters ("array", "map", "row", as
// ColumnInfo reports them) has nil inner types: its inner values decode by
// structure, as strings.
type Type struct {
	Name string

	// Length is n in varchar(n) and char(n); 0 means not given (unbounded
	// varchar, char(1)). For a DuckDB ARRAY (INTEGER[3]) it is the number of
	// elements.
	Length int

	// Precision is p in decimal(p,s) (0 when not given) and the number of
	// fraction digits of time and timestamp types (3, Athena's default, when
	// not given).
	Precision int

	// Scale is s in decimal(p,s).
	Scale int

	Elem       *Type   // array element type (DuckDB: LIST and ARRAY)
	Key, Value *Type   // map key and value types
	Fields     []Field // row fields, in order (DuckDB: STRUCT and UNION members)

	// DuckDB marks a type parsed by ParseDuckDBType. Its Name is then the
	// upper-case DuckDB name as typeof prints it (see ParseDuckDBType), and
	// String writes DuckDB's spelling.
	DuckDB bool

	// Enum holds the values of a DuckDB ENUM, in order.
	Enum []string
}

// Field is one field of a row type. Name is empty for an unnamed field, as
// in row(integer, varchar).
type Field struct {
	Name string
	Type *Type
}

// ParseSignature parses an Athena type signature. It accepts Trino
// spellings ("array(row(a integer, b varchar))", "map(varchar, bigint)",
// "decimal(10,2)", "varchar(10)", "timestamp(3) with time zone",
// "row(integer, varchar)", `row("a b" integer)`) and Hive spellings
// ("array<struct<a:int>>", "int", "string", "float", "binary"), which it
// normalizes to the Trino names. Keywords are case-insensitive.
//
// Errors name the byte offset and what was expected there.
func ParseSignature(s string) (*Type, error) {
	p := sigParser{s: s}
	p.next()
	t, err := p.parseType(0)
	if err == nil && p.tok.kind != tokEOF {
		err = p.errorf("expected end of signature")
	}
	if err != nil {
		return nil, fmt.Errorf("athenatype: signature %q: %w", truncate(s), err)
	}
	return t, nil
}

// String returns the Trino spelling of t, which ParseSignature parses back
// to an equal Type; for a type from ParseDuckDBType, DuckDB's spelling,
// which ParseDuckDBType parses back to an equal Type.
func (t *Type) String() string {
	if t == nil {
		return "unknown"
	}
	var b strings.Builder
	if t.DuckDB {
		t.writeDuckDB(&b, 0)
	} else {
		t.write(&b, 0)
	}
	return b.String()
}

func (t *Type) write(b *strings.Builder, depth int) {
	if t == nil {
		b.WriteString("unknown")
		return
	}
	if depth > maxDepth {
		b.WriteString("...") // a hand-built cyclic or too deep Type
		return
	}
	switch t.Name {
	case "array":
		b.WriteString("array")
		if t.Elem != nil {
			b.WriteByte('(')
			t.Elem.write(b, depth+1)
			b.WriteByte(')')
		}
	case "map":
		b.WriteString("map")
		if t.Key != nil && t.Value != nil {
			b.WriteByte('(')
			t.Key.write(b, depth+1)
			b.WriteString(", ")
			t.Value.write(b, depth+1)
			b.WriteByte(')')
		}
	case "row":
		b.WriteString("row")
		if len(t.Fields) > 0 {
			b.WriteByte('(')
			for i, f := range t.Fields {
				if i > 0 {
					b.WriteString(", ")
				}
				if f.Name != "" {
					writeFieldName(b, f.Name)
					b.WriteByte(' ')
				}
				f.Type.write(b, depth+1)
			}
			b.WriteByte(')')
		}
	case "decimal":
		b.WriteString("decimal")
		if t.Precision > 0 {
			fmt.Fprintf(b, "(%d,%d)", t.Precision, t.Scale)
		}
	case "varchar", "char":
		b.WriteString(t.Name)
		if t.Length > 0 {
			fmt.Fprintf(b, "(%d)", t.Length)
		}
	case "time", "timestamp", "time with time zone", "timestamp with time zone":
		base, zone, _ := strings.Cut(t.Name, " ")
		b.WriteString(base)
		if t.Precision != defaultTimePrecision {
			fmt.Fprintf(b, "(%d)", t.Precision)
		}
		if zone != "" {
			b.WriteByte(' ')
			b.WriteString(zone)
		}
	default:
		if t.Name == "" {
			b.WriteString("unknown")
			return
		}
		b.WriteString(t.Name)
	}
}

// writeFieldName writes a row field name, quoted unless it is a plain
// identifier that cannot be mistaken for part of a type.
func writeFieldName(b *strings.Builder, name string) { writeName(b, name, typeWords) }

// writeName writes name as it is when it is a plain identifier that is not
// one of reserved (lower case), else quoted with ".
func writeName(b *strings.Builder, name string, reserved map[string]bool) {
	if isPlainIdent(name) && !reserved[strings.ToLower(name)] {
		b.WriteString(name)
		return
	}
	b.WriteByte('"')
	b.WriteString(strings.ReplaceAll(name, `"`, `""`))
	b.WriteByte('"')
}

func isPlainIdent(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || i > 0 && '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// maxDepth bounds the nesting of signatures, of decoded text and of encoded
// literals, so that no input can exhaust the stack.
const maxDepth = 64

// defaultTimePrecision is the precision of time and timestamp written
// without one (Athena's timestamp is timestamp(3), FACTS §5).
const defaultTimePrecision = 3

// maxTimePrecision is Trino's largest time and timestamp precision
// (picoseconds).
const maxTimePrecision = 12

// aliases maps Hive and alternative spellings to Athena's base names.
var aliases = map[string]string{
	"int":    "integer",
	"string": "varchar",
	"float":  "real", // ColumnInfo reports REAL as "float" (FACTS §2.4)
	"binary": "varbinary",
	"struct": "row",
}

// typeWords are the words the parser treats specially; field names equal to
// one of them are quoted by String.
var typeWords = map[string]bool{
	"array": true, "map": true, "row": true, "struct": true, "decimal": true, "varchar": true,
	"char": true, "time": true, "timestamp": true, "with": true, "without": true, "zone": true,
	"interval": true, "day": true, "to": true, "second": true, "year": true, "month": true,
	"double": true, "precision": true,
}

type tokKind int

const (
	tokEOF    tokKind = iota
	tokIdent          // bare word, lowercased in text; raw keeps the spelling
	tokQuoted         // "..." or `...`
	tokNumber
	tokPunct // ( ) < > , :
	tokBad
)

type token struct {
	kind tokKind
	text string // lowercased ident, unquoted name, digits or punctuation
	raw  string // the ident as written
	pos  int
}

type sigParser struct {
	s   string
	i   int
	tok token
}

func (p *sigParser) errorf(format string, args ...any) error {
	found := "end of signature"
	switch p.tok.kind {
	case tokIdent, tokNumber, tokPunct:
		found = strconv.Quote(p.s[p.tok.pos:p.i])
	case tokQuoted, tokBad:
		found = strconv.Quote(p.s[p.tok.pos:min(len(p.s), p.tok.pos+16)])
	}
	return fmt.Errorf("offset %d: %s, found %s", p.tok.pos, fmt.Sprintf(format, args...), found)
}

// next reads the next token into p.tok.
func (p *sigParser) next() {
	p.tok, p.i = lexType(p.s, p.i, typeSyntax{quotes: "\"`", punct: "()<>,:"})
}

// typeSyntax is what sets the lexers of type names apart: the characters
// that quote a name (the first kind as tokQuoted, a ' as duckTokString) and
// the punctuation.
type typeSyntax struct {
	quotes, punct string
}

// lexType reads the token of a type name that starts at or after s[i], and
// returns it with the offset after it. Whitespace is skipped; a quoted
// token's doubled quote stands for one.
func lexType(s string, i int, syn typeSyntax) (token, int) {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	start := i
	if i >= len(s) {
		return token{kind: tokEOF, pos: start}, i
	}
	c := s[i]
	switch {
	case c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		for i < len(s) && isIdentByte(s[i]) {
			i++
		}
		raw := s[start:i]
		return token{kind: tokIdent, text: strings.ToLower(raw), raw: raw, pos: start}, i
	case '0' <= c && c <= '9':
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		return token{kind: tokNumber, text: s[start:i], pos: start}, i
	case strings.IndexByte(syn.quotes, c) >= 0:
		var b strings.Builder
		i++
		for {
			if i >= len(s) {
				return token{kind: tokBad, pos: start}, i
			}
			if s[i] == c {
				if i+1 < len(s) && s[i+1] == c {
					b.WriteByte(c)
					i += 2
					continue
				}
				i++
				break
			}
			b.WriteByte(s[i])
			i++
		}
		kind := tokQuoted
		if c == '\'' {
			kind = duckTokString
		}
		return token{kind: kind, text: b.String(), pos: start}, i
	case strings.IndexByte(syn.punct, c) >= 0:
		return token{kind: tokPunct, text: s[start : i+1], pos: start}, i + 1
	}
	return token{kind: tokBad, pos: start}, i
}

func isIdentByte(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func (p *sigParser) isPunct(s string) bool { return p.tok.kind == tokPunct && p.tok.text == s }
func (p *sigParser) isWord(s string) bool  { return p.tok.kind == tokIdent && p.tok.text == s }

func (p *sigParser) expectPunct(s string) error {
	if !p.isPunct(s) {
		return p.errorf("expected %q", s)
	}
	p.next()
	return nil
}

func (p *sigParser) expectWord(s string) error {
	if !p.isWord(s) {
		return p.errorf("expected %q", s)
	}
	p.next()
	return nil
}

// number reads an unsigned integer parameter in [lo, hi].
func (p *sigParser) number(what string, lo, hi int) (int, error) {
	if p.tok.kind != tokNumber {
		return 0, p.errorf("expected %s", what)
	}
	n, err := strconv.Atoi(p.tok.text)
	if err != nil || n < lo || n > hi {
		return 0, p.errorf("%s must be between %d and %d", what, lo, hi)
	}
	p.next()
	return n, nil
}

// open reads "(" or "<" and returns the matching closer; "" when neither.
func (p *sigParser) open() string {
	switch {
	case p.isPunct("("):
		p.next()
		return ")"
	case p.isPunct("<"):
		p.next()
		return ">"
	}
	return ""
}

func (p *sigParser) parseType(depth int) (*Type, error) {
	if depth >= maxDepth {
		return nil, p.errorf("signature nested deeper than %d levels", maxDepth)
	}
	if p.tok.kind != tokIdent {
		return nil, p.errorf("expected a type name")
	}
	name := p.tok.text
	if a, ok := aliases[name]; ok {
		name = a
	}
	p.next()
	switch name {
	case "array":
		t := &Type{Name: "array"}
		closer := p.open()
		if closer == "" {
			return t, nil
		}
		elem, err := p.parseType(depth + 1)
		if err != nil {
			return nil, err
		}
		t.Elem = elem
		return t, p.expectPunct(closer)
	case "map":
		t := &Type{Name: "map"}
		closer := p.open()
		if closer == "" {
			return t, nil
		}
		k, err := p.parseType(depth + 1)
		if err != nil {
			return nil, err
		}
		if err := p.expectPunct(","); err != nil {
			return nil, err
		}
		v, err := p.parseType(depth + 1)
		if err != nil {
			return nil, err
		}
		t.Key, t.Value = k, v
		return t, p.expectPunct(closer)
	case "row":
		t := &Type{Name: "row"}
		closer := p.open()
		if closer == "" {
			return t, nil
		}
		for {
			f, err := p.parseField(closer, depth+1)
			if err != nil {
				return nil, err
			}
			t.Fields = append(t.Fields, f)
			if p.isPunct(",") {
				p.next()
				continue
			}
			return t, p.expectPunct(closer)
		}
	case "decimal":
		t := &Type{Name: "decimal"}
		closer := p.open()
		if closer == "" {
			return t, nil
		}
		prec, err := p.number("decimal precision", 1, 38)
		if err != nil {
			return nil, err
		}
		t.Precision = prec
		if p.isPunct(",") {
			p.next()
			if t.Scale, err = p.number("decimal scale", 0, prec); err != nil {
				return nil, err
			}
		}
		return t, p.expectPunct(closer)
	case "varchar", "char":
		t := &Type{Name: name}
		closer := p.open()
		if closer == "" {
			return t, nil
		}
		n, err := p.number(name+" length", 1, 2147483647)
		if err != nil {
			return nil, err
		}
		t.Length = n
		return t, p.expectPunct(closer)
	case "double":
		if p.isWord("precision") {
			p.next()
		}
		return &Type{Name: "double"}, nil
	case "time", "timestamp":
		t := &Type{Name: name, Precision: defaultTimePrecision}
		if closer := p.open(); closer != "" {
			prec, err := p.number(name+" precision", 0, maxTimePrecision)
			if err != nil {
				return nil, err
			}
			t.Precision = prec
			if err := p.expectPunct(closer); err != nil {
				return nil, err
			}
		}
		if p.isWord("with") || p.isWord("without") {
			with := p.isWord("with")
			p.next()
			if err := p.expectWord("time"); err != nil {
				return nil, err
			}
			if err := p.expectWord("zone"); err != nil {
				return nil, err
			}
			if with {
				t.Name += " with time zone"
			}
		}
		return t, nil
	case "interval":
		switch {
		case p.isWord("day"):
			p.next()
			if err := p.expectWord("to"); err != nil {
				return nil, err
			}
			if err := p.expectWord("second"); err != nil {
				return nil, err
			}
			return &Type{Name: "interval day to second"}, nil
		case p.isWord("year"):
			p.next()
			if err := p.expectWord("to"); err != nil {
				return nil, err
			}
			if err := p.expectWord("month"); err != nil {
				return nil, err
			}
			return &Type{Name: "interval year to month"}, nil
		}
		return nil, p.errorf(`expected "day to second" or "year to month"`)
	}
	if p.isPunct("(") || p.isPunct("<") {
		return nil, p.errorf("type %s takes no parameters", name)
	}
	return &Type{Name: name}, nil
}

// parseField reads one row field: a type alone (unnamed), or a name
// (identifier or quoted) and a type, optionally separated by ':' (Hive).
// "row(timestamp integer)" names a field timestamp: a word is read as a
// type only when a ',' or the closer follows it.
func (p *sigParser) parseField(closer string, depth int) (Field, error) {
	if p.tok.kind == tokQuoted {
		name := p.tok.text
		p.next()
		return p.fieldType(name, depth)
	}
	if p.tok.kind != tokIdent {
		return Field{}, p.errorf("expected a field name or type")
	}
	save, saveTok := p.i, p.tok
	t, err := p.parseType(depth)
	if err == nil && (p.isPunct(",") || p.isPunct(closer)) {
		return Field{Type: t}, nil
	}
	p.i, p.tok = save, saveTok
	name := p.tok.raw
	p.next()
	return p.fieldType(name, depth)
}

func (p *sigParser) fieldType(name string, depth int) (Field, error) {
	if p.isPunct(":") {
		p.next()
	}
	t, err := p.parseType(depth)
	if err != nil {
		return Field{}, err
	}
	return Field{Name: name, Type: t}, nil
}
