package athenaq

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/athenaq/athenaq/athenatype"
	"github.com/athenaq/athenaq/internal/sqltext"
)

// bind prepares args for sql the way Athena reads the statement, which
// sqltext classifies as Athena does (FACTS §7):
//
//   - Statements in Athena's documented scope for ExecutionParameters
//     (FACTS §2.1: SELECT, INSERT INTO, CTAS, UNLOAD, and EXECUTE) keep
//     their text, and args travel as ExecutionParameters, each a SQL
//     literal (athenatype.Literal).
//   - Other Trino statements (CREATE VIEW, Iceberg CREATE TABLE, EXPLAIN,
//     UPDATE, ...) get the literals interpolated, quotes doubled.
//   - Hive DDL (CREATE EXTERNAL TABLE, ALTER TABLE, SHOW, ...) gets them
//     interpolated with Hive's string escapes (athenatype.HiveString), its
//     placeholders found with Hive's lexer, where a backslash escapes.
//   - PREPARE and DEALLOCATE PREPARE take no arguments.
//
// It returns the text to send and the ExecutionParameters, nil when the
// args were interpolated.
func bind(sql string, args []any) (string, []string, error) {
	b, err := planBinding(sql, args)
	if err != nil {
		return "", nil, err
	}
	if !b.anyCount && len(b.marks) != len(args) {
		return "", nil, fmt.Errorf("athenaq: %d arguments for %d '?' placeholders in %q", len(args), len(b.marks), abbreviate(sql))
	}
	lits := make([]string, len(args))
	for i, a := range args {
		var err error
		if b.kind == bindHive {
			lits[i], err = hiveLiteral(a)
		} else {
			lits[i], err = athenatype.Literal(a)
		}
		if err != nil {
			return "", nil, fmt.Errorf("athenaq: argument %d: %w", i+1, err)
		}
	}
	if b.kind == bindParams {
		return sql, lits, nil
	}
	return interpolate(b.toks, b.marks, lits), nil, nil
}

// bindKind is how the arguments of a statement reach Athena.
type bindKind int

const (
	bindParams bindKind = iota + 1 // as ExecutionParameters; the text is sent unchanged
	bindTrino                      // interpolated as Trino literals: ' doubled
	bindHive                       // interpolated as Hive literals: backslash escapes
)

func (k bindKind) String() string {
	switch k {
	case bindParams:
		return "params"
	case bindTrino:
		return "trino"
	case bindHive:
		return "hive"
	}
	return fmt.Sprintf("bindKind(%d)", int(k))
}

// binding is how one statement takes its arguments.
type binding struct {
	kind  bindKind
	toks  []sqltext.Token // the statement, lexed as its grammar reads it
	marks []int           // indexes in toks of the '?' placeholders
	// anyCount is set for EXECUTE name without USING: the arguments fill
	// the prepared statement's own placeholders, which only Athena counts.
	anyCount bool
}

// planBinding chooses how sql takes args. It reads sql with Trino's lexer
// and with Hive's, classifies it, and keeps the reading of the grammar
// Athena parses the statement with.
func planBinding(sql string, args []any) (binding, error) {
	trino, terr := sqltext.Tokenize(sql)
	hive, herr := sqltext.TokenizeHive(sql)
	var tc, hc sqltext.Class
	if terr == nil {
		tc = sqltext.ClassifyTokens(trino)
	}
	if herr == nil {
		hc = sqltext.ClassifyTokens(hive)
	}
	props := hive // where a CREATE TABLE's properties are read
	if herr != nil {
		props = trino
	}
	tHive, hHive := inHiveGrammar(tc, props, args), inHiveGrammar(hc, props, args)
	switch {
	case tc.Kind != sqltext.StmtUnknown && !tHive:
		return trinoBinding(tc, trino)
	case tHive || hHive:
		if herr != nil {
			return binding{}, fmt.Errorf("athenaq: cannot find the '?' placeholders of Hive DDL %q: %w", abbreviate(sql), herr)
		}
		return newBinding(bindHive, hive), nil
	case terr != nil:
		return binding{}, fmt.Errorf("athenaq: cannot find the '?' placeholders of %q: %w", abbreviate(sql), terr)
	}
	// A statement that sqltext does not know, which Athena refuses
	// (FACTS §1.7). The arguments go in as Trino literals, Athena's first
	// reading of any statement, so that Athena's own error comes back.
	return newBinding(bindTrino, trino), nil
}

