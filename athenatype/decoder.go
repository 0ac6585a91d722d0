package athenatype

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"unsafe"
)

// A Decoder turns the text of one result column (a GetQueryResults
// VarCharValue or a CSV field) into a Go value. Build one per column with
// NewDecoder and apply it to every row. A Decoder is immutable and safe for
// concurrent use.
type Decoder struct {
	typ  *Type
	plan *plan
	duck *duckPlan // set by NewDuckDBDecoder instead of plan
}

// NewDecoder returns a decoder for a column whose ColumnInfo Type is
// columnType ("integer", "timestamp with time zone", "array", ...; a full
// signature such as "array(integer)" is accepted too). Hive names are
// accepted ("string", "int", "float" as ColumnInfo reports REAL).
//
// ColumnInfo gives only the outer type of arrays, maps and rows. A hint
// (from ParseSignature, for example "array(row(a integer, b varchar))")
// supplies the inner types; it must name the same type as columnType (char
// and varchar count as one), and columnType may be empty when a hint is
// given. Without a hint, the structure of composite values is read from the
// text and every inner value is a string.
//
// ColumnInfo's Precision and Scale are not needed: Athena prints decimals
// with their full scale, and times with their own fraction digits.
func NewDecoder(columnType string, hint *Type) (*Decoder, error) {
	var t *Type
	if columnType != "" {
		col, err := ParseSignature(columnType)
		if err != nil {
			return nil, err
		}
		t = col
	}
	if hint != nil {
		if t != nil && !hintFits(t, hint) {
			return nil, fmt.Errorf("athenatype: hint %s does not match column type %s", hint, t)
		}
		t = hint
	}
	if t == nil {
		return nil, errors.New("athenatype: NewDecoder needs a column type or a hint")
	}
	p, err := newPlan(t, 0)
	if err != nil {
		return nil, fmt.Errorf("athenatype: type %s: %w", t, err)
	}
	return &Decoder{typ: t, plan: p}, nil
}

// Type returns the type the decoder decodes: the hint when one was given,
// else the column type.
func (d *Decoder) Type() *Type { return d.typ }

// Decode decodes one value's text. NULL is the caller's business: Athena
// marks it by an absent VarCharValue or an unquoted empty CSV field, which
// a string cannot express, so Decode is never called for it.
//
// The Go types follow the package documentation's table. Errors name the
// type and the text (truncated), and for composites the offset at fault.
func (d *Decoder) Decode(text string) (any, error) {
	if d.duck != nil {
		v, err := decodeDuck(d.duck, text)
		if err != nil {
			return nil, d.decodeError(text, err)
		}
		return v, nil
	}
	p := d.plan
	var (
		v   any
		err error
	)
	if p.kind == kindLeaf {
		v, err = p.decode(text)
	} else {
		v, err = decodeComposite(p, text)
	}
	if err != nil {
		return nil, d.decodeError(text, err)
	}
	return v, nil
}

// DecodeBytes decodes one value's text held in b, such as a CSV field. It
// returns exactly what Decode(string(b)) returns, values and errors alike,
// but numbers, booleans, dates, times, timestamps, intervals, decimals,
// UUIDs and addresses are parsed from b without copying it, so the only
// allocation is the one that boxes the result in an any (none for
// booleans). Values that keep text (varchar, char, unknown types, arrays,
// maps, rows) copy it once, as string(b) would; json and varbinary build
// their own slices.
//
// The result never refers to b: the caller may reuse b as soon as
// DecodeBytes returns. NULL is the caller's business, as for Decode.
func (d *Decoder) DecodeBytes(b []byte) (any, error) {
	var decode func(string) (any, error)
	switch {
	case d.duck != nil && d.duck.kind == duckLeaf && d.duck.view:
		decode = d.duck.decode
	case d.plan != nil && d.plan.kind == kindLeaf && d.plan.view:
		decode = d.plan.decode
	default:
		return d.Decode(string(b))
	}
	// A view of b, not a copy. It is safe because the decoders marked view
	// keep no reference to their text: they parse it into numbers, build
	// new slices (varbinary, json), clone the zone names they cache
	// (loadZone), and their errors, like decodeError, format the text
	// into new strings before returning. netip.ParseAddr keeps an IPv6 zone
	// through unique.Make, which clones strings. The view does not outlive
	// this call.
	text := unsafe.String(unsafe.SliceData(b), len(b))
	v, err := decode(text)
	if err != nil {
		return nil, d.decodeError(text, err)
	}
	return v, nil
}

