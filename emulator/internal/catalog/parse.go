package catalog

import (
	"fmt"
	"strings"
)

// Parse parses one catalog statement in Athena's dialect: Hive DDL for
// databases and tables, Trino syntax for views, and the SHOW and DESCRIBE
// metadata statements. A trailing ";" is allowed.
//
// Parse reports three kinds of failure:
//   - *RejectError: Athena refuses the text at StartQueryExecution
//     (syntax errors, and the rejections of FACTS §1.7).
//   - *athena.QueryError: Athena accepts the statement and it then ends
//     FAILED with a Hive text (e.g. a duplicate column name, or a /* */
//     comment inside DESCRIBE, which Hive cannot parse).
//   - *NotDDLError (matching ErrNotDDL): the statement belongs elsewhere
//     (queries, CTAS, INSERT, ALTER TABLE forms other than ADD and DROP
//     PARTITION, Iceberg tables); Parse does not look further into it.
//
// Parse never panics.
func Parse(sql string) (Statement, error) {
	p := &parser{src: sql, lx: &lexer{src: sql, line: 1, col: 1}}
	first := p.peek()
	if p.err != nil || first.kind != tokWord {
		return nil, &NotDDLError{Kind: "QUERY", Keyword: strings.ToUpper(first.text)}
	}
	kw := strings.ToUpper(first.text)
	var (
		st  Statement
		err error
	)
	switch kw {
	case "CREATE":
		st, err = p.parseCreate()
	case "DROP":
		st, err = p.parseDrop()
	case "SHOW":
		st, err = p.parseShow()
	case "DESCRIBE", "DESC":
		st, err = p.parseDescribe()
	case "ALTER":
		st, err = p.parseAlter()
	case "MSCK":
		st, err = p.parseMSCK()
	default:
		return nil, &NotDDLError{Kind: "QUERY", Keyword: kw}
	}
	if err != nil {
		return nil, err
	}
	if err := p.end(); err != nil {
		return nil, err
	}
	if err := p.hiveComments(st); err != nil {
		return nil, err
	}
	return st, nil
}

// parser is a recursive-descent parser over tokens that are lexed on
// demand, so that the text after the part Parse reads (a view's query, the
// SELECT of a CTAS) is never lexed with Hive's rules.
type parser struct {
	src  string
	lx   *lexer
	toks []token
	i    int
	err  error // the first lexing error; it wins over later syntax errors
}

func (p *parser) peekAt(k int) token {
	for len(p.toks) <= p.i+k {
		if n := len(p.toks); n > 0 && p.toks[n-1].kind == tokEOF {
			return p.toks[n-1]
		}
		t, err := p.lx.next()
		if err != nil {
			if p.err == nil {
				p.err = err
			}
			t = token{kind: tokEOF, pos: len(p.src), end: len(p.src), line: p.lx.line, col: p.lx.col}
		}
		p.toks = append(p.toks, t)
	}
	return p.toks[p.i+k]
}

func (p *parser) peek() token { return p.peekAt(0) }

func (p *parser) next() token {
	t := p.peek()
	if t.kind != tokEOF {
		p.i++
	}
	return t
}

func isKw(t token, kw string) bool { return t.kind == tokWord && strings.EqualFold(t.text, kw) }

func isPunct(t token, c string) bool { return t.kind == tokPunct && t.text == c }

// acceptKw consumes the keywords kws if the next tokens are exactly them.
func (p *parser) acceptKw(kws ...string) bool {
	for k, kw := range kws {
		if !isKw(p.peekAt(k), kw) {
			return false
		}
	}
	p.i += len(kws)
	return true
}

func (p *parser) expectKw(kws ...string) error {
	for _, kw := range kws {
		if !isKw(p.peek(), kw) {
			return p.fail(p.peek(), "'"+kw+"'")
		}
		p.next()
	}
	return nil
}

func (p *parser) acceptPunct(c string) bool {
	if isPunct(p.peek(), c) {
		p.next()
		return true
	}
	return false
}

func (p *parser) expectPunct(c string) error {
	if !p.acceptPunct(c) {
		return p.fail(p.peek(), "'"+c+"'")
	}
	return nil
}

