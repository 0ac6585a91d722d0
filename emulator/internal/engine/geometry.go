package engine

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// This file holds a small planar geometry model behind Trino's ST_
// functions (udf_geo.go). A Trino Geometry travels through DuckDB as its
// well-known text, written as Trino writes it: the exterior ring of a
// polygon counter-clockwise and its holes clockwise, each ring closed and
// starting at its first point as given; a multipoint as MULTIPOINT ((x y), ...).

// Geometry kinds, with Trino's names for messages (GeometryType).
const (
	gPoint           = "POINT"
	gLineString      = "LINESTRING"
	gPolygon         = "POLYGON"
	gMultiPoint      = "MULTIPOINT"
	gMultiLineString = "MULTILINESTRING"
	gMultiPolygon    = "MULTIPOLYGON"
	gCollection      = "GEOMETRYCOLLECTION"
)

var geomTypeNames = map[string][2]string{
	gPoint:           {"POINT", "ST_Point"},
	gLineString:      {"LINE_STRING", "ST_LineString"},
	gPolygon:         {"POLYGON", "ST_Polygon"},
	gMultiPoint:      {"MULTI_POINT", "ST_MultiPoint"},
	gMultiLineString: {"MULTI_LINE_STRING", "ST_MultiLineString"},
	gMultiPolygon:    {"MULTI_POLYGON", "ST_MultiPolygon"},
	gCollection:      {"GEOMETRY_COLLECTION", "ST_GeomCollection"},
}

type pt struct{ x, y float64 }

// geom is one geometry. A point or line string keeps its points in pts, a
// polygon its closed rings in rings (exterior first), and the multi kinds
// and collections their members in parts.
type geom struct {
	kind  string
	pts   []pt
	rings [][]pt
	parts []*geom
}

func (g *geom) empty() bool {
	switch g.kind {
	case gPoint, gLineString:
		return len(g.pts) == 0
	case gPolygon:
		return len(g.rings) == 0
	}
	for _, p := range g.parts {
		if !p.empty() {
			return false
		}
	}
	return true
}

// each calls f for every single (non-multi) member, depth first.
func (g *geom) each(f func(*geom)) {
	switch g.kind {
	case gPoint, gLineString, gPolygon:
		f(g)
	default:
		for _, p := range g.parts {
			p.each(f)
		}
	}
}

// vertices returns every point, polygon rings without their closing point
// repeated.
func (g *geom) vertices() []pt {
	var out []pt
	g.each(func(s *geom) {
		out = append(out, s.pts...)
		for _, r := range s.rings {
			out = append(out, r[:len(r)-1]...)
		}
	})
	return out
}

// requireKind returns Trino's error for a function that applies only to
// some kinds.
func (g *geom) requireKind(fn string, kinds ...string) error {
	for _, k := range kinds {
		if g.kind == k {
			return nil
		}
	}
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = geomTypeNames[k][0]
	}
	return fmt.Errorf("%s only applies to %s. Input type is: %s", fn, strings.Join(names, " or "), geomTypeNames[g.kind][0])
}

// parseWKT reads well-known text. Z and M coordinates are refused.
func parseWKT(s string) (*geom, error) {
	p := &wktParser{s: s}
	g, err := p.geometry()
	if err != nil {
		return nil, trinoError("Invalid WKT: %s: %w", s, err)
	}
	if t := p.token(); t != "" {
		return nil, trinoError("Invalid WKT: %s: unexpected %q", s, t)
	}
	return g, nil
}

type wktParser struct {
	s string
	i int
}

// token returns the next word, number, parenthesis or comma ("" at the end).
func (p *wktParser) token() string {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n' || p.s[p.i] == '\r') {
		p.i++
	}
	if p.i >= len(p.s) {
		return ""
	}
	start := p.i
	if c := p.s[p.i]; c == '(' || c == ')' || c == ',' {
		p.i++
		return string(c)
	}
	for p.i < len(p.s) && !strings.ContainsRune(" \t\r\n(),", rune(p.s[p.i])) {
		p.i++
	}
	return p.s[start:p.i]
}

func (p *wktParser) peek() string {
	i := p.i
	t := p.token()
	p.i = i
	return t
}

func (p *wktParser) expect(want string) error {
	if t := p.token(); t != want {
		return fmt.Errorf("want %q, got %q", want, t)
	}
	return nil
}

