package trino

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/athenaq/athenaq/internal/sqltext"
)

// NeedsRetype reports whether sql, Rewrite's output ready for the engine,
// holds anything Retype may change: a division, a round, a typeof, JSON or
// NaN. The engine skips the plan for every other statement, so a comparison
// of doubles keeps DuckDB's NaN semantics unless the text mentions NaN.
func NeedsRetype(sql string) bool {
	if strings.Contains(sql, "/") {
		return true
	}
	l := strings.ToLower(sql)
	return strings.Contains(l, "typeof") || strings.Contains(l, "round") || strings.Contains(l, "json") ||
		strings.Contains(l, "nan")
}

// Retype is the second, type-directed rewrite. sql is the statement the
// engine runs (Rewrite's output, ready for DuckDB) and plan is DuckDB's
// json_serialize_plan of it: the bound, typed plan, in which each
// expression carries its type and the byte offset of its text in sql.
// Retype rewrites:
//   - a division whose operands are decimals (or a decimal and an integer)
//     to Trino's decimal result, decimal(min(38, p1 + s2 + max(0, s2 - s1)),
//     max(s1, s2)), rounded half away from zero, where DuckDB divides as
//     doubles;
//   - round(decimal(p,s), d) to decimal(min(38, p+1), s), Trino's type,
//     where DuckDB narrows the scale to d;
//   - typeof(x) to a string literal: x's type spelled by typeName, which
//     maps a DuckDB type name (INTEGER, DECIMAL(5,2), INTEGER[]) to Trino's,
//     and varchar(n) for a string literal. DuckDB's binder folds typeof, so
//     the expressions under it never reach the plan: a typeof over a
//     division or a round first loses its name to a marking comment, so
//     that a later round rewrites what is under it, and is folded after
//     that;
//   - a cast of JSON to varchar to the JSON value's text (a string's
//     characters, NULL for null), where DuckDB keeps the JSON text;
//   - a comparison of doubles or reals to one where NaN equals nothing and
//     orders with nothing, as in Trino (DuckDB: NaN = NaN, NaN greatest).
//
// An expression whose text Retype cannot delimit is left as it is. Edits
// that contain other edits wait for a later round, and a rewritten division
// changes the types around it: the caller plans out again while again is
// true (a bounded number of times). Retype never panics.
func Retype(sql, plan string, typeName func(duck string) (string, bool)) (out string, again bool, err error) {
	defer func() {
		if p := recover(); p != nil {
			out, again, err = sql, false, fmt.Errorf("trino: retype: internal error: %v", p)
		}
	}()
	var root any
	dec := json.NewDecoder(strings.NewReader(plan))
	dec.UseNumber()
	if err := dec.Decode(&root); err != nil {
		return sql, false, fmt.Errorf("trino: retype: plan: %w", err)
	}
	if m, ok := root.(map[string]any); ok && m["error"] == true {
		msg, _ := m["error_message"].(string)
		return sql, false, errors.New("trino: retype: plan: " + msg)
	}
	all, terr := sqltext.Tokenize(sql)
	if terr != nil {
		return sql, false, nil
	}
	var toks []sqltext.Token
	at := map[int]int{} // byte offset -> index in toks
	for _, t := range all {
		if !t.IsTrivia() {
			at[t.Pos] = len(toks)
			toks = append(toks, t)
		}
	}
	p := &planPass{sql: sql, toks: toks, at: at, typeName: typeName}
	p.walk(root, 0)
	p.releaseHolds(all)
	return p.apply()
}

// planPass collects the edits of one Retype round.
type planPass struct {
	sql      string
	toks     []sqltext.Token
	at       map[int]int
	typeName func(string) (string, bool)
	edits    []edit
}

// edit replaces sql[start:end] with text.
type edit struct {
	start, end int
	text       string
	kind       editKind
}

// editKind tells whether an edit may call for another round.
type editKind int

const (
	// editFinal changes no type another expression depends on.
	editFinal editKind = iota
	// editRetyping changes its expression's type (decimal division,
	// round), which may change what the expressions around it need.
	editRetyping
	// editHold holds or releases a typeof; the next round continues it.
	editHold
)

// planType is a type as json_serialize_plan spells it.
type planType struct {
	id           string
	width, scale int
}

