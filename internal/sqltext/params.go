package sqltext

import (
	"fmt"
	"strings"
)

// CodeInvalidParameterUsage is the Athena error name for a wrong number of
// ExecutionParameters (ErrorType 1100, FACTS §2.1).
const CodeInvalidParameterUsage = "INVALID_PARAMETER_USAGE"

// ParameterCountError reports that the number of ExecutionParameters differs
// from the number of ? markers. Athena accepts the query and then fails it
// with CodeInvalidParameterUsage (FACTS §2.1).
type ParameterCountError struct {
	Placeholders int // ? markers in the statement
	Values       int // parameters supplied
}

// Error returns Trino's wording for the mismatch; Athena's exact text is not
// in FACTS (unverified).
func (e *ParameterCountError) Error() string {
	return fmt.Sprintf("Incorrect number of parameters: expected %d but found %d", e.Placeholders, e.Values)
}

// BindParameters replaces each ? marker of sql (not those inside strings,
// quoted identifiers or comments) by the parameter at the same position,
// the way Athena binds ExecutionParameters (FACTS §2.1):
//
//   - a parameter that is an expression without column references ('abc',
//     1 + 1, DATE '2020-01-01', NULL, now(), CAST('1' AS integer),
//     nosuchfunc(1), 1 OR 1=1) goes in as that expression, in parentheses;
//   - anything else (abc def, it's, a bare UUID, abc, x + 1, t.x, an empty
//     string) goes in as a string literal of its exact text, ' doubled.
//
// Athena decides with its parser and analyzer; BindParameters decides with
// the tokenizer and a small expression grammar over tokens, so it is an
// approximation: any bare word followed by ( is taken for a function, any
// word followed by a string for a typed literal, and lambdas, subqueries and
// a few special forms (POSITION(a IN b), ...) count as not expressions.
// Comments inside an expression parameter are replaced by a space so they
// cannot swallow the closing parenthesis.
//
// When sql has no ? at all the parameters are ignored, as Athena does. When
// the counts differ otherwise, the error is a *ParameterCountError. When sql
// does not tokenize it is returned unchanged with the *SyntaxError.
func BindParameters(sql string, params []string) (string, error) {
	toks, err := Tokenize(sql)
	if err != nil {
		return sql, err
	}
	n := 0
	for _, t := range toks {
		if t.Kind == Param {
			n++
		}
	}
	if n == 0 {
		return sql, nil
	}
	if n != len(params) {
		return sql, &ParameterCountError{Placeholders: n, Values: len(params)}
	}
	var b strings.Builder
	b.Grow(len(sql))
	k := 0
	prevString := false // the previous token was a ? bound as a string literal
	for i, t := range toks {
		if t.Kind != Param {
			b.WriteString(t.Text)
			prevString = false
			continue
		}
		text, isExpr := bindValue(params[k])
		k++
		if !isExpr && i > 0 && (prevString || toks[i-1].Kind != Param && mergesWithString(toks[i-1])) {
			b.WriteByte(' ')
		}
		b.WriteString(text)
		if !isExpr && i+1 < len(toks) && toks[i+1].Kind == String {
			b.WriteByte(' ')
		}
		prevString = !isExpr
	}
	return b.String(), nil
}

// mergesWithString reports whether a string literal written right after t
// could lex together with it: after a word (X'..' is a binary literal),
// after '&' (U&'..'), or after another string (two quoted strings in a row lex as one).
func mergesWithString(t Token) bool {
	switch t.Kind {
	case Whitespace, Comment, Number:
		return false
	case Operator:
		return t.Text == "&"
	}
	return true
}

// bindValue returns the SQL text for one parameter and whether it is an
// expression (true) or a string literal (false).
func bindValue(p string) (string, bool) {
	quoted := "'" + strings.ReplaceAll(p, "'", "''") + "'"
	toks, err := Tokenize(p)
	if err != nil {
		return quoted, false
	}
	var sig []Token
	for _, t := range toks {
		if t.IsTrivia() {
			continue
		}
		if t.Kind == Param || t.Kind == Other || t.IsOp(";") {
			return quoted, false
		}
		sig = append(sig, t)
	}
	if len(sig) == 0 {
		return quoted, false
	}
	ep := exprParser{toks: sig}
	if !ep.expr() || ep.i != len(sig) || ep.column {
		return quoted, false
	}
	var b strings.Builder
	for _, t := range toks {
		if t.Kind == Comment {
			b.WriteByte(' ')
			continue
		}
		b.WriteString(t.Text)
	}
	inner := strings.Trim(b.String(), spaceChars)
	return "(" + inner + ")", true
}

// exprParser recognises a Trino value expression over significant tokens.
// Each method consumes what it recognises and reports success; on failure
// the position is meaningless, as the caller gives up.
type exprParser struct {
	toks   []Token
	i      int
	depth  int
	column bool // saw a column reference
}

