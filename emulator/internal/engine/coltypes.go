package engine

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/athenaq/athenaq/emulator/internal/athena"
)

// duckType is a DuckDB column type as DESCRIBE spells it, parsed into a
// tree. DESCRIBE is used rather than the driver's TypeInfo because the
// driver rejects STRUCTs with unnamed fields (ROW(1, 'a')), which DuckDB
// queries produce routinely.
type duckType struct {
	id     string // upper case base name: INTEGER, DECIMAL, LIST, ARRAY, MAP, STRUCT, TIMESTAMPTZ, ...
	width  int    // DECIMAL precision, ARRAY size
	scale  int    // DECIMAL scale
	elem   *duckType
	key    *duckType
	value  *duckType
	fields []duckField // STRUCT fields and UNION members
}

// duckField is one STRUCT field; name is empty for unnamed fields.
type duckField struct {
	name string
	typ  *duckType
}

// unnamed reports whether t is a STRUCT whose fields have no names.
func (t *duckType) unnamed() bool {
	for _, f := range t.fields {
		if f.name == "" {
			return true
		}
	}
	return false
}

// athenaColumn returns the ColumnInfo that Athena reports for a result
// column of DuckDB type t (FACTS §2.4).
func athenaColumn(name string, t *duckType) athena.Column {
	typ, length, scale := athenaType(t)
	return athena.NewColumn(name, typ, length, scale)
}

// athenaType maps a DuckDB type to Athena's lowercase base type name, with
// the precision and scale of decimals.
//
// Unsigned integers map to the next wider signed type. HUGEINT and UHUGEINT
// map to bigint: DuckDB produces them for sum() of integers and count_if(),
// where Trino produces bigint; values beyond the bigint range still render as
// their digits.
func athenaType(t *duckType) (typ string, length, scale int) {
	switch t.id {
	case "BOOLEAN":
		return "boolean", 0, 0
	case "TINYINT":
		return "tinyint", 0, 0
	case "SMALLINT", "UTINYINT":
		return "smallint", 0, 0
	case "INTEGER", "USMALLINT":
		return "integer", 0, 0
	case "BIGINT", "UINTEGER", "UBIGINT", "HUGEINT", "UHUGEINT":
		return "bigint", 0, 0
	case "FLOAT":
		return "float", 0, 0
	case "DOUBLE":
		return "double", 0, 0
	case "DECIMAL":
		return "decimal", t.width, t.scale
	case "BLOB":
		return "varbinary", 0, 0
	case "DATE":
		return "date", 0, 0
	case "TIME", "TIME_NS":
		return "time", 0, 0
	case "TIMETZ":
		return "time with time zone", 0, 0
	case "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS":
		return "timestamp", 0, 0
	case "TIMESTAMPTZ":
		return "timestamp with time zone", 0, 0
	case "INTERVAL":
		return "interval day to second", 0, 0
	case "LIST", "ARRAY":
		return "array", 0, 0
	case "MAP":
		return "map", 0, 0
	case "STRUCT":
		return "row", 0, 0
	case "JSON":
		return "json", 0, 0
	case "UUID":
		return "uuid", 0, 0
	case "NULL":
		// Trino types a bare NULL as unknown.
		return "unknown", 0, 0
	}
	// VARCHAR, ENUM, BIT, UNION, BIGNUM and anything newer render as text.
	return "varchar", 0, 0
}

// trinoType spells t as Trino does in DESCRIBE of a view: integer, varchar,
// array(integer), map(varchar, bigint), row(a integer, b varchar),
// timestamp(3).
func trinoType(t *duckType) string {
	switch t.id {
	case "LIST", "ARRAY":
		return "array(" + trinoType(t.elem) + ")"
	case "MAP":
		return "map(" + trinoType(t.key) + ", " + trinoType(t.value) + ")"
	case "STRUCT":
		parts := make([]string, len(t.fields))
		for i, f := range t.fields {
			if f.name == "" {
				parts[i] = trinoType(f.typ)
			} else {
				parts[i] = trinoName(f.name) + " " + trinoType(f.typ)
			}
		}
		return "row(" + strings.Join(parts, ", ") + ")"
	case "DECIMAL":
		return fmt.Sprintf("decimal(%d,%d)", t.width, t.scale)
	case "FLOAT":
		return "real"
	case "TIME", "TIME_NS":
		return "time(3)"
	case "TIMETZ":
		return "time(3) with time zone"
	case "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS":
		return "timestamp(3)"
	case "TIMESTAMPTZ":
		return "timestamp(3) with time zone"
	case "INTERVAL":
		return "interval day to second"
	}
	typ, _, _ := athenaType(t)
	return typ
}