// walk visits every object of the plan, looking at expressions.
func (p *planPass) walk(v any, depth int) {
	if depth > 10000 {
		return
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			p.walk(e, depth+1)
		}
	case map[string]any:
		if _, ok := x["expression_class"]; ok {
			p.expression(x)
		}
		for _, e := range x {
			p.walk(e, depth+1)
		}
	}
}

// expression records the edit one bound expression asks for, if any.
func (p *planPass) expression(x map[string]any) {
	loc, ok := location(x)
	if !ok {
		return
	}
	i, ok := p.at[loc]
	if !ok {
		return
	}
	class, _ := x["expression_class"].(string)
	name, _ := x["name"].(string)
	children, _ := x["children"].([]any)
	switch {
	case class == "BOUND_CONSTANT" && p.toks[i].IsWord("typeof"):
		// The binder folds typeof(x) into the name of x's type.
		v, _ := x["value"].(map[string]any)
		s, ok := v["value"].(string)
		if ok {
			p.typeofEdit(i, s)
		}
	case class == "BOUND_CAST" && (p.toks[i].IsWord("CAST") || p.toks[i].IsWord("TRY_CAST")):
		ret, okRet := nodeType(x)
		child, okChild := x["child"].(map[string]any)
		if okRet && okChild && ret.id == "VARCHAR" {
			if from, ok := nodeType(child); ok && from.id == "JSON" {
				p.jsonCastEdit(i)
			}
		}
	case class == "BOUND_COMPARISON" && comparisons[p.toks[i].Text] != "" && p.toks[i].Kind == sqltext.Operator:
		left, okL := x["left"].(map[string]any)
		right, okR := x["right"].(map[string]any)
		if !okL || !okR {
			return
		}
		a, okA := nodeType(left)
		b, okB := nodeType(right)
		if okA && okB && (a.id == "DOUBLE" || a.id == "FLOAT") && (b.id == "DOUBLE" || b.id == "FLOAT") {
			p.comparisonEdit(i)
		}
	case class == "BOUND_FUNCTION" && name == "typeof" && p.toks[i].IsWord("typeof") && len(children) == 1:
		if t, ok := operandType(children[0], ""); ok && t.id == "NULL" {
			p.typeofEdit(i, "NULL")
		}
	case class == "BOUND_FUNCTION" && name == "/" && p.toks[i].IsOp("/") && len(children) == 2:
		a, okA := operandType(children[0], "DOUBLE")
		b, okB := operandType(children[1], "DOUBLE")
		if okA && okB {
			p.divisionEdit(i, a, b)
		}
	case class == "BOUND_FUNCTION" && name == "round" && len(children) == 2 &&
		(p.toks[i].IsWord("trino_round") || p.toks[i].IsWord("round")):
		if a, ok := operandType(children[0], ""); ok && a.id == "DECIMAL" && !(i >= 2 && p.toks[i-1].IsOp("(") && p.toks[i-2].IsWord("CAST")) {
			p.roundEdit(i, a)
		}
	}
}

// location returns an expression's query_location, when it has one.
func location(x map[string]any) (int, bool) {
	n, ok := x["query_location"].(json.Number)
	if !ok {
		return 0, false
	}
	v, err := n.Int64()
	if err != nil || v < 0 || v > math.MaxInt32 {
		return 0, false
	}
	return int(v), true
}

// operandType returns the type of an operand as written. implicit names
// the type the bound function takes (DOUBLE for "/" on decimals): a cast
// to it directly above the operand is the binder's and is looked through.
func operandType(v any, implicit string) (planType, bool) {
	x, ok := v.(map[string]any)
	if !ok {
		return planType{}, false
	}
	if t, ok := nodeType(x); ok && implicit != "" && t.id == implicit && x["expression_class"] == "BOUND_CAST" {
		if child, ok := x["child"].(map[string]any); ok {
			x = child
		}
	}
	return nodeType(x)
}

// nodeType returns the type an expression yields.
func nodeType(x map[string]any) (planType, bool) {
	t, ok := x["return_type"].(map[string]any)
	if !ok {
		if val, isVal := x["value"].(map[string]any); isVal {
			t, ok = val["type"].(map[string]any)
		}
	}
	if !ok {
		return planType{}, false
	}
	return parsePlanType(t)
}