// decodeError wraps a decoding error with the type and the text. It copies
// what it keeps of text, which may be a view of a caller's buffer.
func (d *Decoder) decodeError(text string, err error) error {
	return fmt.Errorf("athenatype: cannot decode %q as %s: %w", truncate(text), d.typ, err)
}

// planKind says how a value is delimited and built.
type planKind uint8

const (
	kindLeaf  planKind = iota
	kindArray          // [a, b]
	kindMap            // {k=v, ...}
	kindRow            // {name=v, ...} or {v, ...}
	kindBrace          // a {...} without a type: a Row, or an empty Map for {}
)

// plan is a Type prepared for decoding. A nil *plan stands for an unknown
// type: its text is read by structure and its leaves are strings.
type plan struct {
	typ  *Type
	kind planKind

	decode  func(string) (any, error) // a leaf at the top level
	inner   func(string) (any, error) // a leaf inside a composite
	stringy bool                      // leaf text may hold any character (varchar, char, unknown types)
	view    bool                      // decode keeps no reference to its text (see DecodeBytes)
	json    bool                      // leaf text is JSON, delimited by JSON's own grammar

	elem, key, value *plan
	fields           []fieldPlan // nil for a row without field types
}

type fieldPlan struct {
	name    string
	oldName string // "field<i>": older engines' names for unnamed fields
	plan    *plan
}

var (
	anyArray = &plan{kind: kindArray}
	anyBrace = &plan{kind: kindBrace}
)

// hintFits reports whether a hint describes the same type as a column.
func hintFits(col, hint *Type) bool {
	c, h := canonicalName(col.Name), canonicalName(hint.Name)
	stringish := func(n string) bool { return n == "varchar" || n == "char" }
	return c == h || c == "unknown" || stringish(c) && stringish(h)
}

func canonicalName(name string) string {
	name = strings.ToLower(name)
	if a, ok := aliases[name]; ok {
		return a
	}
	return name
}

func newPlan(t *Type, depth int) (*plan, error) {
	if t == nil {
		return nil, nil
	}
	if depth >= maxDepth {
		return nil, fmt.Errorf("nested deeper than %d levels", maxDepth)
	}
	p := &plan{typ: t}
	var err error
	switch name := canonicalName(t.Name); name {
	case "array":
		p.kind = kindArray
		p.elem, err = newPlan(t.Elem, depth+1)
	case "map":
		p.kind = kindMap
		if p.key, err = newPlan(t.Key, depth+1); err == nil {
			p.value, err = newPlan(t.Value, depth+1)
		}
	case "row":
		p.kind = kindRow
		if len(t.Fields) > 0 {
			p.fields = make([]fieldPlan, len(t.Fields))
			for i, f := range t.Fields {
				fp, ferr := newPlan(f.Type, depth+1)
				if ferr != nil {
					return nil, ferr
				}
				p.fields[i] = fieldPlan{name: f.Name, oldName: "field" + strconv.Itoa(i), plan: fp}
			}
		}
	default:
		p.kind = kindLeaf
		p.decode, p.stringy = leafDecoder(name)
		p.inner = p.decode
		// Of the top-level decoders only decodeString returns its text; the
		// others parse it or copy it into new slices. (varbinary's inner
		// decoder, set below, keeps text, but DecodeBytes never uses it.)
		p.view = !p.stringy
		switch name {
		case "varbinary":
			// Inside composites Athena prints a Java object name, [B@1f2e3d,
			// not the bytes (FACTS §5): keep that text.
			p.inner, p.stringy = decodeString, true
		case "json":
			p.json = true
		}
	}
	if err != nil {
		return nil, err
	}
	return p, nil
}

