package trino

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/athenaq/athenaq/internal/sqltext"
)

// AnalysisError is a statement that Trino rejects while analysing it, before
// any row is read. Name is Trino's error name (TYPE_MISMATCH,
// FUNCTION_NOT_FOUND, ...) and Message its text, with the "line L:C: "
// prefix where Trino gives one.
type AnalysisError struct {
	Name    string
	Message string
}

// Error returns "NAME: message", as Athena's StateChangeReason does.
func (e *AnalysisError) Error() string { return e.Name + ": " + e.Message }

// at returns Trino's "line L:C: " prefix for the token t.
func (r *rewriter) at(t tok) string {
	if t.Pos < 0 || t.Pos > len(r.src) {
		return ""
	}
	before := r.src[:t.Pos]
	line := strings.Count(before, "\n") + 1
	col := utf8.RuneCountInString(before[strings.LastIndexByte(before, '\n')+1:]) + 1
	return fmt.Sprintf("line %d:%d: ", line, col)
}

// depthDelta returns how t changes the bracket depth.
func depthDelta(t tok) int {
	switch {
	case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
		return 1
	case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
		return -1
	}
	return 0
}

// checkCase fails a CASE at ts[i] whose results are literals of types with
// no common supertype (1 and 'a'), as Trino's analyzer does; DuckDB would
// cast the string to a number. Only a CASE whose results are all literals
// is checked.
func (r *rewriter) checkCase(ts []tok, i int) error {
	var results [][]tok
	var cur []tok
	in := false
	depth, nested := 0, 0
	flush := func() {
		if in {
			results = append(results, cur)
		}
		cur, in = nil, false
	}
	for k := i + 1; k < len(ts); k++ {
		t := ts[k]
		depth += depthDelta(t)
		if depth < 0 {
			return nil
		}
		if depth == 0 {
			switch {
			case t.IsWord("CASE"):
				nested++
			case t.IsWord("END") && nested > 0:
				nested--
			case nested == 0 && t.IsWord("END"):
				flush()
				return r.commonType(ts[i], results)
			case nested == 0 && (t.IsWord("WHEN") || t.IsWord("ELSE") || t.IsWord("THEN")):
				flush()
				in = !t.IsWord("WHEN")
				continue
			}
		}
		if in {
			cur = append(cur, t)
		}
	}
	return nil
}

// commonType computes Trino's common supertype of the literal CASE results
// and fails when there is none.
func (r *rewriter) commonType(at tok, results [][]tok) error {
	super, kind := "", ""
	var seen []string
	for _, res := range results {
		typ := literalType(res)
		if typ == "?" {
			return nil // the message lists every result's type
		}
		if !contains(seen, typ) {
			seen = append(seen, typ)
		}
		k := typeKind(typ)
		switch {
		case super == "":
			super, kind = typ, k
		case k == kind:
			super = widen(super, typ)
		default:
			return &AnalysisError{Name: "TYPE_MISMATCH", Message: r.at(at) + fmt.Sprintf(
				"All CASE results must be the same type or coercible to a common type. "+
					"Cannot find common type between %s and %s, all types (without duplicates): [%s]",
				super, typ, strings.Join(allTypes(results), ", "))}
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// allTypes lists the distinct types of the literal results in order.
func allTypes(results [][]tok) []string {
	var out []string
	for _, res := range results {
		if t := literalType(res); !contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// typeKind groups the literal types that coerce to each other.
func typeKind(typ string) string {
	switch {
	case strings.HasPrefix(typ, "varchar"):
		return "varchar"
	case typ == "integer" || typ == "bigint" || typ == "double":
		return "number"
	}
	return typ
}

// widen returns the common supertype of two literal types of one kind.
func widen(a, b string) string {
	rank := map[string]int{"integer": 1, "bigint": 2, "double": 3}
	if typeKind(a) == "number" {
		if rank[b] > rank[a] {
			return b
		}
		return a
	}
	if typeKind(a) == "varchar" {
		var m, n int
		fmt.Sscanf(a, "varchar(%d)", &m)
		fmt.Sscanf(b, "varchar(%d)", &n)
		return fmt.Sprintf("varchar(%d)", max(m, n))
	}
	return a
}

// checkDistinctOrder fails SELECT DISTINCT ... ORDER BY x when x is not in
// the select list, which DuckDB allows: Trino's analyzer rejects it. Only
// ORDER BY items that are plain names are checked, against the select
// items' aliases and names; a select list with * is not checked.
func (r *rewriter) checkDistinctOrder(ts []tok) error {
	sel, from, order := -1, -1, -1
	depth := 0
	for k, t := range ts {
		depth += depthDelta(t)
		if depth != 0 || !isWord(t) {
			continue
		}
		switch {
		case t.IsWord("UNION") || t.IsWord("EXCEPT") || t.IsWord("INTERSECT"):
			return nil
		case t.IsWord("SELECT") && sel < 0:
			if k+1 >= len(ts) || !ts[k+1].IsWord("DISTINCT") {
				return nil
			}
			sel = k
		case t.IsWord("FROM") && sel >= 0 && from < 0:
			from = k
		case t.IsWord("ORDER") && sel >= 0 && k+1 < len(ts) && ts[k+1].IsWord("BY"):
			order = k + 2
		}
	}
	if sel < 0 || order < 0 {
		return nil
	}
	end := from
	if end < 0 {
		end = order - 2
	}
	names := map[string]bool{}
	for _, item := range splitArgs(ts[sel+2 : end]) {
		if len(item) == 0 || item[len(item)-1].IsOp("*") {
			return nil
		}
		last := item[len(item)-1]
		if n := len(item); n >= 2 && last.IsName() && (item[n-2].IsWord("AS") || item[n-2].IsName() || item[n-2].IsOp(")")) {
			names[strings.ToLower(last.Value())] = true
			item = item[:n-1]
			if item[len(item)-1].IsWord("AS") {
				item = item[:len(item)-1]
			}
		}
		if qualifiedName(item) {
			names[strings.ToLower(item[len(item)-1].Value())] = true
		}
	}
	stop := len(ts)
	for k := order; k < len(ts); k++ {
		if ts[k].IsWord("LIMIT") || ts[k].IsWord("OFFSET") || ts[k].IsWord("FETCH") || ts[k].IsOp(";") {
			stop = k
			break
		}
	}
	for _, item := range splitArgs(ts[order:stop]) {
		for len(item) > 1 && (item[len(item)-1].IsWord("ASC") || item[len(item)-1].IsWord("DESC") ||
			item[len(item)-1].IsWord("FIRST") || item[len(item)-1].IsWord("LAST") || item[len(item)-1].IsWord("NULLS")) {
			item = item[:len(item)-1]
		}
		if !qualifiedName(item) || names[strings.ToLower(item[len(item)-1].Value())] {
			continue
		}
		return &AnalysisError{Name: "EXPRESSION_NOT_IN_DISTINCT",
			Message: r.at(ts[sel]) + "For SELECT DISTINCT, ORDER BY expressions must appear in select list"}
	}
	return nil
}

// qualifiedName reports whether ts is a possibly qualified column name.
func qualifiedName(ts []tok) bool {
	if len(ts) == 0 || len(ts)%2 == 0 {
		return false
	}
	for k, t := range ts {
		if k%2 == 0 && !(t.IsName() && (t.Kind == sqltext.Ident || t.Kind == sqltext.QuotedIdent)) {
			return false
		}
		if k%2 == 1 && !t.IsOp(".") {
			return false
		}
	}
	return true
}