func parsePlanType(t map[string]any) (planType, bool) {
	id, ok := t["id"].(string)
	if !ok {
		return planType{}, false
	}
	pt := planType{id: id}
	if info, ok := t["type_info"].(map[string]any); ok {
		if w, ok := info["width"].(json.Number); ok {
			n, _ := w.Int64()
			pt.width = int(n)
		}
		if s, ok := info["scale"].(json.Number); ok {
			n, _ := s.Int64()
			pt.scale = int(n)
		}
		if alias, _ := info["alias"].(string); alias == "JSON" {
			pt.id = "JSON"
		}
	}
	return pt, true
}

// typeofHold stands in for the name of a typeof whose argument the pass
// must rewrite first (see Retype): a comment, so that DuckDB binds the
// parenthesized argument as it is.
const typeofHold = "/*trino_typeof*/"

// typeofReady follows the name of a typeof released from hold: it folds,
// and is never held again.
const typeofReady = "/*trino_typeof_ready*/"

// typeofEdit folds the typeof call at toks[i] into Trino's name for duck.
func (p *planPass) typeofEdit(i int, duck string) {
	if i+1 >= len(p.toks) || !p.toks[i+1].IsOp("(") {
		return
	}
	j := p.matchForward(i + 1)
	if j < 0 || p.typeName == nil {
		return
	}
	ready := strings.Contains(p.sql[p.toks[i].End():p.toks[i+1].Pos], typeofReady)
	for k := i + 2; k < j && !ready; k++ {
		if p.toks[k].IsOp("/") || p.toks[k].IsWord("round") || p.toks[k].IsWord("trino_round") {
			p.edits = append(p.edits, edit{p.toks[i].Pos, p.toks[i].End(), typeofHold, editHold})
			return
		}
	}
	name, ok := p.typeName(duck)
	if !ok {
		return
	}
	if duck == "INTERVAL" && p.yearToMonth(i+2, j) {
		// DuckDB has one interval type; an argument written only in years
		// and months is Trino's interval year to month.
		name = "interval year to month"
	}
	if duck == "VARCHAR" && j == i+3 && p.toks[i+2].Kind == sqltext.String && strings.HasPrefix(p.toks[i+2].Text, "'") {
		// Trino types a string literal varchar(length).
		name = fmt.Sprintf("varchar(%d)", len([]rune(p.toks[i+2].Value())))
	}
	lit := sqlString(name)
	for k := i + 2; k < j; k++ {
		if p.toks[k].IsOp("(") {
			// The argument calls a function, perhaps an aggregate: a bare
			// literal would turn typeof(count(*)) into a row per input
			// row. The argument stays where the binder sees it.
			arg := p.sql[p.toks[i+2].Pos:p.toks[j-1].End()]
			lit = "CASE WHEN (" + arg + ") IS NULL THEN " + lit + " ELSE " + lit + " END"
			break
		}
	}
	p.edits = append(p.edits, edit{p.toks[i].Pos, p.toks[j].End(), lit, editFinal})
}

// yearToMonth reports whether toks[i:j] spell intervals in years and
// months only: INTERVAL '14' MONTH, or the '1 years 2 months' of a
// rewritten YEAR TO MONTH literal.
func (p *planPass) yearToMonth(i, j int) bool {
	ym := false
	for _, t := range p.toks[i:j] {
		var words []string
		switch {
		case t.Kind == sqltext.String:
			words = strings.Fields(strings.ToLower(t.Value()))
		case t.Kind == sqltext.Keyword || t.Kind == sqltext.Ident:
			words = []string{strings.ToLower(t.Text)}
		}
		for _, w := range words {
			switch strings.TrimSuffix(w, "s") {
			case "year", "month":
				ym = true
			case "day", "hour", "minute", "second", "week", "millisecond", "microsecond":
				return false
			}
		}
	}
	return ym
}