func (p *wktParser) geometry() (*geom, error) {
	kind := strings.ToUpper(p.token())
	if _, ok := geomTypeNames[kind]; !ok {
		return nil, fmt.Errorf("unknown geometry type %q", kind)
	}
	g := &geom{kind: kind}
	switch strings.ToUpper(p.peek()) {
	case "EMPTY":
		p.token()
		return g, nil
	case "Z", "M", "ZM":
		return nil, errors.New("only 2D coordinates are supported")
	}
	var err error
	switch kind {
	case gPoint:
		g.pts, err = p.points()
		if err == nil && len(g.pts) != 1 {
			err = errors.New("a point has one coordinate")
		}
	case gLineString:
		g.pts, err = p.points()
	case gPolygon:
		g.rings, err = p.rings()
	default:
		err = p.list(func() error {
			var part *geom
			var err error
			switch kind {
			case gMultiPoint:
				part = &geom{kind: gPoint}
				if p.peek() == "(" {
					part.pts, err = p.points()
				} else {
					var q pt
					q, err = p.point()
					part.pts = []pt{q}
				}
			case gMultiLineString:
				part = &geom{kind: gLineString}
				if strings.EqualFold(p.peek(), "EMPTY") {
					p.token()
				} else {
					part.pts, err = p.points()
				}
			case gMultiPolygon:
				part = &geom{kind: gPolygon}
				part.rings, err = p.rings()
			default:
				part, err = p.geometry()
			}
			g.parts = append(g.parts, part)
			return err
		})
	}
	if err != nil {
		return nil, err
	}
	return g, g.normalize()
}

// list reads "(" item {"," item} ")".
func (p *wktParser) list(item func() error) error {
	if err := p.expect("("); err != nil {
		return err
	}
	for {
		if err := item(); err != nil {
			return err
		}
		switch t := p.token(); t {
		case ",":
		case ")":
			return nil
		default:
			return fmt.Errorf("want \",\" or \")\", got %q", t)
		}
	}
}

func (p *wktParser) point() (pt, error) {
	var c [2]float64
	for i := range c {
		t := p.token()
		v, err := strconv.ParseFloat(t, 64)
		if err != nil {
			return pt{}, fmt.Errorf("want a number, got %q", t)
		}
		c[i] = v
	}
	if t := p.peek(); t != "," && t != ")" {
		return pt{}, errors.New("only 2D coordinates are supported")
	}
	return pt{c[0], c[1]}, nil
}

func (p *wktParser) points() ([]pt, error) {
	var out []pt
	err := p.list(func() error {
		q, err := p.point()
		out = append(out, q)
		return err
	})
	return out, err
}

func (p *wktParser) rings() ([][]pt, error) {
	if strings.EqualFold(p.peek(), "EMPTY") {
		p.token()
		return nil, nil
	}
	var out [][]pt
	err := p.list(func() error {
		r, err := p.points()
		out = append(out, r)
		return err
	})
	return out, err
}

// normalize closes polygon rings and orients them as Trino writes them.
func (g *geom) normalize() error {
	for _, p := range g.parts {
		if err := p.normalize(); err != nil {
			return err
		}
	}
	if g.kind == gPolygon {
		for i, r := range g.rings {
			if len(r) == 0 {
				return errors.New("empty ring")
			}
			if r[0] != r[len(r)-1] {
				r = append(r, r[0])
			}
			// A ring of no area (degenerate or self-crossing) stays as given.
			if a := signedArea(r); (i == 0 && a < 0) || (i > 0 && a > 0) {
				r = reverseRing(r)
			}
			g.rings[i] = r
		}
	}
	return nil
}

// reverseRing reverses a closed ring, keeping its first point first.
func reverseRing(r []pt) []pt {
	out := make([]pt, len(r))
	out[0] = r[0]
	for i := 1; i < len(r); i++ {
		out[i] = r[len(r)-1-i]
	}
	return out
}

// signedArea is a closed ring's area, positive when counter-clockwise.
func signedArea(r []pt) float64 {
	var a float64
	for i := 0; i+1 < len(r); i++ {
		a += r[i].x*r[i+1].y - r[i+1].x*r[i].y
	}
	return a / 2
}

