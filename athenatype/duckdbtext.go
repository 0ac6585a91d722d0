package athenatype

import (
	"errors"
	"fmt"
	"strings"
)

// NewDuckDBDecoder returns a decoder for a column of Athena's DuckDB engine
// whose ColumnInfo Type is columnType, a DuckDB type name as
// ParseDuckDBType reads it ("INTEGER", "STRUCT(a INTEGER, b VARCHAR[])",
// ...). DuckDB names the full type, so no hint is needed.
//
// The decoder reads the text DuckDB writes when it casts a value to
// VARCHAR, into the Go values of the package documentation's DuckDB table.
// Decode and DecodeBytes behave as for NewDecoder; NULL inside lists,
// structs and maps is printed NULL and decodes to nil.
func NewDuckDBDecoder(columnType string) (*Decoder, error) {
	t, err := ParseDuckDBType(columnType)
	if err != nil {
		return nil, err
	}
	p, err := newDuckPlan(t, 0)
	if err != nil {
		return nil, fmt.Errorf("athenatype: DuckDB type %s: %w", t, err)
	}
	return &Decoder{typ: t, duck: p}, nil
}

type duckKind uint8

const (
	duckLeaf   duckKind = iota
	duckList            // LIST and ARRAY: [a, b]
	duckStruct          // {'a': 1, 'b': x}
	duckMap             // {k=v, k2=v2}
)

// duckPlan is a DuckDB Type prepared for decoding.
type duckPlan struct {
	kind   duckKind
	decode func(string) (any, error)

	// How DuckDB delimits this leaf inside nested text: quotable leaves are
	// quoted when their text holds a special character (see quoteDuck);
	// free leaves (UNION, VARIANT) are printed bare whatever they hold;
	// json leaves end where their JSON value ends.
	free, json bool
	// view: decode keeps no reference to its text (see Decoder.DecodeBytes).
	view bool

	elem       *duckPlan
	length     int // ARRAY's fixed length; 0 for LIST
	key, value *duckPlan
	fields     []duckField
}

type duckField struct {
	name string
	plan *duckPlan
}

func newDuckPlan(t *Type, depth int) (*duckPlan, error) {
	if depth >= maxDepth {
		return nil, fmt.Errorf("nested deeper than %d levels", maxDepth)
	}
	if t == nil {
		return nil, errors.New("missing inner type")
	}
	p := &duckPlan{}
	var err error
	switch t.Name {
	case "LIST", "ARRAY":
		p.kind = duckList
		if t.Name == "ARRAY" {
			p.length = max(t.Length, 0)
		}
		p.elem, err = newDuckPlan(t.Elem, depth+1)
	case "MAP":
		p.kind = duckMap
		if p.key, err = newDuckPlan(t.Key, depth+1); err == nil {
			p.value, err = newDuckPlan(t.Value, depth+1)
		}
	case "STRUCT":
		p.kind = duckStruct
		p.fields = make([]duckField, len(t.Fields))
		for i, f := range t.Fields {
			fp, ferr := newDuckPlan(f.Type, depth+1)
			if ferr != nil {
				return nil, ferr
			}
			p.fields[i] = duckField{name: f.Name, plan: fp}
		}
	default:
		p.kind = duckLeaf
		p.decode = duckLeafDecoder(t.Name)
		switch t.Name {
		case "UNION", "VARIANT":
			p.free = true
		case "JSON":
			p.json = true
		}
		p.view = t.Name != "JSON" && !isDuckString(t.Name)
	}
	if err != nil {
		return nil, err
	}
	return p, nil
}

// isDuckString reports whether values of the DuckDB type decode as their
// own text.
func isDuckString(name string) bool {
	switch name {
	case "BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER",
		"UBIGINT", "HUGEINT", "UHUGEINT", "BIGNUM", "FLOAT", "DOUBLE", "DECIMAL", "BLOB", "UUID",
		"DATE", "TIME", "TIME WITH TIME ZONE", "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS",
		"TIMESTAMP_NS", "TIMESTAMP WITH TIME ZONE", "INTERVAL", "JSON", "GEOMETRY":
		return false
	}
	return true
}

// decodeDuck decodes a whole value's text with the DuckDB plan p.
func decodeDuck(p *duckPlan, text string) (any, error) {
	if p.kind == duckLeaf {
		return p.decode(text)
	}
	dp := duckTextParser{s: text}
	v, n, err := dp.value(p, 0, "", 0)
	if err != nil {
		return nil, err
	}
	if n != len(text) {
		return nil, fmt.Errorf("offset %d: expected end of value", n)
	}
	return v, nil
}

