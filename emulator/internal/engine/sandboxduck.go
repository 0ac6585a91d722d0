package engine

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/athenaq/athenaq/emulator/internal/athena"
)

// The DuckDB dialect's sandbox. Athena's DuckDB engine runs DuckDB SQL with
// S3 as its only file system (DUCKDB.md): queries may call DuckDB's file
// readers, but only over s3:// URLs, which the emulator copies into its
// table cache and swaps for the local copies (see S3Ref). The checks:
//
//   - one statement per query;
//   - statements that change the session, the database set, extensions or
//     transactions fail (INSTALL, LOAD, SET, ATTACH, PREPARE, BEGIN, ...);
//   - table functions other than duckAllowedTableFunctions and the S3
//     readers fail, as do duckdb_*, pragma_* and the settings functions;
//   - an S3 reader's path argument, and a string in a FROM list, must be an
//     s3:// string literal or a list of them: host files are not reachable.
//
// confine stays the backstop: even a statement that slipped through reaches
// no file outside the engine's folders.

// S3Ref is a place in a DuckDB-dialect statement that names S3 objects:
// the path argument of an S3 reader (read_parquet('s3://b/k/*.parquet'))
// or a string in a FROM list (FROM 's3://b/k.csv').
type S3Ref struct {
	// Func is the reader's name in lower case (read_csv, glob, ...), or ""
	// for a string in a FROM list.
	Func string
	// URLs are the s3:// URLs of the literal, in order; each may be a glob
	// pattern (*, ?, **, [...]).
	URLs []string
	// Start and End are the byte offsets of the literal (a string, or a
	// list of strings in brackets) in the statement.
	Start, End int
	// CallStart and CallEnd span the whole call, from the function's name
	// to its closing parenthesis; for a FROM string they equal Start and
	// End.
	CallStart, CallEnd int
}

// DuckDBStatement is a statement of the DuckDB dialect that the sandbox
// has passed.
type DuckDBStatement struct {
	// Body is the statement without its trailing semicolon.
	Body string
	// Kind is what the statement does, in upper case: "SELECT" for every
	// statement that returns rows (SELECT, WITH, FROM-first, VALUES, TABLE,
	// PIVOT, UNPIVOT, SUMMARIZE, DESCRIBE, SHOW, parenthesized queries),
	// "EXPLAIN", "SHOW SCHEMAS", or the leading keywords of any other
	// statement: "CREATE TABLE", "CREATE SCHEMA", "CREATE VIEW", "DROP
	// TABLE", "DROP SCHEMA", "INSERT", "UPDATE", "DELETE", "ALTER", ...
	Kind string
	// S3 are the statement's S3 references, in text order.
	S3 []S3Ref
	// Copy is the target of a COPY statement (Kind "COPY"), which writes
	// only to S3.
	Copy *CopyTo
}

// ReturnsRows reports whether the statement is a query that Query runs.
func (st *DuckDBStatement) ReturnsRows() bool { return st.Kind == "SELECT" || st.Kind == "EXPLAIN" }

// duckAllowedTableFunctions are the table functions that read no file.
var duckAllowedTableFunctions = []string{"range", "generate_series", "unnest", "repeat", "json_each", "json_tree", "test_all_types"}

// s3Readers are the table functions admitted over s3:// literals.
var s3Readers = map[string]bool{
	"read_parquet": true, "parquet_scan": true, "read_csv": true, "read_csv_auto": true,
	"read_json": true, "read_json_auto": true, "read_ndjson": true, "read_ndjson_auto": true,
	"read_json_objects": true, "read_json_objects_auto": true, "read_ndjson_objects": true,
	"read_text": true, "read_blob": true, "glob": true, "parquet_metadata": true, "parquet_schema": true,
}

// deniedDuckFunctions lists the functions that the DuckDB dialect refuses:
// as deniedFunctions, but with the table functions of
// duckAllowedTableFunctions and the S3 readers admitted.
func deniedDuckFunctions(ctx context.Context, conn *sql.Conn) (map[string]bool, error) {
	denied, err := deniedFunctions(ctx, conn)
	if err != nil {
		return nil, err
	}
	for _, name := range duckAllowedTableFunctions {
		delete(denied, name)
	}
	for name := range s3Readers {
		delete(denied, name)
	}
	for _, name := range []string{"query", "query_table"} {
		denied[name] = true
	}
	return denied, nil
}

