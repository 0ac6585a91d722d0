package engine

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/athenaq/athenaq/emulator/internal/athena"
)

// source describes the SQL behind an error so that positions and names in
// DuckDB's messages can be translated to the caller's text.
type source struct {
	text       string // the SQL as the caller gave it ("" when none ran)
	lineOffset int    // lines the engine put before text in the statement it ran
	schema     string // current schema, for unqualified names
	use        bool   // the error came from selecting the schema
}

// mapError turns an error of a DuckDB call into what the caller reports:
// an error matching ctx.Err() when the context ended (DuckDB was
// interrupted), else an *athena.QueryError with Athena's error name and
// message (FACTS §2.2).
func mapError(ctx context.Context, err error, src source) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("engine: %w", ctxErr)
	}
	if err == nil {
		return nil
	}
	var de *duckdb.Error
	if !errors.As(err, &de) {
		return athena.NewQueryError("GENERIC_INTERNAL_ERROR", err.Error())
	}
	m := parseDuckMessage(de.Msg)
	pos := m.position(src)
	if src.use {
		return athena.NewQueryError("SCHEMA_NOT_FOUND", fmt.Sprintf("Schema '%s' does not exist", strings.ToLower(src.schema)))
	}
	if qe := mapKnown(m, pos, src); qe != nil {
		return qe
	}
	switch de.Type {
	case duckdb.ErrorTypeParser, duckdb.ErrorTypeSyntax:
		return athena.NewQueryError("SYNTAX_ERROR", pos.prefix()+parserMessage(m.text))
	case duckdb.ErrorTypeConversion:
		return athena.NewQueryError("INVALID_CAST_ARGUMENT", m.text)
	case duckdb.ErrorTypeOutOfRange:
		return athena.NewQueryError("NUMERIC_VALUE_OUT_OF_RANGE", m.text)
	case duckdb.ErrorTypeDivideByZero:
		return athena.NewQueryError("DIVISION_BY_ZERO", "Division by zero")
	case duckdb.ErrorTypeInvalidInput:
		return athena.NewQueryError("INVALID_FUNCTION_ARGUMENT", m.text)
	case duckdb.ErrorTypeNotImplemented:
		return athena.NewQueryError("NOT_SUPPORTED", m.text)
	case duckdb.ErrorTypeInternal, duckdb.ErrorTypeFatal, duckdb.ErrorTypeOutOfMemory, duckdb.ErrorTypeIO,
		duckdb.ErrorTypeInterrupt, duckdb.ErrorTypeConnection, duckdb.ErrorTypeNullPointer,
		duckdb.ErrorTypeMissingExtension, duckdb.ErrorTypeAutoLoad, duckdb.ErrorTypeSerialization:
		return athena.NewQueryError("GENERIC_INTERNAL_ERROR", m.text)
	}
	return athena.NewQueryError("GENERIC_USER_ERROR", m.text)
}

// duckMessage is a DuckDB error text split into its parts:
// "Catalog Error: <text>\n<hints>\n\nLINE 1: <snippet>\n      ^".
type duckMessage struct {
	text      string // first line of the message without the "X Error: " prefix
	line      int    // LINE n, 0 when absent
	caret     int    // 0-based character index of ^ within snippet
	snippet   string // the quoted source line, possibly cut and marked with "..."
	truncated bool   // snippet starts with "..."
}

var lineRE = regexp.MustCompile(`(?m)^LINE (\d+): (.*)\n( *)\^`)

func parseDuckMessage(msg string) duckMessage {
	var m duckMessage
	first, _, _ := strings.Cut(msg, "\n")
	if prefix, rest, ok := strings.Cut(first, ": "); ok && strings.HasSuffix(prefix, "Error") && !strings.Contains(prefix, "'") {
		first = rest
	}
	m.text = strings.TrimSpace(first)
	if sub := lineRE.FindStringSubmatch(msg); sub != nil {
		m.line, _ = strconv.Atoi(sub[1])
		head := "LINE " + sub[1] + ": "
		m.snippet = sub[2]
		m.caret = utf8.RuneCountInString(sub[3]) - len(head)
		if s, ok := strings.CutPrefix(m.snippet, "..."); ok {
			m.snippet, m.truncated = s, true
			m.caret -= 3
		}
		m.snippet = strings.TrimSuffix(m.snippet, "...")
	}
	return m
}

