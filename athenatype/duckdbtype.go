package athenatype

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseDuckDBType parses a DuckDB type name as DuckDB's typeof and DESCRIBE
// print it, which is what Athena's DuckDB engine reports in ColumnInfo:
// "INTEGER", "DECIMAL(38,10)", "VARCHAR[]", "INTEGER[3]",
// `STRUCT(a INTEGER, "b c" VARCHAR[])`, "MAP(VARCHAR, INTEGER[])",
// "UNION(a INTEGER, b VARCHAR)", "ENUM('x', 'it”s')",
// "TIMESTAMP WITH TIME ZONE". Keywords are case-insensitive and DuckDB's
// aliases are accepted (INT, INT4, INT8, STRING, TEXT, BOOL, FLOAT8, REAL,
// TIMESTAMPTZ, TIMETZ, VARINT, BYTEA, NUMERIC, ...).
//
// The result has DuckDB set, and Name is the canonical upper-case name:
// BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, HUGEINT, UTINYINT,
// USMALLINT, UINTEGER, UBIGINT, UHUGEINT, BIGNUM, FLOAT, DOUBLE, DECIMAL
// (Precision, Scale; DuckDB's default is DECIMAL(18,3)), VARCHAR (CHAR and
// its kin, as DuckDB itself folds them), BLOB, BIT, UUID, DATE, TIME,
// TIME WITH TIME ZONE, TIMESTAMP, TIMESTAMP_S, TIMESTAMP_MS, TIMESTAMP_NS,
// TIMESTAMP WITH TIME ZONE, INTERVAL, JSON, GEOMETRY, VARIANT, LIST (T[],
// Elem), ARRAY (T[n], Elem and Length), STRUCT and UNION (Fields), MAP (Key,
// Value), ENUM (Enum) and NULL (the type of an untyped NULL, printed
// "NULL"). Other names are kept upper-cased; their values decode as
// strings.
//
// Errors name the byte offset and what was expected there.
func ParseDuckDBType(s string) (*Type, error) {
	p := duckTypeParser{s: s}
	p.next()
	t, err := p.parseType(0)
	if err == nil && p.tok.kind != tokEOF {
		err = p.errorf("expected end of type")
	}
	if err != nil {
		return nil, fmt.Errorf("athenatype: DuckDB type %q: %w", truncate(s), err)
	}
	return t, nil
}

// duckAliases maps DuckDB's alternative names (lower case) to the names
// typeof prints.
var duckAliases = map[string]string{
	"boolean": "BOOLEAN", "bool": "BOOLEAN", "logical": "BOOLEAN",
	"tinyint": "TINYINT", "int1": "TINYINT",
	"smallint": "SMALLINT", "int2": "SMALLINT", "short": "SMALLINT", "int16": "SMALLINT",
	"integer": "INTEGER", "int": "INTEGER", "int4": "INTEGER", "signed": "INTEGER", "int32": "INTEGER",
	"bigint": "BIGINT", "int8": "BIGINT", "long": "BIGINT", "int64": "BIGINT", "oid": "BIGINT",
	"hugeint": "HUGEINT", "int128": "HUGEINT",
	"utinyint": "UTINYINT", "uint8": "UTINYINT",
	"usmallint": "USMALLINT", "uint16": "USMALLINT",
	"uinteger": "UINTEGER", "uint32": "UINTEGER",
	"ubigint": "UBIGINT", "uint64": "UBIGINT",
	"uhugeint": "UHUGEINT", "uint128": "UHUGEINT",
	"bignum": "BIGNUM", "varint": "BIGNUM",
	"float": "FLOAT", "float4": "FLOAT", "real": "FLOAT",
	"double": "DOUBLE", "float8": "DOUBLE",
	"decimal": "DECIMAL", "numeric": "DECIMAL",
	"varchar": "VARCHAR", "string": "VARCHAR", "text": "VARCHAR", "nvarchar": "VARCHAR",
	"char": "VARCHAR", "bpchar": "VARCHAR", "character": "VARCHAR",
	"blob": "BLOB", "bytea": "BLOB", "binary": "BLOB", "varbinary": "BLOB",
	"bit": "BIT", "bitstring": "BIT",
	"uuid": "UUID", "guid": "UUID",
	"date": "DATE",
	"time": "TIME", "timetz": "TIME WITH TIME ZONE",
	"timestamp": "TIMESTAMP", "datetime": "TIMESTAMP", "timestamp_us": "TIMESTAMP",
	"timestamp_s": "TIMESTAMP_S", "timestamp_ms": "TIMESTAMP_MS", "timestamp_ns": "TIMESTAMP_NS",
	"timestamptz": "TIMESTAMP WITH TIME ZONE",
	"interval":    "INTERVAL", "json": "JSON", "geometry": "GEOMETRY", "variant": "VARIANT",
	"struct": "STRUCT", "row": "STRUCT", "map": "MAP", "union": "UNION", "enum": "ENUM",
	"null": "NULL",
}

