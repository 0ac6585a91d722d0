package engine

import (
	"encoding/binary"
	"math"
)

// fromHadoopShape reads the Hive/ESRI spatial framework's shape: four
// bytes of spatial reference, one byte of OGC type, then an ESRI
// shapefile record, little-endian.
func fromHadoopShape(b []byte) (*geom, error) {
	if len(b) < 9 {
		return nil, trinoError("Hadoop shape input is too short")
	}
	kinds := map[byte]string{1: gPoint, 2: gLineString, 3: gPolygon, 4: gMultiPoint, 5: gMultiLineString, 6: gMultiPolygon}
	kind, ok := kinds[b[4]]
	if !ok {
		return nil, trinoError("Invalid Hadoop shape type: %d", b[4])
	}
	r := b[5:]
	le := binary.LittleEndian
	need := func(n int) error {
		if len(r) < n {
			return trinoError("Invalid Hadoop shape: truncated")
		}
		return nil
	}
	readPoints := func(n int) ([]pt, error) {
		if n < 0 || n > len(r)/16 {
			return nil, trinoError("Invalid Hadoop shape: truncated")
		}
		ps := make([]pt, n)
		for i := range ps {
			ps[i] = pt{math.Float64frombits(le.Uint64(r)), math.Float64frombits(le.Uint64(r[8:]))}
			r = r[16:]
		}
		return ps, nil
	}
	if err := need(4); err != nil {
		return nil, err
	}
	r = r[4:] // shape type, implied by the OGC type
	g := &geom{kind: kind}
	if kind == gPoint {
		ps, err := readPoints(1)
		if err != nil {
			return nil, err
		}
		if ps[0].x != -math.MaxFloat64 && !math.IsNaN(ps[0].x) {
			g.pts = ps
		}
		return g, nil
	}
	if err := need(32 + 4); err != nil {
		return nil, err
	}
	r = r[32:] // bounding box
	if kind == gMultiPoint {
		n := int(int32(le.Uint32(r)))
		r = r[4:]
		ps, err := readPoints(n)
		if err != nil {
			return nil, err
		}
		for _, q := range ps {
			g.parts = append(g.parts, pointGeom(q))
		}
		return g, nil
	}
	if err := need(8); err != nil {
		return nil, err
	}
	nParts, nPoints := int(int32(le.Uint32(r))), int(int32(le.Uint32(r[4:])))
	r = r[8:]
	if nParts < 0 || nParts > len(r)/4 {
		return nil, trinoError("Invalid Hadoop shape: truncated")
	}
	starts := make([]int, nParts+1)
	for i := range nParts {
		starts[i] = int(int32(le.Uint32(r)))
		r = r[4:]
	}
	starts[nParts] = nPoints
	ps, err := readPoints(nPoints)
	if err != nil {
		return nil, err
	}
	var polygon *geom
	for i := range nParts {
		if starts[i] < 0 || starts[i] > starts[i+1] || starts[i+1] > nPoints {
			return nil, trinoError("Invalid Hadoop shape: bad part offsets")
		}
		part := ps[starts[i]:starts[i+1]]
		switch kind {
		case gLineString:
			g.pts = append(g.pts, part...)
		case gMultiLineString:
			g.parts = append(g.parts, &geom{kind: gLineString, pts: part})
		default:
			// A shapefile's exterior rings run clockwise, its holes
			// counter-clockwise.
			if signedArea(part) <= 0 || polygon == nil {
				polygon = &geom{kind: gPolygon}
				g.parts = append(g.parts, polygon)
			}
			polygon.rings = append(polygon.rings, part)
		}
	}
	if kind == gPolygon {
		if len(g.parts) > 1 {
			return nil, trinoError("Invalid Hadoop shape: a polygon with several exterior rings")
		}
		if len(g.parts) == 1 {
			g.rings = g.parts[0].rings
		}
		g.parts = nil
	}
	return g, g.normalize()
}
