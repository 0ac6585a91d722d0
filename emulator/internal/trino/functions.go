package trino

import (
	"strings"
)

// handler rewrites one call. It returns "" to leave the call as written.
type handler func(r *rewriter, c *call) (string, error)

// handlers maps a Trino function name (lower case) to its rewrite. A nil
// handler marks a name that needs special parsing (try, listagg).
var handlers map[string]handler

func init() {
	handlers = map[string]handler{
		"try":     nil,
		"listagg": nil,

		// Aggregates.
		"approx_distinct":   rename("trino_approx_distinct", 1, 2),
		"approx_percentile": rename("quantile_disc", 2),
		"count_if":          rename("trino_count_if", 1),
		"every":             rename("bool_and", 1),
		"map_agg":           rename("trino_map_agg", 2),
		"arbitrary":         rename("any_value", 1),
		"geometric_mean":    rename("geomean", 1),

		// Arrays and maps.
		"cardinality":      cardinality,
		"array_join":       rename("trino_array_join", 2, 3),
		"array_max":        rename("list_max", 1),
		"array_min":        rename("list_min", 1),
		"sequence":         rename("generate_series", 2, 3),
		"slice":            rename("trino_slice", 3),
		"zip":              rename("list_zip", 2, 3, 4, 5),
		"array_position":   rename("trino_array_position", 2),
		"array_remove":     rename("trino_array_remove", 2),
		"array_distinct":   rename("trino_array_distinct", 1),
		"array_union":      rename("trino_array_union", 2),
		"array_except":     rename("trino_array_except", 2),
		"array_intersect":  rename("list_intersect", 2),
		"repeat":           rename("trino_repeat", 2),
		"array_sort":       arraySort,
		"transform":        lambdaRename("list_transform", 1),
		"filter":           lambdaRename("list_filter", 1),
		"any_match":        match3("trino_any_match"),
		"all_match":        match3("trino_all_match"),
		"none_match":       match3("trino_none_match"),
		"reduce":           reduce,
		"map_filter":       mapLambda("filter"),
		"transform_values": mapLambda("values"),
		"transform_keys":   mapLambda("keys"),
		"zip_with":         zipWith,

		// Strings, regular expressions, binary.
		"regexp_like":           rename("regexp_matches", 2),
		"regexp_replace":        regexpReplace,
		"regexp_extract":        rename("trino_regexp_extract", 2, 3),
		"regexp_count":          rename("trino_regexp_count", 2),
		"regexp_split":          rename("string_split_regex", 2),
		"codepoint":             rename("ord", 1),
		"levenshtein_distance":  rename("levenshtein", 2),
		"hamming_distance":      rename("hamming", 2),
		"url_encode":            rename("trino_url_encode", 1),
		"url_decode":            rename("trino_url_decode", 1),
		"normalize":             normalize,
		"to_utf8":               rename("encode", 1),
		"from_utf8":             rename("decode", 1),
		"to_hex":                rename("hex", 1),
		"from_hex":              rename("unhex", 1),
		"to_base64":             rename("base64", 1),
		"md5":                   rename("trino_md5", 1),
		"sha1":                  rename("trino_sha1", 1),
		"sha256":                rename("trino_sha256", 1),
		"format":                rename("printf", -1),
		"url_extract_host":      rename("trino_url_extract_host", 1),
		"url_extract_path":      rename("trino_url_extract_path", 1),
		"url_extract_port":      rename("trino_url_extract_port", 1),
		"url_extract_protocol":  rename("trino_url_extract_protocol", 1),
		"url_extract_query":     rename("trino_url_extract_query", 1),
		"url_extract_fragment":  rename("trino_url_extract_fragment", 1),
		"url_extract_parameter": rename("trino_url_extract_parameter", 2),

		// JSON.
		"json_extract_scalar": rename("trino_json_extract_scalar", 2),
		"json_parse":          rename("json", 1),
		"json_format":         rename("trino_json_format", 1),
		"json_size":           rename("trino_json_size", 2),
		"json_array_get":      rename("trino_json_array_get", 2),

		// Dates and times.
		"date_diff":              dateDiff,
		"date_add":               dateAdd,
		"date_trunc":             dateTrunc,
		"date_format":            formatCall("strftime", mysqlFormat, false),
		"date_parse":             formatCall("strptime", mysqlFormat, true),
		"format_datetime":        formatCall("strftime", jodaFormat, false),
		"parse_datetime":         formatCall("strptime", jodaFormat, true),
		"from_iso8601_timestamp": rename("trino_from_iso8601_timestamp", 1),
		"from_iso8601_date":      rename("trino_from_iso8601_date", 1),
		"from_unixtime":          rename("trino_from_unixtime", 1, 2),
		"to_unixtime":            rename("epoch", 1),
		"with_timezone":          rename("trino_with_timezone", 2),
		"at_timezone":            rename("trino_at_timezone", 2),
		"day_of_week":            rename("isodow", 1),
		"dow":                    rename("isodow", 1),
		"day_of_year":            rename("dayofyear", 1),
		"doy":                    rename("dayofyear", 1),
		"week":                   rename("weekofyear", 1),
		"week_of_year":           rename("weekofyear", 1),
		"year_of_week":           rename("isoyear", 1),
		"yow":                    rename("isoyear", 1),
		"day_of_month":           rename("day", 1),
		"millisecond":            rename("trino_millisecond", 1),
		"last_day_of_month":      rename("last_day", 1),
		"current_timezone":       rename("trino_current_timezone", 0),

		// Numbers and conditionals.
		"truncate":    rename("trunc", 1),
		"is_nan":      rename("isnan", 1),
		"is_finite":   rename("isfinite", 1),
		"is_infinite": rename("isinf", 1),
		"nan":         rename("trino_nan", 0),
		"infinity":    rename("trino_infinity", 0),
		"rand":        rename("random", 0),
		"bitwise_and": infix("&"),
		"bitwise_or":  infix("|"),
		"bitwise_xor": rename("xor", 2),
		"if":          ifCall,
	}
	registerMore(handlers)
	for name, h := range typeHandlers {
		handlers[name] = h
	}
	// Last: the strict wrappers wrap the handlers above too.
	addStrictHandlers(handlers)
}

