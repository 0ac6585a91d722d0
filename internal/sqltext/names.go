package sqltext

import (
	"sort"
	"strconv"
	"strings"
)

// UnnamedPrefix starts the alias NameUnnamedColumns gives a select item that
// Athena would name _col<i>. The engine renames every output column whose
// name starts with it to _col<output index>.
const UnnamedPrefix = "__unnamed_"

// NameUnnamedColumns prepares a query for DuckDB so that its output columns
// can be named as Athena names them (FACTS §5, "column label row"): an item
// that is neither aliased nor a plain column reference (a, t.a, "A", t.a.b)
// is called _col<i>, i being its output position.
//
// It rewrites the select list of the outermost query specification: the
// first SELECT after any leading parentheses and WITH clause; for UNION,
// INTERSECT and EXCEPT only that first branch, which names the columns. Each
// item that needs a name gets ` AS "__unnamed_<k>"`, k being the item's
// 0-based ordinal in the list (not its output index, which * and t.* shift).
// * and t.* items are left alone.
//
// A query whose body is VALUES becomes SELECT * FROM (VALUES ...) AS
// _v("_col0", ...), the width taken from the first row (VALUES 1, 2 has width
// 1), so DuckDB names those columns itself. TABLE t becomes SELECT * FROM t.
//
// sql must be the query itself (for a CTAS, the part after AS). Anything
// else, and any text it cannot follow, is returned unchanged.
func NameUnnamedColumns(sql string) string {
	toks, err := Tokenize(sql)
	if err != nil {
		return sql
	}
	c := newCursor(toks)
	var edits []edit
	if !nameQuery(c, &edits, 0) || len(edits) == 0 {
		return sql
	}
	return applyEdits(sql, edits)
}

// edit replaces sql[pos:end] with text; pos == end inserts.
type edit struct {
	pos, end int
	text     string
}

func applyEdits(sql string, edits []edit) string {
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].pos < edits[j].pos })
	var b strings.Builder
	last := 0
	for _, e := range edits {
		if e.pos < last {
			return sql
		}
		b.WriteString(sql[last:e.pos])
		b.WriteString(e.text)
		last = e.end
	}
	b.WriteString(sql[last:])
	return b.String()
}

// nameQuery handles a query expression at the cursor: leading parentheses,
// a WITH clause, then a SELECT, VALUES or TABLE body.
func nameQuery(c *cursor, edits *[]edit, depth int) bool {
	if depth > 50 {
		return false
	}
	for c.acceptOp("(") {
	}
	if c.accept("WITH") {
		c.accept("RECURSIVE")
		for {
			if _, ok := c.name(); !ok {
				return false
			}
			if c.peek(0).IsOp("(") && !c.skipGroup() {
				return false
			}
			if !c.accept("AS") || !c.peek(0).IsOp("(") || !c.skipGroup() {
				return false
			}
			if !c.acceptOp(",") {
				break
			}
		}
		return nameQuery(c, edits, depth+1)
	}
	switch c.word(0) {
	case "SELECT":
		c.i++
		return nameSelectList(c, edits)
	case "TABLE":
		t := c.peek(0)
		*edits = append(*edits, edit{pos: t.Pos, end: t.End(), text: "SELECT * FROM"})
		return true
	case "VALUES":
		return nameValues(c, edits)
	}
	return false
}

// nameValues wraps the VALUES body at the cursor, up to the end of its
// enclosing parentheses or of the statement, into a SELECT with _colN names.
func nameValues(c *cursor, edits *[]edit) bool {
	start := c.peek(0)
	c.i++
	width := 1
	if c.word(0) == "ROW" && c.peek(1).IsOp("(") {
		c.i++
	}
	if c.peek(0).IsOp("(") {
		open := c.i
		if c.peek(1).IsOp(")") || !c.skipGroup() {
			return false
		}
		// The group is the first row unless an operator follows it, as in
		// VALUES (1 + 2) * 3.
		if next := c.peek(0); next.Pos < 0 || next.IsOp(",") || next.IsOp(")") || next.IsOp(";") ||
			next.Kind == Keyword || next.Kind == Ident {
			width = 1
			depth := 0
			for k := open + 1; k < c.i-1; k++ {
				switch t := c.toks[k]; {
				case t.opensGroup():
					depth++
				case t.closesGroup():
					depth--
				case t.IsOp(",") && depth == 0:
					width++
				}
			}
		}
	}
	// Find the last token of the body: before the ')' that closes the
	// enclosing group, a ';', or the end.
	depth, last := 0, c.i-1
	for k := c.i; k < len(c.toks); k++ {
		t := c.toks[k]
		if t.opensGroup() {
			depth++
		} else if t.closesGroup() {
			if depth == 0 {
				break
			}
			depth--
		} else if t.IsOp(";") && depth == 0 {
			break
		}
		last = k
	}
	end := c.toks[last].End()
	var cols strings.Builder
	for k := 0; k < width; k++ {
		if k > 0 {
			cols.WriteString(", ")
		}
		cols.WriteString(`"_col` + strconv.Itoa(k) + `"`)
	}
	*edits = append(*edits,
		edit{pos: start.Pos, end: start.Pos, text: "SELECT * FROM ("},
		edit{pos: end, end: end, text: ") AS _v(" + cols.String() + ")"})
	return true
}

