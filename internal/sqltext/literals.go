package sqltext

import (
	"fmt"
	"strings"
)

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
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch {
		case t.IsWord("DECIMAL"):
			// DECIMAL '12.50' is decimal(4,2) in Trino; DuckDB would cast the
			// text to its default DECIMAL(18,3).
			if j := nextNonTrivia(toks, i+1); j > 0 && toks[j].Kind == String && toks[j].Text[0] == '\'' {
				if p, sc, ok := decimalShape(toks[j].Value()); ok {
					fmt.Fprintf(&b, "CAST(%s AS DECIMAL(%d,%d))", toks[j].Text, p, sc)
					i = j
					changed = true
					continue
				}
			}
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

// nextNonTrivia returns the index of the first token at or after i that is
// not whitespace or a comment, or -1.
func nextNonTrivia(toks []Token, i int) int {
	for ; i < len(toks); i++ {
		if !toks[i].IsTrivia() {
			return i
		}
	}
	return -1
}

// decimalShape returns the precision and scale Trino gives a decimal
// literal's text: its digit count (at least 1) and the digits after the
// point.
func decimalShape(text string) (precision, scale int, ok bool) {
	text = strings.TrimSpace(text)
	text = strings.TrimLeft(text, "+-")
	intPart, frac, _ := strings.Cut(text, ".")
	if intPart == "" && frac == "" {
		return 0, 0, false
	}
	for _, c := range intPart + frac {
		if c < '0' || c > '9' {
			return 0, 0, false
		}
	}
	intPart = strings.TrimLeft(intPart, "0")
	precision = max(len(intPart)+len(frac), 1)
	if precision > 38 {
		return 0, 0, false
	}
	return precision, len(frac), true
}
