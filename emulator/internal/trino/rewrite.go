package trino

import (
	"fmt"
	"strings"

	"github.com/athenaq/athenaq/internal/sqltext"
)

// UnsupportedError is a Trino construct that the emulator cannot run on
// DuckDB. The emulator reports it as NOT_SUPPORTED.
type UnsupportedError struct {
	Construct string // what the statement used, e.g. "date_format with a non-constant format"
}

// Error names the construct.
func (e *UnsupportedError) Error() string {
	return e.Construct + " is not supported"
}

func unsupported(format string, args ...any) error {
	return &UnsupportedError{Construct: fmt.Sprintf(format, args...)}
}

// maxDepth bounds the nesting Rewrite follows, so that hostile input cannot
// exhaust the stack.
const maxDepth = 200

// Rewrite turns one Athena (Trino) statement, parameters already bound,
// into DuckDB SQL. Identifiers and string literals pass through unchanged,
// and a statement that needs no rewriting is returned as it is. A construct
// that cannot run on DuckDB yields an *UnsupportedError; text that does not
// tokenize is returned unchanged for the engine to reject. Rewrite never
// panics.
func Rewrite(sql string) (string, error) {
	out, _, err := rewrite(sql)
	return out, err
}

// rewrite is Rewrite that also returns the byte offsets of the string
// literals it consumed on purpose: date patterns and regular-expression
// replacements translated into DuckDB's syntax, and the 'UTC' of AT TIME
// ZONE 'UTC'. Every other literal reaches the output unchanged.
func rewrite(sql string) (out string, consumed map[int]bool, err error) {
	defer func() {
		if p := recover(); p != nil {
			out, err = "", unsupported("statement (internal rewriter error: %v)", p)
		}
	}()
	all, terr := sqltext.Tokenize(sql)
	if terr != nil {
		return sql, nil, nil
	}
	r := &rewriter{consumed: map[int]bool{}, src: sql}
	var pre strings.Builder
	for _, t := range all {
		if t.IsTrivia() {
			pre.WriteString(trivia(t))
			continue
		}
		r.toks = append(r.toks, tok{Token: t, pre: pre.String()})
		pre.Reset()
	}
	text, err := r.seq(r.toks, 0, false)
	if err != nil {
		return "", nil, err
	}
	if !r.changed {
		return sql, nil, nil
	}
	return text + pre.String(), r.consumed, nil
}

// tok is a significant token with the whitespace before it.
type tok struct {
	sqltext.Token
	pre string
}

// trivia returns what a whitespace or comment token becomes in the output:
// comments turn into a space (or their line feeds), so that rewritten text
// never ends up inside a line comment.
func trivia(t sqltext.Token) string {
	if t.Kind == sqltext.Whitespace {
		return t.Text
	}
	if n := strings.Count(t.Text, "\n"); n > 0 {
		return strings.Repeat("\n", n)
	}
	return " "
}

type rewriter struct {
	toks     []tok
	changed  bool
	consumed map[int]bool // offsets of string literals translated on purpose
	src      string       // the statement, for the positions in errors
}

// consume records that the string literal of a was translated.
func (r *rewriter) consume(a arg) {
	if len(a.toks) == 1 {
		r.consumed[a.toks[0].Pos] = true
	}
}

// piece is one unit of output: an operand (a name, literal, call or group
// with its postfix parts) or an operator or keyword.
type piece struct {
	pre     string
	text    string
	operand bool
}

func (p piece) String() string { return p.pre + p.text }

func isWord(t tok) bool {
	return t.Kind == sqltext.Keyword || t.Kind == sqltext.Ident
}

