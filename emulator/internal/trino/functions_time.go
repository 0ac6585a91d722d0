package trino

// This file holds the rewrites of Trino's nanosecond timestamp functions
// and the time zone accessors. The engine's timestamps with time zone are
// instants shown in UTC (see datetime.go), so a value's zone is UTC and its
// precision is DuckDB's microsecond.

func init() {
	for name, h := range map[string]handler{
		"from_unixtime_nanos":          rename("trino_from_unixtime_nanos", 1),
		"from_iso8601_timestamp_nanos": rename("trino_from_iso8601_timestamp", 1),
		"timezone":                     rename("trino_timezone", 1),
	} {
		handlers[name] = h
	}
	macros = append(macros,
		`trino_from_unixtime_nanos(p_n) AS CAST(make_timestamp_ns(CAST(p_n AS BIGINT)) AS TIMESTAMPTZ)`,
		`trino_timezone(p_t) AS CASE WHEN p_t IS NOT NULL THEN 'UTC' END`,
	)
}