// deniedStatements are the statement kinds a DuckDB work group refuses,
// with the reason (the texts are the emulator's; Athena's are unverified).
var deniedStatements = map[string]string{
	"INSTALL":           "extensions are built in and fixed in Athena's DuckDB engine: INSTALL is not supported",
	"LOAD":              "extensions are built in and fixed in Athena's DuckDB engine: LOAD is not supported",
	"FORCE":             "extensions are built in and fixed in Athena's DuckDB engine: INSTALL is not supported",
	"UPDATE EXTENSIONS": "extensions are built in and fixed in Athena's DuckDB engine",
	"SET":               "the session settings of Athena's DuckDB engine are fixed: SET is not supported",
	"RESET":             "the session settings of Athena's DuckDB engine are fixed: RESET is not supported",
	"PRAGMA":            "PRAGMA is not supported in a DuckDB work group",
	"ATTACH":            "ATTACH is not supported in a DuckDB work group: the catalog is AwsDataCatalog",
	"DETACH":            "DETACH is not supported in a DuckDB work group: the catalog is AwsDataCatalog",
	"USE":               "USE is not supported in a DuckDB work group: set QueryExecutionContext.Database",
	"EXPORT":            "EXPORT DATABASE is not supported in a DuckDB work group",
	"IMPORT":            "IMPORT DATABASE is not supported in a DuckDB work group",
	"PREPARE":           "PREPARE is not supported in a DuckDB work group: use ExecutionParameters with ? placeholders",
	"EXECUTE":           "EXECUTE is not supported in a DuckDB work group: use ExecutionParameters with ? placeholders",
	"DEALLOCATE":        "DEALLOCATE is not supported in a DuckDB work group: use ExecutionParameters with ? placeholders",
	"BEGIN":             "transactions are not supported in a DuckDB work group",
	"START":             "transactions are not supported in a DuckDB work group",
	"COMMIT":            "transactions are not supported in a DuckDB work group",
	"ROLLBACK":          "transactions are not supported in a DuckDB work group",
	"ABORT":             "transactions are not supported in a DuckDB work group",
	"END":               "transactions are not supported in a DuckDB work group",
	"CALL":              "CALL is not supported in a DuckDB work group",
	"CHECKPOINT":        "CHECKPOINT is not supported in a DuckDB work group",
	"FORCE CHECKPOINT":  "CHECKPOINT is not supported in a DuckDB work group",
	"CREATE SECRET":     "CREATE SECRET is not supported in a DuckDB work group: S3 access uses the work group's credentials",
	"DROP SECRET":       "DROP SECRET is not supported in a DuckDB work group",
	"CREATE MACRO":      "CREATE MACRO is not supported in a DuckDB work group",
	"CREATE FUNCTION":   "CREATE FUNCTION is not supported in a DuckDB work group",
	"DROP MACRO":        "DROP MACRO is not supported in a DuckDB work group",
	"DROP FUNCTION":     "DROP FUNCTION is not supported in a DuckDB work group",
}

// queryWords start the statements that return rows.
var queryWords = []string{"SELECT", "WITH", "FROM", "VALUES", "TABLE", "PIVOT", "UNPIVOT", "PIVOT_WIDER", "PIVOT_LONGER",
	"SUMMARIZE", "DESCRIBE", "DESC", "SHOW"}

// DuckDBError returns the failure of a DuckDB-dialect query that the
// sandbox or the emulator refuses: msg, in DuckDB's "Kind Error: text"
// form, as both StateChangeReason and AthenaError.ErrorMessage. The
// category and type are USER 1000 (unverified: Athena's codes for DuckDB
// errors are not documented).
func DuckDBError(msg string) *athena.QueryError {
	return &athena.QueryError{Message: msg, Category: 2, Type: 1000}
}

// ParseDuckDB applies the DuckDB dialect's sandbox to sql and classifies
// it. Refusals are *athena.QueryError values (see DuckDBError). It reads
// no catalog and runs nothing; any engine may be asked, but only one of the
// DuckDB dialect knows its denied functions, so other engines refuse.
func (e *Engine) ParseDuckDB(sql string) (*DuckDBStatement, error) {
	if e.dialect != DialectDuckDB {
		return nil, fmt.Errorf("engine: ParseDuckDB on an engine of dialect %d", e.dialect)
	}
	return parseDuckDB(sql, e.denied)
}