// duckTextParser reads DuckDB's nested text (see the package documentation,
// "DuckDB values"). Each method reads one item at s[i] and returns the
// index after it; every loop advances i, so no input makes it loop, and
// depth is bounded by the plan's, itself at most maxDepth.
type duckTextParser struct {
	s string
}

func (t *duckTextParser) errorf(i int, format string, args ...any) error {
	found := "end of text"
	if i < len(t.s) {
		found = fmt.Sprintf("%q", truncate(t.s[i:min(len(t.s), i+16)]))
	}
	return fmt.Errorf("offset %d: %s, found %s", i, fmt.Sprintf(format, args...), found)
}

// isNull reports whether s[i:] starts with an unquoted NULL that ends at a
// delimiter.
func (t *duckTextParser) isNull(i int) bool {
	if !strings.HasPrefix(t.s[i:], "NULL") {
		return false
	}
	j := i + 4
	return j == len(t.s) || strings.IndexByte(",]}=", t.s[j]) >= 0
}

// value reads a nested value (or NULL) described by p at s[i]. field is
// set for a STRUCT field's value: the text that follows it unless it is the
// last field (", 'next': "), or "}" for the last.
func (t *duckTextParser) value(p *duckPlan, i int, field string, depth int) (any, int, error) {
	if depth >= maxDepth {
		return nil, i, t.errorf(i, "nested deeper than %d levels", maxDepth)
	}
	if t.isNull(i) {
		return nil, i + 4, nil
	}
	switch p.kind {
	case duckList:
		return t.list(p, i, depth)
	case duckStruct:
		return t.structValue(p, i, depth)
	case duckMap:
		return t.mapValue(p, i, depth)
	}
	return t.leaf(p, i, field)
}

// next reads the separator after an element: ", " (true) or the closer
// (false).
func (t *duckTextParser) next(j int, closer byte) (more bool, k int, err error) {
	switch {
	case strings.HasPrefix(t.s[j:], ", "):
		return true, j + 2, nil
	case j < len(t.s) && t.s[j] == closer:
		return false, j + 1, nil
	}
	return false, j, t.errorf(j, `expected ", " or %q`, closer)
}

func (t *duckTextParser) list(p *duckPlan, i, depth int) (any, int, error) {
	if i >= len(t.s) || t.s[i] != '[' {
		return nil, i, t.errorf(i, `expected "["`)
	}
	j := i + 1
	out := []any{}
	if j < len(t.s) && t.s[j] == ']' {
		j++
	} else {
		for {
			v, k, err := t.value(p.elem, j, "", depth+1)
			if err != nil {
				return nil, k, err
			}
			out = append(out, v)
			more, k, err := t.next(k, ']')
			if err != nil {
				return nil, k, err
			}
			j = k
			if !more {
				break
			}
		}
	}
	if p.length > 0 && len(out) != p.length {
		return nil, j, fmt.Errorf("offset %d: array of %d elements, want %d", i, len(out), p.length)
	}
	return out, j, nil
}

func (t *duckTextParser) structValue(p *duckPlan, i, depth int) (any, int, error) {
	if i >= len(t.s) || t.s[i] != '{' {
		return nil, i, t.errorf(i, `expected "{"`)
	}
	j := i + 1
	row := make(Row, 0, len(p.fields))
	for n, f := range p.fields {
		if j >= len(t.s) || t.s[j] != '\'' {
			return nil, j, t.errorf(j, "expected the quoted field name %q", f.name)
		}
		name, k, err := t.quoted(j)
		if err != nil {
			return nil, k, err
		}
		if name != f.name {
			return nil, j, t.errorf(j, "expected field %q", f.name)
		}
		if !strings.HasPrefix(t.s[k:], ": ") {
			return nil, k, t.errorf(k, `expected ": "`)
		}
		next := "}"
		if n < len(p.fields)-1 {
			var b strings.Builder
			b.WriteString(", ")
			writeDuckString(&b, p.fields[n+1].name)
			b.WriteString(": ")
			next = b.String()
		}
		v, k, err := t.value(f.plan, k+2, next, depth+1)
		if err != nil {
			return nil, k, err
		}
		row = append(row, RowField{Name: f.name, Value: v})
		more, k, err := t.next(k, '}')
		if err != nil {
			return nil, k, err
		}
		j = k
		if more != (n < len(p.fields)-1) {
			if more {
				return nil, j, t.errorf(j, "expected only %d fields", len(p.fields))
			}
			return nil, j, fmt.Errorf("offset %d: struct of %d fields, want %d", i, n+1, len(p.fields))
		}
	}
	if len(p.fields) == 0 {
		if !strings.HasPrefix(t.s[j:], "}") {
			return nil, j, t.errorf(j, `expected "}"`)
		}
		j++
	}
	return row, j, nil
}

