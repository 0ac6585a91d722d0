package emulator

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/athenaq/athenaq/emulator/internal/athena"
	"github.com/athenaq/athenaq/emulator/internal/catalog"
	"github.com/athenaq/athenaq/internal/sqltext"
)

// DuckDB has no varchar(n) or char(n): it reads both as VARCHAR, so the
// engine reports every text column as an unbounded varchar. Athena reports
// the declared length as the column's Precision, and char(n) as type char
// (FACTS §2.4). The emulator recovers the length from the statement text
// where a select item plainly carries it: a table column declared
// varchar(n) or char(n), named bare, qualified or through *, and
// CAST(x AS varchar(n)) or CAST(x AS char(n)) as a whole item. Anything
// else (expressions, subqueries, set operations, views) keeps the engine's
// unbounded varchar.

// textLength is the declared type of a text output column: typ is
// "varchar" or "char", n the length; n == 0 means nothing is known.
type textLength struct {
	typ string
	n   int
}

// applyTextLengths returns cols with the declared lengths of sql's output
// columns, in database as the current schema. Columns the engine did not
// report as varchar keep their type.
func (s *Server) applyTextLengths(cols []athena.Column, database, sql string, params []string) []athena.Column {
	bound, err := sqltext.BindParameters(sql, params)
	if err != nil {
		return cols
	}
	lengths := textLengths(bound, func(parts []string) ([]catalog.Column, bool) {
		db, name, ok := resolveRef(database, parts)
		if !ok {
			return nil, false
		}
		t, found := s.catalog.Table(db, name)
		if !found || t.IsView() {
			return nil, false
		}
		return t.AllColumns(), true
	})
	if len(lengths) != len(cols) {
		return cols
	}
	var out []athena.Column
	for i, c := range cols {
		if l := lengths[i]; l.n > 0 && c.Type == "varchar" {
			if out == nil {
				out = append([]athena.Column(nil), cols...)
			}
			out[i] = athena.NewColumn(c.Name, l.typ, l.n, 0)
		}
	}
	if out == nil {
		return cols
	}
	return out
}

// fromSource is one relation of a FROM clause: a catalog table with its
// column lengths, or an unknown one (a subquery, a view, a CTE).
type fromSource struct {
	name, alias string
	known       bool
	columns     []string // lowercased, in the table's order
	lengths     []textLength
}

// tableColumns returns the columns of the catalog table a 1- to 3-part
// name refers to; ok is false for anything else (views included).
type tableColumns func(parts []string) (columns []catalog.Column, ok bool)

// textLengths returns the declared text type of each output column of the
// SELECT sql, or nil when the columns cannot be told apart statically.
// It never panics, whatever sql holds.
func textLengths(sql string, table tableColumns) []textLength {
	toks, err := significant(sql)
	if err != nil || len(toks) == 0 {
		return nil
	}
	sel, ctes := mainSelect(toks)
	if sel < 0 {
		return nil
	}
	// The select list runs to FROM; FROM to the next clause.
	i := sel + 1
	if i < len(toks) && (toks[i].IsWord("DISTINCT") || toks[i].IsWord("ALL")) {
		i++
	}
	listStart, listEnd := i, -1
	fromStart, fromEnd := -1, len(toks)
	for d := 0; i < len(toks); i++ {
		t := toks[i]
		switch {
		case t.IsOp("(") || t.IsOp("["):
			d++
		case t.IsOp(")") || t.IsOp("]"):
			d--
		case d == 0 && (t.IsWord("UNION") || t.IsWord("EXCEPT") || t.IsWord("INTERSECT")):
			return nil // set operations unify the types of their sides
		case d == 0 && t.IsWord("FROM") && listEnd < 0:
			listEnd, fromStart = i, i+1
		case d == 0 && listEnd < 0 && clauseWord(t):
			listEnd = i
		case d == 0 && fromStart >= 0 && fromEnd == len(toks) && clauseWord(t):
			fromEnd = i
		}
	}
	if listEnd < 0 {
		listEnd = len(toks)
	}
	var sources []fromSource
	if fromStart >= 0 {
		sources = fromSources(toks[fromStart:fromEnd], ctes, table)
	}
	var out []textLength
	for _, item := range splitTop(toks[listStart:listEnd]) {
		switch {
		case len(item) == 1 && item[0].IsOp("*"):
			if len(sources) == 0 {
				return nil
			}
			for _, src := range sources {
				if !src.known {
					return nil
				}
				out = append(out, src.lengths...)
			}
		case len(item) == 3 && item[0].IsName() && item[1].IsOp(".") && item[2].IsOp("*"):
			src := findSource(sources, item[0].Value())
			if src == nil || !src.known {
				return nil
			}
			out = append(out, src.lengths...)
		default:
			out = append(out, itemLength(stripAlias(item), sources))
		}
	}
	return out
}