func parseDuckDB(sql string, denied map[string]bool) (*DuckDBStatement, error) {
	body, err := singleStatement(sql)
	if err != nil {
		se, ok := err.(*SyntaxError)
		if !ok {
			return nil, err
		}
		if strings.Contains(se.Msg, "Expecting: <EOF>") {
			second := strings.TrimSuffix(strings.TrimPrefix(se.Msg, "mismatched input '"), "'. Expecting: <EOF>")
			return nil, DuckDBError(fmt.Sprintf("Parser Error: a DuckDB work group runs one statement per query: a second statement starts at line %d:%d with %q", se.Line, se.Col, second))
		}
		return nil, DuckDBError("Parser Error: the query is empty")
	}
	toks, err := sandboxTokens(body)
	if err != nil {
		return nil, DuckDBError("Parser Error: " + err.Error())
	}
	st := &DuckDBStatement{Body: body, Kind: duckKind(toks)}
	if reason, ok := deniedStatements[st.Kind]; ok {
		return nil, DuckDBError("Permission Error: " + reason)
	}
	if st.Kind == "COPY" {
		if st.Copy, err = copyTarget(body, toks); err != nil {
			return nil, err
		}
	}
	if err := checkDuckFunctions(body, toks, denied); err != nil {
		return nil, err
	}
	if st.S3, err = findS3Refs(body, toks); err != nil {
		return nil, err
	}
	return st, nil
}

// duckKind classifies a statement by its leading keywords.
func duckKind(toks []sqlTok) string {
	words := make([]string, 0, 4)
	for _, t := range toks {
		if t.kind != tokWord {
			break
		}
		words = append(words, strings.ToUpper(t.text))
		if len(words) == 4 {
			break
		}
	}
	if len(toks) > 0 && toks[0].is("(") {
		return "SELECT"
	}
	if len(words) == 0 {
		return "SELECT"
	}
	first := words[0]
	switch first {
	case "EXPLAIN":
		return "EXPLAIN"
	case "SHOW":
		if len(words) > 1 && (words[1] == "SCHEMAS" || words[1] == "DATABASES") {
			return "SHOW SCHEMAS"
		}
		return "SELECT"
	case "CREATE", "DROP":
		rest := words[1:]
		for len(rest) > 0 && (rest[0] == "OR" || rest[0] == "REPLACE" || rest[0] == "TEMP" || rest[0] == "TEMPORARY" ||
			rest[0] == "PERSISTENT" || rest[0] == "UNIQUE") {
			rest = rest[1:]
		}
		if len(rest) == 0 {
			return first
		}
		return first + " " + rest[0]
	case "FORCE", "UPDATE":
		if len(words) > 1 && (words[1] == "CHECKPOINT" || words[1] == "EXTENSIONS") {
			return first + " " + words[1]
		}
	}
	if slices.Contains(queryWords, first) || !slices.Contains(statementWords, first) {
		// Text that starts no statement runs as a query, so that DuckDB's
		// parser reports it.
		return "SELECT"
	}
	return first
}

// statementWords start DuckDB's statements other than queries.
var statementWords = []string{"ABORT", "ALTER", "ANALYZE", "ATTACH", "BEGIN", "CALL", "CHECKPOINT", "COMMENT", "COMMIT", "COPY",
	"CREATE", "DEALLOCATE", "DELETE", "DETACH", "DROP", "END", "EXECUTE", "EXPORT", "FORCE", "IMPORT", "INSERT", "INSTALL",
	"LOAD", "MERGE", "PRAGMA", "PREPARE", "RESET", "ROLLBACK", "SET", "START", "TRUNCATE", "UPDATE", "USE", "VACUUM"}

// CopyTo is what a COPY ... TO 's3://...' statement writes: the query
// whose rows it writes, the target and DuckDB's options as written.
type CopyTo struct {
	// Query is the query in parentheses, or SELECT * FROM the table named.
	Query string
	// URL is the s3:// target.
	URL string
	// Options is the text of the options in parentheses, "" for none.
	Options string
}

