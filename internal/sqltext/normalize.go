package sqltext

import "strings"

// statementStarts is the "Expecting:" list that Athena's parser gives when a
// statement cannot start with what it read. FACTS §1.7 quotes it elided
// ('ALTER', 'ANALYZE', 'CALL', ... 'USE', <query>); the full list is the one
// measured for "SELEC 1" in FACTS' source AL-meas errors.md.
const statementStarts = "'ALTER', 'ANALYZE', 'CALL', 'COMMENT', 'COMMIT', 'CREATE', " +
	"'DEALLOCATE', 'DELETE', 'DENY', 'DESC', 'DESCRIBE', 'DROP', 'EXECUTE', 'EXPLAIN', 'GRANT', " +
	"'INSERT', 'MERGE', 'PREPARE', 'REFRESH', 'RESET', 'REVOKE', 'ROLLBACK', 'SET', 'SHOW', " +
	"'START', 'TRUNCATE', 'UNLOAD', 'UPDATE', 'USE', <query>"

// Normalize returns the statement as Athena stores it in
// QueryExecution.Query (FACTS §2.2): leading and trailing whitespace and any
// leading or trailing ';' removed, comments inside kept. It rejects, with a
// *SyntaxError, the inputs that FACTS §1.7 says Athena refuses at
// StartQueryExecution before parsing:
//
//   - more than one statement ("SELECT 1; SELECT 2", and also "SELECT 1; -- c"):
//     "Only one sql statement is allowed. Got: <the trimmed text>";
//   - only semicolons (";"): "Empty sql statement: ;";
//   - only comments ("-- only"): "line 1:8: mismatched input '<EOF>'. Expecting: ...",
//     the position being just after the comment;
//   - nothing but whitespace: the same '<EOF>' error at line 1:1 (unverified:
//     the API's length check rejects "" before this);
//   - an unterminated string, quoted identifier or block comment (see Tokenize).
//
// Positions are counted from the first non-whitespace character, as Athena
// counts them. Every error has Code CodeMalformedQuery. Syntax errors inside
// the statement are not detected here.
func Normalize(sql string) (string, error) {
	s := strings.Trim(sql, spaceChars)
	toks, err := Tokenize(s)
	if err != nil {
		return "", err
	}
	type segment struct {
		first, last int  // indexes of the first and last non-whitespace tokens, -1 if none
		code        bool // holds a token other than a comment
	}
	segs := []segment{{first: -1, last: -1}}
	semicolons := false
	for i, t := range toks {
		cur := &segs[len(segs)-1]
		switch {
		case t.IsOp(";"):
			semicolons = true
			segs = append(segs, segment{first: -1, last: -1})
		case t.Kind == Whitespace:
		default:
			if cur.first < 0 {
				cur.first = i
			}
			cur.last = i
			cur.code = cur.code || t.Kind != Comment
		}
	}
	var stmts []segment
	for _, sg := range segs {
		if sg.first >= 0 {
			stmts = append(stmts, sg)
		}
	}
	switch {
	case len(stmts) > 1:
		return "", &SyntaxError{Msg: "Only one sql statement is allowed. Got: " + s, Code: CodeMalformedQuery}
	case len(stmts) == 0 && semicolons:
		return "", &SyntaxError{Msg: "Empty sql statement: " + s, Code: CodeMalformedQuery}
	case len(stmts) == 0:
		return "", eofError(1, 1)
	}
	st := stmts[0]
	if !st.code {
		line, col := endOf(toks[st.last])
		return "", eofError(line, col)
	}
	return s[toks[st.first].Pos:toks[st.last].End()], nil
}

const spaceChars = " \t\n\r\f\v"

// eofError is the parser's complaint about a statement that ends before it
// starts. The "Expecting:" list after '<EOF>' is elided in FACTS §1.7 and
// assumed to be the statement list (unverified).
func eofError(line, col int) *SyntaxError {
	return &SyntaxError{Line: line, Col: col, Msg: "mismatched input '<EOF>'. Expecting: " + statementStarts, Code: CodeMalformedQuery}
}

// endOf returns the line and column just after t.
func endOf(t Token) (line, col int) {
	lx := lexer{line: t.Line, col: t.Col}
	lx.advance(t.Text)
	return lx.line, lx.col
}
