package sqltext

import "strings"

// DoubleLiterals rewrites every unsuffixed decimal or exponent literal (1.5,
// .5, 1., 1e3, 2.5E-3) into CAST(<literal> AS DOUBLE). Athena types such
// literals as DOUBLE, so SELECT 0.1 + 0.2 reads 0.30000000000000004, while
// DuckDB would type them DECIMAL (FACTS §5 notes). Integers, hexadecimal,
// binary and octal literals, strings (so DECIMAL '1.5' too), identifiers and
// the sample size of TABLESAMPLE stay as they are. Varbinary literals
// X'0102' become unhex('0102'), since DuckDB reads X'...' as text. sql is
// returned unchanged when it does not tokenize.
func DoubleLiterals(sql string) string {
	toks, err := Tokenize(sql)
	if err != nil {
		return sql
	}
	var b strings.Builder
	changed := false
	sample, depth := false, 0 // inside TABLESAMPLE method (...)
	for _, t := range toks {
		switch {
		case t.IsWord("TABLESAMPLE"):
			sample, depth = true, 0
		case sample && t.IsOp("("):
			depth++
		case sample && t.IsOp(")"):
			depth--
			if depth <= 0 {
				sample = false
			}
		case t.Kind == String && len(t.Text) > 1 && (t.Text[0] == 'X' || t.Text[0] == 'x') && t.Text[1] == '\'':
			b.WriteString("unhex(" + t.Text[1:] + ")")
			changed = true
			continue
		case t.Kind == Number && !sample && isDoubleLiteral(t.Text):
			b.WriteString("CAST(" + t.Text + " AS DOUBLE)")
			changed = true
			continue
		}
		b.WriteString(t.Text)
	}
	if !changed {
		return sql
	}
	return b.String()
}

// isDoubleLiteral reports whether a Number token is a decimal or exponent
// literal rather than an integer.
func isDoubleLiteral(n string) bool {
	if len(n) > 1 && n[0] == '0' && strings.ContainsAny(n[1:2], "xXbBoO") {
		return false
	}
	return strings.ContainsAny(n, ".eE")
}
