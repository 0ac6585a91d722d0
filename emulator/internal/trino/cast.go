package trino

import (
	"fmt"
	"strings"

	"github.com/athenaq/athenaq/internal/sqltext"
)

// cast rewrites CAST(x AS type) and TRY_CAST(x AS type), turning Trino's
// type syntax (array(integer), map(varchar, bigint), row(a integer),
// timestamp(3) with time zone, and the legacy array<integer> and
// map<varchar, bigint>) into DuckDB's. A cast to JSON becomes to_json,
// and a decimal literal cast to DECIMAL keeps its exact value.
func (r *rewriter) cast(ts []tok, i, j, depth int, inTry bool) (piece, int, error) {
	inner := ts[i+2 : j]
	as := -1
	d := 0
	for k, t := range inner {
		switch {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			d++
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			d--
		case d == 0 && t.IsWord("AS"):
			as = k
		}
	}
	if as < 0 {
		text, err := r.seq(inner, depth+1, inTry)
		if err != nil {
			return piece{}, 0, err
		}
		return piece{pre: ts[i].pre, text: ts[i].Text + "(" + text + ts[j].pre + ")", operand: true}, j + 1, nil
	}
	expr, err := r.seq(inner[:as], depth+1, inTry)
	if err != nil {
		return piece{}, 0, err
	}
	typ := raw(inner[as+1:])
	conv, ok := duckType(inner[as+1:], 0)
	if ok && conv == "JSON" {
		// Trino casts a varchar to a JSON string, where DuckDB parses the
		// text; to_json does what Trino's cast does for every type.
		// JSON '...' and json_parse still parse.
		r.changed = true
		return piece{pre: ts[i].pre, operand: true, text: "to_json(" + strings.TrimSpace(expr) + ts[j].pre + ")"}, j + 1, nil
	}
	if ok && strings.HasPrefix(conv, "DECIMAL") {
		if lit, isLit := decimalLiteral(inner[:as]); isLit {
			// A literal with a point is a double in Athena, but cast to a
			// decimal it keeps every digit: DECIMAL '...' is exact.
			expr = inner[0].pre + "DECIMAL '" + lit + "'"
			r.changed = true
		}
	}
	if ok && conv == "BOOLEAN" {
		r.changed = true
		return piece{pre: ts[i].pre, operand: true, text: booleanCast(ts[i].Text, expr, inTry)}, j + 1, nil
	}
	if ok {
		expr = r.castOperand(expr, conv)
	}
	if ok && !strings.EqualFold(squeeze(conv), squeeze(typ)) {
		typ = " " + conv
		r.changed = true
	}
	return piece{pre: ts[i].pre, operand: true,
		text: ts[i].Text + "(" + expr + inner[as].pre + inner[as].Text + typ + ts[j].pre + ")"}, j + 1, nil
}

// decimalLiteral returns the text of ts when it is one unsuffixed number
// literal with a decimal point and at most 38 digits, optionally signed.
func decimalLiteral(ts []tok) (string, bool) {
	sign := ""
	if len(ts) == 2 && (ts[0].IsOp("-") || ts[0].IsOp("+")) {
		sign, ts = ts[0].Text, ts[1:]
	}
	if len(ts) != 1 || ts[0].Kind != sqltext.Number || !strings.Contains(ts[0].Text, ".") {
		return "", false
	}
	digits := 0
	for _, c := range ts[0].Text {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c != '.':
			return "", false // an exponent, or a hexadecimal literal
		}
	}
	if digits == 0 || digits > 38 {
		return "", false
	}
	return sign + ts[0].Text, true
}

// duckType converts the Trino type spelled by ts. ok is false when ts is
// not a type it understands; the caller then keeps the text.
func duckType(ts []tok, depth int) (string, bool) {
	p := typeParser{ts: ts}
	s, ok := p.parse(depth)
	if !ok || p.i != len(ts) {
		return "", false
	}
	return s, true
}

type typeParser struct {
	ts []tok
	i  int
}