// rename calls target with the same arguments when the call has one of the
// arities (-1: any); other arities stay as written.
func rename(target string, arities ...int) handler {
	return func(r *rewriter, c *call) (string, error) {
		for _, n := range arities {
			if n == -1 || n == len(c.args) {
				return target + "(" + c.joined() + ")", nil
			}
		}
		return "", nil
	}
}

// lambdaRename renames a function whose argument at index li is a lambda.
func lambdaRename(target string, li int) handler {
	return func(r *rewriter, c *call) (string, error) {
		if len(c.args) != li+1 || c.args[li].lambda == nil {
			return "", nil
		}
		return target + "(" + c.joined() + ")", nil
	}
}

func match3(target string) handler {
	return func(r *rewriter, c *call) (string, error) {
		if len(c.args) != 2 || c.args[1].lambda == nil {
			return "", nil
		}
		return target + "(list_transform(" + c.joined() + "))", nil
	}
}

func infix(op string) handler {
	return func(r *rewriter, c *call) (string, error) {
		if len(c.args) != 2 {
			return "", nil
		}
		return "(" + c.args[0].s() + " " + op + " " + c.args[1].s() + ")", nil
	}
}

func ifCall(r *rewriter, c *call) (string, error) {
	if len(c.args) != 2 {
		return "", nil
	}
	return "if(" + c.joined() + ", NULL)", nil
}

func cardinality(r *rewriter, c *call) (string, error) {
	if len(c.args) != 1 {
		return "", nil
	}
	a := c.args[0].s()
	up := strings.ToUpper(a)
	switch {
	case strings.HasPrefix(up, "ARRAY[") || strings.HasPrefix(up, "["):
		return "CAST(len(" + a + ") AS BIGINT)", nil
	case strings.HasPrefix(up, "MAP("):
		return "CAST(cardinality(" + a + ") AS BIGINT)", nil
	}
	return "trino_cardinality(" + a + ")", nil
}