func (t *duckTextParser) mapValue(p *duckPlan, i, depth int) (any, int, error) {
	if i >= len(t.s) || t.s[i] != '{' {
		return nil, i, t.errorf(i, `expected "{"`)
	}
	j := i + 1
	m := Map{}
	if j < len(t.s) && t.s[j] == '}' {
		return m, j + 1, nil
	}
	for {
		if t.isNull(j) {
			return nil, j, t.errorf(j, "map key is NULL")
		}
		k, n, err := t.value(p.key, j, "", depth+1)
		if err != nil {
			return nil, n, err
		}
		if n >= len(t.s) || t.s[n] != '=' {
			return nil, n, t.errorf(n, `expected "="`)
		}
		v, n, err := t.value(p.value, n+1, "", depth+1)
		if err != nil {
			return nil, n, err
		}
		m = append(m, MapEntry{Key: k, Value: v})
		more, n, err := t.next(n, '}')
		if err != nil {
			return nil, n, err
		}
		j = n
		if !more {
			return m, j, nil
		}
	}
}

// leaf reads one leaf at s[i] and decodes it.
func (t *duckTextParser) leaf(p *duckPlan, i int, field string) (any, int, error) {
	var text string
	var j int
	switch {
	case p.json:
		j = (&textParser{s: t.s, budget: 4*len(t.s) + 16}).jsonEnd(i, len(t.s))
		if j < 0 {
			return nil, i, t.errorf(i, "expected a JSON value")
		}
		text = t.s[i:j]
	case p.free:
		j = t.freeEnd(i, field)
		text = t.s[i:j]
	case i < len(t.s) && t.s[i] == '\'':
		var err error
		if text, j, err = t.quoted(i); err != nil {
			return nil, j, err
		}
	default:
		j = i
		for j < len(t.s) && strings.IndexByte(",]}=", t.s[j]) < 0 {
			j++
		}
		text = t.s[i:j]
	}
	v, err := p.decode(text)
	if err != nil {
		return nil, i, fmt.Errorf("offset %d: %w", i, err)
	}
	return v, j, nil
}

// quoted reads '...' at s[i], where \' stands for ' and \\ for \.
func (t *duckTextParser) quoted(i int) (string, int, error) {
	var b strings.Builder
	for j := i + 1; j < len(t.s); j++ {
		switch c := t.s[j]; c {
		case '\'':
			return b.String(), j + 1, nil
		case '\\':
			if j+1 < len(t.s) && (t.s[j+1] == '\'' || t.s[j+1] == '\\') {
				b.WriteByte(t.s[j+1])
				j++
				continue
			}
			return "", j, t.errorf(j, `expected \' or \\`)
		default:
			b.WriteByte(c)
		}
	}
	return "", len(t.s), t.errorf(i, "unterminated quoted string")
}

// freeEnd returns the end of a UNION or VARIANT leaf at s[i], which DuckDB
// prints bare: the first ", ", or "]", "}" or "=" outside the brackets
// (and, within brackets, quotes) of a VARIANT holding a nested value. In a
// STRUCT field (field != "") it ends only at field, the text that follows
// the field, so that commas survive: {'u': a, b, 'v': 1}.
func (t *duckTextParser) freeEnd(i int, field string) int {
	depth := 0
	quotes := true // false once a quote is found unterminated: no rescans
	for j := i; j < len(t.s); j++ {
		switch c := t.s[j]; c {
		case '[', '{':
			depth++
		case ']', '}':
			if depth == 0 && (field == "" || field == "}" && c == '}') {
				return j
			}
			if depth == 0 {
				continue
			}
			depth--
		case '=':
			if depth == 0 && field == "" {
				return j
			}
		case ',':
			if depth == 0 && strings.HasPrefix(t.s[j:], ", ") && (field == "" || strings.HasPrefix(t.s[j:], field)) {
				return j
			}
		case '\'':
			if depth > 0 && quotes {
				if _, k, err := t.quoted(j); err == nil {
					j = k - 1
				} else {
					quotes = false
				}
			}
		}
	}
	return len(t.s)
}

// writeDuckString writes s quoted as DuckDB quotes strings inside nested
// text: in ', with ' and \ escaped by a \.
func writeDuckString(b *strings.Builder, s string) {
	b.WriteByte('\'')
	for i := 0; i < len(s); i++ {
		if s[i] == '\'' || s[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('\'')
}
