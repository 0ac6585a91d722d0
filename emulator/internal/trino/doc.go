// Package trino rewrites Athena's SQL dialect (Trino) into DuckDB SQL for
// the emulator's engine.
//
//	duck, err := trino.Rewrite("SELECT regexp_replace(s, 'a(b)', 'x$1') FROM t")
//	// duck: SELECT regexp_replace(s, 'a(b)', 'x\1', 'g') FROM t
//
// # Rewriting
//
// Rewrite works on tokens (sqltext.Tokenize), not on a full parse tree: it
// follows parentheses, brackets and function calls, and rewrites the
// constructs whose Trino meaning differs from DuckDB's: function names and
// arguments, lambdas, type syntax inside CAST and TRY_CAST, EXTRACT fields,
// LISTAGG ... WITHIN GROUP, TABLESAMPLE, UNNEST of rows and of several
// arrays, AT TIME ZONE, and division inside TRY. Identifiers and string
// literals pass through unchanged; a statement that needs nothing comes back
// byte for byte. Constructs that the emulator cannot run return an
// *UnsupportedError, which the emulator reports as NOT_SUPPORTED.
//
// # Trino's errors
//
// Where DuckDB returns NULL or a value but Trino fails, Rewrite keeps
// Trino's behaviour. Errors Trino finds while analysing a statement (concat
// of one argument, a string literal passed to sqrt, CASE results of
// incompatible literal types, SELECT DISTINCT ordered by an unselected
// column) come back from Rewrite as an *AnalysisError carrying Trino's error
// name. Errors found while running (an array subscript out of range, a
// missing map key, element_at(a, 0), mod(n, 0), CAST('yes' AS boolean))
// are raised by the macros as error('NAME: message'), which the engine
// reports under that name. Inside TRY the plain DuckDB functions stay,
// because DuckDB's TRY refuses error().
//
// # Macros
//
// Many Trino functions become DuckDB macros whose names start with trino_.
// Setup returns the statements that define them; run them on every new
// connection, as the engine does with its other session settings. The
// macros are temporary, so they live with the connection and shadow nothing:
// the rewriter calls them by their own names.
package trino