// trinoBinding is the binding of a statement of Trino's grammar, class cl.
func trinoBinding(cl sqltext.Class, toks []sqltext.Token) (binding, error) {
	switch cl.Kind {
	case sqltext.StmtSelect, sqltext.StmtInsert, sqltext.StmtCreateTableAs, sqltext.StmtUnload:
		// Athena's documented scope for ExecutionParameters (FACTS §2.1).
		return newBinding(bindParams, toks), nil
	case sqltext.StmtExecute:
		// EXECUTE name USING ?, ...: the parameters bind to the USING
		// list. EXECUTE name: they bind to the prepared statement's own
		// '?'. FACTS §2.10 documents EXECUTE ... USING but not
		// ExecutionParameters with EXECUTE (unverified); the emulator
		// takes both forms.
		b := newBinding(bindParams, toks)
		b.anyCount = len(b.marks) == 0 && !slices.ContainsFunc(toks, func(t sqltext.Token) bool { return t.IsWord("USING") })
		return b, nil
	case sqltext.StmtPrepare:
		return binding{}, errors.New("athenaq: PREPARE takes no arguments: its '?' placeholders are the prepared " +
			"statement's parameters; pass their values to EXECUTE name USING ..., or as the arguments of EXECUTE name")
	case sqltext.StmtDeallocate:
		return binding{}, errors.New("athenaq: DEALLOCATE PREPARE takes no arguments")
	}
	// CREATE [OR REPLACE] VIEW, DROP VIEW, Iceberg CREATE TABLE, EXPLAIN,
	// UPDATE, DELETE, MERGE, VACUUM, OPTIMIZE, SHOW FUNCTIONS: Trino
	// statements outside the documented scope of ExecutionParameters.
	// Whether Athena binds parameters in them is unverified; interpolation
	// is right either way. FACTS does not say which grammar reads DROP
	// VIEW; it binds as Trino's because §1.7's list of statements that
	// refuse a double-quoted name (Hive's grammar reads "..." as a string)
	// has DROP TABLE but not DROP VIEW, §4.8's Hive DDL path holds no view
	// statement, views are Trino objects (CREATE VIEW), and the emulator
	// reads DROP VIEW names with Trino's rules.
	return newBinding(bindTrino, toks), nil
}

// inHiveGrammar reports whether Athena parses statements of class cl with
// its Hive DDL grammar. FACTS §4.8 names the Hive DDL path: SHOW TABLES,
// DROP TABLE, CREATE DATABASE, Hive CREATE TABLE, ALTER TABLE RENAME, and
// DESCRIBE, MSCK and SHOW CREATE TABLE, whose Hive ParseException it
// quotes; the other SHOW and ALTER TABLE forms and DROP DATABASE go with
// them, but SHOW FUNCTIONS runs in the engine. An Iceberg CREATE TABLE
// ('table_type'='ICEBERG' in its properties, read from props) is Trino's,
// as the emulator reads it; so is CTAS. ALTER TABLE and DROP TABLE of an
// Iceberg table run in the engine too (FACTS §4.8), but the text does not
// tell an Iceberg table, so they bind as Hive DDL.
func inHiveGrammar(cl sqltext.Class, props []sqltext.Token, args []any) bool {
	switch cl.Kind {
	case sqltext.StmtCreateDatabase, sqltext.StmtDropDatabase, sqltext.StmtDropTable, sqltext.StmtAlterTable,
		sqltext.StmtMSCKRepair, sqltext.StmtDescribe:
		return true
	case sqltext.StmtShow:
		return cl.Substatement != "SHOW_FUNCTIONS"
	case sqltext.StmtCreateTable:
		return !icebergTable(props, args)
	}
	return false
}

