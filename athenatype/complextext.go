package athenatype

import (
	"errors"
	"fmt"
	"strings"
)

// This file reads Athena's text of arrays, maps and rows (FACTS §5). The
// rules it follows where that text is ambiguous are part of the package
// documentation ("Composite values"); the fuzz target FuzzDecodeComplex
// holds it to them. The cost is linear in the text, times the nesting depth;
// a work budget caps bracket matching on hostile text.

// decodeComposite decodes the whole text as the composite described by p.
func decodeComposite(p *plan, text string) (any, error) {
	open, closer := byte('{'), byte('}')
	if p.kind == kindArray {
		open, closer = '[', ']'
	}
	if len(text) < 2 || text[0] != open || text[len(text)-1] != closer {
		return nil, fmt.Errorf("want %c...%c", open, closer)
	}
	t := textParser{s: text, budget: 64*len(text) + 4096}
	v, _, err := t.composite(p, 0, len(text), true, 0)
	return v, err
}

type textParser struct {
	s      string
	budget int // bracket-matching steps left; bounds the work on hostile text
}

// sepKind says where a value ends besides its composite's closing bracket.
type sepKind uint8

const (
	sepNone  sepKind = iota // nowhere else (the last field of a typed row)
	sepPlain                // at ", "
	sepEntry                // at ", " followed by "k=", k non-empty and free of ", "
	sepField                // at ", " followed by stop.field and "=" (any case)
	sepEq                   // at '=' (map keys)
)

// stop describes the end of a value. The value lies within s[:limit]. With
// known, limit is exactly the end of the enclosing composite's interior;
// otherwise the value also ends at the first closer byte.
type stop struct {
	limit  int
	known  bool
	closer byte
	sep    sepKind
	field  string
}

// composite reads the composite described by p at s[i], whose opening
// bracket the caller has checked. With known, it spans exactly s[i:limit];
// otherwise it ends at its first unmatched closer before limit. It returns
// the index after the closer.
func (t *textParser) composite(p *plan, i, limit int, known bool, depth int) (any, int, error) {
	st := stop{limit: limit, known: known, closer: '}'}
	if known {
		st.limit = limit - 1
	}
	switch {
	case p.kind == kindArray:
		st.closer = ']'
		return t.array(p, i+1, st, depth)
	case p.kind == kindMap:
		return t.mapValue(p, i+1, st, depth)
	case p.kind == kindRow && p.fields != nil:
		return t.row(p, i+1, st, depth)
	}
	return t.anyRow(p, i+1, st, depth)
}

func (t *textParser) array(p *plan, j int, st stop, depth int) (any, int, error) {
	st.sep = sepPlain
	if t.atEnd(j, st) {
		return []any{}, j + 1, nil
	}
	var buf [16]any
	vals := buf[:0]
	for {
		v, k, err := t.value(p.elem, j, st, depth+1)
		if err != nil {
			return nil, 0, err
		}
		vals = append(vals, v)
		if t.atEnd(k, st) {
			out := make([]any, len(vals))
			copy(out, vals)
			return out, k + 1, nil
		}
		j = k + 2
	}
}

func (t *textParser) mapValue(p *plan, j int, st stop, depth int) (any, int, error) {
	kst := st
	kst.sep = sepEq
	st.sep = sepPlain
	if p.value == nil || p.value.stringy {
		st.sep = sepEntry
	}
	if t.atEnd(j, st) {
		return Map{}, j + 1, nil
	}
	var buf [8]MapEntry
	entries := buf[:0]
	for {
		key, k, err := t.value(p.key, j, kst, depth+1)
		if err != nil {
			return nil, 0, err
		}
		v, k, err := t.value(p.value, k+1, st, depth+1)
		if err != nil {
			return nil, 0, err
		}
		entries = append(entries, MapEntry{Key: key, Value: v})
		if t.atEnd(k, st) {
			out := make(Map, len(entries))
			copy(out, entries)
			return out, k + 1, nil
		}
		j = k + 2
	}
}

