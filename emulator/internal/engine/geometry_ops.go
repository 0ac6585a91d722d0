package engine

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// The planar operations on the geometry model of geometry.go: location,
// distance, containment, simplicity and the convex hull.

// locate returns where q lies against a polygon's rings: 1 inside, 0 on a
// ring, -1 outside.
func locate(rings [][]pt, q pt) int {
	inside := false
	for i, r := range rings {
		in := false
		for j := 0; j+1 < len(r); j++ {
			a, b := r[j], r[j+1]
			if segmentDistance(q, a, b) == 0 {
				return 0
			}
			if (a.y > q.y) != (b.y > q.y) && q.x < (b.x-a.x)*(q.y-a.y)/(b.y-a.y)+a.x {
				in = !in
			}
		}
		if i == 0 {
			inside = in
		} else if in {
			inside = false
		}
	}
	if inside {
		return 1
	}
	return -1
}

// segmentDistance is the distance from q to the segment ab.
func segmentDistance(q, a, b pt) float64 {
	dx, dy := b.x-a.x, b.y-a.y
	if dx == 0 && dy == 0 {
		return segLen(q.x-a.x, q.y-a.y)
	}
	t := ((q.x-a.x)*dx + (q.y-a.y)*dy) / (dx*dx + dy*dy)
	t = math.Max(0, math.Min(1, t))
	return segLen(q.x-(a.x+t*dx), q.y-(a.y+t*dy))
}

func segmentsCross(a, b, c, d pt) bool {
	orient := func(p, q, r pt) float64 { return (q.x-p.x)*(r.y-p.y) - (q.y-p.y)*(r.x-p.x) }
	d1, d2 := orient(c, d, a), orient(c, d, b)
	d3, d4 := orient(a, b, c), orient(a, b, d)
	return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))
}

// pieces returns a single geometry's points and segments.
func (g *geom) pieces() (points []pt, segments [][2]pt) {
	g.each(func(s *geom) {
		switch {
		case s.kind == gPoint:
			points = append(points, s.pts...)
		case len(s.pts) == 1:
			points = append(points, s.pts[0])
		}
		for i := 0; i+1 < len(s.pts); i++ {
			segments = append(segments, [2]pt{s.pts[i], s.pts[i+1]})
		}
		for _, r := range s.rings {
			for i := 0; i+1 < len(r); i++ {
				segments = append(segments, [2]pt{r[i], r[i+1]})
			}
		}
	})
	return points, segments
}

// covers reports whether q lies in one of g's polygons or on its boundary.
func (g *geom) covers(q pt) bool {
	found := false
	g.each(func(s *geom) {
		if s.kind == gPolygon && len(s.rings) > 0 && locate(s.rings, q) >= 0 {
			found = true
		}
	})
	return found
}

// distance is the least planar distance between a and b, 0 where they
// meet. ok is false when either is empty.
func distance(a, b *geom) (float64, bool) {
	d, _, _, ok := nearest(a, b)
	return d, ok
}

// nearest returns the least distance between a and b and a point of each
// at that distance.
func nearest(a, b *geom) (d float64, pa, pb pt, ok bool) {
	if a.empty() || b.empty() {
		return 0, pt{}, pt{}, false
	}
	ap, as := a.pieces()
	bp, bs := b.pieces()
	for _, q := range append(ap, firstPoints(as)...) {
		if b.covers(q) {
			return 0, q, q, true
		}
	}
	for _, q := range append(bp, firstPoints(bs)...) {
		if a.covers(q) {
			return 0, q, q, true
		}
	}
	d = math.Inf(1)
	try := func(x, y pt) {
		if e := segLen(x.x-y.x, x.y-y.y); e < d {
			d, pa, pb = e, x, y
		}
	}
	for _, p := range ap {
		for _, q := range bp {
			try(p, q)
		}
		for _, s := range bs {
			try(p, closestOnSegment(p, s[0], s[1]))
		}
	}
	for _, s := range as {
		for _, q := range bp {
			try(closestOnSegment(q, s[0], s[1]), q)
		}
		for _, t := range bs {
			if x, ok := crossing(s[0], s[1], t[0], t[1]); ok {
				return 0, x, x, true
			}
			try(s[0], closestOnSegment(s[0], t[0], t[1]))
			try(s[1], closestOnSegment(s[1], t[0], t[1]))
			try(closestOnSegment(t[0], s[0], s[1]), t[0])
			try(closestOnSegment(t[1], s[0], s[1]), t[1])
		}
	}
	return d, pa, pb, true
}