func arraySort(r *rewriter, c *call) (string, error) {
	if len(c.args) == 2 && c.args[1].lambda != nil {
		return "", unsupported("array_sort with a comparator lambda")
	}
	if len(c.args) != 1 {
		return "", nil
	}
	return "list_sort(" + c.args[0].s() + ", 'ASC', 'NULLS LAST')", nil
}

// reduce(a, init, (s, x) -> f, s -> g) is list_reduce with an initial
// value, then the output function applied through a one-element list.
func reduce(r *rewriter, c *call) (string, error) {
	if len(c.args) != 4 || c.args[2].lambda == nil || c.args[3].lambda == nil ||
		len(c.args[2].lambda.params) != 2 || len(c.args[3].lambda.params) != 1 {
		return "", unsupported("reduce without (state, element) and output lambdas")
	}
	red := "list_reduce(" + c.args[0].s() + ", " + c.args[2].s() + ", " + c.args[1].s() + ")"
	out := c.args[3].lambda
	if len(out.body) == 1 && strings.EqualFold(out.body[0].Text, out.params[0]) {
		return red, nil
	}
	return "list_transform([" + red + "], " + c.args[3].s() + ")[1]", nil
}

// mapLambda rewrites map_filter, transform_values and transform_keys
// through map_entries, substituting the (k, v) parameters.
func mapLambda(kind string) handler {
	return func(r *rewriter, c *call) (string, error) {
		if len(c.args) != 2 || c.args[1].lambda == nil || len(c.args[1].lambda.params) != 2 {
			return "", unsupported("%s without a (key, value) lambda", c.name)
		}
		body, err := r.substitute(c.args[1].lambda, "trino_e.key", "trino_e.value")
		if err != nil {
			return "", err
		}
		m := c.args[0].s()
		switch kind {
		case "filter":
			return "map_from_entries(list_filter(map_entries(" + m + "), lambda trino_e: " + body + "))", nil
		case "values":
			return "map_from_entries(list_transform(map_entries(" + m + "), lambda trino_e: struct_pack(key := trino_e.key, value := " +
				body + ")))", nil
		}
		return "map_from_entries(list_transform(map_entries(" + m + "), lambda trino_e: struct_pack(key := " + body +
			", value := trino_e.value)))", nil
	}
}

func zipWith(r *rewriter, c *call) (string, error) {
	if len(c.args) != 3 || c.args[2].lambda == nil || len(c.args[2].lambda.params) != 2 {
		return "", unsupported("zip_with without a two-parameter lambda")
	}
	body, err := r.substitute(c.args[2].lambda, "trino_z[1]", "trino_z[2]")
	if err != nil {
		return "", err
	}
	return "list_transform(list_zip(" + c.args[0].s() + ", " + c.args[1].s() + "), lambda trino_z: " + body + ")", nil
}

// regexpReplace replaces every match, as Trino does, and turns Java's $n
// group references into RE2's \n.
func regexpReplace(r *rewriter, c *call) (string, error) {
	switch len(c.args) {
	case 2:
		return "regexp_replace(" + c.joined() + ", '', 'g')", nil
	case 3:
		if c.args[2].lambda != nil {
			return "", unsupported("regexp_replace with a lambda")
		}
		repl := c.args[2].s()
		if v, ok := c.args[2].constant(); ok {
			repl = sqlString(javaReplacement(v))
			r.consume(c.args[2])
		} else {
			repl = `regexp_replace(replace(` + repl + `, '\', '\\'), '\$(\d)', '\\\1', 'g')`
		}
		return "regexp_replace(" + c.args[0].s() + ", " + c.args[1].s() + ", " + repl + ", 'g')", nil
	}
	return "", nil
}