// maxExprDepth bounds recursion, so that a hostile parameter of many nested
// parentheses costs little and cannot exhaust the stack.
const maxExprDepth = 100

func (p *exprParser) peek(k int) Token {
	if j := p.i + k; j < len(p.toks) {
		return p.toks[j]
	}
	return Token{Kind: Other}
}

func (p *exprParser) word(k int) string {
	t := p.peek(k)
	if t.Kind == Keyword || t.Kind == Ident {
		return t.Upper()
	}
	return ""
}

func (p *exprParser) acceptWord(w string) bool {
	if p.word(0) == w {
		p.i++
		return true
	}
	return false
}

func (p *exprParser) acceptOp(op string) bool {
	if p.peek(0).IsOp(op) {
		p.i++
		return true
	}
	return false
}

func (p *exprParser) expr() bool {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxExprDepth {
		return false
	}
	return p.or()
}

func (p *exprParser) or() bool {
	if !p.and() {
		return false
	}
	for p.acceptWord("OR") {
		if !p.and() {
			return false
		}
	}
	return true
}

func (p *exprParser) and() bool {
	if !p.not() {
		return false
	}
	for p.acceptWord("AND") {
		if !p.not() {
			return false
		}
	}
	return true
}

func (p *exprParser) not() bool {
	if p.acceptWord("NOT") {
		return p.expr()
	}
	return p.predicate()
}

func (p *exprParser) predicate() bool {
	if !p.additive() {
		return false
	}
	for {
		switch t := p.peek(0); {
		case t.Kind == Operator && (t.Text == "=" || t.Text == "<>" || t.Text == "!=" ||
			t.Text == "<" || t.Text == "<=" || t.Text == ">" || t.Text == ">="):
			p.i++
			if !p.additive() {
				return false
			}
		case p.acceptWord("IS"):
			p.acceptWord("NOT")
			switch {
			case p.acceptWord("NULL"), p.acceptWord("TRUE"), p.acceptWord("FALSE"), p.acceptWord("UNKNOWN"):
			case p.acceptWord("DISTINCT"):
				if !p.acceptWord("FROM") || !p.additive() {
					return false
				}
			default:
				return false
			}
		default:
			neg := p.word(0) == "NOT"
			if neg {
				p.i++
			}
			switch {
			case p.acceptWord("BETWEEN"):
				if !p.additive() || !p.acceptWord("AND") || !p.additive() {
					return false
				}
			case p.acceptWord("LIKE"):
				if !p.additive() {
					return false
				}
				if p.acceptWord("ESCAPE") && !p.additive() {
					return false
				}
			case p.acceptWord("IN"):
				if !p.acceptOp("(") || !p.list(")") {
					return false
				}
			default:
				return !neg
			}
		}
	}
}

func (p *exprParser) additive() bool {
	if !p.multiplicative() {
		return false
	}
	for p.acceptOp("+") || p.acceptOp("-") || p.acceptOp("||") {
		if !p.multiplicative() {
			return false
		}
	}
	return true
}

func (p *exprParser) multiplicative() bool {
	if !p.unary() {
		return false
	}
	for p.acceptOp("*") || p.acceptOp("/") || p.acceptOp("%") {
		if !p.unary() {
			return false
		}
	}
	return true
}

func (p *exprParser) unary() bool {
	if p.acceptOp("+") || p.acceptOp("-") {
		p.depth++
		defer func() { p.depth-- }()
		if p.depth > maxExprDepth {
			return false
		}
		return p.unary()
	}
	if !p.primary() {
		return false
	}
	for {
		switch {
		case p.acceptOp("["):
			if !p.expr() || !p.acceptOp("]") {
				return false
			}
		case p.word(0) == "AT" && p.word(1) == "TIME" && p.word(2) == "ZONE":
			p.i += 3
			if !p.primary() {
				return false
			}
		default:
			return true
		}
	}
}

// list parses expressions separated by commas up to the closing operator
// end, which it consumes. An empty list is accepted.
func (p *exprParser) list(end string) bool {
	if p.acceptOp(end) {
		return true
	}
	for {
		if !p.expr() {
			return false
		}
		if p.acceptOp(end) {
			return true
		}
		if !p.acceptOp(",") {
			return false
		}
	}
}

// niladic are the keywords that are values without parentheses.
var niladic = map[string]bool{
	"NULL": true, "TRUE": true, "FALSE": true, "CURRENT_DATE": true, "CURRENT_TIME": true,
	"CURRENT_TIMESTAMP": true, "LOCALTIME": true, "LOCALTIMESTAMP": true, "CURRENT_USER": true,
	"CURRENT_CATALOG": true, "CURRENT_SCHEMA": true, "CURRENT_PATH": true, "CURRENT_ROLE": true,
}

