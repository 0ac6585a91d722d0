package athenatype

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// DuckDB prints a GEOMETRY as its WKT ("POINT (1 2)"); the Go value is the
// geometry's WKB, as DuckDB's ST_AsWKB writes it: ISO WKB, little-endian,
// with the Z, M and ZM variants as type codes +1000, +2000 and +3000, and
// an empty point as a point whose coordinates are NaN.

// maxWKTDepth bounds the nesting of geometry collections.
const maxWKTDepth = 32

// WKB geometry type codes.
var wkbTypes = map[string]uint32{
	"POINT": 1, "LINESTRING": 2, "POLYGON": 3, "MULTIPOINT": 4,
	"MULTILINESTRING": 5, "MULTIPOLYGON": 6, "GEOMETRYCOLLECTION": 7,
}

func decodeGeometry(s string) (any, error) {
	p := wktParser{s: s}
	b, err := p.geometry(nil, 0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i != len(p.s) {
		return nil, p.errorf("end of geometry")
	}
	return b, nil
}

// wktParser reads one WKT geometry and writes its WKB.
type wktParser struct {
	s string
	i int
}

func (p *wktParser) errorf(want string) error {
	return fmt.Errorf("WKT offset %d: want %s", p.i, want)
}

func (p *wktParser) space() {
	for p.i < len(p.s) && p.s[p.i] == ' ' {
		p.i++
	}
}

// word reads an upper- or lower-case keyword.
func (p *wktParser) word() string {
	p.space()
	j := p.i
	for j < len(p.s) && (p.s[j] >= 'A' && p.s[j] <= 'Z' || p.s[j] >= 'a' && p.s[j] <= 'z') {
		j++
	}
	w := strings.ToUpper(p.s[p.i:j])
	p.i = j
	return w
}

// peekWord reports the next keyword without consuming it.
func (p *wktParser) peekWord() string {
	at := p.i
	w := p.word()
	p.i = at
	return w
}

func (p *wktParser) punct(c byte) bool {
	p.space()
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

// geometry reads a tagged geometry ("POINT Z (1 2 3)") and appends its WKB.
func (p *wktParser) geometry(b []byte, depth int) ([]byte, error) {
	if depth > maxWKTDepth {
		return nil, fmt.Errorf("WKT nested deeper than %d levels", maxWKTDepth)
	}
	name := p.word()
	code, ok := wkbTypes[name]
	if !ok {
		return nil, p.errorf("a geometry type (POINT, LINESTRING, POLYGON, MULTI..., GEOMETRYCOLLECTION)")
	}
	dims := 2
	switch p.peekWord() {
	case "Z":
		p.word()
		code, dims = code+1000, 3
	case "M":
		p.word()
		code, dims = code+2000, 3
	case "ZM":
		p.word()
		code, dims = code+3000, 4
	}
	b = append(b, 1) // little-endian
	b = binary.LittleEndian.AppendUint32(b, code)
	empty := p.peekWord() == "EMPTY"
	if empty {
		p.word()
	} else if !p.punct('(') {
		return nil, p.errorf("( or EMPTY")
	}
	var err error
	switch name {
	case "POINT":
		if empty {
			return appendNaNs(b, dims), nil
		}
		if b, err = p.coords(b, dims); err == nil && !p.punct(')') {
			err = p.errorf(")")
		}
	case "LINESTRING":
		b, err = p.countedList(b, empty, func(b []byte) ([]byte, error) { return p.coords(b, dims) })
	case "POLYGON":
		b, err = p.countedList(b, empty, func(b []byte) ([]byte, error) { return p.ring(b, dims) })
	case "MULTIPOINT":
		b, err = p.countedList(b, empty, func(b []byte) ([]byte, error) { return p.memberPoint(b, code-3, dims) })
	case "MULTILINESTRING":
		b, err = p.countedList(b, empty, func(b []byte) ([]byte, error) { return p.member(b, code-3, dims, p.ring) })
	case "MULTIPOLYGON":
		b, err = p.countedList(b, empty, func(b []byte) ([]byte, error) {
			return p.member(b, code-3, dims, func(b []byte, dims int) ([]byte, error) {
				if p.peekWord() == "EMPTY" {
					p.word()
					return binary.LittleEndian.AppendUint32(b, 0), nil
				}
				if !p.punct('(') {
					return nil, p.errorf("(")
				}
				return p.countedList(b, false, func(b []byte) ([]byte, error) { return p.ring(b, dims) })
			})
		})
	case "GEOMETRYCOLLECTION":
		b, err = p.countedList(b, empty, func(b []byte) ([]byte, error) { return p.geometry(b, depth+1) })
	}
	return b, err
}

// countedList reads items up to the closing parenthesis (already past the
// opening one) and writes their count before them. An empty list writes 0.
func (p *wktParser) countedList(b []byte, empty bool, item func([]byte) ([]byte, error)) ([]byte, error) {
	at := len(b)
	b = binary.LittleEndian.AppendUint32(b, 0)
	if empty {
		return b, nil
	}
	n := uint32(0)
	for {
		var err error
		if b, err = item(b); err != nil {
			return nil, err
		}
		n++
		if p.punct(')') {
			break
		}
		if !p.punct(',') {
			return nil, p.errorf(", or )")
		}
	}
	binary.LittleEndian.PutUint32(b[at:], n)
	return b, nil
}

// ring reads "(x y, x y, ...)" and appends its point count and points.
func (p *wktParser) ring(b []byte, dims int) ([]byte, error) {
	if p.peekWord() == "EMPTY" {
		p.word()
		return binary.LittleEndian.AppendUint32(b, 0), nil
	}
	if !p.punct('(') {
		return nil, p.errorf("(")
	}
	return p.countedList(b, false, func(b []byte) ([]byte, error) { return p.coords(b, dims) })
}

// member appends one member of a MULTI geometry: its own WKB header, then
// the body that body reads.
func (p *wktParser) member(b []byte, code uint32, dims int, body func([]byte, int) ([]byte, error)) ([]byte, error) {
	b = append(b, 1)
	b = binary.LittleEndian.AppendUint32(b, code)
	return body(b, dims)
}

// memberPoint appends one point of a MULTIPOINT, written "x y", "(x y)" or
// EMPTY.
func (p *wktParser) memberPoint(b []byte, code uint32, dims int) ([]byte, error) {
	b = append(b, 1)
	b = binary.LittleEndian.AppendUint32(b, code)
	if p.peekWord() == "EMPTY" {
		p.word()
		return appendNaNs(b, dims), nil
	}
	if p.punct('(') {
		b, err := p.coords(b, dims)
		if err != nil {
			return nil, err
		}
		if !p.punct(')') {
			return nil, p.errorf(")")
		}
		return b, nil
	}
	return p.coords(b, dims)
}

// coords reads dims numbers separated by spaces.
func (p *wktParser) coords(b []byte, dims int) ([]byte, error) {
	for k := 0; k < dims; k++ {
		p.space()
		j := p.i
		for j < len(p.s) && strings.IndexByte("+-.0123456789eEinfaINFA", p.s[j]) >= 0 {
			j++
		}
		if j == p.i {
			return nil, p.errorf("a coordinate")
		}
		v, err := strconv.ParseFloat(p.s[p.i:j], 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return nil, p.errorf("a coordinate")
		}
		p.i = j
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
	}
	return b, nil
}

func appendNaNs(b []byte, dims int) []byte {
	for range dims {
		b = binary.LittleEndian.AppendUint64(b, 0x7FF8000000000000)
	}
	return b
}