// pos is a position in the caller's SQL; line 0 means unknown.
type pos struct {
	line, col int
	off       int // byte offset in the caller's text, -1 when unknown
}

// prefix returns "line L:C: " as Trino puts it before analysis errors, or
// "" when the position is unknown.
func (p pos) prefix() string {
	if p.line == 0 {
		return ""
	}
	return fmt.Sprintf("line %d:%d: ", p.line, p.col)
}

// position translates DuckDB's LINE/caret marker into the caller's text.
func (m duckMessage) position(src source) pos {
	none := pos{off: -1}
	if m.line == 0 || src.text == "" || m.caret < 0 {
		return none
	}
	line := m.line - src.lineOffset
	if line < 1 {
		return none
	}
	lines := strings.Split(src.text, "\n")
	if line > len(lines) {
		return none
	}
	text := lines[line-1]
	col := m.caret + 1
	if m.truncated {
		i := strings.Index(text, m.snippet)
		if i < 0 {
			return none
		}
		col = utf8.RuneCountInString(text[:i]) + m.caret + 1
	}
	return pos{line: line, col: col, off: offsetOf(src.text, line, col)}
}

var (
	tableRE      = regexp.MustCompile(`^Table with name (.+?) does not exist`)
	missingRE    = regexp.MustCompile(`because (schema|catalog) "?([^"]+?)"? does not exist`)
	columnRE     = regexp.MustCompile(`^(?:Referenced column "(.+)" (?:not found|was not found)|(?:Values list|Table) ".*" does not have a column named "(.+)")`)
	functionRE   = regexp.MustCompile(`^(?:Scalar |Aggregate |Table |Pragma |Macro )?Function with name "?([^" ]+?)"? does not exist`)
	noMatchRE    = regexp.MustCompile(`^No function matches the given name and argument types '([^(]+)\((.*)\)'`)
	ambiguousRE  = regexp.MustCompile(`^Ambiguous reference to column name "(.+?)"`)
	groupByRE    = regexp.MustCompile(`^column "?(.+?)"? must appear in the GROUP BY clause`)
	castStrRE    = regexp.MustCompile(`^Could not convert string '(.*)' to (\w+(?:\(\d+,\d+\))?)`)
	castRangeRE  = regexp.MustCompile(`^Type \w+ with value (.+) can't be cast because the value is out of range for the destination type (\w+)`)
	castDateRE   = regexp.MustCompile(`^(?:invalid date field format|date field value out of range): "(.*)"`)
	castTsRE     = regexp.MustCompile(`^(?:invalid timestamp field format|timestamp field value out of range|invalid timestamp format): "(.*)"`)
	overflowRE   = regexp.MustCompile(`^Overflow in (addition|subtraction|multiplication) of (\w+) \((.*)\)!?$`)
	noSchemaUsRE = regexp.MustCompile(`No catalog \+ schema named "(.+?)" found`)
	// raisedRE matches the errors that the trino_ macros raise with
	// error('NAME: message').
	raisedRE = regexp.MustCompile(`^(INVALID_FUNCTION_ARGUMENT|INVALID_CAST_ARGUMENT|DIVISION_BY_ZERO): (.*)$`)
)

// trinoCastNames spells DuckDB's internal type names as Trino's cast
// messages do ("Cannot cast 'abc' to INT").
var trinoCastNames = map[string]string{
	"INT8": "TINYINT", "INT16": "SMALLINT", "INT32": "INT", "INT64": "BIGINT", "INT128": "BIGINT",
	"UINT8": "SMALLINT", "UINT16": "INT", "UINT32": "BIGINT", "UINT64": "BIGINT",
	"FLOAT": "REAL", "DOUBLE": "DOUBLE", "BOOL": "BOOLEAN", "BOOLEAN": "BOOLEAN",
}