// leafDecoder returns the decoder of a non-composite type, and whether its
// text may contain any character.
func leafDecoder(name string) (func(string) (any, error), bool) {
	switch name {
	case "boolean":
		return decodeBool, false
	case "tinyint":
		return decodeTinyint, false
	case "smallint":
		return decodeSmallint, false
	case "integer":
		return decodeInteger, false
	case "bigint":
		return decodeBigint, false
	case "real":
		return decodeReal, false
	case "double":
		return decodeDouble, false
	case "decimal":
		return decodeDecimal, false
	case "varbinary":
		return decodeVarbinary, false
	case "date":
		return decodeDate, false
	case "time":
		return decodeTime, false
	case "time with time zone":
		return decodeTimeZone, false
	case "timestamp":
		return decodeTimestamp, false
	case "timestamp with time zone":
		return decodeTimestampZone, false
	case "interval day to second":
		return decodeDayToSecond, false
	case "interval year to month":
		return decodeMonths, false
	case "json":
		return decodeJSON, false
	case "ipaddress":
		return decodeIPAddress, false
	case "uuid":
		return decodeUUID, false
	}
	// varchar, char, string and every type this package does not know.
	return decodeString, true
}

func decodeString(s string) (any, error) { return s, nil }

func decodeBool(s string) (any, error) {
	switch s {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return nil, errors.New("want true or false")
}

func decodeTinyint(s string) (any, error) {
	v, err := strconv.ParseInt(s, 10, 8)
	if err != nil {
		return nil, numError(err)
	}
	return int8(v), nil
}

func decodeSmallint(s string) (any, error) {
	v, err := strconv.ParseInt(s, 10, 16)
	if err != nil {
		return nil, numError(err)
	}
	return int16(v), nil
}

func decodeInteger(s string) (any, error) {
	v, err := strconv.ParseInt(s, 10, 32)
	if err != nil {
		return nil, numError(err)
	}
	return int32(v), nil
}

func decodeBigint(s string) (any, error) {
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return nil, numError(err)
	}
	return v, nil
}

// decodeReal and decodeDouble read Java's Float.toString and
// Double.toString text: "1.5", "1.0E20", "NaN", "Infinity", "-Infinity".
func decodeReal(s string) (any, error) {
	v, err := strconv.ParseFloat(s, 32)
	if err != nil {
		return nil, numError(err)
	}
	return float32(v), nil
}

func decodeDouble(s string) (any, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil, numError(err)
	}
	return v, nil
}

func decodeDecimal(s string) (any, error) {
	d, err := parseDecimal(s)
	if err != nil {
		return nil, err
	}
	return d, nil
}

// decodeVarbinary reads lowercase hex bytes separated by single spaces:
// "01 ff". The empty text is an empty (non-nil) slice.
func decodeVarbinary(s string) (any, error) {
	if s == "" {
		return []byte{}, nil
	}
	if len(s)%3 != 2 {
		return nil, errors.New("want hex bytes separated by spaces (01 ff)")
	}
	b := make([]byte, (len(s)+1)/3)
	for i := range b {
		j := i * 3
		hi, ok1 := fromHex(s[j])
		lo, ok2 := fromHex(s[j+1])
		if !ok1 || !ok2 || j+2 < len(s) && s[j+2] != ' ' {
			return nil, fmt.Errorf("bad hex byte at offset %d", j)
		}
		b[i] = hi<<4 | lo
	}
	return b, nil
}

func decodeJSON(s string) (any, error) {
	return json.RawMessage(s), nil
}

func decodeIPAddress(s string) (any, error) {
	a, err := netip.ParseAddr(s)
	if err != nil {
		return nil, errors.New("want an IPv4 or IPv6 address")
	}
	return a, nil
}

func numError(err error) error {
	if errors.Is(err, strconv.ErrRange) {
		return errors.New("out of range")
	}
	return errors.New("invalid syntax")
}

// truncate shortens text quoted in error messages.
func truncate(s string) string {
	const limit = 64
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > limit-4 && s[cut]&0xc0 == 0x80 {
		cut-- // do not split a UTF-8 sequence
	}
	return s[:cut] + "…"
}