// mainSelect returns the index of the SELECT of the statement's outermost
// query, after any WITH list, and the names the WITH list defines.
func mainSelect(toks []sqltext.Token) (int, map[string]bool) {
	ctes := map[string]bool{}
	i := 0
	if toks[0].IsWord("WITH") {
		i = 1
		if i < len(toks) && toks[i].IsWord("RECURSIVE") {
			i++
		}
		for d := 0; i < len(toks); i++ {
			t := toks[i]
			switch {
			case t.IsOp("("):
				d++
			case t.IsOp(")"):
				d--
			case d == 0 && t.IsName() && (i == 1 || toks[i-1].IsOp(",") || toks[i-1].IsWord("RECURSIVE")):
				ctes[strings.ToLower(t.Value())] = true
			case d == 0 && t.IsWord("SELECT"):
				return i, ctes
			}
		}
		return -1, nil
	}
	if toks[0].IsWord("SELECT") {
		return 0, ctes
	}
	return -1, nil
}

// clauseWord reports whether t starts a clause after FROM.
func clauseWord(t sqltext.Token) bool {
	for _, w := range []string{"WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "FETCH", "WINDOW"} {
		if t.IsWord(w) {
			return true
		}
	}
	return false
}

// splitTop splits ts at commas outside brackets.
func splitTop(ts []sqltext.Token) [][]sqltext.Token {
	var out [][]sqltext.Token
	start, d := 0, 0
	for i, t := range ts {
		switch {
		case t.IsOp("(") || t.IsOp("["):
			d++
		case t.IsOp(")") || t.IsOp("]"):
			d--
		case d == 0 && t.IsOp(","):
			out = append(out, ts[start:i])
			start = i + 1
		}
	}
	if start < len(ts) {
		out = append(out, ts[start:])
	}
	return out
}

// joinWords are the words that separate or qualify the relations of a FROM
// clause and so cannot be aliases.
var joinWords = map[string]bool{
	"JOIN": true, "INNER": true, "LEFT": true, "RIGHT": true, "FULL": true, "OUTER": true, "CROSS": true,
	"NATURAL": true, "ON": true, "USING": true, "TABLESAMPLE": true, "FOR": true,
}

// fromSources reads the relations of a FROM clause.
func fromSources(ts []sqltext.Token, ctes map[string]bool, table tableColumns) []fromSource {
	var out []fromSource
	for i := 0; i < len(ts); {
		// A relation starts here; skip what follows it up to the next one.
		var src fromSource
		var parts []string
		if ts[i].IsOp("(") || ts[i].IsWord("UNNEST") || ts[i].IsWord("LATERAL") {
			i = skipGroup(ts, i)
		} else {
			for i < len(ts) && ts[i].IsName() {
				parts = append(parts, ts[i].Value())
				i++
				if i+1 < len(ts) && ts[i].IsOp(".") && ts[i+1].IsName() {
					i++
					continue
				}
				break
			}
		}
		if i < len(ts) && ts[i].IsWord("AS") {
			i++
		}
		if i < len(ts) && ts[i].IsName() && !joinWords[strings.ToUpper(ts[i].Text)] {
			src.alias = strings.ToLower(ts[i].Value())
			i++
			if i < len(ts) && ts[i].IsOp("(") {
				// Column aliases rename the relation's columns.
				i = skipGroup(ts, i)
				parts = nil
			}
		}
		if len(parts) > 0 {
			src.name = strings.ToLower(parts[len(parts)-1])
			if !(len(parts) == 1 && ctes[src.name]) {
				describeSource(parts, &src, table)
			}
		}
		out = append(out, src)
		for d := 0; i < len(ts); i++ {
			t := ts[i]
			if t.IsOp("(") {
				d++
			} else if t.IsOp(")") {
				d--
			} else if d == 0 && (t.IsOp(",") || t.IsWord("JOIN")) {
				i++
				break
			}
		}
	}
	return out
}