// trinoName quotes a row field name when Trino would: names that are not
// lowercase identifiers, and reserved words.
func trinoName(name string) string {
	if trinoReserved[name] {
		return `"` + name + `"`
	}
	for i, r := range name {
		ok := r == '_' || r >= 'a' && r <= 'z' || i > 0 && r >= '0' && r <= '9'
		if !ok {
			return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
		}
	}
	return name
}

// parseDuckType parses a type as DuckDB's DESCRIBE spells it:
// INTEGER, DECIMAL(10,2), VARCHAR[], INTEGER[3], MAP(VARCHAR, INTEGER),
// STRUCT(a INTEGER, "b c" VARCHAR), STRUCT(INTEGER, VARCHAR),
// TIMESTAMP WITH TIME ZONE, ENUM('a', 'b'), UNION(k INTEGER).
func parseDuckType(s string) (*duckType, error) {
	p := &typeParser{src: s}
	t, err := p.parse(0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.pos != len(p.src) {
		return nil, fmt.Errorf("engine: DuckDB type %q: unexpected %q", s, p.src[p.pos:])
	}
	return t, nil
}

type typeParser struct {
	src string
	pos int
}

const maxTypeDepth = 64

func (p *typeParser) errorf(format string, args ...any) error {
	return fmt.Errorf("engine: DuckDB type %q at offset %d: %s", p.src, p.pos, fmt.Sprintf(format, args...))
}

func (p *typeParser) space() {
	for p.pos < len(p.src) && (p.src[p.pos] == ' ' || p.src[p.pos] == '\t' || p.src[p.pos] == '\n') {
		p.pos++
	}
}

func (p *typeParser) peek() byte {
	p.space()
	if p.pos < len(p.src) {
		return p.src[p.pos]
	}
	return 0
}

func (p *typeParser) expect(c byte) error {
	if p.peek() != c {
		return p.errorf("want %q", c)
	}
	p.pos++
	return nil
}

// word reads a bare word (letters, digits, underscores).
func (p *typeParser) word() string {
	p.space()
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

// quoted reads a "quoted" identifier or 'quoted' string, doubling escapes.
func (p *typeParser) quoted() (string, error) {
	p.space()
	q := p.src[p.pos]
	p.pos++
	var b strings.Builder
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		p.pos++
		if c == q {
			if p.pos < len(p.src) && p.src[p.pos] == q {
				b.WriteByte(q)
				p.pos++
				continue
			}
			return b.String(), nil
		}
		b.WriteByte(c)
	}
	return "", p.errorf("unterminated quote")
}

func (p *typeParser) number() (int, error) {
	p.space()
	start := p.pos
	for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
		p.pos++
	}
	n, err := strconv.Atoi(p.src[start:p.pos])
	if err != nil {
		return 0, p.errorf("want a number")
	}
	return n, nil
}

// lookingAt reports whether the next words are ws (case-insensitively),
// consuming them if so.
func (p *typeParser) lookingAt(ws ...string) bool {
	save := p.pos
	for _, w := range ws {
		if !strings.EqualFold(p.word(), w) {
			p.pos = save
			return false
		}
	}
	return true
}