// copyTarget reads COPY (query) TO 's3://...' [[WITH] (options)] and COPY
// table TO 's3://...' [...]. COPY FROM, and COPY TO anything but an s3://
// literal, fail: host files are not reachable.
func copyTarget(body string, toks []sqlTok) (*CopyTo, error) {
	hostOnly := DuckDBError("Permission Error: COPY writes S3 only in Athena: host files are not reachable")
	i := 1
	c := &CopyTo{}
	switch {
	case i < len(toks) && toks[i].is("("):
		end := matchParen(toks, i)
		if end < 0 {
			return nil, DuckDBError("Parser Error: syntax error: unbalanced parentheses")
		}
		c.Query = body[toks[i].off+1 : toks[end].off]
		i = end + 1
	case i < len(toks) && (toks[i].kind == tokWord || toks[i].kind == tokQuoted):
		start := i
		for i+2 < len(toks) && toks[i+1].is(".") && (toks[i+2].kind == tokWord || toks[i+2].kind == tokQuoted) {
			i += 2
		}
		c.Query = "SELECT * FROM " + body[toks[start].off:toks[i].off+len(toks[i].text)]
		i++
	default:
		return nil, DuckDBError("Parser Error: syntax error: want COPY (query) TO 's3://...' or COPY table TO 's3://...'")
	}
	if i >= len(toks) || !toks[i].word("TO") {
		if i < len(toks) && toks[i].word("FROM") {
			return nil, DuckDBError("Permission Error: COPY FROM is not supported in a DuckDB work group (host files are not reachable): read S3 with read_csv, read_parquet or read_json")
		}
		return nil, hostOnly
	}
	i++
	if i >= len(toks) || toks[i].kind != tokString {
		return nil, hostOnly
	}
	u, ok := plainString(toks[i].text)
	if !ok || !strings.HasPrefix(u, "s3://") {
		return nil, hostOnly
	}
	c.URL = u
	i++
	if i < len(toks) && toks[i].word("WITH") {
		i++
	}
	if i < len(toks) && toks[i].is("(") {
		end := matchParen(toks, i)
		if end < 0 {
			return nil, DuckDBError("Parser Error: syntax error: unbalanced parentheses")
		}
		c.Options = body[toks[i].off+1 : toks[end].off]
		i = end + 1
	}
	if i < len(toks) {
		return nil, DuckDBError(fmt.Sprintf("Parser Error: syntax error at or near %q", toks[i].text))
	}
	return c, nil
}

// checkDuckFunctions refuses calls of denied functions.
func checkDuckFunctions(body string, toks []sqlTok, denied map[string]bool) error {
	for i, t := range toks {
		if t.kind != tokWord && t.kind != tokQuoted || i+1 >= len(toks) || !toks[i+1].is("(") {
			continue
		}
		name := strings.ToLower(t.name())
		if !denied[name] || definesName(toks, i) {
			continue
		}
		line, col := lineCol(body, t.off)
		return DuckDBError(fmt.Sprintf("Catalog Error: Function with name %s is not available in a DuckDB work group (line %d:%d)", name, line, col))
	}
	return nil
}

// hostFiles is the refusal of a path that is not an s3:// literal.
func hostFiles(what, got string) error {
	return DuckDBError(fmt.Sprintf("Permission Error: %s reads S3 only: want an s3:// URL as a string literal or a list of them; host files are not reachable (got %s)", what, got))
}

// findS3Refs finds the S3 readers' path arguments and the strings in FROM
// lists, and refuses any that is not made of s3:// literals.
func findS3Refs(body string, toks []sqlTok) ([]S3Ref, error) {
	var refs []S3Ref
	for i, t := range toks {
		if t.kind != tokWord && t.kind != tokQuoted || i+1 >= len(toks) || !toks[i+1].is("(") {
			continue
		}
		name := strings.ToLower(t.name())
		if !s3Readers[name] || definesName(toks, i) {
			continue
		}
		ref, err := readerRef(body, toks, i, name)
		if err != nil {
			return nil, err
		}
		refs = append(refs, ref)
	}
	froms, err := fromStrings(toks)
	if err != nil {
		return nil, err
	}
	refs = append(refs, froms...)
	slices.SortFunc(refs, func(a, b S3Ref) int { return a.Start - b.Start })
	return refs, nil
}