// row reads a row whose field types are known. The text names its fields
// ({a=1, b=x}) when the first hint field's name starts it, uses the older
// engines' field0=, field1=, ... names, or is positional ({1, x}).
func (t *textParser) row(p *plan, j int, st stop, depth int) (any, int, error) {
	n := len(p.fields)
	named := true
	for _, f := range p.fields {
		named = named && f.name != ""
	}
	named = named && t.hasNameAt(j, st.limit, p.fields[0].name)
	old := !named && t.hasNameAt(j, st.limit, p.fields[0].oldName)
	out := make(Row, n)
	for k, f := range p.fields {
		name := f.name
		if old {
			name = f.oldName
		}
		if named || old {
			if !t.hasNameAt(j, st.limit, name) {
				return nil, 0, fmt.Errorf("offset %d: want field %q", j, name)
			}
			j += len(name) + 1
		}
		fst := st
		switch {
		case k == n-1:
			fst.sep = sepNone
		case named:
			fst.sep, fst.field = sepField, p.fields[k+1].name
		case old:
			fst.sep, fst.field = sepField, p.fields[k+1].oldName
		default:
			fst.sep = sepPlain
		}
		v, next, err := t.value(f.plan, j, fst, depth+1)
		if err != nil {
			return nil, 0, err
		}
		out[k] = RowField{Name: f.name, Value: v}
		if k == n-1 {
			return out, next + 1, nil
		}
		if t.atEnd(next, fst) {
			return nil, 0, fmt.Errorf("offset %d: row has fewer than %d fields", next, n)
		}
		j = next + 2
	}
	return nil, 0, errNoFields // the loop returns at its last field
}

// anyRow reads a brace without field types: a row, named when its first
// entry looks like name=value, else unnamed; {} is an empty Map for a
// kindBrace and an empty Row for a row column.
func (t *textParser) anyRow(p *plan, j int, st stop, depth int) (any, int, error) {
	if t.atEnd(j, st) {
		if p.kind == kindBrace {
			return Map{}, j + 1, nil
		}
		return Row{}, j + 1, nil
	}
	named := t.startsEntry(j, st)
	st.sep = sepPlain
	if named {
		st.sep = sepEntry
	}
	var buf [8]RowField
	fields := buf[:0]
	for {
		name := ""
		if named {
			eq := strings.IndexByte(t.s[j:st.limit], '=')
			if eq < 0 {
				return nil, 0, fmt.Errorf("offset %d: want name=value", j)
			}
			name, j = t.s[j:j+eq], j+eq+1
		}
		v, k, err := t.value(nil, j, st, depth+1)
		if err != nil {
			return nil, 0, err
		}
		fields = append(fields, RowField{Name: name, Value: v})
		if t.atEnd(k, st) {
			out := make(Row, len(fields))
			copy(out, fields)
			return out, k + 1, nil
		}
		j = k + 2
	}
}

// value reads one element, key or field value of plan p at s[i] and
// returns it with the index where it ends, which is a valid end for st.
func (t *textParser) value(p *plan, i int, st stop, depth int) (any, int, error) {
	if depth > maxDepth {
		return nil, 0, fmt.Errorf("offset %d: nested deeper than %d levels", i, maxDepth)
	}
	if p == nil {
		if i < st.limit && (t.s[i] == '[' || t.s[i] == '{') && javaBytesLen(t.s[i:st.limit]) == 0 && depth < maxDepth {
			if m := t.match(i, st.limit); m >= 0 && t.validEnd(m+1, st) {
				np := anyArray
				if t.s[i] == '{' {
					np = anyBrace
				}
				if v, _, err := t.composite(np, i, m+1, true, depth); err == nil {
					return v, m + 1, nil
				}
			}
		}
		return t.leaf(nil, i, st)
	}
	if p.kind == kindLeaf {
		return t.leaf(p, i, st)
	}
	if st.sep != sepEq && strings.HasPrefix(t.s[i:st.limit], "null") && t.validEnd(i+4, st) {
		return nil, i + 4, nil
	}
	open := byte('{')
	if p.kind == kindArray {
		open = '['
	}
	if i >= st.limit || t.s[i] != open {
		return nil, 0, fmt.Errorf("offset %d: want %q", i, open)
	}
	v, k, err := t.composite(p, i, st.limit, false, depth)
	if err != nil {
		return nil, 0, err
	}
	if !t.validEnd(k, st) {
		return nil, 0, fmt.Errorf("offset %d: unexpected text after %s value", k, p.typ)
	}
	return v, k, nil
}

// leaf reads a non-composite value (a string when p is nil).
func (t *textParser) leaf(p *plan, i int, st stop) (any, int, error) {
	k := -1
	if p != nil && p.json {
		if e := t.jsonEnd(i, st.limit); e > i && t.validEnd(e, st) {
			k = e
		}
	}
	if k < 0 {
		k = t.leafEnd(i, st)
	}
	if k < 0 {
		if st.sep == sepEq {
			return nil, 0, fmt.Errorf("offset %d: want key=value", i)
		}
		return nil, 0, fmt.Errorf("offset %d: missing %q", i, st.closer)
	}
	text := t.s[i:k]
	if st.sep != sepEq && text == "null" {
		return nil, k, nil
	}
	if p == nil {
		return text, k, nil
	}
	v, err := p.inner(text)
	if err != nil {
		return nil, 0, fmt.Errorf("offset %d: %q is not a valid %s: %w", i, truncate(text), p.typ, err)
	}
	return v, k, nil
}

