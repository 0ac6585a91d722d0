package engine

import (
	"database/sql/driver"
	"math"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// Trino's Bing tile functions. A BingTile travels through DuckDB as its
// quadkey, which determines its x, y and zoom level.

const (
	maxTileZoom = 23
	maxLatitude = 85.05112878
)

func bingTileUDFs() map[string][]*goUDF {
	tTiny, tInt := duckdb.TYPE_TINYINT, duckdb.TYPE_INTEGER
	intInfo, _ := duckdb.NewTypeInfo(tInt)
	xEntry, _ := duckdb.NewStructEntry(intInfo, "x")
	yEntry, _ := duckdb.NewStructEntry(intInfo, "y")
	xy, _ := duckdb.NewStructInfo(xEntry, yEntry)
	textList, _ := duckdb.NewTypeInfo(tText)
	textList, _ = duckdb.NewListInfo(textList)
	tile := func(out duckdb.Type, f func(x, y, zoom int64) (any, error)) []*goUDF {
		return []*goUDF{{in: []duckdb.Type{tText}, out: out, fn: func(a []driver.Value) (any, error) {
			x, y, zoom, err := parseQuadKey(a[0].(string))
			if err != nil {
				return nil, err
			}
			return f(x, y, zoom)
		}}}
	}
	return map[string][]*goUDF{
		"trino_bing_tile": {
			{in: []duckdb.Type{tText}, out: tText, fn: func(a []driver.Value) (any, error) {
				if _, _, _, err := parseQuadKey(a[0].(string)); err != nil {
					return nil, err
				}
				return a[0], nil
			}},
			{in: []duckdb.Type{tBigint, tBigint, tBigint}, out: tText, fn: func(a []driver.Value) (any, error) {
				x, y, zoom := a[0].(int64), a[1].(int64), a[2].(int64)
				if err := checkZoom(zoom, 0); err != nil {
					return nil, err
				}
				if x < 0 || y < 0 || x >= 1<<zoom || y >= 1<<zoom {
					return nil, trinoError("XY coordinates for a Bing tile at zoom level %d must be within [0, %d) range", zoom, int64(1)<<zoom)
				}
				return quadKey(x, y, zoom), nil
			}},
		},
		"trino_bing_tile_quadkey":    tile(tText, func(x, y, zoom int64) (any, error) { return quadKey(x, y, zoom), nil }),
		"trino_bing_tile_zoom_level": tile(tTiny, func(x, y, zoom int64) (any, error) { return int8(zoom), nil }),
		"trino_bing_tile_coordinates": {{in: []duckdb.Type{tText}, outInfo: xy, fn: func(a []driver.Value) (any, error) {
			x, y, _, err := parseQuadKey(a[0].(string))
			if err != nil {
				return nil, err
			}
			return map[string]any{"x": int32(x), "y": int32(y)}, nil
		}}},
		"trino_bing_tile_at": {{in: []duckdb.Type{tDouble, tDouble, tBigint}, out: tText, fn: func(a []driver.Value) (any, error) {
			return tileAt(a[0].(float64), a[1].(float64), a[2].(int64))
		}}},
		"trino_bing_tiles_around": {{in: []duckdb.Type{tDouble, tDouble, tBigint}, outInfo: textList, fn: func(a []driver.Value) (any, error) {
			center, err := tileAt(a[0].(float64), a[1].(float64), a[2].(int64))
			if err != nil {
				return nil, err
			}
			x, y, zoom, _ := parseQuadKey(center)
			var out []string
			for dx := int64(-1); dx <= 1; dx++ {
				for dy := int64(-1); dy <= 1; dy++ {
					if tx, ty := x+dx, y+dy; tx >= 0 && ty >= 0 && tx < 1<<zoom && ty < 1<<zoom {
						out = append(out, quadKey(tx, ty, zoom))
					}
				}
			}
			return out, nil
		}}},
		"trino_bing_tile_polygon": tile(tText, func(x, y, zoom int64) (any, error) {
			w, n := tileCorner(x, y, zoom)
			e, s := tileCorner(x+1, y+1, zoom)
			return (&geom{kind: gPolygon, rings: [][]pt{{{w, s}, {e, s}, {e, n}, {w, n}, {w, s}}}}).wkt(), nil
		}),
	}
}

// tileAt is the quadkey of the tile that holds a point.
func tileAt(lat, lon float64, zoom int64) (string, error) {
	if !(lat >= -maxLatitude && lat <= maxLatitude) {
		return "", trinoError("Latitude must be between %v and %v", -maxLatitude, maxLatitude)
	}
	if !(lon >= -180 && lon <= 180) {
		return "", trinoError("Longitude must be between -180.0 and 180.0")
	}
	if err := checkZoom(zoom, 1); err != nil {
		return "", err
	}
	mapSize := float64(int64(256) << zoom)
	axis := func(v float64) int64 { return int64(math.Max(0, math.Min(v*mapSize, mapSize-1))) / 256 }
	sinLat := math.Sin(lat * math.Pi / 180)
	x := (lon + 180) / 360
	y := 0.5 - math.Log((1+sinLat)/(1-sinLat))/(4*math.Pi)
	return quadKey(axis(x), axis(y), zoom), nil
}

func checkZoom(zoom, least int64) error {
	switch {
	case zoom < least && least == 1:
		return trinoError("Zoom level must be > 0")
	case zoom < least:
		return trinoError("Zoom level must be >= 0")
	case zoom > maxTileZoom:
		return trinoError("Zoom level must be <= %d", maxTileZoom)
	}
	return nil
}

// tileCorner is the longitude and latitude of a tile's north-west corner.
func tileCorner(x, y, zoom int64) (lon, lat float64) {
	mapSize := float64(int64(256) << zoom)
	fx := math.Max(0, math.Min(float64(x*256), mapSize))/mapSize - 0.5
	fy := 0.5 - math.Max(0, math.Min(float64(y*256), mapSize))/mapSize
	return 360 * fx, 90 - 360*math.Atan(math.Exp(-fy*2*math.Pi))/math.Pi
}

func quadKey(x, y, zoom int64) string {
	var b strings.Builder
	for i := zoom; i > 0; i-- {
		digit := byte('0')
		mask := int64(1) << (i - 1)
		if x&mask != 0 {
			digit++
		}
		if y&mask != 0 {
			digit += 2
		}
		b.WriteByte(digit)
	}
	return b.String()
}

func parseQuadKey(q string) (x, y, zoom int64, err error) {
	switch {
	case q == "":
		return 0, 0, 0, trinoError("QuadKey must not be empty string")
	case len(q) > maxTileZoom:
		return 0, 0, 0, trinoError("QuadKey must be %d characters or less", maxTileZoom)
	}
	zoom = int64(len(q))
	for i := 0; i < len(q); i++ {
		mask := int64(1) << (zoom - 1 - int64(i))
		switch q[i] {
		case '0':
		case '1':
			x |= mask
		case '2':
			y |= mask
		case '3':
			x |= mask
			y |= mask
		default:
			return 0, 0, 0, trinoError("Invalid QuadKey digit sequence: %s", q)
		}
	}
	return x, y, zoom, nil
}