// releaseHolds turns every trino_typeof_hold back into typeof, for the next
// round to fold, once nothing under it needs rewriting.
func (p *planPass) releaseHolds(all []sqltext.Token) {
	for k, t := range all {
		if t.Kind != sqltext.Comment || t.Text != typeofHold || k+1 >= len(all) {
			continue
		}
		i, ok := p.at[all[k+1].Pos]
		if !ok || !p.toks[i].IsOp("(") {
			continue
		}
		j := p.matchForward(i)
		if j < 0 {
			continue
		}
		pending := false
		for _, e := range p.edits {
			if e.start > t.Pos && e.end <= p.toks[j].End() {
				pending = true
				break
			}
		}
		if !pending {
			p.edits = append(p.edits, edit{t.Pos, t.End(), "typeof" + typeofReady, editHold})
		}
	}
}

// jsonCastEdit rewrites the cast of JSON to varchar at toks[i] to
// trino_json_varchar.
func (p *planPass) jsonCastEdit(i int) {
	if i+1 >= len(p.toks) || !p.toks[i+1].IsOp("(") {
		return
	}
	j := p.matchForward(i + 1)
	if j < 0 {
		return
	}
	as := -1
	depth := 0
	for k := i + 2; k < j; k++ {
		switch t := p.toks[k]; {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			depth++
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			depth--
		case depth == 0 && t.IsWord("AS"):
			as = k
		}
	}
	if as < 0 {
		return
	}
	fn := "trino_json_varchar("
	if p.toks[i].IsWord("TRY_CAST") {
		fn = "TRY(trino_json_varchar("
	}
	text := fn + strings.TrimSpace(p.sql[p.toks[i+1].End():p.toks[as].Pos]) + ")"
	if p.toks[i].IsWord("TRY_CAST") {
		text += ")"
	}
	p.edits = append(p.edits, edit{p.toks[i].Pos, p.toks[j].End(), text, editFinal})
}

// comparisons maps a comparison operator to the macro that compares
// doubles as Trino does.
var comparisons = map[string]string{
	"=": "trino_double_eq", "==": "trino_double_eq", "<>": "trino_double_ne", "!=": "trino_double_ne",
	"<": "trino_double_lt", "<=": "trino_double_le", ">": "trino_double_gt", ">=": "trino_double_ge",
}

// comparisonEdit rewrites the comparison at toks[i] to its macro.
func (p *planPass) comparisonEdit(i int) {
	start := p.exprStart(i - 1)
	end := p.exprEnd(i + 1)
	if start < 0 || end < 0 {
		return
	}
	left := strings.TrimSpace(p.sql[p.toks[start].Pos:p.toks[i].Pos])
	right := strings.TrimSpace(p.sql[p.toks[i].End():p.toks[end].End()])
	p.edits = append(p.edits, edit{p.toks[start].Pos, p.toks[end].End(),
		comparisons[p.toks[i].Text] + "(" + left + ", " + right + ")", editFinal})
}

// arithmetic lists the binary operators that bind tighter than a
// comparison.
var arithmetic = map[string]bool{"*": true, "/": true, "%": true, "//": true, "+": true, "-": true, "||": true}

// exprStart returns the first token of a comparison's left operand, which
// ends at toks[j]: operands chained by arithmetic, with unary signs. -1
// when it cannot tell.
func (p *planPass) exprStart(j int) int { return p.operandStart(j, arithmetic) }

// multiplicative lists the operators of a division's precedence.
var multiplicative = map[string]bool{"*": true, "/": true, "%": true, "//": true}

// operandStart returns the first token of the operand that ends at toks[j]:
// primaries chained by the operators in chained (left associative) and a
// unary sign. -1 when it cannot tell.
func (p *planPass) operandStart(j int, chained map[string]bool) int {
	for {
		s := p.primaryStart(j)
		if s < 0 {
			return -1
		}
		if s > 0 && (p.toks[s-1].IsOp("-") || p.toks[s-1].IsOp("+")) && !p.operandEnd(s-2) {
			s--
		}
		if s > 0 && (p.toks[s-1].IsOp("::") || p.toks[s-1].IsOp("^") || p.toks[s-1].IsOp(".")) {
			return -1
		}
		if s > 1 && p.toks[s-1].Kind == sqltext.Operator && chained[p.toks[s-1].Text] && p.operandEnd(s-2) {
			j = s - 2
			continue
		}
		return s
	}
}

