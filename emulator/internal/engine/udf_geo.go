package engine

import (
	"database/sql/driver"
	"errors"
	"math"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// Trino's geospatial functions over the well-known text model of
// geometry.go. The trino package rewrites ST_Name(...) to trino_st_name(...).

func geoUDFs() map[string][]*goUDF {
	tBool, tTiny := duckdb.TYPE_BOOLEAN, duckdb.TYPE_TINYINT
	textList, _ := duckdb.NewTypeInfo(tText)
	textList, _ = duckdb.NewListInfo(textList)
	// one is a function of one geometry.
	one := func(out duckdb.Type, f func(g *geom) (any, error)) []*goUDF {
		return []*goUDF{{in: []duckdb.Type{tText}, out: out, fn: func(a []driver.Value) (any, error) {
			g, err := parseWKT(a[0].(string))
			if err != nil {
				return nil, err
			}
			return f(g)
		}}}
	}
	two := func(out duckdb.Type, f func(a, b *geom) (any, error)) []*goUDF {
		return []*goUDF{{in: []duckdb.Type{tText, tText}, out: out, fn: func(a []driver.Value) (any, error) {
			x, err := parseWKT(a[0].(string))
			if err != nil {
				return nil, err
			}
			y, err := parseWKT(a[1].(string))
			if err != nil {
				return nil, err
			}
			return f(x, y)
		}}}
	}
	withList := func(us []*goUDF) []*goUDF {
		for _, u := range us {
			u.outInfo = textList
		}
		return us
	}
	bound := func(pick func(lo, hi pt) float64) []*goUDF {
		return one(tDouble, func(g *geom) (any, error) {
			lo, hi, ok := g.envelope()
			if !ok {
				return nil, nil
			}
			return pick(lo, hi), nil
		})
	}
	coord := func(fn string, pick func(q pt) float64) []*goUDF {
		return one(tDouble, func(g *geom) (any, error) {
			if err := g.requireKind(fn, gPoint); err != nil {
				return nil, err
			}
			if g.empty() {
				return nil, nil
			}
			return pick(g.pts[0]), nil
		})
	}
	fromText := func(fn, kind string) []*goUDF {
		return one(tText, func(g *geom) (any, error) {
			if kind != "" {
				if err := g.requireKind(fn, kind); err != nil {
					return nil, err
				}
			}
			return g.wkt(), nil
		})
	}
	endPoint := func(fn string, last bool) []*goUDF {
		return one(tText, func(g *geom) (any, error) {
			if err := g.requireKind(fn, gLineString); err != nil {
				return nil, err
			}
			if g.empty() {
				return nil, nil
			}
			if last {
				return pointGeom(g.pts[len(g.pts)-1]).wkt(), nil
			}
			return pointGeom(g.pts[0]).wkt(), nil
		})
	}
	return map[string][]*goUDF{
		"trino_st_point": {{in: []duckdb.Type{tDouble, tDouble}, out: tText, fn: func(a []driver.Value) (any, error) {
			return pointGeom(pt{a[0].(float64), a[1].(float64)}).wkt(), nil
		}}},
		"trino_st_geometryfromtext": fromText("ST_GeometryFromText", ""),
		"trino_st_astext":           fromText("ST_AsText", ""),
		"trino_st_linefromtext":     fromText("ST_LineFromText", gLineString),
		"trino_st_polygon":          fromText("ST_Polygon", gPolygon),
		"trino_st_x":                coord("ST_X", func(q pt) float64 { return q.x }),
		"trino_st_y":                coord("ST_Y", func(q pt) float64 { return q.y }),
		"trino_st_xmin":             bound(func(lo, hi pt) float64 { return lo.x }),
		"trino_st_xmax":             bound(func(lo, hi pt) float64 { return hi.x }),
		"trino_st_ymin":             bound(func(lo, hi pt) float64 { return lo.y }),
		"trino_st_ymax":             bound(func(lo, hi pt) float64 { return hi.y }),
		"trino_st_isempty":          one(tBool, func(g *geom) (any, error) { return g.empty(), nil }),
		"trino_st_dimension":        one(tTiny, func(g *geom) (any, error) { return g.dimension(), nil }),
		"trino_st_coorddim":         one(tTiny, func(g *geom) (any, error) { return int8(2), nil }),
		"trino_st_geometrytype":     one(tText, func(g *geom) (any, error) { return geomTypeNames[g.kind][1], nil }),
		"trino_st_area":             one(tDouble, func(g *geom) (any, error) { return g.area(), nil }),
		"trino_st_numpoints": one(tBigint, func(g *geom) (any, error) {
			return int64(len(g.vertices())), nil
		}),
		"trino_st_length": one(tDouble, func(g *geom) (any, error) {
			if err := g.requireKind("ST_Length", gLineString, gMultiLineString); err != nil {
				return nil, err
			}
			var l float64
			g.each(func(s *geom) { l += pathLength(s.pts) })
			return l, nil
		}),
		"trino_st_isclosed": one(tBool, func(g *geom) (any, error) {
			if err := g.requireKind("ST_IsClosed", gLineString, gMultiLineString); err != nil {
				return nil, err
			}
			closed := true
			g.each(func(s *geom) { closed = closed && len(s.pts) > 0 && s.pts[0] == s.pts[len(s.pts)-1] })
			return closed, nil
		}),
		"trino_st_startpoint": endPoint("ST_StartPoint", false),
		"trino_st_endpoint":   endPoint("ST_EndPoint", true),
		"trino_st_pointn": {{in: []duckdb.Type{tText, tBigint}, out: tText, fn: func(a []driver.Value) (any, error) {
			g, err := parseWKT(a[0].(string))
			if err != nil {
				return nil, err
			}
			if err := g.requireKind("ST_PointN", gLineString); err != nil {
				return nil, err
			}
			n := a[1].(int64)
			if n < 1 || n > int64(len(g.pts)) {
				return nil, nil
			}
			return pointGeom(g.pts[n-1]).wkt(), nil
		}}},
		"trino_st_points": withList(one(tText, func(g *geom) (any, error) {
			if g.empty() {
				return nil, nil
			}
			var out []string
			g.each(func(s *geom) {
				for _, q := range s.pts {
					out = append(out, pointGeom(q).wkt())
				}
				// Trino lists a polygon's rings in its internal orientation,
				// the reverse of the text's.
				for _, r := range s.rings {
					for _, q := range reverseRing(r) {
						out = append(out, pointGeom(q).wkt())
					}
				}
			})
			return out, nil
		})),
		"trino_st_centroid": one(tText, func(g *geom) (any, error) {
			c, ok := g.centroid()
			if !ok {
				return "POINT EMPTY", nil
			}
			return pointGeom(c).wkt(), nil
		}),
		"trino_st_envelope": one(tText, func(g *geom) (any, error) {
			lo, hi, ok := g.envelope()
			if !ok {
				return "POLYGON EMPTY", nil
			}
			return (&geom{kind: gPolygon, rings: [][]pt{{lo, {hi.x, lo.y}, hi, {lo.x, hi.y}, lo}}}).wkt(), nil
		}),
		"trino_st_envelopeaspts": withList(one(tText, func(g *geom) (any, error) {
			lo, hi, ok := g.envelope()
			if !ok {
				return nil, nil
			}
			return []string{pointGeom(lo).wkt(), pointGeom(hi).wkt()}, nil
		})),
		"trino_st_issimple": one(tBool, func(g *geom) (any, error) { return g.simple(), nil }),
		"trino_st_isring": one(tBool, func(g *geom) (any, error) {
			if err := g.requireKind("ST_IsRing", gLineString); err != nil {
				return nil, err
			}
			return len(g.pts) > 0 && g.pts[0] == g.pts[len(g.pts)-1] && g.simple(), nil
		}),
		"trino_st_interiorrings": withList(one(tText, func(g *geom) (any, error) {
			if err := g.requireKind("ST_InteriorRings", gPolygon); err != nil {
				return nil, err
			}
			if g.empty() {
				return nil, nil
			}
			out := []string{}
			for _, r := range g.rings[1:] {
				out = append(out, (&geom{kind: gLineString, pts: r}).wkt())
			}
			return out, nil
		})),
		"trino_st_interiorringn": {{in: []duckdb.Type{tText, tBigint}, out: tText, fn: func(a []driver.Value) (any, error) {
			g, err := parseWKT(a[0].(string))
			if err != nil {
				return nil, err
			}
			if err := g.requireKind("ST_InteriorRingN", gPolygon); err != nil {
				return nil, err
			}
			n := a[1].(int64)
			if n < 1 || n >= int64(len(g.rings)) {
				return nil, nil
			}
			return (&geom{kind: gLineString, pts: g.rings[n]}).wkt(), nil
		}}},
		"trino_st_geometries": withList(one(tText, func(g *geom) (any, error) {
			switch {
			case g.empty():
				return nil, nil
			case g.kind == gPoint || g.kind == gLineString || g.kind == gPolygon:
				return []string{g.wkt()}, nil
			}
			out := make([]string, len(g.parts))
			for i, p := range g.parts {
				out[i] = p.wkt()
			}
			return out, nil
		})),
		"trino_st_convexhull": one(tText, func(g *geom) (any, error) { return convexHull(g).wkt(), nil }),
		"trino_st_boundary":   one(tText, func(g *geom) (any, error) { return boundary(g).wkt(), nil }),
		"trino_st_numinteriorring": one(tBigint, func(g *geom) (any, error) {
			if err := g.requireKind("ST_NumInteriorRing", gPolygon); err != nil {
				return nil, err
			}
			if g.empty() {
				return nil, nil
			}
			return int64(len(g.rings) - 1), nil
		}),
		"trino_st_exteriorring": one(tText, func(g *geom) (any, error) {
			if err := g.requireKind("ST_ExteriorRing", gPolygon); err != nil {
				return nil, err
			}
			if g.empty() {
				return nil, nil
			}
			return (&geom{kind: gLineString, pts: g.rings[0]}).wkt(), nil
		}),
		"trino_st_numgeometries": one(tBigint, func(g *geom) (any, error) {
			switch {
			case g.empty():
				return int64(0), nil
			case g.kind == gPoint || g.kind == gLineString || g.kind == gPolygon:
				return int64(1), nil
			}
			return int64(len(g.parts)), nil
		}),
		"trino_st_geometryn": {{in: []duckdb.Type{tText, tBigint}, out: tText, fn: func(a []driver.Value) (any, error) {
			g, err := parseWKT(a[0].(string))
			if err != nil {
				return nil, err
			}
			n := a[1].(int64)
			switch {
			case g.empty():
				return nil, nil
			case g.kind == gPoint || g.kind == gLineString || g.kind == gPolygon:
				if n == 1 {
					return g.wkt(), nil
				}
				return nil, nil
			case n < 1 || n > int64(len(g.parts)):
				return nil, nil
			}
			return g.parts[n-1].wkt(), nil
		}}},
		"trino_st_distance": two(tDouble, func(a, b *geom) (any, error) {
			d, ok := distance(a, b)
			if !ok {
				return nil, nil
			}
			return d, nil
		}),
		"trino_geometry_nearest_points": withList(two(tText, func(a, b *geom) (any, error) {
			_, pa, pb, ok := nearest(a, b)
			if !ok {
				return nil, nil
			}
			return []string{pointGeom(pa).wkt(), pointGeom(pb).wkt()}, nil
		})),
		"trino_st_intersects": two(tBool, func(a, b *geom) (any, error) {
			d, ok := distance(a, b)
			return ok && d == 0, nil
		}),
		"trino_st_disjoint": two(tBool, func(a, b *geom) (any, error) {
			d, ok := distance(a, b)
			return !ok || d > 0, nil
		}),
		"trino_st_contains": two(tBool, func(a, b *geom) (any, error) { return contains(a, b) }),
		"trino_st_within":   two(tBool, func(a, b *geom) (any, error) { return contains(b, a) }),
		"trino_line_locate_point": two(tDouble, func(line, q *geom) (any, error) {
			if line.kind != gLineString && line.kind != gMultiLineString {
				return nil, trinoError("First argument to line_locate_point must be a LineString or a MultiLineString. Got: %s",
					strings.TrimPrefix(geomTypeNames[line.kind][1], "ST_"))
			}
			if q.kind != gPoint {
				return nil, trinoError("Second argument to line_locate_point must be a Point. Got: %s",
					strings.TrimPrefix(geomTypeNames[q.kind][1], "ST_"))
			}
			if line.empty() || q.empty() {
				return nil, nil
			}
			return locatePoint(line, q.pts[0]), nil
		}),
		"trino_line_interpolate_point": {{in: []duckdb.Type{tText, tDouble}, out: tText, fn: func(a []driver.Value) (any, error) {
			ps, err := interpolate(a[0].(string), a[1].(float64), false)
			if err != nil || ps == nil {
				return nil, err
			}
			return ps[0], nil
		}}},
		"trino_line_interpolate_points": {{in: []duckdb.Type{tText, tDouble}, out: tText, outInfo: textList,
			fn: func(a []driver.Value) (any, error) {
				ps, err := interpolate(a[0].(string), a[1].(float64), true)
				if err != nil || ps == nil {
					return nil, err
				}
				return ps, nil
			}}},
		"trino_to_encoded_polyline": one(tText, func(g *geom) (any, error) {
			if err := g.requireKind("encode_polyline", gLineString, gMultiPoint); err != nil {
				return nil, err
			}
			return encodePolyline(g.vertices()), nil
		}),
		"trino_from_encoded_polyline": {{in: []duckdb.Type{tText}, out: tText, fn: func(a []driver.Value) (any, error) {
			ps, err := decodePolyline(a[0].(string))
			if err != nil {
				return nil, err
			}
			if len(ps) < 2 {
				ps = nil
			}
			return (&geom{kind: gLineString, pts: ps}).wkt(), nil
		}}},
		"trino_st_asbinary": one(tBlob, func(g *geom) (any, error) { return appendWKB(nil, g), nil }),
		"trino_st_geomfrombinary": {{in: []duckdb.Type{tBlob}, out: tText, fn: func(a []driver.Value) (any, error) {
			r := &wkbReader{b: a[0].([]byte)}
			g, err := r.geometry()
			if err == nil && len(r.b) != 0 {
				err = errors.New("trailing bytes")
			}
			if err != nil {
				return nil, trinoError("Invalid WKB: %w", err)
			}
			if err := g.normalize(); err != nil {
				return nil, err
			}
			return g.wkt(), nil
		}}},
		"trino_geometry_from_hadoop_shape": {{in: []duckdb.Type{tBlob}, out: tText, fn: func(a []driver.Value) (any, error) {
			g, err := fromHadoopShape(a[0].([]byte))
			if err != nil {
				return nil, err
			}
			return g.wkt(), nil
		}}},
		"trino_st_linestring": pointsOf("ST_LineString", gLineString, textList),
		"trino_st_multipoint": pointsOf("ST_MultiPoint", gMultiPoint, textList),
	}
}

// pointsOf builds a line string or multipoint from an array of points;
// an empty array gives NULL.
func pointsOf(fn, kind string, list duckdb.TypeInfo) []*goUDF {
	return []*goUDF{{inInfo: []duckdb.TypeInfo{list}, out: tText, fn: func(a []driver.Value) (any, error) {
		items, _ := a[0].([]any)
		if len(items) == 0 {
			return nil, nil
		}
		g := &geom{kind: kind}
		for i, it := range items {
			s, ok := it.(string)
			if !ok {
				return nil, trinoError("Invalid input to %s: null at index %d", fn, i+1)
			}
			p, err := parseWKT(s)
			if err != nil {
				return nil, err
			}
			if p.kind != gPoint {
				return nil, trinoError("Invalid input to %s: geometry is not a point: %s at index %d", fn,
					strings.TrimPrefix(geomTypeNames[p.kind][1], "ST_"), i+1)
			}
			if p.empty() {
				return nil, trinoError("Invalid input to %s: empty point at index %d", fn, i+1)
			}
			if kind == gLineString {
				g.pts = append(g.pts, p.pts[0])
			} else {
				g.parts = append(g.parts, p)
			}
		}
		return g.wkt(), nil
	}}}
}

// boundary is ST_Boundary: nothing for points, a line's end points (by
// the mod-2 rule for several lines), a polygon's rings as lines.
func boundary(g *geom) *geom {
	switch g.dimension() {
	case 1:
		count := map[pt]int{}
		var order []pt
		g.each(func(s *geom) {
			if len(s.pts) == 0 || s.pts[0] == s.pts[len(s.pts)-1] {
				return
			}
			for _, q := range []pt{s.pts[0], s.pts[len(s.pts)-1]} {
				if count[q] == 0 {
					order = append(order, q)
				}
				count[q]++
			}
		})
		out := &geom{kind: gMultiPoint}
		for _, q := range order {
			if count[q]%2 == 1 {
				out.parts = append(out.parts, pointGeom(q))
			}
		}
		return out
	case 2:
		out := &geom{kind: gMultiLineString}
		g.each(func(s *geom) {
			for _, r := range s.rings {
				out.parts = append(out.parts, &geom{kind: gLineString, pts: r})
			}
		})
		return out
	}
	return &geom{kind: gMultiPoint}
}

// locatePoint is the fraction of the line's length at which the line
// comes closest to q.
func locatePoint(g *geom, q pt) float64 {
	var total, best, at, before float64
	best = math.Inf(1)
	g.each(func(s *geom) {
		for i := 0; i+1 < len(s.pts); i++ {
			a, b := s.pts[i], s.pts[i+1]
			l := segLen(b.x-a.x, b.y-a.y)
			if d := segmentDistance(q, a, b); d < best {
				best = d
				t := 0.0
				if l > 0 {
					t = math.Max(0, math.Min(1, ((q.x-a.x)*(b.x-a.x)+(q.y-a.y)*(b.y-a.y))/(l*l)))
				}
				at = before + t*l
			}
			before += l
		}
	})
	total = before
	if total == 0 {
		return 0
	}
	return at / total
}

// interpolate returns the point at fraction of the line's length, or with
// repeated every point at a multiple of it.
func interpolate(text string, fraction float64, repeated bool) ([]string, error) {
	g, err := parseWKT(text)
	if err != nil {
		return nil, err
	}
	if !(fraction >= 0 && fraction <= 1) {
		return nil, errors.New("fraction must be between 0 and 1")
	}
	if err := g.requireKind("line_interpolate_point", gLineString); err != nil {
		return nil, err
	}
	if g.empty() {
		return nil, nil
	}
	// Trino's results differ from exact ones in the last bits; this order
	// of operations matches most of its published cases.
	var total float64
	for i := 0; i+1 < len(g.pts); i++ {
		total += math.Hypot(g.pts[i+1].x-g.pts[i].x, g.pts[i+1].y-g.pts[i].y)
	}
	at := func(f float64) string {
		target := f * total
		var walked float64
		for i := 0; i+1 < len(g.pts); i++ {
			a, b := g.pts[i], g.pts[i+1]
			l := segLen(b.x-a.x, b.y-a.y)
			if walked+l > target {
				t := (target - walked) / l
				return pointGeom(pt{a.x + t*(b.x-a.x), a.y + t*(b.y-a.y)}).wkt()
			}
			walked += l
		}
		return pointGeom(g.pts[len(g.pts)-1]).wkt()
	}
	switch fraction {
	case 0:
		return []string{pointGeom(g.pts[0]).wkt()}, nil
	case 1:
		return []string{pointGeom(g.pts[len(g.pts)-1]).wkt()}, nil
	}
	n := 1
	if repeated {
		n = int(math.Floor(1 / fraction))
	}
	out := make([]string, 0, n)
	for f := fraction; len(out) < n; f += fraction {
		out = append(out, at(f))
	}
	return out, nil
}
