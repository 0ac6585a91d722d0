package engine

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strings"
)

// The encodings of geometries besides well-known text: Google's encoded
// polylines and well-known binary.

// encodePolyline writes Google's encoded polyline: latitude (y) then
// longitude (x), each as the delta from the previous point in units of
// 1e-5 degrees.
func encodePolyline(ps []pt) string {
	var b strings.Builder
	var lastLat, lastLng int64
	enc := func(v int64) {
		u := uint64(v) << 1
		if v < 0 {
			u = ^u
		}
		for u >= 0x20 {
			b.WriteByte(byte((0x20 | (u & 0x1f)) + 63))
			u >>= 5
		}
		b.WriteByte(byte(u + 63))
	}
	for _, q := range ps {
		lat, lng := int64(math.Floor(q.y*1e5+0.5)), int64(math.Floor(q.x*1e5+0.5))
		enc(lat - lastLat)
		enc(lng - lastLng)
		lastLat, lastLng = lat, lng
	}
	return b.String()
}

func decodePolyline(s string) ([]pt, error) {
	var out []pt
	var lat, lng int64
	i := 0
	next := func() (int64, error) {
		var result, shift uint64
		for {
			if i >= len(s) || shift > 60 {
				return 0, errors.New("invalid encoded polyline")
			}
			c := uint64(s[i]) - 63
			i++
			result |= (c & 0x1f) << shift
			shift += 5
			if c < 0x20 {
				break
			}
		}
		if result&1 != 0 {
			return int64(^(result >> 1)), nil
		}
		return int64(result >> 1), nil
	}
	for i < len(s) {
		dlat, err := next()
		if err != nil {
			return nil, err
		}
		dlng, err := next()
		if err != nil {
			return nil, err
		}
		lat, lng = lat+dlat, lng+dlng
		out = append(out, pt{float64(lng) * 1e-5, float64(lat) * 1e-5})
	}
	return out, nil
}

// WKB type codes.
var wkbCodes = map[string]uint32{gPoint: 1, gLineString: 2, gPolygon: 3, gMultiPoint: 4, gMultiLineString: 5,
	gMultiPolygon: 6, gCollection: 7}

// appendWKB writes g as little-endian well-known binary; an empty point
// has NaN coordinates.
func appendWKB(b []byte, g *geom) []byte {
	b = append(b, 1)
	b = binary.LittleEndian.AppendUint32(b, wkbCodes[g.kind])
	putPoints := func(ps []pt) {
		for _, q := range ps {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(q.x))
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(q.y))
		}
	}
	switch g.kind {
	case gPoint:
		if g.empty() {
			putPoints([]pt{{math.NaN(), math.NaN()}})
		} else {
			putPoints(g.pts)
		}
	case gLineString:
		b = binary.LittleEndian.AppendUint32(b, uint32(len(g.pts)))
		putPoints(g.pts)
	case gPolygon:
		b = binary.LittleEndian.AppendUint32(b, uint32(len(g.rings)))
		for _, r := range g.rings {
			b = binary.LittleEndian.AppendUint32(b, uint32(len(r)))
			putPoints(r)
		}
	default:
		b = binary.LittleEndian.AppendUint32(b, uint32(len(g.parts)))
		for _, p := range g.parts {
			b = appendWKB(b, p)
		}
	}
	return b
}

type wkbReader struct{ b []byte }

func (r *wkbReader) need(n int) error {
	if len(r.b) < n {
		return errors.New("truncated")
	}
	return nil
}

func (r *wkbReader) geometry() (*geom, error) {
	if err := r.need(5); err != nil {
		return nil, err
	}
	var order binary.ByteOrder = binary.LittleEndian
	if r.b[0] == 0 {
		order = binary.BigEndian
	}
	code := order.Uint32(r.b[1:])
	r.b = r.b[5:]
	u32 := func() (int, error) {
		if err := r.need(4); err != nil {
			return 0, err
		}
		v := order.Uint32(r.b)
		r.b = r.b[4:]
		if int(v) > len(r.b) {
			return 0, errors.New("count beyond the data")
		}
		return int(v), nil
	}
	points := func(n int) ([]pt, error) {
		if err := r.need(16 * n); err != nil {
			return nil, err
		}
		ps := make([]pt, n)
		for i := range ps {
			ps[i] = pt{math.Float64frombits(order.Uint64(r.b)), math.Float64frombits(order.Uint64(r.b[8:]))}
			r.b = r.b[16:]
		}
		return ps, nil
	}
	for kind, c := range wkbCodes {
		if c != code {
			continue
		}
		g := &geom{kind: kind}
		switch kind {
		case gPoint:
			ps, err := points(1)
			if err != nil {
				return nil, err
			}
			if !math.IsNaN(ps[0].x) {
				g.pts = ps
			}
		case gLineString:
			n, err := u32()
			if err != nil {
				return nil, err
			}
			if g.pts, err = points(n); err != nil {
				return nil, err
			}
		case gPolygon:
			n, err := u32()
			if err != nil {
				return nil, err
			}
			for range n {
				m, err := u32()
				if err != nil {
					return nil, err
				}
				ring, err := points(m)
				if err != nil {
					return nil, err
				}
				g.rings = append(g.rings, ring)
			}
		default:
			n, err := u32()
			if err != nil {
				return nil, err
			}
			for range n {
				p, err := r.geometry()
				if err != nil {
					return nil, err
				}
				g.parts = append(g.parts, p)
			}
		}
		return g, nil
	}
	return nil, fmt.Errorf("unsupported geometry type %d", code)
}