// exprEnd returns the last token of a comparison's right operand, which
// starts at toks[i], or -1.
func (p *planPass) exprEnd(i int) int {
	for {
		end := p.rightEnd(i)
		if end < 0 {
			return -1
		}
		if end+2 < len(p.toks) && p.toks[end+1].Kind == sqltext.Operator && arithmetic[p.toks[end+1].Text] {
			i = end + 2
			continue
		}
		return end
	}
}

// roundEdit casts the round call at toks[i] of a decimal(p,s) to
// decimal(min(38, p+1), s).
func (p *planPass) roundEdit(i int, a planType) {
	if i+1 >= len(p.toks) || !p.toks[i+1].IsOp("(") {
		return
	}
	j := p.matchForward(i + 1)
	if j < 0 {
		return
	}
	call := p.sql[p.toks[i].Pos:p.toks[j].End()]
	p.edits = append(p.edits, edit{p.toks[i].Pos, p.toks[j].End(),
		fmt.Sprintf("CAST(%s AS DECIMAL(%d,%d))", call, min(38, a.width+1), a.scale), editRetyping})
}

// decimalOf returns the decimal type Trino gives an operand of a decimal
// division: the decimal itself, or an integer type's decimal equivalent.
func decimalOf(t planType) (planType, bool) {
	switch t.id {
	case "DECIMAL":
		return t, true
	case "TINYINT":
		return planType{"DECIMAL", 3, 0}, true
	case "SMALLINT":
		return planType{"DECIMAL", 5, 0}, true
	case "INTEGER":
		return planType{"DECIMAL", 10, 0}, true
	case "BIGINT":
		return planType{"DECIMAL", 19, 0}, true
	}
	return planType{}, false
}

// divisionEdit rewrites the division at toks[i] when an operand is a
// decimal and the other a decimal or an integer.
func (p *planPass) divisionEdit(i int, a, b planType) {
	if a.id != "DECIMAL" && b.id != "DECIMAL" {
		return
	}
	da, okA := decimalOf(a)
	db, okB := decimalOf(b)
	if !okA || !okB {
		return
	}
	s1, s2 := da.scale, db.scale
	s := max(s1, s2)
	prec := min(38, da.width+s2+max(0, s2-s1))
	// Unscaled: a = ua/10^s1, b = ub/10^s2, and the result's unscaled
	// value is ua*10^e/ub with e = s - s1 + s2; k carries one digit more
	// for rounding.
	e := s - s1 + s2
	if e+1 > 37 || s1 > 37 || s2 > 37 {
		return
	}
	start := p.leftStart(i - 1)
	end := p.rightEnd(i + 1)
	if start < 0 || end < 0 {
		return
	}
	left := strings.TrimSpace(p.sql[p.toks[start].Pos:p.toks[i].Pos])
	right := strings.TrimSpace(p.sql[p.toks[i].End():p.toks[end].End()])
	q := fmt.Sprintf("trino_decimal_divide(CAST((%s) * %s AS HUGEINT), CAST((%s) * %s AS HUGEINT), %s)",
		left, pow10(s1), right, pow10(s2), pow10(e+1))
	text := fmt.Sprintf("CAST(CAST(%s AS DECIMAL(38,0)) AS DECIMAL(%d,%d))", q, prec, s)
	if s > 0 {
		text = fmt.Sprintf("CAST(CAST(%s AS DECIMAL(38,0)) * 0.%s1 AS DECIMAL(%d,%d))", q, strings.Repeat("0", s-1), prec, s)
	}
	p.edits = append(p.edits, edit{p.toks[start].Pos, p.toks[end].End(), text, editRetyping})
}

// pow10 spells 10^n as a HUGEINT expression.
func pow10(n int) string {
	return "CAST('1" + strings.Repeat("0", n) + "' AS HUGEINT)"
}

// matchForward returns the index of the token closing the group opened at
// toks[i], or -1.
func (p *planPass) matchForward(i int) int {
	depth := 0
	for j := i; j < len(p.toks); j++ {
		switch t := p.toks[j]; {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			depth++
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			depth--
			if depth == 0 {
				return j
			}
			if depth < 0 {
				return -1
			}
		}
	}
	return -1
}