// nameSelectList adds aliases to the select list that starts at the cursor.
func nameSelectList(c *cursor, edits *[]edit) bool {
	if !c.accept("DISTINCT") {
		c.accept("ALL")
	}
	for k := 0; ; k++ {
		start, depth := c.i, 0
		for !c.done() {
			t := c.peek(0)
			if depth == 0 && (t.IsOp(",") || t.IsOp(")") || t.IsOp(";") || endsSelectList(c)) {
				break
			}
			if t.opensGroup() {
				depth++
			} else if t.closesGroup() {
				depth--
			}
			c.i++
		}
		item := c.toks[start:c.i]
		if len(item) == 0 || depth != 0 {
			return false
		}
		if needsName(item) {
			at := item[len(item)-1].End()
			*edits = append(*edits, edit{pos: at, end: at, text: ` AS "` + UnnamedPrefix + strconv.Itoa(k) + `"`})
		}
		if !c.acceptOp(",") {
			return true
		}
	}
}

// endsSelectList reports whether the word at the cursor, outside
// parentheses, starts the clause after a select list.
func endsSelectList(c *cursor) bool {
	switch c.word(0) {
	case "FROM":
		// a IS [NOT] DISTINCT FROM b stays in the item.
		return !c.peek(-1).IsWord("DISTINCT")
	case "GROUP":
		// listagg(x, ',') WITHIN GROUP (ORDER BY x) stays in the item.
		return !c.peek(-1).IsWord("WITHIN")
	case "WHERE", "HAVING", "ORDER", "LIMIT", "OFFSET", "FETCH", "UNION", "INTERSECT", "EXCEPT", "WINDOW", "INTO":
		return true
	}
	return false
}

// needsName reports whether a select item (its significant tokens) gets
// Athena's _colN name: it is not *, not t.*, not aliased and not a column
// reference.
func needsName(item []Token) bool {
	n := len(item)
	if n == 1 && item[0].IsOp("*") {
		return false
	}
	for k := 1; k < n; k++ {
		// t.* and row.* expand to several columns, named by the source.
		if item[k].IsOp("*") && item[k-1].IsOp(".") {
			return false
		}
	}
	if n >= 2 && item[n-2].IsWord("AS") {
		return false
	}
	// INTERVAL '1' DAY: the unit after an interval string is no alias.
	unit := n >= 3 && intervalUnits[item[n-1].Upper()] && item[n-2].Kind == String &&
		(item[n-3].IsWord("INTERVAL") || n >= 4 && item[n-4].IsWord("INTERVAL"))
	if n >= 2 && item[n-1].IsName() && !unit && endsExpression(item[:n-1]) {
		return false // implicit alias: count(*) c
	}
	// A column reference, possibly in parentheses: a, t.a, "A", (t.a).
	for n >= 3 && item[0].IsOp("(") && item[n-1].IsOp(")") && closes(item, 0) == n-1 {
		item, n = item[1:n-1], n-2
	}
	for k, t := range item {
		if k%2 == 0 && !t.IsName() || k%2 == 1 && !t.IsOp(".") {
			return true
		}
	}
	return n%2 == 0
}

// closes returns the index of the token that closes the parenthesis at open.
func closes(item []Token, open int) int {
	depth := 0
	for k := open; k < len(item); k++ {
		if item[k].IsOp("(") {
			depth++
		} else if item[k].IsOp(")") {
			depth--
			if depth == 0 {
				return k
			}
		}
	}
	return -1
}

// endsExpression reports whether the tokens form something a name can
// follow as an implicit alias: their last token ends an expression.
func endsExpression(toks []Token) bool {
	n := len(toks)
	last := toks[n-1]
	switch last.Kind {
	case Number, String, QuotedIdent, BacktickIdent:
		return true
	case Operator:
		return last.closesGroup()
	case Keyword:
		return last.IsWord("END") || niladic[last.Upper()]
	case Ident:
		switch last.Upper() {
		case "OVER", "ZONE", "TO", "INTERVAL", "PRECISION":
			// rank() OVER w, AT TIME ZONE tz, INTERVAL '1' DAY TO SECOND: the
			// name is an operand, not an alias.
			return false
		}
		return true
	}
	return false
}
