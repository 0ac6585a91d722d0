package trino

import (
	"strings"

	"github.com/athenaq/athenaq/internal/sqltext"
)

// call is a function call being rewritten.
type call struct {
	name  string // lower case
	args  []arg
	inTry bool
}

// arg is one argument of a call: its tokens, its rewritten text and, for a
// lambda, its parameters and body.
type arg struct {
	toks   []tok
	text   string
	lambda *lambda
}

type lambda struct {
	params []string
	body   []tok
}

// s is the argument's text without surrounding whitespace.
func (a arg) s() string { return strings.TrimSpace(a.text) }

// constant returns the value of an argument that is a plain string literal.
func (a arg) constant() (string, bool) {
	if len(a.toks) == 1 && a.toks[0].Kind == sqltext.String && strings.HasPrefix(a.toks[0].Text, "'") {
		return a.toks[0].Value(), true
	}
	return "", false
}

// joined renders the arguments as a comma-separated list.
func (c *call) joined() string {
	parts := make([]string, len(c.args))
	for i, a := range c.args {
		parts[i] = a.s()
	}
	return strings.Join(parts, ", ")
}

// call rewrites the call whose name is ts[i] and whose parentheses are
// ts[i+1] and ts[j].
func (r *rewriter) call(ts []tok, i, j int, depth int, inTry bool) (piece, int, error) {
	t := ts[i]
	name := strings.ToLower(t.Text)
	inner := ts[i+2 : j]
	next := j + 1
	generic := func() (piece, int, error) {
		text, err := r.seq(inner, depth+1, inTry)
		if err != nil {
			return piece{}, 0, err
		}
		return piece{pre: t.pre, text: t.Text + ts[i+1].pre + "(" + text + ts[j].pre + ")", operand: true}, next, nil
	}
	// Column lists of aliases and CTEs, and the FILTER clause of an
	// aggregate, look like calls but are not.
	if i > 0 && (ts[i-1].IsWord("AS") || ts[i-1].IsOp(")") || ts[i-1].IsWord("WITH") || ts[i-1].IsWord("RECURSIVE")) {
		return generic()
	}
	if next+1 < len(ts) && ts[next].IsWord("AS") && ts[next+1].IsOp("(") {
		return generic()
	}
	switch name {
	case "cast", "try_cast":
		return r.cast(ts, i, j, depth, inTry)
	case "extract":
		return r.extract(ts, i, j, depth, inTry)
	case "unnest":
		if p, n, ok, err := r.unnest(ts, i, j, depth, inTry); ok || err != nil {
			return p, n, err
		}
		return generic()
	case "try":
		inTry = true
	}
	if p, n, ok, err := r.nullTreatment(ts, i, j, depth, inTry); ok || err != nil {
		return p, n, err
	}
	h, known := handlers[name]
	if !known && name != "listagg" || macroOnlyPlain(name, ts, next) {
		return generic()
	}
	c := &call{name: name, inTry: inTry}
	for _, a := range splitArgs(inner) {
		ra, err := r.arg(a, depth+1, inTry)
		if err != nil {
			return piece{}, 0, err
		}
		c.args = append(c.args, ra)
	}
	if name == "listagg" {
		return r.listagg(ts, t, c, next, depth, inTry)
	}
	if h == nil {
		return generic()
	}
	text, err := h(r, c)
	if err != nil {
		return piece{}, 0, err
	}
	if text == "" {
		return generic()
	}
	r.changed = true
	return piece{pre: t.pre, text: text, operand: true}, next, nil
}

// splitArgs splits tokens at the commas outside any group.
func splitArgs(ts []tok) [][]tok {
	if len(ts) == 0 {
		return nil
	}
	var out [][]tok
	depth, start := 0, 0
	for k, t := range ts {
		switch {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			depth++
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			depth--
		case t.IsOp(",") && depth == 0:
			out = append(out, ts[start:k])
			start = k + 1
		}
	}
	return append(out, ts[start:])
}

// arg rewrites one argument, turning a Trino lambda (x -> e, (x, y) -> e)
// into DuckDB's lambda x, y: e.
func (r *rewriter) arg(ts []tok, depth int, inTry bool) (arg, error) {
	a := arg{toks: ts}
	if l := parseLambda(ts); l != nil {
		body, err := r.seq(l.body, depth, inTry)
		if err != nil {
			return a, err
		}
		r.changed = true
		a.lambda = l
		pre := ""
		if len(ts) > 0 {
			pre = ts[0].pre
		}
		a.text = pre + "lambda " + strings.Join(l.params, ", ") + ": " + strings.TrimSpace(body)
		return a, nil
	}
	text, err := r.seq(ts, depth, inTry)
	a.text = text
	return a, err
}

func parseLambda(ts []tok) *lambda {
	if len(ts) >= 3 && ts[0].Kind == sqltext.Ident && ts[1].IsOp("->") {
		return &lambda{params: []string{ts[0].Text}, body: ts[2:]}
	}
	if len(ts) < 4 || !ts[0].IsOp("(") {
		return nil
	}
	var params []string
	k := 1
	for ; k < len(ts); k += 2 {
		if ts[k].Kind != sqltext.Ident {
			return nil
		}
		params = append(params, ts[k].Text)
		if k+1 < len(ts) && ts[k+1].IsOp(")") {
			k++
			break
		}
		if k+1 >= len(ts) || !ts[k+1].IsOp(",") {
			return nil
		}
	}
	if k+1 >= len(ts) || !ts[k].IsOp(")") || !ts[k+1].IsOp("->") || k+2 >= len(ts) {
		return nil
	}
	return &lambda{params: params, body: ts[k+2:]}
}