// matchBackward returns the index of the token opening the group closed at
// toks[j], or -1.
func (p *planPass) matchBackward(j int) int {
	depth := 0
	for i := j; i >= 0; i-- {
		switch t := p.toks[i]; {
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			depth++
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			depth--
			if depth == 0 {
				return i
			}
			if depth < 0 {
				return -1
			}
		}
	}
	return -1
}

// notCallee lists the words that, before a parenthesis, do not make a
// function call of it.
var notCallee = map[string]bool{
	"AND": true, "OR": true, "NOT": true, "WHERE": true, "SELECT": true, "ON": true, "WHEN": true,
	"THEN": true, "ELSE": true, "IN": true, "BY": true, "HAVING": true, "AS": true, "IS": true,
	"BETWEEN": true, "LIKE": true, "CASE": true, "EXISTS": true, "FROM": true, "JOIN": true,
	"DISTINCT": true, "ALL": true, "ANY": true, "SOME": true, "VALUES": true, "RETURN": true,
	"USING": true, "LIMIT": true, "OFFSET": true, "ILIKE": true, "SIMILAR": true, "END": true,
}

// operandEnd reports whether toks[i] can end an operand.
func (p *planPass) operandEnd(i int) bool {
	if i < 0 {
		return false
	}
	t := p.toks[i]
	switch t.Kind {
	case sqltext.Ident, sqltext.QuotedIdent, sqltext.BacktickIdent, sqltext.Number, sqltext.String:
		return true
	}
	return t.IsOp(")") || t.IsOp("]") || t.IsWord("NULL") || t.IsWord("TRUE") || t.IsWord("FALSE") || t.IsWord("END")
}

// primaryStart returns the first token of the operand that ends at
// toks[j] (a name, literal, call or group with its subscripts), or -1.
func (p *planPass) primaryStart(j int) int {
	if j < 0 {
		return -1
	}
	t := p.toks[j]
	switch {
	case t.IsOp(")"):
		open := p.matchBackward(j)
		if open < 0 {
			return -1
		}
		if open == 0 {
			return open
		}
		prev := p.toks[open-1]
		if prev.IsWord("OVER") || prev.IsWord("FILTER") || prev.IsWord("WITHIN") {
			return -1
		}
		if (prev.Kind == sqltext.Ident || prev.Kind == sqltext.QuotedIdent || prev.Kind == sqltext.Keyword) &&
			!notCallee[prev.Upper()] {
			return p.qualified(open - 1)
		}
		return open
	case t.IsOp("]"):
		open := p.matchBackward(j)
		if open < 0 {
			return -1
		}
		if p.operandEnd(open - 1) {
			return p.primaryStart(open - 1)
		}
		if open > 0 && p.toks[open-1].IsWord("ARRAY") {
			return open - 1
		}
		return open
	case t.Kind == sqltext.Ident || t.Kind == sqltext.QuotedIdent || t.Kind == sqltext.BacktickIdent:
		return p.qualified(j)
	case t.Kind == sqltext.Number:
		return j
	case t.Kind == sqltext.String:
		if j > 0 && typedLiteral[p.toks[j-1].Upper()] && p.toks[j-1].Kind != sqltext.String {
			return j - 1
		}
		return j
	case t.IsWord("NULL") || t.IsWord("TRUE") || t.IsWord("FALSE"):
		return j
	}
	return -1
}

// qualified extends the name at toks[j] back over a.b. qualifiers.
func (p *planPass) qualified(j int) int {
	for j >= 2 && p.toks[j-1].IsOp(".") && (p.toks[j-2].IsName() || p.toks[j-2].Kind == sqltext.Keyword) {
		j -= 2
	}
	return j
}

// leftStart returns the first token of a division's left operand, which
// ends at toks[j]: operands chained by *, / and % (same precedence, left
// associative) and a unary sign. -1 when it cannot tell.
func (p *planPass) leftStart(j int) int { return p.operandStart(j, multiplicative) }

