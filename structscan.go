package athenaq

import (
	"database/sql"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
)

// scanStruct scans row into dst, an addressable struct, matching columns
// to fields by name or by position. fn names the caller in errors.
func scanStruct(row CollectableRow, dst reflect.Value, byName bool, fn string) error {
	t := dst.Type()
	cols := row.Columns()
	var fields []structField
	if byName {
		p := namePlanFor(t, cols)
		if p.err != nil {
			return fmt.Errorf("athenaq: %s[%s]: %w", fn, t, p.err)
		}
		fields = p.fields
	} else {
		sf := fieldsOf(t)
		if sf.err != nil {
			return fmt.Errorf("athenaq: %s[%s]: %w", fn, t, sf.err)
		}
		if len(sf.fields) != len(cols) {
			return fmt.Errorf("athenaq: %s[%s]: %s (%s) for %s (%s)",
				fn, t, plural(len(sf.fields), "field"), fieldList(sf.fields), plural(len(cols), "column"), columnList(cols))
		}
		fields = sf.fields
	}
	vals, err := row.Values()
	if err != nil {
		return err
	}
	if len(vals) != len(fields) {
		return fmt.Errorf("athenaq: %s[%s]: the row has %d values for %d columns", fn, t, len(vals), len(cols))
	}
	for i, f := range fields {
		if err := convertAssign(fieldByIndex(dst, f.index).Addr().Interface(), vals[i]); err != nil {
			return fmt.Errorf("athenaq: %s[%s]: column %q into field %s: %w", fn, t, cols[i].Name, f.path, err)
		}
	}
	return nil
}

// structField is a field of a struct that a column can fill.
type structField struct {
	name  string // the db tag's name, else the Go name
	path  string // the selector from the struct, "Audit.Created", for messages
	index []int  // for fieldByIndex
	depth int    // 0 for the struct's own fields, 1 inside an embedded struct, ...
}

// structFields are the fields of a struct type that columns can fill, in
// declaration order with embedded structs' fields in their place; err is
// set when the type is not a struct.
type structFields struct {
	fields []structField
	err    error
}

// fieldCache holds the *structFields of each struct type seen.
var fieldCache sync.Map // reflect.Type → *structFields

func fieldsOf(t reflect.Type) *structFields {
	if sf, ok := fieldCache.Load(t); ok {
		return sf.(*structFields)
	}
	sf := &structFields{}
	if t.Kind() != reflect.Struct {
		sf.err = fmt.Errorf("%s is not a struct", t)
	} else {
		sf.fields = appendFields(nil, t, nil, "", 0, map[reflect.Type]bool{t: true})
	}
	actual, _ := fieldCache.LoadOrStore(t, sf)
	return actual.(*structFields)
}

var (
	scannerType = reflect.TypeFor[sql.Scanner]()
	timeType    = reflect.TypeFor[time.Time]()
)

