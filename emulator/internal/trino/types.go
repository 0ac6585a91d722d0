package trino

import (
	"strings"

	"github.com/athenaq/athenaq/internal/sqltext"
)

// This file keeps Trino's result types where DuckDB's differ, in the first,
// syntactic rewrite: typed-overload macros (DuckDB picks the overload from
// the argument's bound type) for floor, ceil, round, sign, sum, casts to
// integer types and DATE ± INTERVAL, and Trino's interval literal forms.
// What needs the operands' precision and scale (decimal division, round of
// a decimal, typeof) is the plan pass's job (plan.go). docs/ARCHITECTURE.md,
// "Trino types on DuckDB", has the design.

// typeMacros are the typed-overload macros. An untyped overload is DuckDB's
// fallback when no typed one is reachable by an implicit cast.
var typeMacros = []string{
	// floor, ceil and round of an integer keep its type (DuckDB: DOUBLE for
	// floor and ceil).
	`trino_floor(p_x TINYINT) AS p_x, (p_x SMALLINT) AS p_x, (p_x INTEGER) AS p_x, (p_x BIGINT) AS p_x,
	(p_x) AS floor(p_x)`,
	`trino_ceil(p_x TINYINT) AS p_x, (p_x SMALLINT) AS p_x, (p_x INTEGER) AS p_x, (p_x BIGINT) AS p_x,
	(p_x) AS ceil(p_x)`,
	`trino_round(p_x TINYINT) AS p_x, (p_x SMALLINT) AS p_x, (p_x INTEGER) AS p_x, (p_x BIGINT) AS p_x,
	(p_x) AS round(p_x),
	(p_x TINYINT, p_d INTEGER) AS CAST(round(p_x, p_d) AS TINYINT),
	(p_x SMALLINT, p_d INTEGER) AS CAST(round(p_x, p_d) AS SMALLINT),
	(p_x INTEGER, p_d INTEGER) AS CAST(round(p_x, p_d) AS INTEGER),
	(p_x BIGINT, p_d INTEGER) AS CAST(round(p_x, p_d) AS BIGINT),
	(p_x, p_d) AS round(p_x, p_d)`,
	// sign keeps its argument's type (DuckDB: TINYINT).
	`trino_sign(p_x TINYINT) AS CAST(sign(p_x) AS TINYINT), (p_x SMALLINT) AS CAST(sign(p_x) AS SMALLINT),
	(p_x INTEGER) AS CAST(sign(p_x) AS INTEGER), (p_x BIGINT) AS CAST(sign(p_x) AS BIGINT),
	(p_x FLOAT) AS CAST(sign(p_x) AS FLOAT), (p_x DOUBLE) AS CAST(sign(p_x) AS DOUBLE), (p_x) AS sign(p_x)`,
	// sum of integers is a bigint (DuckDB: HUGEINT); the cast raises on
	// overflow as Trino does.
	`trino_sum(p_x TINYINT) AS CAST(sum(p_x) AS BIGINT), (p_x SMALLINT) AS CAST(sum(p_x) AS BIGINT),
	(p_x INTEGER) AS CAST(sum(p_x) AS BIGINT), (p_x BIGINT) AS CAST(sum(p_x) AS BIGINT), (p_x) AS sum(p_x)`,
	// trino_to_int prepares the operand of a cast to an integer type:
	// round rounds doubles half away from zero, as Trino's cast does, where
	// DuckDB's cast rounds half to even. Strings and booleans pass as they
	// are (round would reject them); decimals already cast half away.
	`trino_to_int(p_x VARCHAR) AS p_x, (p_x BOOLEAN) AS p_x, (p_x) AS round(p_x)`,
	// A date plus or minus an interval stays a date (DuckDB: TIMESTAMP).
	`trino_date_plus(p_d DATE, p_i INTERVAL) AS CAST(p_d + p_i AS DATE), (p_d, p_i) AS p_d + p_i`,
	`trino_date_minus(p_d DATE, p_i INTERVAL) AS CAST(p_d - p_i AS DATE), (p_d, p_i) AS p_d - p_i`,
	// A cast of JSON to varchar gives a string's characters, not its JSON
	// text, and NULL for JSON null.
	`trino_json_varchar(p_j) AS CASE json_type(p_j) WHEN 'VARCHAR' THEN json_extract_string(p_j, '$')
	WHEN 'NULL' THEN NULL ELSE CAST(p_j AS VARCHAR) END`,
	// IEEE results where DuckDB raises: ln(0) is -Infinity, the logarithm
	// or square root of a negative number NaN.
	`trino_ln(p_x DOUBLE) AS CASE WHEN p_x = 0 THEN CAST('-Infinity' AS DOUBLE) WHEN p_x < 0 THEN CAST('NaN' AS DOUBLE)
	ELSE ln(p_x) END`,
	`trino_log2(p_x DOUBLE) AS CASE WHEN p_x = 0 THEN CAST('-Infinity' AS DOUBLE) WHEN p_x < 0 THEN CAST('NaN' AS DOUBLE)
	ELSE log2(p_x) END`,
	`trino_log10(p_x DOUBLE) AS CASE WHEN p_x = 0 THEN CAST('-Infinity' AS DOUBLE) WHEN p_x < 0 THEN CAST('NaN' AS DOUBLE)
	ELSE log10(p_x) END`,
	`trino_sqrt(p_x DOUBLE) AS CASE WHEN p_x < 0 THEN CAST('NaN' AS DOUBLE) ELSE sqrt(p_x) END`,
	// Comparisons of doubles where NaN equals nothing and orders with
	// nothing (the typing pass emits them, plan.go).
	`trino_double_eq(p_a, p_b) AS (p_a = p_b AND NOT isnan(p_a))`,
	`trino_double_ne(p_a, p_b) AS (p_a <> p_b OR isnan(p_a) OR isnan(p_b))`,
	`trino_double_lt(p_a, p_b) AS (p_a < p_b AND NOT isnan(p_a) AND NOT isnan(p_b))`,
	`trino_double_le(p_a, p_b) AS (p_a <= p_b AND NOT isnan(p_a) AND NOT isnan(p_b))`,
	`trino_double_gt(p_a, p_b) AS (p_a > p_b AND NOT isnan(p_a) AND NOT isnan(p_b))`,
	`trino_double_ge(p_a, p_b) AS (p_a >= p_b AND NOT isnan(p_a) AND NOT isnan(p_b))`,
	// trino_decimal_divide divides unscaled decimals: p_ua * p_k / p_ub
	// carries one digit more than the result's scale, which the second
	// division rounds half away from zero (see plan.go).
	`trino_decimal_divide(p_ua, p_ub, p_k) AS CASE WHEN p_ub = 0 THEN error('Division by zero')
	ELSE divide(divide(p_ua * p_k, p_ub) + CASE WHEN divide(p_ua * p_k, p_ub) < 0 THEN -5 ELSE 5 END, 10) END`,
}

