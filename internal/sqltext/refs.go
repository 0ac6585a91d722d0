package sqltext

import "strings"

// QualifiedName is a dotted object name such as db.t or
// awsdatacatalog.db.t.
type QualifiedName struct {
	// Parts holds 1 to 3 parts, quotes removed and lowercased, as Athena
	// folds every identifier: [name], [schema, name] or
	// [catalog, schema, name].
	Parts []string
	// Quoted reports whether some part was double-quoted. Athena refuses
	// double-quoted table names in its Hive-grammar statements (FACTS §1.7).
	Quoted bool
	// Pos and End are the byte span of the name in the input.
	Pos, End int
}

// Name returns the last part, or "" for the zero QualifiedName.
func (q QualifiedName) Name() string { return q.part(1) }

// Schema returns the part before the name, or "" when there is none.
func (q QualifiedName) Schema() string { return q.part(2) }

// Catalog returns the part before the schema, or "" when there is none.
func (q QualifiedName) Catalog() string { return q.part(3) }

func (q QualifiedName) part(fromEnd int) string {
	if i := len(q.Parts) - fromEnd; i >= 0 {
		return q.Parts[i]
	}
	return ""
}

// String returns the parts joined with dots, without quotes.
func (q QualifiedName) String() string { return strings.Join(q.Parts, ".") }

// TableRefs returns, in order of appearance, every name of one to three
// parts that may denote a table: a name after FROM, JOIN, INTO, TABLE,
// UPDATE, USING, VIEW or IN, each name of a comma list in a FROM clause, the
// target of DESCRIBE/DESC, VACUUM and OPTIMIZE, and the table of SHOW
// PARTITIONS and SHOW TBLPROPERTIES. IF [NOT] EXISTS and LATERAL are skipped.
//
// It over-reports on purpose (CTE names, the db of SHOW TABLES IN db, the
// operand of EXTRACT(x FROM y)): the caller uses it to decide which catalog
// tables to make visible before a query runs, where an extra name costs a
// lookup and a missing one breaks the query. It returns nil when sql does not
// tokenize.
func TableRefs(sql string) []QualifiedName {
	toks, err := Tokenize(sql)
	if err != nil {
		return nil
	}
	c := newCursor(toks)
	var out []QualifiedName
	read := func(at int) {
		r := cursor{toks: c.toks, i: at}
		if !r.accept("IF", "EXISTS") && !r.accept("IF", "NOT", "EXISTS") {
			r.accept("LATERAL")
		}
		if q, ok := r.name(); ok && len(q.Parts) <= 3 {
			out = append(out, q)
		}
	}
	depth := 0
	var fromAt []int // depths at which a FROM clause is open
	for i, t := range c.toks {
		switch {
		case t.IsOp("("):
			depth++
		case t.IsOp(")"):
			for len(fromAt) > 0 && fromAt[len(fromAt)-1] >= depth {
				fromAt = fromAt[:len(fromAt)-1]
			}
			depth--
		case t.IsOp(","):
			if len(fromAt) > 0 && fromAt[len(fromAt)-1] == depth {
				read(i + 1)
			}
		case t.Kind == Keyword || t.Kind == Ident:
			switch t.Upper() {
			case "FROM":
				if len(fromAt) == 0 || fromAt[len(fromAt)-1] != depth {
					fromAt = append(fromAt, depth)
				}
				read(i + 1)
			case "JOIN", "INTO", "TABLE", "UPDATE", "VIEW", "IN":
				read(i + 1)
			case "USING":
				// MERGE ... USING s, but not OPTIMIZE ... REWRITE DATA USING BIN_PACK.
				if i == 0 || !c.toks[i-1].IsWord("DATA") {
					read(i + 1)
				}
			case "DESCRIBE", "DESC", "VACUUM", "OPTIMIZE":
				if i == 0 {
					r := i + 1
					if w := c.toks[min(r, len(c.toks)-1)].Upper(); (w == "EXTENDED" || w == "FORMATTED") &&
						r+1 < len(c.toks) && c.toks[r+1].IsName() {
						r++
					}
					read(r)
				}
			case "PARTITIONS", "TBLPROPERTIES":
				if i > 0 && c.toks[i-1].IsWord("SHOW") {
					read(i + 1)
				}
			case "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "FETCH", "UNION",
				"INTERSECT", "EXCEPT", "WINDOW", "SET", "WHEN", "SELECT", "VALUES":
				if len(fromAt) > 0 && fromAt[len(fromAt)-1] == depth {
					fromAt = fromAt[:len(fromAt)-1]
				}
			}
		}
	}
	return out
}

// Identifiers returns every identifier of sql (bare words that are not
// reserved keywords, double-quoted and back-quoted names), unquoted and
// lowercased, each once, in order of first appearance. It is a looser
// companion to TableRefs. It returns nil when sql does not tokenize.
func Identifiers(sql string) []string {
	toks, err := Tokenize(sql)
	if err != nil {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, t := range toks {
		if !t.IsName() {
			continue
		}
		v := strings.ToLower(t.Value())
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
