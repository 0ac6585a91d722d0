// Package hivetype parses the column types of Athena table definitions and
// spells them for the places the emulator needs them: Hive spelling for
// DESCRIBE and the Glue-style metadata APIs, DuckDB spelling for the engine,
// and Trino spelling for views and casts.
//
// Both spellings that Athena users write are accepted:
//
//	t, err := hivetype.Parse("array<struct<a:int,b:string>>")
//	t, err = hivetype.Parse("array(row(a integer, b varchar))")
//	t.Hive()   // array<struct<a:int,b:string>>
//	t.DuckDB() // STRUCT("a" INTEGER, "b" VARCHAR)[]
package hivetype

import (
	"fmt"
	"strconv"
	"strings"
)

// Kind is the kind of a column type.
type Kind int

// The kinds of column types Athena tables can declare.
const (
	Boolean Kind = iota + 1
	TinyInt
	SmallInt
	Int
	BigInt
	Float
	Double
	Decimal
	String
	Varchar
	Char
	Binary
	Date
	Timestamp
	Array
	Map
	Struct
)

// Type is a parsed column type. Elem is the element type of an Array and the
// value type of a Map, Key the key type of a Map, Fields the fields of a
// Struct. Length is the n of varchar(n) and char(n) (0 when unbounded),
// Precision and Scale those of a decimal.
type Type struct {
	Kind      Kind
	Length    int
	Precision int
	Scale     int
	Elem      *Type
	Key       *Type
	Fields    []Field
}

// Field is a named field of a struct type.
type Field struct {
	Name string
	Type *Type
}

var scalarNames = map[string]Kind{
	"boolean": Boolean, "tinyint": TinyInt, "smallint": SmallInt,
	"int": Int, "integer": Int, "bigint": BigInt,
	"float": Float, "real": Float, "double": Double,
	"decimal": Decimal, "string": String, "varchar": Varchar, "char": Char,
	"binary": Binary, "varbinary": Binary, "date": Date, "timestamp": Timestamp,
}

// Parse parses a column type in Hive spelling (int, array<string>,
// map<string,int>, struct<a:int>) or Trino spelling (integer, array(varchar),
// map(varchar, bigint), row(a integer)). Keywords are case-insensitive.
func Parse(s string) (*Type, error) {
	p := &parser{src: s}
	t, err := p.parseType()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos != len(p.src) {
		return nil, p.errorf("unexpected %q after the type", p.src[p.pos:])
	}
	return t, nil
}

// Hive spells t as Athena's DESCRIBE and the metadata APIs do: int, string,
// decimal(10,2), array<string>, map<string,int>, struct<a:int,b:string>.
func (t *Type) Hive() string {
	switch t.Kind {
	case Array:
		return "array<" + t.Elem.Hive() + ">"
	case Map:
		return "map<" + t.Key.Hive() + "," + t.Elem.Hive() + ">"
	case Struct:
		parts := make([]string, len(t.Fields))
		for i, f := range t.Fields {
			parts[i] = f.Name + ":" + f.Type.Hive()
		}
		return "struct<" + strings.Join(parts, ",") + ">"
	case Decimal:
		return fmt.Sprintf("decimal(%d,%d)", t.Precision, t.Scale)
	case Varchar:
		if t.Length > 0 {
			return fmt.Sprintf("varchar(%d)", t.Length)
		}
		return "string"
	case Char:
		return fmt.Sprintf("char(%d)", t.Length)
	}
	return hiveScalar[t.Kind]
}

var hiveScalar = map[Kind]string{
	Boolean: "boolean", TinyInt: "tinyint", SmallInt: "smallint", Int: "int", BigInt: "bigint",
	Float: "float", Double: "double", String: "string", Binary: "binary", Date: "date", Timestamp: "timestamp",
}