// duckKeywords are names that String quotes when they name a STRUCT field,
// so that no field name is mistaken for part of a type.
var duckKeywords = map[string]bool{
	"with": true, "without": true, "time": true, "zone": true, "precision": true, "varying": true,
	"null": true, "struct": true, "map": true, "union": true, "enum": true, "row": true,
}

func (t *Type) writeDuckDB(b *strings.Builder, depth int) {
	if depth > maxDepth {
		b.WriteString("...") // a hand-built cyclic or too deep Type
		return
	}
	switch t.Name {
	case "LIST", "ARRAY":
		if t.Elem == nil {
			b.WriteString("NULL")
		} else {
			t.Elem.writeDuckDB(b, depth+1)
		}
		if t.Name == "LIST" {
			b.WriteString("[]")
		} else {
			fmt.Fprintf(b, "[%d]", t.Length)
		}
	case "STRUCT", "UNION":
		b.WriteString(t.Name)
		b.WriteByte('(')
		for i, f := range t.Fields {
			if i > 0 {
				b.WriteString(", ")
			}
			writeDuckName(b, f.Name)
			b.WriteByte(' ')
			if f.Type == nil {
				b.WriteString(`"NULL"`)
			} else {
				f.Type.writeDuckDB(b, depth+1)
			}
		}
		b.WriteByte(')')
	case "MAP":
		b.WriteString("MAP(")
		for i, x := range []*Type{t.Key, t.Value} {
			if i > 0 {
				b.WriteString(", ")
			}
			if x == nil {
				b.WriteString(`"NULL"`)
			} else {
				x.writeDuckDB(b, depth+1)
			}
		}
		b.WriteByte(')')
	case "ENUM":
		b.WriteString("ENUM(")
		for i, v := range t.Enum {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('\'')
			b.WriteString(strings.ReplaceAll(v, "'", "''"))
			b.WriteByte('\'')
		}
		b.WriteByte(')')
	case "DECIMAL":
		fmt.Fprintf(b, "DECIMAL(%d,%d)", t.Precision, t.Scale)
	case "NULL":
		b.WriteString(`"NULL"`) // as typeof prints it
	case "":
		b.WriteString(`"NULL"`)
	default:
		b.WriteString(t.Name)
	}
}

// writeDuckName writes a STRUCT field or UNION member name, quoted with "
// unless it is a plain identifier that cannot be read as a keyword.
func writeDuckName(b *strings.Builder, name string) { writeName(b, name, duckKeywords) }

const (
	duckTokString tokKind = tokBad + 1 + iota // '...' (ENUM values)
)

type duckTypeParser struct {
	s   string
	i   int
	tok token
}

func (p *duckTypeParser) errorf(format string, args ...any) error {
	found := "end of type"
	switch p.tok.kind {
	case tokIdent, tokNumber, tokPunct:
		found = strconv.Quote(p.s[p.tok.pos:p.i])
	case tokQuoted, tokBad, duckTokString:
		found = strconv.Quote(p.s[p.tok.pos:min(len(p.s), p.tok.pos+16)])
	}
	return fmt.Errorf("offset %d: %s, found %s", p.tok.pos, fmt.Sprintf(format, args...), found)
}

// next reads the next token into p.tok.
func (p *duckTypeParser) next() {
	p.tok, p.i = lexType(p.s, p.i, typeSyntax{quotes: "\"'", punct: "()[],"})
}

func (p *duckTypeParser) isPunct(s string) bool { return p.tok.kind == tokPunct && p.tok.text == s }
func (p *duckTypeParser) isWord(s string) bool  { return p.tok.kind == tokIdent && p.tok.text == s }

func (p *duckTypeParser) expectPunct(s string) error {
	if !p.isPunct(s) {
		return p.errorf("expected %q", s)
	}
	p.next()
	return nil
}

func (p *duckTypeParser) expectWord(s string) error {
	if !p.isWord(s) {
		return p.errorf("expected %q", strings.ToUpper(s))
	}
	p.next()
	return nil
}

