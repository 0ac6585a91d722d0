package trino

import (
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/athenaq/athenaq/internal/sqltext"
)

// This file holds the rewrites of the less common Trino functions and
// forms: those DuckDB lacks (combinations, soundex, width_bucket, ...) and
// the overloads of shared names that DuckDB reads differently (split with a
// limit, strpos with an instance, array_sort with a comparator).

// registerMore adds this file's handlers to h. A handler for a name that h
// already holds wraps it: the new form is tried first, then the old one.
func registerMore(h map[string]handler) {
	add := map[string]handler{
		"multimap_agg":                   rename("trino_multimap_agg", 2),
		"combinations":                   combinations,
		"ngrams":                         rename("trino_ngrams", 2),
		"contains_sequence":              rename("trino_contains_sequence", 2),
		"split_to_map":                   rename("trino_split_to_map", 3),
		"split_to_multimap":              rename("trino_split_to_multimap", 3),
		"e":                              constant0("exp(1)"),
		"from_base":                      rename("trino_from_base", 2),
		"to_base":                        rename("trino_to_base", 2),
		"from_utf8":                      rename("trino_from_utf8", 1, 2),
		"is_json_scalar":                 rename("trino_is_json_scalar", 1),
		"json_array_contains":            rename("trino_json_array_contains", 2),
		"luhn_check":                     rename("trino_luhn_check", 1),
		"regexp_position":                rename("trino_regexp_position", 2, 3, 4),
		"soundex":                        rename("trino_soundex", 1),
		"to_iso8601":                     rename("trino_to_iso8601", 1),
		"width_bucket":                   rename("trino_width_bucket", 2, 4),
		"bitwise_not":                    prefixOp("~"),
		"bit_count":                      rename("trino_bit_count", 2),
		"to_milliseconds":                rename("trino_to_milliseconds", 1),
		"parse_duration":                 rename("trino_parse_duration", 1),
		"trim_array":                     rename("trino_trim_array", 2),
		"array_first":                    rename("trino_array_first", 1),
		"array_last":                     rename("trino_array_last", 1),
		"array_histogram":                rename("trino_array_histogram", 1),
		"reverse":                        reverse,
		"length":                         length,
		"json_extract":                   jsonPath("json_extract"),
		"cbrt":                           rename("trino_cbrt", 1),
		"bitwise_and_agg":                rename("bit_and", 1),
		"bitwise_or_agg":                 rename("bit_or", 1),
		"bitwise_left_shift":             infix("<<"),
		"bitwise_right_shift":            rename("trino_bitwise_right_shift", 2),
		"bitwise_right_shift_arithmetic": infix(">>"),
		"to_base64url":                   rename("trino_to_base64url", 1),
		"from_base64url":                 rename("trino_from_base64url", 1),
		"to_big_endian_32":               rename("trino_to_big_endian_32", 1),
		"to_big_endian_64":               rename("trino_to_big_endian_64", 1),
		"from_big_endian_32":             rename("trino_from_big_endian_32", 1),
		"from_big_endian_64":             rename("trino_from_big_endian_64", 1),
		"map_zip_with":                   mapZipWith,
		"multimap_from_entries":          rename("trino_multimap_from_entries", 1),
		"shuffle":                        rename("trino_shuffle", 1),
		"random":                         random,
		"rand":                           random,
		"human_readable_seconds":         rename("trino_human_readable_seconds", 1),
		"format_number":                  rename("trino_format_number", 1),
		"parse_data_size":                rename("trino_parse_data_size", 1),
		"wilson_interval_lower":          rename("trino_wilson_interval_lower", 3),
		"wilson_interval_upper":          rename("trino_wilson_interval_upper", 3),
		"map_union":                      rename("trino_map_union", 1),
		"reduce_agg":                     reduceAgg,
		"index":                          rename("strpos", 2),
		"to_char":                        teradataFormat("strftime", ""),
		"to_date":                        teradataFormat("strptime", "DATE"),
		"to_timestamp":                   teradataFormat("strptime", "TIMESTAMP"),
	}
	wrap := map[string]func(handler) handler{
		"split":               arity(3, rename("trino_split", 3)),
		"strpos":              arity(3, rename("trino_strpos", 3)),
		"replace":             arity(2, replace2),
		"array_sort":          arraySortLambda,
		"regexp_replace":      regexpReplaceLambda,
		"sequence":            sequence,
		"normalize":           normalizeForms,
		"json_extract_scalar": func(old handler) handler { return jsonPathThen(old) },
	}
	for name, fn := range add {
		h[name] = fn
	}
	for name, w := range wrap {
		h[name] = w(h[name])
	}
}

func init() {
	replaceMacro("trino_from_iso8601_date(", fromISO8601Date)
	macros = append(macros, moreMacros()...)
}

// replaceMacro swaps the macro whose text starts with prefix for body.
func replaceMacro(prefix, body string) {
	for i, m := range macros {
		if strings.HasPrefix(m, prefix) {
			macros[i] = body
			return
		}
	}
	macros = append(macros, body)
}

// arity returns a wrapper that uses h for calls with n arguments and the
// wrapped handler for the others.
func arity(n int, h handler) func(handler) handler {
	return func(old handler) handler {
		return func(r *rewriter, c *call) (string, error) {
			if len(c.args) == n {
				return h(r, c)
			}
			if old == nil {
				return "", nil
			}
			return old(r, c)
		}
	}
}

func constant0(text string) handler {
	return func(r *rewriter, c *call) (string, error) {
		if len(c.args) != 0 {
			return "", nil
		}
		return text, nil
	}
}

func prefixOp(op string) handler {
	return func(r *rewriter, c *call) (string, error) {
		if len(c.args) != 1 {
			return "", nil
		}
		return "(" + op + "(" + c.args[0].s() + "))", nil
	}
}

func replace2(r *rewriter, c *call) (string, error) {
	return "replace(" + c.joined() + ", '')", nil
}