// rightEnd returns the last token of a division's right operand, which
// starts at toks[i], or -1.
func (p *planPass) rightEnd(i int) int {
	if i < len(p.toks) && (p.toks[i].IsOp("-") || p.toks[i].IsOp("+")) {
		i++
	}
	if i >= len(p.toks) {
		return -1
	}
	t := p.toks[i]
	var end int
	switch {
	case t.IsOp("(") || t.IsOp("["):
		end = p.matchForward(i)
	case t.IsWord("ARRAY") && i+1 < len(p.toks) && p.toks[i+1].IsOp("["):
		end = p.matchForward(i + 1)
	case isName(t) || t.Kind == sqltext.Keyword && !notCallee[t.Upper()] && i+1 < len(p.toks) && p.toks[i+1].IsOp("("):
		end = i
		for end+2 < len(p.toks) && p.toks[end+1].IsOp(".") && (isName(p.toks[end+2]) || p.toks[end+2].Kind == sqltext.Keyword) {
			end += 2
		}
		if end+1 < len(p.toks) && p.toks[end+1].IsOp("(") {
			end = p.matchForward(end + 1)
			if end >= 0 && end+1 < len(p.toks) && (p.toks[end+1].IsWord("OVER") || p.toks[end+1].IsWord("FILTER")) {
				return -1
			}
		}
	case t.Kind == sqltext.Keyword && typedLiteral[t.Upper()] && i+1 < len(p.toks) && p.toks[i+1].Kind == sqltext.String:
		end = i + 1
	case t.Kind == sqltext.Number || t.Kind == sqltext.String || t.IsWord("NULL") || t.IsWord("TRUE") || t.IsWord("FALSE"):
		end = i
	default:
		return -1
	}
	if end < 0 {
		return -1
	}
	for end+1 < len(p.toks) {
		switch n := p.toks[end+1]; {
		case n.IsOp("["):
			end = p.matchForward(end + 1)
			if end < 0 {
				return -1
			}
		case n.IsOp(".") && end+2 < len(p.toks) && isName(p.toks[end+2]):
			end += 2
		case n.IsOp("::") || n.IsOp("^") || n.IsOp("(") || n.Kind == sqltext.String:
			return -1
		default:
			return end
		}
	}
	return end
}

func isName(t sqltext.Token) bool {
	return t.Kind == sqltext.Ident || t.Kind == sqltext.QuotedIdent || t.Kind == sqltext.BacktickIdent
}

// apply applies the round's edits. An edit that contains another waits for
// the next round, and so do edits that overlap one already taken.
func (p *planPass) apply() (string, bool, error) {
	if len(p.edits) == 0 {
		return p.sql, false, nil
	}
	sort.Slice(p.edits, func(a, b int) bool {
		if p.edits[a].start != p.edits[b].start {
			return p.edits[a].start < p.edits[b].start
		}
		return p.edits[a].end < p.edits[b].end
	})
	var keep []edit
	again := false
	for k, e := range p.edits {
		contains := false
		for m, o := range p.edits {
			if m != k && o.start >= e.start && o.end <= e.end && (o.start != e.start || o.end != e.end || m < k) {
				contains = true
				break
			}
		}
		if contains || len(keep) > 0 && e.start < keep[len(keep)-1].end {
			again = true // it waits for the next round
			continue
		}
		keep = append(keep, e)
		if e.kind == editHold {
			again = true
		}
	}
	var b strings.Builder
	last := 0
	for _, e := range keep {
		b.WriteString(p.sql[last:e.start])
		b.WriteString(e.text)
		last = e.end
	}
	b.WriteString(p.sql[last:])
	out := b.String()
	if strings.Contains(out, typeofHold) {
		// A held typeof must be released and folded: never stop here.
		again = true
	}
	if !again {
		// A retyped expression matters only to what encloses it: another
		// division, round, typeof or comparison outside every edit.
		for _, e := range keep {
			if e.kind == editRetyping && p.enclosed(e) {
				again = true
				break
			}
		}
	}
	return out, again, nil
}

// enclosed reports whether e lies inside a group or next to an operator
// that the next round may have to rewrite for e's new type.
func (p *planPass) enclosed(e edit) bool {
	for _, t := range p.toks {
		if t.Pos >= e.start && t.End() <= e.end {
			continue
		}
		if t.Kind == sqltext.Operator && (t.Text == "/" || comparisons[t.Text] != "") {
			return true
		}
		if t.IsWord("typeof") || t.IsWord("trino_round") || t.IsWord("round") {
			return true
		}
	}
	return false
}