// fail returns the syntax error for an unexpected token, in the form of
// Athena's parser: "line L:C: mismatched input 'x'. Expecting: ...".
func (p *parser) fail(t token, expecting string) error {
	if p.err != nil {
		return p.err
	}
	return &RejectError{Code: MalformedQuery, Message: fmt.Sprintf("line %d:%d: mismatched input '%s'. Expecting: %s", t.line, t.col, t.display(), expecting)}
}

// end accepts the end of the statement: EOF, or trailing semicolons. Text
// after a semicolon, even a comment, is a second statement (FACTS §1.7).
func (p *parser) end() error {
	t := p.peek()
	if p.err != nil {
		return p.err
	}
	if isPunct(t, ";") {
		if strings.Trim(p.src[t.pos:], "; \t\r\n\f") != "" {
			return &RejectError{Code: MalformedQuery, Message: "Only one sql statement is allowed. Got: " + strings.TrimSpace(p.src)}
		}
		return nil
	}
	if t.kind != tokEOF {
		return p.fail(t, "<EOF>")
	}
	return nil
}

// ident reads an identifier. Hive identifiers are bare words (which must not
// start with "_" nor be a reserved word) or backtick-quoted; a double-quoted
// name is a string literal in Hive, so it is rejected, as Athena does for
// DESCRIBE, SHOW COLUMNS, DROP TABLE and CREATE TABLE (FACTS §1.7). Trino
// identifiers (views) may also be double-quoted. Names are lowercased.
func (p *parser) ident(hive bool) (string, error) {
	t := p.peek()
	switch t.kind {
	case tokWord:
		if hive && (t.text[0] == '_' || reservedDDL[strings.ToUpper(t.text)]) {
			return "", p.fail(t, "<identifier>")
		}
		p.next()
		return strings.ToLower(t.text), nil
	case tokBacktick:
		if t.val == "" {
			return "", p.fail(t, "<identifier>")
		}
		p.next()
		return strings.ToLower(t.val), nil
	case tokDString:
		name := strings.ReplaceAll(t.text[1:len(t.text)-1], `""`, `"`)
		if hive || name == "" {
			return "", p.fail(t, "<identifier>")
		}
		p.next()
		return strings.ToLower(name), nil
	}
	return "", p.fail(t, "<identifier>")
}

// qualifiedName reads [[catalog.]db.]name. A catalog other than
// AwsDataCatalog is rejected with DATACATALOG_NOT_FOUND (FACTS §1.7).
func (p *parser) qualifiedName(hive bool) (db, name string, err error) {
	first := p.peek()
	parts := make([]string, 0, 3)
	for {
		part, err := p.ident(hive)
		if err != nil {
			return "", "", err
		}
		parts = append(parts, part)
		if len(parts) == 3 || !isPunct(p.peek(), ".") {
			break
		}
		p.next()
	}
	switch len(parts) {
	case 1:
		return "", parts[0], nil
	case 2:
		return parts[0], parts[1], nil
	}
	if parts[0] != "awsdatacatalog" {
		name := first.text
		if first.kind != tokWord {
			name = parts[0]
		}
		return "", "", CatalogNotFoundError(name)
	}
	return parts[1], parts[2], nil
}

// str reads a string literal; adjacent literals are concatenated, as in
// Hive ('a' 'b' is "ab").
func (p *parser) str() (string, error) {
	t := p.peek()
	if t.kind != tokString && t.kind != tokDString {
		return "", p.fail(t, "<string>")
	}
	var b strings.Builder
	for t.kind == tokString || t.kind == tokDString {
		b.WriteString(t.val)
		p.next()
		t = p.peek()
	}
	return b.String(), nil
}

// properties reads ('k'='v', ...).
func (p *parser) properties() (map[string]string, error) {
	if err := p.expectPunct("("); err != nil {
		return nil, err
	}
	props := map[string]string{}
	for {
		k, err := p.str()
		if err != nil {
			return nil, err
		}
		if err := p.expectPunct("="); err != nil {
			return nil, err
		}
		v, err := p.str()
		if err != nil {
			return nil, err
		}
		props[k] = v
		if p.acceptPunct(")") {
			return props, nil
		}
		if !isPunct(p.peek(), ",") {
			return nil, p.fail(p.peek(), "',', ')'")
		}
		p.next()
	}
}

func (p *parser) acceptIfNotExists() bool { return p.acceptKw("IF", "NOT", "EXISTS") }