// wkt writes g as Trino writes well-known text.
func (g *geom) wkt() string {
	var b strings.Builder
	g.write(&b, true)
	return b.String()
}

func (g *geom) write(b *strings.Builder, named bool) {
	if named {
		b.WriteString(g.kind)
		b.WriteByte(' ')
	}
	if g.empty() && (named || g.kind != gPoint) {
		b.WriteString("EMPTY")
		return
	}
	switch g.kind {
	case gPoint, gLineString:
		writePoints(b, g.pts)
	case gPolygon:
		b.WriteByte('(')
		for i, r := range g.rings {
			if i > 0 {
				b.WriteString(", ")
			}
			writePoints(b, r)
		}
		b.WriteByte(')')
	default:
		b.WriteByte('(')
		first := true
		for _, p := range g.parts {
			if g.kind != gCollection && p.empty() {
				continue
			}
			if !first {
				b.WriteString(", ")
			}
			first = false
			p.write(b, g.kind == gCollection)
		}
		b.WriteByte(')')
	}
}

func writePoints(b *strings.Builder, ps []pt) {
	b.WriteByte('(')
	for i, q := range ps {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(coordText(q.x))
		b.WriteByte(' ')
		b.WriteString(coordText(q.y))
	}
	b.WriteByte(')')
}

// coordText writes a coordinate in its shortest plain decimal form.
func coordText(v float64) string {
	if v == 0 {
		return "0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func pointGeom(q pt) *geom { return &geom{kind: gPoint, pts: []pt{q}} }

// envelope returns the bounding box; ok is false for an empty geometry.
func (g *geom) envelope() (lo, hi pt, ok bool) {
	vs := g.vertices()
	if len(vs) == 0 {
		return pt{}, pt{}, false
	}
	lo, hi = vs[0], vs[0]
	for _, v := range vs[1:] {
		lo.x, lo.y = math.Min(lo.x, v.x), math.Min(lo.y, v.y)
		hi.x, hi.y = math.Max(hi.x, v.x), math.Max(hi.y, v.y)
	}
	return lo, hi, true
}

func (g *geom) area() float64 {
	var a float64
	g.each(func(s *geom) {
		for i, r := range s.rings {
			if i == 0 {
				a += math.Abs(signedArea(r))
			} else {
				a -= math.Abs(signedArea(r))
			}
		}
	})
	return a
}

func pathLength(ps []pt) float64 {
	var l float64
	for i := 0; i+1 < len(ps); i++ {
		l += segLen(ps[i+1].x-ps[i].x, ps[i+1].y-ps[i].y)
	}
	return l
}

// dimension is 0 for points, 1 for lines and 2 for polygons; a collection
// has its members' greatest.
func (g *geom) dimension() int8 {
	switch g.kind {
	case gPoint, gMultiPoint:
		return 0
	case gLineString, gMultiLineString:
		return 1
	case gPolygon, gMultiPolygon:
		return 2
	}
	var d int8
	for _, p := range g.parts {
		d = max(d, p.dimension())
	}
	return d
}

// centroid is the centroid of the members of the highest dimension:
// points averaged, segments weighted by length, polygons by area.
func (g *geom) centroid() (pt, bool) {
	if g.empty() {
		return pt{}, false
	}
	var sx, sy, w float64
	switch g.dimension() {
	case 0:
		for _, v := range g.vertices() {
			sx, sy, w = sx+v.x, sy+v.y, w+1
		}
	case 1:
		g.each(func(s *geom) {
			for i := 0; i+1 < len(s.pts); i++ {
				a, b := s.pts[i], s.pts[i+1]
				l := segLen(b.x-a.x, b.y-a.y)
				sx, sy, w = sx+l*(a.x+b.x)/2, sy+l*(a.y+b.y)/2, w+l
			}
		})
	default:
		g.each(func(s *geom) {
			for _, r := range s.rings {
				for i := 0; i+1 < len(r); i++ {
					c := r[i].x*r[i+1].y - r[i+1].x*r[i].y
					sx += (r[i].x + r[i+1].x) * c
					sy += (r[i].y + r[i+1].y) * c
					w += c
				}
			}
		})
		sx, sy = sx/3, sy/3
	}
	if w == 0 {
		return pt{}, false
	}
	return pt{sx / w, sy / w}, true
}