// substitute rewrites a lambda body with its parameters replaced by
// expressions.
func (r *rewriter) substitute(l *lambda, repl ...string) (string, error) {
	body := make([]tok, len(l.body))
	copy(body, l.body)
	for k, t := range body {
		if t.Kind != sqltext.Ident || k > 0 && body[k-1].IsOp(".") {
			continue
		}
		for p, name := range l.params {
			if p < len(repl) && strings.EqualFold(t.Text, name) {
				body[k].Text = repl[p]
			}
		}
	}
	text, err := r.seq(body, 1, false)
	return strings.TrimSpace(text), err
}

// listagg rewrites LISTAGG(x, sep) [WITHIN GROUP (ORDER BY ...)] into
// string_agg(x, sep ORDER BY ...).
func (r *rewriter) listagg(ts []tok, t tok, c *call, next, depth int, inTry bool) (piece, int, error) {
	if len(c.args) == 0 || len(c.args) > 2 {
		return piece{}, 0, unsupported("listagg with %d arguments", len(c.args))
	}
	sep := "''"
	if len(c.args) == 2 {
		st := c.args[1].toks
		for k, x := range st {
			if x.IsWord("ON") && k+1 < len(st) && st[k+1].IsWord("OVERFLOW") {
				if k+2 < len(st) && st[k+2].IsWord("ERROR") {
					st = st[:k]
					break
				}
				return piece{}, 0, unsupported("listagg ON OVERFLOW TRUNCATE")
			}
		}
		s, err := r.seq(st, depth+1, inTry)
		if err != nil {
			return piece{}, 0, err
		}
		sep = strings.TrimSpace(s)
	}
	order := ""
	if next+2 < len(ts) && ts[next].IsWord("WITHIN") && ts[next+1].IsWord("GROUP") && ts[next+2].IsOp("(") {
		end := match(ts, next+2)
		if end < 0 {
			return piece{}, 0, unsupported("listagg with an unclosed WITHIN GROUP")
		}
		o, err := r.seq(ts[next+3:end], depth+1, inTry)
		if err != nil {
			return piece{}, 0, err
		}
		order = " " + strings.TrimSpace(o)
		next = end + 1
	}
	r.changed = true
	return piece{pre: t.pre, operand: true, text: "string_agg(" + c.args[0].s() + ", " + sep + order + ")"}, next, nil
}

// extract rewrites EXTRACT(field FROM x) for the fields whose DuckDB
// meaning differs.
func (r *rewriter) extract(ts []tok, i, j, depth int, inTry bool) (piece, int, error) {
	inner := ts[i+2 : j]
	fields := map[string]string{
		"DOW": "ISODOW", "DAY_OF_WEEK": "ISODOW", "DOY": "DOY", "DAY_OF_YEAR": "DOY",
		"YOW": "ISOYEAR", "YEAR_OF_WEEK": "ISOYEAR", "DAY_OF_MONTH": "DAY",
	}
	rest, err := r.seq(inner, depth+1, inTry)
	if err != nil {
		return piece{}, 0, err
	}
	if len(inner) > 0 && isWord(inner[0]) {
		if f, ok := fields[inner[0].Upper()]; ok && f != inner[0].Upper() {
			r.changed = true
			tail, err := r.seq(inner[1:], depth+1, inTry)
			if err != nil {
				return piece{}, 0, err
			}
			rest = inner[0].pre + f + tail
		}
	}
	return piece{pre: ts[i].pre, text: ts[i].Text + "(" + rest + ts[j].pre + ")", operand: true}, j + 1, nil
}

// unnest rewrites UNNEST in FROM when DuckDB's table function differs:
// several arrays (zipped, padded with NULL) or an array of rows expanded
// into one column per field. ok is false when the UNNEST can stay.
func (r *rewriter) unnest(ts []tok, i, j, depth int, inTry bool) (piece, int, bool, error) {
	if i == 0 || !(ts[i-1].IsWord("FROM") || ts[i-1].IsWord("JOIN") || ts[i-1].IsOp(",")) {
		return piece{}, 0, false, nil
	}
	args := splitArgs(ts[i+2 : j])
	k := j + 1
	ordinality := false
	if k+1 < len(ts) && ts[k].IsWord("WITH") && ts[k+1].IsWord("ORDINALITY") {
		ordinality = true
		k += 2
	}
	a := k
	if a < len(ts) && ts[a].IsWord("AS") {
		a++
	}
	if a+1 >= len(ts) || !ts[a].IsName() || !ts[a+1].IsOp("(") {
		return piece{}, 0, false, nil
	}
	end := match(ts, a+1)
	if end < 0 {
		return piece{}, 0, false, nil
	}
	cols := len(splitArgs(ts[a+2 : end]))
	values := cols
	if ordinality {
		values--
	}
	expand := len(args) == 1 && values > 1
	if len(args) < 2 && !expand {
		return piece{}, 0, false, nil
	}
	var sel, lens []string
	for _, at := range args {
		text, err := r.seq(at, depth+1, inTry)
		if err != nil {
			return piece{}, 0, false, err
		}
		text = strings.TrimSpace(text)
		if expand {
			text = unnestArg(text)
			sel = append(sel, "unnest("+text+", max_depth := 2)")
		} else {
			sel = append(sel, "unnest("+text+")")
		}
		lens = append(lens, "len("+text+")")
	}
	if ordinality {
		n := lens[0]
		if len(lens) > 1 {
			n = "greatest(" + strings.Join(lens, ", ") + ")"
		}
		sel = append(sel, "unnest(range(1, "+n+" + 1))")
	}
	r.changed = true
	alias := " AS " + ts[a].Text + raw(ts[a+1:end+1])
	return piece{pre: ts[i].pre, text: "(SELECT " + strings.Join(sel, ", ") + ")" + alias, operand: true}, end + 1, true, nil
}
