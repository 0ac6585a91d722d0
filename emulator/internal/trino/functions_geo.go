package trino

// This file holds the rewrites of Trino's geospatial functions, which call
// Go functions that the engine registers (emulator/internal/engine/udf_geo.go).
// A Geometry is its well-known text there.

func init() {
	for name, arity := range map[string][]int{
		"st_point": {2}, "st_geometryfromtext": {1}, "st_astext": {1}, "st_linefromtext": {1}, "st_polygon": {1},
		"st_x": {1}, "st_y": {1}, "st_xmin": {1}, "st_xmax": {1}, "st_ymin": {1}, "st_ymax": {1},
		"st_isempty": {1}, "st_dimension": {1}, "st_coorddim": {1}, "st_geometrytype": {1}, "st_area": {1},
		"st_numpoints": {1}, "st_length": {1}, "st_isclosed": {1}, "st_startpoint": {1}, "st_endpoint": {1},
		"st_pointn": {2}, "st_points": {1}, "st_centroid": {1}, "st_envelope": {1}, "st_envelopeaspts": {1},
		"st_boundary": {1}, "st_numinteriorring": {1}, "st_exteriorring": {1}, "st_numgeometries": {1},
		"st_geometryn": {2}, "st_distance": {2}, "st_contains": {2}, "st_within": {2},
		"st_intersects": {2}, "st_disjoint": {2}, "st_convexhull": {1}, "st_issimple": {1}, "st_isring": {1},
		"st_interiorrings": {1}, "st_interiorringn": {2}, "st_geometries": {1},
		"bing_tile": {1, 3}, "bing_tile_quadkey": {1}, "bing_tile_zoom_level": {1}, "bing_tile_coordinates": {1},
		"bing_tile_at": {3}, "bing_tile_polygon": {1}, "bing_tiles_around": {3},
		"line_locate_point": {2}, "line_interpolate_point": {2}, "line_interpolate_points": {2},
		"to_encoded_polyline": {1}, "from_encoded_polyline": {1}, "st_asbinary": {1}, "st_geomfrombinary": {1},
		"st_linestring": {1}, "st_multipoint": {1}, "geometry_from_hadoop_shape": {1},
	} {
		handlers[name] = rename("trino_"+name, arity...)
	}
	handlers["convex_hull_agg"] = convexHullAgg
	handlers["geometry_nearest_points"] = func(r *rewriter, c *call) (string, error) {
		if len(c.args) != 2 {
			return "", nil
		}
		return "trino_pair_row(trino_geometry_nearest_points(" + c.joined() + "))", nil
	}
	macros = append(macros, `trino_pair_row(p_l) AS CASE WHEN p_l IS NOT NULL THEN row(p_l[1], p_l[2]) END`)
}

// convexHullAgg takes the hull of one collection of every input. (A macro
// cannot do it: the engine registers its Go functions after the macros.)
func convexHullAgg(r *rewriter, c *call) (string, error) {
	if len(c.args) != 1 {
		return "", nil
	}
	return "trino_st_convexhull('GEOMETRYCOLLECTION (' || string_agg(" + c.args[0].s() + ", ', ') || ')')", nil
}