// typeHandlers are the rewrites of functions whose result type DuckDB
// spells differently; functions.go's init adds them to handlers, before
// the strict wrappers (strict.go) wrap them.
var typeHandlers = map[string]handler{
	"floor":   unlessCalls(rename("trino_floor", 1)),
	"ceil":    unlessCalls(rename("trino_ceil", 1)),
	"ceiling": unlessCalls(rename("trino_ceil", 1)),
	"round":   unlessCalls(rename("trino_round", 1, 2)),
	"sign":    unlessCalls(rename("trino_sign", 1)),
	"sum":     unlessCalls(plainAggregate("trino_sum")),
	"ln":      rename("trino_ln", 1),
	"log2":    rename("trino_log2", 1),
	"log10":   rename("trino_log10", 1),
	"sqrt":    rename("trino_sqrt", 1),
}

// unlessCalls applies next only when no argument calls a function or holds
// a subquery. DuckDB cannot pick a typed overload of a macro for an argument
// that is an aggregate or a window call (round(avg(x), 2) fails with
// "multiple overloads that match"), so such calls keep DuckDB's function
// and its result type.
func unlessCalls(next handler) handler {
	return func(r *rewriter, c *call) (string, error) {
		for _, a := range c.args {
			for i, t := range a.toks {
				if t.IsWord("SELECT") || (i > 0 && t.IsOp("(") && a.toks[i-1].Kind == sqltext.Ident) {
					return "", nil
				}
			}
		}
		return next(r, c)
	}
}

// plainAggregate renames a one-argument aggregate to a macro, unless the
// call uses DISTINCT or ALL, which a macro cannot take. Calls followed by
// OVER or FILTER never reach it (see call).
func plainAggregate(target string) handler {
	return func(r *rewriter, c *call) (string, error) {
		if len(c.args) != 1 || len(c.args[0].toks) == 0 ||
			c.args[0].toks[0].IsWord("DISTINCT") || c.args[0].toks[0].IsWord("ALL") {
			return "", nil
		}
		return target + "(" + c.joined() + ")", nil
	}
}

// macroOnlyPlain reports whether the call at ts[i] must stay as written
// because a window (OVER) or FILTER clause follows it at ts[next]: DuckDB
// macros take neither.
func macroOnlyPlain(name string, ts []tok, next int) bool {
	if _, typed := typeHandlers[name]; !typed || name != "sum" {
		return false
	}
	return next < len(ts) && (ts[next].IsWord("OVER") || ts[next].IsWord("FILTER"))
}

// integerTypes are the DuckDB integer types a cast may target.
var integerTypes = map[string]bool{"TINYINT": true, "SMALLINT": true, "INTEGER": true, "INT": true, "BIGINT": true}

