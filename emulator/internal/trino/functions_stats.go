package trino

// This file holds the rewrites of Trino's distribution functions and
// vector similarities. The distributions call Go functions that the engine
// registers (emulator/internal/engine/udf_more.go); the similarities are
// macros over DuckDB's lists and maps.

func init() {
	for name, h := range map[string]handler{
		"normal_cdf":            rename("trino_normal_cdf", 3),
		"inverse_normal_cdf":    rename("trino_inverse_normal_cdf", 3),
		"beta_cdf":              rename("trino_beta_cdf", 3),
		"inverse_beta_cdf":      rename("trino_inverse_beta_cdf", 3),
		"great_circle_distance": rename("trino_great_circle_distance", 4),
		"cosine_similarity":     rename("trino_cosine_similarity", 2),
		"cosine_distance":       rename("trino_cosine_distance", 2),
	} {
		handlers[name] = h
	}
	macros = append(macros, statsMacros...)
}

// statsMacros are the vector similarity macros. A map is a sparse vector:
// a key missing from one map counts as 0 there, and a NULL value makes the
// result NULL, as in Trino.
var statsMacros = []string{
	`trino_map_norm(p_m) AS CASE WHEN list_count(map_values(p_m)) = len(map_values(p_m))
	THEN sqrt(coalesce(list_sum(list_transform(map_values(p_m), lambda p_v: p_v * p_v)), 0)) END`,
	`trino_cosine_similarity(p_x MAP(VARCHAR, DOUBLE), p_y MAP(VARCHAR, DOUBLE)) AS
	coalesce(list_sum(list_transform(map_keys(p_x), lambda p_k: p_x[p_k] * coalesce(p_y[p_k], 0))), 0)
	/ (trino_map_norm(p_x) * trino_map_norm(p_y)),
	(p_x DOUBLE[], p_y DOUBLE[]) AS list_cosine_similarity(p_x, p_y)`,
	`trino_cosine_distance(p_x MAP(VARCHAR, DOUBLE), p_y MAP(VARCHAR, DOUBLE)) AS 1 - trino_cosine_similarity(p_x, p_y),
	(p_x DOUBLE[], p_y DOUBLE[]) AS 1 - trino_cosine_similarity(p_x, p_y)`,
}