// random adds Trino's random(n) and random(m, n), integers in [0, n) and
// [m, n).
func random(r *rewriter, c *call) (string, error) {
	switch len(c.args) {
	case 0:
		return "random()", nil
	case 1:
		return "CAST(floor(random() * (" + c.args[0].s() + ")) AS BIGINT)", nil
	case 2:
		return "CAST((" + c.args[0].s() + ") + floor(random() * ((" + c.args[1].s() + ") - (" + c.args[0].s() + "))) AS BIGINT)", nil
	}
	return "", nil
}

// mapZipWith applies (k, v1, v2) -> f to the union of two maps' keys.
func mapZipWith(r *rewriter, c *call) (string, error) {
	if len(c.args) != 3 || c.args[2].lambda == nil || len(c.args[2].lambda.params) != 3 {
		return "", unsupported("map_zip_with without a (key, value1, value2) lambda")
	}
	m1, m2 := c.args[0].s(), c.args[1].s()
	body, err := r.substitute(c.args[2].lambda, "trino_k", "trino_m[1][trino_k]", "trino_m[2][trino_k]")
	if err != nil {
		return "", err
	}
	return "list_transform([[" + m1 + ", " + m2 + "]], lambda trino_m: map_from_entries(list_transform(" +
		"trino_array_distinct(list_concat(map_keys(trino_m[1]), map_keys(trino_m[2]))), " +
		"lambda trino_k: struct_pack(key := trino_k, value := " + body + "))))[1]", nil
}

// reduceAgg rewrites reduce_agg(x, init, (s, x) -> f, (s, t) -> g) as a
// reduction of the group's list; a single pass needs no combiner.
func reduceAgg(r *rewriter, c *call) (string, error) {
	if len(c.args) != 4 || c.args[2].lambda == nil || len(c.args[2].lambda.params) != 2 {
		return "", unsupported("reduce_agg without an (state, value) input lambda")
	}
	return "list_reduce(list(" + c.args[0].s() + "), " + c.args[2].s() + ", " + c.args[1].s() + ")", nil
}

// teradataFormat rewrites to_char, to_date and to_timestamp, whose
// patterns (yyyy-mm-dd hh24:mi:ss) are translated here.
func teradataFormat(target, cast string) handler {
	return func(r *rewriter, c *call) (string, error) {
		if len(c.args) != 2 {
			return "", nil
		}
		f, ok := c.args[1].constant()
		if !ok {
			return "", unsupported("%s with a non-constant format", c.name)
		}
		duck, err := teradataPattern(f)
		if err != nil {
			return "", err
		}
		r.consume(c.args[1])
		out := target + "(" + c.args[0].s() + ", " + sqlString(duck) + ")"
		if cast != "" {
			out = "CAST(" + out + " AS " + cast + ")"
		}
		return out, nil
	}
}

// teradataFields are the Teradata pattern fields, longest first.
var teradataFields = []struct{ field, duck string }{
	{"yyyy", "%Y"}, {"hh24", "%H"}, {"hh12", "%I"}, {"yy", "%y"}, {"mm", "%m"}, {"dd", "%d"}, {"hh", "%I"},
	{"mi", "%M"}, {"ss", "%S"},
}

func teradataPattern(f string) (string, error) {
	var b strings.Builder
	lower := strings.ToLower(f)
next:
	for i := 0; i < len(f); {
		for _, t := range teradataFields {
			if strings.HasPrefix(lower[i:], t.field) {
				b.WriteString(t.duck)
				i += len(t.field)
				continue next
			}
		}
		switch c := f[i]; {
		case c == '%':
			b.WriteString("%%")
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			return "", unsupported("Teradata format field at %q", f[i:])
		default:
			b.WriteByte(c)
		}
		i++
	}
	return b.String(), nil
}

// combinations supports the sizes Trino allows (at most 5) when the size
// is a literal: DuckDB has no combination primitive, so each size is a
// macro of nested index ranges.
func combinations(r *rewriter, c *call) (string, error) {
	if len(c.args) != 2 {
		return "", nil
	}
	n, err := strconv.Atoi(c.args[1].s())
	if err != nil || n < 1 || n > 5 {
		return "", unsupported("combinations with a size other than a literal from 1 to 5")
	}
	return "trino_combinations" + strconv.Itoa(n) + "(" + c.args[0].s() + ")", nil
}

// combinationsMacro builds trino_combinationsN: for each increasing tuple
// of indexes i1 < ... < iN, the list of those elements.
func combinationsMacro(n int) string {
	elems := make([]string, n)
	for k := range elems {
		elems[k] = "p_a[p_i" + strconv.Itoa(k+1) + "]"
	}
	expr := "[" + strings.Join(elems, ", ") + "]"
	for k := n; k >= 1; k-- {
		start := "1"
		if k > 1 {
			start = "p_i" + strconv.Itoa(k-1) + " + 1"
		}
		expr = "list_transform(range(" + start + ", len(p_a) + 1), lambda p_i" + strconv.Itoa(k) + ": " + expr + ")"
		if k < n {
			expr = "flatten(" + expr + ")"
		}
	}
	return "trino_combinations" + strconv.Itoa(n) + "(p_a) AS " + expr
}

// arrayPrefixes are the starts (upper case) of rewritten expressions that
// are arrays, for the names Trino overloads on strings and arrays.
var arrayPrefixes = []string{
	"ARRAY[", "[", "LIST_", "LIST(", "ARRAY_AGG(", "GENERATE_SERIES(", "STRING_SPLIT", "SPLIT(",
	"TRINO_SEQUENCE(", "TRINO_DATE_SEQUENCE(", "TRINO_ARRAY_", "TRINO_SLICE(", "TRINO_REPEAT(", "TRINO_SPLIT(",
	"REGEXP_EXTRACT_ALL(", "MAP_KEYS(", "MAP_VALUES(", "FLATTEN(", "TRINO_NGRAMS(", "TRINO_TRIM_ARRAY(",
}