// Trino spells t as Trino does: integer, varchar, array(integer),
// map(varchar, bigint), row(a integer, b varchar).
func (t *Type) Trino() string {
	switch t.Kind {
	case Array:
		return "array(" + t.Elem.Trino() + ")"
	case Map:
		return "map(" + t.Key.Trino() + ", " + t.Elem.Trino() + ")"
	case Struct:
		parts := make([]string, len(t.Fields))
		for i, f := range t.Fields {
			parts[i] = f.Name + " " + f.Type.Trino()
		}
		return "row(" + strings.Join(parts, ", ") + ")"
	case Decimal:
		return fmt.Sprintf("decimal(%d,%d)", t.Precision, t.Scale)
	case Varchar:
		if t.Length > 0 {
			return fmt.Sprintf("varchar(%d)", t.Length)
		}
		return "varchar"
	case Char:
		return fmt.Sprintf("char(%d)", t.Length)
	}
	return trinoScalar[t.Kind]
}

var trinoScalar = map[Kind]string{
	Boolean: "boolean", TinyInt: "tinyint", SmallInt: "smallint", Int: "integer", BigInt: "bigint",
	Float: "real", Double: "double", String: "varchar", Binary: "varbinary", Date: "date", Timestamp: "timestamp",
}

// DuckDB spells t as a DuckDB type: INTEGER, VARCHAR, DECIMAL(10,2),
// INTEGER[], MAP(VARCHAR, INTEGER), STRUCT("a" INTEGER).
func (t *Type) DuckDB() string {
	switch t.Kind {
	case Array:
		return t.Elem.DuckDB() + "[]"
	case Map:
		return "MAP(" + t.Key.DuckDB() + ", " + t.Elem.DuckDB() + ")"
	case Struct:
		parts := make([]string, len(t.Fields))
		for i, f := range t.Fields {
			parts[i] = strconv.Quote(f.Name) + " " + f.Type.DuckDB()
		}
		return "STRUCT(" + strings.Join(parts, ", ") + ")"
	case Decimal:
		return fmt.Sprintf("DECIMAL(%d,%d)", t.Precision, t.Scale)
	}
	return duckScalar[t.Kind]
}

// Varchar(n) and char(n) lengths are not enforced by the emulator's engine;
// Athena reports them in ColumnInfo, which the engine derives separately.
var duckScalar = map[Kind]string{
	Boolean: "BOOLEAN", TinyInt: "TINYINT", SmallInt: "SMALLINT", Int: "INTEGER", BigInt: "BIGINT",
	Float: "FLOAT", Double: "DOUBLE", String: "VARCHAR", Varchar: "VARCHAR", Char: "VARCHAR",
	Binary: "BLOB", Date: "DATE", Timestamp: "TIMESTAMP",
}

// IsComplex reports whether t is an array, map or struct.
func (t *Type) IsComplex() bool { return t.Kind == Array || t.Kind == Map || t.Kind == Struct }

type parser struct {
	src string
	pos int
}

func (p *parser) errorf(format string, args ...any) error {
	return fmt.Errorf("column type %q at offset %d: %s", p.src, p.pos, fmt.Sprintf(format, args...))
}

func (p *parser) skipSpace() {
	for p.pos < len(p.src) && strings.IndexByte(" \t\r\n", p.src[p.pos]) >= 0 {
		p.pos++
	}
}

// word reads an identifier (letters, digits, underscores) or a quoted one.
func (p *parser) word() string {
	p.skipSpace()
	if p.pos < len(p.src) && (p.src[p.pos] == '"' || p.src[p.pos] == '`') {
		q := p.src[p.pos]
		end := strings.IndexByte(p.src[p.pos+1:], q)
		if end < 0 {
			return ""
		}
		w := p.src[p.pos+1 : p.pos+1+end]
		p.pos += end + 2
		return w
	}
	start := p.pos
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 {
			p.pos++
			continue
		}
		break
	}
	return p.src[start:p.pos]
}

func (p *parser) peek() byte {
	p.skipSpace()
	if p.pos < len(p.src) {
		return p.src[p.pos]
	}
	return 0
}

func (p *parser) expect(c byte) error {
	if p.peek() != c {
		if p.pos >= len(p.src) {
			return p.errorf("want %q, got the end of the type", c)
		}
		return p.errorf("want %q, got %q", c, p.src[p.pos])
	}
	p.pos++
	return nil
}

func (p *parser) number() (int, error) {
	p.skipSpace()
	start := p.pos
	for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
		p.pos++
	}
	n, err := strconv.Atoi(p.src[start:p.pos])
	if err != nil || n > 1<<30 {
		p.pos = start
		return 0, p.errorf("want a number")
	}
	return n, nil
}