// describeSource fills src with the columns of the catalog table parts
// names, if it is a table.
func describeSource(parts []string, src *fromSource, table tableColumns) {
	cols, ok := table(parts)
	if !ok {
		return
	}
	src.known = true
	for _, c := range cols {
		src.columns = append(src.columns, strings.ToLower(c.Name))
		src.lengths = append(src.lengths, declaredLength(c.Type))
	}
}

// skipGroup returns the index after the bracketed group, or the word and
// its group, that starts at ts[i].
func skipGroup(ts []sqltext.Token, i int) int {
	if !ts[i].IsOp("(") {
		i++
		if i >= len(ts) || !ts[i].IsOp("(") {
			return i
		}
	}
	for d := 0; i < len(ts); i++ {
		if ts[i].IsOp("(") {
			d++
		} else if ts[i].IsOp(")") {
			if d--; d == 0 {
				return i + 1
			}
		}
	}
	return i
}

func findSource(sources []fromSource, name string) *fromSource {
	name = strings.ToLower(name)
	for i := range sources {
		if sources[i].alias == name || sources[i].alias == "" && sources[i].name == name {
			return &sources[i]
		}
	}
	return nil
}

// stripAlias drops "AS alias" or a bare trailing alias from a select item.
func stripAlias(item []sqltext.Token) []sqltext.Token {
	n := len(item)
	switch {
	case n >= 3 && item[n-2].IsWord("AS") && item[n-1].IsName():
		return item[:n-2]
	case n >= 2 && item[n-1].IsName() && (item[n-2].IsName() || item[n-2].IsOp(")")):
		return item[:n-1]
	}
	return item
}

// itemLength returns the declared text type of one select expression.
func itemLength(expr []sqltext.Token, sources []fromSource) textLength {
	switch {
	case len(expr) == 1 && expr[0].IsName():
		var found *fromSource
		for i := range sources {
			if columnIndex(sources[i].columns, expr[0].Value()) >= 0 {
				if found != nil {
					return textLength{} // ambiguous
				}
				found = &sources[i]
			}
		}
		if found != nil {
			return found.lengths[columnIndex(found.columns, expr[0].Value())]
		}
	case len(expr) == 3 && expr[0].IsName() && expr[1].IsOp(".") && expr[2].IsName():
		if src := findSource(sources, expr[0].Value()); src != nil {
			if k := columnIndex(src.columns, expr[2].Value()); k >= 0 {
				return src.lengths[k]
			}
		}
	case len(expr) >= 6 && (expr[0].IsWord("CAST") || expr[0].IsWord("TRY_CAST")) && expr[1].IsOp("(") &&
		skipGroup(expr, 1) == len(expr):
		// CAST(x AS varchar(n)): the type is the tokens after the last AS
		// outside brackets, up to the closing parenthesis.
		inner := expr[2 : len(expr)-1]
		as := -1
		for k, d := 0, 0; k < len(inner); k++ {
			switch {
			case inner[k].IsOp("(") || inner[k].IsOp("["):
				d++
			case inner[k].IsOp(")") || inner[k].IsOp("]"):
				d--
			case d == 0 && inner[k].IsWord("AS"):
				as = k
			}
		}
		if as < 0 {
			break
		}
		typ := inner[as+1:]
		if len(typ) == 4 && typ[1].IsOp("(") && typ[2].Kind == sqltext.Number && typ[3].IsOp(")") {
			return declaredLength(typ[0].Text + "(" + typ[2].Text + ")")
		}
	}
	return textLength{}
}

// columnIndex returns the position of name among columns (lowercased), or -1.
func columnIndex(columns []string, name string) int {
	return slices.Index(columns, strings.ToLower(name))
}

var lengthType = regexp.MustCompile(`^(?i)(varchar|char)\s*\(\s*(\d+)\s*\)$`)

// declaredLength reads varchar(n) or char(n) from a type's text.
func declaredLength(typ string) textLength {
	m := lengthType.FindStringSubmatch(strings.TrimSpace(typ))
	if m == nil {
		return textLength{}
	}
	n, err := strconv.Atoi(m[2])
	if err != nil || n <= 0 {
		return textLength{}
	}
	return textLength{typ: strings.ToLower(m[1]), n: n}
}