func (p *typeParser) parse(depth int) (*duckType, error) {
	if depth > maxTypeDepth {
		return nil, p.errorf("nested too deeply")
	}
	name := strings.ToUpper(p.word())
	if name == "" {
		return nil, p.errorf("want a type name")
	}
	t := &duckType{id: name}
	switch name {
	case "TIMESTAMP", "TIME":
		if p.lookingAt("WITH", "TIME", "ZONE") {
			t.id += "TZ"
		} else {
			p.lookingAt("WITHOUT", "TIME", "ZONE")
		}
	case "DOUBLE":
		p.lookingAt("PRECISION")
	case "DECIMAL", "NUMERIC":
		t.id, t.width, t.scale = "DECIMAL", 18, 3
		if p.peek() == '(' {
			p.pos++
			var err error
			if t.width, err = p.number(); err != nil {
				return nil, err
			}
			t.scale = 0
			if p.peek() == ',' {
				p.pos++
				if t.scale, err = p.number(); err != nil {
					return nil, err
				}
			}
			if err := p.expect(')'); err != nil {
				return nil, err
			}
		}
	case "MAP":
		if err := p.expect('('); err != nil {
			return nil, err
		}
		var err error
		if t.key, err = p.parse(depth + 1); err != nil {
			return nil, err
		}
		if err := p.expect(','); err != nil {
			return nil, err
		}
		if t.value, err = p.parse(depth + 1); err != nil {
			return nil, err
		}
		if err := p.expect(')'); err != nil {
			return nil, err
		}
	case "STRUCT", "UNION", "ROW":
		if name == "ROW" {
			t.id = "STRUCT"
		}
		if err := p.expect('('); err != nil {
			return nil, err
		}
		for {
			f, err := p.field(depth)
			if err != nil {
				return nil, err
			}
			t.fields = append(t.fields, f)
			if p.peek() == ',' {
				p.pos++
				continue
			}
			if err := p.expect(')'); err != nil {
				return nil, err
			}
			break
		}
	case "ENUM":
		// The values do not matter: enums render as their text.
		if err := p.expect('('); err != nil {
			return nil, err
		}
		for p.peek() != ')' {
			if p.peek() == 0 {
				return nil, p.errorf("unterminated ENUM")
			}
			if p.peek() == '\'' {
				if _, err := p.quoted(); err != nil {
					return nil, err
				}
				continue
			}
			p.pos++
		}
		p.pos++
	default:
		t.id = canonicalScalar(name)
		// Parameters of types we render as text (VARCHAR(10), ...).
		if p.peek() == '(' {
			depthParen := 0
			for p.pos < len(p.src) {
				c := p.src[p.pos]
				p.pos++
				if c == '(' {
					depthParen++
				} else if c == ')' {
					depthParen--
					if depthParen == 0 {
						break
					}
				}
			}
		}
	}
	// Postfix [] (LIST) and [n] (ARRAY), possibly repeated.
	for p.peek() == '[' {
		p.pos++
		if p.peek() == ']' {
			p.pos++
			t = &duckType{id: "LIST", elem: t}
			continue
		}
		n, err := p.number()
		if err != nil {
			return nil, err
		}
		if err := p.expect(']'); err != nil {
			return nil, err
		}
		t = &duckType{id: "ARRAY", width: n, elem: t}
	}
	return t, nil
}

// field reads one STRUCT entry: `name TYPE`, `"name" TYPE` or a bare TYPE
// for unnamed fields.
func (p *typeParser) field(depth int) (duckField, error) {
	if c := p.peek(); c == '"' {
		name, err := p.quoted()
		if err != nil {
			return duckField{}, err
		}
		t, err := p.parse(depth + 1)
		return duckField{name: name, typ: t}, err
	}
	save := p.pos
	w := p.word()
	// A bare word followed by another word (or a quoted name's type) is a
	// named field; a word followed by ',', ')', '(' or '[' is an unnamed
	// field's type. TIMESTAMP WITH TIME ZONE and DOUBLE PRECISION are
	// types even though two words follow each other.
	next := p.peek()
	isType := next == ',' || next == ')' || next == '(' || next == '[' || next == 0
	if !isType {
		up := strings.ToUpper(w)
		if up == "TIMESTAMP" || up == "TIME" || up == "DOUBLE" {
			save2 := p.pos
			nw := strings.ToUpper(p.word())
			p.pos = save2
			isType = nw == "WITH" || nw == "WITHOUT" || nw == "PRECISION"
		}
	}
	if isType {
		p.pos = save
		t, err := p.parse(depth + 1)
		return duckField{typ: t}, err
	}
	t, err := p.parse(depth + 1)
	return duckField{name: w, typ: t}, err
}

// canonicalScalar maps DuckDB's type aliases to the names the engine
// switches on.
func canonicalScalar(name string) string {
	switch name {
	case "INT", "INT4", "SIGNED", "INTEGER":
		return "INTEGER"
	case "INT1":
		return "TINYINT"
	case "INT2", "SHORT":
		return "SMALLINT"
	case "INT8", "LONG":
		return "BIGINT"
	case "INT128":
		return "HUGEINT"
	case "REAL", "FLOAT4":
		return "FLOAT"
	case "FLOAT8":
		return "DOUBLE"
	case "BOOL", "LOGICAL":
		return "BOOLEAN"
	case "STRING", "TEXT", "CHAR", "BPCHAR", "NVARCHAR":
		return "VARCHAR"
	case "BYTEA", "BINARY", "VARBINARY":
		return "BLOB"
	case "DATETIME":
		return "TIMESTAMP"
	case "TIMESTAMP_US":
		return "TIMESTAMP"
	case "VARINT":
		return "BIGNUM"
	}
	return name
}

// trinoReserved are Trino's reserved words, which Trino quotes as row field
// names.
var trinoReserved = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`alter and as between by case cast constraint create cross cube
		current_catalog current_date current_path current_role current_schema current_time current_timestamp
		current_user deallocate delete describe distinct drop else end escape except execute exists extract
		false for from full group grouping having in inner insert intersect into is join json_array
		json_exists json_object json_query json_table json_value left like listagg localtime localtimestamp
		natural normalize not null on or order outer prepare recursive right rollup select skip table then
		trim true uescape union unnest using values when where with`) {
		trinoReserved[w] = true
	}
}
