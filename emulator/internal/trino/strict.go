package trino

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/athenaq/athenaq/internal/sqltext"
)

// Errors that Trino raises while running a query come from the trino_
// macros as error('NAME: message'): DuckDB reports them as invalid input and
// the engine turns the name back into Athena's error (engine/errors.go).
const (
	invalidArgument = "INVALID_FUNCTION_ARGUMENT: "
	invalidCast     = "INVALID_CAST_ARGUMENT: "
)

// strictMacros raise Trino's errors where DuckDB returns NULL, and give
// Trino's NULL results where DuckDB skips NULLs.
var strictMacros = []string{
	// p_c[p_i] is NULL for a NULL element, an index out of range or a
	// missing key, and counts negative indices from the end; Trino fails
	// for all but the first, so they are checked only when the element is
	// NULL or the index is below 1.
	`trino_subscript(p_c, p_i) AS CASE WHEN p_c IS NULL OR p_i IS NULL THEN NULL
	WHEN p_c[p_i] IS NOT NULL AND NOT (regexp_matches(typeof(p_c), '\[\d*\]$') AND TRY_CAST(p_i AS BIGINT) < 1) THEN p_c[p_i]
	ELSE trino_subscript_missing(p_c, p_i) END`,
	`trino_subscript_missing(p_c, p_i) AS CASE
	WHEN regexp_matches(typeof(p_c), '\[\d*\]$') THEN CASE
		WHEN TRY_CAST(p_i AS BIGINT) = 0 THEN error('` + invalidArgument + `SQL array indices start at 1')
		WHEN TRY_CAST(p_i AS BIGINT) < 0 THEN error('` + invalidArgument + `Array subscript is negative: ' || p_i)
		WHEN TRY_CAST(p_i AS BIGINT) > json_array_length(to_json(p_c)) THEN error('` + invalidArgument +
		`Array subscript must be less than or equal to array length: ' || p_i || ' > ' || json_array_length(to_json(p_c)))
		END
	WHEN starts_with(typeof(p_c), 'MAP(') AND NOT list_contains(json_keys(to_json(p_c)), CAST(p_i AS VARCHAR))
	THEN error('` + invalidArgument + `Key not present in map: ' || p_i) END`,
	// element_at gives NULL out of range and counts negative indices from
	// the end, as DuckDB's subscript does; only index 0 fails.
	`trino_element_at(p_c, p_i) AS CASE WHEN regexp_matches(typeof(p_c), '\[\d*\]$') AND TRY_CAST(p_i AS BIGINT) = 0
	THEN error('` + invalidArgument + `SQL array indices start at 1') ELSE p_c[p_i] END`,
	// split_part gives NULL past the last field; DuckDB gives ''.
	`trino_split_part(p_s, p_d, p_n) AS CASE WHEN p_n < 1 THEN error('` + invalidArgument + `Index must be greater than zero')
	WHEN p_n > len(string_split(p_s, p_d)) THEN NULL ELSE split_part(p_s, p_d, p_n) END`,
	`trino_nth_offset(p_n) AS CASE WHEN p_n < 1 THEN error('` + invalidArgument + `Offset must be at least 1') ELSE p_n END`,
	// A list holds the arguments once; list_count skips NULLs.
	`trino_greatest(p_l) AS CASE WHEN list_count(p_l) < len(p_l) THEN NULL ELSE list_max(p_l) END`,
	`trino_least(p_l) AS CASE WHEN list_count(p_l) < len(p_l) THEN NULL ELSE list_min(p_l) END`,
	`trino_arrays_overlap(p_a, p_b) AS CASE WHEN p_a IS NULL OR p_b IS NULL THEN NULL WHEN list_has_any(p_a, p_b) THEN true
	WHEN list_count(p_a) < len(p_a) OR list_count(p_b) < len(p_b) THEN NULL ELSE false END`,
	// Trino casts only true, false, t, f, 1 and 0 (any case) to boolean.
	`trino_to_boolean(p_x VARCHAR) AS CASE WHEN p_x IS NULL THEN NULL WHEN lower(p_x) IN ('true', 'false', 't', 'f', '1', '0') THEN CAST(p_x AS BOOLEAN)
	ELSE error('` + invalidCast + `Cannot cast ''' || p_x || ''' to BOOLEAN') END,
	(p_x) AS CAST(p_x AS BOOLEAN)`,
	`trino_try_to_boolean(p_x VARCHAR) AS CASE WHEN lower(p_x) IN ('true', 'false', 't', 'f', '1', '0') THEN CAST(p_x AS BOOLEAN) END,
	(p_x) AS TRY_CAST(p_x AS BOOLEAN)`,
}

// addStrictHandlers registers the rewrites of the functions whose Trino
// errors and NULL results differ from DuckDB's.
func addStrictHandlers(h map[string]handler) {
	h["element_at"] = unlessTry("trino_element_at", 2)
	h["split_part"] = unlessTry("trino_split_part", 3)
	h["arrays_overlap"] = rename("trino_arrays_overlap", 2)
	h["greatest"] = listCall("trino_greatest")
	h["least"] = listCall("trino_least")
	h["concat"] = concat
	h["mod"] = modCall
	h["nth_value"] = nthValue
	for name, sig := range numericOnly {
		if _, ok := h[name]; !ok {
			h[name] = rejectText(sig, nil)
		} else {
			h[name] = rejectText(sig, h[name])
		}
	}
}