func hasPrefix(s string, prefixes []string) bool {
	up := strings.ToUpper(strings.TrimSpace(s))
	for _, p := range prefixes {
		if strings.HasPrefix(up, p) {
			return true
		}
	}
	return false
}

// reverse reverses an array when the argument is visibly one; DuckDB's
// reverse takes strings only.
func reverse(r *rewriter, c *call) (string, error) {
	if len(c.args) != 1 || !hasPrefix(c.args[0].s(), arrayPrefixes) {
		return "", nil
	}
	return "list_reverse(" + c.args[0].s() + ")", nil
}

// binaryPrefixes are the starts of rewritten expressions that are
// varbinary.
var binaryPrefixes = []string{
	"UNHEX(", "ENCODE(", "FROM_BASE64(", "TRINO_MD5(", "TRINO_SHA1(", "TRINO_SHA256(", "X'",
}

// length counts bytes for a varbinary argument, as Trino does.
func length(r *rewriter, c *call) (string, error) {
	if len(c.args) != 1 {
		return "", nil
	}
	a := c.args[0].s()
	up := strings.ToUpper(strings.Join(strings.Fields(a), " "))
	if hasPrefix(a, binaryPrefixes) || strings.HasPrefix(up, "CAST(") &&
		(strings.HasSuffix(up, " AS VARBINARY)") || strings.HasSuffix(up, " AS BLOB)")) {
		return "CAST(octet_length(" + a + ") AS BIGINT)", nil
	}
	return "", nil
}

// mapPrefixes are the starts of rewritten expressions that are maps, for
// UNNEST, which expands a map into key and value columns.
var mapPrefixes = []string{
	"MAP(", "MAP_FROM_ENTRIES(", "MAP_CONCAT(", "TRINO_MAP_AGG(", "TRINO_MULTIMAP_AGG(", "TRINO_SPLIT_TO_MAP(",
	"TRINO_SPLIT_TO_MULTIMAP(", "HISTOGRAM(", "TRINO_ARRAY_HISTOGRAM(",
}

// unnestArg returns the text UNNEST expands for one argument that names
// more than one column: a map's entries, or an array of rows as it is.
func unnestArg(text string) string {
	if hasPrefix(text, mapPrefixes) {
		return "map_entries(" + text + ")"
	}
	return text
}

// arraySortLambda adds array_sort(a, (x, y) -> cmp): each element's rank
// is the number of elements it sorts after (ties keep their order), and
// the elements are placed by rank.
func arraySortLambda(old handler) handler {
	return func(r *rewriter, c *call) (string, error) {
		if len(c.args) != 2 || c.args[1].lambda == nil {
			return old(r, c)
		}
		l := c.args[1].lambda
		if len(l.params) != 2 {
			return "", unsupported("array_sort with a comparator of %d parameters", len(l.params))
		}
		cmp, err := r.substitute(l, "trino_x", "trino_y")
		if err != nil {
			return "", err
		}
		a := c.args[0].s()
		rank := "len(list_filter(list_transform(trino_a, lambda trino_y, trino_j: (" + cmp + ") > 0 OR (" + cmp +
			") = 0 AND trino_j < trino_i), lambda trino_b: trino_b))"
		return "list_transform([" + a + "], lambda trino_a: list_transform(list_sort(list_transform(trino_a, " +
			"lambda trino_x, trino_i: struct_pack(r := " + rank + ", i := trino_i, v := trino_x))), lambda trino_s: trino_s.v))[1]", nil
	}
}

// regexpReplaceLambda adds regexp_replace(s, pattern, g -> f): the text
// between matches is kept and each match becomes f of its capturing
// groups. The pattern must be a literal, as DuckDB extracts groups by a
// constant index.
func regexpReplaceLambda(old handler) handler {
	return func(r *rewriter, c *call) (string, error) {
		if len(c.args) != 3 || c.args[2].lambda == nil {
			return old(r, c)
		}
		l := c.args[2].lambda
		p, ok := c.args[1].constant()
		if !ok || len(l.params) != 1 {
			return "", unsupported("regexp_replace with a lambda and a non-literal pattern")
		}
		pat := c.args[1].s()
		groups := make([]string, countGroups(p))
		for k := range groups {
			groups[k] = "nullif(regexp_extract(trino_m, " + pat + ", " + strconv.Itoa(k+1) + "), '')"
		}
		body, err := r.substitute(l, "["+strings.Join(groups, ", ")+"]")
		if err != nil {
			return "", err
		}
		s := c.args[0].s()
		return "list_transform([" + s + "], lambda trino_s: string_split_regex(trino_s, " + pat + ")[1] || " +
			"array_to_string(list_transform(regexp_extract_all(trino_s, " + pat + "), lambda trino_m, trino_k: " +
			"coalesce(" + body + ", '') || string_split_regex(trino_s, " + pat + ")[trino_k + 1]), ''))[1]", nil
	}
}

// countGroups counts the capturing groups of a regular expression.
func countGroups(p string) int {
	n := 0
	inClass := false
	for i := 0; i < len(p); i++ {
		switch {
		case p[i] == '\\':
			i++
		case inClass:
			if p[i] == ']' {
				inClass = false
			}
		case p[i] == '[':
			inClass = true
		case p[i] == '(':
			if i+1 < len(p) && p[i+1] == '?' {
				if strings.HasPrefix(p[i+1:], "?P<") || strings.HasPrefix(p[i+1:], "?<") &&
					!strings.HasPrefix(p[i+1:], "?<=") && !strings.HasPrefix(p[i+1:], "?<!") {
					n++
				}
				continue
			}
			n++
		}
	}
	return n
}