// maxDepth bounds nesting so that hostile input cannot exhaust the stack.
const maxDepth = 64

func (p *parser) parseType() (*Type, error) { return p.parseTypeDepth(0) }

func (p *parser) parseTypeDepth(depth int) (*Type, error) {
	if depth > maxDepth {
		return nil, p.errorf("nested more than %d levels", maxDepth)
	}
	name := strings.ToLower(p.word())
	if name == "" {
		return nil, p.errorf("want a type name")
	}
	switch name {
	case "array":
		open, closer, err := p.opener()
		if err != nil {
			return nil, err
		}
		_ = open
		elem, err := p.parseTypeDepth(depth + 1)
		if err != nil {
			return nil, err
		}
		if err := p.expect(closer); err != nil {
			return nil, err
		}
		return &Type{Kind: Array, Elem: elem}, nil
	case "map":
		_, closer, err := p.opener()
		if err != nil {
			return nil, err
		}
		key, err := p.parseTypeDepth(depth + 1)
		if err != nil {
			return nil, err
		}
		if err := p.expect(','); err != nil {
			return nil, err
		}
		val, err := p.parseTypeDepth(depth + 1)
		if err != nil {
			return nil, err
		}
		if err := p.expect(closer); err != nil {
			return nil, err
		}
		return &Type{Kind: Map, Key: key, Elem: val}, nil
	case "struct", "row":
		open, closer, err := p.opener()
		if err != nil {
			return nil, err
		}
		t := &Type{Kind: Struct}
		for {
			fname := p.word()
			if fname == "" {
				return nil, p.errorf("want a field name")
			}
			if open == '<' {
				if err := p.expect(':'); err != nil {
					return nil, err
				}
			} else if p.peek() == ':' {
				p.pos++
			}
			ft, err := p.parseTypeDepth(depth + 1)
			if err != nil {
				return nil, err
			}
			t.Fields = append(t.Fields, Field{Name: fname, Type: ft})
			if p.peek() == ',' {
				p.pos++
				continue
			}
			if err := p.expect(closer); err != nil {
				return nil, err
			}
			return t, nil
		}
	case "double":
		// Trino's "double precision".
		save := p.pos
		if strings.ToLower(p.word()) != "precision" {
			p.pos = save
		}
		return &Type{Kind: Double}, nil
	case "decimal", "numeric":
		t := &Type{Kind: Decimal, Precision: 10}
		if p.peek() == '(' {
			p.pos++
			n, err := p.number()
			if err != nil {
				return nil, err
			}
			t.Precision = n
			if p.peek() == ',' {
				p.pos++
				if t.Scale, err = p.number(); err != nil {
					return nil, err
				}
			}
			if err := p.expect(')'); err != nil {
				return nil, err
			}
		}
		if t.Precision < 1 || t.Precision > 38 || t.Scale > t.Precision {
			return nil, p.errorf("decimal(%d,%d): want 1 <= precision <= 38 and scale <= precision", t.Precision, t.Scale)
		}
		return t, nil
	case "varchar", "char":
		t := &Type{Kind: Varchar}
		if name == "char" {
			t.Kind, t.Length = Char, 1
		}
		if p.peek() == '(' {
			p.pos++
			n, err := p.number()
			if err != nil {
				return nil, err
			}
			if n < 1 {
				return nil, p.errorf("%s(%d): want a length of at least 1", name, n)
			}
			t.Length = n
			if err := p.expect(')'); err != nil {
				return nil, err
			}
		}
		return t, nil
	}
	k, ok := scalarNames[name]
	if !ok {
		return nil, p.errorf("unknown type %q", name)
	}
	return &Type{Kind: k}, nil
}

// opener reads the "<" of Hive spelling or the "(" of Trino spelling and
// returns the matching closer.
func (p *parser) opener() (open, closer byte, err error) {
	switch p.peek() {
	case '<':
		p.pos++
		return '<', '>', nil
	case '(':
		p.pos++
		return '(', ')', nil
	}
	return 0, 0, p.errorf("want '<' or '('")
}