// unlessTry calls target, whose errors TRY cannot catch (DuckDB refuses
// TRY around error()), except inside TRY, where DuckDB's function of the
// same name gives NULL instead.
func unlessTry(target string, arity int) handler {
	return func(r *rewriter, c *call) (string, error) {
		if len(c.args) != arity || c.inTry {
			return "", nil
		}
		return target + "(" + c.joined() + ")", nil
	}
}

// listCall passes the arguments as one list, so that each is written once.
func listCall(target string) handler {
	return func(r *rewriter, c *call) (string, error) {
		if len(c.args) < 2 {
			return "", nil
		}
		return target + "([" + c.joined() + "])", nil
	}
}

// concat is ||, which is NULL when an argument is NULL and also joins
// arrays.
func concat(r *rewriter, c *call) (string, error) {
	if len(c.args) < 2 {
		return "", &AnalysisError{Name: "INVALID_FUNCTION_ARGUMENT", Message: "There must be two or more concatenation arguments"}
	}
	parts := make([]string, len(c.args))
	for i, a := range c.args {
		parts[i] = a.s()
	}
	return "(" + strings.Join(parts, " || ") + ")", nil
}

// modCall is the engine's % operator, which raises on an integer zero
// divisor; inside TRY, DuckDB's mod gives NULL.
func modCall(r *rewriter, c *call) (string, error) {
	if len(c.args) != 2 || c.inTry {
		return "", nil
	}
	return "((" + c.args[0].s() + ") % (" + c.args[1].s() + "))", nil
}

// nthValue checks the offset of nth_value, which stays a window function.
func nthValue(r *rewriter, c *call) (string, error) {
	if len(c.args) != 2 || c.inTry {
		return "", nil
	}
	if n, err := strconv.ParseInt(c.args[1].s(), 10, 64); err == nil && n >= 1 {
		return "", nil
	}
	return "nth_value(" + c.args[0].s() + ", trino_nth_offset(" + c.args[1].s() + "))", nil
}

// numericOnly lists numeric functions with their Trino signatures; Trino
// has no implicit cast from varchar to a number, where DuckDB casts string
// literals.
var numericOnly = map[string]string{
	"sqrt": "sqrt(double)", "cbrt": "cbrt(double)", "exp": "exp(double)", "ln": "ln(double)",
	"log2": "log2(double)", "log10": "log10(double)", "sin": "sin(double)", "cos": "cos(double)",
	"tan": "tan(double)", "asin": "asin(double)", "acos": "acos(double)", "atan": "atan(double)",
	"sinh": "sinh(double)", "cosh": "cosh(double)", "tanh": "tanh(double)", "degrees": "degrees(double)",
	"radians": "radians(double)", "power": "power(double, double)", "pow": "pow(double, double)",
	"atan2": "atan2(double, double)",
}

// rejectText fails a call to a numeric function with a string literal
// argument, as Trino does; else it defers to next.
func rejectText(sig string, next handler) handler {
	return func(r *rewriter, c *call) (string, error) {
		var types []string
		text := false
		for _, a := range c.args {
			if v, ok := a.constant(); ok {
				text = true
				types = append(types, fmt.Sprintf("varchar(%d)", utf8.RuneCountInString(v)))
				continue
			}
			types = append(types, literalType(a.toks))
		}
		if text && !strings.Contains(strings.Join(types, ""), "?") {
			return "", &AnalysisError{Name: "FUNCTION_NOT_FOUND", Message: fmt.Sprintf(
				"Unexpected parameters (%s) for function %s. Expected: %s", strings.Join(types, ", "), c.name, sig)}
		}
		if next == nil {
			return "", nil
		}
		return next(r, c)
	}
}

// literalType names the Trino type of a literal argument, "?" for anything
// else.
func literalType(ts []tok) string {
	if len(ts) == 2 && (ts[0].IsOp("-") || ts[0].IsOp("+")) {
		ts = ts[1:]
	}
	if len(ts) != 1 {
		return "?"
	}
	switch t := ts[0]; {
	case t.Kind == sqltext.String && strings.HasPrefix(t.Text, "'"):
		return fmt.Sprintf("varchar(%d)", utf8.RuneCountInString(t.Value()))
	case t.Kind == sqltext.Number && strings.ContainsAny(t.Text, "eE"):
		return "double"
	case t.Kind == sqltext.Number:
		if _, err := strconv.ParseInt(t.Text, 10, 32); err == nil {
			return "integer"
		}
		return "bigint"
	case t.IsWord("TRUE") || t.IsWord("FALSE"):
		return "boolean"
	}
	return "?"
}

// booleanCast rewrites CAST(x AS boolean) (kw is CAST or TRY_CAST): Trino
// casts fewer strings to boolean than DuckDB.
func booleanCast(kw, x string, inTry bool) string {
	if strings.EqualFold(kw, "TRY_CAST") || inTry {
		return "trino_try_to_boolean(" + strings.TrimSpace(x) + ")"
	}
	return "trino_to_boolean(" + strings.TrimSpace(x) + ")"
}

// subscript rewrites x[i] (open and end are the whitespace before the
// brackets), which Trino fails for an index out of range or a missing map
// key. Inside TRY, where error() cannot run, it stays as written.
func (r *rewriter) subscript(x, open, i, end string, inTry bool) string {
	if inTry || strings.EqualFold(x, "ARRAY") || strings.TrimSpace(i) == "" || strings.Contains(i, ":") {
		return x + open + "[" + i + end + "]"
	}
	r.changed = true
	return "trino_subscript(" + x + ", " + strings.TrimSpace(i) + ")"
}