// readerRef reads the path argument of the call of name at toks[i].
func readerRef(body string, toks []sqlTok, i int, name string) (S3Ref, error) {
	end := matchParen(toks, i+1)
	if end < 0 {
		return S3Ref{}, DuckDBError("Parser Error: syntax error: unbalanced parentheses")
	}
	ref := S3Ref{Func: name, CallStart: toks[i].off, CallEnd: toks[end].off + 1}
	j := i + 2
	argEnd := func(k int) bool { return k < len(toks) && (toks[k].is(",") || toks[k].is(")")) }
	switch {
	case j < len(toks) && toks[j].kind == tokString && argEnd(j+1):
		u, err := s3Literal(name, toks[j])
		if err != nil {
			return ref, err
		}
		ref.URLs, ref.Start, ref.End = []string{u}, toks[j].off, toks[j].off+len(toks[j].text)
		return ref, nil
	case j < len(toks) && toks[j].is("["):
		k := j + 1
		for ; k < len(toks) && toks[k].kind == tokString; k += 2 {
			u, err := s3Literal(name, toks[k])
			if err != nil {
				return ref, err
			}
			ref.URLs = append(ref.URLs, u)
			if k+1 < len(toks) && toks[k+1].is("]") {
				k++
				break
			}
			if k+1 >= len(toks) || !toks[k+1].is(",") {
				break
			}
		}
		if len(ref.URLs) > 0 && k < len(toks) && toks[k].is("]") && argEnd(k+1) {
			ref.Start, ref.End = toks[j].off, toks[k].off+1
			return ref, nil
		}
	}
	got := "no path"
	if j < end {
		got = "an expression: " + snippet(body[toks[j].off:toks[end].off])
	}
	return ref, hostFiles(name, got)
}

// s3Literal returns the URL of a string token given to reader, which must
// be a plain s3:// literal.
func s3Literal(reader string, t sqlTok) (string, error) {
	u, ok := plainString(t.text)
	if !ok || !strings.HasPrefix(u, "s3://") {
		return "", hostFiles(reader, snippet(t.text))
	}
	return u, nil
}

// plainString unquotes a '...' literal; E”, $$ and prefixed strings are
// not plain.
func plainString(text string) (string, bool) {
	if len(text) < 2 || text[0] != '\'' || text[len(text)-1] != '\'' {
		return "", false
	}
	return strings.ReplaceAll(text[1:len(text)-1], "''", "'"), true
}

// snippet shortens text for an error message.
func snippet(text string) string {
	text = strings.TrimSpace(text)
	if r := []rune(text); len(r) > 60 {
		return string(r[:57]) + "..."
	}
	return text
}

// matchParen returns the index of the ")" that closes the "(" at toks[i],
// or -1.
func matchParen(toks []sqlTok, i int) int {
	depth := 0
	for j := i; j < len(toks); j++ {
		switch {
		case toks[j].is("("):
			depth++
		case toks[j].is(")"):
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

// fromStrings finds the strings in table position (FROM 's3://...'), and
// refuses those that are not s3:// literals, and quoted names that look
// like paths, which DuckDB would also read as files.
func fromStrings(toks []sqlTok) ([]S3Ref, error) {
	table, _ := tablePositions(toks)
	var refs []S3Ref
	for i, t := range toks {
		switch {
		case !table[i]:
		case t.kind == tokString:
			u, err := s3Literal("FROM", t)
			if err != nil {
				return nil, err
			}
			end := t.off + len(t.text)
			refs = append(refs, S3Ref{URLs: []string{u}, Start: t.off, End: end, CallStart: t.off, CallEnd: end})
		case t.kind == tokQuoted && strings.ContainsAny(t.name(), "/\\"):
			return nil, hostFiles("FROM", snippet(t.text))
		}
	}
	return refs, nil
}

// Replacement is a span of a statement and the text that replaces it.
type Replacement struct {
	Start, End int
	Text       string
}

// Splice returns s with each span of reps replaced by its text. The spans
// must not overlap; their order does not matter.
func Splice(s string, reps []Replacement) string {
	reps = slices.Clone(reps)
	slices.SortFunc(reps, func(a, b Replacement) int { return a.Start - b.Start })
	var b strings.Builder
	pos := 0
	for _, r := range reps {
		if r.Start < pos || r.End < r.Start || r.End > len(s) {
			continue // overlapping or out of range: left as it was
		}
		b.WriteString(s[pos:r.Start])
		b.WriteString(r.Text)
		pos = r.End
	}
	b.WriteString(s[pos:])
	return b.String()
}

// DuckDBKind classifies a DuckDB-dialect statement by its leading keywords,
// as DuckDBStatement.Kind does, without applying the sandbox ("SELECT"
// when sql does not tokenize).
func DuckDBKind(sql string) string {
	toks, err := sandboxTokens(sql)
	if err != nil {
		return "SELECT"
	}
	return duckKind(toks)
}