// javaReplacement converts a java.util.regex replacement ($1, \$) into
// RE2's (\1, $).
func javaReplacement(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && i+1 < len(s):
			i++
			if s[i] == '\\' {
				b.WriteString(`\\`)
			} else {
				b.WriteByte(s[i])
			}
		case c == '\\':
			b.WriteString(`\\`)
		case c == '$' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			b.WriteByte('\\')
			b.WriteByte(s[i+1])
			i++
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func sqlString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

func normalize(r *rewriter, c *call) (string, error) {
	switch len(c.args) {
	case 1:
		return "nfc_normalize(" + c.args[0].s() + ")", nil
	case 2:
		if strings.EqualFold(c.args[1].s(), "NFC") {
			return "nfc_normalize(" + c.args[0].s() + ")", nil
		}
		return "", unsupported("normalize with form %s", c.args[1].s())
	}
	return "", nil
}

// units are Trino's date_add and date_diff units as DuckDB interval units.
var units = map[string]string{
	"millisecond": "MILLISECOND", "second": "SECOND", "minute": "MINUTE", "hour": "HOUR", "day": "DAY",
	"week": "WEEK", "month": "MONTH", "quarter": "QUARTER", "year": "YEAR",
}

// dateDiff counts whole units, as Trino does; DuckDB's date_diff counts
// boundaries, its date_sub whole units.
func dateDiff(r *rewriter, c *call) (string, error) {
	if len(c.args) != 3 {
		return "", nil
	}
	return "date_sub(" + c.joined() + ")", nil
}

// dateAdd rewrites Trino's date_add(unit, n, x); DuckDB's own
// date_add(x, interval) stays. A date stays a date.
func dateAdd(r *rewriter, c *call) (string, error) {
	if len(c.args) != 3 {
		return "", nil
	}
	u, ok := c.args[0].constant()
	if !ok {
		return "", unsupported("date_add with a non-constant unit")
	}
	unit, ok := units[strings.ToLower(u)]
	if !ok {
		return "", unsupported("date_add unit '%s'", u)
	}
	x := c.args[2].s()
	sum := "(" + x + " + INTERVAL (" + c.args[1].s() + ") " + unit + ")"
	if isDate(x) {
		return "CAST(" + sum + " AS DATE)", nil
	}
	return sum, nil
}

// isDate reports whether an expression's text shows that it is a DATE.
func isDate(x string) bool {
	up := strings.ToUpper(strings.Join(strings.Fields(x), " "))
	switch {
	case strings.HasPrefix(up, "DATE '"), up == "CURRENT_DATE", strings.HasPrefix(up, "DATE("),
		strings.HasPrefix(up, "TRINO_FROM_ISO8601_DATE("), strings.HasPrefix(up, "LAST_DAY("),
		strings.HasPrefix(up, "CAST(") && strings.HasSuffix(up, " AS DATE)"),
		strings.HasPrefix(up, "TRY_CAST(") && strings.HasSuffix(up, " AS DATE)"):
		return true
	}
	return false
}

// formatCall rewrites a call whose second argument is a date pattern,
// translated at rewrite time; DuckDB needs constant formats.
func formatCall(target string, translate func(string, bool) (string, error), parse bool) handler {
	return func(r *rewriter, c *call) (string, error) {
		if len(c.args) != 2 {
			return "", nil
		}
		f, ok := c.args[1].constant()
		if !ok {
			return "", unsupported("%s with a non-constant format", c.name)
		}
		duck, err := translate(f, parse)
		if err != nil {
			return "", err
		}
		r.consume(c.args[1])
		out := target + "(" + c.args[0].s() + ", " + sqlString(duck) + ")"
		if c.name == "parse_datetime" {
			out = "CAST(" + out + " AS TIMESTAMP WITH TIME ZONE)"
		}
		return out, nil
	}
}

// dateTrunc keeps a date a date, as Trino does; DuckDB returns a timestamp.
func dateTrunc(r *rewriter, c *call) (string, error) {
	if len(c.args) != 2 || !isDate(c.args[1].s()) {
		return "", nil
	}
	return "CAST(date_trunc(" + c.joined() + ") AS DATE)", nil
}