// sequence counts down when start > stop, as Trino does, and keeps a
// sequence of dates a sequence of dates.
func sequence(old handler) handler {
	return func(r *rewriter, c *call) (string, error) {
		if len(c.args) != 2 && len(c.args) != 3 {
			return "", nil
		}
		if isDate(c.args[0].s()) || isDate(c.args[1].s()) {
			return "trino_date_sequence(" + c.joined() + ")", nil
		}
		if len(c.args) == 2 {
			return "trino_sequence(" + c.joined() + ")", nil
		}
		return old(r, c)
	}
}

// normalizeForms adds the NFD, NFKC and NFKD forms for a literal string,
// normalised here: DuckDB has only NFC.
func normalizeForms(old handler) handler {
	return func(r *rewriter, c *call) (string, error) {
		if len(c.args) != 2 {
			return old(r, c)
		}
		var f norm.Form
		switch strings.ToUpper(c.args[1].s()) {
		case "NFC":
			return old(r, c)
		case "NFD":
			f = norm.NFD
		case "NFKC":
			f = norm.NFKC
		case "NFKD":
			f = norm.NFKD
		default:
			return "", unsupported("normalize with form %s", c.args[1].s())
		}
		a := c.args[0]
		if len(a.toks) != 1 || a.toks[0].Kind != sqltext.String {
			return "", unsupported("normalize with form %s of a non-literal string", c.args[1].s())
		}
		v, ok := stringValue(a.toks[0].Token)
		if !ok {
			return "", unsupported("normalize of a %s literal", a.toks[0].Text)
		}
		r.consume(a)
		return sqlString(f.String(v)), nil
	}
}

// stringValue returns the value of a plain or U&'...' string literal.
func stringValue(t sqltext.Token) (string, bool) {
	switch {
	case strings.HasPrefix(t.Text, "'"):
		return t.Value(), true
	case len(t.Text) > 2 && strings.EqualFold(t.Text[:2], "U&"):
		return decodeUnicode(t.Text[2:])
	}
	return "", false
}

// decodeUnicode decodes the quoted part of a U&'...' literal: \XXXX and
// \+XXXXXX are code points, \\ is a backslash.
func decodeUnicode(quoted string) (string, bool) {
	if len(quoted) < 2 || quoted[0] != '\'' || quoted[len(quoted)-1] != '\'' {
		return "", false
	}
	s := strings.ReplaceAll(quoted[1:len(quoted)-1], "''", "'")
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			b.WriteByte(s[i])
			continue
		}
		n := 4
		if i+1 < len(s) && s[i+1] == '\\' {
			b.WriteByte('\\')
			i++
			continue
		}
		if i+1 < len(s) && s[i+1] == '+' {
			n = 6
			i++
		}
		if i+1+n > len(s) {
			return "", false
		}
		cp, err := strconv.ParseUint(s[i+1:i+1+n], 16, 32)
		if err != nil || cp > 0x10FFFF || cp >= 0xD800 && cp <= 0xDFFF {
			return "", false
		}
		b.WriteRune(rune(cp))
		i += n
	}
	return b.String(), true
}

// unicodeLiteral rewrites a U&'...' literal into a plain one.
func (r *rewriter) unicodeLiteral(t tok) (piece, bool) {
	if t.Kind != sqltext.String || len(t.Text) < 3 || !strings.EqualFold(t.Text[:2], "U&") {
		return piece{}, false
	}
	v, ok := decodeUnicode(t.Text[2:])
	if !ok {
		return piece{}, false
	}
	r.changed = true
	r.consumed[t.Pos] = true
	pre := t.pre
	if pre == "" {
		// A string right after another would lex as one literal.
		pre = " "
	}
	return piece{pre: pre, text: sqlString(v), operand: true}, true
}

// jsonPath rewrites a call whose second argument is a JSON path, turning
// Trino's bracketed member names ($["a"]) into DuckDB's ($."a").
func jsonPath(target string) handler {
	return jsonPathThen(func(r *rewriter, c *call) (string, error) {
		return target + "(" + c.joined() + ")", nil
	})
}

func jsonPathThen(next handler) handler {
	return func(r *rewriter, c *call) (string, error) {
		if len(c.args) != 2 {
			return next(r, c)
		}
		p, ok := c.args[1].constant()
		if !ok || !strings.Contains(p, "[\"") {
			return next(r, c)
		}
		d := *c
		d.args = append([]arg(nil), c.args...)
		d.args[1].text = sqlString(bracketPath(p))
		r.consume(c.args[1])
		out, err := next(r, &d)
		if out == "" && err == nil {
			out = c.name + "(" + d.joined() + ")"
		}
		return out, err
	}
}

// bracketPath turns ["name"] members of a JSON path into ."name".
func bracketPath(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		if p[i] == '[' && i+1 < len(p) && p[i+1] == '"' {
			end := strings.Index(p[i+2:], "\"]")
			if end >= 0 {
				b.WriteString(".\"" + p[i+2:i+2+end] + "\"")
				i += end + 3
				continue
			}
		}
		b.WriteByte(p[i])
	}
	return b.String()
}

// scalarLiteral matches the text of a number or string literal.
var scalarLiteral = regexp.MustCompile(`^(?:[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|'(?:[^']|'')*')$`)

// arrayConcat turns ARRAY[..] || x and x || ARRAY[..], where x is a literal
// element, into a concatenation of two arrays: DuckDB's || joins lists
// only with lists.
func (r *rewriter) arrayConcat(ps []piece) []piece {
	for k := 1; k+1 < len(ps); k++ {
		if ps[k].operand || strings.TrimSpace(ps[k].text) != "||" || !ps[k-1].operand || !ps[k+1].operand {
			continue
		}
		l, rt := strings.TrimSpace(ps[k-1].text), strings.TrimSpace(ps[k+1].text)
		switch {
		case arrayLiteral(l) && scalarLiteral.MatchString(rt):
			ps[k+1].text = "[" + rt + "]"
		case arrayLiteral(rt) && scalarLiteral.MatchString(l):
			ps[k-1].text = "[" + l + "]"
		default:
			continue
		}
		r.changed = true
	}
	return ps
}

