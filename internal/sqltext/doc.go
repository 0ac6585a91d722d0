// Package sqltext reads Athena (Trino) SQL at the level of tokens: it
// tokenizes a statement and performs the text-level checks and rewrites the
// emulator needs before a statement reaches DuckDB. The client's argument
// binder shares its tokenizer and classifier, so that both sides read a
// statement alike; the package is pure Go and must stay free of DuckDB.
//
// The main path of a StartQueryExecution call:
//
//	query, err := sqltext.Normalize(req.QueryString) // "SELECT ? AS v;" -> "SELECT ? AS v"
//	if err != nil {
//		return err // a *sqltext.SyntaxError: reject at start, MALFORMED_QUERY
//	}
//	class := sqltext.Classify(query) // DML / SELECT / StmtSelect
//	if class.StatementType == "" {
//		return errUnsupported // Athena's grammar refuses it
//	}
//	bound, err := sqltext.BindParameters(query, req.ExecutionParameters) // "SELECT ('abc') AS v"
//	if err != nil {
//		return err // *sqltext.ParameterCountError: FAIL with INVALID_PARAMETER_USAGE
//	}
//	duck := sqltext.DoubleLiterals(sqltext.NameUnnamedColumns(bound))
//	tables := sqltext.TableRefs(bound) // which catalog tables to make visible
//
// # Tokens
//
// Tokenize splits a statement into tokens whose texts concatenate back to the
// input byte for byte, whitespace and comments included, so a rewriter can
// change some tokens and keep the rest of the text exactly. Token kinds follow
// Trino's lexer: reserved words are Keyword, other bare words Ident, and
// there are double-quoted (QuotedIdent) and Hive back-quoted (BacktickIdent)
// identifiers, String (also U&'...' and X'...'), Number, Operator, Param (?),
// Comment and Whitespace. Positions are byte offsets plus 1-based line and
// rune column, as Athena's messages count them.
//
// # Statement text
//
// Normalize trims a query the way Athena stores it and rejects empty,
// comment-only and multi-statement input with Athena's messages (FACTS
// §1.7, §2.2). Classify gives StatementType and SubstatementType (FACTS §7).
//
// # Parameters
//
// BindParameters substitutes ExecutionParameters for ? markers, deciding per
// value whether Athena would bind it as an expression or as a string literal
// (FACTS §2.1).
//
// # Rewrites for DuckDB
//
// NameUnnamedColumns aliases select items that Athena names _col<i>, so that
// the engine can rename them (see UnnamedPrefix). DoubleLiterals makes
// decimal literals DOUBLE, as Athena types them.
//
// # Table references
//
// TableRefs and Identifiers list the names a statement may read, so that the
// service can materialize catalog tables before running it.
//
// Every function accepts any input without panicking; where a statement
// cannot be analysed safely, the rewrites return it unchanged.
package sqltext