// match returns the index of the token closing the group opened at ts[i],
// or -1.
func match(ts []tok, i int) int {
	depth := 0
	for j := i; j < len(ts); j++ {
		switch {
		case ts[j].IsOp("(") || ts[j].IsOp("[") || ts[j].IsOp("{"):
			depth++
		case ts[j].IsOp(")") || ts[j].IsOp("]") || ts[j].IsOp("}"):
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

// raw returns the tokens' text as written (trivia normalised).
func raw(ts []tok) string {
	var b strings.Builder
	for _, t := range ts {
		b.WriteString(t.pre)
		b.WriteString(t.Text)
	}
	return b.String()
}

// seq rewrites a run of tokens. inTry is set inside TRY(...), where
// division by zero must give NULL.
func (r *rewriter) seq(ts []tok, depth int, inTry bool) (string, error) {
	if depth > maxDepth {
		return "", unsupported("nesting deeper than %d levels", maxDepth)
	}
	if err := r.checkDistinctOrder(ts); err != nil {
		return "", err
	}
	ts = r.withTies(ts)
	var ps []piece
	for i := 0; i < len(ts); {
		t := ts[i]
		if t.IsWord("CASE") {
			if err := r.checkCase(ts, i); err != nil {
				return "", err
			}
		}
		// AT TIME ZONE applies to the operand before it.
		if t.IsWord("AT") && i+2 < len(ts) && ts[i+1].IsWord("TIME") && ts[i+2].IsWord("ZONE") &&
			len(ps) > 0 && ps[len(ps)-1].operand && i+3 < len(ts) {
			zone, next, err := r.piece(ts, i+3, depth, inTry)
			if err != nil {
				return "", err
			}
			next = r.postfix(ts, next, &zone, depth, inTry)
			prev := ps[len(ps)-1]
			r.changed = true
			z := strings.TrimSpace(zone.text)
			if strings.EqualFold(z, "'UTC'") {
				r.consumed[ts[i+3].Pos] = true
				prev.text = "CAST(" + prev.text + " AS TIMESTAMPTZ)"
			} else {
				prev.text = "trino_at_timezone(" + prev.text + ", " + strings.TrimSpace(zone.String()) + ")"
			}
			ps[len(ps)-1] = prev
			i = next
			continue
		}
		if t.IsWord("VALUES") {
			p, next, err := r.values(ts, i, depth, inTry)
			if err != nil {
				return "", err
			}
			ps = append(ps, p)
			i = next
			continue
		}
		p, next, err := r.piece(ts, i, depth, inTry)
		if err != nil {
			return "", err
		}
		if p.operand {
			next = r.postfix(ts, next, &p, depth, inTry)
		}
		ps = append(ps, p)
		i = next
	}
	ps = r.arrayConcat(ps)
	if inTry {
		ps = r.foldDivision(ps)
	}
	ps = r.foldDateInterval(ps)
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.String())
	}
	return b.String(), nil
}

// postfix appends the subscripts ([i]) and field references (.f) that
// follow an operand, and returns the index after them.
func (r *rewriter) postfix(ts []tok, i int, p *piece, depth int, inTry bool) int {
	for i < len(ts) {
		switch {
		case ts[i].IsOp("[") && ts[i].pre == "":
			j := match(ts, i)
			if j < 0 {
				return i
			}
			inner, err := r.seq(ts[i+1:j], depth+1, inTry)
			if err != nil {
				inner = raw(ts[i+1 : j])
			}
			p.text = r.subscript(p.text, ts[i].pre, inner, ts[j].pre, inTry)
			i = j + 1
		case ts[i].IsOp(".") && i+1 < len(ts) && (ts[i+1].IsName() || ts[i+1].Kind == sqltext.Keyword || ts[i+1].IsOp("*")) &&
			!(i+2 < len(ts) && ts[i+2].IsOp("(")):
			p.text += ts[i].pre + "." + ts[i+1].pre + ts[i+1].Text
			i += 2
		default:
			return i
		}
	}
	return i
}

// typedLiteral lists the words that, before a string, make a typed literal.
var typedLiteral = map[string]bool{
	"DATE": true, "TIME": true, "TIMESTAMP": true, "INTERVAL": true, "DECIMAL": true, "REAL": true,
	"DOUBLE": true, "JSON": true, "VARCHAR": true, "CHAR": true, "BIGINT": true, "INTEGER": true,
	"SMALLINT": true, "TINYINT": true, "BOOLEAN": true, "VARBINARY": true, "UUID": true,
}

// piece reads one unit starting at ts[i] and returns it with the index
// after it.
func (r *rewriter) piece(ts []tok, i int, depth int, inTry bool) (piece, int, error) {
	t := ts[i]
	if p, ok := r.unicodeLiteral(t); ok {
		return p, i + 1, nil
	}
	switch {
	case isWord(t) && i+1 < len(ts) && ts[i+1].IsOp("(") && !(i > 0 && ts[i-1].IsOp(".")):
		j := match(ts, i+1)
		if j < 0 {
			return piece{pre: t.pre, text: raw(ts[i:])[len(t.pre):]}, len(ts), nil
		}
		return r.call(ts, i, j, depth, inTry)
	case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
		j := match(ts, i)
		if j < 0 {
			return piece{pre: t.pre, text: raw(ts[i:])[len(t.pre):]}, len(ts), nil
		}
		inner, err := r.seq(ts[i+1:j], depth+1, inTry)
		if err != nil {
			return piece{}, 0, err
		}
		return piece{pre: t.pre, text: t.Text + inner + ts[j].pre + ts[j].Text, operand: true}, j + 1, nil
	case isWord(t) && typedLiteral[t.Upper()] && i+1 < len(ts) && ts[i+1].Kind == sqltext.String:
		if isIntervalStart(ts, i) {
			if p, next, ok := r.interval(ts, i); ok {
				return p, next, nil
			}
		}
		s := ts[i+1]
		if t.IsWord("TIMESTAMP") && hasZone(s.Value()) {
			r.changed = true
			return piece{pre: t.pre, text: "trino_timestamptz(" + s.Text + ")", operand: true}, i + 2, nil
		}
		return piece{pre: t.pre, text: t.Text + s.pre + s.Text, operand: true}, i + 2, nil
	case t.IsWord("TABLESAMPLE") && i+4 < len(ts) && (ts[i+1].IsWord("BERNOULLI") || ts[i+1].IsWord("SYSTEM")) &&
		ts[i+2].IsOp("("):
		j := match(ts, i+2)
		if j < 0 {
			break
		}
		inner := ts[i+3 : j]
		if len(inner) > 0 && inner[len(inner)-1].IsWord("PERCENT") {
			break
		}
		r.changed = true
		size := raw(inner)
		return piece{pre: t.pre, text: "TABLESAMPLE " + strings.ToUpper(ts[i+1].Text) + " (" + strings.TrimSpace(size) + " PERCENT)"},
			j + 1, nil
	}
	operand := t.Kind == sqltext.Ident || t.Kind == sqltext.QuotedIdent || t.Kind == sqltext.BacktickIdent ||
		t.Kind == sqltext.String || t.Kind == sqltext.Number || t.Kind == sqltext.Param ||
		t.IsWord("NULL") || t.IsWord("TRUE") || t.IsWord("FALSE") || t.IsWord("CURRENT_DATE") ||
		t.IsWord("CURRENT_TIMESTAMP") || t.IsWord("LOCALTIMESTAMP") || t.IsWord("CURRENT_TIME") || t.IsWord("LOCALTIME")
	return piece{pre: t.pre, text: t.Text, operand: operand}, i + 1, nil
}

// hasZone reports whether a TIMESTAMP literal's text carries a zone or an
// offset, which makes it a timestamp with time zone in Trino.
func hasZone(s string) bool {
	s = strings.TrimSpace(s)
	sp := strings.IndexAny(s, " T")
	if sp < 0 {
		return false
	}
	timePart := s[sp+1:]
	return strings.ContainsAny(timePart, "+-ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
}

// foldDivision turns a / b and a % b into divide(a, b) and mod(a, b) inside
// TRY: DuckDB's TRY refuses the engine's raising division macros, and the
// built-in functions give NULL for a zero divisor, which is what TRY
// returns.
func (r *rewriter) foldDivision(ps []piece) []piece {
	for k := 1; k+1 < len(ps); k++ {
		op := strings.TrimSpace(ps[k].text)
		if ps[k].operand || (op != "/" && op != "%") || !ps[k-1].operand {
			continue
		}
		s := k - 1
		for s-2 >= 0 && !ps[s-1].operand && strings.TrimSpace(ps[s-1].text) == "*" && ps[s-2].operand {
			s -= 2
		}
		e := k + 1
		if !ps[e].operand && (strings.TrimSpace(ps[e].text) == "-" || strings.TrimSpace(ps[e].text) == "+") && e+1 < len(ps) {
			e++
		}
		if !ps[e].operand {
			continue
		}
		fn := "divide"
		if op == "%" {
			fn = "mod"
		}
		var lhs, rhs strings.Builder
		for _, p := range ps[s:k] {
			lhs.WriteString(p.String())
		}
		for _, p := range ps[k+1 : e+1] {
			rhs.WriteString(p.String())
		}
		folded := piece{pre: ps[s].pre, operand: true,
			text: fn + "(" + strings.TrimSpace(lhs.String()) + ", " + strings.TrimSpace(rhs.String()) + ")"}
		ps = append(ps[:s], append([]piece{folded}, ps[e+1:]...)...)
		r.changed = true
		k = s
	}
	return ps
}

// valuesEnd lists the words that end a VALUES list.
var valuesEnd = map[string]bool{
	"ORDER": true, "LIMIT": true, "OFFSET": true, "FETCH": true, "UNION": true, "EXCEPT": true,
	"INTERSECT": true, "AS": true, "WINDOW": true,
}

// values rewrites VALUES 1, 2 (rows of one bare expression, which DuckDB
// does not accept) into VALUES (1), (2).
func (r *rewriter) values(ts []tok, i, depth int, inTry bool) (piece, int, error) {
	end := i + 1
	d := 0
	for ; end < len(ts); end++ {
		t := ts[end]
		if d == 0 && (t.IsOp(";") || isWord(t) && valuesEnd[t.Upper()]) {
			break
		}
		switch {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			d++
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			d--
		}
	}
	var b strings.Builder
	b.WriteString(ts[i].Text)
	for k, row := range splitArgs(ts[i+1 : end]) {
		if k > 0 {
			b.WriteString(",")
		}
		text, err := r.seq(row, depth+1, inTry)
		if err != nil {
			return piece{}, 0, err
		}
		if len(row) > 0 && row[0].IsOp("(") && match(row, 0) == len(row)-1 {
			b.WriteString(text)
			continue
		}
		r.changed = true
		pre := ""
		if len(row) > 0 {
			pre = row[0].pre
		}
		b.WriteString(pre + "(" + strings.TrimSpace(text) + ")")
	}
	return piece{pre: ts[i].pre, text: b.String()}, end, nil
}