func (p *typeParser) peek(k int) tok {
	if p.i+k < len(p.ts) {
		return p.ts[p.i+k]
	}
	return tok{Token: sqltext.Token{Kind: sqltext.Other, Pos: -1}}
}

// words consumes the given words if they come next.
func (p *typeParser) words(ws ...string) bool {
	for k, w := range ws {
		if !p.peek(k).IsWord(w) {
			return false
		}
	}
	p.i += len(ws)
	return true
}

func (p *typeParser) op(o string) bool {
	if p.peek(0).IsOp(o) {
		p.i++
		return true
	}
	return false
}

// precision consumes an optional "(n)".
func (p *typeParser) precision() {
	if p.peek(0).IsOp("(") && p.peek(1).Kind == sqltext.Number && p.peek(2).IsOp(")") {
		p.i += 3
	}
}

func (p *typeParser) parse(depth int) (string, bool) {
	if depth > 50 {
		return "", false
	}
	t := p.peek(0)
	if !isWord(t) {
		return "", false
	}
	w := t.Upper()
	p.i++
	switch w {
	case "ARRAY":
		// array(t), or the legacy array<t>.
		closer := ")"
		if p.op("<") {
			closer = ">"
		} else if !p.op("(") {
			return "", false
		}
		e, ok := p.parse(depth + 1)
		if !ok || !p.op(closer) {
			return "", false
		}
		return e + "[]", true
	case "MAP":
		// map(k, v), or the legacy map<k, v>.
		closer := ")"
		if p.op("<") {
			closer = ">"
		} else if !p.op("(") {
			return "", false
		}
		k, ok := p.parse(depth + 1)
		if !ok || !p.op(",") {
			return "", false
		}
		v, ok := p.parse(depth + 1)
		if !ok || !p.op(closer) {
			return "", false
		}
		return "MAP(" + k + ", " + v + ")", true
	case "ROW":
		if !p.op("(") {
			return "", false
		}
		var fields []string
		for n := 0; ; n++ {
			name := fmt.Sprintf("field%d", n)
			f := p.peek(0)
			next := p.peek(1)
			if f.Kind == sqltext.QuotedIdent || (f.Kind == sqltext.Ident && (isWord(next) || next.Kind == sqltext.QuotedIdent) &&
				!(f.IsWord("DOUBLE") && next.IsWord("PRECISION")) && !next.IsWord("WITH") && !next.IsWord("WITHOUT")) {
				name = f.Text
				p.i++
			}
			ft, ok := p.parse(depth + 1)
			if !ok {
				return "", false
			}
			fields = append(fields, name+" "+ft)
			if p.op(")") {
				break
			}
			if !p.op(",") {
				return "", false
			}
		}
		return "STRUCT(" + strings.Join(fields, ", ") + ")", true
	case "TIMESTAMP", "TIME":
		p.precision()
		if p.words("WITH", "TIME", "ZONE") {
			return w + " WITH TIME ZONE", true
		}
		p.words("WITHOUT", "TIME", "ZONE")
		return w, true
	case "INTERVAL":
		if p.words("DAY", "TO", "SECOND") || p.words("YEAR", "TO", "MONTH") {
			return "INTERVAL", true
		}
		return "", false
	case "DOUBLE":
		p.words("PRECISION")
		return "DOUBLE", true
	case "VARBINARY":
		return "BLOB", true
	case "VARCHAR", "CHAR", "DECIMAL", "NUMERIC":
		out := w
		if p.peek(0).IsOp("(") {
			end := match(p.ts, p.i)
			if end < 0 {
				return "", false
			}
			out += strings.TrimSpace(raw(p.ts[p.i : end+1]))
			p.i = end + 1
		}
		return out, true
	case "BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "INT", "BIGINT", "REAL", "DATE", "JSON", "UUID":
		return w, true
	}
	return "", false
}

// squeeze drops the spaces of a type's text, for comparing spellings.
func squeeze(s string) string {
	return strings.Join(strings.Fields(s), "")
}