func firstPoints(segments [][2]pt) []pt {
	out := make([]pt, len(segments))
	for i, s := range segments {
		out[i] = s[0]
	}
	return out
}

// closestOnSegment is the point of the segment ab nearest to q.
func closestOnSegment(q, a, b pt) pt {
	dx, dy := b.x-a.x, b.y-a.y
	if dx == 0 && dy == 0 {
		return a
	}
	t := math.Max(0, math.Min(1, ((q.x-a.x)*dx+(q.y-a.y)*dy)/(dx*dx+dy*dy)))
	switch t {
	case 0:
		return a
	case 1:
		return b
	}
	return pt{a.x + t*dx, a.y + t*dy}
}

// crossing returns where the segments ab and cd cross at a point inside
// both.
func crossing(a, b, c, d pt) (pt, bool) {
	if !segmentsCross(a, b, c, d) {
		return pt{}, false
	}
	den := (b.x-a.x)*(d.y-c.y) - (b.y-a.y)*(d.x-c.x)
	t := ((c.x-a.x)*(d.y-c.y) - (c.y-a.y)*(d.x-c.x)) / den
	return pt{a.x + t*(b.x-a.x), a.y + t*(b.y-a.y)}, true
}

// contains is ST_Contains for the cases the emulator decides exactly:
// points in points, lines or polygons. Other pairs are refused rather than
// answered wrongly.
func contains(a, b *geom) (bool, error) {
	if a.empty() || b.empty() {
		return false, nil
	}
	if b.kind != gPoint && b.kind != gMultiPoint {
		return false, fmt.Errorf("ST_Contains of %s in %s is not supported by the emulator", b.kind, a.kind)
	}
	pts := b.vertices()
	switch a.kind {
	case gPoint, gMultiPoint:
		in := map[pt]bool{}
		for _, q := range a.vertices() {
			in[q] = true
		}
		for _, q := range pts {
			if !in[q] {
				return false, nil
			}
		}
		return true, nil
	case gLineString, gMultiLineString:
		ends := map[pt]bool{}
		for _, q := range boundary(a).vertices() {
			ends[q] = true
		}
		_, segments := a.pieces()
		interior := false
		for _, q := range pts {
			on := false
			for _, s := range segments {
				on = on || segmentDistance(q, s[0], s[1]) == 0
			}
			if !on {
				return false, nil
			}
			interior = interior || !ends[q]
		}
		return interior, nil
	case gPolygon, gMultiPolygon:
		interior := false
		for _, q := range pts {
			where := -1
			a.each(func(s *geom) {
				if len(s.rings) > 0 {
					where = max(where, locate(s.rings, q))
				}
			})
			if where < 0 {
				return false, nil
			}
			interior = interior || where > 0
		}
		return interior, nil
	}
	return false, fmt.Errorf("ST_Contains of %s in %s is not supported by the emulator", b.kind, a.kind)
}

// segLen is the length of the vector (dx, dy), computed as the Java
// geometry libraries do (sqrt of the sum of squares, not hypot), so that
// results agree to the last bit.
func segLen(dx, dy float64) float64 { return math.Sqrt(dx*dx + dy*dy) }

