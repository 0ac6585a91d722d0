package trino

// Setup returns the statements that define the macros Rewrite's output
// calls. Run each, in order, on every new DuckDB connection; they are
// idempotent (CREATE OR REPLACE TEMP MACRO).
func Setup() []string {
	all := append(append(macros[:len(macros):len(macros)], typeMacros...), strictMacros...)
	out := make([]string, 0, len(all))
	for _, m := range all {
		out = append(out, "CREATE OR REPLACE TEMP MACRO "+m)
	}
	return out
}

// macros are the bodies of the trino_ macros: name, parameter lists and
// expressions. Parameters get a p_ prefix so that they never capture a
// column of the caller's query.
var macros = []string{
	`trino_regexp_extract(p_s, p_p) AS CASE WHEN regexp_matches(p_s, p_p) THEN regexp_extract(p_s, p_p) END,
	(p_s, p_p, p_g) AS CASE WHEN regexp_matches(p_s, p_p) THEN regexp_extract(p_s, p_p, p_g) END`,
	`trino_regexp_count(p_s, p_p) AS CAST(len(regexp_extract_all(p_s, p_p)) AS BIGINT)`,
	`trino_approx_distinct(p_x) AS count(DISTINCT p_x), (p_x, p_e) AS count(DISTINCT p_x)`,
	`trino_count_if(p_x) AS CAST(count_if(p_x) AS BIGINT)`,
	`trino_cardinality(p_x) AS CAST(CASE json_type(to_json(p_x)) WHEN 'ARRAY' THEN json_array_length(to_json(p_x))
	WHEN 'OBJECT' THEN len(json_keys(to_json(p_x))) END AS BIGINT)`,
	`trino_json_extract_scalar(p_j, p_p) AS CASE WHEN json_type(p_j, p_p) IN ('OBJECT', 'ARRAY') THEN NULL
	ELSE json_extract_string(p_j, p_p) END`,
	`trino_json_format(p_j) AS CAST(p_j AS VARCHAR)`,
	`trino_json_size(p_j, p_p) AS CAST(CASE json_type(p_j, p_p) WHEN 'ARRAY' THEN json_array_length(p_j, p_p)
	WHEN 'OBJECT' THEN len(json_keys(p_j, p_p)) WHEN NULL THEN NULL ELSE 0 END AS BIGINT)`,
	`trino_json_array_get(p_j, p_i) AS json_extract(p_j, CAST(p_i AS BIGINT))`,
	`trino_from_iso8601_timestamp(p_s) AS CAST(p_s AS TIMESTAMPTZ)`,
	`trino_from_iso8601_date(p_s) AS CAST(p_s AS DATE)`,
	`trino_from_unixtime(p_x) AS to_timestamp(p_x), (p_x, p_z) AS to_timestamp(p_x)`,
	`trino_with_timezone(p_t, p_z) AS timezone(p_z, CAST(p_t AS TIMESTAMP))`,
	`trino_at_timezone(p_t, p_z) AS timezone(p_z, CAST(p_t AS TIMESTAMPTZ))`,
	`trino_array_join(p_a, p_s) AS array_to_string(p_a, p_s),
	(p_a, p_s, p_n) AS array_to_string(list_transform(p_a, lambda p_e: coalesce(CAST(p_e AS VARCHAR), p_n)), p_s)`,
	`trino_slice(p_a, p_s, p_l) AS CASE WHEN p_s > 0 THEN list_slice(p_a, p_s, p_s + p_l - 1)
	ELSE list_slice(p_a, len(p_a) + p_s + 1, len(p_a) + p_s + p_l) END`,
	`trino_map_agg(p_k, p_v) AS map_from_entries(list(struct_pack(k := p_k, v := p_v)) FILTER (WHERE p_k IS NOT NULL))`,
	`trino_md5(p_b) AS unhex(md5(p_b))`,
	`trino_sha1(p_b) AS unhex(sha1(p_b))`,
	`trino_sha256(p_b) AS unhex(sha256(p_b))`,
	`trino_millisecond(p_t) AS millisecond(p_t) % 1000`,
	`trino_array_position(p_a, p_x) AS coalesce(list_position(p_a, p_x), 0)`,
	`trino_array_remove(p_a, p_x) AS list_filter(p_a, lambda p_e: p_e IS DISTINCT FROM p_x)`,
	`trino_array_distinct(p_a) AS list_filter(p_a, lambda p_e, p_i: list_position(p_a, p_e) = p_i)`,
	`trino_array_union(p_a, p_b) AS trino_array_distinct(list_concat(p_a, p_b))`,
	`trino_array_except(p_a, p_b) AS list_filter(trino_array_distinct(p_a), lambda p_e: NOT list_contains(p_b, p_e))`,
	`trino_repeat(p_x, p_n) AS list_transform(range(p_n), lambda p_i: p_x)`,
	`trino_any_match(p_t) AS CASE WHEN p_t IS NULL THEN NULL WHEN list_contains(p_t, true) THEN true
	WHEN list_count(p_t) < len(p_t) THEN NULL ELSE false END`,
	`trino_all_match(p_t) AS CASE WHEN p_t IS NULL THEN NULL WHEN list_contains(p_t, false) THEN false
	WHEN list_count(p_t) < len(p_t) THEN NULL ELSE true END`,
	`trino_none_match(p_t) AS CASE WHEN p_t IS NULL THEN NULL WHEN list_contains(p_t, true) THEN false
	WHEN list_count(p_t) < len(p_t) THEN NULL ELSE true END`,
	`trino_url_extract_protocol(p_u) AS CASE WHEN regexp_matches(p_u, '^[A-Za-z][A-Za-z0-9+.-]*:')
	THEN regexp_extract(p_u, '^([A-Za-z][A-Za-z0-9+.-]*):', 1) END`,
	`trino_url_extract_host(p_u) AS CASE WHEN regexp_matches(p_u, '^[A-Za-z][A-Za-z0-9+.-]*://')
	THEN regexp_extract(p_u, '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)', 1) END`,
	`trino_url_extract_port(p_u) AS TRY_CAST(nullif(regexp_extract(p_u,
	'^[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#]*@)?(?:\[[^\]]*\]|[^:/?#]*):([0-9]+)', 1), '') AS BIGINT)`,
	`trino_url_extract_path(p_u) AS CASE WHEN regexp_matches(p_u, '^[A-Za-z][A-Za-z0-9+.-]*://')
	THEN regexp_extract(p_u, '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*([^?#]*)', 1)
	ELSE regexp_extract(p_u, '^(?:[A-Za-z][A-Za-z0-9+.-]*:)?([^?#]*)', 1) END`,
	`trino_url_extract_query(p_u) AS CASE WHEN regexp_matches(p_u, '^[^#]*\?') THEN regexp_extract(p_u, '^[^#?]*\?([^#]*)', 1) END`,
	`trino_url_extract_fragment(p_u) AS CASE WHEN regexp_matches(p_u, '#') THEN regexp_extract(p_u, '#(.*)$', 1) END`,
	`trino_url_extract_parameter(p_u, p_n) AS CASE
	WHEN regexp_matches('&' || trino_url_extract_query(p_u), '&' || regexp_escape(p_n) || '(=|&|$)')
	THEN regexp_extract('&' || trino_url_extract_query(p_u), '&' || regexp_escape(p_n) || '=?([^&]*)', 1) END`,
	`trino_current_timezone() AS 'UTC'`,
	`trino_url_encode(p_s) AS replace(url_encode(p_s), '%20', '+')`,
	`trino_url_decode(p_s) AS url_decode(replace(p_s, '+', ' '))`,
	`trino_timestamptz(p_s) AS CAST(regexp_replace(regexp_replace(p_s, '^(\S+[ T]\d{1,2}:\d{2})(\s|[+-]|$)', '\1:00\2'),
	'\s+([+-]\d)', '\1') AS TIMESTAMPTZ)`,
	`trino_nan() AS CAST('NaN' AS DOUBLE)`,
	`trino_infinity() AS CAST('Infinity' AS DOUBLE)`,
}