// icebergTable reports whether the properties of a CREATE TABLE say
// 'table_type'='ICEBERG', the value a literal or a '?' whose argument is
// that string.
func icebergTable(toks []sqltext.Token, args []any) bool {
	var sig []sqltext.Token
	params := make(map[int]int) // index in sig of a '?' -> its argument
	for _, t := range toks {
		if t.IsTrivia() {
			continue
		}
		if t.Kind == sqltext.Param {
			params[len(sig)] = len(params)
		}
		sig = append(sig, t)
	}
	for i := 0; i+2 < len(sig); i++ {
		if sig[i].Kind != sqltext.String || !strings.EqualFold(sig[i].Value(), "table_type") || !sig[i+1].IsOp("=") {
			continue
		}
		v := sig[i+2]
		if v.Kind == sqltext.String && strings.EqualFold(v.Value(), "iceberg") {
			return true
		}
		if n, ok := params[i+2]; ok && n < len(args) {
			if s, ok := args[n].(string); ok && strings.EqualFold(s, "iceberg") {
				return true
			}
		}
	}
	return false
}

func newBinding(kind bindKind, toks []sqltext.Token) binding {
	b := binding{kind: kind, toks: toks}
	for i, t := range toks {
		if t.Kind == sqltext.Param {
			b.marks = append(b.marks, i)
		}
	}
	return b
}

// hiveLiteral renders v for Hive DDL: a string, or any value whose literal
// is a plain string, as HiveString; anything else as athenatype.Literal.
func hiveLiteral(v any) (string, error) {
	if s, ok := v.(string); ok {
		return athenatype.HiveString(s), nil
	}
	lit, err := athenatype.Literal(v)
	if err != nil {
		return "", err
	}
	if len(lit) >= 2 && lit[0] == '\'' && lit[len(lit)-1] == '\'' {
		return athenatype.HiveString(strings.ReplaceAll(lit[1:len(lit)-1], "''", "'")), nil
	}
	return lit, nil
}

// interpolate writes toks with the literal lits[i] in place of the
// placeholder toks[marks[i]]. A space goes around a literal where it would
// otherwise lex together with its neighbour (x'a' is a binary literal, two
// quoted strings in a row are one, - -1 a comment), so the statement keeps
// its tokens.
func interpolate(toks []sqltext.Token, marks []int, lits []string) string {
	var b strings.Builder
	k := 0
	for i, t := range toks {
		if k >= len(marks) || i != marks[k] {
			b.WriteString(t.Text)
			continue
		}
		lit := lits[k]
		k++
		// After another placeholder, spaceAfter has spaced them already.
		if i > 0 && toks[i-1].Kind != sqltext.Param && spaceBefore(toks[i-1], lit) {
			b.WriteByte(' ')
		}
		b.WriteString(lit)
		if i+1 < len(toks) && spaceAfter(lit, toks[i+1]) {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// spaceBefore reports whether lit, written right after prev, could lex
// together with it.
func spaceBefore(prev sqltext.Token, lit string) bool {
	switch prev.Kind {
	case sqltext.Whitespace, sqltext.Comment:
		return false
	case sqltext.Operator:
		if lit == "" {
			return false
		}
		p, c := prev.Text[len(prev.Text)-1], lit[0]
		return p == '-' && c == '-' || p == '&' && c == '\'' || p == '.' && c >= '0' && c <= '9' || p == '/' && c == '*'
	}
	return true
}

// spaceAfter reports whether lit, written right before next, could lex
// together with it.
func spaceAfter(lit string, next sqltext.Token) bool {
	switch next.Kind {
	case sqltext.Whitespace, sqltext.Comment:
		return false
	case sqltext.Operator:
		if lit == "" {
			return false
		}
		l, c := lit[len(lit)-1], next.Text[0]
		return l >= '0' && l <= '9' && c == '.' || l == '-' && c == '-' || l == '/' && c == '*'
	}
	return true
}

func abbreviate(s string) string {
	if len(s) > 80 {
		return s[:77] + "..."
	}
	return s
}
