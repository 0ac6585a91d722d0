package trino

// This file holds the rewrites of Trino's sketches: HyperLogLog
// (approx_set), set digests, quantile digests and T-digests, and
// numeric_histogram. Trino's sketches are exact on small inputs, which is
// what tests use, so the emulator keeps the values themselves:
//   - a HyperLogLog or set digest is the list of distinct values as
//     VARCHAR (VARCHAR[] tells merge it from a digest);
//   - a quantile digest is the sorted list of values, a T-digest the sorted
//     list of values as DOUBLE; the value at quantile q is the first whose
//     rank reaches q times the count, as approx_percentile's;
//   - approx_most_frequent counts exactly while the distinct values fit
//     in its capacity, and fails otherwise;
//   - numeric_histogram is exact while the values fit in the buckets and
//     fails otherwise rather than give another answer than Trino's.

func init() {
	for name, h := range map[string]handler{
		"approx_set":               rename("trino_approx_set", 1, 2),
		"empty_approx_set":         constant0("CAST([] AS VARCHAR[])"),
		"merge":                    rename("trino_merge", 1),
		"make_set_digest":          rename("trino_approx_set", 1),
		"merge_set_digest":         rename("trino_merge", 1),
		"intersection_cardinality": rename("trino_intersection_cardinality", 2),
		"jaccard_index":            rename("trino_jaccard_index", 2),
		"qdigest_agg":              rename("trino_qdigest_agg", 1, 2, 3),
		"tdigest_agg":              rename("trino_tdigest_agg", 1, 2),
		"value_at_quantile":        rename("trino_value_at_quantile", 2),
		"values_at_quantiles":      rename("trino_values_at_quantiles", 2),
		"numeric_histogram":        rename("trino_numeric_histogram", 2, 3),
		"approx_most_frequent":     rename("trino_approx_most_frequent", 3),
	} {
		handlers[name] = h
	}
	macros = append(macros, sketchMacros...)
}

var sketchMacros = []string{
	`trino_approx_set(p_x) AS list_sort(list(DISTINCT CAST(p_x AS VARCHAR)) FILTER (WHERE p_x IS NOT NULL)),
	(p_x, p_e) AS list_sort(list(DISTINCT CAST(p_x AS VARCHAR)) FILTER (WHERE p_x IS NOT NULL))`,
	`trino_merge(p_d VARCHAR[]) AS list_sort(list_distinct(flatten(list(p_d)))),
	(p_d) AS list_sort(flatten(list(p_d)))`,
	`trino_intersection_cardinality(p_a, p_b) AS CAST(len(list_intersect(p_a, p_b)) AS BIGINT)`,
	`trino_jaccard_index(p_a, p_b) AS CAST(len(list_intersect(p_a, p_b)) AS DOUBLE) / len(list_distinct(list_concat(p_a, p_b)))`,
	`trino_qdigest_agg(p_x) AS list_sort(list(p_x) FILTER (WHERE p_x IS NOT NULL)),
	(p_x, p_w) AS list_sort(flatten(list(trino_repeat(p_x, p_w)) FILTER (WHERE p_x IS NOT NULL))),
	(p_x, p_w, p_a) AS list_sort(flatten(list(trino_repeat(p_x, p_w)) FILTER (WHERE p_x IS NOT NULL)))`,
	`trino_tdigest_agg(p_x) AS trino_qdigest_agg(CAST(p_x AS DOUBLE)),
	(p_x, p_w) AS trino_qdigest_agg(CAST(p_x AS DOUBLE), p_w)`,
	`trino_value_at_quantile(p_d, p_q) AS p_d[greatest(1, CAST(ceil(p_q * len(p_d)) AS BIGINT))]`,
	`trino_values_at_quantiles(p_d, p_qs) AS list_transform(p_qs, lambda p_q: p_d[greatest(1, CAST(ceil(p_q * len(p_d)) AS BIGINT))])`,
	`trino_weighted_histogram(p_b, p_n, p_l) AS CASE WHEN p_n > p_b
	THEN error('numeric_histogram: more distinct values than buckets; the emulator gives only exact histograms')
	WHEN len(p_l) > 0 THEN map_from_entries(list_transform(list_sort(list_distinct(list_transform(p_l, lambda p_e: p_e.v))),
	lambda p_v: struct_pack(k := p_v, v := list_sum(list_transform(list_filter(p_l, lambda p_e: p_e.v = p_v), lambda p_e: p_e.w))))) END`,
	`trino_numeric_histogram(p_b, p_x) AS trino_weighted_histogram(p_b, count(DISTINCT p_x),
	list(struct_pack(v := CAST(p_x AS DOUBLE), w := 1.0::DOUBLE)) FILTER (WHERE p_x IS NOT NULL)),
	(p_b, p_x, p_w) AS trino_weighted_histogram(p_b, count(DISTINCT p_x),
	list(struct_pack(v := CAST(p_x AS DOUBLE), w := CAST(p_w AS DOUBLE))) FILTER (WHERE p_x IS NOT NULL))`,
	`trino_top_counts(p_h, p_b) AS map_from_entries(list_transform(list_slice(list_sort(list_transform(map_entries(p_h),
	lambda p_e: struct_pack(n := -CAST(p_e.value AS BIGINT), k := p_e.key))), 1, p_b), lambda p_e: struct_pack(k := p_e.k, v := -p_e.n)))`,
	`trino_approx_most_frequent(p_b, p_v, p_c) AS CASE WHEN count(DISTINCT p_v) > p_c
	THEN error('approx_most_frequent: more distinct values than its capacity; the emulator gives only exact answers')
	ELSE trino_top_counts(histogram(p_v), p_b) END`,
}