func (p *parser) acceptIfExists() bool { return p.acceptKw("IF", "EXISTS") }

func (p *parser) parseCreate() (Statement, error) {
	p.next() // CREATE
	switch t := p.peek(); {
	case isKw(t, "OR"):
		p.next()
		if err := p.expectKw("REPLACE"); err != nil {
			return nil, err
		}
		if t := p.peek(); !isKw(t, "VIEW") {
			if p.err != nil {
				return nil, p.err
			}
			return nil, &RejectError{Code: MalformedQuery, Message: fmt.Sprintf(
				"line %d:%d: mismatched input '%s'. Expecting: 'MATERIALIZED', 'MULTI', 'PROTECTED', 'VIEW'", t.line, t.col, t.display())}
		}
		p.next()
		return p.parseCreateView(true)
	case isKw(t, "DATABASE"), isKw(t, "SCHEMA"):
		p.next()
		return p.parseCreateDatabase()
	case isKw(t, "EXTERNAL"):
		p.next()
		if err := p.expectKw("TABLE"); err != nil {
			return nil, err
		}
		return p.parseCreateTable(true)
	case isKw(t, "TABLE"):
		p.next()
		return p.parseCreateTable(false)
	case isKw(t, "VIEW"):
		p.next()
		return p.parseCreateView(false)
	default:
		return nil, &NotDDLError{Kind: "OTHER", Keyword: "CREATE"}
	}
}

func (p *parser) parseCreateDatabase() (Statement, error) {
	st := &CreateDatabase{IfNotExists: p.acceptIfNotExists()}
	var err error
	if st.Name, err = p.ident(true); err != nil {
		return nil, err
	}
	if p.acceptKw("COMMENT") {
		if st.Comment, err = p.str(); err != nil {
			return nil, err
		}
	}
	if p.acceptKw("LOCATION") {
		locTok := p.peek()
		if st.Location, err = p.str(); err != nil {
			return nil, err
		}
		if !isS3Location(st.Location) {
			return nil, invalidLocation(locTok, st.Location)
		}
	}
	if p.acceptKw("WITH", "DBPROPERTIES") {
		if st.Properties, err = p.properties(); err != nil {
			return nil, err
		}
	}
	return st, nil
}

func (p *parser) parseCreateView(orReplace bool) (Statement, error) {
	st := &CreateView{OrReplace: orReplace}
	var err error
	if st.Database, st.Name, err = p.qualifiedName(false); err != nil {
		return nil, err
	}
	if p.acceptKw("COMMENT") {
		if st.Comment, err = p.str(); err != nil {
			return nil, err
		}
	}
	// Trino's SECURITY clause does not change what the catalog stores.
	if p.acceptKw("SECURITY") {
		if !p.acceptKw("DEFINER") && !p.acceptKw("INVOKER") {
			return nil, p.fail(p.peek(), "'DEFINER', 'INVOKER'")
		}
	}
	as := p.peek()
	if !isKw(as, "AS") {
		return nil, p.fail(as, "'AS'")
	}
	// The query is Trino SQL: take it as text, without lexing it as Hive.
	sub := &lexer{src: p.src, pos: as.end, line: as.line, col: as.col + 2}
	sub.skipSpace()
	query := strings.TrimRight(p.src[sub.pos:], "; \t\r\n\f")
	if query == "" {
		return nil, &RejectError{Code: MalformedQuery, Message: fmt.Sprintf(
			"line %d:%d: mismatched input '<EOF>'. Expecting: '(', 'SELECT', 'TABLE', 'VALUES', 'WITH'", sub.line, sub.col)}
	}
	st.Query = query
	// Mark the whole text as read.
	p.toks = append(p.toks[:p.i], token{kind: tokEOF, pos: len(p.src), end: len(p.src)})
	return st, nil
}

