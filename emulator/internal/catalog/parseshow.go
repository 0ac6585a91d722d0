package catalog

import (
	"fmt"
	"strings"

	"github.com/athenaq/athenaq/emulator/internal/athena"
)

// This file parses the metadata statements: SHOW ... and DESCRIBE.

func (p *parser) parseShow() (Statement, error) {
	p.next() // SHOW
	var err error
	switch t := p.peek(); {
	case isKw(t, "DATABASES"), isKw(t, "SCHEMAS"):
		p.next()
		st := &ShowDatabases{}
		st.Pattern, err = p.showPattern(false)
		return st, err
	case isKw(t, "TABLES"):
		p.next()
		st := &ShowTables{}
		if st.Database, err = p.showIn(); err != nil {
			return nil, err
		}
		st.Pattern, err = p.showPattern(true)
		return st, err
	case isKw(t, "VIEWS"):
		p.next()
		st := &ShowViews{}
		if st.Database, err = p.showIn(); err != nil {
			return nil, err
		}
		st.Pattern, err = p.showPattern(false)
		return st, err
	case isKw(t, "COLUMNS"):
		p.next()
		if !p.acceptKw("FROM") && !p.acceptKw("IN") {
			return nil, p.fail(p.peek(), "'FROM', 'IN'")
		}
		st := &ShowColumns{}
		if st.Database, st.Table, err = p.qualifiedName(true); err != nil {
			return nil, err
		}
		if p.acceptKw("FROM") || p.acceptKw("IN") {
			if st.Database, err = p.ident(true); err != nil {
				return nil, err
			}
		}
		return st, nil
	case isKw(t, "CREATE"):
		p.next()
		switch {
		case p.acceptKw("TABLE"):
			st := &ShowCreateTable{}
			st.Database, st.Table, err = p.qualifiedName(true)
			return st, err
		case p.acceptKw("VIEW"):
			st := &ShowCreateView{}
			st.Database, st.Name, err = p.qualifiedName(false)
			return st, err
		}
		return nil, p.fail(p.peek(), "'TABLE', 'VIEW'")
	case isKw(t, "TBLPROPERTIES"):
		p.next()
		st := &ShowTblProperties{}
		if st.Database, st.Table, err = p.qualifiedName(true); err != nil {
			return nil, err
		}
		if p.acceptPunct("(") {
			if st.Property, err = p.str(); err != nil {
				return nil, err
			}
			if err := p.expectPunct(")"); err != nil {
				return nil, err
			}
		}
		return st, nil
	case isKw(t, "PARTITIONS"):
		p.next()
		st := &ShowPartitions{}
		st.Database, st.Table, err = p.qualifiedName(true)
		return st, err
	case isKw(t, "SESSION"), isKw(t, "STATS"):
		// Athena's grammar has neither (FACTS §1.7).
		return nil, &RejectError{Code: MalformedQuery, Message: fmt.Sprintf(
			"line %d:%d: no viable alternative at input '%s'", t.line, t.col, p.src[p.toks[0].pos:t.end])}
	default:
		return nil, &NotDDLError{Kind: "SHOW", Keyword: "SHOW"}
	}
}

// showIn reads an optional IN|FROM db.
func (p *parser) showIn() (string, error) {
	if !p.acceptKw("IN") && !p.acceptKw("FROM") {
		return "", nil
	}
	first := p.peek()
	db, err := p.ident(true)
	if err != nil || !isPunct(p.peek(), ".") {
		return db, err
	}
	// catalog.db: Athena drops an awsdatacatalog prefix (FACTS §2.2).
	if db != "awsdatacatalog" {
		if first.kind == tokWord {
			db = first.text
		}
		return "", CatalogNotFoundError(db)
	}
	p.next()
	return p.ident(true)
}

// showPattern reads an optional [LIKE] 'pattern'. SHOW TABLES also takes a
// bare identifier as its pattern, as Hive does.
func (p *parser) showPattern(identOK bool) (string, error) {
	like := p.acceptKw("LIKE")
	t := p.peek()
	switch {
	case t.kind == tokString || t.kind == tokDString:
		return p.str()
	case identOK && (t.kind == tokWord || t.kind == tokBacktick):
		p.next()
		if t.kind == tokBacktick {
			return t.val, nil
		}
		return t.text, nil
	case like:
		return "", p.fail(t, "<string>")
	}
	return "", nil
}

func (p *parser) parseDescribe() (Statement, error) {
	p.next() // DESCRIBE or DESC
	st := &Describe{}
	switch t := p.peek(); {
	case isKw(t, "EXTENDED"), isKw(t, "FORMATTED"):
		p.next()
		st.Detail = strings.ToUpper(t.text)
	}
	var err error
	if st.Database, st.Table, err = p.qualifiedName(true); err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind == tokWord || t.kind == tokBacktick {
		if st.Column, err = p.ident(true); err != nil {
			return nil, err
		}
	}
	return st, nil
}

// hiveComments fails DESCRIBE and SHOW CREATE TABLE that contain a /* */
// comment after their first keyword: Athena passes their text on to Hive,
// whose parser has no block comments, and the query ends FAILED with a
// ParseException, category 1, type 1003 (FACTS §2.2, §7). The exact message
// is Hive's form (unverified): the position is line:column with a 0-based
// column, and "near" quotes the next tokens as Hive's lexer sees them.
func (p *parser) hiveComments(st Statement) error {
	switch st.(type) {
	case *Describe, *ShowCreateTable:
	default:
		return nil
	}
	for k := 1; k < len(p.toks); k++ {
		t := p.toks[k]
		if !t.commentBefore {
			continue
		}
		prevEnd := p.toks[k-1].end
		at := strings.Index(p.src[prevEnd:t.pos], "/*")
		if at < 0 {
			continue
		}
		at += prevEnd
		line := 1 + strings.Count(p.src[:at], "\n")
		col := len([]rune(p.src[strings.LastIndex(p.src[:at], "\n")+1 : at]))
		near := []string{"/", "*"}
		rest := strings.TrimLeft(p.src[at+2:], " \t\r\n")
		if w := firstHiveToken(rest); w != "" {
			near = append(near, w)
		} else {
			near = append(near, "<EOF>")
		}
		return &athena.QueryError{
			Message:  fmt.Sprintf("FAILED: ParseException line %d:%d cannot recognize input near '%s' '%s' '%s'", line, col, near[0], near[1], near[2]),
			Category: 1, Type: 1003,
		}
	}
	return nil
}

// firstHiveToken returns the first token of s the way a simple SQL lexer
// splits it: a word, or a single other character.
func firstHiveToken(s string) string {
	if s == "" {
		return ""
	}
	n := 0
	for n < len(s) && isWordByte(s[n]) {
		n++
	}
	if n == 0 {
		for _, r := range s {
			return string(r)
		}
	}
	return s[:n]
}