// trinoTypeNames spells DuckDB's internal type names as Trino's lowercase
// type names.
var trinoTypeNames = map[string]string{
	"INT8": "tinyint", "INT16": "smallint", "INT32": "integer", "INT64": "bigint", "INT128": "bigint",
	"TINYINT": "tinyint", "SMALLINT": "smallint", "INTEGER": "integer", "BIGINT": "bigint", "HUGEINT": "bigint",
	"UINT8": "smallint", "UINT16": "integer", "UINT32": "bigint", "UINT64": "bigint",
	"FLOAT": "real", "DOUBLE": "double", "VARCHAR": "varchar", "BOOLEAN": "boolean", "BOOL": "boolean",
	"DATE": "date", "BLOB": "varbinary", "TIMESTAMP": "timestamp(3)", "INTERVAL": "interval day to second",
}

// mapKnown recognises the DuckDB messages that have an Athena equivalent.
func mapKnown(m duckMessage, p pos, src source) *athena.QueryError {
	t := m.text
	if sub := tableRE.FindStringSubmatch(t); sub != nil {
		if ms := missingRE.FindStringSubmatch(t); ms != nil {
			if ms[1] == "schema" {
				return athena.NewQueryError("SCHEMA_NOT_FOUND", p.prefix()+fmt.Sprintf("Schema '%s' does not exist", strings.ToLower(ms[2])))
			}
			return athena.NewQueryError("CATALOG_NOT_FOUND", p.prefix()+fmt.Sprintf("Catalog '%s' does not exist", strings.ToLower(ms[2])))
		}
		parts := nameAt(src.text, p.off)
		name := strings.Trim(sub[1], `"`)
		if len(parts) == 0 || !strings.EqualFold(parts[len(parts)-1], lastPart(name)) {
			parts = strings.Split(name, ".")
		}
		schema := src.schema
		if schema == "" {
			schema = "default"
		}
		switch len(parts) {
		case 1:
			parts = []string{"awsdatacatalog", schema, parts[0]}
		case 2:
			parts = []string{"awsdatacatalog", parts[0], parts[1]}
		}
		full := strings.ToLower(strings.Join(parts, "."))
		return athena.NewQueryError("TABLE_NOT_FOUND", p.prefix()+fmt.Sprintf("Table '%s' does not exist", full))
	}
	if sub := columnRE.FindStringSubmatch(t); sub != nil {
		col := sub[1] + sub[2]
		if parts := nameAt(src.text, p.off); len(parts) > 1 && strings.EqualFold(parts[len(parts)-1], col) {
			col = strings.Join(parts, ".")
		}
		return athena.NewQueryError("COLUMN_NOT_FOUND", p.prefix()+fmt.Sprintf("Column '%s' cannot be resolved", strings.ToLower(col)))
	}
	if sub := functionRE.FindStringSubmatch(t); sub != nil {
		return athena.NewQueryError("FUNCTION_NOT_FOUND", p.prefix()+fmt.Sprintf("Function '%s' not registered", strings.ToLower(sub[1])))
	}
	if sub := noMatchRE.FindStringSubmatch(t); sub != nil {
		args := strings.Split(sub[2], ", ")
		for i, a := range args {
			if n, ok := trinoTypeNames[a]; ok {
				args[i] = n
			} else {
				args[i] = strings.ToLower(a)
			}
		}
		if sub[2] == "" {
			args = nil
		}
		return athena.NewQueryError("FUNCTION_NOT_FOUND", p.prefix()+fmt.Sprintf("Unexpected parameters (%s) for function %s", strings.Join(args, ", "), strings.ToLower(sub[1])))
	}
	if sub := ambiguousRE.FindStringSubmatch(t); sub != nil {
		return athena.NewQueryError("AMBIGUOUS_NAME", p.prefix()+fmt.Sprintf("Column '%s' is ambiguous", strings.ToLower(sub[1])))
	}
	if sub := groupByRE.FindStringSubmatch(t); sub != nil {
		return athena.NewQueryError("EXPRESSION_NOT_AGGREGATE", p.prefix()+fmt.Sprintf("'%s' must be an aggregate expression or appear in GROUP BY clause", sub[1]))
	}
	if sub := noSchemaUsRE.FindStringSubmatch(t); sub != nil {
		return athena.NewQueryError("SCHEMA_NOT_FOUND", fmt.Sprintf("Schema '%s' does not exist", strings.ToLower(sub[1])))
	}
	if sub := raisedRE.FindStringSubmatch(t); sub != nil {
		return athena.NewQueryError(sub[1], sub[2])
	}
	if t == "Division by zero" {
		return athena.NewQueryError("DIVISION_BY_ZERO", "Division by zero")
	}
	if t == "Map keys must be unique." {
		return athena.NewQueryError("INVALID_FUNCTION_ARGUMENT", "Duplicate map keys are not allowed")
	}
	if sub := castStrRE.FindStringSubmatch(t); sub != nil {
		if strings.HasPrefix(sub[2], "DECIMAL") {
			return athena.NewQueryError("INVALID_CAST_ARGUMENT", fmt.Sprintf("Cannot cast VARCHAR '%s' to %s. Value is not a number.", sub[1], strings.ReplaceAll(sub[2], ",", ", ")))
		}
		name, ok := trinoCastNames[sub[2]]
		if !ok {
			name = sub[2]
		}
		return athena.NewQueryError("INVALID_CAST_ARGUMENT", fmt.Sprintf("Cannot cast '%s' to %s", sub[1], name))
	}
	if sub := castRangeRE.FindStringSubmatch(t); sub != nil {
		name, ok := trinoTypeNames[sub[2]]
		if !ok {
			name = strings.ToLower(sub[2])
		}
		return athena.NewQueryError("NUMERIC_VALUE_OUT_OF_RANGE", fmt.Sprintf("Out of range for %s: %s", name, sub[1]))
	}
	if sub := castDateRE.FindStringSubmatch(t); sub != nil {
		return athena.NewQueryError("INVALID_CAST_ARGUMENT", "Value cannot be cast to date: "+sub[1])
	}
	if sub := castTsRE.FindStringSubmatch(t); sub != nil {
		return athena.NewQueryError("INVALID_CAST_ARGUMENT", "Value cannot be cast to timestamp: "+sub[1])
	}
	if sub := overflowRE.FindStringSubmatch(t); sub != nil {
		name, ok := trinoTypeNames[sub[2]]
		if !ok {
			name = strings.ToLower(sub[2])
		}
		return athena.NewQueryError("NUMERIC_VALUE_OUT_OF_RANGE", fmt.Sprintf("%s %s overflow: %s", name, sub[1], sub[3]))
	}
	return nil
}

func lastPart(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// nameAt reads the possibly qualified name (a.b.c, "quoted".b) that starts
// at byte offset off of text; nil when there is none.
func nameAt(text string, off int) []string {
	if off < 0 || off >= len(text) {
		return nil
	}
	var parts []string
	i := off
	for i < len(text) {
		if text[i] == '"' {
			j := skipQuoted(text, i, '"', false)
			parts = append(parts, strings.ReplaceAll(strings.TrimSuffix(text[i+1:j], `"`), `""`, `"`))
			i = j
		} else {
			j := i
			for j < len(text) && (text[j] == '_' || text[j] >= '0' && text[j] <= '9' || text[j] >= 'a' && text[j] <= 'z' || text[j] >= 'A' && text[j] <= 'Z' || text[j] >= 0x80) {
				j++
			}
			if j == i {
				break
			}
			parts = append(parts, text[i:j])
			i = j
		}
		if i < len(text) && text[i] == '.' {
			i++
			continue
		}
		break
	}
	return parts
}