// appendFields appends the fillable fields of struct type t, whose index
// path and selector from the outermost struct are index and prefix.
// enclosing holds the struct types being flattened, so that a struct that
// embeds a pointer to itself ends.
func appendFields(out []structField, t reflect.Type, index []int, prefix string, depth int, enclosing map[reflect.Type]bool) []structField {
	for i := range t.NumField() {
		f := t.Field(i)
		tag, tagged := f.Tag.Lookup("db")
		name, _, _ := strings.Cut(tag, ",")
		if tagged && name == "-" {
			continue
		}
		idx := append(index[:len(index):len(index)], i)
		path := prefix + f.Name
		if f.Anonymous && name == "" {
			if st, ok := embeddedStruct(f); ok {
				if !enclosing[st] {
					enclosing[st] = true
					out = appendFields(out, st, idx, path+".", depth+1, enclosing)
					delete(enclosing, st)
				}
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, structField{name: name, path: path, index: idx, depth: depth})
	}
	return out
}

// embeddedStruct reports whether the embedded field f is flattened, and
// the struct type whose fields take its place. A struct that is scanned
// whole (time.Time, a sql.Scanner) is not flattened; nor is an unexported
// pointer, which reflection cannot allocate.
func embeddedStruct(f reflect.StructField) (reflect.Type, bool) {
	t := f.Type
	if t.Kind() == reflect.Pointer {
		if !f.IsExported() {
			return nil, false
		}
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || t == timeType || reflect.PointerTo(t).Implements(scannerType) {
		return nil, false
	}
	return t, true
}

// fieldByIndex is v.FieldByIndex that allocates the nil embedded pointers
// on the way.
func fieldByIndex(v reflect.Value, index []int) reflect.Value {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v
}

// namePlan maps the columns of a result to the fields of a struct type:
// fields[i] is the field column i fills. err is set when the columns and
// the fields do not match.
type namePlan struct {
	names  []string // the columns it was made for
	fields []structField
	err    error
}

func (p *namePlan) matches(cols []Column) bool {
	if len(cols) != len(p.names) {
		return false
	}
	for i, c := range cols {
		if c.Name != p.names[i] {
			return false
		}
	}
	return true
}

type planKey struct {
	t     reflect.Type
	names string // the column names, each prefixed with its length
}

var (
	// namePlans holds a plan per struct type and list of column names. It
	// is not bounded: a program has few such pairs.
	namePlans sync.Map // planKey → *namePlan
	// lastPlans holds the plan each struct type used last: the rows of one
	// result find it without building a planKey.
	lastPlans sync.Map // reflect.Type → *namePlan
)

func namePlanFor(t reflect.Type, cols []Column) *namePlan {
	if p, ok := lastPlans.Load(t); ok && p.(*namePlan).matches(cols) {
		return p.(*namePlan)
	}
	var b strings.Builder
	for _, c := range cols {
		b.WriteString(strconv.Itoa(len(c.Name)))
		b.WriteByte(':')
		b.WriteString(c.Name)
	}
	key := planKey{t, b.String()}
	p, ok := namePlans.Load(key)
	if !ok {
		p, _ = namePlans.LoadOrStore(key, newNamePlan(t, cols))
	}
	lastPlans.Store(t, p)
	return p.(*namePlan)
}

func newNamePlan(t reflect.Type, cols []Column) *namePlan {
	p := &namePlan{names: make([]string, len(cols))}
	for i, c := range cols {
		p.names[i] = c.Name
	}
	sf := fieldsOf(t)
	if sf.err != nil {
		p.err = sf.err
		return p
	}
	visible := visibleFields(sf.fields)
	filledBy := make([]int, len(visible)) // column index + 1; 0 for none
	p.fields = make([]structField, len(cols))
	for i, c := range cols {
		var match []int
		for j, f := range visible {
			if strings.EqualFold(f.name, c.Name) {
				match = append(match, j)
			}
		}
		switch {
		case len(match) == 0:
			p.err = fmt.Errorf("column %q matches no field", c.Name)
			return p
		case len(match) > 1:
			paths := make([]string, len(match))
			for k, j := range match {
				paths[k] = visible[j].path
			}
			p.err = fmt.Errorf("column %q matches fields %s", c.Name, strings.Join(paths, ", "))
			return p
		}
		j := match[0]
		if prev := filledBy[j]; prev != 0 {
			p.err = fmt.Errorf("columns %d and %d (%q) both fill field %s", prev-1, i, c.Name, visible[j].path)
			return p
		}
		filledBy[j] = i + 1
		p.fields[i] = visible[j]
	}
	var missing []string
	for j, f := range visible {
		if filledBy[j] == 0 {
			missing = append(missing, f.path)
		}
	}
	if len(missing) > 0 {
		noun := "field"
		if len(missing) > 1 {
			noun += "s"
		}
		p.err = fmt.Errorf("no column fills %s %s (columns: %s)", noun, strings.Join(missing, ", "), columnList(cols))
	}
	return p
}

// visibleFields drops the fields hidden by a shallower field of the same
// name (compared without case), as Go's selectors hide them.
func visibleFields(fields []structField) []structField {
	var out []structField
	for _, f := range fields {
		hidden := false
		for _, g := range fields {
			if g.depth < f.depth && strings.EqualFold(g.name, f.name) {
				hidden = true
				break
			}
		}
		if !hidden {
			out = append(out, f)
		}
	}
	return out
}

// fieldList is "A, B.C", for messages.
func fieldList(fields []structField) string {
	paths := make([]string, len(fields))
	for i, f := range fields {
		paths[i] = f.path
	}
	return strings.Join(paths, ", ")
}

// plural is "1 column", "2 columns".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
