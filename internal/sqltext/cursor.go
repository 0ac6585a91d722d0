package sqltext

import "strings"

// cursor walks the significant tokens (no whitespace, no comments) of a
// statement. Reads past the end see a zero Token, which matches nothing.
type cursor struct {
	toks []Token
	i    int
}

func newCursor(toks []Token) *cursor {
	sig := make([]Token, 0, len(toks))
	for _, t := range toks {
		if !t.IsTrivia() {
			sig = append(sig, t)
		}
	}
	return &cursor{toks: sig}
}

// peek returns the token k places ahead.
func (c *cursor) peek(k int) Token {
	if j := c.i + k; j >= 0 && j < len(c.toks) {
		return c.toks[j]
	}
	return Token{Kind: Other, Pos: -1}
}

func (c *cursor) done() bool { return c.i >= len(c.toks) }

// word returns the upper-cased bare word k places ahead, or "".
func (c *cursor) word(k int) string {
	t := c.peek(k)
	if t.Kind == Keyword || t.Kind == Ident {
		return t.Upper()
	}
	return ""
}

// accept consumes the given words if the next tokens are exactly those
// words, and reports whether it did.
func (c *cursor) accept(words ...string) bool {
	for k, w := range words {
		if c.word(k) != w {
			return false
		}
	}
	c.i += len(words)
	return true
}

// acceptOp consumes the operator op if it comes next.
func (c *cursor) acceptOp(op string) bool {
	if c.peek(0).IsOp(op) {
		c.i++
		return true
	}
	return false
}

// skipGroup consumes a parenthesised, bracketed or braced group starting at
// the cursor and reports whether the group was closed.
func (c *cursor) skipGroup() bool {
	depth := 0
	for !c.done() {
		t := c.toks[c.i]
		c.i++
		switch {
		case t.opensGroup():
			depth++
		case t.closesGroup():
			depth--
			if depth <= 0 {
				return depth == 0
			}
		}
		if depth == 0 {
			return false
		}
	}
	return false
}

// name consumes a dotted name of one or more parts and returns it. It
// consumes nothing and returns false when no name starts at the cursor.
func (c *cursor) name() (QualifiedName, bool) {
	if !c.peek(0).IsName() {
		return QualifiedName{}, false
	}
	q := QualifiedName{Pos: c.peek(0).Pos}
	for {
		t := c.peek(0)
		q.Parts = append(q.Parts, strings.ToLower(t.Value()))
		q.Quoted = q.Quoted || t.Kind == QuotedIdent
		q.End = t.End()
		c.i++
		if !c.peek(0).IsOp(".") || !c.peek(1).IsName() {
			return q, true
		}
		c.i++
	}
}

// opensGroup reports whether t opens a nested group: "(", "[" or the "{" of
// a DuckDB struct literal.
func (t Token) opensGroup() bool { return t.IsOp("(") || t.IsOp("[") || t.IsOp("{") }

// closesGroup reports whether t closes a nested group: ")", "]" or "}".
func (t Token) closesGroup() bool { return t.IsOp(")") || t.IsOp("]") || t.IsOp("}") }