// arrayLiteral reports whether s is one ARRAY[...] or [...] constructor,
// not followed by a subscript.
func arrayLiteral(s string) bool {
	open := 0
	if len(s) >= 6 && strings.EqualFold(s[:6], "ARRAY[") {
		open = 5
	} else if !strings.HasPrefix(s, "[") {
		return false
	}
	toks, err := sqltext.Tokenize(s[open:])
	if err != nil {
		return false
	}
	depth := 0
	for k, t := range toks {
		switch {
		case t.IsOp("[") || t.IsOp("(") || t.IsOp("{"):
			depth++
		case t.IsOp("]") || t.IsOp(")") || t.IsOp("}"):
			depth--
			if depth == 0 {
				return k == len(toks)-1
			}
		}
	}
	return false
}

// nullWindow lists the window functions that take IGNORE NULLS or RESPECT
// NULLS after their arguments; DuckDB wants it inside the parentheses.
var nullWindow = map[string]bool{"first_value": true, "last_value": true, "nth_value": true, "lag": true, "lead": true}

// nullTreatment rewrites f(x) IGNORE NULLS into f(x IGNORE NULLS). ok is
// false when the call has no null treatment.
func (r *rewriter) nullTreatment(ts []tok, i, j, depth int, inTry bool) (piece, int, bool, error) {
	name := strings.ToLower(ts[i].Text)
	k := j + 1
	if !nullWindow[name] || k+1 >= len(ts) || !(ts[k].IsWord("IGNORE") || ts[k].IsWord("RESPECT")) || !ts[k+1].IsWord("NULLS") {
		return piece{}, 0, false, nil
	}
	inner, err := r.seq(ts[i+2:j], depth+1, inTry)
	if err != nil {
		return piece{}, 0, false, err
	}
	r.changed = true
	text := ts[i].Text + "(" + strings.TrimSpace(inner) + " " + strings.ToUpper(ts[k].Text) + " NULLS)"
	return piece{pre: ts[i].pre, text: text, operand: true}, k + 2, true, nil
}

// withTies rewrites ORDER BY keys FETCH FIRST n ROWS WITH TIES, which
// DuckDB lacks, into QUALIFY rank() OVER (ORDER BY keys) <= n ORDER BY
// keys. It returns ts unchanged when the run has no such clause.
func (r *rewriter) withTies(ts []tok) []tok {
	depth, order, fetch := 0, -1, -1
	for k, t := range ts {
		switch {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			depth++
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			depth--
		case depth == 0 && t.IsWord("ORDER") && k+1 < len(ts) && ts[k+1].IsWord("BY"):
			order = k
		case depth == 0 && t.IsWord("FETCH") && order >= 0:
			fetch = k
		}
		if fetch >= 0 {
			break
		}
	}
	if fetch < 0 || fetch+3 >= len(ts) || !(ts[fetch+1].IsWord("FIRST") || ts[fetch+1].IsWord("NEXT")) {
		return ts
	}
	k := fetch + 2
	n := "1"
	if ts[k].Kind == sqltext.Number || ts[k].Kind == sqltext.Param {
		n = ts[k].Text
		k++
	}
	if k+2 >= len(ts) || !(ts[k].IsWord("ROW") || ts[k].IsWord("ROWS")) || !ts[k+1].IsWord("WITH") || !ts[k+2].IsWord("TIES") {
		return ts
	}
	keys := strings.TrimSpace(raw(ts[order+2 : fetch]))
	extra, err := sqltext.Tokenize(" QUALIFY rank() OVER (ORDER BY " + keys + ") <= " + n + " ")
	if err != nil {
		return ts
	}
	out := append([]tok(nil), ts[:order]...)
	pre := ""
	for _, t := range extra {
		if t.IsTrivia() {
			pre += trivia(t)
			continue
		}
		out = append(out, tok{Token: t, pre: pre})
		pre = ""
	}
	out = append(out, ts[order:fetch]...)
	out = append(out, ts[k+3:]...)
	r.changed = true
	return out
}

// fromISO8601Date parses the ISO 8601 date forms Trino accepts: calendar
// dates (2020, 2020-05, 2020-05-11), week dates (2020-W10, 2020-W10-5)
// and ordinal dates (2020-123).
const fromISO8601Date = `trino_from_iso8601_date(p_s) AS CASE
	WHEN regexp_full_match(p_s, '\d{4}-?W\d{2}(-?[1-7])?') THEN
		make_date(CAST(left(p_s, 4) AS BIGINT), 1, 4) + CAST(1 - isodow(make_date(CAST(left(p_s, 4) AS BIGINT), 1, 4))
		+ (CAST(regexp_extract(p_s, 'W(\d{2})', 1) AS INTEGER) - 1) * 7
		+ CAST(coalesce(nullif(regexp_extract(p_s, 'W\d{2}-?([1-7])$', 1), ''), '1') AS INTEGER) - 1 AS INTEGER)
	WHEN regexp_full_match(p_s, '\d{4}-?\d{3}') THEN make_date(CAST(left(p_s, 4) AS BIGINT), 1, 1) + CAST(right(p_s, 3) AS INTEGER) - CAST(1 AS INTEGER)
	WHEN regexp_full_match(p_s, '\d{4}') THEN make_date(CAST(p_s AS BIGINT), 1, 1)
	WHEN regexp_full_match(p_s, '\d{4}-\d{2}') THEN CAST(p_s || '-01' AS DATE)
	WHEN regexp_full_match(p_s, '\d{8}') THEN CAST(strptime(p_s, '%Y%m%d') AS DATE)
	ELSE CAST(p_s AS DATE) END`

// soundexCodes maps A to Z to their Soundex digits; H and W (#) are
// skipped without separating equal digits, vowels (0) separate them.
const (
	soundexLetters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	soundexCodes   = "0123012#02245501262301#202"
)