func (p *duckTypeParser) number(what string, lo, hi int) (int, error) {
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

// maxDuckArrayLength bounds T[n]; DuckDB's own limit is 100,000.
const maxDuckArrayLength = 100000

// parseType reads a base type and then any number of [] and [n] suffixes.
func (p *duckTypeParser) parseType(depth int) (*Type, error) {
	if depth >= maxDepth {
		return nil, p.errorf("type nested deeper than %d levels", maxDepth)
	}
	t, err := p.parseBase(depth)
	if err != nil {
		return nil, err
	}
	for p.isPunct("[") {
		depth++
		if depth >= maxDepth {
			return nil, p.errorf("type nested deeper than %d levels", maxDepth)
		}
		p.next()
		if p.isPunct("]") {
			p.next()
			t = &Type{Name: "LIST", DuckDB: true, Elem: t}
			continue
		}
		n, err := p.number("array length", 1, maxDuckArrayLength)
		if err != nil {
			return nil, err
		}
		if err := p.expectPunct("]"); err != nil {
			return nil, err
		}
		t = &Type{Name: "ARRAY", DuckDB: true, Elem: t, Length: n}
	}
	return t, nil
}

func (p *duckTypeParser) parseBase(depth int) (*Type, error) {
	if p.tok.kind == tokQuoted && strings.EqualFold(p.tok.text, "null") {
		p.next()
		return &Type{Name: "NULL", DuckDB: true}, nil
	}
	if p.tok.kind != tokIdent {
		return nil, p.errorf("expected a type name")
	}
	word := p.tok.text
	name, ok := duckAliases[word]
	if !ok {
		name = strings.ToUpper(word)
	}
	p.next()
	t := &Type{Name: name, DuckDB: true}
	switch name {
	case "STRUCT", "UNION":
		if err := p.expectPunct("("); err != nil {
			return nil, err
		}
		for {
			var fname string
			switch p.tok.kind {
			case tokIdent:
				fname = p.tok.raw
			case tokQuoted:
				fname = p.tok.text
			default:
				return nil, p.errorf("expected a field name")
			}
			p.next()
			ft, err := p.parseType(depth + 1)
			if err != nil {
				return nil, err
			}
			t.Fields = append(t.Fields, Field{Name: fname, Type: ft})
			if p.isPunct(",") {
				p.next()
				continue
			}
			return t, p.expectPunct(")")
		}
	case "MAP":
		if err := p.expectPunct("("); err != nil {
			return nil, err
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
		return t, p.expectPunct(")")
	case "ENUM":
		if err := p.expectPunct("("); err != nil {
			return nil, err
		}
		t.Enum = []string{}
		for {
			if p.tok.kind != duckTokString {
				return nil, p.errorf("expected a quoted enum value")
			}
			t.Enum = append(t.Enum, p.tok.text)
			p.next()
			if p.isPunct(",") {
				p.next()
				continue
			}
			return t, p.expectPunct(")")
		}
	case "DECIMAL":
		t.Precision, t.Scale = 18, 3 // DuckDB's DECIMAL without parameters
		if !p.isPunct("(") {
			return t, nil
		}
		p.next()
		prec, err := p.number("decimal precision", 1, 38)
		if err != nil {
			return nil, err
		}
		t.Precision, t.Scale = prec, 0
		if p.isPunct(",") {
			p.next()
			if t.Scale, err = p.number("decimal scale", 0, prec); err != nil {
				return nil, err
			}
		}
		return t, p.expectPunct(")")
	case "DOUBLE":
		if p.isWord("precision") {
			p.next()
		}
		return t, nil
	case "VARCHAR":
		if word == "character" && p.isWord("varying") {
			p.next()
		}
		if p.isPunct("(") { // VARCHAR(10): DuckDB ignores the length
			p.next()
			if _, err := p.number("length", 1, 1<<31-1); err != nil {
				return nil, err
			}
			return t, p.expectPunct(")")
		}
		return t, nil
	case "TIME", "TIMESTAMP":
		if name == "TIMESTAMP" && p.isPunct("(") {
			p.next()
			prec, err := p.number("timestamp precision", 0, 9)
			if err != nil {
				return nil, err
			}
			switch {
			case prec == 0:
				t.Name = "TIMESTAMP_S"
			case prec <= 3:
				t.Name = "TIMESTAMP_MS"
			case prec > 6:
				t.Name = "TIMESTAMP_NS"
			}
			if err := p.expectPunct(")"); err != nil {
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
				if t.Name != name {
					return nil, p.errorf("no precision with TIME ZONE")
				}
				t.Name = name + " WITH TIME ZONE"
			}
		}
		return t, nil
	}
	if p.isPunct("(") {
		return nil, p.errorf("type %s takes no parameters", name)
	}
	return t, nil
}