// clauseWords are reserved words that never start a function call.
var clauseWords = map[string]bool{
	"SELECT": true, "FROM": true, "WHERE": true, "WITH": true, "VALUES": true, "TABLE": true,
	"AND": true, "OR": true, "NOT": true, "IN": true, "IS": true, "LIKE": true, "BETWEEN": true,
	"ON": true, "AS": true, "BY": true, "CASE": true, "WHEN": true, "THEN": true, "ELSE": true,
	"END": true, "EXISTS": true, "UNNEST": true, "JOIN": true, "UNION": true, "ORDER": true,
	"GROUP": true, "HAVING": true, "DISTINCT": true, "INTO": true, "USING": true,
}

func (p *exprParser) primary() bool {
	t := p.peek(0)
	switch t.Kind {
	case Number, String:
		p.i++
		return true
	case QuotedIdent, BacktickIdent:
		p.column = true
		return false
	case Operator:
		// A parenthesised expression or a row: (1 + 2), (1, 'a').
		if p.acceptOp("(") && !p.peek(0).IsOp(")") {
			return p.list(")")
		}
		return false
	case Keyword, Ident:
	default:
		return false
	}
	w := t.Upper()
	switch {
	case niladic[w]:
		p.i++
		// CURRENT_TIMESTAMP(3) and friends take a precision.
		if w != "NULL" && w != "TRUE" && w != "FALSE" && p.peek(0).IsOp("(") {
			p.i++
			return p.peek(0).Kind == Number && p.peek(1).IsOp(")") && p.skip(2)
		}
		return true
	case w == "CAST" || w == "TRY_CAST":
		p.i++
		return p.acceptOp("(") && p.expr() && p.acceptWord("AS") && p.typeName()
	case w == "CASE":
		p.i++
		return p.caseExpr()
	case w == "EXTRACT":
		p.i++
		return p.acceptOp("(") && p.word(0) != "" && p.skip(1) && p.acceptWord("FROM") && p.expr() && p.acceptOp(")")
	case w == "INTERVAL":
		p.i++
		if !p.acceptOp("+") {
			p.acceptOp("-")
		}
		if p.peek(0).Kind != String || !p.skip(1) || !intervalUnits[p.word(0)] {
			return false
		}
		p.i++
		if p.acceptWord("TO") {
			if !intervalUnits[p.word(0)] {
				return false
			}
			p.i++
		}
		return true
	case w == "ARRAY" && p.peek(1).IsOp("["):
		p.i += 2
		return p.list("]")
	case t.Kind == Ident && p.peek(1).Kind == String:
		// A typed literal: DATE '2020-01-01', TIMESTAMP '...', DECIMAL '1.5'.
		p.i += 2
		return true
	case t.Kind == Ident && w == "DOUBLE" && p.word(1) == "PRECISION" && p.peek(2).Kind == String:
		p.i += 3
		return true
	case p.peek(1).IsOp("(") && !clauseWords[w]:
		p.i += 2
		if p.acceptOp("*") {
			return p.acceptOp(")")
		}
		if !p.acceptWord("DISTINCT") {
			p.acceptWord("ALL")
		}
		return p.list(")")
	}
	if t.Kind == Ident {
		p.column = true
	}
	return false
}

func (p *exprParser) skip(n int) bool {
	p.i += n
	return p.i <= len(p.toks)
}

var intervalUnits = map[string]bool{"YEAR": true, "MONTH": true, "DAY": true, "HOUR": true, "MINUTE": true, "SECOND": true}

func (p *exprParser) caseExpr() bool {
	if p.word(0) != "WHEN" && !p.expr() {
		return false
	}
	if p.word(0) != "WHEN" {
		return false
	}
	for p.acceptWord("WHEN") {
		if !p.expr() || !p.acceptWord("THEN") || !p.expr() {
			return false
		}
	}
	if p.acceptWord("ELSE") && !p.expr() {
		return false
	}
	return p.acceptWord("END")
}

// typeName consumes a type and the ')' that closes CAST: words, numbers,
// commas, '<' '>' and balanced parentheses, such as varchar,
// decimal(10, 2), array(row(a integer)), timestamp(3) with time zone.
func (p *exprParser) typeName() bool {
	depth, n := 0, 0
	for p.i < len(p.toks) {
		t := p.toks[p.i]
		p.i++
		switch {
		case t.IsOp(")"):
			if depth == 0 {
				return n > 0
			}
			depth--
		case t.IsOp("("):
			depth++
		case t.Kind == Ident || t.Kind == Keyword || t.Kind == Number || t.Kind == QuotedIdent ||
			t.IsOp(",") || t.IsOp("<") || t.IsOp(">"):
		default:
			return false
		}
		n++
	}
	return false
}