func (p *parser) parseDrop() (Statement, error) {
	p.next() // DROP
	var err error
	switch t := p.peek(); {
	case isKw(t, "DATABASE"), isKw(t, "SCHEMA"):
		p.next()
		st := &DropDatabase{IfExists: p.acceptIfExists()}
		if st.Name, err = p.ident(true); err != nil {
			return nil, err
		}
		if p.acceptKw("CASCADE") {
			st.Cascade = true
		} else {
			p.acceptKw("RESTRICT")
		}
		return st, nil
	case isKw(t, "TABLE"):
		p.next()
		st := &DropTable{IfExists: p.acceptIfExists()}
		if st.Database, st.Name, err = p.qualifiedName(true); err != nil {
			return nil, err
		}
		return st, nil
	case isKw(t, "VIEW"):
		p.next()
		st := &DropView{IfExists: p.acceptIfExists()}
		if st.Database, st.Name, err = p.qualifiedName(false); err != nil {
			return nil, err
		}
		return st, nil
	default:
		return nil, &NotDDLError{Kind: "OTHER", Keyword: "DROP"}
	}
}

// parseAlter parses ALTER TABLE ADD|DROP PARTITION, applies Athena's
// up-front rejections of ALTER TABLE forms that its Hive grammar lacks
// (FACTS §1.7) and routes everything else away.
func (p *parser) parseAlter() (Statement, error) {
	p.next() // ALTER
	if !p.acceptKw("TABLE") {
		return nil, &NotDDLError{Kind: "ALTER", Keyword: "ALTER"}
	}
	if t := p.peek(); isKw(t, "IF") {
		return nil, p.fail(t, "<identifier>")
	}
	db, name, err := p.qualifiedName(true)
	if err != nil {
		return nil, err
	}
	if st, ok, err := p.parseAlterPartitions(db, name); ok {
		return st, err
	}
	t, u := p.peekAt(0), p.peekAt(1)
	switch {
	case isKw(t, "ADD") && isKw(u, "COLUMN"),
		isKw(t, "RENAME") && isKw(u, "COLUMN"),
		isKw(t, "DROP") && isKw(u, "COLUMNS"),
		isKw(t, "REPLACE") && isKw(u, "COLUMN"):
		return nil, p.fail(u, "<ALTER TABLE clause>")
	}
	return nil, &NotDDLError{Kind: "ALTER", Keyword: "ALTER"}
}

// invalidLocation is the rejection of a LOCATION that is not an S3 URI. The
// text and code are the emulator's own (unverified).
func invalidLocation(t token, loc string) error {
	return &RejectError{Code: InvalidInput, Message: fmt.Sprintf(
		"line %d:%d: Invalid location '%s': a LOCATION must be an Amazon S3 URI of the form s3://bucket/prefix/", t.line, t.col, loc)}
}

// reservedDDL lists the words that Athena's DDL accepts as identifiers only
// in backticks (Athena's "Reserved keywords in DDL statements"). Whether a
// bare one is refused at start or FAILs later is unverified; the emulator
// refuses it at start.
var reservedDDL = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`ALL ALTER AND ARRAY AS AUTHORIZATION BETWEEN BIGINT BINARY BOOLEAN BOTH BY
		CASE CAST CHAR COLUMN CONF CONSTRAINT COMMIT CREATE CROSS CUBE CURRENT CURRENT_DATE CURRENT_TIMESTAMP
		CURSOR DATABASE DATE DAYOFWEEK DECIMAL DELETE DESCRIBE DISTINCT DIV DOUBLE DROP ELSE END EXCHANGE EXISTS
		EXTENDED EXTERNAL EXTRACT FALSE FETCH FLOAT FLOOR FOLLOWING FOR FOREIGN FROM FULL FUNCTION GRANT GROUP
		GROUPING HAVING IF IMPORT IN INNER INSERT INT INTEGER INTERSECT INTERVAL INTO IS JOIN LATERAL LEFT LESS
		LIKE LOCAL MACRO MAP MORE NONE NOT NULL NUMERIC OF ON ONLY OR ORDER OUT OUTER OVER PARTIALSCAN PARTITION
		PERCENT PRECEDING PRECISION PRESERVE PRIMARY PROCEDURE RANGE READS REDUCE REGEXP REFERENCES REVOKE RIGHT
		RLIKE ROLLBACK ROLLUP ROW ROWS SELECT SET SMALLINT START TABLE TABLESAMPLE THEN TIME TIMESTAMP TO
		TRANSFORM TRIGGER TRUE TRUNCATE UNBOUNDED UNION UNIQUEJOIN UPDATE USER USING UTC_TIMESTAMP VALUES
		VARCHAR VIEWS WHEN WHERE WINDOW WITH`) {
		m[w] = true
	}
	return m
}()