// leafEnd returns where a leaf starting at s[i] ends, or -1.
func (t *textParser) leafEnd(i int, st stop) int {
	s := t.s
	for j := i; j < st.limit; j++ {
		c := s[j]
		if st.sep == sepEq {
			if c == '=' {
				return j
			}
			continue
		}
		if c == st.closer && !st.known {
			return j
		}
		if c == ',' && j+1 < st.limit && s[j+1] == ' ' && t.isSep(j, st) {
			return j
		}
	}
	if st.known && st.sep != sepEq {
		return st.limit
	}
	return -1
}

// atEnd reports whether s[k] ends the enclosing composite.
func (t *textParser) atEnd(k int, st stop) bool {
	if st.known {
		return k == st.limit
	}
	return k < st.limit && t.s[k] == st.closer
}

// validEnd reports whether a value may end at s[k].
func (t *textParser) validEnd(k int, st stop) bool {
	if st.sep == sepEq {
		return k < st.limit && t.s[k] == '='
	}
	if t.atEnd(k, st) {
		return true
	}
	return k+1 < st.limit && t.s[k] == ',' && t.s[k+1] == ' ' && t.isSep(k, st)
}

// isSep reports whether the ", " at s[j] separates two values under st.
func (t *textParser) isSep(j int, st stop) bool {
	switch st.sep {
	case sepPlain:
		return true
	case sepField:
		return t.hasNameAt(j+2, st.limit, st.field)
	case sepEntry:
		return t.entryAt(j+2, st)
	}
	return false
}

// hasNameAt reports whether s[j:limit] starts with name and '=', the name
// matched case-insensitively.
func (t *textParser) hasNameAt(j, limit int, name string) bool {
	rest := t.s[j:limit]
	return len(rest) > len(name) && rest[len(name)] == '=' && strings.EqualFold(rest[:len(name)], name)
}

// startsEntry reports whether the first entry of a brace, at s[j], has
// the form name=value.
func (t *textParser) startsEntry(j int, st stop) bool {
	if j >= st.limit || t.s[j] == '[' || t.s[j] == '{' {
		return false
	}
	return t.entryAt(j, st)
}

// entryAt reports whether s[j:] starts with "k=", k non-empty and free of
// ", " and of the closer.
func (t *textParser) entryAt(j int, st stop) bool {
	s := t.s
	for k := j; k < st.limit; k++ {
		switch c := s[k]; {
		case c == '=':
			return k > j
		case c == st.closer && !st.known:
			return false
		case c == ',' && k+1 < st.limit && s[k+1] == ' ':
			return false
		}
	}
	return false
}

// match returns the index of the bracket that closes the one at s[i],
// searching s[i:limit], or -1 if it is not found, is of the other kind, or
// the work budget is spent.
func (t *textParser) match(i, limit int) int {
	want := byte('}')
	if t.s[i] == '[' {
		want = ']'
	}
	depth := 0
	for j := i; j < limit; j++ {
		t.budget--
		if t.budget < 0 {
			return -1
		}
		switch c := t.s[j]; c {
		case '[':
			if n := javaBytesLen(t.s[j:limit]); n > 0 {
				j += n - 1
				continue
			}
			depth++
		case '{':
			depth++
		case ']', '}':
			depth--
			if depth == 0 {
				if c == want {
					return j
				}
				return -1
			}
		}
	}
	return -1
}

// javaBytesLen returns the length of a Java byte array's object name
// ([B@ and hex digits) at the start of s, or 0.
func javaBytesLen(s string) int {
	if !strings.HasPrefix(s, "[B@") {
		return 0
	}
	n := 3
	for n < len(s) && n < 3+16 {
		if _, ok := fromHex(s[n]); !ok {
			break
		}
		n++
	}
	if n == 3 {
		return 0
	}
	return n
}

// jsonEnd returns the end of the JSON value at s[i:limit], or -1 (also
// when the work budget is spent).
func (t *textParser) jsonEnd(i, limit int) int {
	s := t.s
	if i >= limit {
		return -1
	}
	switch s[i] {
	case '"':
		return t.jsonStringEnd(i, limit)
	case '[', '{':
		depth := 0
		for j := i; j < limit; j++ {
			t.budget--
			if t.budget < 0 {
				return -1
			}
			switch s[j] {
			case '"':
				e := t.jsonStringEnd(j, limit)
				if e < 0 {
					return -1
				}
				j = e - 1
			case '[', '{':
				depth++
			case ']', '}':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return -1
	}
	j := i
	for j < limit && strings.IndexByte(",]} ", s[j]) < 0 {
		j++
	}
	return j
}

func (t *textParser) jsonStringEnd(i, limit int) int {
	for j := i + 1; j < limit; j++ {
		t.budget--
		if t.budget < 0 {
			return -1
		}
		switch t.s[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return -1
}

var errNoFields = errors.New("row without fields")