// castOperand returns the operand of a cast to conv: wrapped in
// trino_to_int for an integer target, so that doubles round half away from
// zero.
func (r *rewriter) castOperand(expr, conv string) string {
	if !integerTypes[strings.ToUpper(conv)] || strings.TrimSpace(expr) == "" {
		return expr
	}
	r.changed = true
	lead := expr[:len(expr)-len(strings.TrimLeft(expr, " \t\r\n"))]
	return lead + "trino_to_int(" + strings.TrimSpace(expr) + ")"
}

// intervalUnits are the fields of an interval literal.
var intervalUnits = map[string]bool{
	"YEAR": true, "MONTH": true, "DAY": true, "HOUR": true, "MINUTE": true, "SECOND": true,
}

// interval reads INTERVAL 'text' unit [TO unit] at ts[i] (ts[i+1] is the
// string) and returns it as one operand. Trino's two-field forms
// '1-2' YEAR TO MONTH and '1 12:30:00' DAY TO SECOND, which DuckDB's parser
// rejects, become DuckDB interval strings.
func (r *rewriter) interval(ts []tok, i int) (piece, int, bool) {
	t, s := ts[i], ts[i+1]
	if i+2 >= len(ts) || !intervalUnits[ts[i+2].Upper()] {
		return piece{}, 0, false
	}
	from := ts[i+2].Upper()
	if !(i+4 < len(ts) && ts[i+3].IsWord("TO") && intervalUnits[ts[i+4].Upper()]) {
		return piece{pre: t.pre, operand: true, text: t.Text + s.pre + s.Text + ts[i+2].pre + ts[i+2].Text}, i + 3, true
	}
	to := ts[i+4].Upper()
	v := strings.TrimSpace(s.Value())
	neg := strings.HasPrefix(v, "-")
	v = strings.TrimLeft(v, "+-")
	var text string
	switch {
	case from == "YEAR" && to == "MONTH":
		y, m, ok := strings.Cut(v, "-")
		if !ok || !digits(y) || !digits(m) {
			return piece{}, 0, false
		}
		text = y + " years " + m + " months"
	case from == "DAY" && (to == "HOUR" || to == "MINUTE" || to == "SECOND"):
		d, rest, ok := strings.Cut(v, " ")
		if !ok || !digits(d) {
			return piece{}, 0, false
		}
		if to == "HOUR" {
			rest += ":00"
		}
		text = d + " days " + rest
	case (from == "HOUR" || from == "MINUTE") && (to == "MINUTE" || to == "SECOND"):
		text = v
		if from == "HOUR" && to == "MINUTE" {
			text += ":00"
		}
		if from == "MINUTE" {
			text = "00:" + v
		}
	default:
		return piece{}, 0, false
	}
	r.changed = true
	r.consumed[s.Pos] = true
	out := "INTERVAL " + sqlString(text)
	if neg {
		out = "(- " + out + ")"
	}
	return piece{pre: t.pre, operand: true, text: out}, i + 5, true
}

// digits reports whether s is a non-empty run of ASCII digits.
func digits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// foldDateInterval turns d + INTERVAL ... and d - INTERVAL ... into
// trino_date_plus and trino_date_minus, which keep a DATE a DATE. Only the
// operand right before the operator is taken: nothing of higher precedence
// yields a date.
func (r *rewriter) foldDateInterval(ps []piece) []piece {
	for k := 1; k+1 < len(ps); k++ {
		op := strings.TrimSpace(ps[k].text)
		if ps[k].operand || (op != "+" && op != "-") || !ps[k-1].operand || !ps[k+1].operand {
			continue
		}
		rhs := strings.TrimSpace(ps[k+1].text)
		if !strings.HasPrefix(strings.ToUpper(rhs), "INTERVAL ") && !strings.HasPrefix(strings.ToUpper(rhs), "(- INTERVAL ") {
			continue
		}
		if k >= 2 && !ps[k-2].operand {
			if p := strings.TrimSpace(ps[k-2].text); p == "*" || p == "/" || p == "%" || p == "::" || p == "-" && (k < 3 || !ps[k-3].operand) {
				continue
			}
		}
		fn := "trino_date_plus("
		if op == "-" {
			fn = "trino_date_minus("
		}
		folded := piece{pre: ps[k-1].pre, operand: true, text: fn + strings.TrimSpace(ps[k-1].text) + ", " + rhs + ")"}
		ps = append(ps[:k-1], append([]piece{folded}, ps[k+2:]...)...)
		r.changed = true
		k--
	}
	return ps
}

// isIntervalStart reports whether ts[i] starts an interval literal with a
// string: INTERVAL '...'.
func isIntervalStart(ts []tok, i int) bool {
	return ts[i].IsWord("INTERVAL") && i+1 < len(ts) && ts[i+1].Kind == sqltext.String
}