// convexHull is ST_ConvexHull: an empty geometry stays itself, one point
// gives a point, points on one line the line between the extremes, others
// the hull polygon, counter-clockwise from its lowest leftmost point and
// without points along its edges.
func convexHull(g *geom) *geom {
	seen := map[pt]bool{}
	var ps []pt
	for _, v := range g.vertices() {
		if !seen[v] {
			seen[v] = true
			ps = append(ps, v)
		}
	}
	switch len(ps) {
	case 0:
		return g
	case 1:
		return pointGeom(ps[0])
	}
	slices.SortFunc(ps, func(a, b pt) int {
		if c := cmp.Compare(a.x, b.x); c != 0 {
			return c
		}
		return cmp.Compare(a.y, b.y)
	})
	cross := func(o, a, b pt) float64 { return (a.x-o.x)*(b.y-o.y) - (a.y-o.y)*(b.x-o.x) }
	var hull []pt
	for _, p := range ps { // lower chain
		for len(hull) >= 2 && cross(hull[len(hull)-2], hull[len(hull)-1], p) <= 0 {
			hull = hull[:len(hull)-1]
		}
		hull = append(hull, p)
	}
	for i, lower := len(ps)-2, len(hull)+1; i >= 0; i-- { // upper chain
		for len(hull) >= lower && cross(hull[len(hull)-2], hull[len(hull)-1], ps[i]) <= 0 {
			hull = hull[:len(hull)-1]
		}
		hull = append(hull, ps[i])
	}
	if len(hull) <= 3 { // the chains met: every point on one line
		return &geom{kind: gLineString, pts: []pt{ps[0], ps[len(ps)-1]}}
	}
	return &geom{kind: gPolygon, rings: [][]pt{hull}}
}

// simple is ST_IsSimple: no repeated points in a multipoint, and lines
// that meet themselves or each other only at their ends (a closed line at
// its start). Polygons count as simple.
func (g *geom) simple() bool {
	switch g.kind {
	case gMultiPoint:
		seen := map[pt]bool{}
		for _, q := range g.vertices() {
			if seen[q] {
				return false
			}
			seen[q] = true
		}
	case gLineString:
		return lineSimple(g.pts)
	case gMultiLineString:
		for i, a := range g.parts {
			if !lineSimple(a.pts) {
				return false
			}
			for _, b := range g.parts[i+1:] {
				if !meetAtEnds(a.pts, b.pts) {
					return false
				}
			}
		}
	}
	return true
}

func touches(a, b, c, d pt) bool {
	return segmentsCross(a, b, c, d) || segmentDistance(a, c, d) == 0 || segmentDistance(b, c, d) == 0 ||
		segmentDistance(c, a, b) == 0 || segmentDistance(d, a, b) == 0
}

func lineSimple(ps []pt) bool {
	n := len(ps) - 1 // segments
	closed := n > 0 && ps[0] == ps[n]
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			a, b, c, d := ps[i], ps[i+1], ps[j], ps[j+1]
			switch {
			case j == i+1:
				// Neighbours share b; they may not fold back over each other.
				if segmentDistance(d, a, b) == 0 || segmentDistance(a, c, d) == 0 {
					return false
				}
			case closed && i == 0 && j == n-1:
				if segmentDistance(c, a, b) == 0 || segmentDistance(b, c, d) == 0 || segmentsCross(a, b, c, d) {
					return false
				}
			case touches(a, b, c, d):
				return false
			}
		}
	}
	return true
}

// meetAtEnds reports whether two lines meet nowhere or only where an end
// of each meets.
func meetAtEnds(a, b []pt) bool {
	if len(a) == 0 || len(b) == 0 {
		return true
	}
	ends := map[pt]bool{a[0]: true, a[len(a)-1]: true}
	for i := 0; i+1 < len(a); i++ {
		for j := 0; j+1 < len(b); j++ {
			if !touches(a[i], a[i+1], b[j], b[j+1]) {
				continue
			}
			if segmentsCross(a[i], a[i+1], b[j], b[j+1]) {
				return false
			}
			for _, q := range []pt{a[i], a[i+1], b[j], b[j+1]} {
				if segmentDistance(q, a[i], a[i+1]) == 0 && segmentDistance(q, b[j], b[j+1]) == 0 &&
					(!ends[q] || (q != b[0] && q != b[len(b)-1])) {
					return false
				}
			}
		}
	}
	return true
}