func moreMacros() []string {
	out := []string{
		`trino_multimap_agg(p_k, p_v) AS map_from_entries(list_transform(
	trino_array_distinct(list(p_k) FILTER (WHERE p_k IS NOT NULL)),
	lambda p_x: struct_pack(key := p_x, value := list_transform(
		list_filter(list(struct_pack(k := p_k, v := p_v)), lambda p_e: p_e.k = p_x), lambda p_e: p_e.v))))`,
		`trino_ngrams(p_a, p_n) AS CASE WHEN p_n >= len(p_a) THEN [p_a]
	ELSE list_transform(range(1, len(p_a) - p_n + 2), lambda p_i: p_a[p_i:p_i + p_n - 1]) END`,
		`trino_contains_sequence(p_x, p_s) AS CASE WHEN len(p_s) = 0 THEN true WHEN len(p_s) > len(p_x) THEN false
	ELSE list_bool_or(list_transform(range(1, len(p_x) - len(p_s) + 2), lambda p_i: p_x[p_i:p_i + len(p_s) - 1] = p_s)) END`,
		`trino_split_entries(p_s, p_e) AS list_filter(string_split(p_s, p_e), lambda p_x: p_x <> '')`,
		`trino_split_value(p_x, p_k) AS substr(p_x, length(split_part(p_x, p_k, 1)) + length(p_k) + 1)`,
		`trino_split_to_map(p_s, p_e, p_k) AS map_from_entries(list_transform(trino_split_entries(p_s, p_e),
	lambda p_x: struct_pack(key := split_part(p_x, p_k, 1), value := trino_split_value(p_x, p_k))))`,
		`trino_split_to_multimap(p_s, p_e, p_k) AS map_from_entries(list_transform(
	trino_array_distinct(list_transform(trino_split_entries(p_s, p_e), lambda p_x: split_part(p_x, p_k, 1))),
	lambda p_y: struct_pack(key := p_y, value := list_transform(
		list_filter(trino_split_entries(p_s, p_e), lambda p_x: split_part(p_x, p_k, 1) = p_y),
		lambda p_x: trino_split_value(p_x, p_k)))))`,
		`trino_base_digits(p_s) AS list_transform(string_split(lower(ltrim(p_s, '-')), ''),
	lambda p_c: CAST(strpos('0123456789abcdefghijklmnopqrstuvwxyz', p_c) - 1 AS BIGINT))`,
		`trino_from_base(p_s, p_r) AS CASE
	WHEN p_s = '' OR p_s = '-' OR list_bool_or(list_transform(trino_base_digits(p_s), lambda p_d: p_d < 0 OR p_d >= p_r))
	THEN error('Not a valid base-' || p_r || ' number: ' || p_s)
	ELSE CASE WHEN starts_with(p_s, '-') THEN -1 ELSE 1 END
		* list_reduce(trino_base_digits(p_s), lambda p_acc, p_d: p_acc * p_r + p_d, CAST(0 AS BIGINT)) END`,
		`trino_to_base(p_x, p_r) AS CASE WHEN p_x < 0 THEN '-' ELSE '' END || lower(to_base(abs(CAST(p_x AS BIGINT)), p_r))`,
		// Without a decoder that resumes after an error, a string with an
		// invalid sequence keeps its ASCII bytes and replaces every other.
		`trino_from_utf8_lossy(p_b, p_r) AS array_to_string(list_transform(range(octet_length(p_b)),
	lambda p_i: CASE WHEN substr(hex(p_b), 2 * p_i + 1, 2) < '80'
		THEN chr(CAST('0x' || substr(hex(p_b), 2 * p_i + 1, 2) AS INTEGER)) ELSE p_r END), '')`,
		`trino_from_utf8(p_b) AS coalesce(try(decode(p_b)), trino_from_utf8_lossy(p_b, chr(65533))),
	(p_b, p_r) AS coalesce(try(decode(p_b)), trino_from_utf8_lossy(p_b,
		CASE WHEN typeof(p_r) = 'VARCHAR' THEN CAST(p_r AS VARCHAR) ELSE chr(CAST(p_r AS INTEGER)) END))`,
		`trino_is_json_scalar(p_j) AS json_type(json(p_j)) NOT IN ('OBJECT', 'ARRAY')`,
		`trino_json_array_contains(p_j, p_v) AS CASE WHEN json_type(json(p_j)) = 'ARRAY' THEN
	list_contains(list_transform(json_extract(json(p_j), '$[*]'), lambda p_e: CAST(p_e AS VARCHAR)), CAST(to_json(p_v) AS VARCHAR)) END`,
		`trino_luhn_check(p_s) AS CASE WHEN NOT regexp_full_match(p_s, '[0-9]+') THEN false
	ELSE list_sum(list_transform(string_split(reverse(p_s), ''), lambda p_d, p_i: CASE WHEN p_i % 2 = 0
		THEN (2 * CAST(p_d AS INTEGER)) // 10 + (2 * CAST(p_d AS INTEGER)) % 10 ELSE CAST(p_d AS INTEGER) END)) % 10 = 0 END`,
		`trino_regexp_position4(p_s, p_p, p_st, p_n) AS CAST(CASE
	WHEN len(regexp_extract_all(substr(p_s, p_st), p_p)) < p_n THEN -1
	ELSE p_st + coalesce(list_sum(list_transform(string_split_regex(substr(p_s, p_st), p_p)[1:p_n], lambda p_x: length(p_x))), 0)
		+ coalesce(list_sum(list_transform(regexp_extract_all(substr(p_s, p_st), p_p)[1:p_n - 1], lambda p_x: length(p_x))), 0) END AS INTEGER)`,
		`trino_regexp_position(p_s, p_p) AS trino_regexp_position4(p_s, p_p, 1, 1),
	(p_s, p_p, p_st) AS trino_regexp_position4(p_s, p_p, p_st, 1),
	(p_s, p_p, p_st, p_n) AS trino_regexp_position4(p_s, p_p, p_st, p_n)`,
		`trino_soundex_digits(p_u) AS translate(left(p_u, 1), '` + soundexLetters + `', '` + strings.ReplaceAll(soundexCodes, "#", "0") + `')
	|| replace(translate(substr(p_u, 2), '` + soundexLetters + `', '` + soundexCodes + `'), '#', '')`,
		`trino_soundex_tail(p_d) AS array_to_string(list_filter(string_split(p_d, ''),
	lambda p_c, p_i: p_i > 1 AND p_c <> '0' AND p_c <> string_split(p_d, '')[p_i - 1]), '')`,
		`trino_soundex(p_s) AS CASE WHEN regexp_replace(p_s, '[^A-Za-z]', '', 'g') = '' THEN p_s ELSE
	upper(left(regexp_replace(p_s, '[^A-Za-z]', '', 'g'), 1))
	|| left(rpad(trino_soundex_tail(trino_soundex_digits(upper(regexp_replace(p_s, '[^A-Za-z]', '', 'g')))), 3, '0'), 3) END`,
		`trino_to_iso8601(p_x) AS CASE typeof(p_x) WHEN 'DATE' THEN strftime(p_x, '%Y-%m-%d')
	WHEN 'TIMESTAMP WITH TIME ZONE' THEN strftime(timezone('UTC', CAST(p_x AS TIMESTAMPTZ)), '%Y-%m-%dT%H:%M:%S.%gZ')
	ELSE strftime(p_x, '%Y-%m-%dT%H:%M:%S.%g') END`,
		`trino_width_bucket(p_x, p_b) AS CAST(len(list_filter(p_b, lambda p_e: p_e <= p_x)) AS BIGINT),
	(p_x, p_lo, p_hi, p_n) AS CAST(CASE
	WHEN p_lo < p_hi THEN CASE WHEN p_x < p_lo THEN 0 WHEN p_x >= p_hi THEN p_n + 1
		ELSE floor(CAST(p_x - p_lo AS DOUBLE) / CAST(p_hi - p_lo AS DOUBLE) * p_n) + 1 END
	ELSE CASE WHEN p_x > p_lo THEN 0 WHEN p_x <= p_hi THEN p_n + 1
		ELSE floor(CAST(p_lo - p_x AS DOUBLE) / CAST(p_lo - p_hi AS DOUBLE) * p_n) + 1 END END AS BIGINT)`,
		`trino_bit_count(p_x, p_b) AS CAST(CASE WHEN p_b = 64 THEN bit_count(CAST(p_x AS BIGINT))
	ELSE bit_count(CAST(p_x AS BIGINT) & ((CAST(1 AS BIGINT) << p_b) - 1)) END AS BIGINT)`,
		`trino_to_milliseconds(p_i) AS CAST(round(epoch(p_i) * 1000) AS BIGINT)`,
		`trino_parse_duration(p_s) AS to_microseconds(CAST(round(
	CAST(regexp_extract(p_s, '^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$', 1) AS DOUBLE)
	* CASE regexp_extract(p_s, '^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$', 2)
		WHEN 'ns' THEN 0.000001 WHEN 'us' THEN 0.001 WHEN 'ms' THEN 1 WHEN 's' THEN 1000 WHEN 'm' THEN 60000
		WHEN 'h' THEN 3600000 WHEN 'd' THEN 86400000 END) AS BIGINT) * 1000)`,
		`trino_split(p_s, p_d, p_n) AS CASE WHEN len(string_split(p_s, p_d)) <= p_n THEN string_split(p_s, p_d)
	ELSE list_append(string_split(p_s, p_d)[1:p_n - 1], array_to_string(string_split(p_s, p_d)[p_n:], p_d)) END`,
		`trino_strpos_n(p_s, p_t, p_n) AS CASE WHEN len(string_split(p_s, p_t)) - 1 < p_n THEN 0
	ELSE list_sum(list_transform(string_split(p_s, p_t)[1:p_n], lambda p_x: length(p_x))) + (p_n - 1) * length(p_t) + 1 END`,
		`trino_strpos(p_s, p_t, p_n) AS CAST(CASE WHEN p_n > 0 THEN trino_strpos_n(p_s, p_t, p_n)
	WHEN p_n < 0 THEN CASE WHEN trino_strpos_n(reverse(p_s), reverse(p_t), -p_n) = 0 THEN 0
		ELSE length(p_s) - trino_strpos_n(reverse(p_s), reverse(p_t), -p_n) - length(p_t) + 2 END
	ELSE error('strpos: instance must not be zero') END AS BIGINT)`,
		`trino_sequence(p_a, p_b) AS generate_series(p_a, p_b, CASE WHEN p_a <= p_b THEN 1 ELSE -1 END)`,
		`trino_date_sequence(p_a, p_b) AS list_transform(generate_series(CAST(p_a AS TIMESTAMP), CAST(p_b AS TIMESTAMP),
		CASE WHEN p_a <= p_b THEN INTERVAL 1 DAY ELSE INTERVAL (-1) DAY END), lambda p_x: CAST(p_x AS DATE)),
	(p_a, p_b, p_st) AS list_transform(generate_series(CAST(p_a AS TIMESTAMP), CAST(p_b AS TIMESTAMP), p_st),
		lambda p_x: CAST(p_x AS DATE))`,
		`trino_trim_array(p_a, p_n) AS list_slice(p_a, 1, len(p_a) - p_n)`,
		`trino_array_first(p_a) AS p_a[1]`,
		`trino_array_last(p_a) AS p_a[-1]`,
		`trino_array_histogram(p_a) AS map_from_entries(list_transform(trino_array_distinct(list_filter(p_a, lambda p_x: p_x IS NOT NULL)),
	lambda p_x: struct_pack(key := p_x, value := CAST(len(list_filter(p_a, lambda p_y: p_y = p_x)) AS BIGINT))))`,
	}
	out = append(out,
		`trino_cbrt(p_x) AS CASE WHEN round(cbrt(p_x)) * round(cbrt(p_x)) * round(cbrt(p_x)) = p_x
	THEN CAST(round(cbrt(p_x)) AS DOUBLE) ELSE cbrt(p_x) END`,
		`trino_bitwise_right_shift(p_x, p_n) AS CAST((CAST(p_x AS HUGEINT)
	+ CASE WHEN p_x < 0 THEN CAST(18446744073709551616 AS HUGEINT) ELSE 0 END) >> p_n AS BIGINT)`,
		`trino_to_base64url(p_b) AS replace(replace(base64(p_b), '+', '-'), '/', '_')`,
		`trino_from_base64url(p_s) AS from_base64(replace(replace(p_s, '-', '+'), '_', '/'))`,
		`trino_to_big_endian_32(p_x) AS unhex(right(lpad(hex(CAST(p_x AS INTEGER)), 8, '0'), 8))`,
		`trino_to_big_endian_64(p_x) AS unhex(right(lpad(hex(CAST(p_x AS BIGINT)), 16, '0'), 16))`,
		`trino_from_big_endian_32(p_b) AS CAST(CAST('0x' || hex(p_b) AS BIGINT)
	- CASE WHEN CAST('0x' || hex(p_b) AS BIGINT) >= 2147483648 THEN 4294967296 ELSE 0 END AS INTEGER)`,
		`trino_from_big_endian_64(p_b) AS CAST(CAST(CAST('0x' || hex(p_b) AS UBIGINT) AS HUGEINT)
	- CASE WHEN CAST('0x' || hex(p_b) AS UBIGINT) >= CAST(9223372036854775808 AS UBIGINT)
		THEN CAST(18446744073709551616 AS HUGEINT) ELSE 0 END AS BIGINT)`,
		`trino_multimap_from_entries(p_a) AS map_from_entries(list_transform(
	trino_array_distinct(list_transform(p_a, lambda p_e: p_e[1])),
	lambda p_k: struct_pack(key := p_k, value := list_transform(list_filter(p_a, lambda p_e: p_e[1] = p_k), lambda p_e: p_e[2]))))`,
		`trino_shuffle(p_a) AS list_transform(list_sort(list_transform(p_a, lambda p_x: struct_pack(r := random(), v := p_x))),
	lambda p_s: p_s.v)`,
	)
	out = append(out,
		`trino_human_readable_part(p_x, p_unit, p_size, p_mod) AS CASE WHEN CAST(round(p_x) AS BIGINT) // p_size % p_mod > 0
	THEN (CAST(round(p_x) AS BIGINT) // p_size % p_mod) || ' ' || p_unit
		|| CASE WHEN CAST(round(p_x) AS BIGINT) // p_size % p_mod = 1 THEN '' ELSE 's' END END`,
		`trino_human_readable_seconds(p_x) AS CASE WHEN round(p_x) = 0 THEN '0 seconds' ELSE concat_ws(', ',
	trino_human_readable_part(p_x, 'week', 604800, 9223372036854775807), trino_human_readable_part(p_x, 'day', 86400, 7),
	trino_human_readable_part(p_x, 'hour', 3600, 24), trino_human_readable_part(p_x, 'minute', 60, 60),
	trino_human_readable_part(p_x, 'second', 1, 60)) END`,
		// Three significant digits: 123K, 12.3K, 1.23K.
		`trino_format_number_scaled(p_v, p_u) AS rtrim(rtrim(printf('%.2f', round(CAST(p_v AS DOUBLE),
	CASE WHEN abs(p_v) >= 100 THEN 0 WHEN abs(p_v) >= 10 THEN 1 ELSE 2 END)), '0'), '.') || p_u`,
		`trino_format_number(p_x) AS CASE
	WHEN abs(p_x) >= 1e15 THEN trino_format_number_scaled(p_x / 1e15, 'Q')
	WHEN abs(p_x) >= 1e12 THEN trino_format_number_scaled(p_x / 1e12, 'T')
	WHEN abs(p_x) >= 1e9 THEN trino_format_number_scaled(p_x / 1e9, 'B')
	WHEN abs(p_x) >= 1e6 THEN trino_format_number_scaled(p_x / 1e6, 'M')
	WHEN abs(p_x) >= 1e3 THEN trino_format_number_scaled(p_x / 1e3, 'K')
	ELSE trino_format_number_scaled(p_x, '') END`,
		`trino_parse_data_size(p_s) AS CAST(floor(CAST(regexp_extract(p_s, '^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*$', 1) AS DOUBLE)
	* pow(1024, list_position(['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'],
		regexp_extract(p_s, '^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*$', 2)) - 1)) AS DECIMAL(38, 0))`,
		`trino_wilson_interval_lower(p_s, p_n, p_z) AS (CAST(p_s AS DOUBLE) / p_n + p_z * p_z / (2.0 * p_n)
	- p_z * sqrt((CAST(p_s AS DOUBLE) / p_n * (1 - CAST(p_s AS DOUBLE) / p_n) + p_z * p_z / (4.0 * p_n)) / p_n))
	/ (1 + p_z * p_z / p_n)`,
		`trino_wilson_interval_upper(p_s, p_n, p_z) AS (CAST(p_s AS DOUBLE) / p_n + p_z * p_z / (2.0 * p_n)
	+ p_z * sqrt((CAST(p_s AS DOUBLE) / p_n * (1 - CAST(p_s AS DOUBLE) / p_n) + p_z * p_z / (4.0 * p_n)) / p_n))
	/ (1 + p_z * p_z / p_n)`,
		`trino_map_union(p_m) AS map_from_entries(list_filter(flatten(list(map_entries(p_m))),
	lambda p_e, p_i: list_position(list_transform(flatten(list(map_entries(p_m))), lambda p_x: p_x.key), p_e.key) = p_i))`,
	)
	for n := 1; n <= 5; n++ {
		out = append(out, combinationsMacro(n))
	}
	return out
}
